"""``tqa review`` in a real browser: Debian's chromium, headless, driven through Playwright (sync API) with real
clicks and key presses, against a real ``tqa review --no-browser`` process.

Playwright's own browsers are never downloaded: it launches ``/usr/bin/chromium`` (``executable_path``), which
``.ci/run`` installs. The module skips, saying why, only where the playwright package or chromium is missing.
One browser serves the whole module; each test has its own context (no shared cookies or cache) and server.

The acceptance test reviews the seed end to end (ten findings accepted, two rejected, one edited, exported)
and compares the exported text with what ``tqa fix`` writes for the same decisions: ``tqa fix --rules`` with
the ten accepted findings' rules and ``--baseline`` with the two rejected ones (every other fixable finding is
of another rule), then the one edit, which no ``tqa fix`` option can make, put in by hand.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

import tqa
from helpers import REPO
from test_review import SEED, Server, tqa_cli

sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed "
                                                             "(pip install '.[test]')")
CHROMIUM = "/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else shutil.which("chromium")
if CHROMIUM is None:
    pytest.skip("Debian's chromium is not installed (.ci/run installs it: apt-get install chromium)",
                allow_module_level=True)
# Without the background-networking flags chromium keeps trying to reach its update and sign-in services.
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
SCREENSHOT = REPO / "docs" / "review.png"

ACCEPTED = ("pboc-cpc-central-bank-full-abbr", "monopolized-data-be-shared", "research-group-subject-group",
            "pboc-cpc-central-bank", "wechat-official-account", "pboc-cpc-central-bank",
            "financial-information-messages", "information-exchange-process", "punctuation.apostrophe",
            "keeps-ccp-awake")
REJECTED = ("liberty-times-finance", "residue.recent-comments")
EDITED = ("involved-in-dabble", "engage in")


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield launched
        launched.close()


class Review:
    """A page of the review, with what it logged: console errors and every URL it asked for."""

    def __init__(self, browser, server: Server):
        self.server = server
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.goto(server.url)
        self.page.wait_for_selector("body[data-ready=true]")

    def expect(self, selector: str):
        return sync_api.expect(self.page.locator(selector))

    def progress(self, reviewed: int, total: int = 17) -> None:
        self.expect("#progress").to_have_text(f"{reviewed} of {total} reviewed")

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def article(tmp_path) -> Path:
    path = tmp_path / "article.txt"
    shutil.copyfile(SEED, path)
    return path


@pytest.fixture
def review(browser, article):
    server = Server(article)
    opened = Review(browser, server)
    yield opened
    opened.close()
    server.stop()


def seed_rules() -> list[str]:
    """The rule of each finding of the seed, in the page's order."""
    return [f.rule for f in tqa.analyze(SEED.read_text(encoding="utf-8")).findings]


def indexes(rules: list[str], wanted) -> list[int]:
    out, used = [], set()
    for name in wanted:
        index = next(i for i, rule in enumerate(rules) if rule.endswith(name) and i not in used
                     and (rule == name or rule.endswith("/" + name)))
        used.add(index)
        out.append(index)
    return out


