"""The README's two /v1/clean examples give, field for field, the output the README shows.

Both are read from README.md itself (the request of the first `curl` block and the JSON
block after it), so an edit to the detectors that changes a message or a span, or an edit
to the README that nobody ran, fails here. Only `stats.elapsed_ms` is left out.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from tests.seeds import SEEDS_DIR

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
# A ```sh block holding a curl to /v1/clean, then the ```json block that shows its output.
EXAMPLE = re.compile(r"```sh\n(curl [^`]*?/v1/clean[^`]*?)```\s*```json\n(.*?)```", re.S)


def _examples() -> list[tuple[str, list[dict]]]:
    return [(command, [json.loads(line) for line in output.splitlines() if line.strip()])
            for command, output in EXAMPLE.findall(README)]


def _without_elapsed(value: dict) -> dict:
    if "elapsed_ms" in value:
        return {k: v for k, v in value.items() if k != "elapsed_ms"}
    if isinstance(value.get("stats"), dict):
        return {**value, "stats": _without_elapsed(value["stats"])}
    return value


def test_the_readme_shows_both_examples():
    commands = [command for command, _ in _examples()]
    assert len(commands) == 2, commands
    assert "-d '" in commands[0] and "--data-binary @../shared/seeds/" in commands[1]


def test_json_example(client):
    command, (shown,) = _examples()[0]
    body = json.loads(re.search(r"-d '(.*?)'", command, re.S).group(1))
    response = client.post("/v1/clean", json=body)
    assert response.status_code == 200
    assert _without_elapsed(response.json()) == _without_elapsed(shown)


def test_raw_seed_example(client):
    command, shown = _examples()[1]
    query = re.search(r"/v1/clean\?([^']*)'", command).group(1)
    seed_file = SEEDS_DIR / re.search(r"--data-binary @\.\./shared/seeds/(\S+)", command).group(1)
    response = client.post(f"/v1/clean?{query}", content=seed_file.read_bytes(),
                           headers={"Content-Type": "text/plain; charset=utf-8"})
    assert response.status_code == 200
    result = response.json()
    # the command pipes the answer through `jq -c '.stats, .issues[]'`
    assert [_without_elapsed(x) for x in [result["stats"], *result["issues"]]] == [_without_elapsed(x) for x in shown]
