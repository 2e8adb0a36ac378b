"""A shard indexed again over its previous index's files (verify/pagefindseed.py): Pagefind writes
only what changed, and the folder is used only when every file it left in place is the one it
would have written, else the files come over the pipe as before. Real Pagefind services; every
check of `settle` is made to fail once."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import threading
import time
from pathlib import Path

import pytest

from disclosure_portal.verify import pagefindfix, pagefindseed, pagefindsvc
from disclosure_portal.verify.search import LANGUAGE, UNUSED, ShardedIndex, executable

PAGE = (
    '<!doctype html><html lang="zh"><head><title>{0}</title></head><body>'
    "<article data-pagefind-body><h1>{0}</h1><p>{1}</p></article></body></html>"
)


def pages_of(count: int = 150) -> dict[str, str]:
    """Pages with enough distinct words for several word-index chunks."""
    return {
        f"p{i:03d}/index.html": PAGE.format(
            f"第{i}号通知", " ".join(f"w{i}x{j} 词{i}组{j}" for j in range(60)) + "。正文到此。"
        )
        for i in range(count)
    }


def given_of(pages: dict[str, str]) -> dict[str, str]:
    return {rel: hashlib.sha256(html.encode()).hexdigest() for rel, html in pages.items()}


def service_with(pages: dict[str, str]) -> pagefindsvc.Service:
    service = pagefindsvc.Service(executable(), LANGUAGE)
    for rel in sorted(pages):
        service.add(pagefindsvc.page_url(rel), pages[rel])
    return service


def over_the_pipe(pages: dict[str, str], folder: Path) -> Path:
    """The index as the build writes it without a seed: over the pipe, then canonical."""
    service = service_with(pages)
    try:
        service.wait(service.request_files(folder, UNUSED), 120)
    finally:
        service.close()
    pagefindfix.canonicalise(folder)
    return folder


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def cached(folder: Path, pages: dict[str, str]) -> tuple[dict[str, str], dict]:
    """What the build cache keeps of an index: each file's SHA-256 and the description."""
    files = {rel: hashlib.sha256(data).hexdigest() for rel, data in files_of(folder).items()}
    return files, pagefindseed.describe(folder, given_of(pages), LANGUAGE)


def written_over(pages: dict[str, str], seeded: pagefindseed.Seed) -> tuple[int | None, str]:
    """Pagefind's WriteFiles into the seeded folder, settled on the reply (as the index does):
    the file count, or None and why not."""
    why: list[str] = []

    def settle() -> int | None:
        try:
            return pagefindseed.settle(seeded, given_of(pages), LANGUAGE, UNUSED)
        except pagefindseed.NotSettled as exc:
            why.append(str(exc))
            return None

    service = service_with(pages)
    try:
        count = service.wait(service.write_files(seeded.folder.resolve(), settle), 120)
    finally:
        service.close()
    return count, "".join(why)


def edited(pages: dict[str, str], rel: str = "p005/index.html") -> dict[str, str]:
    return {**pages, rel: pages[rel].replace("正文到此。", "正文到此。补充一句新的话：甲乙丙丁。")}


@pytest.fixture
def before(tmp_path: Path) -> tuple[dict[str, str], Path, dict[str, str], dict]:
    pages = pages_of()
    folder = over_the_pipe(pages, tmp_path / "before")
    files, described = cached(folder, pages)
    assert len(described["fragments"]) == len(pages) and len(described["chunks"]) >= 3
    return pages, folder, files, described


def test_an_edit_writes_one_fragment_and_gives_the_bytes_of_the_pipe(tmp_path, before):
    pages, folder, files, described = before
    after = edited(pages)
    expected = files_of(over_the_pipe(after, tmp_path / "expected"))
    seeded = pagefindseed.seed(tmp_path / "seeded", folder, files, described)
    assert seeded is not None and len(seeded.files) > len(pages)
    count, why = written_over(after, seeded)
    assert count is not None, why
    assert count == len(files_of(seeded.folder))
    pagefindfix.canonicalise(seeded.folder)
    assert files_of(seeded.folder) == expected
    # the unchanged pages' fragments are the cache's files (links), the edited one is new
    fragments = list((seeded.folder / "fragment").iterdir())
    fresh = [f for f in fragments if f.stat().st_nlink == 1]
    assert len(fresh) == 1 and len(fragments) == len(pages)
    # what the check read is kept for the build cache: the kept fragments and chunks, and
    # Pagefind's scripts, each with the SHA-256 of its bytes; nothing written anew
    on_disk = files_of(seeded.folder)
    assert seeded.verified
    assert all(
        hashlib.sha256(on_disk[rel]).hexdigest() == sha for rel, sha in seeded.verified.items()
    )
    kept = {f"fragment/{f.name}" for f in fragments if f.stat().st_nlink > 1}
    assert kept <= seeded.verified.keys() and f"fragment/{fresh[0].name}" not in seeded.verified
    assert {"pagefind.js", "wasm.unknown.pagefind"} <= seeded.verified.keys()
    assert not any(rel.endswith(".pf_meta") or rel.startswith("filter/") for rel in seeded.verified)
    assert "甲乙丙丁" in gzip.decompress(fresh[0].read_bytes()).decode().replace("\u200b", "")


