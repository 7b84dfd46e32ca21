"""Writing a loaded glossary as YAML: the file a person edits (``tqa glossary import`` of a term base, a CSV or
a TSV). Every field the loader reads is written, in the order the DESIGN's example uses, so that loading the
written file gives the same entries."""

from __future__ import annotations

import textwrap

import yaml

from ._version import __version__
from .glossary import Entry, Glossary


class _Flow(list):
    """A list written on one line (``[a, b]``): terms and phrases."""


class _FlowMapping(dict):
    """A mapping written on one line (``{source: …, target: …}``): an example pair."""


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(_Flow, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True))
_Dumper.add_representer(_FlowMapping,
                        lambda d, v: d.represent_mapping("tag:yaml.org,2002:map", v.items(), flow_style=True))


def glossary_yaml(glossary: Glossary, origin: str = "") -> str:
    """``glossary`` as a YAML glossary file that loads into the same entries (comments of a YAML original are
    not kept). Terms and phrases are written as one-line lists, examples one a line."""
    header = [f"# {glossary.name}: written by tqa {__version__}" + (f" from {origin}" if origin else "") + "."]
    if any(e.is_term for e in glossary.entries):
        header += [
            "# A term entry: a unit whose source holds a `source` term should render it as one of `target` (the",
            "# first is the preferred one); `match` lists known wrong renderings, reported with `suggest` (default:",
            "# the preferred term). Bump `version` when you change the entries.",
        ]
    top: dict = {"name": glossary.name, "version": _version(glossary.version), "language": glossary.language}
    if glossary.source_language:
        top["source_language"] = glossary.source_language
    if glossary.description:
        top["description"] = glossary.description
    parts = ["\n".join(header), _dump(top).rstrip("\n")]
    if glossary.consistent:
        parts.append(_dump({"consistent": [{"id": g.id, "names": _Flow(g.names)} for g in glossary.consistent]}
                           ).rstrip("\n"))
    parts.append("entries:")
    text = "\n".join(parts) + "\n"
    for entry in glossary.entries:
        text += "\n" + textwrap.indent(_dump([_entry_fields(entry)]), "  ")
    return text


def _version(version: str):
    return int(version) if version.isdigit() and str(int(version)) == version else version


def _dump(value) -> str:
    return yaml.dump(value, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False,
                     width=1_000_000)


def _entry_fields(entry: Entry) -> dict:
    """The fields of ``entry`` as a file would give them: what a default would give is left out."""
    fields: dict = {"id": entry.id}
    if entry.source:
        fields["source"] = _Flow(entry.source)
    if entry.target:
        fields["target"] = _Flow(entry.target)
    if entry.match:
        fields["match"] = _Flow(entry.match)
    if entry.regex is not None:
        fields["regex"] = entry.regex
    matches = bool(entry.match or entry.regex)
    default_suggest = (entry.target[0],) if entry.is_term and matches else ()
    if entry.suggest != default_suggest:
        fields["suggest"] = entry.suggest[0] if len(entry.suggest) == 1 else _Flow(entry.suggest)
    fields["category"] = entry.category
    fields["severity"] = str(entry.severity)
    if entry.note:
        fields["note"] = entry.note
    if entry.when is not None:
        fields["when"] = entry.when
    if entry.unless is not None:
        fields["unless"] = entry.unless
    if entry.when_source is not None:
        fields["when_source"] = entry.when_source
    if matches:
        fields["autofix"] = entry.autofix
    if entry.case_sensitive:
        fields["case"] = "sensitive"
    examples = {}
    for kind, texts in (("bad", entry.bad), ("good", entry.good)):
        items = list(texts) + [_FlowMapping(source=p.source, target=p.target) for p in entry.pairs
                               if p.kind == kind]
        if items:
            examples[kind] = items
    if examples:
        fields["examples"] = examples
    return fields
