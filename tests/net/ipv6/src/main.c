/*
 * IPv6 against slirp (CONFIG_NET_IPV6): the link-local address and a
 * SLAAC address from slirp's router advertisements (fec0::/64, interface
 * identifier from the MAC), the address events, TCP echo of 1 B .. 64 KiB
 * and UDP echo up to 1452 B (slirp does not reassemble IPv6 fragments)
 * against the host-side peers reached as fec0::2 (the host's ::1), a
 * refused connection, ping of fec0::2, AAAA resolution over IPv6 with a
 * DNS server list, net_getaddrinfo() and net_inet_pton/ntop. Every wait
 * is bounded.
 */
#include <kestrel/drivers/ethernet.h>
#include <kestrel/kernel.h>
#include <kestrel/ktest.h>
#include <kestrel/net/net_dns.h>
#include <kestrel/net/net_event.h>
#include <kestrel/net/net_ping.h>
#include <kestrel/net/socket.h>
#include <kestrel/testing/net_fixtures.h>

#include "net_test.h"
#include "net_test_sockets.h"

/* Longest wait of a receive; of a SLAAC address (RS, RA, DAD). */
#define WAIT_MS 5000
#define SLAAC_TIMEOUT K_SECONDS(15)
#define DNS_TIMEOUT K_SECONDS(5)

static uint8_t tx[64 * 1024];
static uint8_t rx[64 * 1024];

static void close_all(void *fixture)
{
	(void)fixture;
	for (int s = 0; s < CONFIG_NET_SOCKETS_MAX; s++) {
		(void)net_close(s);
	}
}

KTEST_SUITE(net_ipv6, NULL, NULL, close_all, NULL);

static struct net_ipv6_addr ip6(const char *text)
{
	struct net_ipv6_addr a;

	kt_assert_eq(net_ipv6_addr_from_str(text, &a), 0);
	return a;
}

/* The interface, up with DHCP and a SLAAC address (in *@p addr). */
static struct net_if *iface_slaac(struct net_ipv6_addr *addr)
{
	struct net_if *iface = net_test_iface_dhcp();
	struct net_ipv6_addr a;

	kt_assert_not_null(iface);
	kt_assert_eq(net_if_wait_ipv6(iface, NET_IF_IPV6_ROUTABLE, &a,
				      SLAAC_TIMEOUT), 0);
	if (addr != NULL) {
		*addr = a;
	}
	return iface;
}

static struct net_sockaddr *sa(struct net_sockaddr_in6 *in6)
{
	return (struct net_sockaddr *)in6;
}

static struct net_sockaddr_in6 host6(uint16_t port)
{
	return net_sockaddr_in6(ip6(KT_NET_FIXTURE_HOST6), port);
}

/* The interface identifier SLAAC and link-local take from the MAC. */
static void eui64(struct net_if *iface, uint8_t id[8])
{
	uint8_t mac[ETH_ADDR_LEN];

	kt_assert_eq(eth_get_mac(net_if_device(iface), mac), 0);
	id[0] = mac[0] ^ 0x02;
	id[1] = mac[1];
	id[2] = mac[2];
	id[3] = 0xff;
	id[4] = 0xfe;
	id[5] = mac[3];
	id[6] = mac[4];
	id[7] = mac[5];
}

