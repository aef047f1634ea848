"""Bytes to text for request bodies and .txt files: BOM, then declared charset, then sniffing.

Offsets in every result index into the text returned here, so a byte-order mark is
stripped and never counted.
"""
from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

# Longest first: the UTF-32-LE BOM begins with the UTF-16-LE one.
BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# What Chinese text arrives in besides UTF-8, in order of preference when the
# sniffer finds two equally plausible (short texts): mainland sources come first.
SNIFFED_ENCODINGS = ("gb18030", "big5", "utf_16")
# Pages labelled GB2312 or GBK routinely contain characters only their supersets have
# (as browsers do, per the WHATWG encoding standard); GB18030 decodes both unchanged.
SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030"}


class DecodeError(ValueError):
    """The bytes cannot be turned into text; the message says why."""


class UnknownCharsetError(DecodeError):
    """The declared charset is not a text encoding Python knows."""


def canonical_encoding(name: str) -> str:
    """Python's name for a charset label, with GB2312/GBK widened to GB18030.

    >>> canonical_encoding("GBK"), canonical_encoding("UTF8"), canonical_encoding("big5")
    ('gb18030', 'utf-8', 'big5')
    """
    try:
        info = codecs.lookup(name.strip().strip('"').strip("'"))
    except LookupError:
        raise UnknownCharsetError(f"unknown charset {name!r}") from None
    # base64, rot13 and friends are codecs but not text encodings.
    if not getattr(info, "_is_text_encoding", True):
        raise UnknownCharsetError(f"{name!r} is not a text encoding")
    return SUPERSETS.get(info.name, info.name)


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _sniff(data: bytes) -> tuple[str, str] | None:
    matches = list(from_bytes(data, cp_isolation=list(SNIFFED_ENCODINGS)))
    rank = {name: i for i, name in enumerate(SNIFFED_ENCODINGS)}
    matches.sort(key=lambda m: (m.chaos, -m.coherence, rank.get(m.encoding, len(rank))))
    for match in matches:
        # charset-normalizer may tolerate a few bad bytes; offsets need a strict decode.
        text = _strict(data, match.encoding)
        if text is not None:
            return text, canonical_encoding(match.encoding)
    return None


def decode_body(data: bytes, declared_charset: str | None = None) -> tuple[str, str]:
    """Decode `data` and say how: (text, encoding name).

    A byte-order mark decides first (and is dropped); then a declared charset, which
    must decode every byte; then strict UTF-8; then a sniffer restricted to GB18030,
    Big5 and UTF-16, whose answer must also decode strictly.

    >>> decode_body("报告".encode("gb18030"), "gbk")
    ('报告', 'gb18030')
    >>> decode_body(codecs.BOM_UTF8 + "报告".encode())
    ('报告', 'utf-8')
    """
    for bom, encoding in BOMS:
        if data.startswith(bom):
            text = _strict(data[len(bom):], encoding)
            if text is None:
                raise DecodeError(f"the bytes start with a {encoding} byte-order mark but are not valid {encoding}")
            return text, encoding
    if declared_charset:
        encoding = canonical_encoding(declared_charset)
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError as exc:
            raise DecodeError(
                f"the bytes are not valid {declared_charset}: byte {exc.start} "
                f"(0x{data[exc.start]:02x}) cannot be decoded ({exc.reason})"
            ) from None
    text = _strict(data, "utf-8")
    if text is not None:
        return text, "utf-8"
    sniffed = _sniff(data)
    if sniffed is None:
        raise DecodeError(
            "cannot decode the bytes: they are not UTF-8, GB18030, Big5 or UTF-16; "
            "declare the charset (Content-Type: text/plain; charset=...)"
        )
    return sniffed
