"""A review session: one document, its findings, the editor's decisions, the corrected document and its score.

Decisions are saved at once, after each one, to a review file beside the document (JSON, written atomically),
so that a session killed at any moment resumes where the editor stopped. A decision is keyed by what the
finding is, not where it is: its rule, the text flagged, a hash of the words around it (the key a baseline
records, :func:`tqa.suppression.baseline_key`) and its rank among findings with that same key. When the
document changes on disk, the findings are found again and every decision whose key is still found is kept;
the others are dropped, and the page says so.

The corrected document is the original with the accepted suggestions and the edited texts put in place, one
edit per decided finding, planned by :func:`tqa.fix.plan_edits` (the edits ``tqa fix`` makes: the same case
matching, a residue line deleted as an empty line, no edit across an inline tag or a line break); an edited
text is put in as typed. Its score is the score ``tqa check`` gives the exported file with the exported
baseline: the corrected document analysed again on the server, with the rejected findings suppressed by a
baseline built in memory exactly as the exported one (no score is recomputed in the page's script).
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import os
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Iterator, Sequence

from .._version import __version__
from ..errors import TqaError
from ..model import Document, DocumentResult, Finding

if TYPE_CHECKING:  # pragma: no cover
    from ..glossary import Glossary
    from ..readers import ReadOptions
    from ..rules import Policy
    from ..scoring import Weights
    from ..suppression import Suppression

REVIEW_FORMAT = 1
ACCEPT, REJECT, EDIT = "accept", "reject", "edit"
KINDS = (ACCEPT, REJECT, EDIT)
#: The columns of the decisions CSV.
CSV_COLUMNS = ("unit", "line", "column", "rule", "severity", "category", "text", "suggestion", "decision",
               "replacement", "reason", "decided_at")
MAX_TEXT = 10_000  # an edited text or a reason longer than this is refused (a page never sends one)

Key = tuple[str, str, str, int]  # rule, text flagged, context hash, rank among findings with the same three


@dataclass(frozen=True)
class Decision:
    """What the editor decided about one finding: accept its suggestion, reject it (with an optional reason),
    or edit (put ``replacement`` in its place)."""

    kind: str
    replacement: str = ""
    reason: str = ""
    at: str = ""  # when, ISO 8601 UTC

    def as_json(self) -> dict:
        out = {"decision": self.kind, "at": self.at}
        if self.kind == EDIT:
            out["replacement"] = self.replacement
        if self.reason:
            out["reason"] = self.reason
        return out


@dataclass(frozen=True)
class Item:
    """A finding under review: its place in the list, its key, and which decisions can be carried out (an
    accepted suggestion must be one an edit can make: see :func:`_applicable`)."""

    index: int
    finding: Finding
    key: Key
    can_accept: bool
    can_edit: bool
    why_not: str = ""  # why accepting (or editing) is not possible


@dataclass
class Exported:
    """The files an export wrote, and the score ``tqa check`` gives the corrected document."""

    document: str
    decisions_csv: str
    baseline: str
    rejected: int
    score: float


@dataclass
class _State:
    """The document as read, its analysis, the items under review."""

    data: bytes
    digest: str
    document: Document
    result: DocumentResult
    items: list[Item]
    baseline_silenced: list[Finding] = field(default_factory=list)  # by the --baseline given (exported again)
    by_key: dict[Key, Item] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_key = {item.key: item for item in self.items}


class ReviewSession:
    """One document under review. Every public method works on the document as it is on disk now
    (:meth:`refresh` reads it again when it changed) and, when it changes a decision, saves the review file
    before it returns."""

    def __init__(self, path: str, *, glossary: "Glossary", checks=None, policy: "Policy | None" = None,
                 weights: "Weights | None" = None, suppression: "Suppression | None" = None,
                 options: "ReadOptions | None" = None, input_format: str | None = None,
                 target_lang: str | None = None, review_file: str | None = None, output: str | None = None,
                 decisions_csv: str | None = None, baseline: str | None = None, references: Sequence[str] = (),
                 signature: str = ""):
        from ..readers import ReadOptions, reader_for
        from ..scoring import DEFAULT_WEIGHTS
        from ..suppression import Suppression

        self.path = path
        self.glossary = glossary
        self.checks = checks
        self.policy = policy
        self.weights = weights or DEFAULT_WEIGHTS
        self.layers = suppression if suppression is not None else Suppression(glossary)
        self.options = options or ReadOptions()
        self.reader = reader_for(path, input_format)
        self.target_lang = target_lang
        self.review_file = review_file or default_review_file(path)
        self.output = output or default_output(path)
        self.decisions_csv = decisions_csv or path + ".tqa-review.csv"
        self.baseline_path = baseline or os.path.join(os.path.dirname(os.path.abspath(path)), "tqa-baseline.json")
        self.references = tuple(references)
        self.signature = signature
        self.decisions: dict[Key, Decision] = {}
        self.history: list[tuple[Key, Decision | None]] = []  # for undo: each change and what it replaced
        self.exported = ""  # the SHA-256 of the corrected document the last export wrote
        self.notice = ""  # what the page must say (the document changed on disk, decisions dropped)
        self.revision = 0  # goes up each time the document is read again
        self._stat: tuple[int, int] | None = None
        self._state = self._read()
        self._load_review_file()

    # -- reading the document ------------------------------------------------------------------------------------
    def _read(self) -> _State:
        from ..files import Source, read_bytes
        from ..pipeline import analyze_document

        source = Source(self.path)
        stat = os.stat(self.path)
        data = read_bytes(source)
        self._stat = (stat.st_mtime_ns, stat.st_size)
        if self.reader.name != "text" and not self.reader.writes_back:
            raise TqaError(f"{source.name}: tqa review cannot write {self.reader.name} files back")
        document = self._document(source.name, data)
        silenced = self.layers.for_document(document, self.path)
        result = analyze_document(document, self.glossary, checks=self.checks, weights=self.weights,
                                  target_lang=self.target_lang, policy=self.policy, suppression=silenced)
        items = _items(result, document)
        from ..suppression import BASELINE

        return _State(data, hashlib.sha256(data).hexdigest(), document, result, items,
                      [f for f in result.suppressed if f.suppressed == BASELINE])

    def _document(self, name: str, data: bytes) -> Document:
        from ..inputs import decode
        from ..writeback import TextEncoding

        if self.reader.name == "text":
            text, _, encoding = decode(name, data, self.options.encoding)
            if not TextEncoding.of_input(data, encoding).round_trips(text, data):
                raise TqaError(f"{name}: read as {encoding}, it would not be written back byte for byte (give the "
                               f"file's encoding with --encoding)")
            if not self.options.source:
                return Document(name, text, encoding, target_language=self.options.target_language or "")
        return self.reader.read(name, data, self.options)

    def refresh(self) -> bool:
        """Read the document again if it changed on disk since it was read (its size or time, then its bytes);
        keep the decisions whose findings are still found. True when it had changed."""
        try:
            stat = os.stat(self.path)
        except OSError as exc:
            raise TqaError(f"{self.path}: cannot read: {exc.strerror or exc}") from None
        if (stat.st_mtime_ns, stat.st_size) == self._stat:
            return False
        state = self._read()
        if state.digest == self._state.digest:
            return False
        before = len(self.decisions)
        self._state = state
        self.revision += 1
        dropped = self._keep_applicable()
        self.notice = _changed_notice(before, dropped)
        self.history = [(key, old) for key, old in self.history if key in self.by_key]
        self._save()
        return True

    # -- the review file ------------------------------------------------------------------------------------------
    def _load_review_file(self) -> None:
        try:
            with open(self.review_file, "rb") as handle:
                raw = handle.read()
        except FileNotFoundError:
            return
        except OSError as exc:
            raise TqaError(f"{self.review_file}: cannot read the review file: {exc.strerror or exc}") from None
        try:
            spec = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            where = f":{exc.lineno}" if isinstance(exc, json.JSONDecodeError) else ""
            raise TqaError(f"{self.review_file}{where}: not a tqa review file ({exc}); move it away to start "
                           f"afresh") from None
        if not isinstance(spec, dict) or spec.get("format") != REVIEW_FORMAT \
                or not isinstance(spec.get("decisions"), list):
            raise TqaError(f"{self.review_file}: not a tqa review file (an object with \"format\": {REVIEW_FORMAT} "
                           f"and a \"decisions\" list); move it away to start afresh")
        for number, entry in enumerate(spec["decisions"], 1):
            key, decision = _decision_of(entry, f"{self.review_file}: decision {number}")
            self.decisions[key] = decision
        self.exported = spec.get("exported_sha256") if isinstance(spec.get("exported_sha256"), str) else ""
        for number, entry in enumerate(spec.get("history") or [], 1):
            where = f"{self.review_file}: history entry {number}"
            if not isinstance(entry, dict):
                raise TqaError(f"{where}: not an object")
            key = _key_of(entry, where)
            before = _decision_of(entry["before"], where)[1] if entry.get("before") else None
            self.history.append((key, before))
        before = len(self.decisions)
        dropped = self._keep_applicable()
        if spec.get("sha256") != self._state.digest:
            self.notice = _changed_notice(before, dropped)
        self.history = [(key, old) for key, old in self.history if key in self.by_key]

    def _keep_applicable(self) -> list[Key]:
        """Drop the decisions whose finding is no longer found (or can no longer be carried out)."""
        dropped = []
        for key, decision in list(self.decisions.items()):
            item = self.by_key.get(key)
            if item is None or (decision.kind == ACCEPT and not item.can_accept) \
                    or (decision.kind == EDIT and not item.can_edit):
                dropped.append(key)
                del self.decisions[key]
        return dropped

    def _save(self) -> None:
        from ..output import open_output

        def entry(key: Key, decision: Decision) -> dict:
            return {**_key_json(key), **decision.as_json()}

        body = {
            "format": REVIEW_FORMAT,
            "tqa_version": __version__,
            "document": os.path.basename(self.path),
            "sha256": self._state.digest,
            "signature": self.signature,
            "decisions": [entry(key, d) for key, d in self.decisions.items()],
            "history": [{**_key_json(key), "before": entry(key, old) if old else None} for key, old in self.history],
            "exported_sha256": self.exported,
        }
        with open_output(self.review_file, encoding="utf-8") as stream:
            stream.write(json.dumps(body, ensure_ascii=False, indent=2) + "\n")

    # -- decisions ------------------------------------------------------------------------------------------------
    @property
    def items(self) -> list[Item]:
        return self._state.items

    @property
    def by_key(self) -> dict[Key, Item]:
        return self._state.by_key

    @property
    def document(self) -> Document:
        return self._state.document

    @property
    def result(self) -> DocumentResult:
        return self._state.result

    def decide(self, index: int, kind: str, *, replacement: str = "", reason: str = "") -> None:
        """Record a decision about item ``index`` and save the review file. Refused (:class:`TqaError`): an
        unknown item or decision, a suggestion that cannot be applied, an edit holding a line break."""
        item = self._item(index)
        if kind not in KINDS:
            raise TqaError(f"unknown decision {kind!r} (expected accept, reject or edit)")
        if len(replacement) > MAX_TEXT or len(reason) > MAX_TEXT:
            raise TqaError("the text is too long")
        if kind == ACCEPT and not item.can_accept:
            raise TqaError(f"finding {index + 1} cannot be accepted: {item.why_not}")
        if kind == EDIT:
            if not item.can_edit:
                raise TqaError(f"finding {index + 1} cannot be edited: {item.why_not}")
            if any(c in replacement for c in "\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"):
                raise TqaError("an edited text cannot hold a line break (lines stay aligned with their source)")
        decision = Decision(kind, replacement if kind == EDIT else "", reason.strip() if kind == REJECT else "",
                            datetime.now(timezone.utc).isoformat(timespec="seconds"))
        before = self.decisions.get(item.key)
        self.history.append((item.key, before))
        self.decisions[item.key] = decision
        try:
            self._save()
        except BaseException:  # not saved: not made (the page says why; what is on disk stays true)
            self.history.pop()
            if before is None:
                del self.decisions[item.key]
            else:
                self.decisions[item.key] = before
            raise

    def undo(self) -> int | None:
        """Take back the last decision (the finding gets the decision it had before, or none); the item's index,
        None when there is nothing to undo."""
        if not self.history:
            return None
        key, before = self.history.pop()
        now = self.decisions.get(key)
        if before is None:
            self.decisions.pop(key, None)
        else:
            self.decisions[key] = before
        try:
            self._save()
        except BaseException:
            self.history.append((key, before))
            if now is not None:
                self.decisions[key] = now
            raise
        item = self.by_key.get(key)
        return item.index if item is not None else None

    def _item(self, index: int) -> Item:
        if not isinstance(index, int) or isinstance(index, bool) or not 0 <= index < len(self.items):
            raise TqaError(f"no finding {index!r} in this document")
        return self.items[index]

    def decision(self, item: Item) -> Decision | None:
        return self.decisions.get(item.key)

    # -- the corrected document -----------------------------------------------------------------------------------
    def corrected(self) -> tuple[Document, list[tuple[int, int, str]]]:
        """The document with the decisions carried out, and the edits that made it."""
        from ..fix import edited, plan_edits

        chosen: list[Finding] = []
        typed: dict[int, str] = {}
        for item in self.items:
            decision = self.decisions.get(item.key)
            if decision is None or decision.kind == REJECT:
                continue
            finding = replace(item.finding, autofix=True)
            if decision.kind == EDIT:
                finding = replace(finding, suggestion=decision.replacement or "\x00")  # any non-empty: see below
                typed[id(finding)] = decision.replacement
            chosen.append(finding)
        text = self.document.text
        edits, applied, _ = plan_edits(text, chosen, protected=_tags(self.document))
        # An edited text goes in as typed, over exactly the span flagged (no case matching, no line deletion).
        edits = [(f.start, f.end, typed[id(f)]) if id(f) in typed else edit for edit, f in zip(edits, applied)]
        return (edited(self.document, edits) if edits else self.document), edits

    def rejected(self) -> list[Finding]:
        return [item.finding for item in self.items
                if (d := self.decisions.get(item.key)) is not None and d.kind == REJECT]

    def baseline_counts(self, corrected: Document, edits) -> dict[str, Counter]:
        """The baseline entries an export adds: the rejected findings (and those the given baseline silenced),
        keyed in the corrected document at the output's path, and in the original at the input's path."""
        from ..edits import Moved
        from ..suppression import Places, baseline_key, document_path

        directory = os.path.dirname(os.path.abspath(self.baseline_path))
        silenced = self.rejected() + self._state.baseline_silenced
        moved = Moved(edits)
        after = Places(corrected.text, corrected.units)
        before = Places(self.document.text, self.document.units)
        out: dict[str, Counter] = {}
        out_path, in_path = document_path(self.output, directory), document_path(self.path, directory)
        out[out_path] = Counter(baseline_key(replace(f, start=moved(f.start), end=moved(f.end)), after)
                                for f in silenced)
        if in_path != out_path:
            out[in_path] = Counter(baseline_key(f, before) for f in silenced)
        return out

    def _merged_baseline(self, additions: dict[str, Counter]) -> dict[str, Counter]:
        """The baseline file's entries (if it exists) with ``additions``: a key's count is the larger of the
        two, so exporting twice records a finding once."""
        from ..suppression import Baseline

        documents: dict[str, Counter] = {}
        if os.path.exists(self.baseline_path):
            documents = {path: Counter(keys) for path, keys in Baseline.load(self.baseline_path).documents.items()}
        for path, keys in additions.items():
            documents[path] = documents.get(path, Counter()) | keys
        return documents

    def score(self) -> tuple[DocumentResult, Document]:
        """The analysis ``tqa check OUTPUT --baseline BASELINE`` would give once exported: the corrected
        document, the rejected findings suppressed by the baseline the export writes."""
        from ..pipeline import analyze_document
        from ..suppression import Baseline, Suppression

        corrected, edits = self.corrected()
        documents = self._merged_baseline(self.baseline_counts(corrected, edits))
        baseline = Baseline(self.baseline_path, os.path.dirname(os.path.abspath(self.baseline_path)),
                            {path: dict(keys) for path, keys in documents.items()}, "")
        layers = Suppression(self.glossary, inline=self.layers.inline, ignore_file=self.layers.ignore_file,
                             baseline=baseline, catalog=self.layers.catalog)
        result = analyze_document(corrected, self.glossary, checks=self.checks, weights=self.weights,
                                  target_lang=self.target_lang, policy=self.policy,
                                  suppression=layers.for_document(corrected, self.output))
        return result, corrected

    def metrics(self, corrected: Document) -> dict[str, tuple[float, float]]:
        """chrF and BLEU against the references, before and after the decisions (empty without references)."""
        if not self.references:
            return {}
        from ..metrics import check_aligned, corpus_scores, read_reference, reference_names, split_lines

        references = [read_reference(path, self.options.encoding) for path in self.references]
        before, after = split_lines(self.document.text), split_lines(corrected.text)
        check_aligned(self.document.id, before, references, reference_names(list(self.references)))
        was = corpus_scores(before, references, names=("bleu", "chrf"))
        now = corpus_scores(after, references, names=("bleu", "chrf"))
        return {name: (was[name].score, now[name].score) for name in now}

    # -- export ------------------------------------------------------------------------------------------------
    def corrected_bytes(self, corrected: Document) -> bytes:
        """The corrected document in the input's format, encoding, BOM and line endings."""
        from ..fix import FixResult, encode_fixed
        from ..writeback import TextEncoding

        data, name = self._state.data, self.document.id
        if self.reader.name == "text":
            return encode_fixed(FixResult(corrected.text, (), ()), TextEncoding.of_input(data, self.document.encoding
                                or "utf-8"), name)
        changed = FixResult(corrected.text, (), (), corrected).changed_units(self.document)
        return self.reader.write_back(name, data, self.document, changed, self.options) if changed else data

    def _refuse_overwriting_other_work(self) -> None:
        """An export replaces the corrected document only when it is the one the last export wrote: a file
        there that this review did not write (or that was edited since) is someone's work."""
        try:
            found = _digest_of(self.output)
        except FileNotFoundError:
            return
        except OSError as exc:
            raise TqaError(f"{self.output}: cannot read: {exc.strerror or exc}") from None
        if found != self.exported:
            raise TqaError(f"{self.output}: exists and is not what this review last exported (edited since?); "
                           f"nothing written: move it away, or give tqa review another -o")

    def decisions_csv_text(self) -> str:
        from ..report.tables import neutralise

        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(CSV_COLUMNS)
        for item in self.items:
            f, d = item.finding, self.decisions.get(item.key)
            writer.writerow([neutralise(value) for value in (
                f.unit, f.line, f.column, f.rule, str(f.severity), f.category, f.text, f.suggestion,
                d.kind if d else "", d.replacement if d and d.kind == EDIT else "", d.reason if d else "",
                d.at if d else "")])
        return out.getvalue()

    def export(self) -> Exported:
        """Write the corrected document, the decisions as CSV and the baseline (each atomically)."""
        from ..output import open_output
        from ..suppression import baseline_json

        self.refresh()
        self._refuse_overwriting_other_work()
        result, corrected = self.score()
        corrected_data = self.corrected_bytes(corrected)
        counts: Counter = Counter()
        for path, keys in self._merged_baseline(self.baseline_counts(corrected, self.corrected()[1])).items():
            for key, count in keys.items():
                counts[(path, *key)] = count
        with open_output(self.output, binary=True) as stream:
            stream.write(corrected_data)
        with open_output(self.decisions_csv, encoding="utf-8", newline="") as stream:
            stream.write(self.decisions_csv_text())
        with open_output(self.baseline_path, encoding="utf-8") as stream:
            stream.write(baseline_json(counts, __version__, self.signature))
        self.exported = hashlib.sha256(corrected_data).hexdigest()
        self._save()
        return Exported(self.output, self.decisions_csv, self.baseline_path, len(self.rejected()), result.score)


