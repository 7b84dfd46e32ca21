"""``--jobs N``: a process pool over the documents of a run, and over the windows of one large document.

The pool is started only when the input is worth it (:func:`worth_a_pool`): one small file is checked in the
process that was asked, so that an editor's or a pre-commit hook's run never pays for starting workers.

Workers are forked from the process that loaded the glossary (its matcher's tables shared copy-on-write: a
worker neither reads the glossary file nor recompiles the matcher, and the automaton's DFA is built once, in
this process, before the workers are forked, while the glossary's regexes are compiled: :func:`_warm`). Where
``fork`` is not available the run stays in one process. Workers ignore Ctrl-C (the terminal sends it to the whole process group): the main process stops
them (``Pool.terminate``) and removes its temporary files; workers never write output files.

**Identical results.** Documents are analysed whole in a worker and the results come back in input order (a
bounded number ahead, so memory does not grow with the corpus). A document longer than a window is analysed
in the main process window by window, exactly as :func:`tqa.pipeline.analyze_document` does, while the
windows' *window-local* checks (:data:`WINDOW_LOCAL`: they read nothing but the window and remember nothing
from one window to the next) run in the workers; the checks that carry something from window to window (the
names a document used, the quotation marks still open, the document's language) run in the main process in
order, and each window's findings are merged in check order through the same overlap resolution
(:func:`tqa.pipeline.not_overlapping`). So ``--jobs N`` gives the findings of ``--jobs 1``, byte for byte, in
every output format (``tests/test_jobs.py``).

**A CSV report written by the workers.** When the report is CSV written from the findings alone
(``RunState.render``), no finding crosses between processes: a worker writes a document's rows and sends a
tally; a large file read in a stream is read by the workers themselves, window by window, and its rows are
written in each window's coordinates and put in place here (:func:`stream_rows` when every check is
window-local; else :func:`tqa.stream.analyze_stream` with ``rows``, the carrying checks' findings made here
turned into rows too, and what they need found by the workers: ``DocContext.prepared``).
"""

from __future__ import annotations

import bisect
import collections
import gc
import os
import signal
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Sequence

from .errors import TqaError

if TYPE_CHECKING:  # pragma: no cover
    from .checks import Check
    from .files import Source
    from .glossary import Glossary
    from .model import Finding, Unit
    from .pipeline import Window
    from .progress import Progress
    from .report.csv import CsvRenderer
    from .suppression import DocumentSuppression

#: Checks whose findings in a window depend only on the window's text and units (no ``carry``, no
#: ``full_text``, no ``first_window``): they may run in another process. Any other check (one of your own
#: too) runs in the main process, in order.
WINDOW_LOCAL = frozenset({"glossary", "residue", "copies", "tags", "numbers", "omission", "names"})
#: Checks that carry what the first window sets and later windows only read (the language check: whether the
#: whole document is in another language). A pool analyses a long document's first window in the main process,
#: then runs these checks in the workers on the other windows, each given what the first window left.
CARRY_SET_ONCE = frozenset({"language"})
#: Below this many bytes of input in all, a run stays in one process (a pool costs more than it saves);
#: ``$TQA_MIN_POOL_BYTES`` sets another threshold (tests set 0 to run small fixtures in a pool).
MIN_POOL_BYTES = 2_000_000
MIN_POOL_VARIABLE = "TQA_MIN_POOL_BYTES"
#: Documents (or windows) sent ahead of the one being written, per worker: enough to keep workers busy,
#: few enough that results waiting to be written do not hold much memory.
AHEAD_PER_WORKER = 2


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity), not the machine's."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # not Linux
        return max(1, os.cpu_count() or 1)


def jobs_value(value: str) -> int:
    """``--jobs``: a positive number of processes, or 0/``auto`` for the usable cores."""
    import argparse

    text = str(value).strip().lower()
    if text in ("auto", "0"):
        return 0
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of processes: {value!r} (a positive integer, or auto)") \
            from None
    if number < 0:
        raise argparse.ArgumentTypeError(f"--jobs is a positive number of processes, not {value}")
    return number


def resolve_jobs(jobs: int | None) -> int:
    """The number of processes to use: ``jobs``, or the usable cores when it is None or 0."""
    return jobs if jobs else usable_cores()


def can_fork() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def input_bytes(sources: Iterable["Source"]) -> int:
    """The size of the inputs that are regular files (stdin and pipes count as nothing: their size is unknown)."""
    total = 0
    for source in sources:
        if source.is_stdin:
            continue
        try:
            total += os.stat(source.path).st_size
        except OSError:
            pass
    return total


def worth_a_pool(jobs: int, sources: Sequence["Source"]) -> bool:
    """Whether a run with ``jobs`` processes on ``sources`` starts a pool: more than one job, more than a
    little input, and a platform that can fork."""
    value = os.environ.get(MIN_POOL_VARIABLE, "")
    threshold = int(value) if value.isdigit() else MIN_POOL_BYTES
    return jobs > 1 and input_bytes(sources) >= threshold and can_fork()


