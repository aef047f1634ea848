"""Text as it is compared for near-duplication, never shown to anyone.

Two towns' reports share a paragraph even when one was scraped with ASCII commas, the
other with full-width ones, one says 2022 and the other 2023, or one page was cloned in
traditional characters.  So before shingling we fold all of that away.
"""

import threading
import unicodedata

import opencc
import regex

# Everything that is not a letter or a digit (whitespace, punctuation, symbols, controls)
# carries no meaning for matching and is where scraped copies differ most.
_NOT_WORD = regex.compile(r"[^\p{L}\p{N}]+")
# Any decimal digit, so boilerplate that differs only by year or count still matches.
_DIGIT = regex.compile(r"\p{Nd}")

# Full-width punctuation and the ideographic space, each with its compatibility
# decomposition (what NFKC maps it to).  Replacing a character by its full decomposition
# leaves the string's decomposition, and so its NFKC form, unchanged; but a report's text
# is then usually NFKC already (Han, 。、“” and ASCII are), which unicodedata checks
# quickly instead of decomposing and recomposing every character: about 20 times faster.
_WIDE = [(chr(code), chr(code - 0xFEE0)) for code in map(ord, "，：；（）！？")] + [("\u3000", " ")]

# OpenCC converters are cheap to build; one per thread avoids sharing a C++ object
# between threads (the service calls us from several).
_local = threading.local()


def _t2s() -> opencc.OpenCC:
    converter = getattr(_local, "t2s", None)
    if converter is None:
        converter = _local.t2s = opencc.OpenCC("t2s")
    return converter


def normalize_for_matching(text: str) -> str:
    """Fold width, case, script and digits, and drop everything but letters and digits.

    >>> normalize_for_matching("２０２３年，澳門賭場 ABC")
    '0000年澳门赌场abc'
    """
    for wide, narrow in _WIDE:
        text = text.replace(wide, narrow)
    text = unicodedata.normalize("NFKC", text)
    text = _t2s().convert(text)
    text = _NOT_WORD.sub("", text.casefold())
    return _DIGIT.sub("0", text)
