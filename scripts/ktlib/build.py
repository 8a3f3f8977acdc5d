"""kt build and kt clean: configure only when needed, then build.

A build directory remembers how kt configured it in kt_state.json
(application, board, generator, extra CMake arguments). kt configures again
when that changes, wipes the directory first when it belongs to another
application or board, and otherwise only runs `cmake --build`.
"""

import json
import os
import re
import shutil
from dataclasses import dataclass, field

from .common import KtError, rel, require_tool

STATE_FILE = "kt_state.json"
CACHE_FILE = "CMakeCache.txt"
_CACHE_LINE = re.compile(r"^([A-Za-z_][^:=#]*)(?::([A-Z]+))?=(.*)$")


def read_cache(build_dir):
    """CMakeCache.txt of BUILD_DIR as {name: value}, or None if there is none."""
    path = os.path.join(build_dir, CACHE_FILE)
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            lines = f.read().splitlines()
    except OSError:
        return None
    cache = {}
    for line in lines:
        if not line or line.startswith(("#", "//")):
            continue
        m = _CACHE_LINE.match(line)
        if m:
            cache[m.group(1)] = m.group(3)
    return cache


def cached_app(cache):
    """The application a build directory was configured for (absolute)."""
    app = cache.get("APPLICATION_SOURCE_DIR") or cache.get("CMAKE_HOME_DIRECTORY")
    return os.path.realpath(app) if app else None


def cached_board(cache):
    return cache.get("BOARD") or None


def is_build_dir(path, base, depth=1):
    """True for a folder kt may delete: a CMake build, BASE/build/tests, an
    empty folder, or (DEPTH levels down) a folder holding only such folders."""
    if os.path.isfile(os.path.join(path, CACHE_FILE)):
        return True
    if os.path.realpath(path) == os.path.realpath(os.path.join(base, "build", "tests")):
        return True
    if not os.path.isdir(path) or os.path.islink(path):
        return False
    entries = [os.path.join(path, e) for e in os.listdir(path)]
    return all(depth > 0 and os.path.isdir(e) and not os.path.islink(e)
               and is_build_dir(e, base, depth - 1) for e in entries)


def check_app(app):
    """Absolute real path of APP, which must be a folder with a CMakeLists.txt."""
    if not os.path.isdir(app):
        raise KtError(f"application folder {app} does not exist",
                      "give the path of an application, e.g. samples/hello_world")
    if not os.path.isfile(os.path.join(app, "CMakeLists.txt")):
        raise KtError(f"{rel(app)} is not an application (no CMakeLists.txt)",
                      "give the path of a folder with CMakeLists.txt, prj.conf and src/")
    return os.path.realpath(app)


def _check_wipe_allowed(build_dir, app, base):
    real = os.path.realpath(build_dir)
    protected = {os.path.realpath(p) for p in ("/", os.path.expanduser("~"), base, os.getcwd())}
    inside = app == real or app.startswith(real + os.sep)
    if real in protected or inside:
        raise KtError(f"refusing to wipe {rel(build_dir)}: it holds sources or is the working folder",
                      "choose a separate build folder with -d")


def wipe(build_dir, app, base):
    _check_wipe_allowed(build_dir, app, base)
    shutil.rmtree(build_dir)


def cmake_vars(args):
    """Names of the cache variables that -D arguments in ARGS set."""
    names = []
    it = iter(args)
    for a in it:
        if a == "-D":
            a = "-D" + next(it, "")
        if a.startswith("-D") and len(a) > 2:
            names.append(re.split(r"[:=]", a[2:], maxsplit=1)[0])
    return names


@dataclass
class BuildRequest:
    app: str                   # absolute path of the application
    board: str
    build_dir: str             # absolute path
    cmake_args: list = field(default_factory=list)
    pristine: bool = False
    build_jobs: int = 0        # 0: let the generator decide


def _generator(cache):
    if cache and cache.get("CMAKE_GENERATOR"):
        return cache["CMAKE_GENERATOR"]
    return "Ninja" if shutil.which("ninja") else "Unix Makefiles"


