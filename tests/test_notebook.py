"""Notebooks: conversion to the graded source, submit on notebooks, starters, and grader.check in a real kernel."""

import ast
import csv
import json
import sys
from pathlib import Path

import nbformat
import pytest

import grader
from grader import api, catalog, gradebook
from grader.notebook import Cell, check, convert, convert_file
from tests.conftest import run_cli

RIGHT = "import tensorflow as tf\n\ndef add_prefetch(ds):\n    return ds.prefetch(tf.data.AUTOTUNE)\n"
WRONG = "import tensorflow as tf\n\ndef add_prefetch(ds):\n    return ds\n"


def write(path: Path, *sources: str, tags: dict[int, list[str]] | None = None) -> Path:
    cells = [nbformat.v4.new_markdown_cell("# Prefetching")]
    for index, source in enumerate(sources):
        cell = nbformat.v4.new_code_cell(source)
        cell.metadata["tags"] = (tags or {}).get(index, [])
        cells.append(cell)
    notebook = nbformat.v4.new_notebook(cells=cells)
    nbformat.validate(notebook)
    nbformat.write(notebook, str(path))
    return path


def test_magics_shell_and_help_lines_are_left_out_and_counted():
    converted = convert([Cell("cell 1", "%matplotlib inline\n!pip install x\n  %time y = 1\ntf.data?\nX = 1\n"),
                         Cell("cell 2", "%%timeit\nfor i in range(10**9): pass\n")])
    assert converted.source.strip() == "X = 1"
    assert len(converted.skipped) == 5
    assert "cell 2: the whole cell (%%timeit is a cell magic)" in converted.skipped
    assert any("!pip install x (a shell command)" in s for s in converted.skipped)


def test_magics_without_their_percent_are_left_out_where_they_are_not_python():
    # IPython's automagic runs `pip install x` as %pip; as Python it is a syntax error
    source = "pip install tensorflow\ncd ..\ntime = 3\nls = [1]\nRATE = time\n"
    converted = convert([Cell("cell 1", source), Cell("cell 2", "def f():\n    conda install -y x\n    return 1\n"),
                         Cell("cell 3", "def g():\n    history = f(); return history\n")])  # Python in a function
    assert converted.source.splitlines() == ["time = 3", "ls = [1]", "RATE = time", "def f():", "    pass", "    return 1",
                                             "def g():", "    history = f(); return history"]
    assert converted.skipped == ["cell 1, line 1: pip install tensorflow (a magic)", "cell 1, line 2: cd .. (a magic)",
                                 "cell 2, line 2: conda install -y x (a magic)"]


def test_a_magic_alone_in_a_block_becomes_pass_on_its_own_line():
    source = ("def f(ds):\n    if ds is None:  # never\n        %time 1\n    for _ in range(1):\n        !ls\n"
              "        %who\n    return ds\n")
    converted = convert([Cell("cell 1", source), Cell("cell 2", "for i in range(2):\n    !echo hi\n")])
    ast.parse(converted.source)
    lines = converted.source.splitlines()
    assert lines[:7] == ["def f(ds):", "    if ds is None:  # never", "        pass", "    for _ in range(1):",
                         "        pass", "        pass", "    return ds"]
    assert converted.locate(7) == ("cell 1", 7)
    assert converted.skipped == ["cell 1, line 3: %time 1 (a magic)", "cell 1, line 5: !ls (a shell command)",
                                 "cell 1, line 6: %who (a magic)", "cell 2, line 2: !echo hi (a shell command)",
                                 "cell 2, line 1: for i in range(2): (exploratory code)"]


def test_lines_inside_a_statement_that_goes_on_are_python_not_magics():
    source = 'N = (10\n     % 3)\nDOC = """\n!important\n"""\nM = 1 + \\\n    %2\n%time N\n'
    converted = convert([Cell("cell 1", source)])
    assert converted.source == source.replace("%time N\n", "")
    assert converted.skipped == ["cell 1, line 8: %time N (a magic)"]


