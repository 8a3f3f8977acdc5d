/*
 * Throughput benchmark (not a test; run by `kt netbench`): iperf 2 over
 * TCP with lwIP's lwiperf (include/kestrel/net/net_iperf.h).
 *  1. device to host: lwiperf's client sends for 10 s to the host's iperf
 *     2 server (fixture iperf, 10.0.2.2:17001);
 *  2. host to device: lwiperf's server on port NET_IPERF_PORT_DEFAULT,
 *     reached by `iperf -c` through a slirp host forward.
 * Prints `bench-iperf: DIRECTION BYTES bytes MS ms KBIT kbit/s` for each,
 * and exits 0 when both ran.
 */
#include <kestrel/kernel.h>
#include <kestrel/net/net_iperf.h>
#include <kestrel/testing/net_fixtures.h>

#include "net_test.h"

static int report(const char *direction, int ret, const struct net_iperf_result *r)
{
	if (ret != 0) {
		printk("bench-iperf: %s failed: %d\n", direction, ret);
		return 1;
	}
	printk("bench-iperf: %s %u bytes %u ms %u kbit/s\n", direction, (unsigned int)r->bytes,
	       (unsigned int)r->ms, (unsigned int)r->kbit_per_s);
	return 0;
}

int main(void)
{
	struct net_ipv4_addr host = net_ipv4_addr(10, 0, 2, 2);
	struct net_iperf_result r;
	int ret, errors;

	if (net_test_iface_dhcp() == NULL) {
		return 1;
	}
	ret = net_iperf_client_start(&host, KT_NET_FIXTURE_IPERF_PORT);
	if (ret == 0) {
		ret = net_iperf_wait(K_SECONDS(30), &r);
	}
	errors = report("device_to_host", ret, &r);
	ret = net_iperf_server_start(NET_IPERF_PORT_DEFAULT);
	if (ret == 0) {
		printk("bench-iperf: server listening on port %d\n", NET_IPERF_PORT_DEFAULT);
		ret = net_iperf_wait(K_SECONDS(60), &r);
	}
	errors += report("host_to_device", ret, &r);
	return errors == 0 ? 0 : 1;
}
