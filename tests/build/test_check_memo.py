"""The memo of content checks (cache.Memo): a public text two checks of `load_site` found clean
(personal data and banned words; withheld material in public places) is not searched again by
a build with the cache, until the text or what it is compared with changes. Each case below
first builds with the cache (the memo then holds the unchanged page as clean), then changes
only what the page is compared with: the build must see the problem as a build without the
cache does. Without the configuration in the memo's key, each would pass."""

from __future__ import annotations

import copy
from pathlib import Path

import yaml
from helpers import PDF, POLICY, Project, meeting_minutes, notice_with

from disclosure_portal.cache import Memo
from disclosure_portal.rules import withheld as withheld_rules
from disclosure_portal.verify import fingerprints

TODAY = "2026-06-01"
PUBLIC = "content/mzj/2025/public.md"
WITHHELD = "content/mzj/2025/internal/jiyao.md"
SENTENCE = "会议同意将青石镇污水处理厂二期工程追加投资3860万元，由区财政局从预备费中列支。"


def withheld(body: str) -> str:
    return meeting_minutes(body)


def public() -> str:
    return notice_with(f"近期，{SENTENCE}\n\n请各单位做好宣传解释工作。")


def build(project: Project, *args: str) -> tuple[int, str]:
    result = project.portal("build", "--today", TODAY, *args)
    return result.returncode, result.stdout + result.stderr


def memo_files(project: Project) -> list[str]:
    folder = project.root / ".portal-cache" / "v1" / "memo"
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def first_build(project: Project) -> None:
    project.write(
        {PUBLIC: public(), WITHHELD: withheld("会议研究了桃源村危房改造对象复核的有关工作安排。")}
    )
    code, out = build(project)
    assert code == 0, out[-3000:]
    # both checks kept what they found clean (texts, and documents' own texts by their
    # records' keys), the withheld minutes' units are kept, and what the public texts share
    # with the withheld ones (the leak scan's memo), and the files read without a problem
    # (read/documents.py), and their links (project._links_and_markup)
    assert len(memo_files(project)) == 8
    assert sum(name.endswith(".blobs") for name in memo_files(project)) == 2


def test_a_withheld_text_changed_to_hold_an_unchanged_public_sentence_is_found(project):
    """The withheld minutes now hold the sentence the (older) public page holds: the page is
    searched again (the withheld units changed) and the copy is an error, as without cache."""
    first_build(project)
    project.write({WITHHELD: withheld(f"经研究，{SENTENCE}")})
    code, out = build(project)
    assert code != 0 and f"{PUBLIC}:body:" in out and WITHHELD in out, out[-3000:]
    cold_code, cold_out = build(project, "--no-cache")
    assert cold_code == code and f"{PUBLIC}:body:" in cold_out


def test_a_sentence_pasted_from_an_unchanged_withheld_text_is_found_with_its_kept_units(project):
    """The withheld minutes' units come from the memo in the second build (their text did not
    change); a clerk pastes one of their sentences into a new notice: found, as without cache."""
    first_build(project)
    pasted = notice_with("据悉，会议研究了桃源村危房改造对象复核的有关工作安排。\n")
    project.write({"content/mzj/2025/pasted.md": pasted})
    code, out = build(project)
    assert code != 0 and "content/mzj/2025/pasted.md:body:" in out and WITHHELD in out, out[-3000:]
    cold_code, cold_out = build(project, "--no-cache")
    assert cold_code == code and "content/mzj/2025/pasted.md:body:" in cold_out


def test_a_new_banned_word_is_found_in_an_unchanged_page(project):
    first_build(project)
    project.write({"catalogs/banned-words.txt": "宣传解释\n"})
    code, out = build(project)
    assert code != 0 and "禁用词“宣传解释”" in out and PUBLIC in out, out[-3000:]


def test_an_office_number_no_longer_official_is_found_in_an_unchanged_page(project):
    """A number the settings called official is personal data once removed from them."""
    plain = (project.root / "mkdocs.yml").read_text(encoding="utf-8")
    config = yaml.safe_load(plain)
    config["extra"]["portal"]["official_contacts"] = {"phones": ["13800138000"]}
    official = yaml.safe_dump(config, allow_unicode=True, sort_keys=False)
    page = public().replace("请各单位", "咨询电话13800138000，请各单位")
    project.write({"mkdocs.yml": official})
    first_build(project)
    project.write({PUBLIC: page})
    code, out = build(project)
    assert code == 0, out[-3000:]
    project.write({"mkdocs.yml": plain})
    code, out = build(project)
    assert code != 0 and PUBLIC in out and "手机号码" in out, out[-3000:]