def _load_state(build_dir):
    try:
        with open(os.path.join(build_dir, STATE_FILE), encoding="utf-8") as f:
            state = json.load(f)
        return state if isinstance(state, dict) else None
    except (OSError, ValueError):
        return None


def _has_build_system(build_dir):
    return any(os.path.isfile(os.path.join(build_dir, f)) for f in ("build.ninja", "Makefile"))


def plan(req, base):
    """(wipe reason or None, configure reason or None) for REQ."""
    cache = read_cache(req.build_dir)
    if cache is None:
        if req.pristine and os.path.isdir(req.build_dir) and os.listdir(req.build_dir):
            raise KtError(f"{rel(req.build_dir)} is not a Kestrel build folder (no {CACHE_FILE}); "
                          "--pristine will not delete it", "choose another build folder with -d")
        return None, "not configured yet"
    if req.pristine:
        return "--pristine", "pristine build"
    app, board = cached_app(cache), cached_board(cache)
    if app and app != req.app:
        return f"it was configured for application {rel(app)}", "new application"
    if board and board != req.board:
        return f"it was configured for board {board}", "new board"
    state = _load_state(req.build_dir)
    if state is None or not _has_build_system(req.build_dir):
        return None, "previous configuration incomplete"
    if state.get("cmake_args", []) != req.cmake_args:
        return None, "CMake arguments changed"
    return None, None


def configure_command(req, cmake, generator, old_args=()):
    cmd = [cmake, "-S", req.app, "-B", req.build_dir, "-G", generator, f"-DBOARD={req.board}"]
    cmd += req.cmake_args
    dropped = [v for v in cmake_vars(old_args) if v not in cmake_vars(req.cmake_args)]
    cmd += [f"-U{v}" for v in dropped]
    return cmd


def build_command(req, cmake):
    cmd = [cmake, "--build", req.build_dir]
    if req.build_jobs:
        cmd += ["-j", str(req.build_jobs)]
    return cmd


def build(req, base, runner, say):
    """Configures (when needed) and builds REQ.

    RUNNER(cmd) runs a command and returns its exit status; SAY(msg) reports
    a step. Raises KtError when a step fails.
    """
    cmake = require_tool("cmake", base)
    wipe_reason, configure_reason = plan(req, base)
    if wipe_reason:
        say(f"wiping {rel(req.build_dir)} ({wipe_reason})")
        wipe(req.build_dir, req.app, base)
    cache = read_cache(req.build_dir)
    if configure_reason:
        generator = _generator(cache)
        if generator == "Unix Makefiles" and not shutil.which("make"):
            require_tool("ninja", base)
        old = (_load_state(req.build_dir) or {}).get("cmake_args", [])
        os.makedirs(req.build_dir, exist_ok=True)
        state_path = os.path.join(req.build_dir, STATE_FILE)
        if os.path.exists(state_path):
            os.remove(state_path)
        say(f"configuring {rel(req.app)} for {req.board} in {rel(req.build_dir)} ({configure_reason})")
        status = runner(configure_command(req, cmake, generator, old))
        if status != 0:
            raise KtError(f"configuring {rel(req.app)} for board {req.board} failed (cmake exit {status})",
                          "fix the error cmake printed above")
        with open(state_path, "w", encoding="utf-8") as f:
            json.dump({"app": req.app, "board": req.board, "generator": generator,
                       "cmake_args": req.cmake_args}, f, indent=1)
    status = runner(build_command(req, cmake))
    if status != 0:
        raise KtError(f"building {rel(req.app)} for board {req.board} failed (exit {status})",
                      "fix the compiler error printed above")


def clean(build_dir, base, say):
    if not os.path.exists(build_dir):
        say(f"{rel(build_dir)} does not exist; nothing to clean")
        return
    if not os.path.isdir(build_dir) or not is_build_dir(build_dir, base):
        raise KtError(f"{rel(build_dir)} is not a Kestrel build folder (no {CACHE_FILE})",
                      "give the build folder with -d, or delete it by hand if you are sure")
    _check_wipe_allowed(build_dir, "/nonexistent", base)
    say(f"removing {rel(build_dir)}")
    shutil.rmtree(build_dir)
