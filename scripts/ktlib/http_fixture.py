"""The `http` fixture: an HTTP/1.1 test server on raw sockets (fixture_server.py mode http).

Raw sockets rather than http.server, so that a route can send exactly the
bytes a client must reject (a bad status line, a giant header, a chunk size
that overflows, a truncated body). Every response closes the connection.
The routes (ROUTES below; tests/net/http and tests/net/README.md use them):

  /fixed            200, Content-Length 13: "Hello, world\\n", X-Kestrel: fixed
  /chunked          200 chunked: CHUNKED_SIZES pieces of large_pattern(), with
                    chunk extensions, upper and lower case hex, and trailers
                    X-Trailer: done, X-Length: N
  /large            200, Content-Length LARGE_SIZE: large_pattern(LARGE_SIZE)
  /large-chunked    the same body chunked (4000-byte chunks)
  /close            200 with neither length nor chunks: the body ends at the close
  /echo             any method: the request body back (chunked requests decoded),
                    X-Method, X-Body-Length, X-Request-Chunked: yes/no,
                    X-Echo: the request's X-Test header
  /redirect         302 Location: /fixed
  /redirect-abs     301 Location: http://HOST/fixed (HOST: the request's Host)
  /redirect-303     303 Location: /echo
  /redirect-307     307 Location: /echo
  /redirect-chain/N 302 Location: /redirect-chain/N-1 ... /redirect-chain/1 -> /fixed
                    (N redirects)
  /redirect-loop    302 Location: /redirect-loop
  /redirect-none    302 without a Location
  /redirect-https   302 Location: https://HOST/fixed
  /redirect-to?LOC  302 Location: LOC (the query as it is)
  /status/N         status N (204, 304, 404 ...), Content-Length 0 or a short body
  /silent           reads the request, then sends nothing for SILENT_SECONDS
  /slow             Content-Length 10, one byte every SLOW_INTERVAL s
  /bad/NAME         malformed responses: MALFORMED below

The https fixture serves the same routes over TLS 1.2/1.3 with the test
PKI's server certificate (CA "ca", tests/net/pki), and ends each response
with a TLS close_notify.

A query "?split" sends the response one byte per write (TCP_NODELAY),
so the client's parser gets it in the smallest pieces.
"""

import socket
import socketserver
import sys
import threading
import time

LARGE_SIZE = 256 * 1024
CHUNKED_SIZES = (1, 15, 16, 255, 1000, 4096, 3)
SILENT_SECONDS = 30.0
SLOW_INTERVAL = 0.1
REQUEST_MAX = 1 << 20
FIXED_BODY = b"Hello, world\n"


def large_pattern(n):
    """The body of /large: byte i is (i * 31 + (i >> 10)) & 0xff."""
    return bytes((i * 31 + (i >> 10)) & 0xFF for i in range(n))


LARGE_BODY = large_pattern(LARGE_SIZE)


def response(status, reason, headers=(), body=b"", length=True):
    head = [f"HTTP/1.1 {status} {reason}"] + [f"{k}: {v}" for k, v in headers]
    if length:
        head.append(f"Content-Length: {len(body)}")
    head.append("Connection: close")
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body


def chunked(body, sizes, ext=True, trailers=()):
    out, pos, i = [], 0, 0
    while pos < len(body):
        n = min(sizes[i % len(sizes)], len(body) - pos)
        size = f"{n:X}" if i % 2 else f"{n:x}"
        if ext and i % 3 == 1:
            size += ';name=value;flag'
        out.append(size.encode() + b"\r\n" + body[pos:pos + n] + b"\r\n")
        pos, i = pos + n, i + 1
    out.append(b"0\r\n" + b"".join(f"{k}: {v}\r\n".encode() for k, v in trailers) + b"\r\n")
    return b"".join(out)


def chunked_response(body, sizes, trailers=()):
    head = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    return head + chunked(body, sizes, trailers=trailers)


HEAD_OK = b"HTTP/1.1 200 OK\r\n"

