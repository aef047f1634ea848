"""Character bigram models: how probable a stretch of Han text is in the report domain
compared with general Chinese.

The domain model is counted from corpus documents (built by the service, cached in the
corpus); the background model from the word frequencies that jieba ships (bigrams inside
words, weighted by frequency). A fluent sentence about football scores well in the
background and badly in the domain: the difference is the off-domain signal.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from functools import cache
from importlib import resources

import msgspec
import regex

HAN_RUN = regex.compile(r"\p{Han}+")
# Latin words count as one token and numbers as another: spam strings both into Chinese
# (`AG视讯`, `pk10`, `188金宝博`) and reports name and count things in them (`APP`,
# `2023年`, `12次`), so both models must have seen them. They are told apart because
# reports count all the time and name things in Latin rarely.
LATIN_WORD = re.compile(r"[A-Za-z0-9]+")
LATIN_TOKEN, NUMBER_TOKEN = "Ａ", "０"
TOKEN_RUN = regex.compile(r"[\p{Han}Ａ０]+")


def token_of(word: str) -> str:
    """The token of one Latin word or number."""
    return NUMBER_TOKEN if word.isdigit() else LATIN_TOKEN


def tokenize(text: str) -> str:
    """`text` with every Latin word and every number folded to its token character."""
    return LATIN_WORD.sub(lambda m: token_of(m.group()), text)
# Interpolation weight of the bigram estimate against the product of unigrams.
BIGRAM_WEIGHT = 0.7
# Vocabulary size floor for add-half smoothing: roughly the characters in common use.
MIN_VOCABULARY = 8000


class CharBigramModel(msgspec.Struct, frozen=True):
    unigrams: dict[str, int]
    bigrams: dict[str, int]

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> "CharBigramModel":
        unigrams: Counter[str] = Counter()
        bigrams: Counter[str] = Counter()
        for text in texts:
            for run in TOKEN_RUN.findall(tokenize(text)):
                unigrams.update(run)
                bigrams.update(run[i:i + 2] for i in range(len(run) - 1))
        return cls(dict(unigrams), dict(bigrams))

    def to_bytes(self) -> bytes:
        return msgspec.msgpack.encode(self)

    @classmethod
    def from_bytes(cls, data: bytes) -> "CharBigramModel":
        return msgspec.msgpack.decode(data, type=cls)

    @property
    def size(self) -> int:
        return sum(self.unigrams.values())


class Scorer:
    """Smoothed log probabilities of one model, with its totals computed once."""

    def __init__(self, model: CharBigramModel):
        self.model = model
        self.n1 = sum(model.unigrams.values())
        self.n2 = max(1, sum(model.bigrams.values()))
        self.denominator = self.n1 + 0.5 * max(len(model.unigrams), MIN_VOCABULARY)

    def unigram(self, ch: str) -> float:
        return (self.model.unigrams.get(ch, 0) + 0.5) / self.denominator

    def joint(self, pair: str) -> float:
        bigram = BIGRAM_WEIGHT * self.model.bigrams.get(pair, 0) / self.n2
        return bigram + (1 - BIGRAM_WEIGHT) * self.unigram(pair[0]) * self.unigram(pair[1])

    def logprob(self, pair: str) -> float:
        return math.log(self.joint(pair))


@cache
def background_model() -> CharBigramModel:
    """General Chinese, from jieba's word frequency list (read once per process)."""
    unigrams: Counter[str] = Counter()
    bigrams: Counter[str] = Counter()
    with resources.files("jieba").joinpath("dict.txt").open(encoding="utf-8") as lines:
        for line in lines:
            word, freq, *_ = line.split(" ")
            word, n = tokenize(word), int(freq)
            for ch in word:
                unigrams[ch] += n
            for i in range(len(word) - 1):
                bigrams[word[i:i + 2]] += n
    return CharBigramModel(dict(unigrams), dict(bigrams))


@cache
def word_edges() -> tuple[dict[str, int], dict[str, int], int]:
    """How often each character begins and ends a word of general Chinese (jieba's word
    frequencies), and the words' total frequency: the character pairs across a word
    boundary (统筹|运用), which a list of words never shows as bigrams."""
    starts: Counter[str] = Counter()
    ends: Counter[str] = Counter()
    total = 0
    with resources.files("jieba").joinpath("dict.txt").open(encoding="utf-8") as lines:
        for line in lines:
            word, freq, *_ = line.split(" ")
            word, n = tokenize(word), int(freq)
            starts[word[0]] += n
            ends[word[-1]] += n
            total += n
    return dict(starts), dict(ends), total


class DomainContrast:
    """Per-bigram log-likelihood ratio of the domain against the background: negative
    where text is likelier in general Chinese than in these reports."""

    # Scores are memoised per pair: reports repeat their pairs, and two logarithms per
    # pair would otherwise dominate the injection detector's time.
    CACHE_LIMIT = 500_000

    def __init__(self, domain: CharBigramModel, background: CharBigramModel | None = None):
        self.domain = Scorer(domain)
        self.background = Scorer(background or background_model())
        self._cache: dict[str, float] = {}

    def pair(self, pair: str) -> float:
        score = self._cache.get(pair)
        if score is None:
            if len(self._cache) >= self.CACHE_LIMIT:
                self._cache.clear()
            score = self._cache[pair] = self.domain.logprob(pair) - self.background.logprob(pair)
        return score

    def scores(self, run: str) -> list[float]:
        """One score per adjacent pair of `run` (a run of Han characters).

        >>> contrast = DomainContrast(CharBigramModel.from_texts(["依法行政，法治政府建设"]))
        >>> a, b = contrast.scores("法治足球")[0], contrast.scores("法治足球")[2]
        >>> a > 0 > b
        True
        """
        # Most pairs are scored already: looked up first, the rest scored after.
        cached = self._cache.get
        found = [cached(run[i:i + 2]) for i in range(len(run) - 1)]
        if None in found:
            found = [self.pair(run[i:i + 2]) if v is None else v for i, v in enumerate(found)]
        return found
