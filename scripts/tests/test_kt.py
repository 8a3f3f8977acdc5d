"""Host tests of the kt tool (scripts/kt, scripts/ktlib).

Fast and hermetic: no real CMake build. Where a build or a run is needed, a
fake `cmake` (a small Python script put first on PATH) "configures" and
"builds" a fake application whose image is a shell script printing ktest
output.
"""

import contextlib
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
import unittest
import xml.etree.ElementTree as ET
from unittest import mock

SCRIPTS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KESTREL_BASE = os.path.dirname(SCRIPTS)
KT = os.path.join(SCRIPTS, "kt")
sys.path.insert(0, SCRIPTS)

from ktlib import build as kbuild  # noqa: E402
from ktlib import cli, configui, junit, results, testcase, testrun  # noqa: E402
from ktlib.boards import check_board, list_boards  # noqa: E402
from ktlib.common import KtError, Shell, cpu_count  # noqa: E402
from ktlib.results import FAILED, PASSED, SKIPPED, Case, Suite  # noqa: E402

PYTHON = "/usr/bin/python3"

FAKE_CMAKE = r'''#!/usr/bin/python3
# A stand-in for cmake: "configure" writes CMakeCache.txt and build.ninja,
# "build" writes kestrel_run.json whose image is APP/image.sh.
import json, os, sys
a = sys.argv[1:]
if a[0] == "--build":
    b = a[1]
    cache = dict(l.split("=", 1) for l in open(os.path.join(b, "CMakeCache.txt")).read().splitlines())
    app = cache["CMAKE_HOME_DIRECTORY:INTERNAL"]
    with open(os.path.join(b, "build_args.txt"), "a") as f:
        f.write(" ".join(a) + "\n")
    if os.path.exists(os.path.join(app, "FAIL_BUILD")):
        print("src/main.c:3:1: error: expected ';' before '}' token")
        sys.exit(1)
    img = os.path.join(app, "image.sh")
    json.dump({"board": cache["BOARD:STRING"], "image": img, "run": ["/bin/sh", img],
               "test_run": ["/usr/bin/env", "KT_FAKE_CLOCK=icount", "/bin/sh", img],
               "hostfwd": "option"}, open(os.path.join(b, "kestrel_run.json"), "w"))
    sys.exit(0)
src, bld = a[a.index("-S") + 1], a[a.index("-B") + 1]
board = [x for x in a if x.startswith("-DBOARD=")][0][len("-DBOARD="):]
os.makedirs(bld, exist_ok=True)
with open(os.path.join(bld, "CMakeCache.txt"), "w") as f:
    f.write("CMAKE_HOME_DIRECTORY:INTERNAL=%s\nBOARD:STRING=%s\n" % (os.path.abspath(src), board))
    f.write("CMAKE_GENERATOR:INTERNAL=Ninja\n")
    f.write("KESTREL_BASE_SEEN:INTERNAL=%s\n" % os.environ.get("KESTREL_BASE", ""))
open(os.path.join(bld, "build.ninja"), "w").close()
with open(os.path.join(bld, "configure_args.txt"), "a") as f:
    f.write(" ".join(a) + "\n")
'''

KTEST_PASS = """\
RUN  demo.one
PASS demo.one (1 ms)
RUN  demo.two
PASS demo.two (2 ms)
ktest: 2 passed, 0 failed, 0 skipped
"""

KTEST_MIXED = """\
*** Booting Kestrel ***
RUN  sem.take_no_wait
PASS sem.take_no_wait (0 ms)
RUN  sem.give_wakes_waiter
    tests/kernel/sem/src/main.c:42: kt_assert_eq(k_sem_take(&s, K_NO_WAIT), 0): 0 == -16 failed
    expected 0, got -16
FAIL sem.give_wakes_waiter (3 ms)
RUN  sem.needs_smp
SKIP sem.needs_smp (0 ms)
ktest: 1 passed, 1 failed, 1 skipped
"""


def write(path, text, mode=None):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(textwrap.dedent(text))
    if mode:
        os.chmod(path, mode)


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def make_board(base, name, arch="posix", desc="a board"):
    write(os.path.join(base, "boards", name, "board.yaml"),
          f"name: {name}\narch: {arch}\ndescription: {desc}\n")


def make_app(base, rel, yaml_text="", image=None):
    """A fake application at BASE/REL with testcase.yaml and image.sh."""
    path = os.path.join(base, rel)
    write(os.path.join(path, "CMakeLists.txt"), "# fake\n")
    write(os.path.join(path, "prj.conf"), "")
    if yaml_text is not None:
        write(os.path.join(path, "testcase.yaml"), yaml_text)
    if image is not None:
        write(os.path.join(path, "image.sh"), image)
    return path


def sh_printing(text, status=None):
    """An image.sh that prints TEXT and exits with STATUS (default: by the FAIL count)."""
    body = "cat <<'KTEOF'\n" + text + "KTEOF\n"
    if status is None:
        status = 1 if "\nFAIL " in "\n" + text else 0
    return body + f"exit {status}\n"


class TempBase(unittest.TestCase):
    """A scratch KESTREL_BASE with boards native_sim and qemu_x, and a fake cmake on PATH."""

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="kt-test-")
        self.addCleanup(shutil.rmtree, self.tmp, True)
        self.base = os.path.join(self.tmp, "base")
        make_board(self.base, "native_sim", "posix", "host process")
        make_board(self.base, "qemu_x", "riscv", "an emulated board")
        self.bin = os.path.join(self.tmp, "bin")
        write(os.path.join(self.bin, "cmake"), FAKE_CMAKE, 0o755)
        patcher = mock.patch.dict(os.environ, {"PATH": self.bin + os.pathsep + os.environ.get("PATH", "")})
        patcher.start()
        self.addCleanup(patcher.stop)
        cwd = os.getcwd()
        os.chdir(self.tmp)
        self.addCleanup(os.chdir, cwd)


def run_kt(args, cwd=None, env=None, stdin=subprocess.DEVNULL):
    full_env = dict(os.environ)
    full_env.update(env or {})
    return subprocess.run([KT] + args, cwd=cwd, env=full_env, stdin=stdin, capture_output=True,
                          text=True, timeout=60)


# --- command line --------------------------------------------------------

