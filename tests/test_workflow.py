"""The workflow's configuration is validated before any job starts, naming the bad key.

The checks themselves are tested without Snakemake, in milliseconds: the schema through the
workflow's own validator (:func:`configured`, :func:`schema_error`), the checks it cannot
express through each part's ``exactdln.experiments.<part>.config.problems``
(``tests/<part>/test_config.py``, on blocks from :func:`part_block`). Dry runs only test the
wiring: one per part (its test_config.py), and the default configuration's plan here.
"""

import ast
import copy
import functools
import importlib.util
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import plan_cache
import pytest

ROOT = Path(__file__).resolve().parents[1]
SCHEMAS = ROOT / "workflow" / "schemas"
PARTS = ("braun2022", "domine2025", "saxe2014", "bordelon2022", "shemur2024")
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


@functools.cache
def validation():
    """``workflow/rules/config_validation.py``, the module whose ``validate_config`` the workflow runs."""
    path = ROOT / "workflow" / "rules" / "config_validation.py"
    spec = importlib.util.spec_from_file_location("config_validation", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@functools.cache
def _config_file() -> dict:
    import yaml  # installed with snakemake, as the validator's jsonschema is

    return yaml.safe_load((ROOT / "workflow" / "config.yaml").read_text())


def _merged(config: dict, override: dict | None) -> dict:
    """``override`` merged into a copy of ``config`` as Snakemake merges ``--configfile``."""
    from snakemake.utils import update_config

    config = copy.deepcopy(config)
    update_config(config, override or {})
    return config


def configured(override: dict | None = None) -> dict:
    """workflow/config.yaml with ``override`` merged in and validated, defaults filled, as the workflow does.

    Raises the workflow's ``WorkflowError`` (naming the key) where the schema rejects it.
    """
    config = _merged(_config_file(), override)
    validation().validate_config(config, SCHEMAS / "config.schema.yaml")
    return config


def part_block(part: str, override: dict | None = None) -> dict:
    """The ``part`` block as :func:`configured` gives it, with ``override`` merged into the block.

    Validated against the part's own schema (a few ms, a fifth of the whole file; the same
    defaults, see ``test_a_part_schema_fills_in_the_defaults_the_whole_schema_does``).
    """
    block = _merged(_config_file()[part], override)
    validation().validate_config(block, SCHEMAS / f"{part}.schema.yaml")
    return block


def schema_error(override: dict) -> str:
    """The validator's message for workflow/config.yaml with ``override`` (which the schema must reject)."""
    from snakemake.exceptions import WorkflowError

    with pytest.raises(WorkflowError, match="Error validating config file") as error:
        configured(override)
    return str(error.value)


def assert_one_problem_naming(problems, names) -> None:
    """``problems`` (a part's config.problems output) is one message, naming every one of ``names``."""
    assert len(problems) == 1, problems
    for name in names:
        assert name in problems[0], f"{name!r} not named in {problems[0]!r}"


def test_the_default_config_is_valid():
    config = configured()
    assert set(PARTS) <= set(config)


@pytest.mark.parametrize("part", PARTS)
def test_a_part_schema_fills_in_the_defaults_the_whole_schema_does(part):
    assert part_block(part) == configured()[part]


def test_a_part_that_does_not_exist_is_rejected_naming_it():
    assert "braun2022x" in schema_error({"braun2022x": {}})


def test_the_snakefile_validates_the_configuration_with_this_validator_before_any_rule():
    """The schema's wiring, read from the rule files (its checks are tested above without Snakemake)."""
    snakefile = (ROOT / "Snakefile").read_text()
    validate = snakefile.index('\nvalidate_config(config, "workflow/schemas/config.schema.yaml")')
    assert snakefile.index('\ninclude: "workflow/rules/validation.smk"') < validate
    assert validate < snakefile.index('\ninclude: "workflow/rules/common.smk"')
    assert (
        "\nfrom config_validation import validate_config\n"
        in (ROOT / "workflow" / "rules" / "validation.smk").read_text()
    )


def test_default_config_gives_a_plan():
    planned = planned_files()
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
        assert rule in planned


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
def planned_files() -> dict[str, tuple[set[str], set[str]]]:
    """Rule name -> union of its jobs' input files and of their output files, from the dry-run
    plan of the whole workflow (:func:`plan_cache.plan`, computed once per session)."""
    files: dict[str, tuple[set[str], set[str]]] = {}
    for job in re.split(r"\n(?=(?:local)?rule \w+:)", plan_cache.plan()):
        head = re.match(r"(?:local)?rule (\w+):", job)
        if head:
            inputs, outputs = files.setdefault(head.group(1), (set(), set()))
            for key, into in (("input", inputs), ("output", outputs)):
                found = re.search(rf"^    {key}: (.*)$", job, re.M)
                into.update(found.group(1).split(", ") if found else [])
    return files


def planned_inputs() -> dict[str, set[str]]:
    """Rule name -> union of its jobs' input files (:func:`planned_files`)."""
    return {rule: inputs for rule, (inputs, _) in planned_files().items()}


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


def test_every_script_rule_depends_on_exactly_the_library_modules_its_script_loads():
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
        # ... and on nothing else of the library: importing one module loads what it needs
        extra = {f for f in inputs[rule] if f.startswith("src/")} - loaded_by[imports[rule]]
        assert not extra, f"rule {rule} ({script.name}) depends on {sorted(extra)}, which it never loads"


def test_a_rule_does_not_depend_on_modules_its_script_cannot_reach():
    """Editing one part's experiment module reruns only that figure's rules."""
    inputs = planned_inputs()
    reversal = "src/exactdln/experiments/braun2022/reversal.py"
    users = sorted(rule for rule, files in inputs.items() if reversal in files)
    assert users == ["braun2022_reversal_measure", "braun2022_reversal_run"]
