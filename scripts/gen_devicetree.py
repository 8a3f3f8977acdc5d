#!/usr/bin/python3
"""Turn the board's devicetree into checked data and plain C device instances.

Two steps, run by the build at configure time:

  gen_devicetree.py dts --dts BOARD.dts [--overlay F ...] --bindings DIR
                        [--bindings DIR ...] --include DIR [--include DIR ...]
                        --out-dir OUT
      Preprocess (cpp) and compile (dtc) the devicetree, read the result
      with libfdt, check every enabled node against its YAML binding
      (dts/bindings/README.md) and write OUT/edt.json (the whole tree,
      decoded) and OUT/Kconfig.dts (DT_HAS_<COMPAT>_ENABLED symbols).
      Intermediate files: OUT/devicetree.dts.pre (preprocessed source),
      OUT/devicetree.dtb, and OUT/devicetree.dts (the merged tree, for
      people).

  gen_devicetree.py devices --edt OUT/edt.json --config BUILD/.config
                            --out-dir OUT --source-name NAME
      Check that every enabled device's driver is built (its Kconfig symbol
      is y in .config) and write OUT/devices.c (one `const struct device`
      per enabled device node, in init order) and OUT/devicetree.h.

Errors go to stderr, one line each, naming the node, property, binding file
and Kconfig symbol concerned; the exit status is then 1. Outputs are only
rewritten when their content changes.
"""

import argparse
import difflib
import json
import os
import re
import subprocess
import sys

import yaml     # Debian python3-yaml
import libfdt   # Debian python3-libfdt

TYPES = ("int", "array", "uint8-array", "boolean", "string", "string-array",
         "phandle")
LEVELS = ("PRE_KERNEL_1", "PRE_KERNEL_2", "POST_KERNEL", "APPLICATION")
BINDING_KEYS = ("compatible", "description", "driver", "properties")
DRIVER_KEYS = ("kconfig", "prefix", "header", "level", "data", "init", "api")
PROP_KEYS = ("type", "required", "default", "field", "size-field",
             "description", "enum")
# Properties every node may carry, whatever its binding says.
STANDARD_PROPS = {
    "compatible": "string-array",
    "status": "string",
    "reg": "array",
    "interrupts": "array",
    "interrupt-parent": "phandle",
    "phandle": "int",
    "linux,phandle": "int",
    "#address-cells": "int",
    "#size-cells": "int",
    "#interrupt-cells": "int",
    "interrupt-controller": "boolean",
    "ranges": None,
}
C_IDENT_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
GENERATOR = "scripts/gen_devicetree.py"


class DtError(Exception):
    """A fatal error; the message is printed as is."""


class Errors:
    def __init__(self):
        self.items = []

    def add(self, msg):
        if msg not in self.items:
            self.items.append(msg)

    def check(self):
        """Raise with every collected message if there are any."""
        if self.items:
            raise DtError("\n".join(self.items))


# ---- small helpers -----------------------------------------------------------

