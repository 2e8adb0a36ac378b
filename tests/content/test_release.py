"""Releases and installation (issue 25): one version everywhere (pyproject, `portal --version`,
CHANGELOG, the CI templates and the pre-commit configuration `portal init` writes), CI templates
that install from PORTAL_REQUIREMENT, a pre-commit hook that needs no `portal` on PATH, and a
release workflow that builds the wheel on a tag."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib

import pytest
import yaml
from helpers import ROOT, portal_env

from disclosure_portal.cli import SKELETON
from disclosure_portal.version import __version__, generator_version

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
VERSION = PYPROJECT["project"]["version"]
REQUIREMENT = f"disclosure-portal=={VERSION}"


def changelog_versions(text: str) -> list[str]:
    return re.findall(r"^## (\d+\.\d+\.\d+)\b", text, flags=re.MULTILINE)


def test_one_version_everywhere():
    assert __version__ == VERSION
    assert generator_version() == VERSION  # the installed distribution
    shown = subprocess.run(
        [sys.executable, "-m", "disclosure_portal.cli", "--version"],
        capture_output=True,
        text=True,
        env=portal_env(),
        check=True,
    ).stdout
    assert shown.strip() == f"portal {VERSION}"


def test_changelog_has_a_heading_for_the_installed_version_and_upgrade_steps():
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    versions = changelog_versions(text)
    assert generator_version() in versions
    assert versions == sorted(versions, key=lambda v: tuple(map(int, v.split("."))), reverse=True)
    for version in versions:  # every version says what a district must do
        section = text.split(f"## {version}", 1)[1].split("\n## ", 1)[0]
        assert "What a district must do" in section, version
    # the check itself: a heading that is not there is not found
    assert "9.9.9" not in changelog_versions(text + "\n### 9.9.9\n## 9.9.9x\n")


def test_the_gitlab_template_installs_portal_requirement():
    ci = yaml.safe_load((SKELETON / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert ci["variables"]["PORTAL_REQUIREMENT"] == REQUIREMENT
    assert ci["default"]["before_script"][0] == 'python -m pip install "$PORTAL_REQUIREMENT"'
    assert "chmod 600" in ci["default"]["before_script"][1]  # every job that checks the key
    header = (SKELETON / ".gitlab-ci.yml").read_text(encoding="utf-8").split("\nvariables:")[0]
    for way in ("PORTAL_REQUIREMENT", "git+https://", ".whl", "PIP_INDEX_URL", "PIP_FIND_LINKS"):
        assert way in header, way  # documented in the header
    verify = ci["verify"]
    assert verify["rules"][0]["if"].startswith('$CI_PIPELINE_SOURCE == "schedule"')
    assert "portal verify" in verify["script"][0]
    for job in ("validate", "build"):  # the hourly verification pipeline builds nothing
        assert ci[job]["rules"][0] == {"if": '$PORTAL_JOB == "verify"', "when": "never"}


def test_the_github_template_installs_portal_requirement():
    text = (SKELETON / ".github/workflows/portal.yml").read_text(encoding="utf-8")
    workflow = yaml.safe_load(text)
    assert f"'{REQUIREMENT}'" in workflow["env"]["PORTAL_REQUIREMENT"]
    installs = [
        step["run"]
        for job in workflow["jobs"].values()
        for step in job["steps"]
        if step.get("name") == "安装门户生成器"
    ]
    assert len(installs) == 3 and all('"$PORTAL_REQUIREMENT"' in run for run in installs)
    crons = [entry["cron"] for entry in workflow[True]["schedule"]]  # YAML 1.1 reads `on` as True
    assert "7 * * * *" in crons
    assert "7 * * * *" in workflow["jobs"]["verify"]["if"]
    assert "portal verify" in workflow["jobs"]["verify"]["steps"][-1]["run"]


def test_the_pre_commit_hook_needs_no_portal_on_path():
    config = yaml.safe_load((SKELETON / "pre-commit-config.yaml").read_text(encoding="utf-8"))
    (hook,) = config["repos"][0]["hooks"]
    assert hook["language"] == "python"  # pre-commit makes the environment and installs it
    assert hook["additional_dependencies"] == [REQUIREMENT]
    assert hook["entry"] == "portal validate"


def test_the_release_workflow_builds_the_wheel_on_a_tag_and_attaches_it():
    workflow = yaml.safe_load((ROOT / ".github/workflows/release.yml").read_text(encoding="utf-8"))
    assert workflow[True]["push"]["tags"] == ["v*"]
    runs = "\n".join(s.get("run", "") for s in workflow["jobs"]["release"]["steps"])
    assert "python -m build" in runs and "gh release create" in runs and "dist/*" in runs
    assert "CHANGELOG.md" in runs  # refuses a version without a CHANGELOG heading
    gitlab = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert "python -m build" in gitlab["release"]["script"]


def pip_source_options() -> list[str]:
    """The options pip itself lists under "Package Index Options" (`pip install --help`), short
    and long: every way a command line can name where packages come from."""
    text = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--help"],
        capture_output=True,
        text=True,
        check=True,
        env=dict(os.environ, PIP_DISABLE_PIP_VERSION_CHECK="1"),
    ).stdout
    section = text.split("Package Index Options:", 1)[1]
    section = re.split(r"\n(?=\S)", section.lstrip("\n"), maxsplit=1)[0]  # to the next heading
    options = re.findall(r"^\s{2}(-\w)?(?:, )?(--[\w-]+)", section, flags=re.M)
    return sorted({o for pair in options for o in pair if o})


def names_a_source(line: str, options: list[str]) -> bool:
    return any(re.search(rf"(?<!\S){re.escape(o)}(?=[\s=]|$)", line) for o in options)


def test_no_workflow_or_template_names_a_package_source_of_its_own():
    """Where packages come from is the district's setting (PIP_INDEX_URL, PORTAL_REQUIREMENT),
    never an option written into a workflow; the offline bundle names its wheels by path."""
    files = [ROOT / ".github/workflows/release.yml", ROOT / ".gitlab-ci.yml"]
    files += [SKELETON / ".gitlab-ci.yml", SKELETON / ".github/workflows/portal.yml"]
    files += [SKELETON / "pre-commit-config.yaml"]
    options = pip_source_options()
    assert len(options) >= 6  # pip's four index options, two of them with a short form
    for option in options:  # the check finds each of them, written either way
        assert names_a_source(f"  python -m pip install {option} X pkg", options)
        assert names_a_source(f"pip install {option}=X pkg", options)
    assert not names_a_source("pip install --no-deps --require-hashes -r requirements.txt", options)
    for path in files:
        commands = [  # pip's command lines, comments aside
            line
            for line in path.read_text(encoding="utf-8").splitlines()
            if not line.lstrip().startswith("#") and "pip " in line
        ]
        assert commands or path.name == "pre-commit-config.yaml", path  # the check sees some
        assert not [line for line in commands if names_a_source(line, options)], path


@pytest.mark.parametrize("index", ["", "https://pypi.internal.invalid/simple"])
def test_the_github_install_step_sets_pip_index_url_only_when_the_variable_is_set(tmp_path, index):
    workflow = yaml.safe_load(
        (SKELETON / ".github/workflows/portal.yml").read_text(encoding="utf-8")
    )
    (run,) = {
        step["run"]
        for job in workflow["jobs"].values()
        for step in job["steps"]
        if step.get("name") == "安装门户生成器"
    }
    stub = tmp_path / "python"  # records what pip would be given
    stub.write_text('#!/bin/sh\necho "index=${PIP_INDEX_URL-unset} args=$*"\n', encoding="utf-8")
    stub.chmod(0o755)
    env = {
        "PATH": f"{tmp_path}:/usr/bin:/bin",
        "PORTAL_INDEX_URL": index,
        "PORTAL_REQUIREMENT": REQUIREMENT,
    }
    out = subprocess.run(["bash", "-e", "-c", run], env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    expected = index or "unset"
    assert out.stdout.strip() == f"index={expected} args=-m pip install {REQUIREMENT}"
