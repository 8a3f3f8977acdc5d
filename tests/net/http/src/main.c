/*
 * The HTTP client (include/kestrel/net/http_client.h) against the http
 * fixture (scripts/ktlib/http_fixture.py) at 10.0.2.2:17080: bodies by
 * Content-Length, chunks (extensions, trailers) and close, byte for byte,
 * also a byte per segment; 256 KiB streamed in pieces of at most
 * CONFIG_HTTP_CLIENT_RX_BUF_SIZE; POST from a buffer and from a callback;
 * the redirect policy; timeouts; every malformed response of the fixture
 * with its errno; an IPv6 host (fec0::2, the http6 fixture) and a name
 * the DNS does not know; callbacks that abort; argument errors.
 */
#include <string.h>

#include <kestrel/kernel.h>
#include <kestrel/ktest.h>
#include <kestrel/net/http_client.h>
#include <kestrel/net/net_dns.h>
#include <kestrel/net/net_if.h>
#include <kestrel/net/socket.h>
#include <kestrel/testing/net_fixtures.h>

#include "net_test.h"
#include "net_test_http.h"

#define FIXED_BODY NET_TEST_HTTP_FIXED_BODY
#define CHUNKED_LEN NET_TEST_HTTP_CHUNKED_LEN

static struct net_test_http_capture cap;

static void before(void *fixture)
{
	(void)fixture;
	memset(&cap, 0, sizeof(cap));
}

KTEST_SUITE(http_client, NULL, before, NULL, NULL);

static const char *kept(const char *name, bool trailer)
{
	return net_test_http_header(&cap, name, trailer);
}

static struct http_request request(enum http_method method, const char *path)
{
	struct http_request req = {
		.method = method,
		.host = KT_NET_FIXTURE_HOST,
		.port = KT_NET_FIXTURE_HTTP_PORT,
		.path = path,
		.idle_timeout_ms = 5000,
		.total_timeout_ms = 60000,
	};

	net_test_http_callbacks(&req, &cap);
	kt_assert_not_null(net_test_iface_dhcp());
	return req;
}

static int run(struct http_request *req, struct http_response *rsp)
{
	net_test_http_reset(&cap);
	return http_client_request(req, rsp);
}

static void assert_body(const char *want)
{
	net_test_http_assert_body(&cap, want);
}

/* ---- bodies ---- */

KTEST(http_client, get_with_content_length_delivers_headers_then_body)
{
	struct http_request req = request(HTTP_GET, "/fixed");
	struct http_response rsp;

	kt_assert_eq(run(&req, &rsp), 0);
	kt_assert_eq(rsp.status, 200);
	kt_assert_eq(rsp.http_minor, 1);
	kt_assert_eq(rsp.content_length, 13);
	kt_assert_false(rsp.chunked);
	kt_assert_eq(rsp.body_len, 13);
	kt_assert_eq(rsp.redirects, 0);
	kt_assert_eq(cap.responses, 1);
	kt_assert_eq(cap.status, 200);
	kt_assert_false(cap.body_before_response);
	kt_assert_str_eq(kept("X-Kestrel", false), "fixed");
	kt_assert_str_eq(kept("Content-Length", false), "13");
	assert_body(FIXED_BODY);
}

static void chunked_get(const char *path)
{
	struct http_request req = request(HTTP_GET, path);
	struct http_response rsp;

	kt_assert_eq(run(&req, &rsp), 0);
	kt_assert_eq(rsp.status, 200);
	kt_assert_true(rsp.chunked);
	kt_assert_eq(rsp.content_length, -1);
	kt_assert_eq(cap.body_len, CHUNKED_LEN);
	kt_assert_eq(cap.pattern_errors, 0);
	kt_assert_le(cap.max_piece, CONFIG_HTTP_CLIENT_RX_BUF_SIZE);
	kt_assert_null(kept("X-Trailer", false));
	kt_assert_str_eq(kept("X-Trailer", true), "done");
	kt_assert_str_eq(kept("X-Length", true), "5386");
}

