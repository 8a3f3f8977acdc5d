#!/usr/bin/python3
"""Evaluate Kestrel's Kconfig tree into .config, autoconf.h and autoconf.cmake.

Usage:
  kconfig.py --kconfig ROOT_KCONFIG --defconfig BOARD_defconfig
             [--conf prj.conf ...] --config-out BUILD/.config
             --header-out BUILD/generated/autoconf.h
             [--cmake-out BUILD/generated/autoconf.cmake]

The configuration files are loaded in order (board defconfig first, then each
--conf; a later assignment wins). Kconfiglib only warns about most mistakes;
here every one of them is an error that names FILE:LINE and the symbol:

  - an assignment to a symbol that does not exist (with a spelling hint),
  - a value that is malformed for the symbol's type or outside its range,
  - an assignment that did not take effect (unmet 'depends on', no prompt,
    forced by a 'select', another member of a choice won),
  - a line that is not an assignment, a comment or blank,
  - any other Kconfiglib warning, including those about the Kconfig tree.

Errors go to stderr as 'FILE:LINE: error: ...' and the exit status is 1;
nothing is written then. Outputs are only rewritten when their content
changes, so an unchanged configuration does not trigger a rebuild.

The Kconfig tree may use environment variables ($(KESTREL_BASE),
$(BOARD_DIR), $(KCONFIG_DTS), ...); they are taken from the environment.
"""

import argparse
import difflib
import os
import re
import sys

# References to undefined symbols in the Kconfig tree are mistakes too (a
# typo in 'depends on' silently turns an option off). Kconfiglib reads this
# when a Kconfig object is built.
os.environ["KCONFIG_WARN_UNDEF"] = "y"

import kconfiglib  # noqa: E402  (Debian python3-kconfiglib)

PREFIX = "CONFIG_"
ASSIGN_RE = re.compile(r"^CONFIG_([A-Za-z0-9_]+)=(.*)$")
UNSET_RE = re.compile(r"^# CONFIG_([A-Za-z0-9_]+) is not set$")
BARE_ASSIGN_RE = re.compile(r"^\s*([A-Za-z0-9_]+)\s*=\s*(.*)$")
INT_RE = re.compile(r"^-?[0-9]+$")
HEX_RE = re.compile(r"^(0[xX])?[0-9a-fA-F]+$")
STRING_RE = re.compile(r'^"((?:[^"\\]|\\.)*)"$')

BOOL = kconfiglib.BOOL
TRISTATE = kconfiglib.TRISTATE
STRING = kconfiglib.STRING
INT = kconfiglib.INT
HEX = kconfiglib.HEX


class Assignment:
    """One CONFIG_ line of a configuration file."""

    def __init__(self, path, linenr, name, text, unset):
        self.path = path
        self.linenr = linenr
        self.name = name
        self.text = text      # the value as written ("y", "42", '"str"')
        self.unset = unset    # written as '# CONFIG_X is not set'
        self.value = None     # normalised value once validated

    @property
    def where(self):
        return "{}:{}".format(self.path, self.linenr)

    def __str__(self):
        if self.unset:
            return "# {}{} is not set".format(PREFIX, self.name)
        return "{}{}={}".format(PREFIX, self.name, self.text)


class Errors:
    """Error messages, printed sorted by file (in load order) and line."""

    def __init__(self):
        self.items = []
        self.file_order = {}

    def add(self, where, msg):
        path, _, line = where.rpartition(":")
        if path and line.isdigit():
            key = (self.file_order.get(path, len(self.file_order)), int(line))
        else:
            key = (self.file_order.get(where, -1), 0)
        self.items.append((key, len(self.items),
                           "{}: error: {}".format(where, msg)))

    def add_raw(self, msg):
        """A message that already names its place (Kconfig tree errors)."""
        self.items.append(((-1, 0), len(self.items), msg))

    def messages(self):
        return [msg for _, _, msg in sorted(self.items)]

    def __bool__(self):
        return bool(self.items)


