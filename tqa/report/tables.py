"""Tables shared by renderers: the per-document summary as a pandas DataFrame, CSV cell neutralisation."""

from __future__ import annotations

from typing import Iterable

import pandas as pd

from ..model import SUMMARY_COLUMNS
from ..scoring import CorpusScore

# A cell starting with one of these is run as a formula by Excel, LibreOffice and Google Sheets.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Prefix a formula-looking text cell with an apostrophe, so spreadsheets show it as text."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with every formula-looking text cell prefixed by an apostrophe."""
    out = frame.copy()
    for column in out.columns:
        values = out[column]
        if values.dtype == object or pd.api.types.is_string_dtype(values):
            risky = values.str.startswith(FORMULA_PREFIXES, na=False)
            if risky.any():
                out[column] = values.where(~risky, "'" + values.astype(str))
    return out


def summary_frame(rows: Iterable[dict], corpus: CorpusScore | None = None, *, total_label: str = "TOTAL") -> pd.DataFrame:
    frame = pd.DataFrame(list(rows), columns=list(SUMMARY_COLUMNS))
    if corpus is not None and len(frame) > 1:
        total = {
            "doc": total_label, "words": corpus.words, "segments": int(frame["segments"].sum()),
            "findings": int(frame["findings"].sum()), "minor": int(frame["minor"].sum()),
            "major": int(frame["major"].sum()), "critical": int(frame["critical"].sum()),
            "penalty": round(corpus.penalty, 4), "score": round(corpus.score, 1),
        }
        frame = pd.concat([frame, pd.DataFrame([total])], ignore_index=True)
    return frame
