"""The tests' commands forked from zygotes (tests/forkrun.py) behave as the same commands run as
plain subprocesses: exit code, output and error output, the folder, environment and umask they
are given, the interpreter settings they are given, another hash seed than the command before,
`portal build` with its engine forked saying and building what a plain one does."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import forkrun
import pytest
from buildcache import tree
from helpers import portal_env

TEXT = {"capture_output": True, "text": True, "check": False}
PROBE_HOOK = """\
import os

def on_config(config, **_):
    with open("probe.txt", "w", encoding="utf-8") as f:
        f.write(f"{hash('qx-probe')} {os.getcwd()} {os.environ.get('QX_PROBE')}")
    return config
"""


def _plain(module: str, args: list[str], cwd, env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", module, *args], cwd=cwd, capture_output=True, text=True, env=env
    )


@pytest.mark.parametrize(
    "args",
    [["--version"], ["validate"], ["no-such-command"]],
    ids=["version", "validate-errors", "usage-error"],
)
def test_a_forked_command_gives_what_the_subprocess_gives(project, args):
    project.write({"content/mzj/2025/broken.md": "---\ntitle: [未闭合\n---\n正文。\n"})
    env = portal_env()
    forked = forkrun.run("disclosure_portal.cli", args, project.root, env)
    plain = _plain("disclosure_portal.cli", args, project.root, env)
    assert (forked.returncode, forked.stdout, forked.stderr) == (
        plain.returncode,
        plain.stdout,
        plain.stderr,
    )
    if args == ["validate"]:
        assert forked.returncode != 0 and "broken.md" in forked.stdout + forked.stderr


def _probe_project(folder):
    (folder / "docs").mkdir(parents=True)
    (folder / "docs" / "index.md").write_text("# 首页\n", encoding="utf-8")
    (folder / "probe.py").write_text(PROBE_HOOK, encoding="utf-8")
    (folder / "mkdocs.yml").write_text(
        "site_name: !ENV [QX_PROBE, 未设置]\nhooks: [probe.py]\n", encoding="utf-8"
    )
    return folder


def test_forked_engines_take_the_folder_environment_and_umask_and_a_new_hash_seed(tmp_path):
    folder = _probe_project(tmp_path / "plain")
    seeds = []
    old = os.umask(0o027)
    try:
        for value in ("QX第一次", "QX第二次", "QX第三次"):
            env = dict(portal_env(), QX_PROBE=value)
            built = forkrun.run("mkdocs", ["build", "-d", "out"], folder, env)
            assert built.returncode == 0, built.stderr
            seed, cwd, seen = (folder / "probe.txt").read_text(encoding="utf-8").split(" ")
            assert (cwd, seen) == (str(folder), value)
            assert value in (folder / "out" / "index.html").read_text(encoding="utf-8")
            mode = stat.S_IMODE((folder / "out" / "index.html").stat().st_mode)
            assert mode & 0o027 == 0, oct(mode)
            seeds.append(seed)
    finally:
        os.umask(old)
    # two commands in a row never share a hash seed (as two interpreters would not)
    assert seeds[0] != seeds[1] and seeds[1] != seeds[2]


def test_an_interpreter_setting_is_the_one_the_command_is_given(tmp_path):
    """PYTHONHASHSEED and the like are read when an interpreter starts: a command given other
    values than its zygote started with runs in one started with them."""
    folder = _probe_project(tmp_path / "plain")
    forkrun.run("mkdocs", ["build", "-d", "out"], folder, portal_env())  # zygotes started
    env = dict(portal_env(), PYTHONHASHSEED="0")
    seeds = []
    for run in (forkrun.run, _plain, forkrun.run):
        assert run("mkdocs", ["build", "-d", "out"], folder, env).returncode == 0
        seeds.append((folder / "probe.txt").read_text(encoding="utf-8").split(" ")[0])
    assert len(set(seeds)) == 1, seeds


def test_a_forked_portal_build_says_and_builds_what_a_plain_one_does(project):
    """`portal build --no-cache`, its engine forked as well, prints the same lines (build times
    and folder names aside) and builds the same bytes as a plain one: the first forked build
    compiles the theme's templates for the worker, the second loads them (tests/forkrun.py:
    `_engine_warm`), and both take the comparison form's table, the theme's texts and the
    engine's own assets from their zygotes (`_warm`)."""
    env = portal_env()
    said = {}
    for name, run in (("site-a", forkrun.run), ("site-b", forkrun.run), ("site-c", _plain)):
        args = ["build", "--no-cache", "--site-dir", name]
        result = run("disclosure_portal.cli", args, project.root, env)
        assert result.returncode == 0, result.stdout + result.stderr
        said[name] = [
            line.replace(name, "site")
            for line in (result.stdout + "\n" + result.stderr).splitlines()
            if "秒" not in line and ".site-build-" not in line
        ]
    assert said["site-a"] == said["site-b"] == said["site-c"]
    assert any(line.startswith("信息：") for line in said["site-b"])
    assert not any("INFO" in line for line in said["site-b"])
    trees = [tree(project.root / name) for name in ("site-a", "site-b", "site-c")]
    assert trees[0] == trees[1] == trees[2]
    assert "mzj/2025/notice/index.html" in trees[0]
    # with an empty build cache: the templates it lacks come from the worker's folder and are
    # written into it, and the site is the same
    cached = forkrun.run(
        "disclosure_portal.cli", ["build", "--site-dir", "site-d"], project.root, env
    )
    assert cached.returncode == 0, cached.stdout + cached.stderr
    assert tree(project.root / "site-d") == trees[0]
    kept = [f for f in (project.root / ".portal-cache").glob("v*/templates/**/*") if f.is_file()]
    assert len(kept) > 10


def _children_ticks(kind: str) -> int:
    """Processor time (clock ticks) of the children the zygotes of `kind` waited for."""
    total = 0
    for zygote in forkrun._pools.pools[kind].zygotes:
        fields = Path(f"/proc/{zygote.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[13]) + int(fields[14])
    return total


def test_a_forked_engine_s_scan_process_is_forked_from_the_scan_s_zygote(project):
    """The leak scan's process of a forked engine is forked by the scan's zygote (spawn's command
    line handed over by the launcher); the launcher runs any other command line as the
    interpreter would."""
    env = portal_env()
    assert forkrun.run("mkdocs", ["build"], project.root, env).returncode == 0
    before = _children_ticks(forkrun.SCAN)
    built = forkrun.run("mkdocs", ["build"], project.root, env)
    assert built.returncode == 0, built.stderr
    assert "泄露检查通过" in built.stderr
    assert _children_ticks(forkrun.SCAN) > before
    launcher = forkrun._pools.pools[forkrun.SCAN].zygotes[0].launcher
    other = subprocess.run([launcher, "-B", "-c", "import sys; print(sys.argv)"], **TEXT)
    assert other.returncode == 0 and other.stdout == "['-c']\n"


def test_zygotes_that_cannot_start_leave_plain_subprocesses(tmp_path):
    """A socket's path too long to listen on (a deep temporary folder): the zygote ends before it
    imports, and its kind runs plain subprocesses from then on instead of starting others."""
    deep = tmp_path / ("x" * 100)
    deep.mkdir()
    pool = forkrun._Pool("disclosure_portal.cli", str(deep))
    assert pool.take(portal_env()) is None and pool.failed
    assert pool.take(portal_env()) is None and pool.zygotes == []
