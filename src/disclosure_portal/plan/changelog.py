"""更新记录 and 修订记录: what the public sees of a document's life, written for the public.

Every entry comes from content: a public document's `published` date (its publication) and its
`changes` notes. Nothing comes from git: commit messages, authors and commit ids are the
auditors' record (`portal audit`), never public text (SPEC: Publication over time).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from disclosure_portal.model.pickling import quick_state
from disclosure_portal.model.records import Document
from disclosure_portal.model.vocab import PAGE
from disclosure_portal.plan.publish import PublicSet
from disclosure_portal.plan.specs import CHANGES_DIR, CHANGES_TITLE, PageSpec, paged

PUBLISHED = "首次发布"


@quick_state
@dataclass(frozen=True, slots=True)
class Entry:
    """One line of a document's 修订记录 or of the 更新记录 page."""

    date: dt.date
    doc: Document
    note: str  # the change note; PUBLISHED for the publication itself

    @property
    def is_publication(self) -> bool:
        """Whether this entry is the document's publication, not a change."""
        return self.note == PUBLISHED


def history_of(doc: Document) -> list[Entry]:
    """A public document's 修订记录: its change notes and its publication, newest first."""
    entries = [Entry(c.date, doc, c.note) for c in doc.changes if c.date and c.note]
    entries.sort(key=lambda e: e.date, reverse=True)
    if doc.published:
        entries.append(Entry(doc.published, doc, PUBLISHED))
    return entries


def last_updated(doc: Document) -> dt.date | None:
    """最后更新: the newest change note's date, else the publication date."""
    dates = [c.date for c in doc.changes if c.date] + ([doc.published] if doc.published else [])
    return max(dates) if dates else None


def change_log(public: PublicSet) -> list[Entry]:
    """Every publication and change note of the public documents (not editors' pages), newest
    first; ties by path, then publication after change."""
    entries = [e for d in public.documents if d.type != PAGE for e in history_of(d)]
    entries.sort(key=lambda e: (-e.date.toordinal(), e.doc.src, e.is_publication, e.note))
    return entries


def change_log_pages(public: PublicSet, size: int) -> list[PageSpec]:
    """The 更新记录 pages (changes/, changes/2/ …), `size` entries a page."""
    entries = change_log(public)
    pages = paged(CHANGES_DIR, entries, size)
    pager = tuple((n, src) for n, src, _ in pages)
    return [
        PageSpec(
            src_uri=src,
            title=CHANGES_TITLE,
            template="changes.html",
            kind="changes",
            rows=rows,
            page=n,
            pages=len(pages),
            total=len(entries),
            pager=pager,
        )
        for n, src, rows in pages
    ]
