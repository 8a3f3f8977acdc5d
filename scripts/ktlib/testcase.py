"""Test applications: folders holding a testcase.yaml.

Keys (all optional): boards (list, default all), timeout (seconds, default
60), harness (ktest | exit), expect (regexes, in order; harness exit),
extra_conf (conf fragments relative to the app), run_args (image args),
sanitize (bool, default true: also run on native_sim under ASan/UBSan),
realtime (bool, default false: run with the board's real-time command line,
`kt run`'s, instead of the deterministic one, e.g. QEMU without
-icount sleep=off; for tests that wait on a host peer such as the network).
stdin (text given to the image on its standard input, which is otherwise
empty: on native_sim the console UART reads it, on the QEMU boards the
serial port does; written to BUILD/stdin.txt; use a YAML block scalar,
`stdin: |`, for several lines), stdin_file (a file of the app given on
standard input instead, e.g. the script a sample's demo runs),
fixtures (list of host-side peers the app talks to, e.g. [tcp_echo, dns]:
kt test starts each before the first app that needs it and stops it at the
end of the run; see fixtures.py and tests/net/README.md),
netdev (the network of each Ethernet device, in order: slirp (default),
frames, tap (native_sim on a host TAP interface, tap.py), or a list such as
[slirp, frames]; a frames device gets its own
host peer per run, see frames.py).
hostfwd (list of the device's ports reached from the host, tcp:PORT or
udp:PORT: each gets a free host port per run, see hostfwd.py),
host_script (a script of the app kt test runs on the host once the
device's output matches host_script_when, a regex; see hostpeer.py).
Harness `console` (for a server that never exits): passes once every
`expect` regex has been seen in order (and the host script passed); kt
then stops the image.
"""

import os
import re
from dataclasses import dataclass, field

from .common import KtError, load_yaml, rel
from .fixtures import check_names
from .frames import check_netdev
from .hostfwd import parse_list as parse_hostfwds

TESTCASE_FILE = "testcase.yaml"
DEFAULT_TIMEOUT = 60
HARNESSES = ("ktest", "exit", "console")
DISCOVERY_ROOTS = ("tests", "samples")


@dataclass
class TestApp:
    path: str                  # absolute
    relpath: str               # relative to KESTREL_BASE, with '/'
    boards: list = None        # None: every board
    timeout: float = DEFAULT_TIMEOUT
    harness: str = "ktest"
    expect: list = field(default_factory=list)
    extra_conf: list = field(default_factory=list)   # absolute paths
    run_args: list = field(default_factory=list)
    sanitize: bool = True
    realtime: bool = False
    stdin: str = None          # None: /dev/null
    stdin_file: str = None     # absolute path, instead of stdin
    fixtures: list = field(default_factory=list)   # fixtures.FIXTURES names
    netdev: list = None        # frames.NETDEVS names, one per Ethernet device; None: slirp
    hostfwd: list = field(default_factory=list)    # hostfwd.Forward (host_port 0: a free one)
    host_script: str = None    # absolute path
    host_script_when: str = None                   # regex of the device's output

    def supports(self, board):
        return self.boards is None or board in self.boards


def _str_list(value, key, where):
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) for v in value):
        raise KtError(f"{where}: '{key}' must be a list of strings", f"write {key}: [a, b]")
    return [str(v) for v in value]


