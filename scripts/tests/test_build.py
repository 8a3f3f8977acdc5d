"""End-to-end tests of the real build: configure errors name what is wrong,
and rebuilds do no more work than needed.

These configure real applications of this tree with CMake (a second or
two each); the fine-grained generator tests live in test_kconfig.py and
test_devicetree.py.
"""
import os
import re
import shutil
import subprocess
import tempfile
import time
import unittest

BASE = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
HELLO = os.path.join(BASE, "samples", "hello_world")
GENERATOR = "Ninja" if shutil.which("ninja") else "Unix Makefiles"


def configure(app, build, *args):
    env = dict(os.environ, KESTREL_BASE=BASE)
    return subprocess.run(
        ["cmake", "-S", app, "-B", build, "-G", GENERATOR] + list(args),
        env=env, capture_output=True, text=True)


def make_app(root, prj_conf="", overlay=None, main=None):
    """A copy of hello_world with the given prj.conf (and overlay)."""
    app = os.path.join(root, "app")
    shutil.copytree(HELLO, app)
    with open(os.path.join(app, "prj.conf"), "w") as f:
        f.write(prj_conf)
    if overlay is not None:
        with open(os.path.join(app, "app.overlay"), "w") as f:
            f.write(overlay)
    if main is not None:
        with open(os.path.join(app, "src", "main.c"), "w") as f:
            f.write(main)
    return app


class ConfigureErrors(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="kestrel-build-test-")
        self.build = os.path.join(self.tmp, "build")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def assert_fails(self, res, *patterns):
        out = res.stdout + res.stderr
        self.assertNotEqual(res.returncode, 0, out)
        for p in patterns:
            self.assertRegex(out, p)

    def test_unknown_board_lists_boards(self):
        res = configure(HELLO, self.build, "-DBOARD=no_such_board")
        self.assert_fails(res, r"unknown board 'no_such_board'",
                          r"Boards: .*native_sim")

    def test_mistyped_symbol_names_file_line_and_symbol(self):
        app = make_app(self.tmp, "CONFIG_ASSERT=y\nCONFIG_ASERT=y\n")
        res = configure(app, self.build, "-DBOARD=native_sim")
        self.assert_fails(res, r"prj\.conf:2", r"CONFIG_ASERT",
                          r"CONFIG_ASSERT")

    def test_value_out_of_range_is_an_error(self):
        app = make_app(self.tmp, "CONFIG_THREAD_NAME_SIZE=1000\n")
        res = configure(app, self.build, "-DBOARD=native_sim")
        self.assert_fails(res, r"prj\.conf:1", r"CONFIG_THREAD_NAME_SIZE",
                          r"1000")

    def test_extra_conf_fragment_is_checked_too(self):
        app = make_app(self.tmp, "")
        with open(os.path.join(app, "extra.conf"), "w") as f:
            f.write("# a comment\nCONFIG_NO_SUCH_THING=y\n")
        res = configure(app, self.build, "-DBOARD=native_sim",
                        "-DEXTRA_CONF=extra.conf")
        self.assert_fails(res, r"extra\.conf:2", r"CONFIG_NO_SUCH_THING")

    def test_enabled_node_without_driver_names_node_and_symbol(self):
        app = make_app(self.tmp, "CONFIG_UART_NATIVE_CONSOLE=n\n")
        res = configure(app, self.build, "-DBOARD=native_sim")
        self.assert_fails(res, r"/console", r"CONFIG_UART_NATIVE_CONSOLE")

    def test_devicetree_syntax_error_names_the_file(self):
        app = make_app(self.tmp, "", overlay="/ { broken node;\n")
        res = configure(app, self.build, "-DBOARD=native_sim")
        self.assert_fails(res, r"app\.overlay")

    def test_missing_cross_toolchain_names_the_package(self):
        res = configure(HELLO, self.build, "-DBOARD=mps2_an385",
                        "-DKESTREL_CROSS_GCC=/nonexistent/arm-none-eabi-gcc")
        self.assert_fails(res, r"arm-none-eabi-gcc not found",
                          r"apt-get install\s+--no-install-recommends\s+gcc-arm-none-eabi")

    def test_good_configuration_writes_config_and_generated_code(self):
        app = make_app(self.tmp, "CONFIG_ASSERT=y\n")
        res = configure(app, self.build, "-DBOARD=native_sim")
        self.assertEqual(res.returncode, 0, res.stdout + res.stderr)
        with open(os.path.join(self.build, ".config")) as f:
            self.assertIn("CONFIG_ASSERT=y", f.read())
        with open(os.path.join(self.build, "generated", "devices.c")) as f:
            devices = f.read()
        self.assertIn("uart_native_console_api", devices)
        self.assertIn('.node_path = "/console"', devices)


