"""The Pagefind canonicaliser's CBOR codec (verify/pagefindfix.py): what it reads it writes back
byte for byte, and sorting changes only the order of filter values."""

from __future__ import annotations

import gzip

from hypothesis import given
from hypothesis import strategies as st

from disclosure_portal.verify import pagefindfix as pf

ITEMS = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=0, max_value=2**40) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=5), inner, max_size=4)
    ),
    max_leaves=30,
)


@given(ITEMS)
def test_encode_then_decode_is_the_identity(item):
    data = pf.encode(item)
    decoded, end = pf.decode(data)
    assert decoded == item and end == len(data)
    assert pf.encode(decoded) == data  # shortest lengths: one encoding per value


def test_filters_are_sorted_and_renamed_from_their_content(tmp_path):
    bundle = tmp_path / "pagefind"
    (bundle / "filter").mkdir(parents=True)

    def write(path, item):
        path.write_bytes(gzip.compress(pf.SIGNATURE + pf.encode(item)))

    write(bundle / "filter" / "zh_aaaaaaa.pf_filter", ["year", [["2026", [0, 2]], ["2024", [1]]]])
    write(bundle / "filter" / "zh_bbbbbbb.pf_filter", ["org", [["乙", [1]], ["甲", [0, 2]]]])
    meta = ["1.5.2", [["zh_p0", 10]], [], [["year", "zh_aaaaaaa"], ["org", "zh_bbbbbbb"]], [], []]
    write(bundle / "pagefind.zh_0123456789.pf_meta", meta)
    (bundle / "pagefind-entry.json").write_text(
        '{"version": "1.5.2", "languages": {"zh": {"hash": "zh_0123456789", "wasm": null, "page_count": 3}}}',
        encoding="utf-8",
    )
    pf.canonicalise(bundle)
    first = {p.name: p.read_bytes() for p in bundle.rglob("*") if p.is_file()}
    entry = (bundle / "pagefind-entry.json").read_text(encoding="utf-8")
    new_meta = pf.read(next(bundle.glob("pagefind.*.pf_meta")))
    assert [name for name, _ in new_meta[3]] == ["org", "year"]
    year = pf.read(bundle / "filter" / f"{dict(new_meta[3])['year']}.pf_filter")
    assert year == ["year", [["2024", [1]], ["2026", [0, 2]]]]  # values sorted, pages kept
    assert new_meta[:3] == meta[:3]
    assert "zh_0123456789" not in entry
    # a second pass changes nothing
    pf.canonicalise(bundle)
    assert {p.name: p.read_bytes() for p in bundle.rglob("*") if p.is_file()} == first