# Each a whole response the client must reject, and the error it must give
# (tests/net/http checks the same table).
MALFORMED = {
    "status-code": (b"HTTP/1.1 2x0 OK\r\nContent-Length: 0\r\n\r\n", "EPROTO"),
    "status-version": (b"HTTX/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", "EPROTO"),
    "status-short": (b"HTTP/1.1 20\r\n\r\n", "EPROTO"),
    "status-range": (b"HTTP/1.1 999 Odd\r\nContent-Length: 0\r\n\r\n", "EPROTO"),
    "status-long": (b"HTTP/1.1 200 " + b"O" * 70000 + b"\r\n\r\n", "EMSGSIZE"),
    "header-giant": (HEAD_OK + b"X-Giant: " + b"g" * 65536 + b"\r\n\r\n", "EMSGSIZE"),
    "header-many": (HEAD_OK + b"".join(b"X-Many-%05d: 0123456789\r\n" % i for i in range(2000))
                    + b"\r\n", "EMSGSIZE"),
    "header-colon": (HEAD_OK + b"NoColonHere\r\n\r\n", "EBADMSG"),
    "header-space": (HEAD_OK + b"Bad Name: x\r\n\r\n", "EBADMSG"),
    "header-fold": (HEAD_OK + b"X-A: a\r\n folded\r\n\r\n", "EBADMSG"),
    "header-ctl": (HEAD_OK + b"X-A: a\x01b\r\n\r\n", "EBADMSG"),
    "header-nul": (HEAD_OK + b"X-A: a\x00b\r\n\r\n", "EBADMSG"),
    "cl-bad": (HEAD_OK + b"Content-Length: 12abc\r\n\r\n", "EBADMSG"),
    "cl-twice": (HEAD_OK + b"Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello", "EBADMSG"),
    "cl-overflow": (HEAD_OK + b"Content-Length: 99999999999999999999\r\n\r\n", "EOVERFLOW"),
    "cl-and-chunked": (HEAD_OK + b"Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"
                       b"5\r\nhello\r\n0\r\n\r\n", "EBADMSG"),
    "te-gzip": (HEAD_OK + b"Transfer-Encoding: gzip\r\n\r\n", "ENOTSUP"),
    "chunk-hex": (HEAD_OK + b"Transfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n",
                  "EBADMSG"),
    "chunk-empty": (HEAD_OK + b"Transfer-Encoding: chunked\r\n\r\n\r\n0\r\n\r\n", "EBADMSG"),
    "chunk-overflow": (HEAD_OK + b"Transfer-Encoding: chunked\r\n\r\n"
                       b"FFFFFFFFFFFFFFFFF\r\nhello\r\n", "EOVERFLOW"),
    "chunk-negative": (HEAD_OK + b"Transfer-Encoding: chunked\r\n\r\n-5\r\nhello\r\n",
                       "EBADMSG"),
    "chunk-no-crlf": (HEAD_OK + b"Transfer-Encoding: chunked\r\n\r\n5\r\nhelloXX0\r\n\r\n",
                      "EBADMSG"),
    "chunk-size-long": (HEAD_OK + b"Transfer-Encoding: chunked\r\n\r\n" + b"0" * 70000 + b"5\r\n",
                        "EMSGSIZE"),
    "truncated-body": (HEAD_OK + b"Content-Length: 100\r\n\r\n" + b"t" * 50, "ENODATA"),
    "truncated-chunked": (HEAD_OK + b"Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n",
                          "ENODATA"),
    "truncated-headers": (HEAD_OK + b"X-A: a\r\n", "ENODATA"),
    "empty": (b"", "ENODATA"),
    "long-body": (HEAD_OK + b"Content-Length: 10\r\n\r\n" + b"L" * 20, "E2BIG"),
}


def read_request(conn):
    """(method, target, {lower name: value}, body, chunked) of one request, or None."""
    data = b""
    while b"\r\n\r\n" not in data:
        more = conn.recv(65536)
        if not more or len(data) > REQUEST_MAX:
            return None
        data += more
    head, rest = data.split(b"\r\n\r\n", 1)
    lines = head.decode("latin-1").split("\r\n")
    method, target, _ = lines[0].split(" ", 2)
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    is_chunked = headers.get("transfer-encoding", "").lower() == "chunked"
    reader = _Reader(conn, rest)
    body = reader.chunked() if is_chunked else reader.exactly(int(headers.get("content-length", 0)))
    return method, target, headers, body, is_chunked


class _Reader:
    def __init__(self, conn, data):
        self.conn, self.data = conn, data

    def _fill(self):
        more = self.conn.recv(65536)
        if not more:
            raise ConnectionError("request cut short")
        self.data += more

    def exactly(self, n):
        while len(self.data) < n:
            self._fill()
        out, self.data = self.data[:n], self.data[n:]
        return out

    def line(self):
        while b"\r\n" not in self.data:
            self._fill()
        out, self.data = self.data.split(b"\r\n", 1)
        return out

    def chunked(self):
        body = b""
        while True:
            n = int(self.line().split(b";")[0], 16)
            if n == 0:
                while self.line():
                    pass                # trailers
                return body
            body += self.exactly(n)
            self.line()


def echo(method, headers, body, is_chunked):
    extra = [("X-Method", method), ("X-Body-Length", len(body)),
             ("X-Request-Chunked", "yes" if is_chunked else "no"),
             ("X-Echo", headers.get("x-test", ""))]
    return response(200, "OK", extra, body)


