/*
 * IP addresses as Kestrel's network API passes them.
 *
 * An IPv4 address is 4 bytes in network order (a.b.c.d is
 * { a, b, c, d }), so it prints, compares and copies without byte swaps
 * and means the same on every board. These names carry the net_ prefix so
 * that on native_sim they never collide with the host C library's
 * in_addr, inet_pton and friends.
 */
#ifndef KESTREL_NET_NET_IP_H
#define KESTREL_NET_NET_IP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

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

#endif /* KESTREL_NET_NET_IP_H */
