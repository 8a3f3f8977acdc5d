/*
 * Network counters (net_stats.h): lwIP's stats copied under the core lock
 * into Kestrel's structures, and the per-interface driver counters.
 */
#include <errno.h>
#include <string.h>

#include <kestrel/net/net_stats.h>

#include "lwip/stats.h"
#include "lwip/tcpip.h"

#include "net_priv.h"

#if LWIP_STATS
_Static_assert(sizeof(STAT_COUNTER) == sizeof(uint32_t),
	       "lwipopts.h sets LWIP_STATS_LARGE: 32-bit counters");

static void proto_copy(struct net_stats_proto *out, const struct stats_proto *s)
{
	out->recv = s->recv;
	out->sent = s->xmit;
	out->dropped = s->drop;
	out->chksum_err = s->chkerr;
	out->len_err = s->lenerr;
	out->mem_err = s->memerr;
	out->route_err = s->rterr;
	out->proto_err = s->proterr;
	out->opt_err = s->opterr;
	out->other_err = s->err;
}

#if LWIP_IPV6
static void ipv6_copy(struct net_stats *out)
{
	proto_copy(&out->ipv6, &lwip_stats.ip6);
	proto_copy(&out->ipv6_frag, &lwip_stats.ip6_frag);
	proto_copy(&out->icmpv6, &lwip_stats.icmp6);
	proto_copy(&out->nd6, &lwip_stats.nd6);
}
#else
static void ipv6_copy(struct net_stats *out)
{
	(void)out;
}
#endif

int net_stats_get(struct net_stats *stats)
{
	if (stats == NULL) {
		return -EINVAL;
	}
	LOCK_TCPIP_CORE();
	proto_copy(&stats->link, &lwip_stats.link);
	proto_copy(&stats->eth, &lwip_stats.etharp);
	proto_copy(&stats->ipv4, &lwip_stats.ip);
	proto_copy(&stats->ipv4_frag, &lwip_stats.ip_frag);
	proto_copy(&stats->icmp, &lwip_stats.icmp);
	proto_copy(&stats->udp, &lwip_stats.udp);
	proto_copy(&stats->tcp, &lwip_stats.tcp);
	ipv6_copy(stats);
	UNLOCK_TCPIP_CORE();
	return 0;
}
#else
int net_stats_get(struct net_stats *stats)
{
	return stats == NULL ? -EINVAL : -ENOTSUP;
}
#endif

int net_stats_if_get(struct net_if *iface, struct net_stats_if *stats)
{
	int ret;

	if (iface == NULL || stats == NULL) {
		return -EINVAL;
	}
	memset(stats, 0, sizeof(*stats));
	ret = eth_get_stats(iface->dev, &stats->driver);
	if (ret != 0) {
		memset(&stats->driver, 0, sizeof(stats->driver));
	}
	LOCK_TCPIP_CORE();
	stats->rx_nobuf = iface->rx_nobuf;
	UNLOCK_TCPIP_CORE();
	return ret;
}
