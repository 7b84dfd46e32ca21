"""Writing output: files atomically (a temporary file beside the target, renamed over it when complete), backups
that are never overwritten, stdout whose failures are one clear line, and the guard that keeps an output from
overwriting an input.

Every temporary file is registered until it is renamed or removed, so that a signal that ends the run can
remove whatever is left (:func:`remove_temporary_files`).
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import signal
import stat
import sys
from pathlib import Path
from typing import IO, Iterable, Iterator

from .errors import TqaError

#: Temporary files of this process not yet renamed into place or removed.
_temporary_files: set[str] = set()


@contextlib.contextmanager
def open_output(path: str | None, *, encoding: str = "utf-8", newline: str | None = None,
                binary: bool = False) -> Iterator[IO]:
    """A stream for ``path`` (stdout when None or "-"), text or ``binary``. The file appears only when the block
    succeeds, with the permissions of the file it replaces; a symbolic link is followed (and stays a link)."""
    def opened(file):
        return io.open(file, "wb") if binary else io.open(file, "w", encoding=encoding, newline=newline)

    if path is None or path == "-":
        yield sys.stdout.buffer if binary else sys.stdout
        sys.stdout.flush()
        return
    target = Path(path)
    if target.is_symlink():
        target = Path(os.path.realpath(path))  # write the file the link names, and keep the link
    if target.exists() and not target.is_file():
        # A device or a pipe (/dev/stdout, /dev/full, a FIFO): written directly, never replaced by a rename.
        try:
            with opened(target) as handle:
                yield handle
                handle.flush()
        except OSError as exc:
            raise TqaError(f"{path}: cannot write: {exc.strerror or exc}") from None
        return
    with _temporary_beside(target, path) as tmp:
        try:
            with opened(tmp) as handle:
                yield handle
                handle.flush()
                os.fsync(handle.fileno())
            if target.exists():
                with contextlib.suppress(OSError):
                    os.chmod(tmp, target.stat().st_mode & 0o7777)
            else:
                os.chmod(tmp, 0o666 & ~_umask())
            os.replace(tmp, target)
        except OSError as exc:
            raise TqaError(f"{path}: cannot write: {exc.strerror or exc}") from None


def make_backup(path: str, backup: str) -> None:
    """Keep the file ``path`` as it is now under the name ``backup``, which must not exist: a backup is never
    overwritten (a second run would otherwise replace the original with text it had already changed).

    The backup is a hard link when the file system allows it (the original's bytes, permissions and times, and no
    window in which it is half written), else an exclusive copy. Remove it with :func:`remove_backup` if the
    write it protects fails.
    """
    try:
        os.link(path, backup, follow_symlinks=False)
        return
    except FileExistsError:
        raise _backup_exists(path, backup) from None
    except OSError:
        pass  # no hard links here (some network and FAT file systems): copy
    import shutil  # only where a backup is copied: a run that writes to stdout does not import it

    try:
        with open(path, "rb") as source, open(backup, "xb") as copy:
            shutil.copyfileobj(source, copy)
            copy.flush()
            os.fsync(copy.fileno())
        shutil.copystat(path, backup)
    except FileExistsError:
        raise _backup_exists(path, backup) from None
    except OSError as exc:
        remove_backup(backup)
        raise TqaError(f"{backup}: cannot write the backup: {exc.strerror or exc}; {path} is left as it was") from None


def remove_backup(backup: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(backup)


def _backup_exists(path: str, backup: str) -> TqaError:
    return TqaError(f"{backup}: already exists, and a backup is never overwritten (move it away or choose another "
                    f"--backup SUFFIX); {path} is left as it was")


@contextlib.contextmanager
def _temporary_beside(target: Path, shown: str) -> Iterator[str]:
    """A new temporary file in ``target``'s directory (so the final rename is atomic); removed unless renamed."""
    import secrets  # only where a file is written: a run that writes to stdout does not import it

    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise TqaError(f"{shown}: cannot write: directory {str(directory)!r} does not exist")
    # The name is registered before the file exists and forgotten only once the file is gone, so that a stop
    # signal at any moment leaves it to remove_temporary_files; the creation itself is held off from signals.
    while True:
        tmp = str(directory / f".{target.name}.{secrets.token_hex(4)}.tmp")
        _temporary_files.add(tmp)
        try:
            with _signals_held():
                fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            break
        except FileExistsError:
            _temporary_files.discard(tmp)  # another run's: try another name
        except OSError as exc:
            _temporary_files.discard(tmp)
            raise TqaError(f"{shown}: cannot write: {exc.strerror or exc}") from None
    try:
        os.close(fd)
        yield tmp
    finally:
        if os.path.lexists(tmp):  # not renamed into place: the write failed or was interrupted
            _remove(tmp)
        if not os.path.lexists(tmp):
            _temporary_files.discard(tmp)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Block the signals that stop a run (they stay pending) while the block runs, where the platform can."""
    stops = {getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT") if hasattr(signal, name)}
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, stops)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def remove_temporary_files() -> None:
    """Remove every temporary file this process still has (when a signal ends the run)."""
    for tmp in list(_temporary_files):
        _remove(tmp)
        _temporary_files.discard(tmp)


def _remove(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# --- an output must not be an input -----------------------------------------------------------------------------

def refuse_inputs_as_outputs(inputs: Iterable[str], outputs: Iterable[str | None], *, hint: str = "") -> None:
    """Raise a :class:`TqaError` when an output would overwrite an input, or two outputs are one file.

    ``inputs`` are the files a run reads (texts, references, glossaries; "-" is stdin, which counts when it is a
    redirected regular file); ``outputs`` the paths it writes (None and "-", stdout, are skipped). "The same file"
    is by device and inode, so another spelling of the path, a symbolic link or a hard link is caught. Only
    regular files count: devices and pipes (/dev/stdout, /dev/null, a terminal) are streams, never overwritten.
    Call it before anything is written; ``hint`` is added in parentheses (e.g. how to edit in place instead).
    """
    files: list[tuple[tuple[int, int], str]] = []
    for name in inputs:
        identity = _stdin_identity() if name == "-" else _file_identity(name)
        if identity is not None:
            files.append((identity, "<stdin>" if name == "-" else name))
    written: list[tuple[tuple[int, int] | str, str]] = []
    for output in outputs:
        if output is None or output == "-":
            continue
        identity = _file_identity(output)
        for known, name in files:
            if identity == known:
                reason = "is also an input" if name == output else f"is the same file as the input {name}"
                raise TqaError(f"{output}: {reason}; refusing to overwrite it" + (f" ({hint})" if hint else ""))
        key: tuple[int, int] | str | None = identity
        if key is None:
            if os.path.exists(output):
                continue  # a device, a pipe or a directory: nothing a rename would replace
            key = os.path.realpath(output)  # not there yet: two spellings of one new file
        for other_key, other in written:
            if key == other_key:
                raise TqaError(f"{output}: is also the output {other}; refusing to write it twice")
        written.append((key, output))


def check_writable(outputs: dict[str, str | None]) -> None:
    """Raise a :class:`TqaError` for an output that cannot be written: a directory, or a file in a directory
    that does not exist or cannot be written. ``outputs`` maps each option to its path (None and "-" are
    stdout). Call it before the run, so that a long run never ends with its report lost."""
    for option, path in outputs.items():
        if path in (None, "-"):
            continue
        target = Path(path)
        if target.is_dir():
            raise TqaError(f"{path}: is a directory ({option} needs a file)")
        if target.exists() and not target.is_file():
            continue  # a device or a pipe (/dev/stdout): written to directly
        directory = target.parent if str(target.parent) else Path(".")
        if not directory.is_dir():
            raise TqaError(f"{path}: cannot write: directory {str(directory)!r} does not exist")
        if not os.access(directory, os.W_OK | os.X_OK):
            raise TqaError(f"{path}: cannot write: permission denied in {str(directory)!r}")


_SIGNATURE = re.compile(rb"tqa:\d[^\s|]*\|glossary:")
_REPORT_STARTS = (b"doc,segment,line,column,start,end", b"doc,words,segments", b"doc,line,words", b"system,words")


def is_tqa_report(path: str) -> bool:
    """Whether the file at ``path`` is one of tqa's own reports (or empty): a text, annotated or compare
    report, or a summary, carries a score signature; CSV reports start with their header; JSON and HTML
    reports name tqa near their start. Such a file in a scanned directory is a report of an earlier run, not
    a document; any other file there is a document, and writing a report over it is refused."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(65536)
            handle.seek(max(0, handle.seek(0, os.SEEK_END) - 4096))
            tail = handle.read()
    except OSError:
        return False
    head = head.removeprefix(b"\xef\xbb\xbf")
    return (not head or head.startswith(_REPORT_STARTS) or b'"tqa_version"' in head[:4096]
            or b"<title>tqa report" in head[:4096] or bool(_SIGNATURE.search(tail)))