class TestCommandLine(unittest.TestCase):

    def test_kt_script_runs_with_debian_python(self):
        with open(KT, encoding="utf-8") as f:
            self.assertEqual(f.readline().strip(), "#!/usr/bin/python3")
        self.assertTrue(os.access(KT, os.X_OK))

    def test_every_command_has_help(self):
        for cmd in ("build", "run", "test", "menuconfig", "boards", "clean"):
            with self.subTest(cmd=cmd):
                p = run_kt([cmd, "--help"])
                self.assertEqual(p.returncode, 0, p.stderr)
                self.assertIn(f"usage: kt {cmd}", p.stdout)

    def test_unknown_board_is_one_line_listing_the_boards(self):
        p = run_kt(["build", "-b", "no_such_board", "samples/hello_world"])
        self.assertNotEqual(p.returncode, 0)
        lines = p.stderr.strip().splitlines()
        self.assertEqual(len(lines), 1, p.stderr)
        self.assertTrue(lines[0].startswith("kt: error: unknown board 'no_such_board'"), lines[0])
        for name in (b.name for b in list_boards(KESTREL_BASE)):
            self.assertIn(name, lines[0])
        self.assertIn("kt boards", lines[0])

    def test_unknown_board_suggests_the_closest(self):
        with self.assertRaises(KtError) as cm:
            check_board(KESTREL_BASE, "native_sm")
        self.assertIn("did you mean native_sim", cm.exception.fix)

    def test_run_on_empty_dir_is_one_line_error(self):
        with tempfile.TemporaryDirectory() as d:
            p = run_kt(["run", "-d", d])
        self.assertNotEqual(p.returncode, 0)
        self.assertEqual(p.stdout, "")
        lines = p.stderr.strip().splitlines()
        self.assertEqual(len(lines), 1, p.stderr)
        self.assertRegex(lines[0], r"^kt: error: .*kestrel_run\.json.*; run kt build first$")

    def test_run_runs_the_image_with_args_and_returns_its_status(self):
        with tempfile.TemporaryDirectory() as d:
            img = os.path.join(d, "img.sh")
            write(img, 'echo "args:$*"; exit 7\n')
            with open(os.path.join(d, "kestrel_run.json"), "w") as f:
                json.dump({"board": "native_sim", "image": img, "run": ["/bin/sh", img]}, f)
            p = run_kt(["-v", "run", "-d", d, "--", "--seed=3", "x y"])
        self.assertEqual(p.returncode, 7, p.stderr)
        self.assertEqual(p.stdout.strip(), "args:--seed=3 x y")
        self.assertIn("kt: running: /bin/sh", p.stderr)

    def test_bad_option_names_the_command_help(self):
        with self.assertRaises(KtError) as cm:
            cli.parse(["build", "--bogus"])
        self.assertEqual(cm.exception.fix, "run kt build --help")
        with self.assertRaises(KtError):
            cli.parse(["test", "-j", "0"])
        with self.assertRaises(KtError) as cm:
            cli.parse(["nosuch"])
        self.assertIn("invalid choice", cm.exception.reason)

    def test_build_arguments_and_cmake_args_after_double_dash(self):
        a = cli.parse(["-v", "build", "-b", "qemu_x", "-d", "out", "-p", "app", "--", "-DFOO=1", "-G"])
        self.assertEqual((a.command, a.board, a.build_dir, a.pristine, a.app), ("build", "qemu_x", "out", True, "app"))
        self.assertEqual(a.extra, ["-DFOO=1", "-G"])
        self.assertTrue(a.verbose)
        a = cli.parse(["build", "-v", "app"])
        self.assertTrue(a.verbose)
        self.assertEqual((a.board, a.build_dir, a.pristine, a.extra), (None, "build", False, []))
        a = cli.parse(["build"])
        self.assertFalse(a.verbose)
        self.assertIsNone(a.app)

    def test_test_arguments(self):
        a = cli.parse(["test", "-b", "native_sim", "-b", "qemu_x,x2", "-j", "3", "--no-sanitize",
                       "--no-host", "--timeout-multiplier", "2.5", "tests/kernel", "samples"])
        self.assertEqual(a.boards, ["native_sim", "qemu_x,x2"])
        self.assertEqual((a.jobs, a.no_sanitize, a.no_host, a.timeout_multiplier), (3, True, True, 2.5))
        self.assertEqual(a.paths, ["tests/kernel", "samples"])
        a = cli.parse(["test"])
        self.assertEqual((a.jobs, a.no_sanitize, a.no_host, a.timeout_multiplier, a.paths),
                         (0, False, False, 1.0, []))

    def test_args_after_double_dash_only_for_build_and_run(self):
        self.assertEqual(cli.parse(["run", "--", "--rt"]).extra, ["--rt"])
        with self.assertRaises(KtError):
            cli.parse(["boards", "--", "x"])

    def test_no_command_is_an_error(self):
        with contextlib.redirect_stdout(io.StringIO()):
            with self.assertRaises(KtError):
                cli.parse([])


class TestBoardsAndClean(TempBase):

    def test_boards_lists_name_arch_description(self):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            self.assertEqual(cli.main(["boards"], base=self.base), 0)
        lines = out.getvalue().splitlines()
        self.assertEqual(lines[0].split(), ["BOARD", "ARCH", "DESCRIPTION"])
        self.assertEqual(lines[1].split(None, 2), ["native_sim", "posix", "host process"])
        self.assertEqual(lines[2].split(None, 2), ["qemu_x", "riscv", "an emulated board"])

    def test_board_yaml_name_must_match_folder(self):
        write(os.path.join(self.base, "boards", "x", "board.yaml"), "name: y\n")
        with self.assertRaises(KtError) as cm:
            list_boards(self.base)
        self.assertIn("board.yaml", cm.exception.reason)

    def test_clean_refuses_a_folder_that_is_not_a_build(self):
        d = os.path.join(self.tmp, "precious")
        write(os.path.join(d, "notes.txt"), "keep me")
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            self.assertEqual(cli.main(["clean", "-d", d], base=self.base), 1)
        self.assertIn("not a Kestrel build folder", err.getvalue())
        self.assertTrue(os.path.exists(os.path.join(d, "notes.txt")))

    def test_clean_removes_a_folder_of_builds_but_not_a_mixed_one(self):
        top = os.path.join(self.base, "build")
        write(os.path.join(top, "demo", "CMakeCache.txt"), "")
        write(os.path.join(top, "tests", "junit.xml"), "")
        self.assertTrue(kbuild.is_build_dir(top, self.base))
        write(os.path.join(top, "src", "main.c"), "")
        self.assertFalse(kbuild.is_build_dir(top, self.base))

    def test_clean_removes_a_build_and_the_tests_tree(self):
        d = os.path.join(self.tmp, "build")
        write(os.path.join(d, "CMakeCache.txt"), "BOARD:STRING=native_sim\n")
        t = os.path.join(self.base, "build", "tests")
        write(os.path.join(t, "junit.xml"), "<testsuites/>")
        with contextlib.redirect_stdout(io.StringIO()):
            self.assertEqual(cli.main(["clean", "-d", d], base=self.base), 0)
            self.assertEqual(cli.main(["clean", "-d", t], base=self.base), 0)
        self.assertFalse(os.path.exists(d))
        self.assertFalse(os.path.exists(t))


