"""The MQTT fixtures of fixture_server.py (see fixtures.py, tests/net/README.md).

mqtt          mosquitto on 127.0.0.1:PORT, its config written at start
              (allow_anonymous, no persistence).
mqtt_tls      mosquitto with TLS (1.2 and 1.3) on the test PKI of
              tests/net/pki: certificate `server` (CA `ca`).
mqtt_restart  a control port: each connection gets a mosquitto of its own
              (persistence on, in a temporary folder) on a free port, and
              line commands: the server first says `port N`; `stop` ->
              `stopped` once it exited (SIGTERM: it saves its sessions),
              `start` -> `started` once it listens again. Closing the
              control connection ends that broker.
mqtt_fake     a fake broker for the client's error paths: the CONNECT's
              client id up to its first '/' names the scenario (SCENARIOS);
              resend scenarios keep their state per full client id.
"""

import atexit
import getpass
import os
import shutil
import signal
import socket
import socketserver
import struct
import subprocess
import sys
import tempfile
import threading
import time

READY_TIMEOUT = 5.0
IO_TIMEOUT = 10.0
CONNECT, CONNACK, PUBLISH, PUBACK, PUBREC, PUBREL, PUBCOMP = 1, 2, 3, 4, 5, 6, 7
SUBSCRIBE, SUBACK, UNSUBSCRIBE, UNSUBACK, PINGREQ, PINGRESP, DISCONNECT = 8, 9, 10, 11, 12, 13, 14

_children = []
_dirs = []


def _cleanup():
    for child in _children:
        if child.poll() is None:
            child.kill()
            child.wait()
    for d in _dirs:
        shutil.rmtree(d, ignore_errors=True)


atexit.register(_cleanup)


def log(msg):
    print(f"mqtt: {msg}", file=sys.stderr, flush=True)


def _listening(port, host):
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as s:
        s.settimeout(0.2)
        return s.connect_ex((host, port)) == 0


PKI = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                   "tests", "net", "pki")


def tls_lines():
    return (f"cafile {os.path.join(PKI, 'ca.crt')}\n"
            f"certfile {os.path.join(PKI, 'server.crt')}\n"
            f"keyfile {os.path.join(PKI, 'server.key')}\n")


def write_config(folder, port, host, persistence, tls=False):
    conf = os.path.join(folder, "mosquitto.conf")
    with open(conf, "w", encoding="utf-8") as f:
        f.write(f"listener {port} {host}\n" + (tls_lines() if tls else "") +
                f"user {getpass.getuser()}\n"     # as root: no switch to `mosquitto`
                "allow_anonymous true\n"
                f"persistence {'true' if persistence else 'false'}\n"
                f"persistence_location {folder}/\n"
                "log_dest stderr\n"
                "log_type error\nlog_type warning\nlog_type notice\nlog_type information\n"
                "connection_messages true\n")
    return conf


def start_mosquitto(program, port, host, persistence=False, folder=None, tls=False):
    """mosquitto on HOST:PORT, once it accepts connections; (Popen, folder)."""
    if folder is None:
        folder = tempfile.mkdtemp(prefix="kt-mosquitto-")
        _dirs.append(folder)
    conf = write_config(folder, port, host, persistence, tls)
    child = subprocess.Popen([program, "-c", conf], stdin=subprocess.DEVNULL,
                             stdout=sys.stderr.fileno(), stderr=sys.stderr.fileno())
    _children.append(child)
    deadline = time.monotonic() + READY_TIMEOUT
    while not _listening(port, host):
        if child.poll() is not None:
            raise RuntimeError(f"mosquitto exited with status {child.returncode}")
        if time.monotonic() > deadline:
            child.kill()
            raise RuntimeError(f"mosquitto did not listen on {port} within {READY_TIMEOUT:.0f} s")
        time.sleep(0.02)
    return child, folder


def stop_mosquitto(child):
    if child.poll() is None:
        child.send_signal(signal.SIGTERM)
        try:
            child.wait(READY_TIMEOUT)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def serve_broker(port, host, program, tls=False):
    child, _ = start_mosquitto(program, port, host, tls=tls)
    return child


# ---- mqtt_restart ----

def _free_port(host):
    with socket.socket(socket.AF_INET) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


class RestartHandler(socketserver.StreamRequestHandler):
    """One broker per control connection, stopped and started on request."""

    def handle(self):
        program, host = self.server.program, self.server.host
        port = _free_port(host)
        child, folder = start_mosquitto(program, port, host, persistence=True)
        log(f"restart: broker on port {port} for {self.client_address}")
        try:
            self.wfile.write(f"port {port}\n".encode())
            for line in self.rfile:
                cmd = line.decode(errors="replace").strip()
                if cmd == "stop":
                    stop_mosquitto(child)
                    self.wfile.write(b"stopped\n")
                elif cmd == "start":
                    if child.poll() is None:
                        stop_mosquitto(child)
                    child, _ = start_mosquitto(program, port, host, True, folder)
                    self.wfile.write(b"started\n")
                else:
                    self.wfile.write(b"error: unknown command\n")
                log(f"restart: {cmd} on port {port}")
        except OSError:
            pass
        finally:
            if child.poll() is None:
                child.kill()
                child.wait()


