"""Evaluate zhclean's detectors on labelled, generated documents.

    python -m bench.eval [--split dev|heldout|dev2|dev3|dev4|blind|blind-v1|blind-v3|all] [--n DOCS] [--seed S] [--json]
    python -m bench.eval --show 3        # print a few generated documents and their gold

The set: clean base reports (`tests/cases/base/`) corrupted by `bench.labelled` at known
places (dev: bases 000-002 and the dev variant pools; held-out: bases 003-007 and the
held-out pools); about a fifth of the documents are left untouched. Tune on dev, quote
held-out.

Blind split (`--split blind`, never part of `all`, which stays dev + held-out): the held-out
bases and held-out forms of every family, except that the injection families draw from
`bench/labelled/blind_v2.py` (spam phrases mid-sentence with and without a separator, spam
header lines, chrome at the start and the end, preambles and paywall lines, and off-topic
sentences inserted between sentences, family `injection.off_topic`), drawn twice as often.
That pool must never be seen while tuning: for the blind split the eval prints and emits
figures only (no misses, false-positive or unfixed excerpts, even with -v or --json), and
`--show` refuses it. `--split blind-v1` runs the first blind pool (`blind_v1.py`), retired
because its strings were seen while the spam model was being built; its figures are
development figures now. `--split blind-v3` runs a third unseen pool (`blind_v3.py`).

What counts
-----------
- A predicted issue MATCHES a gold corruption when both have the same `type` and their
  spans overlap (half-open spans; an empty span matches a gold span it touches). Codes are
  not compared for matching; they only decide the per-family precision rows.
- Precision: share of predicted issues that match some gold corruption. Recall: share of
  gold corruptions matched by some predicted issue. One predicted issue may match several
  gold ones (a run of marks), and several predicted issues one gold one (a chrome block
  flagged line by line): both are fine.
- Document-level findings (an NFKC-folded summary, a detected encoding) are issues whose
  span is longer than SUMMARY_SPAN characters. They match per their spans like any other
  issue when a gold corruption that long exists; otherwise, if they overlap gold of their
  type they are ignored (neither a hit nor a false positive) and cannot give recall, and if
  they do not, they are false positives.
- A predicted issue lying wholly inside a gold span of ANOTHER type that a perfect cleaner
  deletes outright (spam, chrome, preamble, tags, docx markers) is moot: not counted
  (e.g. an ASCII colon inside a breadcrumb). Inside anything else it counts as usual.
- `boilerplate` issues are not scored here (no corpus is loaded), only counted.
- Per type: precision, recall, F1. Per gold code family (see `generator.FAMILY_CODES`):
  recall over that family's gold, and precision over predicted issues whose code has one
  of the family's code prefixes. Per predicted code: count and precision.
- Fix rate, per place: for each fixable gold corruption, the cleaned text at that place
  (the span grown to cover any applied fix that touches it) equals the expected text
  there. Fix rate, per document: cleaned text == expected text (the base text with the
  unfixable corruptions, such as lost characters, wrong years and dropped quotes, left in
  place), over all documents and over those whose corruptions are all fixable; "ws" also
  accepts differences in spaces and tabs only.
- Injection by lexicon: gold injections whose text contains a term the detector's own
  lexicon knows (`detectors.spam_lexicon.spam_hits(gold_text)` non-empty) are "lexicon-known",
  the others "held-back"; recall and the per-place fix rate (the injected span gone from the
  cleaned text and the text around it intact) are given for each. A predicted injection
  issue counts towards the subset of the gold it matches (lexicon-known if it matches any
  lexicon-known gold); an unmatched one towards lexicon-known if its own text has a lexicon
  hit, else held-back; precision per subset follows.
- False positives on text that must not be flagged: issues (by type, boilerplate
  excluded) raised on the untouched base texts and on each line of
  `tests/cases/negative.txt`.
"""
from __future__ import annotations

import argparse
import functools
import json
import re
import sys
import time
from collections import Counter, defaultdict
from typing import Any

from bench.labelled import BLIND_SPLITS, FAMILY_CODES, bases, build_set, negative_lines

SUMMARY_SPAN = 300
TYPES = ("encoding", "punctuation", "injection", "year", "script")


def _overlap(a0: int, a1: int, b0: int, b1: int) -> bool:
    if a0 == a1:
        return b0 <= a0 <= b1
    if b0 == b1:
        return a0 <= b0 <= a1
    return a0 < b1 and b0 < a1


