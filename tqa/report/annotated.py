r"""Annotated text: the document as it is, with each finding marked inline, for terminals, e-mail and diff
tools. The notation (after wdiff's) is:

    [-official micro-signal-]{+official WeChat account+}<<major wechat-official-account>>
    [-Recent Comments-]<<major residue.recent-comments: delete>>
    [!共债!]<<major language.untranslated: Chinese text left in the translation: translate it>>

``[-…-]{+…+}`` is a replacement, ``[-…-]`` alone a deletion, ``[!…!]`` a span a human must look at; the
``<<severity rule…>>`` tag names the finding; a finding about the whole document is an empty ``[!!]`` at its
start. Text outside the marks is unchanged, line for line (suggestions and messages are put on one line);
the report shows control characters as ``\xNN`` escapes, so that a document cannot send escape sequences to
the terminal (:func:`~tqa.report.display`).

A finding about a unit's source (an omitted term) is an empty ``[!!]`` at the start of the unit's target that
quotes the source span: ``[!!]<<major terms.missing: source "官方微信号" → official WeChat account: …>>``. The
source itself is not shown: a line of it before each target would break the promise that the text outside
the marks is the document, line for line (the text and HTML reports show it).
"""

from __future__ import annotations

import re
from typing import TextIO

from ..model import DocumentResult, Finding
from ..scoring import CorpusScore
from . import action, display
from .bitext import UnitIndex, source_span
from .base import Renderer, RenderOptions

_BREAKS = re.compile(r"\s*[\r\n\u0085\u2028\u2029]+\s*")


def _one_line(text: str) -> str:
    return _BREAKS.sub(" ", text)


def annotate(result: DocumentResult) -> str:
    text = result.text
    units = UnitIndex(result.units) if result.units else None
    out = []
    position = 0
    for finding in sorted(result.findings, key=lambda f: f.start):
        if finding.start < position:
            continue
        out.append(text[position:finding.start])
        tag = f"{finding.severity} {finding.rule}"
        about_source = _about_source(finding, units) if finding.start == finding.end else None
        if about_source is not None:
            out.append(f"[!!]<<{tag}: {about_source}>>")
        elif finding.suggestion:
            out.append(f"[-{finding.text}-]{{+{_one_line(finding.suggestion)}+}}<<{tag}>>")
        elif action(finding) == "delete" and finding.text:
            out.append(f"[-{finding.text}-]<<{tag}: delete>>")
        else:
            out.append(f"[!{finding.text}!]<<{tag}: {_one_line(finding.message)}>>")
        position = finding.end
    out.append(text[position:])
    return "".join(out)


def _about_source(finding: Finding, units: UnitIndex | None) -> str | None:
    """What the tag of a finding about the source says (the source span quoted, the suggestion, the message),
    or None for a finding that is not about the source."""
    unit = units.unit_of(finding) if units is not None else None
    span = source_span(finding, unit)
    if span is None:
        return None
    about = f'source "{_one_line(unit.source[span[0]:span[1]])}"'
    if finding.suggestion:
        about += f" → {_one_line(finding.suggestion)}"
    return about + (f": {_one_line(finding.message)}" if finding.message else "")


class AnnotatedRenderer(Renderer):
    name = "annotated"
    description = "the text with each finding marked inline ([-old-]{+new+}<<severity rule>>)"

    def __init__(self, stream: TextIO, info, options: RenderOptions = RenderOptions()):
        super().__init__(stream, info, options)
        self.count = 0

    def document(self, result: DocumentResult) -> None:
        if self.count:
            self.stream.write("\n")
        suppressed = f", {len(result.suppressed)} suppressed" if result.suppressed else ""
        self.stream.write(f"==> {display(result.doc)} <== score {result.score:.1f}, {len(result.findings)} findings"
                          f"{suppressed}\n")
        body = display(annotate(result))
        self.stream.write(body if body.endswith("\n") or not body else body + "\n")
        self.count += 1

    def end(self, corpus: CorpusScore) -> None:
        if self.options.quiet:  # the annotated documents only
            return
        self.stream.write(f"\nscore {corpus.score:.1f} (penalty {corpus.penalty:g} over {corpus.words:,} words)\n"
                          f"signature: {self.info.signature()}\n")
