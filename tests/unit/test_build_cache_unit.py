"""The build cache's pieces on their own: the stamp's placeholders, the scan of the places where
the stamp's values go in, verdicts tied to bytes and fingerprints, entries that check themselves,
and keys that have one canonical form or none."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from disclosure_portal import cache
from disclosure_portal.cache import (
    BuildCache,
    CacheError,
    Uncacheable,
    canonical,
    digest,
    pack,
    remembered_forms,
    shared_form,
    text_form,
    unpack,
)
from disclosure_portal.engine.reuse import _form
from disclosure_portal.model.problems import Severity
from disclosure_portal.model.textform import normalize
from disclosure_portal.plan.build import (
    STAMP_TOKENS,
    stamp_placeholders,
    stamped_bytes,
    stamped_text,
    with_stamp,
)
from disclosure_portal.plan.stamp import stamped_tail
from disclosure_portal.verify.fingerprints import Fingerprint, Fingerprints, Matcher
from disclosure_portal.verify.leakcheck import (
    longest,
    scan_file,
    scan_site,
    scan_tail_window,
    scan_window,
)
from disclosure_portal.verify.manifest import file_digests, sha256_of_files

REAL = {
    "date": "2026-12-01",
    "generator": "disclosure-portal",
    "version": "0.1.0",
    "commit": "abc123def456",
}


def fingerprints(*texts: str) -> Fingerprints:
    entries = {normalize(t): Fingerprint(normalize(t), "content/w.md", "标题", t) for t in texts}
    return Fingerprints(Matcher(entries), {}, len(texts), digest(sorted(texts)))


def test_placeholders_stand_for_the_values_that_change_and_go_in_as_written():
    shown, values = stamp_placeholders(REAL)
    assert shown["date"] == STAMP_TOKENS["date"] and shown["commit"] == STAMP_TOKENS["commit"]
    assert shown["version"] == "0.1.0"  # the same for every build of one install
    page = f'<meta content="v; 内容版本 {shown["commit"]}; 生成于 {shown["date"]}">'
    written, spans = with_stamp(page, values)
    assert written == '<meta content="v; 内容版本 abc123def456; 生成于 2026-12-01">'
    assert [written[a:b] for a, b in spans] == ["abc123def456", "2026-12-01"]
    # an empty value stays empty (a template that tests it renders alike); an unusual one is
    # rendered as it is
    shown, values = stamp_placeholders(REAL | {"commit": "", "date": "2026/12/01 <x>"})
    assert shown["commit"] == "" and shown["date"] == "2026/12/01 <x>" and values == {}


def _stamp_reference(output: str, values: dict[str, str]) -> tuple[str, list[tuple[int, int]]]:
    """The stamp put in by a regular expression over every placeholder, left to right."""
    pattern = re.compile("|".join(re.escape(t) for t in STAMP_TOKENS.values()))
    parts, spans, last, size = [], [], 0, 0
    for m in pattern.finditer(output):
        value = values.get(m.group(0))
        if value is None:
            continue
        parts.append(output[last : m.start()])
        size += m.start() - last
        parts.append(value)
        spans.append((size, size + len(value)))
        size += len(value)
        last = m.end()
    return ("".join(parts) + output[last:], spans) if spans else (output, [])


_PIECES = st.sampled_from(
    [
        *STAMP_TOKENS.values(),
        "portal-stamp-",
        "portal-stamp-date-x7q2k",
        "9",
        "x7q2k9",
        "<p>正文</p>",
        "\ud800",  # a lone surrogate: the cache keeps it, the engine writes it as &#55296;
        "\ud7a3",  # 힣: UTF-8 starts with 0xED, as a stored surrogate does
        "😀",
        "p",
    ]
)


@settings(deadline=None)
@given(
    st.lists(_PIECES, max_size=12).map("".join),
    st.sampled_from([REAL, REAL | {"commit": "9abc"}, REAL | {"date": "", "commit": "x"}, {}]),
)
def test_the_stamp_goes_in_as_one_pass_over_text_and_over_stored_bytes(page, real):
    _, values = stamp_placeholders(real)
    written, spans = with_stamp(page, values)
    assert (written, spans) == _stamp_reference(page, values)
    stored = page.encode("utf-8", "surrogatepass")  # as the build cache stores a page
    assert stamped_bytes(stored, values) == written.encode("utf-8", errors="xmlcharrefreplace")


_PAGE_PIECES = st.sampled_from(
    [
        "<p>公开的正文。</p>",
        "<p>",
        "</p>",
        '<i class="x"></i>',
        '<meta content="',
        '">',
        "机密",
        "编号",
        "号",
        "文字",
        " ",
        "&amp;",
        "é",
        "😀",
        "生成于 ",
        "内容版本 ",
        STAMP_TOKENS["date"],
        STAMP_TOKENS["commit"],
    ]
)


@settings(deadline=None, max_examples=300)
@given(
    st.lists(_PAGE_PIECES, max_size=60).map("".join),
    st.lists(_PAGE_PIECES, max_size=12).map("".join),
    st.integers(min_value=0, max_value=400),
    st.sampled_from(["机密编号abc123def456号", "文字2026-12-01", "号</p><p>机密", "机密编号"]),
    st.sampled_from(["", f"<p>机密编号{STAMP_TOKENS['commit']}号</p>", "<p>文字"]),
)
def test_the_end_of_a_page_is_searched_exactly_as_the_whole_page_or_not_at_all(
    body, footer, before, secret_text, planted
):
    """The leak scan's process decodes only the end of a stored page (`stamped_tail`): the
    bytes written are the page's, and the windows searched in that end are the whole page's
    windows (the same hits), or the end says it holds too little and the page is searched whole."""
    _, values = stamp_placeholders(REAL)
    page = body + "<p>公开的正文。</p>" * 8 + "<footer>" + planted + footer + "</footer>"
    payload = page.encode("utf-8")
    tail = stamped_tail(payload, values, before)
    assert tail is not None
    final, end, spans, whole = tail
    assert final == stamped_bytes(payload, values)
    text = stamped_text(payload, values)
    assert text is not None and final == text[0]
    assert text[1].endswith(end) and len(spans) == len(text[2])
    shift = len(text[1]) - len(end)
    assert [(a + shift, b + shift) for a, b in spans] == text[2]
    assert whole == (shift == 0) or not spans
    secret = fingerprints(secret_text)
    full = scan_window("p/index.html", text[1], text[2], secret, longest(secret))
    found = scan_tail_window("p/index.html", end, spans, secret, longest(secret))
    assert found is None or found == full
    if whole:  # the end is the whole text: searched as such (scan_window)
        assert end == text[1]


def test_a_stored_page_is_searched_whole_when_its_end_holds_too_little():
    """Far ahead of the stamp, a fingerprint that reaches it (little text near the stamp): the
    end decoded does not hold the window, and the page is searched whole, with the same hit."""
    shown, values = stamp_placeholders(REAL)
    page = (
        "<html><body><p>尾部机密文字</p>"
        + '<i class="a"></i>' * 3000
        + f"<p>{shown['commit']}</p></body></html>"
    ).encode()
    secret = fingerprints("尾部机密文字abc123def456")
    _, end, spans, whole = stamped_tail(page, values, 4096)
    assert not whole
    assert scan_tail_window("index.html", end, spans, secret, longest(secret)) is None
    text = stamped_text(page, values)
    hits = scan_window("index.html", text[1], text[2], secret, longest(secret))
    assert [h.fingerprint.display for h in hits] == ["尾部机密文字abc123def456"]


def test_a_fingerprint_across_a_stamp_value_is_found_in_its_window():
    shown, values = stamp_placeholders(REAL)
    head = "<html><head><title>通知</title></head><body>" + "<p>公开的正文。</p>" * 40
    page = (
        head + f"<p>机密编号{shown['commit']}号</p>" + "<p>公开的正文。</p>" * 40 + "</body></html>"
    )
    written, spans = with_stamp(page, values)
    secret = fingerprints("机密编号abc123def456号")
    assert scan_file("a/index.html", page.encode(), secret) == []  # the placeholder version
    assert scan_file("a/index.html", written.encode(), secret) != []  # the page as written
    hits = scan_window("a/index.html", written, spans, secret, longest(secret))
    assert [h.fingerprint.display for h in hits] == ["机密编号abc123def456号"]
    other = fingerprints("机密编号zzz999号")
    assert scan_window("a/index.html", written, spans, other, longest(other)) == []


def test_windows_in_the_same_footer_are_searched_once_and_found_on_every_page(monkeypatch):
    """The stamp is the footer's last line: every page of one depth has the same window around
    it. What a window's forms hold is remembered by the window's text (and the fingerprints'
    digest): each page still gets the hits under its own path, a footer that differs is
    searched on its own, and other fingerprints are never answered from the memo."""
    from disclosure_portal.verify import leakcheck

    monkeypatch.setattr(leakcheck, "_WINDOWS", {})
    shown, values = stamp_placeholders(REAL)

    def page(footer: str, n: int) -> str:
        body = f"<html><body><p>正文第{n}篇。</p>" + "<p>公开的正文。</p>" * 30
        return body + f"<footer><p>{footer}生成于 {shown['date']}；内容版本 {shown['commit']}</p>"

    secret = fingerprints("内容版本abc123def456")
    searched: list[str] = []
    real = leakcheck.normalize
    monkeypatch.setattr(leakcheck, "normalize", lambda t: searched.append(t) or real(t))
    for n in range(3):
        written, spans = with_stamp(page("本页由 x ", n), values)
        hits = scan_window(f"p{n}/index.html", written, spans, secret, longest(secret))
        assert [(h.output, h.fingerprint.display) for h in hits] == [
            (f"p{n}/index.html", "内容版本abc123def456")
        ]
        if n == 0:
            first = len(searched)
    assert first and len(searched) == first  # pages 2 and 3: nothing measured or searched
    written, spans = with_stamp(page("主办单位：甲 ", 9), values)
    assert scan_window("q/index.html", written, spans, secret, longest(secret)) != []
    assert len(searched) > first  # another footer: measured and searched
    other = fingerprints("生成于2026-12-01内容版本")
    assert scan_window("q/index.html", written, spans, other, longest(other)) != []
    # as long as the secret (the same windows): the memo answers for these fingerprints only
    none = fingerprints("内容版本zzz999yyy999")
    assert longest(none) == longest(secret)
    assert scan_window("q/index.html", written, spans, none, longest(none)) == []


def test_a_window_reaching_far_is_searched_and_not_kept(monkeypatch):
    """A stamp with little text around it (here only markup after it) makes a window that
    reaches far into the page: still searched, the fingerprint across the value found, but no
    text longer than MEMO_CHARS is kept (the memo's size stays bounded whatever the pages)."""
    from disclosure_portal.verify import leakcheck

    monkeypatch.setattr(leakcheck, "_WINDOWS", {})
    shown, values = stamp_placeholders(REAL)
    page = (
        "<html><body><p>尾部机密文字</p>"
        + '<i class="a"></i>' * 3000
        + f"<p>{shown['commit']}</p>"
        + '<i class="a"></i>' * 3000
        + "</body></html>"
    )
    written, spans = with_stamp(page, values)
    secret = fingerprints("尾部机密文字abc123def456")
    hits = scan_window("index.html", written, spans, secret, longest(secret))
    assert [h.fingerprint.display for h in hits] == ["尾部机密文字abc123def456"]
    assert leakcheck._WINDOWS and all(len(k[2]) <= leakcheck.MEMO_CHARS for k in leakcheck._WINDOWS)


def test_a_window_is_measured_in_each_form_on_its_own():
    """After the stamp come many empty tags, then the words a fingerprint continues with: in
    the served form the tags' letters reach the fingerprint's length at once, in the text the
    window must reach the words. Each form's measure is its own."""
    shown, values = stamp_placeholders(REAL)
    page = (
        "<html><body>"
        + "<p>公开的正文。</p>" * 30
        + f"<footer><p>内容版本 {shown['commit']}"
        + '<i class="xxxxxxxxxx"></i>' * 40
        + "尾部机密文字</p></footer></body></html>"
    )
    secret = fingerprints("abc123def456尾部机密文字")
    # and where both forms' windows are the same text, each form is searched on its own (the
    # words after the tag continue the fingerprint in the text only)
    same = (
        "<html><body>" + "<p>公开的正文。</p>" * 30 + f"<footer><p><b>内容版本 {shown['commit']}"
        "</b>尾部机密文字，" + "其后是一段足够长的公开文字" * 12 + "</p></footer></body></html>"
    )
    for one in (page, same):
        written, spans = with_stamp(one, values)
        assert scan_file("index.html", one.encode(), secret) == []
        hits = scan_window("index.html", written, spans, secret, longest(secret))
        assert [h.fingerprint.display for h in hits] == ["abc123def456尾部机密文字"]


def test_a_fingerprint_across_the_stamp_tag_is_found_too():
    shown, values = stamp_placeholders(REAL)
    page = (
        "<html><head><title>甲乙丙丁</title>"
        f'<meta name="portal-build" content="内容版本 {shown["commit"]}"></head><body></body></html>'
    )
    written, spans = with_stamp(page, values)
    secret = fingerprints("甲乙丙丁/titlemetanameportalbuildcontent内容版本abc123def456")
    assert scan_file("index.html", page.encode(), secret) == []
    assert scan_file("index.html", written.encode(), secret) != []  # the page as written
    assert scan_window("index.html", written, spans, secret, longest(secret)) != []
    assert scan_window("index.html", page, [], secret, longest(secret)) == []


def test_verdicts_hold_for_the_same_bytes_and_the_same_fingerprints_only(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    leak = "<p>内部请示的标题甲乙</p>".encode()
    (site / "a.html").write_bytes(leak)
    secret = fingerprints("内部请示的标题甲乙")
    sha = hashlib.sha256(leak).hexdigest()
    # a verdict for these bytes under other fingerprints, or for other bytes: scanned, found
    assert scan_site(site, secret, verdicts={f"a.html\t{sha}": "other"}) != []
    assert scan_site(site, secret, verdicts={"a.html\t" + "0" * 64: secret.digest}) != []
    assert scan_site(site, secret, known={"a.html": "0" * 64}) != []
    # the very bytes under the very fingerprints: skipped (that is what a verdict is)
    assert scan_site(site, secret, verdicts={f"a.html\t{sha}": secret.digest}) == []
    clean: dict[str, str] = {}
    (site / "a.html").write_bytes("<p>公开的内容</p>".encode())
    assert scan_site(site, secret, clean=clean) == []
    assert list(clean.values()) == [secret.digest]


def test_entries_check_themselves(tmp_path):
    cache, why = BuildCache.open(tmp_path / "c")
    assert cache is not None and why == ""
    cache.put_page("ab" * 32, "<p>页面</p>", 'href="x/"', True)
    entry = cache.find_page("ab" * 32)
    assert entry is not None and entry.links == 'href="x/"' and entry.searchable
    assert not entry.blank
    assert entry.output() == "<p>页面</p>"  # read again when written
    path = cache.page_file("ab" * 32)
    data = bytearray(path.read_bytes())
    data[-3] ^= 1
    path.write_bytes(bytes(data))
    assert cache.find_page("ab" * 32) is None  # its SHA-256 no longer matches
    with pytest.raises(CacheError):
        entry.output()  # changed under a running build: the build stops
    assert unpack(pack({"kind": "page"}, b"x")) == (
        {"kind": "page", "sha256": hashlib.sha256(b"x").hexdigest(), "size": 1},
        b"x",
    )
    assert unpack(b"portal-cache 1\n{}\nx") is None
    (tmp_path / "file").write_text("x")
    assert BuildCache.open(tmp_path / "file")[0] is None


def _forge_mark(folder: Path, key: str) -> None:
    """Record the present state of `key`'s file as the state it was written in (a file damaged
    without a write: a disk's error keeps its times and size)."""
    marks_file = next(folder.glob("v*/marks"))
    found = unpack(marks_file.read_bytes())
    assert found is not None
    marks = json.loads(found[1])
    mark = cache.file_mark(os.stat(next(folder.glob(f"v*/pages/*/{key}"))))
    marks[key] = [*mark, *marks[key][5:]]  # what its header says, as recorded
    marks_file.write_bytes(pack({"kind": cache.MARKS_KIND}, json.dumps(marks).encode()))


def test_an_entry_as_written_is_found_by_its_mark_and_checked_when_read(tmp_path, monkeypatch):
    """An entry whose file is as a build wrote it (or read it whole) is found by one look at its
    file: the record of marks holds what its header says (links, searchable, blank, its page's
    SHA-256), and the file is not opened; its bytes are checked when they are read to be
    written: damaged without a write, the build stops there and the entry is removed (the next
    build renders the page). A file written to since is read whole."""
    folder = tmp_path / "c"
    first, _ = BuildCache.open(folder)
    assert first is not None
    long_page = "<p>政务公开</p>" * 3000
    first.put_page("cd" * 32, long_page, 'href="y/"', True)
    first.put_page("ce" * 32, "  \n  ", "", False)  # blank: the engine writes no file for it
    first.put_page("cf" * 32, "<p>不再用</p>", "", False)
    first.save_marks()
    whole = []
    real_unpack, real_parts = cache.unpack, cache._parts
    monkeypatch.setattr(
        cache,
        "_parts",  # the entries read whole (the record of marks is read whole too)
        lambda data: (
            (b'"kind": "page"' in data[:200] and whole.append(len(data))) or real_parts(data)
        ),
    )
    opened = []
    real_read_page = BuildCache._read_page
    monkeypatch.setattr(
        BuildCache,
        "_read_page",
        lambda self, path: opened.append(path) or real_read_page(self, path),
    )
    second, _ = BuildCache.open(folder)
    assert second is not None
    entry = second.find_page("cd" * 32)
    assert entry is not None and entry.links == 'href="y/"' and entry.searchable
    assert not entry.blank and entry.sha == hashlib.sha256(long_page.encode()).hexdigest()
    blank = second.find_page("ce" * 32)
    assert blank is not None and blank.blank and not blank.searchable
    assert whole == [] and opened == []  # neither file opened
    assert entry.output() == long_page and len(whole) == 1  # checked when read to be written
    second.save_marks()  # the marks of the entries this build used, only
    marks = json.loads(real_unpack(next(folder.glob("v*/marks")).read_bytes())[1])
    assert sorted(marks) == ["cd" * 32, "ce" * 32]
    # damaged without a write (its mark forged): found, then refused when read, and removed
    path = second.page_file("cd" * 32)
    data = bytearray(path.read_bytes())
    data[-40] ^= 1
    path.write_bytes(bytes(data))
    _forge_mark(folder, "cd" * 32)
    third, _ = BuildCache.open(folder)
    assert third is not None
    damaged = third.find_page("cd" * 32)
    assert damaged is not None
    with pytest.raises(CacheError, match="已损坏"):
        damaged.payload()
    assert not path.exists()
    assert third.find_page("cd" * 32) is None
    # written to since its mark: read whole, and a miss when damaged
    third.put_page("cd" * 32, long_page, "", True)
    third.save_marks()
    data = bytearray(path.read_bytes())
    data[-40] ^= 1
    path.write_bytes(bytes(data))
    fourth, _ = BuildCache.open(folder)
    assert fourth is not None and fourth.find_page("cd" * 32) is None
    # a damaged record of marks is no record: every entry read whole
    next(folder.glob("v*/marks")).write_bytes(b"portal-cache 1\n{broken")
    fifth, _ = BuildCache.open(folder)
    assert fifth is not None and fifth.find_page("ce" * 32) is not None
    # a record of marks without the headers' facts (an older version's), or a row whose facts
    # are not of their kind, is no record for that entry: read whole
    mark = list(cache.file_mark(os.stat(second.page_file("ce" * 32))))
    for kind, row in (
        ("marks", mark),
        (cache.MARKS_KIND, [*mark, "", "yes", "m", "0" * 64, True]),
        (cache.MARKS_KIND, [*mark, "", False, "m", "not a digest", True]),
    ):
        next(folder.glob("v*/marks")).write_bytes(
            pack({"kind": kind}, json.dumps({"ce" * 32: row}).encode())
        )
        opened.clear()
        sixth, _ = BuildCache.open(folder)
        assert sixth is not None and sixth.find_page("ce" * 32) is not None
        assert len(opened) == 1, (kind, row)


def test_unused_old_entries_are_removed_at_most_once_an_hour(tmp_path):
    """`prune` removes an entry no build used for two days; it looks at most once an hour (a
    second old entry waits for the next look), and the entries in use always stay."""
    import os
    import time

    cache, _ = BuildCache.open(tmp_path / "c")
    two_days_ago = time.time() - 3 * 86400
    for key in ("aa" * 32, "bb" * 32, "cc" * 32):
        cache.put_page(key, "<p>页面</p>", "", True)
    os.utime(cache.page_file("aa" * 32), (two_days_ago, two_days_ago))
    os.utime(cache.page_file("cc" * 32), (two_days_ago, two_days_ago))
    cache.pages_used = {"cc" * 32}  # old, but this build used it
    cache.prune()
    assert not cache.page_file("aa" * 32).exists()
    assert cache.page_file("bb" * 32).exists() and cache.page_file("cc" * 32).exists()
    cache.put_page("dd" * 32, "<p>页面</p>", "", True)
    os.utime(cache.page_file("dd" * 32), (two_days_ago, two_days_ago))
    cache.pages_used = {"cc" * 32}  # (writing it marked it used)
    cache.prune()  # looked a moment ago
    assert cache.page_file("dd" * 32).exists()
    cache.prune(every=0)
    assert not cache.page_file("dd" * 32).exists()
    assert cache.page_file("cc" * 32).exists()


@dataclass(frozen=True)
class Row:
    title: str
    day: dt.date


def test_keys_have_one_canonical_form_or_none():
    a = {"b": [1, "二"], "a": {Row("甲", dt.date(2025, 1, 2)), Row("乙", dt.date(2025, 1, 3))}}
    b = {"a": {Row("乙", dt.date(2025, 1, 3)), Row("甲", dt.date(2025, 1, 2))}, "b": [1, "二"]}
    assert canonical(a) == canonical(b) and digest(a) == digest(b)
    assert digest({"x": dt.date(2025, 1, 2)}) != digest({"x": "2025-01-02"})
    with pytest.raises(Uncacheable):
        canonical({"x": object()})
    with pytest.raises(Uncacheable):
        canonical({1: "a", "1": "b"})


def _json_form(value):
    """The canonical form as json.dumps writes it (what cache.canonical wrote before orjson)."""
    return json.dumps(
        value,
        sort_keys=True,
        default=cache._default,
        ensure_ascii=False,
        separators=(",", ":"),
        allow_nan=True,
    ).encode("utf-8", "surrogatepass")


_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**64 - 1)
    | st.text()
    | st.dates()
    | st.datetimes()
    | st.builds(Row, st.text(), st.dates())
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(st.text(), inner, max_size=4)
        | st.frozensets(st.text() | st.integers(), max_size=3)
    ),
    max_leaves=20,
)