# --- what every task of a run needs ------------------------------------------------------------------------

class RunState:
    """Everything a task needs that is the same for the whole run: set once, inherited by the workers.

    ``analyse`` holds analyze_document's keyword arguments (weights, policy, min_severity, target_lang); ``read``
    turns a source into (Document, its UTF-8 bytes or None, its DocumentSuppression), or raises TqaError;
    ``stream`` says whether a source may be read in a stream (:mod:`tqa.stream`; None: never), and ``encoding``
    is ``--encoding`` when given (a UTF-8 codec, for a stream). ``keep_text`` false: the report is written from
    the findings alone, so a worker does not send a document's text back with its result (the result's ``text``
    is empty; shipping 100 MB of text between processes cost a tenth of a run's CPU). A plain class, not a
    dataclass: ``tqa check`` of one small file imports this module, and its start-up time counts."""

    __slots__ = ("glossary", "checks", "analyse", "read", "stream", "encoding", "keep_text", "render", "silence")

    def __init__(self, glossary: "Glossary", checks: Sequence["Check"], analyse: dict[str, Any],
                 read: Callable[["Source"], tuple[Any, Any, Any]] | None = None,
                 stream: Callable[["Source"], bool] | None = None, encoding: str | None = None,
                 keep_text: bool = True, render: "CsvRenderer | None" = None,
                 silence: "Callable[[Source], DocumentSuppression] | None" = None):
        self.glossary = glossary
        self.checks = checks
        self.analyse = analyse
        self.read = read
        self.stream = stream
        self.encoding = encoding
        self.keep_text = keep_text
        # The suppression layers of a source read in a stream (plain text: an ignore file's rules for its path,
        # a baseline's findings of it), as ``read`` gives them for a document read whole.
        self.silence = silence
        # The run's CSV report, written from the findings alone: a pool's worker writes a document's rows (or a
        # stream window's, see stream_rows) and sends them with a tally of the findings, not the findings.
        self.render = render

    def analyse_read(self, document, raw, silenced):
        """analyze_document of a document read by ``read``, in a worker: without its text unless ``keep_text``."""
        from .pipeline import analyze_document

        result = analyze_document(document, self.glossary, checks=self.checks, raw=raw, suppression=silenced,
                                  **self.analyse)
        return result if self.keep_text else _replace(result, text="")


_STATE: RunState | None = None


def _init_worker() -> None:
    """In each worker: Ctrl-C is the main process's to handle (it stops the pool); the stop signals the main
    process turned into exceptions get their default action back, so ``Pool.terminate`` ends a worker at once;
    the main process's temporary files are not the worker's to remove."""
    from . import output

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for signum in _STOP_SIGNALS:
        if signum != signal.SIGINT:
            signal.signal(signum, signal.SIG_DFL)
    output._temporary_files.clear()
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)  # blocked by the parent while it forked us


_STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT")
                      if hasattr(signal, name))


def _warm(state: RunState) -> None:
    """Build what the workers' first tasks would otherwise each build on first use: the glossary's DFA, the
    consistency check's matcher, langdetect's table (the glossary's regexes are compiled meanwhile by the main
    thread: :meth:`Pool._prepare_while_warming`). Run in a thread of the main process before the workers are
    forked (:class:`Pool`), so that they share it: ahocorasick_rs builds a DFA without holding the GIL, so it is
    built while this process reads the first input (a stream's first pass) rather than once in each worker
    (0.13 s each, for 10,000 entries)."""
    glossary = state.glossary
    names = {check.name for check in state.checks}
    glossary.matcher.warm()
    if "consistency" in names and glossary.consistent:
        from .checks.consistency import consistency_matcher

        consistency_matcher(glossary)[0].warm()
    if "language" in names:
        from .checks.language import detector_factory

        detector_factory()


