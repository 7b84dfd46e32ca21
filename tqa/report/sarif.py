"""SARIF 2.1.0 (OASIS), the static-analysis log that GitHub code scanning, GitLab, Azure DevOps and editors' SARIF
viewers read: one run, the tool ``tqa`` with a rule for each rule code that has a result, one result per
finding.

* **Levels**: critical and major → ``error``, minor → ``warning`` (:data:`tqa.report.ci.LEVELS` says why); the
  rule's ``defaultConfiguration.level`` is its first finding's.
* **Where**: the input path as given; a relative path is relative to ``%SRCROOT%`` (the working directory,
  written in ``originalUriBaseIds``), which is what code scanning resolves against the repository. Columns are
  SARIF's default, UTF-16 code units (``columnKind`` says so), so an emoji before a finding counts two: a
  viewer written in JavaScript or C# lands on the right character.
* **Plain text** (with or without ``--source``) is its own file, line for line: each result has the exact region
  with its text as ``snippet``, and a finding ``tqa fix`` applies carries it as a SARIF ``fix`` (a replacement
  of that region; a deletion empties the line as ``tqa fix`` does).
* **XLIFF, TMX, PO, TSV**: the findings' lines and columns are places in the document text (the units' targets
  one after the other), not in the file. The region is the line where the unit starts in the file, the unit's
  id is a ``logicalLocation``, and there is no ``fix``: a viewer applying a replacement at document
  coordinates would corrupt the XML. (``tqa fix`` writes those formats back correctly.)
* **The message** is the severity, the flagged text and the suggestion (``major: "official micro-signal" →
  "official WeChat account"``), then the finding's explanation on a second line: a suggestion is in the message
  whether or not there is a ``fix``, because code scanning shows messages and ignores fixes.
* ``partialFingerprints`` hold a hash of the rule, the flagged text and three words on each side
  (:func:`tqa.report.ci.fingerprint`), numbered when one document has the same one several times, so that a
  result is tracked across edits that move it.
* The run's ``properties`` hold the signature, the glossaries, the corpus score and each document's score.

Streaming: results are written as the documents arrive, one compact JSON object a line; a JSON object's members
may come in any order, so the rules (known only once every result is in) are written after the results, in
``tool``, with their ``ruleIndex`` given as each rule is first seen.
"""

from __future__ import annotations

import json
import os
from pathlib import Path, PurePosixPath
from typing import TextIO
from urllib.parse import quote

from ..model import DocumentResult, Finding, Severity
from ..scoring import CorpusScore
from . import display
from .base import Renderer, RenderOptions
from .bitext import UnitIndex, file_line
from .ci import (Positions, fingerprint, flagged, headline, level, lines_are_the_files, one_line, planned_fixes,
                 planned_fixes_in_window)

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SRCROOT = "%SRCROOT%"
#: The key of tqa's fingerprint in ``partialFingerprints`` (versioned: a new way of hashing gets a new key).
FINGERPRINT = "tqaFinding/v1"


def _dumps(value, indent: int | None = None) -> str:
    """JSON that a UTF-8 file can hold: lone surrogates (text read with ``--encoding unicode_escape``) escaped."""
    text = json.dumps(value, ensure_ascii=False, indent=indent)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = json.dumps(value, ensure_ascii=True, indent=indent)
    return text


_SEVERITY = {severity: str(severity) for severity in Severity}
#: One result a line, compact (the C encoder; made once, not per result).
_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
_COMPACT_ASCII = json.JSONEncoder(ensure_ascii=True, separators=(",", ":"))


def artifact_location(doc: str) -> dict:
    """The input as a SARIF artifact location: a relative path as given, percent-encoded, under ``%SRCROOT%``; an
    absolute one as a ``file:`` URI."""
    path = doc.replace(os.sep, "/")
    if os.path.isabs(doc):
        return {"uri": Path(doc).as_uri()}
    return {"uri": quote(str(PurePosixPath(path)), safe="/"), "uriBaseId": SRCROOT}


def information_uri() -> str | None:
    """The project's home page as its package metadata declares it (``[project.urls]``), if it does."""
    from importlib.metadata import PackageNotFoundError, metadata

    try:
        urls = metadata("tqa").get_all("Project-URL") or []
    except PackageNotFoundError:
        return None
    for entry in urls:
        label, _, url = entry.partition(",")
        if label.strip().lower() in ("homepage", "home", "documentation", "source", "repository") and url.strip():
            return url.strip()
    return None


