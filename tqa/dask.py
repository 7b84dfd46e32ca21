"""Running tqa on a Dask cluster: ``tqa check --dask tcp://SCHEDULER:8786 PATHS...`` and, from Python, a Dask bag
or DataFrame of documents or units checked into a Dask DataFrame of findings.

>>> import dask.bag as db, tqa.dask
>>> bag = db.from_sequence([("a.txt", "posted on the official micro-signal"), ("b.txt", "new crown cases")])
>>> findings = tqa.dask.check_bag(bag, glossary="zh-en-news")        # a dask.dataframe.DataFrame
>>> findings.to_parquet("findings/")                                  # or .to_csv("findings-*.csv")

The result has one row per finding and the columns of the CSV report (:data:`tqa.model.FINDING_COLUMNS`), so a
corpus of any size is written in partitions without ever being gathered in one process.

**The glossary travels once.** A glossary is sent as its validated entries and its matcher's tables (what the
glossary cache holds; the matcher's automata are native code and are built again in each worker process on first
use), and made once in each worker process, the first time a task needs it (:func:`_rebuild_glossary` keeps it
per worker). With a :class:`distributed.Client` the run's
settings, glossary included, are scattered to every worker once (``broadcast=True``) and each task refers to them.

Needs the ``dask`` extra (``pip install 'tqa[dask]'``: ``dask[distributed]`` and pyarrow for Parquet). The workers
must run the same tqa; ``tqa check --dask`` has them read the input files by their paths, so the paths must be
readable on the workers (a shared file system, or workers on this machine).
"""

from __future__ import annotations

import collections
import copyreg
import hashlib
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Sequence

from .errors import TqaError
from .glossary import Glossary
from .model import FINDING_COLUMNS, Document, Severity, Unit
from .scoring import DEFAULT_WEIGHTS, Weights

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from .checks import Check
    from .files import Source
    from .parallel import RunState
    from .rules import Policy


# --- the glossary as a picklable value -----------------------------------------------------------------------

_glossaries: dict[str, Glossary] = {}  # compiled in this process, by the digest of their entries
_glossaries_lock = threading.Lock()  # a Dask worker runs tasks in threads


def _reduce_glossary(glossary: Glossary):
    """Pickle a glossary as the arguments that rebuild it (entries, metadata, the matcher's tables), with a
    digest that lets each process make it once."""
    state = (glossary.entries, glossary.sources, glossary.language, glossary.source_language,
             glossary.description, glossary.consistent, glossary.skipped, glossary.notes, glossary.matcher)
    return _rebuild_glossary, (_digest(glossary), state)


def _digest(glossary: Glossary) -> str:
    key = getattr(glossary, "_tqa_digest", None)
    if key is None:
        key = hashlib.sha256(f"{glossary.signature()}\0{len(glossary.entries)}\0{id(glossary)}".encode()).hexdigest()
        glossary._tqa_digest = key
    return key


def _rebuild_glossary(digest: str, state: tuple) -> Glossary:
    with _glossaries_lock:
        glossary = _glossaries.get(digest)
        if glossary is None:
            entries, sources, language, source_language, description, consistent, skipped, notes, matcher = state
            glossary = Glossary(entries, sources, language=language, source_language=source_language,
                                description=description, consistent=consistent, skipped=skipped, notes=notes,
                                matcher=matcher)
            glossary._tqa_digest = digest
            _glossaries[digest] = glossary
        return glossary


copyreg.pickle(Glossary, _reduce_glossary)


# --- what every task needs --------------------------------------------------------------------------------------

@dataclass
class Settings:
    """The analysis settings of a run, sent to the workers once: the glossary, the checks and the rule policy,
    the scoring weights, the lowest severity reported and the target language."""

    glossary: Glossary
    checks: Sequence["Check"]
    policy: "Policy | None" = None
    weights: Weights = DEFAULT_WEIGHTS
    min_severity: Severity | None = None
    target_lang: str | None = None
    extra: dict = field(default_factory=dict)

    def analyse(self, document: Document):
        from .pipeline import analyze_document

        return analyze_document(document, self.glossary, checks=self.checks, policy=self.policy,
                                weights=self.weights, min_severity=self.min_severity, target_lang=self.target_lang)


