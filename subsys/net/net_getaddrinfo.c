/*
 * net_getaddrinfo() / net_freeaddrinfo() (include/kestrel/net/socket.h):
 * numeric hosts parsed here, names through the resolver (net_dns.h, one
 * query per family), the list in one block of lwIP's heap. Errors are
 * negative errno, as everywhere in the socket API.
 */
#include <errno.h>
#include <string.h>

#include <kestrel/kernel.h>
#include <kestrel/net/net_dns.h>
#include <kestrel/net/socket.h>
#include <kestrel/sys/util.h>

#include "lwip/mem.h"

#define AI_FLAGS (NET_AI_PASSIVE | NET_AI_NUMERICHOST)
#define AI_HOST_MAX 255
/* Families at most, socket types at most per address. */
#define AI_ADDRS 2
#define AI_TYPES 2

struct ai_entry {
	struct net_addrinfo ai;
	struct net_sockaddr_storage sa;
};

/* What the caller asked for (hints checked). */
struct ai_query {
	int flags;
	int family;
	int type;   /* 0: both */
	uint16_t port;
};

static bool family_ok(int family)
{
	return family == NET_AF_UNSPEC || family == NET_AF_INET ||
	       (IS_ENABLED(CONFIG_NET_IPV6) && family == NET_AF_INET6);
}

static int hints_check(const struct net_addrinfo *h, struct ai_query *q)
{
	if (h == NULL) {
		return 0;
	}
	if ((h->ai_flags & ~AI_FLAGS) != 0 || h->ai_addrlen != 0 ||
	    h->ai_addr != NULL || h->ai_canonname != NULL || h->ai_next != NULL) {
		return -EINVAL;
	}
	if (!family_ok(h->ai_family)) {
		return -EAFNOSUPPORT;
	}
	bool stream = h->ai_socktype == NET_SOCK_STREAM;
	bool dgram = h->ai_socktype == NET_SOCK_DGRAM;
	bool tcp = h->ai_protocol == NET_IPPROTO_TCP;
	bool udp = h->ai_protocol == NET_IPPROTO_UDP;

	if ((h->ai_socktype != 0 && !stream && !dgram) ||
	    (h->ai_protocol != 0 && !tcp && !udp) ||
	    (stream && udp) || (dgram && tcp)) {
		return -EPROTONOSUPPORT;
	}
	q->flags = h->ai_flags;
	q->family = h->ai_family;
	q->type = h->ai_socktype != 0 ? h->ai_socktype :
		  tcp ? NET_SOCK_STREAM : udp ? NET_SOCK_DGRAM : 0;
	return 0;
}

/* A decimal port 0..65535 (NULL: 0). */
static int port_parse(const char *service, uint16_t *port)
{
	unsigned long v = 0;

	if (service == NULL) {
		*port = 0;
		return 0;
	}
	if (*service == '\0') {
		return -EINVAL;
	}
	for (; *service != '\0'; service++) {
		if (*service < '0' || *service > '9') {
			return -EINVAL;
		}
		v = v * 10u + (unsigned long)(*service - '0');
		if (v > 65535u) {
			return -EINVAL;
		}
	}
	*port = (uint16_t)v;
	return 0;
}

/* The families @p q asks for, in the order of the result. */
static int families(const struct ai_query *q, int fam[AI_ADDRS])
{
	if (q->family != NET_AF_UNSPEC) {
		fam[0] = q->family;
		return 1;
	}
	fam[0] = NET_AF_INET;
	fam[1] = NET_AF_INET6;
	return IS_ENABLED(CONFIG_NET_IPV6) ? 2 : 1;
}

/* Loopback or (NET_AI_PASSIVE) any address of @p family. */
static struct net_ip_addr no_host(int family, bool passive)
{
	struct net_ip_addr a;

	memset(&a, 0, sizeof(a));
	a.family = (uint8_t)family;
	if (!passive && family == NET_AF_INET) {
		a.v4 = net_ipv4_addr(127, 0, 0, 1);
	} else if (!passive) {
		a.v6.b[15] = 1;
	}
	return a;
}

/* A numeric @p host of @p family: 0 and *@p a, else -ENOENT. */
static int numeric(const char *host, int family, struct net_ip_addr *a)
{
	memset(a, 0, sizeof(*a));
	a->family = (uint8_t)family;
	if (family == NET_AF_INET) {
		return net_ipv4_addr_from_str(host, &a->v4) == 0 ? 0 : -ENOENT;
	}
	return net_ipv6_addr_from_str(host, &a->v6) == 0 ? 0 : -ENOENT;
}

/* The error of a failed lookup of several families: other than -ENOENT
 * wins (a timeout says more than "no AAAA record"). */
