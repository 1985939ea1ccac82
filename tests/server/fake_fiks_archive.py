"""A fake municipal archive on Fiks Arkiv, for tests: the real message types, a real XSD check, faults on demand.

Run as ``python fake_fiks_archive.py STATE_DB PORT --standards DIR [--fail R] [--drop R] [--duplicate R] [--delay S] [--seed N]``.
It speaks the shape of Fiks IO's REST API that :class:`formc.delivery.fiks.HttpFiksTransport`
uses: ``POST /fiks-io/api/v1/send`` (multipart ``metadata`` + ``data``), ``GET
/fiks-io/api/v1/konto/{account}/meldinger`` (replies waiting, with base64 payloads) and
``POST …/meldinger/{id}/kvitter`` (acknowledge). Every ``arkivmelding.opprett`` is
validated against the Fiks Arkiv V1 XSD; a valid one is filed under its record's
``referanseEksternNoekkel`` — once: the same key again is answered as ``Eksisterende``
and counted in ``redeliveries``. Replies are ``…opprett.mottatt`` then ``…opprett.kvittering``
with an ``arkivmelding-kvittering.xml`` valid against its XSD; an invalid message gets
``feilmelding.ugyldigforespoersel``.

Faults: ``--fail`` refuses that share of sends with 503 before doing anything;
``--drop`` files but loses that share of the replies; ``--duplicate`` sends that
share of the replies twice; ``--delay`` waits before answering a send. State lives
in an SQLite file, so the archive keeps its cases across a restart (``GET
/fake/filings`` reports them for the test's assertions).
"""

from __future__ import annotations

import argparse
import base64
import io
import json
import random
import sqlite3
import sys
import threading
import time
import uuid
import zipfile
from pathlib import Path

from lxml import etree
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

OPPRETT = "no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett"
NS = {"a": "https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/arkivmelding/opprett/v1",
      "m": "https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/metadatakatalog/v1"}
KV = "https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/arkivmelding/opprett/kvittering/v1"
FEIL = "https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/feil/feilmelding/v1"
UGYLDIG = "https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/feil/ugyldigforespoersel/v1"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
ARCHIVE_ACCOUNT = "00000000-0000-4000-8000-0000000a5c11"

SCHEMA = """
create table if not exists records (noekkel text primary key, case_key text, saksaar int, sakssekvensnummer int,
                                    journalaar int, journalsekvensnummer int, files int);
create table if not exists cases (case_key text primary key, saksaar int, sakssekvensnummer int);
create table if not exists replies (id text primary key, account text, metadata text, data text, seq integer);
create table if not exists counters (name text primary key, value int);
create table if not exists events (kind text, noekkel text);
"""