def _ws(text: str) -> str:
    """Text with spaces and tabs dropped and blank lines collapsed, for the lenient comparisons."""
    return re.sub(r"\n+", "\n", re.sub(r"[ \t\u00a0\u3000]+", "", text)).strip("\n")


def _load_clean(with_models: bool = True):
    """detectors.clean, with models trained on the dev base texts only (the stand-in for a
    corpus: held-out bases are never in it)."""
    try:
        from detectors import clean
        from detectors.langmodel import CharBigramModel
        from detectors.models import Models
    except Exception as exc:  # the detectors may not be importable yet
        sys.exit(f"bench.eval: cannot import detectors.clean ({type(exc).__name__}: {exc})")
    if not with_models:
        return clean
    models = Models(CharBigramModel.from_texts(bases("dev").values()))
    return functools.partial(clean, models=models)


def _apply(text: str, fixes: list[tuple[int, int, str]]) -> str:
    out, pos = [], 0
    for s, e, r in sorted(fixes):
        out.append(text[pos:s]); out.append(r); pos = e
    out.append(text[pos:])
    return "".join(out)


def place_fixed(text: str, gold: list[dict], fixes: list[tuple[int, int, str]], g: dict) -> tuple[bool, bool]:
    """Was gold corruption g fixed at its place? (exact, whitespace-insensitive)."""
    s, e = g["start"], g["end"]
    changed = True
    while changed:  # grow the window over any applied fix or gold item that straddles it
        changed = False
        for a, b, _ in fixes:
            if _overlap(a, b, s, e) and (a < s or b > e):
                s, e, changed = min(s, a), max(e, b), True
        for h in gold:
            if _overlap(h["start"], h["end"], s, e) and (h["start"] < s or h["end"] > e):
                s, e, changed = min(s, h["start"]), max(e, h["end"]), True
    got = _apply(text[s:e], [(a - s, b - s, r) for a, b, r in fixes if s <= a and b <= e])
    want = _apply(text[s:e], [(h["start"] - s, h["end"] - s, h["expected_replacement"]) for h in gold
                              if h["fixable"] and "expected_replacement" in h and s <= h["start"] and h["end"] <= e])
    return got == want, _ws(got) == _ws(want)


class Tally:
    def __init__(self) -> None:
        self.tp_pred: Counter = Counter()
        self.n_pred: Counter = Counter()
        self.hit_gold: Counter = Counter()
        self.n_gold: Counter = Counter()

    def prf(self, key: str) -> dict[str, Any]:
        p = self.tp_pred[key] / self.n_pred[key] if self.n_pred[key] else None
        r = self.hit_gold[key] / self.n_gold[key] if self.n_gold[key] else None
        f = 2 * p * r / (p + r) if p is not None and r is not None and p + r else (0.0 if p is not None and r is not None else None)
        return {"pred": self.n_pred[key], "gold": self.n_gold[key], "precision": p, "recall": r, "f1": f}


LEXICON_KNOWN, HELD_BACK = "lexicon-known", "held-back"


def _lexicon_hits():
    try:
        from detectors.spam_lexicon import spam_hits
    except Exception:  # no lexicon: every injection counts as held back
        return lambda text: []
    return spam_hits


