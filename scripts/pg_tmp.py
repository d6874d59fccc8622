#!/usr/bin/env python3
"""A throwaway PostgreSQL server for tests and CI (stdlib only).

Owns: creating a private cluster in a temporary directory, starting it on a free loopback port,
creating the database ``ocop_test``, and stopping and deleting it again. Nothing else: no
schema, no migrations, no test data (those belong to the storage layer and its tests).

Command line::

    python3 scripts/pg_tmp.py start [--dir DIR]   # DSN on stdout (its only line), notes on stderr
    python3 scripts/pg_tmp.py stop DIR            # pg_ctl stop -m fast, then rm -rf DIR

Library (a pytest session fixture when ``OCOP_TEST_DATABASE_URL`` is not set)::

    from scripts.pg_tmp import temporary_postgres
    with temporary_postgres() as dsn:   # postgresql://postgres@127.0.0.1:PORT/ocop_test
        ...

Facts and gotchas for whoever builds on it:

- The server binaries (``initdb``, ``postgres``, ``pg_ctl``) come from PATH, else from the
  newest ``/usr/lib/postgresql/*/bin``. PostgreSQL 15 on these machines.
- PostgreSQL refuses to run as root. As root, every server command runs as the ``postgres`` OS
  user (created with ``useradd --system`` when a fresh machine lacks it) and the temporary
  directory is chowned to it. As an ordinary user, the server runs as that user.
- Layout of the temporary directory: ``data/`` (the cluster, 0700), ``sock/`` (the unix socket:
  nothing is put in /var/run/postgresql, so several servers can run side by side),
  ``postgres.log`` (the server log: read it when a start fails; the error message quotes its tail).
- Connect over TCP to 127.0.0.1 only; authentication is ``trust`` (no password) for local
  and loopback connections, user ``postgres``, which is a superuser. Never reuse this for
  anything but tests.
- ``fsync=on`` and ``synchronous_commit=on`` (the defaults, set explicitly): durability tests
  run against it, so a commit that returned is on disk. Hence slower commits than a
  fsync-off test server; keep tests from doing thousands of single-row transactions.
- ``--locale=C`` with UTF8 encoding: ``ORDER BY`` on text sorts by code point, the way SQLite's
  default BINARY collation does, so both backends agree in tests. A production cluster with a
  vi_VN collation sorts differently: never rely on ORDER BY text for anything user-visible.
- ``timezone=UTC``: ``now()`` and ``timestamptz`` output come back in UTC, like SQLite's
  ``datetime('now')``.
- ``max_connections=100`` (the default). A multi-worker test with pools must stay below it.
- Each start takes ~1-3 s (initdb is most of it); start one server per test session, not per
  test. For isolation per test use a fresh database (``CREATE DATABASE t_x TEMPLATE ocop_test``)
  or a fresh schema, not a fresh server.
- Leaks: a server started by :func:`temporary_postgres` gets SIGQUIT (immediate shutdown) when
  the process that started it dies, so a killed pytest leaves no server behind. A server from
  the ``start`` command outlives the script on purpose: stop it with ``stop DIR``. A server whose
  directory is deleted shuts itself down within about a minute (PostgreSQL rechecks its lock file).
  The directory of a killed run stays (~46 MB); the next start deletes ``ocop-pg-*`` directories
  over an hour old whose server is not running.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

DATABASE = "ocop_test"
SUPERUSER = "postgres"
OS_USER = "postgres"
START_TIMEOUT = 60.0
_PR_SET_PDEATHSIG = 1


class PostgresError(RuntimeError):
    """The temporary server could not be set up; the message says why (with the log's tail)."""


def find_binary(name: str) -> str:
    """Where the server binary ``name`` lives: PATH first, then /usr/lib/postgresql/*/bin."""
    found = shutil.which(name)
    if found:
        return found
    installed = glob.glob(f"/usr/lib/postgresql/*/bin/{name}")
    numbered = sorted((int(v), p) for p in installed if (v := Path(p).parent.parent.name).isdigit())
    if numbered:
        return numbered[-1][1]
    raise PostgresError(f"{name} not found on PATH nor in /usr/lib/postgresql/*/bin")


def available() -> bool:
    """True when the server binaries are installed (a test may skip or fail otherwise)."""
    try:
        for name in ("initdb", "postgres", "pg_ctl"):
            find_binary(name)
    except PostgresError:
        return False
    return True


def free_port() -> int:
    """A loopback TCP port that was free a moment ago (start() retries if someone takes it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _server_user() -> pwd.struct_passwd | None:
    """The OS user the server runs as: ``postgres`` when we are root, else None (ourselves)."""
    if os.geteuid() != 0:
        return None
    try:
        return pwd.getpwnam(OS_USER)
    except KeyError:
        subprocess.run(
            ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", OS_USER],
            check=True,
        )
        return pwd.getpwnam(OS_USER)


def _die_with_parent() -> None:
    """In the forked child: receive SIGQUIT (immediate shutdown) when the parent dies."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGQUIT, 0, 0, 0)


@dataclass
class TempPostgres:
    """One throwaway cluster under ``base``; :meth:`start` it, then :meth:`stop` it."""

    base: Path
    port: int = 0
    process: subprocess.Popen[bytes] | None = None

    @property
    def data(self) -> Path:
        return self.base / "data"

    @property
    def sock(self) -> Path:
        return self.base / "sock"

    @property
    def log(self) -> Path:
        return self.base / "postgres.log"

    @property
    def dsn(self) -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{DATABASE}"

    def _run(self, args: list[str], stdin: bytes | None = None) -> str:
        """Run a server tool as the server's user; raise PostgresError with its output."""
        user = _server_user()
        done = subprocess.run(
            args,
            input=stdin,
            capture_output=True,
            user=user.pw_uid if user else None,
            group=user.pw_gid if user else None,
            extra_groups=[] if user else None,
            cwd=self.base,
            env=self._env(),
            check=False,
        )
        output = (done.stdout + done.stderr).decode(errors="replace")
        if done.returncode != 0:
            raise PostgresError(f"{' '.join(args[:2])} failed ({done.returncode}):\n{output}")
        return output

    def _env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        env["LC_ALL"] = "C"
        return env

    def init(self) -> None:
        """initdb into ``data/`` (trust auth, C locale, UTF8) and create the test database."""
        user = _server_user()
        self.base.mkdir(parents=True, exist_ok=True)
        self.sock.mkdir(exist_ok=True)
        self.log.touch()
        if user:
            for path in (self.base, self.sock, self.log):
                os.chown(path, user.pw_uid, user.pw_gid)
        self._run(
            [
                find_binary("initdb"),
                "--pgdata",
                str(self.data),
                "--username",
                SUPERUSER,
                "--auth",
                "trust",
                "--encoding",
                "UTF8",
                "--locale",
                "C",
            ]
        )
        # Single-user mode creates the database before any port is opened: no client needed.
        self._run(
            [find_binary("postgres"), "--single", "-D", str(self.data), "postgres"],
            stdin=f"CREATE DATABASE {DATABASE};\n".encode(),
        )

    def start(self, *, tie_to_parent: bool, attempts: int = 5) -> str:
        """Start the server on a free loopback port, wait until it accepts connections."""
        for _ in range(attempts):
            self.port = free_port()
            self._spawn(tie_to_parent)
            if self._wait_ready():
                return self.dsn
            if "Address already in use" not in self.log_tail():
                break
        raise PostgresError(f"PostgreSQL did not start; {self.log} ends with:\n{self.log_tail()}")

    def _spawn(self, tie_to_parent: bool) -> None:
        user = _server_user()
        log = self.log.open("ab")
        preexec: Callable[[], None] | None = _die_with_parent if tie_to_parent else None
        with log:
            self.process = subprocess.Popen(
                [
                    find_binary("postgres"),
                    "-D",
                    str(self.data),
                    "-p",
                    str(self.port),
                    "-k",
                    str(self.sock),
                    "-c",
                    "listen_addresses=127.0.0.1",
                    "-c",
                    "fsync=on",
                    "-c",
                    "synchronous_commit=on",
                    "-c",
                    "timezone=UTC",
                ],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                user=user.pw_uid if user else None,
                group=user.pw_gid if user else None,
                extra_groups=[] if user else None,
                cwd=self.base,
                env=self._env(),
                start_new_session=True,
                preexec_fn=preexec,
            )

    def _wait_ready(self) -> bool:
        """Poll postmaster.pid for the status ``ready`` (what ``pg_ctl start -w`` does)."""
        assert self.process is not None
        deadline = time.monotonic() + START_TIMEOUT
        pid_file = self.data / "postmaster.pid"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            with contextlib.suppress(FileNotFoundError):
                lines = pid_file.read_text().splitlines()
                if len(lines) >= 8 and lines[7].strip() == "ready":
                    return True
            time.sleep(0.05)
        self.process.kill()
        self.process.wait()
        return False

    def log_tail(self, lines: int = 20) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except FileNotFoundError:
            return "(no log)"

    def stop(self) -> None:
        """Fast shutdown (``pg_ctl stop -m fast``), then delete the whole directory."""
        try:
            if (self.data / "postmaster.pid").exists():
                self._run([find_binary("pg_ctl"), "stop", "-D", str(self.data), "-m", "fast", "-w"])
        except PostgresError:
            if self.process is not None and self.process.poll() is None:
                self.process.send_signal(signal.SIGQUIT)
        finally:
            if self.process is not None:
                try:
                    self.process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait()
            shutil.rmtree(self.base, ignore_errors=True)


def _alive(pid_file: Path) -> bool:
    try:
        os.kill(int(pid_file.read_text().split()[0]), 0)
    except (FileNotFoundError, ValueError, IndexError, ProcessLookupError):
        return False
    except PermissionError:
        return True
    return True


def sweep_stale(parent: Path, older_than: float = 3600.0) -> None:
    """Delete ``ocop-pg-*`` leftovers of killed runs: over an hour old, with no live server."""
    now = time.time()
    for base in parent.glob("ocop-pg-*"):
        with contextlib.suppress(OSError):
            if now - base.stat().st_mtime > older_than and not _alive(
                base / "data" / "postmaster.pid"
            ):
                shutil.rmtree(base, ignore_errors=True)


def _new_base() -> Path:
    # /tmp rather than $TMPDIR: the postgres user must be able to reach the directory.
    parent = Path("/tmp" if os.geteuid() == 0 else tempfile.gettempdir())
    sweep_stale(parent)
    return Path(tempfile.mkdtemp(prefix="ocop-pg-", dir=parent))


@contextlib.contextmanager
def temporary_postgres() -> Iterator[str]:
    """Yield the DSN of a fresh server; stop it and delete its files afterwards.

    The server dies with the calling process even if that process is killed.
    """
    server = TempPostgres(_new_base())
    try:
        server.init()
        yield server.start(tie_to_parent=True)
    finally:
        server.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    start = sub.add_parser("start", help="start a server; the DSN is the last line printed")
    start.add_argument("--dir", type=Path, help="an empty directory to use (default: a new one)")
    stop = sub.add_parser("stop", help="stop the server in DIR and delete DIR")
    stop.add_argument("dir", type=Path)
    args = parser.parse_args(argv)

    if args.command == "stop":
        TempPostgres(args.dir).stop()
        print(f"pg_tmp: stopped and removed {args.dir}", file=sys.stderr)
        return 0
    server = TempPostgres(args.dir or _new_base())
    began = time.monotonic()
    try:
        server.init()
        dsn = server.start(tie_to_parent=False)
    except PostgresError as error:
        print(f"pg_tmp: {error}", file=sys.stderr)
        server.stop()
        return 1
    print(f"pg_tmp: ready in {time.monotonic() - began:.1f}s; log {server.log}", file=sys.stderr)
    print(f"pg_tmp: stop with: python3 scripts/pg_tmp.py stop {server.base}", file=sys.stderr)
    print(dsn)  # the only line on stdout: DSN=$(python3 scripts/pg_tmp.py start)
    return 0


if __name__ == "__main__":
    sys.exit(main())