def test_the_seed_reviewed_end_to_end_exports_what_tqa_fix_writes(review, article):
    page, rules = review.page, seed_rules()
    review.progress(0)
    score_before = float(page.inner_text("#score"))
    done = 0
    for number, index in enumerate(indexes(rules, ACCEPTED)):
        page.click(f"#f{index} .orig")  # a click selects the finding
        review.expect("#panel-title").to_have_text(f"Finding {index + 1} of 17")
        if number % 2:
            page.keyboard.press("a")
        else:
            page.click("#accept")
        done += 1
        review.progress(done)
        review.expect(f"#f{index}").to_have_class(re.compile(r"\baccepted\b"))
    first, second = indexes(rules, REJECTED)
    page.click(f"#f{first} .orig")
    page.keyboard.press("r")
    page.keyboard.type("the paper's English name")
    page.keyboard.press("Enter")
    review.progress(done + 1)
    page.click(f"#f{second} .orig")
    page.click("#reject")
    page.click("#reject-form button[type=submit]")  # no reason given
    review.progress(done + 2)
    (edited,) = indexes(rules, EDITED[:1])
    page.click(f"#f{edited} .orig")
    page.keyboard.press("e")
    review.expect("#edit-text").to_be_focused()
    page.keyboard.press("Control+A")
    page.keyboard.type(EDITED[1])
    page.keyboard.press("Enter")
    review.progress(done + 3)
    review.expect(f"#f{edited} .repl").to_have_text(EDITED[1])
    review.expect(f"#f{first} .state").to_have_text("✗ rejected")
    score_after = float(page.inner_text("#score"))
    assert score_after > score_before

    page.click("#export")
    review.expect("#message").to_contain_text("Exported")
    exported = article.parent / "article.reviewed.txt"
    baseline = article.parent / "tqa-baseline.json"
    assert article.read_bytes() == SEED.read_bytes()  # the input is untouched

    # The same decisions through tqa fix: the accepted rules, the rejected findings in the baseline.
    accepted_rules = sorted({rules[i] for i in indexes(rules, ACCEPTED)})
    undecided = set(range(17)) - set(indexes(rules, ACCEPTED)) - {first, second, edited}
    assert not {rules[i] for i in undecided} & set(accepted_rules)  # so --rules applies exactly the accepted ones
    expected_file = article.parent / "expected.txt"
    fixed = tqa_cli("fix", str(article), "--rules", ",".join(accepted_rules), "--baseline", str(baseline),
                    "-o", str(expected_file))
    assert fixed.returncode == 0, fixed.stderr
    assert "10 fixes applied" in fixed.stderr
    expected = expected_file.read_text(encoding="utf-8")
    assert expected.count("dabble in") == 1
    assert exported.read_text(encoding="utf-8") == expected.replace("dabble in", EDITED[1])

    # The rejected findings do not come back with the baseline, in the export or in the original ...
    def found(path: Path, *extra: str) -> tuple[list[tuple[str, str]], float]:
        run = tqa_cli("check", str(path), "--format", "json", "--fail-on", "none", *extra)
        assert run.returncode == 0, run.stderr
        document = json.loads(run.stdout)["documents"][0]
        return [(f["rule"], f["text"]) for f in document["findings"]], document["score"]

    rejected = {(rules[first], "Free Finance"), (rules[second], "Recent Comments")}
    for path in (exported, article):
        with_baseline, _ = found(path, "--baseline", str(baseline))
        assert not rejected & set(with_baseline)
        assert rejected <= set(found(path)[0])  # ... but they are there without it
    # The page's live score is the one tqa check gives the exported document with the exported baseline.
    assert found(exported, "--baseline", str(baseline))[1] == pytest.approx(score_after, abs=0.05)
    assert review.errors == []
    assert all(url.startswith(f"http://127.0.0.1:{review.server.port}/") for url in review.requests)


def test_decisions_survive_a_killed_server(browser, article):
    server = Server(article)
    opened = Review(browser, server)
    page = opened.page
    page.keyboard.press("a")  # the first finding, selected on load
    opened.progress(1)
    page.keyboard.press("j")
    page.keyboard.press("r")
    page.keyboard.press("Enter")
    opened.progress(2)
    page.keyboard.press("e")
    page.keyboard.press("Control+A")
    page.keyboard.type("exactly this")
    page.keyboard.press("Enter")
    opened.progress(3)
    opened.close()
    server.process.send_signal(signal.SIGKILL)  # no clean-up of any kind
    server.process.wait(timeout=10)
    assert server.process.returncode == -signal.SIGKILL

    again = Server(article)
    try:
        resumed = Review(browser, again)
        resumed.progress(3)
        resumed.expect("#f0").to_have_class(re.compile(r"\baccepted\b"))
        resumed.expect("#f2").to_have_class(re.compile(r"\brejected\b"))
        resumed.expect("#f3").to_have_class(re.compile(r"\bedited\b"))
        resumed.expect("#f3 .repl").to_have_text("exactly this")
        resumed.expect("#panel-title").to_have_text("Finding 2 of 17")  # the first finding not yet reviewed
        resumed.close()
    finally:
        again.stop()


def test_keyboard_only_review_with_undo(review):
    page = review.page
    review.expect("#panel-title").to_have_text("Finding 1 of 17")
    page.keyboard.press("j")
    page.keyboard.press("j")
    review.expect("#panel-title").to_have_text("Finding 3 of 17")
    review.expect("#f2").to_be_focused()
    page.keyboard.press("k")
    review.expect("#panel-title").to_have_text("Finding 2 of 17")
    page.keyboard.press("a")
    review.progress(1)
    review.expect("#f1 .state").to_have_text("✓ accepted")
    review.expect("#f1 .repl").to_have_text("monopolized data be shared")
    review.expect("#panel-title").to_have_text("Finding 3 of 17")  # on to the next finding not reviewed
    page.keyboard.press("u")
    review.progress(0)
    review.expect("#f1 .state").to_have_text("")
    review.expect("#f1 .repl").to_be_hidden()
    review.expect("#panel-title").to_have_text("Finding 2 of 17")  # back to the finding undone
    page.keyboard.press("r")
    page.keyboard.press("Escape")  # cancels: nothing decided
    review.expect("#reject-form").to_be_hidden()
    review.progress(0)
    # Tab reaches the buttons, and Enter on a focused button works as a click.
    page.focus("#accept")
    page.keyboard.press("Enter")
    review.progress(1)
    assert review.errors == []


