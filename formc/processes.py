"""Worker processes: a forked pool whose workers die with the process that started them.

Used by the build (forms across cores) and by PDF rendering. Pools are never
nested: code running inside a worker renders serially (:func:`in_worker`).
``multiprocessing`` and ``concurrent.futures`` are imported only where a pool is
asked about or started: a build of a few changed forms in one process never
needs them (about 10 ms of its start-up).
"""

from __future__ import annotations

import gc
import os
import sys
import time
from contextlib import ExitStack, contextmanager
from typing import TYPE_CHECKING, Iterator

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


_SERIAL = False  # set while the building process makes its first form before forking its workers


def in_worker() -> bool:
    """Whether this process is a worker of a pool or works serially for now (so it must not start a pool)."""
    import multiprocessing

    return _SERIAL or multiprocessing.parent_process() is not None


@contextmanager
def serially() -> Iterator[None]:
    """Within this block, code that would start a pool (PDF rendering) works in this process instead."""
    global _SERIAL
    previous, _SERIAL = _SERIAL, True
    try:
        yield
    finally:
        _SERIAL = previous


def can_fork() -> bool:
    """Whether workers can be forked (they then share the parent's loaded modules and data)."""
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def _die_with_parent(parent: int) -> None:
    """Worker start-up: end this worker when the process that started it ends, however it ends (SIGKILL too).

    On Linux the kernel sends SIGKILL (``PR_SET_PDEATHSIG``); elsewhere a thread watches the parent.
    """
    import ctypes
    import signal
    import threading

    pr_set_pdeathsig = 1
    armed = False
    if sys.platform.startswith("linux"):
        try:
            armed = ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0) == 0
        except (AttributeError, OSError):
            armed = False
    if not armed:
        def watch() -> None:
            while os.getppid() == parent:
                time.sleep(0.5)
            os._exit(1)

        threading.Thread(target=watch, daemon=True).start()
    if os.getppid() != parent:  # the parent died before the signal was armed
        os._exit(1)


_FROZEN = 0  # frozen_heap blocks open in this process


@contextmanager
def frozen_heap(collect: bool = False) -> Iterator[None]:
    """Within this block, the objects alive now are left out of the garbage collector's full passes.

    Set up before forking workers, so a worker's collections never walk (nor, by writing their
    collector fields, copy) the modules, caches and data it inherited; around a long run of renders
    in one process, where WeasyPrint's many short-lived objects trigger full collections that would
    walk everything loaded before; and around a build once it has read its bookkeeping. Objects frozen
    here that die later are still freed (by reference counting) and the heap is unfrozen when the
    outermost block ends. A block within another freezes what was made since too (garbage among it is
    then kept until the outer block ends). ``collect``: collect the garbage first (about 50 ms after a
    form with PDFs), for a long block, where frozen garbage would be kept all along; a pool's block is
    short, and its workers leave garbage alone.
    """
    global _FROZEN
    if collect:
        gc.collect()
    gc.freeze()
    _FROZEN += 1
    try:
        yield
    finally:
        _FROZEN -= 1
        if not _FROZEN:
            gc.unfreeze()


def refreeze() -> None:
    """Within a :func:`frozen_heap` block, freeze what was made since too (e.g. a large structure just decoded,
    which the collector would otherwise walk whole at its next pass); outside one, nothing."""
    if _FROZEN:
        gc.freeze()


@contextmanager
def worker_pool(workers: int) -> Iterator[ProcessPoolExecutor]:
    """A pool of ``workers`` processes, forked where the platform allows (they inherit what the parent
    has loaded, and the garbage collector leaves what they inherited alone: :func:`frozen_heap`); shut down
    when the block ends, so no worker outlives it (long-lived forked workers would keep inherited pipes
    of the parent open), and a worker dies with its parent when the parent is killed."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("fork" if can_fork() else None)
    with frozen_heap(), ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_die_with_parent,
                                            initargs=(os.getpid(),)) as pool:
        yield pool


_SHARED: list[ExitStack] = []  # the open one_pool block of this process (at most one), see shared_pool
_SHARED_POOL: list[ProcessPoolExecutor] = []


@contextmanager
def one_pool() -> Iterator[None]:
    """Within this block, :func:`shared_pool` gives one pool for every caller, started at the first call (forked
    then: it inherits what is loaded by that time) and shut down when the block ends. A build that makes its
    forms in one process renders all their PDFs in this one pool, not a pool per form. Nested: the outer block's."""
    if _SHARED:
        yield
        return
    with ExitStack() as stack:
        _SHARED.append(stack)
        try:
            yield
        finally:
            _SHARED.clear()
            _SHARED_POOL.clear()


def shared_pool(workers: int) -> ProcessPoolExecutor | None:
    """The pool of the open :func:`one_pool` block (started now with ``workers`` if it is not yet); None outside one."""
    if not _SHARED:
        return None
    if not _SHARED_POOL:
        _SHARED_POOL.append(_SHARED[0].enter_context(worker_pool(workers)))
    return _SHARED_POOL[0]
