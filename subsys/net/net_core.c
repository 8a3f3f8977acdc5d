/*
 * The network subsystem: starts lwIP's tcpip thread at boot, creates one
 * interface per Ethernet device of the devicetree, and implements the
 * interface API (net_if.h) and the events (net_event.h).
 *
 * Every lwIP call here runs under the core lock (LOCK_TCPIP_CORE); the
 * event handlers run from lwIP's netif extended-status callback, which
 * lwIP calls with the lock held.
 */
#include <errno.h>
#include <string.h>

#include <kestrel/init.h>
#include <kestrel/kernel.h>
#include <kestrel/net/net_event.h>
#include <kestrel/net/net_if.h>
#include <kestrel/sys/dlist.h>

#include "devicetree.h"
#include "lwip/dhcp.h"
#include "lwip/dns.h"
#include "lwip/init.h"
#include "lwip/netif.h"
#include "lwip/tcpip.h"

#include "net_priv.h"

#define NET_IF_MAX MAX(DEVICE_DT_CLASS_ETHERNET_COUNT, 1)

static const struct device *const eth_devices[NET_IF_MAX] = {
	DEVICE_DT_CLASS_ETHERNET_LIST
};
static struct net_if ifaces[NET_IF_MAX];
static K_THREAD_STACK_ARRAY_DEFINE(rx_stacks, NET_IF_MAX,
				   CONFIG_NET_RX_STACK_SIZE);
static int iface_count;
static sys_dlist_t handlers = SYS_DLIST_STATIC_INIT(&handlers);

/* ---- events ---- */

static void raise_event(struct net_if *iface, uint32_t event)
{
	sys_dnode_t *n, *next;

	SYS_DLIST_FOR_EACH_NODE_SAFE(&handlers, n, next) {
		struct net_event_handler *h =
			SYS_DLIST_CONTAINER(n, struct net_event_handler, node);

		if ((h->mask & event) != 0) {
			h->cb(iface, event, h->user_data);
		}
	}
}

static void ipv4_changed(struct net_if *iface)
{
	if (ip4_addr_isany_val(*netif_ip4_addr(&iface->netif))) {
		raise_event(iface, NET_EVENT_IPV4_ADDR_LOST);
	} else {
		(void)k_sem_give(&iface->addr_sem);
		raise_event(iface, NET_EVENT_IPV4_ADDR_ACQUIRED);
	}
}

#if LWIP_DNS
/* The server list last reported (all "any" at boot: none). */
static ip_addr_t dns_seen[DNS_MAX_SERVERS];

void net_dns_servers_check(struct net_if *iface)
{
	bool changed = false;

	LWIP_ASSERT_CORE_LOCKED();
	for (u8_t i = 0; i < DNS_MAX_SERVERS; i++) {
		const ip_addr_t *now = dns_getserver(i);

		if (!ip_addr_eq(now, &dns_seen[i])) {
			ip_addr_copy(dns_seen[i], *now);
			changed = true;
		}
	}
	if (changed) {
		raise_event(iface, NET_EVENT_DNS_SERVERS_CHANGED);
	}
}
#endif

#if LWIP_IPV6
/* Address @p index of @p iface went from @p old_state to its state now. */
static void ipv6_changed(struct net_if *iface, s8_t index, u8_t old_state)
{
	bool was = ip6_addr_isvalid(old_state) != 0;
	bool is = ip6_addr_isvalid(netif_ip6_addr_state(&iface->netif, index)) != 0;

	if (is && !was) {
		(void)k_sem_give(&iface->addr6_sem);
		raise_event(iface, NET_EVENT_IPV6_ADDR_VALID);
	} else if (was && !is) {
		raise_event(iface, NET_EVENT_IPV6_ADDR_LOST);
	}
}
#endif

static void netif_changed(struct netif *netif, netif_nsc_reason_t reason,
			  const netif_ext_callback_args_t *args)
{
	struct net_if *iface = net_if_of(netif);

	if ((reason & LWIP_NSC_STATUS_CHANGED) != 0) {
		raise_event(iface, args->status_changed.state ?
			    NET_EVENT_IF_UP : NET_EVENT_IF_DOWN);
	}
	if ((reason & LWIP_NSC_LINK_CHANGED) != 0) {
		raise_event(iface, args->link_changed.state ?
			    NET_EVENT_LINK_UP : NET_EVENT_LINK_DOWN);
	}
	if ((reason & LWIP_NSC_IPV4_ADDRESS_CHANGED) != 0) {
		ipv4_changed(iface);
	}
#if LWIP_IPV6
	if ((reason & LWIP_NSC_IPV6_ADDR_STATE_CHANGED) != 0) {
		ipv6_changed(iface, args->ipv6_addr_state_changed.addr_index,
			     args->ipv6_addr_state_changed.old_state);
	}
#endif
#if LWIP_DNS
	/* A DHCP lease sets its servers just before its address. */
	net_dns_servers_check(iface);
#endif
}

