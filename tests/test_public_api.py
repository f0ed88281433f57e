import types

import grader


def test_all_is_sorted_and_complete():
    assert grader.__all__ == sorted(grader.__all__)
    public = {name for name, value in vars(grader).items()
              if not name.startswith("_") and not isinstance(value, types.ModuleType)}
    assert public == set(grader.__all__)


def test_errors_carry_exit_code_two():
    for error in (grader.GraderError, grader.UsageError, grader.SpecError, grader.DeviceUnavailable):
        assert error.exit_code == 2
