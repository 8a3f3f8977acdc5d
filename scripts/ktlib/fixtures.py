"""Host-side network peers ("fixtures") that test applications talk to.

A testcase.yaml names the ones its app needs (`fixtures: [tcp_echo, dns]`).
kt test starts each once per run, just before the first app that needs it
runs, shares it with every app and board, and stops it at the end of the
run (also on failure, Ctrl-C or SIGTERM). Every fixture listens on
127.0.0.1 at a fixed port (the table below; the same numbers are in
include/kestrel/testing/net_fixtures.h, checked by a host test); a board
reaches it through slirp as 10.0.2.2:PORT. The fixtures named *6 are the
same peers on ::1 (same ports, processes of their own), which a board
with IPv6 reaches as fec0::2:PORT.

Each fixture is a process group of its own (fixture_server.py). Every kt
run that uses it holds a shared flock on STATE_DIR/NAME-PORT.lock; the
server exits as soon as nobody holds it, so a fixture never outlives the
runs using it, even when kt is killed with SIGKILL. Two kt runs at once
share a running fixture instead of failing on a taken port, when they run
the same fixture code on the same test PKI (code_digest()); a run of
other fixture sources (another checkout, an older tree) is refused with
the reason instead of testing against a server that is not its own.
"""

import fcntl
import glob
import hashlib
import json
import os
import selectors
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass

from .common import KtError, rel

HOST = "127.0.0.1"
HOST6 = "::1"
GUEST_HOST = "10.0.2.2"          # the host's loopback as the boards see it (slirp)
GUEST_HOST6 = "fec0::2"          # the host's ::1 as the boards see it (slirp's IPv6)
DNS_NAME = "kestrel-test.example"
DNS_A = "192.0.2.10"
DNS_AAAA = "2001:db8::10"
DNS_UNKNOWN = "unknown.kestrel-test.invalid"
UDP_ECHO_MAX = 65507             # the largest IPv4 UDP payload
SNTP_TIME = 2200000000           # what the sntp fixture answers: 2039-09-18T23:06:40.5Z
SNTP_TIME_NSEC = 500000000
START_TIMEOUT = 10.0
STOP_TIMEOUT = 3.0
SERVER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixture_server.py")
SETUP = "scripts/setup.sh"
_serving_others = []             # Popen of servers left to another kt run (kept: no ResourceWarning)


@dataclass(frozen=True)
class Fixture:
    name: str
    port: int
    protos: tuple               # what it binds on 127.0.0.1:port
    what: str
    program: str = None         # host program it runs (None: Python)
    package: str = None         # the Debian package holding PROGRAM
    host: str = HOST            # the loopback address it binds
    mode: str = None            # fixture_server.py mode (None: the name)


