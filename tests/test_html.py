"""``tqa check --format html`` (issue 5): one self-contained page a person can read.

Checked on the seed article: the file is well formed and complete on its own (inline CSS and JS, no URL at
all, a Content-Security-Policy that forbids every network load); every finding is one ``<mark>`` around
exactly its text, with its severity as text (badge letters, aria-label, tooltip), not only as colour; the text
outside the marks is the document, unchanged; input and glossary text are escaped (``<script>alert(1)</script>``
in the document, in a glossary note and suggestion, in a file name stays inert).

Then in a real browser (Debian's ``chromium``, headless; skipped only where it is not installed): one highlight
per finding in the rendered DOM, the filter script ran, no console error, no network request; a summary link
scrolls to its document, the document filter keeps that document's rows, tooltips stay inside a narrow window.
The screenshot the README shows (``docs/report-seed.png``) is made by ``python docs/screenshot.py``, an explicit
step; the tests only check that it is there.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import struct
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sacrebleu
import tqa
from helpers import REPO, SEED, SEED_REF, only_the_gate_failed, ran_cleanly, read_text, run_tqa

SACREBLEU = sacrebleu.__version__  # in the signatures sacrebleu prints

SEED_RELATIVE = SEED.relative_to(REPO)  # the name the report shows, as a user in the repository types it
CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None)
SCREENSHOT = REPO / "docs" / "report-seed.png"
BADGES = {"minor": "min", "major": "maj", "critical": "crit"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Page(HTMLParser):
    """What the tests need of a report: tag balance, the marks, the document text, scripts, attributes; for a
    bilingual document its unit rows (the id, source and target cells, the marks in each); the cells of the
    findings table."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict]] = []
        self.problems: list[str] = []
        self.tags: list[tuple[str, dict]] = []
        self.marks: list[dict] = []  # <mark class="finding">: a finding's highlight in the text or target
        self.source_marks: list[dict] = []  # <mark class="source-span">: a finding's span in a unit's source
        self.chips: list[str] = []  # inline tags, as shown
        self.units: list[dict] = []  # <tr class="unit">
        self.table: list[list[str]] = []  # the findings table's rows, cell by cell
        self.doc_text: list[str] = []
        self.scripts: list[str] = []
        self.shown = ""
        self.doctype = ""
        self.feed(html)
        self.close()
        if self.stack:
            self.problems.append(f"unclosed: {[tag for tag, _ in self.stack]}")

    def _inside(self, tag: str | None = None, cls: str | None = None, id: str | None = None) -> bool:
        for t, attrs in self.stack:
            if (tag is None or t == tag) and (cls is None or cls in (attrs.get("class") or "").split()) \
                    and (id is None or attrs.get("id") == id):
                return True
        return False

    def _cell(self) -> str | None:
        """The class of the unit-row cell the parser is in: unit-id, source or target (None outside)."""
        for t, attrs in reversed(self.stack):
            if t in ("td", "th") and self._inside("tr", cls="unit"):
                return (attrs.get("class") or "").split()[0]
        return None

    def handle_decl(self, decl):
        self.doctype = decl

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        self.tags.append((tag, attrs))
        if tag == "mark" and ("finding" in classes or "source-span" in classes):
            if self._inside("mark"):
                self.problems.append("a mark inside a mark")
            mark = {"attrs": attrs, "text": "", "badge": "", "tip": "", "where": ""}
            (self.marks if "finding" in classes else self.source_marks).append(mark)
            if self._cell() is not None:
                self.units[-1]["marks" if "finding" in classes else "source_marks"].append(mark)
                if self._cell() != ("target" if "finding" in classes else "source"):
                    self.problems.append(f"a {classes[0]} mark in the {self._cell()} cell")
        if tag == "tr" and "unit" in classes:
            self.units.append({"attrs": attrs, "cells": [], "unit-id": "", "state": "", "note": "", "source": "",
                               "target": "", "no source": False, "marks": [], "source_marks": []})
        if tag in ("td", "th") and self._inside("tr", cls="unit"):
            self.units[-1]["cells"].append(classes[0] if classes else "")
        if tag == "tr" and self._inside("table", id="findings") and self._inside("tbody"):
            self.table.append([])
        if tag == "td" and self._inside("table", id="findings") and self._inside("tbody"):
            self.table[-1].append("")
        if tag == "script":
            self.scripts.append("")
        if tag not in VOID:
            self.stack.append((tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1][0] != tag:
            self.problems.append(f"</{tag}> closes {self.stack[-1][0] if self.stack else 'nothing'}")
            return
        self.stack.pop()

    def handle_data(self, data):
        if self._inside("script"):
            self.scripts[-1] += data
            return
        if self._inside(id="shown"):
            self.shown += data
        if self._inside("table", id="findings") and self._inside("td"):
            self.table[-1][-1] += data
        in_badge, in_tip, in_where = self._inside(cls="badge"), self._inside(cls="tip"), self._inside(cls="where")
        if self._inside(cls="tag"):
            self.chips.append(data)
            return
        if self._inside("mark"):
            part = "tip" if in_tip else "badge" if in_badge else "where" if in_where else "text"
            (self.marks if self._inside("mark", cls="finding") else self.source_marks)[-1][part] += data
        if in_badge or in_tip or in_where:
            return
        if self._inside("div", cls="doc"):
            self.doc_text.append(data)
        cell = self._cell()
        if cell == "source" and self._inside("i", cls="muted"):
            self.units[-1]["no source"] = True
        elif cell == "unit-id" and (self._inside(cls="state") or self._inside(cls="unit-note")):
            self.units[-1]["state" if self._inside(cls="state") else "note"] += data
        elif cell in ("unit-id", "source", "target"):
            self.units[-1][cell] += data


def render(*args, cwd: Path = REPO) -> str:
    proc = run_tqa("check", *args, "--format", "html", cwd=cwd)
    assert ran_cleanly(proc.returncode, proc.stderr), proc.stderr
    return proc.stdout.decode("utf-8")


@pytest.fixture(scope="module")
def report_file(tmp_path_factory) -> Path:
    """``tqa check seeds/…txt --format html -o report.html``, run in the repository as a user would."""
    out = tmp_path_factory.mktemp("html") / "report.html"
    proc = run_tqa("check", SEED_RELATIVE, "--format", "html", "-o", out)
    assert only_the_gate_failed(proc.returncode, proc.stderr), proc.stderr
    assert proc.stdout == b""
    return out


@pytest.fixture(scope="module")
def html(report_file) -> str:
    return report_file.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def page(html) -> Page:
    return Page(html)


@pytest.fixture(scope="module")
def seed_result():
    return tqa.analyze(read_text(SEED), doc_id=str(SEED_RELATIVE))


# --- one self-contained, well-formed file -------------------------------------------------------------------

def test_the_report_is_one_well_formed_html_file(page, html):
    assert page.doctype.lower() == "doctype html"
    assert page.problems == []
    names = [tag for tag, _ in page.tags]
    assert (names.count("html"), names.count("head"), names.count("body"), names.count("title")) == (1, 1, 1, 1)
    assert html.rstrip().endswith("</html>")
    charset = [attrs for tag, attrs in page.tags if tag == "meta" and "charset" in attrs]
    assert charset == [{"charset": "utf-8"}]


def test_the_report_loads_nothing_from_anywhere(page, html):
    assert not re.search(r"(?i)\b(?:https?|ftp|wss?):", html)
    assert not re.search(r"(?i)@import|url\(", html)
    for tag, attrs in page.tags:
        assert tag not in ("link", "img", "iframe", "object", "embed", "base", "form"), tag
        assert "src" not in attrs, tag
        if "href" in attrs:
            assert attrs["href"].startswith("#"), attrs  # in-page anchors only
    assert all(attrs.get("src") is None for tag, attrs in page.tags if tag == "script")
    assert len(page.scripts) == 1 and "use strict" in page.scripts[0]


def test_a_content_security_policy_forbids_every_network_load(page):
    policies = [attrs["content"] for tag, attrs in page.tags
                if tag == "meta" and (attrs.get("http-equiv") or "").lower() == "content-security-policy"]
    assert len(policies) == 1
    directives = {d.split()[0]: d.split()[1:] for d in policies[0].split(";") if d.strip()}
    assert directives["default-src"] == ["'none'"]
    for name, sources in directives.items():  # only inline code and data: images, never a host or scheme
        assert set(sources) <= {"'none'", "'unsafe-inline'", "data:"}, (name, sources)


# --- the findings -------------------------------------------------------------------------------------------

def test_one_mark_per_finding_around_exactly_its_text(page, seed_result):
    assert len(seed_result.findings) == 17
    assert len(page.marks) == len(seed_result.findings)
    assert [m["text"] for m in page.marks] == [f.text for f in seed_result.findings]
    assert [m["attrs"]["data-severity"] for m in page.marks] == [str(f.severity) for f in seed_result.findings]
    assert [m["attrs"]["class"] for m in page.marks] == [f"finding sev-{f.severity}" for f in seed_result.findings]
    ids = [m["attrs"]["id"] for m in page.marks]
    assert len(set(ids)) == len(ids)


def test_severity_is_text_as_well_as_colour(page, seed_result):
    for mark, finding in zip(page.marks, seed_result.findings):
        severity = str(finding.severity)
        assert mark["badge"] == BADGES[severity]
        assert mark["attrs"]["aria-label"] == f"{severity} finding: {finding.category}"
        tip = " ".join(mark["tip"].split())
        assert f"severity {severity} ({finding.penalty:g})" in tip
        assert f"category {finding.category}" in tip
        assert f"rule {finding.rule}" in tip


def test_the_details_show_on_keyboard_focus_too(page, html):
    assert all(m["attrs"].get("tabindex") == "0" for m in page.marks)
    assert "mark.finding:focus .tip" in html and "mark.finding:hover .tip" in html


def test_each_tooltip_has_the_suggestion_or_what_to_do_and_the_note(page, seed_result):
    for mark, finding in zip(page.marks, seed_result.findings):
        tip = " ".join(mark["tip"].split())
        if finding.suggestion:
            assert f"suggestion {' '.join(finding.suggestion.split())}" in tip
        else:
            assert "suggestion delete" in tip  # "Recent Comments": Accuracy/Addition
        if finding.message:
            assert f"note {' '.join(finding.message.split())}" in tip
    residue = page.marks[-1]
    assert (residue["text"], residue["attrs"]["data-severity"]) == ("Recent Comments", "major")


def test_the_text_outside_the_marks_is_the_document_unchanged(page):
    assert "".join(page.doc_text) == read_text(SEED)


def test_the_findings_table_has_one_filterable_row_per_finding(page, seed_result):
    rows = [attrs for tag, attrs in page.tags if tag == "tr" and "data-severity" in attrs]
    assert [(r["data-severity"], r["data-category"]) for r in rows] == [
        (str(f.severity), f.category) for f in seed_result.findings]
    selects = {attrs.get("id") for tag, attrs in page.tags if tag == "select"}
    assert selects == {"filter-severity", "filter-category"}
    categories = {attrs["value"] for tag, attrs in page.tags if tag == "option"} - {"", "minor", "major", "critical"}
    assert categories == {f.category for f in seed_result.findings}
    links = [attrs["href"] for tag, attrs in page.tags if tag == "a" and attrs["href"].startswith("#f-")]
    assert links == [f"#{m['attrs']['id']}" for m in page.marks]  # every row links to its highlight
    # plain text: a unit is a line; the unit column says which, and links nowhere (there are no unit rows)
    assert [row[2] for row in page.table] == [str(f.line) for f in seed_result.findings]
    assert not [attrs for tag, attrs in page.tags if tag == "a" and attrs["href"].startswith("#u-")]
    assert page.units == [] and page.source_marks == []
    sort_buttons = [attrs["data-key"] for tag, attrs in page.tags if tag == "th" and "data-key" in attrs]
    assert sort_buttons == ["doc", "position", "unit", "severity", "category", "text", "suggestion", "rule",
                            "message"]


def test_the_score_its_breakdown_and_the_signature_are_shown(html, seed_result):
    assert f'<span class="score" title="max(0, 100 − 100·P/W)">{seed_result.score:.1f}</span>' in html
    assert "penalty P = 92.1 over W = 442 words" in html
    assert "2 critical" in html and "7 major" in html and "8 minor" in html
    signature = json.loads(run_tqa("check", SEED, "--format", "json").stdout)["signature"]
    assert f'<div class="signature">{signature}</div>' in html


def test_with_a_reference_the_metrics_are_shown_with_their_signatures():
    html = render(SEED_RELATIVE, "--ref", SEED_REF)
    assert "<td>BLEU</td><td class=\"num\">48.38</td>" in html
    assert "<td>chrF2</td><td class=\"num\">74.25</td>" in html
    assert "<td>TER</td><td class=\"num\">40.73</td>" in html
    assert f"nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:{SACREBLEU}" in html
    assert 'aria-label="reference metrics"' in html
    assert 'aria-label="reference metrics"' not in render(SEED_RELATIVE)  # none without a reference


def test_several_documents_in_one_report(tmp_path):
    (tmp_path / "a.txt").write_text("The official micro-signal said so.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Patients with new crown pneumonia went home.\n", encoding="utf-8")
    page = Page(render("a.txt", "b.txt", cwd=tmp_path))
    assert page.problems == []
    assert [m["text"] for m in page.marks] == ["official micro-signal", "new crown pneumonia"]
    assert len({m["attrs"]["id"] for m in page.marks}) == 2


CORPUS = {  # three documents, long enough that a window shows only part of the page
    "a.txt": read_text(SEED),
    "b.txt": "".join(f"Paragraph {n}: the official micro-signal of the central bank posted it.\n\n"
                     for n in range(1, 31)),
    "c.txt": "Patients with new crown pneumonia went home.\n\n" + read_text(SEED),
}


@pytest.fixture(scope="module")
def corpus_report(tmp_path_factory) -> tuple[Path, str]:
    """``tqa check a.txt b.txt c.txt --format html -o report.html``."""
    work = tmp_path_factory.mktemp("corpus")
    for name, text in CORPUS.items():
        (work / name).write_text(text, encoding="utf-8")
    out = work / "report.html"
    proc = run_tqa("check", *CORPUS, "--format", "html", "-o", out, cwd=work)
    assert ran_cleanly(proc.returncode, proc.stderr), proc.stderr
    return out, out.read_text(encoding="utf-8")


def section_order(page: Page) -> list[str]:
    return [attrs.get("id") or attrs.get("aria-labelledby") for tag, attrs in page.tags if tag == "section"]


def test_the_summary_comes_first_and_links_to_each_documents_section(corpus_report):
    _, html = corpus_report
    page = Page(html)
    assert page.problems == []
    assert section_order(page) == ["summary", "doc-1", "doc-2", "doc-3", "all-findings"]
    summary_links = [attrs["href"] for tag, attrs in page.tags if tag == "a" and attrs["href"].startswith("#doc-")]
    assert summary_links == ["#doc-1", "#doc-2", "#doc-3"]
    for index, name in enumerate(CORPUS, 1):
        assert f'<a href="#doc-{index}">{name}</a>' in html
    totals = sum(len(tqa.analyze(text).findings) for text in CORPUS.values())
    assert '<tfoot><tr><th>all (3)</th>' in html and f'<th class="num">{totals}</th>' in html
    # and each document's section leads back to the summary
    assert [attrs["href"] for tag, attrs in page.tags if tag == "a" and attrs["href"] == "#summary"] == ["#summary"] * 3


def test_the_findings_table_of_several_documents_filters_by_document(corpus_report):
    _, html = corpus_report
    page = Page(html)
    selects = [attrs["id"] for tag, attrs in page.tags if tag == "select"]
    assert selects == ["filter-document", "filter-severity", "filter-category"]
    assert '<option value="">all</option><option value="1">a.txt</option><option value="2">b.txt</option>' \
           '<option value="3">c.txt</option>' in html
    rows = [attrs["data-document"] for tag, attrs in page.tags if tag == "tr" and "data-severity" in attrs]
    expected = [str(index) for index, text in enumerate(CORPUS.values(), 1)
                for _ in tqa.analyze(text).findings]
    assert rows == expected


def test_one_document_needs_no_document_filter_and_no_total_row(page):
    assert "filter-document" not in {attrs.get("id") for tag, attrs in page.tags if tag == "select"}
    assert "tfoot" not in {tag for tag, _ in page.tags}


@pytest.mark.parametrize("spool", ["in memory", "on disk"])
def test_line_endings_reach_the_page_unchanged(spool, monkeypatch):
    # Documents wait in a spooled file until the summary is written; CRLF and a lone CR must come out as read.
    import tqa.report.html

    if spool == "on disk":
        monkeypatch.setattr(tqa.report.html, "SPOOL_CHARS", 1)
    text = "The official micro-signal said so.\r\nThen it was deleted.\rRecent Comments\n"
    page = Page(render_results(tqa.analyze(text)))
    assert "".join(page.doc_text) == text


# --- any text: lone surrogates ------------------------------------------------------------------------------

def render_results(*results) -> str:
    """The HTML renderer writing into a UTF-8 byte stream, as it does into a file or stdout."""
    from tqa.report import RunInfo
    from tqa.report.html import HtmlRenderer
    from tqa.scoring import DEFAULT_WEIGHTS

    stream = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")  # a str that UTF-8 cannot hold fails here
    renderer = HtmlRenderer(stream, RunInfo(tqa.__version__, tqa.bundled_glossary(), DEFAULT_WEIGHTS, ("glossary",)))
    renderer.begin()
    for result in results:
        renderer.document(result)
    renderer.end(tqa.corpus_score(results))
    stream.flush()
    return stream.buffer.getvalue().decode("utf-8")


def test_lone_surrogates_in_the_text_are_shown_as_replacement_characters():
    # What ``--encoding unicode_escape`` makes of a file holding ``\ud800``: a str that is not Unicode text.
    text = "The official micro-signal \ud800 said so; \udfff and \ud83d\ude00 too."
    result = tqa.analyze(text)
    assert [f.text for f in result.findings][:1] == ["official micro-signal"]
    page = Page(render_results(result))
    assert page.problems == []
    # A lone surrogate becomes U+FFFD; a high and low surrogate in a row become the character they encode.
    assert "".join(page.doc_text) == "The official micro-signal \ufffd said so; \ufffd and \U0001f600 too."
    assert page.marks[0]["text"] == "official micro-signal"


def test_a_document_name_with_lone_surrogates_is_shown_with_replacement_characters():
    # A file name that is not UTF-8 (b"caf\xe9.txt") reaches Python as "caf\udce9.txt".
    html = render_results(tqa.analyze("The official micro-signal said so.", doc_id="caf\udce9.txt"))
    assert '<a href="#doc-1">caf\ufffd.txt</a>' in html
    assert Page(html).problems == []


def test_check_writes_html_for_a_file_read_with_escapes_for_surrogates(tmp_path):
    (tmp_path / "escaped.txt").write_text("The official micro-signal \\ud800 said so.\n", encoding="ascii")
    proc = run_tqa("check", "escaped.txt", "--encoding", "unicode_escape", "--format", "html", cwd=tmp_path)
    assert only_the_gate_failed(proc.returncode, proc.stderr), proc.stderr
    page = Page(proc.stdout.decode("utf-8"))
    assert "".join(page.doc_text) == "The official micro-signal \ufffd said so.\n"


def any_str(min_size: int = 0, max_size: int = 80):
    """Any str, lone surrogates included (hypothesis's text() leaves them out, even given them as an alphabet)."""
    surrogate = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF, exclude_categories=())
    return st.lists(st.one_of(st.characters(), surrogate), min_size=min_size, max_size=max_size).map("".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=any_str(), name=any_str(1, 20))
