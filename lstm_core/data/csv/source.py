"""From a path, bytes or file object to checked, decoded text (the first half of load_csv).

Order matters: the size cap is checked before reading everything, a gzip file is unpacked under
the same cap, files that are really something else (PNG, XLSX, PDF, JSON, ...) are named before
any decoding, and text is decoded strictly: it is better to refuse a file than to return mojibake.
"""

from __future__ import annotations

import codecs
import gzip
import io
import os
import re
import zlib
from pathlib import Path
from typing import Any

from lstm_core.data.csv.errors import DataError

MB = 1024 * 1024

# Magic numbers of files people rename to .csv by mistake (checked on the raw bytes).
_IMAGE_MAGIC = {
    b"\xff\xd8\xff": "JPEG",
    b"GIF87a": "GIF",
    b"GIF89a": "GIF",
}
_BINARY_MAGIC = {
    b"SQLite format 3\x00": "SQLite database",
    b"PAR1": "Parquet file",
    b"\x7fELF": "program",
    b"Rar!": "RAR archive",
    b"7z\xbc\xaf\x27\x1c": "7-Zip archive",
    b"BZh": "bzip2 archive",
    b"\xfd7zXZ\x00": "xz archive",
    b"\x93NUMPY": "NumPy array",
    b"\x89HDF": "HDF5 file",
}

# Multibyte UTF-8 sequences: if a file is full of them but has a few invalid bytes, it is damaged
# UTF-8, and decoding it as GB18030 or cp1252 would only produce mojibake.
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]{3,}")
# Control characters that never appear in a text table (tab, newlines and form feed are allowed).
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_BLANK = re.compile(r"[\s,;|\ufeff\u3000，\"']*")  # only whitespace, delimiters and quotes
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1f\x7f]")


def read_source(source: object, max_bytes: int) -> bytes:
    """The raw bytes of `source`, refusing anything over max_bytes before reading it all."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        _check_size(len(data), max_bytes)
        return data
    if isinstance(source, (str, os.PathLike)):
        return _read_path(source, max_bytes)
    read = getattr(source, "read", None)
    if callable(read):
        return _read_file_object(source, max_bytes)
    raise DataError("bad_source", type=type(source).__name__)


def _check_size(size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise DataError("too_large", size_mb=size / MB, limit_mb=max_bytes / MB)


def _read_path(source: str | os.PathLike, max_bytes: int) -> bytes:
    path = Path(source)
    shown = str(source)
    if len(shown) > 200 or "\n" in shown:  # CSV text passed as a path by mistake
        shown = shown[:60].replace("\n", " ") + "…"
    try:
        if path.is_dir():
            raise DataError("not_a_file", path=shown)
        if not path.exists():
            raise DataError("file_not_found", path=shown)
        _check_size(path.stat().st_size, max_bytes)
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except DataError:
        raise
    except (OSError, ValueError) as exc:  # permissions, a name with NUL, a path too long, ...
        raise DataError("cannot_read", path=shown, reason=type(exc).__name__) from exc
    _check_size(len(data), max_bytes)  # the file may have grown since stat()
    return data


def _read_file_object(source: Any, max_bytes: int) -> bytes:  # a binary file object: read, maybe seek
    size = getattr(source, "size", None)  # Streamlit's UploadedFile knows its size
    if isinstance(size, int):
        _check_size(size, max_bytes)
    try:
        if getattr(source, "seekable", lambda: False)():
            source.seek(0)  # an upload may have been read already (for a preview)
        data = source.read(max_bytes + 1)
    except (OSError, ValueError) as exc:  # a closed file, a socket error, ...
        raise DataError("cannot_read", path=getattr(source, "name", "upload"), reason=type(exc).__name__) from exc
    if isinstance(data, str):  # a text-mode file or StringIO: accept it as UTF-8
        data = data.encode("utf-8")
    if not isinstance(data, (bytes, bytearray)):
        raise DataError("bad_source", type=type(source).__name__)
    _check_size(len(data), max_bytes)
    return bytes(data)


def unpack(data: bytes, max_bytes: int) -> tuple[bytes, str | None]:
    """Unpack a gzip file (magic 1f 8b) under the same size cap; other data is returned as is."""
    if not data.startswith(b"\x1f\x8b"):
        return data, None
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as archive:
            unpacked = archive.read(max_bytes + 1)  # never more than the cap, even for a gzip bomb
    except (OSError, EOFError, zlib.error) as exc:
        raise DataError("bad_gzip", reason=str(exc) or type(exc).__name__) from exc
    if len(unpacked) > max_bytes:
        raise DataError("too_large_unpacked", limit_mb=max_bytes / MB)
    return unpacked, "gzip"


def check_binary_magic(data: bytes) -> None:
    """Name the file type when the bytes are an image, a workbook, a PDF or another binary file."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        raise DataError("not_text_png")
    for magic, kind in _IMAGE_MAGIC.items():
        if data.startswith(magic):
            raise DataError("not_text_image", kind=kind)
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        raise DataError("not_text_image", kind="WebP")
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        head = data[:4096]
        if b"xl/" in data or b"spreadsheetml" in head:
            raise DataError("not_text_xlsx")
        if b"opendocument.spreadsheet" in head:
            raise DataError("not_text_ods")
        raise DataError("not_text_zip")
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise DataError("not_text_xls")
    if data.lstrip()[:5] == b"%PDF-":
        raise DataError("not_text_pdf")
    for magic, kind in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise DataError("not_text_binary", kind=kind)


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding name). Strict: UTF-8, then UTF-16/32 by BOM, then GB18030 or cp1252.

    A file that decodes only with replacement characters raises DataError("bad_encoding").
    """
    for bom, name in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32")):
        if data.startswith(bom):
            return _strict(data, name, "utf-32"), name
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data, "utf-8-sig", "utf-8-sig"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        name = "utf-16-le" if data.startswith(codecs.BOM_UTF16_LE) else "utf-16-be"
        return _strict(data, "utf-16", name), name
    bomless = _bomless_utf16(data)
    if bomless:
        return _strict(data, bomless, bomless), bomless
    sample = data[:20_000]
    if b"\x00" in sample or len(_CONTROL_BYTES.findall(sample)) > max(2, len(sample) // 200):
        raise DataError("not_text_binary", kind="binary data")  # text never has these bytes
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    if len(_UTF8_MULTIBYTE.findall(data)) >= 3 * _count_invalid_utf8(data):
        # Mostly valid UTF-8 with a few broken bytes: a damaged file, not another encoding.
        raise DataError("bad_encoding", line=_line_of(data, utf8_error.start))
    guess = _legacy_encoding(data)
    if guess:
        return guess
    raise DataError("bad_encoding", line=_line_of(data, utf8_error.start))


def _strict(data: bytes, codec: str, name: str) -> str:
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        raise DataError("bad_encoding", line=_line_of_text(data[: exc.start], name)) from exc
    return text.lstrip("\ufeff")


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM shows as a zero byte in every other position for Latin text."""
    sample = data[:4000]
    if len(sample) < 8 or len(sample) % 2:
        return None
    even, odd = sample[0::2], sample[1::2]
    even_zero, odd_zero = even.count(0) / len(even), odd.count(0) / len(odd)
    if odd_zero > 0.6 and even_zero < 0.05:
        return "utf-16-le"
    if even_zero > 0.6 and odd_zero < 0.05:
        return "utf-16-be"
    return None