class Rebuilds(unittest.TestCase):
    """One configure + build shared by the cases (they only touch files)."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="kestrel-rebuild-test-")
        cls.build = os.path.join(cls.tmp, "build")
        cls.app = make_app(cls.tmp, "")
        res = configure(cls.app, cls.build, "-DBOARD=native_sim")
        assert res.returncode == 0, res.stdout + res.stderr
        cls.build_once()

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    @classmethod
    def build_once(cls):
        res = subprocess.run(["cmake", "--build", cls.build, "--", "-v"]
                             if GENERATOR == "Ninja" else
                             ["cmake", "--build", cls.build],
                             capture_output=True, text=True)
        assert res.returncode == 0, res.stdout + res.stderr
        return res.stdout

    def compiled(self, out):
        return re.findall(r" -c (\S+\.c)", out)

    def test_noop_rebuild_does_nothing(self):
        out = self.build_once()
        self.assertEqual(self.compiled(out), [], out)

    def test_touching_one_source_recompiles_only_it(self):
        path = os.path.join(BASE, "kernel", "sem.c")
        st = os.stat(path)
        os.utime(path, (st.st_atime, time.time() + 5))
        try:
            out = self.build_once()
        finally:
            os.utime(path, (st.st_atime, st.st_mtime))
        self.assertEqual([os.path.basename(p) for p in self.compiled(out)],
                         ["sem.c"], out)
        self.assertIn("kestrel.exe", out)  # relinked

    def test_image_runs_and_prints_banner(self):
        res = subprocess.run([os.path.join(self.build, "kestrel.exe")],
                             capture_output=True, text=True, timeout=30)
        self.assertEqual(res.returncode, 0)
        self.assertRegex(res.stdout, r"\*\*\* Kestrel v\d+\.\d+\.\d+ on native_sim \*\*\*")
        self.assertIn("Hello World! native_sim", res.stdout)

    def test_footprint_splits_the_image_and_ends_with_the_totals(self):
        res = subprocess.run([os.path.join(BASE, "scripts", "kt"), "footprint", "-d", self.build],
                             capture_output=True, text=True, timeout=60)
        self.assertEqual(res.returncode, 0, res.stdout + res.stderr)
        lines = res.stdout.strip().splitlines()
        m = re.fullmatch(r"footprint: native_sim (\S+) (\d+) (\d+)", lines[-1])
        self.assertIsNotNone(m, lines[-1])
        rom, ram = int(m.group(2)), int(m.group(3))
        parts = {l.split()[0]: [int(x) for x in l.split()[1:]] for l in lines[1:-2]}
        for part in ("kernel", "arch", "drivers", "app"):
            self.assertIn(part, parts)
        self.assertGreater(parts["kernel"][3], 1000)  # kernel ROM
        # The parts add up to the totals, up to linker padding.
        # The parts add up to the totals, give or take linker padding and
        # the few sections the map and the ELF count differently.
        self.assertAlmostEqual(sum(p[3] for p in parts.values()), rom, delta=rom * 0.05)
        self.assertAlmostEqual(sum(p[4] for p in parts.values()), ram, delta=ram * 0.05)

    def run_image(self, *args):
        return subprocess.run([os.path.join(self.build, "kestrel.exe")] + list(args),
                              capture_output=True, text=True, timeout=30)

    def test_image_help_lists_options(self):
        res = self.run_image("--help")
        self.assertEqual(res.returncode, 0)
        for opt in ("--rt", "--seed=N", "--stop-at=S"):
            self.assertIn(opt, res.stdout)

    def test_image_rejects_unknown_option(self):
        res = self.run_image("--bogus")
        self.assertEqual(res.returncode, 2)
        self.assertIn("unknown option '--bogus'", res.stderr)

    def test_image_rejects_bad_option_values(self):
        for arg in ("--seed=abc", "--stop-at=soon", "--stop-at=", "--flash=",
                    "--hostfwd=tcp:127.0.0.1:0-:80", "--hostfwd=icmp::1-:2",
                    "--hostfwd=tcp::1:2", "--hostfwd=udp:1.2.3:5-:6", "--hostfwd=tcp::70000-:1"):
            res = self.run_image(arg)
            self.assertEqual(res.returncode, 2, arg)
            self.assertRegex(res.stderr, r"bad --|--flash needs a file name")

    def test_image_takes_host_forwards(self):
        # Parsed at start; hello_world never brings a network up, so they stay unused.
        res = self.run_image("--hostfwd=tcp:127.0.0.1:5555-:4242", "--hostfwd=udp::7-10.0.2.15:7")
        self.assertEqual(res.returncode, 0, res.stderr)
        res = self.run_image("--hostfwd=tcp:[::1]:5555-[]:4242",
                             "--hostfwd=udp:[]:7-[fec0::5054:ff:fe12:3456]:7")
        self.assertEqual(res.returncode, 0, res.stderr)
        for bad in ("tcp:[::1]:5555-:4242", "tcp:127.0.0.1:1-[]:1", "tcp:[::1:1-[]:1",
                    "tcp:[1.2.3.4]:1-[]:1", "tcp:[::1]5-[]:1"):
            res = self.run_image(f"--hostfwd={bad}")
            self.assertEqual(res.returncode, 2, bad)
            self.assertIn(bad, res.stderr)
        res = self.run_image(*[f"--hostfwd=tcp::{5000 + i}-:1" for i in range(9)])
        self.assertEqual(res.returncode, 2)
        self.assertIn("more than 8 --hostfwd options", res.stderr)

    def test_image_runs_in_real_time_mode(self):
        res = self.run_image("--rt", "--seed=7")
        self.assertEqual(res.returncode, 0, res.stderr)
        self.assertIn("Hello World! native_sim", res.stdout)


class SimulatedTime(unittest.TestCase):
    """1,000 one-second sleeps: instant and identical on every run."""

    def test_thousand_sleeps_identical_twice(self):
        app = os.path.join(BASE, "tests", "boards", "native_sim", "thousand_sleeps")
        with tempfile.TemporaryDirectory(prefix="kestrel-sleeps-") as tmp:
            build = os.path.join(tmp, "build")
            res = configure(app, build, "-DBOARD=native_sim")
            self.assertEqual(res.returncode, 0, res.stdout + res.stderr)
            res = subprocess.run(["cmake", "--build", build], capture_output=True, text=True)
            self.assertEqual(res.returncode, 0, res.stdout + res.stderr)
            runs = [subprocess.run([os.path.join(build, "kestrel.exe")],
                                   capture_output=True, text=True, timeout=60)
                    for _ in range(2)]
        for r in runs:
            self.assertEqual(r.returncode, 0, r.stdout)
            self.assertIn("thousand_sleeps: slept 1000000 ms", r.stdout)
        self.assertGreater(runs[0].stdout.count("\n"), 20)
        self.assertEqual(runs[0].stdout, runs[1].stdout)



@unittest.skipUnless(shutil.which("ccache"), "ccache is not installed")
class CompilerCache(unittest.TestCase):
    """C compiles go through ccache (base_dir = the checkout) unless turned off."""

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="kestrel-ccache-test-")
        self.build = os.path.join(self.tmp, "build")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def launcher(self, *args, env=None):
        old = dict(os.environ)
        os.environ.update(env or {})
        try:
            res = configure(HELLO, self.build, "-DBOARD=native_sim", *args)
        finally:
            os.environ.clear()
            os.environ.update(old)
        self.assertEqual(res.returncode, 0, res.stdout + res.stderr)
        cache = open(os.path.join(self.build, "CMakeCache.txt")).read()
        m = re.search(r"^KESTREL_CCACHE_PROGRAM:FILEPATH=(.*)$", cache, re.M)
        return m.group(1) if m else None, res

    def test_on_by_default_with_the_checkout_as_base_dir(self):
        prog, _ = self.launcher()
        self.assertTrue(prog and prog.endswith("ccache"), prog)
        rules = os.path.join(self.build, "CMakeFiles", "rules.ninja")
        if os.path.exists(rules):
            text = open(rules).read()
            for want in (f"CCACHE_BASEDIR={BASE} ", "CCACHE_NOHASHDIR=1 ", prog + " "):
                self.assertTrue(want in text, f"{want!r} not in the compile rules")

    def test_off_by_option_and_by_environment(self):
        for args, env in ((("-DKESTREL_CCACHE=OFF",), None),
                          ((), {"KESTREL_CCACHE": "0"})):
            shutil.rmtree(self.build, ignore_errors=True)
            prog, _ = self.launcher(*args, env=env)
            self.assertIsNone(prog, (args, env))

if __name__ == "__main__":
    unittest.main()
