"""A definitions project: find its files, load and check them, and hold the resulting forms.

``formc.load(path)`` is the entry point for servers and tools; the CLI uses
:func:`check_project` to get every diagnostic without raising.
"""

from __future__ import annotations

import dataclasses
import datetime
import os
import zoneinfo
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from formc.archive_config import (
    DEFAULT_CLASSIFICATION_SYSTEMS, DEFAULT_DELIVERY_METHODS, ArchiveConfig, Identity, Routing, identity,
)
from formc.checker import FormBuilder
from formc.class_plan import check_titles, title_rows
from formc.diagnostics import DefinitionError, Diagnostic, Diagnostics, Span
from formc.loader import SourceFile, load_file
from formc.model import ClassificationPlan, Footer, Form, Organisation, Text
from formc.schema_check import check_against_schema, salvage
from formc.suggest import did_you_mean

PROJECT_FILE = "formc.yaml"
RESERVED_FORM_IDS = frozenset({"index", "catalogue", "formc"})  # names of shared output files
DEFAULT_ORGANISATION = Organisation(name=Text({"en": "The municipality"}))
DEFAULT_TIMEZONES = {"NO": "Europe/Oslo", "DK": "Europe/Copenhagen"}
SERVICE_KEYS = ("delivery", "notify", "cases", "reports")  # settings of the running service (docs/operations.md)


@dataclass(frozen=True)
class Settings:
    root: Path
    definitions: Path
    output: Path
    targets: tuple[str, ...] | None
    organisation: Organisation
    base_url: str | None = None
    templates: Path | None = None  # a folder whose files override the targets' templates
    country: str = "NO"  # NO or DK: archive classification, working-day calendar, identity numbers
    timezone: str = "Europe/Oslo"  # every local date and time (received, deadlines, "today")
    languages: tuple[str, ...] | None = None  # the languages `formc new` gives a new form
    archive: ArchiveConfig = ArchiveConfig()  # the `archive:` settings (see formc.archive_config)
    classification_plan: ClassificationPlan | None = None  # dates the Noark 5 classes of the noark target
    service: Mapping[str, Any] = field(default_factory=dict)  # formc.yaml's delivery, notify, cases, reports blocks

    @property
    def has_organisation(self) -> bool:
        """Whether formc.yaml names the organisation (without one, nothing may be built)."""
        return self.organisation.name is not DEFAULT_ORGANISATION.name  # the stand-in's name, footer or not


@dataclass
class Project:
    settings: Settings
    forms: dict[str, Form] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    file_ids: dict[str, tuple[str, str]] = field(default_factory=dict)  # loaded file → (kind, id)

    @property
    def root(self) -> Path:
        return self.settings.root

    @property
    def organisation(self) -> Organisation:
        return self.settings.organisation

    def form(self, form_id: str) -> Form:
        try:
            return self.forms[form_id]
        except KeyError:
            hint = did_you_mean(form_id, self.forms)
            raise KeyError(f"no form `{form_id}` in {self.root}" + (f"; {hint}" if hint else "")) from None


def display_path(path: Path, root: Path) -> str:
    """``path`` as diagnostics show it: relative to the working folder where it can be."""
    try:
        return os.path.relpath(path, Path.cwd())
    except ValueError:
        return str(path)


def _footer(raw: dict | None) -> Footer:
    raw = raw or {}
    links = tuple((Text(link["text"] if isinstance(link["text"], dict) else {"nb": link["text"]}), link["url"])
                  for link in raw.get("links", ()))
    return Footer(raw.get("privacy"), raw.get("accessibility"), links)


def _organisation(raw: dict | None, footer: Footer = Footer()) -> Organisation:
    if not raw:
        return DEFAULT_ORGANISATION  # nothing can be built without an organisation (FC016), footer or not
    name = raw["name"]
    address = raw.get("address") or {}
    return Organisation(
        name=Text(name if isinstance(name, dict) else {"nb": name}), org_number=raw.get("org_number"),
        municipality_number=raw.get("municipality_number"), street=address.get("street"),
        postal_code=address.get("postal_code"), city=address.get("city"), email=raw.get("email"),
        phone=raw.get("phone"), url=raw.get("url"), currency=raw.get("currency", "NOK"), footer=footer)


