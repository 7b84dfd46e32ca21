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
    rows = list(rows)
    extra = [c for c in ("bleu", "chrf", "ter") if any(c in row for row in rows)]
    frame = pd.DataFrame(rows, columns=list(SUMMARY_COLUMNS) + extra)
    if corpus is not None and len(frame) > 1:
        total = {
            "doc": total_label, "words": corpus.words, "segments": int(frame["segments"].sum()),
            "findings": int(frame["findings"].sum()), "minor": int(frame["minor"].sum()),
            "major": int(frame["major"].sum()), "critical": int(frame["critical"].sum()),
            "penalty": round(corpus.penalty, 4), "score": round(corpus.score, 1),
            "suppressed": int(frame["suppressed"].fillna(0).sum()),
        }
        frame = pd.concat([frame, pd.DataFrame([total])], ignore_index=True)
    return frame


def segment_frame(result) -> pd.DataFrame:
    """One row per line of a document: words, findings, penalty, and chrF when references were given."""
    from ..metrics import split_lines

    lines = split_lines(result.text)
    findings = [0] * len(lines)
    penalty = [0.0] * len(lines)
    for finding in result.findings:
        if 0 < finding.line <= len(lines):
            findings[finding.line - 1] += 1
            penalty[finding.line - 1] += finding.penalty
    frame = pd.DataFrame({
        "doc": result.doc, "line": range(1, len(lines) + 1), "words": [len(line.split()) for line in lines],
        "findings": findings, "penalty": [round(p, 4) for p in penalty],
    })
    if result.segment_chrf:
        frame["chrf"] = [round(c, 4) for c in result.segment_chrf]
    return frame


def write_summary_csv(stream, rows: Iterable[dict], signature: str, *, raw: bool = False) -> None:
    """The per-document summary as CSV (``--summary``): one row per document, the signature on every row, cells
    that spreadsheets would run as formulas neutralised unless ``raw``; CRLF row ends (RFC 4180)."""
    frame = summary_frame(rows)
    frame["signature"] = signature
    if not raw:
        frame = neutralise_frame(frame)
    frame.to_csv(stream, index=False, lineterminator="\r\n")


def write_segments_csv(stream, frames: list[pd.DataFrame]) -> None:
    """The per-line tables of :func:`segment_frame` as one CSV (``--segments``)."""
    frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    frame.to_csv(stream, index=False, lineterminator="\r\n")
