"""The formc runtime service, ``formc serve``: the authors' preview (:mod:`formc.server.preview`) and the intake
service where citizens submit forms and employees register them at the counter (:mod:`formc.server.app`).

``create_app(project, store_url, config)`` gives the intake ASGI app (Starlette) for
embedding; ``formc serve --intake`` runs it with uvicorn. See docs/serve.md.
"""

from __future__ import annotations

from typing import Any


def create_app(*args: Any, **kwargs: Any) -> Any:
    """The intake app (see :func:`formc.server.app.create_app`)."""
    from formc.server.app import create_app as create

    return create(*args, **kwargs)


__all__ = ["create_app"]
