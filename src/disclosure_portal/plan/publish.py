"""THE one place that decides what is public.

Everything that reaches the site (pages, attachments, listings, search, counts) is computed
from the PublicSet this module returns. Fail closed: a document is public only when its front
matter parsed and its attribute is exactly 主动公开; anything else, including a file whose
front matter is broken, is withheld, and so is every file no public document references.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from disclosure_portal.model.records import Document
from disclosure_portal.model.vocab import PROACTIVE
from disclosure_portal.plan.urls import candidates
from disclosure_portal.read.links import References


def is_public(doc: Document) -> bool:
    """Whether `doc` is published: its front matter parsed, its attribute is 主动公开, and it is
    not scheduled for a date after the build date (定时发布: withheld until then)."""
    return not doc.parse_failed and doc.attribute == PROACTIVE and not doc.scheduled


@dataclass(frozen=True, slots=True)
class PublicSet:
    """What may be published: public documents and the files they reference."""

    documents: tuple[Document, ...]
    assets: frozenset[str]  # non-Markdown files under content/ referenced by a public document
    withheld: tuple[Document, ...]
    withheld_files: frozenset[str]  # non-Markdown files under content/ that are not published
    by_src: dict[str, Document]  # public documents only
    refs: References  # public documents by id and by doc_number
    # files of `assets` published because a setting names them (extra_css …), not a document
    settings_files: frozenset[str] = frozenset()

    def publishes(self, src: str) -> bool:
        """Whether the file at `src` (relative to content/) may be published."""
        return src in self.assets or src in self.by_src

    def document(self, src: str) -> Document | None:
        """The public document at `src`; None for anything else, withheld or not a document."""
        return self.by_src.get(src)

    def resolve(self, ref: str) -> Document | None:
        """The public document with this id or doc_number; None if there is none."""
        return self.refs.resolve(ref)


def referenced_files(doc: Document, files: frozenset[str]) -> set[str]:
    """Non-Markdown files under content/ that `doc` references by `attachments` or a link."""
    found = {a for a in doc.attachments if a in files}
    for link in doc.links:
        if link.resolved is None:
            continue
        for path in candidates(link.resolved):
            if path in files:
                found.add(path)
                break
    return found


def decide(
    documents: list[Document], files: frozenset[str], named: Iterable[str] = ()
) -> PublicSet:
    """Split the tree into what is published and what is withheld. `named` are the files under
    content/ the configuration names (extra_css, the logo …): published like an attachment,
    except a file that withheld documents reference and no public one does (plan/engine.py
    reports it)."""
    public = tuple(sorted((d for d in documents if is_public(d)), key=lambda d: d.src))
    withheld = tuple(sorted((d for d in documents if not is_public(d)), key=lambda d: d.src))
    assets: set[str] = set()
    for doc in public:
        assets |= referenced_files(doc, files)
    named = {n for n in named if n in files and n not in assets}
    if named:
        held = set().union(*(referenced_files(d, files) for d in withheld))
        named -= held
    return PublicSet(
        documents=public,
        assets=frozenset(assets | named),
        withheld=withheld,
        withheld_files=files - assets - named,
        by_src={d.src: d for d in public},
        refs=References(public),  # the same precedence as in validation
        settings_files=frozenset(named),
    )
