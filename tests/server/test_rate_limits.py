"""Post rate limits on PostgreSQL are shared by every server instance: a client cannot post N × instances a minute.

The bucket is a row per client in ``rate_limits`` (formc.store.ratelimits), keyed by an HMAC of the address.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import sqlalchemy as sa
from server_support import TOWN, Server, formc_cli

from formc.server.security import client_key
from formc.store import Store, ratelimits
from formc.store.tables import rate_limits

API = "/api/parking-permit/submissions"


def test_a_bucket_gives_its_burst_then_the_rate(postgres_url: str) -> None:
    store = Store(postgres_url, TOWN)
    try:
        store.upgrade()
        key = client_key(b"secret", "203.0.113.7")
        waits = [ratelimits.take(store.engine, key, per_minute=6, burst=3) for _ in range(5)]
        assert waits[:3] == [0.0, 0.0, 0.0]
        assert all(9.0 <= wait <= 10.0 for wait in waits[3:]), waits  # 6 a minute: a token every 10 s
        other = client_key(b"secret", "203.0.113.8")
        assert ratelimits.take(store.engine, other, per_minute=6, burst=3) == 0.0  # each client its own bucket
        with store.engine.connect() as connection:
            keys = set(connection.execute(sa.select(rate_limits.c.key)).scalars())
        assert keys == {key, other} and not any("203.0.113" in k for k in keys)
        assert ratelimits.expire(store.engine) == 0  # not idle yet
    finally:
        store.close()


def test_two_instances_share_a_clients_limit(postgres_url: str, secret_env: dict[str, str]) -> None:
    servers = [Server(TOWN, postgres_url, env=secret_env, worker=False,
                      extra_args=["--posts-per-minute", "1"]).start() for _ in range(2)]
    try:
        answers = [httpx.post(servers[n % 2].url + API, content=b"{}",
                              headers={"content-type": "application/json"}) for n in range(30)]
    finally:
        for server in servers:
            server.stop()
    refused = [a for a in answers if a.status_code == 429]
    # a burst of 20 for the client across both instances (each alone would have let all 30 through)
    assert 9 <= len(refused) <= 10, [a.status_code for a in answers]
    assert all(int(a.headers["retry-after"]) >= 1 for a in refused)
    assert {a.status_code for a in answers[:20]} != {429}


def test_posts_racing_for_one_bucket_are_refilled_by_the_time_each_takes_its_token(postgres_url: str) -> None:
    """A post that waited for another's row lock is refilled up to when it takes the token, never by a negative
    time (the transaction's start, now(), is before the other's update): at a huge rate none is refused."""
    from concurrent.futures import ThreadPoolExecutor

    store = Store(postgres_url, TOWN, pool_size=16)
    try:
        store.upgrade()
        key = client_key(b"secret", "198.51.100.1")
        with ThreadPoolExecutor(16) as pool:
            waits = list(pool.map(lambda _: ratelimits.take(store.engine, key, per_minute=10**9, burst=20), range(400)))
        assert waits == [0.0] * 400
    finally:
        store.close()


def test_each_signed_in_employee_has_a_bucket_of_their_own(store_url: str, secret_env: dict[str, str],
                                                            tmp_path: Path) -> None:
    """Employees at a counter share their office's address: their posts to the employees' routes count against each
    employee, not against the address (nor do they take anything from the citizens posting from it). Known by the
    proxy's header, or by a Basic sign-in already verified; a password that does not verify counts against the
    address, and so does the header on a citizens' route (a proxy may pass a client's own header on there)."""
    hashed = formc_cli("serve", "--hash-password", input_text="correct horse battery staple\n")
    passwords = tmp_path / "employees"
    passwords.write_text(f"kari:{hashed.stdout.strip()}\n")
    server = Server(TOWN, store_url, env=secret_env, worker=False,
                    extra_args=["--posts-per-minute", "1", "--password-file", str(passwords),
                                "--counter-header", "X-Remote-User"]).start()
    counter = "/counter/noise-complaint/en/"

    def posts(n: int, path: str = API, **options: Any) -> list[int]:
        return [httpx.post(server.url + path, content=b"{}", **options).status_code for _ in range(n)]

    try:
        assert 429 not in posts(20)  # a citizen at the office's address: the burst of 20
        assert posts(1) == [429]
        ola = {"headers": {"X-Remote-User": "ola.nordmann@kommune.no"}}
        assert posts(1, **ola) == [429]  # on a citizens' route the header proves nothing: the address counts
        assert 429 not in posts(20, counter, **ola) and posts(1, counter, **ola) == [429]  # ola's own burst
        assert 429 not in posts(5, counter, headers={"X-Remote-User": "kari"})  # another employee: another bucket
        kari = ("kari", "correct horse battery staple")
        assert posts(1, counter, auth=kari) == [429]  # not signed in yet: no password is checked here
        assert httpx.get(server.url + counter, auth=kari).status_code == 200  # signs in
        assert 429 not in posts(10, counter, auth=kari)  # kari's bucket (15 of 20 left after the header's 5)
        assert posts(1, counter, auth=("kari", "wrong")) == [429]  # the address's bucket
    finally:
        server.stop()
    assert "ola.nordmann" not in server.output() and "kari" not in server.output()
