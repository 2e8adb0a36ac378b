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
exec python -m pytest "$@"
