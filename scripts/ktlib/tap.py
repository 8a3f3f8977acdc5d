"""The TAP network of a test run: native_sim's Ethernet device on a host TAP interface.

A testcase.yaml with `netdev: tap` (native_sim only) runs its image with
--eth-tap=eth0:IFNAME. For the run kt, as root, creates the TAP interface
IFNAME with the host's address HOST_ADDR/24, serves DHCP on it with
dnsmasq (one address, DEVICE_ADDR, router HOST_ADDR) and a TCP echo on
HOST_ADDR:ECHO_PORT, and removes all of it when the run ends. The device
then talks to the host's own IP stack (ARP, ICMP, TCP RST for a closed
port) through a real kernel interface. Runs are serialised by a lock
(one subnet, one interface name), also across kt processes.

Without root, /dev/net/tun, `ip` (iproute2) or dnsmasq the app is
skipped with the reason. tests/net/tap/src/main.c has the same addresses.
"""

import fcntl
import os
import shutil
import subprocess
import tempfile
import time

from . import fixture_server

IFNAME = "kttap0"
HOST_ADDR = "198.18.0.1"        # RFC 2544 benchmarking range: never routed
DEVICE_ADDR = "198.18.0.15"
PREFIX = 24
ECHO_PORT = 17007
CLOSED_PORT = 17009             # nothing listens on HOST_ADDR:17009
DHCP_START_TIMEOUT = 5.0


def unavailable():
    """Why a TAP network cannot be set up here, or None."""
    if os.geteuid() != 0:
        return "netdev: tap needs root (kt creates the host's TAP interface)"
    if not os.path.exists("/dev/net/tun"):
        return "netdev: tap needs /dev/net/tun (modprobe tun)"
    for tool, pkg in (("ip", "iproute2"), ("dnsmasq", "dnsmasq-base")):
        if shutil.which(tool) is None:
            return f"netdev: tap needs {tool} (Debian package {pkg}; run scripts/setup.sh)"
    return None


class TapError(Exception):
    """The TAP network could not be set up (the message says which step)."""


def _ip(*args, check=True):
    r = subprocess.run(["ip", *args], check=False, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, text=True)
    if check and r.returncode != 0:
        raise TapError(f"ip {' '.join(args)}: {r.stderr.strip() or f'exit {r.returncode}'}")


class Network:
    """One run's TAP network: `with Network(log) as net:` ... (net.cmd_arg for the image)."""

    def __init__(self, log_path):
        self.log_path = log_path
        self.lock = None
        self.dnsmasq = None
        self.echo = None
        self.dir = None

    def __enter__(self):
        path = os.path.join(tempfile.gettempdir(), "kestrel-tap.lock")
        self.lock = open(path, "w")
        fcntl.flock(self.lock, fcntl.LOCK_EX)
        try:
            self._start()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def _start(self):
        _ip("link", "del", IFNAME, check=False)     # left by a run that was killed
        _ip("tuntap", "add", "dev", IFNAME, "mode", "tap")
        _ip("addr", "add", f"{HOST_ADDR}/{PREFIX}", "dev", IFNAME)
        _ip("link", "set", IFNAME, "up")
        self.dir = tempfile.mkdtemp(prefix="kestrel-tap-")
        open(self.log_path, "w", encoding="utf-8").close()
        self.dnsmasq = subprocess.Popen(
            ["dnsmasq", "--keep-in-foreground", "--conf-file=/dev/null", "--port=0",
             "--user=root", f"--interface={IFNAME}", "--bind-interfaces",
             "--except-interface=lo", f"--dhcp-range={DEVICE_ADDR},{DEVICE_ADDR},255.255.255.0,10m",
             "--dhcp-authoritative", "--log-dhcp", f"--log-facility={self.log_path}",
             f"--dhcp-leasefile={os.path.join(self.dir, 'leases')}",
             f"--pid-file={os.path.join(self.dir, 'pid')}"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            start_new_session=True)
        deadline = time.monotonic() + DHCP_START_TIMEOUT
        while not os.path.exists(os.path.join(self.dir, "pid")):
            if self.dnsmasq.poll() is not None or time.monotonic() > deadline:
                err = self.dnsmasq.stderr.read().decode(errors="replace").strip()
                raise TapError(f"dnsmasq did not start on {IFNAME}: {err or 'no answer'}")
            time.sleep(0.05)
        try:
            self.echo = fixture_server.serve_tcp_echo(ECHO_PORT, HOST_ADDR)
        except OSError as e:
            raise TapError(f"TCP echo on {HOST_ADDR}:{ECHO_PORT}: {e}") from e

    def cmd_substitute(self, cmd):
        return [a.replace("@TAP_IF@", IFNAME) for a in cmd]

    def __exit__(self, *exc):
        if self.echo:
            self.echo.shutdown()            # the fixtures' echo server
            self.echo.server_close()
        if self.dnsmasq and self.dnsmasq.poll() is None:
            self.dnsmasq.terminate()
            try:
                self.dnsmasq.wait(3)
            except subprocess.TimeoutExpired:
                self.dnsmasq.kill()
                self.dnsmasq.wait()
        if self.dnsmasq:
            self.dnsmasq.stderr.close()
        _ip("link", "del", IFNAME, check=False)
        if self.dir:
            shutil.rmtree(self.dir, ignore_errors=True)
        if self.lock:
            self.lock.close()           # drops the flock
        return False
