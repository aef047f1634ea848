"""decode_body: BOM, declared charset, sniffing, and clear errors."""
from __future__ import annotations

import codecs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from service.decoding import DecodeError, UnknownCharsetError, canonical_encoding, decode_body

REPORT = "关于2023年度镇政府工作情况的报告。现将有关情况汇报如下：一、主要工作完成情况。"
TRADITIONAL = "臺灣的政府工作報告，現將有關情況匯報如下。"


@pytest.mark.parametrize(
    ("bom", "encoding"),
    [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
     (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be")],
)
def test_bom_decides_and_is_stripped(bom, encoding):
    text, used = decode_body(bom + REPORT.encode(encoding))
    assert (text, used) == (REPORT, encoding)


def test_bom_beats_a_contradicting_declared_charset():
    assert decode_body(codecs.BOM_UTF8 + REPORT.encode("utf-8"), "gb18030") == (REPORT, "utf-8")


def test_bom_with_broken_body_is_an_error():
    with pytest.raises(DecodeError, match="utf-16-le byte-order mark"):
        decode_body(codecs.BOM_UTF16_LE + b"\x00")


def test_declared_charset_wins_over_sniffing():
    # These bytes are valid UTF-8 too ("æ±"), but the sender said Latin-1.
    assert decode_body("æ±".encode("utf-8"), "latin-1") == ("Ã¦Â±", "iso8859-1")


@pytest.mark.parametrize("label", ["gbk", "GB2312", "gb18030", "cp936"])
def test_gb_labels_decode_with_gb18030(label):
    # 镕 is in GBK but not GB2312: pages labelled GB2312 carry such characters.
    text = "朱镕基" + REPORT
    assert decode_body(text.encode("gbk"), label) == (text, "gb18030")


def test_declared_charset_with_invalid_bytes_names_the_byte():
    with pytest.raises(DecodeError, match=r"not valid utf-8: byte 2 \(0xff\)"):
        decode_body(b"ab\xffcd", "utf-8")


@pytest.mark.parametrize("label", ["klingon", "base64", "rot13"])
def test_unknown_or_non_text_charset(label):
    with pytest.raises(UnknownCharsetError, match=label):
        decode_body(b"abc", label)


def test_utf8_first():
    assert decode_body(REPORT.encode()) == (REPORT, "utf-8")


@pytest.mark.parametrize(("text", "encoding"), [(REPORT, "gb18030"), ("你好", "gb18030"), (TRADITIONAL, "big5")])
def test_sniffs_chinese_encodings(text, encoding):
    assert decode_body(text.encode(encoding)) == (text, encoding)


def test_undecodable_bytes_say_what_to_do():
    junk = bytes([0x80, 0xFF, 0xFE, 0x81, 0x00, 0xFF]) * 40
    with pytest.raises(DecodeError, match="cannot decode .* declare the charset"):
        decode_body(junk)


def test_canonical_names():
    assert canonical_encoding(" UTF8 ") == "utf-8"
    assert canonical_encoding('"gbk"') == "gb18030"


@given(st.text())
def test_any_utf8_text_round_trips(text):
    data = text.encode("utf-8")
    expected = text.removeprefix("\ufeff")  # an encoded U+FEFF at the start is a BOM
    assert decode_body(data) == (expected, "utf-8")


@given(st.text(alphabet=st.characters(codec="gb18030", exclude_characters="\ufeff")))
def test_declared_gb18030_round_trips(text):
    assert decode_body(text.encode("gb18030"), "gb18030") == (text, "gb18030")
