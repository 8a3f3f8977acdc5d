/*
 * Network interfaces.
 *
 * The stack creates one interface per Ethernet device of the devicetree
 * (include/kestrel/drivers/ethernet.h), in device init order, when it
 * starts at boot; an interface starts administratively down. Interfaces
 * are numbered from 0 and never go away. The first one is the default
 * route unless net_if_set_default() says otherwise.
 *
 * Every function here may block briefly on the stack's core lock: thread
 * context only. The event callbacks (net_event.h) report what happens
 * asynchronously.
 */
#ifndef KESTREL_NET_NET_IF_H
#define KESTREL_NET_NET_IF_H

#include <stdbool.h>
#include <stdint.h>

#include <kestrel/device.h>
#include <kestrel/kernel.h>
#include <kestrel/net/net_ip.h>
#include <kestrel/sys/util.h>

/** An interface (opaque; obtained from net_if_get()). */
struct net_if;

/** IPv4 state of an interface. */
struct net_if_ipv4_info {
	struct net_ipv4_addr addr;     /**< 0.0.0.0 while it has none */
	struct net_ipv4_addr netmask;
	struct net_ipv4_addr gateway;  /**< default router */
	struct net_ipv4_addr dns[2];   /**< DNS servers (stack-wide), 0.0.0.0
					 *   when unset */
	bool dhcp;                     /**< the address came from DHCP */
};

/** IPv6 addresses an interface holds (CONFIG_NET_IPV6_ADDRS; 0 without
 *  CONFIG_NET_IPV6). */
#ifdef CONFIG_NET_IPV6_ADDRS
#define NET_IF_IPV6_ADDRS CONFIG_NET_IPV6_ADDRS
#else
#define NET_IF_IPV6_ADDRS 0
#endif

/** State of an IPv6 address slot. */
enum net_if_ipv6_state {
	NET_IF_IPV6_NONE = 0,       /**< empty slot */
	NET_IF_IPV6_TENTATIVE = 1,  /**< duplicate address detection running */
	NET_IF_IPV6_PREFERRED = 2,  /**< usable */
	NET_IF_IPV6_DEPRECATED = 3, /**< usable for existing connections only */
	NET_IF_IPV6_DUPLICATE = 4,  /**< another node has it: never used */
};

/** One IPv6 address of an interface. */
struct net_if_ipv6_addr {
	struct net_ipv6_addr addr;
	uint8_t state;              /**< enum net_if_ipv6_state */
};

/** IPv6 state of an interface. */
struct net_if_ipv6_info {
	/** [0] is the link-local address (fe80::/64 + EUI-64 of the MAC),
	 *  the others SLAAC addresses from router advertisements; unused
	 *  slots NET_IF_IPV6_NONE. */
	struct net_if_ipv6_addr addrs[MAX(NET_IF_IPV6_ADDRS, 1)];
	int count; /**< slots of @p addrs that are meaningful */
};

/** What net_if_wait_ipv6() waits for. */
enum net_if_ipv6_kind {
	NET_IF_IPV6_LINK_LOCAL = 1, /**< a usable link-local address */
	NET_IF_IPV6_ROUTABLE = 2,   /**< a usable address beyond the link
				     *   (SLAAC: slirp's fec0::/64) */
};

/** Number of interfaces (0 on a board without Ethernet). Thread: ok. */
int net_if_count(void);

/**
 * Interface @p index (0 .. net_if_count() - 1), or NULL when there is no
 * such interface or the stack failed to start. Thread: ok.
 */
struct net_if *net_if_get(int index);

/** The default interface, or NULL when there is none. Thread: ok. */
struct net_if *net_if_get_default(void);

/**
 * Make @p iface the default interface (the route for off-link traffic).
 * @retval 0 done
 * @retval -EINVAL NULL interface
 * Thread context.
 */
int net_if_set_default(struct net_if *iface);

/** The Ethernet device behind @p iface (NULL for NULL). Thread: ok. */
const struct device *net_if_device(const struct net_if *iface);