@given(_VALUES)
@settings(max_examples=400, deadline=None)
def test_the_canonical_form_is_the_json_one_whichever_library_writes_it(value):
    """orjson writes the keys (nine times as fast as json): the very bytes json.dumps writes
    (floats aside, below), for text with lone surrogates (which orjson refuses) too."""
    assert canonical(value) == _json_form(value)


@given(
    st.floats(allow_nan=False, allow_infinity=False),
    st.floats(allow_nan=False, allow_infinity=False),
)
@settings(max_examples=300, deadline=None)
def test_a_float_has_one_form_of_its_own(a, b):
    """orjson writes a float in its own shortest notation (json's differs: 1e-05 for 1e-5):
    one form for each float, none an integer's."""
    assert (canonical([a]) == canonical([b])) == (a == b and str(a) == str(b))
    assert canonical(a) != canonical(int(a)) if a == int(a) else True


def test_values_orjson_refuses_go_to_json_and_keep_their_form():
    for value in ({"a": "\ud800x"}, [2**64, -(2**63) - 1], {1: "a", 2: "b"}, {"k": {3: None}}):
        assert canonical(value) == _json_form(value)
    # the text with a lone surrogate is written by json (orjson refuses it), its bytes kept
    assert b"\xed\xa0\x80x" in canonical({"a": "\ud800x"})