def settings(glossary: "Glossary | str | Sequence[str] | None" = None, *, checks: Sequence[str] | None = None,
             no_checks: Sequence[str] = (), select: Sequence[str] | None = None, extend_select: Sequence[str] = (),
             ignore: Sequence[str] = (), severity_overrides: Sequence[str] = (), profile: str | None = None,
             min_severity: Severity | str | None = None, target_lang: str | None = None) -> Settings:
    """:class:`Settings` as ``tqa check`` takes them: a glossary (loaded, a path or bundled name, or several),
    check names (``checks`` as ``--only-check``, ``no_checks`` as ``--no-check``), rule selectors (as
    ``--select``, ``--extend-select``, ``--ignore``, ``--severity-override CODE=SEV``), a scoring profile."""
    from .analysis import resolve_glossary
    from .glossary import load_glossary
    from .rules import RuleSelection, plan
    from .scoring import load_profile

    if isinstance(glossary, (list, tuple)):
        loaded = load_glossary(list(glossary))
    else:
        loaded = resolve_glossary(glossary)
    selection = RuleSelection.of(list(select) if select is not None else None, list(extend_select), list(ignore),
                                 list(severity_overrides))
    chosen, policy, _ = plan(loaded, selection, list(checks or ()), list(no_checks))
    return Settings(loaded, chosen, policy, load_profile(profile),
                    Severity.parse(min_severity) if isinstance(min_severity, str) else min_severity, target_lang)


# --- Python: bags and DataFrames -------------------------------------------------------------------------------

#: The type of each column, the same in every partition (Parquet needs one schema): whole numbers, the
#: penalty, text, and the source span as pandas' nullable integers (empty when a finding has none).
_INTEGER_COLUMNS = frozenset({"segment", "line", "column", "start", "end"})


def _dtypes() -> dict[str, str]:
    return {name: "int64" if name in _INTEGER_COLUMNS else "float64" if name == "penalty"
            else "Int64" if name in ("source_start", "source_end") else "object" for name in FINDING_COLUMNS}


def _empty_frame() -> "pd.DataFrame":
    import pandas as pd

    return pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in _dtypes().items()})


def _frame(results: Iterable) -> "pd.DataFrame":
    """The findings of ``results`` in one pandas DataFrame with the columns and types of :func:`_empty_frame`."""
    import pandas as pd

    frames = [result.to_frame() for result in results if result.findings]
    if not frames:
        return _empty_frame()
    return pd.concat(frames, ignore_index=True).astype(_dtypes())


def _as_document(item: Any, number: int) -> Document:
    if isinstance(item, Document):
        return item
    if isinstance(item, str):
        return Document(f"<text {number}>", item)
    if isinstance(item, dict):
        return Document(str(item["doc"]), item["text"])
    doc_id, text = item
    return Document(str(doc_id), text)


def _bag_partition(items: list, shared: Settings, partition: int) -> "pd.DataFrame":
    return _frame(shared.analyse(_as_document(item, f"{partition}.{n}")) for n, item in enumerate(items, 1))


def _shared(value: Settings, client) -> Any:
    """``value`` where every task can reach it: scattered to every worker once with a client, else a single
    node of the graph."""
    import dask

    if client is not None:
        return client.scatter(value, broadcast=True, hash=False)
    return dask.delayed(value, pure=False, traverse=False)


