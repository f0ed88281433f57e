"""The property probe's set-up: generated inputs never depend on which code happens to be loaded."""

import importlib

from hypothesis.internal.conjecture import providers

from grader.evaluate import properties


def test_constants_in_loaded_code_never_reach_the_generated_inputs(tmp_path, monkeypatch):
    monkeypatch.setattr(providers, "_get_local_constants", providers._get_local_constants)  # undone afterwards
    (tmp_path / "learner_constants.py").write_text("MAGIC = 987654321\nWORD = 'grader-magic-word'\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    importlib.import_module("learner_constants")
    if providers._get_local_constants is not providers.Constants:  # Hypothesis as shipped reads them
        assert 987654321 in providers._get_local_constants().integers
    properties._without_local_constants()
    drawn = providers._get_local_constants()
    assert 987654321 not in drawn.integers and "grader-magic-word" not in drawn.strings


def test_priming_leaves_later_draws_unchanged(monkeypatch):
    from hypothesis import find, settings

    monkeypatch.setattr(providers, "_get_local_constants", providers._get_local_constants)

    from grader.tfdata.strategies import datasets

    def first_long(prime: bool) -> dict:
        if prime:
            properties.prime()
        return find(datasets(), lambda d: d["length"] > 3,
                    settings=settings(derandomize=True, database=None, max_examples=50))

    assert first_long(False) == first_long(True)
