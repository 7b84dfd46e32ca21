"""``tqa review`` without a browser: the session (decisions, the review file, a document changed on disk, the
corrected document and its score, the exports) and the server's guard, on a real ``tqa review`` process.

The page in a real browser is tested in test_review_browser.py.
"""

from __future__ import annotations

import csv
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

import tqa
from helpers import REPO
from tqa.errors import TqaError
from tqa.review.session import ReviewSession, default_output

SEED = REPO / "seeds" / "000_cfa7abe2bd583fdd.txt"
BILINGUAL = REPO / "tests" / "fixtures" / "bilingual"


@pytest.fixture(scope="module")
def glossary():
    return tqa.load_glossary(None)


@pytest.fixture
def seed(tmp_path) -> Path:
    path = tmp_path / "article.txt"
    shutil.copyfile(SEED, path)
    return path


def index_of(session: ReviewSession, rule: str, nth: int = 0) -> int:
    return [item.index for item in session.items if item.finding.rule.endswith(rule)][nth]


def tqa_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tqa", *args], capture_output=True, text=True, cwd=cwd)


# --- the session -------------------------------------------------------------------------------------------------

def test_decisions_are_saved_at_once_and_resumed(seed, glossary):
    session = ReviewSession(str(seed), glossary=glossary)
    assert len(session.items) == 17
    session.decide(index_of(session, "wechat-official-account"), "accept")
    session.decide(index_of(session, "recent-comments"), "reject", reason="kept on purpose")
    session.decide(index_of(session, "involved-in-dabble"), "edit", replacement="take part in")
    saved = json.loads(Path(str(seed) + ".tqa-review.json").read_text(encoding="utf-8"))
    assert [d["decision"] for d in saved["decisions"]] == ["accept", "reject", "edit"]
    assert saved["decisions"][1]["reason"] == "kept on purpose"
    assert saved["decisions"][2]["replacement"] == "take part in"
    again = ReviewSession(str(seed), glossary=glossary)
    assert {k: (d.kind, d.replacement, d.reason) for k, d in again.decisions.items()} == \
        {k: (d.kind, d.replacement, d.reason) for k, d in session.decisions.items()}
    assert again.notice == ""
    assert again.undo() == index_of(again, "involved-in-dabble")  # the history is saved too
    assert len(again.decisions) == 2


def test_undo_gives_back_the_decision_before(seed, glossary):
    session = ReviewSession(str(seed), glossary=glossary)
    index = index_of(session, "subject-group")
    session.decide(index, "accept")
    session.decide(index, "reject")
    assert session.undo() == index
    assert session.decision(session.items[index]).kind == "accept"
    assert session.undo() == index
    assert session.decision(session.items[index]) is None
    assert session.undo() is None


def test_a_decision_is_keyed_by_rule_text_and_context_not_offset(seed, glossary):
    """The two "CPC Central Bank" findings have one rule and one text: the words around them tell them apart."""
    session = ReviewSession(str(seed), glossary=glossary)
    first, second = index_of(session, "pboc-cpc-central-bank", 0), index_of(session, "pboc-cpc-central-bank", 1)
    assert session.items[first].key[:2] == session.items[second].key[:2]
    assert session.items[first].key != session.items[second].key
    session.decide(second, "reject")
    # A line added at the top moves every offset; the decision follows its finding.
    seed.write_text("A new first line.\n" + SEED.read_text(encoding="utf-8"), encoding="utf-8")
    assert session.refresh()
    decided = [item for item in session.items if session.decision(item)]
    assert len(decided) == 1 and decided[0].finding.text == "CPC Central Bank"
    assert decided[0].finding.line == session.items[second].finding.line  # the second one, now a line lower
    assert "1 of 1 decision still apply" in session.notice