class Pool:
    """A pool of forked workers sharing one :class:`RunState`. Use as a context manager: leaving it normally
    waits for the workers; leaving it by an exception (Ctrl-C, an error) terminates them.

    The workers are forked when the first task is submitted: until then a thread of this process builds what
    they will share (:func:`_warm`), while this process goes on (reads the first input of a run)."""

    def __init__(self, jobs: int, state: RunState):
        import threading

        global _STATE
        _STATE = state  # inherited by the forked workers
        self.jobs = jobs
        self._state = state
        self._pool = None
        # numpy is imported here, before the fork, to be shared (0.15 s each worker would spend importing it):
        # a pool's input is long enough for the numpy paths of tqa.textbuf, here as in the workers.
        import numpy  # noqa: F401
        from .pipeline import ride_on_glossary

        ride_on_glossary(state.checks, state.glossary)  # here, before the automata are built in the thread
        self._failed: BaseException | None = None
        self._warming = threading.Thread(target=self._warm, name="tqa-warm", daemon=True)
        self._warming.start()

    def _warm(self) -> None:
        try:
            _warm(self._state)
        except BaseException as exc:  # raised in the main thread when the workers are started
            self._failed = exc

    def _prepare_while_warming(self) -> None:
        """While the thread builds the DFA (without the GIL), this process, which would only wait for it, makes
        what each worker would otherwise make on first use, until the thread is done: the glossary's regexes
        (entries' and contexts', in glossary order: a fifth of a second for all of the benchmark glossary's), the
        residue check's line plan, the checks' own patterns (:mod:`tqa.lazyre`), numpy's set routines. What is
        made here the workers share. A regex that does not compile is left for its first use to report."""
        from .lazyre import compile_made
        from .matcher import Matcher

        more = self._warming.is_alive
        matcher = self._state.glossary.matcher
        if isinstance(matcher, Matcher):
            for entry in sorted(matcher.regex_entries + list(matcher.context_entries)):
                if not more():
                    return
                matcher.patterns[entry].compile()
        if more() and any(check.name == "residue" for check in self._state.checks):
            from .checks.residue import _line_plan, residue_glossary

            _line_plan(residue_glossary().matcher)
        if more():
            import numpy

            numpy.union1d([0], [1])  # its first call imports numpy.ma (0.02 s)
        compile_made(more)

    def start(self):
        """The pool of workers, forked now if it is not yet (once the warm-up thread is done)."""
        if self._pool is None:
            import multiprocessing

            self._prepare_while_warming()
            self._warming.join()
            if self._failed is not None:
                raise self._failed
            # The stop signals are held while the workers are forked, so that none reaches a worker before it
            # has set its own handlers (a Ctrl-C then would raise in a half-started worker); the main process
            # gets any that arrived when they are released.
            held = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
            # The objects alive now (the glossary, its matcher, the DFA) are frozen out of the garbage
            # collector's sight while the workers are forked: a collection in a worker would otherwise write to
            # every object's header and so copy every page of memory it shares with this process.
            gc.freeze()
            try:
                self._pool = multiprocessing.get_context("fork").Pool(self.jobs, initializer=_init_worker)
            finally:
                gc.unfreeze()
                signal.pthread_sigmask(signal.SIG_SETMASK, held)
            # The workers have the DFA; this process, which scans only around the cuts between windows, lets its
            # own go (36 MB for 10,000 entries, added to its peak when it holds a long line's window).
            self._state.glossary.matcher.scanner.release()
        return self._pool

    def __enter__(self) -> "Pool":
        return self

    def __exit__(self, kind, value, traceback) -> None:
        global _STATE
        if self._pool is not None:
            if kind is None:
                self._pool.close()
            else:
                self._pool.terminate()
            self._pool.join()
        elif kind is None:
            self._warming.join()  # nothing was submitted: the thread is done before the run goes on
        _STATE = None

    def submit(self, function, *args):
        return self.start().apply_async(function, args)


# --- documents ------------------------------------------------------------------------------------------------

def _document_task(source: "Source") -> tuple[str, Any]:
    """In a worker: read and analyse one document. ``("ok", result)``, ``("rendered", (its part of the report,
    result.tallied()))`` when the run's report is rendered in the workers (``state.render``), or ``("error",
    one-line message)``."""
    state = _STATE
    try:
        document, raw, silenced = state.read(source)
    except TqaError as exc:
        return "error", str(exc)
    result = state.analyse_read(document, raw, silenced)
    if state.render is not None:
        # The report's part written here: unpickling the findings and writing them in the main process, which
        # runs beside the workers, cost about as much as a worker's share of the analysis.
        return "rendered", (state.render.rows(result), result.tallied())
    return "ok", result