def test_settings_spell_out_what_the_canonical_form_does_not_tell_apart():
    """A setting value read by MkDocs' YAML loader may be a float that is not finite (`.nan`),
    which orjson writes as null: the settings' form tells it from an empty value, and an enum
    member from its value, and a UUID from its text."""
    for a, b in (
        (float("nan"), None),
        (float("inf"), None),
        (Severity.ERROR, Severity.ERROR.value),
    ):
        assert canonical(_form({"x": a})) != canonical(_form({"x": b}))
    assert canonical(_form({"x": float("-inf")})) != canonical(_form({"x": float("inf")}))
    probe = uuid.UUID(int=7)
    assert canonical(_form({"x": probe})) != canonical(_form({"x": str(probe)}))
    assert canonical(_form({"x": 1.5})) == canonical({"x": 1.5})


@dataclass(frozen=True)
class Text:
    title: str
    body: str


def test_a_long_text_goes_into_a_key_by_its_digest_and_still_tells_every_text_apart():
    """A document's body (and a page's Markdown) is hashed, not encoded as JSON text, into a
    key: a change of one character anywhere still changes the key, and a body that reads like
    the digest form of another is not taken for it."""
    body = "正文第一段。\n" * 200
    assert digest(Text("标题", body)) == digest(Text("标题", str(body)))
    changed = body[:700] + "改" + body[701:]
    assert len(changed) == len(body) and digest(Text("标题", body)) != digest(Text("标题", changed))
    assert digest(Text("标题", body)) != digest(Text("标题", body + " "))
    form = text_form(body)
    assert form == {"~sha256": hashlib.sha256(body.encode("utf-8")).hexdigest()}
    assert b"\xe6\xad\xa3" not in canonical(Text("标题", body))  # no text of the body in it
    assert digest(Text("标题", form["~sha256"])) != digest(Text("标题", body))
    assert text_form("短") == "短" and text_form(["x" * 600]) == ["x" * 600]
    lone = "\ud800" + "x" * 600  # a lone surrogate, as a damaged file may give
    assert digest(Text("t", lone)) != digest(Text("t", "\ud801" + "x" * 600))


