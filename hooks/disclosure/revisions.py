"""What of the git record the public may see: revisions made while a document was public."""

from __future__ import annotations

from .history import History, Revision
from .model import Document
from .vocab import PROACTIVE, is_markdown


def public_revisions(doc: Document, history: History | None) -> list[Revision]:
    """Revisions of a public document made while it was 主动公开, newest first."""
    if history is None:
        return []
    return [r for r in reversed(history.of(doc.path)) if r.attribute == PROACTIVE and r.status != "D"]


def latest_changes(documents: list[Document], history: History | None, limit: int) -> list[tuple[Revision, Document]]:
    """The latest public revisions of public documents, newest first."""
    changes = [(r, d) for d in documents for r in public_revisions(d, history)]
    changes.sort(key=lambda pair: (pair[0].date, pair[1].src), reverse=True)
    return changes[:limit]


def shown_messages(documents: list[Document], history: History | None) -> set[str]:
    return {r.message for d in documents for r in public_revisions(d, history)}


def hidden_messages(documents: list[Document], history: History | None) -> set[str]:
    """Commit messages of revisions the site never shows (non-public time, withheld files)."""
    if history is None:
        return set()
    public = {d.path for d in documents}
    hidden = set()
    for path, revisions in history.files.items():
        if not is_markdown(path):
            continue  # catalogs and attachments: their messages are not shown, nor about documents
        for r in revisions:
            if path not in public or r.attribute != PROACTIVE:
                hidden.add(r.message)
    return hidden