/**
 * Bring @p iface up: starts the device (eth_start) and the interface.
 * The link follows the device's link state. With CONFIG_NET_IPV6 the
 * interface creates its link-local address and takes SLAAC addresses
 * from router advertisements.
 * @retval 0 up (also when it already was)
 * @retval -EINVAL NULL interface
 * @retval -EIO the device did not start (its negative errno is printed)
 * Thread context.
 */
int net_if_up(struct net_if *iface);

/**
 * Take @p iface down: stops DHCP, removes its addresses (IPv6 too), stops
 * the device.
 * @retval 0 down (also when it already was)
 * @retval -EINVAL NULL interface
 * Thread context.
 */
int net_if_down(struct net_if *iface);

/** 1 when @p iface is up, 0 when down, -EINVAL for NULL. Thread: ok. */
int net_if_is_up(const struct net_if *iface);

/** 1 when the link is up, 0 when down, -EINVAL for NULL. Thread: ok. */
int net_if_link_is_up(const struct net_if *iface);

/**
 * Start the DHCPv4 client on @p iface (it must be up); the address comes
 * later: wait with net_if_wait_ipv4() or subscribe to
 * NET_EVENT_IPV4_ADDR_ACQUIRED. The client renews its lease by itself.
 * @retval 0 started (also when it already ran: it starts over)
 * @retval -EINVAL NULL interface
 * @retval -ENETDOWN the interface is down
 * @retval -ENOMEM the stack has no memory for the client
 * @retval -ENOTSUP built without CONFIG_NET_DHCPV4
 * Thread context.
 */
int net_if_dhcpv4_start(struct net_if *iface);

/**
 * Stop the DHCPv4 client of @p iface; its address (if it had one from
 * DHCP) is released.
 * @retval 0 stopped (also when it was not running)
 * @retval -EINVAL NULL interface
 * @retval -ENOTSUP built without CONFIG_NET_DHCPV4
 * Thread context.
 */
int net_if_dhcpv4_stop(struct net_if *iface);

/**
 * Set a static IPv4 address (stops DHCP on the interface).
 * @retval 0 set
 * @retval -EINVAL NULL interface or address
 * Thread context.
 */
int net_if_ipv4_set(struct net_if *iface, const struct net_ipv4_addr *addr,
		    const struct net_ipv4_addr *netmask,
		    const struct net_ipv4_addr *gateway);

/**
 * Copy the IPv4 state of @p iface.
 * @retval 0 copied
 * @retval -EINVAL NULL argument
 * Thread context.
 */
int net_if_ipv4_get(struct net_if *iface, struct net_if_ipv4_info *info);

/**
 * Wait until @p iface has an IPv4 address, at most @p timeout.
 * @retval 0 it has one (at once when it already had)
 * @retval -EINVAL NULL interface
 * @retval -ETIMEDOUT none came within @p timeout (K_NO_WAIT: none now)
 * Thread context.
 */
int net_if_wait_ipv4(struct net_if *iface, k_timeout_t timeout);

/**
 * Copy the IPv6 addresses of @p iface (slots in lwIP's order; a usable
 * address is PREFERRED or DEPRECATED).
 * @retval 0 copied
 * @retval -EINVAL NULL argument
 * @retval -ENOTSUP built without CONFIG_NET_IPV6
 * Thread context.
 */
int net_if_ipv6_get(struct net_if *iface, struct net_if_ipv6_info *info);

/**
 * Wait until @p iface has a usable IPv6 address of @p kind, at most
 * @p timeout. The link-local address comes about a second after
 * net_if_up() (duplicate address detection), a SLAAC address once a
 * router advertisement arrived and its own detection passed.
 * @param addr NULL, or where the address found goes
 * @retval 0 it has one (at once when it already had)
 * @retval -EINVAL NULL interface or unknown @p kind
 * @retval -ETIMEDOUT none came within @p timeout (K_NO_WAIT: none now)
 * @retval -ENOTSUP built without CONFIG_NET_IPV6
 * Thread context.
 */
int net_if_wait_ipv6(struct net_if *iface, enum net_if_ipv6_kind kind,
		     struct net_ipv6_addr *addr, k_timeout_t timeout);

#endif /* KESTREL_NET_NET_IF_H */