FIXTURES = {f.name: f for f in (
    Fixture("tcp_echo", 17007, ("tcp",), "TCP echo: echoes every byte, many connections at "
            "once; after the peer shuts down writing it closes"),
    Fixture("udp_echo", 17007, ("udp",), f"UDP echo: each datagram (up to {UDP_ECHO_MAX} bytes) "
            "sent back to its sender"),
    Fixture("tcp_closed", 17009, ("tcp",), "a TCP port held without a listener: connect is "
            "refused (ECONNREFUSED)"),
    Fixture("tcp_stall", 17010, ("tcp",), "TCP: accepts and reads nothing for 30 s (4 KiB "
            "receive buffer), so the peer's sends block (SO_SNDTIMEO); then drains and closes"),
    Fixture("tcp_blackhole", 17011, ("tcp",), "TCP: a listener whose accept queue is full, so "
            "SYNs are dropped: a connect neither completes nor fails (connect timeouts)"),
    Fixture("sntp", 17123, ("udp",), f"SNTP v4 server: answers every client request with "
            f"the fixed time {SNTP_TIME}.5 (2039-09-18T23:06:40.5Z); requests are logged"),
    Fixture("dns", 17053, ("udp", "tcp"), f"dnsmasq: {DNS_NAME} A {DNS_A}, AAAA {DNS_AAAA}; "
            "any other name NXDOMAIN", "dnsmasq", "dnsmasq-base"),
    Fixture("dns53", 53, ("udp", "tcp"), "the same dnsmasq on the standard port 53 (needs root "
            "or CAP_NET_BIND_SERVICE)", "dnsmasq", "dnsmasq-base"),
    Fixture("http", 17080, ("tcp",), "HTTP/1.1 test server (http_fixture.py): fixed, chunked, "
            "256 KiB, POST echo, redirect, slow/silent and malformed-response routes"),
    Fixture("https", 17480, ("tcp",), "the http fixture's routes over TLS 1.2/1.3, test PKI "
            "certificate 'server' (CA 'ca'; names kestrel-test.example, 10.0.2.2 ...)"),
    Fixture("iperf", 17001, ("tcp",), "iperf 2 server (iperf -s) for throughput runs",
            "iperf", "iperf"),
    Fixture("tls13", 17441, ("tcp",), "TLS echo forced to TLS 1.3, certificate 'server' of "
            "tests/net/pki (CA 'ca', ECDSA P-256; localhost, kestrel-test.example, 10.0.2.2)"),
    Fixture("tls12", 17442, ("tcp",), "TLS echo forced to TLS 1.2, the same certificate as tls13"),
    Fixture("tls_rsa", 17443, ("tcp",), "TLS 1.2/1.3 echo with the RSA-2048 chain "
            "('server-rsa' of CA 'ca-rsa')"),
    Fixture("tls_other_ca", 17444, ("tcp",), "TLS 1.2/1.3 echo whose certificate is signed by "
            "'other-ca' (unknown CA for a device trusting 'ca')"),
    Fixture("tls_wrong_host", 17445, ("tcp",), "TLS 1.2/1.3 echo whose certificate (CA 'ca') "
            "names only wrong-host.kestrel-test.invalid"),
    Fixture("tls_expired", 17446, ("tcp",), "TLS 1.2/1.3 echo whose certificate (CA 'ca') "
            "expired on 2025-01-01"),
    Fixture("tls_client_auth", 17447, ("tcp",), "TLS 1.2/1.3 echo that requires a client "
            "certificate signed by 'ca' (tests/net/pki 'client')"),
    Fixture("mqtt", 17883, ("tcp",), "mosquitto (MQTT 3.1.1 broker): anonymous, no "
            "persistence, config written at start", "mosquitto", "mosquitto"),
    Fixture("mqtt_tls", 17887, ("tcp",), "mosquitto over TLS 1.2/1.3: certificate 'server' "
            "of tests/net/pki (CA 'ca'), anonymous, no persistence", "mosquitto", "mosquitto"),
    Fixture("mqtt_restart", 17884, ("tcp",), "control port: each connection gets its own "
            "mosquitto (persistent) on a free port and stops/starts it on request",
            "mosquitto", "mosquitto"),
    Fixture("mqtt_fake", 17886, ("tcp",), "fake MQTT broker: the client id names a scenario "
            "(malformed packets, refusals, resend checks; mqtt_fixtures.py)"),
    Fixture("tcp_echo6", 17007, ("tcp",), f"tcp_echo on {HOST6} (boards: {GUEST_HOST6})",
            host=HOST6, mode="tcp_echo"),
    Fixture("udp_echo6", 17007, ("udp",), f"udp_echo on {HOST6} (boards: {GUEST_HOST6})",
            host=HOST6, mode="udp_echo"),
    Fixture("tcp_closed6", 17009, ("tcp",), f"tcp_closed on {HOST6} (boards: {GUEST_HOST6})",
            host=HOST6, mode="tcp_closed"),
    Fixture("http6", 17080, ("tcp",), f"http on {HOST6} (boards: {GUEST_HOST6})",
            host=HOST6, mode="http"),
    Fixture("dns6", 17053, ("udp", "tcp"), f"the dns fixture's dnsmasq on {HOST6} "
            f"(boards: {GUEST_HOST6})", "dnsmasq", "dnsmasq-base", host=HOST6),
)}


class FixtureError(KtError):
    pass


def check_names(names, where):
    """NAMES as a list, or a KtError naming the unknown one."""
    for n in names:
        if n not in FIXTURES:
            raise KtError(f"{where}: unknown fixture '{n}'", f"use: {', '.join(FIXTURES)}")
    return list(names)


def default_state_dir():
    return os.path.join(tempfile.gettempdir(), f"kestrel-fixtures-{os.getuid()}")


def dnsmasq_args(port, host=HOST):
    return ["--keep-in-foreground", "--conf-file=/dev/null", "--no-resolv", "--no-hosts",
            "--no-poll", "--listen-address=" + host, "--bind-interfaces", f"--port={port}",
            f"--host-record={DNS_NAME},{DNS_A},{DNS_AAAA}", "--address=/#/",
            "--pid-file=", "--log-facility=-", "--log-queries"]


def server_args(fx, port, program):
    """fixture_server.py MODE PORT [-- PROGRAM ARGS] for FX."""
    hosts = [] if fx.host == HOST else [fx.host]
    if fx.program is None:
        return [fx.mode or fx.name, str(port)] + hosts
    if fx.program == "mosquitto":
        return [fx.mode or fx.name, str(port), "--", program]
    if fx.program == "dnsmasq":
        return ["exec", str(port)] + hosts + ["--", program] + dnsmasq_args(port, fx.host)
    return ["exec", str(port), "--", program, "-s", "-B", HOST, "-p", str(port)]