def test_any_str_renders_as_html(text, name):
    page = Page(render_results(tqa.analyze(text, doc_id=name)))
    assert page.problems == []
    shown = "".join(page.doc_text)
    assert len(shown) <= len(text)  # every character shown once (a surrogate pair as one)


# --- escaping -----------------------------------------------------------------------------------------------

XSS_GLOSSARY = """\
name: xss-test
version: 1
description: '<script>alert(1)</script>'
entries:
  - id: wechat-official-account
    match: [official micro-signal]
    suggest: 'official WeChat account <img src=x onerror="document.documentElement.dataset.pwned=1">'
    category: Terminology/Inappropriate for context
    severity: major
    note: '<script>alert(1)</script><script>document.documentElement.dataset.pwned="note"</script> & "quotes"'
    autofix: true
"""
XSS_TEXT = ("<script>alert(1)</script>\n"
            "The bank posted it on the official micro-signal <script>alert(1)</script> of the bank.\n"
            "<img src=x onerror=\"document.documentElement.dataset.pwned='text'\">\n"
            "<script>document.documentElement.dataset.pwned='text'</script>\n")
XSS_NAME = "<img src=x onerror=alert(4)>.txt"  # a legal file name on Linux


@pytest.fixture(scope="module")
def xss_report(tmp_path_factory) -> tuple[Path, str]:
    work = tmp_path_factory.mktemp("xss")
    (work / "evil.yaml").write_text(XSS_GLOSSARY, encoding="utf-8")
    (work / XSS_NAME).write_text(XSS_TEXT, encoding="utf-8")
    out = work / "report.html"
    proc = run_tqa("check", "-g", "evil.yaml", "--format", "html", "-o", out, "--", XSS_NAME, cwd=work)
    assert ran_cleanly(proc.returncode, proc.stderr), proc.stderr
    return out, out.read_text(encoding="utf-8")


