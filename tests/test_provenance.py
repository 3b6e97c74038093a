"""Every figure's stated provenance is the workflow's: captions name only what the plan uses.

The paper's captions ("Notebook: ...; data: rules ..."), the report's captions
(``workflow/report/<part>/figN.rst``) and the README's figure tables name, for each
figure, the notebook that draws it, the rules that compute its data and the result files
it reads; so do the notebooks' own opening cells. Typed by hand in four places, they drift
when a rule is renamed or a figure stops reading a file; this test reads them against the
dry-run plan of the whole workflow (whose rule graph it derives, the same as
``snakemake --rulegraph``): a named rule must be one the figure's rule depends on, the
notebook must be the figure rule's script, and a named result file must be read or written
by the figure's rule or by a rule it depends on.
"""

import functools
import re

import pytest
from test_workflow import PARTS, ROOT, SNAKEMAKE, planned_files, rule_scripts

pytestmark = pytest.mark.skipif(
    SNAKEMAKE is None, reason='snakemake not installed (pip install -e ".[workflow]")'
)

# A rule name as captions write it: a part's prefix, or one of the paper's own rules.
RULE = re.compile(r"^(?:(?:" + "|".join(PARTS) + r")_[a-z0-9_]+|macros|paper)$")


@functools.cache
def rule_graph() -> dict[str, set[str]]:
    """Rule -> the rules it depends on, directly or not: a rule depends on every rule that writes
    a file one of its jobs reads (from the dry-run plan, :func:`test_workflow.planned_files`)."""
    planned = planned_files()
    writer = {f: rule for rule, (_, outputs) in planned.items() for f in outputs}
    parents = {
        rule: {writer[f] for f in inputs if f in writer} - {rule} for rule, (inputs, _) in planned.items()
    }

    @functools.cache
    def ancestors(rule: str) -> frozenset[str]:
        found = set(parents[rule])
        for parent in parents[rule]:
            found |= ancestors(parent)
        return frozenset(found)

    return {rule: set(ancestors(rule)) for rule in parents}


def figure_rules() -> list[tuple[str, str]]:
    """``(part, figN)`` of every figure notebook (``workflow/notebooks/<part>/figN_<topic>.py``),
    drawn by rule ``<part>_figN`` (:func:`test_every_figure_is_checked` holds this against the plan)."""
    return sorted(
        (part, path.name.split("_")[0])
        for part in PARTS
        for path in (ROOT / "workflow" / "notebooks" / part).glob("fig*_*.py")
    )


def _matches(pattern: str, files: set[str]) -> bool:
    """A caption's path is one of ``files``: ``<...>`` and ``*`` stand for any name, and a path
    ending in ``/`` names a folder (any file in it)."""
    parts = re.split(r"(<[^>]*>|\*)", pattern)
    regex = "".join("[^/]+" if part == "*" or part.startswith("<") else re.escape(part) for part in parts)
    regex = "^" + regex + (".*" if pattern.endswith("/") else "") + "$"
    return any(re.match(regex, f) for f in files)


def check(part: str, fig: str, where: str, notebooks: list[str], rules: list[str], paths: list[str]) -> None:
    figure_rule = f"{part}_{fig}"
    graph, scripts, planned = rule_graph(), rule_scripts(), planned_files()
    upstream = graph[figure_rule]
    assert notebooks, f"{where}: names no notebook for {figure_rule}"
    for notebook in notebooks:
        assert (ROOT / notebook).resolve() == scripts[figure_rule], (
            f"{where}: names notebook {notebook}, but rule {figure_rule} runs {scripts[figure_rule]}"
        )
    for rule in rules:
        assert rule in upstream, f"{where}: names rule {rule}, which {figure_rule} does not depend on"
    files = set().union(*(set().union(*planned.get(r, ())) for r in upstream | {figure_rule}))
    for path in paths:
        assert _matches(path, files), (
            f"{where}: names {path}, which no job of {figure_rule}'s plan reads or writes"
        )


def _unescape(tex: str) -> str:
    return tex.replace(r"\_", "_").replace(r"\allowbreak", "").replace("{}", "")


