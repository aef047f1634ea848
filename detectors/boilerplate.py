"""Paragraphs that near-duplicate paragraphs of other documents in the corpus."""
from __future__ import annotations

from .context import Context
from .types import Issue, make_issue

MAX_NAMED = 10


class BoilerplateDetector:
    name = "boilerplate"
    suggests_only = True  # a shared paragraph is reported, never removed

    def detect(self, text: str, context: Context) -> list[Issue]:
        if context.corpus is None:
            return []
        issues = []
        for match in context.corpus.find_boilerplate(text, exclude_id=context.doc_id):
            others = [{"id": doc_id, "similarity": round(sim, 3)} for doc_id, sim in match.matches[:MAX_NAMED]]
            if not others:
                continue
            best = others[0]
            issues.append(make_issue(
                text, "boilerplate", "boilerplate.shared_paragraph", match.start, match.end,
                message=f"paragraph near-duplicates {len(match.matches)} other document(s), e.g. {best['id']} ({best['similarity']:.2f})",
                severity="info", confidence=best["similarity"],
                detail={"documents": others, "count": len(match.matches)}))
        return issues