def test_script_in_the_text_and_in_a_glossary_note_comes_out_escaped(xss_report):
    _, html = xss_report
    page = Page(html)
    assert page.problems == []
    # The only live script is the report's own; no img element; the payloads are visible text.
    assert len(re.findall(r"(?i)<script", html)) == 1 and len(page.scripts) == 1
    assert not [tag for tag, _ in page.tags if tag == "img"]
    assert not any(name.startswith("on") for _, attrs in page.tags for name in attrs)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 4  # text ×2, the note in tooltip and table
    assert "&lt;img src=x onerror=alert(4)&gt;.txt" in html  # the file name
    [mark] = page.marks
    assert mark["text"] == "official micro-signal"
    assert '<script>alert(1)</script><script>document.documentElement.dataset.pwned="note"</script>' in mark["tip"]
    assert 'official WeChat account <img src=x onerror="document.documentElement.dataset.pwned=1">' in mark["tip"]
    assert "".join(page.doc_text) == XSS_TEXT  # shown as the text it is


# --- in a real browser --------------------------------------------------------------------------------------

def chromium(target: Path, *flags: str, profile: Path) -> subprocess.CompletedProcess:
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (.ci/run installs Debian's chromium)")
    command = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
               '--host-resolver-rules=MAP * ~NOTFOUND', *flags, target.resolve().as_uri()]
    proc = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc


