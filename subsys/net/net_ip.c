/* IPv4 address text (include/kestrel/net/net_ip.h). */
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