def paper_caption(part: str, fig: str) -> tuple[str, str]:
    """The caption of the paper's figure that includes ``figures/<part>/<fig>.pdf``."""
    for path in sorted((ROOT / "paper" / "sections" / part).glob("*.tex")):
        for block in re.findall(r"\\begin\{figure\*?\}(.*?)\\end\{figure\*?\}", path.read_text(), re.S):
            if f"figures/{part}/{fig}.pdf" in block:
                return str(path.relative_to(ROOT)), block
    raise AssertionError(f"no figure in paper/sections/{part}/ includes figures/{part}/{fig}.pdf")


def names_in(texts: list[str]) -> tuple[list[str], list[str], list[str]]:
    """Notebooks, rules and result paths among code-formatted names."""
    notebooks = [t for t in texts if t.startswith("workflow/notebooks/")]
    rules = [t for t in texts if RULE.match(t)]
    paths = [t for t in texts if t.startswith("results/")]
    return notebooks, rules, paths


@pytest.mark.parametrize(("part", "fig"), figure_rules())
def test_the_paper_caption_names_only_what_the_plan_uses(part, fig):
    where, block = paper_caption(part, fig)
    caption = block[block.index(r"\caption") :]
    texts = [_unescape(t) for t in re.findall(r"\\texttt\{((?:[^{}]|\{\})*)\}", caption)]
    texts += [_unescape(t) for t in re.findall(r"\\file\{([^{}]*)\}", caption)]
    notebooks, rules, paths = names_in(texts)
    assert rules, f"{where}: the caption of {part}/{fig} names no rule"
    check(part, fig, where, notebooks, rules, paths)


@pytest.mark.parametrize(("part", "fig"), figure_rules())
def test_the_report_caption_names_only_what_the_plan_uses(part, fig):
    path = ROOT / "workflow" / "report" / part / f"{fig}.rst"
    texts = re.findall(r"``([^`]+)``", path.read_text())
    check(part, fig, str(path.relative_to(ROOT)), *names_in(texts))


@pytest.mark.parametrize(("part", "fig"), figure_rules())
def test_the_readme_row_names_only_what_the_plan_uses(part, fig):
    readme = (ROOT / "README.md").read_text()
    rows = [
        line
        for line in readme.splitlines()
        if line.startswith(f"| {fig[3:]} |") and f"workflow/notebooks/{part}/{fig}_" in line
    ]
    assert len(rows) == 1, f"README.md: {len(rows)} table rows for {part}/{fig}"
    check(part, fig, "README.md", *names_in(re.findall(r"`([^`]+)`", rows[0])))


@pytest.mark.parametrize(("part", "fig"), figure_rules())
def test_the_notebook_header_names_only_what_the_plan_uses(part, fig):
    (path,) = (ROOT / "workflow" / "notebooks" / part).glob(f"{fig}_*.py")
    header = []
    for line in path.read_text().splitlines():  # the opening markdown cell
        if header and not line.startswith("#"):
            break
        header.append(line)
    texts = re.findall(r"`([^`]+)`", "\n".join(header))
    notebooks, rules, paths = names_in(texts)
    check(part, fig, str(path.relative_to(ROOT)), notebooks or [str(path.relative_to(ROOT))], rules, paths)


def test_every_figure_is_checked():
    """The figures checked above are exactly the figure rules of the plan."""
    planned = {rule for rule in rule_graph() if re.fullmatch(rf"(?:{'|'.join(PARTS)})_fig\d+", rule)}
    assert {f"{part}_{fig}" for part, fig in figure_rules()} == planned
    # as many figures as notebooks (not a literal count: parts add figures independently), at least
    # one per part
    notebooks = list((ROOT / "workflow" / "notebooks").glob("*/fig*_*.py"))
    assert len(planned) == len(notebooks) and {p for p, _ in figure_rules()} == set(PARTS)


def test_a_wrong_rule_in_a_caption_is_caught():
    """The check itself fails on a rule the figure does not use, and on another figure's notebook."""
    with pytest.raises(AssertionError, match="does not depend on"):
        check(
            "braun2022",
            "fig1",
            "test",
            ["workflow/notebooks/braun2022/fig1_initialisation.py"],
            ["braun2022_tracking"],
            [],
        )
    with pytest.raises(AssertionError, match="runs"):
        check("braun2022", "fig1", "test", ["workflow/notebooks/braun2022/fig2_tracking.py"], [], [])
    with pytest.raises(AssertionError, match="no job"):
        check(
            "braun2022",
            "fig1",
            "test",
            ["workflow/notebooks/braun2022/fig1_initialisation.py"],
            [],
            ["results/braun2022/fig2/tracking.npz"],
        )
