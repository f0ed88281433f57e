"""The property probe: try the learner's entry point on many generated datasets.

Hypothesis runs here, in the evaluator: each generated input goes to the builder as a graph, and
each result comes back as one, rebuilt, read and compared here.

Hypothesis runs from a fixed seed, with no example database and a fixed example budget, so the
same submission always sees the same examples (and an edit to this file does not change them, as
Hypothesis' own derandomizing, a hash of the test's source, would). Hypothesis 6.131 and later
also mix into their draws the constants found in "local" modules, which would make the examples
depend on where the grader is installed (editable or not) and on which modules the process
happened to import (a warm worker imports more than a cold child): ``_without_local_constants``
turns that off. The parent's judge re-checks the final (smallest) failing example's data with the same comparison
before it decides.
"""

from __future__ import annotations

import json
from typing import Any, Callable

from grader.builder.learner import first_line
from grader.evaluate.client import SubmissionError
from grader.evaluate.expressions import evaluate


EXAMPLES_SEED = 20261124


class _Failed(AssertionError):
    """Raised inside the Hypothesis test when an example fails."""


def _underlying(exc: BaseException) -> BaseException | None:
    """The first exception inside a Hypothesis error (FlakyFailure is a group of the real failures)."""
    from hypothesis.errors import HypothesisException

    for inner in getattr(exc, "exceptions", ()):
        if isinstance(inner, _Failed):
            continue
        found = _underlying(inner) if isinstance(inner, HypothesisException) else inner
        if found is not None:
            return found
    return None


def _library_failure(exc: BaseException, seen: dict[str, Any], failed: Callable[..., _Failed]) -> None:
    """Hypothesis gave up with its own error (e.g. a failure that did not repeat when replayed): report
    the failure that was seen in plain words, never the library's error or a guess at its cause."""
    if seen["failure"] is not None:  # the example that failed, with what it gave: that is the finding
        return
    case: dict[str, Any] = {"input": None, "args": {}, "expected": None, "got": None}
    inner = _underlying(exc)
    if inner is not None:
        failed(case, f"running your function on a generated input raised {type(inner).__name__}: {first_line(inner)}")
    else:
        failed(case, "the generated inputs could not be checked (none completed); run the example from the "
                     "prompt and make sure your function returns a dataset for every input")


def _split_args(args: dict[str, Any]) -> tuple[dict[str, Any], dict[str, tuple[str, Any]]]:
    """Strategies to draw from, and fixed values with the source text that made them."""
    from hypothesis import strategies as st

    drawn, fixed = {}, {}
    for name, value in args.items():
        made = evaluate(value, {"st": st}) if isinstance(value, str) else value
        if isinstance(made, st.SearchStrategy):
            drawn[name] = made
        else:
            fixed[name] = (value if isinstance(value, str) else repr(value), made)
    return drawn, fixed


def _without_local_constants() -> None:
    """Draw only from Hypothesis' own constants, never from the code that happens to be loaded."""
    from hypothesis.internal.conjecture import providers

    if hasattr(providers, "_get_local_constants") and hasattr(providers, "Constants"):
        providers._get_local_constants = providers.Constants  # an empty set each time


def prime() -> None:
    """Run Hypothesis once on the dataset strategy with no TensorFlow op, so that a process forked
    afterwards (a warm worker's child) finds its one-time set-up done: imports, the character
    tables, the strategies' validation. It changes no later draw: each test is seeded alone."""
    from hypothesis import HealthCheck, given, settings

    from grader.tfdata import strategies

    _without_local_constants()

    @settings(max_examples=5, derandomize=True, database=None, deadline=None, print_blob=False,
              suppress_health_check=list(HealthCheck))
    @given(description=strategies.datasets())
    def drawn(description: dict[str, Any]) -> None:
        strategies.code(description)

    drawn()


def _replayable(order: list[tuple[dict[str, Any], dict[str, Any], dict[str, str]]]) -> list[dict[str, Any]] | None:
    """The examples in the order they were tried, as data (JSON, drawn values as their repr, the
    input in its wire form), or None if a drawn value would not come back equal from its repr."""
    import ast

    replay = []
    for description, drawn, sent in order:
        shown = {name: repr(value) for name, value in drawn.items()}
        for name, text in shown.items():
            try:
                back = ast.literal_eval(text)
            except (ValueError, SyntaxError):
                return None
            if type(back) is not type(drawn[name]) or back != drawn[name]:
                return None
        replay.append({"description": json.loads(json.dumps(description)), "drawn": shown, "input": sent})
    return replay


