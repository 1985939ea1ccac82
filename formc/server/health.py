"""``/healthz`` (the process answers) and ``/readyz`` (the store answers and has the newest schema)."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse

from formc.server.service import service


async def healthz(request: Request) -> JSONResponse:
    return JSONResponse({"status": "ok"})


async def readyz(request: Request) -> JSONResponse:
    ready = await run_in_threadpool(service(request).store.ping)
    return JSONResponse({"status": "ready" if ready else "store unavailable"}, status_code=200 if ready else 503)