def redirect(status, location):
    reason = {301: "Moved Permanently", 302: "Found", 303: "See Other", 307: "Temporary Redirect"}
    headers = [("Location", location)] if location is not None else []
    return response(status, reason.get(status, "Redirect"), headers, b"redirect body\n")


def route(method, path, headers, body, is_chunked, query=""):
    """The response to a request, or a callable(conn) that serves it itself."""
    host = headers.get("host", "")
    if path == "/redirect-to":
        return redirect(302, query)
    fixed = {
        "/fixed": lambda: response(200, "OK", [("X-Kestrel", "fixed")], FIXED_BODY),
        "/chunked": lambda: chunked_response(LARGE_BODY[:sum(CHUNKED_SIZES)], CHUNKED_SIZES,
                                             [("X-Trailer", "done"),
                                              ("X-Length", sum(CHUNKED_SIZES))]),
        "/large": lambda: response(200, "OK", [], LARGE_BODY),
        "/large-chunked": lambda: chunked_response(LARGE_BODY, (4000,)),
        "/close": lambda: b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n" + FIXED_BODY,
        "/echo": lambda: echo(method, headers, body, is_chunked),
        "/redirect": lambda: redirect(302, "/fixed"),
        "/redirect-abs": lambda: redirect(301, f"http://{host}/fixed"),
        "/redirect-303": lambda: redirect(303, "/echo"),
        "/redirect-307": lambda: redirect(307, "/echo"),
        "/redirect-loop": lambda: redirect(302, "/redirect-loop"),
        "/redirect-none": lambda: redirect(302, None),
        "/redirect-https": lambda: redirect(302, f"https://{host}/fixed"),
        "/silent": lambda: silent,
        "/slow": lambda: slow,
    }
    if path in fixed:
        return fixed[path]()
    if path.startswith("/redirect-chain/") and path[16:].isdigit():
        n = int(path[16:])
        return redirect(302, f"/redirect-chain/{n - 1}" if n > 1 else "/fixed")
    if path.startswith("/status/") and path[8:].isdigit():
        status = int(path[8:])
        return response(status, "Status", [], b"" if status in (204, 304) else b"status body\n",
                        length=status not in (204, 304))
    if path.startswith("/bad/") and path[5:] in MALFORMED:
        return MALFORMED[path[5:]][0]
    return response(404, "Not Found", [], b"no such route\n")


def silent(conn):
    time.sleep(SILENT_SECONDS)


def slow(conn):
    conn.sendall(HEAD_OK + b"Content-Length: 10\r\nConnection: close\r\n\r\n")
    for i in range(10):
        time.sleep(SLOW_INTERVAL)
        conn.sendall(bytes([ord("0") + i]))


TLS_TIMEOUT = 30.0


class Handler(socketserver.BaseRequestHandler):
    def handle(self):
        conn = self.request
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            if self.server.ssl_ctx is not None:
                conn.settimeout(TLS_TIMEOUT)
                conn = self.server.ssl_ctx.wrap_socket(conn, server_side=True)
            self.serve(conn)
        except (OSError, ValueError, ConnectionError) as e:   # ssl.SSLError is an OSError
            if self.server.ssl_ctx is not None:
                print(f"https: {self.client_address[0]}:{self.client_address[1]} {e}",
                      file=sys.stderr, flush=True)

    def serve(self, conn):
        """One request on CONN, its response, then the close."""
        req = read_request(conn)
        if req is None:
            return
        method, target, headers, body, is_chunked = req
        path, _, query = target.partition("?")
        out = route(method, path, headers, body, is_chunked, query)
        if callable(out):
            out(conn)
        elif query == "split":
            for i in range(len(out)):
                conn.send(out[i:i + 1])
                time.sleep(0.001)
        else:
            conn.sendall(out if method != "HEAD" else out.split(b"\r\n\r\n", 1)[0] + b"\r\n\r\n")
        if self.server.ssl_ctx is not None:
            conn = conn.unwrap()    # close_notify: the end of a body up to the close
        conn.shutdown(socket.SHUT_WR)
        while conn.recv(65536):     # until the client closes: no RST over unread data
            pass


class Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True
    request_queue_size = 16


class Server6(Server):
    address_family = socket.AF_INET6


def serve(port, host="127.0.0.1", ssl_ctx=None):
    """The server on HOST:PORT; with SSL_CTX (an ssl.SSLContext) HTTPS."""
    server = (Server6 if ":" in host else Server)((host, port), Handler)
    server.ssl_ctx = ssl_ctx
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
