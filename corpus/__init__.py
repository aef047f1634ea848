"""The zhclean corpus: shingling, MinHash signatures, the persistent LSH index,
duplication reports and the bundled reference documents.

Public API (service and detectors code against exactly these names):
open_store, DEFAULT_DB, CorpusError, CorpusStore, CorpusQuery, ParagraphMatch,
split_paragraphs, render_report_html.
"""

from .errors import CorpusError
from .paragraphs import split_paragraphs
from .report_html import render_report_html
from .store import DEFAULT_DB, CorpusQuery, CorpusStore, ParagraphMatch, open_store

__all__ = [
    "DEFAULT_DB",
    "CorpusError",
    "CorpusQuery",
    "CorpusStore",
    "ParagraphMatch",
    "open_store",
    "render_report_html",
    "split_paragraphs",
]
