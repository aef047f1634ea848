"""The duplication report as one self-contained HTML page (no scripts, no external assets).

Every string that comes from the corpus (ids, excerpts) goes through html.escape:
documents are scraped pages and may well contain markup.
"""

from html import escape

_STYLE = """
body { font-family: sans-serif; margin: 2em; max-width: 70em; color: #222; }
table { border-collapse: collapse; margin: 1em 0; }
th, td { border: 1px solid #ccc; padding: .3em .6em; text-align: left; vertical-align: top; }
.bar { background: #4a7ab5; height: 1em; }
.excerpt { white-space: pre-wrap; }
.side td { width: 50%; }
.note { color: #666; }
"""
_BAR_WIDTH_EM = 30


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _counts(report: dict) -> str:
    rows = [
        ("documents", report.get("documents", 0)),
        ("paragraphs", report.get("paragraphs", 0)),
        ("near-duplicate pairs", report.get("total_pairs", len(report.get("pairs", [])))),
        ("clusters", report.get("total_clusters", len(report.get("clusters", [])))),
    ]
    if "threshold" in report:
        rows.append(("similarity threshold", report["threshold"]))
    body = "".join(f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in rows)
    return f"<h2>Counts</h2><table>{body}</table>"


def _clusters(report: dict) -> str:
    clusters = report.get("clusters", [])
    if not clusters:
        return "<h2>Clusters</h2><p>No near-duplicate documents.</p>"
    rows = "".join(
        f"<tr><td>{_e(c['id'])}</td><td>{_e(c['size'])}</td><td>{_e(c['representative'])}</td>"
        f"<td>{'<br>'.join(_e(i) for i in c['ids'])}</td></tr>"
        for c in clusters
    )
    return (
        "<h2>Clusters</h2>" + _page_note(report, len(clusters), "total_clusters", "clusters")
        + "<table><tr><th>cluster</th><th>size</th><th>representative</th><th>documents</th></tr>"
        f"{rows}</table>"
    )


def _histogram(report: dict) -> str:
    bins = report.get("histogram", [])
    peak = max((b["pairs"] for b in bins), default=0) or 1
    rows = "".join(
        f"<tr><td>{_e(b['from'])}–{_e(b['to'])}</td><td>{_e(b['pairs'])}</td>"
        f"<td><div class=\"bar\" style=\"width:{b['pairs'] / peak * _BAR_WIDTH_EM:.2f}em\"></div></td></tr>"
        for b in bins
    )
    return (
        "<h2>Similarity of candidate pairs</h2>"
        f"<table><tr><th>similarity</th><th>pairs</th><th></th></tr>{rows}</table>"
    )


def _passages(report: dict) -> str:
    passages = report.get("top_passages", [])
    if not passages:
        return "<h2>Most repeated passages</h2><p>No passage is shared between documents.</p>"
    rows = "".join(
        f"<tr><td>{_e(p['documents'])}</td><td class=\"excerpt\">{_e(p['excerpt'])}</td>"
        f"<td>{'<br>'.join(_e(i) for i in p['ids'])}</td></tr>"
        for p in passages
    )
    return (
        "<h2>Most repeated passages</h2>"
        f"<table><tr><th>documents</th><th>excerpt</th><th>ids</th></tr>{rows}</table>"
    )


def _page_note(report: dict, shown: int, total_key: str, noun: str) -> str:
    total = report.get(total_key)
    if total is None or total <= shown:
        return ""
    first = report.get("offset", 0) + 1
    return (f"<p class=\"note\">{_e(noun)} {_e(first)}–{_e(first + shown - 1)} of {_e(total)} "
            "(the JSON report pages with limit and offset).</p>")


def _examples(report: dict) -> str:
    examples = report.get("examples", [])
    if not examples:
        return ""
    parts = ["<h2>Shared passages, side by side</h2>"]
    for ex in examples:
        rows = "".join(
            f"<tr><td class=\"excerpt\">{_e(p['a_excerpt'])}<br><span class=\"note\">"
            f"[{_e(p['a_start'])}, {_e(p['a_end'])})</span></td>"
            f"<td class=\"excerpt\">{_e(p['b_excerpt'])}<br><span class=\"note\">"
            f"[{_e(p['b_start'])}, {_e(p['b_end'])})</span></td>"
            f"<td>{p['similarity']:.2f}</td></tr>"
            for p in ex["passages"]
        ) or "<tr><td colspan=\"3\">No paragraph pair reaches the passage threshold.</td></tr>"
        parts.append(
            f"<h3>{_e(ex['a'])} · {_e(ex['b'])} (similarity {ex['similarity']:.2f})</h3>"
            f"<table class=\"side\"><tr><th>{_e(ex['a'])}</th><th>{_e(ex['b'])}</th><th>similarity</th></tr>"
            f"{rows}</table>"
        )
    return "\n".join(parts)


def _pairs(report: dict) -> str:
    pairs = report.get("pairs", [])
    if not pairs:
        return ""
    rows = "".join(
        f"<tr><td>{_e(p['a'])}</td><td>{_e(p['b'])}</td><td>{p['similarity']:.3f}</td></tr>" for p in pairs
    )
    return ("<h2>Near-duplicate pairs</h2>" + _page_note(report, len(pairs), "total_pairs", "pairs")
            + f"<table><tr><th>a</th><th>b</th><th>similarity</th></tr>{rows}</table>")


def _ratios(report: dict) -> str:
    ratios = report.get("boilerplate_ratio", {})
    if not ratios:
        return ""
    rows = "".join(
        f"<tr><td>{_e(doc_id)}</td><td>{ratio:.0%}</td></tr>"
        for doc_id, ratio in sorted(ratios.items(), key=lambda kv: (-kv[1], kv[0]))
    )
    return ("<h2>Boilerplate ratio</h2>" + _page_note(report, len(ratios), "total_documents", "documents")
            + f"<table><tr><th>document</th><th>shared paragraphs</th></tr>{rows}</table>")


def render_report_html(report: dict) -> str:
    """The report (CorpusStore.report()) as a plain HTML page."""
    sections = "\n".join([_counts(report), _clusters(report), _histogram(report), _passages(report),
                          _examples(report), _pairs(report), _ratios(report)])
    return (
        "<!DOCTYPE html>\n<html lang=\"zh\"><head><meta charset=\"utf-8\">"
        "<title>zhclean corpus report</title>"
        f"<style>{_STYLE}</style></head><body><h1>Corpus duplication report</h1>\n{sections}\n</body></html>\n"
    )
