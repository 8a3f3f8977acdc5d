/*
 * ICMP echo: after DHCP, pinging the gateway (10.0.2.2, answered by slirp
 * or QEMU itself) gets every reply, counted; a neighbour that does not
 * exist times out; bad parameters are -EINVAL; with no address the ping
 * cannot be sent.
 */
#include <kestrel/kernel.h>
#include <kestrel/ktest.h>
#include <kestrel/net/net_if.h>
#include <kestrel/net/net_ping.h>

#include "net_test.h"

KTEST_SUITE(net_icmp, NULL, NULL, NULL, NULL);

static const struct net_ping_params three = {
	.count = 3, .interval_ms = 10, .timeout_ms = 2000, .payload_len = 56,
};

KTEST(net_icmp, without_an_address_is_enetunreach)
{
	struct net_ipv4_addr gw = net_ipv4_addr(10, 0, 2, 2);
	struct net_ping_result res;

	kt_assert_eq(net_if_down(net_if_get(0)), 0);
	kt_assert_eq(net_ping(&gw, &three, &res), -ENETUNREACH);
	kt_assert_eq(res.sent, 0u);
}

KTEST(net_icmp, gateway_answers_every_request)
{
	struct net_ipv4_addr gw = net_ipv4_addr(10, 0, 2, 2);
	struct net_ping_result res;

	kt_assert_not_null(net_test_iface_dhcp());
	kt_assert_eq(net_ping(&gw, &three, &res), 3);
	kt_assert_eq(res.sent, 3u);
	kt_assert_eq(res.received, 3u);
	kt_assert_le(res.rtt_min_ms, res.rtt_max_ms);
	printk("ping 10.0.2.2: %u/%u replies, rtt %u..%u ms\n",
	       (unsigned int)res.received, (unsigned int)res.sent,
	       (unsigned int)res.rtt_min_ms, (unsigned int)res.rtt_max_ms);
}

KTEST(net_icmp, static_address_reaches_the_gateway)
{
	struct net_ipv4_addr gw = net_ipv4_addr(10, 0, 2, 2);
	struct net_ipv4_addr me = net_ipv4_addr(10, 0, 2, 15);
	struct net_ipv4_addr mask = net_ipv4_addr(255, 255, 255, 0);
	struct net_if_ipv4_info info;
	struct net_if *iface = net_if_get(0);
	struct net_ping_result res;

	kt_assert_eq(net_if_down(iface), 0);
	kt_assert_eq(net_if_up(iface), 0);
	kt_assert_eq(net_if_ipv4_set(iface, &me, &mask, &gw), 0);
	kt_assert_eq(net_if_wait_ipv4(iface, K_NO_WAIT), 0);
	kt_assert_eq(net_if_ipv4_get(iface, &info), 0);
	kt_assert_true(net_ipv4_addr_eq(&info.addr, &me));
	kt_assert_false(info.dhcp);
	kt_assert_eq(net_ping(&gw, &three, &res), 3);
}

KTEST(net_icmp, large_payload_comes_back_intact)
{
	struct net_ipv4_addr gw = net_ipv4_addr(10, 0, 2, 2);
	struct net_ping_params big = three;
	struct net_ping_result res;

	big.count = 1;
	big.payload_len = 1024;
	kt_assert_not_null(net_test_iface_dhcp());
	kt_assert_eq(net_ping(&gw, &big, &res), 1);
}

/* 10.0.2.77 is on the link but nobody answers its ARP: nothing is sent
 * beyond the device, the request times out. */
KTEST(net_icmp, absent_neighbour_times_out)
{
	struct net_ipv4_addr nobody = net_ipv4_addr(10, 0, 2, 77);
	struct net_ping_params one = three;
	struct net_ping_result res;

	one.count = 1;
	one.timeout_ms = 300;
	kt_assert_not_null(net_test_iface_dhcp());
	kt_assert_eq(net_ping(&nobody, &one, &res), -ETIMEDOUT);
	kt_assert_eq(res.received, 0u);
}

KTEST(net_icmp, bad_parameters_are_einval)
{
	struct net_ipv4_addr gw = net_ipv4_addr(10, 0, 2, 2);
	struct net_ping_params p = three;
	struct net_ping_result res;

	kt_assert_eq(net_ping(NULL, &three, &res), -EINVAL);
	kt_assert_eq(net_ping(&gw, NULL, &res), -EINVAL);
	kt_assert_eq(net_ping(&gw, &three, NULL), -EINVAL);
	p.count = 0;
	kt_assert_eq(net_ping(&gw, &p, &res), -EINVAL);
	p = three;
	p.timeout_ms = 0;
	kt_assert_eq(net_ping(&gw, &p, &res), -EINVAL);
	p = three;
	p.payload_len = 2000;
	kt_assert_eq(net_ping(&gw, &p, &res), -EINVAL);
}
