"""The injection detector's statistical side: spam phrases no lexicon lists, spam header
lines, page furniture around a widget, preamble lines and off-topic sentences. Every
string here was written for this file; none comes from an evaluation pool."""
from __future__ import annotations

from functools import cache

import pytest

from detectors import clean
from detectors.langmodel import CharBigramModel
from detectors.models import Models
from detectors.spam_lexicon import spam_hits
from detectors.spam_model import SpamPhraseModel

from tests.seeds import all_seeds

REPORT = ("2023年，我镇坚持以习近平法治思想为指导，深入推进依法行政，"
          "全面落实行政执法三项制度，推动矛盾纠纷多元化解工作取得新成效。")


@cache
def seed_models() -> Models:
    return Models(CharBigramModel.from_texts(all_seeds().values()))


def _injection(result):
    return [i for i in result.issues if i.type == "injection"]


@pytest.mark.parametrize("models", [None, "seeds"], ids=["no corpus", "seed corpus"])
@pytest.mark.parametrize("phrase,separator", [
    ("彩金秒到账", ""),            # unlisted gambling jargon, no separator
    ("代开专票加急", "："),         # fake invoices, a full-width colon after it
    ("彩金秒到账", "丨"),           # other separators spam is strung with
    ("代开专票加急", "/"),
    ("足彩心水推薦", ""),          # traditional characters
    ("網頁排名優化", ""),          # found only because its characters are traditional in simplified text
    ("bet体育首充优惠", " "),       # a Latin word inside, a space after it
    ("SEO整站快排", ""),           # led by a Latin word, which counts as evidence (a number would not)
    ("NFT空投领取", ""),
    ("彩金秒到账专区", ""),         # a trailing lure word (专区) goes with the phrase
    ("【官方】彩金秒到账", ""),      # brackets spam is dressed in go with it
    ("“代开专票加急”", ""),
])
def test_unlisted_spam_phrase_is_removed_and_the_sentence_rejoined(phrase, separator, models):
    assert not spam_hits(phrase), "the phrase must not be a lexicon hit"
    cut = REPORT.index("推动")
    text = REPORT[:cut] + phrase + separator + REPORT[cut:]
    result = clean(text, models=seed_models() if models else None)
    spans = [(i.start, i.end) for i in _injection(result)]
    assert spans == [(cut, cut + len(phrase) + len(separator))], spans
    assert result.text == REPORT


@pytest.mark.parametrize("line", [
    "严厉打击跨境赌博、电信网络诈骗等违法犯罪，开展反诈宣传进村入户活动。",
    "提醒群众警惕“刷单返利”“虚假投资理财”等新型骗局，守好钱袋子。",
    "依托政务服务网实现行政许可事项网上可办率100%。",
    "开展禁毒宣传月活动，发放宣传资料3000余份。",
])
def test_report_prose_about_gambling_and_fraud_stays(line):
    assert not _injection(clean(line)), line
    assert not _injection(clean(line, models=seed_models())), line


def test_spam_model_leaves_every_seed_sentence_alone():
    model = SpamPhraseModel(seed_models().domain)
    found = {name: list(model.phrases(text, 9.0)) for name, text in all_seeds().items()}
    # seed 002 carries one injected phrase (皇冠足球比分), the lexicon's job; nothing else may score
    assert all(not spans for name, spans in found.items() if not name.startswith("002")), found


def test_a_header_of_unlisted_spam_phrases_goes_as_one_line():
    header = "彩金秒到账专区，代开专票加急，赌球盘口推荐，高仿名表货源"
    text = header + "\n" + "关于2023年度法治政府建设情况的报告\n\n" + REPORT + "\n"
    result = clean(text)
    headers = [i for i in _injection(result) if i.code == "injection.spam_header"]
    assert [(i.start, i.end) for i in headers] == [(0, len(header) + 1)]
    assert result.text == text[len(header) + 1:]


def test_furniture_beside_a_widget_goes_and_the_title_stays():
    head = "临川县人民政府门户网站\n\n首页 > 政务公开 > 法治政府\n\n"
    title = "临川县司法局关于2023年度法治政府建设情况的报告\n\n"
    result = clean(head + title + REPORT + "\n")
    assert result.text == title + REPORT + "\n"


def test_a_paywall_line_after_the_report_goes_with_the_breaks_before_it():
    text = REPORT + "\n\n以上为节选内容，开通VIP会员即可下载完整版。"
    assert clean(text).text == REPORT


def test_an_off_topic_sentence_goes_with_a_corpus_model_and_the_paragraph_stays():
    off_topic = "红烧肉要用冰糖炒出糖色，小火慢炖一个小时才够软烂入味。"
    cut = REPORT.index("全面落实")
    text = REPORT[:cut].rstrip("，") + "。" + off_topic + REPORT[cut:]
    result = clean(text, models=seed_models())
    removed = [(i.start, i.end) for i in _injection(result) if i.code == "injection.off_topic"]
    start = text.index(off_topic)
    assert removed == [(start, start + len(off_topic))]
    assert off_topic not in result.text and "全面落实行政执法三项制度" in result.text


def test_negative_lines_stay_whole_with_a_corpus_model():
    """tests/cases/negative.txt (legitimate report prose, also about fighting spam and
    fraud) is run by test_cases.py without models; here with the seed corpus's models."""
    from tests.test_cases import NEGATIVE

    flagged = [line for year, line in NEGATIVE
               if _injection(clean(line, year=year, models=seed_models()))]
    assert not flagged, flagged


@pytest.mark.parametrize("phrase", ["USDT数藏抢购_", "TG群拉人_"])
def test_phrase_led_by_a_latin_word_inside_a_word_is_found(phrase):
    """The only strong evidence is the Latin word's pair with the character before it
    (`依|USDT`): a search must start there too."""
    cut = REPORT.index("法行政")
    result = clean(REPORT[:cut] + phrase + REPORT[cut:])
    assert result.text == REPORT, [(i.code, i.excerpt) for i in _injection(result)]
