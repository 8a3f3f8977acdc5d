"""Host tests of slirp host forwarding in kt (ktlib/hostfwd.py) and of the
host-side peer scripts of testcase.yaml (ktlib/hostpeer.py, testrun.py).

The end-to-end cases use test_kt's fake cmake: the "image" is a shell
script that gets the --hostfwd= options native_sim images take and plays
the device by listening on the host port itself.
"""

import io
import os
import socket
import sys
import textwrap
import threading
import unittest

from test_kt import TempBase, make_app, read, run_kt, write  # noqa: F401  (sys.path set up by test_kt)

from ktlib import hostfwd, hostpeer, testrun  # noqa: E402
from ktlib.common import KtError, Shell  # noqa: E402

QEMU_INFO = {"board": "qemu_b", "image": "/b/kestrel.elf", "hostfwd": "qemu_user"}
QEMU_CMD = ["qemu", "-M", "x", "-nic", "user,model=lan9118", "-kernel", "/b/kestrel.elf"]

# The fake device: listens on the host port of its --hostfwd for guest port
# 4242, prints that it does, echoes one connection, says how much it got.
FAKE_SERVER = textwrap.dedent('''\
    exec /usr/bin/python3 - "$@" <<'PYEOF'
    import re, socket, sys
    rule = [a for a in sys.argv[1:] if a.startswith("--hostfwd=")][0]
    port = int(re.match(r"--hostfwd=tcp:127\\.0\\.0\\.1:(\\d+)-:4242$", rule).group(1))
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", port))
    s.listen(1)
    print("server: listening", flush=True)
    c, _ = s.accept()
    n = 0
    while True:
        d = c.recv(65536)
        if not d:
            break
        n += len(d)
        c.sendall(d)
    c.close()
    print(f"server: got {n} bytes", flush=True)
    STAY
    PYEOF
    ''')

HOST_CLIENT = textwrap.dedent('''\
    import socket, sys
    from ktlib import hostpeer
    port = hostpeer.forwarded_port("tcp", 4242)
    with hostpeer.connect(port, 5) as s:
        hostpeer.tcp_echo(s, hostpeer.pattern(10000))
        s.shutdown(socket.SHUT_WR)
    print("client: ok")
    sys.exit(STATUS)
    ''')


