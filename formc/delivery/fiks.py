"""KS Fiks Arkiv delivery: the ``arkivmelding.opprett`` message and the archive's replies.

Fiks Arkiv runs over Fiks IO: a message has a type, a sender and a recipient
account, an optional ``svarPaMelding`` (the message it answers), headers and a
payload (a zip of ``arkivmelding.xml`` and the document files). Sending a
package is one ``no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett``
message; the archive answers with ``…opprett.mottatt`` (taken in), then
``…opprett.kvittering`` (filed: ``arkivmelding-kvittering.xml`` with the case
and record numbers) — or one of the ``no.ks.fiks.arkiv.v1.feilmelding.*``
messages. Types and payload names are those of the specification
(``Schema/V1/meldingstyper/meldingstyper.json``).

Exactly-once effect: the package carries the submission's reference as
``referanseEksternNoekkel`` of the record (and a key derived from it for the
case), so an archive that receives the same package twice answers the second
time with ``opprettetEllerEksisterende = Eksisterende`` and files nothing new.
The message's ``klientMeldingId`` is derived from the reference too.

The transport is an interface (:class:`FiksTransport`). :class:`HttpFiksTransport`
sends with Fiks IO's REST shape (``POST …/fiks-io/api/v1/send``, a multipart of
``metadata`` JSON and ``data``) and reads replies from the account's message
list; the encryption of the payload (ASiC-E for the recipient's certificate),
the Maskinporten token and the AMQP reply queue of the production Fiks IO are
not built here — they belong in a transport for the real platform behind the
same interface (see ``docs/operations.md``).
"""

from __future__ import annotations

import io
import json
import uuid
import zipfile
from dataclasses import dataclass, field
from typing import Mapping, Protocol

from lxml import etree

from formc.delivery import DeliveryError, Filed, Sent

OPPRETT = "no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett"
MOTTATT = OPPRETT + ".mottatt"
KVITTERING = OPPRETT + ".kvittering"
ERROR_PREFIX = "no.ks.fiks.arkiv.v1.feilmelding."
INVALID_REQUEST = ERROR_PREFIX + "ugyldigforespoersel"
SERVER_ERROR = ERROR_PREFIX + "serverfeil"
NOT_FOUND = ERROR_PREFIX + "ikkefunnet"
KVITTERING_FILE = "arkivmelding-kvittering.xml"
KVITTERING_NS = "https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/arkivmelding/opprett/kvittering/v1"
MDK_NS = "https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/metadatakatalog/v1"
FEIL_NS = "https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/feil/feilmelding/v1"
_ID_NAMESPACE = uuid.UUID("0b3c1f6e-5a0d-4d0f-9a52-6f9f3c1a7e21")  # formc's namespace for klientMeldingId
MAX_PAYLOAD = 64 * 1024 * 1024


@dataclass(frozen=True)
class FiksMessage:
    """One Fiks IO message: its metadata and its payload (a zip, or empty)."""

    message_id: str
    message_type: str
    sender: str
    recipient: str
    reply_to: str | None = None
    ttl_seconds: int = 2 * 24 * 3600
    headers: Mapping[str, str] = field(default_factory=dict)
    payload: bytes = b""

    def metadata(self) -> dict:
        return {"meldingId": self.message_id, "meldingType": self.message_type, "avsenderKontoId": self.sender,
                "mottakerKontoId": self.recipient, "svarPaMelding": self.reply_to,
                "ttl": self.ttl_seconds * 1000, "headere": dict(self.headers)}

    @classmethod
    def from_metadata(cls, meta: Mapping, payload: bytes) -> "FiksMessage":
        return cls(str(meta["meldingId"]), str(meta["meldingType"]), str(meta["avsenderKontoId"]),
                   str(meta["mottakerKontoId"]), meta.get("svarPaMelding"), int(meta.get("ttl", 0)) // 1000,
                   dict(meta.get("headere") or {}), payload)


class FiksTransport(Protocol):
    account: str

    def send(self, message: FiksMessage) -> None: ...

    def receive(self) -> list[FiksMessage]: ...

    def acknowledge(self, message_id: str) -> None: ...


@dataclass(frozen=True)
class Reply:
    """What one reply from the archive means for the submission it answers."""

    answers: str  # the message id it answers (svarPaMelding)
    kind: str  # "received", "filed", "failed"
    reference: str | None = None  # the submission's reference (external key), when the reply names it
    filed: Filed | None = None
    reason: str | None = None
    permanent: bool = False


def client_message_id(reference: str) -> str:
    """The ``klientMeldingId`` of a submission's package: the same for every redelivery."""
    return str(uuid.uuid5(_ID_NAMESPACE, reference))


