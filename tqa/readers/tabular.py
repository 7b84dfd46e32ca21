"""Bilingual TSV and CSV: a unit per row, its source and target in two columns.

Two readers in one module: ``tsv`` (``.tsv``, tab-separated) and ``csv`` (``.csv``: comma, semicolon or tab,
judged by the header as the glossary loader judges its spreadsheets). ``--input-format tsv|csv`` reads a file
of any name so.

Columns. A header names them (case and ``_``/``-`` do not matter): the id is ``id``, ``key``, ``unit``,
``unit id``, ``segment id`` or ``tuid``; the source ``source``, ``src``, ``original`` or ``source text``; the
target ``target``, ``tgt``, ``translation``, ``mt``, ``target text`` or ``hypothesis``; a ``note`` or
``comment`` column gives the unit's note; every other column is left alone. A column named by a language code
(``zh``, ``en-US``) or name (``Chinese``, ``English``, ``中文``, ``英文``) is the source or the target: the one
``--source-lang`` / ``--target-lang`` names, else Chinese is the source and English the target (tqa checks
English translated from Chinese), else the one role still missing. ``--columns`` says instead, column by column
(``id,source,target``, ``-,source,target`` with ``-`` for a column to leave alone; then the first row is a
header only when it names those columns) or by header names (``id=Key,source=Chinese,target=English MT``).
A file with neither a header tqa understands nor ``--columns`` is refused, saying what to give.

Cells. In a CSV file a cell in double quotes is read as spreadsheets write it (``""`` is a quote, the
delimiter and line breaks allowed inside); a cell that merely starts with a quote (``"Genuine" books``) is text.
A TSV row is one line, and a cell is taken for quoted only when a spreadsheet had to quote it (it holds a tab
or a doubled quote: ``"the ""Genuine"" books"``): machine translation puts quotes around whole sentences, and a
WMT-style TSV (``paste source.zh system.en``) is not quoted at all. A row with fewer cells than the columns it
needs is refused at its line. Unit ids: the id column, else the number of
the line the row starts on. Decoding is that of plain text (BOM, UTF-8, then what the text looks like:
spreadsheet exports in Windows-1252, GB18030, UTF-16).

Writing back, only the target cells of changed rows are rewritten (quoted when they were, or when the new text
needs it); every other byte, the encoding and its BOM are kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import ClassVar, Mapping

from ..errors import TqaError
from ..model import Document
from .base import Reader, ReadOptions, UnitText, language, units_document

_NAMES = {
    "id": {"id", "key", "unit", "unit id", "segment id", "seg id", "tuid", "string id"},
    "source": {"source", "src", "original", "source text", "source segment"},
    "target": {"target", "tgt", "translation", "mt", "target text", "target segment", "hypothesis", "hyp",
               "mt output"},
    "note": {"note", "notes", "comment", "comments"},
}
_ROLE_OF = {name: role for role, names in _NAMES.items() for name in names}
_LANGUAGE_NAMES = {"chinese": "zh", "中文": "zh", "汉语": "zh", "english": "en", "英文": "en", "英语": "en"}
_LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{2,8})*")
_DELIMITERS = {",": "comma-separated", ";": "semicolon-separated", "\t": "tab-separated"}


class _TabularReader(Reader):
    """What the TSV and CSV readers share; they differ in how the delimiter is found."""

    delimiter: ClassVar[str | None]  # None: judged by the header
    quotes_span_lines: ClassVar[bool]  # whether a quoted cell may hold line breaks (module docstring: cells)
    writes_back = True
    in_directories = False  # a corpus folder holds CSV/TSV files of other kinds; name them or --glob them

    def read(self, name: str, data: bytes, options: ReadOptions) -> Document:
        from ..decoding import decode_text

        if options.source:
            raise TqaError(f"{name}: --source is for plain text; a {self.name.upper()} file has its source in a "
                           "column (--columns says which)")
        decoded = decode_text(name, data, options.encoding)
        table = _Table.parse(name, decoded.text, self.delimiter, self.quotes_span_lines, options)
        return units_document(name, table.units(), encoding=decoded.encoding, notes=decoded.notes,
                              format=self.name, source_language=table.source_language,
                              target_language=table.target_language)

    def write_back(self, name: str, data: bytes, document: Document, targets: Mapping[str, UnitText],
                   options: ReadOptions) -> bytes:
        from ..decoding import decode
        from ..edits import apply_edits  # the splice of sorted edits, as fix makes them
        from ..writeback import TextEncoding

        text, _, encoding_read = decode(name, data, options.encoding)
        encoding = TextEncoding.of_input(data, encoding_read)
        if not encoding.round_trips(text, data):
            raise TqaError(f"{name}: read as {encoding.name}, it would not be written back byte for byte; nothing "
                           "written (give the file's encoding with --encoding)")
        table = _Table.parse(name, text, self.delimiter, self.quotes_span_lines, options)
        edits = []
        for row in table.rows:
            new = targets.get(row.id)
            if new is not None:
                cell = row.cells[table.columns["target"]]
                edits.append((cell.start, cell.end, table.written(new.target, cell.quoted)))
        text = apply_edits(text, sorted(edits))
        try:
            return encoding.encode(text)
        except UnicodeEncodeError as exc:
            line = len(re.findall(r"\r\n|\r|\n", text[:exc.start])) + 1
            raise TqaError(f"{name}:{line}: the fix writes {exc.object[exc.start:exc.end]!r}, which "
                           f"{encoding.name} cannot hold; nothing written") from None


class TsvReader(_TabularReader):
    name = "tsv"
    suffixes = (".tsv",)
    description = "bilingual TSV: a unit per row, columns from the header or --columns"
    delimiter = "\t"
    quotes_span_lines = False


class CsvReader(_TabularReader):
    name = "csv"
    suffixes = (".csv",)
    description = "bilingual CSV (comma, semicolon or tab, judged by the header): a unit per row"
    delimiter = None
    quotes_span_lines = True


# --- cells and rows ---------------------------------------------------------------------------------------

@dataclass
class _Cell:
    value: str
    start: int  # where the cell lies in the text, quotes included
    end: int
    quoted: bool


@dataclass
class _Record:
    line: int
    cells: list[_Cell]
    id: str = ""

    @property
    def blank(self) -> bool:
        return not any(cell.value.strip() for cell in self.cells)


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _records(text: str, delimiter: str, quotes_span_lines: bool = True):
    """Every record of ``text`` with its cells, and the line it starts on (module docstring: cells)."""
    inside = r'(?:[^"]|"")*' if quotes_span_lines else r'(?:[^"\r\n]|"")*'
    quoted = re.compile(r'"(' + inside + r')"(?=' + re.escape(delimiter) + r'|\r|\n|\Z)')
    plain = re.compile(r"[^" + re.escape(delimiter) + r"\r\n]*")
    position, line = 0, 1
    while position < len(text):
        cells = []
        start_line = line
        while True:
            m = quoted.match(text, position) if text.startswith('"', position) else None
            if m is not None and not quotes_span_lines and '""' not in m[1] and delimiter not in m[1]:
                # A tab-separated line is quoted only where it had to be (a quote or a tab inside, as Excel and
                # pandas write it); "You only need to take a breath." is a quoted sentence, not a quoted cell.
                m = None
            if m is not None:
                cells.append(_Cell(m[1].replace('""', '"'), m.start(), m.end(), True))
                line += len(_LINE_BREAK.findall(m[1]))
            else:
                m = plain.match(text, position)
                cells.append(_Cell(m[0], m.start(), m.end(), False))
            position = m.end()
            if text.startswith(delimiter, position):
                position += len(delimiter)
                continue
            break
        yield _Record(start_line, cells)
        end = _LINE_BREAK.match(text, position)
        if end is None:
            break
        position = end.end()
        line += 1


# --- columns ----------------------------------------------------------------------------------------------

def _normal(cell: str) -> str:
    return re.sub(r"[\s_-]+", " ", cell.strip().lower())


def _language_of(cell: str) -> str:
    """The language a header cell names (``zh``, ``en-US``, ``English``), or "". A code counts when
    translate-toolkit knows its language: "doc" or "seg" is a column name, not Dogri or a language of that code."""
    stripped = cell.strip()
    named = _LANGUAGE_NAMES.get(stripped.lower())
    if named:
        return named
    code = stripped.replace("_", "-")
    if not _LANGUAGE_CODE.fullmatch(code.lower()):
        return ""
    return code if code.split("-")[0].lower() in _known_languages() else ""


@lru_cache(maxsize=1)
def _known_languages() -> frozenset[str]:
    from translate.lang.data import languages

    return frozenset(code.split("_")[0].lower() for code in languages)


def _same_language(code: str, other: str | None) -> bool:
    return bool(other) and code.lower().split("-")[0] == other.lower().replace("_", "-").split("-")[0]


@dataclass
class _Table:
    name: str
    delimiter: str
    quotes_span_lines: bool
    columns: dict[str, int]  # role (id, source, target, note) -> column index
    rows: list[_Record] = field(default_factory=list)
    source_language: str = ""
    target_language: str = ""

    @classmethod
    def parse(cls, name: str, text: str, delimiter: str | None, quotes_span_lines: bool,
              options: ReadOptions) -> "_Table":
        delimiter = delimiter or _sniff_delimiter(text, options.columns)
        records = [record for record in _records(text, delimiter, quotes_span_lines) if not record.blank]
        table = cls(name, delimiter, quotes_span_lines, {})
        if not records:
            return table
        header = records[0]
        if options.columns:
            has_header = table._given_columns(header, options)
        else:
            table._header_columns(header, options)
            has_header = True
        table.rows = records[1:] if has_header else records
        # A note column may be missing from a short row (spreadsheets drop empty cells at the end of a row).
        read = {role: index for role, index in table.columns.items() if role != "note"}
        needed = max(read.values()) + 1
        for row in table.rows:
            if len(row.cells) < needed:
                role = max(read, key=read.__getitem__)
                raise TqaError(f"{name}:{row.line}: a row of {len(row.cells)} cell{'s' if len(row.cells) != 1 else ''}"
                               f", but the {role} is column {table.columns[role] + 1} "
                               f"({_DELIMITERS.get(delimiter, repr(delimiter))})")
            identifier = row.cells[table.columns["id"]].value.strip() if "id" in table.columns else ""
            row.id = identifier or str(row.line)
        table.source_language = language(table.source_language, options.source_language)
        table.target_language = language(table.target_language, options.target_language)
        return table

    def written(self, value: str, quoted: bool) -> str:
        """A cell holding ``value``: in quotes when the old cell was, unquoted when it was not, unless the cell
        would then not read back as ``value`` (a TSV cell in quotes must hold a tab or a quote; a CSV cell with
        the delimiter needs them)."""
        in_quotes = '"' + value.replace('"', '""') + '"'
        for cell in ((in_quotes, value) if quoted else (value, in_quotes)):
            read = next(_records(cell, self.delimiter, self.quotes_span_lines), None)
            if cell == "" or (read and len(read.cells) == 1 and read.cells[0].value == value
                              and read.cells[0].end == len(cell)):
                return cell
        raise TqaError(f"{self.name}: {value!r} cannot be written into one {self.delimiter!r}-separated cell")

    def units(self):
        source, note = self.columns.get("source"), self.columns.get("note")
        for row in self.rows:
            text = row.cells[note].value if note is not None and note < len(row.cells) else ""
            yield UnitText(row.id, row.cells[self.columns["target"]].value,
                           row.cells[source].value if source is not None else None, "", text, row.line,
                           comments=(text,) if text.strip() else ())

    # The columns from the header --------------------------------------------------------------------------

    def _header_columns(self, header: _Record, options: ReadOptions) -> None:
        found: dict[str, list[int]] = {}
        languages: list[tuple[int, str]] = []
        for index, cell in enumerate(header.cells):
            role = _ROLE_OF.get(_normal(cell.value))
            if role:
                found.setdefault(role, []).append(index)
            elif _language_of(cell.value):
                languages.append((index, _language_of(cell.value)))
        for role, indexes in found.items():
            if len(indexes) > 1:
                named = ", ".join(header.cells[i].value.strip() for i in indexes)
                raise TqaError(f"{self.name}:{header.line}: columns {' and '.join(str(i + 1) for i in indexes)} "
                               f"({named}) {'both' if len(indexes) == 2 else 'all'} name the {role}: give --columns "
                               "to say which")
            self.columns[role] = indexes[0]
        self._language_columns(header, languages, options)
        if "target" not in self.columns:
            cells = ", ".join(repr(cell.value.strip()) for cell in header.cells)
            raise TqaError(f"{self.name}:{header.line}: no target column in the header ({cells}, read as "
                           f"{_DELIMITERS.get(self.delimiter, repr(self.delimiter))}); name the columns id, source "
                           "and target (or zh and en), or give --columns, e.g. --columns id,source,target")

    def _language_columns(self, header: _Record, languages: list[tuple[int, str]], options: ReadOptions) -> None:
        """Give the source and target roles still missing to columns named by a language (module docstring)."""
        missing = [role for role in ("source", "target") if role not in self.columns]
        if not missing or not languages:
            return
        chosen: dict[str, tuple[int, str]] = {}
        for role, wanted, default in (("target", options.target_language, "en"),
                                      ("source", options.source_language, "zh")):
            if role not in missing:
                continue
            fits = [column for column in languages if _same_language(column[1], wanted)]
            if not fits and not wanted:
                fits = [column for column in languages if _same_language(column[1], default)]
            if len(fits) == 1:
                chosen[role] = fits[0]
        left = [column for column in languages if column not in chosen.values()]
        still = [role for role in missing if role not in chosen]
        if still and len(left) == 1:
            chosen["target" if "target" in still else "source"] = left[0]  # the one role still missing
        elif still and len(left) > 1:
            role = "target" if "target" in still else "source"
            codes = ", ".join(code for _, code in left)
            raise TqaError(f"{self.name}:{header.line}: which of the columns {codes} is the {role}? give "
                           f"--{role}-lang (or --columns)")
        for role, (index, code) in chosen.items():
            self.columns[role] = index
            setattr(self, f"{role}_language", code)

    # The columns from --columns -------------------------------------------------------------------------

    def _given_columns(self, first: _Record, options: ReadOptions) -> bool:
        """Set the columns ``--columns`` gives; whether the first row is a header."""
        items = list(options.columns)
        named = [item for item in items if "=" in item]
        if named and len(named) != len(items):
            raise TqaError("--columns: either each column by its role (id,source,target, - for one to leave alone) "
                           "or each role by a header name (id=Key,target=English), not both")
        if named:
            headers = {_normal(cell.value): index for index, cell in enumerate(first.cells)}
            for item in items:
                role, _, column = (part.strip() for part in item.partition("="))
                index = headers.get(_normal(column))
                if index is None:
                    cells = ", ".join(repr(cell.value.strip()) for cell in first.cells)
                    raise TqaError(f"{self.name}:{first.line}: --columns: no column {column!r} in the header "
                                   f"({cells})")
                self._give(role, index)
        else:
            for index, role in enumerate(items):
                if role != "-":
                    self._give(role, index)
        if "target" not in self.columns:
            raise TqaError("--columns: which column is the target? e.g. --columns id,source,target")
        if named:
            return True
        # Given by position, the first row is a header only when it names the columns it is given.
        return all(index < len(first.cells) and (_ROLE_OF.get(_normal(first.cells[index].value))
                                                 or _language_of(first.cells[index].value))
                   for index in self.columns.values())

    def _give(self, given: str, index: int) -> None:
        role = _ROLE_OF.get(_normal(given))  # the names a header may use: src, tgt, mt, key…
        if role is None:
            raise TqaError(f"--columns: {given!r} is not a column tqa reads (id, source, target, note, or - for a "
                           "column to leave alone; ROLE=NAME picks a column by its header)")
        if role in self.columns:
            raise TqaError(f"--columns: {role} given twice")
        self.columns[role] = index


def _sniff_delimiter(text: str, columns: tuple[str, ...] | None) -> str:
    """The delimiter of a CSV file, judged by its first row as the glossary loader judges its spreadsheets: the
    one that splits it into the most column names tqa knows (or ``--columns`` names); given ``--columns`` by
    position, the first that splits it into as many cells. Comma when nothing tells."""
    first = next((line for line in text.splitlines() if line.strip(" \t,;")), "")
    named = {_normal(item.partition("=")[2]) for item in columns or () if "=" in item}

    def cells(delimiter: str) -> list[str]:
        return [cell.value for cell in next(_records(first, delimiter)).cells] if first else []

    def known(delimiter: str) -> int:
        return sum(1 for cell in cells(delimiter)
                   if _normal(cell) in named or (not named and (_ROLE_OF.get(_normal(cell)) or _language_of(cell))))

    best = max(_DELIMITERS, key=known)  # the first of equals: comma, then semicolon, then tab
    if known(best) or not columns or named:
        return best
    return next((d for d in _DELIMITERS if len(cells(d)) >= len(columns)), ",")
