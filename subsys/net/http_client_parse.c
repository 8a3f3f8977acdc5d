/*
 * The HTTP client's response parser (http_client_priv.h): a state machine
 * over the bytes received, in pieces of any size. Lines (status, header,
 * chunk size, trailer) are collected into p->line, bounded by
 * CONFIG_HTTP_CLIENT_LINE_MAX, and rejected when the bound is reached;
 * body bytes are handed to the body callback where they lie, never copied.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <kestrel/net/http_client.h>

#include "http_client_priv.h"

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

bool http_str_ieq(const char *a, const char *b)
{
	while (*a != '\0' && lower(*a) == lower(*b)) {
		a++;
		b++;
	}
	return *a == '\0' && *b == '\0';
}

bool http_is_tchar(uint8_t c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z') || (c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* A byte a field value or reason phrase may hold: VCHAR, SP, HTAB, obs-text. */
static bool is_field_char(uint8_t c)
{
	return c == '\t' || (c >= ' ' && c != 0x7f);
}

void http_parse_init(struct http_parser *p, const struct http_request *req,
		     enum http_method method, bool may_follow,
		     struct http_response *rsp, char *location)
{
	uint8_t redirects = rsp->redirects;

	memset(p, 0, offsetof(struct http_parser, line));
	p->req = req;
	p->rsp = rsp;
	p->st = HTTP_ST_STATUS;
	p->head = method == HTTP_HEAD;
	p->may_follow = may_follow;
	p->location = location;
	memset(rsp, 0, sizeof(*rsp));
	rsp->redirects = redirects;
	rsp->content_length = -1;
}

/* ---- lines ---- */

/* Move bytes of @p data into p->line up to an LF. @return 1: a line is
 * complete (NUL-terminated, CR LF or LF removed), 0: more is needed; a
 * negative errno. *@p used: bytes taken. */
static int line_take(struct http_parser *p, const uint8_t *data, size_t len,
		     size_t *used)
{
	const uint8_t *lf = memchr(data, '\n', len);
	size_t n = lf != NULL ? (size_t)(lf - data) : len;

	if (n > CONFIG_HTTP_CLIENT_LINE_MAX - p->line_len + 1) {
		return -EMSGSIZE; /* one more for a CR before the LF */
	}
	memcpy(p->line + p->line_len, data, n);
	p->line_len += n;
	*used = lf != NULL ? n + 1 : n;
	if (lf == NULL) {
		/* Full: only a CR may stand before the LF still to come. */
		return p->line_len > CONFIG_HTTP_CLIENT_LINE_MAX &&
		       p->line[CONFIG_HTTP_CLIENT_LINE_MAX] != '\r' ? -EMSGSIZE : 0;
	}
	if (p->line_len > 0 && p->line[p->line_len - 1] == '\r') {
		p->line_len--;
	}
	if (p->line_len > CONFIG_HTTP_CLIENT_LINE_MAX ||
	    memchr(p->line, '\0', p->line_len) != NULL ||
	    memchr(p->line, '\r', p->line_len) != NULL) {
		return p->line_len > CONFIG_HTTP_CLIENT_LINE_MAX ? -EMSGSIZE : -EBADMSG;
	}
	p->line[p->line_len] = '\0';
	return 1;
}

/* ---- status line ---- */

static bool is_redirect(int status)
{
	return status == 301 || status == 302 || status == 303 ||
	       status == 307 || status == 308;
}

/* "HTTP/1.x NNN[ reason]" */
static int status_parse(struct http_parser *p)
{
	const char *s = p->line;
	int status;

	if (strncmp(s, "HTTP/1.", 7) != 0 || !is_digit(s[7]) || s[8] != ' ' ||
	    !is_digit(s[9]) || !is_digit(s[10]) || !is_digit(s[11]) ||
	    (s[12] != ' ' && s[12] != '\0')) {
		return -EPROTO;
	}
	for (const char *r = s + 12; *r != '\0'; r++) {
		if (!is_field_char((uint8_t)*r)) {
			return -EPROTO;
		}
	}
	status = (s[9] - '0') * 100 + (s[10] - '0') * 10 + (s[11] - '0');
	if (status < 100 || status > 599) {
		return -EPROTO;
	}
	p->rsp->status = status;
	p->rsp->http_minor = (uint8_t)(s[7] - '0');
	p->follow = p->may_follow && is_redirect(status);
	p->st = HTTP_ST_HEADER;
	return 0;
}

