"""kt footprint: ROM/RAM of a build, split by part of the tree.

Totals come from the image's ELF section headers: ROM = allocated sections
with contents (code, read-only data, the initial values of data), RAM =
writable allocated sections (data and bss). The split comes from the link
map (BUILD/kestrel.map): every input section is charged to the part of the
tree its object file came from.
"""

import os
import re
import struct

from .common import KtError, rel

PARTS = ("kernel", "arch", "drivers", "subsys", "modules", "lib", "libc", "app", "other")
# kt footprint --net: the networking split.
NET_GROUPS = ("lwIP", "mbedTLS", "Kestrel net", "Ethernet driver", "rest")
NET_GROUP_WHAT = {"lwIP": "modules/lwip: the lwIP module",
                  "mbedTLS": "modules/mbedtls: Mbed TLS and its glue (subsys/crypto/mbedtls)",
                  "Kestrel net": "subsys/net: core, sockets, DNS, ping, the lwIP port",
                  "Ethernet driver": "drivers/ethernet",
                  "rest": "kernel, arch, other drivers, libraries, libc, the application"}

_SHF_WRITE, _SHF_ALLOC = 0x1, 0x2
_SHT_NOBITS = 8


def elf_sections(path):
    """[(name, size, flags, type)] of the ELF file at PATH (32 or 64 bit)."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:4] != b"\x7fELF":
        raise KtError(f"{rel(path)} is not an ELF file", "run kt build again")
    is64, little = data[4] == 2, data[5] == 1
    e = "<" if little else ">"
    if is64:
        shoff, = struct.unpack_from(e + "Q", data, 0x28)
        shentsize, shnum, shstrndx = struct.unpack_from(e + "HHH", data, 0x3A)
        fmt, size_at = e + "IIQQQQ", 5
    else:
        shoff, = struct.unpack_from(e + "I", data, 0x20)
        shentsize, shnum, shstrndx = struct.unpack_from(e + "HHH", data, 0x2E)
        fmt, size_at = e + "IIIIII", 5
    headers = [struct.unpack_from(fmt, data, shoff + i * shentsize) for i in range(shnum)]
    stroff = headers[shstrndx][4]
    out = []
    for h in headers:
        name_end = data.index(b"\0", stroff + h[0])
        name = data[stroff + h[0]:name_end].decode("ascii", "replace")
        out.append((name, h[size_at], h[2], h[1]))
    return out


def totals(sections):
    """(rom, ram) in bytes from elf_sections()."""
    rom = ram = 0
    for _name, size, flags, typ in sections:
        if not flags & _SHF_ALLOC:
            continue
        if typ != _SHT_NOBITS:
            rom += size
        if flags & _SHF_WRITE:
            ram += size
    return rom, ram


def part_of(obj):
    """Which part of the tree an object file path in the link map is from."""
    p = obj.replace("\\", "/")
    for marker, part in (("/kernel.dir/", "kernel"), ("/arch_", "arch"),
                         ("/drivers.dir/", "drivers"), ("kestrel_image.dir/", "drivers"),
                         ("/subsys.dir/", "subsys"), ("/kestrel/modules/", "modules"),
                         ("/lib_os.dir/", "lib"),
                         ("/app.dir/", "app")):
        if marker in p:
            return part
    if re.search(r"lib(c|gcc|m|c_nonshared|semihost|dummyhost)\.a|crt\w*\.o|\.so(\.\d+)*\b", p):
        return "libc"
    return "other"


def net_group_of(obj):
    """Which NET_GROUPS entry an object file path in the link map is in."""
    p = obj.replace("\\", "/")
    if "/lwip.dir/" in p:
        return "lwIP"
    if "/mbedtls.dir/" in p or "/mbedtls_glue.dir/" in p:
        return "mbedTLS"
    if "/subsys.dir/net/" in p:
        return "Kestrel net"
    if "/drivers.dir/ethernet/" in p:
        return "Ethernet driver"
    return "rest"


_INPUT = re.compile(r"^\s+(\S+)?\s*0x([0-9a-fA-F]+)\s+0x([0-9a-fA-F]+)\s+(\S.*)$")
_OUTPUT = re.compile(r"^(\S+)(?:\s+0x[0-9a-fA-F]+\s+0x[0-9a-fA-F]+.*)?$")


def parse_map(text, section_kind, classify=None):
    """{(part, kind): bytes} from a GNU ld map; SECTION_KIND maps an output
    section name to 'rom', 'data', 'bss' or None (not in the image);
    CLASSIFY (default part_of) names the part of an object file."""
    classify = classify or part_of
    sizes = {}
    in_memory_map = False
    out_sec, pending = None, None
    for line in text.splitlines():
        if line.startswith("Linker script and memory map"):
            in_memory_map = True
            continue
        if not in_memory_map or not line.strip():
            continue
        m = _OUTPUT.match(line)
        if m and not line[0].isspace():
            out_sec, pending = m.group(1), None
            continue
        m = _INPUT.match(line)
        if m is None:
            stripped = line.strip()
            pending = stripped if line[0] == " " and " " not in stripped else None
            continue
        name = m.group(1) or pending
        pending = None
        if name is None or name.startswith("*fill*") or name.startswith("*"):
            continue
        kind = section_kind.get(out_sec)
        size = int(m.group(3), 16)
        if kind is None or size == 0:
            continue
        key = (classify(m.group(4)), kind)
        sizes[key] = sizes.get(key, 0) + size
    return sizes


def section_kinds(sections):
    kinds = {}
    for name, _size, flags, typ in sections:
        if not flags & _SHF_ALLOC:
            continue
        if typ == _SHT_NOBITS:
            kinds[name] = "bss"
        elif flags & _SHF_WRITE:
            kinds[name] = "data"
        else:
            kinds[name] = "rom"
    return kinds


def _rows(split, names):
    for part in names:
        r, d, b = (split.get((part, k), 0) for k in ("rom", "data", "bss"))
        if r or d or b:
            yield part, r, d, b


def report(build_dir, board, app, net=False):
    """Prints the table and the final `footprint:` line; returns (rom, ram).
    NET: the split lwIP / Kestrel net / Ethernet driver / rest instead."""
    info_image = None
    for name in ("kestrel.elf", "kestrel.exe"):
        if os.path.isfile(os.path.join(build_dir, name)):
            info_image = os.path.join(build_dir, name)
    if info_image is None:
        raise KtError(f"{rel(build_dir)} has no image", "run kt build first")
    sections = elf_sections(info_image)
    rom, ram = totals(sections)
    map_path = os.path.join(build_dir, "kestrel.map")
    split = {}
    if os.path.isfile(map_path):
        with open(map_path, encoding="utf-8", errors="replace") as f:
            split = parse_map(f.read(), section_kinds(sections), net_group_of if net else None)
    w = 15 if net else 10
    print(f"{'part':{w}} {'code+rodata':>12} {'data':>8} {'bss':>8} {'ROM':>8} {'RAM':>8}"
          + ("  what" if net else ""))
    for part, r, d, b in _rows(split, NET_GROUPS if net else PARTS):
        what = f"  {NET_GROUP_WHAT[part]}" if net else ""
        print(f"{part:{w}} {r:12} {d:8} {b:8} {r + d:8} {d + b:8}{what}")
    print(f"{'total':{w}} {'':12} {'':8} {'':8} {rom:8} {ram:8}")
    print(f"footprint: {board} {app} {rom} {ram}")
    return rom, ram
