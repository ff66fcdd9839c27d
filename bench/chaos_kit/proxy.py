"""A fault-injecting TCP proxy, in its own process.

It forwards connections from a local port to an upstream (PostgreSQL, Redis). Told to ``cut``
for N seconds it closes every connection and stops listening (new connections are refused),
then listens again; told a ``latency`` it delays every chunk it forwards by that much.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import threading
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

CHUNK = 65536


@dataclass(frozen=True)
class Upstream:
    host: str
    port: int


class _Proxy:
    def __init__(self, listen_port: int, upstream: Upstream) -> None:
        self.listen_port = listen_port
        self.upstream = upstream
        self.latency = 0.0
        self.server: asyncio.Server | None = None
        self.writers: set[asyncio.StreamWriter] = set()

    async def listen(self) -> None:
        self.server = await asyncio.start_server(
            self._serve, "127.0.0.1", self.listen_port, reuse_address=True
        )

    async def cut(self, seconds: float) -> None:
        if self.server is not None:
            self.server.close()
            self.server = None
        for writer in list(self.writers):
            writer.transport.abort()  # a reset, as when a network path dies
        self.writers.clear()
        await asyncio.sleep(seconds)
        await self.listen()

    async def _serve(self, client_reader, client_writer) -> None:
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection(
                self.upstream.host, self.upstream.port
            )
        except OSError:
            client_writer.transport.abort()
            return
        self.writers.update((client_writer, upstream_writer))
        await asyncio.gather(
            self._pipe(client_reader, upstream_writer),
            self._pipe(upstream_reader, client_writer),
        )
        self.writers.difference_update((client_writer, upstream_writer))

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(CHUNK):
                if self.latency:
                    await asyncio.sleep(self.latency)
                writer.write(data)
                await writer.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            writer.transport.abort()


def _main(listen_port: int, upstream: Upstream, commands: Connection) -> None:
    loop = asyncio.new_event_loop()
    proxy = _Proxy(listen_port, upstream)
    loop.run_until_complete(proxy.listen())
    stopped = asyncio.Event()

    def obey() -> None:
        # Commands arrive on a pipe: read them on a thread, act on them in the loop.
        while True:
            try:
                command, value = commands.recv()
            except EOFError:
                command, value = "stop", 0.0
            if command == "cut":
                asyncio.run_coroutine_threadsafe(proxy.cut(value), loop)
            elif command == "latency":
                loop.call_soon_threadsafe(setattr, proxy, "latency", value)
            else:
                loop.call_soon_threadsafe(stopped.set)
                return

    threading.Thread(target=obey, daemon=True).start()
    loop.run_until_complete(stopped.wait())


class ProxyProcess:
    """A proxy to ``upstream`` listening on ``listen_port``, run in a child process."""

    def __init__(self, listen_port: int, upstream: Upstream) -> None:
        self.listen_port = listen_port
        context = multiprocessing.get_context("spawn")
        self._commands, child_end = context.Pipe()
        self._process: BaseProcess = context.Process(
            target=_main, args=(listen_port, upstream, child_end), daemon=True
        )

    def start(self) -> ProxyProcess:
        self._process.start()
        return self

    def cut(self, seconds: float) -> None:
        """Drop every connection and refuse new ones for ``seconds``."""
        self._commands.send(("cut", seconds))

    def set_latency(self, seconds: float) -> None:
        self._commands.send(("latency", seconds))

    def stop(self) -> None:
        if self._process.is_alive():
            self._commands.send(("stop", 0.0))
            self._process.join(5)
        if self._process.is_alive():
            self._process.kill()
            self._process.join()