/* ---- header lines ---- */

/* *@p out = the decimal @p s (digits only). */
static int content_length_parse(const char *s, int64_t *out)
{
	int64_t v = 0;

	if (*s == '\0') {
		return -EBADMSG;
	}
	for (; *s != '\0'; s++) {
		if (!is_digit(*s)) {
			return -EBADMSG;
		}
		if (v > (INT64_MAX - (*s - '0')) / 10) {
			return -EOVERFLOW;
		}
		v = v * 10 + (*s - '0');
	}
	*out = v;
	return 0;
}

/* The headers the client acts on (not in trailers). */
static int header_use(struct http_parser *p, const char *name, const char *value)
{
	struct http_response *rsp = p->rsp;
	int64_t len;
	int ret;

	if (http_str_ieq(name, "content-length")) {
		ret = content_length_parse(value, &len);
		if (ret == 0 && rsp->content_length >= 0 && rsp->content_length != len) {
			ret = -EBADMSG;
		}
		rsp->content_length = ret == 0 ? len : rsp->content_length;
		return ret;
	}
	if (http_str_ieq(name, "transfer-encoding")) {
		if (!http_str_ieq(value, "chunked")) {
			return -ENOTSUP;
		}
		rsp->chunked = true;
		return 0;
	}
	if (p->follow && http_str_ieq(name, "location")) {
		if (strlen(value) >= CONFIG_HTTP_CLIENT_URL_MAX) {
			return -EMSGSIZE;
		}
		strcpy(p->location, value);
		p->have_location = true;
	}
	return 0;
}

/* Whether this response's headers and body go to the callbacks. */
static bool delivered(const struct http_parser *p)
{
	return !p->follow && p->rsp->status >= 200;
}

/* "name: value" with optional blanks around the value. */
static int header_parse(struct http_parser *p, bool trailer)
{
	char *name = p->line, *value, *end;
	int ret;

	p->header_bytes += strlen(p->line) + 2;
	if (p->header_bytes > CONFIG_HTTP_CLIENT_HEADERS_MAX) {
		return -EMSGSIZE;
	}
	for (value = name; http_is_tchar((uint8_t)*value); value++) {
	}
	if (value == name || *value != ':') {
		return -EBADMSG; /* also obs-fold and blanks before the colon */
	}
	*value++ = '\0';
	while (*value == ' ' || *value == '\t') {
		value++;
	}
	end = value + strlen(value);
	while (end > value && (end[-1] == ' ' || end[-1] == '\t')) {
		*--end = '\0';
	}
	for (const char *c = value; *c != '\0'; c++) {
		if (!is_field_char((uint8_t)*c)) {
			return -EBADMSG;
		}
	}
	ret = trailer ? 0 : header_use(p, name, value);
	if (ret == 0 && delivered(p) && p->req->on_header != NULL) {
		p->rsp->trailer = trailer;
		p->cb_ret = p->req->on_header(p->rsp, name, value, p->req->user_data);
		ret = p->cb_ret != 0 ? -ECANCELED : 0;
	}
	return ret;
}

/* The empty line after the headers: what the body is. */
static int headers_end(struct http_parser *p)
{
	struct http_response *rsp = p->rsp;
	int status = rsp->status;

	if (status < 200) {
		/* An interim response: the real one follows. */
		http_parse_init(p, p->req, p->head ? HTTP_HEAD : HTTP_GET,
				p->may_follow, rsp, p->location);
		return 0;
	}
	if (rsp->chunked && rsp->content_length >= 0) {
		return -EBADMSG; /* both: a sign of request smuggling */
	}
	if (p->follow) {
		p->st = HTTP_ST_DONE; /* its body is not needed */
		return p->have_location ? 0 : -EBADMSG;
	}
	if (p->req->on_response != NULL) {
		p->cb_ret = p->req->on_response(rsp, p->req->user_data);
		if (p->cb_ret != 0) {
			return -ECANCELED;
		}
	}
	if (p->head || status == 204 || status == 304 || rsp->content_length == 0) {
		p->st = HTTP_ST_DONE;
	} else if (rsp->chunked) {
		p->st = HTTP_ST_CHUNK_SIZE;
	} else if (rsp->content_length > 0) {
		p->remaining = (uint64_t)rsp->content_length;
		p->st = HTTP_ST_BODY_LEN;
	} else {
		p->st = HTTP_ST_BODY_CLOSE;
	}
	return 0;
}

