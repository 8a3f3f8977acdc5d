"""Command-line interface of kt: argument parsing and dispatch."""

import argparse
import os
import signal
import sys
import threading

from . import boards as kboards
from . import build as kbuild
from .common import KtError, Shell, info, kestrel_base, rel

DEFAULT_BOARD = "native_sim"
DEFAULT_BUILD_DIR = "build"

DESCRIPTION = """\
kt: build, run, test and configure Kestrel applications.

  kt build -b native_sim samples/hello_world   configure (if needed) and build
  kt run                                       run the image of ./build
  kt test                                      build and run every test on every board
  kt menuconfig                                edit the configuration of ./build
  kt fixtures [NAME...]                        list (or start) the host-side network test peers
  kt netbench [-b BOARD]                       TCP throughput against iperf 2 on the host
  kt boards                                    list the boards
  kt fetch                                     download the third-party modules
  kt clean                                     delete ./build

Run kt COMMAND --help for the options of a command.
"""


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line: `kt: error: ...; run ... --help`."""

    def error(self, message):
        raise KtError(message, f"run {self.prog} --help")


def _positive_int(text):
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number") from None
    if n < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return n


def _positive_float(text):
    try:
        x = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number") from None
    if x <= 0:
        raise argparse.ArgumentTypeError("must be greater than 0")
    return x


def _add_build_dir(parser):
    parser.add_argument("-d", "--build-dir", default=DEFAULT_BUILD_DIR,
                        help=f"build folder (default: ./{DEFAULT_BUILD_DIR})")


def make_parser():
    verbose = argparse.ArgumentParser(add_help=False)
    verbose.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS,
                         help="print every command kt runs")
    p = Parser(prog="kt", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("-v", "--verbose", action="store_true", help="print every command kt runs")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    b = sub.add_parser("build", parents=[verbose], help="configure (when needed) and build an application",
                       usage="kt build [-h] [-v] [-b BOARD] [-d BUILD_DIR] [-p] [APP] [-- CMAKE_ARGS ...]",
                       description="Configure APP for BOARD in BUILD_DIR (only when it is not configured "
                       "yet or the board, application or CMake arguments changed; a build folder of "
                       "another application or board is wiped first), then build it. Arguments after "
                       "-- go to cmake, e.g. kt build samples/hello_world -- -DEXTRA_CONF=debug.conf")
    b.add_argument("-b", "--board", help=f"board to build for (default: the board BUILD_DIR was "
                   f"configured for, else {DEFAULT_BOARD}); see kt boards")
    _add_build_dir(b)
    b.add_argument("-p", "--pristine", action="store_true", help="delete the build folder first")
    b.add_argument("app", nargs="?", metavar="APP",
                   help="application folder (default: the one BUILD_DIR was configured for)")

    r = sub.add_parser("run", parents=[verbose], help="run the built image",
                       usage="kt run [-h] [-v] [-d BUILD_DIR] [--hostfwd FWD] [-- IMAGE_ARGS ...]",
                       description="Bring the build up to date, then run its image as "
                       "BUILD_DIR/kestrel_run.json says; arguments after -- go to the image "
                       "(e.g. kt run -- --seed=3). Exits with the image's exit status.")
    _add_build_dir(r)
    r.add_argument("--hostfwd", action="append", default=[], metavar="FWD",
                   help="forward a host port to the device (slirp, every board): tcp:PORT or "
                   "udp:PORT picks a free 127.0.0.1 port for the device's PORT (printed), "
                   "tcp:HOSTPORT:PORT uses HOSTPORT; repeatable")

    k = sub.add_parser("bench", parents=[verbose], help="run the kernel benchmark",
                       description="Build tests/benchmarks/kernel for each board (all, or the -b "
                       "ones) in build/bench/, run it (QEMU boards under -icount shift=0, native_sim "
                       "under callgrind) and print instructions per operation: a table, then one "
                       "line per figure `bench: BOARD NAME VALUE instr`. Never fails on a number.")
    k.add_argument("-b", "--board", action="append", default=[], help="board (repeatable)")

    nb = sub.add_parser("netbench", parents=[verbose], help="TCP throughput against iperf 2 on the host",
                        description="Build tests/benchmarks/net_iperf (lwIP's lwiperf) for each board "
                        "(all, or the -b ones) in build/bench/net_iperf/, run it in real time with the "
                        "iperf fixture and a host forward, and print TCP Mbit/s device->host (lwiperf "
                        "client to iperf -s) and host->device (iperf -c to lwiperf's server): a table, "
                        "then `netbench: BOARD DIRECTION MBITS Mbit/s` lines. Never fails on a number.")
    nb.add_argument("-b", "--board", action="append", default=[], help="board (repeatable)")

    f = sub.add_parser("footprint", parents=[verbose], help="ROM/RAM of a build, by part of the tree",
                       description="Print the ROM and RAM a build's image takes, split into kernel, "
                       "arch, drivers, subsys, lib, libc and app (from the ELF and the link map), "
                       "ending with the line `footprint: BOARD APP ROM RAM` (bytes; ROM = code + "
                       "read-only data + initial values of data, RAM = data + bss).")
    _add_build_dir(f)
    f.add_argument("--net", action="store_true",
                   help="split into lwIP (modules/lwip), Kestrel net (subsys/net), the Ethernet "
                   "driver and the rest instead")

    g = sub.add_parser("debug", parents=[verbose], help="run the image halted under a GDB server",
                       description="Start the board's emulator halted with a GDB server on port "
                       "1234 and print the one gdb command line that attaches to it.")
    _add_build_dir(g)

    t = sub.add_parser("test", parents=[verbose], help="build and run the test applications",
                       description="Find test applications (folders with testcase.yaml) under tests/ "
                       "and samples/ (or the given PATHs), build and run each on every board it "
                       "supports, in parallel, under build/tests/. native_sim apps also run under "
                       "ASan/UBSan as board native_sim-asan. The host tests of scripts/ run too. "
                       "Host-side network peers an app names (fixtures: in testcase.yaml; see kt "
                       "fixtures) start before it runs and stop at the end of the run. "
                       "Writes build/tests/junit.xml; the last line is 'N passed, N failed'. "
                       "Exits 1 if anything failed.")
    t.add_argument("-b", "--board", action="append", dest="boards", metavar="BOARD",
                   help="test only on BOARD (repeatable, or comma-separated; native_sim-asan is "
                   "the sanitizer variant)")
    t.add_argument("-j", "--jobs", type=_positive_int, default=0,
                   help="tests built and run at once (default: number of CPUs)")
    t.add_argument("--no-sanitize", action="store_true", help="skip the native_sim-asan variant")
    t.add_argument("--no-host", action="store_true", help="skip the host tests of scripts/tests")
    t.add_argument("--timeout-multiplier", type=_positive_float, default=1.0, metavar="X",
                   help="multiply every test's timeout by X (default 1)")
    t.add_argument("paths", nargs="*", metavar="PATH",
                   help="only the test applications under PATH (relative to here or to KESTREL_BASE)")

    m = sub.add_parser("menuconfig", parents=[verbose], help="edit the configuration of a build",
                       description="Open Kconfiglib's menuconfig on BUILD_DIR's configuration. The "
                       "changes are saved to BUILD_DIR/menuconfig.conf (merged last by the build, "
                       "delete it to undo) and the build is configured again.")
    _add_build_dir(m)

    fe = sub.add_parser("fetch", parents=[verbose], help="download the third-party modules",
                        description="Download, check (sha256) and unpack the third-party modules "
                        "of modules/manifest.yaml (all, or the NAMEs) into the module cache "
                        "($KESTREL_MODULES_CACHE, else $XDG_CACHE_HOME/kestrel/modules, else "
                        "~/.cache/kestrel/modules) from Debian source packages. Does nothing for "
                        "a module already there. The build runs this when a module is missing.")
    fe.add_argument("--cache", metavar="DIR", help="module cache folder (default: see above)")
    fe.add_argument("--print-dir", action="store_true",
                    help="print only the source folder of each module (for the build)")
    fe.add_argument("names", nargs="*", metavar="NAME", help="module (default: all)")

    x = sub.add_parser("fixtures", parents=[verbose], help="list or start the host-side test peers",
                       description="Without NAME: print the fixtures (host-side network peers a "
                       "testcase.yaml names under fixtures:) with their fixed 127.0.0.1 ports. With "
                       "NAMEs: start them, as kt test does, and keep them running until Ctrl-C "
                       "(for kt run of a network test or an lwiperf benchmark by hand).")
    x.add_argument("names", nargs="*", metavar="NAME", help="fixture to start (repeatable)")

    sub.add_parser("boards", parents=[verbose], help="list the boards",
                   description="List the boards (boards/*/board.yaml): name, architecture, description.")

    c = sub.add_parser("clean", parents=[verbose], help="delete a build folder",
                       description="Delete BUILD_DIR; refuses a folder that is not a Kestrel build "
                       "(no CMakeCache.txt) other than build/tests.")
    _add_build_dir(c)
    return p


def split_argv(argv):
    """(kt's own arguments, the arguments after the first --)."""
    if "--" in argv:
        i = argv.index("--")
        return argv[:i], argv[i + 1:]
    return argv, []


def parse(argv):
    own, extra = split_argv(list(argv))
    parser = make_parser()
    args, rest = parser.parse_known_args(own)
    if rest:
        where = f"kt {args.command}" if args.command else "kt"
        raise KtError(f"unrecognized arguments: {' '.join(rest)}", f"run {where} --help")
    if args.command is None:
        parser.print_help()
        raise KtError("no command given", "run kt --help")
    if extra and args.command not in ("build", "run"):
        raise KtError(f"kt {args.command} takes no arguments after --", f"run kt {args.command} --help")
    args.extra = extra
    return args


# --- commands -------------------------------------------------------------

def resolve_app(app, cache, base):
    """The application to build: APP (relative to here, else to KESTREL_BASE),
    else the one the build folder was configured for, else the current folder."""
    if app is None:
        app = kbuild.cached_app(cache) if cache else None
    if app is None:
        if os.path.isfile("CMakeLists.txt") and os.path.realpath(".") != os.path.realpath(base):
            app = "."
        else:
            raise KtError("no application given", "run kt build -b BOARD path/to/app, "
                          "e.g. kt build -b native_sim samples/hello_world")
    if not os.path.exists(app) and not os.path.isabs(app) and os.path.isdir(os.path.join(base, app)):
        app = os.path.join(base, app)
    return kbuild.check_app(app)


def cmd_build(args, shell, base):
    build_dir = os.path.abspath(args.build_dir)
    cache = kbuild.read_cache(build_dir)
    if args.board is not None:
        kboards.check_board(base, args.board)
    app = resolve_app(args.app, cache, base)
    board = args.board
    if board is None:
        same_app = cache and kbuild.cached_app(cache) == app
        board = (kbuild.cached_board(cache) if same_app else None) or DEFAULT_BOARD
        kboards.check_board(base, board)
    req = kbuild.BuildRequest(app, board, build_dir, args.extra, pristine=args.pristine)
    kbuild.build(req, base, shell.call, info)
    where = "" if rel(build_dir) == DEFAULT_BUILD_DIR else f" -d {rel(build_dir)}"
    info(f"built {rel(app)} for {board} in {rel(build_dir)}; run it with: kt run{where}")
    return 0


def cmd_run(args, shell, base):
    from .hostfwd import parse_list
    from .image import run
    forwards = parse_list(args.hostfwd, "kt run --hostfwd")
    run(shell, os.path.abspath(args.build_dir), args.extra, base, forwards=forwards)
    return 0  # not reached: run() replaces kt with the image


def cmd_bench(args, shell, base):
    from .bench import run
    return run(base, shell, args.board)


def cmd_netbench(args, shell, base):
    from .netbench import run
    return run(base, shell, args.board)


def cmd_footprint(args, shell, base):
    from .build import cached_app, read_cache
    from .footprint import report
    from .image import load_run_info, rebuild_quietly
    build_dir = os.path.abspath(args.build_dir)
    info = load_run_info(build_dir)
    rebuild_quietly(shell, build_dir, base)
    app = cached_app(read_cache(build_dir)) or "?"
    if os.path.isabs(app) and app.startswith(base + os.sep):
        app = os.path.relpath(app, base)
    report(build_dir, info.get("board", "?"), app, net=args.net)
    return 0


def cmd_debug(args, shell, base):
    from .image import debug
    debug(shell, os.path.abspath(args.build_dir), base)
    return 0  # not reached: debug() replaces kt with QEMU


def cmd_test(args, shell, base):
    from .testrun import Options, run_tests
    boards = None
    if args.boards:
        boards = [b.strip() for item in args.boards for b in item.split(",") if b.strip()]
    opts = Options(boards=boards, jobs=args.jobs, sanitize=not args.no_sanitize, host=not args.no_host,
                   timeout_multiplier=args.timeout_multiplier, paths=args.paths)
    return run_tests(base, shell, opts)


def cmd_menuconfig(args, shell, base):
    from .configui import menuconfig
    return menuconfig(shell, os.path.abspath(args.build_dir), base)


def cmd_fetch(args, shell, base):
    from .modules import fetch_named
    say = (lambda msg: print(f"kt: {msg}", file=sys.stderr, flush=True)) if args.print_dir else info
    trees = fetch_named(base, args.names, cache=args.cache and os.path.abspath(args.cache), say=say)
    for name, tree in trees.items():
        print(tree if args.print_dir else f"kt: {name}: {rel(tree)}")
    return 0


def cmd_fixtures(args, shell, base):
    from . import fixtures
    if not args.names:
        print(fixtures.format_table())
        return 0
    names = fixtures.check_names(args.names, "kt fixtures")
    signal.signal(signal.SIGINT, signal.default_int_handler)    # even when started with & from a script
    manager = fixtures.Manager(base)
    try:
        manager.require(names)
        for n in names:
            info(f"{n} on {fixtures.HOST}:{manager.port(n)} ({fixtures.GUEST_HOST}:{manager.port(n)} "
                 f"from a board); log {rel(manager.log_path(n))}")
        info("running; Ctrl-C stops them")
        threading.Event().wait()
    finally:
        manager.stop_all()
    return 0


def cmd_boards(args, shell, base):
    print(kboards.format_boards(kboards.list_boards(base)))
    return 0


def cmd_clean(args, shell, base):
    kbuild.clean(os.path.abspath(args.build_dir), base, info)
    return 0


COMMANDS = {"build": cmd_build, "run": cmd_run, "debug": cmd_debug, "footprint": cmd_footprint, "bench": cmd_bench, "netbench": cmd_netbench, "test": cmd_test, "menuconfig": cmd_menuconfig, "fetch": cmd_fetch,
            "fixtures": cmd_fixtures,
            "boards": cmd_boards, "clean": cmd_clean}


def _interrupt(signum, frame):
    raise KeyboardInterrupt()


def main(argv=None, base=None):
    base = base or kestrel_base()
    # kt test runs its children in their own process groups; on SIGTERM or
    # SIGHUP unwind like on Ctrl-C so that they are killed too.
    saved = {}
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGTERM, signal.SIGHUP):
            saved[sig] = signal.signal(sig, _interrupt)
    try:
        args = parse(sys.argv[1:] if argv is None else argv)
        shell = Shell(base, verbose=getattr(args, "verbose", False))
        return COMMANDS[args.command](args, shell, base)
    except KtError as e:
        sys.stdout.flush()
        print(e.line(), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("kt: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # stdout went away (kt test | head): stop quietly.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)