def check_sources(sources: Sequence["Source"], state: RunState, jobs: int, *, window_chars: int | None = None,
                  progress: "Progress | None" = None) -> Iterator[tuple[str, Any]]:
    """``("ok", DocumentResult)`` or ``("error", message)`` for each source, in order: in this process when
    ``jobs`` is 1 or the input is small (:func:`worth_a_pool`), else in a pool of ``jobs`` workers. A source
    longer than a window is read here and its windows' local checks are spread over the pool.

    A source that ``state.stream`` accepts (a large plain-text file, in a run whose report can be written
    window by window) is read in a stream (:mod:`tqa.stream`): ``("window", StreamWindow)`` for each window, then
    ``("streamed", DocumentResult)`` (no text; its findings only a tally), unless it is not UTF-8, when it is
    read whole as any other. A document analysed in a worker of a run with ``state.render`` is ``("rendered",
    (its part of the report, its tallied DocumentResult))``. ``progress`` (:class:`tqa.progress.Progress` in bytes) is moved on by each
    document's size, window by window for a long one."""
    size = window_chars or _window_size()
    sizes = {source: _size(source) for source in sources} if progress is not None else {}

    def here(source: "Source", runner: "WindowRunner | None" = None) -> Iterator[tuple[str, Any]]:
        moved = _window_progress(progress, sizes.get(source, 0))
        if state.stream is not None and state.stream(source):
            from .stream import NotStreamable, StreamWindow, TextStream, analyze_stream

            try:
                stream = TextStream(source.path, source.name, label=state.encoding)
            except NotStreamable:
                stream = None
            except TqaError as exc:
                yield "error", str(exc)
                return
            try:
                silenced = state.silence(source) if stream is not None and state.silence is not None else None
            except TqaError as exc:
                yield "error", str(exc)
                return
            if silenced is not None and not silenced.active:
                silenced = None
            if stream is not None and runner is not None and runner.reads_for_itself(state) and silenced is None:
                yield from stream_rows(stream, runner.pool, on_window=moved(stream.length))
                return
            if stream is not None:
                # (Findings silenced here: a pool's workers send findings, not rows, when some may be.)
                for item in analyze_stream(stream, state.glossary, checks=state.checks, runner=runner,
                                           window_chars=window_chars, on_window=moved(stream.length),
                                           rows=runner is not None and state.render is not None and silenced is None,
                                           suppression=silenced, **state.analyse):
                    yield ("window" if isinstance(item, StreamWindow) else "rows" if isinstance(item, str)
                           else "streamed", item)
                return
        try:
            document, raw, silenced = state.read(source)
        except TqaError as exc:
            yield "error", str(exc)
            return
        from .pipeline import analyze_document

        yield "ok", analyze_document(document, state.glossary, checks=state.checks, raw=raw, suppression=silenced,
                                     window_chars=window_chars, runner=runner, on_window=moved(len(document.text)),
                                     **state.analyse)

    def counted(source: "Source", outcomes: Iterable[tuple[str, Any]]) -> Iterator[tuple[str, Any]]:
        yield from outcomes
        if progress is not None:
            progress.update(sizes.get(source, 0) - _moved_so_far(progress))

    if not worth_a_pool(jobs, sources):
        for source in sources:
            yield from counted(source, here(source))
        return
    with Pool(jobs, state) as pool:
        runner = WindowRunner(pool, state.render)
        pending: collections.deque = collections.deque()
        ahead = jobs * AHEAD_PER_WORKER

        def finish(item) -> Iterator[tuple[str, Any]]:
            source, future = item
            return counted(source, here(source, runner) if future is None else iter([future.get()]))

        for source in sources:
            # A large document is marked None (analysed here when its turn comes); the others go to the pool.
            pending.append((source, None if _larger_than(source, size) else pool.submit(_document_task, source)))
            while len(pending) > ahead or (pending and pending[0][1] is not None and pending[0][1].ready()):
                yield from finish(pending.popleft())
        while pending:
            yield from finish(pending.popleft())


def _window_size() -> int:
    from .pipeline import window_size

    return window_size()


def _size(source: "Source") -> int:
    if source.is_stdin:
        return 0
    try:
        return os.stat(source.path).st_size
    except OSError:
        return 0


def _window_progress(progress: "Progress | None", size: int) -> Callable[[int], Callable[[int], None] | None]:
    """Given a document's length in characters, a callback for :func:`tqa.pipeline.analyze_document` moving
    ``progress`` on by the share of the file's ``size`` that each window's characters are; what it moved is
    kept on the bar (``window_moved``)."""
    def for_length(chars: int) -> Callable[[int], None] | None:
        if progress is None or chars == 0:
            return None
        progress.window_moved = 0

        def moved(window_chars: int) -> None:
            amount = size * window_chars // chars
            progress.window_moved += amount
            progress.update(amount)
        return moved
    return for_length


def _moved_so_far(progress: "Progress | None") -> int:
    """What the windows of the document just analysed moved the bar on by (taken, so it is counted once)."""
    if progress is None:
        return 0
    moved, progress.window_moved = getattr(progress, "window_moved", 0), 0
    return moved


def _larger_than(source: "Source", size: int) -> bool:
    """Whether ``source`` may hold more characters than a window (a character is at least one byte; stdin and
    pipes may hold anything)."""
    if source.is_stdin:
        return True
    try:
        import stat

        info = os.stat(source.path)
        return not stat.S_ISREG(info.st_mode) or info.st_size > size
    except OSError:
        return False  # the worker reports it


# --- windows of one document ----------------------------------------------------------------------------------

class _Slotted:
    """Pickled as the values of its slots, in a tuple (a class with ``__slots__`` and no ``__dict__``)."""

    __slots__ = ()

    def __getstate__(self):
        return tuple(getattr(self, name) for name in self.__slots__)

    def __setstate__(self, state) -> None:
        for name, value in zip(self.__slots__, state):
            setattr(self, name, value)


