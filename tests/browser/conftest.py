"""The browser layer's shared fixtures: the demo portal (content/, catalogs/) built once for the
whole session with `portal build` and served on 127.0.0.1, and Debian's chromium."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import pytest
from helpers import built_demo

CHROMIUM = Path("/usr/bin/chromium")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="session")
def demo(tmp_path_factory) -> str:
    """The demo portal, built once and served on 127.0.0.1: its base URL."""
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is missing: scripts/test.sh installs it")
    out = built_demo(tmp_path_factory)  # shared with the other worker (helpers.py)
    handler = functools.partial(_QuietHandler, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="module")
def chromium():
    """One headless Debian chromium for a module (a module of its own may start Playwright
    again: one sync Playwright runs at a time)."""
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is missing: scripts/test.sh installs it")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            yield browser
        finally:
            browser.close()
