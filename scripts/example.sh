#!/usr/bin/env bash
# The main job: grade an example learner submission end to end and print its report.
# Usage: bash scripts/example.sh [FILE] [grader submit options...]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
file=${1:-examples/exercise.py}
shift || true
exec .venv/bin/grader submit "$file" "$@"
