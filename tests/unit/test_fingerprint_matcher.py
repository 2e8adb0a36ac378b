"""The leak scan's automaton (model/matcher.Matcher, ahocorasick-rs) finds what pyahocorasick
finds: every occurrence of every text, overlapping and nested ones included, at the same
positions (in characters, astral ones and lone surrogates too), and it survives pickling (the
scan worker is handed one)."""

import pickle

import ahocorasick
from hypothesis import given, settings
from hypothesis import strategies as st

from disclosure_portal.model import matcher as matcher_module
from disclosure_portal.model.matcher import Matcher

# a small alphabet so that texts overlap and nest often: ASCII, Han, an astral Han character,
# lone surrogates (decoded output can hold them: a JSON "\\ud800" escape)
ALPHABET = st.sampled_from(
    ["a", "b", "/", "政", "务", "公", "开", "\U00020000", "é", "\ud800", "\udc00", "\udfff"]
)
TEXTS = st.lists(st.text(ALPHABET, min_size=1, max_size=6), min_size=1, max_size=12, unique=True)


def _reference(texts: list[str], haystack: str) -> list[tuple[int, str]]:
    automaton = ahocorasick.Automaton()
    for text in texts:
        automaton.add_word(text, text)
    automaton.make_automaton()
    return sorted(automaton.iter(haystack))


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.text(ALPHABET, max_size=60))
def test_every_occurrence_at_the_same_place_as_pyahocorasick(texts, haystack):
    matcher = Matcher({text: text for text in texts})
    assert sorted(matcher.iter(haystack)) == _reference(texts, haystack)


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.text(ALPHABET, max_size=60), st.integers(1, 4))
def test_texts_longer_than_the_automaton_s_heads_are_compared_whole(texts, haystack, head):
    """The automaton holds the first HEAD characters of each text; where one is found, the texts
    that begin so are compared whole: the same occurrences at the same places, texts sharing a
    head, nested in each other or overlapping included."""
    saved = matcher_module.HEAD
    matcher_module.HEAD = head
    try:
        matcher = Matcher({text: text for text in texts})
    finally:
        matcher_module.HEAD = saved
    assert sorted(matcher.iter(haystack)) == _reference(texts, haystack)
    assert dict(matcher.items()) == {text: text for text in texts}


def test_nested_and_overlapping_texts_are_all_reported():
    matcher = Matcher({"政务公开": 1, "务公": 2, "公开平台": 3, "开": 4})
    # 区0 政1 务2 公3 开4 平5 台6: (index of the last character, value)
    assert sorted(matcher.iter("区政务公开平台")) == [(3, 2), (4, 1), (4, 4), (6, 3)]


def test_pickled_matcher_finds_the_same_and_keeps_its_values():
    matcher = Matcher({"不予公开的标题": ("fp", 1), "依申请公开": ("fp", 2)})
    copy = pickle.loads(pickle.dumps(matcher))
    text = "页面里有不予公开的标题和依申请公开"
    assert list(copy.iter(text)) == list(matcher.iter(text))
    assert dict(copy.items()) == dict(matcher.items())
    assert sorted(copy.keys()) == ["不予公开的标题", "依申请公开"]
    assert len(copy) == 2


def test_a_page_of_many_matches_reports_each_at_its_place():
    """A page repeating a fingerprint tens of thousands of times: every match, in order, each
    at its own position (the positions are counted on, not recounted from the start)."""
    page = "政务公开é" * 40000
    found = list(Matcher({"务公": 1}).iter(page))
    assert len(found) == 40000
    assert [end for end, _ in found[:3]] == [2, 7, 12] and found[-1][0] == 5 * 40000 - 3


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.lists(st.text(ALPHABET, max_size=60), min_size=1, max_size=6))
def test_the_withheld_check_finds_the_same_marks_searching_one_by_one(texts, haystacks):
    """rules/withheld._Finder searches mark by mark while that is cheap, then builds the
    automaton: the marks found in each text are the same either way, and across the switch."""
    from disclosure_portal.rules.withheld import _Finder

    marks = dict.fromkeys(texts)
    expected = [{text for _, text in _reference(texts, h)} for h in haystacks]
    assert [_Finder(marks, direct=False)(h) for h in haystacks] == expected
    direct = _Finder(marks, direct=True)
    direct._budget = sum(map(len, haystacks)) // 2  # the switch comes half-way
    assert [direct(h) for h in haystacks] == expected
    assert [_Finder(marks, direct=True)(h) for h in haystacks] == expected


