"""Red-team findings on copies of withheld text (issue 22, work package R): the ways an honest
clerk quotes a 会议纪要 that the first review did not try."""

from __future__ import annotations

import pytest
from helpers import Project, commit, git, meeting_minutes, notice_with, problems_of

from disclosure_portal.rules.ordinary import Ordinary

PUBLIC = "content/mzj/2025/public.md"
WITHHELD = "content/mzj/2025/internal/jiyao.md"

DECISION = "会议同意将青石镇污水处理厂二期工程追加投资3860万元"
SOURCE = "由区财政局从预备费中列支"
CHECK = "会议要求区住建委在9月底前完成桃源村危房改造对象的复核"
REMOVE = "对不符合条件的17户予以清退"
SENTENCES = [f"{DECISION}，{SOURCE}。", f"{CHECK}，{REMOVE}。"]


def withheld(body: str | None = None) -> str:
    return meeting_minutes(body or "\n\n".join(SENTENCES))


def public(body: str) -> str:
    return notice_with(body)


def copies(project, body: str) -> list[str]:
    _, errors, _ = problems_of(project, {WITHHELD: withheld(), PUBLIC: public(body)})
    return [e for e in errors if e.startswith(f"{PUBLIC}:body:") and WITHHELD in e]


def test_the_decision_quoted_without_its_condition_is_a_copy(project):
    """A clause of a withheld sentence quoted on its own (会议同意… without the rest)."""
    mine = copies(project, f"近期，{DECISION}。")
    assert len(mine) == 1 and "1 句" in mine[0]


def test_a_sentence_with_one_clause_edited_is_a_copy(project):
    mine = copies(project, f"{CHECK}，对不符合条件的18户予以清退。")
    assert len(mine) == 1


def test_a_sentence_copied_whole_counts_once(project):
    """The clauses of a copied sentence are not counted as further copies."""
    mine = copies(project, SENTENCES[0])
    assert len(mine) == 1 and "1 句" in mine[0]


SLOGANS = (
    "以习近平新时代中国特色社会主义思想为指导，深入贯彻落实2025年全区民政工作会议精神，"
    "为切实保障困难群众基本生活，群众可拨打12345政务服务便民热线反映问题"
)


def test_common_clauses_of_official_writing_are_not_copies(project):
    """Negative control: the public text shares stock clauses and slogans with the withheld
    one, and the withheld text's clauses without a figure (由区财政局从预备费中列支)."""
    body = (
        f"会议同意，{SOURCE}。经研究，现将有关事项通知如下：各单位要高度重视，"
        f"切实做好民生工作，确保工作落到实处。{SLOGANS}，特此通知。"
    )
    files = {WITHHELD: withheld("\n\n".join([*SENTENCES, f"{SLOGANS}，会议议定如下。"]))}
    _, errors, _ = problems_of(project, {**files, PUBLIC: public(body)})
    assert errors == []


def test_the_clause_rule_is_the_one_rule_both_walls_share():
    """The leak check takes its fingerprints from the same rule: the clauses are among them,
    the stock clause of a sentence is not."""
    rule = Ordinary(["测试区民政局"])
    units = {
        u.raw for u in rule.distinctive(SENTENCES[0] + "现将有关事项通知如下，请认真贯彻执行。")
    }
    assert {DECISION, SENTENCES[0].rstrip("。")} <= units
    assert SOURCE not in units  # a clause without a figure: its sentence counts whole
    assert "请认真贯彻执行" not in units and "现将有关事项通知如下" not in units


# --- provenance by content dates, against the git record ----------------------------------

QUOTED = "自2025年1月起全区城乡低保标准统一提高到每人每月七百六十元"
SECRET = "会议决定暂缓启动老城区东街片区棚户区改造项目待征收补偿方案经法律顾问审核后再议"


def _dated(body: str, published: str) -> str:
    return public(body).replace("published: '2025-04-01'", f"published: '{published}'")