def zip_payload(files: Mapping[str, bytes]) -> bytes:
    """The files as one zip, in a fixed order with fixed timestamps (the same files give the same bytes)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, files[name])
    return buffer.getvalue()


def unzip_payload(payload: bytes) -> dict[str, bytes]:
    """The files of a payload; refuses a payload that is not a zip or would unpack too large."""
    try:
        with zipfile.ZipFile(io.BytesIO(payload)) as archive:
            if sum(i.file_size for i in archive.infolist()) > MAX_PAYLOAD:
                raise DeliveryError("the payload unpacks to more than the size limit", permanent=True)
            return {info.filename: archive.read(info) for info in archive.infolist() if not info.is_dir()}
    except zipfile.BadZipFile:
        raise DeliveryError("the payload is not a zip file", permanent=True) from None


class FiksArkiv:
    """The delivery target: sends ``arkivmelding.opprett``; replies are read with :meth:`poll`."""

    name = "fiks"

    def __init__(self, transport: FiksTransport, recipient: str, ttl_seconds: int = 2 * 24 * 3600):
        self.transport = transport
        self.recipient = recipient
        self.ttl_seconds = ttl_seconds

    def deliver(self, reference: str, files: Mapping[str, bytes]) -> Sent:
        if "arkivmelding.xml" not in files:
            raise DeliveryError("the package has no arkivmelding.xml", permanent=True)
        message = FiksMessage(str(uuid.uuid4()), OPPRETT, self.transport.account, self.recipient,
                              ttl_seconds=self.ttl_seconds,
                              headers={"klientMeldingId": client_message_id(reference)},
                              payload=zip_payload({k: v for k, v in files.items() if k != "manifest.json"}))
        self.transport.send(message)
        return Sent(message.message_id)

    def poll(self) -> list[Reply]:
        """Every reply waiting for us, read and acknowledged (call again until it returns nothing)."""
        replies = []
        for message in self.transport.receive():
            try:
                replies.append(interpret(message))
            except DeliveryError as exc:  # a reply we cannot read is acknowledged and reported, never looped on
                replies.append(Reply(message.reply_to or "", "failed", reason=exc.reason, permanent=False))
            self.transport.acknowledge(message.message_id)
        return replies


def interpret(message: FiksMessage) -> Reply:
    """The meaning of one reply message."""
    answers = message.reply_to or ""
    if message.message_type == MOTTATT:
        return Reply(answers, "received")
    if message.message_type == KVITTERING:
        files = unzip_payload(message.payload)
        if KVITTERING_FILE not in files:
            raise DeliveryError(f"the receipt has no {KVITTERING_FILE}")
        return _receipt(answers, files[KVITTERING_FILE])
    if message.message_type.startswith(ERROR_PREFIX):
        reason = _error_text(message)
        return Reply(answers, "failed", reason=f"{message.message_type.removeprefix(ERROR_PREFIX)}: {reason}",
                     permanent=message.message_type != SERVER_ERROR)
    raise DeliveryError(f"unexpected reply type {message.message_type}")


def _receipt(answers: str, xml: bytes) -> Reply:
    try:
        root = etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False))
    except etree.XMLSyntaxError as exc:
        raise DeliveryError(f"the receipt is not XML: {exc}") from None
    k, m = f"{{{KVITTERING_NS}}}", f"{{{MDK_NS}}}"
    failed = root.find(f"{k}registreringFeilet")
    if failed is None:
        failed = root.find(f"{k}mappeFeilet")
    if failed is not None:
        return Reply(answers, "failed", reason=failed.findtext(f"{{{FEIL_NS}}}feilmelding") or "filing failed",
                     permanent=True)
    record = root.find(f"{k}registreringKvittering")
    case = root.find(f"{k}mappeKvittering")
    reference = record.findtext(f"{k}referanseEksternNoekkel/{m}noekkel") if record is not None else None
    case_number = journal_number = None
    if case is not None and case.findtext(f"{k}saksaar"):
        case_number = f"{case.findtext(f'{k}saksaar')}/{case.findtext(f'{k}sakssekvensnummer')}"
    if record is not None and record.findtext(f"{k}journalaar"):
        journal_number = f"{record.findtext(f'{k}journalaar')}/{record.findtext(f'{k}journalsekvensnummer')}"
    return Reply(answers, "filed", reference=reference, filed=Filed(case_number, journal_number))


def _error_text(message: FiksMessage) -> str:
    if not message.payload:
        return "no details"
    try:
        files = unzip_payload(message.payload)
    except DeliveryError:
        return "unreadable error details"
    for body in files.values():
        try:
            root = etree.fromstring(body, etree.XMLParser(resolve_entities=False, no_network=True))
        except etree.XMLSyntaxError:
            continue
        text = root.findtext(f"{{{FEIL_NS}}}feilmelding") or root.findtext(".//{*}feilmelding")
        if text:
            return text
    return "no details"


class HttpFiksTransport:
    """Fiks IO's REST shape over HTTP: ``send`` posts a multipart, replies come from the account's list."""

    def __init__(self, url: str, account: str, timeout: float = 30.0):
        import httpx

        self.account = account
        self.client = httpx.Client(base_url=url.rstrip("/"), timeout=timeout)

    def send(self, message: FiksMessage) -> None:
        import httpx

        try:
            response = self.client.post("/fiks-io/api/v1/send", files={
                "metadata": (None, json.dumps(message.metadata()), "application/json"),
                "data": ("melding.zip", message.payload, "application/zip")})
        except httpx.HTTPError as exc:
            raise DeliveryError(f"Fiks IO not reachable: {type(exc).__name__}") from None
        if response.status_code >= 500 or response.status_code == 429:
            raise DeliveryError(f"Fiks IO answered {response.status_code}")
        if response.status_code >= 400:
            raise DeliveryError(f"Fiks IO refused the message ({response.status_code})", permanent=True)

    def receive(self) -> list[FiksMessage]:
        import base64

        import httpx

        try:
            response = self.client.get(f"/fiks-io/api/v1/konto/{self.account}/meldinger")
            response.raise_for_status()
        except httpx.HTTPError as exc:
            raise DeliveryError(f"Fiks IO not reachable: {type(exc).__name__}") from None
        return [FiksMessage.from_metadata(item["metadata"], base64.b64decode(item.get("data") or ""))
                for item in response.json()]

    def acknowledge(self, message_id: str) -> None:
        import httpx

        try:
            self.client.post(f"/fiks-io/api/v1/konto/{self.account}/meldinger/{message_id}/kvitter")
        except httpx.HTTPError:
            pass  # an unacknowledged reply is offered again and handled idempotently
