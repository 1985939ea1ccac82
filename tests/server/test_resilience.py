"""Crash safety (SIGKILL at random moments during a stream of submissions) and two instances on one PostgreSQL.

Every acknowledged reference must be in the store with its file, none twice;
a client that lost its answer retries with the same idempotency key and gets
the same reference. Two server processes sharing one PostgreSQL give 1,000
concurrent submissions 1,000 distinct references from one sequence.
"""

from __future__ import annotations

import hashlib
import random
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from server_support import TOWN, Server, envelope

from formc.store import Store

API = "/api/parking-permit/submissions"
KILLS = 20
NO_LIMIT = ["--posts-per-minute", "0"]


class Stream:
    """A client posting submissions one after another, each retried with its key until acknowledged."""

    def __init__(self, url: str):
        self.url = url
        self.acknowledged: dict[str, str] = {}  # idempotency key → reference
        self.proofs: dict[str, bytes] = {}  # key → the file it sent
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self) -> None:
        with httpx.Client(timeout=5) as client:
            while not self.stopping.is_set():
                key = uuid.uuid4().hex
                proof = b"%PDF-1.4\n" + key.encode() + b"\n%%EOF\n"
                self.proofs[key] = proof
                body = envelope(name=f"Citizen {key}", proof=proof)
                while True:  # the same key until the server answers: a lost answer must not make a second submission
                    try:
                        response = client.post(self.url + API, json=body, headers={"Idempotency-Key": key})
                    except httpx.HTTPError:
                        time.sleep(0.02)
                        continue
                    assert response.status_code == 201, response.text
                    self.acknowledged[key] = response.json()["reference"]
                    break


def check_store(store_url: str, stream: Stream) -> list[str]:
    store = Store(store_url, TOWN)
    try:
        everything = store.list()
        references = [s.reference for s in everything]
        names = [s.data["name"] for s in everything]
        assert len(set(references)) == len(references), "a reference was given twice"
        assert len(set(names)) == len(names), "a submission was stored twice"
        assert len(everything) == len(stream.acknowledged), "stored submissions that were never acknowledged after retries"
        for key, reference in stream.acknowledged.items():
            stored = store.get(reference)
            assert stored is not None, f"acknowledged {reference} is not in the store"
            assert stored.data["name"] == f"Citizen {key}"
            [file] = stored.files
            assert file.content == stream.proofs[key] and file.sha256 == hashlib.sha256(file.content).hexdigest()
        return references
    finally:
        store.close()


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_sigkill_at_random_moments_loses_nothing_acknowledged_and_duplicates_nothing(
        backend: str, tmp_path: Path, secret_env: dict[str, str], request: pytest.FixtureRequest) -> None:
    store_url = f"sqlite:///{tmp_path / 'crash.db'}" if backend == "sqlite" else request.getfixturevalue("postgres_url")
    server = Server(TOWN, store_url, env=secret_env, worker=False, extra_args=NO_LIMIT)
    stream = Stream(server.url)
    rng = random.Random(20261129)
    stream.thread.start()
    try:
        for _ in range(KILLS):
            server.start()
            time.sleep(rng.uniform(0.05, 0.8))
            server.kill()
        server.start()
        time.sleep(0.5)
        stream.stopping.set()
        stream.thread.join(30)
        assert not stream.thread.is_alive()
    finally:
        stream.stopping.set()
        server.stop()
    assert len(stream.acknowledged) >= KILLS, "too few submissions went through to test anything"
    check_store(store_url, stream)


def test_two_instances_on_one_postgresql_give_1000_distinct_references(postgres_url: str, secret_env: dict[str, str]) -> None:
    servers = [Server(TOWN, postgres_url, env=secret_env, worker=False, extra_args=NO_LIMIT) for _ in range(2)]
    servers[0].start()  # the first migrates the empty database; the second finds it current
    servers[1].start()
    try:
        def submit(index: int) -> str:
            with httpx.Client(timeout=30) as client:
                body = envelope(name=f"Citizen {index}")
                response = client.post(servers[index % 2].url + API, json=body, headers={"Idempotency-Key": f"c-{index}"})
                assert response.status_code == 201, response.text
                return response.json()["reference"]

        with ThreadPoolExecutor(max_workers=16) as pool:
            references = list(pool.map(submit, range(1000)))
    finally:
        for server in servers:
            server.stop()
    assert len(set(references)) == 1000
    sequences = sorted(int(r.split("-")[1]) for r in references)
    assert sequences == list(range(1, 1001)), "references must come from one sequence shared by both instances"
    store = Store(postgres_url)
    try:
        assert sorted(s.reference for s in store.list()) == sorted(references)
    finally:
        store.close()