class TestForwards(unittest.TestCase):

    def test_parse(self):
        self.assertEqual(hostfwd.parse("tcp:4242", "w"), hostfwd.Forward("tcp", 4242, 0))
        self.assertEqual(hostfwd.parse("udp:5555:7", "w"), hostfwd.Forward("udp", 7, 5555))
        for bad in ("tcp", "sctp:1", "tcp:0", "tcp:70000", "udp:1:2:3", "tcp:x"):
            with self.assertRaises(KtError, msg=bad) as cm:
                hostfwd.parse(bad, "t.yaml")
            self.assertIn("t.yaml: bad host forward", cm.exception.reason)
        with self.assertRaises(KtError) as cm:
            hostfwd.parse_list(["tcp:7", "udp:7", "tcp:9:7"], "t.yaml")
        self.assertIn("tcp:7 forwarded twice", cm.exception.reason)

    def test_qemu_user_netdev_gets_every_forward(self):
        fw = [hostfwd.Forward("tcp", 4242, 40001), hostfwd.Forward("udp", 7, 40002)]
        out = hostfwd.apply(QEMU_CMD, QEMU_INFO, fw)
        self.assertEqual(out[4], "user,model=lan9118,hostfwd=tcp:127.0.0.1:40001-:4242"
                         ",hostfwd=udp:127.0.0.1:40002-:7")
        self.assertEqual(QEMU_CMD[4], "user,model=lan9118")          # not changed in place
        rv = ["qemu", "-netdev", "user,id=n0", "-device", "virtio-net-device,netdev=n0"]
        self.assertEqual(hostfwd.apply(rv, QEMU_INFO, fw[:1])[2],
                         "user,id=n0,hostfwd=tcp:127.0.0.1:40001-:4242")
        self.assertEqual(hostfwd.apply(QEMU_CMD, {}, []), QEMU_CMD)   # nothing asked: as is
        with self.assertRaises(KtError) as cm:
            hostfwd.apply(["qemu", "-nic", "tap"], QEMU_INFO, fw)
        self.assertIn("no '-nic user'", cm.exception.reason)

    def test_native_option_goes_right_after_the_image(self):
        info = {"board": "native_sim", "image": "/b/kestrel.exe", "hostfwd": "option"}
        out = hostfwd.apply(["/b/kestrel.exe", "--seed=3"], info, [hostfwd.Forward("tcp", 1, 2)])
        self.assertEqual(out, ["/b/kestrel.exe", "--hostfwd=tcp:127.0.0.1:2-:1", "--seed=3"])
        with self.assertRaises(KtError) as cm:
            hostfwd.apply(["/b/x"], {"board": "old"}, [hostfwd.Forward("tcp", 1, 2)])
        self.assertIn("board old does not say how to forward", cm.exception.reason)
        self.assertIn("KESTREL_HOSTFWD", cm.exception.fix)

    def test_ipv6_forwards(self):
        f = hostfwd.parse("tcp6:4242", "w")
        self.assertEqual(f, hostfwd.Forward("tcp6", 4242, 0))
        self.assertTrue(f.ipv6 and not hostfwd.Forward("tcp", 1).ipv6)
        self.assertEqual(hostfwd.Forward("udp6", 7, 40003).rule(), "udp:[::1]:40003-[]:7")
        self.assertEqual(hostfwd.Forward("tcp6", 7).env_name(), "KT_HOSTFWD_TCP6_7")
        # tcp:7 and tcp6:7 are two forwards
        self.assertEqual(len(hostfwd.parse_list(["tcp:7", "tcp6:7"], "w")), 2)
        native = {"board": "native_sim", "image": "/b/kestrel.exe", "hostfwd": "option"}
        fw = [hostfwd.Forward("tcp", 1, 2), hostfwd.Forward("tcp6", 1, 3)]
        self.assertEqual(hostfwd.for_board(native, fw), (fw, []))
        self.assertEqual(hostfwd.apply(["/b/kestrel.exe"], native, fw),
                         ["/b/kestrel.exe", "--hostfwd=tcp:127.0.0.1:2-:1",
                          "--hostfwd=tcp:[::1]:3-[]:1"])
        # QEMU's user network forwards IPv4 only: kt test leaves them out, kt run refuses
        self.assertEqual(hostfwd.for_board(QEMU_INFO, fw), (fw[:1], fw[1:]))
        with self.assertRaises(KtError) as cm:
            hostfwd.apply(QEMU_CMD, QEMU_INFO, fw)
        self.assertIn("cannot forward IPv6 (tcp6:1)", cm.exception.reason)
        env = hostfwd.env(fw[:1], fw[1:])
        self.assertTrue(hostfwd.skipped_from_env("tcp6", 1, env))
        self.assertFalse(hostfwd.skipped_from_env("tcp", 1, env))
        with hostfwd.Reservation([hostfwd.Forward("tcp6", 4242), hostfwd.Forward("udp6", 7)]) as r:
            port = r.forwards[0].host_port
            with socket.socket(socket.AF_INET6) as slirp:
                slirp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                slirp.bind(("::1", port))
                slirp.listen(1)
            r.release_udp()
            with socket.socket(socket.AF_INET6, socket.SOCK_DGRAM) as u:
                u.bind(("::1", r.forwards[1].host_port))

    def test_free_ports_differ_and_stay_reserved_but_usable_by_slirp(self):
        want = [hostfwd.Forward("tcp", 4242), hostfwd.Forward("udp", 7)]
        with hostfwd.Reservation(want) as a, hostfwd.Reservation(want) as b:
            ports = [f.host_port for f in a.forwards + b.forwards]
            self.assertTrue(all(p > 0 for p in ports))
            self.assertNotEqual(a.forwards[0].host_port, b.forwards[0].host_port)
            self.assertNotEqual(a.forwards[1].host_port, b.forwards[1].host_port)
            tcp_port = a.forwards[0].host_port
            # nobody else gets it from the kernel ...
            for _ in range(50):
                with socket.socket() as other:
                    other.bind(("127.0.0.1", 0))
                    self.assertNotEqual(other.getsockname()[1], tcp_port)
            # ... but slirp's listener (SO_REUSEADDR) can take it
            with socket.socket() as slirp:
                slirp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                slirp.bind(("127.0.0.1", tcp_port))
                slirp.listen(1)
            a.release_udp()
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as u:
                u.bind(("127.0.0.1", a.forwards[1].host_port))
        env = hostfwd.env(a.forwards)
        self.assertEqual(env["KT_HOSTFWD_TCP_4242"], str(tcp_port))
        self.assertEqual(hostfwd.port_from_env("tcp", 4242, env), tcp_port)
        with self.assertRaises(KeyError):
            hostfwd.port_from_env("tcp", 1, env)


class TestKtRun(unittest.TestCase):

    def test_run_adds_the_forwards_and_prints_the_host_ports(self):
        import json
        import tempfile
        with tempfile.TemporaryDirectory() as d:
            img = os.path.join(d, "img.sh")
            write(img, 'echo "args:$*"\n')
            with open(os.path.join(d, "kestrel_run.json"), "w") as f:
                json.dump({"board": "native_sim", "image": img, "run": ["/bin/sh", img],
                           "hostfwd": "option"}, f)
            p = run_kt(["run", "-d", d, "--hostfwd", "tcp:4242", "--hostfwd", "udp:5555:7",
                        "--", "--seed=1"])
            bad = run_kt(["run", "-d", d, "--hostfwd", "icmp:1"])
        self.assertEqual(p.returncode, 0, p.stderr)
        lines = p.stdout.splitlines()
        port = int(lines[0].split("127.0.0.1:")[1].split()[0])
        self.assertEqual(lines[0], f"kt: host forward tcp 127.0.0.1:{port} -> 10.0.2.15:4242")
        self.assertEqual(lines[1], "kt: host forward udp 127.0.0.1:5555 -> 10.0.2.15:7")
        self.assertEqual(lines[2], f"args:--hostfwd=tcp:127.0.0.1:{port}-:4242 "
                         "--hostfwd=udp:127.0.0.1:5555-:7 --seed=1")
        self.assertEqual(bad.returncode, 1)
        self.assertIn("kt run --hostfwd: bad host forward 'icmp:1'", bad.stderr)