def read_settings(path: Path, diags: Diagnostics) -> Settings | None:
    """Settings of the project at ``path`` (a folder, with or without formc.yaml)."""
    root = path.resolve()
    project_file = root / PROJECT_FILE
    if not project_file.is_file():
        return Settings(root, root, root / "build", None, DEFAULT_ORGANISATION)
    source = load_file(project_file, display_path(project_file, root), diags)
    if source is None or not check_against_schema(source, "project", diags):
        return None
    raw = source.data
    definitions = _folder(root, raw.get("definitions", "."))
    if definitions is None or not definitions.is_dir():
        diags.error("FC010", f"the definitions folder `{raw.get('definitions')}` does not exist",
                    source.span(("definitions",)), "point `definitions:` at the folder that holds your *.yaml files")
        return None
    templates = (root / raw["templates"]).resolve() if "templates" in raw else None
    country = raw.get("country", "NO")
    timezone = raw.get("timezone", DEFAULT_TIMEZONES[country])
    if not _known_timezone(timezone):
        diags.error("FC013", f"unknown time zone `{timezone}`", source.span(("timezone",)),
                    "use an IANA time zone name such as Europe/Oslo or Europe/Copenhagen")
        return None
    archive = _archive_config(raw.get("archive") or {}, source, diags)
    if archive is None:
        return None
    organisation = _organisation(raw.get("organisation"), _footer(raw.get("footer")))
    plan = _classification_plan(raw.get("classification_plan"), organisation, source, diags)
    return Settings(root, definitions, (root / raw.get("output", "build")).resolve(),
                    tuple(raw["targets"]) if "targets" in raw else None, organisation,
                    raw.get("base_url"), templates, country, timezone,
                    tuple(raw["languages"]) if "languages" in raw else None, archive, plan,
                    {key: raw[key] for key in SERVICE_KEYS if key in raw})


def _archive_config(raw: dict, source: SourceFile, diags: Diagnostics) -> ArchiveConfig | None:
    """The project's ``archive:`` settings; None (with diagnostics) when routing names undeclared units."""
    units = tuple((str(k), v) for k, v in (raw.get("units") or {}).items())
    systems = {**DEFAULT_CLASSIFICATION_SYSTEMS, **(raw.get("classification_systems") or {})}
    methods = {**DEFAULT_DELIVERY_METHODS, **{k: (v["code"], v.get("description", v["code"]))
                                              for k, v in (raw.get("delivery_methods") or {}).items()}}
    routing_raw = raw.get("routing") or {}
    ok = True

    def named(key: str, unit: bool) -> Identity | None:
        nonlocal ok
        if routing_raw.get(key) is None:
            return None
        ident, known = identity(routing_raw[key], units if unit else ())
        if not known:
            diags.error("FC262", f"routing names unknown administrative unit `{ident.id}`",
                        source.span(("archive", "routing", key)),
                        did_you_mean(ident.id or "", dict(units)) or f"declare it under `archive: units:` "
                        f"(declared: {', '.join(dict(units))})")
            ok = False
        return ident

    routing = Routing(routing_raw.get("rule"), routing_raw.get("archive_part"), named("administrative_unit", True),
                      named("case_officer", False), routing_raw.get("journal_unit"), named("internal_recipient", True))
    if not ok:
        return None
    return ArchiveConfig(
        classification_systems=tuple((k, v if isinstance(v, str) else (("common", v["common"]), ("subject", v["subject"])))
                                     for k, v in systems.items()),
        language=raw.get("language"), units=units, routing=routing, delivery_methods=tuple(methods.items()))


def _classification_plan(raw: dict | None, organisation: Organisation, source: SourceFile,
                         diags: Diagnostics) -> ClassificationPlan | None:
    if raw is None:
        return None
    try:
        adopted = datetime.date.fromisoformat(raw["adopted"])
    except ValueError:
        diags.error("FC014", f"`{raw['adopted']}` is not a date", source.span(("classification_plan", "adopted")),
                    "write the date the classification plan was adopted as YYYY-MM-DD")
        return None
    return ClassificationPlan(adopted, raw.get("created_by") or organisation.name(organisation.name.languages[0]))


def _folder(root: Path, name: str) -> Path | None:
    """``root / name`` resolved, or None if the operating system cannot take that name."""
    try:
        return (root / name).resolve()
    except (OSError, ValueError):
        return None


def _known_timezone(name: str) -> bool:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return True


def definition_files(settings: Settings) -> list[Path]:
    """Every definition file, in a stable order; the output folder and hidden folders are skipped."""
    return [Path(path) for path in definition_paths(settings)]


