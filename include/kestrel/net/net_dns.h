/*
 * DNS resolver (CONFIG_NET_DNS), on lwIP's DNS client.
 *
 * One name gives one address: IPv4 (A record, net_dns_resolve()) or, with
 * CONFIG_NET_IPV6, IPv6 (AAAA, net_dns_resolve_ip()). The servers are the
 * stack-wide list of NET_DNS_SERVERS_MAX (CONFIG_NET_DNS_SERVERS)
 * entries, IPv4 or IPv6, asked in order (lwIP moves to the next one
 * after a server left DNS_MAX_RETRIES queries unanswered, about 7 s):
 * DHCP sets them from its lease, net_dns_server_set*() overrides them
 * (router advertisements' RDNSS servers are not used). Every
 * server is asked on UDP port
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

/** Address families of net_dns_resolve() (the NET_AF_* of net_ip.h). */
#define NET_DNS_AF_UNSPEC NET_AF_UNSPEC
#define NET_DNS_AF_INET NET_AF_INET
#define NET_DNS_AF_INET6 NET_AF_INET6

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
 * Resolve @p name to an address of @p family.
 *
 * A numeric address of the family ("192.0.2.1", "2001:db8::1") is
 * parsed, with no query.
 *
 * @param family NET_AF_INET (A record), NET_AF_INET6 (AAAA;
 *        CONFIG_NET_IPV6) or NET_AF_UNSPEC (A, and AAAA when there is
 *        no A record)
 * @retval 0 @p addr holds the address (addr->family says which)
 * @retval -EAFNOSUPPORT NET_AF_INET6 without CONFIG_NET_IPV6
 * @retval others as net_dns_resolve() (-ENOENT: no record of the family)
 * Thread only.
 */
int net_dns_resolve_ip(const char *name, int family, struct net_ip_addr *addr,
		       k_timeout_t timeout);

/**
 * Set DNS server @p index (0 is asked first) to @p addr; 0.0.0.0 unsets
 * it. A later DHCP lease may set them again.
 * @retval 0 set
 * @retval -EINVAL @p addr NULL or @p index not below NET_DNS_SERVERS_MAX
 * Thread only.
 */
int net_dns_server_set(unsigned int index, const struct net_ipv4_addr *addr);

/**
 * Set DNS server @p index to @p addr of either family; NET_AF_UNSPEC
 * unsets it.
 * @retval 0 set
 * @retval -EINVAL @p addr NULL, an unknown family, or @p index not below
 *         NET_DNS_SERVERS_MAX
 * @retval -EAFNOSUPPORT an IPv6 address without CONFIG_NET_IPV6
 * Thread only.
 */
int net_dns_server_set_ip(unsigned int index, const struct net_ip_addr *addr);

/**
 * Read DNS server @p index (family NET_AF_UNSPEC when it is unset).
 * @retval 0 read
 * @retval -EINVAL @p addr NULL or @p index not below NET_DNS_SERVERS_MAX
 * Thread only.
 */
int net_dns_server_get(unsigned int index, struct net_ip_addr *addr);

/** Servers of the list (CONFIG_NET_DNS_SERVERS, lwIP's DNS_MAX_SERVERS). */
#define NET_DNS_SERVERS_MAX CONFIG_NET_DNS_SERVERS

#endif /* KESTREL_NET_NET_DNS_H */