def check_bag(bag, glossary: "Glossary | str | Sequence[str] | Settings | None" = None, *, client=None,
              **options) -> "Any":
    """The findings of the documents of a Dask bag, as a Dask DataFrame with the CSV report's columns (one row
    per finding, one partition per partition of the bag).

    Each item is a :class:`tqa.Document` (plain or bilingual, with units), a ``(doc_id, text)`` pair, a dict
    with ``doc`` and ``text``, or a text (named ``<text P.N>``). ``glossary`` and ``options`` are those of
    :func:`settings` (or give a :class:`Settings`). With ``client`` (a :class:`distributed.Client`) the
    settings are scattered to every worker once."""
    import dask
    import dask.dataframe as dd

    shared = glossary if isinstance(glossary, Settings) else settings(glossary, **options)
    ref = _shared(shared, client)
    parts = [dask.delayed(_bag_partition)(part, ref, number) for number, part in enumerate(bag.to_delayed())]
    return dd.from_delayed(parts, meta=_empty_frame(), verify_meta=False)


def _units_documents(frame: "pd.DataFrame", doc: str, target: str, unit: str | None,
                     source: str | None) -> Iterator[Document]:
    """A document per value of ``doc`` (in the order of first appearance), its units the rows in order: the
    text is their targets, each on its own line, as the bilingual readers build it."""
    wanted = [doc, target, unit, source]
    taken = [name for name in wanted if name is not None]
    groups: dict[str, list] = collections.OrderedDict()
    for values in frame[taken].itertuples(index=False, name=None):  # by position: any column name works
        record = dict(zip(taken, values))
        groups.setdefault(str(record[doc]), []).append(record)
    for doc_id, rows in groups.items():
        if unit is None and source is None and len(rows) == 1:
            yield Document(doc_id, "" if _missing(rows[0][target]) else str(rows[0][target]))
            continue
        pieces, units, position = [], [], 0
        for number, record in enumerate(rows, 1):
            text = "" if _missing(record[target]) else str(record[target])
            unit_id = str(record[unit]) if unit is not None else str(number)
            src = record[source] if source is not None else None
            units.append(Unit(unit_id, position, position + len(text), None if _missing(src) else str(src)))
            pieces.append(text)
            position += len(text) + 1
        yield Document(doc_id, "\n".join(pieces), units=tuple(units), format="dataframe")


def _missing(value) -> bool:
    """None, NaN or pandas' NA: an empty cell."""
    import pandas as pd

    return value is None or bool(pd.isna(value))


def _frame_partition(frame: "pd.DataFrame", shared: Settings, columns: tuple) -> "pd.DataFrame":
    return _frame(shared.analyse(document) for document in _units_documents(frame, *columns))


def check_dataframe(frame, glossary: "Glossary | str | Sequence[str] | Settings | None" = None, *,
                    doc: str = "doc", text: str = "text", unit: str | None = None, source: str | None = None,
                    client=None, **options) -> "Any":
    """The findings of a Dask DataFrame of documents or of units, as a Dask DataFrame with the CSV report's
    columns.

    Documents: a row per document, its id in column ``doc`` and its text in ``text``. Units: give ``unit`` (the
    column of unit ids) and/or ``source`` (the source text): the rows of one ``doc`` are its units in order,
    checked together as one bilingual document (its consistency, names, numbers), so they must lie in one
    partition (read one file per partition, or ``set_index(doc)`` first). ``glossary``, ``options`` and
    ``client`` as in :func:`check_bag`."""
    import dask
    import dask.dataframe as dd

    if getattr(frame.index, "name", None) == doc and doc not in frame.columns:
        frame = frame.reset_index()  # set_index(doc) put the documents' ids in the index
    missing = [c for c in (doc, text, unit, source) if c is not None and c not in frame.columns]
    if missing:
        raise TqaError(f"the DataFrame has no column {missing[0]!r} (it has {', '.join(map(str, frame.columns))})")
    shared = glossary if isinstance(glossary, Settings) else settings(glossary, **options)
    ref = _shared(shared, client)
    parts = [dask.delayed(_frame_partition)(part, ref, (doc, text, unit, source)) for part in frame.to_delayed()]
    return dd.from_delayed(parts, meta=_empty_frame(), verify_meta=False)


