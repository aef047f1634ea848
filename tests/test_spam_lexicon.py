"""The lexicon automaton, walked only where a term can open, finds what a walk of the
whole text finds."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from detectors.spam_lexicon import _automaton, term_matches

FORMS = sorted(_automaton().keys())
PIECES = st.sampled_from(FORMS[:40] + FORMS[-40:] + ["，", ":", " ", "\n", "的", "办", "理", "a", "İ"])


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=20).map("".join))
def test_windows_find_every_term(text):
    lowered = text.lower()
    assert sorted(term_matches(lowered)) == sorted(_automaton().iter(lowered))
