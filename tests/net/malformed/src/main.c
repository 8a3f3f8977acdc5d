/*
 * Malformed frames injected at the driver boundary (net_inject_rx(): the
 * receive thread takes them as it takes a driver's frames): truncated
 * headers, lengths that do not fit, bad checksums, bad IHL, garbage
 * fragments, truncated ARP. Each is dropped, and the counters of
 * net_stats_get() move by exactly the expected amounts and nothing else
 * does; valid frames built the same way are delivered; afterwards a ping
 * of the gateway and a UDP echo through the host's udp_echo fixture work.
 */
#include <stddef.h>
#include <string.h>

#include <kestrel/kernel.h>
#include <kestrel/ktest.h>
#include <kestrel/net/net_if.h>
#include <kestrel/net/net_inject.h>
#include <kestrel/net/net_ping.h>
#include <kestrel/net/net_stats.h>
#include <kestrel/net/socket.h>
#include <kestrel/testing/net_fixtures.h>

#include "frames.h"
#include "net_test.h"

#define LOCAL_PORT 17200
#define PEER_PORT 17201

/* A counter of struct net_stats and how much one case moves it. */
struct delta {
	size_t off;
	uint32_t n;
};

#define STAT(proto, field) offsetof(struct net_stats, proto.field)
#define D(proto, field, n) { STAT(proto, field), (n) }
#define WORDS (sizeof(struct net_stats) / sizeof(uint32_t))

static const char *const proto_names[] = {
	"link", "eth", "ipv4", "ipv4_frag", "icmp", "udp", "tcp",
	"ipv6", "ipv6_frag", "icmpv6", "nd6",
};
static const char *const field_names[] = {
	"recv", "sent", "dropped", "chksum_err", "len_err", "mem_err",
	"route_err", "proto_err", "opt_err", "other_err",
};
_Static_assert(sizeof(struct net_stats_proto) ==
	       sizeof(field_names) / sizeof(field_names[0]) * sizeof(uint32_t),
	       "field_names lists every counter");

static struct net_if *iface;
static struct frame f;

static uint32_t word(const struct net_stats *s, size_t i)
{
	uint32_t v;

	memcpy(&v, (const uint8_t *)s + i * sizeof(v), sizeof(v));
	return v;
}

static uint32_t expected(const struct delta *d, size_t n, size_t i)
{
	uint32_t sum = 0;

	for (size_t k = 0; k < n; k++) {
		sum += d[k].off == i * sizeof(uint32_t) ? d[k].n : 0;
	}
	return sum;
}

/* Every counter moved from @p a to @p b by exactly what @p d says. */
static void check_deltas(const struct net_stats *a, const struct net_stats *b,
			 const struct delta *d, size_t n)
{
	size_t per = sizeof(struct net_stats_proto) / sizeof(uint32_t);

	for (size_t i = 0; i < WORDS; i++) {
		uint32_t got = word(b, i) - word(a, i), want = expected(d, n, i);

		kt_assert(got == want, "%s.%s moved by %u, expected %u",
			  proto_names[i / per], field_names[i % per],
			  (unsigned int)got, (unsigned int)want);
	}
}

/* Inject the frame in f and check the counters moved by @p d only. */
static void inject_expect(const struct delta *d, size_t n)
{
	struct net_stats before, after;

	kt_assert_eq(net_stats_get(&before), 0);
	kt_assert_eq(net_inject_rx(iface, f.b, f.len), 0);
	kt_assert_eq(net_stats_get(&after), 0);
	check_deltas(&before, &after, d, n);
}

#define INJECT_EXPECT(...)                                                   \
	do {                                                                 \
		static const struct delta want_[] = { __VA_ARGS__ };         \
		inject_expect(want_, ARRAY_SIZE(want_));                     \
	} while (0)

static void before_each(void *fixture)
{
	uint8_t mac[ETH_ADDR_LEN];
	struct net_if_ipv4_info info;

	(void)fixture;
	iface = net_test_iface_dhcp();
	if (iface != NULL && eth_get_mac(net_if_device(iface), mac) == 0 &&
	    net_if_ipv4_get(iface, &info) == 0) {
		frame_set_device(mac, info.addr);
	}
}

KTEST_SUITE(net_malformed, NULL, before_each, NULL, NULL);

/* ---- Ethernet and ARP ---- */

KTEST(net_malformed, ethernet_header_truncated)
{
	kt_assert_not_null(iface);
	frame_eth(&f, FRAME_ETHERTYPE_IPV4);
	f.len = 10;
	INJECT_EXPECT(D(link, recv, 1), D(eth, proto_err, 1), D(eth, dropped, 1));
	f.len = 1;
	INJECT_EXPECT(D(link, recv, 1), D(eth, proto_err, 1), D(eth, dropped, 1));
}

