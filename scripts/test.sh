#!/usr/bin/env bash
# Run the whole test suite; installs what it needs (locked Python packages, Debian's chromium).
. "$(dirname "$0")/_env.sh" requirements-dev.lock
if [ ! -x /usr/bin/chromium ] || [ ! -d /usr/share/fonts/opentype/noto ]; then
  echo "安装浏览器测试所需的 Debian chromium 和中文字体 ..."
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
fi
# the editors' app tests: Decap CMS's local proxy and YAML writer, exactly as tests/cms locks them
if [ ! -d tests/cms/node_modules ] || [ tests/cms/package-lock.json -nt tests/cms/node_modules ]; then
  if command -v npm >/dev/null 2>&1; then
    echo "安装编辑应用测试所需的 npm 包（tests/cms） ..."
    (cd tests/cms && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error >/dev/null) && touch tests/cms/node_modules
  else
    echo "没有 npm（Node.js 20）：编辑应用的测试会失败" >&2
  fi
fi
echo "ruff：代码检查与格式检查 ..."
ruff check --no-cache .
ruff format --no-cache --check .
if [ "$#" -gt 0 ] && [ "${PORTAL_WHOLE_SUITE:-}" != "1" ]; then
  exec python -m pytest "$@"  # what the arguments name (the leak tests both ways, both engines)
fi
# The whole suite in one session, on both cores (a worker per core, a test file per worker at a
# time, the longest files first: tests/conftest.py orders them and --no-loadscope-reorder keeps
# that order). Every leak test runs without the build cache on MkDocs and with a cache an earlier
# build filled on ProperDocs (tests/leak/conftest.py); the document and error builds run on both
# engines (tests/build/conftest.py). PORTAL_WHOLE_SUITE=1 passes arguments to this run.
exec python -m pytest -n 2 --dist loadfile --no-loadscope-reorder -q "$@"