def test_exploratory_code_is_dropped_definitions_and_constants_kept():
    source = ("import tensorflow as tf\nfrom math import pi\nBATCH = 32\nAUTO = tf.data.AUTOTUNE\n"
              "NAMES: list = ['a', 'b']\nf = lambda ds: ds.prefetch(1)\n"
              "ds = tf.data.Dataset.range(10)\nprint(ds)\nmodel.fit(ds)\nfor x in ds:\n    print(x)\n"
              "squares = [i * i for i in range(10)]\n"
              "@tf.function\ndef g(x):\n    return x\n\nclass C:\n    pass\n")
    kept = convert([Cell("cell 1", source)]).source
    for line in ("import tensorflow as tf", "from math import pi", "BATCH = 32", "AUTO = tf.data.AUTOTUNE",
                 "NAMES: list = ['a', 'b']", "f = lambda ds: ds.prefetch(1)", "@tf.function", "def g(x):",
                 "class C:"):
        assert line in kept
    for line in ("Dataset.range", "print", "model.fit", "for x", "squares"):
        assert line not in kept


def test_tags_skip_or_keep_a_whole_cell_and_the_check_call_is_dropped():
    converted = convert([Cell("cell 1", "# exercise: prefetch-basics\nimport os\n"),
                         Cell("cell 2", "DATA = load()\n", ("graded",)),
                         Cell("cell 3", "def helper():\n    pass\n", ("skip-grading",)),
                         Cell("cell 4", 'import grader; grader.check("prefetch-basics")')])
    lines = converted.source.splitlines()
    assert lines[0] == "# exercise: prefetch-basics"
    assert "DATA = load()" in lines and "def helper():" not in lines
    assert not any("check(" in line for line in lines)
    assert converted.skipped == ["cell 3: the whole cell (tagged skip-grading)"]  # the check call: no note


def test_line_map_points_messages_at_cells():
    converted = convert([Cell("cell 2", "import tensorflow as tf\nprint(1)\n"),
                         Cell("cell 4", "\n\ndef add_prefetch(ds):\n    return ds.prefetch(tf.data.AUTO_TUNE)\n")])
    number = converted.source.splitlines().index("    return ds.prefetch(tf.data.AUTO_TUNE)") + 1
    assert converted.locate(number) == ("cell 4", 4)
    message = f"work.py, line {number}, in add_prefetch: return ...\nwork.py defines no function x"
    assert converted.rewrite(message, "work.py", "work.ipynb") == \
        "work.ipynb cell 4, line 4, in add_prefetch: return ...\nwork.ipynb defines no function x"


def test_a_cell_that_does_not_parse_is_kept_from_a_file_and_dropped_from_history():
    cells = [Cell("cell 1", "def f(:\n    pass\n"), Cell("cell 2", "X = 1\n")]
    assert "def f(:" in convert(cells).source
    from_history = convert(cells, keep_broken=False)
    assert "def f(:" not in from_history.source and "X = 1" in from_history.source


def test_magic_and_shell_assignments_are_left_out_or_bind_none_in_a_block():
    source = ("timing = %timeit -o f(ds)\nfiles = !ls\nprint(files)\ndef f(ds):\n    out = !echo hi\n"
              "    spent: float = %time g()\n    return out\nd[g(a=1)] = !ls\ns = 'a=%s' % 3\nok = 1 != 3\n"
              "best = timing.best\n")
    converted = convert([Cell("cell 1", source)])
    ast.parse(converted.source)
    lines = converted.source.splitlines()
    assert lines[:4] == ["def f(ds):", "    out = None", "    spent: float = None", "    return out"]
    assert converted.locate(2) == ("cell 1", 5) and "s = 'a=%s' % 3" in lines and "ok = 1 != 3" in lines
    assert "best = timing.best" not in lines  # timing was never bound: the constant is exploring too
    assert converted.skipped[:4] == [
        "cell 1, line 1: timing = %timeit -o f(ds) (a magic; left out)",
        "cell 1, line 2: files = !ls (a shell command; left out)",
        "cell 1, line 5: out = !echo hi (a shell command; out = None)",
        "cell 1, line 6: spent: float = %time g() (a magic; spent: float = None)"]
    assert "cell 1, line 8: d[g(a=1)] = !ls (a shell command; left out)" in converted.skipped
    exec(compile(converted.source, "work.py", "exec"), {"g": lambda: 0})  # noqa: S102 - it imports cleanly