def console_problems(stderr: str) -> list[str]:
    """The page's console messages in chromium's log: uncaught errors, CSP violations, failed loads
    ("Failed to load resource: net::ERR_…"), console.error. The report logs nothing when all is well.
    (Chromium's own background traffic, failing under the resolver rule, is not the page's and not counted.)"""
    return [line for line in stderr.splitlines()
            if ":CONSOLE" in line or "Uncaught" in line or "Content Security Policy" in line]


def page_requests(netlog: Path) -> list[str]:
    """URLs the page asked the network for (chromium's own update and sign-in traffic is not the page's)."""
    log = json.loads(netlog.read_text(encoding="utf-8"))
    start_job = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    urls = []
    for event in log["events"]:
        params = event.get("params") or {}
        if event["type"] == start_job and "url" in params:
            if params.get("initiator") != "not an origin" or "file://" in params.get("network_isolation_key", ""):
                urls.append(params["url"])
    return urls


@pytest.fixture(scope="module")
def browser_run(report_file, tmp_path_factory):
    """The seed report opened in headless chromium: its DOM, its console log and its network log."""
    work = tmp_path_factory.mktemp("chromium")
    netlog = work / "netlog.json"
    proc = chromium(report_file, "--dump-dom", "--enable-logging=stderr", "--v=0", f"--log-net-log={netlog}",
                    profile=work / "profile")
    return proc.stdout, proc.stderr, netlog


def test_the_browser_renders_one_highlight_per_finding(browser_run, seed_result):
    dom, _, _ = browser_run
    page = Page(dom)
    assert [m["text"] for m in page.marks] == [f.text for f in seed_result.findings]
    assert [m["badge"] for m in page.marks] == [BADGES[str(f.severity)] for f in seed_result.findings]


def test_the_filter_script_ran_in_the_browser(browser_run, page):
    dom, _, _ = browser_run
    assert page.shown == ""  # empty in the file: only the script fills it in
    assert Page(dom).shown == "17 of 17 findings shown"


def test_the_browser_console_has_no_error(browser_run):
    _, log, _ = browser_run
    assert console_problems(log) == []


def test_the_browser_makes_no_network_request(browser_run):
    _, _, netlog = browser_run
    assert netlog.exists()
    assert page_requests(netlog) == []


def test_the_browser_checks_can_fail(html, tmp_path):
    """The same checks on a report with a broken script and a remote image (the CSP stripped) do fail."""
    broken = html.replace('<meta http-equiv="Content-Security-Policy"', '<meta name="x"')
    broken = broken.replace("</body>", '<img src="http://tqa-test.invalid/pixel.png">'
                                       "<script>noSuchFunction();</script></body>")
    assert broken != html
    target = tmp_path / "broken.html"
    target.write_text(broken, encoding="utf-8")
    netlog = tmp_path / "netlog.json"
    proc = chromium(target, "--dump-dom", "--enable-logging=stderr", "--v=0", f"--log-net-log={netlog}",
                    profile=tmp_path / "profile")
    assert any("Uncaught ReferenceError: noSuchFunction" in line for line in console_problems(proc.stderr))
    assert page_requests(netlog) == ["http://tqa-test.invalid/pixel.png"]


DRIVER = """<script>
(function () {
  var body = document.body.dataset, shown = document.getElementById("shown");
  var sev = document.getElementById("filter-severity"), cat = document.getElementById("filter-category");
  function rows() { return Array.prototype.slice.call(document.querySelectorAll("#findings tbody tr")); }
  function visible() { return rows().filter(function (r) { return !r.hidden; }).length; }
  sev.value = "critical"; sev.dispatchEvent(new Event("change"));
  body.critical = shown.textContent + "|" + visible();
  cat.value = "Fluency/Punctuation"; cat.dispatchEvent(new Event("change"));
  body.criticalPunctuation = shown.textContent + "|" + visible();
  sev.value = ""; sev.dispatchEvent(new Event("change"));
  body.punctuation = shown.textContent + "|" + visible();
  cat.value = ""; cat.dispatchEvent(new Event("change"));
  body.all = shown.textContent + "|" + visible();
  var button = document.querySelectorAll("#findings thead th")[3].querySelector("button");
  button.click();
  body.ascending = rows().map(function (r) { return r.dataset.severity; }).join(",");
  button.click();
  body.descending = rows().map(function (r) { return r.dataset.severity; }).join(",");
})();
</script>"""


