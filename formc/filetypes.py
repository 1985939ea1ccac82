"""File types and sizes in words people read: ``PDF eller bilde``, ``10 MB`` — never ``image/*`` or a byte count.

Shared by every channel that tells a person what to upload or what was
uploaded (the web form, and any paper or receipt text that wants it).
"""

from __future__ import annotations

_GENERIC = {  # a whole family of media types
    "image": {"nb": "bilde", "nn": "bilete", "en": "image", "da": "billede", "sv": "bild"},
    "audio": {"nb": "lydfil", "nn": "lydfil", "en": "audio file", "da": "lydfil", "sv": "ljudfil"},
    "video": {"nb": "video", "nn": "video", "en": "video", "da": "video", "sv": "video"},
    "text": {"nb": "tekstfil", "nn": "tekstfil", "en": "text file", "da": "tekstfil", "sv": "textfil"},
}
_NAMED = {
    "application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG", "image/heic": "HEIC", "image/gif": "GIF",
    "image/tiff": "TIFF", "image/webp": "WebP", "image/svg+xml": "SVG", "text/csv": "CSV", "application/json": "JSON",
    "application/xml": "XML", "text/xml": "XML", "application/zip": "ZIP",
    "application/msword": "Word", "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word",
    "application/vnd.ms-excel": "Excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel",
    "application/vnd.oasis.opendocument.text": "ODT", "application/vnd.oasis.opendocument.spreadsheet": "ODS",
}
_PLAIN = {"text/plain": "text"}
_OR = {"nb": "eller", "nn": "eller", "en": "or", "da": "eller", "sv": "eller", "se": "dahje"}
_DECIMAL_COMMA = ("nb", "nn", "no", "da", "se", "sv")


def _base(lang: str) -> str:
    return lang.split("-")[0]


def type_word(media_type: str, lang: str) -> str:
    """One media type in words: ``PDF``, ``bilde`` for ``image/*``, ``tekstfil`` for ``text/plain``."""
    lang = _base(lang)
    family, _, sub = media_type.partition("/")
    if media_type in _PLAIN or sub == "*":
        words = _GENERIC.get(_PLAIN.get(media_type, family))
        if words is not None:
            return words.get(lang) or words["en"]
        return family
    if media_type in _NAMED:
        return _NAMED[media_type]
    return sub.split("+")[0].removeprefix("x-").upper()


def join_or(items: list[str], lang: str) -> str:
    """``PDF``, ``PDF eller bilde``, ``PDF, Word eller bilde``."""
    word = _OR.get(_base(lang), "or")
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {word} {items[-1]}"


def types_in_words(accept: tuple[str, ...] | list[str], lang: str) -> str:
    """The accepted types of a file field in words, duplicates merged, a family before its members' names."""
    words: list[str] = []
    for media_type in accept:
        word = type_word(media_type, lang)
        if word not in words:
            words.append(word)
    return join_or(words, lang)


def size_in_words(size: int | None, lang: str) -> str:
    """A byte count as ``870 B``, ``48 kB``, ``1,4 MB`` (decimal units, a decimal comma in the Nordic languages)."""
    if not isinstance(size, int) or isinstance(size, bool):
        return ""
    if size < 1000:
        text = f"{size} B"
    elif size < 1_000_000:
        text = f"{round(size / 1000)} kB"
    else:
        megabytes = size / 1_000_000
        text = f"{megabytes:.0f} MB" if megabytes >= 10 or megabytes.is_integer() else f"{megabytes:.1f} MB"
    return text.replace(".", ",") if _base(lang) in _DECIMAL_COMMA else text