# --- kt build ------------------------------------------------------------

class TestBuild(TempBase):

    def setUp(self):
        super().setUp()
        self.app = make_app(self.base, "samples/hello", None)
        self.other = make_app(self.base, "samples/other", None)
        self.bdir = os.path.join(self.tmp, "build")

    def build(self, app, board="native_sim", args=(), pristine=False):
        cmds, said = [], []

        def runner(cmd):
            cmds.append(cmd)
            return subprocess.call(cmd, stdout=subprocess.DEVNULL, env=Shell(self.base).env())
        req = kbuild.BuildRequest(os.path.realpath(app), board, self.bdir, list(args), pristine)
        kbuild.build(req, self.base, runner, said.append)
        return cmds, said

    def test_app_relative_to_base_or_missing(self):
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            self.assertEqual(cli.main(["build", "-d", "b2", "samples/hello"], base=self.base), 0)
            self.assertEqual(cli.main(["build", "-d", "b3"], base=self.base), 1)
        self.assertEqual(kbuild.cached_app(kbuild.read_cache("b2")), os.path.realpath(self.app))
        self.assertEqual(kbuild.read_cache("b2")["BOARD"], "native_sim")          # the default board
        self.assertRegex(err.getvalue(), r"^kt: error: no application given; run kt build -b BOARD")

    def test_read_cache(self):
        write(os.path.join(self.bdir, "CMakeCache.txt"), """\
            # comment
            //help text
            BOARD:STRING=qemu_x
            CMAKE_HOME_DIRECTORY:INTERNAL=/a/b
            EXTRA_CONF:UNINITIALIZED=a.conf;b.conf
            """)
        cache = kbuild.read_cache(self.bdir)
        self.assertEqual(cache["BOARD"], "qemu_x")
        self.assertEqual(cache["EXTRA_CONF"], "a.conf;b.conf")
        self.assertEqual(kbuild.cached_board(cache), "qemu_x")
        self.assertEqual(kbuild.cached_app(cache), "/a/b")
        self.assertIsNone(kbuild.read_cache(os.path.join(self.tmp, "nothing")))

    def test_configures_once_then_only_builds(self):
        cmds, said = self.build(self.app)
        self.assertEqual(len(cmds), 2)
        self.assertEqual(cmds[0][1:5], ["-S", os.path.realpath(self.app), "-B", self.bdir])
        self.assertIn("-DBOARD=native_sim", cmds[0])
        self.assertEqual(cmds[1][1:3], ["--build", self.bdir])
        cache = kbuild.read_cache(self.bdir)
        self.assertEqual(cache["KESTREL_BASE_SEEN"], self.base)   # exported to cmake
        cmds, said = self.build(self.app)
        self.assertEqual([c[1] for c in cmds], ["--build"])
        self.assertEqual(said, [])

    def test_changed_args_reconfigure_and_unset_dropped_variables(self):
        self.build(self.app, args=["-DEXTRA_CONF=a.conf", "-DKESTREL_SANITIZE=ON"])
        cmds, said = self.build(self.app, args=["-DEXTRA_CONF=b.conf"])
        self.assertEqual(len(cmds), 2)
        self.assertIn("-DEXTRA_CONF=b.conf", cmds[0])
        self.assertIn("-UKESTREL_SANITIZE", cmds[0])
        self.assertNotIn("-UEXTRA_CONF", cmds[0])
        self.assertTrue(any("CMake arguments changed" in s for s in said))
        self.assertTrue(os.path.exists(os.path.join(self.bdir, "build.ninja")))

    def test_other_board_or_app_wipes_the_build_dir(self):
        self.build(self.app)
        marker = os.path.join(self.bdir, "stale.o")
        write(marker, "")
        cmds, said = self.build(self.app, board="qemu_x")
        self.assertTrue(any(s.startswith("wiping") and "board native_sim" in s for s in said), said)
        self.assertFalse(os.path.exists(marker))
        self.assertEqual(kbuild.read_cache(self.bdir)["BOARD"], "qemu_x")
        cmds, said = self.build(self.other, board="qemu_x")
        self.assertTrue(any("application" in s and "samples/hello)" in s for s in said), said)
        self.assertEqual(kbuild.cached_app(kbuild.read_cache(self.bdir)), os.path.realpath(self.other))

    def test_pristine_wipes_but_refuses_a_foreign_folder(self):
        self.build(self.app)
        cmds, said = self.build(self.app, pristine=True)
        self.assertEqual(len(cmds), 2)
        self.assertTrue(any("--pristine" in s for s in said))
        foreign = os.path.join(self.tmp, "foreign")
        write(os.path.join(foreign, "file"), "")
        req = kbuild.BuildRequest(os.path.realpath(self.app), "native_sim", foreign, [], True)
        with self.assertRaises(KtError):
            kbuild.build(req, self.base, lambda c: 0, lambda m: None)
        self.assertTrue(os.path.exists(os.path.join(foreign, "file")))

    def test_configure_failure_is_an_error_and_configures_again_next_time(self):
        req = kbuild.BuildRequest(os.path.realpath(self.app), "native_sim", self.bdir, [])
        with self.assertRaises(KtError) as cm:
            kbuild.build(req, self.base, lambda c: 1, lambda m: None)
        self.assertIn("samples/hello for board native_sim failed (cmake exit 1)", cm.exception.reason)
        cmds, _ = self.build(self.app)
        self.assertEqual(len(cmds), 2)

    def test_missing_cmake_points_at_setup(self):
        req = kbuild.BuildRequest(os.path.realpath(self.app), "native_sim", self.bdir, [])
        with mock.patch.dict(os.environ, {"PATH": os.path.join(self.tmp, "empty")}):
            with self.assertRaises(KtError) as cm:
                kbuild.build(req, self.base, lambda c: 0, lambda m: None)
        self.assertIn("cmake not found", cm.exception.line())
        self.assertIn("scripts/setup.sh", cm.exception.line())

    def test_not_an_application(self):
        with self.assertRaises(KtError) as cm:
            kbuild.check_app(self.tmp)
        self.assertIn("no CMakeLists.txt", cm.exception.reason)

    def test_kt_build_command_reuses_the_configured_app_and_board(self):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            self.assertEqual(cli.main(["build", "-b", "qemu_x", "-d", self.bdir, self.app], base=self.base), 0)
            self.assertEqual(cli.main(["build", "-d", self.bdir], base=self.base), 0)
        self.assertEqual(kbuild.read_cache(self.bdir)["BOARD"], "qemu_x")
        with open(os.path.join(self.bdir, "configure_args.txt")) as f:
            self.assertEqual(len(f.read().splitlines()), 1)     # configured once
        self.assertIn("samples/hello for qemu_x in ", out.getvalue())


