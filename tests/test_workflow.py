"""The workflow's configuration is validated before any job starts, naming the bad key."""

import json
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
    for rule in ("init_scale", "tracking", "learning_rate_simulate", "fig1", "fig2", "macros", "paper"):
        assert rule in result.stdout


@pytest.mark.parametrize(
    ("override", "names"),
    [
        ({"tracking": {"eta": -0.1}}, ["tracking", "eta"]),
        ({"init_scale": {"n_steps": 0}}, ["init_scale", "n_steps"]),
        ({"learning_rate": {"n_chunks": "many"}}, ["learning_rate", "n_chunks"]),
        ({"init_scale": {"init_scales": {"small": -1.0}}}, ["init_scale", "init_scales", "small"]),
        ({"tracking": {"n_step": 10}}, ["n_step"]),  # misspelt key
        ({"learning_rate": {"time_quantum": 0.03}}, ["time_quantum", "0.05"]),
        ({"learning_rate": {"n_examples": 80}}, ["n_examples", "n_configs"]),
        ({"tracking": {"n_items": 2}}, ["tracking.n_items", "n_in"]),
    ],
)
def test_bad_value_is_rejected_naming_the_key(tmp_path, override, names):
    result = dry_run(tmp_path, override)
    assert result.returncode != 0
    message = result.stdout + result.stderr
    for name in names:
        assert name in message, f"{name!r} not named in:\n{message}"
    assert "Job stats" not in message  # stopped before planning any job
