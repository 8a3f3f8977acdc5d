"""Host tests of the frames network: the fake DHCP server (scripts/ktlib/frames_peer.py),
kt's netdev key and per-run peer (scripts/ktlib/frames.py).

Only 127.0.0.1 with ephemeral ports: safe next to a running kt test.
"""

import json
import os
import re
import shutil
import socket
import struct
import sys
import tempfile
import threading
import unittest

SCRIPTS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KESTREL_BASE = os.path.dirname(SCRIPTS)
sys.path.insert(0, SCRIPTS)

from ktlib import frames, frames_peer, testcase  # noqa: E402
from ktlib.common import KtError  # noqa: E402
from ktlib.frames_peer import Server, ip_bytes  # noqa: E402

CLIENT_MAC = bytes.fromhex("02004b540001")
OTHER_MAC = bytes.fromhex("02004b540002")
ZERO = b"\0\0\0\0"
BCAST = b"\xff" * 4


def dhcp_frame(kind, mac=CLIENT_MAC, ciaddr=ZERO, dst_ip=BCAST, dst_mac=b"\xff" * 6,
               options=b""):
    msg = struct.pack("!BBBB4sHH4s4s4s4s", 1, 1, 6, 0, b"\x12\x34\x56\x78", 0, 0, ciaddr, ZERO,
                      ZERO, ZERO) + mac + b"\0" * 10 + b"\0" * 192 + frames_peer.DHCP_MAGIC
    msg += bytes([53, 1, kind]) + options + b"\xff"
    src = ciaddr
    ip = frames_peer.udp(src, dst_ip, 68, 67, msg)
    return dst_mac + mac + struct.pack("!H", frames_peer.ETH_IP) + ip


def parse_reply(frame):
    """(dst MAC, dst IP, DHCP message type, yiaddr, {option: bytes}) of a server frame."""
    ip = frame[14:]
    udp_payload = ip[28:]
    opts = frames_peer.dhcp_options(udp_payload[240:])
    return frame[0:6], ip[16:20], opts[53][0], udp_payload[16:20], opts


def server_opts():
    return bytes([54, 4]) + ip_bytes(frames_peer.SERVER_IP)


class FakeClock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