def test_colour_is_never_the_only_signal(review):
    page = review.page
    badges = page.locator("mark.finding .badge").all_inner_texts()
    assert len(badges) == 17 and set(badges) == {"minor", "MAJOR", "CRITICAL"}
    labels = page.locator("mark.finding").evaluate_all("marks => marks.map(m => m.getAttribute('aria-label'))")
    assert all(re.match(r"finding \d+, (minor|major|critical): .+, not reviewed$", label) for label in labels)
    page.keyboard.press("a")
    review.expect("#f0").to_have_attribute("aria-label", re.compile(r", accepted$"))
    review.expect("#f0 .state").to_have_text("✓ accepted")
    assert page.locator("[aria-keyshortcuts]").count() == 6


def test_a_refused_decision_is_said_on_the_page(review):
    page = review.page
    status = page.evaluate("""async () => {
        const token = document.querySelector('meta[name="tqa-token"]').content;
        const r = await fetch('/api/decide', {method: 'POST', headers: {'X-Tqa-Token': token,
            'Content-Type': 'application/json'}, body: JSON.stringify({index: 0, decision: 'edit',
            replacement: 'a\\nb'})});
        return [r.status, (await r.json()).error];
    }""")
    assert status == [400, "an edited text cannot hold a line break (lines stay aligned with their source)"]


def test_the_review_page_screenshot(browser, article):
    """docs/review.png, shown in the README: the seed with a few decisions made (keys pressed without waiting
    for each answer: they run in order)."""
    server = Server(Path(article.name), cwd=article.parent)
    try:
        opened = Review(browser, server)
        page, rules = opened.page, seed_rules()
        for index in indexes(rules, ACCEPTED[:3]):
            page.click(f"#f{index} .orig")
            page.keyboard.press("a")
        page.click(f"#f{indexes(rules, REJECTED[:1])[0]} .orig")
        page.keyboard.press("r")
        page.keyboard.type("the paper's own name")
        page.keyboard.press("Enter")
        (edited,) = indexes(rules, EDITED[:1])
        page.click(f"#f{edited} .orig")
        page.keyboard.press("e")
        page.keyboard.press("Control+A")
        page.keyboard.type(EDITED[1])
        page.keyboard.press("Enter")
        opened.progress(5)
        page.click(f"#f{indexes(rules, ('wechat-official-account',))[0]} .orig")
        page.evaluate("window.scrollTo(0, 0)")
        SCREENSHOT.parent.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOT))
        assert SCREENSHOT.stat().st_size > 20_000
        assert opened.errors == []
        opened.close()
    finally:
        server.stop()


def test_a_document_changed_on_disk_is_said_and_its_decisions_kept(review, article):
    page, rules = review.page, seed_rules()
    wechat, debt = indexes(rules, ("wechat-official-account", "joint-debt-common-debt"))
    for index in (wechat, debt):
        page.click(f"#f{index} .orig")
        page.keyboard.press("a")
    review.progress(2)
    # Another editor fixes "common debt" by hand while the page is open: the page notices by itself (it asks
    # the server every 5 s), reloads, and says which decision no longer applies.
    article.write_text(SEED.read_text(encoding="utf-8").replace("risk of common debt", "risk of joint debt"),
                       encoding="utf-8")
    review.expect("#notice").to_contain_text("1 of 2 decisions still apply", timeout=15_000)
    review.expect("#notice").to_contain_text("joint-debt-common-debt")
    review.progress(1, total=16)
    review.expect(f"#f{wechat}").to_have_class(re.compile(r"\baccepted\b"))
    assert review.errors == []


def test_a_bilingual_file_shows_source_beside_target(browser, tmp_path):
    """A PO file: a row per unit, source beside target; a finding about the source (a number the target
    dropped) points at its span in the source, and clicking that span selects the finding."""
    from test_review import BILINGUAL

    path = tmp_path / "wmt22-tm.po"
    shutil.copyfile(BILINGUAL / "wmt22-tm.po", path)
    server = Server(path)
    try:
        opened = Review(browser, server)
        page = opened.page
        units = tqa.read(str(path)).units
        opened.expect("table.bitext tbody tr").to_have_count(len(units))
        result = tqa.analyze_document(tqa.read(str(path)), tqa.load_glossary(None))
        about_source = [i for i, f in enumerate(result.findings) if f.source_start is not None]
        assert about_source
        index = about_source[0]
        finding = result.findings[index]
        unit = next(u for u in units if u.id == finding.unit)
        opened.expect(f"#s{index}").to_have_text(unit.source[finding.source_start:finding.source_end])
        page.click(f"#s{index}")
        opened.expect("#panel-title").to_have_text(f"Finding {index + 1} of {len(result.findings)}")
        opened.expect("#d-rule").to_have_text(finding.rule)
        assert opened.errors == []
        opened.close()
    finally:
        server.stop()
