/*
 * HTTP/1.1 client (include/kestrel/net/http_client.h) on Kestrel's socket
 * API: resolve, connect (non-blocking, bounded by poll), send the request,
 * feed what arrives to the parser (http_client_parse.c), follow redirects
 * when asked. One connection per request (Connection: close). Every wait is
 * a net_poll() bounded by the idle timeout and what is left of the total.
 */
#include <errno.h>
#include <limits.h>
#include <string.h>

#include <kestrel/kernel.h>
#include <kestrel/net/http_client.h>
#include <kestrel/net/socket.h>

#include "http_client_priv.h"

/* Room for the hex size line of a chunk we send: 16 digits + CRLF. */
#define CHUNK_HEAD_MAX 18

struct http_ctx {
	const struct http_request *req;
	struct http_response *rsp;
	int sock;
	int64_t deadline;       /* k_uptime_get() ms; INT64_MAX: none */
	uint32_t idle_ms;
	uint32_t connect_ms;
	/* What this exchange asks for (a redirect changes it). */
	enum http_method method;
	const char *host;
	uint16_t port;
	const char *path;
	bool with_body;
	bool tls;               /* https: a TLS socket */
	const char *tls_name;   /* the name its certificate must have */
	size_t tx_len;          /* request head staged in rx[] */
	struct http_parser parser;
	char target[CONFIG_HTTP_CLIENT_URL_MAX];   /* host\0path\0 after a redirect */
	char location[CONFIG_HTTP_CLIENT_URL_MAX];
	uint8_t rx[CONFIG_HTTP_CLIENT_RX_BUF_SIZE];
};

static const char *const method_names[] = {
	[HTTP_GET] = "GET",       [HTTP_HEAD] = "HEAD",   [HTTP_POST] = "POST",
	[HTTP_PUT] = "PUT",       [HTTP_DELETE] = "DELETE", [HTTP_PATCH] = "PATCH",
	[HTTP_OPTIONS] = "OPTIONS",
};

/* ---- checks of the request ---- */

/* Letters, digits and what a host name or IP address holds. */
static bool host_ok(const char *h)
{
	if (h == NULL || *h == '\0') {
		return false;
	}
	for (; *h != '\0'; h++) {
		if (!http_is_tchar((uint8_t)*h) && *h != ':') {
			return false;
		}
	}
	return true;
}

/* "/..." of visible characters. */
static bool path_ok(const char *p)
{
	if (p == NULL || *p != '/') {
		return false;
	}
	for (; *p != '\0'; p++) {
		if ((uint8_t)*p <= ' ' || (uint8_t)*p == 0x7f) {
			return false;
		}
	}
	return true;
}

static bool value_ok(const char *v)
{
	for (; *v != '\0'; v++) {
		if (*v == '\r' || *v == '\n') {
			return false;
		}
	}
	return true;
}

/* The headers the client writes itself: a second copy would contradict it. */
static bool framing_header(const char *name)
{
	return http_str_ieq(name, "host") || http_str_ieq(name, "connection") ||
	       http_str_ieq(name, "content-length") || http_str_ieq(name, "transfer-encoding");
}

static bool headers_ok(const struct http_request *req)
{
	if (req->header_count > 0 && req->headers == NULL) {
		return false;
	}
	for (size_t i = 0; i < req->header_count; i++) {
		const struct http_header *h = &req->headers[i];

		if (h->name == NULL || h->value == NULL || *h->name == '\0' ||
		    !value_ok(h->value) || framing_header(h->name)) {
			return false;
		}
		for (const char *c = h->name; *c != '\0'; c++) {
			if (!http_is_tchar((uint8_t)*c)) {
				return false;
			}
		}
	}
	return true;
}

static bool tls_ok(const struct http_tls *tls)
{
	return tls == NULL ||
	       (tls->sec_tags != NULL && tls->sec_tag_count > 0 &&
		(tls->hostname == NULL || (*tls->hostname != '\0' && value_ok(tls->hostname))));
}

