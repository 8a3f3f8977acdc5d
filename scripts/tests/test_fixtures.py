"""Host tests of kt's network test fixtures (scripts/ktlib/fixtures.py).

Quick and safe next to a running kt test: every manager here uses
ephemeral ports and its own state folder, never the fixed ports.
"""

import json
import os
import random
import re
import shutil
import signal
import socket
import ssl
import struct
import subprocess
import sys
import tempfile
import textwrap
import time
import unittest
from unittest import mock

SCRIPTS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KESTREL_BASE = os.path.dirname(SCRIPTS)
sys.path.insert(0, SCRIPTS)

from ktlib import fixture_server, fixtures, http_fixture, testcase, testrun  # noqa: E402
from ktlib.common import KtError, Shell  # noqa: E402
from ktlib.fixtures import FIXTURES, FixtureError, Manager  # noqa: E402
from test_kt import TempBase, make_app  # noqa: E402

HEADER = os.path.join(KESTREL_BASE, "include", "kestrel", "testing", "net_fixtures.h")
NET_README = os.path.join(KESTREL_BASE, "tests", "net", "README.md")
LOCAL = [n for n in FIXTURES if n != "dns53"]
GONE_TIMEOUT = 3.0
STATE_ROOT = tempfile.mkdtemp(prefix="kt-fixtures-")   # every state folder and build of this file


def tearDownModule():
    shutil.rmtree(STATE_ROOT, True)


def free_port():
    """A port free for both TCP and UDP on 127.0.0.1 right now."""
    while True:
        with socket.socket() as t:
            t.bind(("127.0.0.1", 0))
            port = t.getsockname()[1]
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as u:
                try:
                    u.bind(("127.0.0.1", port))
                    return port
                except OSError:
                    continue


def ephemeral_manager(names=LOCAL, state_dir=None):
    state_dir = state_dir or tempfile.mkdtemp(dir=STATE_ROOT)
    ports = {n: free_port() for n in names}
    return Manager(KESTREL_BASE, ports=ports, state_dir=state_dir)


def group_members(pgid):
    """Pids of live (non-zombie) processes in process group PGID."""
    pids = []
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat", encoding="ascii", errors="replace") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != "Z" and int(fields[2]) == pgid:
            pids.append(int(d))
    return pids


def wait_gone(test, pgids, timeout=GONE_TIMEOUT):
    deadline = time.monotonic() + timeout
    while any(group_members(p) for p in pgids) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = {p: group_members(p) for p in pgids if group_members(p)}
    test.assertEqual(left, {}, "fixture processes left behind")


def recv_all(sock):
    chunks = []
    while True:
        data = sock.recv(65536)
        if not data:
            return b"".join(chunks)
        chunks.append(data)


def dns_request(name, qtype, qid=0x4b54):
    qname = b"".join(bytes([len(p)]) + p.encode() for p in name.split(".")) + b"\0"
    return struct.pack(">6H", qid, 0x0100, 1, 0, 0, 0) + qname + struct.pack(">2H", qtype, 1)


def dns_answers(request, reply):
    """(rcode, [rdata of the answers of the requested type]) of REPLY to REQUEST."""
    qid, = struct.unpack(">H", request[:2])
    qtype, = struct.unpack(">H", request[-4:-2])
    rid, flags, _, an, _, _ = struct.unpack(">6H", reply[:12])
    assert rid == qid and flags & 0x8000, "not a reply to the query"
    pos = len(request)                             # the question is echoed
    answers = []
    for _ in range(an):
        pos += 2 if reply[pos] & 0xC0 == 0xC0 else reply.index(b"\0", pos) + 1 - pos
        rtype, _, _, rdlen = struct.unpack(">HHIH", reply[pos:pos + 10])
        pos += 10
        if rtype == qtype:
            answers.append(reply[pos:pos + rdlen])
        pos += rdlen
    return flags & 0xF, answers


def dns_query(port, name, qtype):
    """(rcode, [answer rdata]) of a UDP query for NAME/QTYPE to 127.0.0.1:PORT."""
    request = dns_request(name, qtype)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(2)
        s.sendto(request, ("127.0.0.1", port))
        return dns_answers(request, s.recv(4096))


