#!/usr/bin/python3
"""The host's end of the frames network: a fake DHCP server with short leases.

    frames_peer.py --device-port LOCAL [--port PEER] [--log FILE] [--qmp SOCKET]

The frames network carries one Ethernet frame per UDP datagram on 127.0.0.1
(QEMU 7.2's -netdev socket,udp=127.0.0.1:PEER,localaddr=127.0.0.1:LOCAL, and
native_sim's --eth-frames=DEV:LOCAL:PEER). This program binds 127.0.0.1:PEER
(0: any free port), sends its frames to 127.0.0.1:LOCAL and prints
`ready PORT` once. It serves until its standard input, when that is a pipe, closes
(kt keeps one open, so it never outlives the run that started it), or
SIGTERM.

It is host SERVER_IP (SERVER_MAC) on NETWORK/24 and answers:
  - ARP requests for SERVER_IP, ICMP echo to it, UDP echo on port 7;
  - DHCP: DISCOVER -> OFFER, REQUEST -> ACK (or NAK for another address),
    lease LEASE s, T1 T1 s, T2 T2 s, router and DNS SERVER_IP; the first
    client MAC gets POOL_FIRST, the next one the address after;
  - control requests (UDP text to SERVER_IP:CTL_PORT, answered the same way):
      mode normal           answer every DHCP message (the start state)
      mode norenew          ignore unicast REQUESTs (renewals): forces rebind
      mode silent SECS      ignore every DHCP message for SECS seconds, then
                            answer again: forces lease loss and rediscovery
      stats                 counts: discover=N offer=N select=N renew=N
                            rebind=N reboot=N ack=N nak=N release=N ignored=N
                            icmp=N echo=N (pings and UDP echoes answered)
      reset                 counts to zero, mode normal
      link flap MS          QEMU only (--qmp: its QMP socket): answer, then
                            switch netdev "frames" off for MS ms and on again
                            (QMP set_link); native_sim's device does it
                            itself (eth_native_link_set)
A REQUEST is a renewal when its ciaddr is set and it is sent to SERVER_IP,
a rebind when ciaddr is set and it is broadcast, a selection when ciaddr is
0 and it names a server (option 54), an init-reboot otherwise.
Standard library only. Nothing here reaches any network but loopback.
"""

import argparse
import json
import os
import selectors
import signal
import socket
import stat
import struct
import sys
import time

HOST = "127.0.0.1"
SERVER_MAC = bytes.fromhex("02004b5400fe")
NETWORK = "198.51.100.0"            # TEST-NET-2 (RFC 5737): never routed
SERVER_IP = "198.51.100.1"
NETMASK = "255.255.255.0"
POOL_FIRST = "198.51.100.100"
LEASE, T1, T2 = 6, 3, 5
CTL_PORT = 6767
ECHO_PORT = 7
BROADCAST_MAC = b"\xff" * 6
ETH_ARP, ETH_IP = 0x0806, 0x0800
PROTO_ICMP, PROTO_UDP = 1, 17
DHCP_SERVER_PORT, DHCP_CLIENT_PORT = 67, 68
DHCP_MAGIC = b"\x63\x82\x53\x63"
DISCOVER, OFFER, REQUEST, DECLINE, ACK, NAK, RELEASE = 1, 2, 3, 4, 5, 6, 7
COUNTS = ("discover", "offer", "select", "renew", "rebind", "reboot", "ack", "nak",
          "release", "ignored", "icmp", "echo")
MIN_FRAME = 60                      # padded like a NIC would


def ip_bytes(text):
    return socket.inet_aton(text)


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return (~s) & 0xFFFF


def eth(dst, ethertype, payload):
    frame = dst + SERVER_MAC + struct.pack("!H", ethertype) + payload
    return frame + b"\0" * max(0, MIN_FRAME - len(frame))


def ipv4(src, dst, proto, payload, ident=0):
    hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), ident, 0, 64, proto, 0,
                      src, dst)
    return hdr[:10] + struct.pack("!H", checksum(hdr)) + hdr[12:] + payload


