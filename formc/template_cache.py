"""The targets' shipped templates compiled ahead of time: a Jinja bytecode cache that answers from :mod:`formc._templates`.

Jinja compiles a template by parsing it and generating Python source, and that is most of a
template's first use (``fields.html.j2`` about 22 ms of CPU; a build of one changed form with the
four text targets spent about 60 ms on it). ``python -m formc.codegen`` writes that source for
every shipped template into :mod:`formc._templates`, one module a template, and Python keeps its
byte code. :class:`Precompiled` hands Jinja the code of a template whose source is exactly the one
it was generated from (Jinja's own checksum of the source) with the template's file as its file
name: the very code object Jinja would compile. A project's own template of the same name, an
edited one or another Jinja version is compiled as before.
"""

from __future__ import annotations

import importlib.util
from types import CodeType
from typing import TYPE_CHECKING

import jinja2
from jinja2.bccache import Bucket

if TYPE_CHECKING:
    from jinja2 import Environment

PACKAGE = "formc._templates"


class Precompiled(jinja2.BytecodeCache):
    """The shipped templates of one target, compiled ahead of time; nothing is ever written."""

    def __init__(self, target: str) -> None:
        self.target = target
        try:
            from formc import _templates
        except ImportError:  # not made yet: python -m formc.codegen is making it the first time
            self.known = {}
        else:
            self.known = _templates.TEMPLATES if _templates.JINJA == jinja2.__version__ else {}

    def get_bucket(self, environment: Environment, name: str, filename: str | None, source: str) -> Bucket:
        bucket = Bucket(environment, name, self.get_source_checksum(source))
        shipped = self.known.get((self.target, name))
        if shipped is not None and filename is not None and shipped[1] == bucket.checksum:
            spec = importlib.util.find_spec(f"{PACKAGE}.{shipped[0]}")
            assert spec is not None and spec.loader is not None
            bucket.code = _named(spec.loader.get_code(spec.name), filename)  # type: ignore[attr-defined]
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        """Nothing: :meth:`get_bucket` answers, knowing the template's file."""

    def dump_bytecode(self, bucket: Bucket) -> None:
        """Nothing: a template compiled now is kept by its environment only, as without this cache."""


def _named(code: CodeType, filename: str) -> CodeType:
    """``code`` and the code of every function in it as compiled from ``filename`` (tracebacks name the template)."""
    consts = tuple(_named(const, filename) if isinstance(const, CodeType) else const for const in code.co_consts)
    return code.replace(co_filename=filename, co_consts=consts)
