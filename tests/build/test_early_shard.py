"""The early shard (verify/early.py): the search index's shard of an edited document, started on
a guess while the build reads the content. Taken over only when it fits, it gives the index a
service started at that moment would give, byte for byte; a guess that does not fit is ended and
changes nothing."""

from __future__ import annotations

import hashlib
from concurrent.futures import Future
from pathlib import Path

import pytest

from disclosure_portal.verify import early, search
from disclosure_portal.verify.search import ShardedIndex

pytestmark = pytest.mark.skipif(not search.available(), reason="no Pagefind for this platform")


def page(title: str) -> str:
    return (
        '<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>x</title></head><body>'
        f"<article data-pagefind-body><h1>{title}</h1><p>{title}的正文内容。</p></article>"
        "</body></html>"
    )


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", errors="xmlcharrefreplace")).hexdigest()


class Stored:
    """A reused page as the build cache gives it (cache.PageEntry): its output, read again."""

    def __init__(self, output: str) -> None:
        self._output, self.mirror_sha, self.searchable, self.reads = output, sha(output), True, 0
        self.path = Path("cache/pages/entry")

    def output(self) -> str:
        self.reads += 1
        return self._output


def tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


RELS = [f"org/2025/d{i}/index.html" for i in range(8)]


def guess(old: dict[str, str | None], shards: int = 1, k: int = 0) -> Future:
    """A finished guess of shard `k` whose service was given `old` (path -> the page's old
    output, None: the placeholder), sorted by path."""
    sources = {
        rel: (lambda text=text: (text.encode("utf-8"), sha(text)))
        for rel, text in old.items()
        if text is not None
    }
    shard = early.EarlyShard(
        k,
        shards,
        sorted(old),
        sources,
        search.pagefindsvc.Service(search.executable(), search.LANGUAGE),
    )
    done: Future = Future()
    done.set_result(shard)
    return done


def run(site: Path, plan: dict[str, int], shards: int, arrivals, guessed=None):
    """Index the pages as `arrivals` hand them over (("page", rel, text) rendered, ("stored",
    rel, Stored) reused), with the guess `guessed` or without; the bundle and the stats."""
    site.mkdir()
    index = ShardedIndex(site, plan, shards, early=guessed)
    for kind, rel, value in arrivals:
        if kind == "page":
            index.page(rel, value, searchable=True)
        else:
            index.stored_page(rel, value)
    index.release_early()
    stats = index.finish()
    index.close()
    return tree(site), stats


def test_a_guess_taken_over_gives_the_bytes_of_a_fresh_service(tmp_path):
    """Every case of a page against the guess, in one shard: reused with the bytes the guess gave
    (not read again: the service has them), reused with other bytes (a revert to an older
    entry), rendered anew where the guess gave the placeholder (the edited document), rendered
    with other bytes before the shard opened, a planned page that never comes and a page the
    guess gave that is not planned now (a document withdrawn since): both placeholders."""
    old = {rel: page(rel + "旧") for rel in RELS}
    old[RELS[2]] = None  # the edited document: the placeholder
    old["org/2025/withdrawn/index.html"] = page("QXWITHDRAWN撤回的文件")  # not planned now
    new = {rel: page(rel + "旧") for rel in RELS}
    new[RELS[1]] = page(RELS[1] + "更早的版本")  # reused, other bytes
    new[RELS[2]] = page(RELS[2] + "改过的正文")  # rendered, the edit
    new[RELS[4]] = page(RELS[4] + "先到的新版本")  # rendered before the shard opens
    missing = RELS[6]  # never comes
    plan = dict.fromkeys(RELS, 0)
    trees, stats, stored = [], [], []
    for guessed in (None, guess(old)):
        entries = {rel: Stored(new[rel]) for rel in RELS if rel not in (RELS[2], RELS[4])}
        arrivals = [("page", RELS[4], new[RELS[4]])]
        arrivals += [("stored", rel, entries[rel]) for rel in RELS if rel in entries]
        arrivals = [a for a in arrivals if a[1] != missing]
        arrivals.append(("page", RELS[2], new[RELS[2]]))
        t, s = run(tmp_path / f"site{len(trees)}", plan, 1, arrivals, guessed)
        trees.append(t)
        stats.append(s)
        stored.append(entries)
    assert stats[0].early == 0 and stats[1].early == 1
    assert stats[0].pages == stats[1].pages == len(RELS) - 1
    assert trees[0] == trees[1]
    assert all(b"QXWITHDRAWN" not in data for data in trees[1].values())
    # the service had the pages the guess gave: those were not read again, the others were
    assert stored[1][RELS[0]].reads == 0 and stored[1][RELS[1]].reads == 1