def _history(project, late_body: str | None, *, commit_late: bool = True):
    """An old public notice (2025-01-05), a 纪要 written and committed 2025-03-20, then the
    notice edited (2025-04-01) without a change note: its content dates stay as they were."""
    git(project.root, "init", "-q", "-b", "main")
    commit(project, {PUBLIC: _dated(f"{QUOTED}。", "2025-01-05")}, "通知", "2025-01-05")
    commit(project, {WITHHELD: withheld(f"{QUOTED}。\n\n{SECRET}。")}, "纪要", "2025-03-20")
    if late_body is not None:
        files = {PUBLIC: _dated(late_body, "2025-01-05")}
        if commit_late:
            commit(project, files, "补充", "2025-04-01")
        else:
            project.write(files)
    site = project.load()
    return [str(e) for e in site.errors if str(e).startswith(f"{PUBLIC}:body:")]


def test_an_old_page_edited_later_to_carry_a_withheld_sentence_is_a_copy(project):
    mine = _history(project, f"{QUOTED}。\n\n{SECRET}。")
    assert len(mine) == 1 and WITHHELD in mine[0]


def test_an_old_page_edited_and_not_yet_committed_is_a_copy(project):
    """`portal build` and `portal serve` read the working tree: the edit is today's."""
    mine = _history(project, f"{QUOTED}。\n\n{SECRET}。", commit_late=False)
    assert len(mine) == 1 and WITHHELD in mine[0]


def test_a_withheld_text_quoting_an_older_unchanged_page_stays_lawful(project):
    """Negative control: the 纪要 quotes the notice, which has not changed since."""
    assert _history(project, None) == []


# --- a withheld list of names and amounts, copied the way a notice reuses a table ----------

ROSTER = (
    "| 序号 | 姓名 | 村组 | 暂停金额（元） | 办理情况 |\n|---|---|---|---|---|\n"
    "| 1 | 陈桂兰 | 桃源村3组 | 6240 | 已完成入户核查 |\n"
    "| 2 | 刘德海 | 桃源村5组 | 4860 | 已完成入户核查 |\n"
)
ROSTER_COPIES = {
    "without its 序号 column": "| 姓名 | 村组 | 金额 |\n|---|---|---|\n| 陈桂兰 | 桃源村3组 | 6240 |\n",
    "renumbered": "| 序号 | 姓名 | 村组 | 金额 |\n|---|---|---|---|\n| 7 | 陈桂兰 | 桃源村3组 | 6240 |\n",
    "columns reordered": "| 村组 | 姓名 |\n|---|---|\n| 桃源村3组 | 陈桂兰 |\n",
    "written out in prose": "暂停发放对象：陈桂兰（桃源村3组）6240元。",
    "as a list": "- 刘德海，桃源村5组，4860\n",
}


def _roster_copies(project, body: str) -> list[str]:
    files = {WITHHELD: withheld(f"{SENTENCES[0]}\n\n{ROSTER}"), PUBLIC: public(body)}
    _, errors, _ = problems_of(project, files)
    return [e for e in errors if e.startswith(f"{PUBLIC}:body:") and WITHHELD in e]


@pytest.mark.parametrize("how", ROSTER_COPIES)
def test_rows_of_a_withheld_roster_copied_in_another_shape_are_a_copy(project, how):
    assert len(_roster_copies(project, ROSTER_COPIES[how])) == 1


def test_a_public_table_sharing_cells_but_no_row_of_the_roster_passes(project):
    """Negative control: the same villages, the same wording of the progress column, other
    people and amounts; a pair of cells without a figure (桃源村3组 | 已完成入户核查 is one
    with, 陈桂兰's own row is not copied)."""
    table = (
        "| 序号 | 项目 | 村组 | 金额（元） | 办理情况 |\n|---|---|---|---|---|\n"
        "| 1 | 道路硬化 | 桃源村3组 | 52000 | 已完成入户核查 |\n"
        "| 2 | 饮水工程 | 桃源村5组 | 31000 | 已完成入户核查 |\n"
    )
    assert _roster_copies(project, table) == []