def test_the_findings_table_filters_and_sorts_in_the_browser(html, tmp_path, seed_result):
    # A copy of the report with a driver script after the report's own: it sets the filters and clicks
    # the "severity" column header as a user would, and leaves what it saw on <body data-…>.
    driven = tmp_path / "driven.html"
    driven.write_text(html.replace("</body>", DRIVER + "</body>"), encoding="utf-8")
    proc = chromium(driven, "--dump-dom", "--enable-logging=stderr", "--v=0", profile=tmp_path / "profile")
    body = next(attrs for tag, attrs in Page(proc.stdout).tags if tag == "body")
    severities = [str(f.severity) for f in seed_result.findings]
    punctuation = sum(f.category == "Fluency/Punctuation" for f in seed_result.findings)
    assert body["data-critical"] == "2 of 17 findings shown|2"
    assert body["data-critical-punctuation"] == "0 of 17 findings shown|0"
    assert body["data-punctuation"] == f"{punctuation} of 17 findings shown|{punctuation}"
    assert body["data-all"] == "17 of 17 findings shown|17"
    order = ["minor", "major", "critical"]
    assert body["data-ascending"].split(",") == sorted(severities, key=order.index)
    assert body["data-descending"].split(",") == sorted(severities, key=order.index, reverse=True)
    assert console_problems(proc.stderr) == []


def test_escaped_payloads_stay_inert_in_the_browser(xss_report, tmp_path):
    path, _ = xss_report
    proc = chromium(path, "--dump-dom", "--enable-logging=stderr", "--v=0", profile=tmp_path / "profile")
    dom = Page(proc.stdout)
    html_tag = next(attrs for tag, attrs in dom.tags if tag == "html")
    assert "data-pwned" not in html_tag
    assert not [tag for tag, _ in dom.tags if tag == "img"]
    assert len(dom.scripts) == 1
    assert "".join(dom.doc_text) == XSS_TEXT
    assert dom.shown == "1 of 1 findings shown"
    assert console_problems(proc.stderr) == []


def run_driver(html: str, driver: str, tmp_path: Path, *flags: str) -> dict:
    """Open a copy of ``html`` with ``driver`` (a script run after the report's own) in chromium; return
    what the driver left on ``<body data-…>``. The browser console must stay clean."""
    driven = tmp_path / "driven.html"
    driven.write_text(html.replace("</body>", driver + "</body>"), encoding="utf-8")
    proc = chromium(driven, "--dump-dom", "--enable-logging=stderr", "--v=0", *flags, profile=tmp_path / "profile")
    assert console_problems(proc.stderr) == []
    return next(attrs for tag, attrs in Page(proc.stdout).tags if tag == "body")


SUMMARY_DRIVER = """<script>
(function () {
  var body = document.body.dataset;
  document.querySelector('#summary a[href="#doc-2"]').click();
  body.hash = location.hash;
  body.scrolled = Math.round(window.scrollY);
  body.top = Math.round(document.getElementById("doc-2").getBoundingClientRect().top);
  var filter = document.getElementById("filter-document");
  filter.value = "2"; filter.dispatchEvent(new Event("change"));
  var rows = Array.prototype.slice.call(document.querySelectorAll("#findings tbody tr"));
  body.visible = rows.filter(function (r) { return !r.hidden; }).map(function (r) { return r.cells[0].textContent; }).join(",");
  body.shown = document.getElementById("shown").textContent;
})();
</script>"""


def test_a_summary_link_scrolls_to_its_document_and_the_filter_keeps_its_rows_in_the_browser(corpus_report, tmp_path):
    _, html = corpus_report
    body = run_driver(html, SUMMARY_DRIVER, tmp_path, "--window-size=900,700", "--hide-scrollbars")
    assert body["data-hash"] == "#doc-2"
    assert int(body["data-scrolled"]) > 700  # the page moved down past the summary and the first document
    assert abs(int(body["data-top"])) <= 2  # b.txt's section at the top of the window
    counts = [len(tqa.analyze(text).findings) for text in CORPUS.values()]
    assert body["data-visible"].split(",") == ["b.txt"] * counts[1]
    assert body["data-shown"] == f"{counts[1]} of {sum(counts)} findings shown"


TOOLTIP_DRIVER = """<script>
(function () {
  var root = document.documentElement, boxes = [];
  Array.prototype.forEach.call(document.querySelectorAll("mark.finding"), function (mark) {
    mark.focus();  // as a keyboard user does; the tooltip shows on focus
    if (!document.hasFocus()) {  // a headless window not yet focused gets no focus events: send the one it missed
      mark.dispatchEvent(new FocusEvent("focusin", {bubbles: true}));
    }
    var m = mark.getBoundingClientRect(), t = mark.querySelector(".tip").getBoundingClientRect();
    boxes.push([m.left, m.right, t.left, t.top, t.right, t.bottom].map(Math.round).join(" "));
    mark.blur();
  });
  document.body.dataset.viewport = root.clientWidth + " " + root.clientHeight;
  document.body.dataset.boxes = boxes.join(";");
})();
</script>"""


def test_tooltips_stay_inside_a_narrow_window_in_the_browser(tmp_path):
    # One long line with findings all along it, so that some sit at the right edge once the line wraps.
    line = " ".join(f"Report {n} was posted on the official micro-signal." for n in range(1, 16))
    (tmp_path / "long.txt").write_text(line + "\n" + "Then it was deleted.\n" * 3, encoding="utf-8")
    html = render("long.txt", cwd=tmp_path)
    body = run_driver(html, TOOLTIP_DRIVER, tmp_path, "--window-size=420,640", "--hide-scrollbars")
    width, height = map(int, body["data-viewport"].split())
    boxes = [tuple(map(int, box.split())) for box in body["data-boxes"].split(";")]
    assert len(boxes) == 15
    assert any(mark_left > width / 2 for mark_left, *_ in boxes)  # the case that used to be cut off
    for mark_left, mark_right, left, top, right, bottom in boxes:
        assert right > left and bottom > top  # shown
        assert 0 <= left and right <= width, (mark_left, mark_right, left, right, width)
        assert 0 <= top and bottom <= height, (top, bottom, height)


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def test_the_browser_draws_the_report(report_file, tmp_path):
    shot = tmp_path / "report-seed.png"
    chromium(report_file, f"--screenshot={shot}", "--window-size=1280,1600", "--hide-scrollbars",
             profile=tmp_path / "profile")
    data = shot.read_bytes()
    assert png_size(data) == (1280, 1600)
    assert len(data) > 50_000  # text and highlights, not a blank page (a blank 1280×1600 PNG is ~10 KB)


def test_the_readme_shows_a_screenshot_of_the_seed_report():
    # Made by ``python docs/screenshot.py`` (an explicit step, never by the tests): here only checked.
    assert f"]({SCREENSHOT.relative_to(REPO)})" in (REPO / "README.md").read_text(encoding="utf-8")
    data = SCREENSHOT.read_bytes()
    assert png_size(data) == (1280, 1600)
    assert len(data) > 50_000


# --- bilingual: source beside target (issue 10) -------------------------------------------------------------
#
# tests/fixtures/bilingual/reports.{zh,en}: ten lines of the WMT22 general test set, Chinese → English
# (source.zh lines 390–399 and the NiuTrans system's output for them; Kocmi et al., "Findings of the 2022
# Conference on Machine Translation (WMT22)"): product-page text with glossary findings in six of its lines.