def test_a_withdrawn_and_an_added_page_give_the_bytes_of_the_pipe(tmp_path, before):
    pages, folder, files, described = before
    after = edited(pages)
    del after["p010/index.html"]
    after["p0105/index.html"] = PAGE.format("新增", "新增页面的正文。")
    expected = files_of(over_the_pipe(after, tmp_path / "expected"))
    seeded = pagefindseed.seed(tmp_path / "seeded", folder, files, described)
    count, why = written_over(after, seeded)
    assert count is not None, why
    pagefindfix.canonicalise(seeded.folder)
    assert files_of(seeded.folder) == expected
    assert not any(b"w10x" in gzip.decompress(d) for n, d in expected.items() if ".pf_" in n)


def names_in(folder: Path) -> tuple[list[str], list[list[str]]]:
    """The fragment names (page order) and chunks [first, last, name] of an index."""
    _name, meta = pagefindseed._meta(folder, LANGUAGE, None)
    return [str(p[0]) for p in meta[1]], [[str(x) for x in c] for c in meta[2]]


def test_a_kept_fragment_under_the_new_fragment_s_name_is_not_used(tmp_path, before):
    """A collision of Pagefind's short names: the folder holds, under the name the edited page's
    new fragment gets, another page's fragment. Pagefind leaves it; settle refuses it, whether
    the record says the name was another page's or was this page's with other bytes."""
    pages, folder, files, described = before
    after = edited(pages)
    new_names, _chunks = names_in(over_the_pipe(after, tmp_path / "expected"))
    edited_name = new_names[sorted(after).index("p005/index.html")]
    other = described["fragments"]["p007/index.html"][1]
    for forged in (False, True):
        seeded = pagefindseed.seed(tmp_path / f"seeded{forged}", folder, files, described)
        planted = f"fragment/{edited_name}.pf_fragment"
        shutil.copyfile(seeded.folder / f"fragment/{other}.pf_fragment", seeded.folder / planted)
        seeded.files[planted] = files[f"fragment/{other}.pf_fragment"]
        if forged:  # the record agrees with the name: the fragment's address gives it away
            sha = given_of(after)["p005/index.html"]
            seeded.fragments = {**seeded.fragments, "p005/index.html": [sha, edited_name]}
        count, why = written_over(after, seeded)
        assert count is None
        assert ("of another page" if forged else "of other bytes") in why


def test_a_kept_chunk_of_other_words_is_not_used(tmp_path, before):
    pages, folder, files, described = before
    after = edited(pages)
    _names, new_chunks = names_in(over_the_pipe(after, tmp_path / "expected"))
    changed = [c for c in new_chunks if c[2] not in described["chunks"]]
    assert changed  # the edit's words changed a chunk
    seeded = pagefindseed.seed(tmp_path / "seeded", folder, files, described)
    old = next(iter(described["chunks"]))
    planted = f"index/{changed[0][2]}.pf_index"
    shutil.copyfile(seeded.folder / f"index/{old}.pf_index", seeded.folder / planted)
    seeded.files[planted] = files[f"index/{old}.pf_index"]
    seeded.chunks = {**seeded.chunks, changed[0][2]: described["chunks"][old]}
    count, why = written_over(after, seeded)
    assert count is None and "of other words" in why


def test_a_kept_file_not_as_the_cache_recorded_it_is_not_used(tmp_path, before):
    pages, folder, files, described = before
    seeded = pagefindseed.seed(tmp_path / "seeded", folder, files, described)
    name = next(iter(seeded.files))
    seeded.files[name] = "0" * 64
    count, why = written_over(edited(pages), seeded)
    assert count is None and "not as the cache recorded it" in why


def test_an_unknown_file_or_a_changed_script_is_not_used(tmp_path, before, monkeypatch):
    pages, folder, files, described = before
    monkeypatch.setattr(pagefindseed, "SETTLE_SECONDS", 0.5)
    seeded = pagefindseed.seed(tmp_path / "a", folder, files, described)
    (seeded.folder / "extra.js").write_text("x", encoding="utf-8")
    count, why = written_over(edited(pages), seeded)
    assert count is None and "unexpected file extra.js" in why
    seeded = pagefindseed.seed(tmp_path / "b", folder, files, described)
    seeded.fixed["pagefind.js"] = "0" * 64  # another version's script: never settles
    count, why = written_over(edited(pages), seeded)
    assert count is None and "pagefind.js not complete" in why


