# Shared by scripts/demo.sh and scripts/test.sh: make .venv and install the locked packages.
# Usage: . scripts/_env.sh <lock file>
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LOCK="$ROOT/${1:-requirements.lock}"
VENV="$ROOT/.venv"
export NO_MKDOCS_2_WARNING=1 DISABLE_MKDOCS_2_WARNING=true PIP_DISABLE_PIP_VERSION_CHECK=1

pick_python() {
  for candidate in python3.13 python3.12 python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(not (3, 11) <= sys.version_info[:2] < (3, 14))' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  echo "需要 Python 3.11–3.13（mkdocs-material 9.8 要求 3.11 及以上）" >&2
  return 1
}

if [ ! -x "$VENV/bin/python" ]; then
  "$(pick_python)" -m venv "$VENV"
fi
stamp="$VENV/.installed-$(basename "$LOCK")"
if [ ! -f "$stamp" ] || [ "$LOCK" -nt "$stamp" ] || [ "$ROOT/pyproject.toml" -nt "$stamp" ]; then
  "$VENV/bin/python" -m pip install --quiet --require-hashes -r "$LOCK"
  "$VENV/bin/python" -m pip install --quiet --no-deps -e "$ROOT"
  touch "$stamp"
fi
export PATH="$VENV/bin:$PATH"
cd "$ROOT"
