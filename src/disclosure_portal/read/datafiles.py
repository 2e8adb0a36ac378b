"""The per-organisation, per-year data files under catalogs/: catalogs/<folder>/<org-id>/<year>.yml
(依申请公开 registers, 年度报告 figures). One walk for all of them: the layout, the organisation
(an administrative organ, 条例 Art. 2) and the encoding are checked here, the content by each
reader."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from disclosure_portal.model.problems import Collector
from disclosure_portal.model.records import Org
from disclosure_portal.model.vocab import ADMINISTRATIVE_KINDS

YEAR_FILE_RE = re.compile(r"^(?P<year>\d{4})\.ya?ml$")


@dataclass(frozen=True, slots=True)
class DataFile:
    """One data file found: its project path, organisation, year and text."""

    path: str
    org: Org
    year: int
    text: str


def data_files(
    catalogs_dir: Path,
    rel_dir: str,
    folder: str,
    what: str,
    orgs: dict[str, Org],
    problems: Collector,
) -> Iterator[DataFile]:
    """Every readable `<year>.yml` of an administrative organ under catalogs/`folder`/, in path
    order; `what` names the files in messages (依申请公开登记文件, 年度报告数据文件). Anything else
    under the folder is an error on `file` and is not read."""
    base = catalogs_dir / folder
    if not base.is_dir():
        return
    for path in sorted(p for p in base.rglob("*") if p.is_file() or p.is_symlink()):
        rel_parts = path.relative_to(base).parts
        rel = f"{rel_dir}/{folder}/" + "/".join(rel_parts)
        if any(part.startswith(".") for part in rel_parts):
            continue
        m = YEAR_FILE_RE.match(path.name)
        if len(rel_parts) != 2 or m is None:
            problems.error(
                rel,
                "file",
                f"{what}应为 {rel_dir}/{folder}/<机构标识>/<年份>.yml，本文件不会被读取",
            )
            continue
        org_id, year = rel_parts[0], int(m.group("year"))
        org = orgs.get(org_id)
        if org is None:
            problems.error(rel, "file", f"机构“{org_id}”不在 catalogs/orgs.yml 中")
            continue
        if org.kind not in ADMINISTRATIVE_KINDS:
            problems.error(
                rel,
                "file",
                f"“{org.name}”（{org_id}）是{org.kind}，不是行政机关，"
                f"《政府信息公开条例》的这项规定不适用，不能有{what}",
            )
            continue
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            problems.error(rel, "file", "文件不是 UTF-8 编码，请另存为 UTF-8")
            continue
        except OSError as exc:
            problems.error(rel, "file", f"无法读取文件：{exc.strerror or exc}")
            continue
        yield DataFile(rel, org, year, text)
