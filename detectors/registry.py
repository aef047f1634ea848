"""The detectors that run by default, in order: later ones read facts earlier ones found."""
from __future__ import annotations

from functools import cache

from .base import Detector


@cache
def default_detectors() -> tuple[Detector, ...]:
    # Imported here so that importing `detectors` stays cheap for tools that only need types.
    from .boilerplate import BoilerplateDetector
    from .encoding import EncodingDetector
    from .injection import InjectionDetector
    from .punctuation import PunctuationDetector
    from .script import ScriptDetector
    from .year import YearDetector

    # Injection runs before year so that chrome metadata (publication date) is known.
    return (
        EncodingDetector(),
        InjectionDetector(),
        PunctuationDetector(),
        ScriptDetector(),
        YearDetector(),
        BoilerplateDetector(),
    )