def port_in_use(port, proto, host=HOST):
    """None if HOST:PORT/PROTO can be bound, else the reason."""
    kind = socket.SOCK_STREAM if proto == "tcp" else socket.SOCK_DGRAM
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, kind) as s:
        if proto == "tcp":
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)   # TIME_WAIT is no user
        try:
            s.bind((host, port))
        except OSError as e:
            return e.strerror or str(e)
    return None


def code_digest():
    """What a running server's behaviour depends on besides its arguments:
    the fixture servers' sources and the test PKI they serve. A run of
    another checkout (or of an older tree) with a different digest does
    not join it."""
    here = os.path.dirname(SERVER)
    pki = os.path.join(here, "..", "..", "tests", "net", "pki")
    paths = sorted(glob.glob(os.path.join(here, "*fixture*.py")) +
                   glob.glob(os.path.join(pki, "*.crt")) + glob.glob(os.path.join(pki, "*.key")))
    h = hashlib.sha256()
    for path in paths:
        with open(path, "rb") as f:
            h.update(os.path.basename(path).encode() + b"\0" + f.read())
    return h.hexdigest()[:16]


def _alive(pid, lock_path):
    """True if PID is a running (not zombie) server of the fixture locked by LOCK_PATH."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as f:
            if f.read().rsplit(")", 1)[1].split()[0] == "Z":
                return False
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            argv = f.read().split(b"\0")
        return os.path.basename(SERVER).encode() in b" ".join(argv) and lock_path.encode() in argv
    except (OSError, IndexError):
        return False


def _lock(path, mode, timeout):
    """An O_CLOEXEC fd of PATH locked with MODE, waiting at most TIMEOUT."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    deadline = time.monotonic() + timeout
    while True:
        try:
            fcntl.flock(fd, mode | fcntl.LOCK_NB)
            return fd
        except BlockingIOError:
            if time.monotonic() > deadline:
                os.close(fd)
                raise
            time.sleep(0.05)


def _shared_holders(path):
    """How many shared flocks (kt runs using the fixture) the kernel lists on PATH."""
    try:
        st = os.stat(path)
        with open("/proc/locks", encoding="ascii") as f:
            rows = [line.split() for line in f]
    except OSError:
        return 0
    ident = f"{os.major(st.st_dev):02x}:{os.minor(st.st_dev):02x}:{st.st_ino}"
    return sum(1 for r in rows if len(r) > 5 and r[1] == "FLOCK" and r[3] == "READ"
               and r[5] == ident)


@dataclass
class Held:
    lock_fd: int
    lock_path: str
    proc: object = None          # Popen of the server when this run started it