KTEST(net_malformed, ethernet_header_alone)
{
	kt_assert_not_null(iface);
	frame_eth(&f, FRAME_ETHERTYPE_IPV4);
	INJECT_EXPECT(D(link, recv, 1), D(eth, proto_err, 1), D(eth, dropped, 1));
}

KTEST(net_malformed, unknown_ethertype)
{
	kt_assert_not_null(iface);
	frame_eth(&f, 0x88b5); /* IEEE local experimental */
	f.len = 60;
	INJECT_EXPECT(D(link, recv, 1), D(eth, proto_err, 1), D(eth, dropped, 1));
}

KTEST(net_malformed, arp_truncated)
{
	kt_assert_not_null(iface);
	/* First a whole request, so the pool buffer held a valid ARP packet
	 * (answered: a reply goes out), then cut copies of it. */
	frame_arp_request(&f);
	INJECT_EXPECT(D(link, recv, 1), D(link, sent, 1), D(eth, recv, 1),
		      D(eth, sent, 1));
	for (size_t cut = 1; cut < 28; cut += 9) {
		f.len = ETH_HDR_LEN + cut;
		INJECT_EXPECT(D(link, recv, 1), D(eth, len_err, 1), D(eth, dropped, 1));
	}
	f.len = ETH_HDR_LEN + 27;
	INJECT_EXPECT(D(link, recv, 1), D(eth, len_err, 1), D(eth, dropped, 1));
}

/* ---- IPv4 header ---- */

#define IPV4_LEN_DROP D(link, recv, 1), D(ipv4, recv, 1), D(ipv4, len_err, 1), \
	D(ipv4, dropped, 1)

KTEST(net_malformed, ipv4_header_truncated)
{
	kt_assert_not_null(iface);
	frame_udp(&f, PEER_PORT, LOCAL_PORT, "x", 1);
	f.len = FRAME_IP_OFF + 12;
	INJECT_EXPECT(IPV4_LEN_DROP);
	f.len = FRAME_IP_OFF + 19;
	INJECT_EXPECT(IPV4_LEN_DROP);
}

/* A small UDP datagram, then IPv4 header byte @p off set to @p v (and the
 * header checksum made right again when @p fix). */
static void udp_with_ip8(size_t off, uint8_t v, bool fix)
{
	frame_udp(&f, PEER_PORT, LOCAL_PORT, "abcd", 4);
	f.b[FRAME_IP_OFF + off] = v;
	if (fix) {
		frame_ipv4_csum(&f);
	}
}

/* The same with the 16-bit total length field set to @p len. */
static void udp_with_total_length(uint16_t len)
{
	frame_udp(&f, PEER_PORT, LOCAL_PORT, "abcd", 4);
	frame_put16(f.b + FRAME_IP_OFF + 2, len);
	frame_ipv4_csum(&f);
}

KTEST(net_malformed, ipv4_total_length_beyond_frame)
{
	kt_assert_not_null(iface);
	udp_with_total_length(200);
	INJECT_EXPECT(IPV4_LEN_DROP);
}

KTEST(net_malformed, ipv4_total_length_below_header)
{
	kt_assert_not_null(iface);
	udp_with_total_length(16);
	INJECT_EXPECT(IPV4_LEN_DROP);
}

KTEST(net_malformed, ipv4_ihl_below_five)
{
	kt_assert_not_null(iface);
	udp_with_ip8(0, 0x44, true);
	INJECT_EXPECT(IPV4_LEN_DROP);
}

KTEST(net_malformed, ipv4_ihl_beyond_frame)
{
	kt_assert_not_null(iface);
	udp_with_ip8(0, 0x4f, false); /* 60-byte header in a 32-byte packet */
	INJECT_EXPECT(IPV4_LEN_DROP);
}

KTEST(net_malformed, ipv4_bad_header_checksum)
{
	kt_assert_not_null(iface);
	udp_with_ip8(0, 0x45, false);
	f.b[FRAME_IP_OFF + 10] ^= 0x40;
	INJECT_EXPECT(D(link, recv, 1), D(ipv4, recv, 1), D(ipv4, chksum_err, 1),
		      D(ipv4, dropped, 1));
}

KTEST(net_malformed, ipv4_wrong_version)
{
	kt_assert_not_null(iface);
	udp_with_ip8(0, 0x65, true);
	INJECT_EXPECT(D(link, recv, 1), D(ipv4, recv, 1), D(ipv4, other_err, 1),
		      D(ipv4, dropped, 1));
}