def write_if_changed(path, data):
    """Write text or bytes to path unless the file already holds exactly it."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    try:
        with open(path, "rb") as f:
            if f.read() == data:
                return False
    except OSError:
        pass
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)
    return True


def display_path(path):
    """A path for messages and generated comments: relative to KESTREL_BASE
    when the file is inside it (so outputs do not depend on the checkout
    location), else absolute."""
    path = os.path.abspath(path)
    base = os.environ.get("KESTREL_BASE")
    if base:
        base = os.path.abspath(base)
        if path.startswith(base + os.sep):
            return os.path.relpath(path, base)
    return path


def compat_ident(compat):
    """'kestrel,native-console' -> 'KESTREL_NATIVE_CONSOLE'."""
    return re.sub(r"[^A-Za-z0-9]", "_", compat).upper()


def c_ident(name):
    ident = re.sub(r"[^A-Za-z0-9_]", "_", name)
    if not ident or ident[0].isdigit():
        ident = "_" + ident
    return ident


def c_string(s):
    out = []
    for ch in s:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif " " <= ch <= "~":
            out.append(ch)
        else:
            for b in ch.encode("utf-8"):
                out.append("\\%03o" % b)
    return '"' + "".join(out) + '"'


def node_desc(path, compat):
    if compat:
        return 'devicetree node {} (compatible "{}")'.format(path, compat)
    return "devicetree node {}".format(path)


# ---- bindings ----------------------------------------------------------------

def load_bindings(dirs):
    """compatible -> binding dict, from every *.yaml under dirs."""
    errors = Errors()
    bindings = {}
    for d in dirs:
        if not os.path.isdir(d):
            errors.add("error: bindings directory {} does not exist"
                       .format(d))
            continue
        files = []
        for root, subdirs, names in os.walk(d):
            subdirs.sort()
            files += [os.path.join(root, n) for n in sorted(names)
                      if n.endswith((".yaml", ".yml"))]
        for path in files:
            b = load_binding(path, errors)
            if b is None:
                continue
            other = bindings.get(b["compatible"])
            if other:
                errors.add('{}: error: compatible "{}" already has a binding '
                           "in {}; keep one".format(b["file"], b["compatible"],
                                                    other["file"]))
                continue
            bindings[b["compatible"]] = b
    idents = {}
    for compat in sorted(bindings):
        ident = compat_ident(compat)
        if ident in idents:
            errors.add('{}: error: compatibles "{}" and "{}" both give the '
                       "Kconfig symbol DT_HAS_{}_ENABLED; rename one".format(
                           bindings[compat]["file"], idents[ident], compat,
                           ident))
        idents[ident] = compat
    errors.check()
    return bindings


def load_binding(path, errors):
    shown = display_path(path)
    try:
        with open(path, encoding="utf-8") as f:
            raw = yaml.safe_load(f)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = "{}:{}".format(shown, mark.line + 1) if mark else shown
        problem = getattr(e, "problem", None) or str(e)
        errors.add("{}: error: invalid YAML: {}".format(where, problem))
        return None
    except (OSError, UnicodeDecodeError) as e:
        errors.add("{}: error: cannot read binding: {}".format(shown, e))
        return None

    def bad(key, msg):
        errors.add("{}: error: {}: {}".format(shown, key, msg))

    n_errors = len(errors.items)
    if not isinstance(raw, dict):
        errors.add("{}: error: a binding is a YAML mapping with the keys {}"
                   .format(shown, ", ".join(BINDING_KEYS)))
        return None
    for key in raw:
        if key not in BINDING_KEYS:
            bad(key, "unknown key (allowed: {})".format(", ".join(BINDING_KEYS)))
    compat = raw.get("compatible")
    if not isinstance(compat, str) or not compat:
        bad("compatible", "required, a non-empty string")
    if "description" in raw and not isinstance(raw["description"], str):
        bad("description", "must be a string")
    driver = load_driver(raw.get("driver"), bad)
    props = {}
    praw = raw.get("properties", {})
    if praw is None:
        praw = {}
    if not isinstance(praw, dict):
        bad("properties", "must be a mapping of property name to its spec")
        praw = {}
    for name, spec in praw.items():
        p = load_prop_spec(str(name), spec, bad)
        if p is not None:
            props[str(name)] = p
    fields = {}
    for name, p in props.items():
        named = p.get("field")
        named = named if isinstance(named, list) else [named]
        for f in named + [p.get("size-field")]:
            if f is None or not isinstance(f, str):
                continue
            if f in fields:
                bad("properties.{}".format(name), "field '{}' is also used by "
                    "property '{}'".format(f, fields[f]))
            fields[f] = name
    if len(errors.items) != n_errors:
        return None
    return {
        "file": shown,
        "path": os.path.abspath(path),
        "compatible": compat,
        "description": raw.get("description", ""),
        "driver": driver,
        "properties": props,
    }


def load_driver(draw, bad):
    if draw is None:
        return None
    if not isinstance(draw, dict):
        bad("driver", "must be a mapping with the keys {}"
            .format(", ".join(DRIVER_KEYS)))
        return None
    for key in draw:
        if key not in DRIVER_KEYS:
            bad("driver.{}".format(key), "unknown key (allowed: {})".format(
                ", ".join(DRIVER_KEYS)))
    driver = {}
    kconfig = draw.get("kconfig")
    if not isinstance(kconfig, str) or not C_IDENT_RE.match(kconfig):
        bad("driver.kconfig", "required, the Kconfig symbol that builds the "
            "driver (e.g. UART_NS16550)")
    elif kconfig.startswith("CONFIG_"):
        bad("driver.kconfig", "write the symbol without CONFIG_ ({})".format(
            kconfig[len("CONFIG_"):]))
    driver["kconfig"] = kconfig
    prefix = draw.get("prefix")
    if not isinstance(prefix, str) or not C_IDENT_RE.match(prefix):
        bad("driver.prefix", "required, a C identifier that starts the "
            "driver's names (e.g. uart_ns16550)")
    driver["prefix"] = prefix
    header = draw.get("header")
    if not isinstance(header, str) or not header:
        bad("driver.header", "required, the driver's header relative to "
            "drivers/ (e.g. serial/uart_ns16550.h)")
    driver["header"] = header
    level = draw.get("level", "POST_KERNEL")
    if level not in LEVELS:
        bad("driver.level", "'{}' is not an init level (use {})".format(
            level, ", ".join(LEVELS)))
    driver["level"] = level
    for key in ("data", "init", "api"):
        val = draw.get(key, True)
        if not isinstance(val, bool):
            bad("driver.{}".format(key), "must be true or false")
        driver[key] = val
    return driver


def load_prop_spec(name, spec, bad):
    key = "properties.{}".format(name)
    if not isinstance(spec, dict):
        bad(key, "must be a mapping with at least 'type'")
        return None
    for k in spec:
        if k not in PROP_KEYS:
            bad("{}.{}".format(key, k), "unknown key (allowed: {})".format(
                ", ".join(PROP_KEYS)))
    t = spec.get("type")
    if t not in TYPES:
        bad(key + ".type", "'{}' is not a property type (use {})".format(
            t, ", ".join(TYPES)))
        return None
    p = {"type": t, "required": spec.get("required", False)}
    if not isinstance(p["required"], bool):
        bad(key + ".required", "must be true or false")
    for k in ("field", "size-field"):
        if k in spec:
            if k == "field" and t == "array" and isinstance(spec[k], list):
                # One member per cell: interrupts = <0>, <1>, <12>;
                if not spec[k] or not all(isinstance(f, str) and
                                          C_IDENT_RE.match(f)
                                          for f in spec[k]):
                    bad(key + ".field", "must be a C identifier or, for an "
                        "array, a non-empty list of them (one per cell)")
            elif not isinstance(spec[k], str) or not C_IDENT_RE.match(spec[k]):
                bad("{}.{}".format(key, k), "must be a C identifier (the "
                    "config struct member)")
            p[k] = spec[k]
    if "size-field" in spec and name != "reg":
        bad(key + ".size-field", "only 'reg' has sizes")
    if "description" in spec:
        p["description"] = str(spec["description"])
    if "enum" in spec:
        enum = spec["enum"]
        ok_type = int if t == "int" else str
        if t not in ("int", "string") or not isinstance(enum, list) or \
                not enum or not all(isinstance(v, ok_type) and
                                    not isinstance(v, bool) for v in enum):
            bad(key + ".enum", "must be a non-empty list of allowed values, "
                "for int and string properties only")
        else:
            p["enum"] = enum
    if "default" in spec:
        d = spec["default"]
        if p["required"] is True:
            bad(key + ".default", "a required property has no default")
        elif not default_ok(t, d):
            bad(key + ".default", "{!r} is not a valid {} value".format(d, t))
        else:
            p["default"] = [d] if t == "array" and isinstance(d, int) else d
    return p


def default_ok(t, d):
    def is_int(v):
        return isinstance(v, int) and not isinstance(v, bool) and \
            0 <= v <= 0xFFFFFFFF
    if t == "int":
        return is_int(d)
    if t == "array":
        return is_int(d) or (isinstance(d, list) and all(map(is_int, d)))
    if t == "string":
        return isinstance(d, str)
    if t == "string-array":
        return isinstance(d, list) and all(isinstance(v, str) for v in d)
    if t == "uint8-array":
        return isinstance(d, list) and bool(d) and all(
            isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 255
            for v in d)
    return False   # boolean and phandle have no default


# ---- dts: preprocess, compile, read ------------------------------------------

def run_tool(cmd, what):
    try:
        res = subprocess.run(cmd, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, check=False)
    except FileNotFoundError:
        raise DtError("error: {} not found; install it (scripts/setup.sh "
                      "installs every build tool)".format(cmd[0]))
    err = res.stderr.decode("utf-8", "replace").rstrip()
    if res.returncode != 0:
        raise DtError("{}\nerror: {} failed (exit {}): {}".format(
            err, what, res.returncode, " ".join(cmd)).lstrip())
    return res.stdout, err


def compile_dts(args):
    """Preprocess and compile; returns (dtb bytes, list of input files)."""
    out = args.out_dir
    os.makedirs(out, exist_ok=True)
    for path in [args.dts] + args.overlay:
        if not os.path.isfile(path):
            raise DtError("error: devicetree source {} not found".format(path))
    wrapper = ["/* Generated by {}: the board devicetree, then each overlay "
               "in order. */\n".format(GENERATOR)]
    for path in [args.dts] + args.overlay:
        wrapper.append('#include "{}"\n'.format(os.path.abspath(path)))
    wrapper_path = os.path.join(out, "devicetree.wrapper.dts")
    write_if_changed(wrapper_path, "".join(wrapper))

    pre_tmp = os.path.join(out, "devicetree.dts.pre.tmp")
    cmd = ["cpp", "-nostdinc", "-undef", "-x", "assembler-with-cpp",
           "-D__DTS__"]
    for inc in args.include:
        cmd += ["-I", inc]
    cmd += ["-o", pre_tmp, wrapper_path]
    try:
        _, warnings = run_tool(cmd, "preprocessing the devicetree (cpp)")
    except DtError:
        if os.path.exists(pre_tmp):
            os.unlink(pre_tmp)
        raise
    if warnings:
        print(warnings, file=sys.stderr)
    with open(pre_tmp, "rb") as f:
        pre = f.read()
    os.unlink(pre_tmp)
    pre_path = os.path.join(out, "devicetree.dts.pre")
    write_if_changed(pre_path, pre)

    dtb, warnings = run_tool(["dtc", "-@", "-I", "dts", "-O", "dtb", pre_path],
                             "compiling the devicetree (dtc)")
    if warnings:
        print(warnings, file=sys.stderr)
    write_if_changed(os.path.join(out, "devicetree.dtb"), dtb)
    merged, _ = run_tool(["dtc", "-I", "dts", "-O", "dts", "-q", pre_path],
                         "writing the merged devicetree (dtc)")
    write_if_changed(os.path.join(out, "devicetree.dts"), merged)

    inputs = []
    for m in re.finditer(rb'^# \d+ "([^"<][^"]*)"', pre, re.M):
        path = m.group(1).decode("utf-8", "replace")
        path = os.path.abspath(path)
        if path != os.path.abspath(wrapper_path) and path not in inputs:
            inputs.append(path)
    return dtb, inputs


def fdt_nodes(fdt):
    """Every node as (path, name, parent path, {prop: bytes}), pre-order."""
    nodes = []

    def walk(off, path, parent):
        props = {}
        poff = fdt.first_property_offset(off, libfdt.QUIET_NOTFOUND)
        while poff >= 0:
            prop = fdt.get_property_by_offset(poff)
            props[prop.name] = bytes(prop)
            poff = fdt.next_property_offset(poff, libfdt.QUIET_NOTFOUND)
        name = "/" if path == "/" else fdt.get_name(off)
        nodes.append((path, name, parent, props))
        sub = fdt.first_subnode(off, libfdt.QUIET_NOTFOUND)
        while sub >= 0:
            sub_name = fdt.get_name(sub)
            walk(sub, path.rstrip("/") + "/" + sub_name, path)
            sub = fdt.next_subnode(sub, libfdt.QUIET_NOTFOUND)

    walk(0, "/", None)
    return nodes


def split_strings(raw):
    """NUL-terminated strings in raw, or None if raw is not that."""
    if not raw or raw[-1:] != b"\0":
        return None
    parts = raw[:-1].split(b"\0")
    try:
        strings = [p.decode("utf-8") for p in parts]
    except UnicodeDecodeError:
        return None
    if any(not s or not s.isprintable() for s in strings):
        return None
    return strings


def cells(raw):
    return [int.from_bytes(raw[i:i + 4], "big") for i in range(0, len(raw), 4)]


def decode_generic(raw):
    """Best-effort value of a property no binding describes."""
    if not raw:
        return True
    strings = split_strings(raw)
    if strings is not None:
        return strings[0] if len(strings) == 1 else strings
    if len(raw) % 4 == 0:
        return cells(raw)
    return list(raw)


class Tree:
    """The decoded devicetree."""

    def __init__(self, dtb):
        try:
            fdt = libfdt.Fdt(dtb)
            raw_nodes = fdt_nodes(fdt)
        except libfdt.FdtException as e:
            raise DtError("error: cannot read the compiled devicetree: {}"
                          .format(e))
        self.nodes = []          # dicts, devicetree order
        self.by_path = {}
        self.by_phandle = {}
        self.raw = {}            # path -> {prop: bytes}
        symbols = {}
        for path, name, parent, props in raw_nodes:
            if path == "/__symbols__":
                symbols = props
                continue
            if re.match(r"^/__\w+__(/|$)", path):
                continue        # __fixups__ and friends (overlays only)
            node = {"path": path, "name": name, "parent": parent,
                    "labels": []}
            self.nodes.append(node)
            self.by_path[path] = node
            self.raw[path] = props
            ph = props.get("phandle")
            if ph is not None and len(ph) == 4:
                self.by_phandle[cells(ph)[0]] = path
        for label, raw in symbols.items():
            strings = split_strings(raw)
            if strings and strings[0] in self.by_path:
                self.by_path[strings[0]]["labels"].append(label)


def node_status(raw_props):
    raw = raw_props.get("status")
    if raw is None:
        return None
    strings = split_strings(raw)
    return strings[0] if strings else repr(raw)


def cell_sizes(tree, node):
    """(#address-cells, #size-cells) that apply to node's reg."""
    parent = node["parent"]
    props = tree.raw.get(parent, {}) if parent else {}

    def get(name, default):
        raw = props.get(name)
        return cells(raw)[0] if raw is not None and len(raw) == 4 else default
    return get("#address-cells", 2), get("#size-cells", 1)


def decode_reg(tree, node, values, fail):
    ac, sc = cell_sizes(tree, node)
    per = ac + sc
    if per == 0 or len(values) % per:
        fail("property 'reg' has {} cells, which is not a multiple of "
             "#address-cells ({}) + #size-cells ({}) set in {}".format(
                 len(values), ac, sc, node["parent"]))
        return None
    regs = []
    for i in range(0, len(values), per):
        addr = 0
        for c in values[i:i + ac]:
            addr = (addr << 32) | c
        size = None
        if sc:
            size = 0
            for c in values[i + ac:i + per]:
                size = (size << 32) | c
        regs.append({"address": addr, "size": size})
    return regs


TYPE_HINTS = {
    "int": "one 32-bit cell, e.g. {} = <42>;",
    "array": "32-bit cells, e.g. {} = <1 2 3>;",
    "uint8-array": "bytes, e.g. {} = [02 00 5e 00 00 01];",
    "boolean": "a boolean, written without a value: {};",
    "string": 'one string, e.g. {} = "text";',
    "string-array": 'strings, e.g. {} = "a", "b";',
    "phandle": "a reference to a node, e.g. {} = <&label>;",
}


def decode_typed(tree, name, t, raw, fail):
    """Decode raw bytes as binding type t; calls fail() and returns None
    when the value does not fit the type."""
    def wrong():
        fail("property '{}' must be {}".format(name,
                                               TYPE_HINTS[t].format(name)))
        return None
    if t == "boolean":
        return True if not raw else wrong()
    if t in ("int", "phandle"):
        if len(raw) != 4:
            return wrong()
        val = cells(raw)[0]
        if t == "int":
            return val
        target = tree.by_phandle.get(val)
        if target is None:
            fail("property '{}' refers to phandle {} which is no node".format(
                name, val))
        return target
    if t == "array":
        return cells(raw) if len(raw) % 4 == 0 else wrong()
    if t == "uint8-array":
        return list(raw) if raw else wrong()
    strings = split_strings(raw)
    if strings is None or (t == "string" and len(strings) != 1):
        return wrong()
    return strings[0] if t == "string" else strings


def closest(name, choices):
    close = difflib.get_close_matches(name, list(choices), 1, 0.7)
    return " (did you mean '{}'?)".format(close[0]) if close else ""


def decode_node(tree, node, bindings, errors):
    """Fill in node's compatible, status, binding and properties; report
    problems of enabled nodes to errors."""
    raw_props = tree.raw[node["path"]]
    compat_raw = raw_props.get("compatible")
    compats = split_strings(compat_raw) if compat_raw is not None else []
    node["compatible"] = compats or []
    node["status"] = node_status(raw_props)
    node["enabled"] = node["status"] in (None, "okay", "ok")
    binding = next((bindings[c] for c in node["compatible"] if c in bindings),
                   None)
    node["binding"] = binding["compatible"] if binding else None
    node["binding_file"] = binding["file"] if binding else None
    check = node["enabled"] and binding is not None
    desc = node_desc(node["path"], node["binding"])

    def fail(msg):
        if check:
            errors.add("error: {}: {} (binding {})".format(
                desc, msg, binding["file"]))

    if compat_raw is not None and not compats:
        fail("property 'compatible' must be strings")
    specs = binding["properties"] if binding else {}
    props = {}
    for name, raw in raw_props.items():
        spec = specs.get(name)
        t = spec["type"] if spec else STANDARD_PROPS.get(name)
        if spec is None and name not in STANDARD_PROPS:
            fail("property '{}' is not in the binding{}; declare it there or "
                 "remove it".format(name, closest(name, specs)))
        if t is None:
            props[name] = decode_generic(raw)
            continue
        val = decode_typed(tree, name, t, raw, fail)
        if val is None and not check:
            val = decode_generic(raw)
        props[name] = val
        if spec and "enum" in spec and val is not None and \
                val not in spec["enum"]:
            fail("property '{}' is {!r}, not one of {}".format(
                name, val, ", ".join(repr(v) for v in spec["enum"])))
    for name, spec in specs.items():
        if name in props:
            continue
        if spec["required"]:
            fail("required property '{}' is missing".format(name))
        elif "default" in spec:
            props[name] = spec["default"]
        elif spec["type"] == "boolean":
            props[name] = False
    node["properties"] = props
    node["reg"] = None
    if isinstance(props.get("reg"), list):
        node["reg"] = decode_reg(tree, node, props["reg"], fail)
    node["depends_on"] = []
    for name, spec in specs.items():
        if spec["type"] == "phandle" and isinstance(props.get(name), str):
            node["depends_on"].append({"property": name,
                                       "path": props[name]})


def is_device(node, bindings):
    b = bindings.get(node["binding"]) if node["binding"] else None
    return bool(node["enabled"] and b and b["driver"])


def check_phandle_targets(tree, bindings, errors):
    for node in tree.nodes:
        if not is_device(node, bindings):
            continue
        for dep in node["depends_on"]:
            target = tree.by_path[dep["path"]]
            if is_device(target, bindings):
                continue
            if not target["enabled"]:
                why = "is disabled (status = \"{}\")".format(target["status"])
            elif target["binding"] is None:
                why = "has no binding (compatible {})".format(
                    ", ".join('"{}"'.format(c) for c in target["compatible"])
                    or "missing")
            else:
                why = "is not a device (binding {} has no driver section)" \
                    .format(bindings[target["binding"]]["file"])
            errors.add("error: {}: property '{}' refers to {}, which {} "
                       "(binding {})".format(
                           node_desc(node["path"], node["binding"]),
                           dep["property"], dep["path"], why,
                           bindings[node["binding"]]["file"]))


def chosen_entries(tree):
    """/chosen name -> node path ('&label' strings and <&label> phandles)."""
    chosen = {}
    for name, raw in tree.raw.get("/chosen", {}).items():
        strings = split_strings(raw)
        if strings and len(strings) == 1 and strings[0] in tree.by_path:
            chosen[name] = strings[0]
        elif len(raw) == 4 and cells(raw)[0] in tree.by_phandle:
            chosen[name] = tree.by_phandle[cells(raw)[0]]
    return chosen


def kconfig_dts_text(tree, bindings, source):
    enabled = set()
    for node in tree.nodes:
        if node["enabled"]:
            enabled.update(node["compatible"])
    out = ["# Generated by {} from {}. Do not edit.\n".format(GENERATOR, source),
           "# DT_HAS_<COMPATIBLE>_ENABLED is y when an enabled devicetree "
           "node has that\n# compatible; there is one symbol per binding in "
           "dts/bindings.\n"]
    for compat in sorted(bindings):
        out.append('\n# "{}" ({})\nconfig DT_HAS_{}_ENABLED\n\tdef_bool {}\n'
                   .format(compat, bindings[compat]["file"],
                           compat_ident(compat),
                           "y" if compat in enabled else "n"))
    return "".join(out)


def cmd_dts(args):
    bindings = load_bindings(args.bindings)
    dtb, inputs = compile_dts(args)
    tree = Tree(dtb)
    errors = Errors()
    for node in tree.nodes:
        decode_node(tree, node, bindings, errors)
    errors.check()
    check_phandle_targets(tree, bindings, errors)
    errors.check()

    source = display_path(args.dts)
    edt = {
        "generator": GENERATOR,
        "dts": source,
        "overlays": [display_path(p) for p in args.overlay],
        "inputs": inputs + sorted(b["path"] for b in bindings.values()),
        "bindings": bindings,
        "chosen": chosen_entries(tree),
        "nodes": tree.nodes,
    }
    write_if_changed(os.path.join(args.out_dir, "edt.json"),
                     json.dumps(edt, indent=1) + "\n")
    write_if_changed(os.path.join(args.out_dir, "Kconfig.dts"),
                     kconfig_dts_text(tree, bindings, source))


# ---- devices: device instances in C ------------------------------------------

def read_config(path):
    values = {}
    try:
        with open(path, encoding="utf-8") as f:
            for line in f:
                m = re.match(r"^CONFIG_([A-Za-z0-9_]+)=(.*)$", line.rstrip())
                if m:
                    values[m.group(1)] = m.group(2)
    except OSError as e:
        raise DtError("error: cannot read {}: {}".format(path,
                                                         e.strerror or e))
    return values


def read_edt(path):
    try:
        with open(path, encoding="utf-8") as f:
            edt = json.load(f)
    except (OSError, ValueError) as e:
        raise DtError("error: cannot read {}: {} (run the 'dts' step first)"
                      .format(path, e))
    if edt.get("generator") != GENERATOR or "nodes" not in edt:
        raise DtError("error: {} was not written by {} dts".format(
            path, GENERATOR))
    return edt


class Device:
    def __init__(self, node, binding, index):
        self.node = node
        self.binding = binding
        self.driver = binding["driver"]
        self.index = index          # devicetree order
        self.path = node["path"]
        self.name = node["labels"][0] if node["labels"] else \
            c_ident(node["name"])
        self.level = LEVELS.index(self.driver["level"])
        self.deps = []              # (property, Device)

    @property
    def desc(self):
        return node_desc(self.path, self.binding["compatible"])


def collect_devices(edt, config):
    bindings = edt["bindings"]
    errors = Errors()
    devices = []
    for node in edt["nodes"]:
        if not is_device(node, bindings):
            continue
        binding = bindings[node["binding"]]
        sym = binding["driver"]["kconfig"]
        if config.get(sym) != "y":
            errors.add("error: {} is enabled but its driver is not built: set "
                       "CONFIG_{}=y, or disable the node with status = "
                       "\"disabled\"".format(node_desc(node["path"],
                                                       node["binding"]), sym))
            continue
        devices.append(Device(node, binding, len(devices)))
    errors.check()
    by_name = {}
    by_path = {d.path: d for d in devices}
    for d in devices:
        if d.name in by_name:
            errors.add("error: {} and {} would both be the device '{}'; give "
                       "one of them a different label (label: node-name {{...}})"
                       .format(by_name[d.name].path, d.path, d.name))
        by_name[d.name] = d
        for dep in d.node["depends_on"]:
            target = by_path.get(dep["path"])
            if target is None:
                errors.add("error: {}: property '{}' refers to {}, which is not "
                           "a device (binding {})".format(
                               d.desc, dep["property"], dep["path"],
                               d.binding["file"]))
            elif target.level > d.level:
                errors.add("error: {}: property '{}' refers to {}, which is "
                           "initialised later ({} after {}); give the drivers "
                           "levels in dependency order (binding {})".format(
                               d.desc, dep["property"], target.path,
                               LEVELS[target.level], LEVELS[d.level],
                               d.binding["file"]))
            else:
                d.deps.append((dep["property"], target))
    errors.check()
    return devices


def init_order(devices):
    """Level, then dependencies, then devicetree order: within a level the
    devices are taken in devicetree order, and each one's dependencies are
    placed before it (depth first), so a device only moves for a reason."""
    order = []
    for level in range(len(LEVELS)):
        group = [d for d in devices if d.level == level]
        state = {}                  # device -> "visiting" | "done"

        def visit(d, chain):
            if state.get(d) == "done":
                return
            if state.get(d) == "visiting":
                cycle = chain[chain.index(d):] + [d]
                raise DtError("error: devicetree nodes depend on each other "
                              "in a cycle (through phandle properties): {}"
                              .format(" -> ".join(x.path for x in cycle)))
            state[d] = "visiting"
            deps = sorted({t for _, t in d.deps if t.level == level},
                          key=lambda t: t.index)
            for t in deps:
                visit(t, chain + [d])
            state[d] = "done"
            order.append(d)

        for d in group:
            visit(d, [])
    return order


def c_number(val, hexa):
    if isinstance(val, bool):
        return "true" if val else "false"
    suffix = "ULL" if val > 0xFFFFFFFF else ""
    return ("0x%x" % val if hexa else str(val)) + suffix


def config_fields(dev, names):
    """[(field, C expression, comment)] of dev's config struct."""
    props = dev.node["properties"]
    fields = []
    for pname, spec in dev.binding["properties"].items():
        if "field" not in spec and "size-field" not in spec:
            continue
        val = props.get(pname)
        if val is None:
            continue
        t = spec["type"]
        if pname == "reg" and dev.node.get("reg"):
            reg = dev.node["reg"][0]
            if "field" in spec:
                fields.append((spec["field"], c_number(reg["address"], True)))
            if "size-field" in spec and reg["size"] is not None:
                fields.append((spec["size-field"],
                               c_number(reg["size"], True)))
            continue
        if "field" not in spec:
            continue
        if t == "boolean":
            expr = "true" if val else "false"
        elif t == "int":
            expr = c_number(val, False)
        elif t == "array" and isinstance(spec["field"], list):
            fields.extend((f, c_number(v, False))
                          for f, v in zip(spec["field"], val))
            continue
        elif t == "array":
            if not val:
                continue
            expr = c_number(val[0], False)
        elif t == "uint8-array":
            expr = "{" + ", ".join("0x%02x" % b for b in val) + "}"
        elif t == "string":
            expr = c_string(val)
        elif t == "string-array":
            if not val:
                continue
            expr = c_string(val[0])
        else:   # phandle
            expr = "&__device_{}".format(names[val])
        fields.append((spec["field"], expr))
    return fields


def has_config(binding):
    return any("field" in s or "size-field" in s
               for s in binding["properties"].values())


def device_c(dev, names):
    n, drv = dev.name, dev.driver
    prefix = drv["prefix"]
    out = ['/* {}  compatible "{}"  (binding {}) */\n'.format(
        dev.path, dev.binding["compatible"], dev.binding["file"])]
    if has_config(dev.binding):
        out.append("static const struct {}_config {}_config = {{\n".format(
            prefix, n))
        for field, expr in config_fields(dev, names):
            out.append("\t.{} = {},\n".format(field, expr))
        out.append("};\n")
    if drv["data"]:
        out.append("static struct {}_data {}_data;\n".format(prefix, n))
    out.append("static struct device_state {}_state;\n".format(n))
    out.append("const struct device __device_{} = {{\n".format(n))
    out.append('\t.name = {},\n'.format(c_string(n)))
    out.append('\t.node_path = {},\n'.format(c_string(dev.path)))
    out.append("\t.config = {},\n".format(
        "&{}_config".format(n) if has_config(dev.binding) else "NULL"))
    out.append("\t.data = {},\n".format(
        "&{}_data".format(n) if drv["data"] else "NULL"))
    out.append("\t.api = {},\n".format(
        "&{}_api".format(prefix) if drv["api"] else "NULL"))
    out.append("\t.init = {},\n".format(
        "{}_init".format(prefix) if drv["init"] else "NULL"))
    out.append("\t.state = &{}_state,\n".format(n))
    out.append("\t.level = DEVICE_INIT_{},\n".format(drv["level"]))
    out.append("};\n")
    return "".join(out)


def devices_c_text(order, source):
    names = {d.path: d.name for d in order}
    out = ["/* Generated by {} from {}. Do not edit. */\n".format(
        GENERATOR, source), "#include <stddef.h>\n",
        "#include <kestrel/device.h>\n"]
    headers = []
    for d in order:
        if d.driver["header"] not in headers:
            headers.append(d.driver["header"])
    out += ['#include "{}"\n'.format(h) for h in headers]
    for d in order:
        out.append("\n" + device_c(d, names))
    out.append("\n/* Init order: level, then dependencies (phandles), then "
               "devicetree order. */\n")
    if order:
        out.append("const struct device *const device_list[] = {\n")
        out += ["\t&__device_{},\n".format(d.name) for d in order]
        out.append("};\n")
    else:
        out.append("const struct device *const device_list[1] = { 0 };\n")
    out.append("const unsigned int device_count = {};\n".format(len(order)))
    return "".join(out)


def device_class(driver):
    """A driver's class: its folder under drivers/ (serial, ethernet ...)."""
    return driver["header"].split("/")[0] if "/" in driver["header"] else None


def class_macros(order, bindings):
    """DEVICE_DT_CLASS_<CLASS>_COUNT/_LIST for every class some binding's
    driver belongs to (so a class with no enabled device still has them)."""
    classes = sorted({device_class(b["driver"]) for b in bindings.values()
                      if b.get("driver") and device_class(b["driver"])})
    out = []
    if classes:
        out.append("\n/* Devices by class (the driver's folder under drivers/), "
                   "in init order. */\n")
    for cls in classes:
        members = [d for d in order if device_class(d.driver) == cls]
        ident = c_ident(cls).upper()
        out.append("#define DEVICE_DT_CLASS_{}_COUNT {}\n".format(ident, len(members)))
        out.append("#define DEVICE_DT_CLASS_{}_LIST {}\n".format(
            ident, " ".join("&__device_{},".format(d.name) for d in members)))
    return out


def devicetree_h_text(order, chosen, source, bindings=None):
    by_path = {d.path: d for d in order}
    out = ["/* Generated by {} from {}. Do not edit. */\n".format(
        GENERATOR, source),
        "#ifndef KESTREL_GENERATED_DEVICETREE_H\n",
        "#define KESTREL_GENERATED_DEVICETREE_H\n",
        "#include <kestrel/device.h>\n"]
    if order:
        out.append("\n/* Every device, in init order. */\n")
    out += ["extern const struct device __device_{};\n".format(d.name)
            for d in order]
    if any(d.node["labels"] for d in order):
        out.append("\n/* Devices by devicetree label. */\n")
    for d in order:
        for label in d.node["labels"]:
            out.append("#define DEVICE_DT_NODELABEL_{} (&__device_{})\n"
                       .format(label, d.name))
    chosen_devs = [(c_ident(name), by_path[path])
                   for name, path in chosen.items() if path in by_path]
    if chosen_devs:
        out.append("\n/* /chosen entries that are devices. */\n")
    for ident, d in chosen_devs:
        out.append("#define DEVICE_DT_CHOSEN_{} (&__device_{})\n".format(
            ident, d.name))
        out.append("#define DT_HAS_CHOSEN_{} 1\n".format(ident))
    out += class_macros(order, bindings or {})
    out.append("\n#endif /* KESTREL_GENERATED_DEVICETREE_H */\n")
    return "".join(out)


def cmd_devices(args):
    edt = read_edt(args.edt)
    config = read_config(args.config)
    devices = collect_devices(edt, config)
    order = init_order(devices)
    write_if_changed(os.path.join(args.out_dir, "devices.c"),
                     devices_c_text(order, args.source_name))
    write_if_changed(os.path.join(args.out_dir, "devicetree.h"),
                     devicetree_h_text(order, edt.get("chosen", {}),
                                       args.source_name, edt["bindings"]))


# ---- main --------------------------------------------------------------------

def main(argv=None):
    p = argparse.ArgumentParser(
        description="Devicetree generator: checks the board's devicetree "
        "against its bindings and writes device instances in C.")
    sub = p.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("dts", help="preprocess, compile and check the "
                       "devicetree; write edt.json and Kconfig.dts")
    d.add_argument("--dts", required=True, help="the board's .dts")
    d.add_argument("--overlay", action="append", default=[],
                   help="overlay applied after the board .dts (repeatable)")
    d.add_argument("--bindings", action="append", required=True,
                   help="directory of YAML bindings (repeatable)")
    d.add_argument("--include", action="append", default=[],
                   help="include directory for cpp (repeatable)")
    d.add_argument("--out-dir", required=True)
    v = sub.add_parser("devices", help="write devices.c and devicetree.h")
    v.add_argument("--edt", required=True, help="edt.json of the dts step")
    v.add_argument("--config", required=True, help="the build's .config")
    v.add_argument("--out-dir", required=True)
    v.add_argument("--source-name", required=True,
                   help="what to name as the source in generated comments")
    args = p.parse_args(argv)
    try:
        if args.cmd == "dts":
            cmd_dts(args)
        else:
            cmd_devices(args)
    except DtError as e:
        print(str(e), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
