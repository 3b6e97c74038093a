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


def assert_rejected_naming(result: subprocess.CompletedProcess, names) -> None:
    """The dry run failed before planning any job, and its message names every one of ``names``."""
    assert result.returncode != 0
    message = result.stdout + result.stderr
    for name in names:
        assert name in message, f"{name!r} not named in:\n{message}"
    assert "Job stats" not in message  # stopped before planning any job


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
    assert_rejected_naming(dry_run(tmp_path, override), names)


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


# Runs in one fresh interpreter: reads import-statement sets (JSON) from stdin and, for each,
# forks a child that executes them and lists the files of every module then loaded. The parent
# imports no library module, so each child starts, as a script would, without any of them; the
# third-party packages are imported once in the parent, so that the children start fast.
LOADER = """
import json, os, sys
import numpy, scipy.integrate, scipy.linalg, scipy.optimize, scipy.special, scipy.stats
assert not any(name.split(".")[0] == "exactdln" for name in sys.modules)
results = []
for imports in json.load(sys.stdin):
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        try:
            exec("\\n".join(imports), {})
            files = [getattr(m, "__file__", None) or "" for m in list(sys.modules.values())]
            payload, status = json.dumps(files).encode(), 0
        except BaseException as error:
            payload, status = repr(error).encode(), 1
        with os.fdopen(write, "wb") as out:
            out.write(payload)
        os._exit(status)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        payload = pipe.read()
    _, status = os.waitpid(pid, 0)
    if status:
        sys.exit(f"{imports}: {payload.decode()}")
    results.append(json.loads(payload))
json.dump(results, sys.stdout)
"""


def loaded_library_files(import_sets: list[tuple[str, ...]]) -> list[set[str]]:
    """For each set of import statements, the library files that running it alone loads."""
    out = subprocess.run(
        [sys.executable, "-c", LOADER],
        input=json.dumps(import_sets),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr
    return [
        {str(Path(f).relative_to(ROOT)) for f in files if f and Path(f).is_relative_to(LIBRARY)}
        for files in json.loads(out.stdout)
    ]


def test_every_script_rule_depends_on_every_library_module_its_script_imports():
    scripts, inputs = rule_scripts(), planned_inputs()
    assert len(scripts) >= 20 and set(scripts) <= set(inputs)
    imports = {rule: library_imports(script) for rule, script in sorted(scripts.items())}
    distinct = sorted({i for i in imports.values() if i})  # many scripts share their imports
    loaded_by = dict(zip(distinct, loaded_library_files(distinct), strict=True))
    assert len(distinct) >= 10 and all(loaded_by.values())
    for rule, script in sorted(scripts.items()):
        if not imports[rule]:  # e.g. the paper's latexmk wrapper
            continue
        missing = loaded_by[imports[rule]] - inputs[rule]
        assert not missing, f"rule {rule} ({script.name}) does not depend on {sorted(missing)}"


def test_a_rule_does_not_depend_on_modules_its_script_cannot_reach():
    """Editing one part's experiment module reruns only that figure's rules."""
    inputs = planned_inputs()
    reversal = "src/exactdln/experiments/braun2022/reversal.py"
    users = sorted(rule for rule, files in inputs.items() if reversal in files)
    assert users == ["braun2022_reversal_measure", "braun2022_reversal_run"]
