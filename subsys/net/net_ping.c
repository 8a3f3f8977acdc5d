/*
 * ICMP echo client (net_ping.h) on an lwIP raw PCB: ICMPv4, and ICMPv6
 * with CONFIG_NET_IPV6 (lwIP fills in the ICMPv6 checksum, which covers
 * a pseudo-header, as for an IPV6_CHECKSUM raw socket).
 *
 * One ping runs at a time. Each request carries the identifier of the
 * run and a sequence number; the raw receive callback (tcpip thread, core
 * lock held) takes only the matching reply, checks its payload, and wakes
 * the caller.
 */
#include <errno.h>
#include <string.h>

#include <kestrel/kernel.h>
#include <kestrel/net/net_ping.h>

#include "lwip/icmp.h"
#include "lwip/icmp6.h"
#include "lwip/inet_chksum.h"
#include "lwip/ip.h"
#include "lwip/prot/ip4.h"
#include "lwip/prot/ip6.h"
#include "lwip/raw.h"
#include "lwip/stats.h"
#include "lwip/tcpip.h"

#include "net_priv.h"

#define PING_MAX_PAYLOAD 1024

struct ping_state {
	struct raw_pcb *pcb;
	uint16_t id;
	uint16_t seq;            /**< sequence number awaited (core lock) */
	uint16_t payload_len;
	bool replied;
#if LWIP_IPV6
	bool v6;                 /**< ICMPv6 run */
#endif
	struct k_sem reply_sem;
};

static struct ping_state ping;
static K_MUTEX_DEFINE(ping_mutex);

static bool ping_v6(void)
{
#if LWIP_IPV6
	return ping.v6;
#else
	return false;
#endif
}

static uint8_t payload_byte(size_t i)
{
	return (uint8_t)('a' + i % 23);
}

static bool reply_matches(struct pbuf *p)
{
	const struct ip_hdr *iph = p->payload;
	uint16_t hlen = ping_v6() ? IP6_HLEN : (uint16_t)IPH_HL_BYTES(iph);
	struct icmp_echo_hdr echo;
	uint8_t b;

	if (p->tot_len < hlen + sizeof(echo) + ping.payload_len ||
	    pbuf_copy_partial(p, &echo, sizeof(echo), hlen) != sizeof(echo)) {
		return false;
	}
	if (ICMPH_TYPE(&echo) != (ping_v6() ? ICMP6_TYPE_EREP : ICMP_ER) ||
	    echo.id != lwip_htons(ping.id) ||
	    echo.seqno != lwip_htons(ping.seq)) {
		return false;
	}
	for (uint16_t i = 0; i < ping.payload_len; i++) {
		if (pbuf_copy_partial(p, &b, 1, (u16_t)(hlen + sizeof(echo) + i)) != 1 ||
		    b != payload_byte(i)) {
			return false;
		}
	}
	return true;
}

static u8_t ping_recv(void *arg, struct raw_pcb *pcb, struct pbuf *p,
		      const ip_addr_t *addr)
{
	(void)arg;
	(void)pcb;
	(void)addr;
	if (ping.replied || !reply_matches(p)) {
		return 0; /* not ours: lwIP goes on with it */
	}
	ping.replied = true;
	ICMP_STATS_INC(icmp.recv); /* a raw PCB's packets pass by icmp_input */
	(void)k_sem_give(&ping.reply_sem);
	pbuf_free(p);
	return 1;
}

/* Build and send request ping.seq (core lock held). 0 or negative errno. */
static int send_request(const ip_addr_t *dst, uint16_t seq)
{
	u16_t len = (u16_t)(sizeof(struct icmp_echo_hdr) + ping.payload_len);
	struct pbuf *p = pbuf_alloc(PBUF_IP, len, PBUF_RAM);
	struct icmp_echo_hdr *echo;
	err_t err;

	if (p == NULL) {
		return -ENOMEM;
	}
	ping.seq = seq;
	echo = p->payload;
	ICMPH_TYPE_SET(echo, ping_v6() ? ICMP6_TYPE_EREQ : ICMP_ECHO);
	ICMPH_CODE_SET(echo, 0);
	echo->chksum = 0;
	echo->id = lwip_htons(ping.id);
	echo->seqno = lwip_htons(ping.seq);
	for (uint16_t i = 0; i < ping.payload_len; i++) {
		((uint8_t *)(echo + 1))[i] = payload_byte(i);
	}
	if (!ping_v6()) {
		echo->chksum = inet_chksum(echo, len);
	}
	ping.replied = false;
	err = raw_sendto(ping.pcb, p, dst);
	pbuf_free(p);
	if (err == ERR_OK) {
		ICMP_STATS_INC(icmp.xmit);
	}
	if (err == ERR_RTE) {
		return -ENETUNREACH;
	}
	return err == ERR_OK ? 0 : (err == ERR_MEM ? -ENOMEM : -EIO);
}

