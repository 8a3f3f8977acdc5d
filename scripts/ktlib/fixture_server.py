#!/usr/bin/python3
"""One host-side test peer ("fixture") as its own process group; see fixtures.py.

    fixture_server.py --lock LOCKFILE MODE PORT [HOST] [-- PROGRAM ARGS...]

MODE is tcp_echo, udp_echo, tcp_closed (binds PORT without listening, so a
connect is refused and nothing else can listen there), http and https (the HTTP
test server of http_fixture.py, plain and on the test PKI), tcp_stall (accepts and
reads nothing for a while, so the peer's sends block), tcp_blackhole (a
listener with a full accept queue: SYNs are dropped), sntp (answers SNTP
client requests with a fixed time), mqtt, mqtt_restart, mqtt_fake
(mqtt_fixtures.py: mosquitto, a restartable mosquitto, a fake broker), one of the TLS echo servers of TLS_MODES
(the test PKI of tests/net/pki) or exec (runs PROGRAM, e.g. dnsmasq, in
this process group and waits until it has bound PORT). HOST is the loopback
address served: 127.0.0.1 (the default) or ::1 (tcp_echo, udp_echo,
tcp_closed, exec).
Prints `ready` (or `failed: REASON`) on stdout once, then serves until
LOCKFILE can be locked exclusively: every kt run using the fixture holds a
shared lock on it, and the kernel drops a lock when its holder exits, even
on SIGKILL, so the fixture outlives no user.
"""

import fcntl
import os
import signal
import socket
import socketserver
import ssl
import struct
import subprocess
import sys
import threading
import time

HOST = "127.0.0.1"
POLL = 0.1
EXEC_READY_TIMEOUT = 5.0
UDP_MAX = 65535


def echo_until_eof(conn):
    """Sends back everything CONN receives until the peer's end of data."""
    while True:
        data = conn.recv(65536)
        if not data:
            return
        conn.sendall(data)


class EchoHandler(socketserver.BaseRequestHandler):
    """Echoes every byte until the peer shuts down writing, then closes."""

    def handle(self):
        conn = self.request
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            echo_until_eof(conn)
            conn.shutdown(socket.SHUT_WR)
        except OSError:
            pass                    # peer reset: nothing left to echo


class EchoServer(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True
    request_queue_size = 16


class EchoServer6(EchoServer):
    address_family = socket.AF_INET6


def family(host):
    return socket.AF_INET6 if ":" in host else socket.AF_INET


def serve_tcp_echo(port, host):
    server = (EchoServer6 if family(host) == socket.AF_INET6 else EchoServer)((host, port), EchoHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def serve_udp(port, answer, bufsize=None, host=HOST):
    """A thread sending ANSWER(datagram, peer) back to each sender (None: nothing)."""
    sock = socket.socket(family(host), socket.SOCK_DGRAM)
    if bufsize:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, bufsize)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, bufsize)
    sock.bind((host, port))

    def loop():
        while True:
            data, peer = sock.recvfrom(UDP_MAX)
            reply = answer(data, peer)
            if reply is not None:
                try:
                    sock.sendto(reply, peer)
                except OSError:
                    pass
    threading.Thread(target=loop, daemon=True).start()
    return sock


def serve_udp_echo(port, host):
    return serve_udp(port, lambda data, peer: data, 1 << 20, host)


def hold_closed_port(port, host):
    sock = socket.socket(family(host), socket.SOCK_STREAM)
    sock.bind((host, port))         # bound, never listening: SYNs get RST
    return sock


# tcp_stall: a small receive buffer, so that the peer's sends block after a
# few segments (plus what slirp and the loopback hold); nothing is read for
# STALL_SECONDS after accept, then everything is read and dropped until the
# peer closes (so a device's closed connection finishes in the end).
STALL_RCVBUF = 4096
STALL_SECONDS = 30.0
STALL_MAX = 16                  # connections held at once; the oldest is closed beyond


def serve_tcp_stall(port):
    lsock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    lsock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    lsock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, STALL_RCVBUF)   # inherited by accept
    lsock.bind((HOST, port))
    lsock.listen(16)
    held = []

    def drain_later(conn):
        time.sleep(STALL_SECONDS)
        try:
            while conn.recv(65536):
                pass
        except OSError:
            pass
        conn.close()

    def loop():
        while True:
            conn, peer = lsock.accept()
            print(f"tcp_stall: {peer[0]}:{peer[1]} accepted, not read for {STALL_SECONDS:.0f} s",
                  file=sys.stderr, flush=True)
            held.append(conn)
            if len(held) > STALL_MAX:
                held.pop(0).close()
            threading.Thread(target=drain_later, args=(conn,), daemon=True).start()
    threading.Thread(target=loop, daemon=True).start()
    return lsock


