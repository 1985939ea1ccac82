"""Reading a file the build did not make sure of: a definition before it is parsed, an output or the
bookkeeping in the output folder. Anyone who can write there may have left a FIFO or a device under the
name, and opening one to read it blocks until a writer comes, or never ends: such a file is refused with
:class:`NotRegularFile` (an ``OSError``) instead, as a file that cannot be read."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import BinaryIO


class NotRegularFile(OSError):
    """The path names something other than a regular file (a FIFO, a device, a socket, a folder)."""


def open_regular(path: Path | str) -> BinaryIO:
    """The regular file at ``path`` (a symlink to one is followed) open to read; raises :class:`NotRegularFile`
    for anything else, without waiting on it, and ``OSError`` when it cannot be opened."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotRegularFile(errno.EINVAL, "not a regular file", str(path))
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_regular(path: Path | str, limit: int = -1) -> bytes:
    """The bytes of the regular file at ``path`` (no more than ``limit`` when it is not -1); see :func:`open_regular`."""
    with open_regular(path) as handle:
        return handle.read(limit)
