"""slirp host forwarding: the host's 127.0.0.1:HOSTPORT reaches the device's
10.0.2.15:PORT, on every board; tcp6:PORT / udp6:PORT forward the host's
[::1]:HOSTPORT to the device's SLAAC address (fec0::/64) on native_sim.

A board says in BUILD/kestrel_run.json (`hostfwd`, from KESTREL_HOSTFWD in
its board.cmake) how its command line takes a forward:

  qemu_user   QEMU user networking: `,hostfwd=tcp:127.0.0.1:H-:G` is added
              to the `user,...` argument of -nic / -netdev
  option      native_sim: `--hostfwd=tcp:127.0.0.1:H-:G` (the image's
              option, handled by the libslirp backend of its Ethernet device)

IPv6 forwards need the `option` style (libslirp's slirp_add_hostxfwd; QEMU
7.2's user network forwards IPv4 only): on other boards kt test leaves
them out and tells the host script which in KT_HOSTFWD_SKIPPED
(hostpeer.forwarded() is then None); kt run refuses them.

The host port is picked free per run (kt test -j 2 runs two boards at once,
and other kt runs may share the machine): the kernel assigns it to a socket
bound to 127.0.0.1:0. A TCP port stays reserved by that socket (bound with
SO_REUSEADDR, never listening) until the run ends, so no other bind(0) on
the machine gets it, while slirp (which binds with SO_REUSEADDR and
listens) can still take it. A UDP reservation is released just before the
image starts (two UDP sockets on one port would share its datagrams).
"""

import os
import re
import socket
import threading
from dataclasses import dataclass

from .common import KtError

HOST = "127.0.0.1"
HOST6 = "::1"
GUEST = "10.0.2.15"
GUEST6 = "[SLAAC]"
STYLES = ("qemu_user", "option")
IPV6_STYLES = ("option",)
ENV_PREFIX = "KT_HOSTFWD_"
SKIPPED_ENV = "KT_HOSTFWD_SKIPPED"
_SPEC = re.compile(r"^(tcp6?|udp6?):(?:(\d+):)?(\d+)$")
_given = set()                 # (proto, port) handed out by this kt process
_given_lock = threading.Lock()


@dataclass(frozen=True)
class Forward:
    proto: str                 # "tcp", "udp", or "tcp6", "udp6" (IPv6)
    guest_port: int
    host_port: int = 0         # 0: pick a free one

    @property
    def ipv6(self):
        return self.proto.endswith("6")

    @property
    def transport(self):
        """tcp or udp."""
        return self.proto.rstrip("6")

    @property
    def host(self):
        return HOST6 if self.ipv6 else HOST

    def rule(self):
        """QEMU's hostfwd syntax, also native_sim's --hostfwd (IPv6: in brackets)."""
        if self.ipv6:
            return f"{self.transport}:[{HOST6}]:{self.host_port}-[]:{self.guest_port}"
        return f"{self.proto}:{HOST}:{self.host_port}-:{self.guest_port}"

    def env_name(self):
        return f"{ENV_PREFIX}{self.proto.upper()}_{self.guest_port}"

    def describe(self):
        if self.ipv6:
            return f"{self.proto} [{HOST6}]:{self.host_port} -> {GUEST6}:{self.guest_port}"
        return f"{self.proto} {HOST}:{self.host_port} -> {GUEST}:{self.guest_port}"

    def spec(self):
        return f"{self.proto}:{self.guest_port}"


def parse(text, where):
    """PROTO:GUESTPORT or PROTO:HOSTPORT:GUESTPORT as a Forward; KtError naming WHERE."""
    m = _SPEC.match(str(text).strip())
    ports = [int(p) for p in (m.group(2), m.group(3)) if p] if m else []
    if not m or not all(1 <= p <= 65535 for p in ports):
        raise KtError(f"{where}: bad host forward {text!r}",
                      "write tcp:PORT or udp:PORT (the device's port; a free host port is "
                      "picked), or tcp:HOSTPORT:PORT; tcp6:/udp6: for IPv6")
    return Forward(m.group(1), int(m.group(3)), int(m.group(2) or 0))


def parse_list(values, where):
    forwards = [parse(v, where) for v in values]
    seen = set()
    for f in forwards:
        if (f.proto, f.guest_port) in seen:
            raise KtError(f"{where}: {f.proto}:{f.guest_port} forwarded twice", "keep one of them")
        seen.add((f.proto, f.guest_port))
    return forwards