KTEST(net_ipv6, slaac_address_has_slirp_prefix_and_mac_identifier)
{
	static const uint8_t prefix[8] = { 0xfe, 0xc0 };
	struct net_ipv6_addr a, ll;
	struct net_if *iface = iface_slaac(&a);
	struct net_if_ipv6_info info;
	char text[NET_IPV6_ADDR_STRLEN];
	uint8_t id[8];
	bool found = false;

	eui64(iface, id);
	kt_assert_gt(net_ipv6_addr_to_str(&a, text, sizeof(text)), 0);
	printk("SLAAC address %s\n", text);
	kt_assert_mem_eq(a.b, prefix, 8);
	kt_assert_mem_eq(a.b + 8, id, 8);
	kt_assert_eq(net_if_wait_ipv6(iface, NET_IF_IPV6_LINK_LOCAL, &ll,
				      K_NO_WAIT), 0);
	kt_assert_true(net_ipv6_addr_is_link_local(&ll));
	kt_assert_mem_eq(ll.b + 8, id, 8);
	kt_assert_eq(net_if_ipv6_get(iface, &info), 0);
	kt_assert_eq(info.count, NET_IF_IPV6_ADDRS);
	kt_assert_true(net_ipv6_addr_eq(&info.addrs[0].addr, &ll));
	kt_assert_eq(info.addrs[0].state, NET_IF_IPV6_PREFERRED);
	for (int i = 1; i < info.count; i++) {
		found |= net_ipv6_addr_eq(&info.addrs[i].addr, &a) &&
			 info.addrs[i].state == NET_IF_IPV6_PREFERRED;
	}
	kt_assert_true(found);
}

/* Written by the handler in the network thread, read by the test after
 * the handler is removed (net_event_handler_remove() waits for it). */
static volatile int valid_events, lost_events;

static void on_event(struct net_if *iface, uint32_t event, void *user_data)
{
	(void)iface;
	(void)user_data;
	if (event == NET_EVENT_IPV6_ADDR_VALID) {
		valid_events++;
	} else {
		lost_events++;
	}
}

/* Down removes the addresses (LOST for each usable one), up brings the
 * link-local and the SLAAC address back (VALID for each). */
KTEST(net_ipv6, down_and_up_loses_and_regains_addresses_with_events)
{
	struct net_event_handler h = {
		.mask = NET_EVENT_IPV6_ADDR_VALID | NET_EVENT_IPV6_ADDR_LOST,
		.cb = on_event,
	};
	struct net_if *iface = iface_slaac(NULL);
	struct net_ipv6_addr a;

	valid_events = 0;
	lost_events = 0;
	kt_assert_eq(net_event_handler_add(&h), 0);
	kt_assert_eq(net_if_down(iface), 0);
	kt_assert_eq(lost_events, 2);
	kt_assert_eq(net_if_wait_ipv6(iface, NET_IF_IPV6_LINK_LOCAL, &a,
				      K_NO_WAIT), -ETIMEDOUT);
	kt_assert_eq(net_if_up(iface), 0);
	kt_assert_eq(net_if_dhcpv4_start(iface), 0);
	kt_assert_eq(net_if_wait_ipv6(iface, NET_IF_IPV6_ROUTABLE, &a,
				      SLAAC_TIMEOUT), 0);
	kt_assert_eq(net_if_wait_ipv6(iface, NET_IF_IPV6_LINK_LOCAL, &a,
				      K_NO_WAIT), 0);
	kt_assert_eq(net_event_handler_remove(&h), 0);
	kt_assert_eq(valid_events, 2);
	kt_assert_eq(lost_events, 2);
	kt_assert_eq(net_if_wait_ipv4(iface, NET_TEST_DHCP_TIMEOUT), 0);
}

KTEST(net_ipv6, wait_argument_errors)
{
	struct net_if *iface = net_if_get(0);

	kt_assert_eq(net_if_wait_ipv6(NULL, NET_IF_IPV6_ROUTABLE, NULL,
				      K_NO_WAIT), -EINVAL);
	kt_assert_eq(net_if_wait_ipv6(iface, (enum net_if_ipv6_kind)0, NULL,
				      K_NO_WAIT), -EINVAL);
	kt_assert_eq(net_if_ipv6_get(NULL, NULL), -EINVAL);
}

static void fill(size_t len, unsigned int seed)
{
	for (size_t i = 0; i < len; i++) {
		tx[i] = (uint8_t)(i * 13u + (i >> 8) + seed);
	}
}

