"""Delivery of archive packages to the municipality's archive: the targets and their common contract.

A delivery target takes one submission's package (file name → bytes, as
:func:`formc.runtime.package.build_package` returns it) and the submission's
reference, and either files it at once (:class:`Filed`), hands it over and
waits for the archive's receipt (:class:`Sent`), or raises
:class:`DeliveryError`. Every target must be harmless to call twice for the
same reference: a redelivery after a crash or a lost reply must never file a
submission twice (the folder drop finds its own folder; Fiks Arkiv matches
the package's ``referanseEksternNoekkel``).

Targets are configured under ``delivery:`` in ``formc.yaml``
(see ``docs/operations.md``) and built by :func:`target_from_settings`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping, Protocol


class DeliveryError(Exception):
    """A delivery that did not happen; ``permanent`` errors are not retried."""

    def __init__(self, reason: str, permanent: bool = False):
        super().__init__(reason)
        self.reason = reason
        self.permanent = permanent


@dataclass(frozen=True)
class Filed:
    """The archive has the package; its case and record numbers when it told us them."""

    case_number: str | None = None
    journal_number: str | None = None


@dataclass(frozen=True)
class Sent:
    """Handed over; the archive's receipt arrives later as a reply to ``message_id``."""

    message_id: str


class DeliveryTarget(Protocol):
    name: str

    def deliver(self, reference: str, files: Mapping[str, bytes]) -> Filed | Sent: ...


def target_from_settings(raw: Mapping[str, Any] | None, root: Path) -> DeliveryTarget | None:
    """The delivery target ``formc.yaml``'s ``delivery:`` block describes, or None when there is none."""
    if not raw:
        return None
    if "folder" in raw:
        from formc.delivery.folder import FolderDrop

        return FolderDrop((root / raw["folder"]["path"]).resolve())
    if "fiks" in raw:
        from formc.delivery.fiks import FiksArkiv, HttpFiksTransport

        spec = raw["fiks"]
        return FiksArkiv(HttpFiksTransport(spec["url"], spec["account"]), recipient=spec["archive_account"],
                         ttl_seconds=int(spec.get("ttl_seconds", 2 * 24 * 3600)))
    raise ValueError(f"unknown delivery target: {sorted(raw)}")
