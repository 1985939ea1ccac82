"""The state one intake app shares between its routes: the project, the store, the settings and the secret key."""

from __future__ import annotations

import datetime
import zoneinfo
from dataclasses import dataclass, field
from typing import Any

from starlette.requests import Request

from formc.model import Form
from formc.project import Project
from formc.server.config import ServerConfig
from formc.snapshots import snapshots
from formc.store import Store


@dataclass
class Service:
    project: Project
    store: Store
    config: ServerConfig
    secret: bytes
    cache: dict[Any, Any] = field(default_factory=dict)  # rendered pages by (form, language, kind)

    def form(self, form_id: str) -> Form | None:
        return self.project.forms.get(form_id)

    def definition(self, form: Form) -> str:
        """The digest of ``form``'s definition, which a new submission of it names (see :mod:`formc.snapshots`)."""
        return snapshots(self.project)[form.id].digest

    def today(self, form: Form) -> datetime.date:
        """Today in the project's time zone (what date limits such as ``today-P18Y`` mean)."""
        return datetime.datetime.now(zoneinfo.ZoneInfo(form.timezone)).date()

    def url(self, request: Request, path: str) -> str:
        """An absolute path under the app's mount point (``--root-path``)."""
        return request.scope.get("root_path", "").rstrip("/") + path


def service(request: Request) -> Service:
    return request.app.state.service