def parse_conf(path, errors):
    """Return the assignments of one configuration file, in order."""
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
    except OSError as e:
        errors.add(path, "cannot read configuration file: {}".format(
            e.strerror or e))
        return []
    except UnicodeDecodeError as e:
        errors.add(path, "configuration file is not UTF-8 text ({})".format(e))
        return []

    result = []
    for linenr, line in enumerate(lines, 1):
        line = line.rstrip()
        m = ASSIGN_RE.match(line)
        if m:
            result.append(Assignment(path, linenr, m.group(1), m.group(2),
                                     False))
            continue
        m = UNSET_RE.match(line)
        if m:
            result.append(Assignment(path, linenr, m.group(1), "n", True))
            continue
        if not line or line.lstrip().startswith("#"):
            continue
        where = "{}:{}".format(path, linenr)
        m = BARE_ASSIGN_RE.match(line)
        if m and not m.group(1).startswith(PREFIX):
            errors.add(where, "malformed line '{}' (did you mean {}{}={}?)"
                       .format(line, PREFIX, m.group(1), m.group(2)))
        elif m:
            errors.add(where, "malformed line '{}' (write {}{}={} with no "
                       "spaces around '=')".format(line, PREFIX,
                                                   m.group(1)[len(PREFIX):],
                                                   m.group(2)))
        else:
            errors.add(where, "malformed line '{}' (expected CONFIG_NAME=value "
                       "or '# CONFIG_NAME is not set')".format(line))
    return result


def defined_names(kconf):
    return sorted(sym.name for sym in kconf.unique_defined_syms)


def type_name(sym):
    return kconfiglib.TYPE_TO_STR[sym.orig_type]


def sym_loc(sym):
    node = sym.nodes[0]
    return "{}:{}".format(node.filename, node.linenr)


def check_form(kconf, asg, errors):
    """Check that asg names a known symbol and has a well-formed value.
    Sets asg.value (the string to compare with the symbol's final value)."""
    sym = kconf.syms.get(asg.name)
    if sym is None or not sym.nodes:
        msg = "{}{} is not a known Kconfig symbol".format(PREFIX, asg.name)
        close = difflib.get_close_matches(asg.name, defined_names(kconf), 1,
                                          0.75)
        if close:
            msg += " (did you mean {}{}?)".format(PREFIX, close[0])
        errors.add(asg.where, msg)
        return None

    t = sym.orig_type
    text = asg.text
    if t in (BOOL, TRISTATE):
        allowed = ("y", "n") if t is BOOL else ("y", "m", "n")
        if text not in allowed:
            errors.add(asg.where, "{}{}={}: '{}' is not a valid value for the "
                       "{} symbol {} (use {})".format(
                           PREFIX, asg.name, text, text, type_name(sym),
                           asg.name, " or ".join(allowed)))
            return None
        asg.value = text
    elif asg.unset:
        errors.add(asg.where, "'{}' only applies to bool symbols; {}{} is "
                   "{} (delete the line to use its default)".format(
                       asg, PREFIX, asg.name, type_name(sym)))
        return None
    elif t is INT:
        if not INT_RE.match(text):
            errors.add(asg.where, "{}{}={}: '{}' is not a valid int (write a "
                       "decimal number)".format(PREFIX, asg.name, text, text))
            return None
        asg.value = text
    elif t is HEX:
        if not HEX_RE.match(text):
            errors.add(asg.where, "{}{}={}: '{}' is not a valid hex value "
                       "(write e.g. 0x1000)".format(PREFIX, asg.name, text,
                                                   text))
            return None
        asg.value = text
    elif t is STRING:
        m = STRING_RE.match(text)
        if not m:
            errors.add(asg.where, "{}{}={}: string values must be in double "
                       "quotes, e.g. {}{}=\"{}\"".format(
                           PREFIX, asg.name, text, PREFIX, asg.name,
                           text.strip('"')))
            return None
        asg.value = kconfiglib.unescape(m.group(1))
    else:
        errors.add(asg.where, "{}{} has no type in the Kconfig tree ({}) and "
                   "cannot be assigned".format(PREFIX, asg.name, sym_loc(sym)))
        return None
    return sym


