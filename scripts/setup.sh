#!/usr/bin/env bash
# Set up everything intake needs on a Debian/Ubuntu machine: system programs through
# apt-get when missing, a virtual environment in .venv, and the package with its tests' extras.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v tesseract >/dev/null || need+=(tesseract-ocr)
if command -v tesseract >/dev/null; then
  langs=$(tesseract --list-langs 2>/dev/null || true)
  grep -qx eng <<<"$langs" || need+=(tesseract-ocr-eng)
  grep -qx osd <<<"$langs" || need+=(tesseract-ocr-osd)
else
  need+=(tesseract-ocr-eng tesseract-ocr-osd)
fi
command -v pdftoppm >/dev/null || need+=(poppler-utils)
command -v tmux >/dev/null || need+=(tmux)
if [ "${INTAKE_WITH_CHROMIUM:-1}" = 1 ] && ! command -v chromium >/dev/null; then need+=(chromium); fi
fc-list 2>/dev/null | grep -qi "DejaVu Sans" || need+=(fonts-dejavu-core)
# the sample generator's typefaces (samples/layouts.py; DejaVu stands in when absent)
[ -d /usr/share/fonts/truetype/liberation2 ] || need+=(fonts-liberation2)
[ -d /usr/share/fonts/opentype/urw-base35 ] || need+=(fonts-urw-base35)
[ -d /usr/share/fonts/truetype/freefont ] || need+=(fonts-freefont-ttf)
if [ ${#need[@]} -gt 0 ]; then
  echo "setup: installing ${need[*]}" >&2
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip >/dev/null 2>&1 || true
.venv/bin/python -m pip install -q -e ".[test]"
echo "setup: ready ($(tesseract --version 2>&1 | head -1), pdftoppm $(pdftoppm -v 2>&1 | head -1 | awk '{print $3}'))" >&2
