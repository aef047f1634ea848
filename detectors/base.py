"""The detector interface: a name and detect(text, context) -> issues."""
from __future__ import annotations

from typing import Protocol, runtime_checkable

from .context import Context
from .types import Issue


@runtime_checkable
class Detector(Protocol):
    name: str

    def detect(self, text: str, context: Context) -> list[Issue]: ...
