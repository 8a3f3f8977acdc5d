"""A test's host-side peer: a script kt test runs once the device is ready.

testcase.yaml:

    hostfwd: [tcp:4242]               # the device's ports reached from the host
    host_script: host_client.py       # run when the device's output matches
    host_script_when: '^server: listening on port 4242$'

kt test starts the image, watches its output (BUILD/run.log) for the
regex, then runs the script (a .py with the Debian python3, anything else
directly) in the application folder, with its output in BUILD/host.log and
in its environment KT_HOSTFWD_<PROTO>_<PORT> = the host port forwarded to
the device's port (hostfwd.py), KT_HOST = 127.0.0.1, KT_BOARD, KT_RUN_LOG
(the file the device's output goes to, growing while it runs), and
PYTHONPATH holding scripts/ (so `from ktlib import hostpeer`). The script's
result is the case `host_script` of the run: it passes on exit status 0
before the test's timeout; the device never printing the regex, a non-zero
status or running over the timeout fail it. The image keeps running
meanwhile and is judged by its harness as usual (ktest, exit, or console:
every `expect` regex seen, then kt stops the image).

The helpers below are for those scripts.
"""

import os
import re
import socket
import time

from .hostfwd import port_from_env, skipped_from_env
from .results import FAILED, PASSED, Case, tail

HOST_CASE = "host_script"
HOST_PYTHON = "/usr/bin/python3"
POLL_S = 0.02


class OutputWatch:
    """The growing text of a log file another process writes (without the
    carriage returns QEMU's serial consoles put before each newline)."""

    def __init__(self, path):
        self.path = path
        self.text = ""
        self._pos = 0

    def read(self):
        try:
            with open(self.path, "rb") as f:
                f.seek(self._pos)
                data = f.read()
        except OSError:
            return self.text
        self._pos += len(data)
        self.text += data.replace(b"\r", b"").decode("utf-8", errors="replace")
        return self.text

    def wait_for(self, regexes, alive, deadline):
        """True once every regex of REGEXES matched in order (multiline);
        False when ALIVE() turns false (after a last read) or at DEADLINE."""
        compiled = [re.compile(r, re.M) for r in regexes]
        while True:
            running = alive()
            text = self.read()
            pos = 0
            for rx in compiled:
                m = rx.search(text, pos)
                if not m:
                    break
                pos = m.end()
            else:
                return True
            if not running or time.monotonic() >= deadline:
                return False
            time.sleep(POLL_S)


def script_command(path):
    return [HOST_PYTHON, path] if path.endswith(".py") else [path]


SCRIPTS_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def script_env(board, forwards_env, run_log=None):
    env = dict(forwards_env)
    env["KT_BOARD"] = board
    if run_log is not None:
        env["KT_RUN_LOG"] = run_log
    env["PYTHONPATH"] = SCRIPTS_DIR           # the scripts/ of this kt: ktlib
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def script_case(status, timed_out, timeout, log_path, elapsed):
    """The `host_script` case from the script's exit."""
    text = ""
    try:
        with open(log_path, encoding="utf-8", errors="replace") as f:
            text = f.read()
    except OSError:
        pass
    if not timed_out and status == 0:
        return Case(HOST_CASE, PASSED, elapsed)
    last = text.strip().splitlines()[-1] if text.strip() else ""
    why = f"timed out after {timeout:g} s" if timed_out else f"exited with status {status}"
    msg = f"host script {why}" + (f": {last}" if last else "")
    return Case(HOST_CASE, FAILED, elapsed, msg, tail(text))


def not_ready_case(regex, exited):
    why = "the image ended" if exited else "timed out"
    return Case(HOST_CASE, FAILED, 0.0, f"host script not started: {why} before the device "
                f"printed /{regex}/")


# --- for the scripts -----------------------------------------------------

def forwarded_port(proto, guest_port):
    """The host port kt forwarded to the device's PROTO port GUEST_PORT."""
    return port_from_env(proto, guest_port)


def forwarded(proto, guest_port):
    """forwarded_port(), or None when kt left the forward out on this board
    (an IPv6 forward on a QEMU board: KT_HOSTFWD_SKIPPED)."""
    if skipped_from_env(proto, guest_port):
        return None
    return port_from_env(proto, guest_port)


def connect(port, timeout=10.0, host="127.0.0.1"):
    """A TCP connection to HOST:PORT whose first byte can be read back."""
    s = socket.create_connection((host, port), timeout=timeout)
    s.settimeout(timeout)
    return s


def recv_exact(sock, n):
    """N bytes from SOCK; ConnectionError if the peer closes first."""
    buf = bytearray()
    while len(buf) < n:
        chunk = sock.recv(min(65536, n - len(buf)))
        if not chunk:
            raise ConnectionError(f"peer closed after {len(buf)} of {n} bytes")
        buf += chunk
    return bytes(buf)


def pattern(n, seed=0):
    """N bytes that differ from any shifted copy (catches lost or reordered data)."""
    return bytes((i * 7 + (i >> 8) + seed) & 0xFF for i in range(n))


def tcp_echo(sock, data, chunk=4096):
    """Sends DATA in chunks, each read back; raises AssertionError on a difference."""
    for off in range(0, len(data), chunk):
        part = data[off:off + chunk]
        sock.sendall(part)
        back = recv_exact(sock, len(part))
        if back != part:
            first = next(i for i in range(len(part)) if back[i] != part[i])
            raise AssertionError(f"echo differs at byte {off + first} of {len(data)}")


def udp_echo(port, data, timeout=5.0, tries=3, host="127.0.0.1"):
    """DATA sent to HOST:PORT over UDP comes back whole (retried: UDP may drop)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_DGRAM) as s:
        s.settimeout(timeout)
        for _ in range(tries):
            s.sendto(data, (host, port))
            try:
                back, _addr = s.recvfrom(65536)
            except socket.timeout:
                continue
            if back != data:
                raise AssertionError(f"UDP echo of {len(data)} bytes came back as {len(back)} "
                                     "different bytes")
            return
    raise AssertionError(f"no UDP echo of {len(data)} bytes in {tries} tries")