static bool request_ok(const struct http_request *req)
{
	return (unsigned int)req->method < ARRAY_SIZE(method_names) && tls_ok(req->tls) &&
	       host_ok(req->host) && path_ok(req->path) && headers_ok(req) &&
	       (req->body != NULL || req->body_source != NULL ||
		req->body_len == 0);
}

/* ---- waits ---- */

/* The longest wait now: @p limit_ms or less, as the deadline allows;
 * -ETIMEDOUT once it has passed. */
static int wait_ms(const struct http_ctx *c, uint32_t limit_ms)
{
	int64_t left = c->deadline == INT64_MAX ? INT_MAX : c->deadline - k_uptime_get();

	if (left <= 0) {
		return -ETIMEDOUT;
	}
	if (left > limit_ms) {
		left = limit_ms;
	}
	return left > INT_MAX ? INT_MAX : (int)left;
}

/* Wait until the socket is ready for @p events, at most @p limit_ms. */
static int sock_wait(struct http_ctx *c, short events, uint32_t limit_ms)
{
	struct net_pollfd pfd = { .fd = c->sock, .events = events };
	int ms = wait_ms(c, limit_ms);
	int ret;

	if (ms < 0) {
		return ms;
	}
	ret = net_poll(&pfd, 1, ms);
	if (ret < 0) {
		return ret;
	}
	return ret == 0 ? -ETIMEDOUT : 0;
}

/* ---- connecting ---- */

static uint16_t default_port(const struct http_ctx *c)
{
	return c->tls ? 443 : 80;
}

#ifdef CONFIG_NET_TLS
/* Credentials, name and handshake bound of a TLS socket, before connect. */
static int tls_setup(struct http_ctx *c)
{
	const struct http_tls *tls = c->req->tls;
	int ms = wait_ms(c, c->connect_ms);
	struct net_timeval tv = { ms / 1000, (ms % 1000) * 1000L };
	int ret;

	if (ms < 0) {
		return ms;
	}
	ret = net_setsockopt(c->sock, NET_SOL_TLS, NET_TLS_SEC_TAG_LIST, tls->sec_tags,
			     (net_socklen_t)(tls->sec_tag_count * sizeof(tls->sec_tags[0])));
	if (ret == 0) {
		ret = net_setsockopt(c->sock, NET_SOL_TLS, NET_TLS_HOSTNAME, c->tls_name,
				     (net_socklen_t)strlen(c->tls_name));
	}
	if (ret == 0) {
		ret = net_setsockopt(c->sock, NET_SOL_TLS, NET_TLS_HANDSHAKE_TIMEO, &tv,
				     sizeof(tv));
	}
	return ret;
}

static int socket_open(struct http_ctx *c, int family)
{
	int ret;

	if (!c->tls) {
		c->sock = net_socket(family, NET_SOCK_STREAM, NET_IPPROTO_TCP);
		return c->sock < 0 ? c->sock : 0;
	}
	c->sock = net_socket(family, NET_SOCK_STREAM, NET_IPPROTO_TLS);
	if (c->sock < 0) {
		return c->sock;
	}
	ret = tls_setup(c);
	if (ret != 0) {
		(void)net_close(c->sock);
		c->sock = -1;
	}
	return ret;
}
#else
static int socket_open(struct http_ctx *c, int family)
{
	c->sock = net_socket(family, NET_SOCK_STREAM, NET_IPPROTO_TCP);
	return c->sock < 0 ? c->sock : 0;
}
#endif

