"""Format identification of uploaded files (PRONOM ids, with FIDO) and whether a format may be archived as is.

:func:`identify` returns the PRONOM id, its name and a media type of a file's
bytes, from FIDO's byte signatures (the file name's extension only when no
signature matches; ``av/0`` "unknown" when nothing does). :data:`ARCHIVE_FORMATS`
is the list of formats Arkivverket accepts for deposit (Arkade's
``ArchiveFileFormats.json``: PDF/A, XML, JSON, plain text, PNG, JPEG, TIFF 6);
a file in any other format is kept as its original (variantformat P) and its
conversion need is marked in the package.
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass

UNKNOWN = ("av/0", "Ukjent format")
ARCHIVE_FORMATS = frozenset({
    "fmt/95", "fmt/354", "fmt/476", "fmt/477", "fmt/478", "fmt/479", "fmt/480", "fmt/481",  # PDF/A
    "fmt/101",  # XML
    "fmt/817",  # JSON
    "x-fmt/111",  # plain text
    "fmt/11", "fmt/12", "fmt/13",  # PNG
    "fmt/42", "fmt/43", "fmt/44",  # JPEG
    "fmt/353",  # TIFF 6
})
_FIDO_FORMAT_FILES = ["formats-v109.xml", "format_extensions.xml"]


@dataclass(frozen=True)
class Identified:
    puid: str
    name: str
    media_type: str | None

    @property
    def archival(self) -> bool:
        """True when the format is accepted for deposit as it is."""
        return self.puid in ARCHIVE_FORMATS


@functools.lru_cache(maxsize=1)
def _fido():  # type: ignore[no-untyped-def]
    from fido.fido import Fido

    return Fido(quiet=True, handle_matches=lambda *args: None, format_files=_FIDO_FORMAT_FILES, nocontainer=True)


def identify(content: bytes, filename: str) -> Identified:
    """The PRONOM format of ``content`` (a file named ``filename``)."""
    fido = _fido()
    bof, eof, _ = fido.get_buffers(io.BytesIO(content), length=len(content))
    matches = fido.match_formats(bof, eof) or fido.match_extensions(filename)
    if not matches:
        return Identified(UNKNOWN[0], UNKNOWN[1], None)
    element = matches[0][0]
    mime = element.find("mime")
    return Identified(element.find("puid").text, element.find("name").text, mime.text if mime is not None else None)