BILINGUAL = REPO / "tests" / "fixtures" / "bilingual"
BI_SOURCE, BI_TARGET = BILINGUAL / "reports.zh", BILINGUAL / "reports.en"
#: The findings per unit (line) of reports.en with its source: "Xiaobian"; "Han beam" (×2); "Recommended reasons"
#: (×3); "praise rate" and "high-end atmosphere" (×2).
BI_FINDINGS = {"1": 1, "2": 0, "3": 1, "4": 1, "5": 2, "6": 1, "7": 1, "8": 2, "9": 0, "10": 1}


def bilingual_result(target: Path = BI_TARGET, source: Path = BI_SOURCE, name: str | None = None):
    """The target read with its line-aligned source (as ``--source`` reads it) and analysed in this process
    (with every registered check)."""
    from tqa.readers import ReadOptions, reader_for

    name = name or str(target.relative_to(REPO))
    document = reader_for(str(target)).read(name, target.read_bytes(), ReadOptions(source=str(source)))
    return tqa.analyze_document(document, tqa.bundled_glossary())


@pytest.fixture(scope="module")
def bilingual_file(tmp_path_factory) -> Path:
    """``tqa check tests/fixtures/bilingual/reports.en --source tests/fixtures/bilingual/reports.zh
    --format html -o report.html``, run in the repository as a user would."""
    out = tmp_path_factory.mktemp("bilingual") / "report.html"
    proc = run_tqa("check", BI_TARGET.relative_to(REPO), "--source", BI_SOURCE.relative_to(REPO),
                   "--format", "html", "-o", out)
    assert ran_cleanly(proc.returncode, proc.stderr), proc.stderr
    return out


@pytest.fixture(scope="module")
def bilingual_page(bilingual_file) -> Page:
    return Page(bilingual_file.read_text(encoding="utf-8"))


def test_a_bilingual_report_has_a_row_per_unit_with_source_beside_target(bilingual_page):
    page = bilingual_page
    assert page.problems == []
    sources = read_text(BI_SOURCE).splitlines()
    targets = read_text(BI_TARGET).splitlines()
    assert len(page.units) == len(sources) == len(targets) == 10
    assert [u["cells"] for u in page.units] == [["unit-id", "source", "target"]] * 10
    assert [u["unit-id"] for u in page.units] == [str(n) for n in range(1, 11)]
    assert [u["source"] for u in page.units] == sources  # each cell exactly its line, nothing lost or added
    assert [u["target"] for u in page.units] == targets
    assert [u["attrs"]["id"] for u in page.units] == [f"u-1-{n}" for n in range(1, 11)]
    assert page.doc_text == []  # no plain-text block beside the table
    header = [attrs for tag, attrs in page.tags if tag == "table" and attrs.get("class") == "bitext"]
    assert header == [{"class": "bitext", "aria-label": "source and target, unit by unit"}]


def test_a_bilingual_report_highlights_each_finding_in_its_units_target(bilingual_page):
    result = bilingual_result()
    assert len(result.findings) == sum(BI_FINDINGS.values()) == 10
    assert {u["unit-id"]: len(u["marks"]) for u in bilingual_page.units} == BI_FINDINGS
    assert [m["text"] for u in bilingual_page.units for m in u["marks"]] == [f.text for f in result.findings]
    assert [m["text"] for m in bilingual_page.marks][:3] == ["Xiaobian", "Han beam", "Recommended reasons"]
    for mark, finding in zip(bilingual_page.marks, result.findings):  # as in a plain-text report
        assert mark["badge"] == BADGES[str(finding.severity)]
        assert mark["attrs"]["aria-label"] == f"{finding.severity} finding: {finding.category}"
        assert f"suggestion {finding.suggestion}" in " ".join(mark["tip"].split())
    assert bilingual_page.source_marks == []  # no finding about the source here


def test_the_findings_table_of_a_bilingual_report_links_each_row_to_its_unit(bilingual_page):
    result = bilingual_result()
    assert [row[2] for row in bilingual_page.table] == [f.unit for f in result.findings]
    assert [row[2] for row in bilingual_page.table] == ["1", "3", "4", "5", "5", "6", "7", "8", "8", "10"]
    unit_links = [attrs["href"] for tag, attrs in bilingual_page.tags
                  if tag == "a" and attrs["href"].startswith("#u-")]
    assert unit_links == ["#u-1-1", "#u-1-3", "#u-1-4", "#u-1-5", "#u-1-5", "#u-1-6", "#u-1-7", "#u-1-8", "#u-1-8",
                          "#u-1-10"]
    ids = {u["attrs"]["id"] for u in bilingual_page.units}
    assert {link[1:] for link in unit_links} <= ids


def test_plain_text_keeps_its_one_block_layout_without_units(page):
    assert page.units == []
    assert not [attrs for tag, attrs in page.tags if tag == "table" and attrs.get("class") == "bitext"]


BITEXT_DRIVER = """<script>
(function () {
  var rows = Array.prototype.slice.call(document.querySelectorAll("table.bitext tbody tr.unit"));
  document.body.dataset.rows = rows.map(function (row) {
    var source = row.querySelector("td.source"), target = row.querySelector("td.target");
    if (!source || !target) { return "missing"; }
    var s = source.getBoundingClientRect(), t = target.getBoundingClientRect();
    // side by side: the same row band, the source on the left, neither cell empty on the screen
    var beside = Math.abs(s.top - t.top) < 1 && s.right <= t.left + 1 && s.width > 100 && t.width > 100;
    return (beside ? "beside" : "not beside") + ":" + target.querySelectorAll("mark.finding").length;
  }).join(",");
})();
</script>"""


def test_the_browser_shows_source_beside_target_with_one_highlight_per_finding(bilingual_file, tmp_path):
    html = bilingual_file.read_text(encoding="utf-8")
    body = run_driver(html, BITEXT_DRIVER, tmp_path, "--window-size=1280,900", "--hide-scrollbars")
    assert body["data-rows"].split(",") == [f"beside:{n}" for n in BI_FINDINGS.values()]


def test_the_browser_renders_the_bilingual_report_as_written(bilingual_file, tmp_path):
    proc = chromium(bilingual_file, "--dump-dom", "--enable-logging=stderr", "--v=0",
                    profile=tmp_path / "profile")
    dom = Page(proc.stdout)
    assert console_problems(proc.stderr) == []
    assert [u["cells"] for u in dom.units] == [["unit-id", "source", "target"]] * 10
    assert {u["unit-id"]: len(u["marks"]) for u in dom.units} == BI_FINDINGS
    assert [u["source"] for u in dom.units] == read_text(BI_SOURCE).splitlines()
    assert dom.shown == "10 of 10 findings shown"


# A finding about the source, from a toy check added through the registry only (the way README says a check
# is added): 好评率 ("positive rating") in a unit's source, and no "positive rating" in its target.

