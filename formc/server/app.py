"""The intake service as an ASGI app: ``create_app(project, store_url, ...)``, served by ``formc serve --intake``.

Routes (the contract, see docs/serve.md): the form page and its posts at
``/{form_id}/{lang}/``, the receipt at ``/{form_id}/{lang}/receipt/{reference}``,
the JSON API at ``/api/{form_id}/submissions``, counter mode under
``/counter/``, ``/healthz`` and ``/readyz``. Behind a proxy that mounts the
service under a prefix, pass ``root_path`` (``--root-path``): every link and
redirect the app makes carries it. Errors never show a stack trace; they are
logged without the request's data.
"""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, AsyncIterator

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

import formc
from formc.jobs.worker import Worker
from formc.project import Project
from formc.server import api, cases, counter, health, pages, receipts, static
from formc.server.config import ServerConfig, load_secret
from formc.server.employees import Employees
from formc.server.security import BodyLimit, RateLimit, SecurityHeaders, client_key
from formc.server.service import Service
from formc.snapshots import snapshots
from formc.store import DEFAULT_URL, Store, definitions, ratelimits
from formc.store.engine import normalise_url

log = logging.getLogger("formc.server")


def _project(project: Project | str | Path) -> Project:
    return project if isinstance(project, Project) else formc.load(project)


async def _server_error(request: Request, exc: Exception) -> Response:
    log.error("%s %s failed: %s", request.method, request.scope.get("route_name", "?"), type(exc).__name__,
              exc_info=(type(exc), exc, exc.__traceback__))
    return PlainTextResponse("Something went wrong on our side. Nothing was received; please try again later.",
                             status_code=500)


async def _not_found(request: Request, exc: Exception) -> Response:
    return PlainTextResponse("Not found.", status_code=404)


def create_app(project: Project | str | Path, store_url: str = DEFAULT_URL, config: ServerConfig | None = None,
               migrate: bool = True) -> Starlette:
    """The intake app for ``project`` (a loaded project or its folder) storing in ``store_url``.

    ``migrate`` brings the store's schema up to date at start (under a lock on
    PostgreSQL); with False the store must already be migrated (``formc db upgrade``).
    """
    loaded = _project(project)
    config = config or ServerConfig()
    settings = loaded.settings
    store = Store(store_url, settings.root, settings.timezone, config.reference_format)
    sqlite_file = Path(normalise_url(store_url, settings.root).database or "") if store.dialect == "sqlite" else None
    secret = load_secret(store.dialect == "sqlite", sqlite_file.parent if sqlite_file else None)
    svc = Service(loaded, store, config, secret)
    worker = Worker(store, loaded) if config.worker else None

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if migrate:
            store.upgrade()
        # each form's definition as it is now, before any submission names it (formc.store.definitions)
        definitions.record(store.engine, snapshots(loaded).values())
        if worker is not None:
            worker.start()
        try:
            yield
        finally:
            if worker is not None:
                worker.stop()
            store.close()

    routes = [
        Route("/healthz", health.healthz, methods=["GET"]),
        Route("/readyz", health.readyz, methods=["GET"]),
        Route("/static/{name}", static.asset, methods=["GET"]),
        Route("/api/{form_id}/submissions", api.submit, methods=["POST"]),
        *cases.routes(),
        *counter.routes(),
        *pages.routes(),
        *receipts.routes(),
    ]
    limits = config.limits
    shared_limit = None
    if store.dialect == "postgresql" and limits.posts_per_minute > 0:  # every instance counts a client's posts together
        def shared_limit(client: str) -> float:
            return ratelimits.take(store.engine, client_key(secret, client), limits.posts_per_minute, limits.burst)
    employees = Employees(config.counter)
    middleware = [Middleware(SecurityHeaders), Middleware(BodyLimit, max_bytes=limits.max_request_bytes),
                  Middleware(RateLimit, per_minute=limits.posts_per_minute, burst=limits.burst, shared=shared_limit,
                             employee=employees.signed_in)]
    handlers: dict[Any, Any] = {500: _server_error, 404: _not_found}
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan, exception_handlers=handlers)
    app.state.service = svc
    app.state.employees = employees
    app.state.worker = worker
    return app
