"""Rendering HTML to tagged PDF/A-2a and PDF/UA-1 with WeasyPrint: offline, embedded fonts, deterministic, in parallel.

The PDFs are tagged (WeasyPrint's structure tree from the HTML: headings, paragraphs,
lists, figures with their alt text, the document language and title shown), so
the blank forms and the receipts are PDF/A-2a and declare PDF/UA-1 in their XMP.

Shared by the receipt (:mod:`formc.runtime.receipt`) and the print target.
Nothing is fetched from the network: the URL fetcher accepts ``data:`` URLs
and local files under the folders a job names (its stylesheet folder and the
font folder) and stops the render on anything else. The same job always gives
the same bytes: dates come from the job (never the clock), the PDF ``/ID`` is
a hash of the content, and WeasyPrint's font subset names are content hashes.
"""

from __future__ import annotations

import contextlib
import datetime
import io
import os
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence
from urllib.parse import unquote, urlsplit
from xml.sax.saxutils import escape

from formc.processes import cores, in_worker, shared_pool, worker_pool

PDF_VARIANT = "pdf/a-2a"  # tagged PDF/A-2 (level A), declared PDF/UA-1 too: structure, reading order, language
FORMC_XMP_NS = "https://formc.dev/ns/pdf/1.0/"
PDFUA_NS = "http://www.aiim.org/pdfua/ns/id/"
FONT_FOLDERS = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/local/share/fonts/dejavu"),
    Path("/usr/share/fonts/TTF"),
)
_FONT_FACES = (
    ("DejaVuSans.ttf", "normal", "normal"),
    ("DejaVuSans-Bold.ttf", "bold", "normal"),
    ("DejaVuSans-Oblique.ttf", "normal", "italic"),
    ("DejaVuSans-BoldOblique.ttf", "bold", "italic"),
)


@dataclass(frozen=True)
class PdfJob:
    """Everything one PDF is made from; picklable, so jobs can run in worker processes."""

    html: str
    stylesheets: tuple[str, ...] = ()  # CSS texts, applied after the HTML's own links
    base_url: str | None = None  # resolves relative links in ``html`` (a file: folder URL)
    allowed_roots: tuple[str, ...] = ()  # local folders the fetcher may read, besides the font folder
    created: datetime.datetime | None = None  # creation and modification date; None = no dates
    properties: Mapping[str, str] = field(default_factory=dict)  # formc:<name> in XMP, Formc<Name> in the info


class RefusedURL(Exception):
    """A document asked for something that is neither a data: URL nor an allowed local file."""


@lru_cache(maxsize=1)
def font_folder() -> Path | None:
    """The folder holding DejaVu Sans (Debian's ``fonts-dejavu-core``), or None to let fontconfig choose.

    ``FORMC_FONT_DIR`` names another folder with the same four DejaVu Sans files.
    """
    override = os.environ.get("FORMC_FONT_DIR")
    for folder in ((Path(override),) if override else ()) + FONT_FOLDERS:
        if (folder / _FONT_FACES[0][0]).is_file():
            return folder.resolve()
    return None


def font_css() -> str:
    """``@font-face`` rules that pin "DejaVu Sans" to the font files found on this machine."""
    folder = font_folder()
    if folder is None:
        return ""
    rules = []
    for name, weight, style in _FONT_FACES:
        path = folder / name
        if path.is_file():
            rules.append(f'@font-face {{ font-family: "DejaVu Sans"; src: url("{path.as_uri()}"); '
                         f"font-weight: {weight}; font-style: {style}; }}")
    return "\n".join(rules) + "\n"


