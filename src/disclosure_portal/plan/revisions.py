"""What of the git record the public may see: revisions made while a document was public.

A commit message is shown only when every document the commit touched was public at that
revision and is public now; otherwise the revision is listed with a neutral text, because a
message may name the other, non-public files of the same commit.
"""

from __future__ import annotations

from dataclasses import dataclass

from disclosure_portal.model.records import Document
from disclosure_portal.model.vocab import PROACTIVE, is_markdown
from disclosure_portal.read.history import History, Revision

NEUTRAL = "修订"


@dataclass(frozen=True, slots=True)
class PublicRevision:
    """A revision as the site may show it: the message is the commit's or the neutral NEUTRAL."""

    revision: Revision
    message: str  # the commit message, or NEUTRAL


def _unsafe_commits(documents: list[Document], history: History) -> set[str]:
    public = {d.path for d in documents}
    unsafe = set()
    for path, revisions in history.files.items():
        if not is_markdown(path):
            continue
        for r in revisions:
            if path not in public or r.attribute != PROACTIVE:
                unsafe.add(r.commit)
    return unsafe


class RevisionView:
    """Public revisions of public documents, computed once per build."""

    def __init__(self, documents: list[Document], history: History | None) -> None:
        self.history = history
        self.unsafe = _unsafe_commits(documents, history) if history else set()
        self.documents = documents

    def of(self, doc: Document) -> list[PublicRevision]:
        """Revisions of a public document made while it was 主动公开, newest first."""
        if self.history is None:
            return []
        return [
            PublicRevision(r, NEUTRAL if r.commit in self.unsafe else r.message)
            for r in reversed(self.history.of(doc.path))
            if r.attribute == PROACTIVE and r.status != "D"
        ]

    def latest(self, limit: int) -> list[tuple[PublicRevision, Document]]:
        """The `limit` newest public revisions across all public documents, with their document.

        Newest first; revisions of the same date are ordered by source path, descending.
        """
        changes = [(r, d) for d in self.documents for r in self.of(d)]
        changes.sort(key=lambda pair: (pair[0].revision.date, pair[1].src), reverse=True)
        return changes[:limit]

    def hidden_messages(self) -> set[str]:
        """Messages the site never shows: leak-check fingerprints."""
        if self.history is None:
            return set()
        shown = {r.message for d in self.documents for r in self.of(d)}
        return {
            r.message
            for revisions in self.history.files.values()
            for r in revisions
            if r.commit in self.unsafe
        } - shown


def revision_view(site) -> RevisionView:
    """The site's RevisionView, built once per build (documents x revisions is not per page)."""
    cached = site.revision_cache
    if not isinstance(cached, RevisionView) or cached.history is not site.history:
        cached = site.revision_cache = RevisionView(list(site.public.documents), site.history)
    return cached
