"""Notebooks: from a Jupyter notebook (or an IPython kernel's history) to the Python file that is graded.

What is kept, per code cell, so that a learner's exploring does not make grading slow or fail:

- a cell tagged ``skip-grading`` is left out whole; one tagged ``graded`` is kept whole;
- a cell whose first line starts with ``%%`` (a cell magic) is left out whole;
- lines starting with ``%`` (line magics), ``!`` (shell commands) or help lines (``name?``), and
  lines IPython runs as a magic without its ``%`` (``pip install x``: a magic's name, then what is
  not Python) are left out wherever a statement starts (inside a block as ``pass``, so that a block holding only a
  magic stays valid Python); inside a statement that goes on they are Python (``% 3)`` in
  brackets, a line of a triple-quoted string). IPython's assignments of a magic or a shell command
  (``t = %timeit -o f()``, ``files = !ls``) become ``t = None`` on the same line: the name stays
  bound, and the line is reported as left out;
- of every other cell only the top-level imports, function and class definitions, and
  assignments of constants (literals, names, ``tf.data.AUTOTUNE``: no calls, no comprehensions)
  whose names the kept code before them defines are kept. Bare expressions and calls
  (``model.fit(...)``, ``print(ds)``), loops, ``if``/``with``/``try`` blocks, assignments of
  computed values (``ds = make_dataset()``) and constants built on those (``spec = ds.element_spec``)
  are left out;
- ``from __future__`` imports go to the top of the file (in a notebook they may start any cell);
- an import that no graded code needs (not what runs when the file is imported, nor the entry
  point, nor what those use; with no entry point known, not anything kept code mentions) is
  guarded: it runs, but its failure is ignored, so exploring with a plotting library the grading
  machine lacks fails nothing. One of a module that is not installed is reported as left out. An
  import the graded code does use fails as before, with the import error at its cell and line;
- a cell that does not parse is kept whole, so the report shows the syntax error where it is
  (from a kernel's history, where a later cell may have fixed it, it is left out instead).

Every left-out line is reported. A line map turns "work.py, line N" in the grader's messages
back into "work.ipynb cell K, line M" (K counts every cell from the top, markdown cells too).
"""

from __future__ import annotations

import ast
import builtins
import io
import re
import tokenize
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from grader.catalog import TAG, TAG_LINES
from grader.errors import UsageError

SKIP_TAG = "skip-grading"
KEEP_TAG = "graded"
_HELP = re.compile(r"^\s*\?*[\w.]+\?{1,2}\s*$|^\s*\?{1,2}[\w.]+\s*$")
# Line magics and shell aliases IPython runs without their `%` (automagic, on by default):
# `pip install x` in a cell is a magic there and a syntax error in Python.
_AUTOMAGIC = frozenset("""
    alias autoawait autocall automagic bookmark cat cd clear colors conda config cp debug dhist dirs
    doctest_mode edit env gui history killbgscripts ldir less lf lk ll load load_ext loadpy logoff
    logon logstart logstate logstop ls lsmagic lx macro magic mamba man matplotlib micromamba mkdir
    more mv notebook page pastebin pdb pdef pdoc pfile pinfo pinfo2 pip popd pprint precision prun
    psearch psource pushd pwd pycat pylab quickref recall rehashx reload_ext rerun reset reset_selective
    rm rmdir run save sc set_env store sx system tb time timeit unalias unload_ext uv who who_ls whos
    xdel xmode""".split())
