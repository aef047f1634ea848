"""Service settings: ZHCLEAN_* environment variables, overridden by command-line flags."""
from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_MAX_BODY_BYTES = 2 * 1024 * 1024  # 2 MiB: a long report is a few hundred KiB
DEFAULT_MAX_BATCH = 100  # documents per /v1/clean/batch or /v1/corpus/documents request
DEFAULT_DEADLINE_MS = 5000  # per /v1/clean or /v1/clean/batch request; a 2 MiB report takes well under 1 s
DEFAULT_CLEAN_SLOTS = 4  # cleaning computations at once per worker process (the GIL makes more useless)
MAX_JSON_DEPTH = 32  # our bodies nest 3 levels; deeper JSON is refused before it is parsed


class SettingsError(ValueError):
    """A ZHCLEAN_* variable or flag has a value that cannot be used."""


@dataclass(frozen=True)
class Settings:
    db: str | None = None  # None: corpus.open_store's default (env ZHCLEAN_DB, else ./zhclean-data/)
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    workers: int = 1
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    max_batch: int = DEFAULT_MAX_BATCH
    api_token: str | None = None  # when set, corpus-changing endpoints need "Bearer <token>"
    deadline_ms: int = DEFAULT_DEADLINE_MS  # processing deadline of one clean request; 0 turns it off
    clean_slots: int = DEFAULT_CLEAN_SLOTS  # concurrent cleaning computations per worker process

    def __post_init__(self) -> None:
        # A header value reaches us as Latin-1-decoded bytes: a token outside printable ASCII could
        # never match, and spaces would be cut by the "Bearer <token>" parsing.
        token = self.api_token
        if token is not None and not (token.isascii() and token.isprintable() and " " not in token):
            raise SettingsError("ZHCLEAN_API_TOKEN must be printable ASCII without spaces")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> "Settings":
        env = os.environ if environ is None else environ

        def text(name: str) -> str | None:
            value = env.get(name, "").strip()
            return value or None

        def number(name: str, default: int, minimum: int) -> int:
            raw = text(name)
            if raw is None:
                return default
            try:
                value = int(raw)
            except ValueError:
                raise SettingsError(f"{name} must be an integer, not {raw!r}") from None
            if value < minimum:
                raise SettingsError(f"{name} must be at least {minimum}, not {value}")
            return value

        return cls(
            db=text("ZHCLEAN_DB"),
            host=text("ZHCLEAN_HOST") or DEFAULT_HOST,
            port=number("ZHCLEAN_PORT", DEFAULT_PORT, 0),
            workers=number("ZHCLEAN_WORKERS", 1, 1),
            max_body_bytes=number("ZHCLEAN_MAX_BODY_BYTES", DEFAULT_MAX_BODY_BYTES, 1),
            max_batch=number("ZHCLEAN_MAX_BATCH", DEFAULT_MAX_BATCH, 1),
            api_token=text("ZHCLEAN_API_TOKEN"),
            deadline_ms=number("ZHCLEAN_DEADLINE_MS", DEFAULT_DEADLINE_MS, 0),
            clean_slots=number("ZHCLEAN_CLEAN_SLOTS", DEFAULT_CLEAN_SLOTS, 1),
        )

    def with_overrides(self, **values: object) -> "Settings":
        """These settings with every given value that is not None (unset CLI flags are None)."""
        known = {f.name for f in fields(self)}
        unknown = set(values) - known
        if unknown:
            raise TypeError(f"unknown settings: {sorted(unknown)}")
        return replace(self, **{k: v for k, v in values.items() if v is not None})

    def to_env(self) -> dict[str, str]:
        """The ZHCLEAN_* variables that reproduce these settings (for uvicorn worker processes)."""
        env = {
            "ZHCLEAN_HOST": self.host,
            "ZHCLEAN_PORT": str(self.port),
            "ZHCLEAN_WORKERS": str(self.workers),
            "ZHCLEAN_MAX_BODY_BYTES": str(self.max_body_bytes),
            "ZHCLEAN_MAX_BATCH": str(self.max_batch),
            "ZHCLEAN_DEADLINE_MS": str(self.deadline_ms),
            "ZHCLEAN_CLEAN_SLOTS": str(self.clean_slots),
        }
        if self.db is not None:
            env["ZHCLEAN_DB"] = self.db
        if self.api_token is not None:
            env["ZHCLEAN_API_TOKEN"] = self.api_token
        return env