static char *dec(char *end, uint64_t v)
{
	*--end = '\0';
	do {
		*--end = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	return end;
}

static int connect_addr(struct http_ctx *c, const struct net_addrinfo *ai)
{
	int err = 0, ret;
	net_socklen_t len = sizeof(err);

	ret = socket_open(c, ai->ai_family);
	if (ret != 0) {
		return ret;
	}
	/* TCP: connect in the background, bounded by poll; TLS: net_connect()
	 * blocks (TCP and handshake) within NET_TLS_HANDSHAKE_TIMEO. */
	ret = net_fcntl(c->sock, NET_F_SETFL, NET_O_NONBLOCK);
	if (ret == 0) {
		ret = net_connect(c->sock, ai->ai_addr, ai->ai_addrlen);
	}
	if (ret == -EINPROGRESS) {
		ret = sock_wait(c, NET_POLLOUT, c->connect_ms);
		if (ret == 0) {
			ret = net_getsockopt(c->sock, NET_SOL_SOCKET, NET_SO_ERROR, &err, &len);
			ret = ret == 0 ? -err : ret;
		}
	}
	if (ret != 0) {
		(void)net_close(c->sock);
		c->sock = -1;
	}
	return ret;
}

/* A connection to c->host:c->port, trying each address in turn. */
static int connect_host(struct http_ctx *c)
{
	struct net_addrinfo hints = { .ai_socktype = NET_SOCK_STREAM };
	struct net_addrinfo *res, *ai;
	char port[6];
	int ret;

	ret = net_getaddrinfo(c->host, dec(port + sizeof(port), c->port), &hints, &res);
	if (ret != 0) {
		return ret;
	}
	ret = -EHOSTUNREACH;
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		ret = connect_addr(c, ai);
		if (ret == 0 || (ret == -ETIMEDOUT && wait_ms(c, 1) < 0)) {
			break;
		}
	}
	net_freeaddrinfo(res);
	return ret;
}

/* ---- sending ---- */

static int send_all(struct http_ctx *c, const void *data, size_t len)
{
	const uint8_t *p = data;
	int ret;

	while (len > 0) {
		ret = net_send(c->sock, p, len, NET_MSG_DONTWAIT);
		if (ret == -EAGAIN) {
			ret = sock_wait(c, NET_POLLOUT, c->idle_ms);
			if (ret != 0) {
				return ret;
			}
			continue;
		}
		if (ret < 0) {
			return ret;
		}
		p += ret;
		len -= (size_t)ret;
	}
	return 0;
}

/* Stage @p s for sending (in rx[], free until the response comes). */
static int put(struct http_ctx *c, const char *s)
{
	size_t n = strlen(s);
	int ret;

	while (n > 0) {
		size_t room = sizeof(c->rx) - c->tx_len;
		size_t k = n < room ? n : room;

		memcpy(c->rx + c->tx_len, s, k);
		c->tx_len += k;
		s += k;
		n -= k;
		if (c->tx_len == sizeof(c->rx)) {
			ret = send_all(c, c->rx, c->tx_len);
			c->tx_len = 0;
			if (ret != 0) {
				return ret;
			}
		}
	}
	return 0;
}

static int put_header(struct http_ctx *c, const char *name, const char *value)
{
	int ret = put(c, name);

	ret = ret != 0 ? ret : put(c, ": ");
	ret = ret != 0 ? ret : put(c, value);
	return ret != 0 ? ret : put(c, "\r\n");
}

/* "Host: name[:port]", an IPv6 address in brackets. */
static int put_host(struct http_ctx *c)
{
	bool v6 = strchr(c->host, ':') != NULL;
	char port[7];
	int ret = put(c, "Host: ");

	ret = ret != 0 ? ret : put(c, v6 ? "[" : "");
	ret = ret != 0 ? ret : put(c, c->host);
	ret = ret != 0 ? ret : put(c, v6 ? "]" : "");
	if (ret == 0 && c->port != default_port(c)) {
		char *p = dec(port + sizeof(port), c->port);

		*--p = ':';
		ret = put(c, p);
	}
	return ret != 0 ? ret : put(c, "\r\n");
}