def test_a_record_goes_into_a_key_by_its_fields_whether_its_form_is_remembered_or_not():
    """Planning remembers each record's form (a document is in its page's key and in every
    listing's): the keys are those computed without it, and still tell records apart by kind
    and by every field."""
    a, b = Text("标题", "正文" * 400), Text("标题", "正文" * 400)
    value = {"rows": [a, a, Row("甲", dt.date(2025, 1, 2))], "own": b}
    outside = digest(value)
    with remembered_forms():
        assert digest(value) == outside and digest(value) == outside
        assert digest(Text("标题", "正文")) != digest(Text("标题 ", "正文"))
    assert digest(value) == outside
    assert digest(Text("甲", "2025-01-02")) != digest(Row("甲", "2025-01-02"))
    assert digest(Row("甲", dt.date(2025, 1, 2))) != digest(Row("甲", dt.date(2025, 1, 3)))


def test_a_listing_row_goes_into_keys_by_the_digest_of_its_form_computed_once():
    """A listing's rows go into its key by the SHA-256 of each row's canonical form (a row is
    in four or five listings: planning computes it once per row object); every field of the
    row changes it, and a row changed in place outside planning is not taken for the old one."""
    row = {"title": "甲", "url": "a/", "published": "2025-01-02", "interprets": []}
    form = shared_form(row)
    assert form == {"~row": hashlib.sha256(canonical(row)).hexdigest()}
    for key, value in (("title", "乙"), ("url", "b/"), ("published", None), ("interprets", [1])):
        assert shared_form(dict(row, **{key: value})) != form
    with remembered_forms():
        assert shared_form(row) is shared_form(row) == form
    row["title"] = "乙"
    assert shared_form(row) != form


