"""`portal audit`: findings for auditors and the office, from content/, catalogs/ and git.

The report may name non-public documents; it never goes into the built site.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from disclosure_portal.model.problems import Collector
from disclosure_portal.model.vocab import PROACTIVE
from disclosure_portal.plan.publish import is_public
from disclosure_portal.project import Site
from disclosure_portal.read.catalogs import Registry, load_registry
from disclosure_portal.read.history import History, Revision, _git
from disclosure_portal.rules.workdays import workdays_after

HEADER = "本报告供审计和政务公开工作机构使用，可能列出非主动公开文件的信息，不得发布到网站。"
DEFAULT_DEADLINE = 20  # 条例 Art. 26: 20 working days
REVIEW_DAYS = 365


@dataclass
class Finding:
    """One line of the audit report: `section` is its key in the report, `data` goes into JSON."""

    section: str
    id: str
    path: str
    message: str
    data: dict[str, Any] = field(default_factory=dict)
    keys: tuple[str, ...] = ()  # SPEC's exact keys for this section's JSON ("" = all of them)

    def as_dict(self) -> dict[str, Any]:
        """The finding for JSON output: the four fields, then `data` merged in (only `keys`,
        in that order, where the section has a fixed form)."""
        merged = {
            "section": self.section,
            "id": self.id,
            "path": self.path,
            "message": self.message,
            **self.data,
        }
        return {k: merged.get(k) for k in self.keys} if self.keys else merged


def _rev(r: Revision) -> dict[str, str]:
    return {"commit": r.short, "date": r.day.isoformat(), "author": r.author}


def attribute_history(site: Site, history: History) -> list[Finding]:
    """Every change of a document's attribute in git, and documents once 主动公开 that are not
    public now (deleted, or another attribute), which need a withdrawal notice. Files under
    docs_dir only."""
    findings = []
    by_path = {d.path: d for d in site.documents}
    for path, revisions in sorted(history.files.items()):
        if not path.endswith(".md") or not path.startswith(_docs_prefix(site)):
            continue
        doc = by_path.get(path)
        doc_id = doc.id if doc else Path(path).stem
        previous: str | None = None
        for n, r in enumerate(revisions):
            if n and r.attribute != previous:
                findings.append(
                    Finding(
                        "attributes",
                        doc_id,
                        path,
                        f"公开属性由“{previous or '（无）'}”改为“{r.attribute or '（无/已删除）'}”",
                        {**_rev(r), "from": previous, "to": r.attribute},
                    )
                )
            previous = r.attribute
        was_public = any(r.attribute == PROACTIVE for r in revisions)
        now_public = doc is not None and is_public(doc)
        scheduled = doc is not None and doc.scheduled  # waits for its day: never withdrawn
        if was_public and not now_public and not scheduled:
            state = "已删除" if doc is None else f"现为“{doc.attribute or '（无）'}”"
            findings.append(
                Finding(
                    "attributes",
                    doc_id,
                    path,
                    f"曾经主动公开，{state}：撤回需要发布说明（撤回公告）",
                    {"withdrawn": True},
                )
            )
    return findings


def _docs_prefix(site: Site) -> str:
    return Path(site.settings.docs_dir).relative_to(site.settings.root).as_posix() + "/"


def first_public(revisions: list[Revision]) -> Revision | None:
    """The first revision (of a file's, oldest first) after which it was 主动公开, or None."""
    return next((r for r in revisions if r.attribute == PROACTIVE), None)


def timeliness(site: Site, history: History, margin_days: int) -> list[Finding]:
    """Public documents (not pages) published late or with a date git contradicts.

    Late: more working days than the catalog item's deadline (else 条例 Art. 26's 20) from the
    written date to the first public commit, or to the published date. A published date more than
    `margin_days` from the first public commit is reported as backdated or postdated. Documents
    published before the git record began are judged on their own dates only, and counted in
    one finding of kind "legacy".
    """
    findings: list[Finding] = []
    legacy: list = []
    for doc in sorted(site.documents, key=lambda d: d.path):
        if not is_public(doc) or doc.is_page:
            continue
        item = site.registry.items.get(doc.catalog)
        limit = item.deadline_days if item and item.deadline_days else DEFAULT_DEADLINE
        basis = (
            f"目录事项 {item.id} 的 {limit} 个工作日"
            if item and item.deadline_days
            else "条例第二十六条的 20 个工作日"
        )
        revisions = history.of(doc.path)
        first = first_public(revisions)
        if (
            first is not None
            and revisions
            and first is revisions[0]
            and history.earliest
            and doc.published
            and doc.published < history.earliest.date()
        ):
            legacy.append(doc)
            first = None  # published before the git record began (imported): git cannot judge it
        if doc.written and first:
            count = workdays_after(doc.written, first.day)
            if count.days > limit:
                findings.append(
                    Finding(
                        "timeliness",
                        doc.id,
                        doc.path,
                        f"成文 {doc.written} 至首次以主动公开提交 {first.day}（{first.short}）"
                        f"用了 {count.days} 个工作日，超过{basis}{count.note}",
                        {"kind": "git", "workdays": count.days, "limit": limit, **_rev(first)},
                    )
                )
        if doc.written and doc.published:
            count = workdays_after(doc.written, doc.published)
            if count.days > limit:
                findings.append(
                    Finding(
                        "timeliness",
                        doc.id,
                        doc.path,
                        f"成文 {doc.written} 至发布 {doc.published} 用了 {count.days} 个工作日，"
                        f"超过{basis}{count.note}",
                        {"kind": "published", "workdays": count.days, "limit": limit},
                    )
                )
        if doc.published and first:
            gap = (first.day - doc.published).days
            if abs(gap) > margin_days:
                what = "早于" if gap > 0 else "晚于"
                findings.append(
                    Finding(
                        "timeliness",
                        doc.id,
                        doc.path,
                        f"发布日期 {doc.published} {what} git 记录的首次公开提交 "
                        f"{first.day}（{first.short}）{abs(gap)} 天，超过允许的 {margin_days} 天"
                        + ("（疑似倒签，弄虚作假）" if gap > 0 else ""),
                        {
                            "kind": "backdated" if gap > 0 else "postdated",
                            "days": gap,
                            **_rev(first),
                        },
                    )
                )
    if legacy:
        start = history.earliest.date().isoformat() if history.earliest else ""
        findings.append(
            Finding(
                "timeliness",
                "",
                "",
                f"{len(legacy)} 个文件的发布日期早于 git 记录的开始（{start}），"
                "是导入的存量文件：只按成文日期和发布日期判断时效",
                {"kind": "legacy", "count": len(legacy)},
            )
        )
    return findings


def unannounced_changes(site: Site, history: History) -> list[Finding]:
    """Public documents whose file changed after publication (per git) with no `changes` entry
    dated on or after that change: a warning for the office (a typo fix needs no note)."""
    findings = []
    for doc in sorted(site.public.documents, key=lambda d: d.path):
        if doc.is_page or doc.published is None:
            continue
        noted = max((c.date for c in doc.changes if c.date), default=doc.published)
        later = [
            r
            for r in history.of(doc.path)
            if r.status == "M" and r.attribute == PROACTIVE and r.day > max(noted, doc.published)
        ]
        if later:
            last = later[-1]
            findings.append(
                Finding(
                    "changes",
                    doc.id,
                    doc.path,
                    f"公开后于 {last.day} 修改过（提交 {last.short}），但没有日期不早于此的修订说明"
                    "（changes）；如修改了实质内容，请写明修订说明",
                    {"kind": "unannounced_change", **_rev(last)},
                )
            )
    return findings


def reviews(site: Site, today: dt.date) -> list[Finding]:
    """Non-public documents without a dated annual review, or whose last one is over a year old
    on `today`. Documents that failed to parse or have no attribute are skipped."""
    findings = []
    for doc in sorted(site.documents, key=lambda d: d.path):
        if doc.parse_failed or is_public(doc) or doc.attribute in ("", PROACTIVE):
            continue  # public, or 主动公开 scheduled for a later day: no review is due
        dated = [r.date for r in doc.reviews if r.date]
        if not dated:
            findings.append(
                Finding(
                    "reviews", doc.id, doc.path, f"{doc.attribute}的文件没有年度评估记录（reviews）"
                )
            )
        elif (today - max(dated)).days > REVIEW_DAYS:
            findings.append(
                Finding(
                    "reviews",
                    doc.id,
                    doc.path,
                    f"最近一次年度评估是 {max(dated)}，已超过一年",
                    {"last_review": max(dated).isoformat()},
                )
            )
    return findings


def catalog_changes(site: Site, since: str) -> list[Finding]:
    """Catalog items added, removed or changed between `since` and the working tree.

    `since` is a commit, or a date (YYYY-MM-DD: the last commit before that day); a date before
    the first commit gives one finding of kind "note" instead.
    """
    root = site.settings.root
    rev = since
    if len(since) == 10 and since[4] == "-":
        rev = (_git(root, "rev-list", "-1", f"--before={since}T00:00:00", "HEAD") or "").strip()
        if not rev:
            return [
                Finding("catalogs", "", "", f"{since} 之前没有提交，无法比较", {"kind": "note"})
            ]
    catalogs_rel = Path(site.settings.catalogs_dir).relative_to(root).as_posix()
    names = (_git(root, "ls-tree", "--name-only", f"{rev}:{catalogs_rel}") or "").split()
    old_files = {}
    for name in names:
        if name.endswith((".yml", ".yaml")):
            old_files[name] = _git(root, "show", f"{rev}:{catalogs_rel}/{name}") or ""
    old = _registry_from(old_files)
    new = site.registry
    findings = []
    fields = (
        "level1",
        "level2",
        "content",
        "basis",
        "deadline",
        "deadline_days",
        "subject",
        "channels",
        "audience",
        "mode",
        "levels",
    )
    for item_id in sorted(set(old.items) | set(new.items)):
        before, after = old.items.get(item_id), new.items.get(item_id)
        path = f"{catalogs_rel}/{(after or before).catalog}.yml"
        if before is None:
            findings.append(
                Finding("catalogs", item_id, path, f"新增事项：{after.level1} · {after.level2}")
            )
        elif after is None:
            findings.append(
                Finding("catalogs", item_id, path, f"删除事项：{before.level1} · {before.level2}")
            )
        else:
            changed = [f for f in fields if getattr(before, f) != getattr(after, f)]
            if changed:
                findings.append(
                    Finding(
                        "catalogs",
                        item_id,
                        path,
                        f"事项内容修改：{'、'.join(changed)}",
                        {
                            "changed": {
                                f: [str(getattr(before, f)), str(getattr(after, f))]
                                for f in changed
                            }
                        },
                    )
                )
    return findings


def _registry_from(files: dict[str, str]) -> Registry:
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "catalogs"
        base.mkdir()
        for name, text in files.items():
            (base / name).write_text(text, encoding="utf-8")
        return load_registry(base, Path(tmp), Collector())


def render_text(sections: dict[str, list[Finding]], history: History) -> str:
    """The report as Markdown text (Chinese): the header, the history note, then each section."""
    titles = {
        "attributes": "公开属性变更与撤回",
        "timeliness": "公开时效",
        "reviews": "非公开文件年度评估",
        "changes": "公开后修改而无修订说明",
        "catalogs": "目录变更",
        "reports": "政府信息公开工作年度报告",
        "requests": "依申请公开办理期限",
        "villages": "村（居）务公开按期公布情况",
        "newmedia": "政务新媒体",
        "participation": "征求意见",
        "freshness": "网站更新（检查指标）",
    }
    lines = ["# 政务公开审计报告", "", HEADER]
    if history.note:
        lines.append(f"修订记录：{history.note}")
    for key, findings in sections.items():
        lines += ["", f"## {titles.get(key, key)}（{len(findings)} 项）"]
        lines += [
            f"- {f.id}（{f.path}）：{f.message}" if f.id and f.path else f"- {f.message}"
            for f in findings
        ] or ["- 无"]
    return "\n".join(lines) + "\n"