static void set_rcvtimeo(int s, long ms)
{
	struct net_timeval tv = { ms / 1000, (ms % 1000) * 1000 };

	kt_assert_eq(net_setsockopt(s, NET_SOL_SOCKET, NET_SO_RCVTIMEO, &tv,
				    sizeof(tv)), 0);
}

static int connect6(int type, uint16_t port)
{
	struct net_sockaddr_in6 to = host6(port);
	int s;

	(void)iface_slaac(NULL);
	s = net_socket(NET_AF_INET6, type, 0);
	kt_assert_ge(s, 0);
	set_rcvtimeo(s, WAIT_MS);
	kt_assert_eq(net_connect(s, sa(&to), sizeof(to)), 0);
	return s;
}

static void tcp_echo6(size_t len)
{
	int s = connect6(NET_SOCK_STREAM, KT_NET_FIXTURE_TCP_ECHO6_PORT);

	fill(len, (unsigned int)len);
	net_test_tcp_echo(s, tx, rx, len);
}

KTEST(net_ipv6, tcp_echo_1_byte)
{
	tcp_echo6(1);
}

KTEST(net_ipv6, tcp_echo_1440_bytes)
{
	tcp_echo6(1440);
}

KTEST(net_ipv6, tcp_echo_16_kib)
{
	tcp_echo6(16 * 1024);
}

KTEST(net_ipv6, tcp_echo_64_kib)
{
	tcp_echo6(64 * 1024);
}

/* The peer's address as the device sees it: fec0::2 and the echo port. */
static void udp_echo6_one(int s, size_t len)
{
	struct net_sockaddr_in6 to = host6(KT_NET_FIXTURE_UDP_ECHO6_PORT);
	struct net_sockaddr_storage got;
	const struct net_sockaddr_in6 *from = (const struct net_sockaddr_in6 *)&got;
	net_socklen_t fromlen;

	fill(len, (unsigned int)len + 5);
	net_test_udp_echo(s, sa(&to), sizeof(to), tx, rx, len, &got, &fromlen);
	kt_assert_eq(fromlen, sizeof(*from));
	kt_assert_eq(from->sin6_family, NET_AF_INET6);
	kt_assert_eq(net_ntohs(from->sin6_port), KT_NET_FIXTURE_UDP_ECHO6_PORT);
	kt_assert_true(net_ipv6_addr_eq(&from->sin6_addr, &to.sin6_addr));
}

KTEST(net_ipv6, udp_echo_1_to_1452_bytes)
{
	static const size_t sizes[] = { 1, 2, 64, 512, 1024, 1400, KT_NET_FIXTURE_UDP_ECHO6_MAX };
	int s;

	(void)iface_slaac(NULL);
	s = net_socket(NET_AF_INET6, NET_SOCK_DGRAM, NET_IPPROTO_UDP);
	kt_assert_ge(s, 0);
	set_rcvtimeo(s, 1000);
	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		udp_echo6_one(s, sizes[i]);
	}
	kt_assert_eq(net_close(s), 0);
}

KTEST(net_ipv6, connect_to_closed_port_is_econnrefused)
{
	struct net_sockaddr_in6 to = host6(KT_NET_FIXTURE_TCP_CLOSED6_PORT);
	int s;

	(void)iface_slaac(NULL);
	s = net_socket(NET_AF_INET6, NET_SOCK_STREAM, 0);
	kt_assert_ge(s, 0);
	kt_assert_eq(net_connect(s, sa(&to), sizeof(to)), -ECONNREFUSED);
	kt_assert_eq(net_close(s), 0);
}

KTEST(net_ipv6, socket_address_errors)
{
	struct net_sockaddr_in6 to = host6(KT_NET_FIXTURE_TCP_ECHO6_PORT);
	int s = net_socket(NET_AF_INET6, NET_SOCK_STREAM, 0);

	kt_assert_ge(s, 0);
	/* An IPv6 address in the room of an IPv4 one. */
	kt_assert_eq(net_connect(s, sa(&to), sizeof(struct net_sockaddr_in)),
		     -EINVAL);
	kt_assert_eq(net_bind(s, sa(&to), sizeof(to) - 1), -EINVAL);
	to.sin6_family = 99;
	kt_assert_eq(net_connect(s, sa(&to), sizeof(to)), -EAFNOSUPPORT);
	kt_assert_eq(net_close(s), 0);
	kt_assert_eq(net_socket(99, NET_SOCK_STREAM, 0), -EAFNOSUPPORT);
}