class TestHostScript(TempBase):

    def run_tests(self, paths):
        out = io.StringIO()
        opts = testrun.Options(jobs=2, host=False, boards=["native_sim"], sanitize=False,
                               paths=paths)
        status = testrun.run_tests(self.base, Shell(self.base), opts, out)
        return status, out.getvalue()

    def server_app(self, name, yaml_extra="", stay="", client_status=0):
        yaml_text = ("harness: exit\nboards: [native_sim]\nrealtime: true\ntimeout: 20\n"
                     "hostfwd: [tcp:4242]\nhost_script: client.py\n"
                     "host_script_when: '^server: listening$'\n"
                     "expect: ['^server: got 10000 bytes$']\n" + yaml_extra)
        p = make_app(self.base, f"tests/{name}", yaml_text, FAKE_SERVER.replace("STAY", stay))
        with open(os.path.join(p, "client.py"), "w") as f:
            f.write(HOST_CLIENT.replace("STATUS", str(client_status)))
        return p

    def test_script_talks_to_the_device_through_the_forward(self):
        self.server_app("srv")
        status, out = self.run_tests(["tests/srv"])
        self.assertEqual(status, 0, out)
        self.assertEqual(out.splitlines()[-1], "2 passed, 0 failed")
        d = os.path.join(self.base, "build", "tests", "native_sim", "tests__srv")
        self.assertIn("client: ok", read(os.path.join(d, "host.log")))

    def test_failing_script_fails_the_run(self):
        self.server_app("srv", client_status=3)
        status, out = self.run_tests(["tests/srv"])
        self.assertEqual(status, 1)
        self.assertIn("FAIL host_script: host script exited with status 3: client: ok", out)

    def test_device_never_ready(self):
        make_app(self.base, "tests/quiet", "harness: exit\nboards: [native_sim]\n"
                 "host_script: c.py\nhost_script_when: '^ready$'\n", "echo booting\n")
        with open(os.path.join(self.base, "tests", "quiet", "c.py"), "w") as f:
            f.write("raise SystemExit(0)\n")
        status, out = self.run_tests(["tests/quiet"])
        self.assertEqual(status, 1)
        self.assertIn("FAIL host_script: host script not started: the image ended before the "
                      "device printed /^ready$/", out)

    def test_console_harness_stops_a_server_that_never_exits(self):
        self.server_app("forever", "harness: console\n", stay="import time; time.sleep(60)")
        status, out = self.run_tests(["tests/forever"])
        self.assertEqual(status, 0, out)
        self.assertRegex(out, r"PASS native_sim:tests/forever \(2 cases, [0-9.]+ s\)")
        self.assertLess(float(out.split("2 cases, ")[1].split(" s)")[0]), 15)

    def test_testcase_keys_are_checked(self):
        make_app(self.base, "tests/k1", "host_script: nope.py\nhost_script_when: x\n")
        make_app(self.base, "tests/k2", "host_script: nope.py\n")
        make_app(self.base, "tests/k3", "harness: console\n")
        make_app(self.base, "tests/k4", "hostfwd: [tcp:99999]\n")
        for name, text in (("k1", "host_script nope.py does not exist"),
                           ("k2", "'host_script' and 'host_script_when' go together"),
                           ("k3", "harness console needs 'expect'"),
                           ("k4", "bad host forward 'tcp:99999'")):
            with self.assertRaises(KtError, msg=name) as cm:
                self.run_tests([f"tests/{name}"])
            self.assertIn(text, cm.exception.reason)


class TestOutputWatch(unittest.TestCase):

    def test_waits_for_lines_in_order_across_writes_and_crlf(self):
        import tempfile
        with tempfile.NamedTemporaryFile("wb", delete=False) as f:
            path = f.name
        self.addCleanup(os.remove, path)
        watch = hostpeer.OutputWatch(path)

        def write_later():
            with open(path, "ab") as g:
                g.write(b"boot\r\nserver: list")
                g.flush()
                threading.Event().wait(0.1)
                g.write(b"ening\r\n")
        t = threading.Thread(target=write_later)
        t.start()
        self.assertTrue(watch.wait_for(["^boot$", "^server: listening$"], lambda: True,
                                       float("inf")))
        t.join()
        self.assertFalse(watch.wait_for(["^never$"], lambda: False, float("inf")))


if __name__ == "__main__":
    sys.exit(unittest.main())
