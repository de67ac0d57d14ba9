#!/usr/bin/env bash
# Set everything up (with what only the tests need: tmux, and Chromium unless
# INTAKE_WITH_CHROMIUM=0), then run the test suite (add --runslow for the long soak runs).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --for-tests
export OMP_THREAD_LIMIT=1
exec .venv/bin/python -m pytest -q -p no:cacheprovider "$@"