/* An IPv6 socket bound to :: is dual-stack unless NET_IPV6_V6ONLY: it then
 * holds the IPv4 port too. */
static int bind_both(int type, bool v6only)
{
	struct net_sockaddr_in any4 = { .sin_len = sizeof(any4), .sin_family = NET_AF_INET,
					.sin_port = net_htons(4243) };
	struct net_sockaddr_in6 any6 = { .sin6_len = sizeof(any6), .sin6_family = NET_AF_INET6,
					 .sin6_port = net_htons(4243) };
	int s4 = net_socket(NET_AF_INET, type, 0);
	int s6 = net_socket(NET_AF_INET6, type, 0);
	int on = v6only, got = -1;
	net_socklen_t len = sizeof(got);
	int ret;

	kt_assert_ge(s4, 0);
	kt_assert_ge(s6, 0);
	kt_assert_eq(net_setsockopt(s6, NET_IPPROTO_IPV6, NET_IPV6_V6ONLY, &on, sizeof(on)), 0);
	kt_assert_eq(net_getsockopt(s6, NET_IPPROTO_IPV6, NET_IPV6_V6ONLY, &got, &len), 0);
	kt_assert_eq(got, v6only);
	kt_assert_eq(net_bind(s4, (struct net_sockaddr *)&any4, sizeof(any4)), 0);
	ret = net_bind(s6, sa(&any6), sizeof(any6));
	kt_assert_eq(net_close(s4), 0);
	kt_assert_eq(net_close(s6), 0);
	return ret;
}

KTEST(net_ipv6, v6only_lets_ipv4_and_ipv6_sockets_share_a_port)
{
	kt_assert_eq(bind_both(NET_SOCK_STREAM, false), -EADDRINUSE);
	kt_assert_eq(bind_both(NET_SOCK_DGRAM, false), -EADDRINUSE);
	kt_assert_eq(bind_both(NET_SOCK_STREAM, true), 0);
	kt_assert_eq(bind_both(NET_SOCK_DGRAM, true), 0);
}

/* slirp answers echo requests to its own fec0::2 itself. */
KTEST(net_ipv6, ping_of_the_router_is_answered)
{
	struct net_ipv6_addr router = ip6(KT_NET_FIXTURE_HOST6);
	struct net_ping_params pp = {
		.count = 3, .interval_ms = 10, .timeout_ms = 2000, .payload_len = 100,
	};
	struct net_ping_result res;

	(void)iface_slaac(NULL);
	kt_assert_eq(net_ping6(&router, &pp, &res), 3);
	kt_assert_eq(res.sent, 3);
	kt_assert_eq(res.received, 3);
	kt_assert_eq(net_ping6(NULL, &pp, &res), -EINVAL);
	pp.count = 0;
	kt_assert_eq(net_ping6(&router, &pp, &res), -EINVAL);
}