_KEPT = (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
# Nodes that run code (or may run a lot of it) when an assignment's value is evaluated.
_RUNS = (ast.Call, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp, ast.Await, ast.Yield,
         ast.YieldFrom, ast.NamedExpr, ast.Subscript)
_MODULE_NAMES = {"__name__", "__file__", "__doc__", "__builtins__", "__spec__", "__loader__", "__package__",
                 "__annotations__"}
_FUTURE_ANNOTATIONS = re.compile(r"^\s*from\s+__future__\s+import\b.*\bannotations\b", re.MULTILINE)


@dataclass
class Cell:
    label: str  # how the learner finds it: "cell 3", or "In [5]" in a kernel's history
    source: str
    tags: tuple[str, ...] = ()


@dataclass
class Converted:
    """The Python source to grade, where each of its lines came from, and what was left out."""

    source: str
    origin: list[tuple[str, int] | None]  # origin[i]: (cell label, line in cell) of source line i + 1
    skipped: list[str] = field(default_factory=list)  # "cell 2, line 1: %timeit f(ds) (a line magic)"

    def locate(self, line: int) -> tuple[str, int] | None:
        return self.origin[line - 1] if 1 <= line <= len(self.origin) else None

    def rewrite(self, message: str, python_name: str, notebook_name: str) -> str:
        """``message`` with "PY, line N" turned into "NOTEBOOK cell K, line M" and other mentions of
        the converted file into the notebook's name."""
        def where(match: re.Match[str]) -> str:
            found = self.locate(int(match.group(1)))
            return f"{notebook_name} {found[0]}, line {found[1]}" if found else match.group(0)

        message = re.sub(rf"\b{re.escape(python_name)}, line (\d+)", where, message)
        return re.sub(rf"\b{re.escape(python_name)}\b", notebook_name, message)


def read_cells(path: Path) -> list[Cell]:
    """The code cells of a notebook file, labelled by their place among all its cells."""
    nbformat = _nbformat()
    try:
        notebook = nbformat.read(str(path), as_version=4)
    except Exception as error:  # noqa: BLE001 - any unreadable file is the learner's to fix
        raise UsageError(f"{path} is not a readable Jupyter notebook: {error}") from None
    return [Cell(f"cell {number}", _text(cell.get("source", "")), tuple(cell.get("metadata", {}).get("tags", ())))
            for number, cell in enumerate(notebook.cells, start=1) if cell.get("cell_type") == "code"]


def convert(cells: list[Cell], *, keep_broken: bool = True, entry_point: str | None = None) -> Converted:
    """The graded source of ``cells`` (see the module's doc for what is kept). ``entry_point``, the
    function the exercise calls, tells which imports the graded code needs (unknown: any that kept
    code mentions)."""
    skipped: list[str] = []
    names = _Names(lazy_annotations=any(_FUTURE_ANNOTATIONS.search(c.source) for c in cells
                                        if SKIP_TAG not in c.tags))
    pieces: list[_Piece] = []
    for cell in cells:
        text = cell.source.splitlines()
        first = text[0].strip() if text else ""
        if SKIP_TAG in cell.tags:
            skipped.append(f"{cell.label}: the whole cell (tagged {SKIP_TAG})")
            continue
        if first.startswith("%%"):
            skipped.append(f"{cell.label}: the whole cell ({first.split()[0]} is a cell magic)")
            continue
        clean: list[str] = []
        statement: list[str] = []  # the lines of a statement still open (brackets, a string, a backslash)
        for number, line in enumerate(text, start=1):
            why = None if statement else _ipython_only(line)  # `% 3)` inside brackets is Python
            assigned = None if statement or why else _magic_assignment(line)
            if why:
                skipped.append(f"{cell.label}, line {number}: {line.strip()} ({why})")
                line = _stand_in(line, clean)
            elif assigned:  # `files = !ls`: in a block the name stays bound (to None) on the same line;
                # at the top level it is left out like any magic, so a constant read from it later
                # (`best = t.best`) is left out too rather than crash the file's import
                target, kind = assigned
                indent = line[:len(line) - len(line.lstrip())]
                skipped.append(f"{cell.label}, line {number}: {line.strip()} ({kind}; "
                               + (f"{target} = None)" if indent else "left out)"))
                line = f"{indent}{target} = None" if indent else ""
            else:
                statement = statement + [line] if _open("\n".join(statement + [line])) else []
            clean.append(line)
        pieces.extend(_cell_pieces(cell, clean, keep_broken, skipped, names))
    _guard_unneeded_imports(pieces, entry_point, skipped)
    futures = [p for p in pieces if p.future]
    lines: list[str] = []
    origin: list[tuple[str, int] | None] = []
    tag = _tag(cells)
    if tag:
        lines.append(f"# exercise: {tag}")
        origin.append(None)
    for piece in futures + [p for p in pieces if not p.future]:  # a __future__ import must come first
        for number, line in piece.render():
            lines.append(line)
            origin.append((piece.label, number))
    return Converted("\n".join(lines) + "\n", origin, skipped)


def convert_file(path: Path, entry_point: str | None = None) -> Converted:
    return convert(read_cells(path), entry_point=entry_point)


def read_tag(path: Path) -> str | None:
    """The ``# exercise: ID`` tag of a notebook (in its first code cell that has one)."""
    try:
        return _tag(read_cells(path))
    except UsageError:
        return None


def _tag(cells: list[Cell]) -> str | None:
    """The tag in the first cell that has one (among the cell's first 20 lines)."""
    for cell in cells:
        for line in cell.source.splitlines()[:TAG_LINES]:
            match = TAG.match(line)
            if match:
                return match.group(1)
    return None


def _ipython_only(line: str) -> str | None:
    stripped = line.lstrip()
    if stripped.startswith("%"):
        return "a magic"
    if stripped.startswith("!"):
        return "a shell command"
    if _HELP.match(line):
        return "a help request"
    if stripped.split(" ", 1)[0] in _AUTOMAGIC and not _parses(stripped):
        return "a magic"
    return None


def _parses(line: str) -> bool:
    """Whether ``line`` is Python where it may stand (at the top, in a function, in a loop: ``x = f();
    return x``), or the start of a statement that goes on (``cd(`` ...)."""
    for where in ("{}", "def _():\n while True:\n  {}", "async def _():\n while True:\n  {}"):
        try:
            compile(where.format(line), "<line>", "exec")
            return True
        except SyntaxError:
            continue
    return _open(line)


def _open(source: str) -> bool:
    """Whether ``source`` ends inside a statement that goes on (an open bracket or triple-quoted
    string, a backslash): its next line cannot be a magic."""
    try:
        for _ in tokenize.generate_tokens(io.StringIO(source + "\n").readline):
            pass
    except tokenize.TokenError as error:
        return "EOF in multi-line" in str(error.args[0])
    except SyntaxError:  # Python 3.12+ reports some bad tokens so: the statement is over, and wrong
        return False
    return False


def _stand_in(line: str, before: list[str]) -> str:
    """What replaces a left-out line, on the same line so that line numbers hold: ``pass`` at its
    indent where it sits in a block (``if x:`` then ``    %time f()`` would leave the block empty),
    else nothing (a stray indent at the top level stays harmless)."""
    indent = line[:len(line) - len(line.lstrip())]
    code = [text for text in before if text.strip() and not text.lstrip().startswith("#")]
    if not indent or not code:
        return ""
    previous = code[-1]
    depth = len(previous) - len(previous.lstrip())
    opens_block = re.search(r":\s*(#.*)?$", previous) is not None
    return f"{indent}pass" if opens_block or len(indent) <= depth else ""


@dataclass
class _Piece:
    """What one cell gives the graded file: one top-level statement (``node``), or the whole cell
    (tagged graded, or one that does not parse; ``tree`` is None then)."""

    label: str
    lines: list[tuple[int, str]]  # (line in the cell, text)
    node: ast.stmt | None = None
    tree: ast.Module | None = None
    guarded: bool = False  # an import no graded code needs: its failure is ignored

    @property
    def future(self) -> bool:
        return isinstance(self.node, ast.ImportFrom) and self.node.module == "__future__"

    @property
    def whole(self) -> bool:
        return self.node is None

    def render(self) -> list[tuple[int, str]]:
        if not self.guarded:
            return self.lines
        first, last = self.lines[0][0], self.lines[-1][0]
        return ([(first, "try:")] + [(n, "    " + text) for n, text in self.lines]
                + [(last, "except Exception:"), (last, "    pass")])


class _Names:
    """The names the graded file has bound so far, in its order: a kept constant may use only those."""

    def __init__(self, lazy_annotations: bool) -> None:
        self.bound = set(dir(builtins)) | _MODULE_NAMES
        self.star = False  # after `from x import *` any name may be bound
        self.lazy = lazy_annotations  # `from __future__ import annotations`: annotations are not evaluated

    def missing(self, statement: ast.stmt) -> list[str]:
        return [] if self.star else sorted(_loaded(statement, now=True, lazy=self.lazy) - self.bound)

    def add(self, node: ast.AST) -> None:
        self.bound |= _binds(node)
        self.star = self.star or any(isinstance(n, ast.ImportFrom) and any(a.name == "*" for a in n.names)
                                     for n in ast.walk(node))


def _cell_pieces(cell: Cell, clean: list[str], keep_broken: bool, skipped: list[str],
                 names: _Names) -> list[_Piece]:
    """The cell's graded pieces, with their 1-based line numbers in the cell."""
    everything = [(n, line) for n, line in enumerate(clean, start=1) if line.strip()]
    source = "\n".join(clean)
    try:
        tree = ast.parse(source)
    except SyntaxError:
        if keep_broken:
            return [_Piece(cell.label, everything)]
        skipped.append(f"{cell.label}: the whole cell (it does not parse)")
        return []
    spans = [(min([s.lineno] + [d.lineno for d in getattr(s, "decorator_list", [])]), s.end_lineno or s.lineno)
             for s in tree.body]

    def shared(index: int) -> bool:
        start, end = spans[index]
        return any(other[0] <= end and start <= other[1] for other in spans[:index] + spans[index + 1:])

    def lines_of(index: int) -> list[tuple[int, str]]:
        statement = tree.body[index]
        if shared(index):  # `import grader; grader.check(...)`: this statement alone
            segment = ast.get_source_segment(source, statement) or ""
            return [(statement.lineno + i, text) for i, text in enumerate(segment.splitlines())]
        return [(n, clean[n - 1]) for n in range(spans[index][0], spans[index][1] + 1)]

    if KEEP_TAG in cell.tags:  # kept whole, but its __future__ imports go to the top of the file
        futures = [i for i, s in enumerate(tree.body)
                   if isinstance(s, ast.ImportFrom) and s.module == "__future__" and not shared(i)]
        moved = {n for i in futures for n in range(spans[i][0], spans[i][1] + 1)}
        names.add(tree)
        return [_Piece(cell.label, lines_of(i), tree.body[i]) for i in futures] + \
            [_Piece(cell.label, [(n, line) for n, line in everything if n not in moved], tree=tree)]
    kept: list[_Piece] = []
    for index, statement in enumerate(tree.body):
        start = spans[index][0]
        missing = names.missing(statement) if _graded(statement) and not isinstance(statement, _KEPT) else []
        if _graded(statement) and not missing:
            kept.append(_Piece(cell.label, lines_of(index), statement))
            names.add(statement)
        elif missing:  # `spec = out.element_spec` where `out = f()` was left out
            skipped.append(f"{cell.label}, line {start}: {clean[start - 1].strip()[:60]} (exploratory code: "
                           f"uses {', '.join(missing)}, which the graded code does not define)")
        elif not (isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant)
                  or _grading_call(statement)):  # a docstring, or the grading cell's own call: no note
            skipped.append(f"{cell.label}, line {start}: {clean[start - 1].strip()[:60]} (exploratory code)")
    return kept