# --- testcase discovery --------------------------------------------------

class TestDiscovery(TempBase):

    def test_finds_test_apps_under_tests_and_samples(self):
        make_app(self.base, "tests/kernel/sem", "")
        make_app(self.base, "tests/kernel/sem/inner", "")       # below a test app: not separate
        make_app(self.base, "tests/lib/crc", "timeout: 5\n")
        make_app(self.base, "samples/hello", "harness: exit\n")
        make_app(self.base, "samples/plain", None)             # no testcase.yaml
        make_app(self.base, "tests/.hidden/x", "")
        write(os.path.join(self.base, "tests", "kernel", "bld", "CMakeCache.txt"), "")
        write(os.path.join(self.base, "tests", "kernel", "bld", "t", "testcase.yaml"), "")
        make_app(self.base, "other/x", "")                     # not a discovery root
        apps = testcase.discover(self.base)
        self.assertEqual([a.relpath for a in apps], ["samples/hello", "tests/kernel/sem", "tests/lib/crc"])
        self.assertEqual([a.relpath for a in testcase.discover(self.base, [os.path.join(self.base, "tests/lib")])],
                         ["tests/lib/crc"])

    def test_defaults_and_values(self):
        p = make_app(self.base, "tests/a", """\
            boards: [native_sim]
            timeout: 2.5
            harness: exit
            expect: ["^hello", "bye$"]
            extra_conf: [debug.conf]
            run_args: [--seed=1]
            sanitize: false
            realtime: true
            stdin: |
              help
              bye
            """)
        write(os.path.join(p, "debug.conf"), "CONFIG_X=y\n")
        a = testcase.load_testcase(p, self.base)
        self.assertEqual(a.stdin, "help\nbye\n")
        self.assertEqual((a.boards, a.timeout, a.harness, a.expect, a.run_args, a.sanitize, a.realtime),
                         (["native_sim"], 2.5, "exit", ["^hello", "bye$"], ["--seed=1"], False, True))
        self.assertEqual(a.extra_conf, [os.path.join(os.path.realpath(p), "debug.conf")])
        d = testcase.load_testcase(make_app(self.base, "tests/b", ""), self.base)
        self.assertEqual((d.boards, d.timeout, d.harness, d.expect, d.extra_conf, d.run_args, d.sanitize,
                          d.realtime), (None, 60, "ktest", [], [], [], True, False))
        self.assertIsNone(d.stdin)

    def test_bad_testcase_yaml_names_file_and_key(self):
        cases = {
            "colour: red\n": "unknown key 'colour'",
            "timeout: -1\n": "'timeout' must be a positive number",
            "timeout: soon\n": "'timeout'",
            "harness: pytest\n": "unknown harness",
            "expect: ['(']\n": "bad regex",
            "extra_conf: [missing.conf]\n": "missing.conf does not exist",
            "sanitize: maybe\n": "'sanitize' must be true or false",
            "realtime: 1\n": "'realtime' must be true or false",
            "stdin: [a]\n": "'stdin' must be text",
            "stdin_file: none.txt\n": "stdin_file none.txt does not exist",
            "stdin: a\nstdin_file: testcase.yaml\n": "'stdin' and 'stdin_file' together",
            "boards: {a: 1}\n": "'boards' must be a list",
            "boards: [native_sim\n": "invalid YAML",
        }
        for i, (text, expected) in enumerate(cases.items()):
            with self.subTest(text=text):
                p = make_app(self.base, f"tests/bad{i}", text)
                with self.assertRaises(KtError) as cm:
                    testcase.load_testcase(p, self.base)
                self.assertIn("testcase.yaml", cm.exception.reason)
                self.assertIn(expected, cm.exception.reason)

    def test_jobs_per_board_with_sanitizer_variant(self):
        make_app(self.base, "tests/all", "")
        make_app(self.base, "tests/qemu_only", "boards: [qemu_x, mps2_future]\n")
        make_app(self.base, "tests/nosan", "sanitize: false\n")
        apps = testcase.discover(self.base)

        def names(jobs):
            return sorted(j.name for j in jobs)
        self.assertEqual(names(testrun.plan_jobs(self.base, apps)), [
            "native_sim-asan:tests/all", "native_sim:tests/all", "native_sim:tests/nosan",
            "qemu_x:tests/all", "qemu_x:tests/nosan", "qemu_x:tests/qemu_only"])
        self.assertEqual(names(testrun.plan_jobs(self.base, apps, sanitize=False)), [
            "native_sim:tests/all", "native_sim:tests/nosan",
            "qemu_x:tests/all", "qemu_x:tests/nosan", "qemu_x:tests/qemu_only"])
        self.assertEqual(names(testrun.plan_jobs(self.base, apps, ["native_sim-asan"])),
                         ["native_sim-asan:tests/all"])
        self.assertEqual(names(testrun.plan_jobs(self.base, apps, ["qemu_x"])),
                         ["qemu_x:tests/all", "qemu_x:tests/nosan", "qemu_x:tests/qemu_only"])
        with self.assertRaises(KtError) as cm:
            testrun.plan_jobs(self.base, apps, ["mps2_future"])
        self.assertIn("unknown board 'mps2_future'", cm.exception.reason)
        job = testrun.plan_jobs(self.base, apps, ["native_sim-asan"])[0]
        self.assertEqual(job.build_dir, os.path.join(self.base, "build", "tests", "native_sim-asan", "tests__all"))
        self.assertEqual(job.real_board, "native_sim")
        self.assertEqual(testrun.cmake_args_for(job), ["-DKESTREL_SANITIZE=ON"])

    def test_paths_decide_about_host_tests(self):
        os.makedirs(os.path.join(self.base, "scripts", "tests"))
        os.makedirs(os.path.join(self.base, "tests", "kernel"))
        self.assertEqual(testrun.select_scope(self.base, [], True), (None, True))
        self.assertEqual(testrun.select_scope(self.base, [], False), (None, False))
        roots, host = testrun.select_scope(self.base, [os.path.join(self.base, "tests", "kernel")], True)
        self.assertFalse(host)
        roots, host = testrun.select_scope(self.base, [os.path.join(self.base, "scripts")], True)
        self.assertEqual((roots, host), ([], True))
        with self.assertRaises(KtError) as cm:
            testrun.select_scope(self.base, ["no/such/dir"], True)
        self.assertIn("no such path: no/such/dir", cm.exception.reason)


