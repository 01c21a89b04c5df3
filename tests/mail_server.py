"""A real SMTP server on 127.0.0.1 (aiosmtpd) for the e-mail tests: it keeps what it receives, or refuses it."""

from __future__ import annotations

import email
import email.policy
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Received:
    recipients: list[str]
    message: EmailMessage

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    @property
    def text(self) -> str:
        return self.message.get_body(("plain",)).get_content()

    @property
    def html(self) -> str:
        return self.message.get_body(("html",)).get_content()

    def attachments(self) -> dict[str, bytes]:
        return {part.get_filename(): part.get_content() for part in self.message.iter_attachments()}


@dataclass
class MailServer:
    port: int
    received: list[Received] = field(default_factory=list)
    refuse: bool = False  # answer every message with 554, as a mail server that is out of order

    async def handle_DATA(self, server, session, envelope) -> str:  # aiosmtpd's handler hook
        if self.refuse:
            return "554 Transactie mislukt (testserver weigert)"
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.received.append(Received(sorted(envelope.rcpt_tos), message))
        return "250 OK"

    def take(self) -> list[Received]:
        """What arrived since the last take, sorted by recipients."""
        found, self.received = self.received, []
        return sorted(found, key=lambda r: (r.recipients, r.subject))


@contextmanager
def mail_server() -> Iterator[MailServer]:
    server = MailServer(free_port())
    controller = Controller(server, hostname="127.0.0.1", port=server.port)
    controller.start()
    try:
        yield server
    finally:
        controller.stop()
