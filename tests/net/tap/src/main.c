/*
 * native_sim's Ethernet device on a host TAP interface (netdev: tap): the
 * device talks to the host's own IP stack through a real kernel
 * interface. kt (scripts/ktlib/tap.py) gives the interface 198.18.0.1/24,
 * serves DHCP on it (dnsmasq: one address, 198.18.0.15) and a TCP echo on
 * 198.18.0.1:17007; nothing listens on 198.18.0.1:17009.
 */
#include <errno.h>
#include <string.h>

#include <kestrel/kernel.h>
#include <kestrel/ktest.h>
#include <kestrel/drivers/ethernet.h>
#include <kestrel/net/net_if.h>
#include <kestrel/net/net_ping.h>
#include <kestrel/net/socket.h>

#define ECHO_PORT 17007   /* tap.py ECHO_PORT */
#define CLOSED_PORT 17009 /* tap.py CLOSED_PORT */
#define ECHO_LEN 6000     /* several segments each way */

static uint8_t tx[ECHO_LEN];
static uint8_t rx[ECHO_LEN];

static struct net_ipv4_addr host_addr(void)
{
	return net_ipv4_addr(198, 18, 0, 1);
}

static struct net_if *tap_iface(void)
{
	struct net_if *iface = net_if_get(0);

	if (net_if_wait_ipv4(iface, K_NO_WAIT) == 0) {
		return iface;
	}
	if (net_if_up(iface) != 0 || net_if_dhcpv4_start(iface) != 0 ||
	    net_if_wait_ipv4(iface, K_SECONDS(15)) != 0) {
		return NULL;
	}
	return iface;
}

KTEST_SUITE(net_tap, NULL, NULL, NULL, NULL);

KTEST(net_tap, dhcp_from_the_host_gives_the_tap_subnet)
{
	struct net_if *iface = tap_iface();
	struct net_if_ipv4_info info;
	struct net_ipv4_addr me = net_ipv4_addr(198, 18, 0, 15);
	struct net_ipv4_addr mask = net_ipv4_addr(255, 255, 255, 0);
	struct net_ipv4_addr gw = host_addr();

	kt_assert(iface != NULL, "no DHCP lease on the TAP interface");
	kt_assert_eq(net_if_ipv4_get(iface, &info), 0);
	kt_assert_true(info.dhcp);
	kt_assert_true(net_ipv4_addr_eq(&info.addr, &me));
	kt_assert_true(net_ipv4_addr_eq(&info.netmask, &mask));
	kt_assert_true(net_ipv4_addr_eq(&info.gateway, &gw));
}

KTEST(net_tap, the_host_answers_ping)
{
	static const struct net_ping_params three = {
		.count = 3, .interval_ms = 0, .timeout_ms = 2000, .payload_len = 200,
	};
	struct net_ipv4_addr host = host_addr();
	struct net_ping_result res;

	kt_assert_not_null(tap_iface());
	kt_assert_eq(net_ping(&host, &three, &res), 3);
	kt_assert_eq(res.received, 3u);
}

static int connect_host(uint16_t port)
{
	struct net_sockaddr_in to = net_sockaddr_in(host_addr(), port);
	struct net_timeval tv = { 5, 0 };
	int s = net_socket(NET_AF_INET, NET_SOCK_STREAM, NET_IPPROTO_TCP);
	int ret;

	if (s < 0) {
		return s;
	}
	(void)net_setsockopt(s, NET_SOL_SOCKET, NET_SO_RCVTIMEO, &tv, sizeof(tv));
	ret = net_connect(s, (struct net_sockaddr *)&to, sizeof(to));
	if (ret != 0) {
		(void)net_close(s);
		return ret;
	}
	return s;
}

KTEST(net_tap, tcp_echo_through_the_host_stack_is_byte_exact)
{
	size_t got = 0;
	int s;

	kt_assert_not_null(tap_iface());
	for (size_t i = 0; i < sizeof(tx); i++) {
		tx[i] = (uint8_t)(i * 13u + (i >> 7));
	}
	s = connect_host(ECHO_PORT);
	kt_assert(s >= 0, "connect to 198.18.0.1:%d: %d", ECHO_PORT, s);
	kt_assert_eq(net_send(s, tx, sizeof(tx), 0), (int)sizeof(tx));
	while (got < sizeof(rx)) {
		int n = net_recv(s, rx + got, sizeof(rx) - got, 0);

		if (n <= 0) {
			break;
		}
		got += (size_t)n;
	}
	(void)net_close(s);
	kt_assert_eq(got, sizeof(rx));
	kt_assert_eq(memcmp(rx, tx, sizeof(tx)), 0);
}

KTEST(net_tap, a_closed_host_port_is_econnrefused)
{
	kt_assert_not_null(tap_iface());
	kt_assert_eq(connect_host(CLOSED_PORT), -ECONNREFUSED);
}

KTEST(net_tap, frames_went_both_ways_through_the_device)
{
	struct eth_stats st;

	kt_assert_not_null(tap_iface());
	kt_assert_eq(eth_get_stats(net_if_device(net_if_get(0)), &st), 0);
	kt_assert_gt(st.rx_frames, 10u);
	kt_assert_gt(st.tx_frames, 10u);
	kt_assert_eq(st.rx_errors, 0u);
}