class Archive:
    def __init__(self, db: Path, standards: Path, fail: float, drop: float, duplicate: float, delay: float, seed: int):
        self.db = sqlite3.connect(db, check_same_thread=False, isolation_level=None)
        self.db.execute("pragma journal_mode=wal")
        self.db.executescript(SCHEMA)
        self.lock = threading.Lock()
        self.random = random.Random(seed)
        self.fail, self.drop, self.duplicate, self.delay = fail, drop, duplicate, delay
        self.schema = etree.XMLSchema(etree.parse(str(standards / "fiks-arkiv" / "V1" / f"{OPPRETT}.xsd")))

    def next(self, name: str) -> int:
        row = self.db.execute("select value from counters where name = ?", (name,)).fetchone()
        value = (row[0] if row else 0) + 1
        self.db.execute("insert or replace into counters values (?, ?)", (name, value))
        return value

    def reply(self, to: dict, message_type: str, files: dict[str, bytes] | None) -> None:
        if self.random.random() < self.drop:
            self.db.execute("insert into events values ('dropped', ?)", (message_type,))
            return
        data = b""
        if files:
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w") as archive:
                for name, body in files.items():
                    archive.writestr(name, body)
            data = buffer.getvalue()
        copies = 2 if self.random.random() < self.duplicate else 1
        for _ in range(copies):
            meta = {"meldingId": str(uuid.uuid4()), "meldingType": message_type, "avsenderKontoId": to["mottakerKontoId"],
                    "mottakerKontoId": to["avsenderKontoId"], "svarPaMelding": to["meldingId"], "ttl": 0, "headere": {}}
            self.db.execute("insert into replies values (?, ?, ?, ?, ?)",
                            (meta["meldingId"], to["avsenderKontoId"], json.dumps(meta),
                             base64.b64encode(data).decode(), self.next("reply")))

    def receive(self, meta: dict, payload: bytes) -> None:
        try:
            with zipfile.ZipFile(io.BytesIO(payload)) as archive:
                files = {i.filename: archive.read(i) for i in archive.infolist()}
            document = etree.fromstring(files["arkivmelding.xml"])
            self.schema.assertValid(document)
        except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, etree.DocumentInvalid) as exc:
            self.db.execute("insert into events values ('invalid', ?)", (str(exc)[:200],))
            self.reply(meta, "no.ks.fiks.arkiv.v1.feilmelding.ugyldigforespoersel",
                       {"feilmelding.xml": _error(f"arkivmelding.xml is not valid: {exc}")})
            return
        self.reply(meta, OPPRETT + ".mottatt", None)
        record_key = document.findtext("a:registrering/a:referanseEksternNoekkel/m:noekkel", namespaces=NS)
        case_key = document.findtext("a:mappe/a:referanseEksternNoekkel/m:noekkel", namespaces=NS)
        count = int(document.findtext("a:antallFiler", namespaces=NS) or 0)
        missing = [n for n in document.xpath(".//a:referanseDokumentfil/text()", namespaces=NS) if n not in files]
        if missing or len(files) - 1 != count:
            self.reply(meta, "no.ks.fiks.arkiv.v1.feilmelding.ugyldigforespoersel",
                       {"feilmelding.xml": _error(f"files missing or miscounted: {missing or count}")})
            return
        year = int(time.strftime("%Y"))
        existing_case = self.db.execute("select saksaar, sakssekvensnummer from cases where case_key = ?",
                                        (case_key,)).fetchone() if case_key else None
        case_state = "Eksisterende" if existing_case else "Opprettet"
        if existing_case is None and case_key:
            existing_case = (year, self.next(f"sak{year}"))
            self.db.execute("insert into cases values (?, ?, ?)", (case_key, *existing_case))
        record = self.db.execute("select journalaar, journalsekvensnummer from records where noekkel = ?",
                                 (record_key,)).fetchone()
        record_state = "Eksisterende" if record else "Opprettet"
        if record is None:
            record = (year, self.next(f"journal{year}"))
            self.db.execute("insert into records values (?, ?, ?, ?, ?, ?, ?)",
                            (record_key, case_key, *(existing_case or (None, None)), *record, count))
            self.db.execute("insert into events values ('filed', ?)", (record_key,))
        else:
            self.db.execute("insert into events values ('redelivery', ?)", (record_key,))
        self.reply(meta, OPPRETT + ".kvittering",
                   {"arkivmelding-kvittering.xml": _receipt(case_key, existing_case, case_state, record_key, record,
                                                            record_state)})


def _error(text: str) -> bytes:
    root = etree.Element(f"{{{UGYLDIG}}}ugyldigforespoersel", nsmap={None: UGYLDIG, "f": FEIL})
    etree.SubElement(root, f"{{{FEIL}}}feilId").text = str(uuid.uuid4())
    etree.SubElement(root, f"{{{FEIL}}}feilmelding").text = text[:500]
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")


