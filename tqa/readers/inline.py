"""Inline markup in XML formats (XLIFF, TMX): a segment's text apart from its tags, and back.

A ``<target>`` such as ``on its <g id="1">official micro-signal</g><x id="2"/> today`` is read as the text
``on its official micro-signal today`` and the tags ``[(7, '<g id="1">'), (28, '</g>'), (28, '<x id="2"/>')]``
(offsets into the text). Elements whose content is text (``<g>``, ``<pc>``, ``<mrk>``, ``<hi>``) are a pair of
tags around it; every other element (``<x/>``, ``<ph>``, ``<bpt>``, ``<ept>``, ``<sc/>``…) is one tag, and its
content, native code such as ``&lt;b&gt;``, is not text. Writing back, :func:`refill` puts the pieces of the new
text between the same tags, in the same elements: every tag stays where it was relative to the text around it.

In the element tree, each tag is followed by exactly one piece of text: an element's ``text`` after its start
tag, a child's ``tail`` after its end (or after the whole child when it is one tag). With the ``text`` of the
segment element itself first, a segment with n tags has n + 1 pieces, in document order.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..errors import TqaError


@dataclass(frozen=True)
class InlineRules:
    """Which elements (local names) hold text between a start and an end tag; all others are one tag."""

    paired: frozenset[str]


def local_name(tag: Any) -> str:
    """``{urn:…}g`` → ``g``; comments and processing instructions have no name."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _label(element, closing: bool = False) -> str:
    name = local_name(element.tag) or "?"
    if closing:
        return f"</{name}>"
    attributes = "".join(f' {local_name(key)}="{value}"' for key, value in element.attrib.items()
                         if local_name(key) in ("id", "rid", "i", "x", "pos", "ctype", "type", "equiv"))
    return f"<{name}{attributes}>" if local_name(element.tag) else "<?>"


def flatten(element, rules: InlineRules) -> tuple[str, tuple[tuple[int, str], ...]]:
    """The text of ``element`` without its inline tags, and (offset in that text, label) of each tag."""
    pieces: list[str] = []
    tags: list[tuple[int, str]] = []
    length = [0]

    def add(text: str | None) -> None:
        if text:
            pieces.append(text)
            length[0] += len(text)

    def walk(node) -> None:
        add(node.text)
        for child in node:
            if local_name(child.tag) in rules.paired:
                tags.append((length[0], _label(child)))
                walk(child)
                tags.append((length[0], _label(child, closing=True)))
            else:
                label = _label(child)
                tags.append((length[0], label if label.endswith("/>") else label[:-1] + "/>"))
            add(child.tail)

    walk(element)
    return "".join(pieces), tuple(tags)


def _slots(element, rules: InlineRules) -> list[tuple[Any, str]]:
    """(node, "text" | "tail") of every piece of text, in document order (see the module docstring)."""
    slots = [(element, "text")]

    def walk(node) -> None:
        for child in node:
            if local_name(child.tag) in rules.paired:
                slots.append((child, "text"))
                walk(child)
            slots.append((child, "tail"))

    walk(element)
    return slots


def refill(element, text: str, tags: tuple[tuple[int, str], ...], rules: InlineRules) -> None:
    """Put ``text`` into ``element`` around its tags, which now stand at the offsets ``tags`` give (in the
    order :func:`flatten` found them). Refuses a number of tags that is not the element's."""
    slots = _slots(element, rules)
    if len(slots) != len(tags) + 1:
        raise TqaError(f"a unit has {len(slots) - 1} inline tags, but the fixed text places {len(tags)}")
    cuts = [0, *(offset for offset, _ in tags), len(text)]
    for (node, attribute), start, end in zip(slots, cuts, cuts[1:]):
        piece = text[start:end]
        setattr(node, attribute, piece or None)
