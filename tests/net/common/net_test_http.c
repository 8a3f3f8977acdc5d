/* What the HTTP client tests record of a response (net_test_http.h). */
#include <string.h>

#include <kestrel/ktest.h>
#include <kestrel/testing/net_fixtures.h>

#include "net_test_http.h"

static void copy(char *dst, size_t size, const char *src)
{
	strncpy(dst, src, size - 1);
	dst[size - 1] = '\0';
}

static int on_header(const struct http_response *rsp, const char *name,
		     const char *value, void *user_data)
{
	struct net_test_http_capture *c = user_data;

	if (c->headers < NET_TEST_HTTP_HEADERS_KEPT) {
		struct net_test_http_header *k = &c->kept[c->headers];

		copy(k->name, sizeof(k->name), name);
		copy(k->value, sizeof(k->value), value);
		k->trailer = rsp->trailer;
	}
	c->headers++;
	return 0;
}

static int on_response(const struct http_response *rsp, void *user_data)
{
	struct net_test_http_capture *c = user_data;

	c->responses++;
	c->status = rsp->status;
	return 0;
}

static int on_body(const struct http_response *rsp, const uint8_t *data,
		   size_t len, void *user_data)
{
	struct net_test_http_capture *c = user_data;

	c->body_before_response |= c->responses == 0;
	if (rsp->body_len != c->body_len) {
		c->pattern_errors++; /* the offset must count what came before */
	}
	for (size_t i = 0; i < len; i++) {
		size_t at = c->body_len + i;

		if (at < sizeof(c->body)) {
			c->body[at] = data[i];
		}
		c->pattern_errors += data[i] != kt_net_fixture_http_large_byte(at);
	}
	c->body_len += len;
	c->pieces++;
	c->max_piece = len > c->max_piece ? len : c->max_piece;
	if (c->abort_after != 0 && (int)c->pieces >= c->abort_after) {
		return c->abort_ret;
	}
	return 0;
}

void net_test_http_callbacks(struct http_request *req, struct net_test_http_capture *cap)
{
	req->on_header = on_header;
	req->on_response = on_response;
	req->on_body = on_body;
	req->user_data = cap;
}

void net_test_http_reset(struct net_test_http_capture *cap)
{
	memset(cap, 0, offsetof(struct net_test_http_capture, abort_after));
}

const char *net_test_http_header(const struct net_test_http_capture *cap,
				 const char *name, bool trailer)
{
	for (int i = 0; i < cap->headers && i < NET_TEST_HTTP_HEADERS_KEPT; i++) {
		if (strcmp(cap->kept[i].name, name) == 0 && cap->kept[i].trailer == trailer) {
			return cap->kept[i].value;
		}
	}
	return NULL;
}

void net_test_http_assert_body(const struct net_test_http_capture *cap, const char *want)
{
	size_t n = strlen(want);

	kt_assert_eq(cap->body_len, n);
	kt_assert_mem_eq(cap->body, want, n);
}