class WindowTask(_Slotted):
    """One window for a worker: its text and units in the window's own coordinates (offset 0), with the lines
    before it, so that the findings' lines and unit ids are already right; offsets and segments are moved by
    the main process (:class:`WindowDone`)."""

    __slots__ = ("doc", "encoding", "text", "units", "line_offset", "last_window", "target_lang", "checks", "carry",
                 "where")

    def __init__(self, doc: str, encoding: str, text: str | None, units: "tuple[Unit, ...] | None", line_offset: int,
                 last_window: bool, target_lang: str, checks: tuple[str, ...], carry: dict | None = None,
                 where: tuple[str, int, int] | None = None):
        self.doc, self.encoding, self.text, self.units = doc, encoding, text, units
        self.line_offset, self.last_window = line_offset, last_window
        self.target_lang, self.checks = target_lang, checks
        self.carry = carry or {}  # what the first window left for the CARRY_SET_ONCE checks
        # (file, first byte, end) of a stream's window that the worker reads itself (``text`` is None) and whose
        # findings it sends as CSV rows (tqa.report.csv.Row), in the window's coordinates.
        self.where = where


def _window_task(task: WindowTask) -> tuple[dict[str, tuple[list["Finding"], list[str]]], int, list[int], list[int],
                                            dict, dict, list[int], "Merged | None"]:
    """In a worker: the window-local checks of one window: check name -> (findings, notes), each check's
    findings with the rule policy applied, before overlaps are resolved (the main process does that in check
    order); the window's word count and segments (their starts and ends), what the window-local parts of split
    checks prepared for their carrying parts (``DocContext.prepared``) and where the window's lines start, so
    that the main process need not prepare the window's text again. A window the worker reads itself
    (``task.where``): its findings as CSV rows, and a finding of each severity found (severity -> finding); the
    checks that lead the run and are done whole here have their overlaps resolved here too (:class:`Merged`)."""
    from .checks.base import DocContext
    from .model import Document
    from .pipeline import add_not_overlapping

    state = _STATE
    if task.where is not None:
        task.text, raw = _read_window(*task.where, task.doc)
    else:
        raw = None
    policy = state.analyse.get("policy")
    weights = state.analyse["weights"]
    window = Document(task.doc, task.text, task.encoding)
    ctx = DocContext(window, state.glossary, weights, raw, full_text=task.text, offset=0,
                     line_offset=task.line_offset, segment_offset=0, last_window=task.last_window,
                     carry=dict(task.carry), target_lang=task.target_lang, units=task.units, first=False)
    out: dict[str, tuple[list, list[str]]] = {}
    # Rows: the leading checks of the run that are done whole here, merged as the main process would merge them.
    leading = task.where is not None
    merged: list = []
    spans: list[tuple[int, int]] = []
    merged_names: list[str] = []
    merged_notes: list[str] = []
    for check in state.checks:
        if check.name not in task.checks:
            leading = False  # run in the main process: the checks after it are merged there
            continue
        whole = check.name in WINDOW_LOCAL or check.name in CARRY_SET_ONCE
        if not whole:
            check = check.window_parts()[0]  # the window-local part; the main process runs the rest
        before = len(ctx.notes)
        found = check.run(ctx) if policy is None else policy.apply(check.run(ctx), weights)
        found = list(found)
        leading = leading and whole
        if leading:
            spans = add_not_overlapping(merged, spans, found)
            merged_names.append(check.name)
            merged_notes.extend(ctx.notes[before:])
        else:
            out[check.name] = (found, ctx.notes[before:])
    starts, ends = ctx.segmentation.bounds()
    examples: dict = {}
    together = None
    if task.where is not None:
        render = state.render
        for found in [merged, *(found for found, _ in out.values())]:
            for finding in found:
                examples.setdefault(finding.severity, finding)
        for name, (found, notes) in out.items():
            out[name] = (render.placeable_rows(found, starts, 0, task.line_offset)[1], notes)
        together = Merged(tuple(merged_names), render.placeable_rows(merged, starts, 0, task.line_offset)[1],
                          spans, merged_notes)
    return out, ctx.buffer.words(), starts, ends, examples, ctx.prepared, ctx.segmentation.line_starts, together


class Merged(_Slotted):
    """The findings of the checks that lead a run and were done whole in a worker (``names``, in order), as CSV
    rows in the window's coordinates, their overlaps resolved there: the rows in the order the main process
    would have kept them (each check's after the one before), the spans they cover (sorted, the empty ones left
    out) and the checks' notes in order. The main process starts a window's findings from them rather than
    resolving each of those checks' rows again (tqa.pipeline.analyze_windows)."""

    __slots__ = ("names", "rows", "spans", "notes")

    def __init__(self, names: tuple[str, ...], rows: list[tuple], spans: list[tuple[int, int]], notes: list[str]):
        self.names, self.rows, self.spans, self.notes = names, rows, spans, notes


