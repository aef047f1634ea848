"""The per-request processing deadline (ZHCLEAN_DEADLINE_MS), and adversarial inputs through the detectors.

The detectors are checked for catastrophic backtracking and quadratic work by running inputs built to
trigger them (bench/adversarial.py: long runs of what their patterns repeat over, many tiny
lines each an issue) through detectors.clean:
each must finish and give valid spans. Timings are printed (`pytest -s`), never asserted.
"""
from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
import time

import pytest

from bench import adversarial
from detectors import clean
from service.settings import DEFAULT_DEADLINE_MS, Settings, SettingsError

ADVERSARIAL = adversarial.inputs()


def assert_valid(text: str, result) -> None:
    cleaned = text.removeprefix("\ufeff")
    for issue in result.issues:
        assert 0 <= issue.start <= issue.end <= len(cleaned)
    replayed = cleaned
    for issue in sorted((i for i in result.issues if i.fixed), key=lambda i: i.start, reverse=True):
        replayed = replayed[: issue.start] + issue.replacement + replayed[issue.end:]
    assert replayed == result.text


@pytest.mark.parametrize("name", list(ADVERSARIAL))
def test_adversarial_inputs_finish_with_valid_spans(name, record_property):
    text = ADVERSARIAL[name]
    started = time.perf_counter()
    result = clean(text)
    elapsed_ms = (time.perf_counter() - started) * 1000
    record_property("elapsed_ms", round(elapsed_ms))
    print(f"\n{name}: {len(text)} chars, {elapsed_ms:.0f} ms, {len(result.issues)} issues")
    assert_valid(text, result)


def test_deadline_setting():
    assert Settings.from_env({}).deadline_ms == DEFAULT_DEADLINE_MS == 5000
    assert Settings.from_env({"ZHCLEAN_DEADLINE_MS": "250"}).deadline_ms == 250
    assert Settings.from_env({"ZHCLEAN_DEADLINE_MS": "0"}).deadline_ms == 0  # off
    with pytest.raises(SettingsError, match="ZHCLEAN_DEADLINE_MS"):
        Settings.from_env({"ZHCLEAN_DEADLINE_MS": "-5"})
    s = Settings(deadline_ms=750)
    assert Settings.from_env(s.to_env()).deadline_ms == 750


@pytest.fixture
def stuck_cleaner(monkeypatch):
    """clean_document blocked until the test releases it: a document that would never finish."""
    release = threading.Event()
    entered = threading.Event()

    def stuck(*args, **kwargs):
        entered.set()
        release.wait(timeout=30)
        raise AssertionError("the abandoned computation's result must never be used")

    monkeypatch.setattr("service.controllers.clean.clean_document", stuck)
    yield release, entered
    release.set()


@pytest.mark.parametrize(("path", "body"), [
    ("/v1/clean", {"text": "报告"}),
    ("/v1/clean/batch", {"documents": [{"id": "a", "text": "报告"}, {"id": "b", "text": "报告"}]}),
])
def test_a_stuck_document_gets_503_at_the_deadline_and_the_service_goes_on(make_client, stuck_cleaner, path, body):
    release, entered = stuck_cleaner
    client = make_client(deadline_ms=200)
    r = client.post(path, json=body)
    # Answered while the computation was still blocked: the deadline did not wait for it.
    assert entered.is_set() and not release.is_set()
    assert r.status_code == 503 and r.headers["content-type"].startswith("application/json")
    error = r.json()
    assert "deadline of 200 ms" in error["error"] and "ZHCLEAN_DEADLINE_MS" in error["error"]
    assert error["detail"] == {"deadline_ms": 200}
    assert client.get("/healthz").json()["status"] == "ok"
    assert client.get("/v1/corpus/stats").status_code == 200


def test_pathological_document_over_a_tight_deadline(make_client):
    """A real adversarial document: 503 under a 1 ms deadline, 200 with valid spans under the default."""
    text = "?," * 100_000
    tight = make_client(deadline_ms=1)
    r = tight.post("/v1/clean", json={"text": text})
    assert r.status_code == 503 and "deadline" in r.json()["error"]
    assert tight.get("/healthz").status_code == 200
    r = tight.post("/v1/clean", content=text.encode(), headers={"content-type": "text/plain"})
    assert r.status_code == 503
    relaxed = make_client()
    body = relaxed.post("/v1/clean", json={"text": text}).json()
    assert all(0 <= i["start"] <= i["end"] <= len(text) for i in body["issues"])


def test_no_deadline_when_off(make_client, monkeypatch):
    calls = []

    def slow(*args, **kwargs):
        calls.append(1)
        time.sleep(0.05)
        return clean(args[0])

    monkeypatch.setattr("service.controllers.clean.clean_document", slow)
    client = make_client(deadline_ms=0)
    assert client.post("/v1/clean", json={"text": "报告,结束"}).status_code == 200 and calls


LONG_SENTENCE_SCRIPT = textwrap.dedent("""
    import sys, tempfile, os, time
    from corpus import open_store
    from detectors import clean
    from service.models import models_for
    store = open_store(os.path.join(tempfile.mkdtemp(), "c.sqlite3"))
    models = models_for(store)
    models.refresh()
    text = "我镇成立领导小组,镇长任组长" * int(sys.argv[1])  # one sentence: no 。！？ anywhere
    started = time.perf_counter()
    result = clean(text, models=models.current(), corpus=store.query())
    print(f"{len(text)} chars in {time.perf_counter() - started:.2f} s, {len(result.issues)} issues")
""")


def test_one_long_sentence_with_models():
    """The adversarial inputs above run without the corpus-trained models; with them, one long sentence
    (no sentence stop in 40 k characters) must still finish: linear time is well under a second.
    A subprocess, so a runaway computation can be stopped (a thread cannot)."""
    out = subprocess.run([sys.executable, "-c", LONG_SENTENCE_SCRIPT, "3000"], capture_output=True, text=True,
                         timeout=8, check=True)
    print(out.stdout)


def test_abandoned_work_keeps_its_slot_and_load_is_shed(make_client, monkeypatch):
    """With one slot held by a computation abandoned at its deadline, the next request is refused
    (503, busy) without starting any work, and gets through once that computation ends."""
    release, calls = threading.Event(), []

    def stuck(text, **kwargs):
        calls.append(text)
        if text == "stuck":
            release.wait(timeout=30)
        return clean(text)

    monkeypatch.setattr("service.controllers.clean.clean_document", stuck)
    client = make_client(deadline_ms=200, clean_slots=1)
    try:
        assert client.post("/v1/clean", json={"text": "stuck"}).status_code == 503
        busy = client.post("/v1/clean", json={"text": "next"})
        assert busy.status_code == 503 and "busy" in busy.json()["error"] and "1 cleaning slots" in busy.json()["error"]
        assert calls == ["stuck"]  # the refused request started no work
    finally:
        release.set()
    for _ in range(50):  # the abandoned thread ends and gives its slot back
        r = client.post("/v1/clean", json={"text": "next"})
        if r.status_code == 200:
            break
    assert r.status_code == 200 and calls[-1] == "next"