KTEST(http_client, chunked_body_with_extensions_and_trailers)
{
	chunked_get("/chunked");
}

KTEST(http_client, chunked_body_a_byte_per_segment)
{
	chunked_get("/chunked?split");
	kt_assert_gt(cap.pieces, 100);
}

KTEST(http_client, content_length_body_a_byte_per_segment)
{
	struct http_request req = request(HTTP_GET, "/fixed?split");

	kt_assert_eq(run(&req, NULL), 0);
	kt_assert_eq(cap.status, 200);
	kt_assert_str_eq(kept("X-Kestrel", false), "fixed");
	assert_body(FIXED_BODY);
}

KTEST(http_client, body_without_length_ends_at_the_close)
{
	struct http_request req = request(HTTP_GET, "/close");
	struct http_response rsp;

	kt_assert_eq(run(&req, &rsp), 0);
	kt_assert_eq(rsp.content_length, -1);
	kt_assert_false(rsp.chunked);
	assert_body(FIXED_BODY);
}

/* 256 KiB in pieces; prints the throughput (a figure, not a pass mark). */
static void large_get(const char *path, bool chunked)
{
	struct http_request req = request(HTTP_GET, path);
	struct http_response rsp;
	int64_t start = k_uptime_get(), ms;

	kt_assert_eq(run(&req, &rsp), 0);
	ms = k_uptime_get() - start;
	kt_assert_eq(rsp.status, 200);
	kt_assert_eq(rsp.chunked, chunked);
	kt_assert_eq(rsp.content_length, chunked ? -1 : KT_NET_FIXTURE_HTTP_LARGE_SIZE);
	kt_assert_eq(cap.body_len, KT_NET_FIXTURE_HTTP_LARGE_SIZE);
	kt_assert_eq(rsp.body_len, KT_NET_FIXTURE_HTTP_LARGE_SIZE);
	kt_assert_eq(cap.pattern_errors, 0);
	kt_assert_le(cap.max_piece, CONFIG_HTTP_CLIENT_RX_BUF_SIZE);
	kt_assert_ge(cap.pieces, KT_NET_FIXTURE_HTTP_LARGE_SIZE / CONFIG_HTTP_CLIENT_RX_BUF_SIZE);
	printk("http: %s %d bytes in %lld ms (%lld KiB/s, %u pieces)\n", path,
	       KT_NET_FIXTURE_HTTP_LARGE_SIZE, (long long)ms,
	       (long long)(ms > 0 ? KT_NET_FIXTURE_HTTP_LARGE_SIZE / ms * 1000 / 1024 : 0),
	       (unsigned int)cap.pieces);
}

KTEST(http_client, large_body_streams_byte_for_byte)
{
	large_get("/large", false);
}

KTEST(http_client, large_chunked_body_streams_byte_for_byte)
{
	large_get("/large-chunked", true);
}

KTEST(http_client, head_has_no_body_whatever_it_announces)
{
	struct http_request req = request(HTTP_HEAD, "/fixed");
	struct http_response rsp;

	kt_assert_eq(run(&req, &rsp), 0);
	kt_assert_eq(rsp.status, 200);
	kt_assert_eq(rsp.content_length, 13);
	kt_assert_eq(rsp.body_len, 0);
	kt_assert_eq(cap.pieces, 0);
}

KTEST(http_client, error_statuses_are_responses)
{
	struct http_request req = request(HTTP_GET, "/status/404");
	struct http_response rsp;

	kt_assert_eq(run(&req, &rsp), 0);
	kt_assert_eq(rsp.status, 404);
	assert_body("status body\n");
	req.path = "/status/204";
	kt_assert_eq(run(&req, &rsp), 0);
	kt_assert_eq(rsp.status, 204);
	kt_assert_eq(cap.body_len, 0);
	req.path = "/no/such/route";
	kt_assert_eq(run(&req, &rsp), 0);
	kt_assert_eq(rsp.status, 404);
}

