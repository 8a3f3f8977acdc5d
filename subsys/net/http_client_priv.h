/*
 * The HTTP client's response parser (http_client_parse.c), used by
 * http_client.c. It sees bytes only, no socket: http_parse() takes what
 * has been received, in pieces of any size, and calls the request's
 * callbacks; http_parse_eof() says the peer closed.
 */
#ifndef KESTREL_NET_HTTP_CLIENT_PRIV_H
#define KESTREL_NET_HTTP_CLIENT_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <kestrel/net/http_client.h>

enum http_parse_state {
	HTTP_ST_STATUS,     /* the status line */
	HTTP_ST_HEADER,     /* header lines up to the empty one */
	HTTP_ST_BODY_LEN,   /* Content-Length body: remaining bytes */
	HTTP_ST_BODY_CLOSE, /* body up to the peer's close */
	HTTP_ST_CHUNK_SIZE, /* chunk-size [; ext] line */
	HTTP_ST_CHUNK_DATA, /* chunk data: remaining bytes */
	HTTP_ST_CHUNK_END,  /* the CRLF after a chunk's data */
	HTTP_ST_TRAILER,    /* trailer lines up to the empty one */
	HTTP_ST_DONE,       /* the response is complete */
};

struct http_parser {
	const struct http_request *req; /* callbacks and user data */
	struct http_response *rsp;
	enum http_parse_state st;
	bool head;          /* a HEAD request: no body */
	bool may_follow;    /* redirects are followed: capture Location */
	bool follow;        /* this response is a redirect to follow */
	bool have_location;
	int cb_ret;         /* a callback's non-zero return (-ECANCELED) */
	uint64_t remaining; /* of the Content-Length body or the chunk */
	size_t line_len;
	size_t header_bytes;
	char *location;     /* CONFIG_HTTP_CLIENT_URL_MAX bytes */
	char line[CONFIG_HTTP_CLIENT_LINE_MAX + 1];
};

/** Start parsing a response to @p req into @p rsp (zeroed but for the
 *  redirect count). @p location: where a Location to follow goes. */
void http_parse_init(struct http_parser *p, const struct http_request *req,
		     enum http_method method, bool may_follow,
		     struct http_response *rsp, char *location);

/** Parse @p len bytes. @return bytes consumed (all of them, unless the
 *  response ended before: st is then HTTP_ST_DONE); a negative errno of
 *  http_client_request(), -ECANCELED when a callback returned non-zero
 *  (kept in cb_ret). */
int http_parse(struct http_parser *p, const uint8_t *data, size_t len);

/** The peer closed: 0 if that completes the response, else -ENODATA. */
int http_parse_eof(struct http_parser *p);

/** True for a byte of an HTTP token (RFC 9110 tchar). */
bool http_is_tchar(uint8_t c);

/** ASCII case-insensitive equality of two NUL-terminated strings. */
bool http_str_ieq(const char *a, const char *b);

#endif /* KESTREL_NET_HTTP_CLIENT_PRIV_H */