def _file_identity(path: str) -> tuple[int, int] | None:
    """(device, inode) of a regular file, following links; None for anything else or nothing."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    return (info.st_dev, info.st_ino) if stat.S_ISREG(info.st_mode) else None


def _stdin_identity() -> tuple[int, int] | None:
    try:
        info = os.fstat(sys.stdin.fileno())
    except (AttributeError, OSError, ValueError):
        return None
    return (info.st_dev, info.st_ino) if stat.S_ISREG(info.st_mode) else None


# --- stdout -------------------------------------------------------------------------------------------------------

class StdoutError(TqaError):
    """stdout cannot be written (a full disk, a closed descriptor)."""


class _StdoutState:
    def __init__(self) -> None:
        self.reader_gone = False


class _GuardedStream:
    """A stream that stands in for stdout during a run (see :func:`guarded_stdout`)."""

    def __init__(self, stream, state: _StdoutState) -> None:
        self._stream = stream
        self._state = state

    def write(self, data):
        if self._state.reader_gone:
            return len(data)
        if self._stream is None:
            raise StdoutError("cannot write to stdout: it is closed")
        try:
            return self._stream.write(data)
        except BrokenPipeError:
            self._state.reader_gone = True
            _point_at_devnull(self._stream)
            return len(data)
        except OSError as exc:
            raise StdoutError(f"cannot write to stdout: {exc.strerror or exc}") from None

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        if self._state.reader_gone or self._stream is None:
            return
        try:
            self._stream.flush()
        except BrokenPipeError:
            self._state.reader_gone = True
            _point_at_devnull(self._stream)
        except OSError as exc:
            raise StdoutError(f"cannot write to stdout: {exc.strerror or exc}") from None

    @property
    def buffer(self):
        return _GuardedStream(getattr(self._stream, "buffer", None), self._state)

    def isatty(self) -> bool:
        return self._stream is not None and self._stream.isatty()

    def __getattr__(self, name):
        return getattr(self._stream, name)


@contextlib.contextmanager
def guarded_stdout() -> Iterator[None]:
    """Stand in for ``sys.stdout`` during a run.

    A write that fails raises :class:`StdoutError` (a ``TqaError``: one line, exit 2) instead of an ``OSError``
    traceback. A reader that goes away (``tqa check … | head``) is not an error: from then on output is discarded
    and the run goes on, so that its exit status is still the quality gate's. On the way out stdout is flushed,
    and when that cannot succeed its descriptor is pointed at /dev/null, so that the interpreter's own flush at
    exit has nothing left to fail on ("Exception ignored … BrokenPipeError").
    """
    original = sys.stdout
    sys.stdout = _GuardedStream(original, _StdoutState())
    try:
        yield
    finally:
        sys.stdout = original
        if original is not None:
            try:
                original.flush()
            except (OSError, ValueError):
                _point_at_devnull(original)


def _point_at_devnull(stream) -> None:
    """Send what is still buffered for ``stream`` (and anything later) to /dev/null."""
    try:
        fd = stream.fileno()
    except (AttributeError, OSError, ValueError):
        return  # not a real descriptor (a test's capture): nothing will be flushed at exit
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, fd)
    finally:
        os.close(devnull)
