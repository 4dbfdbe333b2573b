#!/usr/bin/env bash
# Set up .venv with corridors installed from this checkout (a normal, non-editable install).
#   bash scripts/setup.sh          the toolkit
#   bash scripts/setup.sh --test   the toolkit, the test tools and Debian's chromium for browser tests
# Works on a fresh Debian machine that has only Python 3: it installs python3-venv and
# chromium with apt-get when they are missing (as root, or through sudo).
set -euo pipefail
cd "$(dirname "$0")/.."

apt_install() {
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}

if ! python3 -c "import ensurepip, venv" 2>/dev/null; then
  apt_install python3-venv
fi
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip

if [ "${1:-}" = "--test" ]; then
  .venv/bin/python -m pip install -q ".[test]"
  [ -x /usr/bin/chromium ] || apt_install chromium
else
  .venv/bin/python -m pip install -q .
fi