def definition_paths(settings: Settings) -> list[str]:
    """:func:`definition_files` as strings (5,000 ``Path`` objects cost a build more than the walk)."""
    files = []
    output = str(settings.output)
    for folder, subfolders, names in os.walk(settings.definitions):
        subfolders[:] = [d for d in subfolders if not d.startswith(".") and os.path.join(folder, d) != output]
        for name in names:
            if name.endswith(".yaml") and not name.startswith("."):
                if name == PROJECT_FILE and Path(folder) == settings.root:
                    continue
                files.append(os.path.join(folder, name))
    return sorted(files, key=lambda path: path.split(os.sep))  # Path's order: folder by folder


@dataclass
class Definition:
    """One definition file, loaded and checked against the language schema.

    ``salvaged``: the file had schema errors and only its valid remainder was checked (it never becomes a
    form); ``lost_fields``: that remainder lost fields, so checks that need every field are skipped.
    """

    file: str
    source: SourceFile
    kind: str
    ident: str
    salvaged: bool = False
    lost_fields: bool = False


def _undecodable_byte(text: str) -> int | None:
    """The first byte of ``text`` the file system's encoding could not decode (kept as a surrogate), if any."""
    found = next((char for char in text if "\udc80" <= char <= "\udcff"), None)
    return None if found is None else ord(found) - 0xDC00


def load_definition(file: Path, settings: Settings, diags: Diagnostics) -> Definition | None:
    """Load one definition file and check it against the language schema; None when nothing usable is left."""
    display = display_path(file, settings.root)
    byte = _undecodable_byte(os.path.relpath(file, settings.definitions))
    if byte is not None:  # a name no manifest, URL or catalogue can hold as it is
        diags.error("FC006", f"the file's name is not valid UTF-8 (byte 0x{byte:02x})", Span(display, 1, 1),
                    "rename it (or its folder in the definitions folder) with a name in UTF-8")
        return None
    source = load_file(file, display, diags)
    if source is None:
        return None
    if not isinstance(source.data, dict):
        diags.error("FC011", "a definition must be a mapping that starts with `formc: 1`", source.span(),
                    "start the file with `formc: 1` and `kind: form`")
        return None
    salvaged = lost_fields = False
    if not check_against_schema(source, "", diags):
        # check what is left too, so one run reports every problem; such a file never becomes a form
        salvaged_source = salvage(source)
        if salvaged_source is None:
            return None
        source, lost_fields = salvaged_source
        salvaged = True
    kind, ident = source.data["kind"], source.data["id"]
    if kind == "form" and ident in RESERVED_FORM_IDS:
        diags.error("FC308", f"`{ident}` cannot be a form id: the catalogue's shared files use that name",
                    source.span(("id",)), "choose another id, e.g. `" + ident + "-form`")
        return None
    return Definition(str(file), source, kind, ident, salvaged, lost_fields)


def incomplete_blocks(blocks: Mapping[str, Definition]) -> frozenset[str]:
    """Blocks whose files lost fields to schema errors: forms using them skip checks that need every field."""
    return frozenset(ident for ident, block in blocks.items() if block.lost_fields)


def build_form(definition: Definition, blocks: Mapping[str, SourceFile], lists: Mapping[str, SourceFile],
               settings: Settings, incomplete: frozenset[str], diags: Diagnostics) -> Form | None:
    """Check a form definition with the blocks and lists it uses and build its model; None when it has errors."""
    form = FormBuilder(definition.source, blocks, lists, settings.organisation, diags, settings.country,
                       settings.timezone, incomplete, definition.lost_fields,
                       archive_config=settings.archive).build()
    if form is None or definition.salvaged:
        return None
    return dataclasses.replace(form, organisation=settings.organisation, templates=settings.templates)


def duplicate_id(kind: str, ident: str, span: Span, first: str, diags: Diagnostics) -> None:
    """Report (FC300) a definition whose id an earlier file (``first``: where) already has."""
    diags.error("FC300", f"duplicate {kind} id `{ident}` (also defined in {first})", span,
                f"every {kind} needs its own id")


