"""Decoding the bytes of an input into text: byte-order marks, UTF-16 without one, UTF-8 and cp1252.

Binary files people mistake for articles (images, PDFs, archives) are named in
the error rather than decoded into noise.
"""

from __future__ import annotations

import codecs
import re

from hypedetect.errors import InputError

CP1252_WARNING = "not valid UTF-8; decoded as cp1252"
SNIFF_BYTES = 4096
"""Bytes read from the start of a file to guess its encoding."""


# Signatures from each format's specification (PNG, PDF 1.7, RFC 1952, PKWARE
# APPNOTE, JFIF, GIF89a): files people mistake for articles most often.
_MAGIC_NUMBERS = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"%PDF-", "a PDF file"),
    (b"\x1f\x8b", "a gzip file"),
    (b"PK\x03\x04", "a zip file"),
    (b"PK\x05\x06", "a zip file"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
)

# Decoding with errors="surrogateescape" maps each byte that is not UTF-8 to
# U+DC80..U+DCFF; _ESCAPED_BYTE_TO_CP1252 turns those back into the cp1252
# character, or the Latin-1 one for the five bytes cp1252 leaves undefined. Doing
# it per byte keeps the valid UTF-8 of a file that mixes both encodings intact.
_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")
# JSON can spell a lone surrogate ("\\ud800"), which no UTF-8 output can encode.
LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _cp1252_or_latin1(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(byte)


_ESCAPED_BYTE_TO_CP1252 = {0xDC00 + byte: _cp1252_or_latin1(byte) for byte in range(0x80, 0x100)}



def decode_bytes(data: bytes, where: str) -> tuple[str, str | None]:
    """Decode the bytes of a text file, guessing its encoding.

    Tries, in order: a UTF-8 or UTF-16 byte-order mark, UTF-16 without a mark
    (recognised by NUL bytes in every other position), UTF-8, and finally cp1252
    for the bytes that are not UTF-8 (Latin-1 for the five cp1252 leaves undefined).

    Parameters
    ----------
    data : bytes
        The whole file.
    where : str
        File name used in error messages.

    Returns
    -------
    text : str
        The decoded text, without a byte-order mark.
    warning : str or None
        ``"not valid UTF-8; decoded as cp1252"`` when the fallback was used.

    Raises
    ------
    InputError
        If the data is empty, only whitespace, or binary (an image, PDF or archive
        is named).

    Examples
    --------
    >>> decode_bytes("café".encode("utf-8"), "a.txt")
    ('café', None)
    >>> decode_bytes("café".encode("cp1252"), "a.txt")
    ('café', 'not valid UTF-8; decoded as cp1252')
    """
    encoding = detect_encoding(data, where)
    if encoding.startswith("utf-16"):
        text, warning = _decode_utf16(data, encoding, where), None
    else:
        if b"\x00" in data:
            raise InputError(where, "binary data (NUL bytes)")
        text, warning = repair_escaped_bytes(data.decode(encoding, errors="surrogateescape"))
    _check_not_blank(text, where)
    return text, warning


def detect_encoding(head: bytes, where: str) -> str:
    """Return the codec name for data starting with ``head``, or raise if it is binary."""
    if not head:
        raise InputError(where, "file is empty")
    for magic, name in _MAGIC_NUMBERS:
        if head.startswith(magic):
            raise InputError(where, f"looks like {name}, not text")
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    byte_order = _utf16_byte_order(head[:SNIFF_BYTES])
    if byte_order is not None:
        return byte_order
    if b"\x00" in head:
        raise InputError(where, "binary data (NUL bytes)")
    return "utf-8-sig"


def _utf16_byte_order(sample: bytes) -> str | None:
    """Guess UTF-16 without a byte-order mark from where its NUL bytes fall.

    Text in the Latin range encodes as a character byte followed (LE) or preceded
    (BE) by NUL, so NULs pile up in one parity and almost never in the other.
    """
    pairs = len(sample) // 2
    if pairs == 0:
        return None
    even_nuls = sample[0 : 2 * pairs : 2].count(0)
    odd_nuls = sample[1 : 2 * pairs : 2].count(0)
    if odd_nuls >= 0.3 * pairs and even_nuls <= 0.02 * pairs:
        return "utf-16-le"
    if even_nuls >= 0.3 * pairs and odd_nuls <= 0.02 * pairs:
        return "utf-16-be"
    return None


def _decode_utf16(data: bytes, encoding: str, where: str) -> str:
    """Decode UTF-16 found by its byte-order mark, or by :func:`_utf16_byte_order` guessing."""
    reason = "not valid UTF-16" if encoding == "utf-16" else "binary data (NUL bytes)"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        raise InputError(where, reason) from None
    if not _looks_like_text(text):
        raise InputError(where, reason)
    return text


def _looks_like_text(text: str) -> bool:
    """Whether control characters are rare, as in text and unlike binary read as UTF-16."""
    sample = text[:SNIFF_BYTES]
    controls = sum(1 for char in sample if char < " " and char not in "\t\n\r\f")
    return controls <= 0.01 * len(sample)


def repair_escaped_bytes(text: str) -> tuple[str, str | None]:
    """Turn bytes escaped by ``surrogateescape`` into cp1252 characters."""
    if _ESCAPED_BYTE.search(text) is None:
        return text, None
    return text.translate(_ESCAPED_BYTE_TO_CP1252), CP1252_WARNING


def _check_not_blank(text: str, where: str) -> None:
    if not text:
        raise InputError(where, "file is empty")
    if text.isspace():
        raise InputError(where, "file contains only whitespace")


def normalize_text(text: str) -> str:
    """Use ``\\n`` line endings and replace lone surrogates, which no file can encode."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return LONE_SURROGATE.sub("\ufffd", text)