class Reservation:
    """The host ports of a run's forwards, held until close()."""

    def __init__(self, forwards, skipped=()):
        self.forwards = []
        self.skipped = list(skipped)   # forwards the board cannot make (hostfwd.env)
        self._socks = []
        try:
            for f in forwards:
                self.forwards.append(self._reserve(f))
        except BaseException:
            self.close()
            raise

    def _reserve(self, f):
        kind = socket.SOCK_STREAM if f.transport == "tcp" else socket.SOCK_DGRAM
        family = socket.AF_INET6 if f.ipv6 else socket.AF_INET
        for _ in range(20):
            s = socket.socket(family, kind)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                s.bind((f.host, f.host_port))
            except OSError as e:
                s.close()
                raise KtError(f"host forward {f.proto} port {f.host_port}: {e.strerror}",
                              f"pick another port, or give {f.proto}:{f.guest_port} to get a free one")
            port = s.getsockname()[1]
            with _given_lock:
                fresh = f.host_port or (f.proto, port) not in _given
                _given.add((f.proto, port))
            if fresh:
                self._socks.append((f.proto, s))
                return Forward(f.proto, f.guest_port, port)
            s.close()
        raise KtError("no free host port found for a host forward", "close some programs")

    def release_udp(self):
        """Frees the UDP ports for the image (call just before it starts)."""
        keep = []
        for proto, s in self._socks:
            if proto in ("udp", "udp6"):
                s.close()
            else:
                keep.append((proto, s))
        self._socks = keep

    def close(self):
        for _proto, s in self._socks:
            s.close()
        self._socks = []

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def _style(info):
    style = info.get("hostfwd")
    if style not in STYLES:
        raise KtError(f"board {info.get('board', '?')} does not say how to forward host ports "
                      f"(kestrel_run.json has no 'hostfwd')",
                      "set KESTREL_HOSTFWD in its board.cmake (qemu_user or option) and build again")
    return style


def for_board(info, forwards):
    """(the FORWARDS the board of INFO can make, the IPv6 ones it cannot)."""
    if not forwards or _style(info) in IPV6_STYLES:
        return list(forwards), []
    return [f for f in forwards if not f.ipv6], [f for f in forwards if f.ipv6]


def apply(cmd, info, forwards):
    """CMD (a run command of INFO, kestrel_run.json) with FORWARDS added."""
    if not forwards:
        return list(cmd)
    style = _style(info)
    board = info.get("board", "?")
    v6 = [f.spec() for f in forwards if f.ipv6]
    if v6 and style not in IPV6_STYLES:
        raise KtError(f"board {board} cannot forward IPv6 ({', '.join(v6)}): QEMU's user "
                      "network forwards IPv4 only", "use native_sim, or tcp:/udp: forwards")
    if style == "option":
        image = cmd.index(info["image"]) if info.get("image") in cmd else 0
        return cmd[:image + 1] + [f"--hostfwd={f.rule()}" for f in forwards] + cmd[image + 1:]
    out = list(cmd)
    for i in range(1, len(out)):
        if out[i - 1] in ("-nic", "-netdev") and re.match(r"^user(,|$)", out[i]):
            out[i] += "".join(f",hostfwd={f.rule()}" for f in forwards)
            return out
    raise KtError(f"board {board}: no '-nic user' or '-netdev user' in its QEMU command line",
                  "give the board a user-mode network in its board.cmake")


def env(forwards, skipped=()):
    """Environment of a host-side peer: KT_HOSTFWD_TCP_4242=HOSTPORT per forward, KT_HOST,
    and KT_HOSTFWD_SKIPPED (tcp6:4242,... the board could not make)."""
    out = {f.env_name(): str(f.host_port) for f in forwards}
    out["KT_HOST"] = HOST
    out[SKIPPED_ENV] = ",".join(f.spec() for f in skipped)
    return out


def skipped_from_env(proto, guest_port, environ=None):
    """For a host script: whether kt left PROTO:GUEST_PORT out on this board."""
    environ = os.environ if environ is None else environ
    return f"{proto}:{guest_port}" in environ.get(SKIPPED_ENV, "").split(",")


def port_from_env(proto, guest_port, environ=None):
    """For a host script: the host port forwarded to the device's PROTO port GUEST_PORT."""
    environ = os.environ if environ is None else environ
    name = Forward(proto, guest_port).env_name()
    if name not in environ:
        raise KeyError(f"{name} is not set: list {proto}:{guest_port} under hostfwd: in "
                       "testcase.yaml (or run with kt run --hostfwd)")
    return int(environ[name])
