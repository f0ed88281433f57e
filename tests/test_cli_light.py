"""`grader --help` and `grader list` must not wait for TensorFlow."""

import subprocess
import sys

import pytest

PROBE = """
import sys
from grader.cli import app
try:
    app([{args}])
except SystemExit as exit:
    code = exit.code
heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('tensorflow', 'keras', 'numpy', 'hypothesis'))
print('HEAVY', heavy)
"""


@pytest.mark.parametrize("args", ["'--help'", "'list'", "'show', 'prefetch-basics'", "'schema'"])
def test_light_commands_do_not_import_tensorflow(args):
    result = subprocess.run([sys.executable, "-c", PROBE.format(args=args)], capture_output=True, text=True,
                            timeout=60)
    assert "HEAVY []" in result.stdout, result.stdout + result.stderr