KTEST(net_ipv6, inet_pton_and_ntop)
{
	uint8_t b[16];
	char text[NET_INET6_ADDRSTRLEN];

	kt_assert_eq(net_inet_pton(NET_AF_INET6, "2001:DB8::10", b), 0);
	kt_assert_eq(net_inet_ntop(NET_AF_INET6, b, text, sizeof(text)), 12);
	kt_assert_str_eq(text, "2001:db8::10");
	kt_assert_eq(net_inet_pton(NET_AF_INET6, "1:0:0:2:0:0:0:3", b), 0);
	kt_assert_eq(net_inet_ntop(NET_AF_INET6, b, text, sizeof(text)), 10);
	kt_assert_str_eq(text, "1:0:0:2::3");
	kt_assert_eq(net_inet_pton(NET_AF_INET6, "::ffff:192.0.2.1", b), 0);
	kt_assert_eq(b[10], 0xff);
	kt_assert_eq(b[12], 192);
	kt_assert_eq(b[15], 1);
	kt_assert_eq(net_inet_pton(NET_AF_INET6, "1::2::3", b), -EINVAL);
	kt_assert_eq(net_inet_pton(NET_AF_INET6, "1:2:3:4:5:6:7:8:9", b), -EINVAL);
	kt_assert_eq(net_inet_pton(NET_AF_INET6, "12345::", b), -EINVAL);
	kt_assert_eq(net_inet_pton(NET_AF_INET6, "1:2:3:4:5:6:7", b), -EINVAL);
	kt_assert_eq(net_inet_pton(NET_AF_INET6, "fe80::1%en0", b), -EINVAL);
	kt_assert_eq(net_inet_pton(NET_AF_INET6, "", b), -EINVAL);
	kt_assert_eq(net_inet_pton(NET_AF_INET6, NULL, b), -EINVAL);
	kt_assert_eq(net_inet_ntop(NET_AF_INET6, b, text, 4), -ENOSPC);
	kt_assert_eq(net_inet_ntop(NET_AF_INET6, NULL, text, 4), -EINVAL);
}

/* Server 0 the dns fixture over IPv6 (fec0::2 is the host's ::1), the
 * others unset. */
static void dns6_setup(void)
{
	struct net_ip_addr dns = { .family = NET_AF_INET6 };
	struct net_ip_addr none = { .family = NET_AF_UNSPEC };

	(void)iface_slaac(NULL);
	dns.v6 = ip6(KT_NET_FIXTURE_HOST6);
	kt_assert_eq(net_dns_server_set_ip(0, &dns), 0);
	for (unsigned int i = 1; i < NET_DNS_SERVERS_MAX; i++) {
		kt_assert_eq(net_dns_server_set_ip(i, &none), 0);
	}
}

KTEST(net_ipv6, aaaa_record_over_ipv6)
{
	struct net_ipv6_addr want = ip6(KT_NET_FIXTURE_DNS_AAAA);
	struct net_ipv4_addr want4;
	struct net_ip_addr got;

	dns6_setup();
	kt_assert_eq(net_dns_resolve_ip(KT_NET_FIXTURE_DNS_NAME, NET_AF_INET6,
					&got, DNS_TIMEOUT), 0);
	kt_assert_eq(got.family, NET_AF_INET6);
	kt_assert_true(net_ipv6_addr_eq(&got.v6, &want));
	/* The A record of the name, from the same server over IPv6. */
	kt_assert_eq(net_ipv4_addr_from_str(KT_NET_FIXTURE_DNS_A, &want4), 0);
	kt_assert_eq(net_dns_resolve_ip(KT_NET_FIXTURE_DNS_NAME, NET_AF_INET,
					&got, DNS_TIMEOUT), 0);
	kt_assert_eq(got.family, NET_AF_INET);
	kt_assert_true(net_ipv4_addr_eq(&got.v4, &want4));
	kt_assert_eq(net_dns_resolve_ip(KT_NET_FIXTURE_DNS_UNKNOWN, NET_AF_INET6,
					&got, DNS_TIMEOUT), -ENOENT);
	/* Numeric addresses need no query. */
	kt_assert_eq(net_dns_resolve_ip("fec0::99", NET_AF_UNSPEC, &got,
					K_NO_WAIT), 0);
	kt_assert_eq(got.family, NET_AF_INET6);
}

/* Server 0 never answers (10.0.2.77: no such neighbour), so lwIP moves
 * to server 1, the fixture over IPv6, after its retries (about 7 s). */