def test_configuring_an_exploring_library_is_left_out_and_its_import_guarded():
    """plt.rcParams[...] = ... once kept the matplotlib import needed, and unguarded."""
    converted = convert([Cell("cell 1", "import tensorflow as tf\nimport matplotlib.pyplot as plt\n"
                                        "plt.rcParams['figure.figsize'] = (8, 4)\n"),
                         Cell("cell 2", "def add_prefetch(ds):\n    return ds.prefetch(tf.data.AUTOTUNE)\n")],
                        entry_point="add_prefetch")
    assert "plt.rcParams['figure.figsize'] = (8, 4)" not in converted.source
    assert "try:" in converted.source  # the matplotlib import is guarded


def test_a_kept_constant_uses_only_names_the_kept_code_defines():
    converted = convert([Cell("cell 1", "import tensorflow as tf\nBATCH = 32\n"),
                         Cell("cell 2", "ds = tf.data.Dataset.range(5)\nout = ds.prefetch(1)\nspec = out.element_spec\n"
                                        "sample = ds\nAUTO = tf.data.AUTOTUNE\nSIZE = BATCH * 2\nN: int = len\n"
                                        "table['k'] = 1\nf = lambda d: d.prefetch(LATER)\nOOPS = LATER\n"
                                        "LATER = 1\n")])
    kept = converted.source.splitlines()
    for line in ("AUTO = tf.data.AUTOTUNE", "SIZE = BATCH * 2", "N: int = len", "f = lambda d: d.prefetch(LATER)",
                 "LATER = 1"):
        assert line in kept
    for line in ("spec = out.element_spec", "sample = ds", "table['k'] = 1", "OOPS = LATER"):
        assert line not in kept
    assert "cell 2, line 3: spec = out.element_spec (exploratory code: uses out, which the graded code does " \
        "not define)" in converted.skipped
    exec(compile(converted.source, "work.py", "exec"), {})  # noqa: S102 - every kept name is defined
    # A graded cell defines what it assigns; a star import may define anything.
    graded = convert([Cell("cell 1", "DATA = load()\n", ("graded",)), Cell("cell 2", "from math import *\nX = DATA\n"
                                                                               "Y = tau\n")])
    assert "X = DATA" in graded.source and "Y = tau" in graded.source


def test_future_imports_move_to_the_top_of_the_file_and_keep_their_cells():
    converted = convert([Cell("cell 1", "# exercise: prefetch-basics\nimport tensorflow as tf\n"),
                         Cell("cell 2", "from __future__ import annotations\n\ndef f(ds: Unknown) -> Unknown:\n"
                                        "    return ds\nX: Unknown = 1\n"),
                         Cell("cell 3", "from __future__ import generator_stop\nY = 2\n", ("graded",))])
    compile(converted.source, "work.py", "exec")
    lines = converted.source.splitlines()
    assert lines[:3] == ["# exercise: prefetch-basics", "from __future__ import annotations",
                         "from __future__ import generator_stop"]
    assert converted.locate(2) == ("cell 2", 1) and converted.locate(3) == ("cell 3", 1)
    assert lines.count("from __future__ import annotations") == 1 and "X: Unknown = 1" in lines  # not evaluated
    assert converted.locate(lines.index("Y = 2") + 1) == ("cell 3", 2)


