"""Progress bars show on a terminal and stay out of CI logs and pipes."""

from __future__ import annotations

import io
import sys

import pytest

from disclosure_portal import progress


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("env", "tty", "expected"),
    [
        ({}, True, True),
        ({}, False, False),
        ({"CI": "true"}, True, False),
        ({"PORTAL_PROGRESS": "0"}, True, False),
        ({"PORTAL_PROGRESS": "1", "CI": "true"}, False, True),
    ],
)
def test_progress_only_on_a_terminal_outside_ci(monkeypatch, env, tty, expected):
    for key in ("CI", "PORTAL_PROGRESS"):
        monkeypatch.delenv(key, raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setattr(sys, "stderr", _Terminal() if tty else io.StringIO())
    assert progress.enabled() is expected


def test_track_draws_a_bar_with_count_rate_and_time_left(monkeypatch):
    monkeypatch.setenv("PORTAL_PROGRESS", "1")
    monkeypatch.setattr(sys, "stderr", _Terminal())
    assert list(progress.track(range(300), 300, "读取并校验文件")) == list(range(300))
    drawn = sys.stderr.getvalue()
    # drawn at the start (and at most twice a second): phase, count/total, rate, time left
    assert "读取并校验文件" in drawn and "/300" in drawn and "个/s" in drawn and "<" in drawn
    monkeypatch.setattr(sys, "stderr", _Terminal())
    assert list(progress.track(range(10), 10, "少量")) == list(
        range(10)
    )  # too few to be worth a bar
    assert sys.stderr.getvalue() == ""
