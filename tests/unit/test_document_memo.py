"""The memo of files read (read/documents.read_document_remembered): a file read without a
problem is taken from the build cache's memo while its text, its place and the configured
types are the same, and the record is the one reading gives; anything else is read."""

from __future__ import annotations

import dataclasses
import os
import pickle

import pytest

from disclosure_portal.cache import Memo, _split_blobs
from disclosure_portal.model.problems import Collector
from disclosure_portal.model.vocab import TYPES
from disclosure_portal.read import documents
from disclosure_portal.read.documents import MEMO_CHECK, read_document, read_document_remembered

SRC = "mzj/2025/tongzhi.md"
PATH = f"content/{SRC}"
FRONT = """---
title: 关于开展2025年度社会救助政策宣传的通知
attribute: 主动公开
org: mzj
type: 通知公告
catalog: fdzdgk-06
published: 2025-03-04
written: 2025-03-01
doc_number: 溪民发〔2025〕12号
attachments:
  - path: fujian/biao.xlsx
    title: 宣传安排表
changes:
  - date: 2025-03-06
    note: 更正联系电话
---
"""
BODY = "各镇人民政府、街道办事处：\n\n现将有关事项通知如下。\n\n（此件公开发布）\n"
TEXTS = {
    "plain": FRONT + BODY,
    "bom": "\ufeff" + FRONT + BODY,
    "crlf": (FRONT + BODY).replace("\n", "\r\n"),
    "no body": FRONT.rstrip("\n"),
    "empty body": FRONT,
    "dots": FRONT.replace("---\n各", "...\n各") + BODY,
}


def fields(doc):
    return dataclasses.asdict(doc)


def remembered(memo, text, types=TYPES, src=SRC, path=PATH):
    problems = Collector()
    doc = read_document_remembered(src, path, text, problems, types, memo)
    return doc, problems


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_a_remembered_record_is_the_record_read(tmp_path, name):
    text = TEXTS[name]
    fresh = read_document(SRC, PATH, text, Collector(), TYPES)
    memo = Memo(tmp_path)
    first, problems = remembered(memo, text)
    assert not problems.items and fields(first) == fields(fresh)
    memo.save()
    again = Memo(tmp_path)
    calls = []
    real = documents.read_document
    documents.read_document = lambda *a: calls.append(a) or real(*a)
    try:
        second, problems = remembered(again, text)
    finally:
        documents.read_document = real
    assert not calls, "read again although remembered"
    assert not problems.items and fields(second) == fields(fresh)
    assert second.body == fresh.body
    assert second is not first and second.meta is not first.meta  # a record of its own


def test_a_file_with_a_problem_is_read_every_time(tmp_path):
    text = FRONT.replace("published: 2025-03-04", "published: 2025-02-20") + BODY  # < written
    memo = Memo(tmp_path)
    _, problems = remembered(memo, text)
    assert problems.warnings  # published before written
    memo.save()
    _, problems = remembered(Memo(tmp_path), text)
    assert [str(p) for p in problems.warnings] and not list(tmp_path.glob("*.blobs"))


def test_a_record_read_without_a_problem_has_its_key_the_same_when_recalled(tmp_path):
    """The record's key (what the checks of load_site know a document's own texts by): given
    for a file read without a problem, kept or recalled alike, and different for another
    place, text or types; never for a file read with a problem."""
    keys: dict[str, str] = {}
    memo = Memo(tmp_path)
    read_document_remembered(SRC, PATH, TEXTS["plain"], Collector(), TYPES, memo, keys)
    kept = keys.pop(SRC)
    memo.save()
    memo = Memo(tmp_path)
    read_document_remembered(SRC, PATH, TEXTS["plain"], Collector(), TYPES, memo, keys)
    assert keys.pop(SRC) == kept
    others = [
        (SRC, "content/x/" + SRC, TEXTS["plain"], TYPES),
        (SRC, PATH, TEXTS["plain"].replace("宣传", "解读"), TYPES),
        (SRC, PATH, TEXTS["plain"], (*TYPES, "简报")),
    ]
    for src, path, text, types in others:
        read_document_remembered(src, path, text, Collector(), types, Memo(tmp_path), keys)
        assert keys.pop(src) != kept
    problem = FRONT.replace("published: 2025-03-04", "published: 2025-02-20") + BODY
    for _ in range(2):
        read_document_remembered(SRC, PATH, problem, Collector(), TYPES, Memo(tmp_path), keys)
        assert keys == {}


def test_another_place_text_or_types_is_read_not_recalled(tmp_path):
    memo = Memo(tmp_path)
    remembered(memo, TEXTS["plain"])
    memo.save()
    moved, _ = remembered(
        Memo(tmp_path), TEXTS["plain"], src="fgj/2025/a.md", path="content/fgj/2025/a.md"
    )
    assert moved.src == "fgj/2025/a.md" and moved.path == "content/fgj/2025/a.md"
    edited, _ = remembered(Memo(tmp_path), TEXTS["plain"].replace("宣传", "解读"))
    assert "解读" in edited.title
    narrower = tuple(t for t in TYPES if t != "通知公告")
    doc, problems = remembered(Memo(tmp_path), TEXTS["plain"], types=narrower)
    assert problems.errors and not doc.type  # the type is no longer configured: an error


def test_a_damaged_or_foreign_entry_is_never_used(tmp_path):
    configuration = "\0".join((documents._YAML, *TYPES))
    key = f"{SRC}\0{PATH}\0{TEXTS['plain']}"
    fresh = read_document(SRC, PATH, TEXTS["plain"], Collector(), TYPES)

    ran = tmp_path / "ran"

    class Evil:
        def __reduce__(self):
            return (os.mkdir, (str(ran),))

    other = dataclasses.replace(fresh, body="", src="other.md")
    for data in (
        b"garbage",
        pickle.dumps((0, Evil())),  # a global outside the records: refused, not run
        pickle.dumps((len(fresh.body), other)),  # another file's record
        pickle.dumps((10**6, dataclasses.replace(fresh, body=""))),  # a body longer than the text
        pickle.dumps(("1", dataclasses.replace(fresh, body=""))),
    ):
        memo = Memo(tmp_path)
        memo.keep_bytes(MEMO_CHECK, configuration, key, data)
        memo.save()
        doc, _ = remembered(Memo(tmp_path), TEXTS["plain"])
        assert fields(doc) == fields(fresh)
    assert not ran.exists()


def test_the_memo_file_is_read_whole_or_not_at_all():
    entry = b"k" * 16 + (3).to_bytes(4, "big") + b"abc"
    assert _split_blobs(entry + entry.replace(b"k", b"j")) == {b"k" * 16: b"abc", b"j" * 16: b"abc"}
    assert _split_blobs(entry[:-1]) == {}
    assert _split_blobs(entry + b"x" * 5) == {}
