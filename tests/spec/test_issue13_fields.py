"""The spec fields of issue 13: quiz reveal and due, stage-order params and counts_as."""

from datetime import datetime, timezone

import pytest
from pydantic import ValidationError

from grader.spec.models import Exercise, StageOrderCheck

PIPELINE = {"id": "x", "title": "x", "difficulty": "easy", "kind": "pipeline",
            "entry_point": {"name": "f", "params": ["ds"], "signature": "f(ds)"},
            "example": {"input": "tf.data.Dataset.range(5)"},
            "checks": [{"id": "last", "kind": "stage-order", "points": 1, "stages": ["prefetch"], "last": "prefetch"}]}
QUESTION = {"id": "q1", "kind": "quiz", "number": 1, "points": 1, "difficulty": "easy", "question": "?",
            "options": ["a", "b", "c", "d"], "answer": "B", "explanation": "because"}
QUIZ = {"id": "x", "title": "x", "difficulty": "easy", "kind": "quiz", "checks": [QUESTION]}


def test_reveal_defaults_to_never():
    quiz = Exercise.model_validate(QUIZ)
    assert quiz.reveal == "never" and not quiz.reveals_keys()
    assert Exercise.model_validate({**QUIZ, "reveal": "always"}).reveals_keys()


def test_after_due_follows_the_due_date_in_utc():
    quiz = Exercise.model_validate({**QUIZ, "reveal": "after_due", "due": "2026-12-01T12:00:00"})
    assert not quiz.reveals_keys(datetime(2026, 12, 1, 11, 59, tzinfo=timezone.utc))
    assert quiz.reveals_keys(datetime(2026, 12, 1, 12, 0, tzinfo=timezone.utc))


@pytest.mark.parametrize("settings, says", [
    ({"reveal": "after_due"}, "reveal: after_due needs due"),
    ({"reveal": "sometimes"}, "reveal"),
])
def test_bad_reveal_settings_are_spec_errors(settings, says):
    with pytest.raises(ValidationError, match=says):
        Exercise.model_validate({**QUIZ, **settings})


def test_reveal_is_a_quiz_setting():
    with pytest.raises(ValidationError, match="reveal and due are quiz settings"):
        Exercise.model_validate({**PIPELINE, "reveal": "always"})


def test_the_mistakes_are_no_longer_a_hint_that_names_the_wrong_options():
    quiz = Exercise.model_validate({**QUIZ, "checks": [{**QUESTION, "mistakes": ["Thinking a is right"]}]})
    assert quiz.checks[0].hint is None


def test_params_must_name_a_listed_stage():
    with pytest.raises(ValidationError, match=r"not listed in stages: \['shuffle'\]"):
        StageOrderCheck(id="o", kind="stage-order", points=1, stages=["prefetch"],
                        params={"shuffle": {"buffer_size": 8}})


def test_literal_params_need_no_argument():
    check = StageOrderCheck(id="o", kind="stage-order", points=1, stages=["shuffle"],
                            params={"shuffle": {"buffer_size": 8}})
    assert check.required_params == {"shuffle": {"buffer_size": 8}}
