"""``/static/{name}``: the HTML target's formc.css and formc.js (a project's overrides first) and the server's script."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from formc.server.service import service
from formc.targets_api import static_file

SERVER_STATIC = Path(__file__).resolve().parent / "static"
TYPES = {"formc.css": "text/css; charset=utf-8", "formc.js": "text/javascript; charset=utf-8",
         "formc-server.js": "text/javascript; charset=utf-8"}


@lru_cache(maxsize=8)
def _content(name: str, overrides: Path | None) -> bytes:
    if name == "formc-server.js":
        return (SERVER_STATIC / name).read_bytes()
    return static_file("html", name, overrides)


async def asset(request: Request) -> Response:
    name = request.path_params["name"]
    if name not in TYPES:
        return PlainTextResponse("Not found.", status_code=404)
    body = _content(name, service(request).project.settings.templates)
    return Response(body, media_type=TYPES[name], headers={"cache-control": "public, max-age=3600"})
