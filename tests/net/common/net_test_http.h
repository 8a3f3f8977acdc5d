/* What the HTTP client tests (tests/net/http, tests/net/https) record of a
 * response through http_client_request()'s callbacks. */
#ifndef NET_TEST_HTTP_H
#define NET_TEST_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <kestrel/net/http_client.h>

/** The body of the http fixture's /fixed route. */
#define NET_TEST_HTTP_FIXED_BODY "Hello, world\n"
/** The length of its /chunked body (sum of http_fixture.CHUNKED_SIZES). */
#define NET_TEST_HTTP_CHUNKED_LEN 5386
#define NET_TEST_HTTP_HEADERS_KEPT 12

struct net_test_http_header {
	char name[24];
	char value[48];
	bool trailer;
};

/** What the callbacks saw of one response. */
struct net_test_http_capture {
	int responses;           /**< on_response calls */
	int status;              /**< as on_response saw it */
	bool body_before_response;
	int headers;
	struct net_test_http_header kept[NET_TEST_HTTP_HEADERS_KEPT];
	size_t body_len;         /**< bytes seen by on_body */
	size_t pieces, max_piece;
	size_t pattern_errors;   /**< bytes unlike kt_net_fixture_http_large_byte(),
				  *   or a body_len that did not count what came before */
	/* Kept by net_test_http_reset(): */
	int abort_after;         /**< on_body returns abort_ret after this many pieces (0: never) */
	int abort_ret;
	uint8_t body[6144];      /**< the first bytes of the body */
};

/** Point @p req's callbacks at @p cap. */
void net_test_http_callbacks(struct http_request *req, struct net_test_http_capture *cap);

/** Forget the last response (not abort_after/abort_ret). */
void net_test_http_reset(struct net_test_http_capture *cap);

/** The value of header @p name (a trailer or not) of the last response; NULL. */
const char *net_test_http_header(const struct net_test_http_capture *cap,
				 const char *name, bool trailer);

/** Assert that the body was exactly @p want. */
void net_test_http_assert_body(const struct net_test_http_capture *cap, const char *want);

#endif
