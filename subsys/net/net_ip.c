/* IPv4 and IPv6 address text (include/kestrel/net/net_ip.h). */
#include <errno.h>

#include <kestrel/kernel.h>
#include <kestrel/net/net_ip.h>

int net_ipv4_addr_to_str(const struct net_ipv4_addr *addr, char *buf,
			 size_t size)
{
	if (addr == NULL || buf == NULL) {
		return -EINVAL;
	}
	int n = snprintk(buf, size, "%u.%u.%u.%u", addr->b[0], addr->b[1],
			 addr->b[2], addr->b[3]);

	return (size_t)n >= size ? -ENOSPC : n;
}

/* One decimal number 0..255 without leading '+' or spaces; *s advances. */
static int parse_octet(const char **s, uint8_t *out)
{
	unsigned int v = 0;
	int digits = 0;

	while (**s >= '0' && **s <= '9' && digits < 4) {
		v = v * 10u + (unsigned int)(**s - '0');
		(*s)++;
		digits++;
	}
	if (digits == 0 || digits > 3 || v > 255) {
		return -EINVAL;
	}
	*out = (uint8_t)v;
	return 0;
}

int net_ipv4_addr_from_str(const char *text, struct net_ipv4_addr *addr)
{
	struct net_ipv4_addr a;

	if (text == NULL || addr == NULL) {
		return -EINVAL;
	}
	for (int i = 0; i < 4; i++) {
		if (parse_octet(&text, &a.b[i]) != 0) {
			return -EINVAL;
		}
		if (*text != (i < 3 ? '.' : '\0')) {
			return -EINVAL;
		}
		text += i < 3 ? 1 : 0;
	}
	*addr = a;
	return 0;
}

/* The longest run of two or more zero groups of @p g: *start, or -1. */
static int zero_run(const uint16_t g[8], int *len)
{
	int best = -1, best_len = 1;

	for (int i = 0; i < 8;) {
		int j = i;

		while (j < 8 && g[j] == 0) {
			j++;
		}
		if (j - i > best_len) {
			best = i;
			best_len = j - i;
		}
		i = j == i ? i + 1 : j;
	}
	*len = best_len;
	return best;
}

int net_ipv6_addr_to_str(const struct net_ipv6_addr *addr, char *buf,
			 size_t size)
{
	char text[NET_IPV6_ADDR_STRLEN];
	uint16_t g[8];
	int run_len, n = 0;

	if (addr == NULL || buf == NULL) {
		return -EINVAL;
	}
	for (int i = 0; i < 8; i++) {
		g[i] = (uint16_t)((addr->b[2 * i] << 8) | addr->b[2 * i + 1]);
	}
	int run = zero_run(g, &run_len);

	for (int i = 0; i < 8; i++) {
		if (i == run) {
			n += snprintk(text + n, sizeof(text) - (size_t)n, "::");
			i += run_len - 1;
			continue;
		}
		n += snprintk(text + n, sizeof(text) - (size_t)n, "%s%x",
			      (i == 0 || i == run + run_len) ? "" : ":", g[i]);
	}
	return (size_t)snprintk(buf, size, "%s", text) >= size ? -ENOSPC : n;
}

/* One group of 1..4 hex digits; *s advances. */
static int parse_group(const char **s, uint16_t *out)
{
	unsigned int v = 0;
	int digits = 0;

	for (;; digits++) {
		char c = **s;
		unsigned int d;

		if (c >= '0' && c <= '9') {
			d = (unsigned int)(c - '0');
		} else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f') {
			d = (unsigned int)((c | 0x20) - 'a' + 10);
		} else {
			break;
		}
		v = v * 16u + d;
		(*s)++;
	}
	if (digits == 0 || digits > 4) {
		return -EINVAL;
	}
	*out = (uint16_t)v;
	return 0;
}

/* true when the group starting at @p s is a dotted IPv4 address. */
static bool ipv4_tail(const char *s)
{
	while (*s != '\0' && *s != ':') {
		if (*s++ == '.') {
			return true;
		}
	}
	return false;
}

/* Groups of @p s into @p g (at most @p max, ending at the NUL or at
 * "::"); the count, or -EINVAL. An IPv4 tail counts as two groups. */
static int parse_groups(const char **s, uint16_t *g, int max)
{
	int n = 0;

	while (**s != '\0' && !((*s)[0] == ':' && (*s)[1] == ':')) {
		if (n > 0 && *(*s)++ != ':') {
			return -EINVAL;
		}
		if (ipv4_tail(*s)) {
			struct net_ipv4_addr v4;

			if (n + 2 > max || net_ipv4_addr_from_str(*s, &v4) != 0) {
				return -EINVAL;
			}
			g[n++] = (uint16_t)((v4.b[0] << 8) | v4.b[1]);
			g[n++] = (uint16_t)((v4.b[2] << 8) | v4.b[3]);
			*s += strlen(*s);
			break;
		}
		if (n == max || parse_group(s, &g[n++]) != 0) {
			return -EINVAL;
		}
	}
	return n;
}

int net_ipv6_addr_from_str(const char *text, struct net_ipv6_addr *addr)
{
	uint16_t head[8] = { 0 }, tail[8];
	int nh, nt = 0;

	if (text == NULL || addr == NULL) {
		return -EINVAL;
	}
	nh = parse_groups(&text, head, 8);
	if (nh < 0) {
		return -EINVAL;
	}
	if (*text == ':') { /* "::": one or more zero groups */
		text += 2;
		nt = nh < 8 ? parse_groups(&text, tail, 7 - nh) : -EINVAL;
		if (nt < 0 || *text != '\0') {
			return -EINVAL;
		}
		memcpy(&head[8 - nt], tail, (size_t)nt * sizeof(tail[0]));
	} else if (nh != 8) {
		return -EINVAL;
	}
	for (int i = 0; i < 8; i++) {
		addr->b[2 * i] = (uint8_t)(head[i] >> 8);
		addr->b[2 * i + 1] = (uint8_t)head[i];
	}
	return 0;
}