def test_a_changed_document_keeps_the_decisions_that_still_apply(seed, glossary):
    session = ReviewSession(str(seed), glossary=glossary)
    session.decide(index_of(session, "wechat-official-account"), "accept")
    session.decide(index_of(session, "joint-debt-common-debt"), "reject")
    session.decide(index_of(session, "liberty-times-finance"), "accept")
    # The editor fixed "common debt" by hand in another editor, and changed a word next to "Free Finance".
    text = SEED.read_text(encoding="utf-8").replace("risk of common debt", "risk of joint debt")
    seed.write_text(text.replace("“Free Finance”", "“Free Finance daily”"), encoding="utf-8")
    resumed = ReviewSession(str(seed), glossary=glossary)
    kept = {resumed.items[i].finding.rule.split("/")[-1] for i in range(len(resumed.items))
            if resumed.decision(resumed.items[i])}
    assert kept == {"wechat-official-account"}
    assert "changed on disk" in resumed.notice and "1 of 3 decisions still apply" in resumed.notice
    assert "joint-debt-common-debt" in resumed.notice and "liberty-times-finance" in resumed.notice


def test_refused_decisions(seed, glossary):
    session = ReviewSession(str(seed), glossary=glossary)
    with pytest.raises(TqaError, match="no finding 99"):
        session.decide(99, "accept")
    with pytest.raises(TqaError, match="unknown decision"):
        session.decide(0, "approve")
    with pytest.raises(TqaError, match="line break"):
        session.decide(0, "edit", replacement="two\nlines")
    assert not session.decisions and not Path(str(seed) + ".tqa-review.json").exists()


def test_a_broken_review_file_is_one_line_not_a_traceback(seed, glossary):
    review = Path(str(seed) + ".tqa-review.json")
    review.write_text('{"format": 1, "decisions": [{"rule": 3}]}', encoding="utf-8")
    with pytest.raises(TqaError, match=r"decision 1: needs the strings rule"):
        ReviewSession(str(seed), glossary=glossary)
    review.write_text("{", encoding="utf-8")
    with pytest.raises(TqaError, match=r"tqa-review.json:1: not a tqa review file"):
        ReviewSession(str(seed), glossary=glossary)


def test_the_live_score_is_what_tqa_check_gives_the_export(seed, glossary, tmp_path):
    session = ReviewSession(str(seed), glossary=glossary)
    before = session.score()[0].score
    assert before == pytest.approx(session.result.score)
    session.decide(index_of(session, "pboc-cpc-central-bank-full-abbr"), "accept")
    session.decide(index_of(session, "keeps-ccp-awake"), "reject")
    session.decide(index_of(session, "monopolized-data-be-shared"), "edit", replacement="monopolized data be shared")
    live = session.score()[0].score
    assert live > before
    done = session.export()
    assert done.document == default_output(str(seed)) == str(tmp_path / "article.reviewed.txt")
    report = tqa_cli("check", done.document, "--baseline", done.baseline, "--format", "json", "--fail-on", "none")
    assert report.returncode == 0, report.stderr
    assert json.loads(report.stdout)["documents"][0]["score"] == pytest.approx(round(live, 1), abs=0.05)


def test_export_keeps_encoding_bom_and_line_ends(tmp_path, glossary):
    text = SEED.read_text(encoding="utf-8").replace("\n", "\r\n")
    path = tmp_path / "crlf.txt"
    path.write_bytes(text.encode("utf-16-le").join([b"\xff\xfe", b""]))
    session = ReviewSession(str(path), glossary=glossary)
    session.decide(index_of(session, "wechat-official-account"), "accept")
    session.decide(index_of(session, "recent-comments"), "accept")
    out = Path(session.export().document).read_bytes()
    assert out.startswith(b"\xff\xfe")
    written = out[2:].decode("utf-16-le")
    # The residue line, the last one (without a line break), stays as an empty line, as tqa fix leaves it.
    assert written == text.replace("official micro-signal", "official WeChat account").replace("Recent Comments",
                                                                                               "\r\n")
    assert path.read_bytes() == text.encode("utf-16-le").join([b"\xff\xfe", b""])  # the input is untouched