def _receipt(case_key, case, case_state, record_key, record, record_state) -> bytes:
    root = etree.Element(f"{{{KV}}}arkivmeldingKvittering", nsmap={None: KV, "n5mdk": NS["m"], "xsi": XSI})
    if case_key:
        mappe = etree.SubElement(root, f"{{{KV}}}mappeKvittering", {f"{{{XSI}}}type": "saksmappeKvittering"})
        etree.SubElement(mappe, f"{{{KV}}}systemID").text = str(uuid.uuid5(uuid.NAMESPACE_URL, "case:" + case_key))
        key = etree.SubElement(mappe, f"{{{KV}}}referanseEksternNoekkel")
        etree.SubElement(key, f"{{{NS['m']}}}fagsystem").text = "formc"
        etree.SubElement(key, f"{{{NS['m']}}}noekkel").text = case_key
        etree.SubElement(mappe, f"{{{KV}}}opprettetEllerEksisterende").text = case_state
        etree.SubElement(mappe, f"{{{KV}}}saksaar").text = str(case[0])
        etree.SubElement(mappe, f"{{{KV}}}sakssekvensnummer").text = str(case[1])
    post = etree.SubElement(root, f"{{{KV}}}registreringKvittering", {f"{{{XSI}}}type": "journalpostKvittering"})
    etree.SubElement(post, f"{{{KV}}}systemID").text = str(uuid.uuid5(uuid.NAMESPACE_URL, "record:" + record_key))
    key = etree.SubElement(post, f"{{{KV}}}referanseEksternNoekkel")
    etree.SubElement(key, f"{{{NS['m']}}}fagsystem").text = "formc"
    etree.SubElement(key, f"{{{NS['m']}}}noekkel").text = record_key
    etree.SubElement(post, f"{{{KV}}}opprettetEllerEksisterende").text = record_state
    etree.SubElement(post, f"{{{KV}}}journalaar").text = str(record[0])
    etree.SubElement(post, f"{{{KV}}}journalsekvensnummer").text = str(record[1])
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")


def create_app(archive: Archive) -> Starlette:
    async def send(request: Request) -> Response:
        form = await request.form()
        meta = json.loads(form["metadata"])
        payload = await form["data"].read()
        if archive.delay:
            time.sleep(archive.delay)
        with archive.lock:
            if archive.random.random() < archive.fail:
                return Response("unavailable", status_code=503)
            if meta.get("meldingType") != OPPRETT or meta.get("mottakerKontoId") != ARCHIVE_ACCOUNT:
                return JSONResponse({"error": "unknown message type or recipient"}, status_code=400)
            archive.receive(meta, payload)
        return JSONResponse({"meldingId": meta["meldingId"]}, status_code=200)

    async def messages(request: Request) -> Response:
        with archive.lock:
            rows = archive.db.execute("select metadata, data from replies where account = ? order by seq limit 200",
                                      (request.path_params["account"],)).fetchall()
        return JSONResponse([{"metadata": json.loads(m), "data": d} for m, d in rows])

    async def acknowledge(request: Request) -> Response:
        with archive.lock:
            archive.db.execute("delete from replies where id = ?", (request.path_params["message_id"],))
        return Response(status_code=204)

    async def filings(request: Request) -> Response:
        with archive.lock:
            records = archive.db.execute("select noekkel, saksaar, sakssekvensnummer, journalaar, journalsekvensnummer,"
                                         " files from records").fetchall()
            events = archive.db.execute("select kind, count(*) from events group by kind").fetchall()
        return JSONResponse({"records": [list(r) for r in records], "events": dict(events)})

    return Starlette(routes=[
        Route("/fiks-io/api/v1/send", send, methods=["POST"]),
        Route("/fiks-io/api/v1/konto/{account}/meldinger", messages),
        Route("/fiks-io/api/v1/konto/{account}/meldinger/{message_id}/kvitter", acknowledge, methods=["POST"]),
        Route("/fake/filings", filings),
    ])


def main(argv: list[str]) -> None:
    import uvicorn

    parser = argparse.ArgumentParser()
    parser.add_argument("db")
    parser.add_argument("port", type=int)
    parser.add_argument("--standards", type=Path, required=True, help="the folder shared/standards")
    for name in ("fail", "drop", "duplicate", "delay"):
        parser.add_argument(f"--{name}", type=float, default=0.0)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    archive = Archive(Path(args.db), args.standards, args.fail, args.drop, args.duplicate, args.delay, args.seed)
    uvicorn.run(create_app(archive), host="127.0.0.1", port=args.port, log_level="warning")


if __name__ == "__main__":
    main(sys.argv[1:])
