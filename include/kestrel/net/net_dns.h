/*
 * DNS resolver, IPv4 addresses (CONFIG_NET_DNS), on lwIP's DNS client.
 *
 * One name gives one IPv4 address (A record). The servers are the
 * stack-wide ones: DHCP sets them from its lease, net_dns_server_set()
 * overrides them. Every server is asked on UDP port
 * CONFIG_NET_DNS_SERVER_PORT (53 by default; lwIP has one port for all).
 * Answers are cached by lwIP for their TTL.
 *
 * Context: threads only (the calls take the network core lock and may
 * block); never from an ISR.
 */
#ifndef KESTREL_NET_NET_DNS_H
#define KESTREL_NET_NET_DNS_H

#include <kestrel/kernel.h>
#include <kestrel/net/net_ip.h>

/** Address families of net_dns_resolve() (values of NET_AF_* of socket.h). */
#define NET_DNS_AF_UNSPEC 0
#define NET_DNS_AF_INET 2

/** Longest name net_dns_resolve() takes, without the NUL. */
#define NET_DNS_NAME_MAX 255

/** Queries waiting for an answer at once (beyond it: -ENOMEM). */
#define NET_DNS_PENDING_MAX 4

/**
 * Resolve @p name to an IPv4 address.
 *
 * A dotted-decimal IPv4 address ("192.0.2.1") is parsed, with no query.
 * Otherwise the answer comes from lwIP's cache or from a query to the
 * servers, waited for up to @p timeout.
 *
 * @param family NET_DNS_AF_INET or NET_DNS_AF_UNSPEC (both: IPv4)
 * @retval 0 @p addr holds the address
 * @retval -EINVAL @p name or @p addr NULL, @p name empty or longer than
 *         NET_DNS_NAME_MAX, or @p family another family
 * @retval -ENOENT no such name: the server answered NXDOMAIN (or an
 *         answer without an A record); also when lwIP gives up after its
 *         own retries (about 10 s with no answer from any server), which
 *         it does not tell apart from NXDOMAIN
 * @retval -ETIMEDOUT no answer within @p timeout (the query goes on in
 *         the background and its answer, if any, is cached)
 * @retval -EHOSTUNREACH no DNS server is set
 * @retval -ENOMEM NET_DNS_PENDING_MAX queries, or lwIP's table, are busy
 * Thread only.
 */
int net_dns_resolve(const char *name, int family, struct net_ipv4_addr *addr,
		    k_timeout_t timeout);

/**
 * Set DNS server @p index (0 is asked first) to @p addr; 0.0.0.0 unsets
 * it. A later DHCP lease may set them again.
 * @retval 0 set
 * @retval -EINVAL @p addr NULL or @p index not below NET_DNS_SERVERS_MAX
 * Thread only.
 */
int net_dns_server_set(unsigned int index, const struct net_ipv4_addr *addr);

/** Servers net_dns_server_set() takes (lwIP's DNS_MAX_SERVERS). */
#define NET_DNS_SERVERS_MAX 2

#endif /* KESTREL_NET_NET_DNS_H */