KTEST(net_ipv6, second_server_answers_when_the_first_is_silent)
{
	struct net_ip_addr silent = { .family = NET_AF_INET };
	struct net_ip_addr dns = { .family = NET_AF_INET6 };
	struct net_ipv6_addr want = ip6(KT_NET_FIXTURE_DNS_AAAA);
	struct net_ip_addr got;

	dns6_setup();
	silent.v4 = net_ipv4_addr(10, 0, 2, 77);
	dns.v6 = ip6(KT_NET_FIXTURE_HOST6);
	kt_assert_eq(net_dns_server_set_ip(0, &silent), 0);
	kt_assert_eq(net_dns_server_set_ip(1, &dns), 0);
	kt_assert_eq(net_dns_server_get(0, &got), 0);
	kt_assert_eq(got.family, NET_AF_INET);
	kt_assert_true(net_ipv4_addr_eq(&got.v4, &silent.v4));
	kt_assert_eq(net_dns_server_get(1, &got), 0);
	kt_assert_eq(got.family, NET_AF_INET6);
	kt_assert_true(net_ipv6_addr_eq(&got.v6, &dns.v6));
	/* lwIP keeps an answer for its TTL (dnsmasq's is 0: up to a second). */
	k_msleep(2100);
	kt_assert_eq(net_dns_resolve_ip(KT_NET_FIXTURE_DNS_NAME, NET_AF_INET6,
					&got, K_SECONDS(30)), 0);
	kt_assert_true(net_ipv6_addr_eq(&got.v6, &want));
	dns6_setup();
}

KTEST(net_ipv6, dns_server_list_errors)
{
	struct net_ip_addr a = { .family = NET_AF_INET6 };
	struct net_ip_addr bad = { .family = 99 };

	kt_assert_eq(net_dns_server_set_ip(NET_DNS_SERVERS_MAX, &a), -EINVAL);
	kt_assert_eq(net_dns_server_set_ip(0, NULL), -EINVAL);
	kt_assert_eq(net_dns_server_set_ip(0, &bad), -EINVAL);
	kt_assert_eq(net_dns_server_get(NET_DNS_SERVERS_MAX, &a), -EINVAL);
	kt_assert_eq(net_dns_server_get(0, NULL), -EINVAL);
	kt_assert_eq(net_dns_resolve_ip(NULL, NET_AF_INET6, &a, K_NO_WAIT), -EINVAL);
	kt_assert_eq(net_dns_resolve_ip("x", 99, &a, K_NO_WAIT), -EINVAL);
	kt_assert_eq(net_dns_resolve_ip("", NET_AF_INET6, &a, K_NO_WAIT), -EINVAL);
	/* Unset servers read back as NET_AF_UNSPEC. */
	dns6_setup();
	kt_assert_eq(net_dns_server_get(1, &a), 0);
	kt_assert_eq(a.family, NET_AF_UNSPEC);
}

/* The entries of @p res: count, and the family/type of entry @p i. */
static int ai_count(const struct net_addrinfo *res)
{
	int n = 0;

	for (; res != NULL; res = res->ai_next) {
		n++;
	}
	return n;
}

static const struct net_addrinfo *ai_at(const struct net_addrinfo *res, int i)
{
	while (i-- > 0) {
		res = res->ai_next;
	}
	return res;
}