def active_range(sym):
    """(low, high) of the range in effect for an int/hex symbol, or None."""
    base = 10 if sym.orig_type is INT else 16
    for low, high, cond in sym.ranges:
        if kconfiglib.expr_value(cond):
            def num(s):
                try:
                    return int(s.str_value, base)
                except ValueError:
                    return 0  # what Kconfig itself does for an empty value
            return num(low), num(high)
    return None


def check_range(sym, asg, errors):
    rng = active_range(sym)
    if rng is None:
        return True
    base = 10 if sym.orig_type is INT else 16
    val = int(asg.value, base)
    if rng[0] <= val <= rng[1]:
        return True
    fmt = str if base == 10 else hex
    errors.add(asg.where, "{}{}={} is outside the range of {} [{}, {}] "
               "(defined at {})".format(PREFIX, asg.name, asg.text, asg.name,
                                        fmt(rng[0]), fmt(rng[1]),
                                        sym_loc(sym)))
    return False


def dep_values(expr):
    """'A=y, B=n' for the symbols an expression uses."""
    syms = sorted((s for s in kconfiglib.expr_items(expr)
                   if isinstance(s, kconfiglib.Symbol) and not s.is_constant),
                  key=lambda s: s.name)
    return ", ".join("{}={}".format(s.name, s.str_value) for s in syms)


def why_not(sym, wanted):
    """Explain why sym did not take the value wanted."""
    if not any(node.prompt for node in sym.nodes):
        return ("it has no prompt, so it cannot be set from a configuration "
                "file (it is set by defaults or 'select'; defined at {})"
                .format(sym_loc(sym)))
    if sym.orig_type in (BOOL, TRISTATE):
        want_tri = kconfiglib.STR_TO_TRI[wanted]
        if sym.tri_value < want_tri:
            dep = sym.direct_dep
            if kconfiglib.expr_value(dep) < want_tri:
                return "its dependencies are not met: depends on {} ({})".format(
                    kconfiglib.expr_str(dep), dep_values(dep))
            if sym.choice is not None:
                sel = sym.choice.selection
                other = "{}{}".format(PREFIX, sel.name) if sel else "nothing"
                return ("it is a member of a choice and {} is selected "
                        "there (set that one to n or remove it)".format(other))
            for node in sym.nodes:
                if node.prompt and not kconfiglib.expr_value(node.prompt[1]):
                    return "its prompt is hidden: {} ({})".format(
                        kconfiglib.expr_str(node.prompt[1]),
                        dep_values(node.prompt[1]))
        else:
            if kconfiglib.expr_value(sym.rev_dep):
                return "it is forced by select: selected by {} ({})".format(
                    kconfiglib.expr_str(sym.rev_dep), dep_values(sym.rev_dep))
            if sym.choice is not None:
                return ("it is a member of a choice that must have a "
                        "selection; select another member instead")
        return "see {}".format(sym_loc(sym))
    if not sym.visibility:
        dep = sym.direct_dep
        return "its dependencies are not met: depends on {} ({})".format(
            kconfiglib.expr_str(dep), dep_values(dep))
    return "see {}".format(sym_loc(sym))


def took_effect(sym, asg):
    actual = sym.str_value
    if sym.orig_type in (INT, HEX):
        base = 10 if sym.orig_type is INT else 16
        try:
            return sym.config_string != "" and \
                int(actual, base) == int(asg.value, base)
        except ValueError:
            return False
    if sym.orig_type is STRING:
        return sym.config_string != "" and actual == asg.value
    return actual == asg.value


def check_effect(sym, asg, errors):
    if took_effect(sym, asg):
        return
    if sym.orig_type in (BOOL, TRISTATE):
        actual = "the value is " + sym.str_value
    elif not sym.config_string:
        actual = "the symbol has no value"
    elif sym.orig_type is STRING:
        actual = 'the value is "{}"'.format(kconfiglib.escape(sym.str_value))
    else:
        actual = "the value is " + sym.str_value
    wanted = "{}{}={}".format(PREFIX, asg.name, asg.text)
    errors.add(asg.where, "{} did not take effect, {}: {}".format(
        wanted, actual, why_not(sym, asg.value)))


