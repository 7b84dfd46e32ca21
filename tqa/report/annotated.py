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

A large plain-text document read in a stream is annotated window by window; the windows wait in a spool
(memory up to a bound, then disk) until the document's score, which its header gives, is known.
"""

from __future__ import annotations

import re
import shutil
from typing import TextIO

from ..model import DocumentResult, Finding, shifted
from ..scoring import CorpusScore
from . import action, display
from .bitext import UnitIndex, source_span
from .base import Renderer, RenderOptions, spool

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
    streams = True

    def __init__(self, stream: TextIO, info, options: RenderOptions = RenderOptions()):
        super().__init__(stream, info, options)
        self.count = 0
        self.body = None  # a streamed document's annotated windows so far (a spool: its header comes first)
        self.body_ends = ""  # the last character written to it

    def document(self, result: DocumentResult) -> None:
        self._header(result)
        body = display(annotate(result))
        self.stream.write(body if body.endswith("\n") or not body else body + "\n")

    def window(self, window) -> None:
        """A window's own lines, annotated, kept until the document's score is known (memory, then disk)."""
        if self.body is None:
            self.body = spool()
        piece = DocumentResult(doc=window.doc, words=0, segments=0, penalty=0.0, score=100.0,
                               text=window.own_text(), findings=tuple(shifted(window.findings, window.own[0])))
        body = display(annotate(piece))
        if body:
            self.body.write(body)
            self.body_ends = body[-1]

    def streamed(self, result: DocumentResult) -> None:
        self._header(result)
        body, self.body, ends, self.body_ends = self.body, None, self.body_ends, ""
        if body is not None:
            body.seek(0)
            shutil.copyfileobj(body, self.stream)
            body.close()
            if ends != "\n":
                self.stream.write("\n")

    def _header(self, result: DocumentResult) -> None:
        if self.count:
            self.stream.write("\n")
        suppressed = f", {len(result.suppressed)} suppressed" if result.suppressed else ""
        self.stream.write(f"==> {display(result.doc)} <== score {result.score:.1f}, {len(result.findings)} findings"
                          f"{suppressed}\n")
        self.count += 1

    def end(self, corpus: CorpusScore) -> None:
        if self.options.quiet:  # the annotated documents only
            return
        self.stream.write(f"\nscore {corpus.score:.1f} (penalty {corpus.penalty:g} over {corpus.words:,} words)\n"
                          f"signature: {self.info.signature()}\n")
