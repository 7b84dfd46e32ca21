"""Finding and reading input documents: files, directories, stdin. Every problem is a one-line TqaError.

How a directory is walked: recursively, taking the regular files whose name matches the pattern (``*.txt``
for ``check``); hidden files and directories (a name starting with ".") are left out unless the pattern
itself starts with a dot, and hidden directories are never entered; links to files are followed, links to
directories are not (so a link cannot make a loop); anything that is not a regular file (a FIFO, a socket, a
device) is skipped with a note, because reading it could block for ever. A file reached twice (named twice,
through a link, or inside a directory also given) is read once, under the first name it was reached by. The
run's own output files, and the temporary files they are written through, are never inputs. A path named on
the command line is read whatever it is (a FIFO such as ``<(zcat a.txt.gz)`` too: like ``-``, it is what the
user asked for).
"""

from __future__ import annotations

import fnmatch
import os
import stat
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Iterable

from .decoding import Decoded, decode, decode_text  # noqa: F401  (decode is imported from here by callers)
from .files import STDIN, STDIN_NAME, Source, _reason, display_name, read_bytes  # noqa: F401  (public here too)
from .output import is_tqa_report
from .model import Document


if TYPE_CHECKING:  # pragma: no cover
    from .readers import ReadOptions


@dataclass(frozen=True)
class Inputs:
    """What :func:`expand_paths` found: documents to read, warnings, and inputs that cannot be used."""

    sources: tuple[Source, ...]
    notes: tuple[str, ...] = ()  # what was skipped and why (the run goes on)
    problems: tuple[str, ...] = ()  # missing inputs, directories without matching files (the run exits 2)
    repeated: tuple[str, ...] = ()  # inputs reached a second time (read once), as they were named


def default_glob() -> str:
    """The files a directory walk takes by default: those of every reader that reads files found in directories
    (plain text, XLIFF, TMX, PO; not CSV/TSV, which a corpus folder often holds for other purposes)."""
    from .readers import directory_suffixes

    return ",".join(f"*{suffix}" for suffix in directory_suffixes())


def expand_paths(paths: Iterable[str], glob: str = "*.txt", *, outputs: Iterable[str | None] = (),
                 skip: Iterable[str] = ()) -> Inputs:
    """Files as given, directories walked for ``glob`` (one or more patterns, comma-separated; module
    docstring), stdin as ``-``.

    ``outputs`` are the files this run writes: never taken from a directory, and refused when named as an
    input (they would be overwritten). ``skip`` are files never taken from a directory but read when named
    (``compare``'s references beside the systems). Nothing is read here, and nothing here can block.
    """
    outputs = _Files(outputs)
    leave_out = _Files([*outputs.paths, *skip])
    sources: list[Source] = []
    notes: list[str] = []
    problems: list[str] = []
    seen: set = set()
    repeated: list[str] = []

    def take(path: str, identity) -> None:
        if identity not in seen:
            seen.add(identity)
            sources.append(Source(path))
        else:
            repeated.append(display_name(path))

    for path in paths:
        if path == STDIN:
            take(STDIN, STDIN)
            continue
        try:
            info = os.stat(path)
        except FileNotFoundError:
            problems.append(f"{display_name(path)}: no such file or directory")
            continue
        except OSError as exc:
            problems.append(f"{display_name(path)}: cannot read: {_reason(exc)}")
            continue
        if not stat.S_ISDIR(info.st_mode):
            # Named on the command line: taken even when it is also an output, which the caller refuses
            # (tqa.output.refuse_inputs_as_outputs) with the other outputs that would overwrite an input.
            take(path, (info.st_dev, info.st_ino))
            continue
        found = 0
        for kind, file, detail in _walk(path, glob, leave_out, outputs):
            if kind == "file":
                found += 1
                take(file, (detail.st_dev, detail.st_ino))
            else:
                (notes if kind == "skipped" else problems).append(f"{display_name(file)}: {detail}")
        if not found:
            problems.append(f"{display_name(path)}: no files matching {_either(glob)} in this directory")
    return Inputs(tuple(sources), tuple(notes), tuple(problems), tuple(repeated))


