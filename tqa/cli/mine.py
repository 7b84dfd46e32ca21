"""``tqa mine``: propose glossary entries from MT output beside post-edits (``--mt DOC... --post-edit DOC...``)
or beside references with the source (``--source SRC --mt SYS... --ref REF...``)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Iterator

from .common import EXIT_OK, UsageError, positive_int, warn, whole_number

FORMATS = ("yaml", "csv")


def add_parser(commands) -> None:
    parser = commands.add_parser(
        "mine", help="propose glossary entries from MT output beside post-edits or references",
        description="Propose glossary entries from evidence: the substitutions editors make between MT drafts and "
                    "their post-edits (--mt DOC... --post-edit DOC..., pairs in order), or MT renderings of source "
                    "phrases that the references never use (--source SRC --mt SYS... --ref REF...). Writes a "
                    "glossary of proposals to review (YAML, or CSV for a spreadsheet), each with its evidence.")
    parser.add_argument("--mt", nargs="+", action="extend", metavar="FILE", required=True,
                        help="MT documents (with --post-edit) or MT system outputs (with --source and --ref)")
    parser.add_argument("--post-edit", nargs="+", action="extend", metavar="FILE", dest="post_edit",
                        help="the post-edits of the --mt documents, line-aligned with them, in the same order")
    parser.add_argument("--source", metavar="FILE", help="the source text the --mt systems translated")
    parser.add_argument("--ref", nargs="+", action="extend", metavar="FILE",
                        help="reference translations of --source, line-aligned with it")
    parser.add_argument("-o", "--output", metavar="FILE",
                        help="the proposals file (default: stdout); the evidence goes beside it in "
                             "NAME.evidence.json")
    parser.add_argument("--format", choices=FORMATS,
                        help="yaml (a glossary file) or csv (a spreadsheet with an accept column); default: the "
                             "-o file's extension, else yaml")
    parser.add_argument("--min-count", type=positive_int, default=None, metavar="N",
                        help="propose only what occurs at least N times (default: 1 with --post-edit, 3 with "
                             "--source)")
    parser.add_argument("--top", type=positive_int, metavar="N", help="propose only the N best ranked")
    parser.add_argument("-g", "--glossary", action="append", metavar="FILE|NAME", default=None,
                        help="a glossary whose entries are not proposed again (repeatable; default: none)")
    parser.add_argument("--seed", type=_seed, default=None, metavar="N",
                        help="the word aligner's random seed (with --source; default 1): the same inputs and seed "
                             "give the same file byte for byte")
    parser.add_argument("--name", default="proposals", help="the proposals glossary's name (default: proposals)")
    parser.add_argument("--encoding", metavar="CODEC", help="read inputs in this encoding instead of detecting it")
    parser.add_argument("--no-progress", action="store_true",
                        help="no progress bar (one is shown on stderr for a long run when stderr is a terminal)")
    parser.set_defaults(func=cmd_mine)


def _seed(text: str) -> int:
    return whole_number(text, 0, 2**32 - 1)


def _format(args) -> str:
    by_extension = None
    if args.output and args.output != "-":
        suffix = Path(args.output).suffix.lower()
        by_extension = {".csv": "csv", ".yaml": "yaml", ".yml": "yaml"}.get(suffix)
    if args.format and by_extension and args.format != by_extension:
        raise UsageError(f"tqa mine: --format {args.format} contradicts the extension of -o {args.output}")
    return args.format or by_extension or "yaml"


def evidence_path(output: str) -> str:
    """Where the evidence of ``-o OUTPUT`` goes: ``OUTPUT``'s name with ``.evidence.json`` for its extension."""
    path = Path(output)
    return str(path.with_name(path.stem + ".evidence.json"))


def _lines(path: str, encoding: str | None, notes: list[str]) -> list[str]:
    from ..files import Source, read_bytes
    from ..inputs import decode_text
    from ..metrics import split_lines

    source = Source(path)
    decoded = decode_text(source.name, read_bytes(source), encoding)
    notes.extend(decoded.notes)
    return split_lines(decoded.text)


def _progress(message: str) -> None:
    if sys.stderr.isatty():
        print(f"tqa: {message}", file=sys.stderr, flush=True)