KTEST(http_client, no_body_callback_drops_the_body)
{
	struct http_request req = request(HTTP_GET, "/large");
	struct http_response rsp;

	req.on_body = NULL;
	kt_assert_eq(run(&req, &rsp), 0);
	kt_assert_eq(rsp.body_len, KT_NET_FIXTURE_HTTP_LARGE_SIZE);
	kt_assert_eq(cap.pieces, 0);
}

/* ---- request bodies ---- */

static uint8_t post_data[3000];

static void post_fill(void)
{
	for (size_t i = 0; i < sizeof(post_data); i++) {
		post_data[i] = kt_net_fixture_http_large_byte(i);
	}
}

static void assert_echo(const char *method, const char *length, const char *chunked)
{
	kt_assert_eq(cap.status, 200);
	kt_assert_str_eq(kept("X-Method", false), method);
	kt_assert_str_eq(kept("X-Body-Length", false), length);
	kt_assert_str_eq(kept("X-Request-Chunked", false), chunked);
}

KTEST(http_client, post_from_a_buffer_is_echoed)
{
	static const struct http_header extra[] = { { "X-Test", "kestrel 1" } };
	struct http_request req = request(HTTP_POST, "/echo");

	post_fill();
	req.body = post_data;
	req.body_len = sizeof(post_data);
	req.headers = extra;
	req.header_count = 1;
	kt_assert_eq(run(&req, NULL), 0);
	assert_echo("POST", "3000", "no");
	kt_assert_str_eq(kept("X-Echo", false), "kestrel 1");
	kt_assert_eq(cap.body_len, sizeof(post_data));
	kt_assert_eq(cap.pattern_errors, 0);
}

KTEST(http_client, post_without_a_body_sends_length_zero)
{
	struct http_request req = request(HTTP_POST, "/echo");

	kt_assert_eq(run(&req, NULL), 0);
	assert_echo("POST", "0", "no");
	kt_assert_eq(cap.body_len, 0);
}

/* Body source: post_data in pieces of 700 bytes (or less). */
static size_t source_pos, source_end;

static int body_source(uint8_t *buf, size_t size, void *user_data)
{
	size_t n = source_end - source_pos;

	(void)user_data;
	n = n < 700 ? n : 700;
	n = n < size ? n : size;
	memcpy(buf, post_data + source_pos, n);
	source_pos += n;
	return (int)n;
}

static void post_from_source(size_t body_len, size_t given, const char *chunked)
{
	struct http_request req = request(HTTP_PUT, "/echo");

	post_fill();
	source_pos = 0;
	source_end = given;
	req.body_source = body_source;
	req.body_len = body_len;
	kt_assert_eq(run(&req, NULL), 0);
	assert_echo("PUT", "3000", chunked);
	kt_assert_eq(cap.body_len, sizeof(post_data));
	kt_assert_eq(cap.pattern_errors, 0);
}

KTEST(http_client, put_from_a_callback_with_content_length)
{
	post_from_source(sizeof(post_data), sizeof(post_data), "no");
}

KTEST(http_client, put_from_a_callback_chunked)
{
	post_from_source(HTTP_BODY_LEN_UNKNOWN, sizeof(post_data), "yes");
}

KTEST(http_client, callback_body_of_another_length_is_emsgsize)
{
	struct http_request req = request(HTTP_POST, "/echo");

	source_pos = 0;
	source_end = 100;
	req.body_source = body_source;
	req.body_len = 200;
	kt_assert_eq(run(&req, NULL), -EMSGSIZE);
	source_pos = 0;
	source_end = 300;
	kt_assert_eq(run(&req, NULL), -EMSGSIZE);
}

static int failing_source(uint8_t *buf, size_t size, void *user_data)
{
	(void)buf;
	(void)size;
	(void)user_data;
	return -EIO;
}

