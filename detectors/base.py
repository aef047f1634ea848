"""The detector interface: a name and detect(text, context) -> issues.

A detector whose issues are suggestions only, never applied, says so with a class
attribute `suggests_only = True`: the later cleaning passes look for fixes alone and
skip it.
"""
from __future__ import annotations

from typing import Protocol, runtime_checkable

from .context import Context
from .types import Issue


@runtime_checkable
class Detector(Protocol):
    name: str

    def detect(self, text: str, context: Context) -> list[Issue]: ...
