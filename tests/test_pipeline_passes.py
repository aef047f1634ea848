"""When the pipeline cleans the cleaned text again: only after a fix that could call for
another (a removal), never after fixes that swap characters one for one."""
from __future__ import annotations

from detectors import clean
from detectors.registry import default_detectors


class _Counting:
    """A detector that counts the texts it is asked about."""

    def __init__(self, detector):
        self.inner, self.name, self.texts = detector, detector.name, []
        self.suggests_only = getattr(detector, "suggests_only", False)

    def detect(self, text, context):
        self.texts.append(text)
        return self.inner.detect(text, context)


def _passes(text: str) -> int:
    detectors = [_Counting(d) for d in default_detectors()]
    result = clean(text, detectors=detectors)
    assert clean(result.text).text == result.text  # cleaning twice changes nothing
    return len(detectors[0].texts)


def test_marks_swapped_one_for_one_need_one_pass():
    assert _passes("我镇成立领导小组,镇长任组长;副镇长任副组长。") == 1


def test_a_removal_is_checked_by_a_second_pass():
    assert _passes("推动皇冠足球比分:领域建立轻微违法行为免罚清单,开展执法检查。") == 2


def test_detectors_that_never_fix_sit_out_the_later_passes():
    detectors = [_Counting(d) for d in default_detectors()]
    clean("关于2023年度法治政府建设情况的报告\n推动皇冠足球比分:领域建立清单,开展执法检查。", detectors=detectors)
    asked = {d.name: len(d.texts) for d in detectors}
    assert asked["injection"] == 2 and asked["year"] == 1 and asked["boilerplate"] == 1, asked
