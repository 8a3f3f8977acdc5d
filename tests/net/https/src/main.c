/*
 * HTTPS: the HTTP client (include/kestrel/net/http_client.h) over TLS
 * sockets against the https fixture (the http fixture's routes on the test
 * PKI's certificate "server", 10.0.2.2:17480): bodies by Content-Length,
 * chunks and close (close_notify), 256 KiB byte for byte, POST, the name
 * verified (the address, or a name given), redirects kept on https and
 * never down to http, certificate refusals (-EACCES: unknown CA, another
 * name), the time policy (-EAGAIN), a silent server's handshake
 * (-ETIMEDOUT), argument errors.
 */
#include <string.h>

#include <kestrel/kernel.h>
#include <kestrel/ktest.h>
#include <kestrel/net/http_client.h>
#include <kestrel/net/tls_credentials.h>
#include <kestrel/sys/realtime.h>
#include <kestrel/testing/net_fixtures.h>

#include "kt_test_pki.h"
#include "net_test.h"
#include "net_test_http.h"

#define TAG_CA 1
#define TAG_OTHER_CA 2
#define TODAY 1796169600LL /* 2026-12-02T00:00:00Z */

static const net_sec_tag_t tag_ca[] = { TAG_CA };
static const net_sec_tag_t tag_other_ca[] = { TAG_OTHER_CA };
static struct http_tls tls;
static struct net_test_http_capture cap;

static void set_time(int64_t sec)
{
	struct sys_timespec ts = { .tv_sec = sec };

	(void)sys_realtime_set(&ts);
}

static void *setup(void)
{
	(void)net_tls_credential_add(TAG_CA, NET_TLS_CREDENTIAL_CA_CERTIFICATE,
				     kt_pki_ca_pem, kt_pki_ca_pem_len);
	(void)net_tls_credential_add(TAG_OTHER_CA, NET_TLS_CREDENTIAL_CA_CERTIFICATE,
				     kt_pki_other_ca_pem, kt_pki_other_ca_pem_len);
	return NULL;
}

static void before(void *fixture)
{
	(void)fixture;
	memset(&cap, 0, sizeof(cap));
	tls = (struct http_tls){ .sec_tags = tag_ca, .sec_tag_count = 1 };
	set_time(TODAY);
}

KTEST_SUITE(https_client, setup, before, NULL, NULL);