def test_the_digests_of_a_site_s_files_are_those_of_their_bytes_in_path_order(tmp_path):
    """file_digests hashes on two threads, each taking every other file: the digests still
    belong to their files (two files with the same bytes, nested folders, more files than one
    thread takes alone), and the manifest and its signature are left out."""
    expected = {}
    for n in range(150):
        rel = f"d{n % 7}/sub{n % 3}/f{n:03d}.html" if n % 5 else f"top{n}.txt"
        data = f"<p>页面 {n // 2}</p>".encode() * (1 + n % 4)
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(data)
        expected[rel] = hashlib.sha256(data).hexdigest()
    (tmp_path / "manifest.json").write_text("{}", encoding="utf-8")
    (tmp_path / "manifest.json.sig").write_text("sig", encoding="utf-8")
    found = file_digests(tmp_path)
    assert found == expected and list(found) == sorted(expected)
    few = sorted(expected)[:5]
    assert sha256_of_files([tmp_path / rel for rel in few]) == [expected[rel] for rel in few]


@pytest.mark.parametrize("parallel", ["1", "0"])
def test_a_site_walked_and_hashed_on_both_cores_is_the_walk_and_the_hashes(
    tmp_path, monkeypatch, parallel
):
    """`portal build`'s last check walks and hashes the output with a copy of its process
    (output_digests): the same files, in the same order, with the same digests as the walk of
    one thread and its hashes, links to folders not walked into (at the top and below), links
    to files listed, hidden files and nested folders kept, with and without the copy."""
    from disclosure_portal.verify.leakcheck import output_paths
    from disclosure_portal.verify.manifest import output_digests

    monkeypatch.setenv("PORTAL_PARALLEL", parallel)
    site = tmp_path / "site"
    for n in range(90):
        rel = f"org{n % 11:02d}/y{n % 3}/d{n}/index.html" if n % 4 else f"p{n}/index.html"
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_bytes(f"<p>{n // 3}</p>".encode() * (1 + n % 5))
    for rel, data in (("index.html", b"home"), (".hidden/x", b"h"), ("z/.y", b"y"), ("a.txt", b"")):
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_bytes(data)
    (site / "empty").mkdir()
    (site / "to-folder").symlink_to(site / "org01")
    (site / "org02" / "inner-link").symlink_to(site / "org03")
    (site / "org04" / "file-link").symlink_to(site / "index.html")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.html").write_bytes(b"secret")
    (site / "out").symlink_to(tmp_path / "outside")
    from disclosure_portal import forkmap

    copies = []
    start_copy = forkmap._start_copy
    monkeypatch.setattr(forkmap, "_start_copy", lambda work: copies.append(1) or start_copy(work))
    files, digests = output_digests(site)
    assert len(copies) == (1 if parallel == "1" else 0)  # the copy did take its folders
    expected = output_paths(site)
    assert files == expected and len(files) == 95
    assert digests == [hashlib.sha256(Path(path).read_bytes()).hexdigest() for _, path in files]
    assert not any(rel.startswith(("to-folder/", "out/", "org02/inner-link/")) for rel, _ in files)
    assert "org04/file-link" in dict(files)
    assert output_digests(tmp_path / "missing") == ([], [])


