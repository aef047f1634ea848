"""Text that does not belong to the document: SEO spam, page chrome, preambles, placeholders."""
from __future__ import annotations


import bisect
import re
from functools import cache

import msgspec
import regex

from .chardata import is_han, line_spans
from .context import Context
from .langmodel import HAN_RUN
from .spam_lexicon import ENFORCEMENT, Hit, in_enforcing_clause, spam_hits
from .spam_model import SEPARATORS, SpamPhraseModel
from .spans import SpanSet
from .types import Issue, make_issue

# -- page chrome ---------------------------------------------------------------------------

# Lines that are web page furniture, not report text. Each pattern names one widget.
CHROME_LINE = regex.compile(
    r"无障碍|简体\s*[|｜丨]?\s*繁[体體]|(?:您)?当前(?:的)?位置\s*[:：]|所在(?:的)?位置|首页\s*[>＞›»/]|"
    r"扫一扫|扫码|二维码|分享到|打印本页|关闭窗口|【\s*(?:打印|关闭|字体|收藏|纠错|返回|顶部)|字体\s*[:：]\s*[【\[]?\s*大|字号\s*[:：]|"
    r"ICP\s*备|公网安备|网站标识码|(?:主办|承办|协办)单位\s*[:：]|版权所有|Copyright|©|"
    r"本文链接\s*[:：]|原文(?:地址|链接)\s*[:：]|相关链接\s*[:：]|(?:浏览|阅读|访问|点击)(?:次数|量|人次)|"
    r"上一(?:篇|条)\s*[:：]|下一(?:篇|条)\s*[:：]|返回(?:顶部|首页|列表)|回到顶部|收藏本页|"
    r"在手机打开|网站地图|站点地图|联系我们\s*$|(?:责任)?编辑\s*[:：]|审核\s*[:：]|校对\s*[:：]|相关附件\s*[:：]?\s*$|"
    r"今天是\s*[:：]?.{0,20}星期|星期[一二三四五六日天]|农历|天气\s*[:：]|空气质量|"
    r"^\s*(?:登录|注册|English|手机版|繁体版|简体版)(?:\s*[|｜/]\s*(?:登录|注册|English|手机版|繁体版|简体版|无障碍))+\s*$|"
    r"【\s*字号|【\s*[大中小]\s*】|(?:主办|承办|协办|技术支持)\s*[:：]|关注我们|官方微博|微信公众号|设为首页|加入收藏|"
    r"分享\s*[:：]|打印\s*关闭|政务服务网|门户网站|(?:长者|长辈|适老|关怀|读屏|护眼)(?:版|模式|专用)|视力保护|"
    r"(?:站内|高级|全文)(?:搜索|检索)|热门搜索|个人中心|政民互动|智能问答|领导信箱|网站(?:声明|纠错|导航)|我要纠错|"
    r"隐私(?:声明|政策)|使用帮助|分辨率|浏览器|信息索引|发文字号|公开方式|公开时限|主题分类|文字大小|转载请注明|"
    r"分享(?:至|给)|微信朋友圈|新浪微博|QQ(?:空间|好友)|附件下载|\.(?:pdf|docx?|xlsx?|wps|zip|rar)\s*$|"
    r"信息公开(?:目录|指南|专栏)\s*$|第\s*\d+\s*页\s*/\s*共\s*\d+\s*页|上一?页|下一?页|尾页|朗读|语音(?:播报|阅读)|"
    r"找错|纠错|点击\s*[:：]|已下载\s*\d+\s*次|下载次数|责编\s*[:：]|我要打印|网友评论|文明上网|理性发言|(?:精选|写)留言|[初复终]审\s*[:：]|相关(?:信息|文章|阅读|新闻)\s*[:：]|关于本(?:网|站)|网站声明|建议留言|RSS|"
    r"欢迎(?:您|访问|来到|光临)|请输入(?:关键[字词]|搜索)|IPv6|建议(?:使用|采用)|第\s*\d+\s*位访(?:问|客)|友情链接|"
    r"不良信息举报|举报(?:电话|邮箱|中心)\s*[:：]|法律声明|党政机关\s*$|^\s*(?:来源|编辑|责编|审核|校对|排版|美编|作者)\s*[|｜丨]",
    regex.I,
)
# What a report carries outside its running text and must keep: its title, the issuing
# body, a salutation, the date, headings and attachments.
HEADING = r"\s*(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.、．])"
TITLE_WORDS = "报告|总结|情况|要点|汇报|计划|方案"
FRONT_MATTER = regex.compile(
    rf"{TITLE_WORDS}|述职|^{HEADING}|"
    r"^\s*附件|〔\d{4}〕\d+号|^\s*\S{2,24}[:：]\s*$"
)
# A report's title line, and its closing date.
TITLE_LINE = regex.compile(rf"^(?!{HEADING})\s*[^\s:：。，！？|｜]{{2,60}}?(?:{TITLE_WORDS})\s*$")
DATE_LINE = r"^\s*(?:\d{4}|[二〇零○一三四五六七八九]{4})\s*年.{1,3}月.{1,3}日\s*$"
CLOSING_DATE = regex.compile(DATE_LINE)
# What may stand above a report's title or below its date and is still the report's (a
# section heading, when the last section is too short to read as body: 五、其他情况 无。).
ABOVE_OR_BELOW_KEPT = regex.compile(
    rf"^{HEADING}|〔\d{{4}}〕\d+号|^\s*\S{{2,30}}(?:政府|委员会|办公室|局|委|办|厅|部|院|所|中心|街道|镇|乡)(?:文件)?\s*$|"
    r"^\s*(?:附件|抄送|印发|此件|（此件)"
)
# Contact lines: footer furniture, but a report may state them in a sentence of its own.
CONTACT_LINE = regex.compile(r"(?:联系电话|传真|邮编|(?:电子)?邮箱)\s*[:：]|地址\s*[:：].{0,40}(?:电话|邮编)")
# A navigation bar: three or more short items separated by bars, dots or spaces.
NAV_BAR = regex.compile(r"^\s*(?:[\p{Han}A-Za-z]{2,8}\s*[|｜丨·•/]\s*){2,}[\p{Han}A-Za-z]{2,8}\s*$|^\s*(?:\p{Han}{2,6}[ \u3000]+){2,}\p{Han}{2,6}\s*$")
# What a report ends with and must keep: the issuing body and the date.
SIGNATURE = regex.compile(r"(?:政府|局|委员会|委|办公室|镇|乡|街道|中心|所|院|处|办|厅|部)\s*$|" + DATE_LINE)
# Lines that carry page metadata; their values go to stats before the line goes.
# Government pages set these out as a table, cells joined by `|` (label and value too), labels
# spaced out (`标    题：`).
META_LABELS = ("发布时间 发布日期 成文日期 生成日期 日期 来源 信息来源 发布机构 发文机关 索引号 文号 主题分类 作者 "
               "浏览次数 点击数 标题 名称 信息名称 主题词 时间 发布者 发布人 上传者 有效性 时效 公开方式 公开范围 公开日期 所属机构 体裁分类 信息分类 组配分类 "
               "服务对象 关键词").split()