def evaluate(samples, clean, examples: int = 5) -> dict[str, Any]:
    by_type, by_family, by_code = Tally(), Tally(), Tally()
    by_lexicon = Tally()
    spam_hits = _lexicon_hits()
    place = Counter()
    docs = Counter()
    misses: dict[str, list] = defaultdict(list)
    fps: dict[str, list] = defaultdict(list)
    unfixed: dict[str, list] = defaultdict(list)
    started = time.perf_counter()
    for smp in samples:
        result = clean(smp.text, doc_id=smp.doc_id)
        text, gold = smp.text, smp.gold
        issues = [i for i in result.issues if i.type != "boilerplate"]
        docs["boilerplate_issues"] += len(result.issues) - len(issues)
        fixes = [(i.start, i.end, i.replacement) for i in result.issues if i.fixed]
        # text a perfect cleaner deletes outright (spam, chrome, markup): findings inside it are moot
        deleted = [g for g in gold if g["fixable"] and g.get("expected_replacement") == ""]
        # predictions
        for i in issues:
            if any(g["type"] != i.type and g["start"] <= i.start and i.end <= g["end"] for g in deleted) and not any(
                    g["type"] == i.type and _overlap(i.start, i.end, g["start"], g["end"]) for g in gold):
                docs["inside_deleted_ignored"] += 1
                continue
            same = [g for g in gold if g["type"] == i.type and _overlap(i.start, i.end, g["start"], g["end"])]
            summary = i.end - i.start > SUMMARY_SPAN and not any(g["end"] - g["start"] > SUMMARY_SPAN for g in same)
            if summary and same:
                docs["summaries_ignored"] += 1
                continue
            hit = bool(same)
            if i.type == "injection":
                if same:
                    key = LEXICON_KNOWN if any(spam_hits(text[g["start"]:g["end"]]) for g in same) else HELD_BACK
                else:
                    key = LEXICON_KNOWN if spam_hits(text[i.start:i.end]) else HELD_BACK
                by_lexicon.n_pred[key] += 1; by_lexicon.tp_pred[key] += hit
            by_type.n_pred[i.type] += 1; by_type.tp_pred[i.type] += hit
            by_code.n_pred[i.code] += 1; by_code.tp_pred[i.code] += hit
            for fam, prefixes in FAMILY_CODES.items():
                if fam.split(".")[0] == i.type and i.code.startswith(prefixes):
                    by_family.n_pred[fam] += 1; by_family.tp_pred[fam] += hit
            if not hit and len(fps[i.code]) < examples:
                fps[i.code].append({"doc": smp.doc_id, "start": i.start, "end": i.end, "excerpt": text[max(0, i.start - 8):i.end + 8]})
        # gold
        real = [i for i in issues if i.end - i.start <= SUMMARY_SPAN]
        for g in gold:
            hit = any(i.type == g["type"] and _overlap(i.start, i.end, g["start"], g["end"]) for i in real) or (
                g["end"] - g["start"] > SUMMARY_SPAN and any(i.type == g["type"] and _overlap(i.start, i.end, g["start"], g["end"]) for i in issues))
            by_type.n_gold[g["type"]] += 1; by_type.hit_gold[g["type"]] += hit
            by_family.n_gold[g["code_family"]] += 1; by_family.hit_gold[g["code_family"]] += hit
            lex_key = None
            if g["type"] == "injection":
                lex_key = LEXICON_KNOWN if spam_hits(text[g["start"]:g["end"]]) else HELD_BACK
                by_lexicon.n_gold[lex_key] += 1; by_lexicon.hit_gold[lex_key] += hit
            if not hit and len(misses[g["code_family"]]) < examples:
                misses[g["code_family"]].append({"doc": smp.doc_id, "variant": g["variant"],
                                                 "excerpt": text[max(0, g["start"] - 8):g["end"] + 8]})
            if g["fixable"] and "expected_replacement" in g:
                exact, loose = place_fixed(text, gold, fixes, g)
                place["n"] += 1; place["exact"] += exact; place["ws"] += loose
                place[f"n:{g['code_family']}"] += 1; place[f"exact:{g['code_family']}"] += exact
                if lex_key:
                    place[f"n:{lex_key}"] += 1; place[f"exact:{lex_key}"] += exact
                if not exact and len(unfixed[g["code_family"]]) < examples:
                    unfixed[g["code_family"]].append({"doc": smp.doc_id, "variant": g["variant"],
                                                      "excerpt": text[max(0, g["start"] - 8):g["end"] + 8],
                                                      "cleaned_fixes": [(a, b, text[a:b], r) for a, b, r in fixes
                                                                        if _overlap(a, b, g["start"] - 1, g["end"] + 1)][:6]})
        docs["n"] += 1
        ok, ok_ws = result.text == smp.expected_text, _ws(result.text) == _ws(smp.expected_text)
        docs["exact"] += ok; docs["ws"] += ok_ws
        if gold and smp.all_fixable:
            docs["n_fixable"] += 1; docs["exact_fixable"] += ok; docs["ws_fixable"] += ok_ws
        if not gold:
            docs["n_negative"] += 1; docs["negative_untouched"] += result.text == text
    elapsed = time.perf_counter() - started
    return {
        "documents": docs["n"],
        "elapsed_s": round(elapsed, 2),
        "by_type": {t: by_type.prf(t) for t in TYPES},
        "by_family": {f: by_family.prf(f) for f in FAMILY_CODES},
        "by_code": {c: by_code.prf(c) for c in sorted(by_code.n_pred)},
        "injection_by_lexicon": {k: by_lexicon.prf(k) | {"fixed": _rate(place[f"exact:{k}"], place[f"n:{k}"]),
                                                         "fixable": place[f"n:{k}"], "fixed_n": place[f"exact:{k}"]}
                                 for k in (LEXICON_KNOWN, HELD_BACK)},
        "fix_rate_place": {"fixable_gold": place["n"], "exact": _rate(place["exact"], place["n"]), "ws": _rate(place["ws"], place["n"]),
                           "by_family": {f: _rate(place[f"exact:{f}"], place[f"n:{f}"]) for f in FAMILY_CODES if place[f"n:{f}"]}},
        "fix_rate_doc": {"all": _rate(docs["exact"], docs["n"]), "all_ws": _rate(docs["ws"], docs["n"]),
                         "all_fixable_docs": docs["n_fixable"], "all_fixable": _rate(docs["exact_fixable"], docs["n_fixable"]),
                         "all_fixable_ws": _rate(docs["ws_fixable"], docs["n_fixable"]),
                         "negative_docs": docs["n_negative"], "negative_untouched": _rate(docs["negative_untouched"], docs["n_negative"])},
        "summaries_ignored": docs["summaries_ignored"],
        "inside_deleted_ignored": docs["inside_deleted_ignored"],
        "boilerplate_issues": docs["boilerplate_issues"],
        "misses": dict(misses),
        "false_positives": dict(fps),
        "unfixed": dict(unfixed),
    }


