"""Unicode script classes shared by the checks: what counts as Chinese, Japanese or Korean text.

One definition, used by the language check (untranslated runs) and the punctuation check (full-width marks
that belong to an untranslated run are the language check's, not punctuation's).
"""

from __future__ import annotations

import re
from .lazyre import lazy_compile

# Han (without U+4E28 丨, a separator in Chinese headlines), Kana, Hangul.
CJK_LETTER_CLASS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u4e27\u4e29-\u9fff\uf900-\ufaff\uac00-\ud7af\u1100-\u11ff"
# CJK symbols and punctuation, full-width forms.
CJK_PUNCT_CLASS = "\u3000-\u303f\uff00-\uffef"

CJK_LETTER = lazy_compile(f"[{CJK_LETTER_CLASS}]")
KANA = lazy_compile("[\u3040-\u30ff]")
HANGUL = lazy_compile("[\uac00-\ud7af\u1100-\u11ff]")
LATIN_LETTER = lazy_compile(r"[^\W\d_]", re.ASCII)

# A run of CJK text: letters with CJK punctuation between them, and short stretches of digits, spaces and
# ASCII punctuation ("2022年3月"); a number right before the run belongs to it. The cost is linear in the
# line: the number is bounded, and a run of punctuation is tried only from its first mark (the lookbehind),
# never again from every mark inside it.
CJK_RUN = lazy_compile(
    f"(?:(?<![\\w.,])[0-9][0-9.,]{{0,24}}[ ]?(?=[{CJK_LETTER_CLASS}]))?"
    f"(?<![{CJK_PUNCT_CLASS}])[{CJK_PUNCT_CLASS}]*+[{CJK_LETTER_CLASS}][{CJK_LETTER_CLASS}{CJK_PUNCT_CLASS}]*"
    f"(?:[0-9 .,:;%/\\-]{{1,4}}[{CJK_PUNCT_CLASS}]*[{CJK_LETTER_CLASS}][{CJK_LETTER_CLASS}{CJK_PUNCT_CLASS}]*)*"
)


def script_language(run: str) -> str:
    """"Japanese", "Korean" or "Chinese" for a run of CJK text."""
    return "Japanese" if KANA.search(run) else "Korean" if HANGUL.search(run) else "Chinese"