def cmd_mine(args) -> int:
    from ..errors import TqaError
    from ..glossary import load_glossary
    from ..output import check_writable, open_output, refuse_inputs_as_outputs

    aligned = args.source is not None
    if aligned:
        if args.post_edit:
            raise UsageError("tqa mine: --post-edit mines without a source; give --source with --ref, or "
                             "--post-edit alone")
        if not args.ref:
            raise UsageError("tqa mine: --source needs the references: --ref REF...")
    else:
        if args.ref:
            raise UsageError("tqa mine: --ref needs --source (without a source, give --post-edit)")
        if args.seed is not None:
            raise UsageError("tqa mine: --seed is the word aligner's, with --source (mining post-edits has no "
                             "randomness)")
        if not args.post_edit:
            raise UsageError("tqa mine: give --post-edit DOC... (one per --mt document), or --source and --ref")
        if len(args.post_edit) != len(args.mt):
            raise UsageError(f"tqa mine: {len(args.mt)} --mt documents but {len(args.post_edit)} --post-edit "
                             "documents: give one post-edit per MT document, in the same order")
    kind = _format(args)
    inputs = list(args.mt) + list(args.post_edit or []) + list(args.ref or []) \
        + ([args.source] if args.source else [])
    outputs = [args.output] + ([evidence_path(args.output)] if args.output not in (None, "-") else [])
    refuse_inputs_as_outputs(inputs + [g for g in args.glossary or [] if Path(g).exists()], outputs,
                             hint="write the proposals to another file")
    check_writable({"-o": args.output} | ({"evidence": outputs[1]} if len(outputs) > 1 else {}))
    glossary = load_glossary(args.glossary) if args.glossary else None  # refused before any text is read
    notes: list[str] = []
    if aligned:
        from ..metrics import reference_names

        _progress(f"reading {args.source}, {len(args.mt)} systems and {len(args.ref)} references")
        source = _lines(args.source, args.encoding, notes)
        systems = _named(args.mt, args.encoding, notes)
        references = dict(zip(reference_names(args.ref), (_lines(p, args.encoding, notes) for p in args.ref)))
        if len(references) != len(args.ref):
            raise TqaError("two --ref files have one name: give references distinct file names")
        for name, lines in list(systems.items()) + list(references.items()):
            if len(lines) != len(source):
                raise TqaError(f"{name}: {len(lines)} lines, but the source {args.source} has {len(source)}; "
                               "files must be line-aligned")
        from ..mine.aligned import mine_aligned

        from ..mine.align import DEFAULT_SEED, _thot

        _thot()  # the aligner is an optional extra: say so before the long work starts
        _progress("aligning and mining")
        min_count = args.min_count if args.min_count is not None else 3
        candidates = mine_aligned(source, systems, references, min_count=min_count,
                                  seed=DEFAULT_SEED if args.seed is None else args.seed)
        reference_lines = [line for lines in references.values() for line in lines]
    else:
        from ..progress import Progress

        pairs = []
        # Reading and mining the pairs is most of the run: a bar over them (each pair's share is its size).
        with Progress(2 * len(args.mt), unit="pair", description="tqa mine", enabled=not args.no_progress) as bar:
            for mt_path, pe_path in zip(args.mt, args.post_edit):
                mt_lines, pe_lines = _lines(mt_path, args.encoding, notes), _lines(pe_path, args.encoding, notes)
                if len(mt_lines) != len(pe_lines):
                    raise TqaError(f"{mt_path}: {len(mt_lines)} lines, but its post-edit {pe_path} has "
                                   f"{len(pe_lines)}; an MT document and its post-edit must be line-aligned")
                pairs.append((_display(mt_path), mt_lines, pe_lines))
                bar.update(1, postfix="reading")
            if not bar.active:
                _progress(f"aligning {len(pairs)} document pair{'s' if len(pairs) != 1 else ''}")
            from ..mine.postedit import mine_postedits

            candidates = mine_postedits(_ticking(pairs, bar))
        min_count = args.min_count if args.min_count is not None else 1
        reference_lines = [line for _, _, pe_lines in pairs for line in pe_lines]
    warn(notes)
    from ..mine.rank import finish
    from ..mine.write import evidence_json, proposals, proposals_csv, proposals_yaml

    _progress(f"ranking {len(candidates)} candidates")
    ranked = finish(candidates, reference_lines, glossary, min_count=min_count, top=args.top)
    items = proposals(ranked)
    text = proposals_csv(items) if kind == "csv" else proposals_yaml(items, name=args.name)
    if kind == "yaml":
        _validate(text)
    with open_output(args.output, encoding="utf-8-sig" if kind == "csv" and args.output not in (None, "-")
                     else "utf-8", newline="" if kind == "csv" else None) as stream:
        stream.write(text)
    if len(outputs) > 1:
        with open_output(outputs[1]) as stream:
            stream.write(evidence_json(items))
    where = "stdout" if args.output in (None, "-") else args.output
    print(f"tqa: {len(items)} proposal{'s' if len(items) != 1 else ''} from {len(candidates)} candidates written "
          f"to {where}", file=sys.stderr)
    return EXIT_OK


def _ticking(items: list, bar) -> Iterator:
    """``items`` one by one, moving ``bar`` on by one after each (mine_postedits reads its pairs once, in order)."""
    for item in items:
        yield item
        bar.update(1, postfix="aligning")


def _display(path: str) -> str:
    from ..files import display_name

    return display_name(path)


def _named(paths: list[str], encoding: str | None, notes: list[str]) -> dict[str, list[str]]:
    """Each system's lines under its file name (made unique with its parent directory when two share one)."""
    from ..errors import TqaError

    names = [Path(p).name for p in paths]
    if len(set(names)) != len(names):
        names = [str(Path(p)) for p in paths]
    if len(set(names)) != len(names):
        raise TqaError("a --mt system is given twice")
    return {_display(name): _lines(path, encoding, notes) for name, path in zip(names, paths)}


def _validate(text: str) -> None:
    """The proposals load as a glossary, self-tests and all: what is written can be used as it is."""
    import os
    import tempfile

    from ..glossary import load_glossary

    handle, path = tempfile.mkstemp(suffix=".yaml", prefix="tqa-proposals-")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        if "entries: []" not in text:
            load_glossary(path)
    finally:
        os.unlink(path)