class ThreadedServer(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


def serve_restart(port, host, program):
    server = ThreadedServer((host, port), RestartHandler)
    server.program, server.host = program, host
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


# ---- mqtt_fake ----

def enc_len(n):
    out = bytearray()
    while True:
        b, n = n % 128, n // 128
        out.append(b | (0x80 if n else 0))
        if not n:
            return bytes(out)


def packet(b0, body=b""):
    return bytes([b0]) + enc_len(len(body)) + body


def u16(v):
    return struct.pack(">H", v)


def mqtt_str(s):
    return u16(len(s)) + s


def publish(topic, payload, qos=0, pid=0, dup=False):
    body = mqtt_str(topic) + (u16(pid) if qos else b"") + payload
    return packet((PUBLISH << 4) | (8 if dup else 0) | (qos << 1), body)


class Conn:
    """A client connection with bounded reads."""

    def __init__(self, sock):
        self.sock = sock
        sock.settimeout(IO_TIMEOUT)

    def exact(self, n):
        data = b""
        while len(data) < n:
            chunk = self.sock.recv(n - len(data))
            if not chunk:
                raise EOFError("client closed")
            data += chunk
        return data

    def read(self):
        """(type, flags, body) of the next packet (bodies up to 64 KiB)."""
        b0 = self.exact(1)[0]
        n, shift = 0, 0
        for _ in range(4):
            b = self.exact(1)[0]
            n |= (b & 0x7f) << shift
            shift += 7
            if not b & 0x80:
                break
        if n > 65536:
            raise EOFError("packet too long")
        return b0 >> 4, b0 & 15, self.exact(n)

    def read_type(self, want):
        """The next packet of type WANT, skipping PINGREQs and QoS 0 PUBLISHes."""
        while True:
            t, flags, body = self.read()
            if t == want:
                return flags, body
            if t not in (PINGREQ, PUBLISH) or (t == PUBLISH and flags & 6):
                raise EOFError(f"expected packet type {want}, got {t}")

    def send(self, data):
        self.sock.sendall(data)

    def drain(self):
        """Reads until the client closes (or IO_TIMEOUT)."""
        try:
            while self.sock.recv(4096):
                pass
        except OSError:
            pass


def parse_connect(body):
    """(client id, clean session) of a CONNECT body."""
    if body[:7] != b"\x00\x04MQTT\x04" or len(body) < 12:
        raise EOFError("not an MQTT 3.1.1 CONNECT")
    flags = body[7]
    (n,) = struct.unpack(">H", body[10:12])
    return body[12:12 + n].decode(errors="replace"), bool(flags & 2)


def connack(session_present=False, rc=0):
    return packet(CONNACK << 4, bytes([1 if session_present else 0, rc]))


def _after_trigger(bad):
    """CONNACK, wait for the client's QoS 0 PUBLISH, then send BAD."""
    def run(conn, state, clean):
        conn.send(connack())
        conn.read_type(PUBLISH)
        conn.send(bad)
        conn.drain()
    return run


def _before_connack(bad):
    def run(conn, state, clean):
        conn.send(bad)
        conn.drain()
    return run


def _truncated(conn, state, clean):
    conn.send(connack())
    conn.read_type(PUBLISH)
    conn.send(publish(b"kt/t", b"x" * 100)[:12])   # 12 of 106 bytes, then the end
    time.sleep(0.2)


def _silent(conn, state, clean):
    conn.drain()


def _resend1(conn, state, clean):
    """QoS 1 in flight at a drop: sent again with DUP and the same id."""
    if "id" not in state:
        conn.send(connack())
        flags, body = conn.read_type(PUBLISH)
        (n,) = struct.unpack(">H", body[:2])
        state["id"], state["rest"] = body[2 + n:4 + n], body
        return                                      # dropped without PUBACK
    conn.send(connack(session_present=not clean))
    flags, body = conn.read_type(PUBLISH)
    if flags & 8 and body == state["rest"] and not clean:
        conn.send(packet(PUBACK << 4, state["id"]))
        state.clear()
        conn.drain()
    else:
        log(f"resend1: got flags {flags} clean {clean}, wanted DUP again")


def _resend2(conn, state, clean):
    """QoS 2 with PUBREC before the drop: PUBREL again after it."""
    if "id" not in state:
        conn.send(connack())
        flags, body = conn.read_type(PUBLISH)
        (n,) = struct.unpack(">H", body[:2])
        state["id"] = body[2 + n:4 + n]
        conn.send(packet(PUBREC << 4, state["id"]))
        conn.read_type(PUBREL)
        return                                      # dropped without PUBCOMP
    conn.send(connack(session_present=not clean))
    flags, body = conn.read_type(PUBREL)
    if body == state["id"] and flags == 2:
        conn.send(packet(PUBCOMP << 4, state["id"]))
        state.clear()
        conn.drain()


def _inq2(conn, state, clean):
    """An incoming QoS 2 message sent again after a drop: delivered once."""
    msg = publish(b"kt/in", b"once", qos=2, pid=7)
    if not state.get("sent"):
        conn.send(connack())
        conn.read_type(PUBLISH)                     # the client's trigger
        conn.send(msg)
        conn.read_type(PUBREC)
        state["sent"] = True
        return                                      # dropped before PUBREL
    conn.send(connack(session_present=True))
    conn.send(publish(b"kt/in", b"once", qos=2, pid=7, dup=True))
    conn.read_type(PUBREC)
    conn.send(packet((PUBREL << 4) | 2, u16(7)))
    conn.read_type(PUBCOMP)
    conn.send(publish(b"kt/in", b"done"))
    state.clear()
    conn.drain()


SCENARIOS = {
    # malformed: the client must reject and disconnect (-EPROTO)
    "fake-remlen": _after_trigger(b"\x30\xff\xff\xff\xff\x7f" + b"x" * 32),
    "fake-type0": _after_trigger(b"\x00\x00"),
    "fake-type15": _after_trigger(b"\xf0\x00"),
    "fake-connect": _after_trigger(packet(CONNECT << 4, b"\x00\x04MQTT\x04\x02\x00\x3c\x00\x00")),
    "fake-connack2": _after_trigger(connack()),
    "fake-topiclen": _after_trigger(packet(PUBLISH << 4, u16(200) + b"kt/x1234")),
    "fake-topic0": _after_trigger(packet(PUBLISH << 4, u16(0) + b"payload")),
    "fake-qos3": _after_trigger(packet((PUBLISH << 4) | 6, mqtt_str(b"kt/q") + b"xx")),
    "fake-ackzero": _after_trigger(packet(PUBACK << 4, u16(0))),
    "fake-acklen": _after_trigger(packet(PUBACK << 4, u16(1) + b"\x00")),
    "fake-pubrelflags": _after_trigger(packet(PUBREL << 4, u16(1))),
    "fake-pingresp": _after_trigger(packet(PINGRESP << 4, b"\x00")),
    "fake-suback": _after_trigger(packet(SUBACK << 4, u16(1) + b"\x55")),
    "fake-connacklen": _before_connack(packet(CONNACK << 4, b"\x00\x00\x00")),
    "fake-connackflags": _before_connack(packet(CONNACK << 4, b"\x02\x00")),
    "fake-connackrc": _before_connack(packet(CONNACK << 4, b"\x00\x09")),
    "fake-early": _before_connack(publish(b"kt/e", b"early")),
    # truncated and refusals
    "fake-truncated": _truncated,
    "fake-rc4": _before_connack(connack(rc=4)),
    "fake-rc5": _before_connack(connack(rc=5)),
    "fake-silent": _silent,
    # sessions
    "fake-resend1": _resend1,
    "fake-resend2": _resend2,
    "fake-inq2": _inq2,
}


class FakeHandler(socketserver.BaseRequestHandler):

    def handle(self):
        conn = Conn(self.request)
        try:
            t, _, body = conn.read()
            if t != CONNECT:
                raise EOFError(f"first packet of type {t}")
            cid, clean = parse_connect(body)
            run = SCENARIOS.get(cid.split("/")[0])
            log(f"fake: {cid} clean={clean}: {'scenario' if run else 'unknown scenario'}")
            if run is None:
                conn.send(connack(rc=2))
                return
            with self.server.lock:
                state = self.server.state.setdefault(cid, {})
            run(conn, state, clean)
        except (OSError, EOFError, ValueError) as e:
            log(f"fake: {self.client_address}: {e}")


def serve_fake(port, host):
    server = ThreadedServer((host, port), FakeHandler)
    server.lock, server.state = threading.Lock(), {}
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def start(mode, port, host, argv):
    if mode == "mqtt":
        return serve_broker(port, host, argv[0])
    if mode == "mqtt_tls":
        return serve_broker(port, host, argv[0], tls=True)
    if mode == "mqtt_restart":
        return serve_restart(port, host, argv[0])
    if mode == "mqtt_fake":
        return serve_fake(port, host)
    raise RuntimeError(f"unknown mode {mode}")
