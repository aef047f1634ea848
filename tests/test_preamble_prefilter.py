"""The preamble pattern's first-character lookahead admits every branch of the pattern:
a branch added without its first character would silently never match."""
from __future__ import annotations

from detectors.injection import PREAMBLE, PREAMBLE_FIRST, REGEX_SPACE

# Branches that start with an anchor, a class or a group: the characters they may start
# with are listed here by hand and must be in the lookahead too.
SPECIAL_STARTS = {"^": "\\s【[篇第范—-–转", REGEX_SPACE: "\\s", "[【\\[]": "【[导", "(?:开通": "开升成加",
                  "(?:Word": "WP", "[（(]": "（("}


def top_level_branches(body: str) -> list[str]:
    branches, depth, current, i, in_class = [], 0, "", 0, False
    while i < len(body):
        c = body[i]
        if c == "\\":
            current += body[i:i + 2]
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c in "()":
            depth += 1 if c == "(" else -1
        elif c == "|" and depth == 0:
            branches.append(current)
            current, i = "", i + 1
            continue
        current += c
        i += 1
    return [*branches, current]


def test_every_branch_can_start_where_the_lookahead_lets_it():
    admitted = PREAMBLE_FIRST[len("(?=["):-len("])")]
    body = PREAMBLE.pattern[len(PREAMBLE_FIRST) + len("(?:"):-len(")")]
    branches = top_level_branches(body)
    assert len(branches) > 60
    for branch in branches:
        special = next((chars for start, chars in SPECIAL_STARTS.items() if branch.startswith(start)), None)
        starts = special if special is not None else branch[0]
        assert all(c in admitted for c in starts.replace("\\s", "")), branch
        assert "\\s" not in starts or "\\s" in admitted, branch


def test_preambles_are_found():
    for text in ("节选自某网站", "购买全文请联系", "积分下载本文", "【导读】：本文", "  第三篇", "开通VIP阅读"):
        assert PREAMBLE.search(text), text
    # U+001C-U+001F are white space to `re`, not to `regex`, whose reading the pattern keeps
    assert not PREAMBLE.search("转自\x1c：") and PREAMBLE.search("转自 ：")
