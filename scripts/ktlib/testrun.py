"""kt test: build and run every test application on every board it supports.

Each (board, application) is one job: build it in
build/tests/<board>/<app path with / replaced by __> (build.log there), run
its image with the testcase's timeout (run.log there), parse the output
into cases. Jobs run in parallel; results are printed as they finish, then
per-board counts, then the closing line `N passed, N failed[, N skipped]`.
JUnit XML goes to build/tests/junit.xml.
"""

import contextlib
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
import traceback
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field

from . import build as kbuild
from . import hostfwd, hostpeer, junit
from .boards import SANITIZE_BASE_BOARD, SANITIZE_BOARD, board_names, check_board
from .common import KtError, cpu_count, rel
from . import frames
from . import tap
from .fixtures import FixtureError, Manager
from .image import load_run_info
from .results import (FAILED, PASSED, RUN_CASE, SKIPPED, Case, Suite, build_excerpt,
                      build_failure, parse_exit, parse_ktest, parse_unittest, tail)
from .testcase import discover, resolve_path

SANITIZER_ENV = {
    "ASAN_OPTIONS": "detect_leaks=1:abort_on_error=0",
    "UBSAN_OPTIONS": "halt_on_error=1:print_stacktrace=1",
}
HOST_BOARD = "host"
HOST_APP = "scripts/tests"
HOST_TIMEOUT = 600
HOST_PYTHON = "/usr/bin/python3"
DETAIL_LINES = 15


class Cancelled(Exception):
    pass


@dataclass
class Options:
    boards: list = None          # None: every board
    jobs: int = 0                # 0: number of CPUs
    sanitize: bool = True
    host: bool = True
    timeout_multiplier: float = 1.0
    paths: list = field(default_factory=list)
    fixtures: object = None      # a fixtures.Manager; None: one with the fixed ports


@dataclass
class Job:
    board: str                   # a board, SANITIZE_BOARD or HOST_BOARD
    app: object                  # testcase.TestApp; None for the host tests
    build_dir: str

    @property
    def name(self):
        return f"{self.board}:{self.app.relpath if self.app else HOST_APP}"

    @property
    def sanitize(self):
        return self.board == SANITIZE_BOARD

    @property
    def real_board(self):
        return SANITIZE_BASE_BOARD if self.sanitize else self.board


def tests_root(base):
    return os.path.join(base, "build", "tests")


def job_build_dir(base, board, relpath):
    return os.path.join(tests_root(base), board, relpath.strip("/").replace("/", "__"))


def _under(path, root):
    return path == root or path.startswith(root + os.sep)


def select_scope(base, paths, host):
    """(roots to search for testcase.yaml or None for the defaults, run host tests?)."""
    if not paths:
        return None, host
    resolved = [resolve_path(p, base) for p in paths]
    scripts = os.path.realpath(os.path.join(base, "scripts"))
    run_host = host and any(_under(p, scripts) or _under(scripts, p) for p in resolved)
    roots = [p for p in resolved if not _under(p, scripts)]
    return roots, run_host


def plan_jobs(base, apps, boards=None, sanitize=True):
    """Jobs for APPS on BOARDS (None: all); native_sim implies its sanitizer variant."""
    existing = board_names(base)
    if boards:
        selected = {check_board(base, b, allow_sanitize=True) for b in boards}
    else:
        selected = set(existing)
    if SANITIZE_BASE_BOARD in selected and SANITIZE_BASE_BOARD in existing:
        selected.add(SANITIZE_BOARD)
    jobs = []
    for app in apps:
        for board in existing:
            if board in selected and app.supports(board):
                jobs.append(Job(board, app, job_build_dir(base, board, app.relpath)))
        if (sanitize and app.sanitize and SANITIZE_BOARD in selected
                and SANITIZE_BASE_BOARD in existing and app.supports(SANITIZE_BASE_BOARD)):
            jobs.append(Job(SANITIZE_BOARD, app, job_build_dir(base, SANITIZE_BOARD, app.relpath)))
    return jobs