def test_an_import_no_graded_code_uses_may_fail_one_it_uses_may_not():
    missing = "grader_test_no_such_module"
    cells = [Cell("cell 1", f"import {missing}.pyplot as plt\nfrom {missing} import cm, colors\nimport json\n"
                            f"def add_prefetch(ds):\n    return json.dumps(ds)\ndef show(ds):\n    plt.plot(ds)\n")]
    converted = convert(cells, entry_point="add_prefetch")
    namespace: dict = {}
    exec(compile(converted.source, "work.py", "exec"), namespace)  # noqa: S102 - the unused imports fail quietly
    assert namespace["add_prefetch"]([1]) == "[1]" and "plt" not in namespace
    assert converted.skipped == [
        f"cell 1, line 1: import {missing}.pyplot as plt ({missing} is not installed here, and no graded code uses it)",
        f"cell 1, line 2: from {missing} import cm, colors ({missing} is not installed here, and no graded code "
        "uses it)"]
    assert converted.locate(converted.source.splitlines().index(f"    import {missing}.pyplot as plt") + 1) == \
        ("cell 1", 1)
    # Used by the entry point (through show), or with no entry point known by any kept code: a clear error.
    for used in (convert([Cell("cell 1", cells[0].source.replace("json.dumps(ds)", "show(ds)"))],
                         entry_point="add_prefetch"), convert(cells)):
        with pytest.raises(ModuleNotFoundError, match=missing):
            exec(compile(used.source, "work.py", "exec"), {})  # noqa: S102
        assert not any(".pyplot as plt" in s for s in used.skipped)


def test_tag_of_a_notebook_and_grade_all_finds_notebooks(tmp_path):
    path = write(tmp_path / "work.ipynb", "# exercise: prefetch-basics\n" + RIGHT)
    assert catalog.read_tag(path) == "prefetch-basics"
    assert convert_file(path).locate(1) is None  # the tag line the converter writes first
    (tmp_path / "class" / "ann").mkdir(parents=True)
    (tmp_path / "class" / "bob").mkdir()
    write(tmp_path / "class" / "ann" / "anything.ipynb", RIGHT)
    write(tmp_path / "class" / "bob" / "scratch.ipynb", RIGHT)
    (tmp_path / "class" / "bob" / "exercise.py").write_text(RIGHT)
    (tmp_path / "class" / "bob" / "backup").mkdir()  # a draft in a subfolder sorts first, but is not graded
    (tmp_path / "class" / "bob" / "backup" / "exercise.py").write_text(WRONG)
    (tmp_path / "class" / "cy").mkdir()  # the notebook grader start --notebook writes, and a helper module
    write(tmp_path / "class" / "cy" / "exercise.ipynb", RIGHT)
    (tmp_path / "class" / "cy" / "plot_helpers.py").write_text("def show(ds):\n    pass\n")
    (tmp_path / "class" / "cy" / "old").mkdir()  # an older draft under the preferred Python name
    (tmp_path / "class" / "cy" / "old" / "exercise.py").write_text(WRONG)
    found = gradebook.find_submissions(tmp_path / "class", "code")
    assert found == {"ann": tmp_path / "class" / "ann" / "anything.ipynb",
                     "bob": tmp_path / "class" / "bob" / "exercise.py",
                     "cy": tmp_path / "class" / "cy" / "exercise.ipynb"}


@pytest.mark.parametrize("exercise_id", catalog.exercise_ids())
def test_starter_notebooks_validate(tmp_path, exercise_id):
    if catalog.load_exercise(exercise_id).kind == "quiz":
        with pytest.raises(grader.UsageError):
            api.start(exercise_id, tmp_path, notebook=True)
        return
    path = api.start(exercise_id, tmp_path, notebook=True)
    notebook = nbformat.read(str(path), as_version=4)
    nbformat.validate(notebook)
    assert [c.cell_type for c in notebook.cells] == ["markdown", "code", "code"]
    assert notebook.cells[-1].source == f'import grader; grader.check("{exercise_id}")'
    assert catalog.read_tag(path) == exercise_id


def test_check_outside_ipython_without_a_path_is_a_clear_error():
    with pytest.raises(grader.UsageError, match="Jupyter notebook"):
        check("prefetch-basics")


