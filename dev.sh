#!/usr/bin/env bash
# Set-up and everyday commands. Makes its own virtual environment in .venv.
#   ./dev.sh site   build the sample site from seeds/ into site/
#   ./dev.sh test   run the whole test suite (installs Debian's chromium when missing, as root)
set -euo pipefail
cd "$(dirname "$0")"

PY=${PYTHON:-python3}
VENV=.venv

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else "$@"; fi; }

apt_install() {
  if command -v apt-get >/dev/null; then
    as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
  else
    echo "dev.sh: please install: $*" >&2; return 1
  fi
}

venv() {
  if [ ! -x "$VENV/bin/python" ]; then
    if ! "$PY" -m venv "$VENV" 2>/dev/null; then
      rm -rf "$VENV"
      apt_install python3-venv
      "$PY" -m venv "$VENV"
    fi
  fi
  # reinstall only when the project's metadata changed
  local stamp="$VENV/.installed"
  if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    "$VENV/bin/python" -m pip install -q --upgrade pip >/dev/null
    "$VENV/bin/python" -m pip install -q -e '.[test]'
    touch "$stamp"
  fi
}

chromium_present() { command -v chromium >/dev/null || [ -x /usr/bin/chromium ]; }

case "${1:-}" in
  site)
    venv
    "$VENV/bin/timeline" build seeds/ -o site/
    echo "open site/index.html"
    ;;
  test)
    venv
    chromium_present || apt_install chromium || echo "dev.sh: chromium could not be installed; the browser tests will fail" >&2
    shift
    "$VENV/bin/python" -m pytest "$@"
    ;;
  *)
    echo "usage: ./dev.sh site | ./dev.sh test [pytest args]" >&2
    exit 2
    ;;
esac
