"""model/pickling.quick_state: the records the build pickles for its leak-scan process keep the
state `dataclasses` gives them (the same pickled bytes), only made faster."""

from __future__ import annotations

import dataclasses
import datetime as dt
import pickle

import pytest

from disclosure_portal.model.records import Document
from disclosure_portal.plan.changelog import Entry
from disclosure_portal.rules.ordinary import Unit
from disclosure_portal.rules.withheld import WithheldUnit

UNIT = Unit(norm="区民政局局长办公会议", raw="区民政局局长办公会议", row=True, cell=True)
RECORDS = [
    UNIT,
    WithheldUnit(source="content/mzj/2025/jiyao.md", kind="正文", unit=UNIT),
    Entry(dt.date(2025, 3, 3), Document(src="a.md", path="content/a.md"), "首次发布"),
]


@pytest.mark.parametrize("record", RECORDS, ids=lambda r: type(r).__name__)
def test_the_state_and_the_bytes_are_those_of_dataclasses(record, monkeypatch):
    assert record.__getstate__() == dataclasses._dataclass_getstate(record)
    data = pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL)
    back = pickle.loads(data)
    assert back == record and type(back) is type(record)
    with pytest.raises(dataclasses.FrozenInstanceError):
        back.__setattr__(dataclasses.fields(back)[0].name, "x")  # still frozen
    kind = type(record)
    monkeypatch.setattr(kind, "__getstate__", dataclasses._dataclass_getstate)
    monkeypatch.setattr(kind, "__setstate__", dataclasses._dataclass_setstate)
    assert pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL) == data  # as before
    assert pickle.loads(data) == record


def test_a_state_of_another_length_is_refused():
    kind = type(UNIT)
    blank = kind.__new__(kind)
    with pytest.raises(ValueError):
        blank.__setstate__(["only one value"])