KTEST(http_client, failing_body_source_aborts_with_its_error)
{
	struct http_request req = request(HTTP_POST, "/echo");

	req.body_source = failing_source;
	req.body_len = HTTP_BODY_LEN_UNKNOWN;
	kt_assert_eq(run(&req, NULL), -EIO);
}

/* ---- redirects ---- */

KTEST(http_client, redirects_are_off_by_default_and_the_3xx_is_returned)
{
	struct http_request req = request(HTTP_GET, "/redirect");
	struct http_response rsp;

	kt_assert_eq(run(&req, &rsp), 0);
	kt_assert_eq(rsp.status, 302);
	kt_assert_eq(rsp.redirects, 0);
	kt_assert_str_eq(kept("Location", false), "/fixed");
	assert_body("redirect body\n");
}

static void follow(const char *path, uint8_t max, int want_ret, uint8_t want_redirects)
{
	struct http_request req = request(HTTP_GET, path);
	struct http_response rsp;

	req.max_redirects = max;
	kt_assert_eq(run(&req, &rsp), want_ret);
	kt_assert_eq(rsp.redirects, want_redirects);
	if (want_ret == 0) {
		kt_assert_eq(rsp.status, 200);
		kt_assert_eq(cap.responses, 1); /* the 3xx never reached the callbacks */
		kt_assert_null(kept("Location", false));
		assert_body(FIXED_BODY);
	}
}

KTEST(http_client, redirect_to_a_path_is_followed_when_asked)
{
	follow("/redirect", 1, 0, 1);
}

KTEST(http_client, absolute_redirect_is_followed)
{
	follow("/redirect-abs", 1, 0, 1);
}

KTEST(http_client, redirect_chain_within_the_limit)
{
	follow("/redirect-chain/3", 3, 0, 3);
}

KTEST(http_client, redirect_chain_beyond_the_limit_is_eloop)
{
	follow("/redirect-chain/3", 2, -ELOOP, 2);
}

KTEST(http_client, redirect_loop_is_eloop)
{
	follow("/redirect-loop", 5, -ELOOP, 5);
}

KTEST(http_client, redirect_without_location_is_ebadmsg)
{
	follow("/redirect-none", 1, -EBADMSG, 0);
}

KTEST(http_client, redirect_to_https_is_enotsup)
{
	follow("/redirect-https", 1, -ENOTSUP, 0);
}

/* Locations the fixture's /redirect-to returns as they are. */
static const struct {
	const char *location;
	int ret;
	int status; /* of the response followed to */
} locations[] = {
	{ "//10.0.2.2:17080/fixed", 0, 200 },
	{ "HTTP://10.0.2.2:17080/fixed", 0, 200 },
	{ "/fixed#fragment", 0, 200 },
	{ "http://10.0.2.2:17080", 0, 404 },        /* path "/" */
	{ "http://10.0.2.2:17080?q", 0, 404 },      /* path "/?q" */
	{ "http://10.0.2.2:17080x/fixed", -EBADMSG, 0 },
	{ "http://10.0.2.2:0/fixed", -EBADMSG, 0 },
	{ "http://10.0.2.2:65536/fixed", -EBADMSG, 0 },
	{ "http:///fixed", -EBADMSG, 0 },
	{ "http://[fec0::2/fixed", -EBADMSG, 0 },
	{ "http://user@10.0.2.2:17080/fixed", -ENOTSUP, 0 },
	{ "fixed", -ENOTSUP, 0 },
	{ "ftp://10.0.2.2/fixed", -ENOTSUP, 0 },
};

KTEST(http_client, locations_are_parsed_or_refused)
{
	char path[96];

	for (size_t i = 0; i < ARRAY_SIZE(locations); i++) {
		struct http_request req = request(HTTP_GET, path);
		struct http_response rsp;

		strcpy(path, "/redirect-to?");
		strcat(path, locations[i].location);
		req.max_redirects = 1;
		printk("http: Location %s\n", locations[i].location);
		kt_assert_eq(run(&req, &rsp), locations[i].ret);
		if (locations[i].ret == 0) {
			kt_assert_eq(rsp.status, locations[i].status);
			kt_assert_eq(rsp.redirects, 1);
		}
	}
}