def _rate(a: int, n: int) -> float | None:
    return a / n if n else None


def false_positives(clean, split: str) -> dict[str, Any]:
    """Issues raised on text that must not be flagged: the untouched bases and negative.txt lines."""
    out: dict[str, Any] = {"bases": {}, "negative": {}}
    for bid, text in bases(split).items():
        issues = [i for i in clean(text, doc_id=f"base-{bid}").issues if i.type != "boilerplate"]
        out["bases"][bid] = {"by_type": dict(Counter(i.type for i in issues)),
                             "examples": [{"code": i.code, "excerpt": text[max(0, i.start - 8):i.end + 8]} for i in issues[:8]]}
    lines = negative_lines()
    per_type: Counter = Counter()
    flagged = []
    for year, line in lines:
        issues = [i for i in clean(line, year=year).issues if i.type != "boilerplate"]
        per_type.update(i.type for i in issues)
        if issues:
            flagged.append({"line": line[:80], "codes": [i.code for i in issues]})
    out["negative"] = {"lines": len(lines), "lines_flagged": len(flagged), "by_type": dict(per_type), "flagged": flagged[:20]}
    return out


def _f(x: float | None) -> str:
    return "   -  " if x is None else f"{x:6.3f}"


def print_report(split: str, res: dict[str, Any], fp: dict[str, Any], verbose: bool) -> None:
    print(f"\n=== {split}: {res['documents']} documents, {res['elapsed_s']} s ===")
    print(f"{'type':<30}{'pred':>6}{'gold':>6}{'P':>8}{'R':>8}{'F1':>8}")
    for t, m in res["by_type"].items():
        print(f"{t:<30}{m['pred']:>6}{m['gold']:>6}  {_f(m['precision'])}  {_f(m['recall'])}  {_f(m['f1'])}")
    print(f"\n{'gold code family':<30}{'pred':>6}{'gold':>6}{'P':>8}{'R':>8}{'F1':>8}{'fixed':>8}")
    for fam, m in res["by_family"].items():
        if m["gold"] or m["pred"]:
            fx = res["fix_rate_place"]["by_family"].get(fam)
            print(f"{fam:<30}{m['pred']:>6}{m['gold']:>6}  {_f(m['precision'])}  {_f(m['recall'])}  {_f(m['f1'])}  {_f(fx)}")
    lex = res["injection_by_lexicon"]
    print(f"\n{'injection by lexicon':<30}{'pred':>6}{'gold':>6}{'P':>8}{'R':>8}{'F1':>8}{'fixed':>8}")
    for k, m in lex.items():
        print(f"{k:<30}{m['pred']:>6}{m['gold']:>6}  {_f(m['precision'])}  {_f(m['recall'])}  {_f(m['f1'])}  {_f(m['fixed'])}")
    n_fx = sum(m["fixable"] for m in lex.values())
    n_ok = sum(m["fixed_n"] for m in lex.values())
    print(f"injected spans gone from the cleaned text with the surrounding text intact: {n_ok} of {n_fx} "
          f"({_f(_rate(n_ok, n_fx)).strip()}); lexicon-known {lex[LEXICON_KNOWN]['fixed_n']} of {lex[LEXICON_KNOWN]['fixable']} "
          f"({_f(lex[LEXICON_KNOWN]['fixed']).strip()}), held-back {lex[HELD_BACK]['fixed_n']} of {lex[HELD_BACK]['fixable']} "
          f"({_f(lex[HELD_BACK]['fixed']).strip()})")
    print(f"\n{'predicted code':<40}{'n':>6}{'P':>8}")
    for code, m in res["by_code"].items():
        print(f"{code:<40}{m['pred']:>6}  {_f(m['precision'])}")
    fr, fd = res["fix_rate_place"], res["fix_rate_doc"]
    print(f"\nfix rate per place: {_f(fr['exact'])} exact, {_f(fr['ws'])} ignoring spaces ({fr['fixable_gold']} fixable corruptions)")
    print(f"fix rate per document: {_f(fd['all'])} exact / {_f(fd['all_ws'])} ws over all; "
          f"{_f(fd['all_fixable'])} / {_f(fd['all_fixable_ws'])} over the {fd['all_fixable_docs']} all-fixable documents; "
          f"negatives untouched {_f(fd['negative_untouched'])} of {fd['negative_docs']}")
    print(f"document-level summaries ignored: {res['summaries_ignored']}; findings inside deleted text ignored: "
          f"{res['inside_deleted_ignored']}; boilerplate issues (not scored): {res['boilerplate_issues']}")
    print("\nfalse positives on untouched bases (issues by type):")
    for bid, b in fp["bases"].items():
        print(f"  base {bid}: {b['by_type'] or 'none'}")
        if verbose:
            for ex in b["examples"]:
                print(f"      {ex['code']}: {ex['excerpt']!r}")
    neg = fp["negative"]
    print(f"false positives on negative.txt: {neg['lines_flagged']} of {neg['lines']} lines flagged; by type {neg['by_type'] or 'none'}")
    if verbose and split in BLIND_SPLITS:
        print("\n(blind split: examples are never printed; figures only)")
    elif verbose:
        for f in neg["flagged"]:
            print(f"      {f['codes']}: {f['line']!r}")
        print("\nmisses (first few per family):")
        for fam, xs in res["misses"].items():
            for x in xs:
                print(f"  {fam:<28} {x['variant']:<24} {x['excerpt']!r}")
        print("\nfixable corruptions not restored (first few per family; applied fixes nearby):")
        for fam, xs in res["unfixed"].items():
            for x in xs:
                print(f"  {fam:<28} {x['variant']:<24} {x['excerpt']!r} {x['cleaned_fixes']}")
        print("\nunmatched predictions (first few per code):")
        for code, xs in res["false_positives"].items():
            for x in xs:
                print(f"  {code:<36} {x['excerpt']!r}")


