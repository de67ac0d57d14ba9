#!/usr/bin/env bash
# Set up everything intake needs on a Debian/Ubuntu machine, quietly, and only what is missing:
# the system packages below through apt-get (root, or sudo), a virtual environment in .venv,
# and the package with its tests' extras (pip runs again only when pyproject.toml changed).
#
#   scripts/setup.sh              what the demo and the command need
#   scripts/setup.sh --for-tests  also what the tests need (tmux; Chromium unless INTAKE_WITH_CHROMIUM=0)
#
# Switches (environment): PYTHON=python3.12 picks the interpreter for a new .venv (3.11 or later);
# INTAKE_WITH_CHROMIUM=0 or 1 leaves out or adds Chromium (default: 1 with --for-tests, else 0).
set -euo pipefail
cd "$(dirname "$0")/.."

for_tests=0
[ "${1:-}" = "--for-tests" ] && for_tests=1

# The Debian packages, one list: add a new one here (the tests' own ones below).
PACKAGES=(
  tesseract-ocr tesseract-ocr-eng tesseract-ocr-osd   # Tesseract 5 with its eng and osd data
  poppler-utils                                       # pdftoppm: PDF pages to images
  fonts-dejavu-core                                   # the fonts of the sample generator and the tests
  fonts-liberation2 fonts-urw-base35 fonts-freefont-ttf   # more typesets' fonts for the sample generator
)
with_chromium=${INTAKE_WITH_CHROMIUM:-$for_tests}
if [ $for_tests = 1 ]; then PACKAGES+=(tmux); fi            # the interactive tests' terminals
if [ "$with_chromium" = 1 ]; then PACKAGES+=(chromium chromium-driver); fi  # the report's and the desk's tests (headless)

PY=${PYTHON:-python3}
# Debian's own Python makes a venv only with python3-venv (its ensurepip).
if [ ! -x .venv/bin/python ] && ! "$PY" -c 'import ensurepip' 2>/dev/null; then PACKAGES+=(python3-venv); fi

installed() {  # true when dpkg knows the package as installed
  [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null || true)" = installed ]
}

if command -v dpkg-query >/dev/null; then
  need=()
  for p in "${PACKAGES[@]}"; do installed "$p" || need+=("$p"); done
  if [ ${#need[@]} -gt 0 ]; then
    echo "setup: installing ${need[*]} (apt-get)" >&2
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
    log=$(mktemp)
    if ! { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq \
           --no-install-recommends "${need[@]}"; } >"$log" 2>&1; then
      cat "$log" >&2; rm -f "$log"; echo "setup: apt-get failed (above); it needs root or sudo" >&2; exit 1
    fi
    rm -f "$log"
  fi
else
  for tool in tesseract pdftoppm; do
    command -v "$tool" >/dev/null || echo "setup: $tool is missing; install Tesseract 5 (eng, osd) and Poppler" >&2
  done
fi

if [ ! -x .venv/bin/python ]; then
  "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || {
    echo "setup: $PY is not Python 3.11 or later; set PYTHON=python3.11 (or later)" >&2; exit 2; }
  echo "setup: making .venv with $("$PY" --version 2>&1)" >&2
  "$PY" -m venv .venv
fi

# pip runs only when pyproject.toml (the dependencies) changed since the last install.
stamp=.venv/.intake-installed
want=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ ! -x .venv/bin/intake ] || [ "$(cat "$stamp" 2>/dev/null || true)" != "$want" ]; then
  echo "setup: installing the Python packages into .venv (pip)" >&2
  export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_ROOT_USER_ACTION=ignore PIP_NO_WARN_SCRIPT_LOCATION=1
  export PYTHONWARNINGS=ignore   # setuptools' deprecation notices inside the build
  log=$(mktemp)
  if ! .venv/bin/python -m pip install -q -e ".[test]" >"$log" 2>&1; then
    cat "$log" >&2; rm -f "$log"; echo "setup: pip failed (above)" >&2; exit 1
  fi
  rm -f "$log"
  echo "$want" >"$stamp"
fi
echo "setup: ready ($(tesseract --version 2>&1 | head -1), pdftoppm $(pdftoppm -v 2>&1 | head -1 | awk '{print $3}'))" >&2
