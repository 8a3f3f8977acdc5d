"""The host side of the echo_server sample's test (testcase.yaml).

Through the host forwards of the device's TCP and UDP port 4242: two TCP
clients at once (interleaved echoes), then one after the other, and UDP
datagrams; every echo is checked byte for byte. Exits non-zero with the
reason as its last line.
"""

import socket
import sys

from ktlib import hostpeer

TCP_SIZES = (1, 1000, 20000)
UDP_SIZES = (1, 100, 1400)


def main():
    tcp = hostpeer.forwarded_port("tcp", 4242)
    udp = hostpeer.forwarded_port("udp", 4242)
    try:
        with hostpeer.connect(tcp) as a, hostpeer.connect(tcp) as b:
            for seed, size in enumerate(TCP_SIZES):
                hostpeer.tcp_echo(a, hostpeer.pattern(size, seed), chunk=1000)
                hostpeer.tcp_echo(b, hostpeer.pattern(size, seed + 1), chunk=1000)
            for s in (a, b):
                s.shutdown(socket.SHUT_WR)
                if s.recv(1) != b"":
                    raise AssertionError("the server did not close after the client")
        with hostpeer.connect(tcp) as c:
            hostpeer.tcp_echo(c, b"Hello, Kestrel")
        for seed, size in enumerate(UDP_SIZES):
            hostpeer.udp_echo(udp, hostpeer.pattern(size, seed))
    except (OSError, AssertionError, ConnectionError) as e:
        print(f"host_check: {e}", flush=True)
        return 1
    print("host_check: every echo matched", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