def test_a_site_s_files_are_named_the_same_however_its_folder_is_spelled(tmp_path, monkeypatch):
    """The walks of the output (the scan's, the manifest's) name each file by its path below
    the site folder, whether that folder is given with a trailing slash, through "." or as
    written: as os.path.relpath names them."""
    from disclosure_portal.verify.leakcheck import output_paths
    from disclosure_portal.verify.manifest import output_digests

    for rel in ("index.html", "a/b/c.html", "a/b.html", "z/中文/页.html"):
        (tmp_path / "site" / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "site" / rel).write_text(rel, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    expected = ["index.html", "a/b.html", "a/b/c.html", "z/中文/页.html"]
    for spelled in ("site", "site/", "./site", "site/.", str(tmp_path / "site") + "/"):
        found = output_paths(spelled)  # type: ignore[arg-type]  # (as a string: not normalised)
        assert [rel for rel, _ in found] == expected, spelled
        assert all(os.path.samefile(path, tmp_path / "site" / rel) for rel, path in found)
        assert sorted(file_digests(spelled)) == sorted(expected), spelled  # type: ignore[arg-type]
        assert output_digests(spelled)[0] == found, spelled  # type: ignore[arg-type]


def test_files_hashed_while_the_index_was_waited_for_are_not_read_again(tmp_path):
    """The engine hashes every file but the search index's while Pagefind's last run is waited
    for, then only the index's files and any file that was not there: a digest from before is
    taken for its file, a file gone since is not listed, and only the top-level index folder is
    left out of the first pass."""
    for rel in ("a.html", "pagefind/x.pf", "docs/pagefind/page.html", "gone.html"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(rel, encoding="utf-8")
    first = file_digests(tmp_path, skip=("pagefind",))
    assert sorted(first) == ["a.html", "docs/pagefind/page.html", "gone.html"]
    (tmp_path / "gone.html").unlink()
    (tmp_path / "late.xml").write_text("late", encoding="utf-8")
    earlier = dict(first, **{"a.html": "0" * 64})  # taken as it is: not read again
    final = file_digests(tmp_path, earlier=earlier)
    assert sorted(final) == ["a.html", "docs/pagefind/page.html", "late.xml", "pagefind/x.pf"]
    assert final["a.html"] == "0" * 64
    assert final["pagefind/x.pf"] == hashlib.sha256(b"pagefind/x.pf").hexdigest()
    assert final["late.xml"] == hashlib.sha256(b"late").hexdigest()


@settings(deadline=None)  # a file written and read for each example
@given(
    st.lists(
        st.sampled_from(
            [" ", "\t", "\n", "\x1c", "\x85", "\xa0", "\u3000", "\u2028", "x", "<", "中"]
        ),
        max_size=6,
    ).map("".join)
)
def test_an_entry_knows_whether_its_page_is_blank_as_the_engine_judges(output):
    """The engine writes no file for a page whose output is blank (str.strip); an entry says so
    without decoding a page that starts with an ASCII character that is not a space."""
    with tempfile.TemporaryDirectory() as folder:
        cache, _ = BuildCache.open(Path(folder) / "c")
        assert cache is not None
        cache.put_page("ef" * 32, output, "", False)
        entry = cache.find_page("ef" * 32)
        assert entry is not None and entry.blank == (not output.strip())


_PIECES = st.one_of(
    st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40),
    st.sampled_from([*STAMP_TOKENS.values(), "portal-stamp-", "portal-stamp-date", "政务"]),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=12), st.booleans())