def test_the_memo_keeps_only_what_this_build_found_clean(tmp_path):
    memo = Memo(tmp_path)
    assert not memo.is_clean("check", "A", "第一段")
    memo.clean("check", "A", "第一段")
    memo.clean("check", "A", "第二段")
    memo.save()
    assert Memo(tmp_path).is_clean("check", "A", "第二段")
    again = Memo(tmp_path)
    assert again.is_clean("check", "A", "第一段")
    assert not again.is_clean("check", "B", "第一段")  # another configuration
    assert not again.is_clean("other", "A", "第一段")  # another check
    assert not again.is_clean("check", "A", "第一段。")  # another text
    again.save()  # this build met only 第一段 (and 第一段。 was not found clean)
    third = Memo(tmp_path)
    assert third.is_clean("check", "A", "第一段") and not third.is_clean("check", "A", "第二段")
    for entry in tmp_path.iterdir():  # a damaged file is no memo
        entry.write_bytes(entry.read_bytes()[:-1] + b"x")
    assert not Memo(tmp_path).is_clean("check", "A", "第一段")
    assert not Memo(None).is_clean("check", "A", "第一段")


def _units(project: Project, memo: Memo | None) -> list[tuple[str, str]]:
    from disclosure_portal.project import load_site
    from disclosure_portal.read.settings import load_settings

    site = load_site(load_settings(project.root), memo=memo)
    assert site.withheld_text is not None
    return [(u.source, u.unit.norm) for u in site.withheld_text.units]


def test_units_of_a_withheld_text_are_recalled_for_the_same_organisations_only(
    project, tmp_path, monkeypatch
):
    """The distinctive units of a withheld text are kept in the memo: recalled, they are the
    units computed without it; after a change of the organisations' names (which are ordinary
    words, so a unit may stop being distinctive) they are computed again."""
    sentence = "测试区青石镇桃源村便民服务中心综合楼改造工程项目实施管理办公室。"
    project.write({WITHHELD: withheld(f"{sentence}\n\n{SENTENCE}\n")})
    memo_folder = tmp_path / "memo"
    memo_folder.mkdir()
    cold = _units(project, None)
    filled = Memo(memo_folder)
    assert _units(project, filled) == cold
    filled.save()
    assert any(name.endswith(".values") for name in memo_files_in(memo_folder))
    with monkeypatch.context() as patch:  # recalled: the rule is not even built
        patch.setattr(withheld_rules, "ordinary_rule", _no_rule)
        assert _units(project, Memo(memo_folder)) == cold
    orgs = project.root / "catalogs/orgs.yml"
    entries = yaml.safe_load(orgs.read_text(encoding="utf-8"))
    added = copy.deepcopy(entries[2])  # a copy: yaml writes a shared mapping as an alias
    added.update(id="tyfw", name=sentence.rstrip("。"), code="11500299009135171T")
    entries.append(added)  # the code has a valid check character (GB 32100)
    orgs.write_text(yaml.safe_dump(entries, allow_unicode=True), encoding="utf-8")
    renamed = _units(project, None)
    assert renamed != cold  # the sentence is now an organisation's name: ordinary
    assert _units(project, Memo(memo_folder)) == renamed


def _no_rule(names):
    raise AssertionError("the units were computed again instead of recalled")