KTEST(net_ipv6, getaddrinfo_numeric_hosts)
{
	struct net_addrinfo hints = { .ai_socktype = NET_SOCK_STREAM };
	struct net_addrinfo *res;
	const struct net_sockaddr_in6 *in6;
	const struct net_sockaddr_in *in;
	struct net_ipv6_addr want = ip6(KT_NET_FIXTURE_HOST6);

	kt_assert_eq(net_getaddrinfo(KT_NET_FIXTURE_HOST6, "17007", &hints, &res), 0);
	kt_assert_eq(ai_count(res), 1);
	kt_assert_eq(res->ai_family, NET_AF_INET6);
	kt_assert_eq(res->ai_socktype, NET_SOCK_STREAM);
	kt_assert_eq(res->ai_protocol, NET_IPPROTO_TCP);
	kt_assert_eq(res->ai_addrlen, sizeof(struct net_sockaddr_in6));
	in6 = (const struct net_sockaddr_in6 *)res->ai_addr;
	kt_assert_eq(in6->sin6_family, NET_AF_INET6);
	kt_assert_eq(net_ntohs(in6->sin6_port), KT_NET_FIXTURE_TCP_ECHO6_PORT);
	kt_assert_true(net_ipv6_addr_eq(&in6->sin6_addr, &want));
	/* The entry connects: TCP echo of one byte. */
	int s = net_socket(res->ai_family, res->ai_socktype, res->ai_protocol);

	kt_assert_ge(s, 0);
	(void)iface_slaac(NULL);
	kt_assert_eq(net_connect(s, res->ai_addr, res->ai_addrlen), 0);
	kt_assert_eq(net_send(s, "x", 1, 0), 1);
	set_rcvtimeo(s, WAIT_MS);
	kt_assert_eq(net_recv(s, rx, 1, 0), 1);
	kt_assert_eq(rx[0], 'x');
	kt_assert_eq(net_close(s), 0);
	net_freeaddrinfo(res);

	/* No type: a stream and a datagram entry. */
	kt_assert_eq(net_getaddrinfo("10.0.2.2", "53", NULL, &res), 0);
	kt_assert_eq(ai_count(res), 2);
	kt_assert_eq(ai_at(res, 0)->ai_socktype, NET_SOCK_STREAM);
	kt_assert_eq(ai_at(res, 1)->ai_socktype, NET_SOCK_DGRAM);
	kt_assert_eq(ai_at(res, 1)->ai_protocol, NET_IPPROTO_UDP);
	in = (const struct net_sockaddr_in *)res->ai_addr;
	kt_assert_eq(in->sin_family, NET_AF_INET);
	kt_assert_eq(net_ntohs(in->sin_port), 53);
	kt_assert_true(net_ipv4_addr_eq(&in->sin_addr, &(struct net_ipv4_addr){ { 10, 0, 2, 2 } }));
	net_freeaddrinfo(res);

	/* No host: loopback, or any with NET_AI_PASSIVE; both families. */
	hints.ai_flags = NET_AI_PASSIVE;
	kt_assert_eq(net_getaddrinfo(NULL, "80", &hints, &res), 0);
	kt_assert_eq(ai_count(res), 2);
	kt_assert_eq(ai_at(res, 0)->ai_family, NET_AF_INET);
	kt_assert_eq(ai_at(res, 1)->ai_family, NET_AF_INET6);
	in6 = (const struct net_sockaddr_in6 *)ai_at(res, 1)->ai_addr;
	kt_assert_true(net_ipv6_addr_is_any(&in6->sin6_addr));
	net_freeaddrinfo(res);
	hints.ai_flags = 0;
	hints.ai_family = NET_AF_INET6;
	kt_assert_eq(net_getaddrinfo(NULL, "80", &hints, &res), 0);
	in6 = (const struct net_sockaddr_in6 *)res->ai_addr;
	want = ip6("::1");
	kt_assert_true(net_ipv6_addr_eq(&in6->sin6_addr, &want));
	net_freeaddrinfo(res);
	/* A numeric host of the other family is no such host. */
	kt_assert_eq(net_getaddrinfo("10.0.2.2", NULL, &hints, &res), -ENOENT);
	kt_assert_null(res);
}

