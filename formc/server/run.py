"""Running the intake app with uvicorn (what ``formc serve --intake`` calls).

Uvicorn's own access log is off: it would write every URL, and draft links
carry their resume token. :class:`AccessLog` logs the method, the route
pattern (``/{form_id}/{lang}/draft/{token}``, never the values), the status
and the time taken instead.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

from formc.server.config import ServerConfig

log = logging.getLogger("formc.access")


class AccessLog:
    def __init__(self, app: Any):
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = [0]

        async def tracking(message: dict) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, tracking)
        finally:
            route = scope.get("route")
            pattern = getattr(route, "path", "-") if route is not None else "-"
            log.info("%s %s %s %.1f ms", scope["method"], pattern, status[0], (time.perf_counter() - started) * 1000)


def run(project: str | Path, store_url: str, host: str = "127.0.0.1", port: int = 8000, root_path: str = "",
        config: ServerConfig | None = None, proxy_headers: bool = False, forwarded_allow_ips: str | None = None) -> None:
    import uvicorn

    from formc.server.app import create_app

    config = config or ServerConfig()
    if root_path:
        config = ServerConfig(**{**config.__dict__, "root_path": root_path})
    app = AccessLog(create_app(project, store_url, config))
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for noisy in ("alembic", "weasyprint", "fontTools"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    uvicorn.run(app, host=host, port=port, root_path=root_path, access_log=False, proxy_headers=proxy_headers,
                forwarded_allow_ips=forwarded_allow_ips, server_header=False, log_level="info")
