/*
 * Network events: what happens to interfaces, for applications and
 * subsystems that must react (a connection manager, a DHCP-dependent
 * service).
 *
 * A handler is registered with a mask of the events it wants. Handlers
 * run in the network thread (the stack's core lock is held): they must not
 * block and must not call the blocking net_if_* functions; hand work over
 * to a thread (a semaphore, a work item) instead.
 */
#ifndef KESTREL_NET_NET_EVENT_H
#define KESTREL_NET_NET_EVENT_H

#include <stdint.h>

#include <kestrel/sys/dlist.h>

struct net_if;

enum net_event {
	NET_EVENT_IF_UP = 1u << 0,             /**< interface brought up */
	NET_EVENT_IF_DOWN = 1u << 1,           /**< interface taken down */
	NET_EVENT_LINK_UP = 1u << 2,           /**< link (cable, backend) up */
	NET_EVENT_LINK_DOWN = 1u << 3,         /**< link down */
	NET_EVENT_IPV4_ADDR_ACQUIRED = 1u << 4, /**< got an IPv4 address (or
						  *   it changed) */
	NET_EVENT_IPV4_ADDR_LOST = 1u << 5,    /**< IPv4 address removed */
	NET_EVENT_IPV6_ADDR_VALID = 1u << 6,   /**< an IPv6 address became
						 *   usable (duplicate address
						 *   detection passed):
						 *   link-local or SLAAC;
						 *   CONFIG_NET_IPV6 */
	NET_EVENT_IPV6_ADDR_LOST = 1u << 7,    /**< a usable IPv6 address was
						 *   removed, expired or found
						 *   duplicate */
	NET_EVENT_DNS_SERVERS_CHANGED = 1u << 8, /**< the DNS server list
						   *   (net_dns_server_get())
						   *   changed: from a DHCP lease
						   *   (iface: its interface) or
						   *   net_dns_server_set*() (iface
						   *   NULL; the callback runs in
						   *   the caller's thread, the
						   *   stack locked); CONFIG_NET_DNS */
};

/** Every event. */
#define NET_EVENT_ALL 0x1ffu

typedef void (*net_event_cb_t)(struct net_if *iface, uint32_t event,
			       void *user_data);

/** A registration; owned by the caller, must stay alive while added. */
struct net_event_handler {
	sys_dnode_t node;     /**< private */
	uint32_t mask;        /**< NET_EVENT_* bits wanted */
	net_event_cb_t cb;
	void *user_data;
};

/**
 * Call @p h->cb (in the network thread) for each event in @p h->mask.
 * @retval 0 added
 * @retval -EINVAL NULL handler or callback, or a mask with no known event
 * @retval -EALREADY @p h is already added
 * Thread context.
 */
int net_event_handler_add(struct net_event_handler *h);

/**
 * Stop calling @p h; when this returns, @p h->cb is not running.
 * @retval 0 removed
 * @retval -EINVAL NULL handler
 * @retval -ENOENT @p h was not added
 * Thread context.
 */
int net_event_handler_remove(struct net_event_handler *h);

#endif /* KESTREL_NET_NET_EVENT_H */