NETIF_DECLARE_EXT_CALLBACK(netif_callback)

int net_event_handler_add(struct net_event_handler *h)
{
	int ret = 0;

	if (h == NULL || h->cb == NULL || (h->mask & NET_EVENT_ALL) == 0) {
		return -EINVAL;
	}
	LOCK_TCPIP_CORE();
	if (sys_dnode_is_linked(&h->node)) {
		ret = -EALREADY;
	} else {
		sys_dlist_append(&handlers, &h->node);
	}
	UNLOCK_TCPIP_CORE();
	return ret;
}

int net_event_handler_remove(struct net_event_handler *h)
{
	int ret = 0;

	if (h == NULL) {
		return -EINVAL;
	}
	LOCK_TCPIP_CORE();
	if (sys_dnode_is_linked(&h->node)) {
		sys_dlist_remove(&h->node);
	} else {
		ret = -ENOENT;
	}
	UNLOCK_TCPIP_CORE();
	return ret;
}

/* ---- interfaces ---- */

int net_if_count(void)
{
	return iface_count;
}

struct net_if *net_if_get(int index)
{
	return index >= 0 && index < iface_count ? &ifaces[index] : NULL;
}

struct net_if *net_if_get_default(void)
{
	struct netif *def;

	if (iface_count == 0) {
		return NULL;
	}
	LOCK_TCPIP_CORE();
	def = netif_default;
	UNLOCK_TCPIP_CORE();
	return def == NULL ? NULL : net_if_of(def);
}

int net_if_set_default(struct net_if *iface)
{
	if (iface == NULL) {
		return -EINVAL;
	}
	LOCK_TCPIP_CORE();
	netif_set_default(&iface->netif);
	UNLOCK_TCPIP_CORE();
	return 0;
}

const struct device *net_if_device(const struct net_if *iface)
{
	return iface == NULL ? NULL : iface->dev;
}

int net_if_up(struct net_if *iface)
{
	int ret;

	if (iface == NULL) {
		return -EINVAL;
	}
	ret = eth_start(iface->dev);
	if (ret != 0) {
		printk("net: %s: eth_start failed (%d)\n", iface->dev->name, ret);
		return -EIO;
	}
	LOCK_TCPIP_CORE();
	iface->up = true;
#if LWIP_IPV6
	/* fe80::/64 + EUI-64 of the MAC, tentative until DAD passes; SLAAC
	 * takes its interface identifier from it. */
	netif_create_ip6_linklocal_address(&iface->netif, 1);
	netif_set_ip6_autoconfig_enabled(&iface->netif, 1);
#endif
	netif_set_up(&iface->netif);
	net_eth_link_watch(iface);
	UNLOCK_TCPIP_CORE();
	return 0;
}

int net_if_down(struct net_if *iface)
{
	if (iface == NULL) {
		return -EINVAL;
	}
	LOCK_TCPIP_CORE();
	iface->up = false;
#if LWIP_DHCP
	dhcp_release_and_stop(&iface->netif);
#endif
	netif_set_addr(&iface->netif, IP4_ADDR_ANY4, IP4_ADDR_ANY4,
		       IP4_ADDR_ANY4);
#if LWIP_IPV6
	for (s8_t i = 0; i < LWIP_IPV6_NUM_ADDRESSES; i++) {
		netif_ip6_addr_set_state(&iface->netif, i, IP6_ADDR_INVALID);
	}
#endif
	netif_set_link_down(&iface->netif);
	netif_set_down(&iface->netif);
	net_eth_link_watch(iface);
	UNLOCK_TCPIP_CORE();
	(void)eth_stop(iface->dev);
	return 0;
}

int net_if_is_up(const struct net_if *iface)
{
	return iface == NULL ? -EINVAL : (iface->up ? 1 : 0);
}

int net_if_link_is_up(const struct net_if *iface)
{
	return iface == NULL ? -EINVAL : (netif_is_link_up(&iface->netif) ? 1 : 0);
}

#if LWIP_DHCP
int net_if_dhcpv4_start(struct net_if *iface)
{
	err_t err = ERR_OK;

	if (iface == NULL) {
		return -EINVAL;
	}
	LOCK_TCPIP_CORE();
	if (!iface->up) {
		err = ERR_IF;
	} else {
		err = dhcp_start(&iface->netif);
	}
	UNLOCK_TCPIP_CORE();
	return err == ERR_OK ? 0 : (err == ERR_IF ? -ENETDOWN : -ENOMEM);
}