static bool params_ok(const struct net_ping_params *pp)
{
	return pp->count >= 1 && pp->count <= 1000 && pp->timeout_ms >= 1 &&
	       pp->timeout_ms <= 60000 && pp->payload_len <= PING_MAX_PAYLOAD;
}

/* One request and its reply. 1: replied, 0: timed out, <0: error. */
static int ping_one(const ip_addr_t *dst, uint16_t seq,
		    const struct net_ping_params *pp, struct net_ping_result *res)
{
	int64_t start = k_uptime_get();
	int ret;

	(void)k_sem_reset(&ping.reply_sem);
	LOCK_TCPIP_CORE();
	ret = send_request(dst, seq);
	UNLOCK_TCPIP_CORE();
	if (ret != 0) {
		return ret;
	}
	res->sent++;
	if (k_sem_take(&ping.reply_sem, K_MSEC(pp->timeout_ms)) != 0) {
		return 0;
	}
	uint32_t rtt = (uint32_t)(k_uptime_get() - start);

	res->rtt_min_ms = res->received == 0 ? rtt : MIN(res->rtt_min_ms, rtt);
	res->rtt_max_ms = MAX(res->rtt_max_ms, rtt);
	res->received++;
	return 1;
}

static int ping_run(const ip_addr_t *dst, const struct net_ping_params *pp,
		    struct net_ping_result *res)
{
	int ret = 0;

	for (uint32_t i = 0; i < pp->count && ret >= 0; i++) {
		ret = ping_one(dst, (uint16_t)(i + 1), pp, res);
		if (ret >= 0 && i + 1 < pp->count && pp->interval_ms > 0) {
			k_msleep((int32_t)pp->interval_ms);
		}
	}
	if (ret < 0) {
		return ret;
	}
	return res->received > 0 ? (int)res->received : -ETIMEDOUT;
}

/* A whole run to @p to over a new raw PCB of @p proto. */
static int ping_start(const ip_addr_t *to, u8_t proto,
		      const struct net_ping_params *params,
		      struct net_ping_result *result)
{
	int ret;

	if (k_mutex_lock(&ping_mutex, K_NO_WAIT) != 0) {
		return -EBUSY;
	}
	memset(result, 0, sizeof(*result));
	(void)k_sem_init(&ping.reply_sem, 0, 1);
	ping.id = (uint16_t)(ping.id + 1);
	ping.payload_len = params->payload_len;
#if LWIP_IPV6
	ping.v6 = IP_IS_V6(to);
#endif
	LOCK_TCPIP_CORE();
#if LWIP_IPV6
	ping.pcb = raw_new_ip_type(ping.v6 ? IPADDR_TYPE_V6 : IPADDR_TYPE_V4, proto);
#else
	ping.pcb = raw_new(proto);
#endif
	if (ping.pcb != NULL) {
#if LWIP_IPV6
		ping.pcb->chksum_reqd = ping.v6;
		ping.pcb->chksum_offset = 2; /* of struct icmp_echo_hdr */
#endif
		raw_recv(ping.pcb, ping_recv, NULL);
	}
	UNLOCK_TCPIP_CORE();
	ret = ping.pcb == NULL ? -ENOMEM : ping_run(to, params, result);
	LOCK_TCPIP_CORE();
	if (ping.pcb != NULL) {
		raw_remove(ping.pcb);
		ping.pcb = NULL;
	}
	UNLOCK_TCPIP_CORE();
	(void)k_mutex_unlock(&ping_mutex);
	return ret;
}

int net_ping(const struct net_ipv4_addr *dst,
	     const struct net_ping_params *params,
	     struct net_ping_result *result)
{
	ip_addr_t to;

	if (dst == NULL || params == NULL || result == NULL || !params_ok(params)) {
		return -EINVAL;
	}
	IP_ADDR4(&to, dst->b[0], dst->b[1], dst->b[2], dst->b[3]);
	return ping_start(&to, IP_PROTO_ICMP, params, result);
}

int net_ping6(const struct net_ipv6_addr *dst,
	      const struct net_ping_params *params,
	      struct net_ping_result *result)
{
#if LWIP_IPV6
	ip_addr_t to;

	if (dst == NULL || params == NULL || result == NULL || !params_ok(params)) {
		return -EINVAL;
	}

	memset(&to, 0, sizeof(to));
	*ip_2_ip6(&to) = net_ipv6_to_lwip(dst);
	IP_SET_TYPE_VAL(to, IPADDR_TYPE_V6);
	return ping_start(&to, IP6_NEXTH_ICMP6, params, result);
#else
	(void)dst;
	(void)params;
	(void)result;
	return -ENOTSUP;
#endif
}
