"""`portal validate --format gitlab|github` for CI, the content repository's CI templates, and the
editors' manual (its key tables are the field tables; the repository carries the packaged copy)."""

from __future__ import annotations

import hashlib
import json

import yaml
from helpers import ROOT, public_notice

from disclosure_portal.cli import github_annotations
from disclosure_portal.model.fields import glossary_markdown
from disclosure_portal.model.problems import Problem, Severity
from disclosure_portal.version import __version__

SKELETON = ROOT / "src" / "disclosure_portal" / "skeleton"
MANUAL = "docs/编辑手册.md"
BAD = "content/mzj/2025/bad.md"
CITING = "content/mzj/2025/citing.md"


def _bad_project(project):
    """A document with a malformed date (an error on line 7) and one with an unknown key (a
    warning on line 8)."""
    return project.write(
        {
            BAD: public_notice(title="日期写错的通知", published="2025-02-30"),
            CITING: public_notice(title="拼错键的通知", titel="x"),
        }
    )


def test_github_format_annotates_file_line_and_key(project):
    result = _bad_project(project).portal("validate", "--format", "github")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    error = next(line for line in lines if line.startswith("::error ") and BAD in line)
    assert error.startswith(f"::error file={BAD},line=7,title=published::")
    assert "2025-02-30" in error
    warning = next(line for line in lines if line.startswith("::warning ") and CITING in line)
    assert warning.startswith(f"::warning file={CITING},line=8,title=titel::")
    assert "1 个错误" in lines[-1]  # the usual summary line closes the output


def test_github_escaping_of_message_and_properties():
    problem = Problem("content/a,b:c.md", "items[0].id", "100% 错误\r\n第二行", 3)
    (line,) = github_annotations([problem])
    assert line == (
        "::error file=content/a%2Cb%3Ac.md,line=3,title=items[0].id::100%25 错误%0D%0A第二行"
    )
    warning = Problem("mkdocs.yml", "extra.portal.x", "未知", None, Severity.WARNING)
    assert github_annotations([warning]) == ["::warning file=mkdocs.yml,title=extra.portal.x::未知"]


def test_gitlab_format_is_a_code_quality_report(project):
    result = _bad_project(project).portal("validate", "--format", "gitlab")
    assert result.returncode == 1
    report = json.loads(result.stdout)  # stdout holds the report alone
    assert isinstance(report, list)
    entry = next(e for e in report if e["location"]["path"] == BAD)
    assert entry["check_name"] == "published"
    assert entry["severity"] == "major"
    assert entry["location"]["lines"]["begin"] == 7
    assert "2025-02-30" in entry["description"]
    message = entry["description"].split(": ", 1)[1]
    expected = hashlib.sha1(f"{BAD}\0published\0{message}".encode()).hexdigest()
    assert entry["fingerprint"] == expected
    warning = next(e for e in report if e["location"]["path"] == CITING)
    assert (warning["check_name"], warning["severity"]) == ("titel", "minor")
    assert warning["location"]["lines"]["begin"] == 8
    assert len({e["fingerprint"] for e in report}) == len(report)
    assert "错误（" in result.stderr  # the readable report goes to the job log
    again = json.loads(project.portal("validate", "--format", "gitlab").stdout)
    assert [e["fingerprint"] for e in again] == [e["fingerprint"] for e in report]


def test_formats_of_a_clean_project(project):
    github = project.portal("validate", "--format", "github")
    assert github.returncode == 0
    assert not any(line.startswith("::error") for line in github.stdout.splitlines())
    gitlab = project.portal("validate", "--format", "gitlab")
    assert gitlab.returncode == 0
    assert all(e["severity"] == "minor" for e in json.loads(gitlab.stdout))
    text = project.portal("validate", "--format", "text")
    assert text.returncode == 0 and "0 个错误" in text.stdout


def test_ci_templates_validate_and_build_from_a_full_clone_daily():
    gitlab_text = (SKELETON / ".gitlab-ci.yml").read_text(encoding="utf-8")
    gitlab = yaml.safe_load(gitlab_text)
    assert gitlab["variables"]["GIT_DEPTH"] == "0"
    assert gitlab["variables"]["PORTAL_REQUIREMENT"] == f"disclosure-portal=={__version__}"
    assert any("$PORTAL_REQUIREMENT" in line for line in gitlab["default"]["before_script"])
    assert any("portal validate --format gitlab" in s for s in gitlab["validate"]["script"])
    assert gitlab["validate"]["artifacts"]["reports"]["codequality"]
    assert "portal build" in gitlab["build"]["script"]
    assert any("schedule" in rule["if"] for rule in gitlab["build"]["rules"])
    assert "rsync -a --delete site/" in gitlab_text and "parallel:" in gitlab_text

    github_text = (SKELETON / ".github/workflows/portal.yml").read_text(encoding="utf-8")
    github = yaml.safe_load(github_text)
    triggers = github.get("on", github.get(True))  # YAML 1.1 reads a bare `on` as true
    assert {"push", "pull_request"} <= set(triggers)
    assert {"cron": "30 16 * * *"} in triggers["schedule"]  # 00:30 in China
    assert f"'disclosure-portal=={__version__}'" in github["env"]["PORTAL_REQUIREMENT"]
    for job in ("validate", "build"):
        steps = github["jobs"][job]["steps"]
        checkout = next(s for s in steps if str(s.get("uses", "")).startswith("actions/checkout"))
        assert checkout["with"]["fetch-depth"] == 0
        assert any('"$PORTAL_REQUIREMENT"' in s.get("run", "") for s in steps)
    runs = [s.get("run", "") for s in github["jobs"]["validate"]["steps"]]
    assert "portal validate --format github" in runs
    assert "portal build" in [s.get("run", "") for s in github["jobs"]["build"]["steps"]]
    assert "rsync -a --delete" in github_text and "strategy:" in github_text


def test_manual_key_tables_are_the_field_tables():
    text = (SKELETON / MANUAL).read_text(encoding="utf-8")
    block = text.split("<!-- fields:start -->\n", 1)[1].split("<!-- fields:end -->", 1)[0]
    assert block == glossary_markdown()


def test_repository_carries_the_packaged_manual():
    assert (ROOT / MANUAL).read_bytes() == (SKELETON / MANUAL).read_bytes()
    assert MANUAL in (ROOT / "README.md").read_text(encoding="utf-8")