def _guard_unneeded_imports(pieces: list[_Piece], entry_point: str | None, skipped: list[str]) -> None:
    """Mark the imports that no graded code needs as guarded (a plotting library the grading machine
    lacks must not fail a notebook that only explores with it). Needed: what runs when the file is
    imported, the entry point, and what those use, transitively (unknown entry point: every name
    kept code mentions). A guarded import still runs; only its failure is ignored. One of a module
    that is not installed is reported as left out."""
    imports = [p for p in pieces if isinstance(p.node, (ast.Import, ast.ImportFrom)) and not p.future]
    others = [p for p in pieces if p not in imports and not p.future]
    needed: set[str] = {entry_point} if entry_point else set()
    for piece in others:
        if piece.whole:  # a whole cell: everything it mentions (a cell that does not parse: no guard at all)
            if piece.tree is None:
                return
            needed |= _loaded(piece.tree, now=False)
        else:
            assert piece.node is not None
            needed |= _loaded(piece.node, now=entry_point is not None)
    pending = [p for p in others if p.node is not None]
    while True:
        reached = [p for p in pending if p.node is not None and _binds(p.node) & needed]
        if not reached:
            break
        for piece in reached:
            assert piece.node is not None
            needed |= _loaded(piece.node, now=False)
            pending.remove(piece)
    for piece in imports:
        assert isinstance(piece.node, (ast.Import, ast.ImportFrom))
        star = any(alias.name == "*" for alias in piece.node.names)
        if not star and not _binds(piece.node) & needed:
            piece.guarded = True
            missing = _not_installed(piece.node)
            if missing:
                skipped.append(f"{piece.label}, line {piece.lines[0][0]}: {piece.lines[0][1].strip()[:60]} "
                               f"({missing} is not installed here, and no graded code uses it)")