class PositiveRatingOmitted(tqa.checks.UnitCheck):
    name = "toy-positive-rating"
    description = "好评率 in the source without \"positive rating\" in the target (a test's toy check)"

    def rules(self, glossary):
        return {"toy.positive-rating": self.description}

    def check_unit(self, ctx, unit):
        start = unit.source.find("好评率")
        if start >= 0 and "positive rating" not in ctx.target_of(unit):
            yield ctx.source_finding(unit, start, start + 3, rule="toy.positive-rating", check=self.name,
                                     category="Accuracy/Mistranslation", severity=tqa.Severity.MAJOR,
                                     message="好评率 is the share of positive reviews",
                                     suggestion="positive rating")


@pytest.fixture(scope="module")
def source_span_report(tmp_path_factory) -> tuple[Path, object]:
    """The fixture's HTML report with the toy check registered (``tqa.cli.main`` in this process, so that
    the check takes part), and the result it shows."""
    out = tmp_path_factory.mktemp("source-span") / "report.html"
    tqa.checks.register(PositiveRatingOmitted)
    try:
        status = tqa.cli.main(["check", str(BI_TARGET), "--source", str(BI_SOURCE), "--format", "html",
                               "-o", str(out)])
        result = bilingual_result(name=str(BI_TARGET))
    finally:
        tqa.checks.unregister(PositiveRatingOmitted)
    assert status == 1  # the fixture's major findings: the default gate fails
    assert "toy-positive-rating" not in tqa.checks.check_names()
    return out, result


def test_a_finding_about_the_source_highlights_its_span_in_the_source(source_span_report):
    path, result = source_span_report
    page = Page(path.read_text(encoding="utf-8"))
    assert page.problems == []
    toy = [f for f in result.findings if f.rule == "toy.positive-rating"]
    # an empty span at the start of the unit's target (line 5 starts at offset 581, line 8 at 1555) and the
    # span of 好评率 in the source line ("…获得了99%的好评率…", the 138th character of both)
    assert [(f.unit, f.start, f.end, f.text, f.source_start, f.source_end) for f in toy] == [
        ("5", 581, 581, "", 137, 140), ("8", 1555, 1555, "", 137, 140)]
    assert [read_text(BI_TARGET).index(line) for line in read_text(BI_TARGET).splitlines()[4:8:3]] == [581, 1555]
    # one highlight per finding in the target, the toy's as a marker labelled "source" at the unit's start
    assert {u["unit-id"]: len(u["marks"]) for u in page.units} == {**BI_FINDINGS, "5": 3, "8": 3}
    unit5 = page.units[4]
    marker = unit5["marks"][0]
    assert (marker["text"], marker["where"], marker["badge"]) == ("", "source", "maj")
    assert marker["attrs"]["aria-label"] == "major finding about the source: Accuracy/Mistranslation"
    # and its span in the source: the same severity class, linked both ways by id
    [span] = unit5["source_marks"]
    assert span["text"] == "好评率"
    assert span["attrs"]["class"] == "source-span sev-major"
    assert span["attrs"]["data-linked"] == marker["attrs"]["id"]
    assert span["attrs"]["aria-describedby"] == marker["attrs"]["id"] + "-tip"
    assert marker["attrs"]["data-linked"] == marker["attrs"]["aria-describedby"] == span["attrs"]["id"]
    assert span["attrs"]["tabindex"] == "0"  # reachable with the keyboard
    assert unit5["source"] == read_text(BI_SOURCE).splitlines()[4]  # the highlight leaves the text whole
    assert [m["text"] for m in page.source_marks] == ["好评率", "好评率"]
    # the findings without a source span are highlighted as before
    assert [m["text"] for m in unit5["marks"][1:]] == ["praise rate", "high-end atmosphere"]


LINK_DRIVER = """<script>
(function () {
  var body = document.body.dataset;
  function focus(element) {
    element.focus();
    if (!document.hasFocus()) {  // a headless window not yet focused gets no focus events: send the one it missed
      element.dispatchEvent(new FocusEvent("focusin", {bubbles: true}));
    }
  }
  function linked() {
    return Array.prototype.map.call(document.querySelectorAll(".linked"), function (e) { return e.id; }).join(" ");
  }
  var span = document.querySelector("mark.source-span");
  var marker = document.getElementById(span.dataset.linked);
  body.before = linked() + "|" + getComputedStyle(marker.querySelector(".tip")).display;
  focus(span);
  body.spanFocused = linked() + "|" + getComputedStyle(marker.querySelector(".tip")).display;
  focus(marker);
  body.markerFocused = linked() + "|" + getComputedStyle(marker.querySelector(".tip")).display;
  span.dispatchEvent(new MouseEvent("mouseover", {bubbles: true}));
  body.spanHovered = linked();
  document.querySelector("h1").dispatchEvent(new MouseEvent("mouseover", {bubbles: true}));
  body.away = linked();
})();
</script>"""


def test_focusing_or_hovering_a_source_span_shows_its_finding_and_the_other_way_round(source_span_report,
                                                                                      tmp_path):
    path, _ = source_span_report
    body = run_driver(path.read_text(encoding="utf-8"), LINK_DRIVER, tmp_path, "--window-size=1280,900")
    marker, span = "f-1-4", "s-1-5-1"  # the fifth unit's toy finding (the fourth finding) and its source span
    assert body["data-before"] == "|none"
    assert body["data-span-focused"] == f"{marker}|block"  # the finding outlined, its tooltip open
    assert body["data-marker-focused"] == f"{span}|block"  # the source span outlined
    assert body["data-span-hovered"] == marker
    assert body["data-away"] == ""


# Empty spans (a finding about the whole document, about a point or a span of the source), overlapping source
# spans and inline tags, in a document built unit by unit as an XLIFF reader builds it.

class AboutTheSource(tqa.checks.Check):
    """A toy check: a finding about the whole document, two about overlapping spans of the first unit's
    source (官方微信号 and its 微信号), one about a point in the second's."""

    name = "toy-about-the-source"
    description = "findings with empty target spans"

    def rules(self, glossary):
        return {"toy.document": "", "toy.source": "", "toy.point": ""}

    def run(self, ctx):
        first, second = ctx.units
        common = {"check": self.name, "category": "Accuracy/Mistranslation", "severity": tqa.Severity.MINOR}
        yield ctx.document_finding(rule="toy.document", message="the whole document", **common)
        yield ctx.source_finding(first, 5, 10, rule="toy.source", message="官方微信号", **common)
        yield ctx.source_finding(first, 7, 10, rule="toy.source", message="微信号", **common)
        yield ctx.source_finding(second, 0, 0, rule="toy.point", message="before 没什么", **common)


def tagged_result(source: str = "央行今天在官方微信号上发布。", note: str = "check the account's name",
                  label: str = '<g id="1">'):
    from tqa.readers import UnitText, units_document

    units = [UnitText("tu-1", "The bank posted it on its official micro-signal today.", source,
                      state="needs-review", note=note, tags=((26, label), (47, "</g>")),
                      source_tags=((5, label), (10, "</g>"))),
             UnitText("tu-2", "Nothing to see.", "没什么。")]
    document = units_document("doc.xlf", units, format="xliff")
    # Without the term check: "the bank" for 央行 is a term finding of the bundled glossary, not what this tests.
    return tqa.analyze_document(document, tqa.bundled_glossary(),
                                checks=[*(c for c in tqa.checks.all_checks() if c.name != "terms"), AboutTheSource()])


