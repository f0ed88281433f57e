"""``grader export gradescope ID``: the autograder zip Gradescope asks for.

The zip holds ``setup.sh`` (installs Python 3.11 and the grader), ``run_autograder`` (grades
the submission into ``/autograder/results/results.json``), the grader's source, and the
exercise's catalog folder, so hidden checks travel with the zip and never with learners.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from grader import catalog

SETUP = """#!/usr/bin/env bash
# Gradescope runs this once, when the autograder image is built.
set -euo pipefail
root=${AUTOGRADER:-/autograder}
apt-get update
apt-get install -y python3 python3-venv python3-pip
python3 -m venv "$root/venv"
"$root/venv/bin/pip" install --upgrade pip
"$root/venv/bin/pip" install "$root/source/grader-src"
"""

RUN = """#!/usr/bin/env bash
# Gradescope runs this for every submission.
set -uo pipefail
root=${{AUTOGRADER:-/autograder}}
cd "$root/submission"
file=$(ls {pattern} 2>/dev/null | head -n 1)
if [ -z "$file" ]; then
  file=$(find . -maxdepth 2 -name '{suffix_glob}' | head -n 1)
fi
export GRADER_EXERCISES="$root/source/catalog"
mkdir -p "$root/results"
if [ -z "$file" ]; then
  printf '{{"score": 0, "output": "No {suffix_glob} file found in the submission."}}\\n' \\
    > "$root/results/results.json"
  exit 0
fi
"$root/venv/bin/grader" submit "$file" --exercise {exercise} --format gradescope \\
  --output "$root/results/results.json"
exit 0
"""

_SOURCE = ("pyproject.toml", "README.md")


def gradescope_zip(exercise_id: str, output: Path) -> Path:
    """Write the autograder zip for one exercise; returns its path."""
    exercise = catalog.load_exercise(exercise_id)
    root = Path(__file__).resolve().parents[1]
    quiz = exercise.kind == "quiz"
    pattern = "answers.yaml *.yaml *.yml" if quiz else "exercise.py *.py"
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in (("setup.sh", SETUP), ("run_autograder", RUN.format(
                pattern=pattern, suffix_glob="*.yaml" if quiz else "*.py", exercise=exercise_id))):
            info = zipfile.ZipInfo(name)
            info.external_attr = 0o755 << 16
            archive.writestr(info, text)
        for name in _SOURCE:
            archive.write(root / name, f"grader-src/{name}")
        for path in sorted((root / "grader").rglob("*.py")):
            archive.write(path, f"grader-src/{path.relative_to(root)}")
        for path in sorted((root / "exercises").rglob("*")):  # the wheel's catalog needs the folder
            if path.is_file():
                archive.write(path, f"grader-src/{path.relative_to(root)}")
        for path in sorted(Path(exercise.folder).rglob("*")):
            if path.is_file():
                archive.write(path, f"catalog/{exercise_id}/{path.relative_to(exercise.folder)}")
    return output
