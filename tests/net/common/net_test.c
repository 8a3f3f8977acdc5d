/* Helpers shared by the network tests (tests/net/). */
#include <kestrel/kernel.h>
#include <kestrel/net/net_if.h>

#include "net_test.h"

struct net_if *net_test_iface_dhcp(void)
{
	struct net_if *iface = net_if_get(0);
	int64_t start = k_uptime_get();

	if (iface == NULL) {
		printk("net_test: no interface\n");
		return NULL;
	}
	if (net_if_wait_ipv4(iface, K_NO_WAIT) == 0) {
		return iface;
	}
	if (net_if_up(iface) != 0 || net_if_dhcpv4_start(iface) != 0 ||
	    net_if_wait_ipv4(iface, NET_TEST_DHCP_TIMEOUT) != 0) {
		printk("net_test: no DHCP address\n");
		return NULL;
	}
	printk("net_test: DHCP address after %lld ms\n",
	       (long long)(k_uptime_get() - start));
	return iface;
}
