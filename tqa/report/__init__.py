"""Renderers: one module per output format. Renderers never analyse; they format results as they arrive.

Every renderer has the same three verbs: ``begin()``, ``document(result)`` for each result as it is produced
(so a corpus is streamed, never collected), and ``end(corpus)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TextIO

from ..lazyre import lazy_compile

if TYPE_CHECKING:  # pragma: no cover
    from ..glossary import Glossary
    from ..scoring import Weights


@dataclass
class RunInfo:
    """What every report states about how its numbers were computed."""

    version: str
    glossary: Glossary
    weights: Weights
    checks: tuple[str, ...]
    min_severity: str | None = None
    target_lang: str | None = None  # the language the text should be in (the language check's target)
    extra: dict = field(default_factory=dict)
    rules: str = ""  # the rule selection, when it is not the default (RuleSelection.describe)
    # The run's suppression layers (tqa.suppression.Suppression), or None. Its part of the signature is read
    # when the signature is written, at the end of the run: ``inline`` is named once an inline comment fired.
    suppression: object | None = None

    def signature(self) -> str:
        suppress = self.suppression.signature() if self.suppression is not None else ""
        return run_signature(self.version, self.glossary, self.weights, self.checks,
                             min_severity=self.min_severity, target_lang=self.target_lang, rules=self.rules,
                             suppress=suppress)


def run_signature(version: str, glossary: Glossary, weights: Weights, checks, *, min_severity: str | None = None,
                  target_lang: str | None = None, rules: str = "", suppress: str = "") -> str:
    """Like sacrebleu's signatures: every setting that decides a tqa score, so two people can tell whether
    their scores are comparable: tqa version, glossary name@version#hash, weights, the checks that ran, the
    target language and langdetect's seed (when the language check ran), the zh→en length model (when the
    omission check ran), the rule selection and severity overrides (when not the default), the suppression
    layers used (``inline`` when an inline comment silenced a finding, the ignore file and the baseline with
    their hashes), and the least severity counted."""
    names = list(checks)
    parts = [f"tqa:{version}", f"glossary:{glossary.signature()}", f"weights:{weights.describe()}",
             f"checks:{','.join(names)}"]
    if "language" in names:
        from ..checks.language import SEED, target_language

        parts += [f"lang:{target_language(target_lang, glossary)}", f"langdetect-seed:{SEED}"]
    if "omission" in names:
        from ..checks.omission import load_length_model

        parts.append(f"length:{load_length_model().signature()}")
    if rules:
        parts.append(f"rules:{rules}")
    if suppress:
        parts.append(f"suppress:{suppress}")
    parts.append(f"min-severity:{min_severity or 'minor'}")
    return "|".join(parts)


_CONTROL = lazy_compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SURROGATE = lazy_compile("[\ud800-\udfff]")


def without_surrogates(text: str) -> str:
    """``text`` with every lone surrogate (from input that was not valid Unicode) replaced by U+FFFD; a high
    and a low surrogate in a row (as ``\\ud83d\\ude00`` decodes with unicode_escape) become the character
    they encode. Every report is UTF-8, which cannot hold a lone surrogate."""
    if not _SURROGATE.search(text):
        return text
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def display(text: str) -> str:
    """``text`` made safe to print on a terminal: control characters other than tab and line breaks (terminal
    escape sequences among them) shown as ``\\xNN`` escapes, and :func:`without_surrogates`."""
    if _CONTROL.search(text):
        text = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
    return without_surrogates(text)


def action(finding) -> str:
    """What to do with a finding that has no suggestion: delete it, translate it, or review it."""
    if finding.category == "Accuracy/Addition":
        return "delete"
    if finding.category == "Accuracy/Untranslated text":
        return "translate"
    return "review"


#: The built-in renderers: "module:Class" under tqa.report, the one place that lists them.
BUILTIN = (
    "text:TextRenderer",
    "csv:CsvRenderer",
    "json:JsonRenderer",
    "html:HtmlRenderer",
    "annotated:AnnotatedRenderer",
    "concise:ConciseRenderer",
    "github:GithubRenderer",
    "sarif:SarifRenderer",
)

#: What the registry knows of each built-in renderer without importing its module, in :data:`BUILTIN` order: its
#: ``name``, the ``-o`` file endings that ask for it (``extensions``) and whether it is a ``spreadsheet``. A run
#: imports the module of its own format alone (tests/test_startup.py holds these to the classes' attributes).
BUILTIN_INFO: tuple[tuple[str, tuple[str, ...], bool], ...] = (
    ("text", (".txt",), False),
    ("csv", (".csv",), True),
    ("json", (".json",), False),
    ("html", (".html", ".htm"), False),
    ("annotated", (), False),
    ("concise", (), False),
    ("github", (), False),
    ("sarif", (".sarif",), False),
)

_ADDED: list[type] = []


def register(renderer_class):
    """Add an output format (usable as a class decorator); its name must be new."""
    from .base import Renderer

    if not (isinstance(renderer_class, type) and issubclass(renderer_class, Renderer)):
        raise TypeError(f"{renderer_class!r} is not a Renderer subclass")
    if renderer_class.name in formats():
        raise ValueError(f"an output format named {renderer_class.name!r} is already registered")
    _ADDED.append(renderer_class)
    return renderer_class


def unregister(renderer_class) -> None:
    _ADDED.remove(renderer_class)


def registered() -> list[type]:
    """Every renderer class, the built-in ones first (this imports each one's module)."""
    return [_builtin(spec) for spec in BUILTIN] + _ADDED


def _builtin(spec: str) -> type:
    from importlib import import_module

    module, name = spec.split(":")
    return getattr(import_module(f"{__name__}.{module}"), name)


def formats() -> list[str]:
    """The names ``--format`` takes."""
    return [name for name, _, _ in BUILTIN_INFO] + [renderer_class.name for renderer_class in _ADDED]


def renderer_class(fmt: str):
    for spec, (name, _, _) in zip(BUILTIN, BUILTIN_INFO):
        if name == fmt:
            return _builtin(spec)
    for candidate in _ADDED:
        if candidate.name == fmt:
            return candidate
    raise ValueError(f"unknown format {fmt!r}")


def format_for_extension(suffix: str) -> str | None:
    """The format an ``-o`` file name's ending asks for (``.html`` → html), or None. (``.txt`` names none: a
    plain-text file may hold any report.)"""
    described = [(name, extensions) for name, extensions, _ in BUILTIN_INFO]
    for name, extensions in described + [(c.name, c.extensions) for c in _ADDED]:
        if suffix.lower() in extensions and suffix.lower() != ".txt":
            return name
    return None


def make_renderer(fmt: str, stream: TextIO, info: RunInfo, *, color: bool = False, raw_csv: bool = False,
                  show_suppressed: bool = False, quiet: bool = False):
    from .base import RenderOptions

    return renderer_class(fmt)(stream, info, RenderOptions(color=color, raw_csv=raw_csv,
                                                           show_suppressed=show_suppressed, quiet=quiet))