def test_a_later_unrelated_fix_to_the_quoted_page_keeps_the_quote_lawful(project):
    """Negative control: the notice gets a typo fixed after the 纪要 quoted it; the quoted
    sentence was in it all along."""
    assert _history(project, f"{QUOTED}。\n\n附件：无。") == []


# --- an archive brought into git: the documents are older than the repository --------------


def _imported(project, *, public_body: str, later: dict | None = None, withheld_first=False):
    """A district's archive committed in one go on 2026-12-01 (the notice published
    2025-01-05, the 纪要 written 2025-03-20: both long before the repository), then `later`
    (files committed 2026-12-10)."""
    git(project.root, "init", "-q", "-b", "main")
    notice = {PUBLIC: _dated(public_body, "2025-01-05")}
    minutes = {WITHHELD: withheld(f"{QUOTED}。\n\n{SECRET}。")}
    if withheld_first:
        commit(project, minutes, "导入不公开文件", "2026-12-01")
        commit(project, notice, "导入公开文件", "2026-12-05")
    else:
        commit(project, {**notice, **minutes}, "导入历史文件", "2026-12-01")
    if later:
        commit(project, later, "修改", "2026-12-10")
    site = project.load()
    return [str(e) for e in site.errors if str(e).startswith(f"{PUBLIC}:body:")]


def test_an_imported_archive_whose_public_page_was_quoted_first_builds(project):
    """Negative control: one commit holds the notice and the 纪要 that quotes it; git cannot
    say what the page held in 2025, the page as it entered holds the quote, the dates agree."""
    assert _imported(project, public_body=f"{QUOTED}。") == []


def test_a_withheld_sentence_pasted_into_an_imported_page_later_is_a_copy(project):
    """The import is the earliest record of the page: a sentence added afterwards is not
    public first, whatever the page's old published date says."""
    later = {PUBLIC: _dated(f"{QUOTED}。\n\n{SECRET}。", "2025-01-05")}
    mine = _imported(project, public_body=f"{QUOTED}。", later=later)
    assert len(mine) == 1 and WITHHELD in mine[0] and "1 句" in mine[0]


def test_a_backdated_page_added_after_the_withheld_text_is_a_copy(project):
    """The 纪要 entered first; a notice added later with an old published date and its text is
    not public first (the git record orders them)."""
    mine = _imported(project, public_body=f"{QUOTED}。\n\n{SECRET}。", withheld_first=True)
    assert len(mine) == 1 and WITHHELD in mine[0]


def test_a_new_withheld_text_quoting_an_imported_page_builds_before_it_is_committed(project):
    """Negative control: after the import an editor adds a 纪要 of 2025 quoting the imported
    notice; `portal serve` reads it before it is committed."""
    git(project.root, "init", "-q", "-b", "main")
    commit(project, {PUBLIC: _dated(f"{QUOTED}。", "2025-01-05")}, "导入历史文件", "2026-12-01")
    project.write({WITHHELD: withheld(f"{QUOTED}。\n\n{SECRET}。")})
    site = project.load()
    assert [str(e) for e in site.errors if str(e).startswith(f"{PUBLIC}:body:")] == []
    # the same notice given the 纪要's other sentence, not committed either: a copy
    project.write({PUBLIC: _dated(f"{QUOTED}。\n\n{SECRET}。", "2025-01-05")})
    site = project.load()
    mine = [str(e) for e in site.errors if str(e).startswith(f"{PUBLIC}:body:")]
    assert len(mine) == 1 and WITHHELD in mine[0] and "1 句" in mine[0]


