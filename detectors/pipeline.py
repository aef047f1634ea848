"""The cleaning pipeline: run the detectors, pick the fixes, apply them, count."""
from __future__ import annotations

import time
from collections import Counter
from collections.abc import Sequence
from typing import Any

import msgspec

from .base import Detector
from .context import Context, CorpusQuery
from .compose import fold_pass
from .fixes import apply_fixes, choose_fixes
from .registry import default_detectors
from .types import Fix, Issue

BOM = "\ufeff"
MAX_PASSES = 4


class Stats(msgspec.Struct, kw_only=True):
    chars: int
    encoding: str | None
    report_year: int | None
    published: str | None
    source: str | None
    issues_by_type: dict[str, int]
    fixed: int
    elapsed_ms: float


class CleanResult(msgspec.Struct, kw_only=True):
    id: str | None
    text: str
    issues: list[Issue]
    stats: Stats
    # The decoded text the offsets index into; the service fills it in for non-JSON bodies.
    original: str | msgspec.UnsetType = msgspec.UNSET


def clean(
    text: str,
    *,
    doc_id: str | None = None,
    fix: bool = True,
    year: int | None = None,
    corpus: CorpusQuery | None = None,
    models: Any = None,
    encoding: str | None = None,
    detectors: Sequence[Detector] | None = None,
) -> CleanResult:
    """Clean one document and say, span by span, what was wrong with it.

    This is zhclean's Python API: the same result the HTTP API returns for `/v1/clean`.

    - `text`: the document; a leading byte-order mark is dropped and never counted.
    - `doc_id`: its id, so that the boilerplate check never matches the document itself.
    - `fix`: apply the safe fixes (False: cleaned text == text, replacements still suggested).
    - `year`: the report year, when the caller knows it better than the title does.
    - `corpus`: a `CorpusQuery` (`corpus.open_store(...).query()`) for boilerplate; None skips it.
    - `encoding`: how the caller decoded the bytes, reported in `stats.encoding`.

    >>> r = clean("我镇成立领导小组,镇长任组长。")
    >>> r.text, [i.code for i in r.issues]
    ('我镇成立领导小组，镇长任组长。', ['punctuation.ascii_comma'])
    """
    started = time.perf_counter()
    if text.startswith(BOM):
        text = text[1:]
    context = Context(doc_id=doc_id, year=year, corpus=corpus, models=models)
    if encoding:
        context.facts["encoding"] = encoding
    detectors = detectors if detectors is not None else default_detectors()
    issues = _detect(text, context, detectors, fix)
    cleaned = apply_fixes(text, fixes_of(issues))
    # One fix can call for another (a removed character joins two commas): clean the
    # cleaned text again and fold what that finds back onto the original, unless every
    # fix only swapped characters one for one (most documents with ASCII marks). Only
    # the fixes of a later pass are kept, so detectors that never fix sit it out.
    fixers = [d for d in detectors if not getattr(d, "suggests_only", False)]
    for _ in range(MAX_PASSES - 1):
        if cleaned == text or not fix or all(_in_place(x) for x in issues if x.fixed):
            break
        later = _detect(cleaned, Context(doc_id=doc_id, year=year, models=models), fixers, fix)
        if not any(x.fixed for x in later):
            break
        issues = fold_pass(text, issues, later, cleaned)
        cleaned = apply_fixes(text, fixes_of(issues))
    issues.sort(key=lambda i: (i.start, i.end, i.type, i.code))
    stats = Stats(
        chars=len(text),
        encoding=context.facts.get("encoding"),
        report_year=context.facts.get("report_year"),
        published=context.facts.get("published"),
        source=context.facts.get("source"),
        issues_by_type=dict(Counter(i.type for i in issues)),
        fixed=sum(1 for i in issues if i.fixed),
        elapsed_ms=round((time.perf_counter() - started) * 1000, 3),
    )
    return CleanResult(id=doc_id, text=cleaned, issues=issues, stats=stats)


def _detect(text: str, context: Context, detectors: Sequence[Detector], fix: bool) -> list[Issue]:
    issues: list[Issue] = []
    for detector in detectors:
        issues.extend(detector.detect(text, context))
    chosen = choose_fixes(issues) if fix else set()
    return [msgspec.structs.replace(x, fixed=i in chosen) for i, x in enumerate(issues)]


def _in_place(issue: Issue) -> bool:
    """A fix that swaps characters one for one (an ASCII comma for a full-width one, a
    traditional character for its simplified form): the punctuation detector settles its
    marks to a fixpoint itself, beside the quotes as it will convert them, and nothing
    else reads them differently, so such fixes alone call for no second pass."""
    return issue.type in ("punctuation", "script") and len(issue.replacement or "") == issue.end - issue.start


def fixes_of(issues: Sequence[Issue]) -> list[Fix]:
    """The applied fixes of a result, as replayable data."""
    return [i.as_fix() for i in issues if i.fixed]


def warm_up(models: Any = None) -> None:
    """Build the detectors' tables, automata and converters once, and with `models` the
    background language model, so that the first document is as fast as the rest (a
    service calls this at start-up)."""
    clean("关于2023年度法治政府建设情况的报告\n2023年，我镇成立领导小组,澳門賭場，锟斤拷杩涘叆。", models=models)
