"""Tables shared by renderers: the per-document summary as a pandas DataFrame, CSV cell neutralisation.

pandas is imported only when a DataFrame is made: a ``tqa check`` of one small file prints its summary table
with :func:`summary_text`, which writes what ``DataFrame.to_string(index=False)`` writes without importing
pandas (about 0.3 s, twice the whole run an editor waits for).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Iterable, Sequence

from ..model import SUMMARY_COLUMNS
from ..scoring import CorpusScore

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

# A cell starting with one of these is run as a formula by Excel, LibreOffice and Google Sheets.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Prefix a formula-looking text cell with an apostrophe, so spreadsheets show it as text."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def neutralise_frame(frame: "pd.DataFrame") -> "pd.DataFrame":
    """A copy of ``frame`` with every formula-looking text cell prefixed by an apostrophe."""
    import pandas as pd

    out = frame.copy()
    for column in out.columns:
        values = out[column]
        if values.dtype == object or pd.api.types.is_string_dtype(values):
            risky = values.str.startswith(FORMULA_PREFIXES, na=False)
            if risky.any():
                out[column] = values.where(~risky, "'" + values.astype(str))
    return out


def summary_frame(rows: Iterable[dict], corpus: CorpusScore | None = None, *, total_label: str = "TOTAL") -> "pd.DataFrame":
    import pandas as pd

    rows = list(rows)
    extra = [c for c in ("bleu", "chrf", "ter") if any(c in row for row in rows)]
    frame = pd.DataFrame(rows, columns=list(SUMMARY_COLUMNS) + extra)
    if corpus is not None and len(frame) > 1:
        frame = pd.concat([frame, pd.DataFrame([_total_row(rows, corpus, total_label)])], ignore_index=True)
    return frame


def _total_row(rows: list[dict], corpus: CorpusScore, total_label: str) -> dict:
    def total(column: str) -> int:
        return int(sum(row.get(column) or 0 for row in rows))

    return {
        "doc": total_label, "words": corpus.words, "segments": total("segments"), "findings": total("findings"),
        "minor": total("minor"), "major": total("major"), "critical": total("critical"),
        "penalty": round(corpus.penalty, 4), "score": round(corpus.score, 1), "suppressed": total("suppressed"),
    }


#: The summary columns :func:`summary_text` formats as numbers (pandas infers the same dtypes).
_INT_COLUMNS = frozenset({"words", "segments", "findings", "minor", "major", "critical", "suppressed"})
_FLOAT_COLUMNS = frozenset({"penalty", "score"})
#: Columns that mean something per document only: blank for the total and where unknown (never "NaN").
_BLANK_WHEN_MISSING = ("lang", "lang_prob", "encoding")


def summary_text(rows: Iterable[dict], corpus: CorpusScore | None, *, show_suppressed: bool, display=str) -> str:
    """The summary table as the text report prints it: exactly ``summary_frame(rows, corpus).to_string(index=
    False)`` after the text report's changes (``display`` applied to the documents' names, the per-document
    columns blank where missing, ``suppressed`` dropped unless ``show_suppressed``). Formatted here for the
    common values; anything else (a metric column, where the total has none; a number pandas writes in
    scientific notation) goes through pandas itself."""
    rows = list(rows)
    if not rows:
        return ""
    extra = [c for c in ("bleu", "chrf", "ter") if any(c in row for row in rows)]
    table = [dict(row) for row in rows]
    if corpus is not None and len(table) > 1:
        table.append(_total_row(rows, corpus, "TOTAL"))
    columns = [c for c in list(SUMMARY_COLUMNS) + extra if show_suppressed or c != "suppressed"]
    text = None if extra else _format_table(columns, table, display)
    if text is None:
        frame = summary_frame(rows, corpus)
        if not show_suppressed:
            frame = frame.drop(columns="suppressed")
        frame["doc"] = frame["doc"].map(display)
        for column in _BLANK_WHEN_MISSING:
            frame[column] = frame[column].astype(object).where(frame[column].notna(), "")
        text = frame.to_string(index=False)
    return text


def _format_table(columns: Sequence[str], table: list[dict], display) -> str | None:
    """What pandas' ``to_string(index=False)`` writes for these rows, or None where it would not be sure to."""
    strcols = []
    for name in columns:
        values = [row.get(name) for row in table]
        if name in _INT_COLUMNS:
            if not all(type(v) is int for v in values):
                return None
            strings: list[str] | None = [f"{v:d}" for v in values]
            name = " " + name  # pandas leaves room for a sign above a column of numbers
        elif name in _FLOAT_COLUMNS:
            strings = _float_column(values)
            name = " " + name
        elif name == "doc":
            strings = [display(v) if isinstance(v, str) else None for v in values]
            if any(s is None or any(c in s for c in "\t\r\n") for s in strings):
                return None
        else:
            strings = _object_column(["" if v is None and name in _BLANK_WHEN_MISSING else v for v in values])
        if strings is None:
            return None
        width = max([len(name)] + [len(s) for s in strings])
        strcols.append([name.rjust(width)] + [s.rjust(width) for s in strings])
    return "\n".join(" ".join(line) for line in zip(*strcols))


