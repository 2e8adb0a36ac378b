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
# The whole suite, on both cores (a worker per core, a test file per worker at a time), the leak
# tests without the build cache (the tests' `mkdocs build` is plain MkDocs, as a district's
# `mkdocs build` without PORTAL_CACHE_DIR; `portal build --no-cache` picks ProperDocs); then the
# second engine: the leak suite (build and serve) with a cache an earlier build filled, and the
# document and error builds once more, with ProperDocs as the tests' `mkdocs build`/`serve` (and
# `portal build` with its cache: what a district runs). So every leak test runs with the cache on
# and off and on both engines (tests/leak/conftest.py); the whole of tests/build a second time
# would add minutes for little.
PORTAL_LEAK_CACHE=no-cache python -m pytest -n 2 --dist loadfile -q "$@"
echo "第二遍：用 ProperDocs 和构建缓存运行泄露测试和部分构建测试 ..."
exec env PORTAL_ENGINE=properdocs PORTAL_LEAK_CACHE=cache python -m pytest -n 2 --dist loadfile \
  -m "not browser and not slow" -p no:randomly -q \
  tests/leak tests/build/test_document_pages.py tests/build/test_build_errors.py
