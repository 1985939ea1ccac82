"""What changed between two versions of a project, for the data people submit, and is it compatible?

Two questions are answered for every change of a form:

- **stored submissions**: does every submission that was valid under the old definition still
  validate under the new one (so it can be reopened, re-validated and archived)?
- **drafts**: does every answer a saved draft holds still have a place in the new definition
  (the person resumes and is asked for anything new), or would answers be lost or refused?

A change that fails either is *breaking*; :func:`version_problems` refuses a breaking change
unless the form's major version was raised. Pages, texts and print hints leave no trace in the
data and are not compared.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterator

from formc.model import Field, Form

# type changes after which every old value is still valid
_WIDENING = frozenset({
    ("integer", "decimal"), ("text", "textarea"), ("email", "text"), ("url", "text"), ("phone", "text"),
    ("postal_code", "text"), ("org_number", "text"), ("national_id", "text"),
})
# limits whose raising makes valid old values invalid (upper bounds are the other way round)
_LOWER_BOUNDS = ("min_length", "minimum", "min_items")
_UPPER_BOUNDS = ("max_length", "maximum", "max_items", "max_size", "decimals")
_OTHER_RULES = ("pattern", "date_min", "date_max", "time_min", "time_max", "country", "currency")


@dataclass(frozen=True)
class Change:
    """One change to what a form accepts: ``kind`` is stable (for tools), ``detail`` is for people."""

    kind: str
    path: str  # the field's data path (`applicant.first_name`), "" for the form as a whole
    detail: str
    submissions_ok: bool
    drafts_ok: bool

    @property
    def breaking(self) -> bool:
        return not (self.submissions_ok and self.drafts_ok)


@dataclass
class FormDiff:
    form_id: str
    old_version: str | None
    new_version: str | None
    changes: list[Change] = field(default_factory=list)

    @property
    def breaking(self) -> bool:
        return any(c.breaking for c in self.changes)

    @property
    def major_bumped(self) -> bool:
        old, new = _major(self.old_version), _major(self.new_version)
        return old is None or new is None or new > old

    def as_dict(self) -> dict[str, Any]:
        return {
            "form": self.form_id, "old_version": self.old_version, "new_version": self.new_version,
            "breaking": self.breaking, "major_version_raised": self.major_bumped,
            "stored_submissions_compatible": all(c.submissions_ok for c in self.changes),
            "drafts_compatible": all(c.drafts_ok for c in self.changes),
            "changes": [{"kind": c.kind, "field": c.path, "detail": c.detail, "breaking": c.breaking,
                         "stored_submissions_compatible": c.submissions_ok, "drafts_compatible": c.drafts_ok}
                        for c in self.changes],
        }


def _major(version: str | None) -> int | None:
    match = re.match(r"([0-9]+)\.", version or "")
    return int(match[1]) if match else None


def _fields(form: Form) -> dict[tuple[str, ...], Field]:
    """Every field that holds data, by its data path (pages leave no trace in the data)."""
    found: dict[tuple[str, ...], Field] = {}
    for page in form.pages:
        for top in page.fields:
            for one in top.walk():
                if one.has_value:
                    found[one.path] = one
    return found


def _is_required(f: Field) -> bool:
    return f.required and f.required_if is None


def diff_projects(old: dict[str, Form], new: dict[str, Form]) -> list[FormDiff]:
    """The changes of every form, in form id order; forms without changes are left out."""
    out = []
    for form_id in sorted(set(old) | set(new)):
        before, after = old.get(form_id), new.get(form_id)
        result = FormDiff(form_id, before.version if before else None, after.version if after else None)
        if before is None:
            result.changes.append(Change("form-added", "", "new form", True, True))
        elif after is None:
            result.changes.append(Change("form-removed", "", "the form is gone: stored submissions and drafts "
                                         "have no definition to be read with", False, False))
        else:
            result.changes.extend(diff_forms(before, after))
        if result.changes:
            out.append(result)
    return out


def diff_forms(old: Form, new: Form) -> list[Change]:
    before, after = _fields(old), _fields(new)
    changes: list[Change] = []
    for path in sorted(set(before) | set(after)):
        dotted = ".".join(path)
        if path not in after:
            if path[:-1] in before and path[:-1] not in after:
                continue  # inside a removed group: reported once, for the group
            changes.append(Change("field-removed", dotted, f"`{dotted}` ({before[path].type}) was removed: stored "
                                  "answers to it are now unknown keys", False, False))
        elif path not in before:
            if path[:-1] in after and path[:-1] not in before:
                continue
            f = after[path]
            required = _is_required(f) or f.required_if is not None
            changes.append(Change("field-added", dotted, f"`{dotted}` ({f.type}) was added" +
                                  (" as a required field: stored submissions lack it" if required else ""),
                                  not required, True))
        else:
            changes.extend(_field_changes(dotted, before[path], after[path]))
    changes.extend(_rule_changes(old, new))
    return changes


def _field_changes(dotted: str, old: Field, new: Field) -> Iterator[Change]:
    if old.type != new.type:
        widening = (old.type, new.type) in _WIDENING
        yield Change("type-changed", dotted, f"type {old.type} → {new.type}" +
                     (" (every old value is still valid)" if widening else ": stored values may not fit"),
                     widening, widening)
        return  # the type's own settings are not comparable across types
    yield from _requirement_changes(dotted, old, new)
    old_options, new_options = [o.value for o in old.options], [o.value for o in new.options]
    removed = [v for v in old_options if v not in new_options]
    added = [v for v in new_options if v not in old_options]
    if removed:
        yield Change("options-removed", dotted, "options removed: " + ", ".join(f"`{v}`" for v in removed) +
                     " (stored answers may hold them)", False, False)
    if added:
        yield Change("options-added", dotted, "options added: " + ", ".join(f"`{v}`" for v in added), True, True)
    for name in _LOWER_BOUNDS + _UPPER_BOUNDS:
        was, now = getattr(old, name), getattr(new, name)
        if was == now:
            continue
        upper = name in _UPPER_BOUNDS
        looser = now is None or (was is not None and (now > was if upper else now < was))
        yield Change("limit-loosened" if looser else "limit-tightened", dotted,
                     f"`{name}` {_shown(was)} → {_shown(now)}", looser, True)
    for name in _OTHER_RULES:
        was, now = getattr(old, name), getattr(new, name)
        was, now = getattr(was, "source", was), getattr(now, "source", now)
        if was != now:
            yield Change("limit-loosened" if now is None else "limit-tightened", dotted,
                         f"`{name}` {_shown(was)} → {_shown(now)}", now is None, True)
    if set(old.accept) != set(new.accept):
        narrower = bool(new.accept) and not set(old.accept) <= set(new.accept)
        yield Change("limit-tightened" if narrower else "limit-loosened", dotted,
                     f"`accept` {', '.join(old.accept) or 'anything'} → {', '.join(new.accept) or 'anything'}",
                     not narrower, True)


def _requirement_changes(dotted: str, old: Field, new: Field) -> Iterator[Change]:
    was_always, now_always = _is_required(old), _is_required(new)
    if not was_always and now_always:
        yield Change("newly-required", dotted, "now required: stored submissions may lack it", False, True)
    elif was_always and not now_always:
        if new.required_if is not None:
            yield Change("required-condition-changed", dotted, f"now required only when `{new.required_source}`",
                         True, True)
        else:
            yield Change("no-longer-required", dotted, "no longer required", True, True)
    elif not now_always and old.required_source != new.required_source:
        if new.required_source is None:
            yield Change("no-longer-required", dotted, f"no longer required when `{old.required_source}`", True, True)
        else:
            yield Change("required-condition-changed", dotted,
                         f"required when `{_shown(old.required_source)}` → when `{new.required_source}`: "
                         "stored submissions may lack it", False, True)
    if old.visible_source != new.visible_source:
        if new.visible_source is None:
            ok = not (now_always or new.required_if is not None)
            yield Change("condition-removed", dotted, f"always shown (was: only when `{old.visible_source}`)" +
                         ("" if ok else ": stored submissions where it was hidden lack it"), ok, True)
        elif old.visible_source is None:
            yield Change("condition-added", dotted, f"now shown only when `{new.visible_source}`: stored answers "
                         "may now be hidden (and must then be absent)", False, True)
        else:
            yield Change("condition-changed", dotted,
                         f"shown when `{old.visible_source}` → when `{new.visible_source}`: stored answers "
                         "may now be hidden (and must then be absent), or missing where it is newly shown", False, True)


def _rule_changes(old: Form, new: Form) -> Iterator[Change]:
    before = {r.id: r.source for r in old.rules}
    after = {r.id: r.source for r in new.rules}
    for rule_id in sorted(set(before) | set(after)):
        if rule_id not in after:
            yield Change("rule-removed", "", f"rule `{rule_id}` removed", True, True)
        elif rule_id not in before:
            yield Change("rule-added", "", f"rule `{rule_id}` added: `{after[rule_id]}`", False, True)
        elif before[rule_id] != after[rule_id]:
            yield Change("rule-changed", "", f"rule `{rule_id}`: `{before[rule_id]}` → `{after[rule_id]}`", False, True)


def _shown(value: Any) -> str:
    return "none" if value is None else str(value)
