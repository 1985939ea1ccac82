"""The authors' preview: every form of a project in every language, live, as a Starlette app.

``create_preview_app(project_root)`` serves, from the definitions as they are
on disk right now:

- ``/`` — every form and language, with links to the pages below;
- ``/{form}/{lang}/`` — the web form exactly as built (``Form.render_html``);
  posting it shows the data inspector: the decoded JSON (direction controls
  written as ``\u202e`` escapes, see :mod:`formc.bidi`), the validator's
  verdict, the archive metadata of what was typed (and, when valid, the
  arkivmelding), and the form again with the values and errors;
- ``/{form}/{lang}/print.pdf`` — the paper form;
- ``/catalogue/index.{lang}.html`` and ``/catalogue/{form}.{lang}.html`` — the catalogue pages.

A watcher (``watchfiles``) reloads the project whenever a definition, block,
list, ``formc.yaml`` or template override changes, and every open page
reloads itself: ``/_formc/preview.js`` (an external script, so strict CSP
holds) polls ``/_formc/generation``. While any definition has an error,
every page shows the ``formc check`` diagnostics instead of the form.
Nothing is stored: uploads are hashed and dropped (their metadata is kept
in memory so a re-shown form can keep them).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import hashlib
import json
import re
import threading
import zoneinfo
from pathlib import Path
from typing import Any, AsyncIterator

import anyio
import jinja2
from markupsafe import Markup
from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from formc.bidi import spelled_out
from formc.diagnostics import Diagnostic
from formc.model import Form
from formc.project import check_project
from formc.server.config import Limits
from formc.server.security import BodyLimit
from formc.targets_api import BuildContext, shared_files, static_file

HERE = Path(__file__).resolve().parent
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
_SHA256 = re.compile(r"[0-9a-f]{64}")  # used with fullmatch
_INDEX = re.compile(r"\[[0-9]+\]")
_STATIC = {"formc.css": ("html", "text/css"), "formc.js": ("html", "text/javascript"),
           "preview.js": ("", "text/javascript"), "preview.css": ("", "text/css")}


class Preview:
    """The project as last loaded, a generation number that changes on every reload, and per-generation caches."""

    def __init__(self, root: Path):
        self.root = root
        self.generation = 0
        self.lock = threading.Lock()
        self.kept: dict[str, dict[str, Any]] = {}  # sha256 → metadata of uploads seen (memory only)
        self.project = check_project(root)
        self.cache: dict[tuple[str, ...], bytes] = {}

    def reload(self) -> None:
        project = check_project(self.root)
        with self.lock:
            self.project, self.cache = project, {}
            self.generation += 1

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.project.diagnostics if d.is_error]

    def watched(self) -> list[Path]:
        settings = self.project.settings
        paths = [settings.definitions, self.root / "formc.yaml"] + ([settings.templates] if settings.templates else [])
        return [p for p in paths if p.exists()] or [self.root]

    def relevant(self, _change: Any, path: str) -> bool:
        """Definition files, formc.yaml and template overrides; never the build output."""
        settings = self.project.settings
        candidate = Path(path)
        if settings.output in candidate.parents or any(part.startswith(".") for part in candidate.parts):
            return False
        return candidate.suffix == ".yaml" or (settings.templates is not None and settings.templates in candidate.parents)

    def context(self) -> BuildContext:
        settings = self.project.settings
        return BuildContext(settings.organisation, None, settings.base_url, settings.templates, settings.classification_plan)

    def cached(self, key: tuple[str, ...], make: Any) -> bytes:
        with self.lock:
            if key in self.cache:
                return self.cache[key]
        content = make()
        with self.lock:
            self.cache[key] = content
        return content


async def _watch(preview: Preview, stop: asyncio.Event) -> None:
    from watchfiles import awatch

    while not stop.is_set():
        paths = preview.watched()
        async for _ in awatch(*paths, watch_filter=preview.relevant, stop_event=stop, debounce=200, step=50):
            await anyio.to_thread.run_sync(preview.reload)
            if preview.watched() != paths:
                break


def _environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(HERE / "templates")), autoescape=True,
                              undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)

LIMITS = Limits()  # the largest post and the most inputs in one, as the intake service allows


class _Headers(BaseHTTPMiddleware):
    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        response = await call_next(request)
        for key, value in SECURITY_HEADERS.items():
            response.headers.setdefault(key, value)
        return response


def _today(form: Form) -> datetime.date:
    return datetime.datetime.now(zoneinfo.ZoneInfo(form.timezone)).date()


async def _posted(request: Request, form: Form, preview: Preview) -> list[tuple[str, Any]]:
    """The posted (name, value) pairs for ``formc.decode``: files as metadata, kept uploads (their sha256) resolved."""
    pairs: list[tuple[str, Any]] = []
    # the intake service's bounds (formc.server.config.Limits): a preview shared behind a proxy is posted to as well
    async with request.form(max_files=LIMITS.max_fields, max_fields=LIMITS.max_fields) as fields:
        for name, value in fields.multi_items():
            if isinstance(value, UploadFile):
                if not value.filename:
                    continue
                content = await value.read()
                meta = {"filename": value.filename, "media_type": value.content_type or "application/octet-stream",
                        "size": len(content), "sha256": hashlib.sha256(content).hexdigest()}
                preview.kept[meta["sha256"]] = meta
                pairs.append((name, meta))
                continue
            field = form.field_at(_INDEX.sub("", name))
            if field is not None and field.type == "file" and _SHA256.fullmatch(value) and value in preview.kept:
                pairs.append((name, preview.kept[value]))
            else:
                pairs.append((name, value))
    return pairs


def _archive(form: Form, data: dict[str, Any], lang: str, valid: bool) -> dict[str, Any]:
    """What the archive would record for ``data``: titles (full and public), deadline, classes, and the arkivmelding."""
    from formc.runtime import arkivmelding

    received = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    out: dict[str, Any] = {"configured": form.archive is not None, "xml": "", "problem": ""}
    if form.archive is None:
        return out
    due = arkivmelding.deadline(form, received)
    out["facts"] = [
        ("case title", arkivmelding.case_title(form, data, lang)),
        ("public case title", arkivmelding.case_title(form, data, lang, public=True)),
        ("document title", arkivmelding.document_title(form, data, lang)),
        ("public document title", arkivmelding.document_title(form, data, lang, public=True)),
        ("document type", form.archive.document_type),
        ("classification", ", ".join(f"{c.scheme} {c.code}" for c in form.archive.classification)),
        ("access restriction", f"{form.archive.access_restriction.code} ({form.archive.access_restriction.legal_basis})"
         if form.archive.access_restriction else ""),
        ("answer due (if received now)", due.isoformat() if due else ""),
    ]
    if valid:
        from formc.runtime.package import ARKIVMELDING, UploadError, build_package
        from formc.xmldata import XmlDataError

        try:
            files = build_package(form, data, lang=lang, channel="web", received=received, submission_id="preview")
            out["xml"] = spelled_out(files[ARKIVMELDING].decode("utf-8"), "&#x{:x};")
        except (XmlDataError, UploadError) as exc:  # an upload recorded in the data but not given to the preview
            out["problem"] = str(exc)
    return out


def create_preview_app(project_root: Path) -> Starlette:
    """The preview of the project at ``project_root`` (see the module docstring)."""
    preview = Preview(Path(project_root).resolve())
    env = _environment()

    def prefix(request: Request) -> str:
        return str(request.scope.get("root_path", "")).rstrip("/")

    def chrome(request: Request, template: str, status: int = 200, **values: Any) -> HTMLResponse:
        base = prefix(request)
        html = env.get_template(template).render(base=base, script=f"{base}/_formc/preview.js?g={preview.generation}",
                                                 organisation=preview.project.organisation.name("en"), **values)
        return HTMLResponse(html, status_code=status)

    def broken(request: Request) -> HTMLResponse | None:
        if not preview.errors:
            return None
        from formc.render_diagnostics import summary

        return chrome(request, "diagnostics.html.j2", diagnostics=preview.project.diagnostics,
                      summary=summary(preview.project.diagnostics))

    def form_of(request: Request) -> tuple[Form, str] | None:
        form = preview.project.forms.get(request.path_params["form"])
        lang = request.path_params["lang"]
        return (form, lang) if form is not None and lang in form.languages else None

    def not_found(request: Request) -> HTMLResponse:
        return chrome(request, "missing.html.j2", status=404, path=request.url.path)

    async def index(request: Request) -> Response:
        forms = sorted(preview.project.forms.values(), key=lambda f: f.id)
        return broken(request) or chrome(request, "index.html.j2", forms=forms,
                                         warnings=[d for d in preview.project.diagnostics if not d.is_error])

    def page(request: Request, form: Form, lang: str, **options: Any) -> str:
        base = prefix(request)
        return form.render_html(lang, assets=f"{base}/_formc/", language_href=f"{base}/{{form}}/{{lang}}/",
                                scripts=[f"{base}/_formc/preview.js?g={preview.generation}"], **options)

    async def show(request: Request) -> Response:
        found = broken(request) or form_of(request)
        if isinstance(found, Response):
            return found
        if found is None:
            return not_found(request)
        return HTMLResponse(page(request, *found))

    async def inspect(request: Request) -> Response:
        found = broken(request) or form_of(request)
        if isinstance(found, Response):
            return found
        if found is None:
            return not_found(request)
        form, lang = found
        import formc

        today = _today(form)
        data = formc.decode(form, await _posted(request, form, preview), today=today)
        errors = form.validate(data, lang=lang, today=today)
        archive = await anyio.to_thread.run_sync(_archive, form, data, lang, not errors)
        base = prefix(request)
        fragment = form.render_html(lang, data, errors, mode="fragment", language_href=f"{base}/{{form}}/{{lang}}/")
        return chrome(request, "inspect.html.j2", form=form, lang=lang, errors=errors, archive=archive,
                      data=spelled_out(json.dumps(data, ensure_ascii=False, indent=2)), fragment=Markup(fragment),
                      status=200)

    async def pdf(request: Request) -> Response:
        found = broken(request) or form_of(request)
        if isinstance(found, Response):
            return found
        if found is None:
            return not_found(request)
        form, lang = found

        def make() -> bytes:
            from formc.runtime.pdf import PdfJob, render_pdf
            from formc.targets.print import css_folder, print_html

            ctx = preview.context()
            folder = css_folder(ctx.template_overrides)
            return render_pdf(PdfJob(html=print_html(form, lang, ctx), base_url=folder.as_uri() + "/",
                                     allowed_roots=(str(folder),),
                                     properties={"formId": form.id, "formVersion": form.version, "language": lang}))

        content = await anyio.to_thread.run_sync(preview.cached, ("pdf", form.id, lang), make)
        return Response(content, media_type="application/pdf",
                        headers={"Content-Disposition": f'inline; filename="{form.id}.{lang}.pdf"'})

    async def catalogue(request: Request) -> Response:
        if (response := broken(request)) is not None:
            return response

        def make() -> dict[str, bytes]:
            from formc.targets.catalog import TARGET

            ctx, forms = preview.context(), sorted(preview.project.forms.values(), key=lambda f: f.id)
            files = [f for form in forms for f in TARGET.emit_form(form, ctx)] + shared_files(TARGET, forms, ctx)
            return {f.path: f.content for f in files}

        with preview.lock:
            files = preview.cache.get(("catalogue",))
        if files is None:
            built = await anyio.to_thread.run_sync(make)
            with preview.lock:
                preview.cache[("catalogue",)] = built  # type: ignore[assignment]
            files = built
        name = request.path_params["name"] or "index.{}.html".format(
            next(iter(sorted({lang for f in preview.project.forms.values() for lang in f.languages})), "nb"))
        if name not in files:
            return not_found(request)
        media = {"html": "text/html; charset=utf-8", "css": "text/css", "jsonld": "application/ld+json"}
        return Response(files[name], media_type=media.get(name.rsplit(".", 1)[-1], "application/octet-stream"))

    async def asset(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in _STATIC:
            return not_found(request)
        target, media = _STATIC[name]
        content = static_file(target, name, preview.project.settings.templates) if target else (HERE / "static" / name).read_bytes()
        return Response(content, media_type=media)

    async def generation(request: Request) -> Response:
        return JSONResponse({"generation": preview.generation, "broken": bool(preview.errors)})

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        stop = asyncio.Event()
        task = asyncio.create_task(_watch(preview, stop))
        try:
            yield
        finally:
            stop.set()
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.wait_for(task, timeout=5)

    routes = [
        Route("/", index),
        Route("/_formc/generation", generation),
        Route("/_formc/{name}", asset),
        Route("/catalogue/{name:path}", catalogue),
        Route("/{form}/{lang}/", show, methods=["GET"]),
        Route("/{form}/{lang}/", inspect, methods=["POST"]),
        Route("/{form}/{lang}/print.pdf", pdf),
    ]
    app = Starlette(routes=routes, middleware=[Middleware(_Headers), Middleware(BodyLimit, max_bytes=LIMITS.max_request_bytes)],
                    lifespan=lifespan)
    app.state.preview = preview
    return app