def _fetcher(roots: Sequence[str]) -> Any:
    from weasyprint.urls import FatalURLFetchingError, URLFetcher

    allowed = [Path(r).resolve() for r in roots]
    folder = font_folder()
    if folder is not None:
        allowed.append(folder)

    class LocalOnly(URLFetcher):  # type: ignore[misc]
        """Reads data: URLs and files under the allowed folders; refuses the network and everything else."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            parts = urlsplit(url)
            if parts.scheme == "data":
                return super().fetch(url, headers)
            if parts.scheme == "file":
                path = Path(unquote(parts.path)).resolve()
                if any(path.is_relative_to(root) for root in allowed):
                    return super().fetch(url, headers)
            raise FatalURLFetchingError(f"formc renders offline and does not fetch {url}")

    return LocalOnly(allowed_protocols=("data", "file"))


_PDFUA_SCHEMA = (  # ISO 14289-1 identification, declared as PDF/A requires for a schema it does not predefine
    '<rdf:li rdf:parseType="Resource">'
    "<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>"
    f"<pdfaSchema:namespaceURI>{PDFUA_NS}</pdfaSchema:namespaceURI>"
    "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>"
    '<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">'
    "<pdfaProperty:name>part</pdfaProperty:name>"
    "<pdfaProperty:valueType>Integer</pdfaProperty:valueType>"
    "<pdfaProperty:category>internal</pdfaProperty:category>"
    "<pdfaProperty:description>The part of ISO 14289 the document conforms to</pdfaProperty:description>"
    "</rdf:li></rdf:Seq></pdfaSchema:property></rdf:li>"
)


def _xmp(properties: Mapping[str, str]) -> bytes:
    """XMP: PDF/UA-1 identification and the formc properties, with the PDF/A extension schemas declaring them."""
    declared = "".join(
        "<rdf:li rdf:parseType=\"Resource\">"
        f"<pdfaProperty:name>{escape(name)}</pdfaProperty:name>"
        "<pdfaProperty:valueType>Text</pdfaProperty:valueType>"
        "<pdfaProperty:category>external</pdfaProperty:category>"
        f"<pdfaProperty:description>formc {escape(name)}</pdfaProperty:description>"
        "</rdf:li>"
        for name in properties
    )
    formc_schema = (
        "<rdf:li rdf:parseType=\"Resource\">"
        "<pdfaSchema:schema>formc form and submission</pdfaSchema:schema>"
        f"<pdfaSchema:namespaceURI>{FORMC_XMP_NS}</pdfaSchema:namespaceURI>"
        "<pdfaSchema:prefix>formc</pdfaSchema:prefix>"
        f"<pdfaSchema:property><rdf:Seq>{declared}</rdf:Seq></pdfaSchema:property>"
        "</rdf:li>"
    ) if properties else ""
    values = "".join(f"<formc:{name}>{escape(value)}</formc:{name}>" for name, value in properties.items())
    return (
        '<rdf:Description rdf:about="" xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
        ' xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"'
        ' xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"'
        ' xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">'
        f"<pdfaExtension:schemas><rdf:Bag>{_PDFUA_SCHEMA}{formc_schema}</rdf:Bag></pdfaExtension:schemas>"
        "</rdf:Description>"
        f'<rdf:Description rdf:about="" xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
        f' xmlns:pdfuaid="{PDFUA_NS}"><pdfuaid:part>1</pdfuaid:part></rdf:Description>'
        + (f'<rdf:Description rdf:about="" xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
           f' xmlns:formc="{FORMC_XMP_NS}">{values}</rdf:Description>' if properties else "")
    ).encode()


def _with_properties(generate: Callable[..., bytes], properties: Mapping[str, str]) -> Callable[..., bytes]:
    """Wrap WeasyPrint's XMP generator so the formc descriptions sit inside its single ``rdf:RDF``."""

    def generate_rdf_metadata(*args: Any) -> bytes:
        rdf = generate(*args)
        closing = rdf.rindex(b"</rdf:RDF>")
        return rdf[:closing] + _xmp(properties) + rdf[closing:]

    return generate_rdf_metadata


_warm = False  # this process has rendered a PDF: WeasyPrint's fonts, stylesheets and caches are set up