def memo_files_in(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_what_public_texts_share_with_withheld_ones_is_kept_per_text(project, tmp_path):
    """The leak scan's fingerprints leave out what public texts hold too (a public notice may
    cite a withheld document's title). The memo keeps, per public text and per set of
    candidates, what it holds: a public text that starts citing the title is searched again,
    and the fingerprints are those computed without the memo, every time."""
    title = "区民政局2025年第3次局长办公会议纪要"
    project.write(
        {PUBLIC: public(), WITHHELD: withheld("会议研究了桃源村危房改造对象复核的有关工作安排。")}
    )
    theme = [fingerprints._GENERATOR / "theme"]  # a folder kept by its path: the package's

    def both(memo_folder):
        site = project.load()
        memo = Memo(memo_folder)
        with_memo = fingerprints.collect_fingerprints(site, theme, memo)
        memo.save()
        without = fingerprints.collect_fingerprints(site, theme)
        assert with_memo.digest == without.digest
        return {text for text, _ in with_memo.automaton.items()}

    first = both(tmp_path)
    again = both(tmp_path)  # from the memo
    assert first == again and fingerprints.normalize(title) in first
    project.write({PUBLIC: notice_with(f"根据《{title}》精神，{SENTENCE}")})
    cited = both(tmp_path)
    assert fingerprints.normalize(title) not in cited  # cited by a public notice now
    assert both(tmp_path) == cited


def test_only_folders_fixed_by_a_version_are_kept_by_their_path(tmp_path):
    """The theme folders are searched for the candidates too; the memo keeps what one holds by
    its path only when a version fixes its files (this generator, an installed theme package,
    by name and version). A project's own theme folder is read every time."""
    import material

    templates = fingerprints._fixed(Path(material.__file__).parent / "templates")
    assert templates is not None and templates.startswith("mkdocs-material==")
    assert fingerprints._fixed(fingerprints._GENERATOR / "theme") == "generator"
    assert fingerprints._fixed(tmp_path) is None


def test_an_installed_theme_folder_is_read_once_per_process_and_files_stay_apart(
    project, tmp_path, monkeypatch
):
    """An installed theme package's folder (material's 14,000 files) is read into the comparison
    form once per process, its files kept apart: a candidate one of its files holds is not a
    fingerprint, one that only the end of a file and the start of the next would make is. The
    fingerprints are those of a fresh reading, with the memo and without it."""
    title = "区民政局2025年第3次局长办公会议纪要"
    project.write({PUBLIC: public(), WITHHELD: withheld("会议研究了桃源村危房改造对象复核。")})
    package = tmp_path / "package"
    folder = package / "templates"
    (folder / "partials").mkdir(parents=True)
    (folder / "a.txt").write_text("页脚：区民政局2025年第3次", encoding="utf-8")
    (folder / "b.txt").write_text("局长办公会议纪要 见附件", encoding="utf-8")
    monkeypatch.setattr(fingerprints, "_theme_places", lambda: ((package.resolve(), "pkg==1"),))
    monkeypatch.setattr(fingerprints, "_FOLDERS", {})
    norm = fingerprints.normalize(title)
    site = project.load()
    first = fingerprints.collect_fingerprints(site, [folder])
    assert norm in {text for text, _ in first.automaton.items()}  # across two files: no
    read: list[Path] = []
    walk = fingerprints._walk_texts
    monkeypatch.setattr(fingerprints, "_walk_texts", lambda d: read.append(d) or walk(d))
    assert fingerprints.collect_fingerprints(site, [folder]).digest == first.digest
    assert read == []  # kept for the process
    (folder / "partials" / "c.html").write_text(f"<p>{title}</p>", encoding="utf-8")
    monkeypatch.setattr(fingerprints, "_FOLDERS", {})  # a new process, or a new version
    memo = Memo(tmp_path / "memo")
    cited = fingerprints.collect_fingerprints(site, [folder], memo)
    assert read == [folder] and norm not in {text for text, _ in cited.automaton.items()}
    assert fingerprints.collect_fingerprints(site, [folder]).digest == cited.digest


def test_an_attachment_the_memo_knows_is_not_read_again(project, tmp_path, monkeypatch):
    """An attachment's text (a PDF here) is read for the candidates only when the memo does not
    know its bytes; the fingerprints are the same either way."""
    project.write(
        {
            "content/mzj/2025/dibao.md": POLICY,
            "content/mzj/2025/files/dibao-biaozhun.pdf": PDF,
            WITHHELD: withheld("会议研究了桃源村危房改造对象复核的有关工作安排。"),
        }
    )
    site = project.load()
    assert any(src.endswith(".pdf") for src in site.public.assets)
    memo = Memo(tmp_path)
    first = fingerprints.collect_fingerprints(site, [], memo)
    memo.save()
    read: list[Path] = []
    real = fingerprints.file_text
    monkeypatch.setattr(fingerprints, "file_text", lambda path: read.append(path) or real(path))
    again = fingerprints.collect_fingerprints(site, [], Memo(tmp_path))
    assert read == [] and again.digest == first.digest
    (project.root / "content/mzj/2025/files/dibao-biaozhun.pdf").write_bytes(PDF + b"\n%%EOF\n")
    fingerprints.collect_fingerprints(project.load(), [], Memo(tmp_path))
    assert [p.name for p in read] == ["dibao-biaozhun.pdf"]  # new bytes: read again


def test_public_places_the_memo_knows_build_no_matcher_and_a_new_copy_is_still_found(
    project, tmp_path, monkeypatch
):
    """The matcher of withheld units is built only when many public places must be searched:
    not when the memo found every place clean before with these units, nor for one edited
    notice, which is searched unit by unit. A sentence then pasted from the withheld minutes
    into a public notice is found, as without the memo; without the memo, the matcher is built."""
    from disclosure_portal.project import load_site
    from disclosure_portal.read.settings import load_settings

    project.write(
        {PUBLIC: public(), WITHHELD: withheld("会议研究了桃源村危房改造对象复核的有关工作安排。")}
    )
    memo = Memo(tmp_path)
    assert load_site(load_settings(project.root), memo=memo).errors == []
    built: list[int] = []
    real = withheld_rules.Matcher
    monkeypatch.setattr(withheld_rules, "Matcher", lambda *a: built.append(1) or real(*a))
    assert load_site(load_settings(project.root), memo=Memo(tmp_path)).errors == []
    assert built == []
    project.write({PUBLIC: notice_with("据悉，会议研究了桃源村危房改造对象复核的有关工作安排。\n")})
    errors = load_site(load_settings(project.root), memo=Memo(tmp_path)).errors
    assert built == [] and any(p.path == PUBLIC and p.key == "body" for p in errors), errors
    errors = load_site(load_settings(project.root)).errors
    assert built == [1] and any(p.path == PUBLIC and p.key == "body" for p in errors), errors


def _problems(site) -> list[tuple[str, str, str, str]]:
    return sorted((str(p.severity), p.path, p.key, p.message) for p in site.problems.items)


def test_own_texts_of_unchanged_documents_are_not_made_again_and_every_problem_stays(
    project, tmp_path, monkeypatch
):
    """A document read from the memo has its record's key (read/documents.py); the checks of
    personal data and of withheld material know its own texts (front matter, body, notes, its
    files' names) clean by that key and do not make them again, while its files' contents are
    read and searched as before and every problem is still reported (a declared exception not
    found is a warning each time; a link to a missing file an error). When the file its
    unchanged body links to appears, the names of its files change: its own texts are made and
    searched again, and the new file's contents are read; the problems are those of a load
    without the memo at every step."""
    from disclosure_portal.project import load_site
    from disclosure_portal.read.settings import load_settings
    from disclosure_portal.rules import safety

    duty = "content/mzj/2025/duty.md"
    project.write(
        {
            PUBLIC: public(),
            duty: notice_with(
                "请各单位知悉。值班表见[附件](files/late.csv)。",
                title="关于公布值班安排的通知",
                personal_data=[{"value": "13912345678", "reason": "值班电话"}],
            ),
            "content/mzj/2025/files/plain.csv": "事项,时间\n值班,周一\n",
            "content/mzj/2025/errant.md": notice_with(
                "联系人张明，电话13812345678。", title="关于报送材料的通知"
            ),
            "content/mzj/2025/attached.md": notice_with(
                "附件见[表](files/plain.csv)。", title="关于印发值班表的通知"
            ),
            WITHHELD: withheld("会议研究了桃源村危房改造对象复核的有关工作安排。"),
        }
    )
    settings = load_settings(project.root)
    first = load_site(settings, memo=Memo(tmp_path))
    assert any(p.path == duty and "不存在" in p.message for p in first.errors)
    errant = [p for p in first.errors if p.path == "content/mzj/2025/errant.md"]
    assert errant  # its own texts are not clean: made and searched every time
    made: list[str] = []
    real_own = safety._own_texts
    monkeypatch.setattr(
        safety, "_own_texts", lambda doc, *a: made.append(doc.path) or real_own(doc, *a)
    )
    bodies: list[str] = []
    real_text = withheld_rules.markdown_text
    monkeypatch.setattr(
        withheld_rules, "markdown_text", lambda body: bodies.append(body) or real_text(body)
    )
    read: list[str] = []
    real_read = safety.read_attachment
    monkeypatch.setattr(
        safety, "read_attachment", lambda path: read.append(path.name) or real_read(path)
    )
    again = load_site(settings, memo=Memo(tmp_path))
    public_bodies = [b for b in bodies if "桃源村" not in b]  # (the withheld minutes' own)
    assert made == ["content/mzj/2025/errant.md"] and public_bodies == [], (made, public_bodies)
    assert read == ["plain.csv"]  # the contents of a document's files: read every time
    cold = load_site(settings)
    assert _problems(again) == _problems(first) == _problems(cold)
    assert any(p.path == duty and p.key == "personal_data" for p in again.warnings)
    made.clear()
    read.clear()
    project.write({"content/mzj/2025/files/late.csv": "事项,时间\n值班,周二\n"})
    after = load_site(settings, memo=Memo(tmp_path))
    assert sorted(made) == [duty, "content/mzj/2025/errant.md"], made
    assert sorted(read) == ["late.csv", "plain.csv"], read
    assert not any(p.path == duty and "不存在" in p.message for p in after.errors)
    assert _problems(after) == _problems(load_site(settings))


def test_own_places_are_searched_again_when_the_withheld_units_change(
    project, tmp_path, monkeypatch
):
    """A document's own places known clean are known so for these withheld units only: when
    the withheld minutes change, every public document's own places are made and searched
    again (here the unchanged public notice, which now holds one of their sentences)."""
    from disclosure_portal.project import load_site
    from disclosure_portal.read.settings import load_settings

    project.write(
        {PUBLIC: public(), WITHHELD: withheld("会议研究了桃源村危房改造对象复核的有关工作安排。")}
    )
    settings = load_settings(project.root)
    assert load_site(settings, memo=Memo(tmp_path)).errors == []
    bodies: list[str] = []
    real_text = withheld_rules.markdown_text
    monkeypatch.setattr(
        withheld_rules, "markdown_text", lambda body: bodies.append(body) or real_text(body)
    )
    assert load_site(settings, memo=Memo(tmp_path)).errors == []
    assert [b for b in bodies if "近期" in b] == []  # the public notice's body: not made
    project.write({WITHHELD: withheld(f"经研究，{SENTENCE}")})
    errors = load_site(settings, memo=Memo(tmp_path)).errors
    assert [b for b in bodies if "近期" in b] != []  # made and searched again
    assert any(p.path == PUBLIC and p.key == "body" for p in errors), errors
    # own places that hold withheld material are never known clean: found at every load
    for _ in range(2):
        bodies.clear()
        errors = load_site(settings, memo=Memo(tmp_path)).errors
        assert [b for b in bodies if "近期" in b] != []
        assert any(p.path == PUBLIC and p.key == "body" for p in errors), errors


def test_the_catalogs_part_is_kept_by_its_texts(project, tmp_path, monkeypatch):
    """What catalogs/ and mkdocs.yml show is one part of the public corpus, kept by its texts:
    unchanged, it is not searched again; when mkdocs.yml starts citing a withheld title, it is,
    and the title is no fingerprint, as without the memo."""
    title = "区民政局2025年第3次局长办公会议纪要"
    project.write(
        {PUBLIC: public(), WITHHELD: withheld("会议研究了桃源村危房改造对象复核的有关工作安排。")}
    )
    theme = [fingerprints._GENERATOR / "theme"]
    site = project.load()
    memo = Memo(tmp_path)
    first = fingerprints.collect_fingerprints(site, theme, memo)
    memo.save()
    searched: list[str] = []
    real = fingerprints._Probe.found
    monkeypatch.setattr(
        fingerprints._Probe, "found", lambda self, text: searched.append(text) or real(self, text)
    )
    again = fingerprints.collect_fingerprints(project.load(), theme, Memo(tmp_path))
    assert searched == [] and again.digest == first.digest
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + f"# 依据《{title}》\n", encoding="utf-8")
    site = project.load()
    memo = Memo(tmp_path)
    cited = fingerprints.collect_fingerprints(site, theme, memo)
    assert any(fingerprints.normalize(title) in text for text in searched)  # searched again
    assert cited.digest == fingerprints.collect_fingerprints(site, theme).digest
    assert fingerprints.normalize(title) not in {t for t, _ in cited.automaton.items()}
    assert fingerprints.normalize(title) in {t for t, _ in first.automaton.items()}