@contextlib.contextmanager
def review_lock(review_file: str) -> Iterator[None]:
    """Hold the review of one document for this process: a second ``tqa review`` of it would write the same
    review file and lose the first one's decisions. The lock is ``flock`` on a hidden file beside the review file;
    the kernel releases it when the process ends however it ends (a lock file a killed process left behind holds
    nothing), and a clean stop removes the file."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover  (Windows: no flock; the review runs unguarded)
        yield
        return
    directory, name = os.path.split(os.path.abspath(review_file))
    path = os.path.join(directory, f".{name}.lock")
    try:
        handle = open(path, "a+", encoding="utf-8")
    except OSError as exc:
        raise TqaError(f"{path}: cannot write: {exc.strerror or exc}") from None
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.seek(0)
            holder = handle.read().strip()
            raise TqaError(f"{review_file}: another tqa review{f' (process {holder})' if holder else ''} is reviewing "
                           f"this document; stop it first") from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        try:
            yield
        finally:
            with contextlib.suppress(OSError):
                os.unlink(path)
    finally:
        handle.close()


def _digest_of(path: str) -> str:
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def default_review_file(path: str) -> str:
    """``article.txt`` → ``article.txt.tqa-review.json``, beside it."""
    return path + ".tqa-review.json"


def default_output(path: str) -> str:
    """``article.txt`` → ``article.reviewed.txt``, beside it (the input is never written over)."""
    directory, name = os.path.split(path)
    stem, dot, extension = name.rpartition(".")
    reviewed = f"{stem}.reviewed.{extension}" if dot and stem else f"{name}.reviewed"
    return os.path.join(directory, reviewed)


def _items(result: DocumentResult, document: Document) -> list[Item]:
    from ..suppression import Places, baseline_key

    places = Places(document.text, document.units)
    seen: Counter = Counter()
    tags = _tags(document)
    items = []
    for index, finding in enumerate(result.findings):
        rule, text, context = baseline_key(finding, places)
        seen[(rule, text, context)] += 1
        can_accept, can_edit, why = _applicable(document.text, finding, tags)
        items.append(Item(index, finding, (rule, text, context, seen[(rule, text, context)]), can_accept, can_edit,
                          why))
    return items


def _tags(document: Document) -> list[int]:
    return sorted(unit.start + offset for unit in document.units or () for offset, _ in unit.tags)


def _applicable(text: str, finding: Finding, tags: Sequence[int]) -> tuple[bool, bool, str]:
    """(can accept, can edit, why not): a finding about the whole document or the source has no span to
    replace; a suggestion is applied only where ``tqa fix`` would apply it (not across a tag or a line break)."""
    from ..fix import plan_edits

    if finding.end <= finding.start:
        return False, False, "it is about the whole document or the source, not a span of the text"
    probe = replace(finding, autofix=True, suggestion=finding.suggestion or "")
    _, applied, _ = plan_edits(text, [probe], protected=tags)
    crosses_tag = any(finding.start < t < finding.end for t in tags)
    if crosses_tag:
        return False, False, "an inline tag stands inside the text flagged"
    if not applied:
        return False, True, "its suggestion would join or split lines"
    if not finding.suggestion and finding.category != "Accuracy/Addition":
        return False, True, "it has no suggestion: edit it or reject it"
    return True, True, ""


def _changed_notice(before: int, dropped: list[Key]) -> str:
    if not before:
        return "The document changed on disk since the last review; its findings were found again."
    kept = before - len(dropped)
    text = (f"The document changed on disk since the last review: {kept} of {before} decision"
            f"{'s' if before != 1 else ''} still apply")
    if dropped:
        shown = "; ".join(f"{rule} “{flagged}”" for rule, flagged, _, _ in dropped[:5])
        text += f"; {len(dropped)} no longer {'does' if len(dropped) == 1 else 'do'} and {'was' if len(dropped) == 1 else 'were'} dropped ({shown}"
        text += f" and {len(dropped) - 5} more)" if len(dropped) > 5 else ")"
    return text + "."


def _key_json(key: Key) -> dict:
    rule, text, context, rank = key
    return {"rule": rule, "text": text, "context": context, "occurrence": rank}


def _key_of(entry: dict, where: str) -> Key:
    fields = [entry.get(name) for name in ("rule", "text", "context")]
    rank = entry.get("occurrence")
    if not all(isinstance(value, str) for value in fields) or isinstance(rank, bool) or not isinstance(rank, int) \
            or rank < 1:
        raise TqaError(f"{where}: needs the strings rule, text, context and an occurrence of at least 1")
    return (*fields, rank)


def _decision_of(entry, where: str) -> tuple[Key, Decision]:
    if not isinstance(entry, dict):
        raise TqaError(f"{where}: not an object")
    key = _key_of(entry, where)
    kind = entry.get("decision")
    if kind not in KINDS:
        raise TqaError(f"{where}: unknown decision {kind!r} (expected accept, reject or edit)")
    replacement, reason, at = (entry.get(name, "") for name in ("replacement", "reason", "at"))
    if not all(isinstance(value, str) for value in (replacement, reason, at)):
        raise TqaError(f"{where}: replacement, reason and at must be strings")
    return key, Decision(kind, replacement, reason, at)
