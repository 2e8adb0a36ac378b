#!/usr/bin/env bash
# Run the whole test suite; installs what it needs (locked Python packages, Debian's chromium).
. "$(dirname "$0")/_env.sh" requirements-dev.lock
if [ ! -x /usr/bin/chromium ] || [ ! -d /usr/share/fonts/opentype/noto ]; then
  echo "安装浏览器测试所需的 Debian chromium 和中文字体 ..."
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
fi
echo "ruff：代码检查与格式检查 ..."
ruff check --no-cache .
ruff format --no-cache --check .
exec python -m pytest "$@"
