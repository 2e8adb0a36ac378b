"""Public participation (征求意见, SPEC: Public participation): the period of a consultation in
days or working days, the minimum of its kind, its status at a date, and the findings of
`portal audit participation`.

The period is counted from the day after `opens` (民法典 Art. 201): calendar days = closes - opens;
working days = the working days in (opens, closes].
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from disclosure_portal.model.problems import Collector
from disclosure_portal.model.records import Consultation, Document
from disclosure_portal.model.vocab import (
    ANSWERED,
    CLOSED,
    CONSULTATION_OTHER,
    NOT_OPEN,
    OPEN,
)
from disclosure_portal.read.links import References
from disclosure_portal.rules.workdays import workdays_after

DAYS, WORKDAYS = "日", "个工作日"


@dataclass(frozen=True, slots=True)
class Minimum:
    """The shortest period of a kind of consultation, and the rule that sets it."""

    length: int
    unit: str  # DAYS or WORKDAYS
    source: str

    @property
    def text(self) -> str:
        """The minimum in words, e.g. 30 日."""
        return f"{self.length} {self.unit}"


MINIMA: dict[str, Minimum] = {
    "重大行政决策": Minimum(30, DAYS, "《重大行政决策程序暂行条例》第十五条"),
    "规章": Minimum(30, DAYS, "《规章制定程序条例》第十六条"),
    "行政规范性文件": Minimum(7, WORKDAYS, "国办发〔2018〕37号"),
    "涉企行政规范性文件": Minimum(30, DAYS, "《优化营商环境条例》第六十二条"),
}


@dataclass(frozen=True, slots=True)
class Period:
    """A consultation's period: calendar days and working days after `opens` up to `closes`."""

    days: int
    workdays: int
    estimated: str  # the working-day calendar's note on years it does not know ("" if none)

    def length(self, unit: str) -> int:
        """The period in `unit` (DAYS or WORKDAYS)."""
        return self.workdays if unit == WORKDAYS else self.days


def kind_of(c: Consultation) -> str:
    """The consultation's kind; 其他 when the document names none."""
    return c.kind or CONSULTATION_OTHER


def period(c: Consultation) -> Period | None:
    """The period of `c` (None without both dates, or when `closes` is before `opens`)."""
    if c.opens is None or c.closes is None or c.closes < c.opens:
        return None
    count = workdays_after(c.opens, c.closes)
    return Period((c.closes - c.opens).days, count.days, count.note)


def shortened(c: Consultation) -> tuple[Period, Minimum] | None:
    """(period, minimum) when the period is below its kind's minimum; else None."""
    minimum, p = MINIMA.get(kind_of(c)), period(c)
    if minimum is None or p is None or p.length(minimum.unit) >= minimum.length:
        return None
    return p, minimum


def status(c: Consultation, answered: bool, today: dt.date) -> str:
    """未开始, 征求意见中, 已结束 or 已反馈 at `today` (`answered`: a public feedback exists)."""
    if c.opens is not None and today < c.opens:
        return NOT_OPEN
    if c.closes is None or today <= c.closes:
        return OPEN
    return ANSWERED if answered else CLOSED


def _line(doc: Document, key: str) -> int | None:
    return doc.line(f"consultation.{key}") or doc.line("consultation")


def check_consultations(
    documents: Iterable[Document], index: References, problems: Collector
) -> None:
    """SPEC's rules on each document's `consultation`: the kind (a warning when missing), the
    minimum period of the kind (an error on `consultation.closes` unless a reason is given), a
    feedback published before the consultation closed (a warning). `closes` before `opens` is
    reported by the reader."""
    for doc in documents:
        c = doc.consultation
        if doc.parse_failed or c is None:
            continue
        if not c.kind:
            problems.warn(
                doc.path,
                "consultation.kind",
                "没有写明征求意见类型（consultation.kind），按“其他”处理，不检查最短期限；"
                "类型为：重大行政决策、规章、行政规范性文件、涉企行政规范性文件、其他",
                _line(doc, "kind"),
            )
        short = shortened(c)
        if short is not None and not c.reason:
            p, minimum = short
            problems.error(
                doc.path,
                "consultation.closes",
                f"征求意见期限为 {p.length(minimum.unit)} {minimum.unit}（{c.opens} 至 {c.closes}，"
                f"自开始日期的次日起算），少于“{kind_of(c)}”的最短期限 {minimum.text}"
                f"（{minimum.source}）{p.estimated}；确需缩短的，请在 consultation.reason 中写明理由",
                _line(doc, "closes"),
            )
        feedback = index.resolve(c.feedback) if c.feedback else None
        if (
            feedback is not None
            and feedback.published
            and c.closes
            and feedback.published < c.closes
        ):
            problems.warn(
                doc.path,
                "consultation.feedback",
                f"意见采纳情况（{feedback.path}）发布于 {feedback.published}，早于征求意见截止日期 {c.closes}",
                _line(doc, "feedback"),
            )
