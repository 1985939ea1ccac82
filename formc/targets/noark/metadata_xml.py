"""``<form-id>.noark.xml`` written in Python: the same bytes as the shipped ``templates/noark.xml.j2``.

The shipped template stays the reference (and what a project copies to override the file); a build uses
this writer when the project does not override the template, which spares every build process compiling
the template with Jinja (about 60 ms, more than rendering a thousand forms' metadata) and each form the
template's dictionary lookups. ``tests/archive/test_noark_target.py`` holds the two to the same bytes, for
every form of the test projects and for generated contexts. Values are escaped as Jinja's autoescape
escapes them (:func:`markupsafe.escape`).
"""

from __future__ import annotations

from typing import Any

from markupsafe import escape

_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<formc:arkivmetadata xmlns:formc="urn:formc:noark-metadata:1"
                     xmlns:n5="{noark5}"
                     formatversjon="1">
  <formc:skjema>"""


def _e(value: Any) -> str:
    """``value`` as Jinja's autoescape writes it (``&<>'"`` as markupsafe escapes them), text without a Markup
    object per value."""
    if type(value) is not str:
        return str(escape(value))
    if "&" in value or "<" in value or ">" in value or "'" in value or '"' in value:
        return value.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;").replace("'", "&#39;").replace(
            '"', "&#34;")
    return value


def _titled(lines: list[str], indent: str, tag: str, texts: list[tuple[str, str]]) -> None:
    lines += [f'{indent}<formc:{tag} spraak="{_e(lang)}">{_e(text)}</formc:{tag}>' for lang, text in texts]


def render(context: dict[str, Any]) -> str:
    """The metadata document for the template context made by :func:`formc.targets.noark.metadata`."""
    form = context["form"]
    lines = [_HEAD.format(noark5=_e(context["noark5"])),
             f"    <formc:skjemaID>{_e(form.id)}</formc:skjemaID>",
             f"    <formc:versjon>{_e(form.version)}</formc:versjon>"]
    _titled(lines, "    ", "tittel", context["titles"])
    authority = context["authority"]
    lines += [f"    <formc:datanavnerom>{_e(context['data_namespace'])}</formc:datanavnerom>",
              f"    <formc:dataskjema>{_e(context['data_xsd'])}</formc:dataskjema>",
              "    <formc:ansvarligVirksomhet>",
              f"      <formc:navn>{_e(authority['name'])}</formc:navn>"]
    if authority["org_number"]:
        lines.append(f"      <formc:organisasjonsnummer>{_e(authority['org_number'])}</formc:organisasjonsnummer>")
    lines += ["    </formc:ansvarligVirksomhet>", "  </formc:skjema>"]
    for index, c in enumerate(context["classifications"]):
        _classification(lines, c, index == 0)
    lines.append("  <formc:saksmappe>")
    _titled(lines, "    ", "tittel", context["case_titles"])
    _titled(lines, "    ", "offentligTittel", context["public_case_titles"])
    code, text = context["saksstatus"]
    lines += [f'    <formc:saksstatus beskrivelse="{_e(text)}">{_e(code)}</formc:saksstatus>', "  </formc:saksmappe>"]
    _journalpost(lines, context)
    _restriction(lines, context)
    _retention(lines, context["retention"])
    if context["systems"]:
        lines.append("  <formc:arkivstruktur>")
        for system in context["systems"]:
            _system(lines, system)
        lines.append("  </formc:arkivstruktur>")
    lines.append("</formc:arkivmetadata>\n")
    return "\n".join(lines)


def _classification(lines: list[str], c: dict[str, Any], first: bool) -> None:
    lines.append(f'  <formc:klassifikasjon primaer="{"true" if first else "false"}" '
                 f'mal="{"true" if c["template"] else "false"}">')
    scheme = f' ordning="{_e(c["scheme"])}"' if c["system"] != c["scheme"] else ""
    lines.append(f"    <formc:klassifikasjonssystemID{scheme}>{_e(c['system'])}</formc:klassifikasjonssystemID>")
    if c["type"]:
        lines.append(f'    <formc:klassifikasjonstype beskrivelse="{_e(c["type_description"])}">{_e(c["type"])}'
                     "</formc:klassifikasjonstype>")
    lines.append(f"    <formc:klasseID>{_e(c['code'])}</formc:klasseID>")
    if c["title"]:
        lines.append(f"    <formc:tittel>{_e(c['title'])}</formc:tittel>")
    if c["facet"]:
        lines.append(f"    <formc:handlingsfacet>{_e(c['facet'])}</formc:handlingsfacet>")
    if c["screened"]:
        lines.append("    <formc:erSkjermet>true</formc:erSkjermet>")
    if c["status"]:
        lines.append(f'    <formc:status beskrivelse="{_e(c["status_description"])}">{_e(c["status"])}</formc:status>')
    if c["source"]:
        lines.append(f"    <formc:kilde>{_e(c['source'])}</formc:kilde>")
    lines.append("  </formc:klassifikasjon>")


def _journalpost(lines: list[str], context: dict[str, Any]) -> None:
    code, text = context["journalposttype"]
    lines += ["  <formc:journalpost>",
              f'    <formc:journalposttype beskrivelse="{_e(text)}">{_e(code)}</formc:journalposttype>']
    _titled(lines, "    ", "dokumenttittel", context["document_titles"])
    code, text = context["document_type"]
    described = f' beskrivelse="{_e(text)}"' if text else ""
    lines.append(f"    <formc:dokumenttype{described}>{_e(code)}</formc:dokumenttype>")
    if context["processing_time"]:
        lines.append(f"    <formc:saksbehandlingstid>{_e(context['processing_time'])}</formc:saksbehandlingstid>")
    if context["sender"]:
        lines.append("    <formc:avsender>")
        lines += [f"      <formc:{_e(key)}>{_e(path)}</formc:{_e(key)}>" for key, path in context["sender"]]
        lines.append("    </formc:avsender>")
    lines.append("  </formc:journalpost>")


def _restriction(lines: list[str], context: dict[str, Any]) -> None:
    restriction = context["restriction"]
    if not restriction:
        return
    lines += ["  <formc:skjerming>",
              f"    <formc:tilgangsrestriksjon>{_e(restriction.code)}</formc:tilgangsrestriksjon>",
              f"    <formc:skjermingshjemmel>{_e(restriction.legal_basis)}</formc:skjermingshjemmel>"]
    lines += [f'    <formc:skjermingMetadata kode="{_e(code)}">{_e(text)}</formc:skjermingMetadata>'
              for code, text in context["screening_metadata"]]
    lines += [f"    <formc:skjermetFelt>{_e(path)}</formc:skjermetFelt>" for path in context["screened_fields"]]
    lines.append("  </formc:skjerming>")


def _retention(lines: list[str], retention: Any) -> None:
    if not retention:
        return
    lines += ["  <formc:kassasjon>",
              f'    <formc:kassasjonsvedtak beskrivelse="{_e(retention.description)}">{_e(retention.code)}'
              "</formc:kassasjonsvedtak>"]
    if retention.legal_basis:
        lines.append(f"    <formc:kassasjonshjemmel>{_e(retention.legal_basis)}</formc:kassasjonshjemmel>")
    if retention.years is not None:
        lines.append(f"    <formc:bevaringstid>{_e(retention.years)}</formc:bevaringstid>")
    if retention.trigger:
        code, text = retention.trigger
        lines.append(f'    <formc:utloeser beskrivelse="{_e(text)}">{_e(code)}</formc:utloeser>')
    if retention.plan_item:
        lines.append(f"    <formc:planpunkt>{_e(retention.plan_item)}</formc:planpunkt>")
    if retention.selection:
        lines.append(f"    <formc:utvalg>{_e(retention.selection)}</formc:utvalg>")
    lines.append("  </formc:kassasjon>")


def _system(lines: list[str], system: dict[str, Any]) -> None:
    created = (f"<n5:opprettetDato>{_e(system['created'])}</n5:opprettetDato>",
               f"<n5:opprettetAv>{_e(system['created_by'])}</n5:opprettetAv>")
    lines += ["    <n5:klassifikasjonssystem>", f"      <n5:systemID>{_e(system['systemID'])}</n5:systemID>"]
    if system["type"]:
        lines.append(f"      <n5:klassifikasjonstype>{_e(system['type'])}</n5:klassifikasjonstype>")
    lines += [f"      <n5:tittel>{_e(system['title'])}</n5:tittel>", f"      {created[0]}", f"      {created[1]}"]
    for klasse in system["classes"]:
        lines += ["      <n5:klasse>", f"        <n5:systemID>{_e(klasse['systemID'])}</n5:systemID>",
                  f"        <n5:klasseID>{_e(klasse['code'])}</n5:klasseID>",
                  f"        <n5:tittel>{_e(klasse['title'])}</n5:tittel>"]
        if klasse["description"]:
            lines.append(f"        <n5:beskrivelse>{_e(klasse['description'])}</n5:beskrivelse>")
        lines += [f"        {created[0]}", f"        {created[1]}"]
        kassasjon = klasse["kassasjon"]
        if kassasjon:
            lines += ["        <n5:kassasjon>",
                      f"          <n5:kassasjonsvedtak>{_e(kassasjon['vedtak'])}</n5:kassasjonsvedtak>"]
            if kassasjon["hjemmel"]:
                lines.append(f"          <n5:kassasjonshjemmel>{_e(kassasjon['hjemmel'])}</n5:kassasjonshjemmel>")
            lines += [f"          <n5:bevaringstid>{_e(kassasjon['bevaringstid'])}</n5:bevaringstid>",
                      f"          <n5:kassasjonsdato>{_e(kassasjon['dato'])}</n5:kassasjonsdato>", "        </n5:kassasjon>"]
        skjerming = klasse["skjerming"]
        if skjerming:
            lines += ["        <n5:skjerming>",
                      f"          <n5:tilgangsrestriksjon>{_e(skjerming['tilgangsrestriksjon'])}</n5:tilgangsrestriksjon>",
                      f"          <n5:skjermingshjemmel>{_e(skjerming['hjemmel'])}</n5:skjermingshjemmel>"]
            lines += [f"          <n5:skjermingMetadata>{_e(text)}</n5:skjermingMetadata>" for text in skjerming["metadata"]]
            lines.append("        </n5:skjerming>")
        lines.append("      </n5:klasse>")
    lines.append("    </n5:klassifikasjonssystem>")
