"""What a detector may know besides the text: the request, the corpus and document facts."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol


class ParagraphMatchLike(Protocol):
    start: int
    end: int
    matches: list[tuple[str, float]]


class CorpusQuery(Protocol):
    """The read-only view of the corpus that detectors may use (implemented in `corpus`)."""

    def find_boilerplate(
        self, text: str, *, exclude_id: str | None = None, threshold: float = 0.6
    ) -> list[ParagraphMatchLike]: ...


@dataclass
class Context:
    """Handed to every detector in turn.

    `facts` collects document-level findings that later detectors and the stats read:
    `encoding`, `report_year`, `published`, `source`, `nfkc_folded`, `chrome_spans`.
    """

    doc_id: str | None = None
    year: int | None = None
    corpus: CorpusQuery | None = None
    models: Any = None
    facts: dict[str, Any] = field(default_factory=dict)