WHERE_RE = re.compile(r"(?:defined|Referenced) at (\S+?:\d+)")
LOC_RE = re.compile(r"^(\S+:\d+): (?:warning: |error: )?")


def kconfig_message_to_error(msg, root):
    """Kconfiglib warning/exception text -> 'FILE:LINE: error: ...'."""
    msg = msg.strip()
    m = LOC_RE.match(msg)
    if m:
        return "{}: error: {}".format(m.group(1), msg[m.end():])
    if msg.startswith("warning: "):
        msg = msg[len("warning: "):]
    elif msg.startswith("error: "):
        msg = msg[len("error: "):]
    # Name the place the message itself points at, when it has one.
    m = WHERE_RE.search(msg)
    return "{}: error: {}".format(m.group(1) if m else root, msg)


# ---- outputs -----------------------------------------------------------------

def write_if_changed(path, text):
    try:
        with open(path, encoding="utf-8") as f:
            if f.read() == text:
                return False
    except (OSError, UnicodeDecodeError):
        pass
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)
    return True


def valued_syms(kconf):
    """(symbol, value) for every symbol that is written to .config."""
    for sym in kconf.unique_defined_syms:
        val = sym.str_value
        if sym.config_string:
            yield sym, val


def header_text(kconf, sources):
    out = ["/* Generated by scripts/kconfig.py from {}. Do not edit: change "
           "prj.conf, or run 'kt menuconfig'. */\n".format(", ".join(sources)),
           "#ifndef KESTREL_GENERATED_AUTOCONF_H\n",
           "#define KESTREL_GENERATED_AUTOCONF_H\n\n"]
    for sym, val in valued_syms(kconf):
        name = PREFIX + sym.name
        if sym.orig_type in (BOOL, TRISTATE):
            if val == "y":
                out.append("#define {} 1\n".format(name))
            elif val == "m":
                out.append("#define {}_MODULE 1\n".format(name))
        elif sym.orig_type is STRING:
            out.append('#define {} "{}"\n'.format(name, kconfiglib.escape(val)))
        elif sym.orig_type is HEX:
            if not val.lower().startswith("0x"):
                val = "0x" + val
            out.append("#define {} {}\n".format(name, val))
        else:
            out.append("#define {} {}\n".format(name, val))
    out.append("\n#endif /* KESTREL_GENERATED_AUTOCONF_H */\n")
    return "".join(out)


def cmake_quote(s):
    return '"{}"'.format(s.replace("\\", "\\\\").replace('"', '\\"')
                         .replace("$", "\\$"))


def cmake_text(kconf, sources):
    out = ["# Generated by scripts/kconfig.py from {}. Do not edit.\n"
           .format(", ".join(sources))]
    for sym, val in valued_syms(kconf):
        name = PREFIX + sym.name
        if sym.orig_type in (BOOL, TRISTATE):
            if val != "n":
                out.append("set({} {})\n".format(name, val))
        elif sym.orig_type is STRING:
            out.append("set({} {})\n".format(name, cmake_quote(val)))
        elif sym.orig_type is HEX and not val.lower().startswith("0x"):
            out.append("set({} 0x{})\n".format(name, val))
        else:
            out.append("set({} {})\n".format(name, val))
    return "".join(out)


# ---- main --------------------------------------------------------------------