# tcp_blackhole: a listener whose accept queue is full (backlog 0, filled by
# connections of its own that are never accepted), so Linux drops every
# further SYN: a connect to it neither completes nor fails (connect timeouts).
BLACKHOLE_FILL = 2


def serve_tcp_blackhole(port):
    lsock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    lsock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    lsock.bind((HOST, port))
    lsock.listen(0)
    fill = []
    for _ in range(BLACKHOLE_FILL):
        c = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        c.setblocking(False)
        try:
            c.connect((HOST, port))
        except BlockingIOError:
            pass
        fill.append(c)
    return lsock, fill


# sntp: every answer carries this time (Unix seconds, NTP fraction), so a
# device test can check its clock exactly. 2039-09-18T23:06:40.5Z: past
# 2038 (32-bit time_t) and in NTP era 1 (after 2036-02-07). The same as
# fixtures.SNTP_TIME and the header's (scripts/tests/test_fixtures.py).
SNTP_TIME = 2200000000
SNTP_FRAC = 0x80000000          # .5 s
NTP_UNIX_DIFF = 2208988800      # 1900-01-01 to 1970-01-01


def sntp_reply(request):
    """The 48-byte server answer to an SNTP client REQUEST, or None if it is not one."""
    if len(request) < 48:
        return None
    version = (request[0] >> 3) & 7
    if request[0] & 7 != 3 or not 1 <= version <= 4:
        return None
    ntp = struct.pack(">II", (SNTP_TIME + NTP_UNIX_DIFF) & 0xFFFFFFFF, SNTP_FRAC)
    return (struct.pack(">BBBbII4s", (version << 3) | 4, 1, request[2], -20, 0, 0, b"KTST")
            + ntp + request[40:48] + ntp + ntp)


def sntp_answer(data, peer):
    reply = sntp_reply(data)
    print(f"sntp: {peer[0]}:{peer[1]} {len(data)} B "
          f"{'answered' if reply else 'not a client request: ignored'}", file=sys.stderr, flush=True)
    return reply


def serve_sntp(port):
    return serve_udp(port, sntp_answer)


# TLS echo servers on the test PKI (tests/net/pki/README.md): MODE ->
# (certificate/key name, lowest and highest TLS version, client certificate
# required). Each connection's handshake and echo run in its own thread,
# bounded by TLS_TIMEOUT of silence.
PKI = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                   "tests", "net", "pki")
V12, V13 = ssl.TLSVersion.TLSv1_2, ssl.TLSVersion.TLSv1_3
TLS_MODES = {
    "tls13": ("server", V13, V13, False),
    "tls12": ("server", V12, V12, False),
    "tls_rsa": ("server-rsa", V12, V13, False),
    "tls_other_ca": ("server-other-ca", V12, V13, False),
    "tls_wrong_host": ("server-wrong-host", V12, V13, False),
    "tls_expired": ("server-expired", V12, V13, False),
    "tls_client_auth": ("server", V12, V13, True),
}
TLS_TIMEOUT = 30.0


def tls_context(mode):
    cert, lowest, highest, client_auth = TLS_MODES[mode]
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.minimum_version, ctx.maximum_version = lowest, highest
    ctx.load_cert_chain(os.path.join(PKI, cert + ".crt"), os.path.join(PKI, cert + ".key"))
    if client_auth:
        ctx.verify_mode = ssl.CERT_REQUIRED
        ctx.load_verify_locations(os.path.join(PKI, "ca.crt"))
    return ctx


def tls_echo_handler(mode, ctx):
    class Handler(socketserver.BaseRequestHandler):
        """Handshake, then echo every byte until the peer closes."""

        def handle(self):
            peer = f"{self.client_address[0]}:{self.client_address[1]}"
            self.request.settimeout(TLS_TIMEOUT)
            self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            try:
                conn = ctx.wrap_socket(self.request, server_side=True)
            except (OSError, ssl.SSLError) as e:
                print(f"{mode}: {peer} handshake failed: {e}", file=sys.stderr, flush=True)
                return
            who = conn.getpeercert()
            who = dict(x[0] for x in who["subject"]).get("commonName") if who else None
            print(f"{mode}: {peer} {conn.version()} {conn.cipher()[0]}"
                  + (f" client {who}" if who else ""), file=sys.stderr, flush=True)
            try:
                echo_until_eof(conn)
            except (OSError, ssl.SSLError) as e:
                print(f"{mode}: {peer} {e}", file=sys.stderr, flush=True)
    return Handler