class TestServer(unittest.TestCase):
    def setUp(self):
        self.clock = FakeClock()
        self.server = Server(clock=self.clock)
        self.addr = ip_bytes(frames_peer.POOL_FIRST)

    def bind(self):
        """DISCOVER + REQUEST: the client holds POOL_FIRST."""
        offer = self.server.handle(dhcp_frame(frames_peer.DISCOVER))
        self.assertEqual(len(offer), 1)
        ack = self.server.handle(dhcp_frame(frames_peer.REQUEST, options=server_opts()
                                            + bytes([50, 4]) + self.addr))
        self.assertEqual(parse_reply(ack[0])[2], frames_peer.ACK)

    def renew(self):
        return self.server.handle(dhcp_frame(frames_peer.REQUEST, ciaddr=self.addr,
                                             dst_ip=ip_bytes(frames_peer.SERVER_IP),
                                             dst_mac=frames_peer.SERVER_MAC))

    def rebind(self):
        return self.server.handle(dhcp_frame(frames_peer.REQUEST, ciaddr=self.addr))

    def test_offer_has_the_short_lease_and_options(self):
        out = self.server.handle(dhcp_frame(frames_peer.DISCOVER))
        dst_mac, dst_ip, kind, yiaddr, opts = parse_reply(out[0])
        self.assertEqual((dst_mac, dst_ip, kind, yiaddr), (b"\xff" * 6, BCAST, frames_peer.OFFER,
                                                           self.addr))
        self.assertEqual(struct.unpack("!I", opts[51])[0], 6)
        self.assertEqual(struct.unpack("!I", opts[58])[0], 3)
        self.assertEqual(struct.unpack("!I", opts[59])[0], 5)
        self.assertEqual(opts[1], ip_bytes("255.255.255.0"))
        self.assertEqual(opts[3], ip_bytes(frames_peer.SERVER_IP))
        self.assertEqual(opts[6], ip_bytes(frames_peer.SERVER_IP))
        self.assertEqual(opts[54], ip_bytes(frames_peer.SERVER_IP))

    def test_clients_get_their_own_address(self):
        self.server.handle(dhcp_frame(frames_peer.DISCOVER))
        out = self.server.handle(dhcp_frame(frames_peer.DISCOVER, mac=OTHER_MAC))
        self.assertEqual(parse_reply(out[0])[3], ip_bytes("198.51.100.101"))

    def test_renew_is_unicast_and_answered_to_the_client(self):
        self.bind()
        dst_mac, dst_ip, kind, _, _ = parse_reply(self.renew()[0])
        self.assertEqual((dst_mac, dst_ip, kind), (CLIENT_MAC, self.addr, frames_peer.ACK))
        self.assertEqual(self.server.counts["renew"], 1)
        self.assertEqual(self.server.counts["rebind"], 0)

    def test_broadcast_request_with_ciaddr_is_a_rebind(self):
        self.bind()
        self.assertEqual(parse_reply(self.rebind()[0])[2], frames_peer.ACK)
        self.assertEqual(self.server.counts["rebind"], 1)
        self.assertEqual(self.server.counts["renew"], 0)

    def test_norenew_ignores_renewals_only(self):
        self.bind()
        self.assertEqual(self.server.control("mode norenew"), "ok")
        self.assertEqual(self.renew(), [])
        self.assertEqual(len(self.rebind()), 1)
        self.assertEqual(self.server.counts["ignored"], 1)

    def test_silent_ignores_everything_until_it_ends(self):
        self.bind()
        self.assertEqual(self.server.control("mode silent 5"), "ok")
        self.assertEqual(self.renew(), [])
        self.assertEqual(self.server.handle(dhcp_frame(frames_peer.DISCOVER)), [])
        self.clock.now += 5.1
        self.assertEqual(len(self.server.handle(dhcp_frame(frames_peer.DISCOVER))), 1)
        self.assertEqual(self.server.counts["ignored"], 2)

    def test_request_for_another_address_is_nak(self):
        out = self.server.handle(dhcp_frame(frames_peer.REQUEST, options=bytes([50, 4])
                                            + ip_bytes("198.51.100.7")))
        self.assertEqual(parse_reply(out[0])[2], frames_peer.NAK)
        self.assertEqual(self.server.counts["reboot"], 1)

    def test_selection_of_another_server_is_not_answered(self):
        other = bytes([54, 4]) + ip_bytes("198.51.100.2")
        self.assertEqual(self.server.handle(dhcp_frame(frames_peer.REQUEST, options=other)), [])

    def test_arp_for_the_server_is_answered(self):
        arp = struct.pack("!HHBBH", 1, frames_peer.ETH_IP, 6, 4, 1) + CLIENT_MAC + self.addr \
            + b"\0" * 6 + ip_bytes(frames_peer.SERVER_IP)
        out = self.server.handle(b"\xff" * 6 + CLIENT_MAC + b"\x08\x06" + arp)
        self.assertEqual(out[0][0:6], CLIENT_MAC)
        self.assertEqual(out[0][14 + 8:14 + 14], frames_peer.SERVER_MAC)
        self.assertGreaterEqual(len(out[0]), frames_peer.MIN_FRAME)
        other = arp[:24] + ip_bytes("198.51.100.9")
        self.assertEqual(self.server.handle(b"\xff" * 6 + CLIENT_MAC + b"\x08\x06" + other), [])

    def test_bad_frames_are_ignored(self):
        self.assertEqual(self.server.handle(b"\x01" * 10), [])
        self.assertEqual(self.server.handle(b"\xff" * 6 + CLIENT_MAC + b"\x08\x00" + b"\x45"), [])
        self.assertEqual(self.server.handle(OTHER_MAC + CLIENT_MAC + b"\x08\x06" + b"\0" * 28), [])

    def test_control_requests(self):
        self.assertRegex(self.server.control("stats"), r"^discover=0 offer=0 .* echo=0$")
        self.assertTrue(self.server.control("mode sideways").startswith("error"))
        self.assertTrue(self.server.control("mode silent x").startswith("error"))
        self.server.control("mode norenew")
        self.assertEqual(self.server.control("reset"), "ok")
        self.assertEqual(self.server.mode, "normal")


class TestLinkFlap(unittest.TestCase):
    def test_flap_switches_off_after_the_answer_then_on(self):
        clock = FakeClock()
        calls = []
        server = Server(clock=clock, link=calls.append)
        self.assertEqual(server.control("link flap 1500"), "ok")
        self.assertEqual(calls, [])                      # the answer goes first
        clock.now += 0.25
        self.assertAlmostEqual(server.run_timers(), 1.45)
        self.assertEqual(calls, [False])
        clock.now += 1.5
        self.assertIsNone(server.run_timers())
        self.assertEqual(calls, [False, True])

    def test_without_qmp_it_is_an_error(self):
        self.assertTrue(Server().control("link flap 10").startswith("error"))
        self.assertTrue(Server(link=print).control("link flap x").startswith("error"))

    def test_qmp_set_link(self):
        path = os.path.join(tempfile.mkdtemp(), "q.sock")
        lsock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        lsock.bind(path)
        lsock.listen(1)
        seen = []

        def qemu():
            conn, _ = lsock.accept()
            f = conn.makefile("rw")
            f.write('{"QMP": {"version": {}}}\n')
            f.flush()
            for _ in range(2):
                seen.append(json.loads(f.readline()))
                f.write('{"event": "NOISE"}\n{"return": {}}\n')
                f.flush()
            conn.close()
        t = threading.Thread(target=qemu)
        t.start()
        try:
            self.assertEqual(frames_peer.Qmp(path).set_link(False), {"return": {}})
        finally:
            t.join(5)
            lsock.close()
            shutil.rmtree(os.path.dirname(path))
        self.assertEqual(seen[0]["execute"], "qmp_capabilities")
        self.assertEqual(seen[1], {"execute": "set_link", "arguments": {"name": "frames", "up": False}})


