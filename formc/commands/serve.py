"""``formc serve``: run a project's forms as a web service — ``--preview`` (the default): the authors' live
preview; ``--intake``: the service citizens and employees submit to, storing in ``--store`` (docs/serve.md)."""

from __future__ import annotations

import datetime
from pathlib import Path

import click

from formc.commands.common import fail


@click.command("serve")
@click.argument("project", default=".", type=click.Path(file_okay=False))
@click.option("--preview", "mode", flag_value="preview", default=True,
              help="Serve the authors' preview: every form and language, live reload, diagnostics (the default).")
@click.option("--intake", "mode", flag_value="intake",
              help="Serve the forms to citizens and store their submissions (see docs/serve.md).")
@click.option("--host", default="127.0.0.1", show_default=True, help="The interface to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="The port to listen on.")
@click.option("--root-path", "root_path", default="", help="The URL prefix when served behind a proxy (e.g. /skjema).")
@click.option("--store", "store_url", default="sqlite:///formc.db", show_default=True,
              help="Intake: where submissions are stored (sqlite:///FILE relative to the project, or postgresql+psycopg://…).")
@click.option("--no-worker", "no_worker", is_flag=True,
              help="Intake: run no background jobs in this process (run `formc worker` elsewhere).")
@click.option("--counter-header", metavar="HEADER", help="Intake: the header the reverse proxy sets to an employee's identity.")
@click.option("--trusted-proxy", "trusted_proxies", multiple=True, metavar="ADDRESS",
              help="Intake: an address the counter header is believed from (repeatable; default 127.0.0.1 and ::1).")
@click.option("--password-file", type=click.Path(dir_okay=False, exists=True),
              help="Intake: employees' `user:argon2-hash` lines for counter mode (local use).")
@click.option("--virus-scanner", metavar="COMMAND", help="Intake: a command reading a file on stdin; exit 0 clean, 1 infected.")
@click.option("--reference-format", default="{year}-{sequence:06d}", show_default=True, help="Intake: how references look.")
@click.option("--draft-days", default=30, show_default=True, type=click.IntRange(1, 365), help="Intake: how long a saved draft lasts.")
@click.option("--max-request-mb", default=50, show_default=True, type=click.IntRange(1, 2048), help="Intake: the largest post.")
@click.option("--posts-per-minute", default=60, show_default=True, type=click.IntRange(0),
              help="Intake: posts per client address and minute (0: no limit).")
@click.option("--proxy-headers", is_flag=True, help="Intake: take the client's address from X-Forwarded-For (behind a proxy).")
@click.option("--forwarded-allow-ips", metavar="ADDRESSES", help="With --proxy-headers: the proxies to trust (default 127.0.0.1).")
@click.option("--hash-password", is_flag=True, help="Read a password on stdin, print its Argon2 hash for --password-file, exit.")
def command(project: str, mode: str, host: str, port: int, root_path: str, store_url: str, no_worker: bool,
            counter_header: str | None, trusted_proxies: tuple[str, ...], password_file: str | None,
            virus_scanner: str | None, reference_format: str, draft_days: int, max_request_mb: int,
            posts_per_minute: int, proxy_headers: bool, forwarded_allow_ips: str | None, hash_password: bool) -> None:
    """Serve the forms of PROJECT (default: the current folder).

    The preview (default) shows every form in every language, the paper form,
    the catalogue and a data inspector, reloads open pages when a definition
    changes, and shows the `formc check` diagnostics while one is broken.
    Nothing is stored. With --intake the forms are served to citizens and
    every submission is stored in --store, answered with a receipt.
    """
    if hash_password:
        from formc.server.employees import hash_password as make_hash

        password = click.get_text_stream("stdin").readline().rstrip("\n")
        if not password:
            fail("give the password on standard input")
        click.echo(make_hash(password))
        return
    root = Path(project)
    if not root.is_dir():
        fail(f"no project folder {project}", help="give the folder that holds formc.yaml (or your *.yaml definitions)")
    if root_path and not root_path.startswith("/"):
        fail(f"--root-path `{root_path}` must start with /", help="e.g. --root-path /skjema")
    if mode == "intake":
        _intake(root, store_url, host, port, root_path.rstrip("/"), no_worker, counter_header, trusted_proxies,
                password_file, virus_scanner, reference_format, draft_days, max_request_mb, posts_per_minute,
                proxy_headers, forwarded_allow_ips)
        return
    import uvicorn

    from formc.server.preview import create_preview_app

    app = create_preview_app(root)
    click.echo(f"formc preview of {root.resolve()} on http://{host}:{port}{root_path.rstrip('/')}/ (Ctrl+C stops)", err=True)
    uvicorn.run(app, host=host, port=port, root_path=root_path.rstrip("/"), log_level="warning", access_log=False)


def _intake(root: Path, store_url: str, host: str, port: int, root_path: str, no_worker: bool, counter_header: str | None,
            trusted_proxies: tuple[str, ...], password_file: str | None, virus_scanner: str | None, reference_format: str,
            draft_days: int, max_request_mb: int, posts_per_minute: int, proxy_headers: bool,
            forwarded_allow_ips: str | None) -> None:
    from formc.commands.common import report
    from formc.commands.db import migrated_store
    from formc.project import check_project
    from formc.server.config import ConfigError, CounterAuth, Limits, ServerConfig
    from formc.server.run import run
    from formc.store import StoreURLError
    from formc.store.references import check_format

    project = check_project(root)
    if any(d.is_error for d in project.diagnostics):
        report(project.diagnostics)
        fail("the project has definition errors; fix them before serving it", code=1)
    try:
        check_format(reference_format)
    except ValueError as exc:
        fail(str(exc))
    counter = CounterAuth(counter_header, trusted_proxies or ("127.0.0.1", "::1"),
                          Path(password_file) if password_file else None)
    config = ServerConfig(root_path=root_path, counter=counter, reference_format=reference_format,
                          draft_expiry=datetime.timedelta(days=draft_days), virus_scanner=virus_scanner,
                          worker=not no_worker,
                          limits=Limits(max_request_bytes=max_request_mb * 1024 * 1024, posts_per_minute=posts_per_minute))
    store, _, _ = migrated_store(store_url, str(root))  # here, so a refusal is a clear error, not a failed start-up
    store.close()
    click.echo(f"formc intake of {root.resolve()} on http://{host}:{port}{root_path}/ (Ctrl+C stops)", err=True)
    try:
        run(project, store_url, host, port, root_path, config, proxy_headers, forwarded_allow_ips)
    except (ConfigError, StoreURLError) as exc:
        fail(str(exc))