def udp(src, dst, sport, dport, payload):
    length = 8 + len(payload)
    pseudo = src + dst + struct.pack("!BBH", 0, PROTO_UDP, length)
    hdr = struct.pack("!HHHH", sport, dport, length, 0)
    csum = checksum(pseudo + hdr + payload) or 0xFFFF
    return ipv4(src, dst, PROTO_UDP, hdr[:6] + struct.pack("!H", csum) + payload)


def dhcp_options(raw):
    """{code: bytes} of a DHCP options field (pad and end handled)."""
    opts, i = {}, 0
    while i < len(raw):
        code = raw[i]
        if code == 0:
            i += 1
            continue
        if code == 255 or i + 1 >= len(raw):
            break
        n = raw[i + 1]
        opts[code] = raw[i + 2:i + 2 + n]
        i += 2 + n
    return opts


class Server:
    """The fake DHCP server and host; handle(frame) returns the frames to send."""

    def __init__(self, log=None, clock=time.monotonic, link=None):
        self.log = log
        self.clock = clock
        self.link = link            # link(up): switches the device's link; None: cannot
        self.timers = []            # (when, action) run by serve()
        self.start = clock()
        self.leases = {}            # client MAC -> address (bytes)
        self.reset()

    def reset(self):
        self.counts = dict.fromkeys(COUNTS, 0)
        self.mode = "normal"
        self.silent_until = 0.0

    def say(self, text):
        if self.log:
            self.log.write(f"[{self.clock() - self.start:8.3f}] {text}\n")
            self.log.flush()

    # --- frames in ---------------------------------------------------------

    def handle(self, frame):
        if len(frame) < 14:
            return []
        dst, src, ethertype = frame[0:6], frame[6:12], struct.unpack("!H", frame[12:14])[0]
        if dst not in (SERVER_MAC, BROADCAST_MAC):
            return []
        if ethertype == ETH_ARP:
            return self.arp(frame[14:])
        if ethertype == ETH_IP:
            return self.ip(src, frame[14:])
        return []

    def arp(self, p):
        if len(p) < 28:
            return []
        op = struct.unpack("!H", p[6:8])[0]
        sha, spa, tpa = p[8:14], p[14:18], p[24:28]
        if op != 1 or tpa != ip_bytes(SERVER_IP):
            return []
        reply = struct.pack("!HHBBH", 1, ETH_IP, 6, 4, 2) + SERVER_MAC + tpa + sha + spa
        return [eth(sha, ETH_ARP, reply)]

    def ip(self, mac, p):
        if len(p) < 20 or p[0] >> 4 != 4:
            return []
        ihl = (p[0] & 15) * 4
        total = struct.unpack("!H", p[2:4])[0]
        proto, src, dst = p[9], p[12:16], p[16:20]
        body = p[ihl:total]
        if proto == PROTO_UDP and len(body) >= 8:
            sport, dport = struct.unpack("!HH", body[0:4])
            return self.udp_in(mac, src, dst, sport, dport, body[8:])
        if proto == PROTO_ICMP and dst == ip_bytes(SERVER_IP) and len(body) >= 8 and body[0] == 8:
            self.counts["icmp"] += 1
            reply = b"\0\0" + b"\0\0" + body[4:]
            reply = reply[:2] + struct.pack("!H", checksum(reply)) + reply[4:]
            return [eth(mac, ETH_IP, ipv4(dst, src, PROTO_ICMP, reply))]
        return []

    def udp_in(self, mac, src, dst, sport, dport, data):
        if dport == DHCP_SERVER_PORT:
            return self.dhcp(mac, dst, data)
        if dst != ip_bytes(SERVER_IP):
            return []
        if dport == ECHO_PORT:
            self.counts["echo"] += 1
            return [eth(mac, ETH_IP, udp(dst, src, ECHO_PORT, sport, data))]
        if dport == CTL_PORT:
            answer = self.control(data.decode(errors="replace").strip())
            self.say(f"control {data.decode(errors='replace').strip()!r} -> {answer!r}")
            return [eth(mac, ETH_IP, udp(dst, src, CTL_PORT, sport, answer.encode()))]
        return []

    # --- control -----------------------------------------------------------

    def control(self, text):
        words = text.split()
        if words == ["stats"]:
            return " ".join(f"{k}={v}" for k, v in self.counts.items())
        if words == ["reset"]:
            self.reset()
            return "ok"
        if words[:1] == ["mode"] and len(words) == 2 and words[1] in ("normal", "norenew"):
            self.mode, self.silent_until = words[1], 0.0
            return "ok"
        if words[:2] == ["mode", "silent"] and len(words) == 3:
            try:
                secs = float(words[2])
            except ValueError:
                return "error: mode silent SECS"
            self.mode, self.silent_until = "normal", self.clock() + secs
            return "ok"
        if words[:2] == ["link", "flap"] and len(words) == 3 and words[2].isdigit():
            if self.link is None:
                return "error: no link control here (no --qmp)"
            now = self.clock()
            # after the answer has reached the device: off, then on again
            self.timers += [(now + 0.2, lambda: self.link(False)),
                            (now + 0.2 + int(words[2]) / 1000, lambda: self.link(True))]
            return "ok"
        return "error: unknown request (mode normal|norenew|silent SECS, stats, reset, link flap MS)"

    def run_timers(self):
        """Runs the actions due; seconds to the next one (None: none)."""
        now = self.clock()
        due = [t for t in self.timers if t[0] <= now]
        self.timers = [t for t in self.timers if t[0] > now]
        for _, action in sorted(due, key=lambda t: t[0]):
            action()
        return min(t[0] for t in self.timers) - now if self.timers else None

    # --- DHCP --------------------------------------------------------------

    def address_of(self, chaddr):
        if chaddr not in self.leases:
            first = struct.unpack("!I", ip_bytes(POOL_FIRST))[0]
            self.leases[chaddr] = struct.pack("!I", first + len(self.leases))
        return self.leases[chaddr]

    def classify(self, ciaddr, dst, opts):
        if ciaddr != b"\0\0\0\0":
            return "renew" if dst == ip_bytes(SERVER_IP) else "rebind"
        return "select" if 54 in opts else "reboot"

    def dhcp(self, mac, dst, msg):
        if len(msg) < 240 or msg[0] != 1 or msg[236:240] != DHCP_MAGIC:
            return []
        xid, ciaddr, chaddr = msg[4:8], msg[12:16], msg[28:34]
        opts = dhcp_options(msg[240:])
        kind = opts.get(53, b"\0")[0]
        if kind == DISCOVER:
            what = "discover"
        elif kind == REQUEST:
            what = self.classify(ciaddr, dst, opts)
        elif kind == RELEASE:
            self.counts["release"] += 1
            self.say(f"release from {socket.inet_ntoa(ciaddr)}")
            return []
        else:
            return []
        self.counts[what] += 1
        if self.clock() < self.silent_until or (self.mode == "norenew" and what == "renew"):
            self.counts["ignored"] += 1
            self.say(f"{what} from {chaddr.hex(':')} ignored (mode {self.mode}"
                     f"{', silent' if self.clock() < self.silent_until else ''})")
            return []
        if what == "select" and opts[54] != ip_bytes(SERVER_IP):
            return []                # the client chose another server
        addr = self.address_of(chaddr)
        if what == "discover":
            reply, name = OFFER, "offer"
        else:
            wanted = ciaddr if ciaddr != b"\0\0\0\0" else opts.get(50, b"")
            reply, name = (ACK, "ack") if wanted == addr else (NAK, "nak")
        self.counts[name] += 1
        self.say(f"{what} from {chaddr.hex(':')} -> {name} {socket.inet_ntoa(addr)}")
        return [self.dhcp_reply(reply, xid, ciaddr, addr, chaddr, mac)]

    def dhcp_reply(self, kind, xid, ciaddr, addr, chaddr, mac):
        server = ip_bytes(SERVER_IP)
        yiaddr = addr if kind != NAK else b"\0\0\0\0"
        msg = struct.pack("!BBBB4sHH4s4s4s4s", 2, 1, 6, 0, xid, 0, 0, ciaddr, yiaddr, server,
                          b"\0\0\0\0") + chaddr + b"\0" * 10 + b"\0" * 192 + DHCP_MAGIC
        opts = [(53, bytes([kind])), (54, server)]
        if kind != NAK:
            opts += [(51, struct.pack("!I", LEASE)), (58, struct.pack("!I", T1)),
                     (59, struct.pack("!I", T2)), (1, ip_bytes(NETMASK)), (3, server),
                     (6, server)]
        msg += b"".join(bytes([c, len(v)]) + v for c, v in opts) + b"\xff"
        # To a client that has its address (renew, rebind): to it; else broadcast.
        if ciaddr != b"\0\0\0\0" and kind != NAK:
            dst_ip, dst_mac = ciaddr, mac
        else:
            dst_ip, dst_mac = b"\xff" * 4, BROADCAST_MAC
        return eth(dst_mac, ETH_IP, udp(server, dst_ip, DHCP_SERVER_PORT, DHCP_CLIENT_PORT, msg))