@settings(max_examples=100, deadline=None)
@given(
    TEXTS,
    # with what the comparison form drops or folds: spaces, punctuation, full width, capitals
    st.lists(st.text(st.one_of(ALPHABET, st.sampled_from(" ，ＡB")), max_size=60), max_size=40),
    st.integers(min_value=1, max_value=5),
    st.integers(min_value=1, max_value=3),
)
def test_places_searched_by_threads_come_in_order_with_their_marks(texts, haystacks, batch, n):
    """Without the memo the withheld check searches the places on both cores
    (`_searched_beside`): every place once, in the order they were made, with the marks a
    search in this thread finds (in comparison form: the places' text is normalised first)."""
    from disclosure_portal.model.textform import normalize
    from disclosure_portal.rules import withheld

    marks = dict.fromkeys(form for form in map(normalize, texts) if form)
    if not marks:
        return
    places = [
        withheld._Place(f"content/p{i}.md", "body", "", h, None) for i, h in enumerate(haystacks)
    ]
    expected = [(p, withheld._Finder(marks, direct=False)(normalize(p.text))) for p in places]
    original = withheld.SEARCH_BATCH
    withheld.SEARCH_BATCH = batch  # batches smaller than the places: several in flight
    try:
        got = list(withheld._searched_beside(iter(places), withheld._Finder(marks, direct=True), n))
    finally:
        withheld.SEARCH_BATCH = original
    assert got == expected


# -- the probe of the public corpus (verify/fingerprints._Probe) ------------------------------

CANDIDATES = st.lists(
    st.text(ALPHABET, min_size=1, max_size=8), min_size=1, max_size=12, unique=True
)


@settings(max_examples=300, deadline=None)
@given(CANDIDATES, st.lists(st.text(ALPHABET, max_size=60), max_size=5), st.integers(0, 120))
def test_the_probe_finds_the_candidates_the_automaton_finds(candidates, texts, table_chars):
    """The table by prefix (an edited document's few texts) and the automaton (once more text
    than `table_chars` has been searched) find the same candidates, whichever serves a text:
    shorter candidates than the prefix, nested, overlapping and astral ones included."""
    from disclosure_portal.verify.fingerprints import _Probe

    probe = _Probe(candidates, table_chars)
    automaton = Matcher({c: c for c in candidates})
    for text in texts:
        assert probe.found(text) == {c for _, c in automaton.iter(text)}
        assert probe.found(text) == {c for c in candidates if c in text}


def test_a_probe_over_little_text_compiles_no_automaton(monkeypatch):
    """The automaton of every candidate takes about a second to compile at 25,000 candidates: a
    warm build's one edited document is searched through the table instead, and a probe that
    has searched more than its share switches to the automaton."""
    from disclosure_portal.verify import fingerprints

    built: list[int] = []
    monkeypatch.setattr(fingerprints, "Matcher", lambda e: built.append(1) or Matcher(e))
    probe = fingerprints._Probe(["桃源村危房改造", "局长办公会议纪要", "政务"], table_chars=40)
    assert probe.found("会议研究了桃源村危房改造对象复核的有关工作安排，政务公开。") == {
        "桃源村危房改造",
        "政务",
    }
    assert built == []
    assert probe.found("区民政局2025年第3次局长办公会议纪要") == {"局长办公会议纪要"}
    assert built == [1]  # past 40 characters searched