def host_job(base):
    return Job(HOST_BOARD, None, job_build_dir(base, HOST_BOARD, HOST_APP))


def cmake_args_for(job):
    args = []
    if job.app.extra_conf:
        args.append("-DEXTRA_CONF=" + ";".join(job.app.extra_conf))
    if job.sanitize:
        args.append("-DKESTREL_SANITIZE=ON")
    if job.app.netdev:
        args.append("-DKESTREL_NETDEV=" + frames.cmake_value(job.app.netdev))
    return args


def stdin_file(job):
    """What the image reads on stdin: its stdin_file, BUILD/stdin.txt holding its `stdin`, or /dev/null."""
    if job.app.stdin_file is not None:
        return job.app.stdin_file
    if job.app.stdin is None:
        return os.devnull
    path = os.path.join(job.build_dir, "stdin.txt")
    with open(path, "w", encoding="utf-8") as f:
        f.write(job.app.stdin)
    return path


class Runner:
    """Runs jobs in parallel; every child runs in its own process group."""

    def __init__(self, base, shell, opts, out=None):
        self.base = base
        self.shell = shell
        self.opts = opts
        self.out = out or sys.stdout
        self.jobs = opts.jobs or cpu_count()
        self.build_jobs = max(1, cpu_count() // self.jobs)
        self._procs = set()
        self._lock = threading.Lock()
        self._cancelled = False
        self.fixtures = opts.fixtures or Manager(base)

    # --- child processes -------------------------------------------------

    def spawn(self, cmd, log, env=None, cwd=None, stdin=subprocess.DEVNULL):
        with self._lock:
            if self._cancelled:
                raise Cancelled()
            self.shell.echo(cmd, cwd)
            proc = subprocess.Popen(cmd, cwd=cwd, env=self.shell.env(env), stdin=stdin,
                                    stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
            self._procs.add(proc)
        return proc

    def _killpg(self, proc):
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass

    def wait(self, proc, timeout=None):
        """(exit status, timed out); the process group is killed either way."""
        timed_out = False
        try:
            status = proc.wait(timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
            self._killpg(proc)
            status = proc.wait()
        self._killpg(proc)          # leftovers of a finished image
        with self._lock:
            self._procs.discard(proc)
        return status, timed_out

    def cancel(self):
        with self._lock:
            self._cancelled = True
            procs = list(self._procs)
        for p in procs:
            self._killpg(p)

    def _logged(self, cmd, log, env=None):
        log.write(f"$ {' '.join(cmd)}\n".encode())
        log.flush()
        status, _ = self.wait(self.spawn(cmd, log, env))
        return status

    # --- one job ----------------------------------------------------------

    def build(self, job, suite):
        """Builds JOB; on failure adds a <build> case to SUITE and returns False."""
        app = job.app
        req = kbuild.BuildRequest(app.path, job.real_board, job.build_dir, cmake_args_for(job),
                                  build_jobs=self.build_jobs)
        log_path = os.path.join(job.build_dir, "build.log")
        try:
            wipe_reason, _ = kbuild.plan(req, self.base)
            if wipe_reason:
                kbuild.wipe(job.build_dir, app.path, self.base)
            os.makedirs(job.build_dir, exist_ok=True)
            with open(log_path, "wb") as log:
                def say(msg):
                    log.write(f"kt: {msg}\n".encode())
                    log.flush()
                try:
                    kbuild.build(req, self.base, lambda cmd: self._logged(cmd, log), say)
                except KtError as e:
                    say(f"error: {e.reason}")
                    raise
        except KtError as e:
            text = _read(log_path)
            suite.cases.append(build_failure(text, e.reason, rel(log_path)))
            suite.log, suite.tail = log_path, build_excerpt(text)
            return False
        return True

    def run_image(self, job, suite):
        app = job.app
        try:
            info = load_run_info(job.build_dir)
        except KtError as e:
            suite.cases.append(build_failure("", e.reason))
            return
        # A real-time test (it waits on a host peer) runs as kt run does.
        cmd = info["run" if app.realtime else "test_run"] + app.run_args
        try:
            forwards, held_back = hostfwd.for_board(info, app.hostfwd)
            with hostfwd.Reservation(forwards, skipped=held_back) as held:
                self._run_image(job, suite, hostfwd.apply(cmd, info, held.forwards), held)
        except KtError as e:
            suite.cases.append(Case(RUN_CASE, FAILED, message=e.reason, whole_run=True))

    def _run_image(self, job, suite, cmd, held):
        """Runs CMD; with a host script or the console harness, watches its output meanwhile."""
        app = job.app
        timeout = app.timeout * self.opts.timeout_multiplier
        log_path = os.path.join(job.build_dir, "run.log")
        env = SANITIZER_ENV if job.sanitize else None
        peer = None
        if frames.uses_frames(app.netdev):
            try:
                peer = frames.Peer(os.path.join(job.build_dir, "frames.log"),
                                   qmp=any("@FRAMES_QMP@" in a for a in cmd))
            except KtError as e:
                suite.cases.append(Case(RUN_CASE, FAILED, message=e.reason, whole_run=True))
                return
            cmd = peer.substitute(cmd)
        tap_net = contextlib.nullcontext()
        if "tap" in (app.netdev or []):
            why = tap.unavailable()
            if why:
                suite.cases.append(Case(RUN_CASE, SKIPPED, message=why, whole_run=True))
                return
            tap_net = tap.Network(os.path.join(job.build_dir, "tap.log"))
        start = time.monotonic()
        deadline = start + timeout
        try:
            with tap_net as net, open(log_path, "wb") as log, \
                    open(stdin_file(job), "rb") as stdin:
                if net:
                    cmd = net.cmd_substitute(cmd)
                held.release_udp()
                proc = self.spawn(cmd, log, env, cwd=job.build_dir, stdin=stdin)
                host_case, stopped = self._watch(job, proc, log_path, held, deadline, timeout)
                status, timed_out = self.wait(proc, max(0.0, deadline - time.monotonic()))
        except tap.TapError as e:
            suite.cases.append(Case(RUN_CASE, FAILED, message=f"TAP network: {e}", whole_run=True))
            return
        finally:
            if peer:
                peer.stop()
        suite.time = time.monotonic() - start
        output = _read(log_path)
        suite.log, suite.tail = log_path, tail(output)
        if app.harness in ("exit", "console"):
            suite.cases = parse_exit(output, 0 if stopped else status, os.path.basename(app.path),
                                     app.expect, timed_out and not stopped, timeout, rel(log_path),
                                     suite.time)
        else:
            suite.cases = parse_ktest(output, status, timed_out, timeout, rel(log_path))
        if host_case:
            suite.cases.append(host_case)

    def _watch(self, job, proc, log_path, held, deadline, timeout):
        """(host_script case or None, stopped by kt): runs the host script once the
        image is ready; with harness console stops the image once it is done."""
        app = job.app
        host_case, stopped = None, False
        watch = hostpeer.OutputWatch(log_path)
        alive = lambda: proc.poll() is None         # noqa: E731
        if app.host_script:
            host_case = self.run_host_script(job, watch, alive, held, deadline, timeout)
        if app.harness == "console":
            done = not host_case or not host_case.failed
            stopped = done and watch.wait_for(app.expect, alive, deadline) and alive()
            if alive() and (stopped or host_case.failed):
                self._killpg(proc)          # a server: done (or already failed)
        return host_case, stopped

    def run_host_script(self, job, watch, alive, held, deadline, timeout):
        """The host_script case: the script run once the image printed host_script_when."""
        app = job.app
        if not watch.wait_for([app.host_script_when], alive, deadline):
            return hostpeer.not_ready_case(app.host_script_when, not alive())
        log_path = os.path.join(job.build_dir, "host.log")
        env = hostpeer.script_env(job.board, hostfwd.env(held.forwards, held.skipped),
                                  watch.path)
        start = time.monotonic()
        with open(log_path, "wb") as log:
            proc = self.spawn(hostpeer.script_command(app.host_script), log, env, cwd=app.path)
            status, timed_out = self.wait(proc, max(0.1, deadline - start))
        return hostpeer.script_case(status, timed_out, timeout, log_path, time.monotonic() - start)

    def run_job(self, job):
        if job.app is None:
            return self.run_host(job)
        suite = Suite(job.board, job.app.relpath)
        if self.build(job, suite) and self.start_fixtures(job, suite):
            self.run_image(job, suite)
        return suite

    def start_fixtures(self, job, suite):
        """Starts the fixtures JOB's app needs; if one cannot start, fails the run and returns False."""
        if self._cancelled:
            raise Cancelled()
        try:
            self.fixtures.require(job.app.fixtures)
        except FixtureError as e:
            suite.cases.append(Case(RUN_CASE, FAILED, message=e.line()[len("kt: error: "):],
                                    whole_run=True))
            return False
        return True

    def run_host(self, job):
        suite = Suite(HOST_BOARD, HOST_APP)
        os.makedirs(job.build_dir, exist_ok=True)
        log_path = os.path.join(job.build_dir, "run.log")
        cmd = [HOST_PYTHON, "-m", "unittest", "discover", "-s", HOST_APP, "-v"]
        start = time.monotonic()
        with open(log_path, "wb") as log:
            status, timed_out = self.wait(
                self.spawn(cmd, log, {"PYTHONDONTWRITEBYTECODE": "1"}, cwd=self.base),
                HOST_TIMEOUT * self.opts.timeout_multiplier)
        suite.time = time.monotonic() - start
        output = _read(log_path)
        suite.log, suite.tail = log_path, tail(output)
        suite.cases = parse_unittest(output, None if timed_out else status)
        return suite

    # --- all jobs ---------------------------------------------------------

    def print(self, text=""):
        print(text, file=self.out, flush=True)

    def run_all(self, jobs):
        """Suites of JOBS in the order they finished; prints each as it finishes."""
        suites = []
        pool = ThreadPoolExecutor(max_workers=self.jobs)
        try:
            futures = {pool.submit(self.run_job, j): j for j in jobs}
            for fut in as_completed(futures):
                try:
                    suite = fut.result()
                except Cancelled:
                    continue
                except Exception as e:    # a bug or an OS error: report it as this job's failure
                    job = futures[fut]
                    suite = Suite(job.board, job.app.relpath if job.app else HOST_APP)
                    suite.cases.append(Case(RUN_CASE, FAILED, message=f"kt internal error: {e!r}",
                                            details=traceback.format_exc(), whole_run=True))
                suites.append(suite)
                self.print(format_suite(suite))
        except BaseException:       # Ctrl-C, SIGTERM, a closed stdout: stop every child
            self.cancel()
            pool.shutdown(wait=True, cancel_futures=True)
            raise
        pool.shutdown(wait=True)
        return suites


def _read(path):
    try:
        with open(path, "rb") as f:
            return f.read().decode("utf-8", errors="replace")
    except OSError:
        return ""


def _indent(text, n):
    return "\n".join(" " * n + line for line in text.splitlines())


def format_suite(suite):
    """The result line of SUITE, then (if it failed) its failed cases and log tail."""
    n = len(suite.cases)
    extra = ""
    failed = suite.count(FAILED)
    skipped = suite.count(SKIPPED)
    if failed:
        extra += f", {failed} failed"
    if skipped:
        extra += f", {skipped} skipped"
    word = "FAIL" if failed else "PASS"
    lines = [f"{word} {suite.name} ({n} case{'s' if n != 1 else ''}{extra}, {suite.time:.1f} s)"]
    if not failed:
        return lines[0]
    for c in suite.cases:
        if not c.failed:
            continue
        lines.append(f"    FAIL {c.name}: {c.message}")
        if not c.whole_run and c.details:
            detail = [d.rstrip() for d in textwrap.dedent(c.details).splitlines() if d.strip()]
            if detail and detail[0].strip() == c.message:
                detail = detail[1:]
            if detail:
                lines.append(_indent("\n".join(detail[:DETAIL_LINES]), 8))
    if suite.tail:
        lines.append(f"    --- from {rel(suite.log)} ---")
        lines.append(_indent(suite.tail, 8))
    return "\n".join(lines)


def totals(suites):
    p = sum(s.count(PASSED) for s in suites)
    f = sum(s.count(FAILED) for s in suites)
    k = sum(s.count(SKIPPED) for s in suites)
    return p, f, k


def summary_line(passed, failed, skipped=0):
    line = f"{passed} passed, {failed} failed"
    return line + (f", {skipped} skipped" if skipped else "")


def format_board_counts(suites):
    boards = []
    for s in suites:
        if s.board not in boards:
            boards.append(s.board)
    width = max([len(b) for b in boards] + [5])
    lines = []
    for b in boards:
        mine = [s for s in suites if s.board == b]
        p, f, k = totals(mine)
        n = len(mine)
        what = ("suite" if b == HOST_BOARD else "app") + ("s" if n != 1 else "")
        lines.append(f"  {b:<{width}}  {n:3d} {what:<6}  {summary_line(p, f, k)}")
    return "\n".join(lines)


def order_suites(suites, jobs):
    """SUITES in the order of JOBS (stable report and JUnit file)."""
    rank = {j.name: i for i, j in enumerate(jobs)}
    return sorted(suites, key=lambda s: rank.get(s.name, len(rank)))


def run_tests(base, shell, opts, out=None):
    """kt test. Returns the exit status: 1 if any case failed, else 0."""
    out = out or sys.stdout
    roots, run_host = select_scope(base, opts.paths, opts.host)
    jobs = []
    if roots is None or roots:
        apps = discover(base, roots)
        if roots and not apps:
            listed = " ".join(rel(r) for r in roots)
            raise KtError(f"no test application (folder with testcase.yaml) under {listed}",
                          "give a folder under tests/ or samples/")
        jobs = plan_jobs(base, apps, opts.boards, opts.sanitize)
        if apps and not jobs:
            which = ", ".join(opts.boards) if opts.boards else "that exists"
            raise KtError(f"none of the {len(apps)} test applications found supports a board {which}",
                          "check the boards: lists in testcase.yaml, or run kt boards")
    if run_host:
        jobs.insert(0, host_job(base))
    if not jobs:
        raise KtError("nothing to test (no testcase.yaml under tests/ or samples/, host tests disabled)",
                      "add a test application or drop --no-host")
    runner = Runner(base, shell, opts, out)
    try:
        return _run_and_report(base, runner, jobs, out)
    finally:
        runner.fixtures.stop_all()      # also on Ctrl-C and SIGTERM (KeyboardInterrupt)


def _run_and_report(base, runner, jobs, out):
    boards = []
    for j in jobs:
        if j.board not in boards:
            boards.append(j.board)
    print(f"kt: {len(jobs)} test run{'s' if len(jobs) != 1 else ''} on {', '.join(boards)} "
          f"(-j {runner.jobs}); logs under {rel(tests_root(base))}", file=out, flush=True)
    suites = order_suites(runner.run_all(jobs), jobs)
    xml_path = os.path.join(tests_root(base), "junit.xml")
    junit.write(xml_path, suites)
    p, f, k = totals(suites)
    print("", file=out)
    print("Per board:", file=out)
    print(format_board_counts(suites), file=out)
    failed_suites = [s.name for s in suites if s.failed]
    if failed_suites:
        print(f"Failed: {' '.join(failed_suites)}", file=out)
    print(f"JUnit XML: {rel(xml_path)}", file=out)
    print(summary_line(p, f, k), file=out, flush=True)
    return 1 if f else 0
