/*
 * HTTP download throughput (a benchmark, not a test): RUNS downloads of
 * the http fixture's 256 KiB /large body (Content-Length) and of
 * /large-chunked at 10.0.2.2:17080, each checked byte for byte. Prints
 * `bench-http: PATH BYTES bytes best MS ms (KIB KiB/s) mean MS ms` per
 * route and `bench-http: done`; exits 1 if a download failed or differed.
 * Time is the uptime (real time: the network is on).
 */
#include <kestrel/kernel.h>
#include <kestrel/net/http_client.h>
#include <kestrel/testing/net_fixtures.h>

#include "net_test.h"

#define RUNS 8

struct check {
	size_t len;
	size_t errors;
};

static int on_body(const struct http_response *rsp, const uint8_t *data,
		   size_t len, void *user_data)
{
	struct check *c = user_data;

	(void)rsp;
	for (size_t i = 0; i < len; i++) {
		c->errors += data[i] != kt_net_fixture_http_large_byte(c->len + i);
	}
	c->len += len;
	return 0;
}

/* One download of @p path: its time in ms, or -1. */
static int64_t download(const char *path)
{
	struct check c = { 0 };
	struct http_request req = {
		.method = HTTP_GET,
		.host = KT_NET_FIXTURE_HOST,
		.port = KT_NET_FIXTURE_HTTP_PORT,
		.path = path,
		.on_body = on_body,
		.user_data = &c,
	};
	int64_t start = k_uptime_get();
	int ret = http_client_request(&req, NULL);
	int64_t ms = k_uptime_get() - start;

	if (ret != 0 || c.len != KT_NET_FIXTURE_HTTP_LARGE_SIZE || c.errors != 0) {
		printk("bench-http: %s failed: %d, %u bytes, %u differ\n", path, ret,
		       (unsigned int)c.len, (unsigned int)c.errors);
		return -1;
	}
	return ms;
}

static int route(const char *path)
{
	int64_t best = INT64_MAX, sum = 0;

	for (int i = 0; i < RUNS; i++) {
		int64_t ms = download(path);

		if (ms < 0) {
			return 1;
		}
		best = ms < best ? ms : best;
		sum += ms;
	}
	best = best > 0 ? best : 1;
	printk("bench-http: %s %d bytes best %lld ms (%lld KiB/s) mean %lld ms\n", path,
	       KT_NET_FIXTURE_HTTP_LARGE_SIZE, (long long)best,
	       (long long)(KT_NET_FIXTURE_HTTP_LARGE_SIZE / 1024 * 1000 / best),
	       (long long)(sum / RUNS));
	return 0;
}

int main(void)
{
	int errors;

	if (net_test_iface_dhcp() == NULL) {
		return 1;
	}
	errors = route("/large") + route("/large-chunked");
	printk("bench-http: done\n");
	return errors != 0;
}
