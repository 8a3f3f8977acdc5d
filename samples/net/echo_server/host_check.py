"""The host side of the echo_server sample's test (testcase.yaml).

Through the host forwards of the device's TCP and UDP port 4242: two TCP
clients at once (interleaved echoes), then one after the other, and UDP
datagrams; every echo is checked byte for byte. Then the same over IPv6
(the host's [::1] to the device's SLAAC address) where the board forwards
IPv6 (native_sim). Exits non-zero with the reason as its last line.
"""

import socket
import sys

from ktlib import hostpeer

TCP_SIZES = (1, 1000, 20000)
UDP_SIZES = (1, 100, 1400)


def check(family, tcp, udp, host):
    """The echo checks over one family's forwards."""
    with hostpeer.connect(tcp, host=host) as a, hostpeer.connect(tcp, host=host) as b:
        for seed, size in enumerate(TCP_SIZES):
            hostpeer.tcp_echo(a, hostpeer.pattern(size, seed), chunk=1000)
            hostpeer.tcp_echo(b, hostpeer.pattern(size, seed + 1), chunk=1000)
        for s in (a, b):
            s.shutdown(socket.SHUT_WR)
            if s.recv(1) != b"":
                raise AssertionError(f"{family}: the server did not close after the client")
    with hostpeer.connect(tcp, host=host) as c:
        hostpeer.tcp_echo(c, b"Hello, Kestrel")
    for seed, size in enumerate(UDP_SIZES):
        hostpeer.udp_echo(udp, hostpeer.pattern(size, seed), host=host)
    print(f"host_check: {family}: every echo matched", flush=True)


def main():
    tcp6, udp6 = hostpeer.forwarded("tcp6", 4242), hostpeer.forwarded("udp6", 4242)
    try:
        check("IPv4", hostpeer.forwarded_port("tcp", 4242),
              hostpeer.forwarded_port("udp", 4242), "127.0.0.1")
        if tcp6 is None or udp6 is None:
            print("host_check: IPv6: not forwarded on this board (QEMU's user network "
                  "forwards IPv4 only)", flush=True)
        else:
            check("IPv6", tcp6, udp6, "::1")
    except (OSError, AssertionError, ConnectionError) as e:
        print(f"host_check: {e}", flush=True)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