def _count_invalid_utf8(data: bytes) -> int:
    return data.decode("utf-8", errors="replace").count("\ufffd")


def _legacy_encoding(data: bytes) -> tuple[str, str] | None:
    """GB18030 when the text reads as common Chinese, cp1252 when it reads as Western text.

    Both codecs accept most byte strings, so "it decodes" is not enough: GB18030 must yield mostly
    the 3,755 common characters of GB2312 (real Chinese; Cyrillic or Japanese bytes read as GB18030
    give rare ones), and cp1252 must not yield runs of accented letters (which is what Chinese or
    Cyrillic text looks like when read as cp1252). Anything else goes to charset-normalizer, and
    only an answer it has no rival for is taken: a guess from a few header bytes is often wrong.
    """
    try:
        text = data.decode("gb18030")
        if _common_chinese_share(text) >= 0.7:
            return text, "gb18030"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
        if _looks_western(text):
            return text, "cp1252"
    except UnicodeDecodeError:
        pass
    return _charset_normalizer_guess(data)


def _common_chinese_share(text: str) -> float:
    """Share of non-ASCII characters that are common hanzi (GB2312 level 1) or CJK punctuation."""
    chars = _NON_ASCII.findall(text[:200_000])
    if not chars or any("\ue000" <= ch <= "\uf8ff" for ch in chars):  # private-use: not real text
        return 0.0
    common = 0
    for ch in chars:
        try:
            lead = ch.encode("gb2312")[0]
        except UnicodeEncodeError:
            continue
        common += 0xB0 <= lead <= 0xD7 or lead in (0xA1, 0xA3)  # hanzi, punctuation, full-width forms
    return common / len(chars)


def _looks_western(text: str) -> bool:
    sample = text[:200_000]
    non_ascii = len(_NON_ASCII.findall(sample))
    in_runs = sum(len(run) for run in _NON_ASCII_RUN.findall(sample))
    return non_ascii > 0 and in_runs <= 0.3 * non_ascii


def _charset_normalizer_guess(data: bytes) -> tuple[str, str] | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # an optional helper: without it, the file is refused as bad_encoding
        return None
    results = list(from_bytes(data[:200_000]))
    if len(results) != 1 or results[0].chaos > 0.1 or results[0].encoding in ("utf_8", "ascii"):
        return None  # several readings are possible: refuse rather than guess
    try:
        text = data.decode(results[0].encoding)
    except (UnicodeDecodeError, LookupError):
        return None
    if "\ufffd" in text:
        return None
    return text, results[0].encoding


def _line_of(data: bytes, position: int) -> int:
    head = data[:position]
    return head.count(b"\n") + (head.count(b"\r") if b"\n" not in head else 0) + 1


def _line_of_text(head: bytes, codec: str) -> int:
    try:
        return head.decode(codec, errors="replace").count("\n") + 1
    except LookupError:
        return 1


def check_text(text: str) -> None:
    """Refuse decoded text that is blank, binary, JSON, HTML or XML."""
    if _BLANK.fullmatch(text):
        raise DataError("blank_file")
    sample = text[:20_000]
    if "\x00" in sample or len(_CONTROL.findall(sample)) > max(2, len(sample) // 200):
        raise DataError("not_text_binary", kind="binary data")
    head = sample.lstrip(" \t\r\n\ufeff")[:200].lower()
    if head.startswith("{") or (head.startswith("[") and re.match(r"\[\s*[\[{\"\d\-\]]", head)):
        raise DataError("not_text_json")
    if head.startswith(("<!doctype html", "<html", "<head", "<body", "<table")):
        raise DataError("not_text_html")
    if head.startswith("<?xml") or head.startswith("<"):
        if re.match(r"<\?xml|<[a-z!]", head):
            raise DataError("not_text_html" if "<html" in sample[:5000].lower() else "not_text_xml")
