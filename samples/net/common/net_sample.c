/* Shared by the samples of samples/net/. */
#include <kestrel/kernel.h>
#include <kestrel/net/net_if.h>
#include <kestrel/net/net_ip.h>

#include "net_sample.h"

struct net_if *net_sample_dhcp(const char *name)
{
	struct net_if *iface = net_if_get(0);
	struct net_if_ipv4_info info;
	char text[NET_IPV4_ADDR_STRLEN];

	if (iface == NULL) {
		printk("%s: no network interface on this board\n", name);
		return NULL;
	}
	if (net_if_up(iface) != 0 || net_if_dhcpv4_start(iface) != 0 ||
	    net_if_wait_ipv4(iface, K_SECONDS(10)) != 0 ||
	    net_if_ipv4_get(iface, &info) != 0) {
		printk("%s: no DHCP address\n", name);
		return NULL;
	}
	(void)net_ipv4_addr_to_str(&info.addr, text, sizeof(text));
	printk("%s: address %s\n", name, text);
	return iface;
}
