"""Counter mode, ``/counter/{form_id}/{lang}/``: the same form for employees, plus the envelope of assisted service.

An employee (see :mod:`formc.server.employees`) registers a submission made at
the counter, by phone, by letter or by e-mail: the channel, who registered
it, whether a paper original was received and the date a letter arrived are
recorded on the submission, its receipt and its archive package. Without an
authenticated employee every counter URL answers 401; the citizens' pages
never link to it or accept its fields.
"""

from __future__ import annotations

from starlette.requests import Request


def employee(request: Request) -> str | None:
    """The authenticated employee making ``request``, or None."""
    employees = request.app.state.employees
    if not employees.enabled:
        return None
    client = request.client.host if request.client else None
    header = request.headers.get(employees.auth.header) if employees.auth.header else None
    return employees.identify(client, header, request.headers.get("authorization"))