class WindowRunner:
    """Runs the window-local checks of a long document's windows in a pool, a few windows ahead of the main
    process, which runs the other checks window by window and merges (:func:`tqa.pipeline.analyze_document`)."""

    def __init__(self, pool: Pool, render: "CsvRenderer | None" = None):
        self.pool = pool
        self.render = render  # the run's CSV report, when it is written from the findings alone

    def reads_for_itself(self, state: RunState) -> bool:
        """Whether the workers can analyse a stream's windows end to end (:func:`stream_rows`): every check of the
        run is a built-in window-local one, and the report is CSV rows written from the findings alone."""
        return state.render is not None and all(
            check.name in WINDOW_LOCAL and type(check).__module__.startswith("tqa.checks.") for check in state.checks)

    def local_checks(self, checks: Sequence["Check"]) -> tuple[str, ...]:
        """The built-in checks whose findings in a window the workers find: the window-local ones, and the
        window-local part of those that split (:meth:`tqa.checks.base.Check.window_parts`)."""
        return tuple(check.name for check in checks if type(check).__module__.startswith("tqa.checks.")
                     and (check.name in WINDOW_LOCAL or check.name in CARRY_SET_ONCE
                          or check.window_parts() is not None))

    def carrying_parts(self, checks: Sequence["Check"]) -> dict[str, "Check"]:
        """The part that carries, of each built-in check that splits: run in the main process, in order."""
        return {check.name: parts[1] for check in checks if type(check).__module__.startswith("tqa.checks.")
                and check.name not in WINDOW_LOCAL and check.name not in CARRY_SET_ONCE
                and (parts := check.window_parts()) is not None}

    def pipelined(self, windows: Iterable["Window"], checks: Sequence["Check"], target_lang: str,
                  doc: tuple[str, str], units: Sequence["Unit"] | None, rows: str | None = None
                  ) -> Iterator[tuple["Window", "WindowDone"]]:
        """Each window with what its window-local checks found (:class:`WindowDone`), computed in the pool a few
        windows ahead. The :data:`CARRY_SET_ONCE` checks run in the workers on every window but the first (where
        they judge the whole document, in the main process), given what the first window leaves them: found by
        running them on the first window here once more, ahead, in a context of their own. ``rows``: the file
        the windows are read from (each knows its ``byte_span``): the workers read them and send CSV rows."""
        # The workers are forked before the first window is read here: a forked worker's resident memory starts
        # with what this process holds (a window of one long line is tens of megabytes).
        self.pool.start()
        windows = iter(windows)
        first = next(windows, None)
        if first is None:
            return
        names = self.local_checks(checks)
        carrying = self.carrying_parts(checks)
        once = [check for check in checks if check.name in names and check.name in CARRY_SET_ONCE]
        first_names = tuple(name for name in names if name not in CARRY_SET_ONCE)
        starts = [u.start for u in units] if units is not None else []
        # Windows sent ahead: two per worker, as for documents, so that a worker finishing one finds the next
        # waiting while this process is busy with the carrying checks of an earlier one.
        ahead = self.pool.jobs * AHEAD_PER_WORKER
        pending: collections.deque = collections.deque()
        preset: dict = {}  # the first window's task runs none of the CARRY_SET_ONCE checks: it needs none

        def task(window: "Window") -> WindowTask:
            inside = None
            if units is not None:
                chosen = units[bisect.bisect_left(starts, window.start):bisect.bisect_left(starts, window.end)]
                inside = tuple(_replace(u, start=u.start - window.start, end=u.end - window.start)
                               for u in chosen)
            if rows is not None:
                return WindowTask(doc[0], doc[1], None, inside, window.lines_before, window.last, target_lang,
                                  first_names if window is first else names, preset, (rows, *window.byte_span))
            return WindowTask(doc[0], doc[1], window.text, inside, window.lines_before, window.last,
                              target_lang, first_names if window is first else names, preset)

        # The first window goes to the pool before its verdict is found here (the language check's first use
        # here loads its profiles): a worker starts on it meanwhile.
        pending.append((first, self.pool.submit(_window_task, task(first))))
        preset = _carry_after(first, once, target_lang, doc, units) if once else {}
        for window in windows:
            pending.append((window, self.pool.submit(_window_task, task(window))))
            if len(pending) > ahead:
                yield _ready(pending.popleft(), carrying, self.render)
        while pending:
            yield _ready(pending.popleft(), carrying, self.render)


def _carry_after(first: "Window", checks: Sequence["Check"], target_lang: str, doc: tuple[str, str],
                 units: Sequence["Unit"] | None) -> dict:
    """What ``checks`` carry after the first window: run on it in a context of their own (their findings are
    the main process's to make, in order)."""
    from .checks.base import DocContext
    from .model import Document

    state = _STATE
    document = first.document if first.document is not None else Document(doc[0], first.text, doc[1])
    ctx = DocContext(document, state.glossary, state.analyse["weights"], first.raw, full_text=first.full,
                     offset=first.start, line_offset=first.lines_before, last_window=first.last, carry={},
                     target_lang=target_lang, units=units, text_start=first.full_start,
                     document_sample=first.sample)
    for check in checks:
        for _ in check.run(ctx):
            pass
    return {check.name: ctx.carry[check.name] for check in checks if check.name in ctx.carry}