/* ---- transport checksums and lengths ---- */

/* An IPv4 packet delivered to @p proto, which drops it for @p why. */
#define L4_DROP(proto, why) D(link, recv, 1), D(ipv4, recv, 1), D(proto, recv, 1), \
	D(proto, why, 1), D(proto, dropped, 1)

KTEST(net_malformed, udp_bad_checksum)
{
	kt_assert_not_null(iface);
	frame_udp(&f, PEER_PORT, LOCAL_PORT, "abcd", 4);
	f.b[FRAME_L4_OFF + 8] ^= 0x01; /* payload no longer matches */
	INJECT_EXPECT(L4_DROP(udp, chksum_err));
}

KTEST(net_malformed, udp_header_truncated)
{
	kt_assert_not_null(iface);
	frame_ipv4(&f, FRAME_PROTO_UDP, 4, 0x5101, 0);
	INJECT_EXPECT(L4_DROP(udp, len_err));
}

KTEST(net_malformed, tcp_bad_checksum)
{
	kt_assert_not_null(iface);
	frame_tcp(&f, PEER_PORT, LOCAL_PORT, 0x02 /* SYN */);
	f.b[FRAME_L4_OFF + 16] ^= 0x80;
	/* Dropped before any answer: no RST goes out. */
	INJECT_EXPECT(L4_DROP(tcp, chksum_err));
}

KTEST(net_malformed, tcp_header_truncated)
{
	kt_assert_not_null(iface);
	frame_ipv4(&f, FRAME_PROTO_TCP, 10, 0x5102, 0);
	INJECT_EXPECT(L4_DROP(tcp, len_err));
}

KTEST(net_malformed, icmp_bad_checksum_gets_no_reply)
{
	kt_assert_not_null(iface);
	frame_icmp_echo(&f, 16);
	f.b[FRAME_L4_OFF + 8] ^= 0x01;
	INJECT_EXPECT(D(link, recv, 1), D(ipv4, recv, 1), D(icmp, recv, 1),
		      D(icmp, chksum_err, 1));
}

/* ---- fragments ---- */

#define IP_MF 0x2000
#define FRAG_RECV D(link, recv, 1), D(ipv4, recv, 1), D(ipv4_frag, recv, 1)

/* Fragments that are never completed start past offset 0, so their
 * reassembly times out silently (no ICMP time exceeded 15 s later). */
KTEST(net_malformed, fragment_with_ip_options)
{
	kt_assert_not_null(iface);
	frame_ipv4(&f, FRAME_PROTO_UDP, 20, 0x5201, IP_MF | 100);
	f.b[FRAME_IP_OFF] = 0x46; /* 24-byte header: 4 option bytes (NOPs) */
	memset(f.b + FRAME_L4_OFF, 1, 4);
	frame_ipv4_csum(&f);
	INJECT_EXPECT(FRAG_RECV, D(ipv4_frag, other_err, 1), D(ipv4_frag, dropped, 1));
}

KTEST(net_malformed, fragment_duplicate_and_overlapping)
{
	kt_assert_not_null(iface);
	frame_ipv4(&f, FRAME_PROTO_UDP, 16, 0x5202, IP_MF | 200);
	INJECT_EXPECT(FRAG_RECV);                             /* queued */
	INJECT_EXPECT(FRAG_RECV, D(ipv4_frag, dropped, 1));   /* same again */
	frame_ipv4(&f, FRAME_PROTO_UDP, 16, 0x5202, IP_MF | 201);
	INJECT_EXPECT(FRAG_RECV, D(ipv4_frag, dropped, 1));   /* overlaps */
}

KTEST(net_malformed, fragment_beyond_64k)
{
	kt_assert_not_null(iface);
	frame_ipv4(&f, FRAME_PROTO_UDP, 64, 0x5203, 8190); /* last, ends past 65515 */
	INJECT_EXPECT(FRAG_RECV, D(ipv4_frag, dropped, 1));
}

/* ---- valid frames the same builders make are delivered ---- */

static int udp_bound(void)
{
	struct net_sockaddr_in any = net_sockaddr_in(net_ipv4_addr(0, 0, 0, 0), LOCAL_PORT);
	struct net_timeval tv = { .tv_sec = 2 };
	int s = net_socket(NET_AF_INET, NET_SOCK_DGRAM, 0);

	kt_assert_ge(s, 0);
	kt_assert_eq(net_bind(s, (struct net_sockaddr *)&any, sizeof(any)), 0);
	kt_assert_eq(net_setsockopt(s, NET_SOL_SOCKET, NET_SO_RCVTIMEO, &tv, sizeof(tv)), 0);
	return s;
}