def _not_installed(node: ast.Import | ast.ImportFrom) -> str | None:
    """The first module ``node`` imports that this Python cannot find (the grading runs this
    Python too), if any. Only top-level names are looked up: nothing is imported."""
    import importlib.util

    tops = [node.module.split(".")[0]] if isinstance(node, ast.ImportFrom) and node.module and not node.level \
        else [a.name.split(".")[0] for a in node.names] if isinstance(node, ast.Import) else []
    for top in tops:
        try:
            if importlib.util.find_spec(top) is None:
                return top
        except (ImportError, ValueError):
            return top
    return None


def _binds(node: ast.AST) -> set[str]:
    """The names ``node`` binds where it runs (not those of a function's, lambda's or
    comprehension's own scope)."""
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return {node.name}
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return {alias.asname or alias.name.split(".")[0] for alias in node.names if alias.name != "*"}
    if isinstance(node, ast.Name):
        return {node.id} if isinstance(node.ctx, ast.Store) else set()
    if isinstance(node, (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
        return set()
    found = {name for name in [getattr(node, "name", None), getattr(node, "rest", None)] if isinstance(name, str)}
    for child in ast.iter_child_nodes(node):
        found |= _binds(child)
    return found


def _loaded(node: ast.AST, *, now: bool, lazy: bool = False) -> set[str]:
    """The names ``node`` reads: only when it runs (``now``: not in function or lambda bodies, nor
    annotations that ``lazy`` leaves unevaluated), else also later, when its functions are called."""
    if isinstance(node, ast.Name):
        return {node.id} if isinstance(node.ctx, ast.Load) else set()
    parts: list[ast.AST] = list(ast.iter_child_nodes(node))
    if now and isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
        args = node.args
        parts = [*args.defaults, *[d for d in args.kw_defaults if d]]
        if not isinstance(node, ast.Lambda):
            parts += node.decorator_list
            if not lazy:
                every = [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]
                parts += [a.annotation for a in every if a and a.annotation] + ([node.returns] if node.returns else [])
    elif lazy and isinstance(node, ast.AnnAssign):
        parts = [node.target] + ([node.value] if node.value else [])
    found: set[str] = set()
    for part in parts:
        found |= _loaded(part, now=now, lazy=lazy)
    return found


def _magic_assignment(line: str) -> tuple[str, str] | None:
    """The target of IPython's ``TARGET = %magic ...`` or ``TARGET = !command`` (it assigns what the
    magic returns, or the command's output) and which of the two it is, else None."""
    for match in re.finditer(r"(?<![=<>!+\-*/%&|^@:~])=(?!=)", line):
        rest = line[match.end():].lstrip()
        if not (rest.startswith("!") or re.match(r"%[A-Za-z_]", rest)):
            continue
        target = line[:match.start()].strip()
        try:
            tree = ast.parse(f"{target} = None")
        except SyntaxError:
            continue
        statement = tree.body[0] if len(tree.body) == 1 else None
        if isinstance(statement, ast.AnnAssign) or isinstance(statement, ast.Assign) and len(statement.targets) == 1:
            return target, "a shell command" if rest.startswith("!") else "a magic"
        return None
    return None


def _grading_call(statement: ast.stmt) -> bool:
    """``grader.check(...)``, the call that grades the notebook (left out, as exploring is, but not
    worth a line in the report: every starter notebook ends with it)."""
    return isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call) and \
        ast.unparse(statement.value.func) == "grader.check"


def _graded(statement: ast.stmt) -> bool:
    if isinstance(statement, _KEPT):
        return True
    if isinstance(statement, (ast.Assign, ast.AnnAssign)):  # to names only: `plt.rcParams[k] = v` is exploring
        targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
        return statement.value is not None and _constant(statement.value) and all(_names_only(t) for t in targets)
    return False


def _names_only(target: ast.AST) -> bool:
    """Whether an assignment target binds names only (``a``, ``a, b``), not an attribute or an item
    of something (``plt.rcParams['figure.figsize']``, ``pd.options.display.max_rows``)."""
    if isinstance(target, (ast.Tuple, ast.List)):
        return all(_names_only(t) for t in target.elts)
    return isinstance(target, (ast.Name, ast.Starred)) and (not isinstance(target, ast.Starred)
                                                            or _names_only(target.value))


def _constant(node: ast.AST) -> bool:
    """Whether evaluating ``node`` runs no code of note: no call, comprehension or indexing
    (a lambda's body runs later, so only its defaults count)."""
    if isinstance(node, ast.Lambda):
        return all(_constant(d) for d in node.args.defaults + [d for d in node.args.kw_defaults if d])
    if isinstance(node, _RUNS):
        return False
    return all(_constant(child) for child in ast.iter_child_nodes(node))


def _text(source: Any) -> str:
    return "".join(source) if isinstance(source, list) else str(source)


def _nbformat() -> Any:
    try:
        import nbformat
    except ImportError:
        raise UsageError("notebooks need nbformat: pip install 'grader[notebook]'") from None
    return nbformat


def graded_file(converted: Converted, folder: Path, name: str) -> Path:
    """Write the converted source as ``folder/name.py`` (a temporary folder of the caller's)."""
    target = folder / f"{Path(name).stem}.py"
    target.write_text(converted.source, encoding="utf-8")
    return target


def submit_converted(converted: Converted, notebook_name: str, exercise_id: str | None, **options: Any) -> Any:
    """Grade ``converted`` like a Python file (``api.submit``, in child processes) and return the
    report under the notebook's name, its messages pointing at cells, with what was left out."""
    import tempfile

    from grader import api
    from grader.report.model import NotebookInfo

    with tempfile.TemporaryDirectory(prefix="grader-notebook-") as folder:
        python = graded_file(converted, Path(folder), notebook_name)
        report = api.submit(python, exercise_id, **options)

    def fix(text: str | None) -> str | None:
        return None if text is None else converted.rewrite(text, python.name, notebook_name)

    checks = [c.model_copy(update={"message": fix(c.message)}) for c in report.checks]
    error = report.error.model_copy(update={"message": fix(report.error.message)}) if report.error else None
    output = report.output.model_copy(update={"stderr": fix(report.output.stderr)})
    return report.model_copy(update={"submission": notebook_name, "checks": checks, "error": error,
                                     "output": output, "notebook": NotebookInfo(skipped=converted.skipped)})


def submit(path: Path, exercise_id: str | None, **options: Any) -> Any:
    """``grader submit work.ipynb``: grade the notebook's converted code."""
    cells = read_cells(path)
    converted = convert(cells, entry_point=_entry_point(exercise_id or _tag(cells)))
    return submit_converted(converted, path.name, exercise_id, **options)


def _entry_point(exercise_id: str | None) -> str | None:
    """The name of the function the exercise calls, if the exercise is known and has one."""
    from grader import catalog

    try:
        exercise = catalog.load_exercise(exercise_id) if exercise_id else None
    except UsageError:
        return None
    return exercise.entry_point.name if exercise is not None and exercise.entry_point else None


def starter(exercise: Any, code: str) -> Any:
    """The starter notebook of a code exercise: its prompt, its starter code (tagged), and a cell
    that grades it; validated (nbformat v4)."""
    nbformat = _nbformat()
    prompt = (Path(exercise.folder) / exercise.prompt).read_text(encoding="utf-8")
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell(prompt),
        nbformat.v4.new_code_cell(code.rstrip("\n")),
        nbformat.v4.new_code_cell(f'import grader; grader.check("{exercise.id}")'),
    ])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    notebook.metadata["language_info"] = {"name": "python"}
    nbformat.validate(notebook)
    return notebook


