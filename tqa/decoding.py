"""Bytes to text: a BOM, else UTF-8, else the decoding that looks most like text.

English translated by machine is mostly ASCII with a few curly quotes, so the bytes alone say little: the GBK
bytes of "Taiwan‘s" are also valid ISO 8859-10 ("TaiwanĄŪs"), and a statistical detector that weighs letter
frequencies picks the Latin code page. tqa decodes the file in each candidate encoding instead and counts
what no real text is made of — bytes replaced by U+FFFD, control characters, letters like Ą or ˉ inside
English, Chinese characters glued to Latin letters, runs of Latin-1 symbols such as "¡®" or "â€™" (UTF-8
read as Windows-1252), rare Chinese characters — and takes the decoding with the fewest.

Every function here raises :class:`~tqa.errors.TqaError` for bytes it cannot read, never anything else.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from functools import lru_cache

from .errors import TqaError
from .lazyre import lazy_compile  # the patterns that judge a guessed encoding: not needed for UTF-8

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"),
)
#: Encodings tried, in this order, when a file is not UTF-8; a tie goes to the earlier one. The encoding
#: charset-normalizer guesses is tried last (Shift-JIS, EUC-KR, KOI8-R… come from there).
CANDIDATES = ("utf-8", "cp1252", "gb18030", "big5")
# Latin-script single-byte code pages other than Windows-1252 are never guessed: for English they read the
# few bytes above 0x7F as accented letters just as plausible as Windows-1252's ("ìnoî" in Mac Icelandic for
# Windows-1252's “no”), and Windows-1252 or UTF-8 is what English text really comes in. --encoding names them.
_NOT_GUESSED = (
    "latin_1", "iso8859_2", "iso8859_3", "iso8859_4", "iso8859_9", "iso8859_10", "iso8859_13", "iso8859_14",
    "iso8859_15", "iso8859_16", "cp1250", "cp1254", "cp1257", "cp1258", "cp437", "cp850", "cp852", "cp858",
    "mac_roman", "mac_latin2", "mac_iceland", "mac_turkish", "mac_croatian", "mac_romanian", "hp_roman8")


@lru_cache(maxsize=1)
def _not_guessed() -> frozenset[str]:
    """The codecs' own names of :data:`_NOT_GUESSED`, looked up when a guess is judged (each look-up imports a
    codec module: 25 of them cost a small run's start-up several milliseconds)."""
    return frozenset(codecs.lookup(name).name for name in _NOT_GUESSED)


#: More odd characters than this share of the text: not text in any encoding tqa knows.
MAX_ODD_SHARE = 0.2
#: The candidates are judged on about this many bytes of a big file (the winner is then decoded in full).
SAMPLE_BYTES = 1 << 18
PIECE_BYTES = 4096
_NON_ASCII_BYTE = re.compile(rb"[\x80-\xff]")
# Bytes that are never part of a multi-byte character in UTF-8, GBK, GB18030 (whose four-byte sequences hold
# digits), Big5 or Shift-JIS: a sample may be cut after them.
_SAFE_CUT = frozenset(b"\n\r\t !\"#$%&'()*+,-./")


@dataclass(frozen=True, slots=True)
class Decoded:
    """A file's text, the same text in UTF-8 (without a BOM), the encoding it was read in, and warnings."""

    text: str
    raw: bytes
    encoding: str
    notes: tuple[str, ...] = ()
    replaced: int = 0  # bytes that were not valid UTF-8 and became U+FFFD (text offsets count one per byte)


def decode(name: str, data: bytes, encoding: str | None = None) -> tuple[str, bytes, str]:
    """``(text, raw, encoding)`` of :func:`decode_text`, for callers that must keep every byte: a file that
    could only be read by replacing bad bytes is refused (``tqa fix`` writes text back; a glossary must be
    exact)."""
    decoded = decode_text(name, data, encoding)
    if decoded.replaced:
        _, escaped, count = _utf8_replacing(data)
        raise TqaError(_bad_bytes_message(name, escaped, count) + "; give the file's encoding with --encoding")
    return decoded.text, decoded.raw, decoded.encoding


