# Shared names and helpers of the rule files.

import ast
import functools
import os
from pathlib import Path

# One BLAS/OpenMP thread per job (jobs, not threads, are the unit of parallelism;
# skinny matrix products ran slower with several threads per job on a 2-core
# machine, and one thread keeps the floating-point reduction order the same on
# every machine). Set these variables yourself to override.
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

# Figures of the paper, per part: part -> figure names (figures/<part>/<name>.{pdf,png}).
# Each part's rule files add their own.
FIGURES = {}
# Measured numbers quoted in the paper: one entry per part, its name -> the part's
# results/<part>/numbers.json (rule <part>_numbers; the name is the macros' prefix, except
# for Part I, whose numbers are nested by topic, see workflow/scripts/macros.py), and the
# configuration blocks quoted beside them (macro prefix -> settings). Each part's rule
# files add their own; rule `macros` turns them into LaTeX macros.
MEASURED = {}
SETTINGS = {}

LIBRARY_ROOT = Path("src")


@functools.cache
def _module_file(name):
    """The source file of library module ``name`` (``exactdln.a.b``), or None if it is not one."""
    base = LIBRARY_ROOT.joinpath(*name.split("."))
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if path.is_file():
            return path
    return None


@functools.cache
def _package_exports():
    """``exactdln``'s lazily exported names -> the module that defines each.

    Read from the ``_EXPORTS`` table of ``src/exactdln/__init__.py`` (a name that
    maps to None is a module itself): importing the package loads none of them,
    so a script depends on such a module only where it uses the name.
    """
    init = LIBRARY_ROOT / "exactdln" / "__init__.py"
    for node in ast.parse(init.read_text(), filename=str(init)).body:
        target = node.target if isinstance(node, ast.AnnAssign) else None
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
        if isinstance(target, ast.Name) and target.id == "_EXPORTS":
            table = ast.literal_eval(node.value)
            return {
                name: f"exactdln.{module or name}" for name, module in table.items()
            }
    return {}


@functools.cache
def _imported_modules(path, package):
    """Names of the ``exactdln`` modules that the file at ``path`` imports (anywhere in it).

    ``package`` is the dotted package the file belongs to (for relative
    imports), or None for a script outside the library. A name the package
    exports lazily (``from exactdln import ExactSolution``, or ``ed.ExactSolution``
    after ``import exactdln as ed``) counts as an import of the module that
    defines it. Cached: the rules share one parse of each file.
    """
    exports = _package_exports()
    names, aliases = set(), set()
    tree = ast.parse(Path(path).read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
            aliases.update(
                a.asname or a.name for a in node.names if a.name == "exactdln"
            )
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parts + ([node.module] if node.module else []))
            else:
                base = node.module
            names.add(base)
            # `from pkg import name` imports the submodule pkg.name when there is one
            names.update(f"{base}.{alias.name}" for alias in node.names)
            if base == "exactdln":
                names.update(exports[a.name] for a in node.names if a.name in exports)
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in aliases
            and node.attr in exports
        ):
            names.add(exports[node.attr])
    return frozenset(n for n in names if n == "exactdln" or n.startswith("exactdln."))


@functools.cache
def _library_files(script):
    """The library files ``script`` imports, directly or not, as a sorted tuple of paths."""
    found, todo = set(), [(Path(script), None)]
    while todo:
        path, package = todo.pop()
        for name in _imported_modules(path, package):
            parts = name.split(".")
            for k in range(1, len(parts) + 1):  # the module and every parent package
                dotted = ".".join(parts[:k])
                source = _module_file(dotted)
                if source is not None and source not in found:
                    found.add(source)
                    is_package = source.name == "__init__.py"
                    todo.append(
                        (source, dotted if is_package else ".".join(parts[: k - 1]))
                    )
    return tuple(sorted(str(p) for p in found))


def library_modules(script):
    """Every library file that running ``script`` imports, directly or through other library modules.

    Computed from the import statements (``ast``), so a rule that lists
    ``library_modules(its script)`` as input reruns exactly when a module
    its script can import changes. Importing ``a.b.c`` runs ``a/__init__.py``
    and ``a/b/__init__.py`` first, so parent packages (and what they import)
    are included. ``tests/test_workflow.py`` checks the result against the
    modules a real import loads.
    """
    found = _library_files(script)
    if not found:
        raise WorkflowError(
            f"{script} imports nothing from exactdln: is the path right?"
        )
    return list(found)


def figure_files(part=None, ext=("pdf", "png")):
    """``figures/<part>/<name>.<ext>`` of every figure (of one part, or of all)."""
    parts = [part] if part else list(FIGURES)
    return [
        f"figures/{p}/{name}.{e}" for p in parts for name in FIGURES[p] for e in ext
    ]


def check_problems(problems):
    """Stop before any job starts, naming every bad configuration value (``problems``: messages)."""
    if problems:
        raise WorkflowError("Invalid configuration:\n  " + "\n  ".join(problems))