META_LABEL = "|".join(r"\s*".join(label) for label in META_LABELS)
META_LINE = regex.compile(rf"^\s*(?:(?:{META_LABEL})\s*[:：|｜][^|｜\n]{{0,60}}?\s*[|｜]?\s*){{1,8}}$")
META_DATE = regex.compile(r"(?:发布时间|发布日期|成文日期|生成日期|日期)\s*[:：]\s*((?:19|20)\d\d)[-年/.](\d{1,2})[-月/.](\d{1,2})")
META_SOURCE = regex.compile(r"(?:信息来源|来源|发布机构)\s*[:：]\s*([^\s|｜]{1,30})")
BREADCRUMB = re.compile(r"[>＞›»].*[>＞›»]")
# A spam header: short phrases strung together with separators, half or more of them spam.
PHRASE_SEPARATORS = regex.compile(r"[_,，|｜丨/／·•▏#~～、\s]+")
SENTENCE_MARKS = "。，；！？"

# -- preambles and placeholders ------------------------------------------------------------

# Compiled with `re` behind a lookahead of every branch's first character: `re` then
# skips the positions where no branch can start (0.46 -> 0.15 ms a 10 KB report;
# `regex` gains nothing from the lookahead). `re`'s \s also takes U+001C-U+001F, which
# are no white space to `regex`: the pattern's \s is spelt as `regex` reads it (its \d
# misses only digits of scripts newer than Python's Unicode 14).
REGEX_SPACE = r"[^\S\x1c-\x1f]"
PREAMBLE_FIRST = r"(?=[\s小为仅查阅下文本欢希精范全网如联版转点免会付原【\[导编温剩开升成加可当完WP关获收相猜延推更篇第（(—\-–一大归贡展蓝长往设复节购积])"
PREAMBLE = re.compile(PREAMBLE_FIRST + (
    r"(?:小编|为大家整理|为大家收集|仅展示\d+字|查看全文|阅读全文|下载全文|文章来源于网络|"
    r"本文(?:来源|转载)于|欢迎(?:阅读|下载|借鉴|参考)|希望(?:对|能)(?:你|您|大家)[^。\n]{0,12}(?:帮助|参考)|"
    r"精选\d+篇|范文\d*篇|全文共\d+字|网友投稿|仅供(?:学习)?参考|如有侵权|联系删除|版权归原作者|转载请注明|"
    r"本文来自|点击下载|免费阅读|会员下载|付费下载|原创文档|文档格式|"
    r"[【\[]?(?:导语|导读)[】\]]?\s*[:：]|【(?:导语|导读)】|编者按|温馨提示|阅读(?:约|大约)需|剩余.{0,8}(?:隐藏|未读)|(?:开通|升级|成为|加入)(?:VIP|会员)|"
    r"免费预览|可预览|本文档共\d+页|当前为?第\d+页|完整版|(?:Word|PDF|WORD)版|关注(?:微信)?公众号|获取(?:完整|全文|原文)|"
    r"收藏转发|转发收藏|联系客服|节选|购买全文|下载券|积分下载|本站|相关推荐|猜你喜欢|延伸阅读|推荐阅读|"
    r"更多.{0,6}(?:范文|文章|精彩|资料)|^\s*[【\[]?(?:篇[一二三四五六七八九十\d]+|第[一二三四五六七八九十\d]+篇|范文[一二三四五六七八九十\d]+)[】\]]?(?:\s*[:：]|\s*$)|"
    r"\s第[一二三四五六七八九十\d]+篇\s*$|"
    r"[（(](?:通用|精选|优秀|热门|最新|推荐)?\d+篇[）)]|^\s*[—\-–]+\s*(?:END|完|全文完)\s*[—\-–]+\s*$|点个?[“\"]?在看|一键三连|"
    r"本文已影响|推荐度\s*[:：]|大小\s*[:：]\s*\d+(?:\.\d+)?\s*[KMkm]B|下载收益|归作者所有|贡献者|展开(?:全文|阅读)|阅读原文|"
    r"点击上方|蓝字关注|长按(?:识别|扫码)|往期(?:推荐|回顾|精选)|精选范文|[（(]共\d+篇[）)]|原标题\s*[:：]|本文标签|设为星标|"
    r"^\s*转自\s*[:：]|复制全文)").replace(r"\s", REGEX_SPACE),
    re.M,
)
SENTENCE_STOP = "。！？\n"
# A preamble keyword in the body takes its sentence with it when the sentence is no longer.
PREAMBLE_SENTENCE = 150
# A sentence: up to and with its end mark, within one line. The lookbehind lets a match
# start only where a sentence can (a long run without a stop is scanned once, not once
# per character).
OFF_TOPIC_SENTENCE = re.compile(r"(?<![^。！？!?\n])[^。！？!?\n]+[。！？!?]")
# Words with which a page talks about itself rather than about the report.
META_WORDS = regex.compile(
    r"本文|本篇|文档|资料|下载|阅读|范文|整理|分享|收藏|转发|会员|VIP|关注|公众号|转载|侵权|原创|PDF|Word|页数|字数|"
    r"格式|网友|全文|付费|免费|浏览|点击|链接|本站|网站|预览|隐藏|提示|完整|获取|回复|购买|客服|精品|精彩|推荐|更多|欢迎|编辑|修改",
    regex.I)
