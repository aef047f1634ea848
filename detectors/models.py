"""The models detectors may use, trained from the corpus and handed in through the context."""
from __future__ import annotations

from functools import cached_property

from .langmodel import CharBigramModel, DomainContrast
from .spam_model import SpamPhraseModel


class Models:
    """Corpus-trained models; any of them may be missing (a detector then does without).

    `domain`: character bigrams of the corpus's report text (faults left out).
    """

    def __init__(self, domain: CharBigramModel | None = None):
        self.domain = domain

    @cached_property
    def contrast(self) -> DomainContrast | None:
        return DomainContrast(self.domain) if self.domain and self.domain.size else None

    @cached_property
    def spam_phrases(self) -> SpamPhraseModel:
        return SpamPhraseModel(self.domain)

    def to_bytes(self) -> bytes:
        return self.domain.to_bytes() if self.domain else b""

    @classmethod
    def from_bytes(cls, data: bytes) -> "Models":
        return cls(CharBigramModel.from_bytes(data) if data else None)