def serve(sock, device, server, stdin):
    sel = selectors.DefaultSelector()
    sel.register(sock, selectors.EVENT_READ)
    if stdin is not None:
        sel.register(stdin, selectors.EVENT_READ)
    timeout = None
    while True:
        for key, _ in sel.select(timeout):
            if key.fileobj is stdin:
                if not os.read(stdin.fileno(), 4096):
                    return              # kt has gone
                continue
            frame = sock.recv(65536)
            for out in server.handle(frame):
                try:
                    sock.sendto(out, device)
                except OSError:
                    pass                # the device is not there (yet)
        timeout = server.run_timers()


class Qmp:
    """QEMU's QMP socket: set_link of netdev NAME."""

    def __init__(self, path, name="frames"):
        self.path, self.name, self.file = path, name, None

    def call(self, command, **arguments):
        if self.file is None:
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.settimeout(5)
            sock.connect(self.path)
            self.file = sock.makefile("rw")
            self.file.readline()                        # the greeting
            self.call("qmp_capabilities")
        self.file.write(json.dumps({"execute": command, "arguments": arguments}) + "\n")
        self.file.flush()
        while True:
            answer = json.loads(self.file.readline())
            if "return" in answer or "error" in answer:
                return answer

    def set_link(self, up):
        return self.call("set_link", name=self.name, up=up)


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--device-port", type=int, required=True, help="the device's UDP port (LOCAL)")
    ap.add_argument("--port", type=int, default=0, help="this end's UDP port (PEER; 0: any)")
    ap.add_argument("--log", help="log of what was answered (default: stderr)")
    ap.add_argument("--qmp", help="QEMU's QMP socket, for link flap (may appear later)")
    args = ap.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        sock.bind((HOST, args.port))
    except OSError as e:
        print(f"failed: cannot bind {HOST}:{args.port}/udp: {e.strerror}", flush=True)
        return 1
    log = open(args.log, "a", encoding="utf-8") if args.log else sys.stderr
    server = Server(log)
    if args.qmp:
        qmp = Qmp(args.qmp)

        def link(up):
            try:
                answer = qmp.set_link(up)
            except (OSError, ValueError) as e:
                answer = f"QMP failed: {e}"
            server.say(f"link {'up' if up else 'down'}: {answer}")
        server.link = link
    server.say(f"frames peer on {HOST}:{sock.getsockname()[1]}, device {HOST}:{args.device_port}")
    print(f"ready {sock.getsockname()[1]}", flush=True)
    try:
        piped = stat.S_ISFIFO(os.fstat(sys.stdin.fileno()).st_mode)
        serve(sock, (HOST, args.device_port), server, sys.stdin if piped else None)
    finally:
        server.say("stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
