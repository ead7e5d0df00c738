"""Pure parts of the read side: near-duplicate clustering, content negotiation, search
parsing and rendering, bucket arithmetic."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.errors import NotAcceptable
from app.query.dedupe import (
    MAX_POSTINGS,
    THRESHOLD,
    clusters,
    jaccard,
    shingles,
    similar_pairs,
)
from app.query.filters import parse_search
from app.query.formats import negotiate
from app.query.timeline import bucket_start, next_bucket
from app.repository.search import fts5_query, websearch_query

LEAD = (
    "Russian drones struck an electrical substation in Kharkiv overnight, causing power "
    "outages for 40,000 households, the regional governor said."
)


def test_reprints_cluster_and_distinct_texts_do_not():
    texts = [
        LEAD,
        LEAD.replace("the regional governor said", "the governor said on Telegram"),
        "The European Union approved a €90bn loan to finance Ukraine's budget next year.",
        LEAD.upper(),  # case does not matter
    ]
    assert clusters(texts, [1, 2, 3, 4]) == [0, 0, 2, 0]


def test_texts_of_one_article_are_not_merged_directly():
    assert clusters([LEAD, LEAD], [7, 7]) == [0, 1]


def test_short_and_empty_texts():
    assert clusters(["Talks", "Talks", ""], [1, 2, 3]) == [0, 0, 2]
    assert clusters([], []) == []
    assert shingles("a b") == {hash("a"), hash("b")}
    assert shingles("A b, c-d") == {hash(("a", "b", "c")), hash(("b", "c", "d"))}
    assert jaccard(set(), {1}) == 0.0


def _brute_force_clusters(texts: list[str], groups: list[int]) -> list[int]:
    parent = list(range(len(texts)))

    def find(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    sets = [shingles(t) for t in texts]
    for i in range(len(texts)):
        for j in range(i):
            if groups[i] != groups[j] and jaccard(sets[i], sets[j]) >= 0.5:
                ri, rj = find(i), find(j)
                parent[max(ri, rj)] = min(ri, rj)
    return [find(i) for i in range(len(texts))]


WORDS = st.sampled_from(
    ["drones", "struck", "the", "substation", "in", "Kharkiv", "overnight", "said", "governor"]
)


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.tuples(st.lists(WORDS, min_size=0, max_size=9).map(" ".join), st.integers(0, 3)),
        max_size=12,
    )
)
def test_clusters_are_exactly_the_pairs_above_the_threshold(texts_and_groups):
    """The similarity join misses no pair a brute-force comparison finds (MinHash-LSH,
    before it, could), and merges no other."""
    texts = [t for t, _ in texts_and_groups]
    groups = [g for _, g in texts_and_groups]
    assert clusters(texts, groups) == _brute_force_clusters(texts, groups)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.frozensets(st.integers(0, 30), max_size=15).map(set), max_size=14),
    st.sampled_from([0.2, 0.25, 1 / 3, 0.4, 0.5, 0.6, 0.7, 0.8, 1.0]),
)
def test_similar_pairs_are_exact_at_any_threshold(sets, threshold):
    """Prefix lengths come from bounds like 0.2 * 15, which floating point makes
    3.0000000000000004: rounded up, the prefixes were one short and pairs went missing."""
    expected = {
        (j, i)
        for i in range(len(sets))
        for j in range(len(sets))
        if i != j and jaccard(sets[i], sets[j]) >= threshold
    }
    found = set(similar_pairs(sets, threshold))
    assert {tuple(sorted(p)) for p in found} == {tuple(sorted(p)) for p in expected}


def test_a_pair_exactly_at_the_threshold_is_found():
    # 3 of 15 shingles in common: jaccard 0.2 exactly. At 0.2 a set of 9 must index its
    # 9 - ceil(2 * 0.2 / 1.2 * 9) + 1 = 7 first elements; 2 * 0.2 / 1.2 * 9 is
    # 3.0000000000000004, and rounded up it indexed 6, its own shingles only.
    first = set(range(9))
    second = {6, 7, 8, *range(100, 106)}
    assert {tuple(sorted(p)) for p in similar_pairs([first, second], 0.2)} == {(0, 1)}


def _reprint(k: int) -> str:
    """The same wire story as outlet k reprints it: only its figures differ."""
    return (
        f"Drones struck {k} sites of the power grid in the Kharkiv region overnight, leaving "
        f"{1000 + k} households without electricity and heating, the regional operator "
        f"said; repair crews expect to restore supply within {k % 9 + 2} days."
    )


def _candidates_examined(n: int) -> int:
    sets = [shingles(_reprint(k)) for k in range(n)]
    examined = 0

    def counting(j: int, i: int) -> bool:
        nonlocal examined
        examined += 1
        return False  # check them all: count what the index hands over

    assert len(list(similar_pairs(sets, THRESHOLD, counting))) > 0
    return examined


def test_a_flood_of_one_story_is_one_item_for_bounded_work_per_passage():
    """A day flooded with one story (a wire reprint under hundreds of URLs) made every
    passage a candidate of every other, half the flood each: 6,000 of them took 21 s.
    Each set now meets at most MAX_POSTINGS others per element it probes: here ~110
    candidates a passage whatever the flood's size; and the flood still merges into
    one item."""
    assert set(clusters([_reprint(k) for k in range(800)], list(range(800)))) == {0}
    assert _candidates_examined(2400) <= 2400 * 2 * MAX_POSTINGS  # unbounded: ~2400 * 1200


def test_punctuation_separates_words_in_any_script():
    plain = shingles("kyiv said the talks will go on")
    assert shingles("“Kyiv” said—the talks… will go on") == plain
    assert shingles("KYIV SAID «THE» TALKS WILL GO ON") == plain
    assert shingles("Київ said the talks") == {
        hash(("київ", "said", "the")),
        hash(("said", "the", "talks")),
    }
    assert shingles("Straße, ﬁnal: said") == shingles("strasse final said")
    assert shingles("lone \udc80 surrogate text") == shingles("lone \udc80 surrogate text")


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [
        (None, "json"),
        ("", "json"),
        ("application/*", "json"),
        ("text/*", "csv"),
        ("TEXT/CSV", "csv"),
        ("application/json;q=0.1, application/atom+xml", "atom"),
        ("application/x-ndjson;q=0.5, text/csv;q=0.5", "ndjson"),  # ties: client's order
        ("text/csv;q=bogus, application/json", "json"),
    ],
)
def test_negotiate(accept, fmt):
    assert negotiate(accept, None, ("json", "csv", "ndjson", "atom")) == fmt


def test_negotiate_refuses_what_it_cannot_serve():
    with pytest.raises(NotAcceptable):
        negotiate("application/atom+xml", None, ("json", "csv"))
    with pytest.raises(NotAcceptable):
        negotiate("*/*;q=0", None, ("json",))
    assert negotiate("image/png", "csv", ("json", "csv")) == "csv"  # format= wins


def test_search_is_parsed_and_rendered_safely():
    terms = parse_search('power "grid collapse" OR blackout -Kyiv "x" AND')
    assert terms.groups == (
        (("power",),),
        (("grid", "collapse"), ("blackout",)),
        (("x",),),
        (("and",),),
    )
    assert terms.excluded == (("kyiv",),)
    assert fts5_query(terms) == (
        '("power") AND ("grid collapse" OR "blackout") AND ("x") AND ("and") NOT "kyiv"'
    )
    assert websearch_query(terms) == '"power" "grid collapse" or "blackout" "x" "and" -"kyiv"'
    hostile = parse_search('"; DROP TABLE passage; -- NEAR(a b) col:x ^y*')
    for group in hostile.groups:
        for phrase in group:
            assert all(word.isalnum() or "_" in word for word in phrase)


@pytest.mark.parametrize(
    ("day", "interval", "start", "following"),
    [
        ("2026-02-04", "day", "2026-02-04", "2026-02-05"),
        ("2026-02-04", "week", "2026-02-02", "2026-02-09"),  # a Wednesday
        ("2026-02-01", "week", "2026-01-26", "2026-02-02"),  # a Sunday
        ("2026-02-28", "month", "2026-02-01", "2026-03-01"),
        ("2026-12-31", "month", "2026-12-01", "2027-01-01"),
        ("2024-02-29", "month", "2024-02-01", "2024-03-01"),
    ],
)
def test_buckets(day, interval, start, following):
    begin = bucket_start(dt.date.fromisoformat(day), interval)
    assert begin.isoformat() == start
    assert next_bucket(begin, interval).isoformat() == following
