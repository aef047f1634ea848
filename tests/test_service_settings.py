"""Settings from ZHCLEAN_* variables, overridden by flags."""
from __future__ import annotations

import pytest

from service.settings import DEFAULT_MAX_BATCH, DEFAULT_MAX_BODY_BYTES, Settings, SettingsError


def test_defaults():
    s = Settings.from_env({})
    assert (s.db, s.host, s.port, s.workers, s.api_token) == (None, "127.0.0.1", 8000, 1, None)
    assert s.max_body_bytes == DEFAULT_MAX_BODY_BYTES == 2 * 1024 * 1024
    assert s.max_batch == DEFAULT_MAX_BATCH == 100


def test_environment_and_overrides():
    env = {"ZHCLEAN_DB": "/data/c.sqlite3", "ZHCLEAN_HOST": "0.0.0.0", "ZHCLEAN_PORT": "9000",
           "ZHCLEAN_WORKERS": "3", "ZHCLEAN_MAX_BODY_BYTES": "10", "ZHCLEAN_MAX_BATCH": "5",
           "ZHCLEAN_API_TOKEN": "t"}
    s = Settings.from_env(env)
    assert (s.db, s.host, s.port, s.workers, s.max_body_bytes, s.max_batch, s.api_token) == (
        "/data/c.sqlite3", "0.0.0.0", 9000, 3, 10, 5, "t")
    assert Settings.from_env(s.to_env()) == s
    flagged = s.with_overrides(port=8123, host=None)  # an unset flag (None) keeps the env value
    assert (flagged.port, flagged.host) == (8123, "0.0.0.0")


@pytest.mark.parametrize(("name", "value", "words"), [
    ("ZHCLEAN_PORT", "http", "integer"),
    ("ZHCLEAN_WORKERS", "0", "at least 1"),
    ("ZHCLEAN_MAX_BATCH", "-1", "at least 1"),
])
def test_bad_values_name_the_variable(name, value, words):
    with pytest.raises(SettingsError, match=f"{name}.*{words}"):
        Settings.from_env({name: value})


def test_empty_values_mean_unset():
    assert Settings.from_env({"ZHCLEAN_API_TOKEN": "  ", "ZHCLEAN_DB": ""}).api_token is None