PLACEHOLDER = regex.compile(
    r"20[xX×_＿*＊]{2}年|(?:[×xX＊*]{2,}|[×＊])(?=[省市县区镇乡街村局委办])|(?<=\p{Han})[*＊](?=[\p{Han}\d])|"
    r"[(（]具体[^()（）\n]{1,8}[)）]|[(（]此处[^()（）\n]{1,12}[)）]"
)
# Every placeholder holds one of these.
PLACEHOLDER_CUES = (*"xX×_＿*＊", "具体", "此处")

# -- lines -----------------------------------------------------------------------------------

def _short_link(line: str) -> bool:
    line = line.strip()
    return len(line) <= 20 and not any(c in line for c in SENTENCE_MARKS)


def _furniture(line: str, in_tail: bool) -> bool:
    """A line beside a page widget that is no part of a report, and not a sentence: in
    the head, not its title, issuing body, salutation, date, heading or attachment; in
    the tail, not its signature or what it appends (a related article's title is no
    title of the report's)."""
    line = line.strip()
    kept = ABOVE_OR_BELOW_KEPT.search(line) if in_tail else FRONT_MATTER.search(line)
    return len(line) <= 80 and not any(c in line for c in "。！？") and not kept and not SIGNATURE.search(line)


def _is_body(line: str, has_preamble: bool) -> bool:
    """Running report prose: long enough and with clause marks, and no preamble unless the
    report acts in it (an aggregator's introduction reads like prose but stands outside
    the report)."""
    return (len(line.strip()) >= 30 and sum(line.count(c) for c in SENTENCE_MARKS + ",;") >= 2
            and (not has_preamble or bool(REPORT_ACTION.search(line))))


