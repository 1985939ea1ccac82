"""The validator's walk of one object, generated as Python once per form (see :mod:`formc.validator`).

For each object of a form (its top level, each group, a repeat's item) one
function is written and compiled when the form is first validated: per field,
in form order, the same decisions as a loop over the fields would take, without
the loop's per-field dispatch. Each distinct ``visible_if`` of an object is
evaluated once, first (conditions are pure: when they run does not matter).
A value passes when its acceptor (:mod:`formc.acceptance`; the simplest are
written out) says so; otherwise the run's full check of the field's type
reports what it finds. Errors, and their order, are those of the loop.

The generated text holds only names it makes itself, string literals
(``repr``) of field ids and integers; every other value it reads (fields,
conditions, acceptors, limits) is a name bound in its own namespace.
"""

from __future__ import annotations

from typing import Any, Callable

from formc.acceptance import NO_LIMIT, refusal
from formc.model import Field

# run, object, condition stack, today, JSON pointer of the object: errors go to run (formc.validator._Run)
Walk = Callable[[Any, dict, list, Any, str], None]


def walker(steps: tuple[tuple[Any, ...], ...], known: frozenset[str]) -> Walk:
    """The walk of an object with these steps (formc.validator._Plan.steps) and known keys."""
    namespace: dict[str, Any] = {}

    def bind(value: Any) -> str:
        name = f"_{len(namespace)}"
        namespace[name] = value
        return name

    conditions: list[str] = []
    body: list[str] = []
    shown: dict[Any, str] = {}  # a visible_if → the local holding its value: fields often share one
    for key, segment, field, visible, required, required_if, accept, plan in steps:
        here = f"pointer + {bind('/' + segment)}"
        f = bind(field)
        flag = None
        if visible is not None:
            condition = field.visible_if if _hashable(field.visible_if) else id(field.visible_if)
            if condition not in shown:
                shown[condition] = f"shown{len(shown)}"
                conditions.append(f"    {shown[condition]} = {bind(visible)}(stack, today)")
            flag = shown[condition]
        body.append(f"    if {key!r} in obj:")
        indent = "        "
        if flag is not None:
            body += [f"        if not {flag}:", f"            run.hidden({f}, {here})", "        else:"]
            indent = "            "
        body.append(f"{indent}value = obj[{key!r}]")
        body += [indent + line for line in _present(field, accept, plan, f, here, bind)]
        absent = _absent(field, required, required_if, plan, f, here, bind)
        if absent:
            body.append(f"    elif {flag}:" if flag is not None else "    else:")
            body += ["        " + line for line in absent]
    names = bind(known)
    body += [f"    if len(obj) > {len(known)} or not {names}.issuperset(obj):", f"        run.unknown(obj, {names}, pointer)"]
    source = "def walk(run, obj, stack, today, pointer):\n" + "".join(line + "\n" for line in conditions + body)
    exec(compile(source, "<formc.walker>", "exec"), namespace)  # our own text: names, literals, integers
    return namespace["walk"]  # type: ignore[no-any-return]


def _hashable(value: Any) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


def _present(field: Field, accept: Any, plan: Any, f: str, here: str, bind: Callable[[Any], str]) -> list[str]:
    """Lines for an answered, visible field: nothing more when the answer ``value`` is accepted, else its full check."""
    if plan is not None:  # the usual group or repeat straight into its fields' walk; anything else via run.container
        walk, fallback = bind(plan.walk), f"    run.container({f}, {bind(plan)}, value, stack, {here})"
        if field.type == "group":
            return ["if type(value) is dict and value:", f"    {walk}(run, value, run.inner(stack, value), today, {here})",
                    "else:", fallback]
        low, high = max(1, field.min_items or 0), NO_LIMIT if field.max_items is None else field.max_items
        return [f"if type(value) is list and {low} <= len(value) <= {high}:",  # no items error: each item in turn
                f"    here = {here}",
                "    for index, item in enumerate(value):",
                "        if isinstance(item, dict):",
                f"            {walk}(run, item, run.inner(stack, item), today, f'{{here}}/{{index}}')",
                "        else:",
                f"            run.add(f'{{here}}/{{index}}', 'type', {f}, 'object')",
                "else:", fallback]
    check = f"run.value({f}, value, stack, {here})"
    if accept is None:
        return [check]
    return [f"if {refusal(field, accept, bind)}:", f"    {check}"]


def _absent(field: Field, required: bool, required_if: Any, plan: Any, f: str, here: str,
            bind: Callable[[Any], str]) -> list[str]:
    """Lines for an unanswered visible field: "required" when it is needed; an absent group's own fields."""
    group = plan is not None and field.type == "group"
    kind = "required_choice" if field.type in ("choice", "multichoice", "boolean") else \
        "required_file" if field.type == "file" else "consent" if field.type == "consent" else "required"
    if not required:
        return [f"run.absent_group({f}, {bind(plan)}, False, stack, {here})"] if group and field.always_present else []
    if required_if is None:
        if group:
            return [f"run.absent_group({f}, {bind(plan)}, True, stack, {here})"]
        return [f"run.add({here}, 'required', {f}, {kind!r})"]
    lines = [f"needed = {bind(required_if)}(stack, today)"]
    if group and field.always_present:
        return lines + [f"run.absent_group({f}, {bind(plan)}, needed, stack, {here})"]
    if group:
        return lines + ["if needed:", f"    run.absent_group({f}, {bind(plan)}, needed, stack, {here})"]
    return lines + ["if needed:", f"    run.add({here}, 'required', {f}, {kind!r})"]
