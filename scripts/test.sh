#!/usr/bin/env bash
# Sets up everything the test suite needs on a fresh Debian machine, then runs it (this is what CI runs).
#   - Debian's chromium, for the browser tests (audit report rendering, the reader-mode extension);
#   - this package with its test extras (pytest, hypothesis, schemathesis, playwright as a driver only).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "scripts/test.sh: chromium is missing; install Debian's chromium (sudo apt-get install chromium)" >&2
  fi
fi
python3 -m pip install -q --upgrade pip
python3 -m pip install -q -e '.[test]'
python3 -m pytest "$@"