def _ready(item, carrying: dict[str, "Check"], render: "CsvRenderer | None" = None) -> tuple["Window", "WindowDone"]:
    window, future = item
    found, words, starts, ends, examples, prepared, line_starts, merged = future.get()
    return window, WindowDone(found, words, starts, ends, window.start, carrying,
                              (render, examples) if window.byte_span is not None else None, prepared, line_starts,
                              merged)


def _replace(value, **changes):
    import dataclasses

    return dataclasses.replace(value, **changes)


class WindowDone:
    """What a worker found in one window (:func:`_window_task`): ``words``, the segments' ``starts`` and ``ends``
    (window offsets), and, from :meth:`findings`, check name -> (findings, notes) in the document's coordinates;
    ``carrying``: check name -> the part of a split check that the main process still runs (its findings follow
    the worker's)."""

    __slots__ = ("found", "words", "starts", "ends", "start", "carrying", "rows", "prepared", "line_starts",
                 "merged")

    def __init__(self, found: dict, words: int, starts: list[int], ends: list[int], start: int,
                 carrying: dict[str, "Check"] | None = None, rows: "tuple[CsvRenderer, dict] | None" = None,
                 prepared: dict | None = None, line_starts: list[int] | None = None, merged: Merged | None = None):
        self.found, self.words, self.starts, self.ends, self.start = found, words, starts, ends, start
        self.carrying = carrying or {}
        # A window read by the worker itself: (the run's CSV report, a finding of each severity the worker found);
        # ``found`` holds CSV rows in the window's coordinates.
        self.rows = rows
        self.prepared = prepared or {}  # what split checks' window-local parts left for their carrying parts
        self.line_starts = line_starts  # where the window's lines start (window offsets)
        self.merged = merged  # the rows of the leading checks, merged in the worker (rows only)

    def as_rows(self, window: "Window", examples: dict) -> Callable[[Iterable["Finding"]], list]:
        """For a window whose worker sent rows: a function turning the findings made here (in the document's
        coordinates) into rows in the window's, as the worker's; ``examples`` (severity -> finding) gets a
        finding of each severity found here or in the worker."""
        from .report.csv import named_rows

        render, found_there = self.rows
        for severity, finding in found_there.items():
            examples.setdefault(severity, finding)

        def convert(findings: Iterable["Finding"]) -> list:
            findings = list(findings)
            for finding in findings:
                examples.setdefault(finding.severity, finding)
            return named_rows(render.placeable_rows(findings, self.starts, window.start, window.lines_before)[1])
        return convert

    def findings(self, segments_before: int) -> dict[str, tuple[list["Finding"], list[str]]]:
        """The findings moved to the document's coordinates: by the window's start and the segments before it.

        The findings were made in the worker with the window's own offsets and segment numbers and have just
        been unpickled: no one else holds them, so they are moved where they are (through the slots, past the
        frozen dataclass's guard) rather than copied (``dataclasses.replace`` cost a tenth of a run)."""
        from .model import Finding

        if self.rows is not None:  # rows stay in the window's coordinates (tqa.report.csv.placed_rows moves them)
            from .report.csv import named_rows

            found = {name: (named_rows(rows), notes) for name, (rows, notes) in self.found.items()}
            self.found = {}
            return found
        set_start, set_end, set_segment = Finding.start.__set__, Finding.end.__set__, Finding.segment.__set__
        start, starts = self.start, self.starts
        for findings, _ in self.found.values():
            for finding in findings:
                # The segment anew from the window's segments: a finding in the white space that opens the window
                # belongs to the last segment before the window, which the worker could not know.
                set_segment(finding, max(1, bisect.bisect_right(starts, finding.start) + segments_before))
                set_start(finding, finding.start + start)
                set_end(finding, finding.end + start)
        found, self.found = self.found, {}
        return found


# --- a stream's windows, analysed and written by the workers ------------------------------------------------