def check_project(path: Path | str = ".", reuse: dict[str, tuple[str, str]] | None = None) -> Project:
    """Load and check a project, collecting every diagnostic.

    ``reuse`` maps form files (by path) known to be unchanged to their (kind, id): they are not
    parsed or built again, only counted for duplicate-id checks.
    """
    diags = Diagnostics()
    settings = read_settings(Path(path), diags)
    if settings is None:
        root = Path(path).resolve()
        return Project(Settings(root, root, root / "build", None, DEFAULT_ORGANISATION), diagnostics=diags.sorted())
    return check_definitions(settings, diags, reuse)


def check_definitions(settings: Settings, diags: Diagnostics,
                      reuse: dict[str, tuple[str, str]] | None = None) -> Project:
    """Load and check the definition files of ``settings.definitions`` under ``settings`` (see :func:`check_project`)."""
    definitions: dict[str, dict[str, Definition]] = {"form": {}, "block": {}, "list": {}}
    reused_ids: dict[str, str] = {}
    files = definition_files(settings)
    if not files:
        no_definitions(settings, diags)
    for file in files:
        if reuse and str(file) in reuse:
            reused_ids[reuse[str(file)][1]] = str(file)
            continue
        definition = load_definition(file, settings, diags)
        if definition is None:
            continue
        kind, ident = definition.kind, definition.ident
        id_span = definition.source.span(("id",))
        if kind == "form" and ident in reused_ids:
            duplicate_id(kind, ident, id_span, display_path(Path(reused_ids[ident]), settings.root), diags)
            continue
        if ident in definitions[kind]:
            first = definitions[kind][ident].source
            duplicate_id(kind, ident, id_span, f"{first.path}:{first.span(('id',)).line}", diags)
            continue
        definitions[kind][ident] = definition
    project = Project(settings, file_ids={d.file: (d.kind, d.ident) for group in definitions.values()
                                          for d in group.values() if not d.salvaged})
    blocks = {ident: d.source for ident, d in definitions["block"].items()}
    lists = {ident: d.source for ident, d in definitions["list"].items()}
    incomplete = incomplete_blocks(definitions["block"])
    for form_id, definition in sorted(definitions["form"].items()):
        form = build_form(definition, blocks, lists, settings, incomplete, diags)
        if form is not None:
            project.forms[form_id] = form
    check_titles(title_rows(project.forms.values(), {i: d.source for i, d in definitions["form"].items()}), diags)
    project.diagnostics = diags.sorted()
    return project


def no_definitions(settings: Settings, diags: Diagnostics) -> None:
    """Report (FC012) a project without definition files."""
    diags.error("FC012", f"no definition files (*.yaml) in {display_path(settings.definitions, settings.root)}",
                Span(display_path(settings.definitions, settings.root)),
                "create one with `formc new <form-id>`, or point `definitions:` in formc.yaml at your files")


def load(path: Path | str = ".") -> Project:
    """Load a project for use at run time; raise :class:`DefinitionError` if any definition has an error."""
    project = check_project(path)
    errors = [d for d in project.diagnostics if d.is_error]
    if errors:
        raise DefinitionError(errors)
    return project


def project_span(settings: Settings) -> Span:
    return Span(str(settings.root / PROJECT_FILE))


def undecodable_folder(settings: Settings, diags: Diagnostics) -> bool:
    """Report (FC006) a definitions folder whose path is not valid UTF-8, where a build would record its files'
    paths; True when it is such a folder. ``formc check`` does not ask: it records nothing."""
    byte = _undecodable_byte(str(settings.definitions))
    if byte is None:
        return False
    diags.error("FC006", f"the path of the definitions folder is not valid UTF-8 (byte 0x{byte:02x}): a build "
                f"records its files' paths in the output folder", Span(display_path(settings.definitions, settings.root)),
                "rename the folder (or the folder it is in) with a name in UTF-8")
    return True


def missing_organisation(settings: Settings, diags: Diagnostics) -> bool:
    """Report (FC016) a project whose formc.yaml names no organisation; True when it names none."""
    if settings.has_organisation:
        return False
    project_file = settings.root / PROJECT_FILE
    if project_file.is_file():
        diags.error("FC016", "no organisation in formc.yaml: the pages, the paper forms and the receipts would not "
                    "say who the service is from", Span(display_path(project_file, settings.root), 1, 1),
                    "add `organisation:` with `name:` (and `org_number:`) to formc.yaml")
    else:
        diags.error("FC016", "no formc.yaml: a project names its organisation there, for the pages, the paper forms "
                    "and the receipts", Span(display_path(settings.root, settings.root)),
                    "create it with `formc init --organisation NAME` (it asks at a terminal)")
    return True
