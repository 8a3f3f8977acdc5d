"""The host side of tests/net/server (see src/main.c for the sequence).

Run by kt test once the device prints that it listens; the device's
ports 4242 and 4243 are reached through host forwards (testcase.yaml
hostfwd: the host ports are in the environment). Exits non-zero, with
the reason as its last line, on any difference or timeout.
"""

import socket
import struct
import sys
import time

from ktlib import hostpeer

SIZES = (1, 100, 1460, 4096, 65536)      # as sizes[] in src/main.c
TIMEOUT = 30.0


def echo_connections(port):
    for seed, size in enumerate(SIZES):
        with hostpeer.connect(port, TIMEOUT) as s:
            data = hostpeer.pattern(size, seed)
            s.sendall(struct.pack(">I", size))
            hostpeer.tcp_echo(s, data)
            s.shutdown(socket.SHUT_WR)
            if s.recv(1) != b"":
                raise AssertionError(f"the device sent more than the {size} bytes echoed")
        print(f"echo of {size} bytes: ok", flush=True)


def backlog_limit(echo_port, backlog_port):
    a = hostpeer.connect(backlog_port, TIMEOUT)
    a.sendall(b"A")
    time.sleep(0.5)                 # A's SYN reaches the device first
    b = hostpeer.connect(backlog_port, TIMEOUT)
    b.sendall(b"B")
    time.sleep(1.0)                 # B's SYN is dropped: the queue (backlog 1) is full
    with a, b, hostpeer.connect(echo_port, TIMEOUT) as ctl:
        ctl.sendall(b"go")
        for sock, want in ((a, b"aA"), (b, b"bB")):
            got = hostpeer.recv_exact(sock, 2)
            if got != want:
                raise AssertionError(f"backlog connection answered {got!r}, not {want!r}")
        if hostpeer.recv_exact(ctl, 2) != b"ok":
            raise AssertionError("the device did not confirm the backlog case")
        ctl.shutdown(socket.SHUT_WR)
    print("backlog: ok", flush=True)


def main():
    echo_port = hostpeer.forwarded_port("tcp", 4242)
    backlog_port = hostpeer.forwarded_port("tcp", 4243)
    try:
        echo_connections(echo_port)
        backlog_limit(echo_port, backlog_port)
    except (OSError, AssertionError, ConnectionError) as e:
        print(f"host_client: {e}", flush=True)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
