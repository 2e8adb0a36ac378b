"""A district installs the generator and keeps only its own content: the wheel carries the theme
and the hook, `portal init` writes a repository that builds at once, outside this source tree,
with no copy of the generator's code or theme."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest
import yaml
from helpers import ROOT, git

from disclosure_portal.cli import SKELETON
from disclosure_portal.version import __version__ as VERSION

pytestmark = pytest.mark.slow


def test_wheel_init_and_build_outside_the_source_tree(tmp_path):
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = wheels.glob("disclosure_portal-*.whl")
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    purelib = subprocess.run(
        [
            str(env_dir / "bin" / "python"),
            "-c",
            "import sysconfig; print(sysconfig.get_paths()['purelib'])",
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    # the dependencies from this environment (no network); the generator only from the wheel
    (tmp_path / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    os.replace(tmp_path / "deps.pth", f"{purelib}/zz-deps.pth")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            purelib,
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PATH"] = f"{env_dir / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    python = str(env_dir / "bin" / "python")
    where = subprocess.run(
        [python, "-c", "import disclosure_portal; print(disclosure_portal.__file__)"],
        check=True,
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    ).stdout
    assert purelib in where and str(ROOT) not in where

    repo = tmp_path / "district"
    init = subprocess.run(
        [python, "-m", "disclosure_portal.cli", "init", str(repo)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    assert init.returncode == 0, init.stdout + init.stderr
    for name in (
        ".gitignore",
        ".pre-commit-config.yaml",
        ".gitlab-ci.yml",
        ".github/workflows/portal.yml",
        "docs/编辑手册.md",
        "mkdocs.yml",
    ):
        assert (repo / name).is_file(), name  # dot files too travel in the wheel
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "新建内容仓库", date="2026-03-13")
    built = subprocess.run(
        [python, "-m", "disclosure_portal.cli", "build", "--today", "2026-03-13"],
        capture_output=True,
        text=True,
        env=env,
        cwd=repo,
    )
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-2000:]
    assert (repo / "site/bgs/2026/zhengce-wenjian/index.html").exists()
    assert (repo / "site/assets/portal.css").exists()  # the packaged theme
    assert not (repo / "site/bgs/2026/internal/kaohe-neibu-baogao/index.html").exists()
    # the repository holds no copy of the generator: one few-line hook file, no theme
    python_files = [p for p in repo.rglob("*.py") if "site" not in p.relative_to(repo).parts]
    assert [p.relative_to(repo).as_posix() for p in python_files] == ["hooks/portal.py"]
    assert len((repo / "hooks/portal.py").read_text(encoding="utf-8").splitlines()) <= 5
    assert not any(
        p.suffix == ".html" for p in repo.rglob("*") if "site" not in p.relative_to(repo).parts
    )
    version = subprocess.run(
        [python, "-m", "disclosure_portal.cli", "--version"],
        capture_output=True,
        text=True,
        env=env,
    ).stdout
    assert version.strip() == f"portal {VERSION}"


def test_the_gitlab_install_line_installs_a_working_portal_from_a_wheel(tmp_path):
    """Issue 25: the GitLab template's install line, with PORTAL_REQUIREMENT set to a built wheel,
    in a fresh venv, gives a working `portal` (the dependencies come from this environment through
    a .pth file: this machine has no index that holds them all)."""
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = wheels.glob("disclosure_portal-*.whl")
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    (Path(purelib) / "zz-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    ci = yaml.safe_load((SKELETON / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    install = ci["default"]["before_script"][0]
    assert "PORTAL_REQUIREMENT" in install
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PIP_REQUIRE_VIRTUALENV")}
    env |= {
        "PATH": f"{env_dir / 'bin'}{os.pathsep}{env.get('PATH', '')}",
        "PORTAL_REQUIREMENT": str(wheel),
        "PIP_NO_INDEX": "1",
    }
    result = subprocess.run(
        ["bash", "-c", install], env=env, cwd=tmp_path, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    portal = env_dir / "bin" / "portal"
    assert portal.exists()  # the console script, in the venv
    shown = subprocess.run(
        [str(portal), "--version"], env=env, cwd=tmp_path, capture_output=True, text=True
    )
    assert shown.stdout.strip() == f"portal {VERSION}"
    repo = tmp_path / "district"
    assert (
        subprocess.run([str(portal), "init", str(repo)], env=env, capture_output=True).returncode
        == 0
    )
    checked = subprocess.run(
        [str(portal), "validate"], env=env, cwd=repo, capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stdout[-2000:]
    where = subprocess.run(
        [str(python), "-c", "import disclosure_portal; print(disclosure_portal.__file__)"],
        env=env,
        capture_output=True,
        text=True,
    ).stdout
    assert purelib in where and str(ROOT) not in where


def _system_python_makes_venvs() -> bool:
    if sys.platform != "linux" or not os.path.exists("/usr/bin/python3"):
        return False
    probe = subprocess.run(
        ["/usr/bin/python3", "-c", "import venv, ensurepip"], capture_output=True
    )
    return probe.returncode == 0


@pytest.mark.skipif(not _system_python_makes_venvs(), reason="no system Python with venv")
def test_demo_command_on_the_system_python_alone(tmp_path):
    """README's demo command on Debian 12's stock Python (3.11.2 there) with nothing else on
    PATH: one universal lock serves it (pymdown-extensions 12.3 below Python 3.11.5)."""
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    result = subprocess.run(
        ["bash", "scripts/demo.sh"],
        cwd=clone,
        capture_output=True,
        text=True,
        timeout=1200,
        env={"PATH": "/usr/bin:/bin", "HOME": os.environ.get("HOME", str(tmp_path))},
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert (clone / "site/index.html").exists() and "网站已生成" in result.stdout
