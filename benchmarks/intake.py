"""Intake service throughput and latency: valid JSON submissions of a 30-field form, SQLite and PostgreSQL.

    python benchmarks/intake.py                          # SQLite, one server process
    python benchmarks/intake.py --postgres URL --servers 2

Starts ``formc serve --intake`` (``--no-worker``, no rate limit) on a generated
30-field form (the core benchmark's), then drives it with a bounded local load
generator (asyncio + httpx, a fixed number of connections):

- *closed loop* (after 2 s of warm-up): ``--concurrency`` clients posting back to back for
  ``--seconds``: submissions per second, p50 and p99 latency;
- *open loop*: posts started at a fixed ``--rate`` per second for ``--seconds``
  (never more than 200 in flight): p50 and p99 latency at that rate;
- *form page*: ``GET /{form}/{lang}/`` one at a time: median latency.

Every submission is checked (201 and a reference); the store is checked for
exactly as many distinct references at the end. Figures go to benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))

from core import write_project  # noqa: E402 (the core benchmark's generated forms)

FORM = "form-0001"


def answers() -> dict:
    """A valid submission of the generated form (every visible field answered)."""
    data = {"has_children": True, "kind": "a", "children": [{"name": "Ola", "birth_date": "2019-05-01", "needs": False}]}
    for i in range(22):
        kind = ["text", "integer", "date", "email", "phone", "postal_code", "national_id", "textarea", "decimal", "org_number"][i % 10]
        data[f"field_{i}"] = {"text": "Svar", "integer": 3, "date": "2020-01-01", "email": "kari@example.no",
                              "phone": "37261500", "postal_code": "4790", "national_id": "15076500565",
                              "textarea": "Lengre svar", "decimal": 1.5, "org_number": "964965226"}[kind]
    return data


class Servers:
    def __init__(self, project: Path, store: str, count: int, posts_per_minute: int = 0):
        self.processes: list[subprocess.Popen[bytes]] = []
        self.urls: list[str] = []
        env = {**os.environ, "PYTHONPATH": str(REPO), "FORMC_SECRET_KEY": secrets.token_urlsafe(48)}
        for index in range(count):
            port = 8900 + index + (os.getpid() % 50) * 4
            self.processes.append(subprocess.Popen(
                [sys.executable, "-m", "formc", "serve", str(project), "--intake", "--store", store, "--port", str(port),
                 "--no-worker", "--posts-per-minute", str(posts_per_minute)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
            self.urls.append(f"http://127.0.0.1:{port}")
            self.wait(self.urls[-1])

    @staticmethod
    def wait(url: str) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(url + "/readyz", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise SystemExit(f"the server at {url} did not start")

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
            process.wait(20)


RETRIES = [0]  # posts sent again after a dropped keep-alive connection (same key: never a second submission)


async def post(client: httpx.AsyncClient, url: str, body: dict, latencies: list[float]) -> None:
    started = time.perf_counter()
    key = uuid.uuid4().hex
    for attempt in range(3):
        try:
            response = await client.post(url, json=body, headers={"Idempotency-Key": key})
            break
        except httpx.TransportError:
            if attempt == 2:
                raise
            RETRIES[0] += 1
    latencies.append(time.perf_counter() - started)
    if response.status_code != 201:
        raise SystemExit(f"unexpected {response.status_code}: {response.text[:300]}")


async def closed_loop(urls: list[str], body: dict, concurrency: int, seconds: float) -> tuple[int, float, list[float]]:
    latencies: list[float] = []
    async with httpx.AsyncClient(limits=httpx.Limits(max_connections=concurrency), timeout=30) as client:
        deadline = time.perf_counter() + seconds

        async def client_loop(index: int) -> None:
            url = urls[index % len(urls)] + f"/api/{FORM}/submissions"
            while time.perf_counter() < deadline:
                await post(client, url, body, latencies)

        started = time.perf_counter()
        await asyncio.gather(*(client_loop(i) for i in range(concurrency)))
        return len(latencies), time.perf_counter() - started, latencies


async def open_loop(urls: list[str], body: dict, rate: float, seconds: float) -> list[float]:
    latencies: list[float] = []
    in_flight = asyncio.Semaphore(200)
    async with httpx.AsyncClient(limits=httpx.Limits(max_connections=200), timeout=30) as client:
        tasks = []
        started = time.perf_counter()
        for n in range(int(rate * seconds)):
            await asyncio.sleep(max(0.0, started + n / rate - time.perf_counter()))
            await in_flight.acquire()
            url = urls[n % len(urls)] + f"/api/{FORM}/submissions"
            task = asyncio.create_task(post(client, url, body, latencies))
            task.add_done_callback(lambda _: in_flight.release())
            tasks.append(task)
        await asyncio.gather(*tasks)
    return latencies


def page_latency(url: str, count: int = 300) -> float:
    times = []
    with httpx.Client() as client:
        for _ in range(count):
            started = time.perf_counter()
            assert client.get(url + f"/{FORM}/nb/").status_code == 200
            times.append(time.perf_counter() - started)
    return statistics.median(times[20:]) * 1000


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--postgres", metavar="URL", help="a PostgreSQL database to use (emptied first); default SQLite")
    parser.add_argument("--servers", type=int, default=1)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--rate", type=float, default=100)
    parser.add_argument("--posts-per-minute", type=int, default=0,
                        help="the servers' rate limit (default 0: off); a high one measures the limit's own cost "
                             "(on PostgreSQL a shared bucket: one statement a post)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder) / "project"
        write_project(project, 2)
        store = args.postgres or f"sqlite:///{Path(folder) / 'bench.db'}"
        if args.postgres:
            import sqlalchemy as sa

            engine = sa.create_engine(args.postgres.replace("postgresql://", "postgresql+psycopg://", 1))
            with engine.begin() as connection:
                connection.execute(sa.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            engine.dispose()
        servers = Servers(project, store, args.servers, args.posts_per_minute)
        try:
            body = {"language": "nb", "data": answers()}
            warm = asyncio.run(closed_loop(servers.urls, body, args.concurrency, 2))  # connections, caches
            count, elapsed, latencies = asyncio.run(closed_loop(servers.urls, body, args.concurrency, args.seconds))
            paced = asyncio.run(open_loop(servers.urls, body, args.rate, args.seconds))
            page = page_latency(servers.urls[0])
        finally:
            servers.stop()
        from formc.store import Store

        opened = Store(store, project)
        stored = len({s.reference for s in opened.list()})
        opened.close()
    backend = "PostgreSQL" if args.postgres else "SQLite"
    print(f"{backend}, {args.servers} server process(es), {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    print(f"closed loop ({args.concurrency} clients, {args.seconds:.0f} s): {count / elapsed:.0f} submissions/s, "
          f"p50 {percentile(latencies, 0.5):.1f} ms, p99 {percentile(latencies, 0.99):.1f} ms")
    print(f"open loop ({args.rate:.0f}/s for {args.seconds:.0f} s): p50 {percentile(paced, 0.5):.1f} ms, "
          f"p99 {percentile(paced, 0.99):.1f} ms")
    print(f"form page: median {page:.2f} ms; posts retried after a dropped connection: {RETRIES[0]}")
    expected = warm[0] + count + len(paced)
    print(f"stored: {stored} distinct references for {expected} acknowledged submissions")
    if stored != expected:
        raise SystemExit("the store does not hold every acknowledged submission exactly once")


if __name__ == "__main__":
    main()