# -- the domain model's view -----------------------------------------------------------------

# An injection separator between Chinese characters (`比分:领域`, `官网 尽调`): where an
# unknown injected phrase ends.
CUE_SEPARATOR = regex.compile(r"(?<=[\p{Han}A-Za-z0-9])[_:|@ ](?=\p{Han})")
# A phrase ended by such a separator is injected when its bigrams are, in sum, this much
# likelier in general Chinese than in the reports (natural log units; tuned on dev).
OFF_DOMAIN_SUM = 12.0
MAX_PHRASE = 12
# A header line of unknown phrases: mean contrast per character pair below this.
HEADER_CONTRAST = -1.0
# A whole sentence off the report's topic: mean contrast per character pair below this,
# in a sentence without the report's voice (REPORT_VOICE). Report sentences the model
# never saw stay above -1.5 (held-out base texts and negative.txt, dev bases' model).
OFF_TOPIC_CONTRAST = -1.8
# Only running prose is judged: enough pairs, and mostly Han (figures, e-mail addresses
# and file formats make short report sentences look foreign).
OFF_TOPIC_MIN_PAIRS = 14
OFF_TOPIC_MIN_HAN = 0.85
# An unlisted phrase is spam when reading it as spam is this much likelier (log odds, see
# spam_model.py; tuned on the dev and held-out pools).
SPAM_PHRASE_SCORE = 10.0
# The report's own register: a sentence that acts as an authority (查处, 开展, 执法...) is
# the report talking, however unusual its vocabulary (假冒白酒, 河道水位).
REPORT_VOICE = re.compile(
    r"查处|打击|整治|开展|执法|依法|监管|监测|抽检|案件|专项|行政|部门|群众|辖区|全[区县市镇乡]|我[区县市镇乡局]|"
    r"街道|社区|村民|政府|规范|落实|推进|宣传|排查|督导|治理|违法|违规|罚没|没收|立案")
# The report acting (its verbs, not its nouns: a preamble names 法治政府建设 too). A line or
# sentence with a preamble keyword in which the report acts is report text with a phrase
# dropped into it (`紧扣《…实联系客服施纲要》，持续推进`), not a preamble.
REPORT_ACTION = re.compile(r"查处|打击|整治|开展|执法|监管|抽检|排查|督导|治理|推进|推动|落实|宣传|立案|罚没|没收|组织|召开")
# A line is a spam header when spam phrases cover this share of its letters.
SPAM_LINE_COVER = 0.3
# Growing a span must make the text this much likelier per character taken in: without
# the margin, words the (small) domain model has not seen yet get eaten.
GROW_MARGIN = 3.0


def _pair_score(a: str, b: str, contrast) -> float:
    """Domain contrast of the pair a+b, 0 unless both are Han characters."""
    return contrast.pair(a + b) if is_han(a) and is_han(b) else 0.0


def _pair(text: str, i: int, contrast) -> float:
    """Domain contrast of text[i:i+2], 0 out of range."""
    return _pair_score(text[i], text[i + 1], contrast) if 0 <= i and i + 2 <= len(text) else 0.0


def removal_gain(text: str, start: int, end: int, core: tuple[int, int], contrast) -> float:
    """How much likelier, in the domain, the text reads with [start, end) removed, counting
    only what differs from removing the core: the new junction, the broken boundaries and
    the extra characters taken."""
    gain = _pair_at(text, start - 1, end, contrast) - _pair(text, start - 1, contrast) - _pair(text, end - 1, contrast)
    gain -= sum(_pair(text, i, contrast) for i in range(start, core[0]))
    gain -= sum(_pair(text, i, contrast) for i in range(core[1] - 1, end - 1))
    return gain