def write_starter(exercise: Any, code: str, target: Path) -> None:
    _nbformat().write(starter(exercise, code), str(target))


class Graded:
    """What ``grader.check`` returns: the report, shown inline by Jupyter as an HTML table."""

    def __init__(self, report: Any) -> None:
        self.report = report

    def __repr__(self) -> str:
        r = self.report
        return f"{r.exercise}: {'PASSED' if r.passed else 'NOT PASSED'}  score {r.score:g}/{r.max_score:g}"

    def _repr_html_(self) -> str:
        from html import escape

        from grader.report import learner_view, printable_report, timeline_svg

        report = printable_report(learner_view(self.report))
        left = "style='text-align:left'"  # Jupyter right-aligns table cells; words read better from the left
        rows = "".join(
            f"<tr><td {left}>{escape(c.heading)}</td><td>{c.score:g}/{c.max_score:g}</td>"
            f"<td>{'yes' if c.passed else 'no'}</td><td style='white-space:pre-wrap;text-align:left'>"
            f"{escape(c.message + (chr(10) + 'Hint: ' + c.hint if c.hint else ''))}</td></tr>"
            for c in report.checks)
        error = (f"<p><b>{escape(report.error.kind)}</b>: <span style='white-space:pre-wrap'>"
                 f"{escape(report.error.message)}</span></p>" if report.error else "")
        skipped = report.notebook.skipped if report.notebook else []
        left_out = (f"<details><summary>{len(skipped)} line(s) left out of grading</summary><ul>"
                    + "".join(f"<li><code>{escape(s)}</code></li>" for s in skipped) + "</ul></details>"
                    if skipped else "")
        picture = timeline_svg(report) or ""
        return (f"<div><p><b>{escape(repr(self))}</b></p>{error}"
                f"<table><tr><th {left}>check</th><th>points</th><th>passed</th><th {left}>message</th></tr>"
                f"{rows}</table>{left_out}{picture}</div>")


def check(exercise_id: str | None = None, *, path: str | Path | None = None, **options: Any) -> Graded:
    """Grade the notebook's current code, in separate processes like ``grader submit`` (no check
    runs in this kernel). The code comes from ``path`` when given, else from this IPython kernel's
    history of run cells, converted as ``grader submit`` converts a notebook file."""
    if path is not None:
        path = Path(path)
        return Graded(submit(path, exercise_id, **options))
    try:
        from IPython import get_ipython
    except ImportError:
        get_ipython = None  # noqa: N806 - IPython's own name
    shell = get_ipython() if get_ipython else None
    if shell is None:
        raise UsageError("grader.check() grades the notebook it runs in: call it from a Jupyter notebook "
                         "(IPython), or pass path='work.ipynb', or run: grader submit FILE")
    history = shell.history_manager.input_hist_raw
    cells = [Cell(f"In [{number}]", text) for number, text in enumerate(history) if number and text.strip()]
    converted = convert(cells, keep_broken=False, entry_point=_entry_point(exercise_id or _tag(cells)))
    return Graded(submit_converted(converted, "notebook", exercise_id, **options))
