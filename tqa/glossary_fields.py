"""What a glossary file holds before it is validated: values with the line they came from, and the language
codes glossaries and term bases use. Shared by the glossary loader (:mod:`tqa.glossary`) and the term-base
reader (:mod:`tqa.termbase`), which hands the loader fields of this kind to validate."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .lazyre import lazy_compile


@dataclass
class Raw:
    """A value read from a file together with the line it came from."""

    value: Any
    line: int


#: A BCP 47 language tag as glossaries use them: a language, then optionally a script and a region.
LANGUAGE_CODE = lazy_compile(r"[A-Za-z]{2,3}(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|[0-9]{3}))?")
#: Language names users write instead of codes, for the "did you mean" hint.
LANGUAGE_NAMES = {
    "english": "en", "chinese": "zh", "mandarin": "zh", "cantonese": "yue", "french": "fr", "german": "de",
    "spanish": "es", "portuguese": "pt", "italian": "it", "dutch": "nl", "russian": "ru", "japanese": "ja",
    "korean": "ko", "arabic": "ar",
}
