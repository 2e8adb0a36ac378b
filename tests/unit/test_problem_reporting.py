"""Problems: collected, sorted by file and line, printed as path:key: message（第 N 行）."""

from __future__ import annotations

from disclosure_portal.model.problems import Collector, Problem, Severity


def test_str_with_and_without_a_line():
    assert (
        str(Problem("content/a.md", "title", "缺少标题", 3))
        == "content/a.md:title: 缺少标题（第 3 行）"
    )
    assert str(Problem("catalogs/orgs.yml", "[1].code", "校验位错误")) == (
        "catalogs/orgs.yml:[1].code: 校验位错误"
    )


def test_errors_and_warnings_are_separate_and_sorted_by_path_then_line():
    c = Collector()
    c.error("content/b.md", "title", "x", 5)
    c.warn("content/a.md", "genre", "w")
    c.error("content/a.md", "published", "y", 7)
    c.error("content/a.md", "title", "z", 2)
    c.error("catalogs/shjz.yml", "status", "s", 4)
    assert [(p.path, p.line) for p in c.errors] == [
        ("catalogs/shjz.yml", 4),
        ("content/a.md", 2),
        ("content/a.md", 7),
        ("content/b.md", 5),
    ]
    assert [p.key for p in c.warnings] == ["genre"]
    assert all(p.is_error for p in c.errors) and not c.warnings[0].is_error


def test_as_dict_names_the_severity():
    c = Collector()
    c.warn("content/a.md", "genre", "w", 2)
    assert c.warnings[0].as_dict() == {
        "path": "content/a.md",
        "key": "genre",
        "line": 2,
        "severity": "warning",
        "message": "w",
    }
    assert Problem("p", "k", "m").severity is Severity.ERROR


def test_extend_keeps_severity():
    c = Collector()
    c.extend([Problem("a", "k", "m", None, Severity.WARNING), Problem("b", "k", "m")])
    assert [p.path for p in c.errors] == ["b"] and [p.path for p in c.warnings] == ["a"]