def test_a_stored_page_stamped_as_text_is_what_the_writer_writes(pieces, with_values):
    """`stamped_text`: the bytes are `stamped_bytes`', the text and spans `with_stamp`'s of the
    page decoded, whatever the page holds around, between and inside the placeholders."""
    payload = "".join(pieces).encode("utf-8")
    real = {"commit": "0a1b2c3d", "date": "2026-12-06"} if with_values else {}
    _, values = stamp_placeholders(real)
    found = stamped_text(payload, values)
    assert found is not None
    final, text, spans = found
    assert final == stamped_bytes(payload, values)
    assert (text, spans) == with_stamp(payload.decode("utf-8"), values)
    assert final == text.encode("utf-8")


@settings(max_examples=200, deadline=None)  # files written and read for each example
@given(st.lists(_PIECES, max_size=12), st.booleans(), st.integers(min_value=0, max_value=400))
def test_a_stored_page_is_hashed_once_and_its_digest_is_that_of_the_bytes_written(
    pieces, with_values, damage
):
    """The leak scan's process reads a page of the build cache, checks it, writes it stamped and
    reports the SHA-256 of what it wrote from one pass over the page (the digest of the bytes
    ahead of the first placeholder goes on into both): the digest is that of the file written,
    whatever the page holds around and between the placeholders, and an entry damaged anywhere
    (ahead of the placeholders or after them) is refused before anything is written."""
    from disclosure_portal.verify import scanner

    payload = "".join(pieces)
    real = {"commit": "0a1b2c3d", "date": "2026-12-06"} if with_values else {}
    _, values = stamp_placeholders(real)
    saved = scanner._WORKER.copy()
    scanner._WORKER.clear()
    scanner._WORKER.update(
        fingerprints=Fingerprints(None, {}, 0, "none"), need=10, verdicts={}, stamp=values
    )
    try:
        with tempfile.TemporaryDirectory() as folder:
            store, _ = BuildCache.open(Path(folder) / "c")
            assert store is not None
            store.put_page("cd" * 32, payload, "", False)
            entry = store.find_page("cd" * 32)
            assert entry is not None
            target = Path(folder) / "site" / "a" / "index.html"
            _, sha, hits, _ = scanner._stored_page(
                "a/index.html", str(entry.path), entry.sha, str(target)
            )
            written = target.read_bytes()
            assert written == stamped_bytes(entry.payload(), values)
            assert (sha, hits) == (hashlib.sha256(written).hexdigest(), [])
            data = bytearray(entry.path.read_bytes())
            at = len(data) - 1 - damage % max(1, len(payload.encode()))
            if len(payload.encode()) and at >= 0:
                data[at] ^= 0x01  # one bit of the payload: the recorded size still holds
                entry.path.write_bytes(bytes(data))
                target.unlink()
                with pytest.raises(cache.CacheError):
                    scanner._stored_page("a/index.html", str(entry.path), entry.sha, str(target))
                assert not target.exists()
    finally:
        scanner._WORKER.clear()
        scanner._WORKER.update(saved)


def test_a_stored_page_with_a_lone_surrogate_is_not_stamped_as_text():
    _, values = stamp_placeholders({"commit": "0a1b2c3d"})
    payload = f"<p>\ud800</p>{STAMP_TOKENS['commit']}".encode("utf-8", "surrogatepass")
    assert stamped_text(payload, values) is None
    assert stamped_text(b"\xff" + STAMP_TOKENS["commit"].encode(), values) is None
