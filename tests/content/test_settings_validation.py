"""extra.portal in mkdocs.yml is read by one schema: `portal validate`, the build and `portal audit`
report a bad value on its key, never with a traceback."""

from __future__ import annotations

import pytest
import yaml
from helpers import ROOT

from disclosure_portal.model.fields import glossary_markdown


def _configure(project, portal: object) -> None:
    config = yaml.safe_load((project.root / "mkdocs.yml").read_text(encoding="utf-8"))
    config["extra"]["portal"] = portal
    (project.root / "mkdocs.yml").write_text(
        yaml.safe_dump(config, allow_unicode=True), encoding="utf-8"
    )


@pytest.mark.parametrize(
    ("portal", "key"),
    [
        ({"page_size": "abc"}, "extra.portal.page_size"),
        ({"page_size": -3}, "extra.portal.page_size"),
        ({"official_contacts": "x"}, "extra.portal.official_contacts"),
        ({"interpretation": "x"}, "extra.portal.interpretation"),
        ({"http_allowed": "abc"}, "extra.portal.http_allowed"),
        ({"official_contacts": {"emails": "a@b.cn"}}, "extra.portal.official_contacts.emails"),
        ({"audit": {"backdate_margin_days": 1.5}}, "extra.portal.audit.backdate_margin_days"),
        ("just text", "extra.portal"),
    ],
)
def test_bad_value_is_an_error_of_mkdocs_yml_on_its_key(project, portal, key):
    _configure(project, portal)
    result = project.portal("validate")
    assert result.returncode == 1, result.stdout
    assert f"mkdocs.yml:{key}: " in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_unknown_key_is_a_warning_that_does_not_stop(project):
    _configure(project, {"page_sise": 10, "footer": {"sponser": "溪山区人民政府办公室"}})
    result = project.portal("validate")
    assert result.returncode == 0, result.stdout
    warnings = result.stdout.split("错误")[0]
    assert (
        "mkdocs.yml:extra.portal.page_sise: 未知的设置项“page_sise”，您是否想写“page_size”？"
        in warnings
    )
    assert "mkdocs.yml:extra.portal.footer.sponser:" in warnings and "sponsor" in warnings


def test_audit_refuses_bad_settings_too(project):
    _configure(project, {"interpretation": {"missing": "sometimes"}})
    result = project.portal("audit", "reviews")
    assert result.returncode == 1
    assert "mkdocs.yml:extra.portal.interpretation.missing: 应为 error 或 warning" in result.stdout


@pytest.mark.build
def test_build_stops_on_bad_settings_without_a_traceback(project):
    _configure(project, {"page_size": "二十"})
    result = project.mkdocs("build")
    assert result.returncode != 0
    assert "mkdocs.yml:extra.portal.page_size" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (project.site / "index.html").exists()


def test_readme_glossary_is_the_field_tables():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("<!-- fields:start -->\n", 1)[1].split("<!-- fields:end -->", 1)[0]
    assert block == glossary_markdown()