def load_testcase(app_dir, base):
    """Reads and checks APP_DIR/testcase.yaml; errors name the file and key."""
    app_dir = os.path.realpath(app_dir)
    yml = os.path.join(app_dir, TESTCASE_FILE)
    where = rel(yml)
    data = load_yaml(yml)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise KtError(f"{where}: expected a mapping of keys", "see scripts/ktlib/testcase.py for the keys")
    relpath = os.path.relpath(app_dir, base).replace(os.sep, "/")
    if relpath == ".." or relpath.startswith("../"):
        relpath = app_dir              # outside KESTREL_BASE: named by its absolute path
    app = TestApp(app_dir, relpath)
    known = {"boards", "timeout", "harness", "expect", "extra_conf", "run_args", "sanitize",
             "realtime", "stdin", "stdin_file", "fixtures", "netdev", "hostfwd", "host_script",
             "host_script_when"}
    for key in data:
        if key not in known:
            raise KtError(f"{where}: unknown key '{key}'", f"use only: {', '.join(sorted(known))}")
    if "boards" in data:
        app.boards = _str_list(data["boards"], "boards", where)
    if "timeout" in data:
        t = data["timeout"]
        if isinstance(t, bool) or not isinstance(t, (int, float)) or t <= 0:
            raise KtError(f"{where}: 'timeout' must be a positive number of seconds, not {t!r}",
                          "write e.g. timeout: 60")
        app.timeout = t
    if "harness" in data:
        if data["harness"] not in HARNESSES:
            raise KtError(f"{where}: unknown harness {data['harness']!r}",
                          "use harness: ktest, harness: exit or harness: console")
        app.harness = data["harness"]
    if "expect" in data:
        app.expect = _str_list(data["expect"], "expect", where)
        for rx in app.expect:
            try:
                re.compile(rx)
            except re.error as e:
                raise KtError(f"{where}: bad regex in 'expect' {rx!r}: {e}", "fix the regular expression") from None
    if "extra_conf" in data:
        for frag in _str_list(data["extra_conf"], "extra_conf", where):
            path = os.path.join(app_dir, frag)
            if not os.path.isfile(path):
                raise KtError(f"{where}: extra_conf file {frag} does not exist", "fix the file name or add the fragment")
            app.extra_conf.append(path)
    if "run_args" in data:
        app.run_args = _str_list(data["run_args"], "run_args", where)
    if "sanitize" in data:
        if not isinstance(data["sanitize"], bool):
            raise KtError(f"{where}: 'sanitize' must be true or false", "write sanitize: false")
        app.sanitize = data["sanitize"]
    if "realtime" in data:
        if not isinstance(data["realtime"], bool):
            raise KtError(f"{where}: 'realtime' must be true or false", "write realtime: true")
        app.realtime = data["realtime"]
    if "stdin" in data:
        if not isinstance(data["stdin"], str):
            raise KtError(f"{where}: 'stdin' must be text", "write stdin: | and the lines below it, indented")
        app.stdin = data["stdin"]
    if "stdin_file" in data:
        path = os.path.join(app_dir, str(data["stdin_file"]))
        if "stdin" in data:
            raise KtError(f"{where}: 'stdin' and 'stdin_file' together", "keep one of them")
        if not os.path.isfile(path):
            raise KtError(f"{where}: stdin_file {data['stdin_file']} does not exist",
                          "fix the file name (relative to the app folder)")
        app.stdin_file = path
    if "fixtures" in data:
        app.fixtures = check_names(_str_list(data["fixtures"], "fixtures", where), where)
    if "netdev" in data:
        app.netdev = check_netdev(data["netdev"], where)
        if ("frames" in app.netdev or "tap" in app.netdev) and not app.realtime:
            raise KtError(f"{where}: a frames or tap device talks to a host peer: it needs realtime: true",
                          "add realtime: true")
    if "hostfwd" in data:
        app.hostfwd = parse_hostfwds(_str_list(data["hostfwd"], "hostfwd", where), where)
    _load_host_script(app, data, where)
    if app.harness == "console" and not app.expect:
        raise KtError(f"{where}: harness console needs 'expect'",
                      "list the output lines after which the run is done")
    return app


def _load_host_script(app, data, where):
    if ("host_script" in data) != ("host_script_when" in data):
        raise KtError(f"{where}: 'host_script' and 'host_script_when' go together",
                      "give the script and the regex of the device's output it waits for")
    if "host_script" not in data:
        return
    path = os.path.join(app.path, str(data["host_script"]))
    if not os.path.isfile(path):
        raise KtError(f"{where}: host_script {data['host_script']} does not exist",
                      "fix the file name (relative to the app folder)")
    when = str(data["host_script_when"])
    try:
        re.compile(when)
    except re.error as e:
        raise KtError(f"{where}: bad regex in 'host_script_when' {when!r}: {e}",
                      "fix the regular expression") from None
    app.host_script, app.host_script_when = path, when


def _skip_dir(dirpath, name):
    return (name.startswith(".") or name == "__pycache__"
            or os.path.isfile(os.path.join(dirpath, name, "CMakeCache.txt")))


def find_test_dirs(root, base):
    """Folders under ROOT (included) holding testcase.yaml; not below one."""
    found = []
    build_root = os.path.realpath(os.path.join(base, "build"))
    for dirpath, dirnames, filenames in os.walk(root):
        if TESTCASE_FILE in filenames:
            found.append(dirpath)
            dirnames[:] = []
            continue
        dirnames[:] = sorted(d for d in dirnames
                             if not _skip_dir(dirpath, d)
                             and os.path.realpath(os.path.join(dirpath, d)) != build_root)
    return found


def resolve_path(path, base):
    """A PATH argument: relative to the cwd, else to KESTREL_BASE."""
    for candidate in (path, os.path.join(base, path)):
        if os.path.exists(candidate):
            return os.path.realpath(candidate)
    raise KtError(f"no such path: {path}", "give a folder under tests/ or samples/ (relative to here or to KESTREL_BASE)")


def discover(base, paths=None):
    """Every test application under PATHS (default tests/ and samples/), by path."""
    roots = paths if paths else [os.path.join(base, r) for r in DISCOVERY_ROOTS]
    apps = {}
    for root in roots:
        if os.path.isfile(root):
            root = os.path.dirname(root)
        if not os.path.isdir(root):
            continue
        for d in find_test_dirs(root, base):
            real = os.path.realpath(d)
            if real not in apps:
                apps[real] = load_testcase(real, base)
    return sorted(apps.values(), key=lambda a: a.relpath)