def test_a_new_page_with_an_old_date_committed_with_the_withheld_text_is_a_copy(project):
    """A clerk writes the 纪要 and a notice in one commit after the repository began, the
    notice's front matter copied from an old one (published 2025-01-05): not an archive's first
    commit, so the record does not vouch for the notice's date."""
    git(project.root, "init", "-q", "-b", "main")
    commit(project, {"content/mzj/2025/other.md": public("其他通知。")}, "开始", "2026-11-01")
    files = {
        PUBLIC: _dated(f"{QUOTED}。", "2025-01-05"),
        WITHHELD: withheld(f"{QUOTED}。\n\n{SECRET}。"),
    }
    commit(project, files, "新增", "2026-12-01")
    site = project.load()
    mine = [str(e) for e in site.errors if str(e).startswith(f"{PUBLIC}:body:")]
    assert len(mine) == 1 and WITHHELD in mine[0]


def test_a_shallow_clone_does_not_pass_for_an_imported_archive(project, tmp_path):
    """A shallow clone's oldest commit looks like a first commit: a sentence pasted into a page
    after the import must stay a copy when CI validates a clone of depth 1."""
    later = {PUBLIC: _dated(f"{QUOTED}。\n\n{SECRET}。", "2025-01-05")}
    assert len(_imported(project, public_body=f"{QUOTED}。", later=later)) == 1
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", project.root.as_uri(), str(shallow))
    site = Project(shallow).load()
    mine = [str(e) for e in site.errors if str(e).startswith(f"{PUBLIC}:body:")]
    assert len(mine) == 1 and WITHHELD in mine[0]


def test_the_git_record_is_asked_once_per_question_and_in_parallel_the_same(tmp_path, monkeypatch):
    """Thousands of public pages may share a unit with a newly withheld text (a large site, a
    common wording): what the provenance check asks git is asked first, in parallel, each
    question once; the answers are those asked one by one."""
    import datetime as dt
    import subprocess

    from disclosure_portal.read import history
    from disclosure_portal.rules import withheld as rule

    def run(*args: str, date: str) -> None:
        env = {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True, env=env)

    run("init", "-q", date="2025-01-01T08:00:00+08:00")
    run("config", "user.email", "t@example.gov.cn", date="2025-01-01T08:00:00+08:00")
    run("config", "user.name", "t", date="2025-01-01T08:00:00+08:00")
    for day, names in ((2, ("a", "b")), (5, ("c",)), (9, ("secret",))):
        for name in names:
            (tmp_path / f"{name}.md").write_text(f"{name}：{DECISION}。第{day}日。\n", "utf-8")
        run("add", ".", date=f"2025-03-0{day}T08:00:00+08:00")
        run("commit", "-qm", f"第{day}日", date=f"2025-03-0{day}T08:00:00+08:00")
    (tmp_path / "b.md").write_text("b：改写后的正文。\n", encoding="utf-8")
    run("commit", "-qam", "改写", date="2025-03-07T08:00:00+08:00")
    asked = [
        (f"{name}.md", "secret.md", dt.date(2025, 3, day))
        for name in ("a", "b", "c")
        for day in (1, 4, 6, 8)
    ]
    norm = rule.normalize(DECISION)
    calls: list[tuple[str, ...]] = []
    real = history._git
    monkeypatch.setattr(
        history, "_git", lambda root, *args: calls.append(args) or real(root, *args)
    )
    one_by_one = rule._Record(tmp_path)
    expected = [one_by_one.public_before(*q, norm) for q in asked]
    assert True in expected and False in expected
    asked_one_by_one = sorted(calls)
    assert len(set(asked_one_by_one)) == len(asked_one_by_one)  # each question once
    calls.clear()
    record = rule._Record(tmp_path)
    record.prefetch(asked)
    assert sorted(calls) == asked_one_by_one  # the same questions
    assert [record.public_before(*q, norm) for q in asked] == expected
    assert sorted(calls) == asked_one_by_one  # all answered by the prefetch