static bool method_has_body(enum http_method m)
{
	return m == HTTP_POST || m == HTTP_PUT || m == HTTP_PATCH;
}

static int put_framing(struct http_ctx *c)
{
	const struct http_request *req = c->req;
	char len[21];

	if (!c->with_body) {
		return method_has_body(c->method) ? put(c, "Content-Length: 0\r\n") : 0;
	}
	if (req->body_source != NULL && req->body_len == HTTP_BODY_LEN_UNKNOWN) {
		return put(c, "Transfer-Encoding: chunked\r\n");
	}
	return put_header(c, "Content-Length", dec(len + sizeof(len), req->body_len));
}

static int send_head(struct http_ctx *c)
{
	const struct http_request *req = c->req;
	int ret;

	c->tx_len = 0;
	ret = put(c, method_names[c->method]);
	ret = ret != 0 ? ret : put(c, " ");
	ret = ret != 0 ? ret : put(c, c->path);
	ret = ret != 0 ? ret : put(c, " HTTP/1.1\r\n");
	ret = ret != 0 ? ret : put_host(c);
	ret = ret != 0 ? ret : put(c, "Connection: close\r\n");
	for (size_t i = 0; ret == 0 && i < req->header_count; i++) {
		ret = put_header(c, req->headers[i].name, req->headers[i].value);
	}
	ret = ret != 0 ? ret : put_framing(c);
	ret = ret != 0 ? ret : put(c, "\r\n");
	if (ret == 0 && c->tx_len > 0) {
		ret = send_all(c, c->rx, c->tx_len);
	}
	return ret;
}

/* The size line of a chunk we send: "HEX\r\n". */
static int send_chunk_head(struct http_ctx *c, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	char head[CHUNK_HEAD_MAX + 1];
	char *p = head + sizeof(head);

	*--p = '\0';
	*--p = '\n';
	*--p = '\r';
	do {
		*--p = hex[len & 15];
		len >>= 4;
	} while (len != 0);
	return send_all(c, p, strlen(p));
}

/* The body from the request's source, into rx[]. */
static int send_body_source(struct http_ctx *c)
{
	const struct http_request *req = c->req;
	bool chunked = req->body_len == HTTP_BODY_LEN_UNKNOWN;
	size_t sent = 0;
	int n, ret;

	for (;;) {
		n = req->body_source(c->rx, sizeof(c->rx), req->user_data);
		if (n < 0) {
			return n;
		}
		if (n == 0) {
			break;
		}
		if ((size_t)n > sizeof(c->rx) ||
		    (!chunked && (size_t)n > req->body_len - sent)) {
			return -EMSGSIZE;
		}
		ret = chunked ? send_chunk_head(c, (size_t)n) : 0;
		ret = ret != 0 ? ret : send_all(c, c->rx, (size_t)n);
		ret = ret != 0 || !chunked ? ret : send_all(c, "\r\n", 2);
		if (ret != 0) {
			return ret;
		}
		sent += (size_t)n;
	}
	if (chunked) {
		return send_all(c, "0\r\n\r\n", 5);
	}
	return sent == req->body_len ? 0 : -EMSGSIZE;
}

static int send_request(struct http_ctx *c)
{
	int ret = send_head(c);

	if (ret != 0 || !c->with_body) {
		return ret;
	}
	if (c->req->body_source != NULL) {
		return send_body_source(c);
	}
	return send_all(c, c->req->body, c->req->body_len);
}

/* ---- receiving ---- */

/* After a complete response: more data (already here, or waiting) is a
 * body longer than announced. */
static int check_no_more(struct http_ctx *c, size_t left)
{
	int n;

	if (left > 0) {
		return -E2BIG;
	}
	n = net_recv(c->sock, c->rx, 1, NET_MSG_DONTWAIT);
	return n > 0 ? -E2BIG : 0;
}