@pytest.mark.slow
def test_submit_right_notebook_passes(tmp_path):
    path = write(tmp_path / "work.ipynb", "# exercise: prefetch-basics\n" + RIGHT,
                 "ds = tf.data.Dataset.range(3)\nfor x in ds:\n    print(x)\n")
    report = grader.submit(path)
    assert report.passed and report.score == report.max_score
    assert report.submission == "work.ipynb"
    assert report.notebook.skipped == ["cell 3, line 1: ds = tf.data.Dataset.range(3) (exploratory code)",
                                       "cell 3, line 2: for x in ds: (exploratory code)"]


# Right notebooks that scored 0 (red team): each is the reference solution plus ordinary exploring.
EXPLORING = {
    "magic-assignment": (RIGHT, "timing = %timeit -o add_prefetch(tf.data.Dataset.range(5))\nfiles = !ls\n"
                                "print(files)"),
    "attribute-of-exploration": (RIGHT, "ds = tf.data.Dataset.range(5)\nout = add_prefetch(ds)\n"
                                        "spec = out.element_spec\nprint(spec, list(out))"),
    "future-import-in-later-cell": ("import tensorflow as tf\n", "from __future__ import annotations\n\n\n"
                                    "def add_prefetch(ds: tf.data.Dataset) -> tf.data.Dataset:\n"
                                    "    return ds.prefetch(tf.data.AUTOTUNE)\n"),
    "exploration-import-missing": (RIGHT, "import grader_test_no_such_plotting_library as plt\n\n"
                                          "values = [int(x) for x in add_prefetch(tf.data.Dataset.range(5))]\n"
                                          "plt.plot(values)\nplt.show()"),
}


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(EXPLORING))
def test_right_notebooks_with_exploring_score_full_marks(tmp_path, case):
    first, second = EXPLORING[case]
    path = write(tmp_path / "work.ipynb", "# exercise: prefetch-basics\n" + first, second,
                 'import grader; grader.check("prefetch-basics")')
    report = grader.submit(path)
    assert report.status == "graded" and report.score == report.max_score, report.error


@pytest.mark.slow
def test_a_pipeline_that_uses_a_missing_module_fails_with_an_import_error(tmp_path):
    path = write(tmp_path / "work.ipynb", "import tensorflow as tf\nimport grader_test_no_such_module as helpers",
                 "def add_prefetch(ds):\n    return helpers.fast(ds).prefetch(tf.data.AUTOTUNE)")
    report = grader.submit(path, "prefetch-basics")
    assert report.status == "error" and report.error.kind == "import", report.error
    assert "work.ipynb cell 2, line 2" in report.error.message
    assert "No module named 'grader_test_no_such_module'" in report.error.message


@pytest.mark.slow
def test_submit_wrong_notebook_fails(tmp_path):
    report = grader.submit(write(tmp_path / "work.ipynb", WRONG), "prefetch-basics")
    assert report.status == "graded" and not report.passed


@pytest.mark.slow
def test_submit_magic_laden_notebook_is_graded_and_errors_point_at_cells(tmp_path):
    path = write(tmp_path / "work.ipynb", "# exercise: prefetch-basics\n%load_ext autoreload\n!nvidia-smi",
                 "%%time\nimport time; time.sleep(600)",
                 "%time 1\n" + RIGHT + "print(add_prefetch(tf.data.Dataset.range(10**9)))\ntime.sleep(600)",
                 "for name in ('a', 'b'):\n    !echo $name\nif True:\n    %time add_prefetch(None)\n")
    report = grader.submit(path, timeout_s=120)
    assert report.passed, report.error
    assert len(report.notebook.skipped) == 10
    assert "cell 5, line 2: !echo $name (a shell command)" in report.notebook.skipped
    json.loads(report.model_dump_json())["notebook"]  # additive field in the JSON report

    # A block left holding only a magic still parses, and the lines after it keep their numbers.
    broken = write(tmp_path / "broken.ipynb", "X = 1", "import tensorflow as tf\ndef add_prefetch(ds):\n"
                   "    if ds is None:\n        %time 1\n    return ds.prefetch(tf.data.AUTO_TUNE)\n")
    report = grader.submit(broken, "prefetch-basics")
    assert not report.passed and (report.error is None or report.error.kind != "syntax"), report.error
    messages = " ".join(c.message for c in report.checks) + (report.error.message if report.error else "")
    assert "broken.ipynb cell 3, line 5" in messages and "broken.py" not in messages
    assert report.notebook.skipped == ["cell 3, line 4: %time 1 (a magic)"]