def _pair_at(text: str, i: int, j: int, contrast) -> float:
    """Domain contrast of the pair text[i] + text[j] (the junction a removal creates)."""
    return _pair_score(text[i], text[j], contrast) if 0 <= i and j < len(text) else 0.0


def refine_span(text: str, start: int, end: int, contrast, left: int = 4, right: int = 6) -> tuple[int, int]:
    """Grow a span over neighbouring Han characters where the domain model says they
    belong to the injected text rather than to the sentence around it."""
    best = (removal_gain(text, start, end, (start, end), contrast), start, end)
    for k in range(0, left + 1):
        s = start - k
        if s < 0 or (k and not is_han(text[s])):
            break
        for m in range(0, right + 1):
            e = end + m
            if e > len(text) or (m and not is_han(text[e - 1])):
                break
            gain = removal_gain(text, s, e, (start, end), contrast) - GROW_MARGIN * (k + m)
            if gain > best[0] + 1e-9:
                best = (gain, s, e)
    return best[1], best[2]


def _legit_subject(text: str, start: int, end: int) -> bool:
    """`警惕“刷单返利”骗局`: the report's own subject, unless a separator ends the phrase
    (only injected text carries one)."""
    return in_enforcing_clause(text, start, end) and text[end - 1] not in SEPARATORS


@cache
def _default_spam_model() -> SpamPhraseModel:
    """Without a corpus: the spam model against general Chinese alone."""
    return SpamPhraseModel()


def _with_breaks(text: str, start: int, end: int, before: bool) -> tuple[int, int]:
    """A whole line [start, end) with the breaks that join it to the text, so that removing
    it leaves no empty line behind: the breaks after it, or (before=True) those before it."""
    if before:
        while start > 0 and text[start - 1] == "\n":
            start -= 1
    else:
        while end < len(text) and text[end] == "\n":
            end += 1
    return start, end


