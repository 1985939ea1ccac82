"""``formc build``: compile a project's definitions into every target."""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

import click

from formc.build import BuildResult, WorkerDied, build
from formc.cli import leave_without_finalizing
from formc.commands.common import EXIT_INVALID, EXIT_OK, EXIT_USAGE, report, stop_on_signals
from formc.manifest import SummariesChanged
from formc.targets_api import available_targets
from formc.writer import OutputBusy, UnsafePath


class _Bar:
    """A one-line progress display, shown only when stderr is a terminal."""

    def __init__(self) -> None:
        self.enabled = sys.stderr.isatty()
        self.last = -1

    def __call__(self, what: str, done: int, total: int) -> None:
        if not self.enabled or total < 20:
            return
        percent = done * 100 // total
        if percent != self.last:
            self.last = percent
            sys.stderr.write(f"\r  {what:<12} {done}/{total} ({percent}%)\x1b[K")
            sys.stderr.flush()

    def close(self) -> None:
        if self.enabled and self.last >= 0:
            sys.stderr.write("\r\x1b[K")
        self.last = -1  # (a watching build shows it again for its next build)


@click.command("build")
@click.argument("path", default=".", type=click.Path(exists=True, file_okay=False))
@click.option("-o", "--out", type=click.Path(file_okay=False), help="Output folder (default: the project's, else build/).")
@click.option("--target", "targets", multiple=True, metavar="NAME",
              help=f"Build only this target (repeatable): {', '.join(available_targets())}.")
@click.option("--lang", "languages", multiple=True, metavar="TAG", help="Build only these languages (repeatable).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), metavar="N",
              help="Worker processes for the forms (default: FORMC_JOBS, else one per core; 1: no workers).")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but problems.")
@click.option("-w", "--watch", is_flag=True,
              help="Build, then build again whenever a definition, template or output changes (Ctrl-C stops).")
def command(path: str, out: str | None, targets: tuple[str, ...], languages: tuple[str, ...], jobs: int | None,
            quiet: bool, watch: bool) -> None:
    """Compile the definitions in PATH (default: the current folder) into OUT."""
    leave_without_finalizing()
    known = available_targets()
    for name in targets:
        if name not in known:
            click.echo(f"error: unknown target `{name}` (targets: {', '.join(known)})", err=True)
            raise click.exceptions.Exit(EXIT_USAGE)
    if watch:
        _watch(path, out, targets, languages, jobs, quiet)
    bar = _Bar()
    try:
        result = build(path, out, targets or None, languages or None, progress=bar, jobs=jobs)
    except (OutputBusy, WorkerDied, SummariesChanged) as exc:
        bar.close()
        click.echo(f"error: {exc}", err=True)
        raise click.exceptions.Exit(EXIT_USAGE) from None
    except UnsafePath as exc:
        bar.close()
        click.echo(f"error: {exc}", err=True)
        raise click.exceptions.Exit(EXIT_INVALID) from None
    except OSError as exc:
        bar.close()
        click.echo(f"error: cannot write the output: {exc.strerror} ({exc.filename}); nothing was changed", err=True)
        raise click.exceptions.Exit(EXIT_USAGE) from None
    bar.close()
    _show(result, quiet)
    raise click.exceptions.Exit(EXIT_OK if result.ok else EXIT_INVALID)


def _show(result: BuildResult, quiet: bool) -> None:
    """A build's diagnostics and what it did."""
    report(result.diagnostics)
    if not result.ok:
        click.echo("build failed; the output folder was not changed", err=True)
    elif quiet:
        return
    elif result.up_to_date:
        click.echo(f"up to date: {result.out} ({result.seconds:.2f} s)")
    else:
        click.echo(f"built {result.built} and reused {result.skipped} target outputs, "
                   f"{result.written} files written to {result.out}"
                   + (f", {result.removed} removed" if result.removed else "") + f" ({result.seconds:.2f} s)")


def _watch(path: str, out: str | None, targets: tuple[str, ...], languages: tuple[str, ...], jobs: int | None,
           quiet: bool) -> None:
    """``--watch``: build at every change until Ctrl-C or SIGTERM (see formc.watching); never returns."""
    from formc.watching import Event, Watch, watch

    bar = _Bar()

    def show(event: Event) -> None:
        bar.close()
        if event.changed and not quiet:
            more = len(event.changed) - 3
            click.echo(f"[{time.strftime('%H:%M:%S')}] changed: {', '.join(event.changed[:3])}"
                       + (f" and {more} more" if more > 0 else ""))
        if event.result is not None:
            _show(event.result, quiet)
        elif event.error is not None:
            click.echo(f"error: {event.error}", err=True)
        else:
            report(list(event.diagnostics))
            click.echo("fix formc.yaml; watching it for changes", err=True)

    def ready(paths: list[Path]) -> None:
        if not quiet:
            click.echo(f"watching {', '.join(str(p) for p in paths)} (Ctrl-C to stop)", err=True)

    stop = threading.Event()
    stop_on_signals(stop)
    try:
        watch(path, out, Watch(show, targets or None, languages or None, jobs, bar, ready, stop))
    except OutputBusy as exc:
        click.echo(f"error: {exc}", err=True)
        raise click.exceptions.Exit(EXIT_USAGE) from None
    except KeyboardInterrupt:
        pass
    raise click.exceptions.Exit(EXIT_OK)