int net_if_dhcpv4_stop(struct net_if *iface)
{
	if (iface == NULL) {
		return -EINVAL;
	}
	LOCK_TCPIP_CORE();
	dhcp_release_and_stop(&iface->netif);
	UNLOCK_TCPIP_CORE();
	return 0;
}
#else
int net_if_dhcpv4_start(struct net_if *iface)
{
	return iface == NULL ? -EINVAL : -ENOTSUP;
}

int net_if_dhcpv4_stop(struct net_if *iface)
{
	return iface == NULL ? -EINVAL : -ENOTSUP;
}
#endif

int net_if_ipv4_set(struct net_if *iface, const struct net_ipv4_addr *addr,
		    const struct net_ipv4_addr *netmask,
		    const struct net_ipv4_addr *gateway)
{
	if (iface == NULL || addr == NULL || netmask == NULL || gateway == NULL) {
		return -EINVAL;
	}
	ip4_addr_t a = net_ipv4_to_lwip(addr), m = net_ipv4_to_lwip(netmask),
		   g = net_ipv4_to_lwip(gateway);

	LOCK_TCPIP_CORE();
#if LWIP_DHCP
	dhcp_stop(&iface->netif);
#endif
	netif_set_addr(&iface->netif, &a, &m, &g);
	UNLOCK_TCPIP_CORE();
	return 0;
}

/* The stack-wide DNS servers (core lock held). */
static void dns_servers_get(struct net_ipv4_addr dns[2])
{
	memset(dns, 0, 2 * sizeof(dns[0]));
#if LWIP_DNS
	for (int i = 0; i < 2 && i < DNS_MAX_SERVERS; i++) {
		const ip_addr_t *s = dns_getserver((u8_t)i);

		if (IP_IS_V4(s)) {
			dns[i] = net_ipv4_from_lwip(ip_2_ip4(s));
		}
	}
#endif
}

int net_if_ipv4_get(struct net_if *iface, struct net_if_ipv4_info *info)
{
	if (iface == NULL || info == NULL) {
		return -EINVAL;
	}
	LOCK_TCPIP_CORE();
	info->addr = net_ipv4_from_lwip(netif_ip4_addr(&iface->netif));
	info->netmask = net_ipv4_from_lwip(netif_ip4_netmask(&iface->netif));
	info->gateway = net_ipv4_from_lwip(netif_ip4_gw(&iface->netif));
	dns_servers_get(info->dns);
#if LWIP_DHCP
	info->dhcp = dhcp_supplied_address(&iface->netif) != 0;
#else
	info->dhcp = false;
#endif
	UNLOCK_TCPIP_CORE();
	return 0;
}

static bool has_ipv4(struct net_if *iface)
{
	bool has;

	LOCK_TCPIP_CORE();
	has = !ip4_addr_isany_val(*netif_ip4_addr(&iface->netif));
	UNLOCK_TCPIP_CORE();
	return has;
}

int net_if_wait_ipv4(struct net_if *iface, k_timeout_t timeout)
{
	if (iface == NULL) {
		return -EINVAL;
	}
	bool forever = K_TIMEOUT_EQ(timeout, K_FOREVER);
	int64_t deadline = k_uptime_ticks() + (forever ? 0 : timeout.ticks);

	for (;;) {
		(void)k_sem_reset(&iface->addr_sem);
		if (has_ipv4(iface)) {
			return 0;
		}
		/* Late by a tick or more is negative, never K_TICKS_FOREVER. */
		k_ticks_t left = deadline - k_uptime_ticks();

		if (!forever && left <= 0) {
			return -ETIMEDOUT;
		}
		(void)k_sem_take(&iface->addr_sem, forever ? K_FOREVER : K_TICKS(left));
	}
}

/* ---- IPv6 ---- */

#if LWIP_IPV6
_Static_assert(NET_IF_IPV6_ADDRS == LWIP_IPV6_NUM_ADDRESSES,
	       "NET_IF_IPV6_ADDRS differs from lwIP's LWIP_IPV6_NUM_ADDRESSES");

static uint8_t ipv6_state(u8_t s)
{
	if (ip6_addr_istentative(s)) {
		return NET_IF_IPV6_TENTATIVE;
	}
	if (ip6_addr_ispreferred(s)) {
		return NET_IF_IPV6_PREFERRED;
	}
	if (ip6_addr_isdeprecated(s)) {
		return NET_IF_IPV6_DEPRECATED;
	}
	return ip6_addr_isduplicated(s) ? NET_IF_IPV6_DUPLICATE : NET_IF_IPV6_NONE;
}