KTEST(http_client, location_longer_than_url_max_is_emsgsize)
{
	static char path[CONFIG_HTTP_CLIENT_URL_MAX + 32];
	struct http_request req = request(HTTP_GET, path);

	strcpy(path, "/redirect-to?/");
	memset(path + 14, 'a', CONFIG_HTTP_CLIENT_URL_MAX);
	path[14 + CONFIG_HTTP_CLIENT_URL_MAX] = '\0';
	req.max_redirects = 1;
	kt_assert_eq(run(&req, NULL), -EMSGSIZE);
	path[14 + CONFIG_HTTP_CLIENT_URL_MAX - 20] = '\0'; /* fits: followed, 404 */
	kt_assert_eq(run(&req, NULL), 0);
	kt_assert_eq(cap.status, 404);
}

KTEST(http_client, see_other_turns_post_into_get)
{
	struct http_request req = request(HTTP_POST, "/redirect-303");

	req.body = "data";
	req.body_len = 4;
	req.max_redirects = 1;
	kt_assert_eq(run(&req, NULL), 0);
	assert_echo("GET", "0", "no");
}

KTEST(http_client, temporary_redirect_keeps_post_and_body)
{
	struct http_request req = request(HTTP_POST, "/redirect-307");

	req.body = "data";
	req.body_len = 4;
	req.max_redirects = 1;
	kt_assert_eq(run(&req, NULL), 0);
	assert_echo("POST", "4", "no");
	assert_body("data");
}

KTEST(http_client, temporary_redirect_of_a_callback_body_is_enotsup)
{
	struct http_request req = request(HTTP_POST, "/redirect-307");

	source_pos = 0;
	source_end = 10;
	req.body_source = body_source;
	req.body_len = 10;
	req.max_redirects = 1;
	kt_assert_eq(run(&req, NULL), -ENOTSUP);
}

/* ---- timeouts and connections ---- */

KTEST(http_client, silent_server_is_etimedout_after_the_idle_timeout)
{
	struct http_request req = request(HTTP_GET, "/silent");
	int64_t start = k_uptime_get();

	req.idle_timeout_ms = 300;
	kt_assert_eq(run(&req, NULL), -ETIMEDOUT);
	kt_assert_ge(k_uptime_get() - start, 300);
	kt_assert_eq(cap.responses, 0);
}

KTEST(http_client, slow_body_within_the_idle_timeout_completes)
{
	struct http_request req = request(HTTP_GET, "/slow");

	kt_assert_eq(run(&req, NULL), 0);
	kt_assert_eq(cap.body_len, 10);
	kt_assert_mem_eq(cap.body, "0123456789", 10);
}

KTEST(http_client, slow_body_beyond_the_total_timeout_is_etimedout)
{
	struct http_request req = request(HTTP_GET, "/slow");
	struct http_response rsp;

	req.total_timeout_ms = 350;
	kt_assert_eq(run(&req, &rsp), -ETIMEDOUT);
	kt_assert_eq(rsp.status, 200);
	kt_assert_lt(rsp.body_len, 10);
}

KTEST(http_client, unanswered_connect_is_etimedout_after_the_connect_timeout)
{
	struct http_request req = request(HTTP_GET, "/");
	int64_t start = k_uptime_get(), ms;

	req.port = KT_NET_FIXTURE_TCP_BLACKHOLE_PORT;
	req.connect_timeout_ms = 400;
	kt_assert_eq(run(&req, NULL), -ETIMEDOUT);
	ms = k_uptime_get() - start;
	kt_assert_ge(ms, 400);
	kt_assert_lt(ms, 5000); /* the connect timeout, not the idle or total one */
}

