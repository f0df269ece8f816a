"""`gainsay serve` (app/cli/__init__.py, app/cli/serving.py) as a real process: the workers
believe X-Forwarded-* only from GAINSAY_FORWARDED_ALLOW_IPS, and `--workers N` runs N worker
processes, each listening on a socket of its own and started again if it dies, that all serve
the database the command was given, after migrating and seeding it once."""

import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ENV_VARS, REPO, SeedTemplate, copy_database, free_port

GAINSAY = [sys.executable, "-c", "from app.cli import main; main()"]
# Settings a developer's shell might hold that would change what these tests start.
SERVE_VARS = (*ENV_VARS, "GAINSAY_WORKERS", "GAINSAY_FORWARDED_ALLOW_IPS", "WEB_CONCURRENCY")


@dataclass
class Served:
    process: subprocess.Popen
    port: int
    log: Path

    def log_text(self) -> str:
        return self.log.read_text()


@contextmanager
def gainsay_serve(folder: Path, *options: str, **env: str) -> Iterator[Served]:
    """`gainsay serve` on a free port, run from `folder`, until /healthz answers; stopped with
    SIGTERM (as a process manager would) on the way out if it is still running."""
    port = free_port()
    command = [*GAINSAY, "serve", "--host", "127.0.0.1", "--port", str(port), *options]
    environment = {k: v for k, v in os.environ.items() if k not in SERVE_VARS} | env
    # This checkout's app, whichever one the virtualenv has installed.
    environment["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(REPO), os.environ.get("PYTHONPATH")])
    )
    log = folder / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, cwd=folder, env=environment, stdout=out, stderr=subprocess.STDOUT
        )
    served = Served(process, port, log)
    try:
        _wait_for_health(served)
        yield served
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


def _wait_for_health(served: Served) -> None:
    # Generous: migrating and seeding a new database comes first, on a machine that may be busy.
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if served.process.poll() is not None:
            pytest.fail(
                f"gainsay serve exited with {served.process.returncode}:\n{served.log_text()}"
            )
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{served.port}/healthz", timeout=2):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.1)
    pytest.fail(f"gainsay serve did not answer /healthz:\n{served.log_text()}")


# --- Proxy headers ------------------------------------------------------------------------------


def get_from(source: str, port: int, target: str, headers: dict[str, str]) -> str:
    """GET over a connection made from the loopback address `source`; the Set-Cookie headers."""
    connection = http.client.HTTPConnection(
        "127.0.0.1", port, timeout=10, source_address=(source, 0)
    )
    try:
        connection.request("GET", target, headers=headers)
        response = connection.getresponse()
        response.read()
        assert response.status == 200, response.status
        return "\n".join(v for k, v in response.getheaders() if k.lower() == "set-cookie")
    finally:
        connection.close()


FORWARDED = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "198.51.100.7"}


@pytest.mark.parametrize(
    ("setting", "proxy", "stranger"),
    [
        # The default: loopback only. uvicorn's own FORWARDED_ALLOW_IPS ("*") does not widen it.
        ({"FORWARDED_ALLOW_IPS": "*"}, "127.0.0.1", "127.0.0.2"),
        ({"GAINSAY_FORWARDED_ALLOW_IPS": "127.0.0.2"}, "127.0.0.2", "127.0.0.1"),
    ],
    ids=["default", "configured"],
)
def test_forwarded_headers_are_believed_only_from_the_configured_proxy(
    seed_template: SeedTemplate, tmp_path: Path, setting, proxy, stranger
):
    database = copy_database(seed_template.path, tmp_path / "gainsay.db")
    with gainsay_serve(
        tmp_path, "--database", str(database), "--workers", "1", "--no-seeds", **setting
    ) as served:
        # The sign-in page sets its CSRF cookie Secure when the request came over https.
        from_stranger = get_from(stranger, served.port, "/sign-in?from=stranger", FORWARDED)
        from_proxy = get_from(proxy, served.port, "/sign-in?from=proxy", FORWARDED)
        plain = get_from(proxy, served.port, "/sign-in?from=plain", {})
        log = served.log_text()

    assert "secure" not in from_stranger.lower(), from_stranger
    assert "secure" in from_proxy.lower(), from_proxy
    assert "secure" not in plain.lower(), plain
    # uvicorn's access log shows the client address the application was given.
    assert re.search(rf'{re.escape(stranger)}:\d+ - "GET /sign-in\?from=stranger', log), log
    assert '198.51.100.7:0 - "GET /sign-in?from=proxy' in log, log
    assert re.search(rf'{re.escape(proxy)}:\d+ - "GET /sign-in\?from=plain', log), log


