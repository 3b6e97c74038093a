"""The README's API example runs as written, and its Quick start names the two commands."""

import re
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def test_api_example_runs(capsys, monkeypatch, tmp_path):
    text = README.read_text()
    section = text.split("## API example", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    assert len(code.strip().splitlines()) <= 16
    monkeypatch.chdir(tmp_path)
    exec(compile(code, "README-api-example", "exec"), {})
    out = capsys.readouterr().out
    gap = float(re.search(r"max \|GD - exact\| = ([0-9.e+-]+)", out).group(1))
    assert gap < 0.05  # first-order learning-rate error at eta = 0.01


def test_quick_start_has_two_commands():
    section = README.read_text().split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```bash\n(.*?)```", section, re.S)
    assert len(blocks) == 2
    assert "pytest" in blocks[1] and "pytest" not in blocks[0]
    assert "snakemake" in blocks[0]  # the main job is the workflow