def _import_weasyprint() -> None:
    """Import WeasyPrint without the some sixty ``ldconfig``, ``gcc`` and ``ld`` processes its loading starts.

    WeasyPrint opens pango, harfbuzz, fontconfig and friends with cffi, trying several names for each;
    for every name the dynamic loader cannot open as it is, cffi asks :func:`ctypes.util.find_library`,
    which on Linux runs those programs (about 0.25 s CPU, more in wall time, in every process that renders).
    Each list also holds the library's soname, which the loader opens directly — the very name
    ``find_library`` would have found — so the import is first tried with ``find_library`` answering
    "not found"; if a library is missing that way, WeasyPrint is imported again the ordinary way.
    """
    if "weasyprint" in sys.modules or not sys.platform.startswith("linux"):
        import weasyprint  # noqa: F401
        return
    import ctypes.util

    find_library = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        with contextlib.redirect_stdout(io.StringIO()):  # WeasyPrint prints its install help before it fails
            import weasyprint  # noqa: F401
        return
    except OSError:
        for name in [name for name in sys.modules if name == "weasyprint" or name.startswith("weasyprint.")]:
            del sys.modules[name]
    finally:
        ctypes.util.find_library = find_library
    import weasyprint  # noqa: F401


def render_pdf(job: PdfJob) -> bytes:
    """One job as tagged PDF/A-2a (and PDF/UA-1) bytes."""
    global _warm
    _import_weasyprint()
    from weasyprint import CSS, HTML
    from weasyprint.urls import FatalURLFetchingError

    try:
        pdf = _render(job, CSS, HTML)
    except FatalURLFetchingError as exc:
        raise RefusedURL(str(exc)) from None
    _warm = True
    return pdf


def _render(job: PdfJob, CSS: Any, HTML: Any) -> bytes:
    fetcher = _fetcher(job.allowed_roots)
    stylesheets = [CSS(string=font_css(), url_fetcher=fetcher)]
    stylesheets += [CSS(string=css, base_url=job.base_url, url_fetcher=fetcher) for css in job.stylesheets]
    document = HTML(string=job.html, base_url=job.base_url, url_fetcher=fetcher).render(stylesheets=stylesheets)
    metadata = document.metadata
    if job.created is not None:
        stamp = job.created.isoformat(timespec="seconds")
        metadata.created = metadata.modified = stamp
    for name, value in job.properties.items():
        metadata.custom["Formc" + name[:1].upper() + name[1:]] = value
    metadata.generate_rdf_metadata = _with_properties(metadata.generate_rdf_metadata, job.properties)
    return document.write_pdf(pdf_variant=PDF_VARIANT, custom_metadata=True)


def render_many(jobs: Sequence[PdfJob], parallel: bool | None = None) -> list[bytes]:
    """Every job's PDF, in order; across a pool of worker processes when there is more than one job.

    ``parallel=None`` uses the pool when there are several jobs and several cores, and this process is not
    a pool's worker itself (a build's workers render their forms' PDFs serially: one pool per build);
    ``FORMC_PDF_WORKERS=1`` turns the pool off. A process that has not rendered a PDF yet renders the
    first job itself before forking, and a pool is only started for two jobs or more after that; within a
    :func:`formc.processes.one_pool` block (a build in one process) every call shares one pool.
    The bytes do not depend on where a job ran.
    """
    if parallel is None:
        parallel = (len(jobs) > 1 and cores() > 1 and not in_worker()
                    and os.environ.get("FORMC_PDF_WORKERS") != "1")
    if not parallel:
        return [render_pdf(job) for job in jobs]
    # A process that has not rendered yet renders the first job itself: WeasyPrint's set-up (fonts,
    # stylesheets, caches: about 0.4 s CPU) is then done once and the forked workers inherit it.
    first = [] if _warm else [render_pdf(jobs[0])]
    rest = jobs[len(first):]
    if len(rest) < 2:
        return first + [render_pdf(job) for job in rest]
    pool = shared_pool(cores())  # a build's one pool (formc.processes.one_pool), else a pool for these jobs
    if pool is not None:
        return first + list(pool.map(render_pdf, rest))
    with worker_pool(min(len(rest), cores())) as pool:
        return first + list(pool.map(render_pdf, rest))
