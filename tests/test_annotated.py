"""``tqa check --format annotated`` (issue 5): the plain text with every finding marked inline.

The notation (documented in tqa/report/annotated.py, after wdiff's)::

    [-old-]{+new+}<<severity rule>>      a replacement
    [-old-]<<severity rule: delete>>     a deletion
    [!text!]<<severity rule: message>>   a span a human must look at (no suggestion)

Text outside the marks is the document, unchanged, line for line: removing the marks gives the input back.
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import tqa
from helpers import MINI, SEED, only_the_gate_failed, read_text, run_tqa, without_gate
from tqa.report.annotated import annotate

GLOSSARY = tqa.load_glossary(MINI)

MARK = re.compile(
    r"\[-(?P<old>.*?)-\](?:\{\+(?P<new>.*?)\+\})?<<(?P<tag>[^<>]*?)>>"
    r"|\[!(?P<flag>.*?)!\]<<(?P<ftag>[^<>]*?)>>", re.S)


def unmark(annotated: str) -> str:
    """The text with the marks taken out: what each mark stands for in the original."""
    return MARK.sub(lambda m: m.group("old") if m.group("old") is not None else m.group("flag"), annotated)


def marks(annotated: str) -> list[dict]:
    return [{k: v for k, v in m.groupdict().items() if v is not None} for m in MARK.finditer(annotated)]


def body(out: str) -> str:
    """The annotated document of a one-document report: between the ``==>`` header and the score."""
    lines = out.split("\n")
    assert lines[0].startswith("==> ") and " <== score " in lines[0]
    end = max(i for i, line in enumerate(lines) if line.startswith("score "))
    assert lines[end - 1] == ""
    return "\n".join(lines[1:end - 1]) + "\n"


# --- the notation ---------------------------------------------------------------------------------------

def test_a_replacement(cli, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("The article was posted on the official micro-signal of the bank.\n", encoding="utf-8")
    run = cli("check", path, "-g", MINI, "--format", "annotated", "--only-check", "glossary")
    assert only_the_gate_failed(run.code, run.err), run.err  # a major finding
    assert body(run.out) == ("The article was posted on the [-official micro-signal-]{+official WeChat account+}"
                             "<<major mini/wechat-official-account>> of the bank.\n")


def test_a_deletion():
    text = "First paragraph.\nShare this:\nSecond paragraph.\n"
    assert annotate(tqa.analyze(text, GLOSSARY)) == (
        "First paragraph.\n[-Share this:-]<<major residue.share-this: delete>>\nSecond paragraph.\n")


def test_a_glossary_deletion_entry():
    # mini.yaml lists "Recent Comments" itself: an Accuracy/Addition entry with an empty suggestion.
    text = "The report ended.\nRecent Comments"
    assert annotate(tqa.analyze(text, GLOSSARY)) == (
        "The report ended.\n[-Recent Comments-]<<major mini/recent-comments-residue: delete>>")


def test_a_finding_without_a_suggestion_is_flagged_for_a_human():
    text = "The risk of 共债 should be effectively controlled, the report said.\n"
    result = tqa.analyze(text, GLOSSARY)
    [finding] = result.findings
    assert (finding.rule, finding.suggestion) == ("language.untranslated", "")
    assert annotate(result) == (f"The risk of [!共债!]<<{finding.severity} language.untranslated: {finding.message}>>"
                                " should be effectively controlled, the report said.\n")


def test_a_glossary_entry_a_human_must_decide():
    # "millet" beside "phones" is Xiaomi, but mini.yaml has no autofix for it; it still has a suggestion.
    text = "The new millet phone sold out in an hour.\n"
    assert annotate(tqa.analyze(text, GLOSSARY)) == (
        "The new [-millet-]{+Xiaomi+}<<major mini/xiaomi-millet-phone>> phone sold out in an hour.\n")


def test_the_seed_annotated(cli):
    run = cli("check", SEED, "--format", "annotated")
    assert only_the_gate_failed(run.code, run.err), run.err
    annotated = body(run.out)
    text = read_text(SEED)
    result = tqa.analyze(text)
    assert unmark(annotated) == text + "\n"  # the seed has no final newline; the report ends its last line
    found = marks(annotated)
    assert len(found) == len(result.findings) == 17
    for mark, finding in zip(found, result.findings):
        tag = mark.get("tag", mark.get("ftag"))
        assert tag.startswith(f"{finding.severity} {finding.rule}")
        assert mark.get("old", mark.get("flag")) == finding.text
        assert mark.get("new", "") == finding.suggestion
    assert annotated.split("\n")[1] == (
        "The article, signed by the [-subject group-]{+research group+}<<major zh-en-news/research-group-subject-group>> of "
        "the Financial Consumer Protection Bureau of the [-CPC Central Bank-]{+People's Bank of China+}"
        "<<major zh-en-news/pboc-cpc-central-bank>>, was posted on the [-official micro-signal-]{+official WeChat account+}"
        "<<major zh-en-news/wechat-official-account>> of the [-CPC Central Bank-]{+People's Bank of China+}"
        "<<major zh-en-news/pboc-cpc-central-bank>>.")
    assert annotated.split("\n")[11] == "[-Recent Comments-]<<major residue.recent-comments: delete>>"
    # Lines without findings are printed as they are.
    for number in (7, 9, 11):
        assert annotated.split("\n")[number - 1] == text.split("\n")[number - 1]


def test_text_outside_the_marks_is_unchanged_line_for_line(cli):
    text = read_text(SEED)
    annotated = body(cli("check", SEED, "--format", "annotated").out)
    assert annotated.count("\n") == text.count("\n") + 1
    for original, marked in zip(text.split("\n"), annotated.split("\n")):
        assert unmark(marked) == original


def test_the_report_ends_with_the_score_and_signature(cli):
    run = cli("check", SEED, "--format", "annotated")
    lines = run.out.rstrip("\n").split("\n")
    score = tqa.analyze(read_text(SEED)).score
    assert lines[0] == f"==> {SEED} <== score {score:.1f}, 17 findings"
    assert lines[-2] == f"score {score:.1f} (penalty 92.1 over 442 words)"
    assert lines[-1].startswith("signature: tqa:")


def test_several_documents_and_crlf(tmp_path):
    (tmp_path / "a.txt").write_bytes("Patients with new crown pneumonia went home.\r\nShare this:\r\n".encode("utf-8"))
    (tmp_path / "b.txt").write_text("Nothing to see here.\n", encoding="utf-8")
    proc = run_tqa("check", "a.txt", "b.txt", "-g", MINI, "--format", "annotated", cwd=tmp_path)
    assert only_the_gate_failed(proc.returncode, proc.stderr), proc.stderr
    out = proc.stdout.decode("utf-8")
    assert out.startswith(
        "==> a.txt <== score 0.0, 2 findings\n"
        "Patients with [-new crown pneumonia-]{+COVID-19+}<<critical mini/covid-new-crown-pneumonia>> went home.\r\n"
        "[-Share this:-]<<major residue.share-this: delete>>\r\n"
        "\n==> b.txt <== score 100.0, 0 findings\nNothing to see here.\n\n")


def test_annotated_output_to_a_file(cli, tmp_path):
    out = tmp_path / "annotated.txt"
    run = cli("check", SEED, "--format", "annotated", "-o", out)
    assert (run.code, run.out, without_gate(run.err)) == (1, "", "")
    assert out.read_text(encoding="utf-8") == cli("check", SEED, "--format", "annotated").out


# --- property: removing the marks gives the text back --------------------------------------------------------

# MT-like text without the notation's own brackets, so that the marks can be taken out unambiguously.
WORDS = ["official", "micro-signal", "new", "crown", "pneumonia", "common", "debt", "subject", "group", "the",
         "The", "millet", "phone", "CPC", "Central", "Bank", "Share this:", "Recent Comments", "Taiwan‘s", ",",
         " ,", ".", "，", "共债", "中国央行", "“", "”", "é", "NPC"]
safe_text = st.text(alphabet=st.characters(exclude_characters="[]{}<>!+", exclude_categories=("Cs",)), max_size=3)
mt_like = st.lists(st.one_of(st.sampled_from(WORDS), st.sampled_from([" ", "  ", "\n", "\r\n", "\t", "-"]),
                             safe_text), max_size=50).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mt_like)
@example("Share this:\nthe the official micro-signal ,said 共债\r\n")
def test_removing_the_marks_gives_the_text_back(text):
    result = tqa.analyze(text, GLOSSARY)
    annotated = annotate(result)
    assert unmark(annotated) == text
    assert len(marks(annotated)) == len(result.findings)
