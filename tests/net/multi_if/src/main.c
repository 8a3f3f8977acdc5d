/*
 * Several interfaces at once: eth0 on slirp (10.0.2.0/24, DHCP from
 * slirp), eth1 on the frames network (198.51.100.0/24, DHCP from kt's
 * fake server, scripts/ktlib/frames_peer.py), both configured together.
 * Traffic goes by subnet: a ping of slirp's gateway never reaches the
 * frames peer (its counts say so), a ping and a UDP echo of the peer do;
 * the default interface is the first of the devicetree. The peer renews
 * the frames lease every 3 s meanwhile, and the slirp side keeps its
 * address. Interfaces come in devicetree order, which is not the order of
 * the networks on every board (qemu_rv32's frames device sits in the
 * virtio-mmio slot below eth0's, so it is interface 0): the slirp
 * interface is the one of device "eth0", the frames one the other.
 */
#include <string.h>

#include <kestrel/device.h>
#include <kestrel/kernel.h>
#include <kestrel/ktest.h>
#include <kestrel/net/net_if.h>
#include <kestrel/net/net_ping.h>
#include <kestrel/net/socket.h>

#include "frames_peer.h"

#define DHCP_TIMEOUT K_SECONDS(10)

static const struct net_ping_params two = {
	.count = 2, .interval_ms = 0, .timeout_ms = 2000, .payload_len = 32,
};

/* Both interfaces up with DHCP started; the cases check the outcome. */
static void *setup(void)
{
	for (int i = 0; i < net_if_count(); i++) {
		if (net_if_up(net_if_get(i)) != 0 ||
		    net_if_dhcpv4_start(net_if_get(i)) != 0) {
			printk("multi_if: interface %d setup failed\n", i);
		}
	}
	return NULL;
}

KTEST_SUITE(net_multi_if, setup, NULL, NULL, NULL);

/* The interface on slirp (@p slirp true: device "eth0") or on frames. */
static struct net_if *iface_on(bool slirp)
{
	const struct device *eth0 = device_get_binding("eth0");

	for (int i = 0; i < net_if_count(); i++) {
		if ((net_if_device(net_if_get(i)) == eth0) == slirp) {
			return net_if_get(i);
		}
	}
	return NULL;
}

static void assert_addr(struct net_if *iface, struct net_ipv4_addr want,
			struct net_ipv4_addr want_gw)
{
	struct net_if_ipv4_info info;
	struct net_ipv4_addr mask = net_ipv4_addr(255, 255, 255, 0);

	kt_assert_eq(net_if_wait_ipv4(iface, DHCP_TIMEOUT), 0);
	kt_assert_eq(net_if_ipv4_get(iface, &info), 0);
	kt_assert_true(net_ipv4_addr_eq(&info.addr, &want));
	kt_assert_true(net_ipv4_addr_eq(&info.netmask, &mask));
	kt_assert_true(net_ipv4_addr_eq(&info.gateway, &want_gw));
	kt_assert_true(info.dhcp);
}

KTEST(net_multi_if, two_interfaces_from_the_devicetree)
{
	kt_assert_eq(net_if_count(), 2);
	kt_assert_not_null(net_if_get(1));
	kt_assert(net_if_device(net_if_get(0)) != net_if_device(net_if_get(1)),
		  "one device per interface");
	kt_assert_not_null(iface_on(true));
	kt_assert_not_null(iface_on(false));
	kt_assert_ptr_eq(net_if_get_default(), net_if_get(0));
}

KTEST(net_multi_if, both_configured_by_their_own_dhcp_servers)
{
	assert_addr(iface_on(true), net_ipv4_addr(10, 0, 2, 15),
		    net_ipv4_addr(10, 0, 2, 2));
	assert_addr(iface_on(false), net_ipv4_addr(FRAMES_PEER_POOL_FIRST),
		    net_ipv4_addr(FRAMES_PEER_SERVER_IP));
}

KTEST(net_multi_if, traffic_goes_by_subnet)
{
	struct net_ipv4_addr slirp_gw = net_ipv4_addr(10, 0, 2, 2);
	struct net_ipv4_addr peer = net_ipv4_addr(FRAMES_PEER_SERVER_IP);
	struct net_ping_result res;
	int icmp;

	kt_assert_eq(net_if_wait_ipv4(iface_on(true), DHCP_TIMEOUT), 0);
	kt_assert_eq(net_if_wait_ipv4(iface_on(false), DHCP_TIMEOUT), 0);
	icmp = frames_peer_count("icmp");
	kt_assert_ge(icmp, 0);
	/* slirp's gateway answers over eth0; the frames peer sees nothing */
	kt_assert_eq(net_ping(&slirp_gw, &two, &res), 2);
	kt_assert_eq(frames_peer_count("icmp"), icmp);
	/* the frames peer answers over eth1 */
	kt_assert_eq(net_ping(&peer, &two, &res), 2);
	kt_assert_eq(frames_peer_count("icmp"), icmp + 2);
}

KTEST(net_multi_if, udp_echo_on_the_frames_side)
{
	struct net_sockaddr_in to = {
		.sin_family = NET_AF_INET,
		.sin_port = net_htons(FRAMES_PEER_ECHO_PORT),
		.sin_addr = net_ipv4_addr(FRAMES_PEER_SERVER_IP),
	};
	struct net_timeval tv = { .tv_sec = 2 };
	static const char msg[] = "kestrel over eth1";
	char buf[64];
	int sock = net_socket(NET_AF_INET, NET_SOCK_DGRAM, 0);

	kt_assert_ge(sock, 0);
	kt_assert_eq(net_setsockopt(sock, NET_SOL_SOCKET, NET_SO_RCVTIMEO, &tv,
				    sizeof(tv)), 0);
	kt_assert_eq(net_sendto(sock, msg, sizeof(msg), 0,
				(const struct net_sockaddr *)&to, sizeof(to)),
		     (int)sizeof(msg));
	kt_assert_eq(net_recv(sock, buf, sizeof(buf), 0), (int)sizeof(msg));
	kt_assert_mem_eq(buf, msg, sizeof(msg));
	kt_assert_eq(net_close(sock), 0);
}

KTEST(net_multi_if, eth1_renews_while_eth0_keeps_its_lease)
{
	struct net_if_ipv4_info info;
	struct net_ipv4_addr slirp_addr = net_ipv4_addr(10, 0, 2, 15);
	int renew = -1;

	/* T1 is 3 s: a renewal on eth1 within two leases (bounded poll) */
	for (int i = 0; i < 4 * FRAMES_PEER_LEASE_S && renew < 1; i++) {
		renew = frames_peer_count("renew");
		k_msleep(500);
	}
	kt_assert_ge(renew, 1);
	kt_assert_eq(net_if_ipv4_get(iface_on(true), &info), 0);
	kt_assert_true(net_ipv4_addr_eq(&info.addr, &slirp_addr));
	kt_assert_eq(net_if_wait_ipv4(iface_on(false), K_NO_WAIT), 0);
}