def test_a_guess_that_does_not_fit_is_not_used(tmp_path):
    """A guess without a place for a page of the shard (a new document: added now, it would be
    numbered last), or of another shard count, is ended: the index is that of a fresh service."""
    old = {rel: page(rel) for rel in RELS if rel != RELS[3]}
    plan = dict.fromkeys(RELS, 0)
    arrivals = [("stored", rel, Stored(page(rel))) for rel in RELS]
    fresh, _ = run(tmp_path / "fresh", plan, 1, arrivals)
    for n, guessed in enumerate((guess(old), guess({rel: page(rel) for rel in RELS}, shards=2))):
        arrivals = [("stored", rel, Stored(page(rel))) for rel in RELS]
        got, stats = run(tmp_path / f"site{n}", plan, 1, arrivals, guessed)
        assert stats.early == 0
        assert got == fresh


def test_a_guess_of_another_shard_is_ended_when_the_shards_have_opened(tmp_path):
    rels = RELS[:4]
    plan = {rel: 0 for rel in rels[:2]} | {rel: 1 for rel in rels[2:]}
    guessed = guess({rel: page(rel) for rel in rels[:2]}, shards=2, k=0)
    shard = guessed.result()
    arrivals = [("page", rel, page(rel)) for rel in rels]  # rendered: no shard opens
    fresh, _ = run(tmp_path / "fresh", plan, 2, arrivals)
    got, stats = run(tmp_path / "site", plan, 2, arrivals, guessed)
    assert stats.early == 0 and got == fresh
    assert shard.service.process.poll() is not None  # its service was ended


def test_a_record_that_is_not_ours_starts_nothing(tmp_path):
    """The record comes from the cache folder, which CI restores: a commit that is not a commit
    id (it would be an option to git) or a key that is not a key (it names a file) is not used."""

    class Cache:
        def __init__(self, record):
            self.record = record

        def last_index(self):
            return self.record

    root = tmp_path
    (root / "content").mkdir()
    for bad in (
        {"commit": "--output=x", "shards": 1, "pages": {}},
        {"commit": "abc", "shards": 1, "pages": {}},
        {"commit": 7, "shards": 1, "pages": {}},
        {"shards": 1},
        "not a record",
    ):
        assert (
            early.foresee(Cache(bad), root, root / "content", search.executable(), search.LANGUAGE)
            is None
        )


def test_the_changed_documents_are_those_git_names_under_the_docs_folder(tmp_path):
    """Changes since the recorded commit, committed or not, under the docs folder only, by their
    path in it: a CJK name, a folder whose name looks like a pathspec's magic, the project in a
    folder of its repository."""
    import subprocess

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", *args],
            cwd=tmp_path,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()

    project = tmp_path / "site"
    for folder in (":(top)x", "内容"):
        (project / folder).mkdir(parents=True)
        (project / folder / "通知.md").write_text("一\n", encoding="utf-8")
        (project / folder / "other.md").write_text("二\n", encoding="utf-8")
    (tmp_path / "outside.md").write_text("三\n", encoding="utf-8")
    git("init", "-q")
    git("add", "-A")
    git("commit", "-q", "-m", "一")
    commit = git("rev-parse", "HEAD")
    for folder in (":(top)x", "内容"):
        (project / folder / "通知.md").write_text("改\n", encoding="utf-8")  # not committed
    (project / "内容" / "other.md").write_text("改\n", encoding="utf-8")
    git("commit", "-q", "-am", "二")  # committed: 内容/other.md (and the rest)
    (project / "内容" / "通知.md").write_text("又改\n", encoding="utf-8")
    (tmp_path / "outside.md").write_text("改\n", encoding="utf-8")
    assert early.changed_sources(project, commit, "内容") == {"通知.md", "other.md"}
    assert early.changed_sources(project, commit, ":(top)x") == {"通知.md"}
    assert early.changed_sources(project, "0" * 40, "内容") is None  # not a commit here
