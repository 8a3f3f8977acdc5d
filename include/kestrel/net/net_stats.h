/*
 * Network counters (CONFIG_NET_STATS): per protocol for the whole stack,
 * and per interface for its Ethernet driver.
 *
 * The protocol counters are lwIP's own (lwIP stats, 32-bit), copied into
 * Kestrel's structures under the stack's core lock, so one
 * net_stats_get() is a consistent snapshot. Counters only grow (they wrap
 * at 2^32); compare two snapshots to see what happened in between.
 *
 * A malformed packet is dropped and counted twice: in `dropped` of the
 * layer that found it, and in the error counter that says why. Where each
 * kind of bad input lands (lwIP 2.2.1, tests/net/malformed checks these):
 *
 *   Ethernet frame shorter than its header, or an unknown EtherType
 *                                       eth.proto_err + eth.dropped
 *   ARP packet shorter than 28 bytes    eth.len_err + eth.dropped
 *   IPv4 header or total length not within the frame, IHL below 5
 *                                       ipv4.len_err + ipv4.dropped
 *   IPv4 header checksum                ipv4.chksum_err + ipv4.dropped
 *   IPv4 version field not 4            ipv4.other_err + ipv4.dropped
 *   IPv4 fragment that cannot be queued (duplicate, overlapping, beyond
 *   64 KiB, with IP options)            ipv4_frag.dropped (+ other_err
 *                                       for options)
 *   UDP / TCP / ICMP checksum           udp/tcp/icmp.chksum_err (+ dropped
 *                                       for UDP and TCP)
 *   UDP or TCP header shorter than its minimum
 *                                       udp/tcp.len_err (+ dropped)
 *   A frame the stack had no buffer for link.mem_err + link.dropped
 *
 * net_ping()'s requests and the replies it takes are counted in icmp.sent
 * and icmp.recv (they travel on a raw PCB, which lwIP's ICMP layer does
 * not see).
 */
#ifndef KESTREL_NET_NET_STATS_H
#define KESTREL_NET_NET_STATS_H

#include <stdint.h>

#include <kestrel/drivers/ethernet.h>
#include <kestrel/net/net_if.h>

/** Counters of one protocol layer. */
struct net_stats_proto {
	uint32_t recv;       /**< packets handed to this layer */
	uint32_t sent;       /**< packets this layer sent */
	uint32_t dropped;    /**< packets it dropped, for any reason */
	uint32_t chksum_err; /**< bad checksum */
	uint32_t len_err;    /**< length fields that do not fit the packet */
	uint32_t mem_err;    /**< no memory (buffer, pool entry) */
	uint32_t route_err;  /**< no route to send on */
	uint32_t proto_err;  /**< unknown or unsupported protocol, or a packet
			      *   the protocol forbids */
	uint32_t opt_err;    /**< options it cannot handle */
	uint32_t other_err;  /**< anything else (e.g. a wrong version) */
};

/** Counters of the whole stack (all interfaces together). */
struct net_stats {
	struct net_stats_proto link;      /**< frames between the Ethernet
					    *   drivers and the stack */
	struct net_stats_proto eth;       /**< Ethernet header and ARP */
	struct net_stats_proto ipv4;
	struct net_stats_proto ipv4_frag; /**< reassembly (recv: fragments) and
					    *   fragmentation (sent) */
	struct net_stats_proto icmp;
	struct net_stats_proto udp;
	struct net_stats_proto tcp;
#if defined(CONFIG_NET_IPV6)
	struct net_stats_proto ipv6;
	struct net_stats_proto ipv6_frag;
	struct net_stats_proto icmpv6;
	struct net_stats_proto nd6;       /**< neighbour discovery */
#endif
};

/** Counters of one interface. */
struct net_stats_if {
	struct eth_stats driver; /**< the Ethernet driver's (ethernet.h) */
	uint32_t rx_nobuf;       /**< frames taken from the driver and
				   *   dropped: the stack had no buffer */
};

/**
 * Copy the stack's protocol counters into @p stats.
 * A protocol that is not compiled in reads 0 throughout.
 * @retval 0 copied
 * @retval -EINVAL @p stats is NULL
 * @retval -ENOTSUP built without CONFIG_NET_STATS
 * Thread context (takes the core lock).
 */
int net_stats_get(struct net_stats *stats);

/**
 * Copy the counters of @p iface (its driver's and the stack's) into
 * @p stats.
 * @retval 0 copied
 * @retval -EINVAL NULL argument
 * @retval -ENOSYS the driver keeps no counters (@p stats is then zeroed,
 *         except rx_nobuf)
 * Thread context.
 */
int net_stats_if_get(struct net_if *iface, struct net_stats_if *stats);

#endif /* KESTREL_NET_NET_STATS_H */
