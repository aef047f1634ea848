"""The search of long runs (detectors/long_runs.py) finds, piece by piece and for a whole
run, what the piecewise search finds: the same spans, with scores equal but for the last
bits (their running sums start elsewhere). Runs are spam terms, report clauses and breaks
drawn at random; exactly repeated text (本站本站...) is left out, since there every span
ties with others and either search may take any of them."""
from __future__ import annotations

import math
import random
from pathlib import Path

import pytest

from detectors import spam_model
from detectors.long_runs import LongRun
from detectors.spam_model import CANDIDATE_RUN, LONG_RUN, TRADITIONAL_BONUS, SpamPhraseModel, spam_texts

BASE = Path(__file__).parent / "cases" / "base"
REPORT_RUNS = [run for path in sorted(BASE.glob("*.txt"))
               for run in CANDIDATE_RUN.findall(path.read_text(encoding="utf-8")) if len(run) > 5]
SPAM = spam_texts()


def _run(rng: random.Random, size: int) -> str:
    parts: list[str] = []
    while sum(map(len, parts)) < size:
        draw = rng.random()
        parts.append(rng.choice(SPAM) if draw < 0.25 else rng.choice("_:|，、 丨") if draw < 0.35
                     else rng.choice(REPORT_RUNS))
    return "".join(parts)


@pytest.fixture(scope="module")
def model():
    return SpamPhraseModel()


def _phrases(model, tokens, traditional, long_run, monkeypatch):
    monkeypatch.setattr(spam_model, "LONG_RUN", long_run)
    model._runs.clear()
    return model._run_phrases(tokens, 3.0, traditional)


def _close(found, expected) -> bool:
    return found[1:] == expected[1:] and math.isclose(found[0], expected[0], rel_tol=1e-9)


@pytest.mark.parametrize("seed", range(6))
def test_each_piece_has_the_best_span_of_the_piecewise_search(model, seed):
    rng = random.Random(seed)
    tokens, _ = model._tokens(_run(rng, 3 * LONG_RUN))
    traditional = set(rng.sample(range(len(tokens)), 12)) if seed % 2 else set()
    extra = [TRADITIONAL_BONUS if i in traditional else 0.0 for i in range(len(tokens))] if traditional else None
    run = LongRun(model, tokens, extra)
    # Pieces of every size, their edges anywhere: at a break, a seed, a run's end.
    pieces = [(0, len(tokens))] + [tuple(sorted(rng.sample(range(len(tokens) + 1), 2))) for _ in range(150)]
    pieces += [(lo, lo + rng.randint(0, 40)) for lo in rng.sample(range(len(tokens)), 150)]
    for lo, hi in pieces:
        hi = min(hi, len(tokens))
        expected = model._best_span(tokens[lo:hi], extra=extra[lo:hi] if extra else None)
        found = run.best_of_piece(lo, hi)
        if expected is None:
            assert found is None, (lo, hi)
        else:
            assert found is not None and _close(found, (expected[0], lo + expected[1], lo + expected[2])), (lo, hi)


@pytest.mark.parametrize("seed", range(12))
def test_long_runs_find_the_phrases_of_the_piecewise_search(model, seed, monkeypatch):
    rng = random.Random(seed)
    tokens, _ = model._tokens(_run(rng, rng.choice([LONG_RUN + 100, 2 * LONG_RUN, 6 * LONG_RUN])))
    assert len(tokens) > LONG_RUN
    traditional = tuple(sorted(rng.sample(range(len(tokens)), 6))) if seed % 3 == 0 else ()
    piecewise = _phrases(model, tokens, traditional, 10**9, monkeypatch)
    fast = _phrases(model, tokens, traditional, LONG_RUN, monkeypatch)
    assert piecewise, "the draw should hold spam"
    assert [(s, e) for s, e, _ in fast] == [(s, e) for s, e, _ in piecewise]
    assert all(math.isclose(a, b, rel_tol=1e-9) for (_, _, a), (_, _, b) in zip(fast, piecewise))
