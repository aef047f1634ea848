"""The boilerplate detector names other corpus documents, never the document itself."""
from __future__ import annotations

import random

import pytest

from corpus import open_store
from detectors import clean
from tests.seeds import seed


def lightly_edited(text: str, rng: random.Random) -> str:
    """Another town's copy: the town renamed and a few characters per line changed."""
    text = text.replace("鸡冠石镇", "长生桥镇").replace("我镇", "本镇")
    lines = []
    for line in text.split("\n"):
        chars = list(line)
        for _ in range(len(chars) // 80):
            at = rng.randrange(len(chars))
            chars[at] = rng.choice("的了在和是有")
        lines.append("".join(chars))
    return "\n".join(lines)


@pytest.fixture()
def store(tmp_path):
    s = open_store(str(tmp_path / "corpus.sqlite3"))
    yield s
    s.close()


def test_edited_copy_is_named_by_boilerplate_issues(store):
    original = seed("000")
    store.add_documents([("copy-of-000", lightly_edited(original, random.Random(7)))])
    result = clean(original, doc_id="000_737ec225baaa22f9", corpus=store.query())
    found = [i for i in result.issues if i.type == "boilerplate"]
    assert len(found) >= 5
    for issue in found:
        named = [d["id"] for d in issue.detail["documents"]]
        assert named == ["copy-of-000"]
        assert issue.severity == "info" and not issue.fixed
        assert 0 <= issue.start < issue.end <= len(original)
    assert result.text == original  # boilerplate is informational, never removed


def test_a_seed_under_its_own_id_never_names_itself(store):
    for prefix in ["000", "001", "002", "003", "004"]:
        text = seed(prefix)
        doc_id = next(i for i in store.list_ids(limit=10) if i.startswith(prefix))
        result = clean(text, doc_id=doc_id, corpus=store.query())
        named = {d["id"] for i in result.issues if i.type == "boilerplate" for d in i.detail["documents"]}
        assert doc_id not in named


def test_without_an_id_the_identical_entry_is_excluded(store):
    text = seed("003")
    result = clean(text, corpus=store.query())
    assert [i for i in result.issues if i.type == "boilerplate"] == []
