"""SpanSet answers as a scan of its spans would (spans_overlap, containment, cover),
empty spans and overlapping spans included, also after spans are added."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from detectors.spans import SpanSet
from detectors.types import spans_overlap

span = st.tuples(st.integers(0, 30), st.integers(0, 6)).map(lambda p: (p[0], p[0] + p[1]))


@settings(max_examples=400, deadline=None)
@given(st.lists(span, max_size=12), st.lists(span, max_size=4), span, st.integers(0, 40))
def test_answers_as_a_scan_would(spans, added, query, point):
    index = SpanSet(spans)
    for s, e in added:
        index.add(s, e)
    everything = spans + added
    start, end = query
    assert index.overlaps(start, end) == any(spans_overlap(start, end, s, e) for s, e in everything)
    assert index.covers(point) == any(s <= point < e for s, e in everything)
    if start < end:
        assert index.contains(start, end) == any(s <= start and end <= e for s, e in everything)


@settings(max_examples=400, deadline=None)
@given(st.lists(span, max_size=12), span)
def test_lists_what_overlaps_as_a_scan_would(spans, query):
    start, end = query
    assert SpanSet(spans).overlapping(start, end) == sorted(s for s in spans if s[0] < end and start < s[1])