# --- parsing run output --------------------------------------------------

def by_name(cases):
    return {c.name: c for c in cases}


class TestKtestParsing(unittest.TestCase):

    def test_pass_fail_skip(self):
        cases = results.parse_ktest(KTEST_MIXED, 1)
        self.assertEqual([(c.name, c.status) for c in cases], [
            ("sem.take_no_wait", PASSED), ("sem.give_wakes_waiter", FAILED), ("sem.needs_smp", SKIPPED)])
        fail = cases[1]
        self.assertEqual(fail.message, "tests/kernel/sem/src/main.c:42: kt_assert_eq(k_sem_take(&s, "
                         "K_NO_WAIT), 0): 0 == -16 failed")
        self.assertIn("expected 0, got -16", fail.details)
        self.assertAlmostEqual(fail.time, 0.003)

    def test_all_passed(self):
        cases = results.parse_ktest(KTEST_PASS, 0)
        self.assertEqual([c.status for c in cases], [PASSED, PASSED])

    def test_crash_without_summary_fails_the_running_case_once(self):
        out = "RUN  a.one\nPASS a.one (0 ms)\nRUN  a.two\nsome output\n"
        cases = results.parse_ktest(out, -signal.SIGSEGV)
        self.assertEqual([(c.name, c.status) for c in cases], [("a.one", PASSED), ("a.two", FAILED)])
        self.assertIn("crashed (SIGSEGV)", cases[1].message)
        self.assertIn("no 'ktest:' summary line", cases[1].message)
        self.assertIn("some output", cases[1].details)

    def test_missing_summary_between_cases_is_a_run_failure(self):
        cases = results.parse_ktest("RUN  a.one\nPASS a.one (0 ms)\n", 0)
        self.assertEqual(cases[-1].name, "<run>")
        self.assertEqual(cases[-1].status, FAILED)
        self.assertIn("no 'ktest:' summary line", cases[-1].message)
        self.assertEqual(sum(c.failed for c in cases), 1)

    def test_summary_disagreeing_with_exit_status(self):
        cases = results.parse_ktest(KTEST_PASS, 3)
        self.assertEqual(cases[-1].name, "<run>")
        self.assertIn("exited with status 3 although ktest reported no failure", cases[-1].message)
        cases = results.parse_ktest(KTEST_MIXED, 0)
        self.assertIn("exited with status 0 although ktest reported 1 failed", cases[-1].message)

    def test_summary_disagreeing_with_result_lines(self):
        out = KTEST_PASS.replace("ktest: 2 passed", "ktest: 3 passed")
        cases = results.parse_ktest(out, 0)
        self.assertEqual(cases[-1].name, "<run>")
        self.assertIn("summary says 3 passed", cases[-1].message)

    def test_sanitizer_report_fails_even_with_a_clean_summary(self):
        out = KTEST_PASS + textwrap.dedent("""\
            =================================================================
            ==4242==ERROR: LeakSanitizer: detected memory leaks
            Direct leak of 16 byte(s) in 1 object(s) allocated from:
                #0 0x7f in malloc
            SUMMARY: AddressSanitizer: 16 byte(s) leaked in 1 allocation(s).
            """)
        cases = results.parse_ktest(out, 0)
        self.assertEqual(cases[-1].name, "<run>")
        self.assertIn("sanitizer report: ==4242==ERROR: LeakSanitizer", cases[-1].message)
        self.assertIn("Direct leak of 16 byte(s)", cases[-1].details)
        ubsan = "RUN  a.b\nsrc/x.c:10:5: runtime error: signed integer overflow\n"
        cases = results.parse_ktest(ubsan, 1)
        self.assertEqual(cases[-1].name, "a.b")
        self.assertIn("runtime error", cases[-1].message)
        self.assertIsNone(results.sanitizer_report("==1==WARNING: ASan doesn't fully support makecontext\n"))

    def test_timeout(self):
        cases = results.parse_ktest("RUN  a.slow\n", -9, timed_out=True, timeout=1.5)
        self.assertEqual(cases[-1].name, "a.slow")
        self.assertIn("timed out after 1.5 s", cases[-1].message)

    def test_no_case_ran(self):
        cases = results.parse_ktest("ktest: 0 passed, 0 failed, 0 skipped\n", 0)
        self.assertEqual([c.name for c in cases], ["<run>"])

    def test_exit_harness(self):
        ok = results.parse_exit("Hello World! native_sim\nbye\n", 0, "hello", ["Hello World!", "^bye$"])
        self.assertEqual([(c.name, c.status) for c in ok], [("hello", PASSED)])
        order = results.parse_exit("bye\nHello World!\n", 0, "hello", ["Hello World!", "^bye$"])
        self.assertEqual(order[0].status, FAILED)
        self.assertIn("/^bye$/ not found after the previous match", order[0].message)
        bad = results.parse_exit("Hello World!\n", 2, "hello", ["Hello"])
        self.assertIn("exited with status 2", bad[0].message)
        crash = results.parse_exit("", -6, "hello")
        self.assertIn("crashed (SIGABRT)", crash[0].message)
        qemu = results.parse_exit("Hello World!\r\nbye\r\n", 0, "hello", ["^Hello World!$", "^bye$"])
        self.assertEqual(qemu[0].status, PASSED)       # a QEMU serial console's CR LF


