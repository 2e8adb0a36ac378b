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
if [ "$#" -gt 0 ] && [ "${PORTAL_BOTH_ENGINES:-}" != "1" ]; then
  exec python -m pytest "$@"
fi
python -m pytest "$@"
# The second engine: the leak suite (build and serve) and the document and error builds once more
# with ProperDocs as the tests' `mkdocs build`/`serve` (the whole of tests/build a second time
# would add minutes for little; `portal build` already runs ProperDocs in the first pass).
echo "第二遍：用 ProperDocs 运行泄露测试和部分构建测试 ..."
exec env PORTAL_ENGINE=properdocs python -m pytest -m "not browser and not slow" -p no:randomly -q \
  tests/leak tests/build/test_document_pages.py tests/build/test_build_errors.py
