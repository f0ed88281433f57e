"""Import the learner's file and call its entry point the way the exercise says.

Failures become ``BuildError``s whose message quotes only the learner's own frames.
"""

from __future__ import annotations

import importlib.util
import inspect
import os
import sys
import traceback
from typing import Any, Callable


class BuildError(Exception):
    """The submission cannot give what was asked; becomes an error the evaluator reports."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


def first_line(text: Any, limit: int = 300) -> str:
    """The first non-empty line of ``text`` (the last, for TensorFlow's "in user code:" traces),
    cut to ``limit`` characters."""
    lines = [part.strip() for part in str(text).splitlines() if part.strip()]
    line = (lines[-1] if lines[0].startswith("in user code") else lines[0]) if lines else ""
    return line if len(line) <= limit else line[: limit - 3] + "..."


def learner_trace(exc: BaseException, path: str) -> str:
    """The exception in one line, with only the learner's own frames before it."""
    name = os.path.basename(path)
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == path]
    where = [f"{name}, line {f.lineno}, in {f.name}: {(f.line or '').strip()}" for f in frames[-3:]]
    text, kind = first_line(exc), type(exc).__name__
    summary = (text if text.startswith(f"{kind}:") else f"{kind}: {text}") if text else kind
    if isinstance(exc, (NameError, AttributeError)) and getattr(exc, "name", None):
        suggestion = _suggestion(exc)
        if suggestion and "Did you mean" not in summary:
            summary += f". Did you mean: {suggestion!r}?"
    return "\n".join(where + [summary])


def _suggestion(exc: BaseException) -> str | None:
    """Python's own "Did you mean ...?" (printed by its traceback, not part of str(exc))."""
    text = "".join(traceback.format_exception_only(type(exc), exc))
    marker = "Did you mean: '"
    return text.split(marker, 1)[1].split("'", 1)[0] if marker in text else None


def import_submission(path: str) -> Any:
    spec = importlib.util.spec_from_file_location("submission", path)
    if spec is None or spec.loader is None:  # not a path Python can load source from
        raise BuildError("import", f"{os.path.basename(path)} cannot be imported as a Python module")
    loader = spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["submission"] = module
    try:
        loader.exec_module(module)
    except SyntaxError as exc:
        text = (exc.text or "").strip()
        raise BuildError("syntax", f"{os.path.basename(path)}, line {exc.lineno}: {exc.msg}"
                         + (f": {text}" if text else "")) from None
    except MemoryError:
        raise BuildError("memory", "ran out of memory while the file was imported") from None
    except BaseException as exc:  # noqa: BLE001 - anything the learner's import raises is graded
        raise BuildError("import", "importing the file failed:\n" + learner_trace(exc, path)) from None
    return module


def entry_point(module: Any, entry: dict[str, Any], path: str) -> Callable[..., Any]:
    import difflib

    name, params = entry["name"], entry["params"]
    function = getattr(module, name, None)
    if not callable(function):
        defined = [n for n, v in vars(module).items() if callable(v) and not n.startswith("_")
                   and getattr(v, "__module__", None) == "submission"]
        close = difflib.get_close_matches(name, defined, n=1)
        hint = f" (you defined {close[0]}: a typo?)" if close else ""
        raise BuildError("missing-entry-point", f"{os.path.basename(path)} defines no function {name}{hint}; "
                         f"define {entry['signature']}")
    try:
        inspect.signature(function).bind(*params)
    except TypeError as exc:
        raise BuildError("missing-entry-point", f"{name} cannot be called as {name}({', '.join(params)}): "
                         f"{exc}; define {entry['signature']}") from None
    except ValueError:
        pass  # builtins without a signature: let the call decide
    return function


def arguments(params: list[str], first: Any, args: dict[str, Any]) -> tuple[list[Any], dict[str, Any]]:
    """Positional arguments in the entry point's order while none is skipped; keywords after.

    Positional, so a learner who renames a parameter is still called right."""
    positional = [first]
    for name in params[1:]:
        if name not in args:
            break
        positional.append(args[name])
    keywords = {name: args[name] for name in params[len(positional):] if name in args}
    return positional, keywords


def _is_history(result: Any) -> bool:
    import keras

    return isinstance(result, keras.callbacks.History) and hasattr(result, "history") and hasattr(result, "model")


def call(function: Callable[..., Any], params: list[str], returns: str, path: str, first: Any,
         args: dict[str, Any]) -> Any:
    """The entry point's result, checked to be what the exercise returns."""
    import tensorflow as tf

    name = getattr(function, "__name__", "the entry point")
    positional, keywords = arguments(params, first, args)
    try:
        result = function(*positional, **keywords)
    except MemoryError:
        raise BuildError("memory", "ran out of memory in the entry point") from None
    except BaseException as exc:  # noqa: BLE001
        raise BuildError("crash", f"{name} raised an exception:\n" + learner_trace(exc, path)) from None
    got = "None (did you forget `return`?)" if result is None else f"a {type(result).__name__}"
    if returns == "dataset" and not isinstance(result, tf.data.Dataset):
        raise BuildError("bad-return", f"{name} returned {got}; expected a tf.data.Dataset")
    if returns == "history" and not _is_history(result):
        raise BuildError("bad-return", f"{name} returned {got}; expected the History model.fit returns")
    return result
