"""kt run: run a built image as BUILD/kestrel_run.json says."""

import json
import os
import shutil
import sys

from . import hostfwd
from .build import CACHE_FILE
from .common import KtError, rel
from .frames import MANUAL_LOCAL, MANUAL_PEER, substitute

RUN_FILE = "kestrel_run.json"


def load_run_info(build_dir):
    """BUILD/kestrel_run.json as a dict with a non-empty `run` list."""
    path = os.path.join(build_dir, RUN_FILE)
    if not os.path.isfile(path):
        if not os.path.isdir(build_dir):
            raise KtError(f"build folder {rel(build_dir)} does not exist", "run kt build first")
        raise KtError(f"{rel(build_dir)} has no build ({RUN_FILE} is missing)", "run kt build first")
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except ValueError as e:
        raise KtError(f"{rel(path)} is not valid JSON ({e})", "run kt build again") from None
    for key in ("run", "test_run"):
        cmd = data.get(key, data.get("run") if key == "test_run" else None)
        if not isinstance(cmd, list) or not cmd or not all(isinstance(a, str) for a in cmd):
            raise KtError(f"{rel(path)}: '{key}' must be a non-empty list of strings",
                          "run kt build again (or fix the build system that wrote it)")
    data.setdefault("test_run", data["run"])
    return data


def rebuild_quietly(shell, build_dir, base):
    """Brings an existing build up to date; prints the output only on failure."""
    if not os.path.isfile(os.path.join(build_dir, CACHE_FILE)):
        return
    cmake = shutil.which("cmake")
    if cmake is None:
        return
    status, out = shell.capture([cmake, "--build", build_dir])
    if status != 0:
        sys.stdout.write(out)
        raise KtError(f"rebuilding {rel(build_dir)} failed", "fix the error printed above, then run kt run again")


def run(shell, build_dir, args, base, rebuild=True, forwards=()):
    """Replaces kt with the image (so its exit status is kt's). FORWARDS
    (hostfwd.Forward) are added to its command line, each host port
    printed; a port of 0 is picked free."""
    info = load_run_info(build_dir)
    if rebuild:
        rebuild_quietly(shell, build_dir, base)
    cmd = info["run"]
    if any("@FRAMES_" in a for a in cmd):
        print(f"kt: the frames network on 127.0.0.1:{MANUAL_LOCAL} (device) and "
              f":{MANUAL_PEER} (peer); start the peer with: scripts/ktlib/frames_peer.py "
              f"--port {MANUAL_PEER} --device-port {MANUAL_LOCAL}")
        cmd = substitute(cmd, MANUAL_LOCAL, MANUAL_PEER)
    held = hostfwd.Reservation(forwards)
    cmd = hostfwd.apply(cmd, info, held.forwards) + list(args)
    for f in held.forwards:
        print(f"kt: host forward {f.describe()}", flush=True)
    held.close()            # the image takes the ports now
    _exec(shell, cmd, "run kt build again, or scripts/setup.sh if it is a host tool")


def _exec(shell, cmd, fix):
    """Replaces kt with CMD (so its exit status is kt's)."""
    shell.echo(cmd)
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        os.execvpe(cmd[0], cmd, shell.env())
    except OSError as e:
        raise KtError(f"cannot start {cmd[0]}: {e.strerror}", fix) from None



def debug(shell, build_dir, base):
    """Starts QEMU halted with a GDB server; prints the gdb command to attach."""
    info = load_run_info(build_dir)
    cmd, gdb = info.get("debug"), info.get("gdb")
    if not cmd or not gdb:
        raise KtError(f"board {info.get('board', '?')} has no debugger set-up",
                      "debug a native_sim image with: gdb --args " + info["image"])
    rebuild_quietly(shell, build_dir, base)
    print("kt: QEMU is waiting for the debugger; attach from another terminal with:")
    print("    " + " ".join(a if " " not in a else repr(a) for a in gdb))
    _exec(shell, cmd, "run scripts/setup.sh")