# --- Worker processes ---------------------------------------------------------------------------


def _parent_of(pid: int) -> int:
    # /proc/PID/stat: "pid (comm) state ppid ..."; comm may hold spaces, so split after ")".
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


def _socket_inodes(pid: int) -> set[str]:
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue  # closed meanwhile
        if target.startswith("socket:["):
            inodes.add(target[len("socket:[") : -1])
    return inodes


def _accepting_worker(workers: list[int], server_port: int, client_port: int) -> int | None:
    """Which worker holds the server's end of the connection from `client_port`."""
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        local_port = int(fields[1].rsplit(":", 1)[1], 16)
        remote_port = int(fields[2].rsplit(":", 1)[1], 16)
        if (local_port, remote_port) == (server_port, client_port):
            inode = fields[9]
            return next((pid for pid in workers if inode in _socket_inodes(pid)), None)
    return None


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads Linux's /proc")
def test_serve_with_two_workers_migrates_once_and_both_workers_answer(tmp_path: Path):
    database = tmp_path / "new.db"  # does not exist yet: the parent creates and seeds it
    decoy = tmp_path / "decoy.db"
    with gainsay_serve(
        tmp_path,
        "--database",
        str(database),
        "--workers",
        "2",
        # The option must win over the environment in the workers too.
        GAINSAY_DATABASE_URL=f"sqlite:///{decoy}",
    ) as served:
        # /healthz answers as soon as one worker is up; wait for the other to say it is.
        deadline = time.monotonic() + 90
        while served.log_text().count("Application startup complete") < 2:
            assert time.monotonic() < deadline, served.log_text()
            time.sleep(0.1)
        log = served.log_text()
        assert log.count("Database is at the newest schema") == 1, log
        assert log.count("Seed data loaded") == 1, log
        workers = sorted({int(pid) for pid in re.findall(r"Started server process \[(\d+)\]", log)})
        assert len(workers) == 2, log
        assert all(_parent_of(pid) == served.process.pid for pid in workers)

        # Keep connections open until each worker has accepted one, then ask each for the
        # seed disputes (from the --database file) on its own connection.
        connections: dict[int, http.client.HTTPConnection] = {}
        opened = []
        try:
            for attempt in range(300):
                connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=10)
                opened.append(connection)
                connection.request("GET", f"/healthz?attempt={attempt}")
                response = connection.getresponse()
                response.read()
                assert response.status == 200
                client_port = connection.sock.getsockname()[1]
                worker = _accepting_worker(workers, served.port, client_port)
                if worker is not None:
                    connections.setdefault(worker, connection)
                if len(connections) == 2:
                    break
            assert sorted(connections) == workers, f"only {sorted(connections)} accepted"
            for connection in connections.values():
                connection.request("GET", "/api/disputes?limit=50")
                response = connection.getresponse()
                assert response.status == 200
                slugs = {item["slug"] for item in json.loads(response.read())["items"]}
                assert "idlib-offensive-civilian-harm-2019" in slugs  # a seed dispute
        finally:
            for connection in opened:
                connection.close()

        served.process.send_signal(signal.SIGTERM)
        assert served.process.wait(timeout=30) == 0
        log = served.log_text()

    assert not decoy.exists()
    for pid in workers:
        assert f"Finished server process [{pid}]" in log, log
        assert not Path(f"/proc/{pid}").exists(), f"worker {pid} outlived the server"
    assert "Traceback" not in log, log


def _workers_started(served: Served, count: int) -> list[int]:
    """The PIDs of the first `count` workers that said their app is up (in the order they did)."""
    deadline = time.monotonic() + 90
    while served.log_text().count("Application startup complete") < count:
        assert time.monotonic() < deadline, served.log_text()
        time.sleep(0.1)
    pids = re.findall(r"Started server process \[(\d+)\]", served.log_text())
    return list(dict.fromkeys(int(pid) for pid in pids))


