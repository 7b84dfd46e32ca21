"""GitHub Actions workflow commands: one annotation per finding, shown on the pull request's diff and in the
run's summary, for ``tqa check … --format github`` in a workflow step::

    ::error file=seeds/000_cfa7abe2bd583fdd.txt,line=1,col=129,endLine=1,endColumn=150,title=wechat-official-account::major: "official micro-signal" → "official WeChat account"%0A微信号 rendered literally…

The level is SARIF's (critical and major → ``error``, minor → ``warning``; :data:`tqa.report.ci.LEVELS` says
why). Line and column are those of every other report (the JSON's, 1-based, columns in characters) and
``endColumn`` is the column just after the span, as ruff writes it; a finding about the whole document has a
line and no column. For XLIFF, TMX, PO and TSV the annotation is on the line where the finding's unit starts
in the file, with no column (the document text is the units' targets: a column in it is not one of the file),
and the message names the unit (``[unit ID]``). The data is escaped as GitHub's own toolkit escapes it (``%``, CR and LF; in the
properties also ``:`` and ``,``), so a file name or a message cannot end the command early or start another.
Without ``--quiet`` the output ends with the count, score and signature as plain log lines (not annotations).
"""

from __future__ import annotations

from typing import TextIO

from ..model import DocumentResult
from ..scoring import CorpusScore
from . import display
from .base import Renderer, RenderOptions
from .ci import Positions, Tally, headlined, headlined_window, level


def escape_data(text: str) -> str:
    """The message of a workflow command, escaped as ``@actions/core``'s ``escapeData``."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A property value (``file=…``, ``title=…``), escaped as ``@actions/core``'s ``escapeProperty``."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


class GithubRenderer(Renderer):
    name = "github"
    description = "GitHub Actions annotations: one ::error/::warning workflow command per finding"
    streams = True

    def __init__(self, stream: TextIO, info, options: RenderOptions = RenderOptions()):
        super().__init__(stream, info, options)
        self.tally = Tally()

    def document(self, result: DocumentResult) -> None:
        if result.findings:
            self._write(result.doc, headlined(result), result.findings, Positions(result.text))

    def window(self, window) -> None:
        if window.findings:
            self._write(window.doc, headlined_window(window), window.findings, Positions(window.text, window.start))

    def _write(self, doc: str, items, findings, positions: Positions) -> None:
        file = escape_property(display(doc))
        lines = []
        fixable = 0
        for finding, head, where, fix, unit_line in items:
            fixable += fix
            properties = [f"file={file}", f"line={finding.line if unit_line is None else unit_line}"]
            if finding.end > finding.start and unit_line is None:
                end_line, end_line_start = positions.place(finding, finding.end)
                properties += [f"col={finding.column}", f"endLine={end_line}",
                               f"endColumn={positions.column(end_line_start, finding.end)}"]
            properties.append(f"title={escape_property(display(finding.rule))}")
            message = f"{finding.severity}: {head}{where}"
            if finding.message:
                message += "\n" + display(finding.message)
            lines.append(f"::{level(finding.severity)} {','.join(properties)}::{escape_data(message)}\n")
        self.stream.write("".join(lines))
        self.tally.add(findings, fixable)

    def end(self, corpus: CorpusScore) -> None:
        if self.options.quiet:
            return
        lines = self.tally.summary(corpus, self.info)
        # Plain lines are log lines; a line that looked like a workflow command would be run as one.
        self.stream.write("".join(f"{escape_data(line)}\n" for line in lines))
