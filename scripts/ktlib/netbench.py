"""kt netbench: TCP throughput of each board against iperf 2 on the host.

Builds tests/benchmarks/net_iperf (lwIP's lwiperf, CONFIG_NET_IPERF) per
board in build/bench/net_iperf/BOARD and runs it in real time as kt run
does (QEMU without -icount: instruction counting says nothing about
throughput), with the host's `iperf` fixture (iperf 2 server on
127.0.0.1:17001) and a host forward to the device's iperf port 5001:

  device to host   lwiperf's client sends for 10 s to the fixture
  host to device   `iperf -c 127.0.0.1 -p HOSTPORT -t 10` to lwiperf's
                   server through the forward

Prints a table in Mbit/s (the device's lwiperf figures; the host iperf
client's own figure beside the second) and one line per figure,
`netbench: BOARD DIRECTION MBITS Mbit/s`. A benchmark: it fails only when
a run does not complete, never on a number.
"""

import os
import re
import shutil
import subprocess
import time

from . import boards as kboards
from . import build as kbuild
from . import fixtures, hostfwd
from .common import KtError, rel
from .hostpeer import OutputWatch
from .image import load_run_info

APP = os.path.join("tests", "benchmarks", "net_iperf")
GUEST_PORT = 5001                # NET_IPERF_PORT_DEFAULT
SECONDS = 10
TIMEOUT = 90
_DEVICE = re.compile(r"^bench-iperf: (\w+) (\d+) bytes (\d+) ms (\d+) kbit/s$", re.M)


def host_iperf(port, log):
    """Mbit/s the host's iperf 2 client measured sending to 127.0.0.1:PORT, or None."""
    cmd = [shutil.which("iperf") or "iperf", "-c", hostfwd.HOST, "-p", str(port),
           "-t", str(SECONDS), "-y", "C"]
    log.write(f"$ {' '.join(cmd)}\n".encode())
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=SECONDS + 30,
                         stdin=subprocess.DEVNULL)
    log.write((res.stdout + res.stderr).encode())
    rows = [line.split(",") for line in res.stdout.splitlines() if line.count(",") >= 8]
    return int(rows[-1][8]) / 1e6 if rows and res.returncode == 0 else None


def run_board(base, shell, board):
    """{direction: Mbit/s} of BOARD (device figures, plus host_to_device_iperf)."""
    build_dir = os.path.join(base, "build", "bench", "net_iperf", board)
    req = kbuild.BuildRequest(os.path.join(base, APP), board, build_dir, [])
    kbuild.build(req, base, shell.call, lambda msg: None)
    info = load_run_info(build_dir)
    log_path = os.path.join(build_dir, "run.log")
    figures = {}
    with hostfwd.Reservation([hostfwd.Forward("tcp", GUEST_PORT)]) as held, \
            open(log_path, "wb") as log:
        cmd = hostfwd.apply(info["run"], info, held.forwards)
        shell.echo(cmd)
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=log,
                                stderr=subprocess.STDOUT, start_new_session=True, cwd=build_dir)
        try:
            watch = OutputWatch(log_path)
            alive = lambda: proc.poll() is None        # noqa: E731
            deadline = time.monotonic() + TIMEOUT
            if watch.wait_for([r"^bench-iperf: server listening"], alive, deadline):
                with open(os.path.join(build_dir, "iperf.log"), "wb") as ilog:
                    figures["host_to_device_iperf"] = host_iperf(held.forwards[0].host_port, ilog)
            proc.wait(max(1.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            pass
        finally:
            _kill(proc)
    text = OutputWatch(log_path).read()
    for m in _DEVICE.finditer(text):
        figures[m.group(1)] = int(m.group(4)) / 1000
    if "device_to_host" not in figures or "host_to_device" not in figures:
        raise KtError(f"the iperf benchmark on {board} did not complete",
                      f"see {rel(log_path)} (and iperf.log there)")
    return figures


def _kill(proc):
    try:
        os.killpg(proc.pid, 9)
    except (ProcessLookupError, PermissionError):
        pass
    proc.wait()


def _mbit(value):
    return "-" if value is None else f"{value:.1f}"


def run(base, shell, boards):
    names = boards or kboards.board_names(base)
    for b in names:
        kboards.check_board(base, b)
    if shutil.which("iperf") is None:
        raise KtError("iperf (version 2) is not installed", "run scripts/setup.sh (Debian package iperf)")
    manager = fixtures.Manager(base)
    try:
        manager.require(["iperf"])
        results = {b: run_board(base, shell, b) for b in names}
    finally:
        manager.stop_all()
    cols = (("device_to_host", "device->host"), ("host_to_device", "host->device"),
            ("host_to_device_iperf", "(iperf -c)"))
    print(f"{'TCP Mbit/s (lwiperf/iperf 2)':30}" + "".join(f"{c[1]:>14}" for c in cols))
    for b in names:
        print(f"{b:30}" + "".join(f"{_mbit(results[b].get(c[0])):>14}" for c in cols))
    for b in names:
        for key, _title in cols:
            if results[b].get(key) is not None:
                print(f"netbench: {b} {key} {results[b][key]:.2f} Mbit/s")
    return 0
