/*
 * Private state of the network subsystem (subsys/net): the interface
 * object around lwIP's netif, shared by net_core.c (interfaces, events)
 * and lwip/net_eth.c (the Ethernet glue).
 */
#ifndef KESTREL_SUBSYS_NET_PRIV_H
#define KESTREL_SUBSYS_NET_PRIV_H

#include <stdbool.h>
#include <string.h>

#include <kestrel/device.h>
#include <kestrel/drivers/ethernet.h>
#include <kestrel/kernel.h>
#include <kestrel/net/net_if.h>

#include "lwip/ip4_addr.h"
#include "lwip/ip_addr.h"
#include "lwip/netif.h"

/** Kestrel's IPv4 address from lwIP's (both in network order). */
static inline struct net_ipv4_addr net_ipv4_from_lwip(const ip4_addr_t *a)
{
	struct net_ipv4_addr out;

	memcpy(out.b, &a->addr, sizeof(out.b));
	return out;
}

/** lwIP's IPv4 address from Kestrel's (both in network order). */
static inline ip4_addr_t net_ipv4_to_lwip(const struct net_ipv4_addr *a)
{
	ip4_addr_t out;

	memcpy(&out.addr, a->b, sizeof(a->b));
	return out;
}

/** A frame of net_inject_rx() on its way to the receive thread. */
struct net_eth_inject {
	const uint8_t *frame;           /**< waiting to be taken, or NULL */
	size_t len;
	bool taken;                     /**< taken, not yet handed on */
	int result;                     /**< 0, or -ENOBUFS: dropped */
	struct k_sem done;              /**< given once it was handed on */
};

#if LWIP_IPV6
/** Kestrel's IPv6 address from lwIP's (both in network order). */
static inline struct net_ipv6_addr net_ipv6_from_lwip(const ip6_addr_t *a)
{
	struct net_ipv6_addr out;

	memcpy(out.b, a->addr, sizeof(out.b));
	return out;
}

/** lwIP's IPv6 address (no zone) from Kestrel's. */
static inline ip6_addr_t net_ipv6_to_lwip(const struct net_ipv6_addr *a)
{
	ip6_addr_t out;

	memcpy(out.addr, a->b, sizeof(a->b));
	ip6_addr_clear_zone(&out);
	return out;
}
#endif

/** Kestrel's address of either family from lwIP's. */
static inline struct net_ip_addr net_ip_from_lwip(const ip_addr_t *a)
{
	struct net_ip_addr out;

	memset(&out, 0, sizeof(out));
#if LWIP_IPV6
	if (IP_IS_V6(a)) {
		out.family = NET_AF_INET6;
		out.v6 = net_ipv6_from_lwip(ip_2_ip6(a));
		return out;
	}
#endif
	out.family = NET_AF_INET;
	out.v4 = net_ipv4_from_lwip(ip_2_ip4(a));
	return out;
}

/** lwIP's address from Kestrel's (NET_AF_INET, or NET_AF_INET6 with
 *  LWIP_IPV6; any other family is the IPv4 any address). */
static inline ip_addr_t net_ip_to_lwip(const struct net_ip_addr *a)
{
	ip_addr_t out;

	memset(&out, 0, sizeof(out));
#if LWIP_IPV6
	if (a->family == NET_AF_INET6) {
		*ip_2_ip6(&out) = net_ipv6_to_lwip(&a->v6);
		IP_SET_TYPE_VAL(out, IPADDR_TYPE_V6);
		return out;
	}
#endif
	if (a->family == NET_AF_INET) {
		*ip_2_ip4(&out) = net_ipv4_to_lwip(&a->v4);
	}
	IP_SET_TYPE_VAL(out, IPADDR_TYPE_V4);
	return out;
}

struct net_if {
	struct netif netif;             /**< lwIP's interface (first member) */
	const struct device *dev;       /**< the Ethernet device */
	struct k_sem rx_sem;            /**< given by the driver's RX ISR */
	struct k_sem addr_sem;          /**< given when an IPv4 address comes */
#if LWIP_IPV6
	struct k_sem addr6_sem;         /**< given when an IPv6 address becomes
					 *   usable */
#endif
	struct k_thread rx_thread;
	bool up;                        /**< administratively up */
	uint32_t rx_nobuf;              /**< frames dropped: no pbuf (core
					 *   lock) */
#if defined(CONFIG_NET_TEST_INJECT)
	struct net_eth_inject inject;   /**< test hook (net_inject.h) */
#endif
	uint8_t tx_buf[ETH_FRAME_MAX];  /**< linearised outgoing frame (the
					 *   core lock serialises its users) */
};

/** Set up @p iface for @p dev and add it to lwIP (core lock held). */
int net_eth_if_add(struct net_if *iface, const struct device *dev,
		   k_thread_stack_t *rx_stack, size_t rx_stack_size);

/** Start the periodic link-state check of @p iface (core lock held). */
void net_eth_link_watch(struct net_if *iface);

/** Raise NET_EVENT_DNS_SERVERS_CHANGED for @p iface (NULL: set by the
 *  application) if lwIP's server list differs from the one last reported
 *  (core lock held; net_core.c, CONFIG_NET_DNS). */
void net_dns_servers_check(struct net_if *iface);

/** The interface of an lwIP netif. */
static inline struct net_if *net_if_of(struct netif *netif)
{
	return (struct net_if *)netif;
}

#endif
