"""An SMTP server that writes down every message it accepts, for the fault test.

Run as its own process (``python smtp_catcher.py --port P --log FILE
--slow-flag FLAG``) so that the test can stop it like a real mail relay going
away, and start it again on the same port. Each accepted message is one JSON
line in FILE: ``{"event": "message", "to": [...], "subject": ..., "message_id":
..., "time": <unix time>}``.

While the file FLAG exists, a new connection first writes a ``"connected"``
line and then waits ``--slow-seconds`` before the 220 greeting: a task worker
sending an e-mail is then caught mid-send, and the test can kill it there.
"""

import argparse
import asyncio
import json
import time
from email import message_from_bytes
from email.header import decode_header, make_header
from pathlib import Path

from aiosmtpd.smtp import SMTP, Envelope, Session


class Journal:
    """Appends one JSON line per event and flushes it at once: the test reads
    the file while the catcher runs, and a killed catcher loses nothing."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def write(self, **event) -> None:
        event["time"] = time.time()
        with self.path.open("a", encoding="utf-8") as journal:
            journal.write(json.dumps(event) + "\n")


class RecordingHandler:
    """aiosmtpd handler: accept every message and write it down."""

    def __init__(self, journal: Journal) -> None:
        self.journal = journal

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope):
        message = message_from_bytes(envelope.original_content or b"")
        self.journal.write(
            event="message",
            to=sorted(address.lower() for address in envelope.rcpt_tos),
            subject=str(make_header(decode_header(message.get("Subject", "")))),
            message_id=message.get("Message-ID", ""),
        )
        return "250 Message accepted for delivery"


class SlowGreetingSMTP(SMTP):
    """aiosmtpd's server, holding back its greeting while the flag file exists.

    aiosmtpd has no public hook before the 220 banner, so the delay wraps the
    method that sends it.
    """

    def __init__(self, handler, *, journal: Journal, flag: Path, delay: float):
        super().__init__(handler, hostname="catcher.test")
        self.journal = journal
        self.flag = flag
        self.delay = delay

    async def _handle_client(self) -> None:
        if self.flag.exists():
            self.journal.write(event="connected", delay=self.delay)
            await asyncio.sleep(self.delay)
        await super()._handle_client()


async def serve(port: int, journal: Journal, flag: Path, delay: float) -> None:
    handler = RecordingHandler(journal)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: SlowGreetingSMTP(handler, journal=journal, flag=flag, delay=delay),
        host="127.0.0.1",
        port=port,
    )
    journal.write(event="started", port=port)
    async with server:
        await server.serve_forever()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--log", type=Path, required=True)
    parser.add_argument("--slow-flag", type=Path, required=True)
    parser.add_argument("--slow-seconds", type=float, default=30.0)
    options = parser.parse_args()
    asyncio.run(
        serve(
            options.port,
            Journal(options.log),
            options.slow_flag,
            options.slow_seconds,
        )
    )


if __name__ == "__main__":
    main()