def _float_column(values: list) -> list[str] | None:
    """A float column in pandas' fixed-width notation: six decimals, trailing zeros trimmed alike from every
    value (at least one left). None for what pandas would write otherwise (NaN, very large or very small).

    A document without findings has the penalty 0, an int: a column of ints alone is pandas' int64 (written as
    such), ints among floats are floats (pandas makes the column float64)."""
    if all(type(v) is int for v in values):
        return [f"{v:d}" for v in values]
    if not all(type(v) is float or type(v) is int for v in values):
        return None
    values = [float(v) for v in values]
    if any(math.isnan(v) or math.isinf(v) or abs(v) > 1e6 or 0 < abs(v) < 1e-6 for v in values):
        return None
    strings = [f"{v:.6f}" for v in values]
    while all(s.endswith("0") for s in strings):
        strings = [s[:-1] for s in strings]
    strings = [s + "0" if s.endswith(".") else s for s in strings]
    if max(len(s) for s in strings) > 12:
        return None
    return strings


def _object_column(values: list) -> list[str] | None:
    """A column of mixed text and floats, as pandas writes an object column: floats with six decimals, trailing
    zeros trimmed one by one, after a space for the sign."""
    strings = []
    for value in values:
        if type(value) is float and not math.isnan(value):
            text = f"{value: .6f}".rstrip("0")
            strings.append(text + "0" if text.endswith(".") else text)
        elif isinstance(value, str) and not any(c in value for c in "\t\r\n"):
            strings.append(value)
        else:
            return None
    return strings


def segment_rows(result) -> tuple[list[str], list[tuple]]:
    """The columns and rows of ``--segments`` for a document: one row per line (words, findings, penalty, and
    chrF when references were given)."""
    from ..metrics import split_lines

    lines = split_lines(result.text)
    findings = [0] * len(lines)
    penalty = [0.0] * len(lines)
    for finding in result.findings:
        if 0 < finding.line <= len(lines):
            findings[finding.line - 1] += 1
            penalty[finding.line - 1] += finding.penalty
    columns = ["doc", "line", "words", "findings", "penalty"]
    cells = [[result.doc] * len(lines), range(1, len(lines) + 1), [len(line.split()) for line in lines], findings,
             [round(p, 4) for p in penalty]]
    if result.segment_chrf:
        columns.append("chrf")
        cells.append([round(c, 4) for c in result.segment_chrf])
    return columns, list(zip(*cells))


def write_summary_csv(stream, rows: Iterable[dict], signature: str, *, raw: bool = False) -> None:
    """The per-document summary as CSV (``--summary``): one row per document, the signature on every row, cells
    that spreadsheets would run as formulas neutralised unless ``raw``; CRLF row ends (RFC 4180)."""
    import pandas as pd  # noqa: F401  (summary_frame makes the frame)

    frame = summary_frame(rows)
    frame["signature"] = signature
    if not raw:
        frame = neutralise_frame(frame)
    frame.to_csv(stream, index=False, lineterminator="\r\n")


class SegmentTables:
    """The per-line tables of :func:`segment_rows` as one CSV (``--segments``), each written as its document is
    analysed into a spool (memory up to a bound, then disk) and copied out by :meth:`write`: memory does not
    grow with the corpus (the frames held together took 100 MB per 100 MB of news), and the file still
    appears, whole, only when the run succeeds. The cells are what ``DataFrame.to_csv`` writes (the csv module,
    numbers as Python writes them); the documents' columns are the same (``chrf`` comes with references,
    which take one document)."""

    def __init__(self) -> None:
        import csv

        from .base import spool

        self.spool = spool()
        self.writer = csv.writer(self.spool, lineterminator="\r\n")
        self.count = 0

    def add(self, result) -> None:
        columns, rows = segment_rows(result)
        if not self.count:
            self.writer.writerow(columns)
        self.writer.writerows(rows)
        self.count += 1

    def write(self, stream) -> None:
        import shutil

        self.spool.seek(0)
        shutil.copyfileobj(self.spool, stream)
        self.spool.close()