def _walk(root: str, glob: str, leave_out: "_Files", outputs: "_Files"):
    """In sorted order, for every entry under ``root`` whose name matches: ``("file", path, stat result)`` for
    a regular file, ``("skipped", path, why)`` for anything else (the run goes on), ``("problem", path, why)``
    for a broken link or an unreadable directory (the run exits 2).

    The run's outputs are left out when they hold a report of an earlier run; an output that holds anything
    else is a document, taken, so that the caller refuses to write over it (no data is lost)."""
    patterns = [pattern.strip() for pattern in glob.split(",") if pattern.strip()]
    take_hidden = any(pattern.startswith(".") for pattern in patterns)
    unreadable: list[OSError] = []
    matching = []
    for dirpath, dirnames, filenames in os.walk(root, onerror=unreadable.append, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        matching.extend(os.path.join(dirpath, name) for name in filenames
                        if (take_hidden or not name.startswith("."))
                        and any(fnmatch.fnmatch(name, pattern) for pattern in patterns))
    found = [("problem", error.filename, f"cannot read this directory: {_reason(error)}") for error in unreadable]
    for path in matching:
        try:
            info = os.stat(path)  # follows a link to what it points to
        except FileNotFoundError:
            found.append(("problem", path, "no such file or directory (a broken link)"))
        except OSError as exc:
            found.append(("problem", path, f"cannot read: {_reason(exc)}"))
        else:
            if leave_out.holds(path, info) and not (outputs.names(path, info) and not is_tqa_report(path)):
                continue
            found.append(("file", path, info) if stat.S_ISREG(info.st_mode)
                         else ("skipped", path, f"skipped: {_kind(info.st_mode)}, not a regular file"))
    return sorted(found, key=lambda entry: entry[1])


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISDIR(mode):
        return "a directory"
    return "a special file"


class _Files:
    """Files recognised by any name (resolved path, or device and inode once they exist), with the temporary
    files tqa writes them through (``.NAME.XXXXXXXX.tmp``, see tqa.output)."""

    def __init__(self, paths: Iterable[str | None]):
        self.paths = [path for path in paths if path and path != STDIN]
        self.real_paths = set()
        self.identities = set()
        self.temporary = []  # (real directory, glob of the temporary files)
        for path in self.paths:
            real = os.path.realpath(path)
            self.real_paths.add(real)
            directory, name = os.path.split(real)
            self.temporary.append((directory, f".{_glob_escape(name)}.*.tmp"))
            try:
                info = os.stat(path)
            except OSError:
                continue
            self.identities.add((info.st_dev, info.st_ino))

    def names(self, path: str, info: os.stat_result) -> bool:
        """Whether ``path`` is one of the files themselves (not one of their temporary files)."""
        return bool(self.real_paths) and ((info.st_dev, info.st_ino) in self.identities
                                          or os.path.realpath(path) in self.real_paths)

    def holds(self, path: str, info: os.stat_result) -> bool:
        if not self.real_paths:
            return False
        if self.names(path, info):
            return True
        directory, name = os.path.split(os.path.realpath(path))
        return any(directory == d and fnmatch.fnmatchcase(name, pattern) for d, pattern in self.temporary)


def _glob_escape(name: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in name)


def read_document(source: Source, encoding: str | None = None, *, input_format: str | None = None,
                  options: "ReadOptions | None" = None) -> tuple[Document, bytes | None]:
    """A :class:`Document` (its ``notes`` say what decoding had to guess or replace) read by the reader of its
    format (:func:`tqa.readers.reader_for`), and, for plain text, its UTF-8 bytes (reused by the matcher, so
    the text is not encoded twice; None for other formats)."""
    from .readers import ReadOptions, reader_for

    options = options or ReadOptions(encoding=encoding)
    if encoding and not options.encoding:
        options = replace(options, encoding=encoding)
    name = source.name
    reader = reader_for(source.path, input_format)
    data = read_bytes(source)
    if reader.name == "text" and options.source is None:
        decoded = decode_text(name, data, options.encoding)
        return Document(name, decoded.text, decoded.encoding, decoded.notes,
                        target_language=options.target_language or ""), decoded.raw
    return reader.read(name, data, options), None


def _either(glob: str) -> str:
    """``'*.txt'`` or ``'*.txt', '*.xlf' or '*.po'``."""
    patterns = [repr(p.strip()) for p in glob.split(",") if p.strip()]
    return patterns[0] if len(patterns) == 1 else f"{', '.join(patterns[:-1])} or {patterns[-1]}"
