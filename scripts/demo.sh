#!/usr/bin/env bash
# Set everything up, then run the main job on the shipped samples: a fresh home, the sample
# faxes dropped into its inbox, the watcher run once over them, and a summary per document.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
HOME_DIR=${INTAKE_HOME:-$PWD/demo-home}
rm -rf "$HOME_DIR"
.venv/bin/intake --home "$HOME_DIR" init
cp samples/demo/inbox/* "$HOME_DIR/inbox/"
.venv/bin/intake --home "$HOME_DIR" roster import samples/demo/roster.csv
status=0
.venv/bin/intake --home "$HOME_DIR" watch --once || status=$?
echo
echo "== per-document summary =="
.venv/bin/intake --home "$HOME_DIR" documents
echo
echo "review queue: .venv/bin/intake --home $HOME_DIR review list"
echo "report:       .venv/bin/intake --home $HOME_DIR report --all --out $HOME_DIR/reports"
exit $status