static void recv_exactly(int s, const char *data, size_t len)
{
	char buf[64];

	kt_assert_eq(net_recv(s, buf, sizeof(buf), NET_MSG_DONTWAIT), (int)len);
	kt_assert_mem_eq(buf, data, len);
}

KTEST(net_malformed, padded_udp_is_trimmed_and_delivered)
{
	int s;

	kt_assert_not_null(iface);
	s = udp_bound();
	frame_udp(&f, PEER_PORT, LOCAL_PORT, "kestrel", 7);
	f.len = 60 + 4; /* Ethernet padding after the datagram */
	INJECT_EXPECT(D(link, recv, 1), D(ipv4, recv, 1), D(udp, recv, 1));
	recv_exactly(s, "kestrel", 7);
	kt_assert_eq(net_close(s), 0);
}

KTEST(net_malformed, fragmented_udp_still_reassembles)
{
	static const char data[] = "0123456789abcdefghijklmnopqrstuv"; /* 32 */
	uint8_t second[24];
	int s;

	kt_assert_not_null(iface);
	s = udp_bound();
	/* 8 + 32 bytes of UDP: offset 0 carries 16, offset 16 the rest. */
	frame_udp(&f, PEER_PORT, LOCAL_PORT, data, 32);
	memcpy(second, f.b + FRAME_L4_OFF + 16, sizeof(second));
	frame_put16(f.b + FRAME_IP_OFF + 2, 20 + 16);
	frame_put16(f.b + FRAME_IP_OFF + 6, IP_MF);
	frame_ipv4_csum(&f);
	f.len = FRAME_L4_OFF + 16;
	INJECT_EXPECT(FRAG_RECV);
	frame_ipv4(&f, FRAME_PROTO_UDP, sizeof(second), 0x5001, 16 / 8);
	memcpy(f.b + FRAME_L4_OFF, second, sizeof(second));
	INJECT_EXPECT(FRAG_RECV, D(udp, recv, 1));
	recv_exactly(s, data, 32);
	kt_assert_eq(net_close(s), 0);
}

/* ---- the hook's own errors ---- */

KTEST(net_malformed, inject_argument_errors)
{
	kt_assert_not_null(iface);
	kt_assert_eq(net_inject_rx(NULL, f.b, 20), -EINVAL);
	kt_assert_eq(net_inject_rx(iface, NULL, 20), -EINVAL);
	kt_assert_eq(net_inject_rx(iface, f.b, 0), -EINVAL);
	kt_assert_eq(net_inject_rx(iface, f.b, ETH_FRAME_MAX + 1), -EINVAL);
	kt_assert_eq(net_stats_get(NULL), -EINVAL);
	kt_assert_eq(net_stats_if_get(NULL, NULL), -EINVAL);
}

/* ---- afterwards ---- */

KTEST(net_malformed, stack_still_works)
{
	struct net_ipv4_addr gw = net_ipv4_addr(10, 0, 2, 2);
	struct net_ping_params p = { .count = 3, .interval_ms = 10,
				     .timeout_ms = 2000, .payload_len = 32 };
	struct net_sockaddr_in to = net_sockaddr_in(gw, KT_NET_FIXTURE_UDP_ECHO_PORT);
	struct net_timeval tv = { .tv_sec = 5 };
	struct net_ping_result res;
	struct net_stats_if ifs;
	char buf[32];
	int s;

	kt_assert_not_null(iface);
	kt_assert_eq(net_ping(&gw, &p, &res), 3);
	s = net_socket(NET_AF_INET, NET_SOCK_DGRAM, 0);
	kt_assert_ge(s, 0);
	kt_assert_eq(net_setsockopt(s, NET_SOL_SOCKET, NET_SO_RCVTIMEO, &tv, sizeof(tv)), 0);
	kt_assert_eq(net_connect(s, (struct net_sockaddr *)&to, sizeof(to)), 0);
	kt_assert_eq(net_send(s, "still here", 10, 0), 10);
	kt_assert_eq(net_recv(s, buf, sizeof(buf), 0), 10);
	kt_assert_mem_eq(buf, "still here", 10);
	kt_assert_eq(net_close(s), 0);
	/* The driver never saw the injected frames: no error of its own. */
	kt_assert_eq(net_stats_if_get(iface, &ifs), 0);
	kt_assert_eq(ifs.driver.rx_errors, 0u);
	kt_assert_eq(ifs.rx_nobuf, 0u);
}