def test_empty_spans_are_labelled_markers_and_tags_are_chips_that_leave_the_text_whole():
    result = tagged_result()
    assert [(f.unit, f.start, f.end, f.rule) for f in result.findings] == [
        ("tu-1", 0, 0, "toy.document"), ("tu-1", 0, 0, "toy.source"), ("tu-1", 0, 0, "toy.source"),
        ("tu-1", 26, 47, "zh-en-news/wechat-official-account"), ("tu-2", 55, 55, "toy.point")]
    html = render_results(result)
    page = Page(html)
    assert page.problems == []
    first, second = page.units
    assert (first["unit-id"], first["state"], first["note"]) == ("tu-1", "needs-review", "check the account's name")
    # every finding one mark, in its unit's target; the empty ones labelled with what they are about
    assert [(m["text"], m["where"]) for m in first["marks"]] == [
        ("", "document"), ("", "source"), ("", "source"), ("official micro-signal", "")]
    assert [(m["text"], m["where"]) for m in second["marks"]] == [("", "source")]
    # the texts are whole: the chips and markers add nothing to them
    assert (first["source"], first["target"]) == ("央行今天在官方微信号上发布。",
                                                  "The bank posted it on its official micro-signal today.")
    assert (second["source"], second["target"]) == ("没什么。", "Nothing to see.")
    assert page.chips == ['<g id="1">', "</g>", '<g id="1">', "</g>"]  # the source's, then the target's
    # a tag where a highlight starts stands before it, one where it ends after it
    assert '<span class="tag">&lt;g id=&#34;1&#34;&gt;</span><mark class="finding sev-major"' in html
    assert re.search(r'official micro-signal<span class="badge major".*?</mark><span class="tag">&lt;/g&gt;</span>'
                     r" today\.", html)
    # overlapping source spans: 官方 for the first finding, 微信号 for both; the point mark is empty
    assert [(m["text"], m["attrs"]["data-linked"]) for m in first["source_marks"]] == [
        ("官方", "f-1-2"), ("微信号", "f-1-2 f-1-3")]
    assert [(m["text"], m["attrs"]["class"]) for m in second["source_marks"]] == [("", "source-span sev-minor point")]
    by_id = {m["attrs"]["id"]: m for m in page.marks}
    assert by_id["f-1-2"]["attrs"]["data-linked"] == " ".join(m["attrs"]["id"] for m in first["source_marks"])
    assert by_id["f-1-3"]["attrs"]["data-linked"] == first["source_marks"][1]["attrs"]["id"]
    assert "data-linked" not in by_id["f-1-1"]["attrs"]  # the document finding points at no source span
    assert by_id["f-1-1"]["attrs"]["aria-label"] == "minor finding about the whole document: Accuracy/Mistranslation"


def test_script_in_a_source_a_note_or_a_tag_comes_out_escaped():
    payload = "<script>document.documentElement.dataset.pwned='x'</script>"
    result = tagged_result(source=f"{payload}央行在官方微信号上", note=payload, label=f'<ph id="{payload}">')
    html = render_results(result)
    page = Page(html)
    assert page.problems == []
    assert len(re.findall(r"(?i)<script", html)) == 1 and len(page.scripts) == 1
    first = page.units[0]
    assert first["source"] == f"{payload}央行在官方微信号上" and first["note"] == payload
    assert page.chips[0] == f'<ph id="{payload}">'


def test_script_in_a_source_file_stays_inert_in_the_browser(tmp_path):
    (tmp_path / "x.zh").write_text("<script>document.documentElement.dataset.pwned='zh'</script>央行官方微信号\n"
                                   "<img src=x onerror=\"document.documentElement.dataset.pwned='img'\">\n",
                                   encoding="utf-8")
    (tmp_path / "x.en").write_text("The official micro-signal of the central bank.\nAn image.\n", encoding="utf-8")
    html = render("x.en", "--source", "x.zh", cwd=tmp_path)
    (tmp_path / "report.html").write_text(html, encoding="utf-8")
    proc = chromium(tmp_path / "report.html", "--dump-dom", "--enable-logging=stderr", "--v=0",
                    profile=tmp_path / "profile")
    dom = Page(proc.stdout)
    assert "data-pwned" not in next(attrs for tag, attrs in dom.tags if tag == "html")
    assert not [tag for tag, _ in dom.tags if tag == "img"] and len(dom.scripts) == 1
    assert [u["source"] for u in dom.units] == read_text(tmp_path / "x.zh").splitlines()
    assert console_problems(proc.stderr) == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_units_and_any_findings_render_with_one_mark_per_finding(data):
    """Whatever the units hold (any str, tags at any offset, with any label) and wherever a check put its
    findings (past the unit's end, source spans outside the source or reversed), the page is written, well
    formed, with one highlight per finding."""
    from tqa.model import DocumentResult, Finding, Severity
    from tqa.readers import UnitText, units_document

    count = data.draw(st.integers(1, 4))
    offsets = st.integers(-3, 40)
    units = [UnitText(f"u{n}", data.draw(any_str(max_size=20)), data.draw(st.one_of(st.none(), any_str(max_size=20))),
                      note=data.draw(any_str(max_size=5)),
                      tags=tuple(data.draw(st.lists(st.tuples(offsets, any_str(1, 8)), max_size=3))),
                      source_tags=tuple(data.draw(st.lists(st.tuples(offsets, any_str(1, 8)), max_size=3))))
             for n in range(count)]
    units[0].source = units[0].source or "源"  # bilingual: one source at least
    document = units_document(data.draw(any_str(1, 10)), units, format="xliff")
    text = document.text
    findings = []
    for _ in range(data.draw(st.integers(0, 6))):
        unit = data.draw(st.sampled_from(document.units))
        start = data.draw(st.integers(0, len(text)))
        end = data.draw(st.integers(start, len(text)))
        span = data.draw(st.one_of(st.none(), st.tuples(offsets, offsets)))
        findings.append(Finding(document.id, 1, 1, 1, start, end, text[start:end], data.draw(any_str(max_size=5)),
                                "rule", "toy", "Other", Severity.MINOR, 1.0, data.draw(any_str(max_size=5)),
                                unit=unit.id, source_start=span and span[0], source_end=span and span[1]))
    findings.sort(key=lambda f: (f.start, f.end))
    result = DocumentResult(document.id, 1, 1, tuple(findings), float(len(findings)), 100.0, text=text,
                            units=document.units)
    page = Page(render_results(result))
    assert page.problems == []
    assert len(page.marks) == len(findings)
    assert len(page.units) == count and all(u["cells"] == ["unit-id", "source", "target"] for u in page.units)


def test_the_screenshot_of_a_bilingual_report_is_there():
    # ``docs/report-bilingual.png``, made by ``python docs/screenshot.py`` with the other one (never by the tests).
    data = (REPO / "docs" / "report-bilingual.png").read_bytes()
    assert png_size(data) == (1280, 1600)
    assert len(data) > 50_000
