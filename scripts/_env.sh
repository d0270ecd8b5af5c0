# Sourced by scripts/serve and scripts/test: a Python 3.11 virtualenv with the project installed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
# Install the Debian packages named, unless every one of them is already there.
need_packages() {
  if ! dpkg -s "$@" >/dev/null 2>&1; then
    as_root apt-get update -qq
    as_root apt-get install -y -qq "$@"
  fi
}

PYTHON=${PYTHON:-python3.11}
if ! command -v "$PYTHON" >/dev/null; then
  echo "Python 3.11 est requis (commande $PYTHON introuvable)." >&2
  exit 1
fi
if [ ! -x .venv/bin/python ]; then
  if ! "$PYTHON" -m venv .venv 2>/dev/null; then
    # Debian/Ubuntu ship venv separately.
    rm -rf .venv
    as_root apt-get update -qq && as_root apt-get install -y -qq python3.11-venv || as_root apt-get install -y -qq python3-venv
    "$PYTHON" -m venv .venv
  fi
fi

# Reinstall only when the dependency list changed.
extras=${1:-}
stamp=".venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)${extras:+-$extras}"
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".${extras:+[$extras]}"
  touch "$stamp"
fi
export PATH="$PWD/.venv/bin:$PATH"