def show(split: str, n: int, seed: int) -> None:
    if split in BLIND_SPLITS:
        sys.exit("bench.eval: --show refuses the blind split (its pool must not be seen while tuning)")
    for smp in build_set(split if split != "all" else "dev", n, seed):
        print(f"== {smp.doc_id} (all fixable: {smp.all_fixable})")
        for g in smp.gold:
            print(f"   {g['type']:<12}{g['code_family']:<28}{g['variant']!s:<26}[{g['start']},{g['end']}) "
                  f"{smp.text[g['start']:g['end']]!r} -> {g.get('expected_replacement')!r}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.eval", description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", choices=["dev", "heldout", "dev2", "dev3", "dev4", "blind", "blind-v1", "blind-v3", "all"], default="all",
                    help="all = dev + heldout; blind (figures only) must be asked for by name")
    ap.add_argument("--n", type=int, default=100, help="documents per split (default 100)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--no-models", action="store_true", help="clean without corpus-trained models")
    ap.add_argument("-v", "--verbose", action="store_true", help="also print misses and false positives")
    ap.add_argument("--examples", type=int, default=5, metavar="K", help="with -v: K examples per family (default 5)")
    ap.add_argument("--show", type=int, metavar="K", help="print K generated documents' gold and exit")
    args = ap.parse_args(argv)
    if args.show:
        show(args.split, args.show, args.seed)
        return 0
    clean = _load_clean(with_models=not args.no_models)
    splits = ["dev", "heldout"] if args.split == "all" else [args.split]
    report = {}
    for split in splits:
        res = evaluate(build_set(split, args.n, args.seed), clean, args.examples)
        report[split] = {"set": {"n": args.n, "seed": args.seed}, **res, "false_positive_texts": false_positives(clean, split)}
        if split in BLIND_SPLITS:  # figures only: no excerpt of a generated document leaves the eval
            for key in ("misses", "false_positives", "unfixed"):
                report[split][key] = "withheld: blind split"
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
    else:
        for split in splits:
            print_report(split, report[split], report[split]["false_positive_texts"], args.verbose)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