def run_property(probe: dict[str, Any], learner: Any, known: dict[str, Any] | None = None) -> dict[str, Any]:
    """Search for an input on which the learner's output differs from ``expected``.

    ``known`` is what a reference run found: ``expected`` maps a generated input (its code and
    arguments) to its expected output (None where the property does not apply); ``replay`` lists
    the inputs Hypothesis tried, in order, and ``examples`` how many. Inputs the table lacks are
    computed here, and added to it. With ``learner`` None, this is that reference run: it only
    fills ``known``.

    With a replay list, the learner's function is first run on exactly those inputs, with no
    Hypothesis engine: derandomized Hypothesis tries the same inputs, in the same order, for every
    submission that passes them all, so a passing submission gets the same result for far less
    work. On a failure, Hypothesis runs as it would have without the list, to shrink the failing
    input the same way."""
    import ast

    from hypothesis import HealthCheck, Phase, given, seed, settings
    from hypothesis import strategies as st
    from hypothesis.errors import HypothesisException

    from grader.checks.equivalence import compare
    from grader.evaluate.client import Encoded, load_problem, load_tokens
    from grader.tfdata.inputs import load_calls
    from grader.tfdata import strategies, wire
    from grader.tfdata.values import materialize, plain_spec

    _without_local_constants()
    expected_of = evaluate(f"lambda ds, args: (lambda {', '.join(['ds', *probe['args']])}: "
                           f"{probe['expected']})(ds, **args)", {})
    view = evaluate(f"lambda out: {probe.get('view') or 'out'}", {})
    arg_strategies, fixed = _split_args(probe["args"])
    sources = {name: source for name, (source, _) in fixed.items()}
    seen: dict[str, Any] = {"examples": 0, "failure": None}
    known = {} if known is None else known
    table = known.setdefault("expected", {})
    order: list[tuple[dict[str, Any], dict[str, Any], dict[str, str]]] = []

    def failed(case: dict[str, Any], error: str | None = None) -> _Failed:
        case["error"] = error
        seen["failure"] = case
        return _Failed()

    def check(description: dict[str, Any], drawn: dict[str, Any], sent: dict[str, str] | None = None) -> None:
        """One example: raises ``_Failed`` if the learner's output is wrong, ``reject()`` if the
        property does not apply to it. ``sent``: the input's wire form, from a reference run."""
        seen["examples"] += 1
        args = {**drawn, **{name: value for name, (_, value) in fixed.items()}}
        shown = {**{name: repr(value) for name, value in drawn.items()},
                 **{name: source for name, (source, _) in fixed.items()}}
        case: dict[str, Any] = {"input": strategies.code(description), "args": shown, "expected": None, "got": None, "error": None}
        key = json.dumps([case["input"], shown], sort_keys=True)
        # immutable: the reference and the learner read the same one
        given = Encoded(sent) if sent is not None and key in table else strategies.build(description)
        if learner is None:
            order.append((description, drawn, wire.encode_dataset(given)))
        if key not in table:
            try:
                table[key] = materialize(expected_of(given, args), 10_000)
            except Exception:  # noqa: BLE001 - the property does not apply to this input (e.g. preprocess on bool)
                table[key] = None
        if table[key] is None:
            from hypothesis import reject

            reject()
        case["expected"] = table[key]
        if learner is None:
            return
        try:
            out = learner.call({"property": case["input"], **shown}, (given, args, sources)).dataset
        except SubmissionError as exc:
            raise failed(case, exc.message) from None
        try:
            viewed = view(out)
        except Exception as exc:  # noqa: BLE001
            raise failed(case, f"the elements ({plain_spec(out.element_spec)}) cannot be read as this check "
                               f"reads them: {type(exc).__name__}: {first_line(exc)}") from None
        tokens = load_tokens(given, args)
        before = sum(load_calls(token) for token in tokens)
        try:
            case["got"] = materialize(viewed, len(case["expected"]["elements"]) + 1)
        except Exception as exc:  # noqa: BLE001
            raise failed(case, f"reading the returned dataset failed: {type(exc).__name__}: {first_line(exc)}") from None
        calls = sum(load_calls(token) for token in tokens) - before
        if tokens and not case["got"]["truncated"] and calls != description["length"]:
            raise failed(case, load_problem(calls, description["length"])["error"]["message"])
        if not compare("", case["expected"], case["got"], probe["match"]).passed:
            raise failed(case)

    @seed(EXAMPLES_SEED)
    @settings(max_examples=probe["max_examples"], derandomize=True, database=None, deadline=None,
              phases=[Phase.explicit, Phase.generate, Phase.shrink], report_multiple_bugs=False,
              suppress_health_check=list(HealthCheck), print_blob=False)
    @given(description=strategies.datasets(probe["max_length"], probe["structures"], tuple(probe["dtypes"])),
           drawn=st.fixed_dictionaries(arg_strategies))
    def holds(description: dict[str, Any], drawn: dict[str, Any]) -> None:
        check(description, drawn)

    replay = known.get("replay") if learner is not None else None
    if replay is not None:
        from hypothesis.errors import UnsatisfiedAssumption

        try:
            for example in replay:
                try:
                    check(example["description"], {name: ast.literal_eval(text) for name, text in example["drawn"].items()},
                          example.get("input"))
                except UnsatisfiedAssumption:
                    continue
        except _Failed:
            pass
        if seen["failure"] is None and seen["examples"] == known.get("examples"):
            return {"examples": seen["examples"], "failure": None}
        first_found = seen["failure"]
        seen.update(examples=0, failure=None)
    else:
        first_found = None
    try:
        holds()
    except _Failed:
        pass
    except HypothesisException as exc:  # e.g. Flaky: an example failed once and passed when replayed
        _library_failure(exc, seen, failed)
    if seen["failure"] is None and first_found is not None:
        seen["failure"] = first_found  # failed once, passed when searched again: the failure seen is the finding
    if learner is None:
        known.update(replay=_replayable(order), examples=seen["examples"])
    return {"examples": seen["examples"], "failure": seen["failure"]}
