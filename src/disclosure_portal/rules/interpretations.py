"""Policies and their interpretations (政策解读): the two-way link graph and its rules.

The graph is built from the PublicSet only, so a page can never list a withheld document; the
rules run over the whole tree and report problems like any other validation.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from disclosure_portal.model.problems import Collector
from disclosure_portal.model.records import Document
from disclosure_portal.model.vocab import INTERPRETATION, POLICY
from disclosure_portal.plan.publish import PublicSet, is_public
from disclosure_portal.read.links import References
from disclosure_portal.rules.workdays import workdays_after

NORMATIVE = "行政规范性文件"


@dataclass(frozen=True)
class InterpretationRules:
    """Configurable in mkdocs.yml under extra.portal.interpretation."""

    missing_is_error: bool = True  # 退文: a public policy without a public interpretation
    deadline_workdays: int = 3  # interpretation published within N working days of its policy


@dataclass
class Graph:
    """Policy <-> interpretation links between public documents, by source path."""

    interpretations: dict[str, list[Document]] = field(default_factory=dict)  # policy src ->
    policies: dict[str, list[Document]] = field(default_factory=dict)  # interpretation src ->

    def of_policy(self, doc: Document) -> list[Document]:
        """The public interpretations of a policy, newest first."""
        return self.interpretations.get(doc.src, [])

    def of_interpretation(self, doc: Document) -> list[Document]:
        """The public policies an interpretation explains."""
        return self.policies.get(doc.src, [])


def build_graph(public: PublicSet) -> Graph:
    """Policy <-> interpretation links between public documents only, newest first."""
    graph = Graph()
    for doc in public.documents:
        if doc.type != INTERPRETATION:
            continue
        for ref in doc.interprets:
            policy = public.resolve(ref)
            if policy is None or policy.type != POLICY:
                continue
            targets = graph.policies.setdefault(doc.src, [])
            if policy not in targets:
                targets.append(policy)
                graph.interpretations.setdefault(policy.src, []).append(doc)
    for docs in graph.interpretations.values():
        docs.sort(
            key=lambda d: (d.published.toordinal() if d.published else 0, d.src), reverse=True
        )
    return graph


def check_interpretations(
    documents: list[Document],
    index: References,
    graph: Graph,
    rules: InterpretationRules,
    problems: Collector,
) -> None:
    """Report the interpretation rules on every public policy and interpretation: 退文, normative documents never exempt, 谁起草谁解读, the working-day deadline."""
    for doc in documents:
        if doc.parse_failed or not is_public(doc):
            continue
        if doc.type == POLICY:
            _check_policy(doc, graph, rules, problems)
        elif doc.type == INTERPRETATION:
            _check_interpretation(doc, index, rules, problems)


def _check_policy(
    doc: Document, graph: Graph, rules: InterpretationRules, problems: Collector
) -> None:
    if doc.category == NORMATIVE and doc.interpretation_exempt:
        problems.error(
            doc.path,
            "interpretation_exempt",
            "行政规范性文件必须有政策解读，不能免于解读（interpretation_exempt）",
            doc.line("interpretation_exempt"),
        )
    if graph.of_policy(doc):
        return
    if doc.interpretation_exempt and doc.category != NORMATIVE:
        return
    message = (
        f"政策文件“{doc.title}”没有主动公开的政策解读（退文）：请发布解读并在解读的 interprets 中"
        f"写明本文件的 id“{doc.id}”"
        + (f"或文号“{doc.doc_number}”" if doc.doc_number else "")
        + "；确不需要解读的非规范性文件，写明 interpretation_exempt"
    )
    if rules.missing_is_error:
        problems.error(doc.path, "interpretation", message, doc.line("title"))
    else:
        problems.warn(doc.path, "interpretation", message, doc.line("title"))


def _check_interpretation(
    doc: Document, index: References, rules: InterpretationRules, problems: Collector
) -> None:
    for ref in doc.interprets:
        policy = index.resolve(ref)
        if policy is None or not is_public(policy) or policy.type != POLICY:
            continue  # reported by the cross-reference checks
        drafter = policy.drafter or policy.org
        if doc.org and drafter and doc.org != drafter:
            problems.warn(
                doc.path,
                "org",
                f"解读由“{doc.org}”发布，但政策文件“{policy.title}”的起草单位是“{drafter}”"
                f"（谁起草、谁解读）",
                doc.line("org"),
            )
        if doc.published and policy.published:
            count = workdays_after(policy.published, doc.published)
            if count.days > rules.deadline_workdays:
                problems.warn(
                    doc.path,
                    "published",
                    f"解读发布于 {doc.published}，晚于政策文件“{policy.title}”（{policy.published}）"
                    f" {count.days} 个工作日，超过 {rules.deadline_workdays} 个工作日的要求{count.note}",
                    doc.line("published"),
                )
