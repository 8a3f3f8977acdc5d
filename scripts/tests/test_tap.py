"""Host tests of the TAP network (scripts/ktlib/tap.py): when it is
skipped, the netdev key, its addresses against the device test, and (as
root with /dev/net/tun) a set-up and tear-down that leaves nothing behind.
"""

import os
import re
import socket
import subprocess
import sys
import tempfile
import unittest
from unittest import mock

SCRIPTS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KESTREL_BASE = os.path.dirname(SCRIPTS)
sys.path.insert(0, SCRIPTS)

from ktlib import frames, tap  # noqa: E402
from ktlib.common import KtError  # noqa: E402

DEVICE_TEST = os.path.join(KESTREL_BASE, "tests", "net", "tap", "src", "main.c")


class TestWhenUnavailable(unittest.TestCase):
    def test_not_root_is_a_reason(self):
        with mock.patch("os.geteuid", return_value=1000):
            self.assertIn("needs root", tap.unavailable())

    def test_no_tun_device_is_a_reason(self):
        real = os.path.exists
        with mock.patch("os.geteuid", return_value=0), \
                mock.patch("os.path.exists", side_effect=lambda p: False if p == "/dev/net/tun" else real(p)):
            self.assertIn("/dev/net/tun", tap.unavailable())

    def test_missing_tool_names_its_package(self):
        with mock.patch("os.geteuid", return_value=0), \
                mock.patch("os.path.exists", return_value=True), \
                mock.patch("shutil.which", side_effect=lambda t: None if t == "dnsmasq" else "/bin/" + t):
            self.assertIn("dnsmasq-base", tap.unavailable())


class TestNetdevKey(unittest.TestCase):
    def test_tap_is_a_network(self):
        self.assertEqual(frames.check_netdev("tap", "t.yaml"), ["tap"])

    def test_tap_twice_is_refused(self):
        with self.assertRaises(KtError):
            frames.check_netdev(["tap", "tap"], "t.yaml")


class TestAddressesAgree(unittest.TestCase):
    def test_device_test_uses_the_same_addresses(self):
        with open(DEVICE_TEST, encoding="utf-8") as f:
            src = f.read()
        host = ", ".join(tap.HOST_ADDR.split("."))
        dev = ", ".join(tap.DEVICE_ADDR.split("."))
        self.assertIn(f"net_ipv4_addr({host})", src)
        self.assertIn(f"net_ipv4_addr({dev})", src)
        self.assertRegex(src, rf"#define ECHO_PORT {tap.ECHO_PORT}\b")
        self.assertRegex(src, rf"#define CLOSED_PORT {tap.CLOSED_PORT}\b")


@unittest.skipIf(tap.unavailable() is not None, tap.unavailable() or "")
class TestNetworkAsRoot(unittest.TestCase):
    def test_up_with_dhcp_and_echo_then_gone(self):
        with tempfile.TemporaryDirectory() as d:
            with tap.Network(os.path.join(d, "tap.log")) as net:
                show = subprocess.run(["ip", "-o", "addr", "show", "dev", tap.IFNAME],
                                      capture_output=True, text=True, check=True).stdout
                self.assertIn(f"{tap.HOST_ADDR}/{tap.PREFIX}", show)
                self.assertEqual(net.cmd_substitute(["x", "--eth-tap=eth0:@TAP_IF@"]),
                                 ["x", f"--eth-tap=eth0:{tap.IFNAME}"])
                with socket.create_connection((tap.HOST_ADDR, tap.ECHO_PORT), 2) as c:
                    c.sendall(b"kestrel")
                    self.assertEqual(c.recv(16), b"kestrel")
                pid = net.dnsmasq.pid
                echo = net.echo
            gone = subprocess.run(["ip", "link", "show", tap.IFNAME], capture_output=True)
            self.assertNotEqual(gone.returncode, 0)
            self.assertFalse(os.path.exists(f"/proc/{pid}") and
                             "dnsmasq" in open(f"/proc/{pid}/cmdline", "rb").read().decode(errors="replace"))
            self.assertEqual(echo.socket.fileno(), -1)


if __name__ == "__main__":
    unittest.main()
