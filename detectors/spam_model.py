"""Spam phrases no lexicon lists, found by a language model: a phrase dropped into a
report sentence is likelier as SEO spam than as report text, and taking it out leaves the
sentence it broke whole again.

Three models take part, all character bigrams: a spam model counted from the spam
lexicon and vocabulary (detectors/data), and the natural model of the text around, which
mixes the corpus's domain model (when there is one) with general Chinese (jieba's
word frequencies: pairs inside a word, and pairs across a word boundary from how often a
character ends a word and the next begins one, so that 统筹|运用 reads as natural).

A span [s, e) of a run is scored as the log-likelihood ratio of two readings of the run:
"left + spam phrase + right" against "all of it report text". The first reading pays for
the junction it creates (left's last character before right's first), so a span that
restores a word the insertion broke (`依|法`) wins over one a character too short or too
long.
"""
from __future__ import annotations

import math
from collections.abc import Iterator
from functools import cache
from importlib import resources

import numpy as np
import opencc
import regex

from .chardata import HAN_RE
from .langmodel import (LATIN_TOKEN, LATIN_WORD, MIN_VOCABULARY, NUMBER_TOKEN, CharBigramModel, Scorer, background_model,
                        token_of, word_edges)
from .paircodes import PairCodeSet, pair_codes
from .script import DOMINANT_SHARE, differing
from .spans import SpanSet

# Where a run may break: an injection separator (`盘口：领域`), which a report rarely puts
# mid-run, and a clause mark, which it puts everywhere. A spam phrase may end with either
# and takes it along; the value is the log odds that the break goes with the phrase (a
# clause mark: barely; taking it leaves no doubled mark behind).
SEPARATORS = "_:：|｜@ 丨/／-—·~～#▏•"
CLAUSE_MARKS = "，、；"
SEPARATOR_TOKEN, CLAUSE_TOKEN = "＿", "，"
BREAK_BONUS = {SEPARATOR_TOKEN: 6.0, CLAUSE_TOKEN: 0.1}
# Once a phrase is found, where it ends: a clause mark right after it goes with it unless
# the text reads better with it (about one character in 15 is a clause mark: log 15).
BOUNDARY_BONUS = {SEPARATOR_TOKEN: 6.0, CLAUSE_TOKEN: 2.7}
BREAK_TOKENS = str.maketrans({c: SEPARATOR_TOKEN for c in SEPARATORS} | {c: CLAUSE_TOKEN for c in CLAUSE_MARKS})
WORD = r"[\p{Han}A-Za-z0-9]"
# (an injection separator only before a Han character: `14:00` is a time)
CANDIDATE_RUN = regex.compile(
    rf"{WORD}+(?:(?:[{regex.escape(SEPARATORS)}](?=\p{{Han}})|[{CLAUSE_MARKS}](?={WORD})){WORD}+)*")
WORD_RUN = regex.compile(rf"{WORD}+")
# Latin next to these is a URL or an e-mail address, not a word.
URLISH = regex.compile(r"(?:https?|ftp)://\S+|www\.\S+|[\w.+-]+@[\w-]+\.[\w.]+")
# Brackets spam is dressed in (【官方】, “…”, (官网)).
BRACKETS = {"【": "】", "“": "”", "（": "）", "(": ")", "「": "」", "[": "]", "〖": "〗"}
OPENING = {close: opening for opening, close in BRACKETS.items()}
BRACKET_LABEL = 6  # the longest label in brackets beside a phrase that goes with it