int net_if_ipv6_get(struct net_if *iface, struct net_if_ipv6_info *info)
{
	if (iface == NULL || info == NULL) {
		return -EINVAL;
	}
	memset(info, 0, sizeof(*info));
	info->count = LWIP_IPV6_NUM_ADDRESSES;
	LOCK_TCPIP_CORE();
	for (s8_t i = 0; i < LWIP_IPV6_NUM_ADDRESSES; i++) {
		u8_t s = netif_ip6_addr_state(&iface->netif, i);

		info->addrs[i].state = ipv6_state(s);
		if (!ip6_addr_isinvalid(s)) {
			info->addrs[i].addr =
				net_ipv6_from_lwip(netif_ip6_addr(&iface->netif, i));
		}
	}
	UNLOCK_TCPIP_CORE();
	return 0;
}

/* A usable address of @p kind: true and *@p out (core lock taken). */
static bool has_ipv6(struct net_if *iface, enum net_if_ipv6_kind kind,
		     struct net_ipv6_addr *out)
{
	bool found = false;

	LOCK_TCPIP_CORE();
	for (s8_t i = 0; i < LWIP_IPV6_NUM_ADDRESSES && !found; i++) {
		const ip6_addr_t *a = netif_ip6_addr(&iface->netif, i);

		if (ip6_addr_isvalid(netif_ip6_addr_state(&iface->netif, i)) &&
		    (ip6_addr_islinklocal(a) != 0) == (kind == NET_IF_IPV6_LINK_LOCAL)) {
			*out = net_ipv6_from_lwip(a);
			found = true;
		}
	}
	UNLOCK_TCPIP_CORE();
	return found;
}

int net_if_wait_ipv6(struct net_if *iface, enum net_if_ipv6_kind kind,
		     struct net_ipv6_addr *addr, k_timeout_t timeout)
{
	if (iface == NULL ||
	    (kind != NET_IF_IPV6_LINK_LOCAL && kind != NET_IF_IPV6_ROUTABLE)) {
		return -EINVAL;
	}
	bool forever = K_TIMEOUT_EQ(timeout, K_FOREVER);
	int64_t deadline = k_uptime_ticks() + (forever ? 0 : timeout.ticks);
	struct net_ipv6_addr found;

	for (;;) {
		(void)k_sem_reset(&iface->addr6_sem);
		if (has_ipv6(iface, kind, &found)) {
			if (addr != NULL) {
				*addr = found;
			}
			return 0;
		}
		k_ticks_t left = deadline - k_uptime_ticks();

		if (!forever && left <= 0) {
			return -ETIMEDOUT;
		}
		(void)k_sem_take(&iface->addr6_sem, forever ? K_FOREVER : K_TICKS(left));
	}
}
#else
int net_if_ipv6_get(struct net_if *iface, struct net_if_ipv6_info *info)
{
	return iface == NULL || info == NULL ? -EINVAL : -ENOTSUP;
}

int net_if_wait_ipv6(struct net_if *iface, enum net_if_ipv6_kind kind,
		     struct net_ipv6_addr *addr, k_timeout_t timeout)
{
	(void)kind;
	(void)addr;
	(void)timeout;
	return iface == NULL ? -EINVAL : -ENOTSUP;
}
#endif

/* ---- boot ---- */

static int add_interfaces(void)
{
	int ret = 0;

	LOCK_TCPIP_CORE();
	netif_add_ext_callback(&netif_callback, netif_changed);
	for (int i = 0; i < DEVICE_DT_CLASS_ETHERNET_COUNT; i++) {
		const struct device *dev = eth_devices[i];

		if (!device_is_ready(dev)) {
			printk("net: %s is not ready: no interface\n", dev->name);
			continue;
		}
		ret = net_eth_if_add(&ifaces[iface_count], dev,
				     rx_stacks[iface_count],
				     K_THREAD_STACK_SIZEOF(rx_stacks[0]));
		if (ret != 0) {
			printk("net: %s: no interface (%d)\n", dev->name, ret);
			break;
		}
		if (iface_count == 0) {
			netif_set_default(&ifaces[0].netif);
		}
		iface_count++;
	}
	UNLOCK_TCPIP_CORE();
	return ret;
}

static int net_init(void)
{
	tcpip_init(NULL, NULL);
	return add_interfaces();
}

SYS_INIT(net_init, APPLICATION);