class Manager:
    """Starts fixtures on demand and stops them all; thread-safe.

    PORTS overrides fixture ports ({name: port}, for kt's own tests);
    STATE_DIR holds the lock, state and log files."""

    def __init__(self, base, ports=None, state_dir=None, python=sys.executable):
        self.base = base
        self.ports = dict(ports or {})
        self.state_dir = state_dir or default_state_dir()
        self.python = python
        self._lock = threading.Lock()
        self._held = {}
        self._failed = {}

    def port(self, name):
        return self.ports.get(name, FIXTURES[name].port)

    def log_path(self, name):
        return os.path.join(self.state_dir, f"{name}-{self.port(name)}.log")

    def require(self, names):
        """Starts every fixture of NAMES not running yet (at once); FixtureError if one cannot."""
        if not names:
            return
        with self._lock:
            for name in names:
                if name in self._failed:
                    raise self._failed[name]
            todo = [n for n in dict.fromkeys(names) if n not in self._held]
            results = {}

            def acquire(name):
                try:
                    results[name] = self._acquire(name)
                except Exception as e:      # re-raised below, in the caller's thread
                    results[name] = e
            threads = [threading.Thread(target=acquire, args=(n,)) for n in todo]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            error = None
            for name in todo:
                if isinstance(results[name], Held):
                    self._held[name] = results[name]
                elif isinstance(results[name], FixtureError):
                    self._failed[name] = results[name]
                    error = error or results[name]
                else:
                    error = error or results[name]
            if error:
                raise error

    def running(self):
        with self._lock:
            return sorted(self._held)

    def pids(self):
        """Server pids this run started (for tests)."""
        with self._lock:
            return [h.proc.pid for h in self._held.values() if h.proc]

    def _error(self, name, reason, fix):
        return FixtureError(f"fixture {name}: {reason}", fix)

    def _acquire(self, name):
        fx = FIXTURES[name]
        program = None
        if fx.program:
            program = shutil.which(fx.program)
            if program is None:
                raise self._error(name, f"{fx.program} not found on PATH",
                                  f"run {SETUP} (installs Debian package {fx.package})")
        os.makedirs(self.state_dir, exist_ok=True)
        stem = os.path.join(self.state_dir, f"{name}-{self.port(name)}")
        try:
            start_fd = _lock(stem + ".start", fcntl.LOCK_EX, START_TIMEOUT)
        except BlockingIOError:
            raise self._error(name, f"another kt run has been starting it for {START_TIMEOUT:.0f} s",
                              f"see {rel(stem + '.log')}") from None
        try:
            try:
                use_fd = _lock(stem + ".lock", fcntl.LOCK_SH, START_TIMEOUT)
            except BlockingIOError:
                raise self._error(name, f"its last server has been stopping for {START_TIMEOUT:.0f} s",
                                  f"see {rel(stem + '.log')}") from None
            try:
                return self._join_or_start(fx, stem, use_fd, program)
            except BaseException:
                os.close(use_fd)
                raise
        finally:
            os.close(start_fd)

    def _join_or_start(self, fx, stem, use_fd, program):
        port = self.port(fx.name)
        args = server_args(fx, port, program)
        state = _read_json(stem + ".json")
        code = code_digest()
        if state and _alive(state.get("pid", 0), stem + ".lock"):
            if state.get("args") != args or state.get("code") != code:
                raise self._error(fx.name, f"port {port} is served by another version of it "
                                  f"(kt in {state.get('base')})", "wait for that kt test to end")
            return Held(use_fd, stem + ".lock")
        for proto in fx.protos:
            why = port_in_use(port, proto, fx.host)
            if why:
                fix = (f"find the program with: ss -lnp 'sport = :{port}' and stop it"
                       if "in use" in why else
                       "the host has no IPv6 loopback: enable IPv6 on lo" if fx.host == HOST6
                       else "run as root or give python3 CAP_NET_BIND_SERVICE")
                where = f"[{fx.host}]" if ":" in fx.host else fx.host
                raise self._error(fx.name, f"cannot bind {where}:{port}/{proto}: {why}", fix)
        proc = self._spawn(fx, stem, args)
        with open(stem + ".json", "w", encoding="utf-8") as f:
            json.dump({"pid": proc.pid, "args": args, "base": self.base, "code": code}, f)
        return Held(use_fd, stem + ".lock", proc)

    def _spawn(self, fx, stem, args):
        with open(stem + ".log", "ab") as log:
            proc = subprocess.Popen([self.python, SERVER, "--lock", stem + ".lock"] + args,
                                    stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=log,
                                    start_new_session=True)
        line = _read_line(proc.stdout, START_TIMEOUT)
        proc.stdout.close()
        if line == "ready":
            return proc
        _kill_group(proc)
        if line.startswith("failed: "):
            reason = line[len("failed: "):]
        elif proc.returncode > 0:
            reason = f"its server exited with status {proc.returncode}"
        else:
            reason = f"no answer within {START_TIMEOUT:.0f} s"
        raise self._error(fx.name, f"did not start: {reason}", f"see {rel(stem + '.log')}")

    def stop_all(self):
        """Releases every fixture; waits until the servers this run started have exited
        (unless another kt run still uses one: then it stops when that run ends)."""
        with self._lock:
            held, self._held = list(self._held.values()), {}
            self._failed = {}
        for h in held:
            os.close(h.lock_fd)
        deadline = time.monotonic() + STOP_TIMEOUT
        for h in held:
            while h.proc and h.proc.poll() is None and time.monotonic() < deadline:
                if _shared_holders(h.lock_path):
                    _serving_others.append(h.proc)
                    break           # still serving another kt run, which stops it
                time.sleep(0.02)


def _read_json(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def _read_line(pipe, timeout):
    sel = selectors.DefaultSelector()
    sel.register(pipe, selectors.EVENT_READ)
    ready = sel.select(timeout)
    sel.close()
    return pipe.readline().decode(errors="replace").strip() if ready else ""


def _kill_group(proc):
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    proc.wait()


def format_table(ports=None):
    """The port table (kt fixtures --list and the docs)."""
    ports = ports or {}
    rows = [(f.name, f"{ports.get(f.name, f.port)}/{'+'.join(f.protos)}", f.what)
            for f in FIXTURES.values()]
    w0 = max(len(r[0]) for r in rows)
    w1 = max(len(r[1]) for r in rows)
    lines = [f"{'fixture':<{w0}}  {'port':<{w1}}  what (on {HOST}; boards use {GUEST_HOST})"]
    lines += [f"{a:<{w0}}  {b:<{w1}}  {c}" for a, b, c in rows]
    return "\n".join(lines)
