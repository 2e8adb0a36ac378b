"""Red-team findings on attached originals (issue 22, work package R): the withheld text sent
on as a compressed file (原件.txt.gz, 材料.tar.gz), as archiving tools and mail gateways write."""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import tarfile

import pytest
from helpers import meeting_minutes, notice_with, problems_of

from disclosure_portal.read.attachments import read_bytes

PUBLIC = "content/mzj/2025/public.md"
WITHHELD = "content/mzj/2025/internal/jiyao.md"
SECRET = "会议决定暂缓启动老城区东街片区棚户区改造项目，待征收补偿方案经法律顾问审核后再议"
ORDINARY = "全区社会救助政策宣传月活动安排见本通知，各单位按通知要求组织实施。"


def withheld() -> str:
    return meeting_minutes(f"{SECRET}。", written=None)


def public(attachment: str) -> str:
    return notice_with("见附件。", "关于开展社会救助政策宣传月活动的通知", attachments=[attachment])


def tar(name: str, data: bytes, mode: str = "w:gz") -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode=mode) as archive:
        info = tarfile.TarInfo(name)
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
    return out.getvalue()


def attached(project, name: str, data: bytes) -> list[str]:
    files = {
        WITHHELD: withheld(),
        f"content/mzj/2025/files/{name}": data,
        PUBLIC: public(f"files/{name}"),
    }
    _, errors, _ = problems_of(project, files)
    return [e for e in errors if e.startswith(f"{PUBLIC}:attachments:")]


FORMS = {
    "yuanwen.txt.gz": lambda text: gzip.compress(text.encode("gbk")),
    "yuanwen.txt.bz2": lambda text: bz2.compress(text.encode("utf-8")),
    "yuanwen.txt.xz": lambda text: lzma.compress(text.encode("utf-16")),
    "cailiao.tar.gz": lambda text: tar("纪要/原件.txt", text.encode("gb18030")),
    "cailiao.tar": lambda text: tar("原件.txt", text.encode("utf-8"), "w"),
}


@pytest.mark.parametrize("name", FORMS)
def test_a_withheld_text_compressed_and_attached_is_a_copy(project, name):
    mine = attached(project, name, FORMS[name](f"{SECRET}。\n"))
    assert mine and WITHHELD in mine[0]


@pytest.mark.parametrize("name", FORMS)
def test_an_ordinary_text_compressed_and_attached_passes(project, name):
    assert attached(project, name, FORMS[name](ORDINARY + "\n")) == []


def test_a_compressed_bomb_is_unreadable_not_a_crash():
    bomb = gzip.compress(b"\0" * (64 << 20))  # 64 MB of zeros in about 64 KB
    result = read_bytes(gzip.compress(bomb), "bomb.gz")
    assert result.text is None and result.problem  # unreadable: a warning, within the budget
    small = read_bytes(gzip.compress(ORDINARY.encode("gbk")), "small.gz")
    assert small.text is not None and ORDINARY in small.text
