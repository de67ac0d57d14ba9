#!/usr/bin/env bash
# Set everything up (with what only the tests need: tmux, and Chromium unless
# INTAKE_WITH_CHROMIUM=0), then run the test suite (add --runslow for the long soak runs).
# The tests run in as many processes as there are cores, at most four (pytest-xdist; set
# INTAKE_TEST_WORKERS=0 to run them in this one process).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --for-tests
# The machine's cores, whatever OMP_THREAD_LIMIT or OMP_NUM_THREADS say: nproc honours them
# (with the limit set below it had counted one core, and the suite ran in one worker).
cores=$(env -u OMP_THREAD_LIMIT -u OMP_NUM_THREADS nproc)
export OMP_THREAD_LIMIT=1
workers=${INTAKE_TEST_WORKERS:-$(( cores < 4 ? cores : 4 ))}
exec .venv/bin/python -m pytest -q -p no:cacheprovider -n "$workers" "$@"
