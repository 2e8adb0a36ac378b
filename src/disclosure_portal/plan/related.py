"""Which other documents a document's page shows, and so which pages a partial rebuild
(`mkdocs serve --dirty`) must render again.

`related` is the one answer: the document page (`views.document_view`) prints exactly these
documents, and `pages_to_render` re-renders a page when one of them changed, so the two cannot
disagree.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from disclosure_portal.model.records import Document
from disclosure_portal.plan.reportpages import report_markdown

if TYPE_CHECKING:
    from disclosure_portal.project import Site

HOME = "index.md"  # the home page lists the latest documents: rendered on every rebuild


@dataclass(frozen=True, slots=True)
class Related:
    """The public documents a document's page shows besides itself."""

    policies: tuple[Document, ...]  # for an interpretation: the policies it interprets
    interpretations: tuple[Document, ...]  # for a policy: its interpretations, newest first
    successor: Document | None  # the document that replaces it (replaced_by)
    feedback: Document | None = None  # for a consultation: its 意见采纳情况 document
    consultations: tuple[Document, ...] = ()  # for a feedback document: what it answers

    def sources(self) -> frozenset[str]:
        """The src paths of every document shown."""
        shown = [*self.policies, *self.interpretations, *self.consultations]
        shown += [d for d in (self.successor, self.feedback) if d is not None]
        return frozenset(d.src for d in shown)


def related(doc: Document, site: Site) -> Related:
    """The public documents the page of the public document `doc` shows: the policy <->
    interpretation links either way, the document that replaces it, and a consultation <->
    its feedback either way."""
    c = doc.consultation
    return Related(
        policies=tuple(site.graph.of_interpretation(doc)),
        interpretations=tuple(site.graph.of_policy(doc)),
        successor=site.public.resolve(doc.replaced_by) if doc.replaced_by else None,
        feedback=site.public.resolve(c.feedback) if c and c.feedback else None,
        consultations=site.feedback_of.get(doc.src, ()),
    )


@dataclass(frozen=True, slots=True)
class Rendered:
    """What a build rendered from: each public document's front matter, and the documents each
    page shows. Kept between `mkdocs serve` rebuilds to find what changed."""

    signatures: dict[str, str]
    shown: dict[str, frozenset[str]]
    # pages whose text is computed from more than their source (annual reports' tables, from
    # other documents, registers and data files): src -> that text's digest
    computed: dict[str, str] = field(default_factory=dict)


def rendered(site: Site) -> Rendered:
    """The `Rendered` record of this build."""
    return Rendered(
        signatures={d.src: repr(sorted(d.meta.items())) for d in site.public.documents},
        shown={d.src: related(d, site).sources() for d in site.public.documents},
        computed={
            d.src: hashlib.sha256(report_markdown(d.body, r).encode()).hexdigest()
            for d in site.public.documents
            if (r := site.reports.for_doc(d)) is not None and r.computed
        },
    )


def pages_to_render(now: Rendered, before: Rendered | None) -> set[str]:
    """The src paths a `--dirty` rebuild must render although their own source did not change.

    The engine re-renders a page only when its source changed, but a page also shows other
    documents' titles. Render the home page, and every page that shows a document whose front
    matter changed (or that was added or withdrawn) since `before`, the last successful
    rebuild, or whose set of shown documents changed; without `before`, every page that shows
    another document. Listings are generated pages, which the engine always renders.
    """
    if before is None:
        pages = {src for src, others in now.shown.items() if others}
    else:
        changed = {
            src
            for src in now.signatures.keys() | before.signatures.keys()
            if now.signatures.get(src) != before.signatures.get(src)
        }
        pages = {
            src
            for src in now.shown.keys() | before.shown.keys()
            if now.shown.get(src) != before.shown.get(src)
        }
        showing: dict[str, set[str]] = {}  # document -> the pages that show it, now or before
        for record in (now, before):
            for src, others in record.shown.items():
                for other in others:
                    showing.setdefault(other, set()).add(src)
        for src in changed:
            pages |= showing.get(src, set())
    old = before.computed if before is not None else {}
    pages |= {src for src, digest in now.computed.items() if old.get(src) != digest}
    pages.add(HOME)
    return pages
