"""kt bench: build and run the kernel benchmark, print its figures.

QEMU boards run the image under -icount shift=0 (the board's test_run
command), where the image itself prints `bench: BOARD NAME VALUE instr`.
native_sim runs it under callgrind: the image delimits each measurement
with callgrind client requests and prints `bench-callgrind: NAME N`; the
instruction total of each dump divided by N is the figure.
"""

import glob
import os
import re
import shutil
import subprocess

from . import boards as kboards
from . import build as kbuild
from .common import KtError, rel
from .image import load_run_info

BENCH_APP = os.path.join("tests", "benchmarks", "kernel")
TIMEOUT = 600
_BENCH = re.compile(r"^bench: (\S+) (\S+) (\d+) (\S+)$", re.M)
_CALLGRIND = re.compile(r"^bench-callgrind: (\S+) (\d+)$", re.M)


def callgrind_figures(out_dir, output, board):
    """{name: instructions per iteration} from the dumps in OUT_DIR."""
    iterations = {m.group(1): int(m.group(2)) for m in _CALLGRIND.finditer(output)}
    figures = {}
    for path in sorted(glob.glob(os.path.join(out_dir, "callgrind.out.*"))):
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read()
        name = re.search(r"^desc: Trigger: Client Request: (\S+)$", text, re.M)
        total = re.search(r"^(?:summary|totals): (\d+)", text, re.M)
        if name and total and name.group(1) in iterations:
            figures[name.group(1)] = round(int(total.group(1)) / iterations[name.group(1)])
    if iterations and not figures:
        raise KtError(f"no callgrind dumps for {board} in {rel(out_dir)}",
                      "install valgrind (apt-get install --no-install-recommends valgrind)")
    return figures


def run_board(base, shell, board):
    build_dir = os.path.join(base, "build", "bench", board)
    req = kbuild.BuildRequest(os.path.join(base, BENCH_APP), board, build_dir, [])
    kbuild.build(req, base, shell.call, lambda msg: None)
    info = load_run_info(build_dir)
    if board == "native_sim":
        if shutil.which("valgrind") is None:
            raise KtError("valgrind is needed to count native_sim instructions",
                          "apt-get install --no-install-recommends valgrind")
        for old in glob.glob(os.path.join(build_dir, "callgrind.out.*")):
            os.remove(old)
        cmd = ["valgrind", "--tool=callgrind", "--callgrind-out-file=" +
               os.path.join(build_dir, "callgrind.out.%p")] + info["run"]
    else:
        cmd = info["test_run"]
    shell.echo(cmd)
    try:
        res = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT,
                             stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        raise KtError(f"the benchmark on {board} ran over {TIMEOUT} s", "run it with kt run") from None
    if res.returncode != 0:
        raise KtError(f"the benchmark on {board} exited with {res.returncode}",
                      f"see its output: kt run -d {rel(build_dir)}")
    if board == "native_sim":
        return callgrind_figures(build_dir, res.stdout, board)
    return {m.group(2): int(m.group(3)) for m in _BENCH.finditer(res.stdout)}


def run(base, shell, boards):
    names = boards or kboards.board_names(base)
    for b in names:
        kboards.check_board(base, b)
    results = {b: run_board(base, shell, b) for b in names}
    figures = []
    for b in names:
        for name in results[b]:
            if name not in figures:
                figures.append(name)
    print(f"{'instructions per operation':28}" + "".join(f"{b:>14}" for b in names))
    for name in figures:
        print(f"{name:28}" + "".join(f"{results[b].get(name, '-'):>14}" for b in names))
    for b in names:
        for name, value in results[b].items():
            print(f"bench: {b} {name} {value} instr")
    return 0
