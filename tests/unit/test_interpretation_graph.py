"""Policy <-> interpretation links between public documents, and the interpretation rules."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from factories import document, interpretation, policy, references

from disclosure_portal.model.problems import Collector
from disclosure_portal.plan.publish import decide
from disclosure_portal.rules.interpretations import (
    InterpretationRules,
    build_graph,
    check_interpretations,
)


def check(documents, rules: InterpretationRules | None = None) -> Collector:
    rules = rules or InterpretationRules()
    public = decide(documents, frozenset())
    problems = Collector()
    check_interpretations(documents, references(documents), build_graph(public), rules, problems)
    return problems


def test_graph_links_both_ways_by_id_and_by_doc_number():
    p = policy()
    by_id = interpretation()
    by_number = interpretation(
        "mzj/2025/i2.md", interprets=("溪山民发〔2025〕13号",), published=dt.date(2025, 6, 18)
    )
    graph = build_graph(decide([p, by_id, by_number], frozenset()))
    assert [d.src for d in graph.of_policy(p)] == ["mzj/2025/i2.md", "mzj/2025/interp.md"]
    assert graph.of_interpretation(by_id) == [p]


def test_graph_holds_public_documents_only():
    p = policy()
    withheld = interpretation(attribute="依申请公开")
    graph = build_graph(decide([p, withheld], frozenset()))
    assert graph.of_policy(p) == []
    withheld_policy = policy(attribute="不予公开")
    graph = build_graph(decide([withheld_policy, interpretation()], frozenset()))
    assert graph.of_interpretation(interpretation()) == []


def test_interpreting_a_non_policy_makes_no_link():
    notice = document("n.md", id="n1")
    interp = interpretation(interprets=("n1",))
    assert build_graph(decide([notice, interp], frozenset())).of_interpretation(interp) == []


def test_policy_without_public_interpretation_is_an_error_or_a_warning():
    problems = check([policy()])
    [error] = problems.errors
    assert (error.path, error.key) == ("content/mzj/2025/policy.md", "interpretation")
    assert "退文" in error.message and "溪山民发〔2025〕13号" in error.message
    problems = check([policy()], InterpretationRules(missing_is_error=False))
    assert problems.errors == [] and [w.key for w in problems.warnings] == ["interpretation"]


def test_exempt_policy_passes_but_a_normative_one_cannot_be_exempted():
    assert check([policy(interpretation_exempt="内部工作安排")]).items == []
    problems = check([policy(interpretation_exempt="无需", category="行政规范性文件")])
    assert sorted(p.key for p in problems.errors) == ["interpretation", "interpretation_exempt"]


def test_interpretation_by_another_body_is_a_warning_unless_the_named_drafter():
    problems = check([policy(), interpretation(org="qzfb")])
    assert problems.errors == [] and [(w.path, w.key) for w in problems.warnings] == [
        ("content/mzj/2025/interp.md", "org")
    ]
    assert "谁起草、谁解读" in problems.warnings[0].message
    assert check([policy(drafter="qzfb"), interpretation(org="qzfb")]).items == []


def test_working_day_deadline_after_the_policy():
    # policy 2025-09-26 (Friday); 09-28 (Sunday) is a working day, then 09-29, 09-30
    p = policy(published=dt.date(2025, 9, 26))
    on_time = interpretation(published=dt.date(2025, 9, 30))
    assert check([p, on_time]).items == []
    late = replace(on_time, published=dt.date(2025, 10, 9))  # 4 working days: the holiday skipped
    problems = check([p, late])
    [warning] = problems.warnings
    assert warning.key == "published" and "4 个工作日" in warning.message
    assert check([p, late], InterpretationRules(deadline_workdays=4)).items == []


def test_withheld_and_unparsed_documents_are_not_checked():
    assert check([policy(attribute="依申请公开")]).items == []
    assert check([policy(parse_failed=True)]).items == []
