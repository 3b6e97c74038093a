"""The workflow's configuration is validated before any job starts, naming the bad key."""

import ast
import functools
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# the snakemake installed next to this Python (a venv's bin is not always on PATH), else PATH's
_LOCAL = Path(sys.executable).parent / "snakemake"
SNAKEMAKE = str(_LOCAL) if _LOCAL.exists() else shutil.which("snakemake")
pytestmark = pytest.mark.skipif(
    SNAKEMAKE is None, reason='snakemake not installed (pip install -e ".[workflow]")'
)


def dry_run(tmp_path, override: dict) -> subprocess.CompletedProcess:
    """``snakemake --dry-run --forceall`` (the whole plan, whatever is built) with a config override."""
    bad = tmp_path / "override.yaml"
    bad.write_text(json.dumps(override))  # JSON is YAML
    return subprocess.run(
        [
            SNAKEMAKE,
            "--dry-run",
            "--forceall",
            "--configfile",
            str(bad),
            "--directory",
            str(ROOT),
            "--snakefile",
            str(ROOT / "Snakefile"),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_default_config_gives_a_plan(tmp_path):
    result = dry_run(tmp_path, {})
    assert result.returncode == 0, result.stderr
    for rule in (
        "braun2022_init_scale",
        "braun2022_learning_rate_simulate",
        "braun2022_fig7",
        "shemur2024_width_run",
        "shemur2024_mnist_mlp",
        "shemur2024_fig4",
        "macros",
        "paper",
    ):
        assert rule in result.stdout


@pytest.mark.parametrize(
    ("override", "names"),
    [
        ({"braun2022": {"tracking": {"eta": -0.1}}}, ["braun2022", "tracking", "eta"]),
        ({"braun2022": {"init_scale": {"n_steps": 0}}}, ["init_scale", "n_steps"]),
        ({"braun2022": {"learning_rate": {"n_chunks": "many"}}}, ["learning_rate", "n_chunks"]),
        (
            {"braun2022": {"init_scale": {"init_scales": {"small": -1.0}}}},
            ["init_scale", "init_scales", "small"],
        ),
        ({"braun2022": {"tracking": {"n_step": 10}}}, ["n_step"]),  # misspelt key
        ({"braun2022": {"learning_rate": {"time_quantum": 0.03}}}, ["time_quantum", "0.05"]),
        ({"braun2022": {"learning_rate": {"n_examples": 80}}}, ["n_examples", "n_configs"]),
        ({"braun2022": {"tracking": {"n_items": 2}}}, ["braun2022.tracking.n_items", "n_in"]),
        ({"braun2022": {"alignment": {"check_eta": 0.003}}}, ["braun2022.alignment.check_eta"]),
        ({"braun2022x": {}}, ["braun2022x"]),  # a part that does not exist
        ({"shemur2024": {"width": {"n_seeds": 0}}}, ["shemur2024", "width", "n_seeds"]),
        ({"shemur2024": {"output_scale": {"width": 127}}}, ["shemur2024.output_scale.width"]),
    ],
)
def test_bad_value_is_rejected_naming_the_key(tmp_path, override, names):
    result = dry_run(tmp_path, override)
    assert result.returncode != 0
    message = result.stdout + result.stderr
    for name in names:
        assert name in message, f"{name!r} not named in:\n{message}"
    assert "Job stats" not in message  # stopped before planning any job


# --- every rule depends on the library modules its script imports -----------------------

RULE_FILES = sorted((ROOT / "workflow" / "rules").rglob("*.smk"))
LIBRARY = ROOT / "src" / "exactdln"


def rule_scripts() -> dict[str, Path]:
    """Rule name -> its ``script:`` file, read from the rule files' text."""
    scripts = {}
    for path in RULE_FILES:
        for block in re.split(r"(?m)^(?=rule \w+:)", path.read_text())[1:]:
            name = re.match(r"rule (\w+):", block).group(1)
            found = re.search(r'^    script:\n\s+"([^"]+)"', block, re.M)
            if found:
                scripts[name] = (path.parent / found.group(1)).resolve()
    return scripts


@functools.cache
def planned_inputs() -> dict[str, set[str]]:
    """Rule name -> union of its jobs' input files, from the dry-run plan of the whole workflow."""
    result = subprocess.run(
        [
            SNAKEMAKE,
            "--dry-run",
            "--forceall",
            "--directory",
            str(ROOT),
            "--snakefile",
            str(ROOT / "Snakefile"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    inputs: dict[str, set[str]] = {}
    for job in re.split(r"\n(?=(?:local)?rule \w+:)", result.stdout):
        head = re.match(r"(?:local)?rule (\w+):", job)
        if head:
            files = re.search(r"^    input: (.*)$", job, re.M)
            inputs.setdefault(head.group(1), set()).update(files.group(1).split(", ") if files else [])
    return inputs


def library_imports(script: Path) -> tuple[str, ...]:
    """The script's import statements that name ``exactdln``, as source lines."""
    return tuple(
        ast.unparse(node)
        for node in ast.walk(ast.parse(script.read_text()))
        if (isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "exactdln")
        or (isinstance(node, ast.Import) and any(a.name.split(".")[0] == "exactdln" for a in node.names))
    )


LIST_MODULE_FILES = (
    "import sys\nfor m in list(sys.modules.values()):\n    print(getattr(m, '__file__', None) or '')"
)


def loaded_library_files(imports: tuple[str, ...]) -> set[str]:
    """Library files that running ``imports`` loads, in a fresh interpreter."""
    code = "\n".join([*imports, LIST_MODULE_FILES])
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    paths = [Path(line) for line in out.stdout.splitlines() if line]
    return {str(p.relative_to(ROOT)) for p in paths if p.is_relative_to(LIBRARY)}


def test_every_script_rule_depends_on_every_library_module_its_script_imports():
    scripts, inputs = rule_scripts(), planned_inputs()
    assert len(scripts) >= 20 and set(scripts) <= set(inputs)
    loaded_by = {}  # many scripts share their imports: load each distinct set once
    for rule, script in sorted(scripts.items()):
        imports = library_imports(script)
        if not imports:  # e.g. the paper's latexmk wrapper
            continue
        if imports not in loaded_by:
            loaded_by[imports] = loaded_library_files(imports)
        loaded = loaded_by[imports]
        missing = loaded - inputs[rule]
        assert not missing, f"rule {rule} ({script.name}) does not depend on {sorted(missing)}"


def test_a_rule_does_not_depend_on_modules_its_script_cannot_reach():
    """Editing one part's experiment module reruns only that figure's rules."""
    inputs = planned_inputs()
    reversal = "src/exactdln/experiments/braun2022/reversal.py"
    users = sorted(rule for rule, files in inputs.items() if reversal in files)
    assert users == ["braun2022_reversal_measure", "braun2022_reversal_run"]
