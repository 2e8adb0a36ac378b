"""plan/feeds.py and plan/opendata.py on in-memory records: order, ids, links, dates, escaping."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET

from hypothesis import given, settings
from hypothesis import strategies as st

from disclosure_portal.model.records import Catalog, CatalogItem, Change, Document, Org
from disclosure_portal.plan import feeds, opendata

ATOM = "{http://www.w3.org/2005/Atom}"
ORGS = {"mzj": Org(id="mzj", name="民政局", kind="区政府部门", code="X")}
DAY = dt.date(2025, 3, 1)


def _doc(src: str, published: dt.date | None, **extra) -> Document:
    base = {"title": src, "attribute": "主动公开", "org": "mzj", "type": "通知公告", "id": src}
    return Document(src=f"{src}.md", path=f"content/{src}.md", published=published, **base | extra)


def _url_of(src: str) -> str:
    return src.removesuffix(".md") + "/"


def _render(docs, site_url=None, today=None) -> ET.Element:
    planned = feeds.plan_feeds(docs, ORGS, ("通知公告", "页面"), (), "站点")
    site = next(f for f in planned if f.path == feeds.SITE_FEED)
    return ET.fromstring(feeds.render_feed(site, ORGS, _url_of, site_url, today))


def test_newest_first_ties_by_path_and_at_most_the_limit():
    docs = [_doc(f"mzj/d{i:02d}", DAY + dt.timedelta(days=i // 2)) for i in range(60)]
    chosen = feeds.newest(reversed(docs))
    assert len(chosen) == feeds.LIMIT
    assert [d.src for d in chosen[:3]] == ["mzj/d58.md", "mzj/d59.md", "mzj/d56.md"]


def test_pages_and_undated_documents_are_in_no_feed_and_every_type_has_one():
    planned = feeds.plan_feeds(
        [_doc("about", None, type="页面", org=""), _doc("mzj/a", DAY)],
        ORGS,
        ("通知公告", "政策文件", "页面"),
        (),
        "站点",
    )
    paths = {f.path: len(f.docs) for f in planned}
    assert paths == {
        "feeds/all.xml": 1,
        "feeds/org/mzj.xml": 1,
        "feeds/type/notices.xml": 1,
        "feeds/type/policies.xml": 0,
    }


def test_entry_dates_ids_links_and_text():
    changed = _doc(
        "mzj/二〇二五/a",
        DAY,
        title="A & <B>\x0b",
        summary="概述",
        changes=(Change(date=dt.date(2025, 4, 2), note="n"),),
    )
    root = _render([changed, _doc("mzj/b", DAY - dt.timedelta(days=1))])
    entry = root.find(f"{ATOM}entry")
    assert entry.find(f"{ATOM}title").text == "A & <B>"  # the control character dropped
    assert entry.find(f"{ATOM}id").text == (
        "tag:disclosure-portal.invalid,2024:mzj/%E4%BA%8C%E3%80%87%E4%BA%8C%E4%BA%94/a"
    )
    assert entry.find(f"{ATOM}updated").text == "2025-04-02T00:00:00+08:00"
    assert entry.find(f"{ATOM}published").text == "2025-03-01T00:00:00+08:00"
    assert entry.find(f"{ATOM}link").get("href") == "../mzj/二〇二五/a/"
    assert entry.find(f"{ATOM}author/{ATOM}name").text == "民政局"
    assert root.find(f"{ATOM}updated").text == "2025-04-02T00:00:00+08:00"
    assert root.find(f"{ATOM}link[@rel='self']") is None  # no site_url: no absolute self link
    absolute = _render([changed], site_url="https://gk.example.gov.cn/sub/")
    assert absolute.find(f"{ATOM}entry/{ATOM}link").get("href") == (
        "https://gk.example.gov.cn/sub/mzj/二〇二五/a/"
    )
    assert absolute.find(f"{ATOM}id").text == "tag:gk.example.gov.cn,2024:feed/all"


def test_an_empty_feed_is_dated_by_the_build_date():
    root = _render([], today=dt.date(2026, 11, 30))
    assert root.find(f"{ATOM}entry") is None
    assert root.find(f"{ATOM}updated").text == "2026-11-30T00:00:00+08:00"


def test_exports_keep_approved_catalogs_only_and_public_fields():
    item = dict(
        level1="一",
        level2="二",
        content="内容",
        basis="依据",
        deadline="20个工作日",
        deadline_days=20,
        subject="主体",
        channels=("政府网站", "公开查阅点"),
        audience="全社会",
        mode="主动",
        levels=("区县级",),
    )
    approved = Catalog(
        code="shjz",
        name="社会救助",
        guideline="",
        status="已审核",
        reviewed_on=DAY,
        reviewed_by="办",
        items=(CatalogItem(id="shjz-01", catalog="shjz", **item),),
        path="catalogs/shjz.yml",
    )
    draft = Catalog(
        code="ylfw",
        name="养老",
        guideline="",
        status="草稿",
        reviewed_on=None,
        reviewed_by="",
        items=(CatalogItem(id="ylfw-01", catalog="ylfw", **item),),
        path="catalogs/ylfw.yml",
    )
    secret = _doc("mzj/a", DAY, attribute_basis="QXBASIS", body="QXBODY", summary="概述")
    files = opendata.data_files([secret], ORGS, [approved, draft], _url_of, None, "站点")
    assert sorted(files) == [
        "data/catalog-items.csv",
        "data/catalog-items.json",
        "data/datapackage.json",
        "data/documents.csv",
        "data/documents.json",
        "data/organisations.csv",
        "data/organisations.json",
    ]
    items = files["data/catalog-items.csv"].decode("utf-8-sig")
    assert "shjz-01" in items and "ylfw-01" not in items and "政府网站；公开查阅点" in items
    everything = b"".join(files.values()).decode("utf-8", errors="replace")
    assert "QXBASIS" not in everything and "QXBODY" not in everything
    assert files["data/documents.csv"].decode("utf-8-sig").splitlines()[1] == (
        "mzj/a,mzj/a/,mzj/a,通知公告,mzj,民政局,,,,2025-03-01,,有效,,,概述"
    )


_CELLS = st.one_of(
    st.text(max_size=8),
    st.sampled_from(["", "\u2028", '"\\/', "\x00\x1f", "\ud800", "政务公开"]),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.none(),
    st.booleans(),
    st.floats(allow_nan=True),
    st.lists(st.integers(), max_size=2),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.dictionaries(st.sampled_from(["id", "标题", "a b", ""]), _CELLS), max_size=4))
def test_the_open_data_json_is_what_json_writes_with_an_indent(rows):
    """The tables' JSON is written without json's Python encoder where every value is text, a
    whole number or null: the same text json.dumps(indent=1) writes, for any rows (others go
    to json itself)."""
    fields = tuple(dict.fromkeys((name, "string", name) for row in rows for name in row))
    wanted = [{name: row.get(name) for name, _, _ in fields} for row in rows]
    table = opendata.Table("t", "t", "t", fields, "id", tuple(wanted))

    def outcome(make):
        try:
            return make()
        except UnicodeEncodeError:  # a lone surrogate: refused either way
            return UnicodeEncodeError

    expected = outcome(
        lambda: (json.dumps(wanted, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    )
    assert outcome(lambda: opendata.json_bytes(table)) == expected


def test_the_documents_table_takes_the_fast_path_and_keeps_json_s_bytes():
    """The documents' table (text, integers and nulls) is written without json's encoder, with
    the bytes json writes: escapes, a line separator and characters beyond the BMP included."""
    rows = [
        {
            "id": "mzj/2025/a",
            "title": '关于"社会救助"的通知\u2028第二行\\',
            "year": 2025,
            "url": None,
        },
        {"id": "mzj/2025/b", "title": "😀\t制表", "year": -(2**70), "url": "mzj/2025/b/"},
    ]
    fields = tuple((name, "string", name) for name in rows[0])
    table = opendata.Table("documents", "t", "t", fields, "id", tuple(rows))
    assert opendata._indented(rows) is not None
    assert opendata.json_bytes(table) == (
        json.dumps(rows, ensure_ascii=False, indent=1) + "\n"
    ).encode("utf-8")