def decode_text(name: str, data: bytes, encoding: str | None = None) -> Decoded:
    """Decode a file's bytes; ``name`` is only for messages.

    With ``encoding``, that codec (strictly). Otherwise a BOM decides (UTF-8, UTF-16, UTF-32, the BOM is not
    part of the text), then strict UTF-8, then each of :data:`CANDIDATES` and charset-normalizer's guess is
    judged by its odd characters (module docstring) and the one with fewest wins. "Mostly UTF-8" is UTF-8
    with each bad byte replaced by U+FFFD and counted as one odd character: it wins when its bad bytes are
    fewer than the odd characters of every other decoding (a stray Windows-1252 quote in a UTF-8 article),
    and loses to an encoding that reads every byte into ordinary text (a Windows-1252 "é" in ASCII text).
    Replaced bytes are reported in ``notes`` with their lines. Binary data (NUL) is refused, and so is a
    decoding where more than :data:`MAX_ODD_SHARE` of the characters are odd.
    """
    if encoding:
        return _explicit(name, data, encoding)
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(codec)
            except UnicodeDecodeError:
                raise TqaError(f"{name}: starts with a {codec} byte-order mark but is not valid {codec}") from None
            return _checked(name, text, codec + "-bom" if codec == "utf-8" else codec)
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        raise TqaError(f"{name}:{line}: binary file (contains NUL bytes), not text")
    try:
        return Decoded(data.decode("utf-8"), data, "utf-8")
    except UnicodeDecodeError:
        pass
    return _guess(name, data)


def _explicit(name: str, data: bytes, encoding: str) -> Decoded:
    try:
        text = data.decode(encoding)
    except LookupError:
        raise TqaError(f"unknown encoding {encoding!r}") from None
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise TqaError(f"{name}:{line}: cannot be read as {encoding} (byte 0x{data[exc.start]:02x})") from None
    return _checked(name, text.removeprefix("\ufeff"), encoding)


def _checked(name: str, text: str, encoding: str, notes: tuple[str, ...] = (), replaced: int = 0) -> Decoded:
    nul = text.find("\x00")
    if nul >= 0:
        raise TqaError(f"{name}:{text.count(chr(10), 0, nul) + 1}: binary file (contains NUL characters), not text")
    return Decoded(text, text.encode("utf-8", "surrogatepass"), encoding, notes, replaced)


# --- choosing among candidate encodings ---------------------------------------------------------------------

def _guess(name: str, data: bytes) -> Decoded:
    sample = _sample(data)
    judged: list[tuple[int, int, str, str]] = []  # (odd characters, preference, codec, sample text)
    for preference, codec in enumerate(CANDIDATES):
        text = _decode_or_none(sample, codec)
        if text is not None:
            judged.append((odd_characters(text), preference, codec, text))
    if not judged or min(judged)[0] > 0:
        guess = _detector_guess(data)
        if guess and guess not in CANDIDATES and guess not in _not_guessed():
            text = _decode_or_none(sample, guess)
            if text is not None:
                judged.append((odd_characters(text), len(CANDIDATES), guess, text))
    judged.sort(key=lambda j: j[:2])
    for odd, _, codec, sample_text in judged:
        if odd > MAX_ODD_SHARE * max(1, len(sample_text)):
            break  # the best-looking decoding is mostly odd characters: this is not text
        if codec == "utf-8":
            return _mostly_utf8(name, data)  # never fails: every bad byte is replaced
        text = _decode_or_none(data, codec)  # the sample decoded; the whole file must too
        if text is None:
            continue
        notes = tuple(f"{name}: read as {codec}, but {other} fits as well: give --encoding if that is wrong"
                      for other_odd, _, other, other_text in judged
                      if other_odd == odd and other != codec and other_text != sample_text)[:1]
        return _checked(name, text, codec, notes)
    line, column, byte = _first_bad_utf8_byte(data)
    raise TqaError(f"{name}:{line}:{column}: not text in UTF-8 or any encoding tqa knows "
                   f"(first bad byte 0x{byte:02x}); give it with --encoding")


def _sample(data: bytes) -> bytes:
    """What the candidates are judged on: the whole file when it is small, else its lines that hold non-ASCII
    bytes (ASCII reads the same in every candidate), up to :data:`SAMPLE_BYTES`, each piece cut after a byte
    that is never inside a character in any candidate (a line break, a space, ASCII punctuation)."""
    if len(data) <= SAMPLE_BYTES:
        return data
    pieces: list[bytes] = []
    size = position = 0
    while size < SAMPLE_BYTES:
        m = _NON_ASCII_BYTE.search(data, position)
        if m is None:
            break
        at = m.start()
        start = data.rfind(b"\n", 0, at) + 1
        if start < at - PIECE_BYTES:  # inside a very long line: from a safe byte not too far before
            start = next((i + 1 for i in range(at - PIECE_BYTES, at) if data[i] in _SAFE_CUT), None)
        end = data.find(b"\n", at)
        end = len(data) if end < 0 else end
        if end > at + PIECE_BYTES:
            end = next((i + 1 for i in range(at + PIECE_BYTES, at, -1) if data[i] in _SAFE_CUT), None)
        if start is None or end is None:
            return data  # no place to cut (a long stretch of CJK without ASCII): judge the whole file
        pieces.append(data[start:end])
        size += end - start
        position = end
    return b"\n".join(pieces)