KTEST(net_ipv6, getaddrinfo_names)
{
	struct net_addrinfo hints = { .ai_socktype = NET_SOCK_DGRAM };
	struct net_addrinfo *res;
	struct net_ipv6_addr want6 = ip6(KT_NET_FIXTURE_DNS_AAAA);
	struct net_ipv4_addr want4;
	const struct net_sockaddr_in6 *in6;
	const struct net_sockaddr_in *in;

	dns6_setup();
	kt_assert_eq(net_ipv4_addr_from_str(KT_NET_FIXTURE_DNS_A, &want4), 0);
	/* Both families: the A entry, then the AAAA entry. */
	kt_assert_eq(net_getaddrinfo(KT_NET_FIXTURE_DNS_NAME, "7", &hints, &res), 0);
	kt_assert_eq(ai_count(res), 2);
	in = (const struct net_sockaddr_in *)ai_at(res, 0)->ai_addr;
	in6 = (const struct net_sockaddr_in6 *)ai_at(res, 1)->ai_addr;
	kt_assert_eq(in->sin_family, NET_AF_INET);
	kt_assert_true(net_ipv4_addr_eq(&in->sin_addr, &want4));
	kt_assert_eq(in6->sin6_family, NET_AF_INET6);
	kt_assert_true(net_ipv6_addr_eq(&in6->sin6_addr, &want6));
	kt_assert_eq(net_ntohs(in6->sin6_port), 7);
	net_freeaddrinfo(res);
	hints.ai_family = NET_AF_INET6;
	kt_assert_eq(net_getaddrinfo(KT_NET_FIXTURE_DNS_NAME, NULL, &hints, &res), 0);
	kt_assert_eq(ai_count(res), 1);
	kt_assert_eq(res->ai_family, NET_AF_INET6);
	net_freeaddrinfo(res);
	kt_assert_eq(net_getaddrinfo(KT_NET_FIXTURE_DNS_UNKNOWN, "1", NULL, &res),
		     -ENOENT);
	kt_assert_null(res);
	hints.ai_flags = NET_AI_NUMERICHOST;
	kt_assert_eq(net_getaddrinfo(KT_NET_FIXTURE_DNS_NAME, "1", &hints, &res),
		     -ENOENT);
	net_freeaddrinfo(NULL);
}

KTEST(net_ipv6, getaddrinfo_argument_errors)
{
	struct net_addrinfo hints = { 0 };
	struct net_addrinfo *res;
	char longname[300];

	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	kt_assert_eq(net_getaddrinfo("::1", "1", NULL, NULL), -EINVAL);
	kt_assert_eq(net_getaddrinfo(NULL, NULL, NULL, &res), -EINVAL);
	kt_assert_eq(net_getaddrinfo("", "1", NULL, &res), -EINVAL);
	kt_assert_eq(net_getaddrinfo(longname, "1", NULL, &res), -EINVAL);
	kt_assert_eq(net_getaddrinfo("::1", "http", NULL, &res), -EINVAL);
	kt_assert_eq(net_getaddrinfo("::1", "65536", NULL, &res), -EINVAL);
	kt_assert_eq(net_getaddrinfo("::1", "", NULL, &res), -EINVAL);
	hints.ai_flags = 0x100;
	kt_assert_eq(net_getaddrinfo("::1", "1", &hints, &res), -EINVAL);
	hints.ai_flags = 0;
	hints.ai_family = 99;
	kt_assert_eq(net_getaddrinfo("::1", "1", &hints, &res), -EAFNOSUPPORT);
	hints.ai_family = 0;
	hints.ai_socktype = 3;
	kt_assert_eq(net_getaddrinfo("::1", "1", &hints, &res), -EPROTONOSUPPORT);
	hints.ai_socktype = NET_SOCK_STREAM;
	hints.ai_protocol = NET_IPPROTO_UDP;
	kt_assert_eq(net_getaddrinfo("::1", "1", &hints, &res), -EPROTONOSUPPORT);
	hints.ai_protocol = 0;
	hints.ai_addrlen = 4;
	kt_assert_eq(net_getaddrinfo("::1", "1", &hints, &res), -EINVAL);
	/* The port range ends at 65535. */
	hints.ai_addrlen = 0;
	kt_assert_eq(net_getaddrinfo("::1", "65535", &hints, &res), 0);
	kt_assert_eq(net_ntohs(((struct net_sockaddr_in6 *)res->ai_addr)->sin6_port),
		     65535);
	net_freeaddrinfo(res);
}