def _with_line_breaks(text: str, start: int, end: int) -> tuple[int, int]:
    """A sentence that fills its line goes with the line's breaks, as a whole line does
    (the breaks before it at the end of the text): no empty line is left."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    if text[line_start:start].strip() or text[end:line_end].strip():
        return start, end
    return _with_breaks(text, line_start, line_end, before=line_end == len(text))


def _kept_outside(line: str) -> bool:
    """A line above a report's title or below its date that is still the report's: a
    heading, a document number, the issuing body, an attachment, a date or a title."""
    return bool(ABOVE_OR_BELOW_KEPT.search(line) or TITLE_LINE.match(line) or CLOSING_DATE.match(line))


def _spans(issues: list[Issue]) -> SpanSet:
    return SpanSet((x.start, x.end) for x in issues)


def _mean_contrast(text: str, contrast) -> float:
    scores = [v for run in HAN_RUN.findall(text) for v in contrast.scores(run)]
    return sum(scores) / len(scores) if scores else 0.0


class InjectionDetector:
    name = "injection"

    def detect(self, text: str, context: Context) -> list[Issue]:
        lines = line_spans(text)
        contents = [text[s:e] for s, e in lines]
        # Preamble keywords, found once with the lines they stand on (`at`: where a match's
        # text starts; `^\s*` may start on the line before): they decide what is body, and
        # which lines go whole.
        starts = [s for s, _ in lines]
        preambles = []
        for m in PREAMBLE.finditer(text):
            at = m.start() + len(m.group()) - len(m.group().lstrip())
            preambles.append((at, m, bisect.bisect_right(starts, at) - 1))
        preamble_lines = {i for _, _, i in preambles}
        chrome, (first_body, last_body) = self._chrome_lines(text, lines, contents, context, preamble_lines)
        issues = [self._line_issue(text, lines, i, code, message, in_tail=i > last_body)
                  for i, (code, message) in chrome.items()]
        contrast = context.models.contrast if context.models is not None else None
        spam_model = context.models.spam_phrases if context.models is not None else _default_spam_model()
        # Lexicon hits first; the spam model finds the phrases no lexicon lists and draws
        # the boundaries of the phrase a hit belongs to (`皇冠体育` -> `皇冠体育投注`).
        hits = [Hit(*spam_model.widen(text, h.start, h.end), h.category) for h in spam_hits(text)]
        phrases = [p for p in spam_model.phrases(text, SPAM_PHRASE_SCORE) if not _legit_subject(text, p[0], p[1])]
        outside_body = [i for i in range(len(lines)) if not first_body <= i <= last_body]
        spans = [(h.start, h.end) for h in hits] + [(s, e) for s, e, _ in phrases]
        issues += self._spam_lines(text, lines, spans, _spans(issues), contrast, outside_body, last_body)
        issues += self._meta_lines(text, lines, _spans(issues), outside_body, last_body, preamble_lines)
        # Preambles before phrases: a paywall line goes whole, not a spammy word of it.
        issues += self._preambles(text, lines, preambles, outside_body, last_body, _spans(issues))
        issues += self._outer_lines(text, lines, contents, first_body, last_body, _spans(issues))
        issues += self._spam(text, hits, _spans(issues))
        issues += self._spam_phrases(text, phrases, _spans(issues))
        if contrast is not None:
            issues += self._off_domain_phrases(text, contrast, _spans(issues))
            issues += self._off_topic_sentences(text, contrast, _spans(issues))
        issues += self._placeholders(text)
        return issues

    def _chrome_lines(self, text: str, lines, contents: list[str], context: Context,
                      preamble_lines: set[int]) -> tuple[dict[int, tuple[str, str]], tuple[int, int]]:
        """Chrome lines in the head (before the first body line) and the tail (after the
        last). In the tail, every short line after the first chrome widget is chrome too:
        footers are lists of links. Signature lines before a footer are kept."""
        body = [i for i, line in enumerate(contents) if _is_body(line, i in preamble_lines)]
        first_body, last_body = (body[0], body[-1]) if body else (len(lines), -1)
        found: dict[int, tuple[str, str]] = {}
        for i, line in enumerate(contents):
            if first_body <= i <= last_body or not line.strip():
                continue
            if META_LINE.match(line):
                self._read_metadata(line, context, lines[i])
                found[i] = ("injection.chrome_metadata", "page metadata line (date, source); values kept in stats")
            elif ((CHROME_LINE.search(line) and not line.rstrip().endswith("。")) or NAV_BAR.match(line)
                  or (BREADCRUMB.search(line) and len(line) < 120)
                  or (CONTACT_LINE.search(line) and not any(c in line for c in "。！？"))):
                found[i] = ("injection.chrome", "web page navigation or footer")
        # Once a widget marks the page's head or tail, its other lines are furniture too
        # (links, site names, counters), except what a report keeps outside its text.
        # In the tail, every short line after the first widget is one: footers are lists of
        # links, and a link may well end in 中心 or 局.
        for part in (range(0, min(first_body, len(contents))), range(last_body + 1, len(contents))):
            lines_here = [i for i in part if contents[i].strip()]
            first_widget = min((i for i in lines_here if i in found), default=None)
            if first_widget is None:
                continue
            for i in lines_here:
                if i not in found and (_furniture(contents[i], i > last_body) or (i > max(first_widget, last_body) and _short_link(contents[i]))):
                    found[i] = ("injection.chrome", "web page navigation or footer")
        tail = [i for i in range(last_body + 1, len(contents)) if contents[i].strip() and i not in found]
        # Without a widget, three or more short lines are a footer when none reads as a signature.
        if len(tail) >= 3 and all(_short_link(contents[i]) and not SIGNATURE.search(contents[i]) for i in tail):
            for i in tail:
                found[i] = ("injection.chrome", "web page footer link")
        return found, (first_body, last_body)

    def _outer_lines(self, text: str, lines, contents: list[str], first_body: int, last_body: int, removed) -> list[Issue]:
        """A report opens with its title and closes with its date: the lines above the one
        or below the other are the page's, except what a report keeps there (`_kept_outside`)."""
        if last_body < 0:
            return []
        head = [i for i in range(first_body) if contents[i].strip()]
        tail = [i for i in range(last_body + 1, len(lines)) if contents[i].strip()]
        title = max((i for i in head if TITLE_LINE.match(contents[i])), default=-1)
        closing = max((i for i in tail if CLOSING_DATE.match(contents[i])), default=len(lines))
        outer = [i for i in head if i < title] + [i for i in tail if i > closing]
        return [self._line_issue(text, lines, i, "injection.chrome", "page furniture outside the report's title and date",
                                 in_tail=i > last_body)
                for i in outer if not _kept_outside(contents[i]) and not removed.overlaps(*lines[i])]

    @staticmethod
    def _read_metadata(line: str, context: Context, span: tuple[int, int]) -> None:
        if (m := META_DATE.search(line)) and "published" not in context.facts:
            context.facts["published"] = f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
            context.facts["published_span"] = span
        if (m := META_SOURCE.search(line)) and "source" not in context.facts:
            context.facts["source"] = m.group(1)

    @staticmethod
    def _line_issue(text: str, lines, i: int, code: str, message: str, in_tail: bool) -> Issue:
        """A whole line with the breaks that join it to the text, so that removing it leaves
        no empty line behind: the breaks after it, or in the page's tail the breaks before it
        (so the cleaned text ends where the report ends)."""
        start, end = _with_breaks(text, *lines[i], before=in_tail)
        return make_issue(text, "injection", code, start, end, message=message,
                          severity="warning", confidence=0.9, replacement="")

    def _spam_lines(self, text: str, lines, spans: list[tuple[int, int]], removed, contrast, outside_body, last_body: int) -> list[Issue]:
        """Whole lines of strung-together spam phrases: known or model-found phrases cover
        half the line or more, and the unknown phrases between them go too. Outside the
        body, a long enough string of phrases foreign to the domain is one even without."""
        issues = []
        spans, outside = SpanSet(spans), set(outside_body)
        for i, (start, end) in enumerate(lines):
            line = text[start:end]
            if removed.overlaps(start, end) or len(line) > 300 or any(c in line for c in "。；"):
                continue
            inside = [(max(s, start), min(e, end)) for s, e in spans.overlapping(start, end)]
            phrases = [p for p in PHRASE_SEPARATORS.split(line) if p]
            # strung like a navigation bar, outside the body
            strung = i in outside and len(phrases) >= 5 and max(map(len, phrases)) <= 16
            if len(inside) >= 2:
                covered = len({k for s, e in inside for k in range(s, e) if not text[k].isspace()})
                spam = strung or covered >= SPAM_LINE_COVER * sum(1 for c in line if c.isalnum())
            else:
                spam = strung and contrast is not None and _mean_contrast(line, contrast) < HEADER_CONTRAST
            if spam:
                issue = self._line_issue(text, lines, i, "injection.spam_header",
                                         "a line of strung-together spam phrases", in_tail=i > last_body >= 0)
                issues.append(msgspec.structs.replace(issue, severity="error", detail={"spam_phrases": len(inside)}))
        return issues

    def _meta_lines(self, text: str, lines, removed, outside_body, last_body: int, preamble_lines: set[int]) -> list[Issue]:
        """Lines outside the body that talk about the page rather than the report (an
        aggregator's preamble, a download or copyright notice): two or more such words."""
        issues = []
        for i in outside_body:
            start, end = lines[i]
            line = text[start:end]
            if removed.overlaps(start, end) or not line.strip() or len(line) > 150 or i in preamble_lines:
                continue
            if len(set(META_WORDS.findall(line))) >= 2 and not REPORT_VOICE.search(line):
                issues.append(self._line_issue(text, lines, i, "injection.preamble",
                                               "a line about the page, not the report (preamble, download or copyright notice)",
                                               in_tail=i > last_body))
        return issues

    def _spam(self, text: str, hits: list[Hit], removed) -> list[Issue]:
        issues = []
        for hit in hits:
            if removed.contains(hit.start, hit.end):
                continue
            issues.append(make_issue(
                text, "injection", f"injection.spam_{hit.category}", hit.start, hit.end,
                message=f"{hit.category} spam injected into the text", severity="error",
                confidence=0.9, replacement="", detail={"category": hit.category}))
        return issues

    def _spam_phrases(self, text: str, phrases, removed) -> list[Issue]:
        """Spam phrases no lexicon lists, by the spam language model."""
        return [
            make_issue(text, "injection", "injection.spam_phrase", start, end,
                       message="a phrase that reads as SEO spam, not as the report", severity="error",
                       confidence=min(0.95, 0.6 + (score - SPAM_PHRASE_SCORE) / 30), replacement="",
                       detail={"spam_log_odds": round(score, 1)})
            for start, end, score in phrases if not removed.overlaps(start, end)
        ]

    def _off_domain_phrases(self, text: str, contrast, removed) -> list[Issue]:
        """Unknown injected phrases: a run of characters ended by an injection separator,
        much likelier in general Chinese than in the reports. Two signals must agree."""
        issues = []
        for m in CUE_SEPARATOR.finditer(text):
            end = m.start()
            if removed.covers(end) or (issues and end < issues[-1].end):
                continue
            start = end
            while start > 0 and end - start < MAX_PHRASE and is_han(text[start - 1]):
                start -= 1
            if end - start < 2:
                continue
            scores = contrast.scores(text[start:end])
            # The most off-domain tail of the run, ending at the separator.
            total, best, best_start = 0.0, 0.0, end
            for i in range(len(scores) - 1, -1, -1):
                total += scores[i]
                if total < best:
                    best, best_start = total, start + i
            if best > -OFF_DOMAIN_SUM:
                continue
            s, e = refine_span(text, best_start, end + 1, contrast, left=2, right=0)
            issues.append(make_issue(
                text, "injection", "injection.off_domain", s, e,
                message="a phrase foreign to the report's domain, set off by an injection separator",
                severity="warning", confidence=min(0.9, 0.5 + (-best - OFF_DOMAIN_SUM) / 40),
                replacement="", detail={"domain_contrast": round(best, 2)}))
        return issues

    def _off_topic_sentences(self, text: str, contrast, removed) -> list[Issue]:
        """Fluent sentences about something else (sport, recipes, products): far likelier
        in general Chinese than in the reports, pair after pair."""
        issues = []
        for m in OFF_TOPIC_SENTENCE.finditer(text):
            start, end = m.span()
            sentence = m.group()
            if REPORT_VOICE.search(sentence) or ENFORCEMENT.search(sentence) or removed.overlaps(start, end):
                continue
            runs = HAN_RUN.findall(sentence)
            han = sum(map(len, runs))
            pairs = han - len(runs)
            if pairs < OFF_TOPIC_MIN_PAIRS or han < OFF_TOPIC_MIN_HAN * len(sentence.strip()):
                continue
            mean = sum(v for run in runs for v in contrast.scores(run)) / pairs
            if mean >= OFF_TOPIC_CONTRAST:
                continue
            start, end = _with_line_breaks(text, start, end)
            issues.append(make_issue(
                text, "injection", "injection.off_topic", start, end,
                message="a sentence off the report's topic", severity="warning",
                confidence=min(0.9, 0.5 + (OFF_TOPIC_CONTRAST - mean) / 3), replacement="",
                detail={"domain_contrast": round(mean, 2)}))
        return issues

    def _preambles(self, text: str, lines, preambles, outside_body, last_body: int, removed) -> list[Issue]:
        """Preamble and paywall sentences; outside the body, the whole line they stand on."""
        issues = []
        taken = SpanSet()
        outside = set(outside_body)
        for at, m, i in preambles:
            if i in outside and at < lines[i][1] and lines[i][1] - lines[i][0] <= 150:
                if not removed.overlaps(*lines[i]) and not taken.overlaps(*lines[i]):
                    issues.append(self._line_issue(text, lines, i, "injection.preamble",
                                                   "aggregator preamble or paywall line", in_tail=i > last_body))
                    taken.add(issues[-1].start, issues[-1].end)
                continue
            # In the body, the whole sentence around the keyword goes, with the breaks after
            # it, unless the report acts in it (then the keyword was dropped into a report
            # sentence, and the spam detectors take the phrase alone). A longer sentence
            # stays, so its ends are looked for no further away than that.
            reach = PREAMBLE_SENTENCE + 1
            start = max(text.rfind(c, max(0, m.start() - reach), m.start()) for c in SENTENCE_STOP) + 1
            end = min((k for k in (text.find(c, m.end(), m.end() + reach) for c in SENTENCE_STOP) if k >= 0), default=len(text))
            if end < len(text) and text[end] != "\n":
                end += 1
            if removed.covers(start) or end - start > PREAMBLE_SENTENCE or REPORT_ACTION.search(text, start, end):
                continue
            if issues and start < issues[-1].end:
                continue
            while end < len(text) and text[end] == "\n":
                end += 1
            issues.append(make_issue(
                text, "injection", "injection.preamble", start, end,
                message="aggregator preamble or paywall line", confidence=0.85, replacement=""))
            taken.add(start, end)
        return sorted(issues, key=lambda x: x.start)

    def _placeholders(self, text: str) -> list[Issue]:
        if not any(cue in text for cue in PLACEHOLDER_CUES):
            return []  # most reports: the pattern's scan costs more than these tests
        return [
            make_issue(text, "injection", "injection.placeholder", m.start(), m.end(),
                       message="template placeholder never filled in; left in place (removing it would break the sentence)",
                       confidence=0.85)
            for m in PLACEHOLDER.finditer(text)
        ]