static int recv_response(struct http_ctx *c)
{
	struct http_parser *p = &c->parser;
	int n, used;

	http_parse_init(p, c->req, c->method, c->req->max_redirects > 0, c->rsp,
			c->location);
	for (;;) {
		n = net_recv(c->sock, c->rx, sizeof(c->rx), NET_MSG_DONTWAIT);
		if (n == -EAGAIN) {
			n = sock_wait(c, NET_POLLIN, c->idle_ms);
			if (n != 0) {
				return n;
			}
			continue;
		}
		if (n <= 0) {
			return n < 0 ? n : http_parse_eof(p);
		}
		used = http_parse(p, c->rx, (size_t)n);
		if (used < 0) {
			return used == -ECANCELED ? p->cb_ret : used;
		}
		if (p->st == HTTP_ST_DONE) {
			return p->follow ? 0 : check_no_more(c, (size_t)n - (size_t)used);
		}
	}
}

static int exchange(struct http_ctx *c)
{
	int ret = connect_host(c);

	if (ret != 0) {
		return ret;
	}
	ret = send_request(c);
	if (ret == 0) {
		ret = recv_response(c);
	}
	(void)net_close(c->sock);
	c->sock = -1;
	return ret;
}

/* ---- redirects ---- */

/* The @p n bytes at @p s equal the string @p t, in any case. */
static bool span_ieq(const char *s, size_t n, const char *t)
{
	for (size_t i = 0; i < n; i++, t++) {
		char a = s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] - 'A' + 'a') : s[i];
		char b = *t >= 'A' && *t <= 'Z' ? (char)(*t - 'A' + 'a') : *t;

		if (a != b || *t == '\0') {
			return false;
		}
	}
	return *t == '\0';
}

/* The authority of an absolute Location: "host[:port]" or "[v6][:port]",
 * ending at the path. Writes host\0 into target. @return the path. */
/* ":port" or nothing, then the path, query, fragment or the end.
 * @return where the path starts; NULL if malformed. */
static const char *port_parse(const char *a, uint32_t *port)
{
	uint32_t v = 0;

	if (*a == ':') {
		for (a++; *a >= '0' && *a <= '9' && v <= 65535; a++) {
			v = v * 10 + (uint32_t)(*a - '0');
		}
		if (v == 0 || v > 65535) {
			return NULL;
		}
		*port = v;
	}
	return *a == '\0' || strchr("/?#", *a) != NULL ? a : NULL;
}

static const char *authority_parse(struct http_ctx *c, const char *a, int *err)
{
	const char *end, *host = a;
	size_t hl;
	uint32_t port = default_port(c);
	bool same;

	if (*a == '[') {
		host = a + 1;
		end = strchr(host, ']');
		a = end != NULL ? end + 1 : NULL;
	} else {
		end = a + strcspn(a, ":/?#");
		a = end;
	}
	if (a == NULL || end == host) {
		*err = -EBADMSG;
		return NULL;
	}
	hl = (size_t)(end - host);
	a = port_parse(a, &port);
	*err = memchr(host, '@', hl) != NULL ? -ENOTSUP /* credentials in the URL */
	       : a == NULL ? -EBADMSG : hl >= sizeof(c->target) - 2 ? -EMSGSIZE : 0;
	if (*err != 0) {
		return NULL;
	}
	same = span_ieq(host, hl, c->host);
	memcpy(c->target, host, hl);
	c->target[hl] = '\0';
	c->host = c->target;
	c->port = (uint16_t)port;
	if (!same) {
		c->tls_name = c->target; /* another host: its own name */
	}
	return a;
}

/* c->target = current host \0 @p path (without its fragment). */
static int target_set(struct http_ctx *c, const char *path)
{
	size_t hl = strlen(c->host), pl = strcspn(path, "#");
	bool slash = *path != '/';
	char *dst;

	if (hl + 1 + slash + pl + 1 > sizeof(c->target)) {
		return -EMSGSIZE;
	}
	memmove(c->target, c->host, hl + 1);
	c->host = c->target;
	dst = c->target + hl + 1;
	if (slash) {
		*dst++ = '/';
	}
	memcpy(dst, path, pl);
	dst[pl] = '\0';
	c->path = c->target + hl + 1;
	return host_ok(c->host) && path_ok(c->path) ? 0 : -EBADMSG;
}