KTEST(http_client, refused_connection_is_econnrefused)
{
	struct http_request req = request(HTTP_GET, "/");

	req.port = KT_NET_FIXTURE_TCP_CLOSED_PORT;
	kt_assert_eq(run(&req, NULL), -ECONNREFUSED);
}

/* ---- IPv6 and names ---- */

KTEST(http_client, ipv6_literal_host_and_bracketed_absolute_redirect)
{
	struct http_request req = request(HTTP_GET, "/redirect-abs");
	struct net_ipv6_addr a;
	struct http_response rsp;

	kt_assert_eq(net_if_wait_ipv6(net_if_get(0), NET_IF_IPV6_ROUTABLE, &a,
				      K_SECONDS(10)), 0);
	req.host = KT_NET_FIXTURE_HOST6;
	req.port = KT_NET_FIXTURE_HTTP6_PORT;
	req.max_redirects = 1;
	/* Location: http://[fec0::2]:17080/fixed, from our Host header. */
	kt_assert_eq(run(&req, &rsp), 0);
	kt_assert_eq(rsp.status, 200);
	kt_assert_eq(rsp.redirects, 1);
	assert_body(FIXED_BODY);
}

KTEST(http_client, unknown_host_name_is_enoent)
{
	struct http_request req = request(HTTP_GET, "/fixed");
	struct net_ipv4_addr dns = net_ipv4_addr(10, 0, 2, 2);

	kt_assert_eq(net_dns_server_set(0, &dns), 0);
	req.host = KT_NET_FIXTURE_DNS_UNKNOWN;
	kt_assert_eq(run(&req, NULL), -ENOENT);
	kt_assert_eq(cap.responses, 0);
}

/* ---- malformed responses (http_fixture.MALFORMED) ---- */

static const struct {
	const char *name;
	int err;
} malformed[] = {
	{ "status-code", -EPROTO },
	{ "status-version", -EPROTO },
	{ "status-short", -EPROTO },
	{ "status-range", -EPROTO },
	{ "status-long", -EMSGSIZE },
	{ "header-giant", -EMSGSIZE },
	{ "header-many", -EMSGSIZE },
	{ "header-colon", -EBADMSG },
	{ "header-space", -EBADMSG },
	{ "header-fold", -EBADMSG },
	{ "header-ctl", -EBADMSG },
	{ "header-nul", -EBADMSG },
	{ "cl-bad", -EBADMSG },
	{ "cl-twice", -EBADMSG },
	{ "cl-overflow", -EOVERFLOW },
	{ "cl-and-chunked", -EBADMSG },
	{ "te-gzip", -ENOTSUP },
	{ "chunk-hex", -EBADMSG },
	{ "chunk-empty", -EBADMSG },
	{ "chunk-overflow", -EOVERFLOW },
	{ "chunk-negative", -EBADMSG },
	{ "chunk-no-crlf", -EBADMSG },
	{ "chunk-size-long", -EMSGSIZE },
	{ "truncated-body", -ENODATA },
	{ "truncated-chunked", -ENODATA },
	{ "truncated-headers", -ENODATA },
	{ "empty", -ENODATA },
	{ "long-body", -E2BIG },
};

KTEST(http_client, malformed_responses_are_rejected_with_their_errno)
{
	char path[48];

	for (size_t i = 0; i < ARRAY_SIZE(malformed); i++) {
		struct http_request req = request(HTTP_GET, path);

		strcpy(path, "/bad/");
		strcat(path, malformed[i].name);
		printk("http: %s\n", path);
		kt_assert_eq(run(&req, NULL), malformed[i].err);
		kt_assert_le(cap.body_len, 100);
	}
}

