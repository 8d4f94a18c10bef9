"""systemd's notify protocol (sd_notify(3)): READY=1 once the server listens, WATCHDOG=1
while the engine makes progress, STOPPING=1 when it drains. A datagram to $NOTIFY_SOCKET;
outside a `Type=notify` unit there is no socket and every call does nothing."""

from __future__ import annotations

import contextlib
import os
import socket


class Notifier:
    def __init__(self, environ: dict[str, str] | None = None) -> None:
        env = os.environ if environ is None else environ
        address = env.get("NOTIFY_SOCKET", "")
        if address.startswith("@"):  # an abstract socket
            address = "\0" + address[1:]
        self.address = address
        # systemd kills the service when WATCHDOG=1 stops for this long; ping twice as often
        usec = env.get("WATCHDOG_USEC", "")
        self.watchdog_interval = int(usec) / 2e6 if usec.isdigit() and int(usec) > 0 else None

    @property
    def enabled(self) -> bool:
        return bool(self.address)

    def notify(self, message: str) -> None:
        if not self.address:
            return
        # systemd gone away is nothing to tell, and no reason to stop
        with (
            socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as s,
            contextlib.suppress(OSError),
        ):
            s.sendto(message.encode(), self.address)
