"""`portal upgrade` (SPEC: Command line): the files `portal init` generated come back to the
installed version; content/, catalogs/ and mkdocs.yml stay byte-identical; settings that are
new, renamed or gone are named."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import git, portal_env

from disclosure_portal import upgrade
from disclosure_portal.cli import RENAMED, SKELETON
from disclosure_portal.version import generator_version

MANUAL = "docs/编辑手册.md"
GITLAB = ".gitlab-ci.yml"


def portal(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "disclosure_portal.cli", *args],
        cwd=root,
        env=portal_env(),
        capture_output=True,
        text=True,
        check=False,
    )


def fingerprint(root: Path) -> dict[str, str]:
    """Every file of content/, catalogs/ and mkdocs.yml with the SHA-256 of its bytes."""
    files = [root / "mkdocs.yml", *(root / "content").rglob("*"), *(root / "catalogs").rglob("*")]
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in files
        if p.is_file()
    }


@pytest.fixture
def district(tmp_path) -> Path:
    """A content repository made by `portal init` and committed, as a district keeps it."""
    root = tmp_path / "district"
    assert portal(tmp_path, "init", str(root)).returncode == 0
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "新建内容仓库", date="2026-03-13")
    return root


def test_a_changed_manual_and_ci_template_are_restored_and_content_is_untouched(district):
    (district / MANUAL).write_text("# 旧的编辑手册\n", encoding="utf-8")
    ci = (district / GITLAB).read_text(encoding="utf-8")
    (district / GITLAB).write_text(ci.replace(generator_version(), "0.1.0"), encoding="utf-8")
    (district / ".pre-commit-config.yaml").unlink()
    git(district, "add", "-A")
    git(district, "commit", "-q", "-m", "0.1.0 的文件", date="2026-04-01")
    before = fingerprint(district)
    result = portal(district, "upgrade")
    assert result.returncode == 0, result.stdout + result.stderr
    assert (district / MANUAL).read_bytes() == (SKELETON / MANUAL).read_bytes()
    assert (district / GITLAB).read_bytes() == (SKELETON / GITLAB).read_bytes()
    assert (district / ".pre-commit-config.yaml").read_bytes() == (
        SKELETON / "pre-commit-config.yaml"
    ).read_bytes()
    assert fingerprint(district) == before
    out = result.stdout
    assert "已更新：" in out and MANUAL in out and GITLAB in out
    assert "已新建：" in out and ".pre-commit-config.yaml" in out
    assert "仓库原来的版本：0.1.0" in out
    assert "新增（可选）：extra.portal.signing.key" in out  # new since 0.1.0
    changed = git(district, "-c", "core.quotePath=false", "status", "--porcelain")
    assert sorted(line[3:] for line in changed.splitlines()) == sorted(
        [GITLAB, MANUAL, ".pre-commit-config.yaml"]
    )


def test_an_up_to_date_repository_is_left_as_it_is(district):
    before = {
        p: p.read_bytes() for p in district.rglob("*") if p.is_file() and ".git" not in p.parts
    }
    result = portal(district, "upgrade")
    assert result.returncode == 0
    assert "没有需要更新的" in result.stdout and "已更新" not in result.stdout
    after = {
        p: p.read_bytes() for p in district.rglob("*") if p.is_file() and ".git" not in p.parts
    }
    assert after == before


def test_uncommitted_changes_to_a_generated_file_are_not_overwritten(district):
    (district / MANUAL).write_text("# 本单位刚改、尚未提交\n", encoding="utf-8")
    result = portal(district, "upgrade")
    assert result.returncode == 1
    assert MANUAL in result.stdout and "尚未提交" in result.stdout
    assert (district / MANUAL).read_text(encoding="utf-8") == "# 本单位刚改、尚未提交\n"


def test_dry_run_lists_and_writes_nothing(district):
    (district / MANUAL).write_text("# 旧\n", encoding="utf-8")
    git(district, "commit", "-q", "-am", "旧手册", date="2026-04-01")
    result = portal(district, "upgrade", "--dry-run")
    assert result.returncode == 0 and "将更新：" in result.stdout and MANUAL in result.stdout
    assert (district / MANUAL).read_text(encoding="utf-8") == "# 旧\n"


def test_an_old_settings_key_is_named(district):
    config = (district / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("    page_size: 20", "    page_size: 20\n    theme_colour: red", 1)
    (district / "mkdocs.yml").write_text(config, encoding="utf-8")
    git(district, "commit", "-q", "-am", "旧设置", date="2026-04-01")
    result = portal(district, "upgrade")
    assert result.returncode == 0
    assert "已不再使用（或拼写有误）：extra.portal.theme_colour" in result.stdout
    assert "extra.portal.page_size" not in result.stdout  # a current key is not named


def test_a_renamed_key_names_its_new_form():
    notes = upgrade.settings_notes(
        {"page_size": 10, "listing_size": 20, "footer": {"sponsor": "x"}},
        None,
        renamed={"listing_size": "page_size"},
    )
    assert notes == [
        "  改名：extra.portal.listing_size 现在叫 extra.portal.page_size，请在 mkdocs.yml 中改写"
    ]
    # keys of a version the table knows: everything since is new, what is written is not
    notes = upgrade.settings_notes({"page_size": 10}, "0.1.0", renamed={})
    assert any("extra.portal.signing.key" in n for n in notes)
    assert not any("page_size" in n for n in notes)


def test_every_key_of_a_released_version_is_still_read_or_renamed():
    """SPEC: a key is never dropped silently; the table of old keys matches the schema."""
    from disclosure_portal.read.settings import SCHEMA

    for version, keys in upgrade.SETTINGS_OF_VERSION.items():
        gone = keys - set(SCHEMA) - set(upgrade.RENAMED_SETTINGS)
        assert not gone, (version, gone)


def test_not_a_content_repository_and_the_generator_itself_are_refused(tmp_path):
    result = portal(tmp_path, "upgrade")
    assert result.returncode == 1 and "不是内容仓库" in result.stdout
    root = Path(__file__).resolve().parents[2]
    assert upgrade.upgrade(root, SKELETON, RENAMED, dry_run=True) == 1


def test_a_newer_repository_is_not_downgraded(district):
    ci = (district / GITLAB).read_text(encoding="utf-8")
    (district / GITLAB).write_text(ci.replace(generator_version(), "9.0.0"), encoding="utf-8")
    git(district, "commit", "-q", "-am", "新版", date="2026-04-01")
    result = portal(district, "upgrade")
    assert result.returncode == 1 and "不会降级" in result.stdout
    assert "9.0.0" in (district / GITLAB).read_text(encoding="utf-8")


def test_gitignore_lines_are_added_never_removed(district):
    (district / ".gitignore").write_text("site/\n本单位/\n", encoding="utf-8")
    git(district, "commit", "-q", "-am", "gitignore", date="2026-04-01")
    result = portal(district, "upgrade")
    assert result.returncode == 0
    lines = (district / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert lines[:2] == ["site/", "本单位/"]
    skeleton = (SKELETON / "gitignore").read_text(encoding="utf-8").splitlines()
    assert set(skeleton) <= set(lines)