# --- the command line: tqa check --dask ADDRESS ---------------------------------------------------------------

def _document_task(state: "RunState", source: "Source") -> tuple[str, Any]:
    """On a worker: read and analyse one document, as :func:`tqa.parallel._document_task` does in a pool."""
    try:
        document, raw, silenced = state.read(source)
    except TqaError as exc:
        return "error", str(exc)
    return "ok", state.analyse_read(document, raw, silenced)


#: Input bytes per task: a task of a few documents, not one, so that the scheduler's cost per task (a few
#: milliseconds) is small beside the analysis.
TASK_BYTES = 4_000_000


def _documents_task(state: "RunState", sources: list["Source"]) -> list[tuple[str, Any]]:
    """On a worker: :func:`_document_task` for each of ``sources``, in order."""
    return [_document_task(state, source) for source in sources]


def check_sources(sources: Sequence["Source"], state: "RunState", address: str, *,
                  progress=None) -> Iterator[tuple[str, Any]]:
    """``("ok", DocumentResult)`` or ``("error", message)`` for each source, in order, analysed on the Dask
    cluster whose scheduler is at ``address``: the same results as :func:`tqa.parallel.check_sources`, so
    every report format is the same. Documents go in tasks of about :data:`TASK_BYTES`; a bounded number of
    tasks is in flight at a time."""
    client = connect(address)
    try:
        shared = client.scatter(state, broadcast=True, hash=False)
        workers = max(1, sum(client.nthreads().values()))
        pending: collections.deque = collections.deque()
        for batch in _batches(sources):
            pending.append((batch, client.submit(_documents_task, shared, batch, pure=False)))
            if len(pending) > 2 * workers:
                yield from _done(pending.popleft(), progress, address)
        while pending:
            yield from _done(pending.popleft(), progress, address)
    finally:
        client.close()


def _batches(sources: Sequence["Source"]) -> Iterator[list["Source"]]:
    import os

    batch: list = []
    size = 0
    for source in sources:
        batch.append(source)
        try:
            size += 0 if source.is_stdin else os.stat(source.path).st_size
        except OSError:
            pass
        if size >= TASK_BYTES:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _done(item, progress, address: str) -> Iterator[tuple[str, Any]]:
    batch, future = item
    try:
        outcomes = future.result()
    except Exception as exc:  # a worker died, or runs another tqa than this one: the cluster's failure, one line
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        raise TqaError(f"--dask {address}: the cluster could not analyse {batch[0].name}: "
                       f"{type(exc).__name__}{': ' + detail if detail else ''} (the workers need this version of "
                       f"tqa and its packages)") from None
    for source, outcome in zip(batch, outcomes):
        if progress is not None and not source.is_stdin:
            import os

            try:
                progress.update(os.stat(source.path).st_size)
            except OSError:
                pass
        yield outcome


def connect(address: str):
    """A :class:`distributed.Client` of the scheduler at ``address``, or a one-line error. The address is tried
    first (its scheme known, its TCP port open), because a Client that fails to connect hangs for long on its way
    out."""
    try:
        from distributed import Client
        from distributed.comm import parse_address, registry
    except ImportError:
        raise TqaError("--dask needs Dask's distributed scheduler: pip install 'tqa[dask]'") from None
    try:
        scheme, location = parse_address(address if "://" in address else f"tcp://{address}")
        registry.get_backend(scheme)
        if scheme in ("tcp", "tls", "ws", "wss"):
            _reachable(location)
        return Client(address, timeout="30s", set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise TqaError(f"--dask {address}: cannot reach the Dask scheduler: {exc}") from None


def _reachable(location: str) -> None:
    import socket

    from distributed.comm.addressing import parse_host_port

    host, port = parse_host_port(location, 8786)
    with socket.create_connection((host, port), timeout=10):
        pass