@pytest.mark.slow
def test_grade_all_grades_a_folder_of_notebooks_and_python_files(tmp_path):
    folder = tmp_path / "class"
    (folder / "carol").mkdir(parents=True)
    write(folder / "ann.ipynb", "%load_ext autoreload\n" + RIGHT, "print(add_prefetch(tf.data.Dataset.range(3)))")
    write(folder / "bob.ipynb", WRONG, "for x in add_prefetch(tf.data.Dataset.range(3)):\n    !echo {x}\n")
    (folder / "carol" / "exercise.py").write_text(RIGHT)
    book, reports = tmp_path / "grades.csv", tmp_path / "reports"
    done = run_cli("grade-all", str(folder), "--exercise", "prefetch-basics", "--csv", str(book), "--json-dir",
                   str(reports), "--workers", "2")
    assert done.returncode == 0, done.stderr
    with book.open() as handle:
        rows = {row["learner"]: (row["score"], row["passed"], row["status"]) for row in csv.DictReader(handle)}
    assert rows == {"ann": ("10", "true", "graded"), "bob": ("3", "false", "graded"),
                    "carol": ("10", "true", "graded")}
    ann, bob, carol = (json.loads((reports / f"{name}.json").read_text()) for name in ("ann", "bob", "carol"))
    assert (ann["submission"], bob["submission"], carol["submission"]) == ("ann.ipynb", "bob.ipynb", "exercise.py")
    assert ann["notebook"]["skipped"] == ["cell 2, line 1: %load_ext autoreload (a magic)",
                                          "cell 3, line 1: print(add_prefetch(tf.data.Dataset.range(3))) "
                                          "(exploratory code)"]
    assert "cell 3, line 2: !echo {x} (a shell command)" in bob["notebook"]["skipped"]
    assert carol["notebook"] is None


@pytest.mark.slow
def test_check_in_a_real_kernel_shows_the_report_inline(tmp_path):
    from nbclient import NotebookClient

    source = ("# exercise: prefetch-basics\nimport tensorflow as tf\n\n"
              "def add_prefetch(ds):\n    return ds.prefetch(tf.data.AUTOTUNE)\n\n"
              "for name in ('a',):\n    !echo $name\n")  # a block holding only a shell line still parses
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("%config Completer.use_jedi = False\n" + source),
        nbformat.v4.new_code_cell('import grader; grader.check("prefetch-basics")')])
    kernel = _kernel_for_this_interpreter(tmp_path)
    NotebookClient(notebook, timeout=300, kernel_name=kernel["name"], kernel_manager_class=kernel["manager"],
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    outputs = notebook.cells[-1].outputs
    html = "".join(o.get("data", {}).get("text/html", "") for o in outputs)
    assert "PASSED" in html and "10/10" in html, outputs
    assert "!echo $name (a shell command)" in html and "check(" not in html.split("left out")[1]


def _kernel_for_this_interpreter(tmp_path: Path) -> dict:
    """A kernel that runs this test's interpreter (the venv's) and the grader under test, whatever
    kernel specs the machine has."""
    from jupyter_client import KernelManager
    from jupyter_client.kernelspec import KernelSpec

    spec = KernelSpec(argv=[sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                      display_name="grader test", language="python",
                      env={"PYTHONPATH": str(Path(grader.__file__).parents[1])})  # this grader, not an install's

    class ThisInterpreter(KernelManager):
        @property
        def kernel_spec(self):
            return spec

    return {"name": "python3", "manager": ThisInterpreter}