static struct http_request request(enum http_method method, const char *path)
{
	struct http_request req = {
		.method = method,
		.host = KT_NET_FIXTURE_HOST,
		.port = KT_NET_FIXTURE_HTTPS_PORT,
		.path = path,
		.idle_timeout_ms = 10000,
		.connect_timeout_ms = 20000,
		.total_timeout_ms = 120000,
		.tls = &tls,
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

KTEST(https_client, get_verifies_the_address_and_delivers_the_body)
{
	struct http_request req = request(HTTP_GET, "/fixed");
	struct http_response rsp;

	kt_assert_eq(run(&req, &rsp), 0);
	kt_assert_eq(rsp.status, 200);
	kt_assert_eq(rsp.content_length, 13);
	kt_assert_str_eq(net_test_http_header(&cap, "X-Kestrel", false), "fixed");
	net_test_http_assert_body(&cap, NET_TEST_HTTP_FIXED_BODY);
}

KTEST(https_client, get_verifies_a_name_given)
{
	struct http_request req = request(HTTP_GET, "/fixed");

	tls.hostname = KT_NET_FIXTURE_TLS_HOSTNAME;
	kt_assert_eq(run(&req, NULL), 0);
	net_test_http_assert_body(&cap, NET_TEST_HTTP_FIXED_BODY);
}

KTEST(https_client, chunked_body_with_trailers)
{
	struct http_request req = request(HTTP_GET, "/chunked");
	struct http_response rsp;

	kt_assert_eq(run(&req, &rsp), 0);
	kt_assert_true(rsp.chunked);
	kt_assert_eq(cap.body_len, NET_TEST_HTTP_CHUNKED_LEN);
	kt_assert_eq(cap.pattern_errors, 0);
	kt_assert_str_eq(net_test_http_header(&cap, "X-Trailer", true), "done");
}

KTEST(https_client, body_up_to_the_close_notify)
{
	struct http_request req = request(HTTP_GET, "/close");

	kt_assert_eq(run(&req, NULL), 0);
	net_test_http_assert_body(&cap, NET_TEST_HTTP_FIXED_BODY);
}

KTEST(https_client, large_body_byte_for_byte)
{
	struct http_request req = request(HTTP_GET, "/large");
	int64_t start = k_uptime_get(), ms;

	kt_assert_eq(run(&req, NULL), 0);
	ms = k_uptime_get() - start;
	kt_assert_eq(cap.body_len, KT_NET_FIXTURE_HTTP_LARGE_SIZE);
	kt_assert_eq(cap.pattern_errors, 0);
	printk("https: /large %d bytes in %lld ms, handshake included\n",
	       KT_NET_FIXTURE_HTTP_LARGE_SIZE, (long long)ms);
}

KTEST(https_client, post_is_echoed)
{
	static const char data[] = "over TLS";
	struct http_request req = request(HTTP_POST, "/echo");

	req.body = data;
	req.body_len = sizeof(data) - 1;
	kt_assert_eq(run(&req, NULL), 0);
	kt_assert_str_eq(net_test_http_header(&cap, "X-Method", false), "POST");
	net_test_http_assert_body(&cap, data);
}

KTEST(https_client, redirect_stays_on_https)
{
	struct http_request req = request(HTTP_GET, "/redirect");
	struct http_response rsp;

	req.max_redirects = 1;
	kt_assert_eq(run(&req, &rsp), 0);
	kt_assert_eq(rsp.redirects, 1);
	net_test_http_assert_body(&cap, NET_TEST_HTTP_FIXED_BODY);
	/* Location: https://10.0.2.2:17480/fixed, from our Host header. */
	req.path = "/redirect-https";
	kt_assert_eq(run(&req, &rsp), 0);
	kt_assert_eq(rsp.redirects, 1);
	net_test_http_assert_body(&cap, NET_TEST_HTTP_FIXED_BODY);
}

KTEST(https_client, redirect_down_to_http_is_enotsup)
{
	/* Location: http://10.0.2.2:17480/fixed */
	struct http_request req = request(HTTP_GET, "/redirect-abs");

	req.max_redirects = 1;
	kt_assert_eq(run(&req, NULL), -ENOTSUP);
	kt_assert_eq(cap.responses, 0);
}

KTEST(https_client, unknown_ca_is_eacces)
{
	struct http_request req = request(HTTP_GET, "/fixed");

	tls.sec_tags = tag_other_ca;
	kt_assert_eq(run(&req, NULL), -EACCES);
	kt_assert_eq(cap.responses, 0);
}

KTEST(https_client, another_name_is_eacces)
{
	struct http_request req = request(HTTP_GET, "/fixed");

	tls.hostname = "wrong-host.kestrel-test.invalid";
	kt_assert_eq(run(&req, NULL), -EACCES);
}

KTEST(https_client, unknown_time_is_eagain)
{
	struct http_request req = request(HTTP_GET, "/fixed");

	sys_realtime_unset();
	kt_assert_eq(run(&req, NULL), -EAGAIN);
	kt_assert_eq(cap.responses, 0);
}

KTEST(https_client, silent_server_handshake_is_etimedout)
{
	struct http_request req = request(HTTP_GET, "/fixed");

	req.port = KT_NET_FIXTURE_TCP_STALL_PORT;
	req.connect_timeout_ms = 1000;
	kt_assert_eq(run(&req, NULL), -ETIMEDOUT);
}

KTEST(https_client, tls_without_tags_is_einval)
{
	struct http_request req = request(HTTP_GET, "/fixed");

	tls.sec_tag_count = 0;
	kt_assert_eq(run(&req, NULL), -EINVAL);
	tls.sec_tag_count = 1;
	tls.sec_tags = NULL;
	kt_assert_eq(run(&req, NULL), -EINVAL);
}
