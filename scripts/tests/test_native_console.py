"""native_sim console UART end to end, with samples/shell built once:
--pty puts the console on a host pseudo-terminal whose path is printed at
start; a terminal on stdin makes the shell interactive (simulated time
follows real time) and an idle shell does not spin the CPU.

Builds samples/shell for native_sim with CMake (some seconds).
"""
import os
import pty
import re
import select
import shutil
import subprocess
import tempfile
import time
import unittest

BASE = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SHELL_APP = os.path.join(BASE, "samples", "shell")
GENERATOR = "Ninja" if shutil.which("ninja") else "Unix Makefiles"


def read_until(fd, pattern, timeout=20.0):
    """Bytes read from FD until PATTERN (a regex) matches them; fails on timeout."""
    data = b""
    end = time.monotonic() + timeout
    while not re.search(pattern, data):
        left = end - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            raise AssertionError(f"no {pattern!r} in {data!r}")
        chunk = os.read(fd, 4096)
        if not chunk:
            raise AssertionError(f"end of output before {pattern!r}: {data!r}")
        data += chunk
    return data


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class NativeConsole(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="kestrel-native-console-")
        build = os.path.join(cls.tmp, "build")
        env = dict(os.environ, KESTREL_BASE=BASE)
        for cmd in (["cmake", "-S", SHELL_APP, "-B", build, "-G", GENERATOR, "-DBOARD=native_sim"],
                    ["cmake", "--build", build]):
            res = subprocess.run(cmd, env=env, capture_output=True, text=True)
            assert res.returncode == 0, res.stdout + res.stderr
        cls.image = os.path.join(build, "kestrel.exe")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def start(self, *args, **kw):
        proc = subprocess.Popen([self.image, *args], **kw)
        self.addCleanup(lambda: (proc.kill(), proc.wait()))
        return proc

    def test_pty_option_serves_the_shell_on_the_printed_pty(self):
        proc = self.start("--pty", stdin=subprocess.DEVNULL, stdout=subprocess.PIPE)
        out = read_until(proc.stdout.fileno(), rb"console UART on (/dev/pts/\d+)\n")
        path = re.search(rb"console UART on (/dev/pts/\d+)", out).group(1).decode()
        fd = os.open(path, os.O_RDWR | os.O_NOCTTY)
        self.addCleanup(os.close, fd)
        os.write(fd, b"greet pty\r")
        read_until(fd, rb"Hello, pty!")
        os.write(fd, b"kernel reboot\r")     # the image ends (its pty with it)
        self.assertEqual(proc.wait(timeout=20), 0)

    def test_terminal_on_stdin_follows_real_time_and_idles_without_spinning(self):
        master, slave = pty.openpty()
        self.addCleanup(os.close, master)
        proc = self.start(stdin=slave, stdout=subprocess.PIPE)
        os.close(slave)
        out = proc.stdout.fileno()
        read_until(out, rb"kestrel:~\$ ")
        cpu_before = cpu_seconds(proc.pid)
        time.sleep(1.5)                        # the shell waits for input
        idle_cpu = cpu_seconds(proc.pid) - cpu_before
        os.write(master, b"kernel uptime\n")
        text = read_until(out, rb"uptime: (\d+) ms").decode()
        uptime_ms = int(re.search(r"uptime: (\d+) ms", text).group(1))
        self.assertGreaterEqual(uptime_ms, 1500)   # the clock went on in real time
        self.assertLess(idle_cpu, 0.75)            # blocked, not polling (1.5 s if it spun)
        os.write(master, b"kernel reboot\n")
        self.assertEqual(proc.wait(timeout=20), 0)


if __name__ == "__main__":
    unittest.main()