@pytest.mark.parametrize("name", ["wmt22-excerpt.xlf", "wmt22-tm.po"])
def test_export_writes_bilingual_targets_back_like_tqa_fix(tmp_path, glossary, name):
    """Accepting every finding that tqa fix applies gives the file tqa fix writes."""
    path = tmp_path / name
    shutil.copyfile(BILINGUAL / name, path)
    session = ReviewSession(str(path), glossary=glossary)
    fixable = [item for item in session.items if item.finding.autofix and item.can_accept]
    assert fixable
    held = [item for item in session.items if item.finding.autofix and not item.can_accept]
    for item in held:  # a tag inside the span: tqa fix leaves it too, and accepting it is refused
        with pytest.raises(TqaError, match="inline tag"):
            session.decide(item.index, "accept")
    for item in fixable:
        session.decide(item.index, "accept")
    exported = Path(session.export().document).read_bytes()
    fixed = tqa.fix_file(str(path), glossary=glossary)
    assert len(fixed.result.applied) == len(fixable)  # one round: the review makes exactly tqa fix's edits
    assert exported == fixed.fixed
    assert exported != path.read_bytes()
    again = tqa.read(session.output)
    assert [u.id for u in again.units] == [u.id for u in session.document.units]


def test_the_decisions_csv(seed, glossary):
    session = ReviewSession(str(seed), glossary=glossary)
    session.decide(index_of(session, "recent-comments"), "reject", reason="=HYPERLINK(1)")
    done = session.export()
    with open(done.decisions_csv, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 17
    rejected = [row for row in rows if row["decision"]]
    assert [(r["rule"], r["decision"], r["reason"]) for r in rejected] == \
        [("residue.recent-comments", "reject", "'=HYPERLINK(1)")]  # a formula is neutralised


def test_exporting_twice_records_a_rejected_finding_once(seed, glossary):
    session = ReviewSession(str(seed), glossary=glossary)
    session.decide(index_of(session, "recent-comments"), "reject")
    first = Path(session.export().baseline).read_text(encoding="utf-8")
    assert Path(session.export().baseline).read_text(encoding="utf-8") == first
    recorded = json.loads(first)["findings"]
    assert {(f["path"], f["rule"]) for f in recorded} == {("article.txt", "residue.recent-comments"),
                                                          ("article.reviewed.txt", "residue.recent-comments")}
    assert all("count" not in f for f in recorded)


# --- the command and its server -------------------------------------------------------------------------------

class Server:
    """``tqa review --no-browser`` as a subprocess: its URL, port and token."""

    def __init__(self, path: Path, *args: str, cwd: Path | None = None):
        self.process = subprocess.Popen([sys.executable, "-m", "tqa", "review", str(path), "--no-browser", *args],
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=cwd)
        line = self.process.stdout.readline().strip()
        if not line:
            raise AssertionError(f"tqa review printed no URL: {self.process.stderr.read()}")
        self.url = line
        self.port = int(line.split(":")[2].split("/")[0])
        self.token = line.split("token=")[1]

    def request(self, method: str, path: str, *, host: str | None = None, headers: dict | None = None,
                body: bytes | None = None, address: str = "127.0.0.1") -> tuple[int, bytes]:
        connection = http.client.HTTPConnection(address, self.port, timeout=10)
        try:
            connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
            connection.putheader("Host", host or f"127.0.0.1:{self.port}")
            for name, value in (headers or {}).items():
                connection.putheader(name, value)
            if body is not None:
                connection.putheader("Content-Length", str(len(body)))
            connection.endheaders(body)
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()

    def stop(self) -> tuple[int, str]:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            _, err = self.process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            _, err = self.process.communicate()
        return self.process.returncode, err


@pytest.fixture
def server(seed):
    running = Server(seed)
    yield running
    running.stop()


def test_the_page_needs_the_token(server):
    status, body = server.request("GET", f"/?token={server.token}")
    assert status == 200 and b"tqa review" in body
    wrong = server.token[:-1] + ("y" if server.token.endswith("x") else "x")  # one character off, never the token
    for path in ("/", "/?token=", f"/?token={wrong}", "/api/state", f"/api/state?token={server.token}0"):
        status, body = server.request("GET", path)
        assert status == 403, path
        assert b"official micro-signal" not in body
    status, _ = server.request("GET", "/api/state", headers={"X-Tqa-Token": server.token})
    assert status == 200


def test_another_origin_is_refused(server):
    headers = {"X-Tqa-Token": server.token, "Content-Type": "application/json"}
    decide = json.dumps({"index": 0, "decision": "accept"}).encode()
    for origin in ("http://evil.example", "http://127.0.0.1:1", "null", f"https://127.0.0.1:{server.port}"):
        assert server.request("GET", "/api/state", headers={**headers, "Origin": origin})[0] == 403
        assert server.request("POST", "/api/decide", headers={**headers, "Origin": origin}, body=decide)[0] == 403
    for site in ("cross-site", "same-site"):  # what a browser says of an image or script another page embeds
        assert server.request("GET", f"/api/state?token={server.token}", headers={"Sec-Fetch-Site": site})[0] == 403
    assert server.request("GET", f"/?token={server.token}", headers={"Sec-Fetch-Site": "none"})[0] == 200
    # A change must say where it comes from, and be JSON (no form of another site can send it).
    assert server.request("POST", "/api/decide", headers=headers, body=decide)[0] == 403
    own = f"http://127.0.0.1:{server.port}"
    form = {**headers, "Origin": own, "Content-Type": "application/x-www-form-urlencoded"}
    assert server.request("POST", "/api/decide", headers=form, body=decide)[0] == 403
    status, body = server.request("POST", "/api/decide", headers={**headers, "Origin": own}, body=decide)
    assert status == 200 and json.loads(body)["reviewed"] == 1


def test_another_host_is_refused_against_dns_rebinding(server):
    for host in ("evil.example", f"evil.example:{server.port}", "127.0.0.1", f"127.0.0.1:{server.port + 1}",
                 f"0.0.0.0:{server.port}"):
        status, _ = server.request("GET", f"/?token={server.token}", host=host)
        assert status == 403, host
    assert server.request("GET", f"/?token={server.token}", host=f"localhost:{server.port}")[0] == 200


def test_nothing_outside_the_files_under_review_is_served(server):
    secret = "Central Bank of the Communist Party"  # the document is only ever sent as the page
    for path in ("/etc/passwd", "/assets/../../../../etc/passwd", "/assets/%2e%2e/%2e%2e/etc/passwd",
                 "/assets/..%2fsession.py", "/assets/review.html.j2", "/../article.txt", "/article.txt",
                 "/assets/%2Fetc%2Fpasswd", "/assets/..\\..\\pyproject.toml", "/static/review.js", "/docs"):
        status, body = server.request("GET", f"{path}{'&' if '?' in path else '?'}token={server.token}")
        assert status == 404, path
        assert b"root:" not in body and secret.encode() not in body
    assert server.request("GET", f"/assets/review.js?token={server.token}")[0] == 200


def test_every_response_carries_a_strict_policy(server):
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    connection.request("GET", f"/?token={server.token}")
    response = connection.getresponse()
    response.read()
    policy = response.getheader("Content-Security-Policy")
    assert "default-src 'none'" in policy and "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert response.getheader("X-Frame-Options") == "DENY"
    assert response.getheader("Referrer-Policy") == "no-referrer"
    connection.close()


def other_addresses() -> list[tuple[int, str]]:
    """Addresses of this machine other than 127.0.0.1 (another loopback address, IPv6's, the interfaces')."""
    found = [(socket.AF_INET, "127.0.0.2"), (socket.AF_INET6, "::1")]
    try:
        for family, _, _, _, address in socket.getaddrinfo(socket.gethostname(), None):
            if address[0] not in ("127.0.0.1",) and (family, address[0]) not in found:
                found.append((family, address[0]))
    except OSError:
        pass
    return found


def test_the_server_is_reachable_on_127_0_0_1_only(server):
    reachable = []
    for family, address in other_addresses():
        with socket.socket(family, socket.SOCK_STREAM) as sock:
            sock.settimeout(2)
            try:
                sock.connect((address, server.port))
                reachable.append(address)
            except OSError:
                pass
    assert reachable == []
    with socket.create_connection(("127.0.0.1", server.port), timeout=2):
        pass
    listening = Path("/proc/net/tcp").read_text() if Path("/proc/net/tcp").exists() else ""
    ours = [line.split() for line in listening.splitlines()[1:] if line.split()[1].endswith(f":{server.port:04X}")
            and line.split()[3] == "0A"]
    if listening:
        assert [fields[1] for fields in ours] == [f"0100007F:{server.port:04X}"]  # 127.0.0.1, listening


def test_ctrl_c_stops_the_server_cleanly(server):
    assert server.request("GET", f"/api/state?token={server.token}")[0] == 200
    status, err = server.stop()
    assert status == 130
    assert "Traceback" not in err
    assert "tqa: interrupted" in err and "the decisions are kept in" in err
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", server.port), timeout=2).close()


def test_one_document_is_reviewed_by_one_server_at_a_time(server, seed):
    second = tqa_cli("review", str(seed), "--no-browser")
    assert second.returncode == 2 and "Traceback" not in second.stderr
    assert f"another tqa review (process {server.process.pid}) is reviewing this document" in second.stderr
    lock = seed.parent / f".{seed.name}.tqa-review.json.lock"
    assert lock.exists()
    server.stop()
    assert not lock.exists()  # a clean stop removes it (a killed server's is released by the kernel)


def test_bad_command_lines_are_one_line(seed, tmp_path):
    for args, message in (([str(tmp_path / "missing.txt")], "no such file"), (["-"], "needs a file"),
                          ([str(seed), "-o", str(seed)], "is also an input"),
                          ([str(seed), "--port", "70000"], "not a port number")):
        done = tqa_cli("review", *args, "--no-browser")
        assert done.returncode == 2, args
        assert message in done.stderr and "Traceback" not in done.stderr


def test_with_a_reference_bleu_and_chrf_follow_the_decisions(seed, glossary):
    reference = str(SEED).replace(".txt", ".ref.txt")
    session = ReviewSession(str(seed), glossary=glossary, references=[reference])
    assert session.metrics(session.document)["chrf"][0] == session.metrics(session.document)["chrf"][1]
    session.decide(index_of(session, "pboc-cpc-central-bank-full-abbr"), "accept")
    session.decide(index_of(session, "wechat-official-account"), "accept")
    (bleu_before, bleu_after), (chrf_before, chrf_after) = (session.metrics(session.corrected()[0])[name]
                                                            for name in ("bleu", "chrf"))
    assert chrf_after > chrf_before and bleu_after > bleu_before  # the human post-edit says the same


def test_a_reference_that_does_not_line_up_is_refused_before_serving(seed, tmp_path):
    short = tmp_path / "short.ref"
    short.write_text("one line\n", encoding="utf-8")
    done = tqa_cli("review", str(seed), "--ref", str(short), "--no-browser")
    assert done.returncode == 2 and "Traceback" not in done.stderr and "line" in done.stderr


def test_export_never_writes_over_a_corrected_document_edited_since(seed, glossary):
    session = ReviewSession(str(seed), glossary=glossary)
    session.decide(index_of(session, "wechat-official-account"), "accept")
    output = Path(session.export().document)
    session.decide(index_of(session, "subject-group"), "accept")
    session.export()  # its own last export: replaced
    assert "research group" in output.read_text(encoding="utf-8")
    output.write_text(output.read_text(encoding="utf-8") + "A line added by hand.\n", encoding="utf-8")
    edited = output.read_bytes()
    resumed = ReviewSession(str(seed), glossary=glossary)
    with pytest.raises(TqaError, match="is not what this review last exported"):
        resumed.export()
    assert output.read_bytes() == edited


def test_a_decision_that_cannot_be_saved_is_not_made(seed, glossary):
    session = ReviewSession(str(seed), glossary=glossary)
    session.decide(0, "accept")
    session.review_file = str(seed.parent / "gone" / "article.txt.tqa-review.json")  # its directory removed
    with pytest.raises(TqaError, match="cannot write"):
        session.decide(1, "reject")
    with pytest.raises(TqaError, match="cannot write"):
        session.undo()
    assert [session.decision(item) is not None for item in session.items[:2]] == [True, False]
    assert len(session.history) == 1