UNITTEST_OUTPUT = """\
test_a (test_x.TestX.test_a) ... ok
test_b (test_x.TestX.test_b) ... FAIL
test_c (test_x.TestX.test_c) ... skipped 'needs qemu'
test_d (test_x.TestX.test_d)
The docstring of d. ... ERROR
test_e (test_x.TestX.test_e) ... printed by the test
ok

======================================================================
ERROR: test_d (test_x.TestX.test_d)
The docstring of d.
----------------------------------------------------------------------
Traceback (most recent call last):
  File "test_x.py", line 20, in test_d
    raise ValueError("boom")
ValueError: boom

======================================================================
FAIL: test_b (test_x.TestX.test_b)
----------------------------------------------------------------------
Traceback (most recent call last):
  File "test_x.py", line 10, in test_b
    self.assertEqual(1, 2)
AssertionError: 1 != 2 : with a message
that has two lines

----------------------------------------------------------------------
Ran 5 tests in 0.002s

FAILED (failures=1, errors=1, skipped=1)
"""


class TestUnittestParsing(unittest.TestCase):

    def test_verbose_output(self):
        cases = by_name(results.parse_unittest(UNITTEST_OUTPUT, 1))
        self.assertEqual({n: c.status for n, c in cases.items()}, {
            "test_x.TestX.test_a": PASSED, "test_x.TestX.test_b": FAILED, "test_x.TestX.test_c": SKIPPED,
            "test_x.TestX.test_d": FAILED, "test_x.TestX.test_e": PASSED})
        self.assertEqual(cases["test_x.TestX.test_b"].message, "AssertionError: 1 != 2 : with a message")
        self.assertIn('raise ValueError("boom")', cases["test_x.TestX.test_d"].details)
        self.assertEqual(cases["test_x.TestX.test_c"].message, "needs qemu")

    def test_real_unittest_run(self):
        with tempfile.TemporaryDirectory() as d:
            write(os.path.join(d, "test_sample.py"), '''\
                import unittest
                class T(unittest.TestCase):
                    def test_ok(self):
                        pass
                    def test_bad(self):
                        """Has a docstring."""
                        self.assertEqual(1, 2)
                    @unittest.skip("why")
                    def test_skip(self):
                        pass
                    def test_sub(self):
                        for i in range(2):
                            with self.subTest(i=i):
                                self.assertEqual(i, 0)
                ''')
            p = subprocess.run([PYTHON, "-m", "unittest", "discover", "-s", d, "-v"], capture_output=True,
                               text=True, env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1"))
        cases = by_name(results.parse_unittest(p.stdout + p.stderr, p.returncode))
        self.assertEqual({n.rsplit(".", 1)[-1]: c.status for n, c in cases.items()},
                         {"test_ok": PASSED, "test_bad": FAILED, "test_skip": SKIPPED, "test_sub": FAILED})
        self.assertIn("AssertionError: 1 != 2", cases["test_sample.T.test_bad"].message)

    def test_interrupted_run_is_a_failure(self):
        cases = results.parse_unittest("test_a (m.T.test_a) ... ok\n", -9)
        self.assertEqual(cases[-1].name, "<run>")
        self.assertEqual(cases[-1].status, FAILED)


# --- report --------------------------------------------------------------

def sample_suites():
    ok = Suite("native_sim", "tests/kernel/sem", [Case("sem.a", PASSED, 0.001), Case("sem.b", SKIPPED, 0)], 0.4)
    bad = Suite("native_sim-asan", "tests/kernel/sem",
                [Case("sem.a", PASSED), Case("sem.b", FAILED, 0.002, "x.c:1: boom <&>", "x.c:1: boom <&>\n\x01more")],
                1.25, "/tmp/run.log", "last line")
    build = Suite("qemu_x", "samples/hello", [results.build_failure("error: no\n", "building samples/hello failed")], 0)
    return [ok, bad, build]


class TestReport(unittest.TestCase):

    def test_junit_round_trip(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "sub", "junit.xml")
            junit.write(path, sample_suites())
            root = ET.parse(path).getroot()
        self.assertEqual(root.tag, "testsuites")
        self.assertEqual((root.get("tests"), root.get("failures"), root.get("skipped")), ("5", "2", "1"))
        suites = root.findall("testsuite")
        self.assertEqual([s.get("name") for s in suites],
                         ["native_sim:tests/kernel/sem", "native_sim-asan:tests/kernel/sem", "qemu_x:samples/hello"])
        self.assertEqual([(s.get("tests"), s.get("failures"), s.get("skipped")) for s in suites],
                         [("2", "0", "1"), ("2", "1", "0"), ("1", "1", "0")])
        cases = suites[1].findall("testcase")
        self.assertEqual([(c.get("classname"), c.get("name")) for c in cases],
                         [("native_sim-asan:tests/kernel/sem", "sem.a"), ("native_sim-asan:tests/kernel/sem", "sem.b")])
        failure = cases[1].find("failure")
        self.assertEqual(failure.get("message"), "x.c:1: boom <&>")
        self.assertIn("?more", failure.text)
        self.assertIsNotNone(suites[0].findall("testcase")[1].find("skipped"))
        self.assertEqual(suites[2].find("testcase").get("name"), "<build>")
        self.assertEqual(suites[1].get("time"), "1.250")

    def test_build_failure_shows_the_first_error(self):
        log = "\n".join([f"-- noise {i}" for i in range(50)] + ["CMake Error at x.cmake:3:", "  it broke"]
                        + [f"-- after {i}" for i in range(50)])
        case = results.build_failure(log, "configuring failed", "b/build.log")
        self.assertIn("CMake Error at x.cmake:3:\n  it broke", case.details)
        self.assertNotIn("noise 10", case.details)
        self.assertEqual(results.build_excerpt("a\nb\n"), "a\nb")

    def test_summary_line(self):
        self.assertEqual(testrun.summary_line(3, 0), "3 passed, 0 failed")
        self.assertEqual(testrun.summary_line(3, 1, 2), "3 passed, 1 failed, 2 skipped")
        self.assertEqual(testrun.totals(sample_suites()), (2, 2, 1))

    def test_suite_lines(self):
        ok, bad, build = sample_suites()
        self.assertEqual(testrun.format_suite(ok), "PASS native_sim:tests/kernel/sem (2 cases, 1 skipped, 0.4 s)")
        text = testrun.format_suite(bad).splitlines()
        self.assertEqual(text[0], "FAIL native_sim-asan:tests/kernel/sem (2 cases, 1 failed, 1.2 s)")
        self.assertEqual(text[1], "    FAIL sem.b: x.c:1: boom <&>")
        self.assertIn("last line", text[-1])
        self.assertIn("FAIL <build>: building samples/hello failed", testrun.format_suite(build))


# --- kt test end to end, with the fake cmake -----------------------------

class TestKtTestEndToEnd(TempBase):

    def setUp(self):
        super().setUp()
        make_app(self.base, "tests/good", "", sh_printing(KTEST_PASS))
        make_app(self.base, "tests/bad", "boards: [native_sim]\nsanitize: false\n", sh_printing(KTEST_MIXED))
        make_app(self.base, "tests/leak", "boards: [native_sim]\n",
                 sh_printing(KTEST_PASS) .replace("exit 0", textwrap.dedent("""\
                     if [ -n "$ASAN_OPTIONS" ]; then
                       echo "==7==ERROR: LeakSanitizer: detected memory leaks ($ASAN_OPTIONS / $UBSAN_OPTIONS)"
                     fi
                     exit 0""")))
        self.pidfile = os.path.join(self.tmp, "grandchild.pid")
        make_app(self.base, "tests/hang", "boards: [qemu_x]\ntimeout: 1\n",
                 f"echo 'RUN  h.forever'\nsleep 60 &\necho $! > {self.pidfile}\nwait\n")
        p = make_app(self.base, "tests/broken", "boards: [qemu_x]\n", "exit 0\n")
        write(os.path.join(p, "FAIL_BUILD"), "")
        make_app(self.base, "samples/hello", "harness: exit\nboards: [native_sim]\nsanitize: false\n"
                 "expect: ['Hello World', 'bye']\nrun_args: [--seed=4]\n",
                 'echo "Hello World $1"; echo bye\n')

    def run_tests(self, **kw):
        out = io.StringIO()
        opts = testrun.Options(jobs=2, host=False, timeout_multiplier=0.5, **kw)
        start = time.monotonic()
        status = testrun.run_tests(self.base, Shell(self.base), opts, out)
        return status, out.getvalue(), time.monotonic() - start

    def test_everything(self):
        status, out, elapsed = self.run_tests()
        self.assertEqual(status, 1)
        lines = out.splitlines()
        # good: 2 + 2 (qemu_x) + 2 (asan); bad: 1 passed 1 failed 1 skipped; leak: 2 + 2 passed
        # and 1 failed (asan); hang: 1 failed; broken: 1 failed; hello: 1 passed.
        self.assertEqual(lines[-1], "12 passed, 4 failed, 1 skipped")
        self.assertIn("PASS native_sim:tests/good (2 cases, ", out)
        self.assertIn("PASS native_sim-asan:tests/good (2 cases, ", out)
        self.assertIn("FAIL native_sim:tests/bad (3 cases, 1 failed, 1 skipped, ", out)
        self.assertIn("    FAIL sem.give_wakes_waiter: tests/kernel/sem/src/main.c:42:", out)
        self.assertIn("FAIL native_sim-asan:tests/leak", out)
        self.assertIn("detect_leaks=1:abort_on_error=0 / halt_on_error=1:print_stacktrace=1", out)
        self.assertIn("PASS native_sim:tests/leak", out)
        self.assertIn("FAIL qemu_x:tests/hang (1 case, 1 failed", out)
        self.assertIn("FAIL h.forever: timed out after 0.5 s", out)
        self.assertIn("FAIL <build>:", out)
        self.assertIn("expected ';' before '}' token", out)
        self.assertIn("PASS native_sim:samples/hello (1 case, ", out)
        self.assertLess(elapsed, 30)

        # the timed-out image's whole process group was killed
        with open(self.pidfile) as f:
            pid = int(f.read())
        for _ in range(50):
            try:
                with open(f"/proc/{pid}/stat") as f:
                    if f.read().split()[2] == "Z":
                        break
            except FileNotFoundError:
                break
            time.sleep(0.1)
        else:
            self.fail("the grandchild of the timed-out image is still running")

        tests = os.path.join(self.base, "build", "tests")
        root = ET.parse(os.path.join(tests, "junit.xml")).getroot()
        names = [s.get("name") for s in root.findall("testsuite")]
        self.assertEqual(sorted(names), sorted([
            "native_sim:samples/hello", "native_sim:tests/bad", "native_sim:tests/good", "native_sim-asan:tests/good",
            "qemu_x:tests/good", "native_sim:tests/leak", "native_sim-asan:tests/leak", "qemu_x:tests/hang",
            "qemu_x:tests/broken"]))
        self.assertEqual((root.get("tests"), root.get("failures"), root.get("skipped")), ("17", "4", "1"))
        good = os.path.join(tests, "native_sim-asan", "tests__good")
        self.assertIn("ktest: 2 passed", read(os.path.join(good, "run.log")))
        self.assertIn("-DKESTREL_SANITIZE=ON", read(os.path.join(good, "configure_args.txt")))
        build_jobs = max(1, cpu_count() // 2)          # -j 2 must not oversubscribe the CPUs
        self.assertIn(f"--build {good} -j {build_jobs}", read(os.path.join(good, "build_args.txt")))
        self.assertIn("expected ';'", read(os.path.join(tests, "qemu_x", "tests__broken", "build.log")))

    def test_selected_path_and_board(self):
        status, out, _ = self.run_tests(paths=["tests/good"], boards=["native_sim"], sanitize=False)
        self.assertEqual(status, 0)
        self.assertEqual(out.splitlines()[-1], "2 passed, 0 failed")
        self.assertNotIn("qemu_x", out)
        self.assertNotIn("asan", out)

    def test_realtime_app_runs_with_the_run_command(self):
        image = 'echo "clock=${KT_FAKE_CLOCK:-real}"\n' + sh_printing(KTEST_PASS)
        make_app(self.base, "tests/net", "boards: [qemu_x]\nrealtime: true\n", image)
        make_app(self.base, "tests/det", "boards: [qemu_x]\n", image)
        status, out, _ = self.run_tests(paths=["tests/net", "tests/det"], boards=["qemu_x"])
        self.assertEqual(status, 0, out)
        tests = os.path.join(self.base, "build", "tests", "qemu_x")
        self.assertIn("clock=real\n", read(os.path.join(tests, "tests__net", "run.log")))
        self.assertIn("clock=icount\n", read(os.path.join(tests, "tests__det", "run.log")))

    def test_stdin_of_testcase_reaches_the_image_and_is_empty_otherwise(self):
        make_app(self.base, "tests/input", "harness: exit\nboards: [native_sim]\nsanitize: false\n"
                 "stdin: |\n  ping\n  pong\n\nexpect: ['^got ping$', '^got pong$', '^end$']\n",
                 'while read line; do echo "got $line"; done; echo end\n')
        make_app(self.base, "tests/noinput", "harness: exit\nboards: [native_sim]\nsanitize: false\n"
                 "expect: ['^nothing$']\n",
                 'if read line; then echo "got $line"; else echo nothing; fi\n')
        p = make_app(self.base, "tests/script", "harness: exit\nboards: [native_sim]\nsanitize: false\n"
                     "stdin_file: script.txt\nexpect: ['^got from file$']\n",
                     'read line; echo "got $line"\n')
        write(os.path.join(p, "script.txt"), "from file\n")
        status, out, _ = self.run_tests(paths=["tests/input", "tests/noinput", "tests/script"],
                                        boards=["native_sim"], sanitize=False)
        self.assertEqual(status, 0, out)
        self.assertEqual(out.splitlines()[-1], "3 passed, 0 failed")
        stdin_txt = os.path.join(self.base, "build", "tests", "native_sim", "tests__input", "stdin.txt")
        self.assertEqual(read(stdin_txt), "ping\npong\n")

    def test_path_without_tests_is_an_error(self):
        os.makedirs(os.path.join(self.base, "lib"))
        with self.assertRaises(KtError) as cm:
            self.run_tests(paths=[os.path.join(self.base, "lib")])
        self.assertIn("no test application", cm.exception.reason)


# --- kt menuconfig ---------------------------------------------------------

KCONFIG = """\
mainmenu "test"
config A
	bool "A"
config B
	bool "B"
	default y
config C
	int "C"
	default 10 if A
	default 5
config D
	bool
	default A
choice
	prompt "pick"
config CH1
	bool "one"
config CH2
	bool "two"
endchoice
config S
	string "S"
	default "x"
"""


class TestMenuconfig(unittest.TestCase):

    def setUp(self):
        import kconfiglib
        self.tmp = tempfile.mkdtemp(prefix="kt-kconf-")
        self.addCleanup(shutil.rmtree, self.tmp, True)
        write(os.path.join(self.tmp, "Kconfig"), KCONFIG)
        write(os.path.join(self.tmp, "defconfig"), "CONFIG_B=y\n")
        write(os.path.join(self.tmp, "prj.conf"), 'CONFIG_S="prj"\n')
        self.kconf = kconfiglib.Kconfig(os.path.join(self.tmp, "Kconfig"), warn_to_stderr=False)
        self.frags = [os.path.join(self.tmp, "defconfig"), os.path.join(self.tmp, "prj.conf")]

    def target(self, **changes):
        configui.load_baseline(self.kconf, self.frags)
        for name, value in changes.items():
            self.kconf.syms[name].set_value(value)
        return configui.values(self.kconf)

    def test_minimal_fragment_holds_only_what_the_user_changed(self):
        target = self.target(A="y", CH2="y")
        self.assertEqual(target["C"], "10")
        text = configui.minimal_fragment(self.kconf, lambda: configui.load_baseline(self.kconf, self.frags), target)
        self.assertEqual(text, "CONFIG_A=y\nCONFIG_CH2=y\n")

    def test_fragment_reproduces_the_configuration(self):
        target = self.target(B="n", C="42", S="new")
        text = configui.minimal_fragment(self.kconf, lambda: configui.load_baseline(self.kconf, self.frags), target)
        self.assertEqual(text, '# CONFIG_B is not set\nCONFIG_C=42\nCONFIG_S="new"\n')
        frag = os.path.join(self.tmp, "menuconfig.conf")
        write(frag, text)
        configui.load_baseline(self.kconf, self.frags + [frag])
        self.assertEqual(configui.values(self.kconf), target)

    def test_unchanged_configuration_gives_an_empty_fragment(self):
        target = self.target()
        self.assertEqual(configui.minimal_fragment(
            self.kconf, lambda: configui.load_baseline(self.kconf, self.frags), target), "")

    def test_fragment_against_the_build_conf_files(self):
        bdir = os.path.join(self.tmp, "build")
        write(os.path.join(bdir, "menuconfig.conf"), "CONFIG_A=y\n")    # an earlier session
        target = self.target(CH2="y")                                   # A back to n
        state = {"conf_files": self.frags + [os.path.join(bdir, "menuconfig.conf")]}
        text, note = configui.fragment_for(state, bdir, self.kconf, target)
        self.assertEqual(text, "CONFIG_CH2=y\n")
        self.assertIn("configuration files", note)

    def test_fragment_without_conf_files_keeps_earlier_entries(self):
        bdir = os.path.join(self.tmp, "build")
        write(os.path.join(bdir, "menuconfig.conf"), "CONFIG_A=y\n")
        configui.load_baseline(self.kconf, self.frags + [os.path.join(bdir, "menuconfig.conf")])
        self.kconf.write_config(os.path.join(bdir, ".config"))
        self.kconf.syms["S"].set_value("edited")
        target = configui.values(self.kconf)
        text, note = configui.fragment_for({"config": os.path.join(bdir, ".config")}, bdir, self.kconf, target)
        self.assertEqual(text, 'CONFIG_A=y\nCONFIG_S="edited"\n')
        self.assertIn("current .config", note)

    def test_needs_a_build_and_a_terminal(self):
        d = os.path.join(self.tmp, "build")
        os.makedirs(d)
        p = run_kt(["menuconfig", "-d", d])
        self.assertEqual(p.returncode, 1)
        self.assertRegex(p.stderr.strip(), r"^kt: error: .*kconfig_env\.json is missing\); run kt build first$")
        self.kconf.write_config(os.path.join(d, ".config"))
        with open(os.path.join(d, "kconfig_env.json"), "w") as f:
            json.dump({"kconfig": os.path.join(self.tmp, "Kconfig"), "env": {},
                       "config": os.path.join(d, ".config")}, f)
        p = run_kt(["menuconfig", "-d", d])
        self.assertEqual(p.returncode, 1)
        self.assertEqual(len(p.stderr.strip().splitlines()), 1)
        self.assertIn("needs an interactive terminal", p.stderr)


if __name__ == "__main__":
    unittest.main()
