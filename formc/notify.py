"""Notifications to citizens: e-mail over SMTP, behind an interface that digital mail can implement too.

A :class:`Notifier` sends one message (subject, text, PDF attachments) to one
address. :class:`SmtpNotifier` uses the standard library's ``smtplib`` with
STARTTLS when asked and a password read from an environment variable (never
from ``formc.yaml``). Digital mail (Digipost, e-Boks, Digital Postkasse) fits
the same interface: a class with ``send(...)`` keyed by the national identity
number instead of an address — documented in ``docs/operations.md``, not built
here. Configured under ``notify:`` in ``formc.yaml``.
"""

from __future__ import annotations

import os
import smtplib
from email.message import EmailMessage
from email.utils import make_msgid
from typing import Any, Mapping, Protocol, Sequence


class NotifyError(Exception):
    """A message that was not handed to the mail server (the job retries it)."""


class Notifier(Protocol):
    def send(self, to: str, subject: str, text: str, attachments: Sequence[tuple[str, bytes]] = ()) -> str: ...


class SmtpNotifier:
    def __init__(self, host: str, port: int, sender: str, *, starttls: bool = False, username: str | None = None,
                 password_env: str | None = None, timeout: float = 30.0):
        self.host, self.port, self.sender = host, port, sender
        self.starttls, self.username, self.password_env, self.timeout = starttls, username, password_env, timeout

    def send(self, to: str, subject: str, text: str, attachments: Sequence[tuple[str, bytes]] = ()) -> str:
        """Send one message; returns its Message-ID."""
        message = EmailMessage()
        message["From"] = self.sender
        message["To"] = to
        message["Subject"] = subject
        message["Message-ID"] = make_msgid(domain=self.sender.rpartition("@")[2] or None)
        message.set_content(text)
        for name, content in attachments:
            message.add_attachment(content, maintype="application", subtype="pdf", filename=name)
        try:
            with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
                if self.starttls:
                    smtp.starttls()
                if self.username:
                    smtp.login(self.username, os.environ.get(self.password_env or "", ""))
                smtp.send_message(message)
        except (OSError, smtplib.SMTPException) as exc:
            raise NotifyError(f"the mail server did not take the message: {type(exc).__name__}") from None
        return str(message["Message-ID"])


def notifier_from_settings(raw: Mapping[str, Any] | None) -> Notifier | None:
    """The notifier ``formc.yaml``'s ``notify:`` block describes, or None."""
    if not raw or "smtp" not in raw:
        return None
    smtp = raw["smtp"]
    return SmtpNotifier(smtp["host"], int(smtp.get("port", 25)), smtp["from"], starttls=bool(smtp.get("starttls")),
                        username=smtp.get("username"), password_env=smtp.get("password_env"))