class TestHeaderAgrees(unittest.TestCase):
    """tests/net/common/frames_peer.h has frames_peer.py's numbers."""

    def test_constants(self):
        with open(os.path.join(KESTREL_BASE, "tests/net/common/frames_peer.h"), encoding="utf-8") as f:
            text = f.read()
        got = dict(re.findall(r"#define FRAMES_PEER_(\w+) ([^/\n]+?)\s*(?:/\*.*)?$", text, re.M))

        def addr(name):
            return ".".join(x.strip() for x in got[name].split(","))
        self.assertEqual(addr("SERVER_IP"), frames_peer.SERVER_IP)
        self.assertEqual(addr("POOL_FIRST"), frames_peer.POOL_FIRST)
        self.assertEqual(addr("NETMASK"), frames_peer.NETMASK)
        self.assertEqual(int(got["LEASE_S"]), frames_peer.LEASE)
        self.assertEqual(int(got["T1_S"]), frames_peer.T1)
        self.assertEqual(int(got["T2_S"]), frames_peer.T2)
        self.assertEqual(int(got["CTL_PORT"]), frames_peer.CTL_PORT)
        self.assertEqual(int(got["ECHO_PORT"]), frames_peer.ECHO_PORT)


class TestNetdevKey(unittest.TestCase):
    def test_accepted(self):
        self.assertEqual(frames.check_netdev("frames", "t"), ["frames"])
        self.assertEqual(frames.check_netdev(["slirp", "frames"], "t"), ["slirp", "frames"])
        self.assertEqual(frames.cmake_value(["slirp", "frames"]), "slirp+frames")
        self.assertTrue(frames.uses_frames(["slirp", "frames"]))
        self.assertFalse(frames.uses_frames(None))

    def test_rejected(self):
        for bad in ("vde", [], ["frames", "frames"], 3, ["slirp", 1]):
            with self.assertRaises(KtError):
                frames.check_netdev(bad, "t")

    def test_testcase_needs_realtime(self):
        with tempfile.TemporaryDirectory() as d:
            app = os.path.join(d, "app")
            os.mkdir(app)
            with open(os.path.join(app, "testcase.yaml"), "w", encoding="utf-8") as f:
                f.write("netdev: [slirp, frames]\n")
            with self.assertRaises(KtError):
                testcase.load_testcase(app, d)
            with open(os.path.join(app, "testcase.yaml"), "a", encoding="utf-8") as f:
                f.write("realtime: true\n")
            self.assertEqual(testcase.load_testcase(app, d).netdev, ["slirp", "frames"])

    def test_substitute(self):
        self.assertEqual(frames.substitute(["x", "udp=127.0.0.1:@FRAMES_PEER@,localaddr="
                                            "127.0.0.1:@FRAMES_LOCAL@"], 5, 6),
                         ["x", "udp=127.0.0.1:6,localaddr=127.0.0.1:5"])


class TestPeerProcess(unittest.TestCase):
    """kt's per-run peer answers on UDP and goes when its stdin closes."""

    def test_discover_over_udp_then_stop(self):
        log = os.path.join(os.environ.get("TMPDIR", "/tmp"), f"kt-frames-test-{os.getpid()}.log")
        peer = frames.Peer(log)
        try:
            dev = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            dev.bind(("127.0.0.1", peer.local))
            dev.settimeout(5)
            dev.sendto(dhcp_frame(frames_peer.DISCOVER), ("127.0.0.1", peer.peer))
            frame, src = dev.recvfrom(2000)
            self.assertEqual(src, ("127.0.0.1", peer.peer))
            self.assertEqual(parse_reply(frame)[2], frames_peer.OFFER)
            dev.close()
        finally:
            peer.stop()
            if os.path.exists(log):
                os.unlink(log)
        self.assertIsNotNone(peer.proc.returncode)


if __name__ == "__main__":
    unittest.main()