class SarifRenderer(Renderer):
    name = "sarif"
    description = "SARIF 2.1.0 for GitHub code scanning and other static-analysis viewers"
    extensions = (".sarif",)
    streams = True

    def __init__(self, stream: TextIO, info, options: RenderOptions = RenderOptions()):
        super().__init__(stream, info, options)
        self.rules: dict[str, int] = {}  # rule code -> ruleIndex, in the order first seen
        self.first: list[Finding] = []  # the first finding of each rule, by ruleIndex
        self.documents: list[dict] = []
        self.count = 0
        self.window_seen: dict[str, int] = {}  # a streamed document's fingerprints so far (see window())

    def begin(self) -> None:
        base = {SRCROOT: {"uri": Path.cwd().as_uri().rstrip("/") + "/"}}
        # The log, the run, and the run's results array opened: everything after is streamed.
        self.stream.write('{\n  "$schema": ' + json.dumps(SCHEMA_URI) + ',\n  "version": "2.1.0",\n  "runs": [\n'
                          '    {\n      "columnKind": "utf16CodeUnits",\n      "originalUriBaseIds": '
                          + _dumps(base, indent=2).replace("\n", "\n      ") + ',\n      "results": [')

    def document(self, result: DocumentResult) -> None:
        self._summary(result)
        # With --show-suppressed, the suppressed findings are results too, each with a SARIF suppression (a
        # viewer such as GitHub code scanning shows them as dismissed, with the reason).
        shown = list(result.findings) + (list(result.suppressed) if self.options.show_suppressed else [])
        if not shown:
            return
        in_file = lines_are_the_files(result)
        self._results(result.doc, shown, result.text, Positions(result.text) if in_file else None,
                      planned_fixes(result) if in_file else {}, UnitIndex(result.units) if result.units else None, {})

    def window(self, window) -> None:
        if window.findings:
            self._results(window.doc, window.findings, window.text, Positions(window.text, window.start),
                          planned_fixes_in_window(window), None, self.window_seen, window.start)

    def streamed(self, result: DocumentResult) -> None:
        self._summary(result)
        self.window_seen = {}

    def _summary(self, result: DocumentResult) -> None:
        self.documents.append({
            "doc": display(result.doc), "words": result.words, "findings": len(result.findings),
            "suppressed": len(result.suppressed), "penalty": round(result.penalty, 4),
            "score": round(result.score, 1),
        })

    def _results(self, doc: str, shown, text: str, positions: Positions | None, fixes: dict,
                 units: UnitIndex | None, seen: dict[str, int], base: int = 0) -> None:
        """The results of ``shown``, findings of one document (or of a window of it: ``text`` starts at the
        document's offset ``base``); ``positions`` None when their lines are not the file's (units), ``seen``
        each fingerprint's count so far in the document."""
        location = artifact_location(doc)
        in_file = positions is not None
        items = []
        for finding in shown:
            unit = units.unit_of(finding) if units is not None else None
            source = unit.source if unit is not None else None
            index = self.rules.get(finding.rule)
            if index is None:
                index = self.rules[finding.rule] = len(self.first)
                self.first.append(finding)
            physical: dict = {"artifactLocation": location}
            if positions is not None:
                physical["region"] = self._region(positions, finding, finding.start, finding.end, finding.text)
            elif (unit_line := file_line(unit, not in_file)) is not None:
                physical["region"] = {"startLine": unit_line}
            where: dict = {"physicalLocation": physical}
            if unit is not None and finding.unit:
                where["logicalLocations"] = [{"name": finding.unit, "kind": "translationUnit"}]
            severity = _SEVERITY[finding.severity]
            message = f"{severity}: {headline(finding, source)}"
            if finding.message:
                message += "\n" + finding.message
            digest = fingerprint(text, finding, finding.start - finding.column + 1, source, base)
            seen[digest] = seen.get(digest, 0) + 1
            item: dict = {
                "ruleId": finding.rule,
                "ruleIndex": index,
                "level": level(finding.severity),
                "message": {"text": message},
                "locations": [where],
                "partialFingerprints": {FINGERPRINT: f"{digest}:{seen[digest]}"},
            }
            edit = fixes.get(id(finding))
            if edit is not None:
                item["fixes"] = [self._fix(positions, location, finding, edit)]
            if finding.suppressed:
                item["suppressions"] = [{"kind": "inSource" if finding.suppressed == "inline" else "external",
                                         "justification": f"suppressed by {finding.suppressed}"}]
            item["properties"] = self._properties(finding, severity, source)
            items.append(item)
        chunk = ",\n        ".join(_COMPACT.encode(item) for item in items)
        try:
            chunk.encode("utf-8")
        except UnicodeEncodeError:  # lone surrogates in the text: escaped, so that the file stays UTF-8
            chunk = ",\n        ".join(_COMPACT_ASCII.encode(item) for item in items)
        self.stream.write(("," if self.count else "") + "\n        " + chunk)
        self.count += len(items)

    @staticmethod
    def _region(positions: Positions, finding: Finding, start: int, end: int, text: str | None) -> dict:
        """The region of ``start:end`` (offsets on or after the start of ``finding``'s line), columns in UTF-16."""
        start_line, start_line_start = positions.place(finding, start)
        end_line, end_line_start = positions.place(finding, end)
        region = {"startLine": start_line, "startColumn": positions.utf16_column(start_line_start, start),
                  "endLine": end_line, "endColumn": positions.utf16_column(end_line_start, end)}
        if text:
            region["snippet"] = {"text": text}
        return region

    def _fix(self, positions: Positions, location: dict, finding: Finding, edit) -> dict:
        start, end, replacement = edit
        if finding.suggestion:
            what = f"Replace {flagged(finding)} with {json.dumps(replacement, ensure_ascii=False)}"
        else:
            what = f"Delete {flagged(finding)}"
        return {
            "description": {"text": what},
            "artifactChanges": [{
                "artifactLocation": location,
                "replacements": [{"deletedRegion": self._region(positions, finding, start, end, None),
                                  "insertedContent": {"text": replacement}}],
            }],
        }

    @staticmethod
    def _properties(finding: Finding, severity: str, source: str | None) -> dict:
        """tqa's own fields: severity, category, check and penalty; the finding's place in the document text
        (line, column in characters, offsets), and for a finding about the source, its span there."""
        properties = {
            "severity": severity, "category": finding.category, "check": finding.check,
            "penalty": finding.penalty, "line": finding.line, "column": finding.column,
            "start": finding.start, "end": finding.end,
        }
        if finding.suggestion:
            properties["suggestion"] = finding.suggestion
        if finding.unit:
            properties["unit"] = finding.unit
        if finding.source_start is not None:
            properties["sourceStart"] = finding.source_start
            properties["sourceEnd"] = finding.source_end
            if source is not None:
                properties["sourceText"] = source[finding.source_start:finding.source_end]
        return properties

    def end(self, corpus: CorpusScore) -> None:
        driver: dict = {"name": "tqa", "version": self.info.version, "semanticVersion": self.info.version}
        uri = information_uri()
        if uri:
            driver["informationUri"] = uri
        driver["rules"] = self._rules()
        info = self.info
        properties = {
            "signature": info.signature(),
            "glossaries": [{"name": s.name, "version": s.version, "sha256": s.sha256, "entries": s.entries}
                           for s in info.glossary.sources],
            "checks": list(info.checks),
            "minSeverity": info.min_severity,
            "corpus": {"documents": corpus.documents, "words": corpus.words, "penalty": round(corpus.penalty, 4),
                       "score": round(corpus.score, 1), "penaltyPerKword": round(corpus.penalty_per_kword, 4)},
            "documents": self.documents,
        }
        tail = {"tool": {"driver": driver}, "properties": properties}
        body = _dumps(tail, indent=2).replace("\n", "\n    ")
        self.stream.write(("\n      " if self.count else "") + "],\n      " + body[1:-1].strip()
                          + "\n    }\n  ]\n}\n")

    def _rules(self) -> list[dict]:
        """A reportingDescriptor for each rule that has a result, in ``ruleIndex`` order: its one-line summary
        and note (``tqa.rules.rule_table``, what ``tqa rule CODE`` shows), the check that reports it and that
        check's description, the category, severity and level of its first finding, and its examples."""
        from ..checks import registered
        from ..rules import rule_table

        known = rule_table(self.info.glossary) if self.first else {}
        checks = {check_class.name: check_class.description for check_class in registered()}
        rules = []
        for finding in self.first:
            rule = known.get(finding.rule)
            summary = one_line((rule.summary if rule else "") or finding.message or finding.rule)
            about_check = f"Reported by the {finding.check} check"
            if checks.get(finding.check):
                about_check += f": {checks[finding.check]}"
            full = f"{summary}. {about_check}." if not summary.endswith(".") else f"{summary} {about_check}."
            if rule is not None and rule.note and one_line(rule.note) != summary:
                full = f"{one_line(rule.note)} {about_check}."
            help_text = (f"{summary}\nMQM category: {finding.category}. Severity: {finding.severity} "
                         f"(level {level(finding.severity)}).\n{about_check}.")
            if rule is not None and rule.examples:
                shown = [f"{'flagged' if kind == 'bad' else 'not flagged'}: "
                         f"{f'{source} → ' if source else ''}{target}" for kind, source, target in rule.examples[:4]]
                help_text += "\nExamples:\n" + "\n".join(f"- {one_line(example)}" for example in shown)
            help_text += f"\nMore: tqa rule {finding.rule}"
            rules.append({
                "id": finding.rule,
                "shortDescription": {"text": summary},
                "fullDescription": {"text": full},
                "help": {"text": help_text},
                "defaultConfiguration": {"level": level(finding.severity)},
                "properties": {"category": finding.category, "check": finding.check,
                               "severity": str(finding.severity), "tags": [finding.check, finding.category]},
            })
        return rules