static int worse(int err, int ret)
{
	return err == 0 || err == -ENOENT ? ret : err;
}

/* @p host's name, asked from the DNS for each family of @p fam. */
static int by_name(const char *host, const int *fam, int nfam,
		   struct net_ip_addr *out, int *n)
{
#if defined(CONFIG_NET_DNS)
	int err = 0;

	for (int i = 0; i < nfam; i++) {
		int ret = net_dns_resolve_ip(host, fam[i], &out[*n],
					     K_MSEC(CONFIG_NET_GETADDRINFO_TIMEOUT_MS));

		if (ret == 0) {
			(*n)++;
		} else {
			err = worse(err, ret);
		}
	}
	return *n > 0 ? 0 : err;
#else
	(void)host;
	(void)fam;
	(void)nfam;
	(void)out;
	(void)n;
	return -ENOTSUP;
#endif
}

static bool host_ok(const char *host)
{
	size_t len = 0;

	while (len <= AI_HOST_MAX && host[len] != '\0') {
		len++;
	}
	return len >= 1 && len <= AI_HOST_MAX;
}

/* The addresses of @p host for @p q into @p out: their count, or a
 * negative errno. */
static int host_addrs(const char *host, const struct ai_query *q,
		      struct net_ip_addr out[AI_ADDRS])
{
	int fam[AI_ADDRS];
	int nfam = families(q, fam);
	int n = 0;

	if (host == NULL) {
		for (int i = 0; i < nfam; i++) {
			out[n++] = no_host(fam[i], (q->flags & NET_AI_PASSIVE) != 0);
		}
		return n;
	}
	if (!host_ok(host)) {
		return -EINVAL;
	}
	for (int i = 0; i < nfam; i++) {
		if (numeric(host, fam[i], &out[n]) == 0) {
			n++;
		}
	}
	if (n > 0 || (q->flags & NET_AI_NUMERICHOST) != 0) {
		return n > 0 ? n : -ENOENT;
	}
	int ret = by_name(host, fam, nfam, out, &n);

	return ret == 0 ? n : ret;
}

/* Entry @p e for @p addr, socket type @p type. */
static void entry_set(struct ai_entry *e, const struct net_ip_addr *addr,
		      int type, const struct ai_query *q)
{
	memset(e, 0, sizeof(*e));
	e->ai.ai_flags = q->flags;
	e->ai.ai_family = addr->family;
	e->ai.ai_socktype = type;
	e->ai.ai_protocol = type == NET_SOCK_STREAM ? NET_IPPROTO_TCP :
			    NET_IPPROTO_UDP;
	e->ai.ai_addr = (struct net_sockaddr *)&e->sa;
	if (addr->family == NET_AF_INET) {
		struct net_sockaddr_in in = net_sockaddr_in(addr->v4, q->port);

		memcpy(&e->sa, &in, sizeof(in));
		e->ai.ai_addrlen = sizeof(in);
	} else {
		struct net_sockaddr_in6 in6 = net_sockaddr_in6(addr->v6, q->port);

		memcpy(&e->sa, &in6, sizeof(in6));
		e->ai.ai_addrlen = sizeof(in6);
	}
}

int net_getaddrinfo(const char *host, const char *service,
		    const struct net_addrinfo *hints, struct net_addrinfo **res)
{
	struct ai_query q = { 0 };
	struct net_ip_addr addrs[AI_ADDRS];
	int ret;

	if (res == NULL || (host == NULL && service == NULL)) {
		return -EINVAL;
	}
	*res = NULL;
	ret = hints_check(hints, &q);
	if (ret == 0) {
		ret = port_parse(service, &q.port);
	}
	int n = ret == 0 ? host_addrs(host, &q, addrs) : ret;

	if (n < 0) {
		return n;
	}
	int types = q.type == 0 ? AI_TYPES : 1;
	struct ai_entry *e = mem_malloc((mem_size_t)(sizeof(*e) * (size_t)(n * types)));

	if (e == NULL) {
		return -ENOMEM;
	}
	for (int i = 0; i < n * types; i++) {
		int type = q.type != 0 ? q.type :
			   (i % types == 0 ? NET_SOCK_STREAM : NET_SOCK_DGRAM);

		entry_set(&e[i], &addrs[i / types], type, &q);
		e[i].ai.ai_next = i + 1 < n * types ? &e[i + 1].ai : NULL;
	}
	*res = &e[0].ai;
	return 0;
}

void net_freeaddrinfo(struct net_addrinfo *res)
{
	if (res != NULL) {
		mem_free(res); /* the list is one block, res its start */
	}
}
