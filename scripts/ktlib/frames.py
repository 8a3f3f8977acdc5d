"""The frames network of a test run: raw Ethernet frames over host UDP sockets.

A testcase.yaml puts its app's Ethernet devices on networks with `netdev:`
(tests/net/README.md): `slirp` (the default), `frames`, or `[slirp, frames]`
(eth0 on slirp, eth1 on frames). kt builds the app with
-DKESTREL_NETDEV=slirp+frames (board.cmake turns it into the board's NIC
options, with @FRAMES_LOCAL@ and @FRAMES_PEER@ in place of the ports) and,
for every run of an app with a frames device, picks two free UDP ports on
127.0.0.1, starts the host peer (frames_peer.py, the fake DHCP server) on
PEER for the device's LOCAL, puts the ports (and, for QEMU, the path of a
QMP socket through which the peer switches the link) into the image's
command line
and stops the peer when the run ends. Every run has its own ports and peer,
so boards run at once (kt test -j 2).
"""

import os
import socket
import subprocess
import sys
import tempfile

from .common import KtError
from .fixtures import _read_line

NETDEVS = ("slirp", "frames", "tap")
PEER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "frames_peer.py")
HOST = "127.0.0.1"
START_TIMEOUT = 10.0
# kt run by hand (no peer is started): these ports; run the peer with
#   scripts/ktlib/frames_peer.py --port 17101 --device-port 17100
MANUAL_LOCAL, MANUAL_PEER = 17100, 17101


def check_netdev(value, where):
    """testcase.yaml's netdev (a name or a list of them) as a list, or a KtError."""
    names = [value] if isinstance(value, str) else value
    if (not isinstance(names, list) or not names
            or not all(isinstance(n, str) and n in NETDEVS for n in names)):
        raise KtError(f"{where}: 'netdev' must be one of {', '.join(NETDEVS)} or a list of them "
                      f"(one per Ethernet device), not {value!r}", "write e.g. netdev: [slirp, frames]")
    if any(names.count(n) > 1 for n in NETDEVS):
        raise KtError(f"{where}: 'netdev' names a network twice ({value!r})",
                      "one device on each network at most")
    return names


def cmake_value(netdevs):
    return "+".join(netdevs)


def uses_frames(netdevs):
    return "frames" in (netdevs or [])


def free_udp_port():
    """A UDP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def substitute(cmd, local, peer, qmp=None):
    qmp = qmp or os.path.join(state_dir(), f"{peer}.qmp")
    return [a.replace("@FRAMES_LOCAL@", str(local)).replace("@FRAMES_PEER@", str(peer))
            .replace("@FRAMES_QMP@", qmp) for a in cmd]


def state_dir():
    """Where QEMU's QMP sockets go (short: a socket path has 107 bytes at most)."""
    path = os.path.join(tempfile.gettempdir(), f"kestrel-frames-{os.getuid()}")
    os.makedirs(path, exist_ok=True)
    return path


class Peer:
    """The frames peer of one run: started on a free port, stopped with stop()."""

    def __init__(self, log_path, qmp=False, python=sys.executable):
        """QMP: the image is QEMU with a QMP socket (@FRAMES_QMP@) for link changes."""
        self.local = free_udp_port()
        self.qmp = os.path.join(state_dir(), f"{self.local}.qmp")
        open(log_path, "w", encoding="utf-8").close()     # this run's log only
        self.proc = subprocess.Popen([python, PEER, "--device-port", str(self.local),
                                      "--log", log_path] + (["--qmp", self.qmp] if qmp else []),
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, start_new_session=True)
        line = _read_line(self.proc.stdout, START_TIMEOUT)
        if not line.startswith("ready "):
            self.stop()
            raise KtError(f"frames peer did not start: {line or 'no answer'}", f"see {log_path}")
        self.peer = int(line.split()[1])

    def substitute(self, cmd):
        return substitute(cmd, self.local, self.peer, self.qmp)

    def stop(self):
        if os.path.exists(self.qmp):
            os.unlink(self.qmp)
        if self.proc.poll() is None:
            self.proc.stdin.close()     # the peer exits when its stdin closes
            try:
                self.proc.wait(3)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc.stdout.close()
        if not self.proc.stdin.closed:
            self.proc.stdin.close()
