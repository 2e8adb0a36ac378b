"""Settings and addresses of the national conventions: the footer's badge images (a path under
content/ published like theme.logo, or an https address; anything else refused), robots.txt and
website-reports/ reserved for the portal."""

from __future__ import annotations

import pytest
import yaml
from helpers import assert_reported, mkdocs_yml, problems_of, public_notice, secret

from disclosure_portal.read.settings import read_portal_settings


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("assets/dzjg.png", True),
        ("https://www.example.gov.cn/dzjg.png", True),
        ("http://www.example.gov.cn/dzjg.png", False),
        ("javascript:alert(1)", False),
        ("data:image/png;base64,AAAA", False),
        ("//cdn.example.com/dzjg.png", False),
        (" assets/dzjg.png", False),
        (["a.png"], False),
    ],
)
def test_badge_image_values(value, ok):
    values, problems = read_portal_settings({"footer": {"dzjg_image": value}})
    keys = [p.key for p in problems]
    if ok:
        assert keys == [] and values["footer.dzjg_image"] == value
    else:
        assert keys == ["extra.portal.footer.dzjg_image"] and values["footer.dzjg_image"] == ""


def _with_footer(**footer) -> str:
    config = yaml.safe_load(mkdocs_yml())
    config["extra"]["portal"]["footer"].update(footer)
    return yaml.safe_dump(config, allow_unicode=True, sort_keys=False)


def test_a_badge_image_only_withheld_documents_use_is_refused(project):
    withheld = secret(attachments=["files/ga.png"])
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
    _, errors, _ = problems_of(
        project,
        {
            "mkdocs.yml": _with_footer(police_image="mzj/2025/files/ga.png"),
            "content/mzj/2025/secret.md": withheld,
            "content/mzj/2025/files/ga.png": png,
        },
    )
    assert_reported(errors, "mkdocs.yml", "extra.portal.footer.police_image")
    # the same image of the district's own, used by no withheld document, is published
    _, errors, _ = problems_of(
        project,
        {
            "mkdocs.yml": _with_footer(police_image="assets/ga.png"),
            "content/assets/ga.png": png + b"district's own",
        },
    )
    assert not [e for e in errors if "police_image" in e]


@pytest.mark.parametrize(
    "path",
    ["content/robots.txt", "content/website-reports/2025.md", "content/website-reports/a.pdf"],
)
def test_the_portals_addresses_are_reserved(project, path):
    body = public_notice() if path.endswith(".md") else "User-agent: *\n"
    _, errors, _ = problems_of(project, {path: body})
    assert_reported(errors, path, "file")