def ntp_of(unix_sec, nsec):
    """The 64-bit NTP timestamp (era-wrapped seconds, fraction) of a Unix time."""
    return struct.pack(">II", (unix_sec + 2208988800) & 0xFFFFFFFF, (nsec << 32) // 1000000000)


def sntp_exchange(port, request, timeout=2):
    """(reply, sender) of REQUEST sent to the sntp fixture on 127.0.0.1:PORT."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(timeout)
        s.sendto(request, ("127.0.0.1", port))
        return s.recvfrom(1024)


class TestPortTable(unittest.TestCase):

    def header_defines(self):
        with open(HEADER, encoding="utf-8") as f:
            return dict(re.findall(r"^#define (KT_NET_FIXTURE_\w+)\s+(.+?)\s*$", f.read(), re.M))

    def test_header_matches_fixtures_py(self):
        defs = self.header_defines()
        want = {f"KT_NET_FIXTURE_{n.upper()}_PORT": str(f.port) for n, f in FIXTURES.items()}
        want.update({"KT_NET_FIXTURE_HOST": f'"{fixtures.GUEST_HOST}"',
                     "KT_NET_FIXTURE_HOST6": f'"{fixtures.GUEST_HOST6}"',
                     "KT_NET_FIXTURE_UDP_ECHO6_MAX": "1452",
                     "KT_NET_FIXTURE_UDP_ECHO_MAX": str(fixtures.UDP_ECHO_MAX),
                     "KT_NET_FIXTURE_DNS_NAME": f'"{fixtures.DNS_NAME}"',
                     "KT_NET_FIXTURE_DNS_A": f'"{fixtures.DNS_A}"',
                     "KT_NET_FIXTURE_DNS_AAAA": f'"{fixtures.DNS_AAAA}"',
                     "KT_NET_FIXTURE_DNS_UNKNOWN": f'"{fixtures.DNS_UNKNOWN}"',
                     "KT_NET_FIXTURE_TCP_STALL_SECONDS": f"{fixture_server.STALL_SECONDS:.0f}",
                     "KT_NET_FIXTURE_SNTP_TIME": f"{fixtures.SNTP_TIME}LL",
                     "KT_NET_FIXTURE_SNTP_TIME_NSEC": str(fixtures.SNTP_TIME_NSEC),
                     "KT_NET_FIXTURE_TLS_HOSTNAME": f'"{fixtures.DNS_NAME}"',
                     "KT_NET_FIXTURE_HTTP_LARGE_SIZE": str(http_fixture.LARGE_SIZE)})
        self.assertEqual(defs, want)

    def test_readme_lists_every_fixture_and_port(self):
        with open(NET_README, encoding="utf-8") as f:
            text = f.read()
        for n, f in FIXTURES.items():
            with self.subTest(fixture=n):
                self.assertRegex(text, rf"\| `{n}`\s*\|\s*{f.port}\b")

    def test_http_malformed_table_is_the_one_tests_net_http_checks(self):
        path = os.path.join(KESTREL_BASE, "tests", "net", "http", "src", "main.c")
        with open(path, encoding="utf-8") as f:
            text = f.read()
        table = text[text.index("} malformed[] = {"):]
        table = table[:table.index("};")]
        got = dict(re.findall(r'\{ "([\w-]+)", -(E\w+) \}', table))
        self.assertEqual(got, {n: err for n, (_, err) in http_fixture.MALFORMED.items()})

    def test_ports_of_one_protocol_are_distinct(self):
        seen = {}
        for f in FIXTURES.values():
            for proto in f.protos:
                self.assertNotIn((f.host, f.port, proto), seen, f.name)
                seen[(f.host, f.port, proto)] = f.name

    def test_table_names_every_fixture(self):
        table = fixtures.format_table()
        for n, f in FIXTURES.items():
            self.assertRegex(table, rf"(?m)^{n}\s+{f.port}/")


class TestCommand(unittest.TestCase):

    def test_kt_fixtures_prints_the_table(self):
        p = subprocess.run([os.path.join(SCRIPTS, "kt"), "fixtures"], capture_output=True, text=True,
                           timeout=30)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(p.stdout.strip(), fixtures.format_table())

    def test_kt_fixtures_rejects_an_unknown_name_in_one_line(self):
        p = subprocess.run([os.path.join(SCRIPTS, "kt"), "fixtures", "ftp"], capture_output=True,
                           text=True, timeout=30)
        self.assertEqual(p.returncode, 1)
        self.assertEqual(p.stderr, "kt: error: kt fixtures: unknown fixture 'ftp'; use: "
                         + ", ".join(FIXTURES) + "\n")


class TestServers(unittest.TestCase):
    """Every fixture started once on ephemeral ports, then checked like a board would."""

    @classmethod
    def setUpClass(cls):
        cls.m = ephemeral_manager()
        cls.m.require(LOCAL)
        cls.pgids = cls.m.pids()

    @classmethod
    def tearDownClass(cls):
        cls.m.stop_all()

    def test_all_started_each_in_its_own_process_group(self):
        self.assertEqual(self.m.running(), sorted(LOCAL))
        self.assertEqual(len(self.pgids), len(LOCAL))
        for pid in self.pgids:
            self.assertEqual(os.getpgid(pid), pid)

    def test_tcp_echo_is_byte_exact_from_1_byte_to_64_KiB(self):
        rng = random.Random(6)
        for size in (1, 2, 7, 536, 1460, 1461, 4096, 65535, 65536):
            with self.subTest(size=size):
                payload = rng.randbytes(size)
                with socket.create_connection(("127.0.0.1", self.m.port("tcp_echo")), 2) as s:
                    s.sendall(payload)
                    s.shutdown(socket.SHUT_WR)      # half-close: the server echoes all, then closes
                    self.assertEqual(recv_all(s), payload)

    def test_tcp_echo_answers_before_the_peer_closes(self):
        with socket.create_connection(("127.0.0.1", self.m.port("tcp_echo")), 2) as s:
            for msg in (b"ping", b"x" * 100):
                s.sendall(msg)
                got = b""
                while len(got) < len(msg):
                    got += s.recv(len(msg) - len(got))
                self.assertEqual(got, msg)

    def test_tcp_echo_serves_connections_at_once(self):
        conns = [socket.create_connection(("127.0.0.1", self.m.port("tcp_echo")), 2) for _ in range(8)]
        try:
            for i, c in enumerate(conns):
                c.sendall(bytes([i]) * (1000 + i))
            for i, c in enumerate(conns):
                c.shutdown(socket.SHUT_WR)
                self.assertEqual(recv_all(c), bytes([i]) * (1000 + i))
        finally:
            for c in conns:
                c.close()

    def test_udp_echo_returns_each_datagram_up_to_the_ipv4_maximum(self):
        rng = random.Random(17)
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.settimeout(2)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
            for size in (1, 2, 512, 1472, 1473, 8192, 65507):
                with self.subTest(size=size):
                    payload = rng.randbytes(size)
                    s.sendto(payload, ("127.0.0.1", self.m.port("udp_echo")))
                    data, peer = s.recvfrom(65535)
                    self.assertEqual(data, payload)
                    self.assertEqual(peer, ("127.0.0.1", self.m.port("udp_echo")))

    def test_closed_port_refuses_and_cannot_be_listened_on(self):
        port = self.m.port("tcp_closed")
        with self.assertRaises(ConnectionRefusedError):
            socket.create_connection(("127.0.0.1", port), 2).close()
        with socket.socket() as s, self.assertRaises(OSError):
            s.bind(("127.0.0.1", port))

    def test_dns_answers_a_and_aaaa(self):
        port = self.m.port("dns")
        self.assertEqual(dns_query(port, fixtures.DNS_NAME, 1),
                         (0, [socket.inet_pton(socket.AF_INET, fixtures.DNS_A)]))
        self.assertEqual(dns_query(port, fixtures.DNS_NAME, 28),
                         (0, [socket.inet_pton(socket.AF_INET6, fixtures.DNS_AAAA)]))

    def test_ipv6_twins_serve_the_same_on_ipv6_loopback(self):
        with socket.create_connection(("::1", self.m.port("tcp_echo6")), 2) as s:
            s.sendall(b"x" * 5000)
            s.shutdown(socket.SHUT_WR)
            self.assertEqual(recv_all(s), b"x" * 5000)
        with socket.socket(socket.AF_INET6, socket.SOCK_DGRAM) as s:
            s.settimeout(2)
            s.sendto(b"y" * 1452, ("::1", self.m.port("udp_echo6")))
            self.assertEqual(s.recvfrom(65535)[0], b"y" * 1452)
        with self.assertRaises(ConnectionRefusedError):
            socket.create_connection(("::1", self.m.port("tcp_closed6")), 2).close()
        with socket.create_connection(("::1", self.m.port("http6")), 2) as s:
            s.sendall(b"GET /redirect-abs HTTP/1.1\r\nHost: [::1]:1\r\n\r\n")
            self.assertIn(b"Location: http://[::1]:1/fixed\r\n", recv_all(s))
        request = dns_request(fixtures.DNS_NAME, 28)
        with socket.socket(socket.AF_INET6, socket.SOCK_DGRAM) as s:
            s.settimeout(2)
            s.sendto(request, ("::1", self.m.port("dns6")))
            self.assertEqual(dns_answers(request, s.recv(4096)),
                             (0, [socket.inet_pton(socket.AF_INET6, fixtures.DNS_AAAA)]))

    def test_dns_unknown_names_are_nxdomain(self):
        for name in (fixtures.DNS_UNKNOWN, "sub." + fixtures.DNS_NAME, "localhost", "debian.org"):
            with self.subTest(name=name):
                self.assertEqual(dns_query(self.m.port("dns"), name, 1), (3, []))

    def test_tcp_stall_accepts_and_does_not_read(self):
        with socket.create_connection(("127.0.0.1", self.m.port("tcp_stall")), 2) as s:
            s.setblocking(False)
            sent = 0
            deadline = time.monotonic() + 5
            while time.monotonic() < deadline:
                try:
                    sent += s.send(b"x" * 65536)
                except BlockingIOError:
                    break               # the windows are full: nobody reads
            self.assertLess(time.monotonic(), deadline, "send never blocked")
            self.assertGreater(sent, 0)

    def tls_client(self, name, version=None, cafile="ca.crt", cert=None, host="kestrel-test.example"):
        """A TLS connection to fixture NAME as a device makes it (verifying HOST)."""
        ctx = ssl.create_default_context(cafile=os.path.join(fixture_server.PKI, cafile))
        if version:
            ctx.minimum_version = ctx.maximum_version = version
        if cert:
            ctx.load_cert_chain(os.path.join(fixture_server.PKI, cert + ".crt"),
                                os.path.join(fixture_server.PKI, cert + ".key"))
        raw = socket.create_connection(("127.0.0.1", self.m.port(name)), 5)
        return ctx.wrap_socket(raw, server_hostname=host)

    def test_tls_fixtures_negotiate_their_version_and_echo(self):
        for name, cafile, want in (("tls13", "ca.crt", "TLSv1.3"), ("tls12", "ca.crt", "TLSv1.2"),
                                   ("tls_rsa", "ca-rsa.crt", "TLSv1.3")):
            with self.subTest(fixture=name), self.tls_client(name, cafile=cafile) as s:
                self.assertEqual(s.version(), want)
                data = bytes(i % 251 for i in range(20000))
                s.sendall(data)
                got = b""
                while len(got) < len(data):
                    got += s.recv(65536)
                self.assertEqual(got, data)

    def test_tls_fixtures_forced_version_refuses_the_other(self):
        for name, other in (("tls13", ssl.TLSVersion.TLSv1_2), ("tls12", ssl.TLSVersion.TLSv1_3)):
            with self.subTest(fixture=name), self.assertRaises(ssl.SSLError):
                self.tls_client(name, version=other).close()

    def test_tls_fixtures_bad_certificates_fail_verification(self):
        for name in ("tls_other_ca", "tls_wrong_host", "tls_expired"):
            with self.subTest(fixture=name), self.assertRaises(ssl.SSLCertVerificationError):
                self.tls_client(name).close()

    def test_tls_client_auth_needs_the_client_certificate(self):
        with self.tls_client("tls_client_auth", cert="client") as s:
            s.sendall(b"ping")
            self.assertEqual(s.recv(16), b"ping")
        with self.assertRaises((ssl.SSLError, ConnectionError)):
            with self.tls_client("tls_client_auth") as s:      # TLS 1.3: refused after Finished
                s.sendall(b"ping")
                self.assertEqual(s.recv(16), b"")

    def test_tcp_blackhole_connect_neither_completes_nor_fails(self):
        with socket.socket() as s:
            s.settimeout(0.5)
            with self.assertRaises(socket.timeout):
                s.connect(("127.0.0.1", self.m.port("tcp_blackhole")))

    def test_sntp_answers_a_client_request_with_the_fixed_time(self):
        for version in (3, 4):
            with self.subTest(version=version):
                xmit = struct.pack(">II", 0x12345678, 0x9abcdef0)
                request = bytes([(version << 3) | 3]) + bytes(39) + xmit
                reply, peer = sntp_exchange(self.m.port("sntp"), request)
                self.assertEqual(peer, ("127.0.0.1", self.m.port("sntp")))
                self.assertEqual(len(reply), 48)
                self.assertEqual(reply[0], (version << 3) | 4)      # LI 0, server mode
                self.assertEqual(reply[1], 1)                       # stratum 1
                self.assertEqual(reply[24:32], xmit)                # originate = our transmit
                want = ntp_of(fixtures.SNTP_TIME, fixtures.SNTP_TIME_NSEC)
                self.assertEqual(reply[32:40], want)                # receive
                self.assertEqual(reply[40:48], want)                # transmit

    def test_sntp_ignores_what_is_not_a_client_request(self):
        for request in (bytes([0x24]) + bytes(47), bytes([0x23]) + bytes(10)):
            with self.subTest(request=request[:2].hex()):
                with self.assertRaises(socket.timeout):
                    sntp_exchange(self.m.port("sntp"), request, timeout=0.3)

    def http(self, request):
        """The whole answer of the http fixture to the raw REQUEST bytes."""
        with socket.create_connection(("127.0.0.1", self.m.port("http")), 2) as s:
            s.sendall(request)
            s.shutdown(socket.SHUT_WR)
            return recv_all(s)

    def http_get(self, path, method="GET"):
        return self.http(f"{method} {path} HTTP/1.1\r\nHost: h\r\n\r\n".encode())

    def test_http_fixed_and_chunked_bodies(self):
        self.assertEqual(self.http_get("/fixed"), b"HTTP/1.1 200 OK\r\nX-Kestrel: fixed\r\n"
                         b"Content-Length: 13\r\nConnection: close\r\n\r\nHello, world\n")
        head, body = self.http_get("/chunked").split(b"\r\n\r\n", 1)
        self.assertIn(b"Transfer-Encoding: chunked", head)
        decoded = http_fixture._Reader(None, body).chunked()
        self.assertEqual(decoded, http_fixture.large_pattern(sum(http_fixture.CHUNKED_SIZES)))
        self.assertIn(b";name=value", body)
        self.assertTrue(body.endswith(b"0\r\nX-Trailer: done\r\nX-Length: 5386\r\n\r\n"))

    def test_http_large_body_is_the_pattern_of_the_header(self):
        body = self.http_get("/large").split(b"\r\n\r\n", 1)[1]
        self.assertEqual(len(body), http_fixture.LARGE_SIZE)
        self.assertEqual(body[:4] + body[1024:1026], bytes([0, 31, 62, 93, 1, 32]))  # (i*31 + (i>>10)) & 0xff

    def test_http_echo_decodes_chunked_requests(self):
        out = self.http(b"POST /echo HTTP/1.1\r\nHost: h\r\nX-Test: t1\r\n"
                        b"Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;x=y\r\nde\r\n0\r\n\r\n")
        self.assertIn(b"X-Method: POST\r\nX-Body-Length: 5\r\nX-Request-Chunked: yes\r\n"
                      b"X-Echo: t1\r\n", out)
        self.assertTrue(out.endswith(b"\r\n\r\nabcde"))

    def test_http_redirects_and_head(self):
        self.assertIn(b"HTTP/1.1 302 Found\r\nLocation: /fixed\r\n", self.http_get("/redirect"))
        self.assertIn(b"Location: http://h/fixed\r\n", self.http_get("/redirect-abs"))
        self.assertIn(b"Location: /redirect-chain/1\r\n", self.http_get("/redirect-chain/2"))
        self.assertNotIn(b"Location", self.http_get("/redirect-none"))
        self.assertIn(b"Location: //h:1/x?y\r\n", self.http_get("/redirect-to?//h:1/x?y"))
        self.assertTrue(self.http_get("/fixed", "HEAD").endswith(b"Content-Length: 13\r\n"
                                                                 b"Connection: close\r\n\r\n"))

    def test_https_serves_the_routes_on_the_test_pki(self):
        ctx = ssl.create_default_context(cafile=os.path.join(fixture_server.PKI, "ca.crt"))
        with socket.create_connection(("127.0.0.1", self.m.port("https")), 5) as raw:
            with ctx.wrap_socket(raw, server_hostname=fixtures.DNS_NAME) as s:
                s.sendall(b"GET /fixed HTTP/1.1\r\nHost: h\r\n\r\n")
                out = b""
                while True:
                    data = s.recv(65536)       # b"" at the server's close_notify
                    if not data:
                        break
                    out += data
        self.assertTrue(out.endswith(b"\r\n\r\nHello, world\n"), out)

    def test_http_malformed_routes_send_their_bytes(self):
        for name, (raw, _) in http_fixture.MALFORMED.items():
            with self.subTest(name=name):
                self.assertEqual(self.http_get("/bad/" + name), raw)

    def test_iperf_server_takes_a_client(self):
        p = subprocess.run(["iperf", "-c", "127.0.0.1", "-p", str(self.m.port("iperf")), "-n", "256K"],
                           capture_output=True, text=True, timeout=20)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertRegex(p.stdout, r"bits/sec")

    def test_everything_listens_on_loopback_only(self):
        for n in LOCAL:
            fx = FIXTURES[n]
            v6 = fx.host == fixtures.HOST6
            lo = "0" * 24 + "01000000" if v6 else "0100007F"     # /proc/net's ::1, 127.0.0.1
            for proto in fx.protos if (fx.mode or n) != "tcp_closed" else ():   # never listens
                with self.subTest(fixture=n, proto=proto), \
                        open(f"/proc/net/{proto}{'6' if v6 else ''}") as f:
                    port = f":{self.m.port(n):04X}"
                    local = [r.split()[1] for r in f.readlines()[1:] if r.split()[1].endswith(port)]
                    self.assertIn(lo + port, local)
                    self.assertEqual({a.split(":")[0] for a in local}, {lo})


PROBE_C = os.path.join(os.path.dirname(os.path.abspath(__file__)), "slirp_probe.c")


class TestThroughSlirp(unittest.TestCase):
    """The fixtures as a board reaches them: packets to 10.0.2.2:PORT through libslirp."""

    @classmethod
    def setUpClass(cls):
        if not os.path.exists("/usr/include/slirp/libslirp.h"):
            raise unittest.SkipTest("libslirp-dev is not installed (scripts/setup.sh installs it)")
        cls.tmp = tempfile.mkdtemp(dir=STATE_ROOT)
        cls.probe_bin = os.path.join(cls.tmp, "slirp_probe")
        subprocess.run(["gcc", "-std=c11", "-D_POSIX_C_SOURCE=200809L", "-O1", "-Wall", "-Wextra",
                        "-Werror", "-Wmissing-prototypes", "-o", cls.probe_bin, PROBE_C, "-lslirp"],
                       check=True, capture_output=True, timeout=60)
        names = ["tcp_echo", "udp_echo", "tcp_closed", "dns", "sntp"]
        cls.m = ephemeral_manager(names, cls.tmp)
        cls.m.require(names)

    @classmethod
    def tearDownClass(cls):
        cls.m.stop_all()

    def probe(self, *args):
        p = subprocess.run([self.probe_bin] + [str(a) for a in args], capture_output=True, text=True,
                           timeout=10)
        self.assertEqual(p.returncode, 0, p.stderr)
        return p.stdout.strip()

    def test_syn_to_tcp_echo_is_accepted(self):
        self.assertEqual(self.probe("tcp", self.m.port("tcp_echo")), "tcp 0x12")     # SYN|ACK

    def test_syn_to_tcp_closed_is_reset(self):
        self.assertEqual(self.probe("tcp", self.m.port("tcp_closed")), "tcp 0x14")   # RST|ACK

    def test_udp_echo_answers_the_board(self):
        for payload in (b"\x00", random.Random(3).randbytes(1400)):
            with self.subTest(size=len(payload)):
                self.assertEqual(self.probe("udp", self.m.port("udp_echo"), payload.hex()),
                                 "udp " + payload.hex())

    def test_sntp_answers_the_board(self):
        request = bytes([0x23]) + bytes(47)
        out = self.probe("udp", self.m.port("sntp"), request.hex())
        self.assertTrue(out.startswith("udp "), out)
        reply = bytes.fromhex(out[4:])
        self.assertEqual(reply[40:48], ntp_of(fixtures.SNTP_TIME, fixtures.SNTP_TIME_NSEC))

    def test_dns_answers_the_board(self):
        request = dns_request(fixtures.DNS_NAME, 1)
        out = self.probe("udp", self.m.port("dns"), request.hex())
        self.assertTrue(out.startswith("udp "), out)
        self.assertEqual(dns_answers(request, bytes.fromhex(out[4:])),
                         (0, [socket.inet_aton(fixtures.DNS_A)]))


class TestLifecycle(unittest.TestCase):

    def setUp(self):
        self.state = tempfile.mkdtemp(dir=STATE_ROOT)

    def test_stop_all_leaves_no_process_and_frees_the_ports(self):
        m = ephemeral_manager(["tcp_echo", "dns"], self.state)
        m.require(["tcp_echo", "dns"])
        pgids = m.pids()
        self.assertGreaterEqual(len(group_members(pgids[1])), 2)   # the server and its dnsmasq
        m.stop_all()
        wait_gone(self, pgids)
        self.assertEqual(m.running(), [])
        for n in ("tcp_echo", "dns"):
            self.assertIsNone(fixtures.port_in_use(m.port(n), "tcp"))

    def test_starts_once_and_restarts_after_stop(self):
        m = ephemeral_manager(["udp_echo"], self.state)
        m.require(["udp_echo"])
        m.require(["udp_echo"])
        first = m.pids()
        self.assertEqual(len(first), 1)
        m.stop_all()
        m.require(["udp_echo"])
        self.assertNotEqual(m.pids(), first)
        m.stop_all()
        wait_gone(self, first + m.pids())

    def test_two_runs_share_a_fixture_until_the_last_stops(self):
        m1 = ephemeral_manager(["tcp_echo"], self.state)
        m2 = Manager(KESTREL_BASE, ports=m1.ports, state_dir=self.state)
        m1.require(["tcp_echo"])
        m2.require(["tcp_echo"])
        self.assertEqual(m2.pids(), [])                 # joined, not started again
        pgid = m1.pids()[0]
        m1.stop_all()
        with socket.create_connection(("127.0.0.1", m1.port("tcp_echo")), 2) as s:
            s.sendall(b"still here")
            s.shutdown(socket.SHUT_WR)
            self.assertEqual(recv_all(s), b"still here")
        m2.stop_all()
        wait_gone(self, [pgid])

    def test_a_server_of_other_fixture_code_is_not_joined(self):
        # Another checkout (or an older tree) serves the port with other
        # fixture sources or another test PKI: refused by name, not joined.
        m1 = ephemeral_manager(["tcp_echo"], self.state)
        m1.require(["tcp_echo"])
        stem = os.path.join(self.state, f"tcp_echo-{m1.port('tcp_echo')}")
        with open(stem + ".json") as f:
            state = json.load(f)
        self.assertEqual(state["code"], fixtures.code_digest())
        state["code"] = "0" * 16
        with open(stem + ".json", "w") as f:
            json.dump(state, f)
        m2 = Manager(KESTREL_BASE, ports=m1.ports, state_dir=self.state)
        with self.assertRaises(FixtureError) as cm:
            m2.require(["tcp_echo"])
        self.assertIn("served by another version of it", str(cm.exception))
        m2.stop_all()
        pgids = m1.pids()
        m1.stop_all()
        wait_gone(self, pgids)

    def test_stale_state_of_a_dead_server_is_not_joined(self):
        m = ephemeral_manager(["tcp_echo"], self.state)
        stem = os.path.join(self.state, f"tcp_echo-{m.port('tcp_echo')}")
        with open(stem + ".json", "w") as f:        # a reused pid: not a server of this fixture
            json.dump({"pid": os.getpid(), "args": ["tcp_echo", str(m.port("tcp_echo"))]}, f)
        m.require(["tcp_echo"])
        pgids = m.pids()
        self.assertEqual(len(pgids), 1)
        m.stop_all()
        wait_gone(self, pgids)

    def test_sigkill_of_kt_stops_its_fixtures(self):
        m = ephemeral_manager(["tcp_echo", "dns"], self.state)
        code = textwrap.dedent(f"""
            import sys, time
            sys.path.insert(0, {SCRIPTS!r})
            from ktlib.fixtures import Manager
            m = Manager({KESTREL_BASE!r}, ports={m.ports!r}, state_dir={self.state!r})
            m.require({sorted(m.ports)!r})
            print(" ".join(map(str, m.pids())), flush=True)
            time.sleep(60)
            """)
        p = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
        try:
            pgids = [int(x) for x in p.stdout.readline().split()]
            self.assertEqual(len(pgids), 2)
        finally:
            p.kill()
            p.wait()
            p.stdout.close()
        wait_gone(self, pgids)

    def test_missing_program_is_a_one_line_error_with_the_fix(self):
        m = ephemeral_manager(["dns", "iperf"], self.state)
        with mock.patch.dict(os.environ, {"PATH": self.state}):
            for n, prog, pkg in (("dns", "dnsmasq", "dnsmasq-base"), ("iperf", "iperf", "iperf")):
                with self.subTest(fixture=n), self.assertRaises(FixtureError) as cm:
                    m.require([n])
                line = cm.exception.line()
                self.assertEqual(line.count("\n"), 0)
                self.assertIn(f"fixture {n}: {prog} not found on PATH", line)
                self.assertIn(f"scripts/setup.sh (installs Debian package {pkg})", line)
        with self.assertRaises(FixtureError):
            m.require(["dns"])                           # a failure sticks for the run
        self.assertEqual(m.pids(), [])

    def test_taken_port_is_a_one_line_error_naming_it(self):
        m = ephemeral_manager(["tcp_echo"], self.state)
        with socket.socket() as other:
            other.bind(("127.0.0.1", m.port("tcp_echo")))
            other.listen()
            start = time.monotonic()
            with self.assertRaises(FixtureError) as cm:
                m.require(["tcp_echo"])
        self.assertLess(time.monotonic() - start, 2)
        self.assertIn(f"fixture tcp_echo: cannot bind 127.0.0.1:{m.port('tcp_echo')}/tcp: "
                      "Address already in use; find the program with: ss -lnp", cm.exception.line())
        self.assertEqual(m.pids(), [])

    def test_program_that_fails_is_reported_with_its_log(self):
        m = ephemeral_manager(["iperf"], self.state)
        fake = os.path.join(self.state, "iperf")
        with open(fake, "w") as f:
            f.write("#!/bin/sh\necho 'iperf: bad option' >&2\nexit 3\n")
        os.chmod(fake, 0o755)
        with mock.patch.dict(os.environ, {"PATH": self.state}), self.assertRaises(FixtureError) as cm:
            m.require(["iperf"])
        self.assertIn("fixture iperf: did not start: iperf exited with status 3; see ", cm.exception.line())
        with open(m.log_path("iperf")) as f:
            self.assertIn("iperf: bad option", f.read())


class TestTestcaseKey(unittest.TestCase):

    def load(self, text):
        d = tempfile.mkdtemp(dir=STATE_ROOT)
        with open(os.path.join(d, "testcase.yaml"), "w") as f:
            f.write(text)
        return testcase.load_testcase(d, d)

    def test_fixtures_key(self):
        self.assertEqual(self.load("fixtures: [tcp_echo, dns]\n").fixtures, ["tcp_echo", "dns"])
        self.assertEqual(self.load("fixtures: udp_echo\n").fixtures, ["udp_echo"])
        self.assertEqual(self.load("timeout: 5\n").fixtures, [])

    def test_unknown_fixture_names_it_and_lists_the_known(self):
        with self.assertRaises(KtError) as cm:
            self.load("fixtures: [tcp_echo, ftp]\n")
        self.assertRegex(cm.exception.line(), r"testcase\.yaml: unknown fixture 'ftp'; use: tcp_echo, ")


ECHO_IMAGE = """\
/usr/bin/python3 - <<'EOF'
import socket
s = socket.create_connection(("127.0.0.1", {port}), 2)
s.sendall(b"abc"); s.shutdown(socket.SHUT_WR)
ok = s.recv(10) == b"abc"
print("RUN  net.echo")
print(("PASS" if ok else "FAIL") + " net.echo (1 ms)")
print("ktest: %d passed, %d failed, 0 skipped" % (ok, not ok))
EOF
"""

KTEST_OK = """\
cat <<'X'
RUN  plain.one
PASS plain.one (1 ms)
ktest: 1 passed, 0 failed, 0 skipped
X
"""


class TestKtTest(TempBase):
    """kt test starts what an app names, fails an app whose fixture cannot start, cleans up."""

    def run_tests(self, manager, **kw):
        opts = testrun.Options(boards=["native_sim"], jobs=2, sanitize=False, host=False,
                               fixtures=manager, **kw)
        out = open(os.devnull, "w")
        self.addCleanup(out.close)
        return testrun.run_tests(self.base, Shell(self.base), opts, out)

    def test_app_talks_to_its_fixture_which_is_gone_after_the_run(self):
        m = ephemeral_manager(["tcp_echo"])
        make_app(self.base, "tests/net/echo", "fixtures: [tcp_echo]\ntimeout: 20\n",
                 ECHO_IMAGE.format(port=m.port("tcp_echo")))
        make_app(self.base, "tests/plain", "", KTEST_OK)
        pgids = []
        real_require = m.require

        def spy(names):
            real_require(names)
            pgids[:] = m.pids()
        with mock.patch.object(m, "require", spy):
            self.assertEqual(self.run_tests(m), 0)
        self.assertEqual(len(pgids), 1)
        wait_gone(self, pgids)

    def test_fixture_that_cannot_start_fails_only_its_apps_with_the_reason(self):
        m = ephemeral_manager(["dns"])
        make_app(self.base, "tests/net/dns", "fixtures: [dns]\n", KTEST_OK)
        make_app(self.base, "tests/plain", "", KTEST_OK)
        opts = testrun.Options(boards=["native_sim"], jobs=1, sanitize=False, host=False, fixtures=m)
        out = open(os.devnull, "w")
        self.addCleanup(out.close)
        real_which = fixtures.shutil.which
        no_dnsmasq = mock.patch.object(fixtures.shutil, "which",
                                       lambda name: None if name == "dnsmasq" else real_which(name))
        with no_dnsmasq:
            runner = testrun.Runner(self.base, Shell(self.base), opts, out)
            apps = testcase.discover(self.base)
            jobs = testrun.plan_jobs(self.base, apps, ["native_sim"], False)
            suites = {s.app: s for s in runner.run_all(jobs)}
        self.assertFalse(suites["tests/plain"].failed)
        case, = suites["tests/net/dns"].cases
        self.assertEqual(case.message, "fixture dns: dnsmasq not found on PATH; "
                         "run scripts/setup.sh (installs Debian package dnsmasq-base)")

    def test_interrupted_run_stops_its_fixtures(self):
        m = ephemeral_manager(["tcp_echo"])
        started = os.path.join(self.tmp, "started")
        make_app(self.base, "tests/net/slow", "fixtures: [tcp_echo]\n",
                 f"echo started > {started}; sleep 30\n")
        code = textwrap.dedent(f"""
            import signal, sys
            # As kt's cli does: a shell running this in the background
            # (make test under `cmd &`) hands SIGINT down ignored.
            signal.signal(signal.SIGINT, signal.default_int_handler)
            sys.path.insert(0, {SCRIPTS!r})
            from ktlib import testrun
            from ktlib.common import Shell
            from ktlib.fixtures import Manager
            m = Manager({KESTREL_BASE!r}, ports={m.ports!r}, state_dir={m.state_dir!r})
            real = m.require
            def require(names):
                real(names)
                print("pgids", *m.pids(), flush=True)
            m.require = require
            opts = testrun.Options(boards=["native_sim"], jobs=1, sanitize=False, host=False, fixtures=m)
            try:
                testrun.run_tests({self.base!r}, Shell({self.base!r}), opts, open("/dev/null", "w"))
            except KeyboardInterrupt:
                print("interrupted", flush=True)
            """)
        p = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
        try:
            line = p.stdout.readline().split()
            self.assertEqual(line[0], "pgids", line)
            # Interrupt while the image runs (not while kt is still setting it up).
            deadline = time.monotonic() + 30
            while not os.path.exists(started) and time.monotonic() < deadline:
                time.sleep(0.05)
            self.assertTrue(os.path.exists(started), "the image never started")
            p.send_signal(signal.SIGINT)
            self.assertEqual(p.stdout.readline().strip(), "interrupted")
            self.assertEqual(p.wait(10), 0)
        finally:
            if p.poll() is None:
                p.kill()
                p.wait()
            p.stdout.close()
        wait_gone(self, [int(x) for x in line[1:]])


if __name__ == "__main__":
    unittest.main()
