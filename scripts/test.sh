#!/usr/bin/env bash
# Run the whole test suite; installs what it needs (locked Python packages, Debian's chromium).
. "$(dirname "$0")/_env.sh" requirements-dev.lock
if [ ! -x /usr/bin/chromium ]; then
  echo "安装浏览器测试所需的 Debian chromium ..."
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
exec python -m pytest "$@"