def _listening_inodes(port: int) -> set[str]:
    """The sockets listening on `port` (state 0A in /proc/net/tcp)."""
    inodes = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port:
            inodes.add(fields[9])
    return inodes


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads Linux's /proc")
def test_each_worker_listens_on_its_own_socket_and_a_burst_of_kept_connections_reaches_both(
    seed_template: SeedTemplate, tmp_path: Path
):
    database = copy_database(seed_template.path, tmp_path / "gainsay.db")
    with gainsay_serve(tmp_path, "--database", str(database), "--workers", "2", "--no-seeds") as s:
        workers = _workers_started(s, 2)
        assert len(workers) == 2, s.log_text()
        # Two listening sockets, one in each worker, none in the command's own process.
        listening = _listening_inodes(s.port)
        assert len(listening) == 2, listening
        for pid in workers:
            assert len(listening & _socket_inodes(pid)) == 1, (pid, listening)
        assert not listening & _socket_inodes(s.process.pid)

        # 32 connections opened at once and kept, as a proxy's pool or a load generator opens
        # them: the kernel deals them out over both workers' sockets (a shared socket let the
        # first worker awake take nearly all).
        burst = [socket.create_connection(("127.0.0.1", s.port), timeout=10) for _ in range(32)]
        try:
            for connection in burst:
                connection.sendall(b"GET /healthz HTTP/1.1\r\nHost: gainsay.test\r\n\r\n")
            for connection in burst:
                assert connection.recv(4096).startswith(b"HTTP/1.1 200"), "no answer"
            held = {pid: 0 for pid in workers}
            for connection in burst:
                worker = _accepting_worker(workers, s.port, connection.getsockname()[1])
                assert worker is not None
                held[worker] += 1
        finally:
            for connection in burst:
                connection.close()
        assert all(held.values()), held


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads Linux's /proc")
def test_a_worker_that_dies_is_started_again(seed_template: SeedTemplate, tmp_path: Path):
    database = copy_database(seed_template.path, tmp_path / "gainsay.db")
    with gainsay_serve(tmp_path, "--database", str(database), "--workers", "2", "--no-seeds") as s:
        first, second = _workers_started(s, 2)
        os.kill(first, signal.SIGKILL)
        workers = _workers_started(s, 3)
        assert len(workers) == 3, s.log_text()
        replacement = workers[2]
        assert _parent_of(replacement) == s.process.pid
        assert not Path(f"/proc/{first}").exists() or _parent_of(first) != s.process.pid
        # Two listening sockets again, the new worker's one of them.
        listening = _listening_inodes(s.port)
        assert len(listening) == 2, listening
        assert len(listening & _socket_inodes(replacement)) == 1
        # Pages are served all through: new connections reach either worker.
        for attempt in range(20):
            with urllib.request.urlopen(
                f"http://127.0.0.1:{s.port}/api/disputes?attempt={attempt}", timeout=10
            ) as answer:
                assert answer.status == 200
        assert _parent_of(second) == s.process.pid


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads Linux's /proc")
def test_sigint_to_the_command_alone_stops_its_workers(seed_template: SeedTemplate, tmp_path: Path):
    # `kill -INT` to the command (not a terminal's Ctrl-C, which reaches every process of the
    # group): gunicorn's quick shutdown sends the workers SIGQUIT, which must stop them, not
    # leave them serving until the 30 s graceful timeout runs out and they are killed.
    database = copy_database(seed_template.path, tmp_path / "gainsay.db")
    with gainsay_serve(tmp_path, "--database", str(database), "--workers", "2", "--no-seeds") as s:
        workers = _workers_started(s, 2)
        s.process.send_signal(signal.SIGINT)
        assert s.process.wait(timeout=20) == 0
        log = s.log_text()
    for pid in workers:
        assert f"Finished server process [{pid}]" in log, log
        assert not Path(f"/proc/{pid}").exists(), f"worker {pid} outlived the server"


def test_one_worker_is_one_worker_process(seed_template: SeedTemplate, tmp_path: Path):
    database = copy_database(seed_template.path, tmp_path / "gainsay.db")
    with gainsay_serve(tmp_path, "--database", str(database), "--workers", "1", "--no-seeds") as s:
        log = s.log_text()
        assert "with 1 worker process" in log
        # One worker, a child of the command, which manages it (and would start it again).
        workers = _workers_started(s, 1)
        assert len(workers) == 1, log
        assert _parent_of(workers[0]) == s.process.pid


def test_a_port_in_use_is_refused_before_anything_is_done(tmp_path: Path):
    database = tmp_path / "x.db"
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [*GAINSAY, "serve", "--port", str(port), "--database", str(database)],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 1, result
    assert f"Cannot listen on 127.0.0.1:{port}" in result.stdout, result
    assert not database.exists()  # refused before anything was migrated


def test_the_number_of_workers_is_checked(tmp_path: Path):
    result = subprocess.run(
        [*GAINSAY, "serve", "--workers", "0", "--database", str(tmp_path / "x.db")],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2 and "--workers" in result.stderr
    assert not (tmp_path / "x.db").exists()  # refused before anything was migrated
