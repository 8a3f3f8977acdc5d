/*
 * ICMP echo (ping), IPv4 and, with CONFIG_NET_IPV6, IPv6
 * (CONFIG_NET_ICMP_ECHO).
 */
#ifndef KESTREL_NET_NET_PING_H
#define KESTREL_NET_NET_PING_H

#include <stdint.h>

#include <kestrel/kernel.h>
#include <kestrel/net/net_ip.h>

struct net_ping_params {
	uint32_t count;        /**< echo requests to send, 1 .. 1000 */
	uint32_t interval_ms;  /**< between requests (0: at once after a
				 *   reply or a timeout) */
	uint32_t timeout_ms;   /**< wait for each reply, 1 .. 60000 */
	uint16_t payload_len;  /**< data bytes per request, 0 .. 1024 */
};

struct net_ping_result {
	uint32_t sent;         /**< requests sent */
	uint32_t received;     /**< matching replies (right id, sequence
				 *   and payload) */
	uint32_t rtt_min_ms;   /**< of the replies received */
	uint32_t rtt_max_ms;
};

/**
 * Ping @p dst: send params->count echo requests, one at a time, each
 * waiting up to params->timeout_ms for its reply.
 * @return the number of replies received (1 .. count)
 * @retval -EINVAL NULL argument or a parameter out of range
 * @retval -ENETUNREACH no interface has an address to send from
 * @retval -ETIMEDOUT no reply at all (@p result says how many were sent)
 * @retval -ENOMEM the stack had no buffer for a request
 * @retval -EBUSY another net_ping() is running
 * Thread context.
 */
int net_ping(const struct net_ipv4_addr *dst,
	     const struct net_ping_params *params,
	     struct net_ping_result *result);

/**
 * net_ping() over ICMPv6 (CONFIG_NET_IPV6): echo requests to @p dst.
 * @return the number of replies received (1 .. count)
 * @retval -ENOTSUP built without CONFIG_NET_IPV6
 * @retval others as net_ping() (-ENETUNREACH: no IPv6 route or source
 *         address)
 * Thread context.
 */
int net_ping6(const struct net_ipv6_addr *dst,
	      const struct net_ping_params *params,
	      struct net_ping_result *result);

#endif /* KESTREL_NET_NET_PING_H */
