"""zhclean's detectors: pure text analysis, text and a context in, issues out.

The one function most users need is `clean`; see its docstring.
"""
from .context import Context, CorpusQuery
from .fixes import apply_fixes, choose_fixes
from .pipeline import CleanResult, Stats, clean, fixes_of, warm_up
from .types import ISSUE_TYPES, Fix, Issue, make_issue

__all__ = [
    "ISSUE_TYPES",
    "CleanResult",
    "Context",
    "CorpusQuery",
    "Fix",
    "Issue",
    "Stats",
    "apply_fixes",
    "choose_fixes",
    "clean",
    "fixes_of",
    "make_issue",
    "warm_up",
]
