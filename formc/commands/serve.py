"""``formc serve``: run a project's forms as a web service (``--preview``: the authors' live preview)."""

from __future__ import annotations

from pathlib import Path

import click

from formc.commands.common import fail


@click.command("serve")
@click.argument("project", default=".", type=click.Path(file_okay=False))
@click.option("--preview", "preview", is_flag=True, default=True,
              help="Serve the authors' preview: every form and language, live reload, diagnostics (the default).")
@click.option("--host", default="127.0.0.1", show_default=True, help="The interface to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="The port to listen on.")
@click.option("--root-path", "root_path", default="", help="The URL prefix when served behind a proxy (e.g. /skjema).")
def command(project: str, preview: bool, host: str, port: int, root_path: str) -> None:
    """Serve the forms of PROJECT (default: the current folder).

    The preview shows every form in every language, the paper form, the
    catalogue and a data inspector, reloads open pages when a definition
    changes, and shows the `formc check` diagnostics while one is broken.
    Nothing is stored.
    """
    import uvicorn

    root = Path(project)
    if not root.is_dir():
        fail(f"no project folder {project}", help="give the folder that holds formc.yaml (or your *.yaml definitions)")
    if root_path and not root_path.startswith("/"):
        fail(f"--root-path `{root_path}` must start with /", help="e.g. --root-path /skjema")
    from formc.server.preview import create_preview_app

    app = create_preview_app(root)
    click.echo(f"formc preview of {root.resolve()} on http://{host}:{port}{root_path.rstrip('/')}/ (Ctrl+C stops)", err=True)
    uvicorn.run(app, host=host, port=port, root_path=root_path.rstrip("/"), log_level="warning", access_log=False)
