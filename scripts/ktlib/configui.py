"""kt menuconfig: Kconfiglib's menuconfig on a build's configuration.

The build writes BUILD/kconfig_env.json:

    {"kconfig": "/abs/Kconfig", "env": {...}, "config": "/abs/BUILD/.config",
     "conf_files": ["/abs/board_defconfig", "/abs/app/prj.conf", ...]}

`conf_files` (optional) lists the configuration files the build merged, in
order, without menuconfig.conf. kt loads the Kconfig tree exactly as the
build does, lets the user edit a copy of .config, and writes the settings
that differ from what the fragments alone give into BUILD/menuconfig.conf,
which the build merges last. Then it configures the build again.
"""

import filecmp
import json
import os
import shutil
import sys
import tempfile

from .build import cached_app, read_cache
from .common import KtError, rel, require_tool

STATE_FILE = "kconfig_env.json"
FRAGMENT_FILE = "menuconfig.conf"


def load_state(build_dir):
    path = os.path.join(build_dir, STATE_FILE)
    if not os.path.isfile(path):
        raise KtError(f"{rel(build_dir)} has no configuration ({STATE_FILE} is missing)", "run kt build first")
    try:
        with open(path, encoding="utf-8") as f:
            state = json.load(f)
    except ValueError as e:
        raise KtError(f"{rel(path)} is not valid JSON ({e})", "run kt build again") from None
    for key in ("kconfig", "config"):
        if not isinstance(state.get(key), str):
            raise KtError(f"{rel(path)}: missing '{key}'", "run kt build again")
    if not os.path.isfile(state["config"]):
        raise KtError(f"{rel(state['config'])} does not exist", "run kt build first")
    state.setdefault("env", {})
    return state


def open_kconfig(state):
    """The build's Kconfig tree, with the environment the build used."""
    try:
        import kconfiglib
    except ImportError:
        raise KtError("Kconfiglib is missing (python3-kconfiglib)",
                      "run scripts/setup.sh and start kt with /usr/bin/python3") from None
    os.environ.update({k: str(v) for k, v in state["env"].items()})
    try:
        return kconfiglib.Kconfig(state["kconfig"], warn_to_stderr=False)
    except kconfiglib.KconfigError as e:
        raise KtError(f"cannot load {state['kconfig']}: {str(e).splitlines()[0]}",
                      "fix the Kconfig file, then run kt build") from None


def values(kconf):
    return {s.name: s.str_value for s in kconf.unique_defined_syms}


def read_fragment(path):
    """{name: line} of the CONFIG_ assignments in a fragment file."""
    entries = {}
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
    except OSError:
        return entries
    for line in lines:
        line = line.strip()
        if line.startswith("CONFIG_") and "=" in line:
            entries[line[len("CONFIG_"):line.index("=")]] = line
        elif line.startswith("# CONFIG_") and line.endswith(" is not set"):
            entries[line[len("# CONFIG_"):-len(" is not set")]] = line
    return entries


def load_baseline(kconf, fragments):
    """Loads the configuration the build makes without menuconfig.conf."""
    kconf.load_config(fragments[0], replace=True)
    for frag in fragments[1:]:
        kconf.load_config(frag, replace=False)


def minimal_fragment(kconf, load, target, keep=()):
    """Fewest assignments that, applied after LOAD(), give the values TARGET.

    Symbols without a prompt follow from the others and are never written.
    KEEP names assignments to keep (with their TARGET value) even when they
    change nothing against the loaded configuration.
    """
    load()
    chosen = []
    syms = kconf.syms
    for name in keep:
        sym = syms.get(name)
        if sym is not None and name in target and sym.visibility:
            sym.set_value(target[name])
            chosen.append(sym)
    for _ in range(8):
        changed = False
        for sym in kconf.unique_defined_syms:
            want = target.get(sym.name)
            if want is None or sym.str_value == want or not sym.visibility:
                continue
            if sym.set_value(want) and sym.str_value == want:
                if sym not in chosen:
                    chosen.append(sym)
                changed = True
        if not changed:
            break
    order = {s.name: i for i, s in enumerate(kconf.unique_defined_syms)}
    chosen.sort(key=lambda s: order.get(s.name, 0))
    return "".join(s.config_string for s in chosen)


def fragment_for(state, build_dir, kconf, target):
    """The text of menuconfig.conf giving TARGET, and a short note."""
    frag_path = os.path.join(build_dir, FRAGMENT_FILE)
    listed = state.get("conf_files") or state.get("fragments") or []
    fragments = [f for f in listed if os.path.isfile(f) and os.path.basename(f) != FRAGMENT_FILE]
    if fragments:
        text = minimal_fragment(kconf, lambda: load_baseline(kconf, fragments), target)
        return text, "against the build's configuration files"
    # Without the list of fragments the current .config (which already holds
    # an earlier menuconfig.conf) is the baseline: keep the earlier entries.
    keep = list(read_fragment(frag_path))
    text = minimal_fragment(kconf, lambda: kconf.load_config(state["config"]), target, keep)
    return text, "against the current .config"


def reconfigure(shell, build_dir, base):
    cache = read_cache(build_dir)
    app = cached_app(cache) if cache else None
    if not app:
        raise KtError(f"{rel(build_dir)} has no CMakeCache.txt", "run kt build first")
    cmake = require_tool("cmake", base)
    status = shell.call([cmake, "-S", app, "-B", build_dir])
    if status != 0:
        raise KtError("configuring again after menuconfig failed", "fix the error printed above, "
                      f"or delete {rel(os.path.join(build_dir, FRAGMENT_FILE))}")


def menuconfig(shell, build_dir, base, interactive=None):
    state = load_state(build_dir)
    if interactive is None:
        interactive = sys.stdin.isatty() and sys.stdout.isatty()
    if not interactive:
        raise KtError("kt menuconfig needs an interactive terminal (stdin/stdout are not a tty)",
                      "run it in a terminal, or put CONFIG_ lines in prj.conf instead")
    try:
        import menuconfig as kmenu
    except ImportError:
        raise KtError("Kconfiglib's menuconfig is missing (python3-kconfiglib)", "run scripts/setup.sh") from None
    kconf = open_kconfig(state)
    with tempfile.TemporaryDirectory(prefix="kt-menuconfig-") as tmp:
        edited = os.path.join(tmp, ".config")
        shutil.copyfile(state["config"], edited)
        os.environ["KCONFIG_CONFIG"] = edited
        kmenu.menuconfig(kconf)
        if filecmp.cmp(edited, state["config"], shallow=False):
            print("kt: configuration not changed")
            return 0
        kconf.load_config(edited)
        target = values(kconf)
    text, note = fragment_for(state, build_dir, kconf, target)
    frag_path = os.path.join(build_dir, FRAGMENT_FILE)
    with open(frag_path, "w", encoding="utf-8") as f:
        f.write("# Written by kt menuconfig: the changes made in menuconfig,\n"
                "# merged last by the build. Delete this file to undo them.\n")
        f.write(text)
    n = text.count("\n")
    print(f"kt: wrote {n} setting{'s' if n != 1 else ''} to {rel(frag_path)} ({note})")
    reconfigure(shell, build_dir, base)
    print("kt: run kt build to rebuild with the new configuration")
    return 0
