#!/usr/bin/env bash
# Set everything up, then run the main job on the shipped samples: a new home of the demo's
# own, the sample faxes dropped into its inbox, the watcher run once over them, and a summary
# per document with the totals.
#
# The demo never touches an existing home: it makes a new folder, demo-home-<date-time>
# (in this repository's folder, or under INTAKE_DEMO_DIR), and refuses to go on if that
# name is already taken. INTAKE_HOME is ignored. Nothing here deletes anything.
#
# Switches (environment): INTAKE_DEMO_DIR=DIR puts the demo's home under DIR;
# INTAKE_DEMO_FILES="0003.jpg 0009.tif" uses only those files of samples/demo/inbox;
# INTAKE_SKIP_SETUP=1 skips scripts/setup.sh (when .venv is known to be ready);
# PYTHON and INTAKE_WITH_CHROMIUM as in scripts/setup.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
[ "${INTAKE_SKIP_SETUP:-0}" = 1 ] || scripts/setup.sh
unset INTAKE_HOME   # the demo's home is named on every command below, never taken from here

parent=${INTAKE_DEMO_DIR:-$PWD}
mkdir -p "$parent"
HOME_DIR=$(cd "$parent" && pwd)/demo-home-$(date +%Y%m%d-%H%M%S)
if ! mkdir "$HOME_DIR" 2>/dev/null; then   # mkdir fails when the name exists: never reuse a folder
  echo "demo: $HOME_DIR already exists; run the demo again in a second (it never reuses a folder)." >&2
  exit 2
fi
intake() { .venv/bin/intake --home "$HOME_DIR" "$@"; }

intake init >/dev/null
faxes=(${INTAKE_DEMO_FILES:-$(cd samples/demo/inbox && ls | grep -v '\.json$')})
for name in "${faxes[@]}"; do
  cp "samples/demo/inbox/$name" "$HOME_DIR/inbox/"
  [ ! -f "samples/demo/inbox/$name.json" ] || cp "samples/demo/inbox/$name.json" "$HOME_DIR/inbox/"
done
echo "demo: reading the ${#faxes[@]} faxes of samples/demo/inbox in a new home, $HOME_DIR"
intake roster import samples/demo/roster.csv
status=0
OMP_THREAD_LIMIT=1 intake watch --once --no-log-json >/dev/null || status=$?
echo "== per-document summary =="
intake documents
echo
echo "review queue: .venv/bin/intake --home $HOME_DIR review list"
echo "report:       .venv/bin/intake --home $HOME_DIR report --all --out $HOME_DIR/reports"
exit $status
