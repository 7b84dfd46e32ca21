"""Annotated text: the document as it is, with each finding marked inline, for terminals, e-mail and diff
tools. The notation (after wdiff's) is:

    [-official micro-signal-]{+official WeChat account+}<<major wechat-official-account>>
    [-Recent Comments-]<<major residue.recent-comments: delete>>
    [!共债!]<<major language.untranslated: Chinese text left in the translation: translate it>>

``[-…-]{+…+}`` is a replacement, ``[-…-]`` alone a deletion, ``[!…!]`` a span a human must look at; the
``<<severity rule…>>`` tag names the finding. Text outside the marks is unchanged, line for line.
"""

from __future__ import annotations

from typing import TextIO

from ..model import DocumentResult
from ..scoring import CorpusScore
from . import action


def annotate(result: DocumentResult) -> str:
    text = result.text
    out = []
    position = 0
    for finding in sorted(result.findings, key=lambda f: f.start):
        if finding.start < position:
            continue
        out.append(text[position:finding.start])
        tag = f"{finding.severity} {finding.rule}"
        if finding.suggestion:
            out.append(f"[-{finding.text}-]{{+{finding.suggestion}+}}<<{tag}>>")
        elif action(finding) == "delete":
            out.append(f"[-{finding.text}-]<<{tag}: delete>>")
        else:
            out.append(f"[!{finding.text}!]<<{tag}: {finding.message}>>")
        position = finding.end
    out.append(text[position:])
    return "".join(out)


class AnnotatedRenderer:
    def __init__(self, stream: TextIO, info):
        self.stream = stream
        self.info = info
        self.many = False
        self.count = 0

    def begin(self) -> None:
        pass

    def document(self, result: DocumentResult) -> None:
        if self.count:
            self.stream.write("\n")
        self.stream.write(f"==> {result.doc} <== score {result.score:.1f}, {len(result.findings)} findings\n")
        body = annotate(result)
        self.stream.write(body if body.endswith("\n") or not body else body + "\n")
        self.count += 1

    def end(self, corpus: CorpusScore) -> None:
        self.stream.write(f"\nscore {corpus.score:.1f} (penalty {corpus.penalty:g} over {corpus.words:,} words)\n"
                          f"signature: {self.info.signature()}\n")