def _decode_or_none(data: bytes, codec: str) -> str | None:
    try:
        if codec == "utf-8":
            return _utf8_replacing(data)[0]
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _detector_guess(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        return None
    try:
        return codecs.lookup(best.encoding).name if best.encoding else None
    except LookupError:
        return None


# --- mostly UTF-8 -------------------------------------------------------------------------------------------

# ``surrogateescape`` turns each byte that is not UTF-8 into one of U+DC80..U+DCFF (and valid UTF-8 never
# decodes to a surrogate), so the bad bytes can be found, counted and replaced at C speed.
_ESCAPED = re.compile("[\udc80-\udcff]")
_SHOWN_LINES = 10


def _utf8_replacing(data: bytes) -> tuple[str, str, int]:
    """The text with each bad byte as U+FFFD, the same with surrogate escapes, and the number of bad bytes."""
    escaped = data.decode("utf-8", "surrogateescape")
    text, count = _ESCAPED.subn("\ufffd", escaped)
    return text, escaped, count


def _mostly_utf8(name: str, data: bytes) -> Decoded:
    text, escaped, count = _utf8_replacing(data)
    note = (_bad_bytes_message(name, escaped, count)
            + "; read as UTF-8 with each replaced by U+FFFD: give --encoding if that is wrong")
    return _checked(name, text, "utf-8", (note,), count)


def _bad_bytes_message(name: str, escaped: str, count: int) -> str:
    """``name:line:col: N bytes are not UTF-8 (first 0x93, on lines 2, 5, 8)``: lines and columns as in the
    text read (one character per bad byte; a line ends at CR, LF or CRLF)."""
    lines: list[int] = []
    line, scanned, first_column, first_byte = 1, 0, 1, 0
    for m in _ESCAPED.finditer(escaped):
        position = m.start()
        line += (escaped.count("\n", scanned, position) + escaped.count("\r", scanned, position)
                 - escaped.count("\r\n", scanned, position))
        scanned = position
        if not lines:
            first_byte = ord(m[0]) - 0xDC00
            first_column = position - max(escaped.rfind("\n", 0, position), escaped.rfind("\r", 0, position))
        if not lines or lines[-1] != line:
            lines.append(line)
            if len(lines) > _SHOWN_LINES:
                break
    shown = ", ".join(map(str, lines[:_SHOWN_LINES])) + (", …" if len(lines) > _SHOWN_LINES else "")
    what = (f"1 byte is not UTF-8 (0x{first_byte:02x}" if count == 1
            else f"{count} bytes are not UTF-8 (first 0x{first_byte:02x}")
    return f"{name}:{lines[0]}:{first_column}: {what}, on line{'s' if len(lines) > 1 else ''} {shown})"


def _first_bad_utf8_byte(data: bytes) -> tuple[int, int, int]:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        start = exc.start
    else:  # pragma: no cover - only called for data that is not UTF-8
        return 1, 1, 0
    line = data.count(b"\n", 0, start) + 1
    return line, start - (data.rfind(b"\n", 0, start) + 1) + 1, data[start]


# --- what does not look like text ---------------------------------------------------------------------------

def _char_class(chars) -> str:
    return "[" + "".join(re.escape(c) for c in sorted(set(chars))) + "]"


_PINYIN = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü"
_CP1252_LATIN = "ŒœŠšŸŽžƒ"
# Characters that real English (or Chinese) text hardly ever holds, but wrong decodings produce in numbers:
# controls, U+FFFD, private use, Latin-1 symbols such as ¡ ¨ ¬ ¯ ´ ¸ ¿, Latin letters beyond Latin-1 other than
# Windows-1252's and pinyin's (Ą Ū ł), IPA and spacing modifiers (ˉ ˇ ˆ ˜), box drawing, vertical
# presentation forms (︽), and characters
# outside the Basic Multilingual Plane other than emoji (GB18030's four-byte sequences land there).
_ODD = lazy_compile(
    "[\x01-\x08\x0e-\x1f\x7f-\x9f\ufffd\ue000-\uf8ff\ufff0-\ufffc\ufffe\uffff\u2500-\u257f\ufe10-\ufe4f"
    "\u00a1\u00a2\u00a4\u00a6\u00a8\u00aa\u00ac\u00af\u00b4\u00b6\u00b8\u00b9\u00ba\u00bf"
    "\U00010000-\U0001efff\U00020000-\U0010ffff]|"
    + _char_class(chr(c) for c in range(0x100, 0x300) if chr(c) not in _PINYIN + _PINYIN.upper() + _CP1252_LATIN)
)
# Characters that do not belong inside a Latin word: CJK, kana, hangul, full-width forms, Greek, Cyrillic,
# arrows and symbols, and Latin-1 symbols other than ° © ® £ ¥ µ ² ³. Glued to an ASCII letter ("Taiwan§s",
# "caf閠", "·s»D") they are a sign of a wrong decoding.
_NOT_IN_A_LATIN_WORD = ("\u0370-\u04ff\u2190-\u2bff\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f"
                        "\uff00-\uffef¡¢¤¦§¨ª«¬¯±´¶·¸¹º»¼½¾¿×÷")
_GLUED = lazy_compile(f"[A-Za-z][{_NOT_IN_A_LATIN_WORD}]|[{_NOT_IN_A_LATIN_WORD}](?=[A-Za-z])")
# Greek or Cyrillic next to a Chinese character: what Big5 read as GBK looks like (GBK's rows 6 and 7).
_IDEOGRAPHS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_GREEK_BY_CJK = lazy_compile(f"[\u0370-\u04ff](?=[{_IDEOGRAPHS}])|(?<=[{_IDEOGRAPHS}])[\u0370-\u04ff]")
_KANA = lazy_compile("[\u3040-\u30ff\uff66-\uff9f]")
# Windows-1252's characters above 0x7F that are letters or symbols (not punctuation such as ’ “ — …). Two in a
# row are rare in real text but are what other encodings look like in it: "ÖÐ¹ú" (GBK), "â€™" (UTF-8).
_LATIN1_LIKE = "\u00a1-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2020\u2021\u2030\u20ac\u2122"
_LATIN1_RUN = lazy_compile(f"(?<=[{_LATIN1_LIKE}])[{_LATIN1_LIKE}]")
# Two or more non-ASCII characters inside a Latin word that are not all letters: "Taiwan”®s" (GBK read as ISO
# 8859-13) where real text has one apostrophe ("Taiwan’s") or letters ("Größe").
_INSIDE_A_WORD = lazy_compile(r"(?<=[A-Za-z])[^\x00-\x7f]{2,}(?=[A-Za-z])")
_IDEOGRAPH = lazy_compile(f"[{_IDEOGRAPHS}]")


@lru_cache(maxsize=1)
def _common_ideograph() -> re.Pattern:
    """The 3,755 characters of GB 2312's first level and the 5,401 of Big5's frequent set: between them the
    common characters of simplified and traditional Chinese. Wrong CJK decodings land outside them."""
    common = set()
    for codec, leads, trails in (("gb2312", range(0xB0, 0xD8), range(0xA1, 0xFF)),
                                 ("big5", range(0xA4, 0xC7), [*range(0x40, 0x7F), *range(0xA1, 0xFF)])):
        for lead in leads:
            for trail in trails:
                try:
                    common.add(bytes((lead, trail)).decode(codec))
                except UnicodeDecodeError:
                    pass
    return re.compile(_char_class(c for c in common if _IDEOGRAPH.match(c)))


def odd_characters(text: str) -> int:
    """How many characters of ``text`` do not look like real text (see the patterns above)."""
    if text.isascii():
        return len(_ODD.findall(text))
    ideographs = _count(_IDEOGRAPH, text)
    rare = ideographs - _count(_common_ideograph(), text) if ideographs else 0
    # Japanese has more kana than kanji; kana among mostly Chinese characters is Big5 read as GBK ("い地チ瓣").
    kana = _count(_KANA, text)
    stray_kana = kana if kana <= ideographs else 0
    inside = sum(len(m[0]) - 1 for m in _INSIDE_A_WORD.finditer(text) if not m[0].isalpha())
    return (_count(_ODD, text) + _count(_GLUED, text) + _count(_LATIN1_RUN, text) + inside + rare + stray_kana
            + (_count(_GREEK_BY_CJK, text) if ideographs else 0))


def _count(pattern: re.Pattern, text: str) -> int:
    return sum(1 for _ in pattern.finditer(text))