KTEST(http_client, malformed_responses_a_byte_per_segment)
{
	static const char *const names[] = { "chunk-hex", "header-fold", "cl-twice",
					     "truncated-chunked" };
	static const int errs[] = { -EBADMSG, -EBADMSG, -EBADMSG, -ENODATA };
	char path[48];

	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		struct http_request req = request(HTTP_GET, path);

		strcpy(path, "/bad/");
		strcat(path, names[i]);
		strcat(path, "?split");
		kt_assert_eq(run(&req, NULL), errs[i]);
	}
}

/* ---- callbacks and arguments ---- */

KTEST(http_client, body_callback_aborts_with_its_return)
{
	struct http_request req = request(HTTP_GET, "/large");

	cap.abort_after = 3;
	cap.abort_ret = 42;
	kt_assert_eq(run(&req, NULL), 42);
	kt_assert_eq(cap.pieces, 3);
}

static int header_abort(const struct http_response *rsp, const char *name,
			const char *value, void *user_data)
{
	(void)rsp;
	(void)value;
	(void)user_data;
	return strcmp(name, "X-Kestrel") == 0 ? -ECANCELED : 0;
}

KTEST(http_client, header_callback_aborts_with_its_return)
{
	struct http_request req = request(HTTP_GET, "/fixed");

	req.on_header = header_abort;
	kt_assert_eq(run(&req, NULL), -ECANCELED);
	kt_assert_eq(cap.responses, 0);
}

KTEST(http_client, invalid_requests_are_einval)
{
	static const struct http_header crlf[] = { { "X-Test", "a\r\nInjected: 1" } };
	static const struct http_header badname[] = { { "X Test", "a" } };
	static const struct http_header framing[] = { { "content-LENGTH", "5" } };
	static const struct http_header host[] = { { "Host", "elsewhere" } };
	struct http_request req = request(HTTP_GET, "/fixed");
	struct http_request r;

	kt_assert_eq(http_client_request(NULL, NULL), -EINVAL);
	r = req, r.host = NULL;
	kt_assert_eq(http_client_request(&r, NULL), -EINVAL);
	r = req, r.host = "";
	kt_assert_eq(http_client_request(&r, NULL), -EINVAL);
	r = req, r.host = "10.0.2.2\r\nX: y";
	kt_assert_eq(http_client_request(&r, NULL), -EINVAL);
	r = req, r.path = "fixed";
	kt_assert_eq(http_client_request(&r, NULL), -EINVAL);
	r = req, r.path = "/a b";
	kt_assert_eq(http_client_request(&r, NULL), -EINVAL);
	r = req, r.path = NULL;
	kt_assert_eq(http_client_request(&r, NULL), -EINVAL);
	r = req, r.headers = crlf, r.header_count = 1;
	kt_assert_eq(http_client_request(&r, NULL), -EINVAL);
	r = req, r.headers = badname, r.header_count = 1;
	kt_assert_eq(http_client_request(&r, NULL), -EINVAL);
	r = req, r.headers = framing, r.header_count = 1;
	kt_assert_eq(http_client_request(&r, NULL), -EINVAL);
	r = req, r.headers = host, r.header_count = 1;
	kt_assert_eq(http_client_request(&r, NULL), -EINVAL);
	r = req, r.header_count = 1;
	kt_assert_eq(http_client_request(&r, NULL), -EINVAL);
	r = req, r.body_len = 5;
	kt_assert_eq(http_client_request(&r, NULL), -EINVAL);
	r = req, r.method = (enum http_method)99;
	kt_assert_eq(http_client_request(&r, NULL), -EINVAL);
}

KTEST(http_client, no_socket_is_left_open)
{
	int s[CONFIG_NET_SOCKETS_MAX];

	for (int i = 0; i < CONFIG_NET_SOCKETS_MAX; i++) {
		s[i] = net_socket(NET_AF_INET, NET_SOCK_STREAM, 0);
		kt_assert_ge(s[i], 0);
	}
	for (int i = 0; i < CONFIG_NET_SOCKETS_MAX; i++) {
		kt_assert_eq(net_close(s[i]), 0);
	}
}