def serve_https(port, host):
    """The http fixture's routes over TLS 1.2/1.3 with the PKI's server certificate."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.minimum_version = V12
    ctx.load_cert_chain(os.path.join(PKI, "server.crt"), os.path.join(PKI, "server.key"))
    return _http_fixture().serve(port, host, ctx)


def serve_tls_echo(mode, port, host):
    server = (EchoServer6 if family(host) == socket.AF_INET6 else EchoServer)(
        (host, port), tls_echo_handler(mode, tls_context(mode)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def port_bound(port, proto, host):
    """True if some socket is bound to HOST:PORT (TCP: listening)."""
    if family(host) == socket.AF_INET6:
        want, proto = f"{'0' * 24}01000000:{port:04X}", proto + "6"   # ::1
    else:
        want = f"0100007F:{port:04X}"
    try:
        with open(f"/proc/net/{proto}", encoding="ascii") as f:
            rows = [line.split() for line in f.readlines()[1:]]
    except OSError:
        return False
    listen = "0A" if proto == "tcp" else "07"
    return any(r[1] == want and r[3] == listen for r in rows)


def start_program(port, host, argv):
    """PROGRAM in this process group, once it has bound PORT (TCP and UDP)."""
    child = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=sys.stderr.fileno())
    deadline = time.monotonic() + EXEC_READY_TIMEOUT
    while not (port_bound(port, "udp", host) or port_bound(port, "tcp", host)):
        if child.poll() is not None:
            raise RuntimeError(f"{os.path.basename(argv[0])} exited with status {child.returncode}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"{os.path.basename(argv[0])} did not bind port {port} "
                               f"within {EXEC_READY_TIMEOUT:.0f} s")
        time.sleep(0.02)
    return child


def _http_fixture():
    """http_fixture.py beside this file, whether run as a script or imported from ktlib."""
    if __package__:
        from . import http_fixture
    else:
        import http_fixture
    return http_fixture


def _mqtt_fixtures():
    """mqtt_fixtures.py, imported only for the MQTT fixtures."""
    if __package__:
        from . import mqtt_fixtures
    else:
        import mqtt_fixtures
    return mqtt_fixtures


def start(mode, port, host, argv):
    if mode == "tcp_echo":
        return serve_tcp_echo(port, host)
    if mode == "udp_echo":
        return serve_udp_echo(port, host)
    if mode == "tcp_closed":
        return hold_closed_port(port, host)
    if mode == "tcp_stall":
        return serve_tcp_stall(port)
    if mode == "sntp":
        return serve_sntp(port)
    if mode == "tcp_blackhole":
        return serve_tcp_blackhole(port)
    if mode in TLS_MODES:
        return serve_tls_echo(mode, port, host)
    if mode == "http":
        return _http_fixture().serve(port, host)
    if mode == "https":
        return serve_https(port, host)
    if mode == "exec":
        return start_program(port, host, argv)
    if mode.startswith("mqtt"):
        return _mqtt_fixtures().start(mode, port, host, argv)
    raise RuntimeError(f"unknown mode {mode}")


def wait_unused(lock_path, child):
    """Returns when no kt run holds LOCK_PATH shared, or when CHILD died."""
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    while True:
        if isinstance(child, subprocess.Popen) and child.poll() is not None:
            print(f"fixture_server: program exited with status {child.returncode}", file=sys.stderr)
            return
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return                  # kept until exit: a new user waits, then starts afresh
        except BlockingIOError:
            time.sleep(POLL)


def stop(child):
    if isinstance(child, subprocess.Popen) and child.poll() is None:
        child.kill()                # no state to save; iperf takes a second on SIGTERM
        child.wait()


def main(argv):
    if len(argv) < 4 or argv[0] != "--lock":
        print(__doc__, file=sys.stderr)
        return 2
    lock_path, mode, port = argv[1], argv[2], int(argv[3])
    rest = argv[4:]
    host = rest.pop(0) if rest and rest[0] != "--" else HOST
    program = rest[1:] if rest and rest[0] == "--" else []
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    child = None
    try:
        try:
            child = start(mode, port, host, program)
        except (OSError, RuntimeError) as e:
            print(f"failed: {e.strerror if isinstance(e, OSError) and e.strerror else e}", flush=True)
            return 1
        print("ready", flush=True)
        wait_unused(lock_path, child)
    finally:
        stop(child)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