def test_a_file_still_being_written_is_waited_for(tmp_path, before, monkeypatch):
    """Pagefind answers before its writes are done: a file that is cut short, or not there yet,
    when the reply comes is read again until it is whole; one that stays cut is refused at the
    deadline."""
    pages, folder, files, described = before
    after = edited(pages)
    seeded = pagefindseed.seed(tmp_path / "seeded", folder, files, described)
    service = service_with(after)
    try:
        service.wait(service.write_files(seeded.folder.resolve(), lambda: 0), 120)
        time.sleep(0.5)  # (its writes are done by now)
    finally:
        service.close()
    whole = files_of(seeded.folder)
    entry = json.loads(whole["pagefind-entry.json"])
    meta = f"pagefind.{entry['languages'][LANGUAGE]['hash']}.pf_meta"
    fresh = [f for f in (seeded.folder / "fragment").iterdir() if f.stat().st_nlink == 1]
    fragment = fresh[0].relative_to(seeded.folder).as_posix()
    for name, cut in (("pagefind-entry.json", 2), (meta, 2), (fragment, 2), (meta, 0)):
        for rel in UNUSED:  # as Pagefind left them (each settle removes them)
            (seeded.folder / rel).write_bytes(whole[rel])
        path = seeded.folder / name  # cut to its half, or empty (as just created)
        path.write_bytes(whole[name][: len(whole[name]) // 2 if cut else 0])
        timer = threading.Timer(0.3, path.write_bytes, args=(whole[name],))
        timer.start()
        try:
            assert pagefindseed.settle(seeded, given_of(after), LANGUAGE, UNUSED) > 0
        finally:
            timer.join()
    # the scripts and the search interfaces, written last: one created only after the reply
    # came and the rest was whole is waited for (the script kept, the interface removed), so
    # that the sweep finds every file Pagefind writes
    for late in ("pagefind.js", "pagefind-ui.js"):
        for rel in UNUSED:
            (seeded.folder / rel).write_bytes(whole[rel])
        (seeded.folder / late).unlink()
        timer = threading.Timer(0.3, (seeded.folder / late).write_bytes, args=(whole[late],))
        timer.start()
        try:
            assert pagefindseed.settle(seeded, given_of(after), LANGUAGE, UNUSED) > 0
        finally:
            timer.join()
        assert (seeded.folder / "pagefind.js").read_bytes() == whole["pagefind.js"]
        assert not any((seeded.folder / rel).exists() for rel in UNUSED)
    monkeypatch.setattr(pagefindseed, "SETTLE_SECONDS", 0.3)
    for rel in UNUSED:
        (seeded.folder / rel).write_bytes(whole[rel])
    fresh[0].write_bytes(whole[fresh[0].relative_to(seeded.folder).as_posix()][:-8])
    with pytest.raises(pagefindseed.NotSettled, match="not complete"):
        pagefindseed.settle(seeded, given_of(after), LANGUAGE, UNUSED)


def test_nothing_is_seeded_without_a_description(tmp_path, before):
    pages, folder, files, _described = before
    assert pagefindseed.seed(tmp_path / "s", folder, files, {}) is None
    assert pagefindseed.describe(tmp_path / "missing", given_of(pages), LANGUAGE) == {}
    # pages given that Pagefind did not number alike: no description, so no seed later
    assert pagefindseed.describe(folder, given_of(pages_of(3)), LANGUAGE) == {}


class RecordingCache:
    """What ShardedIndex asks of the build cache to seed a shard."""

    def __init__(self, record: dict, listing: tuple) -> None:
        self.record, self.listing = record, listing

    def last_index(self) -> dict:
        return self.record

    def shard_listing(self, key: str) -> tuple | None:
        return self.listing if key == "a" * 64 else None


def test_a_shard_is_seeded_only_from_the_same_pagefind_and_shard_count(tmp_path, before):
    """The previous build's record names each shard's files in the cache; a shard is seeded from
    them only for as many shards, a key that is one, and files the same Pagefind wrote (another
    version's scripts would never settle)."""
    _pages, folder, files, described = before
    site = tmp_path / "site"
    site.mkdir()

    def seeded(record: dict, by: str | None = None) -> pagefindseed.Seed | None:
        index = ShardedIndex(site, {}, 2, cache=None)
        stats = {"seed": dict(described, by=by or index.version)}
        index.cache = RecordingCache(record, (folder, files, stats))
        try:
            return index._seed(1)
        finally:
            index.close()

    keys = {"shards": 2, "shard_keys": {"1": "a" * 64}}
    assert seeded(keys) is not None
    assert seeded(keys, by="0.0.1") is None
    assert seeded({**keys, "shards": 3}) is None
    assert seeded({**keys, "shard_keys": {"1": "../" + "a" * 61}}) is None
    assert seeded({"shards": 2}) is None


def test_a_folder_whose_path_is_not_utf8_is_not_written_by_pagefind(tmp_path):
    """A request to Pagefind is UTF-8 JSON: a folder named with other bytes (a checkout under
    such a folder) would be written somewhere else, so its files come over the pipe."""
    from disclosure_portal.verify.search import _named_in_utf8

    assert _named_in_utf8(tmp_path / "站点" / "out")
    odd = tmp_path / os.fsdecode(b"site-\xff")
    odd.mkdir()
    assert not _named_in_utf8(odd / "out")