# Weights (tuned on the dev, held-out and dev2-dev4 pools, never on a blind one).
DOMAIN_WEIGHT = 0.5       # natural model: domain against general Chinese
SPAM_UNIGRAM_WEIGHT = 0.5  # spam unigrams against general ones (the spam model is small)
SPAM_BIGRAM_WEIGHT = 0.6  # spam bigrams against the spam unigram of the next character
GENERAL_WEIGHT = 0.3      # and against general Chinese: spam strings ordinary words too (亚洲, 各类)
CROSS_WEIGHT = 0.5        # general Chinese: pairs across a word boundary against pairs inside a word
MIN_PHRASE, MAX_PHRASE = 3, 12
# A pair this much likelier as spam seeds a search; runs without one are skipped.
SEED_SCORE = 2.0
# Traditional characters inside simplified text: spam carries them, reports do not (log
# odds per character; only where traditional characters are a small share of the text,
# as the script detector decides).
TRADITIONAL_BONUS = 2.0
# A run of more tokens than this is searched as detectors/long_runs.py does: the piecewise
# search scores every span again for each piece, which grows with the square of a run
# without a full stop (the longest of 46,000 runs in 3,400 reports held 205 tokens).
LONG_RUN = 500


def spam_texts() -> list[str]:
    """The lexicon's and the vocabulary's terms (simplified: text is folded to simplified
    before it is scored)."""
    terms = []
    for name in ("data/spam_lexicon.txt", "data/spam_vocabulary.txt"):
        for line in resources.files("detectors").joinpath(name).read_text("utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                terms.append(line.split("\t")[1])
    return terms


@cache
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


class _SimplifiedForms(dict):
    """A str.translate table: code point -> its simplified form, filled as characters are
    met (traditional spam and report text alike read as their simplified forms, which is
    what the models know)."""

    def __missing__(self, codepoint: int) -> str:
        folded = _t2s().convert(chr(codepoint))
        self[codepoint] = folded = folded if len(folded) == 1 else chr(codepoint)
        return folded


SIMPLIFIED = _SimplifiedForms()


@cache
def spam_model() -> CharBigramModel:
    return CharBigramModel.from_texts(spam_texts())


@cache
def _spam_pair_codes() -> np.ndarray:
    """The spam model's bigrams, in simplified and traditional forms, as sorted codes
    (first code point << 21 | second, as `pair_codes` gives a text's pairs, before
    anything is folded): a model keeps those that read as spam to it (`_seed_pairs`)."""
    forms = [lambda pair: pair] + [opencc.OpenCC(config).convert for config in ("s2t", "s2hk", "s2tw")]
    pairs = {form(pair) for pair in spam_model().bigrams if not {LATIN_TOKEN, NUMBER_TOKEN} & set(pair) for form in forms}
    return np.unique(np.array([ord(p[0]) << 21 | ord(p[1]) for p in pairs if len(p) == 2], dtype=np.uint64))


def _traditional_intrusions(text: str) -> frozenset[int]:
    """Where traditional characters stand in simplified text, as the script detector
    finds them (none when the text is traditional itself)."""
    found = differing(text, "t2s") if not text.isascii() else []
    return frozenset(found) if found and len(found) <= DOMINANT_SHARE * len(HAN_RE.findall(text)) else frozenset()


def _seeded_runs(text: str, seeds: list[int]) -> Iterator[regex.Match]:
    """The candidate runs that hold a seed (seeds ascending), in one pass over the text
    that skips what lies between them: a run never holds a line break or a full stop,
    so a scan may start after the last one before a seed and find the runs a scan of
    the whole text finds there. Each stretch of text is scanned once, however many
    seeds a line holds."""
    run, taken = None, False  # the first run ending after the last seed, and whether it was yielded
    for seed in seeds:
        if run is not None and seed < run.end():
            if seed >= run.start() and not taken:
                taken = True
                yield run
            continue
        start = run.end() if run is not None else 0
        start = max(start, text.rfind("\n", start, seed) + 1, text.rfind("。", start, seed) + 1)
        run = next((m for m in CANDIDATE_RUN.finditer(text, start) if m.end() > seed), None)
        if run is None:
            return
        taken = run.start() <= seed
        if taken:
            yield run


def running_sums(values: list[float]) -> list[float]:
    """[0, v0, v0 + v1, ...]: the sum of values[s:e] is sums[e] - sums[s]."""
    sums = [0.0]
    for v in values:
        sums.append(sums[-1] + v)
    return sums


def next_breaks(run: str) -> list[int]:
    """For each position of the run, where the next break is (at it or after; len(run) for none)."""
    stops, stop = [len(run)] * len(run), len(run)
    for i in range(len(run) - 1, -1, -1):
        stop = i if run[i] in BREAK_BONUS else stop
        stops[i] = stop
    return stops


class _Identity:
    """Offsets of a run whose tokens are its characters."""

    def __getitem__(self, i: int) -> tuple[int, int]:
        return i, i + 1


IDENTITY = _Identity()


class SpamPhraseModel:
    """Scores spans of text as injected spam phrases; see the module docstring."""

    CACHE_LIMIT = 500_000
    RUN_CACHE_LIMIT = 50_000

    def __init__(self, domain: CharBigramModel | None = None):
        self.spam = spam_model()
        self.spam_total = max(1, sum(self.spam.unigrams.values()))
        self.spam_scorer = Scorer(self.spam)
        self.background = Scorer(background_model())
        self.starts, self.ends, self.words = word_edges()
        self._general: dict[str, float] = {}
        self.domain = Scorer(domain) if domain is not None and domain.size else None
        # Memoised scores: reports repeat their characters and pairs.
        self._pairs: dict[str, float] = {}
        self._natural_next: dict[str, float] = {}
        self._natural_unigrams: dict[str, float] = {}
        self._spam_unigrams: dict[str, float] = {}
        self._runs: dict[tuple[str, float, tuple[int, ...]], list[tuple[int, int, float]]] = {}
        self._seed_pair_set: PairCodeSet | None = None

    # -- the models ------------------------------------------------------------------------

    def natural_unigram(self, a: str) -> float:
        score = self._natural_unigrams.get(a)
        if score is None:
            p = self.background.unigram(a)
            if self.domain is not None:
                p = DOMAIN_WEIGHT * self.domain.unigram(a) + (1 - DOMAIN_WEIGHT) * p
            score = self._natural_unigrams[a] = math.log(p)
        return score

    def general_joint(self, a: str, b: str) -> float:
        """P(a, b) in general Chinese: inside a word (jieba's bigrams), or across a word
        boundary (a ends a word, b begins the next)."""
        key = a + b
        p = self._general.get(key)
        if p is None:
            across = (self.ends.get(a, 0) + 0.5) * (self.starts.get(b, 0) + 0.5) / (self.words + 0.5 * MIN_VOCABULARY) ** 2
            p = (1 - CROSS_WEIGHT) * self.background.joint(key) + CROSS_WEIGHT * across
            if len(self._general) < self.CACHE_LIMIT:
                self._general[key] = p
        return p

    def natural_next(self, a: str, b: str) -> float:
        """log P(b | a) in report text."""
        key = a + b
        score = self._natural_next.get(key)
        if score is None:
            p = self.general_joint(a, b)
            if self.domain is not None:
                p = DOMAIN_WEIGHT * self.domain.joint(key) + (1 - DOMAIN_WEIGHT) * p
            score = math.log(p) - self.natural_unigram(a)
            if len(self._natural_next) < self.CACHE_LIMIT:
                self._natural_next[key] = score
        return score

    def spam_unigram(self, a: str) -> float:
        if a == NUMBER_TOKEN:  # reports count things as much as spam does: no evidence either way
            return self.natural_unigram(a)
        score = self._spam_unigrams.get(a)
        if score is None:
            score = self._spam_unigrams[a] = math.log(
                SPAM_UNIGRAM_WEIGHT * self.spam.unigrams.get(a, 0) / self.spam_total
                + (1 - SPAM_UNIGRAM_WEIGHT) * self.background.unigram(a))
        return score

    def spam_next(self, a: str, b: str) -> float:
        """log P(b | a) in spam: its bigrams, backed off to general Chinese and to its
        unigrams. General Chinese is thinned where spam uses a character less than it
        does (`是`, `的`): spam strings ordinary words (手表, 口服液), not function words."""
        count = self.spam.unigrams.get(a, 0)
        bigram = self.spam.bigrams.get(a + b, 0) / count if count else 0.0
        general = self.general_joint(a, b) / self.background.unigram(a)
        general *= min(1.0, self.spam_scorer.unigram(b) / self.background.unigram(b))
        return math.log(SPAM_BIGRAM_WEIGHT * bigram + GENERAL_WEIGHT * general
                        + (1 - SPAM_BIGRAM_WEIGHT - GENERAL_WEIGHT) * math.exp(self.spam_unigram(b)))

    def pair(self, a: str, b: str) -> float:
        """How much likelier b after a is as spam than as report text (0 at a separator)."""
        key = a + b
        score = self._pairs.get(key)
        if score is None:
            if len(self._pairs) >= self.CACHE_LIMIT:
                self._pairs.clear()
            score = 0.0 if a in BREAK_BONUS or b in BREAK_BONUS else self.spam_next(a, b) - self.natural_next(a, b)
            self._pairs[key] = score
        return score

    # -- spans -----------------------------------------------------------------------------

    def phrases(self, text: str, threshold: float) -> Iterator[tuple[int, int, float]]:
        """(start, end, score) of each spam phrase scoring above threshold: the best span
        of a run, then the best of what is left on either side of it (a header line holds
        several). A phrase ending in a break takes it along."""
        intrusions = _traditional_intrusions(text)
        seeds = sorted(set(self._seeds(text)) | intrusions)
        if not seeds:
            return
        urls = SpanSet(m.span() for m in URLISH.finditer(text)) if any(cue in text for cue in ("://", "www.", "@")) else SpanSet()
        for m in _seeded_runs(text, seeds):
            if urls.overlaps(m.start(), m.end()):
                continue
            tokens, offsets = self._tokens(m.group())
            traditional = tuple(i for i in range(len(tokens)) if m.start() + offsets[i][0] in intrusions) if intrusions else ()
            for s, e, score in self._run_phrases(tokens, threshold, traditional):
                yield *self._with_brackets(text, m.start() + offsets[s][0], m.start() + offsets[e - 1][1]), score

    def _run_phrases(self, tokens: str, threshold: float, traditional: tuple[int, ...] = ()) -> list[tuple[int, int, float]]:
        """The phrases of one run, as token offsets: the best span, then the best of what
        is left on either side (a header line holds several). Memoised per run: the
        cleaning passes and templated reports meet the same runs again."""
        key = (tokens, threshold, traditional)
        found = self._runs.get(key)
        if found is not None:
            return found
        extra = [TRADITIONAL_BONUS if i in traditional else 0.0 for i in range(len(tokens))] if traditional else None
        if len(tokens) > LONG_RUN:
            from .long_runs import LongRun  # the rare path (it reads this module's constants)

            found = LongRun(self, tokens, extra).phrases(threshold)
        else:
            found = self._piecewise_phrases(tokens, threshold, extra)
        if len(self._runs) >= self.RUN_CACHE_LIMIT:
            self._runs.clear()
        self._runs[key] = found = sorted(found)
        return found

    def _piecewise_phrases(self, tokens: str, threshold: float, extra: list[float] | None) -> list[tuple[int, int, float]]:
        found, pieces = [], [(0, len(tokens))]
        while pieces:
            lo, hi = pieces.pop()
            bonus = extra[lo:hi] if extra else None
            best = self._best_span(tokens[lo:hi], extra=bonus)
            if best is not None and best[0] > threshold:
                score, s, e = best
                _, s, e = self._best_span(tokens[lo:hi], inside=(s, e), bonus=BOUNDARY_BONUS, extra=bonus)
                found.append((lo + s, lo + e, score))
                pieces += [(lo, lo + s), (lo + e, hi)]
        return found

    def _seeds(self, text: str) -> list[int]:
        """Where a pair of characters the spam model knows reads as spam: the places worth
        a search (most runs of a report have none)."""
        if len(text) < 2:
            return []
        seeds = self._seed_pairs().positions(pair_codes(text))
        # A Latin word's pairs with the characters beside it (`领NFT数`) are the model's,
        # not the text's: checked word by word (reports hold few).
        for m in LATIN_WORD.finditer(text) if not text.isascii() else ():
            if m.group().isdigit():
                continue
            before, after = text[m.start() - 1:m.start()], text[m.end():m.end() + 1]
            if (before and self.pair(before.translate(SIMPLIFIED), LATIN_TOKEN) > SEED_SCORE) or (
                    after and self.pair(LATIN_TOKEN, after.translate(SIMPLIFIED)) > SEED_SCORE):
                seeds.append(m.start())
        return sorted(seeds)

    def _seed_pairs(self) -> PairCodeSet:
        """The spam model's bigrams (in either script) that read as spam under this
        model: scored once per model (a few thousand pairs), so that a text is searched
        for seeds in one vectorised pass."""
        if self._seed_pair_set is None:
            points = [(code >> 21, code & 0x1FFFFF) for code in _spam_pair_codes().tolist()]
            self._seed_pair_set = PairCodeSet(
                [a << 21 | b for a, b in points if self.pair(*(chr(a) + chr(b)).translate(SIMPLIFIED)) > SEED_SCORE])
        return self._seed_pair_set

    def widen(self, text: str, start: int, end: int) -> tuple[int, int]:
        """The span around a known spam term [start, end) that reads best as one spam
        phrase: the term with the words of its phrase before and after it."""
        m = next((m for m in CANDIDATE_RUN.finditer(text, max(0, start - MAX_PHRASE), min(len(text), end + MAX_PHRASE))
                  if m.start() <= start and end <= m.end()), None)
        if m is None:
            return start, end
        tokens, offsets = self._tokens(m.group())
        ends = [offsets[i][1] for i in range(len(tokens))]
        first = next(i for i, b in enumerate(ends) if m.start() + b > start)
        last = next(i for i, b in enumerate(ends) if m.start() + b >= end) + 1
        best = self._best_span(tokens, inside=(first, last), bonus=BOUNDARY_BONUS)
        if best is None:
            return start, end
        _, s, e = best
        return self._with_brackets(text, min(start, m.start() + offsets[s][0]), max(end, m.start() + offsets[e - 1][1]))

    def _with_brackets(self, text: str, start: int, end: int) -> tuple[int, int]:
        """A phrase with the brackets around it, or with a bracketed label right before or
        after it that reads as spam itself (【官方】, (官网); not the report's own (抽检))."""
        if 0 < start and end < len(text) and BRACKETS.get(text[start - 1]) == text[end]:
            return start - 1, end + 1
        if end < len(text) and text[end] in BRACKETS:
            close = text.find(BRACKETS[text[end]], end + 1, end + 2 + BRACKET_LABEL)
            if close > 0 and self._spam_label(text[end + 1:close]):
                return start, close + 1
        if start > 0 and text[start - 1] in OPENING:
            begin = text.rfind(OPENING[text[start - 1]], max(0, start - 2 - BRACKET_LABEL), start - 1)
            if begin >= 0 and self._spam_label(text[begin + 1:start - 1]):
                return begin, end
        return start, end

    def _spam_label(self, label: str) -> bool:
        """Does a short label read as spam rather than as report text?"""
        if not WORD_RUN.fullmatch(label):
            return False
        tokens, _ = self._tokens(label)
        score = self.spam_unigram(tokens[0]) - self.natural_unigram(tokens[0])
        return score + sum(self.pair(a, b) for a, b in zip(tokens, tokens[1:])) > 0

    @staticmethod
    def _tokens(run: str) -> tuple[str, "list[tuple[int, int]] | _Identity"]:
        """The run as the models read it (simplified, a Latin word or number one token, a
        break one token), and where each token stands in the run."""
        words = list(LATIN_WORD.finditer(run))
        if not words:
            return run.translate(BREAK_TOKENS).translate(SIMPLIFIED), IDENTITY
        # Every other character is a token of its own: the stretches between words are
        # folded whole, and their offsets made by range.
        tokens, offsets, at = [], [], 0
        for word in [*words, None]:
            end = word.start() if word else len(run)
            tokens.append(run[at:end].translate(BREAK_TOKENS).translate(SIMPLIFIED))
            offsets += zip(range(at, end), range(at + 1, end + 1))
            if word:
                tokens.append(token_of(word.group()))
                offsets.append(word.span())
                at = word.end()
        return "".join(tokens), offsets

    def pair_scores(self, run: str, extra: list[float] | None) -> list[float]:
        """The score of each pair of adjacent tokens, with the evidence `extra` holds for its second."""
        known, pair = self._pairs.get, self.pair
        scores = [known(run[i:i + 2]) or pair(run[i], run[i + 1]) for i in range(len(run) - 1)]
        return [v + extra[i + 1] for i, v in enumerate(scores)] if extra else scores

    def _best_span(self, run: str, inside: tuple[int, int] | None = None,
                   bonus: dict[str, float] = BREAK_BONUS, extra: list[float] | None = None) -> tuple[float, int, int] | None:
        """The best-scoring span of the run, or of those that contain `inside`; `extra`
        is evidence per token beyond the models (a traditional character)."""
        n = len(run)
        if n < MIN_PHRASE:
            return None
        scores = self.pair_scores(run, extra)
        if inside is None:
            if max(scores) <= SEED_SCORE:  # most runs of a report: nothing to search
                return None
            seeds = [i for i, v in enumerate(scores) if v > SEED_SCORE]
            starts = {s for i in seeds for s in range(max(0, i - MAX_PHRASE + 2), min(i + 2, n))}
            first_end = 0
        else:
            starts = set(range(max(0, inside[0] - MAX_PHRASE + 1), inside[0] + 1))
            first_end = inside[1]
        prefix = running_sums(scores)
        stops = next_breaks(run)  # a span may end with a break, not hold one
        best = None
        for s in sorted(starts):
            if run[s] in BREAK_BONUS:
                continue
            has_left = s > 0 and run[s - 1] not in BREAK_BONUS
            left = self._left_edge(run, s, has_left) + (extra[s] if extra else 0.0)
            for e in range(max(s + MIN_PHRASE, first_end), min(n, max(s + MAX_PHRASE, first_end), stops[s] + 1) + 1):
                score = prefix[e - 1] - prefix[s] + left + self._right_edge(run, s, e, has_left, bonus)
                if best is None or score > best[0]:
                    best = (score, s, e)
        return best

    # The reading "left + spam + right" against "report text" at the span's edges: the spam
    # phrase starts afresh, and the text rejoins across it.

    def _left_edge(self, run: str, s: int, has_left: bool) -> float:
        return self.spam_unigram(run[s]) - (self.natural_next(run[s - 1], run[s]) if has_left else self.natural_unigram(run[s]))

    def _right_edge(self, run: str, s: int, e: int, has_left: bool, bonus: dict[str, float]) -> float:
        if e == len(run):
            return 0.0
        if run[e] in bonus:  # the phrase ends where the run breaks
            return -bonus[run[e]]
        rejoined = self.natural_next(run[s - 1], run[e]) if has_left else self.natural_unigram(run[e])
        if run[e - 1] in bonus:  # the break goes with the phrase
            return bonus[run[e - 1]] + rejoined - self.natural_unigram(run[e])
        return rejoined - self.natural_next(run[e - 1], run[e])