/* @p s starts with @p prefix (lower case), in any case. */
static bool prefix_ieq(const char *s, const char *prefix)
{
	for (; *prefix != '\0'; s++, prefix++) {
		char c = *s >= 'A' && *s <= 'Z' ? (char)(*s - 'A' + 'a') : *s;

		if (c != *prefix) {
			return false;
		}
	}
	return true;
}

/* Point c at the Location of the redirect just received. */
static int redirect_follow(struct http_ctx *c)
{
	const char *loc = c->location, *path = loc;
	int status = c->rsp->status, err = 0;
	size_t skip = 0;

	if (prefix_ieq(loc, "http://") || prefix_ieq(loc, "https://")) {
		skip = loc[4] == ':' ? 7 : 8;
		if ((skip == 8) != c->tls) {
			return -ENOTSUP; /* never to plain http; no credentials for https */
		}
	} else if (loc[0] == '/' && loc[1] == '/') {
		skip = 2;
	} else if (loc[0] != '/') {
		return -ENOTSUP; /* another scheme, or a relative path */
	}
	if (skip != 0) {
		path = authority_parse(c, loc + skip, &err);
		if (path == NULL) {
			return err;
		}
	}
	if (status == 303 || ((status == 301 || status == 302) && c->method == HTTP_POST)) {
		c->method = c->method == HTTP_HEAD ? HTTP_HEAD : HTTP_GET;
		c->with_body = false;
	} else if (c->with_body && c->req->body_source != NULL) {
		return -ENOTSUP; /* 307/308 would need the body again */
	}
	return target_set(c, path);
}

/* ---- the call ---- */

static void ctx_init(struct http_ctx *c, const struct http_request *req,
		     struct http_response *rsp)
{
	c->req = req;
	c->rsp = rsp;
	c->sock = -1;
	c->deadline = req->total_timeout_ms != 0
			      ? k_uptime_get() + req->total_timeout_ms : INT64_MAX;
	c->idle_ms = req->idle_timeout_ms != 0 ? req->idle_timeout_ms
					       : CONFIG_HTTP_CLIENT_IDLE_TIMEOUT_MS;
	c->connect_ms = req->connect_timeout_ms != 0 ? req->connect_timeout_ms
						     : CONFIG_HTTP_CLIENT_CONNECT_TIMEOUT_MS;
	c->method = req->method;
	c->host = req->host;
	c->tls = req->tls != NULL;
	c->tls_name = c->tls && req->tls->hostname != NULL ? req->tls->hostname : req->host;
	c->port = req->port != 0 ? req->port : default_port(c);
	c->path = req->path;
	c->with_body = req->body_len > 0 || req->body_source != NULL;
	memset(rsp, 0, sizeof(*rsp));
	rsp->content_length = -1;
}

int http_client_request(const struct http_request *req,
			struct http_response *rsp)
{
	struct http_response own;
	struct http_ctx c;
	int ret;

	if (req == NULL || !request_ok(req)) {
		return -EINVAL;
	}
	if (req->tls != NULL && !IS_ENABLED(CONFIG_NET_TLS)) {
		return -ENOTSUP;
	}
	ctx_init(&c, req, rsp != NULL ? rsp : &own);
	for (;;) {
		ret = exchange(&c);
		if (ret != 0 || !c.parser.follow) {
			break;
		}
		if (c.rsp->redirects >= req->max_redirects) {
			ret = -ELOOP;
			break;
		}
		ret = redirect_follow(&c);
		if (ret != 0) {
			break;
		}
		c.rsp->redirects++;
	}
	return ret;
}