/* ---- chunks ---- */

static int hex_value(char c)
{
	if (is_digit(c)) {
		return c - '0';
	}
	c = lower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* "HEX[ ; extensions]" (extensions are ignored). */
static int chunk_size_parse(struct http_parser *p)
{
	const char *s = p->line;
	uint64_t v = 0;
	int d;

	if (hex_value(*s) < 0) {
		return -EBADMSG;
	}
	for (; (d = hex_value(*s)) >= 0; s++) {
		if (v > ((uint64_t)INT64_MAX - (uint64_t)d) / 16) {
			return -EOVERFLOW;
		}
		v = v * 16 + (uint64_t)d;
	}
	while (*s == ' ' || *s == '\t') {
		s++;
	}
	if (*s != '\0' && *s != ';') {
		return -EBADMSG;
	}
	for (; *s != '\0'; s++) {
		if (!is_field_char((uint8_t)*s)) {
			return -EBADMSG;
		}
	}
	p->remaining = v;
	p->st = v == 0 ? HTTP_ST_TRAILER : HTTP_ST_CHUNK_DATA;
	return 0;
}

/* ---- the state machine ---- */

/* A complete line in state p->st. */
static int line_parse(struct http_parser *p)
{
	bool empty = p->line_len == 0;

	p->line_len = 0;
	switch (p->st) {
	case HTTP_ST_STATUS:
		return status_parse(p);
	case HTTP_ST_HEADER:
		return empty ? headers_end(p) : header_parse(p, false);
	case HTTP_ST_CHUNK_SIZE:
		return chunk_size_parse(p);
	case HTTP_ST_CHUNK_END:
		p->st = HTTP_ST_CHUNK_SIZE;
		return empty ? 0 : -EBADMSG;
	case HTTP_ST_TRAILER:
		if (empty) {
			p->st = HTTP_ST_DONE;
			return 0;
		}
		return header_parse(p, true);
	default:
		return -EINVAL;
	}
}

/* Body bytes: up to p->remaining of them, or all in a close-delimited body. */
static int body_take(struct http_parser *p, const uint8_t *data, size_t len)
{
	size_t n = len;

	if (p->st != HTTP_ST_BODY_CLOSE && p->remaining < n) {
		n = (size_t)p->remaining;
	}
	if (p->req->on_body != NULL) {
		p->cb_ret = p->req->on_body(p->rsp, data, n, p->req->user_data);
		if (p->cb_ret != 0) {
			return -ECANCELED;
		}
	}
	p->rsp->body_len += n;
	if (p->st != HTTP_ST_BODY_CLOSE) {
		p->remaining -= n;
		if (p->remaining == 0) {
			p->st = p->st == HTTP_ST_CHUNK_DATA ? HTTP_ST_CHUNK_END : HTTP_ST_DONE;
		}
	}
	return (int)n;
}

static bool in_body(enum http_parse_state st)
{
	return st == HTTP_ST_BODY_LEN || st == HTTP_ST_BODY_CLOSE ||
	       st == HTTP_ST_CHUNK_DATA;
}

int http_parse(struct http_parser *p, const uint8_t *data, size_t len)
{
	size_t pos = 0, used;
	int ret;

	if (len > INT32_MAX) {
		return -EINVAL;
	}
	while (pos < len && p->st != HTTP_ST_DONE) {
		if (in_body(p->st)) {
			ret = body_take(p, data + pos, len - pos);
			if (ret < 0) {
				return ret;
			}
			pos += (size_t)ret;
			continue;
		}
		ret = line_take(p, data + pos, len - pos, &used);
		pos += used;
		if (ret == 1) {
			ret = line_parse(p);
		}
		if (ret < 0) {
			return ret;
		}
	}
	return (int)pos;
}

int http_parse_eof(struct http_parser *p)
{
	if (p->st == HTTP_ST_BODY_CLOSE) {
		p->st = HTTP_ST_DONE;
	}
	return p->st == HTTP_ST_DONE ? 0 : -ENODATA;
}
