/*
 * IP addresses as Kestrel's network API passes them.
 *
 * An IPv4 address is 4 bytes in network order (a.b.c.d is
 * { a, b, c, d }), an IPv6 address 16 bytes in network order, so they
 * print, compare and copy without byte swaps and mean the same on every
 * board. These names carry the net_ prefix so that on native_sim they
 * never collide with the host C library's in_addr, inet_pton and friends.
 */
#ifndef KESTREL_NET_NET_IP_H
#define KESTREL_NET_NET_IP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Address families (the values of lwIP's AF_*; socket.h uses them too). */
#define NET_AF_UNSPEC 0
#define NET_AF_INET 2
#define NET_AF_INET6 10

/** An IPv4 address, network byte order. */
struct net_ipv4_addr {
	uint8_t b[4];
};

/** Longest text of an IPv4 address, with the NUL: "255.255.255.255". */
#define NET_IPV4_ADDR_STRLEN 16

/** The address a.b.c.d. */
static inline struct net_ipv4_addr net_ipv4_addr(uint8_t a, uint8_t b,
						 uint8_t c, uint8_t d)
{
	struct net_ipv4_addr addr = { { a, b, c, d } };

	return addr;
}

/** true when @p a and @p b are the same address. ISR: ok. */
static inline bool net_ipv4_addr_eq(const struct net_ipv4_addr *a,
				    const struct net_ipv4_addr *b)
{
	return memcmp(a->b, b->b, sizeof(a->b)) == 0;
}

/** true for 0.0.0.0 (no address). ISR: ok. */
static inline bool net_ipv4_addr_is_any(const struct net_ipv4_addr *a)
{
	return (a->b[0] | a->b[1] | a->b[2] | a->b[3]) == 0;
}

/**
 * Write @p addr as dotted decimal into @p buf.
 * @return the length of the text (without the NUL)
 * @retval -EINVAL NULL argument
 * @retval -ENOSPC @p size is below the text's length + 1 (nothing written
 *         when @p size is 0, else a truncated NUL-terminated text)
 * ISR: ok; thread: ok.
 */
int net_ipv4_addr_to_str(const struct net_ipv4_addr *addr, char *buf,
			 size_t size);

/**
 * Parse dotted decimal ("10.0.2.15": four numbers 0..255, nothing else).
 * @retval 0 parsed into @p addr
 * @retval -EINVAL NULL argument or not an IPv4 address
 * ISR: ok; thread: ok.
 */
int net_ipv4_addr_from_str(const char *text, struct net_ipv4_addr *addr);

/** An IPv6 address, network byte order (2001:db8::1 is { 0x20, 0x01,
 *  0x0d, 0xb8, 0, ..., 0, 1 }). */
struct net_ipv6_addr {
	uint8_t b[16];
};

/** Longest text of an IPv6 address, with the NUL (as INET6_ADDRSTRLEN). */
#define NET_IPV6_ADDR_STRLEN 46

/** An IPv4 or an IPv6 address. */
struct net_ip_addr {
	uint8_t family; /**< NET_AF_INET or NET_AF_INET6 (NET_AF_UNSPEC: none) */
	union {
		struct net_ipv4_addr v4; /**< NET_AF_INET */
		struct net_ipv6_addr v6; /**< NET_AF_INET6 */
	};
};

/** true when @p a and @p b are the same address. ISR: ok. */
static inline bool net_ipv6_addr_eq(const struct net_ipv6_addr *a,
				    const struct net_ipv6_addr *b)
{
	return memcmp(a->b, b->b, sizeof(a->b)) == 0;
}

/** true for :: (no address). ISR: ok. */
static inline bool net_ipv6_addr_is_any(const struct net_ipv6_addr *a)
{
	static const struct net_ipv6_addr any;

	return net_ipv6_addr_eq(a, &any);
}

/** true for a link-local address (fe80::/10). ISR: ok. */
static inline bool net_ipv6_addr_is_link_local(const struct net_ipv6_addr *a)
{
	return a->b[0] == 0xfe && (a->b[1] & 0xc0) == 0x80;
}

/**
 * Write @p addr as text (RFC 5952: lower-case hex, the longest run of
 * two or more zero groups as "::", e.g. "fec0::5054:ff:fe12:3456"; an
 * IPv4-mapped address in hex too: "::ffff:c000:201").
 * @return the length of the text (without the NUL)
 * @retval -EINVAL NULL argument
 * @retval -ENOSPC @p size is below the text's length + 1 (nothing written
 *         when @p size is 0, else a truncated NUL-terminated text)
 * ISR: ok; thread: ok.
 */
int net_ipv6_addr_to_str(const struct net_ipv6_addr *addr, char *buf,
			 size_t size);

/**
 * Parse an IPv6 address: eight groups of 1..4 hex digits separated by
 * ':', at most one "::" standing for one or more zero groups, and
 * optionally a dotted-decimal IPv4 address as the last 32 bits
 * ("::ffff:192.0.2.1"). No zone ("%en0") and no prefix length.
 * @retval 0 parsed into @p addr
 * @retval -EINVAL NULL argument or not an IPv6 address
 * ISR: ok; thread: ok.
 */
int net_ipv6_addr_from_str(const char *text, struct net_ipv6_addr *addr);

#endif /* KESTREL_NET_NET_IP_H */
