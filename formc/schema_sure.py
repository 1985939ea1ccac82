"""Checks generated from the language schema that answer True only for a value they are sure is valid.

The first pass of the language-schema check (:mod:`formc.schema_check`): one Python function per schema
node, written out as code (an ``if``/``elif`` per property, the simple values tested in line), so a clean
definition is accepted without fastjsonschema's generic code (a set of keys copied per object, a test per
known key, a path string built per call). False means "not sure": the value breaks a rule, or a rule here
is one this module does not write out (``if``/``then``, ``allOf``, a float where an integer is asked...);
the caller then runs the full compiled check, which decides. So a False never changes a result, and a True
must only be given to a valid value: ``tests/core/test_schema_quick.py`` holds every True to the full
validator.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

# annotations, and the keywords written out below; a node with any other keyword is never sure
_ANNOTATIONS = frozenset({"description", "title", "default", "examples", "$comment", "markdownDescription"})
_BY_TYPE = {
    "string": frozenset({"minLength", "maxLength", "pattern"}),
    "integer": frozenset({"minimum", "maximum"}),
    "number": frozenset({"minimum", "maximum"}),
    "boolean": frozenset(),
    "null": frozenset(),
    "array": frozenset({"items", "minItems", "maxItems", "uniqueItems"}),
    "object": frozenset({"required", "properties", "additionalProperties", "propertyNames", "minProperties"}),
}
_ANY_TYPE = frozenset({"type", "const", "enum", "$ref", "anyOf", "oneOf"})
# the test of each JSON type: exact Python types (a loaded file holds only these), bool apart from int
_TYPE_TEST = {"string": "type({0}) is str", "integer": "type({0}) is int", "number": "type({0}) in (int, float)",
              "boolean": "type({0}) is bool", "null": "{0} is None", "array": "type({0}) is list",
              "object": "type({0}) is dict"}
_FAMILY = {"integer": "number"}  # types one value can have both of
_SEEN_MAX = 4096  # texts remembered per pattern as matching it


def matches(pattern: re.Pattern, seen: set[str], text: str) -> bool:
    """Whether ``pattern`` finds a match in ``text``, remembering texts it matched in ``seen``."""
    if pattern.search(text) is None:
        return False
    if len(seen) < _SEEN_MAX:
        seen.add(text)
    return True


class _Writer:
    """Writes the functions of one check: a function per schema node, named ``_f<n>``."""

    def __init__(self, definitions: dict[str, Any]):
        self.definitions = definitions
        self.names: dict[int, str] = {}
        self.keep: list[Any] = []  # the nodes named, alive while their ids name them
        self.lines: list[str] = []
        self.constants: list[str] = []  # the source of each constant ``_c<n>``

    def constant(self, source: str) -> str:
        self.constants.append(source)
        return f"_c{len(self.constants) - 1}"

    def values(self, values: Any) -> str:
        return self.constant(f"frozenset({sorted(values)!r})")

    def function(self, node: Any) -> str:
        if isinstance(node, dict) and set(node) - _ANNOTATIONS == {"$ref"}:
            node = self.resolve(node["$ref"])
        key = id(node)
        if key not in self.names:
            self.names[key] = name = f"_f{len(self.names)}"
            self.keep.append(node)
            body = self.body(node)
            self.lines += [f"def {name}(v):", *(f"    {line}" for line in body), ""]
        return self.names[key]

    def resolve(self, ref: str) -> Any:
        prefix = "#/definitions/"
        return self.definitions.get(ref[len(prefix):], False) if ref.startswith(prefix) else False

    def test(self, node: Any, var: str) -> str:
        """An expression true only when ``var`` is sure to be valid against ``node``."""
        inline = self.inline(node, var)
        return inline if inline is not None else f"{self.function(node)}({var})"

    def inline(self, node: Any, var: str) -> str | None:
        """The test of a node of one scalar type and its own keywords, as one expression; None for others."""
        if node is True or node == {}:
            return "True"
        if not isinstance(node, dict):
            return None
        keys = set(node) - _ANNOTATIONS
        kind = node.get("type")
        if kind in ("string", "integer", "number", "boolean", "null") and keys <= _BY_TYPE[kind] | {"type"}:
            return " and ".join([_TYPE_TEST[kind].format(var), *self.scalar(node, var)])
        if keys <= {"const", "enum"} and keys:
            return self.literal(node, var)
        return None

    def scalar(self, node: dict, var: str) -> list[str]:
        tests = []
        if "minLength" in node:
            tests.append(f"len({var}) >= {int(node['minLength'])}")
        if "maxLength" in node:
            tests.append(f"len({var}) <= {int(node['maxLength'])}")
        if "pattern" in node:
            pattern, seen = self.constant(f"re.compile({node['pattern']!r})"), self.constant("set()")
            tests.append(f"({var} in {seen} or matches({pattern}, {seen}, {var}))")
        if "minimum" in node:
            tests.append(f"{var} >= {node['minimum']!r}")
        if "maximum" in node:
            tests.append(f"{var} <= {node['maximum']!r}")
        return tests

    def literal(self, node: dict, var: str) -> str:
        """``const`` and ``enum`` of texts and whole numbers (other values: never sure)."""
        tests = []
        for values in ([node["const"]] if "const" in node else None, node.get("enum")):
            if values is None:
                continue
            kinds = {type(value) for value in values}
            if kinds == {str}:
                tests.append(f"type({var}) is str and {var} in {self.values(values)}")
            elif kinds == {int}:
                tests.append(f"type({var}) is int and {var} in {self.values(values)}")
            else:
                return "False"
        return " and ".join(tests)

    def body(self, node: Any) -> list[str]:
        """Lines of a function of ``v`` that return True only when ``v`` is sure to be valid against ``node``."""
        if node is True or node == {}:
            return ["return True"]
        if not isinstance(node, dict):
            return ["return False"]
        keys = set(node) - _ANNOTATIONS
        kind = node.get("type")
        if not isinstance(kind, (str, type(None))) or kind is not None and kind not in _BY_TYPE:
            return ["return False"]
        allowed = _ANY_TYPE | (_BY_TYPE[kind] if kind else frozenset())
        if keys - allowed:
            return ["return False"]
        lines = []
        if kind is not None:
            lines.append(f"if not ({_TYPE_TEST[kind].format('v')}): return False")
        if "const" in node or "enum" in node:
            lines.append(f"if not ({self.literal(node, 'v')}): return False")
        if "$ref" in node:
            lines.append(f"if not {self.function(self.resolve(node['$ref']))}(v): return False")
        if "anyOf" in node:  # an object's branches that only require keys are decided exactly
            tests = [(self.exact(branch) if kind == "object" else None) or self.test(branch, "v") for branch in node["anyOf"]]
            lines.append(f"if not ({' or '.join(tests)}): return False")
        if "oneOf" in node:
            lines.append(self.one_of(node["oneOf"], kind))
        if kind in ("string", "integer", "number") and keys & _BY_TYPE[kind]:
            lines.append(f"if not ({' and '.join(self.scalar(node, 'v'))}): return False")
        elif kind == "array":
            lines += self.array(node)
        elif kind == "object":
            lines += self.object(node)
        return lines + ["return True"]

    def one_of(self, branches: list, kind: str | None) -> str:
        """``oneOf`` of branches of different JSON types (at most one can pass), or of an object's branches that
        only require keys and refuse others (each decided exactly); other ``oneOf``: never sure."""
        types = [b.get("type") if isinstance(b, dict) else None for b in branches]
        families = [_FAMILY.get(t, t) for t in types]
        if all(isinstance(t, str) and t in _BY_TYPE for t in types) and len(set(families)) == len(families):
            return f"if not ({' or '.join(self.test(branch, 'v') for branch in branches)}): return False"
        exact = [self.exact(branch) for branch in branches] if kind == "object" else [None]
        if None not in exact:
            return f"if [{', '.join(exact)}].count(True) != 1: return False"  # type: ignore[arg-type]
        return "return False"

    def exact(self, node: Any) -> str | None:
        """Whether the mapping ``v`` passes ``node``, exactly, for a node of ``required`` and ``not`` alone."""
        if not isinstance(node, dict) or not set(node) <= {"required", "not"}:
            return None
        tests = []
        if "required" in node:
            tests.append(f"{self.values(node['required'])} <= v.keys()")
        if "not" in node:
            inner = self.exact(node["not"])
            if inner is None:
                return None
            tests.append(f"not ({inner})")
        return "(" + " and ".join(tests or ["True"]) + ")"

    def array(self, node: dict) -> list[str]:
        lines = []
        if "minItems" in node:
            lines.append(f"if len(v) < {int(node['minItems'])}: return False")
        if "maxItems" in node:
            lines.append(f"if len(v) > {int(node['maxItems'])}: return False")
        if "items" in node:
            items = node["items"]
            if not isinstance(items, dict):
                return ["return False"]
            lines.append(f"for x in v:\n        if not ({self.test(items, 'x')}): return False")
        if node.get("uniqueItems"):  # texts alone: equal exactly when == says so
            lines.append("if not all(type(x) is str for x in v) or len(set(v)) != len(v): return False")
        return lines

    def object(self, node: dict) -> list[str]:
        lines = []
        if "required" in node:
            lines.append(f"if not {self.values(node['required'])} <= v.keys(): return False")
        if "minProperties" in node:
            lines.append(f"if len(v) < {int(node['minProperties'])}: return False")
        properties = node.get("properties", {})
        extra = node.get("additionalProperties", True)
        names = node.get("propertyNames")
        if not properties and extra is True and names is None:
            return lines
        loop = []
        if names is not None:  # keys are texts: the node's keywords for texts apply
            names = {"type": "string", **names} if isinstance(names, dict) and "type" not in names else names
            loop.append(f"if not ({self.test(names, 'k')}): return False")
        for index, (key, sub) in enumerate(properties.items()):
            loop.append(f"{'if' if index == 0 else 'elif'} k == {key!r}:")
            loop.append(f"    if not ({self.test(sub, 'x')}): return False")
        if extra is not True:
            refuse = "return False" if extra is False else f"if not ({self.test(extra, 'x')}): return False"
            loop += ["else:", f"    {refuse}"] if properties else [refuse]
        return lines + ["for k, x in v.items():", *(f"    {line}" for line in loop)]


def sure_source(node: Any, definitions: dict[str, Any]) -> str:
    """The code of a function ``sure(value)`` that answers True only for a value valid against ``node``
    (``$ref``s into ``definitions``): a module's worth, its names ``_c<n>``, ``_f<n>`` and ``sure``."""
    writer = _Writer(definitions)
    name = writer.function(node)
    constants = [f"_c{index} = {source}" for index, source in enumerate(writer.constants)]
    return "\n".join(["import re", "", "from formc.schema_sure import matches", "", *constants, "", "",
                      *writer.lines, f"sure = {name}", ""])


def sure_check(node: Any, definitions: dict[str, Any]) -> Callable[[Any], bool]:
    """The function of :func:`sure_source`, compiled now."""
    namespace: dict[str, Any] = {}
    exec(compile(sure_source(node, definitions), "<formc.schema_sure>", "exec"), namespace)  # noqa: S102 - written above
    return namespace["sure"]