def stream_rows(stream, pool: Pool, on_window: Callable[[int], None] | None = None) -> Iterator[tuple[str, Any]]:
    """A large plain-text file (:class:`tqa.stream.TextStream`) whose checks are all window-local, in a CSV run:
    ``("rows", text)`` for each window, then ``("streamed", DocumentResult)`` (no text; its findings a tally), as
    :func:`tqa.stream.analyze_stream` with the report written window by window.

    Here only the cuts between windows are found (reading the bytes around each); each worker reads its window's
    bytes, decodes and analyses them, and writes the rows in the window's own coordinates
    (:meth:`tqa.report.csv.CsvRenderer.placeable_rows`). This process adds what the windows before it hold
    (characters, lines, segments) and writes: it never decodes the file or handles a finding (on one 100 MB
    file, reading, sending and writing the windows here took twice the CPU of a worker's share)."""
    from .model import DocumentResult, tallied
    from .pipeline import window_size
    from .report.csv import placed_rows
    from .scoring import score
    from .stream import STREAM_WINDOW_CHARS

    state = _STATE
    size = window_size(STREAM_WINDOW_CHARS)
    chars = lines = segments = words = 0
    penalty: float = 0  # as sum() starts (see analyze_stream)
    first: dict = {}
    counts: dict = {}
    notes: list[str] = []
    pending: collections.deque = collections.deque()

    def done(future) -> Iterator[tuple[str, Any]]:
        nonlocal chars, lines, segments, words, penalty
        doc, records, penalties, tally, window_notes, window_chars, window_lines, window_segments, window_words = (
            future.get())  # (a TqaError raised in the worker is raised here)
        yield "rows", placed_rows(doc, records, chars, lines, segments)
        for value in penalties:  # added in the order sum() adds a whole document's: the same float
            penalty += value
        for severity, (finding, count) in tally.items():
            first.setdefault(severity, finding)
            counts[severity] = counts.get(severity, 0) + count
        notes.extend(note for note in window_notes if note not in notes)
        chars, lines, segments, words = (chars + window_chars, lines + window_lines, segments + window_segments,
                                         words + window_words)
        if on_window is not None:
            on_window(window_chars)

    for start, end in stream.byte_windows(size, state.glossary):
        pending.append(pool.submit(_stream_window_task, stream.path, stream.name, stream.encoding, start, end,
                                   stream.bom, end == stream.size))
        while len(pending) > pool.jobs * AHEAD_PER_WORKER or (pending and pending[0].ready()):
            yield from done(pending.popleft())
    while pending:
        yield from done(pending.popleft())
    yield "streamed", DocumentResult(doc=stream.name, words=words, segments=segments, findings=tallied(first, counts),
                                     penalty=penalty, score=score(penalty, words), text="",
                                     encoding=stream.encoding, notes=tuple(notes))


def _stream_window_task(path: str, name: str, encoding: str, start: int, end: int, bom: int, last: bool):
    """In a worker: bytes ``start`` to ``end`` of a stream's file (whole lines), analysed as
    :func:`tqa.pipeline.analyze_windows` analyses a window (each check in order, overlaps resolved, then
    ``min_severity``, sorted), in the window's own coordinates; returns (the document's cell, the rows' pieces,
    each finding's penalty, {severity: [a finding, count]}, notes, characters, line breaks, segments, words).
    TqaError when the file no longer reads as it did."""
    from .checks.base import DocContext
    from .checks.language import target_language
    from .model import Document
    from .pipeline import add_not_overlapping
    from .segment import count_byte_line_breaks

    state = _STATE
    text, raw = _read_window(path, start, end, name)
    policy = state.analyse.get("policy")
    weights = state.analyse["weights"]
    min_severity = state.analyse.get("min_severity")
    target = target_language(state.analyse.get("target_lang"), state.glossary)
    ctx = DocContext(Document(name, text, encoding), state.glossary, weights, raw, full_text=text, offset=0,
                     line_offset=0, segment_offset=0, last_window=last, carry={}, target_lang=target, units=None,
                     first=start == bom)
    findings: list = []
    spans: list[tuple[int, int]] = []
    for check in state.checks:
        spans = add_not_overlapping(findings, spans,
                                    check.run(ctx) if policy is None else policy.apply(check.run(ctx), weights))
    if min_severity is not None:
        findings = [f for f in findings if f.severity >= min_severity]
    findings.sort(key=lambda f: (f.start, f.end, f.rule))
    tally: dict = {}
    for finding in findings:
        if finding.severity in tally:
            tally[finding.severity][1] += 1
        else:
            tally[finding.severity] = [finding, 1]
    starts, _ = ctx.segmentation.bounds()
    doc, records = state.render.placeable_rows(findings, starts)
    return (doc, records, [f.penalty for f in findings], tally, ctx.notes, len(text), count_byte_line_breaks(raw),
            ctx.segmentation.count, ctx.buffer.words())


def _read_window(path: str, start: int, end: int, name: str) -> tuple[str, bytes]:
    """In a worker: bytes ``start`` to ``end`` of the file at ``path`` (whole characters), decoded, and the bytes
    (the window's UTF-8, which its TextBuffer would otherwise make again)."""
    try:
        with open(path, "rb") as handle:
            handle.seek(start)
            raw = handle.read(end - start)
            return raw.decode("utf-8"), raw
    except (OSError, UnicodeDecodeError) as exc:  # changed or gone since the main process read it
        raise TqaError(f"{name}: cannot read: {getattr(exc, 'strerror', None) or exc}") from None