def load(args):
    """Parse, load and check. Returns (kconf, errors)."""
    errors = Errors()
    try:
        kconf = kconfiglib.Kconfig(args.kconfig, warn_to_stderr=False,
                                   suppress_traceback=False)
    except (kconfiglib.KconfigError, OSError) as e:
        errors.add_raw(kconfig_message_to_error(str(e), args.kconfig))
        return None, errors
    # A later file overriding an earlier one is the point of fragments;
    # repeats within one file are reported by check_duplicates().
    kconf.warn_assign_override = False
    kconf.warn_assign_redun = False

    files = [args.defconfig] + list(args.conf)
    for path in files:
        errors.file_order.setdefault(path, len(errors.file_order))
    per_file = [(path, parse_conf(path, errors)) for path in files]

    good = []
    for path, assignments in per_file:
        check_duplicates(assignments, errors)
        for asg in assignments:
            sym = check_form(kconf, asg, errors)
            if sym is not None:
                good.append((sym, asg))
        if os.path.isfile(path):
            kconf.load_config(path, replace=False)

    last = {}
    for sym, asg in good:
        in_range = True
        if sym.orig_type in (INT, HEX):
            in_range = check_range(sym, asg, errors)
        last[sym.name] = (sym, asg, in_range)
    for sym, asg, in_range in last.values():
        if in_range:
            check_effect(sym, asg, errors)

    # Evaluate every symbol so that Kconfiglib's lazy warnings appear now.
    for _ in valued_syms(kconf):
        pass
    for msg in kconf.warnings:
        # Assignments were checked above, line by line; Kconfiglib's own
        # words on them would only repeat those errors.
        if any(msg.startswith(path + ":") for path in files):
            continue
        if "ignored due to being outside the active range" in msg or \
                "-- assignment ignored" in msg:
            continue
        m = re.match(r"warning: undefined symbol (\w+):", msg)
        if m:
            for where in re.findall(r"Referenced at (\S+?:\d+):", msg):
                errors.add_raw(undefined_ref_error(kconf, m.group(1), where))
            continue
        errors.add_raw(kconfig_message_to_error(msg, args.kconfig))
    return kconf, errors


def undefined_ref_error(kconf, name, where):
    msg = "{}: error: the Kconfig tree refers to {}, which is not defined " \
          "anywhere".format(where, name)
    close = difflib.get_close_matches(name, defined_names(kconf), 1, 0.75)
    if close:
        msg += " (did you mean {}?)".format(close[0])
    return msg


def check_duplicates(assignments, errors):
    seen = {}
    for asg in assignments:
        if asg.name in seen:
            errors.add(asg.where, "{}{} is assigned more than once in this "
                       "file (first at line {}); keep one".format(
                           PREFIX, asg.name, seen[asg.name].linenr))
        else:
            seen[asg.name] = asg


def main(argv=None):
    p = argparse.ArgumentParser(
        description="Evaluate the Kconfig tree into .config and autoconf.h.")
    p.add_argument("--kconfig", required=True, help="root Kconfig file")
    p.add_argument("--defconfig", required=True, help="board defconfig")
    p.add_argument("--conf", action="append", default=[],
                   help="configuration fragment (repeatable; later wins)")
    p.add_argument("--config-out", required=True, help=".config to write")
    p.add_argument("--header-out", required=True, help="autoconf.h to write")
    p.add_argument("--cmake-out", help="CMake script of set() lines to write")
    args = p.parse_args(argv)

    kconf, errors = load(args)
    if errors:
        for msg in errors.messages():
            print(msg, file=sys.stderr)
        n = len(errors.items)
        print("kconfig.py: {} error{} in the configuration".format(
            n, "" if n == 1 else "s"), file=sys.stderr)
        return 1

    sources = [os.path.basename(f) for f in [args.defconfig] + args.conf]
    config_header = ("# Generated by scripts/kconfig.py from {}. Do not edit: "
                     "change prj.conf, or run 'kt menuconfig'.\n"
                     .format(", ".join(sources)))
    os.makedirs(os.path.dirname(os.path.abspath(args.config_out)),
                exist_ok=True)
    kconf.write_config(args.config_out, header=config_header, save_old=False)
    write_if_changed(args.header_out, header_text(kconf, sources))
    if args.cmake_out:
        write_if_changed(args.cmake_out, cmake_text(kconf, sources))
    return 0


if __name__ == "__main__":
    sys.exit(main())