def test_a_document_read_with_the_memo_is_known_by_its_record_and_a_changed_file_is_not_kept(
    project, tmp_path, monkeypatch
):
    """With the memo, a public document is one part of the public corpus by its record's key
    (its place and text as the build read them): unchanged, its file is not read again for the
    leak scan. A file changed on disk since the build read it is searched as it is now and
    nothing is kept under the record's key: a later scan of the record as read finds the
    withheld title a fingerprint again (the changed file cited it)."""
    from disclosure_portal.project import load_site
    from disclosure_portal.read.settings import load_settings

    title = "区民政局2025年第3次局长办公会议纪要"
    project.write(
        {PUBLIC: public(), WITHHELD: withheld("会议研究了桃源村危房改造对象复核的有关工作安排。")}
    )
    theme = [fingerprints._GENERATOR / "theme"]

    def loaded():
        site = load_site(load_settings(project.root), memo=Memo(tmp_path / "memo"))
        assert site.record_keys, "the memo gives each document read cleanly its record's key"
        return site

    def texts(found):
        return {text for text, _ in found.automaton.items()}

    site = loaded()
    memo = Memo(tmp_path / "scan")
    first = fingerprints.collect_fingerprints(site, theme, memo)
    memo.save()
    assert first.digest == fingerprints.collect_fingerprints(site, theme).digest
    read: list[str] = []
    real = fingerprints._recorded_texts
    monkeypatch.setattr(
        fingerprints, "_recorded_texts", lambda *a: read.append(a[1].src) or real(*a)
    )
    assert fingerprints.collect_fingerprints(loaded(), theme, Memo(tmp_path / "scan")).digest == (
        first.digest
    )
    assert read == []  # known by its record: not read
    original = (project.root / PUBLIC).read_text(encoding="utf-8")
    project.write({PUBLIC: notice_with(f"根据《{title}》精神，{SENTENCE}")})  # after reading
    stale = site  # the records as the build read them, before the edit
    memo = Memo(tmp_path / "scan-2")
    changed = fingerprints.collect_fingerprints(stale, theme, memo)
    memo.save()
    assert PUBLIC.removeprefix("content/") in read
    assert fingerprints.normalize(title) not in texts(changed)  # the file as it is now cites it
    (project.root / PUBLIC).write_text(original, encoding="utf-8")
    again = fingerprints.collect_fingerprints(stale, theme, Memo(tmp_path / "scan-2"))
    assert fingerprints.normalize(title) in texts(again)  # nothing kept under the stale key
    assert again.digest == first.digest


def test_record_key_of_is_the_key_the_reading_gives(project, tmp_path):
    """`record_key_of` (what the leak scan checks a document's file against) is exactly the
    key `read_document_remembered` gives each record it reads or recalls, BOM and all."""
    from disclosure_portal.project import load_site
    from disclosure_portal.read.documents import record_key_of
    from disclosure_portal.read.settings import load_settings

    project.write({PUBLIC: "\ufeff" + public(), WITHHELD: withheld("会议研究了有关工作安排。")})
    for _ in range(2):  # read, then recalled from the memo
        memo = Memo(tmp_path)
        site = load_site(load_settings(project.root), memo=memo)
        memo.save()
        docs = {d.src: d for d in site.documents}
        assert {p.removeprefix("content/") for p in (PUBLIC, WITHHELD)} <= set(site.record_keys)
        for src, key in site.record_keys.items():
            text = (site.settings.docs_dir / src).read_text(encoding="utf-8-sig")
            assert record_key_of(src, docs[src].path, text, site.settings.types) == key
    assert any(p.name.endswith(".blobs") for p in tmp_path.iterdir())  # the records were kept
