/*
 * The DHCPv4 client's lease lifecycle on the frames network, against the
 * fake server of scripts/ktlib/frames_peer.py (lease 6 s, T1 3 s, T2 5 s):
 * the address and options; renewal at T1 (a unicast REQUEST, answered:
 * the lease goes on past its first end); rebind at T2 (a broadcast
 * REQUEST) when renewals go unanswered; lease loss when nothing answers
 * (the address removed, NET_EVENT_IPV4_ADDR_LOST) and a new address by
 * discovery once the server answers again. Each case starts a fresh
 * lease. Pulling the cable (native_sim: eth_native_link_set; QEMU: the
 * peer's QMP set_link) delivers link down and up events, then the client
 * re-confirms its lease. The
 * waits are bounded by the lease (never by measured time): a
 * client whose timers do not run never renews, rebinds or loses the
 * lease, and the case fails on its bound.
 */
#include <string.h>

#include <kestrel/drivers/ethernet.h>
#include <kestrel/kernel.h>
#include <kestrel/ktest.h>
#include <kestrel/net/net_event.h>
#include <kestrel/net/net_if.h>

#include "frames_peer.h"

/* Longest wait for one step: a lease and a half. */
#define STEP_TIMEOUT_MS (FRAMES_PEER_LEASE_S * 1500)
#define POLL_MS 250

static struct {
	uint32_t lost;
	uint32_t acquired;
	uint32_t link_down;
	uint32_t link_up;
} events;
static K_SEM_DEFINE(lost_sem, 0, 1);
static K_SEM_DEFINE(link_sem, 0, 1);

static void on_event(struct net_if *iface, uint32_t event, void *user_data)
{
	(void)iface;
	(void)user_data;
	if (event == NET_EVENT_IPV4_ADDR_LOST) {
		events.lost++;
		(void)k_sem_give(&lost_sem);
	} else if (event == NET_EVENT_IPV4_ADDR_ACQUIRED) {
		events.acquired++;
	} else if (event == NET_EVENT_LINK_DOWN || event == NET_EVENT_LINK_UP) {
		*(event == NET_EVENT_LINK_UP ? &events.link_up : &events.link_down) += 1;
		(void)k_sem_give(&link_sem);
	}
}

static struct net_event_handler handler = {
	.mask = NET_EVENT_IPV4_ADDR_LOST | NET_EVENT_IPV4_ADDR_ACQUIRED |
		NET_EVENT_LINK_DOWN | NET_EVENT_LINK_UP,
	.cb = on_event,
};

/* The interface up with DHCP started; the cases check what came of it. */
static void *setup(void)
{
	struct net_if *iface = net_if_get(0);

	if (net_event_handler_add(&handler) != 0 || net_if_up(iface) != 0 ||
	    net_if_dhcpv4_start(iface) != 0) {
		printk("dhcp_lease: interface setup failed\n");
	}
	return iface;
}

KTEST_SUITE(net_dhcp_lease, setup, NULL, NULL, NULL);

static struct net_ipv4_addr addr_of(struct net_if *iface)
{
	struct net_if_ipv4_info info;

	kt_assert_eq(net_if_ipv4_get(iface, &info), 0);
	return info.addr;
}

static bool has_pool_addr(struct net_if *iface)
{
	struct net_ipv4_addr want = net_ipv4_addr(FRAMES_PEER_POOL_FIRST);
	struct net_ipv4_addr got = addr_of(iface);

	return net_ipv4_addr_eq(&got, &want);
}

/* A new lease with the peer in @p mode; the event counts start from 0. */
static void fresh_lease(struct net_if *iface, const char *mode)
{
	kt_assert_eq(frames_peer_tell("reset"), 0);
	kt_assert_eq(frames_peer_tell(mode), 0);
	kt_assert_eq(net_if_dhcpv4_stop(iface), 0);
	kt_assert_eq(net_if_dhcpv4_start(iface), 0);
	kt_assert_eq(net_if_wait_ipv4(iface, K_MSEC(STEP_TIMEOUT_MS)), 0);
	kt_assert_true(has_pool_addr(iface));
	kt_assert_eq(frames_peer_count("ack"), 1);
	memset(&events, 0, sizeof(events));
	(void)k_sem_reset(&lost_sem);
	(void)k_sem_reset(&link_sem);
}

/* Poll the peer until its count @p name reaches @p n; the count, or the
 * last one seen when STEP_TIMEOUT_MS passed. */
static int wait_count(const char *name, int n)
{
	int got = -1;

	for (int waited = 0; waited <= STEP_TIMEOUT_MS; waited += POLL_MS) {
		got = frames_peer_count(name);
		if (got >= n) {
			break;
		}
		k_msleep(POLL_MS);
	}
	return got;
}

KTEST(net_dhcp_lease, address_and_options_from_the_server)
{
	struct net_if_ipv4_info info;
	struct net_ipv4_addr server = net_ipv4_addr(FRAMES_PEER_SERVER_IP);
	struct net_ipv4_addr mask = net_ipv4_addr(FRAMES_PEER_NETMASK);

	kt_assert_not_null(fixture);
	kt_assert_eq(net_if_wait_ipv4(fixture, K_MSEC(STEP_TIMEOUT_MS)), 0);
	fresh_lease(fixture, "mode normal");
	kt_assert_eq(net_if_ipv4_get(fixture, &info), 0);
	kt_assert_true(has_pool_addr(fixture));
	kt_assert_true(net_ipv4_addr_eq(&info.netmask, &mask));
	kt_assert_true(net_ipv4_addr_eq(&info.gateway, &server));
	kt_assert_true(net_ipv4_addr_eq(&info.dns[0], &server));
	kt_assert_true(info.dhcp);
	kt_assert_eq(frames_peer_count("discover"), 1);
	kt_assert_eq(frames_peer_count("select"), 1);
}

KTEST(net_dhcp_lease, renews_at_t1_by_unicast_and_keeps_the_address)
{
	struct net_if *iface = fixture;

	fresh_lease(iface, "mode normal");
	/* T1 (3 s): a unicast REQUEST to the server, answered. */
	kt_assert_ge(wait_count("renew", 1), 1);
	kt_assert_eq(frames_peer_count("rebind"), 0);
	kt_assert_true(has_pool_addr(iface));
	/* The ACK restarted the lease: a second renewal 3 s later, past the
	 * first lease's end (6 s), and the address was never lost. */
	kt_assert_ge(wait_count("renew", 2), 2);
	kt_assert_eq(frames_peer_count("rebind"), 0);
	kt_assert_eq(frames_peer_count("discover"), 1); /* the fresh lease only */
	kt_assert_eq(frames_peer_count("ignored"), 0);
	kt_assert_eq(events.lost, 0);
	kt_assert_true(has_pool_addr(iface));
}

KTEST(net_dhcp_lease, rebinds_at_t2_by_broadcast_when_renewals_go_unanswered)
{
	struct net_if *iface = fixture;

	fresh_lease(iface, "mode norenew");
	/* T1: the renewal goes unanswered; T2 (5 s): a broadcast REQUEST,
	 * answered, before the lease ends (6 s). */
	kt_assert_ge(wait_count("rebind", 1), 1);
	kt_assert_ge(frames_peer_count("renew"), 1);
	kt_assert_ge(frames_peer_count("ignored"), 1);
	kt_assert_eq(frames_peer_count("discover"), 1); /* the fresh lease only */
	kt_assert_eq(frames_peer_count("ack"), 2);
	kt_assert_eq(events.lost, 0);
	kt_assert_true(has_pool_addr(iface));
}

KTEST(net_dhcp_lease, lease_loss_removes_the_address_then_rediscovers)
{
	struct net_if *iface = fixture;
	struct net_ipv4_addr got;

	fresh_lease(iface, "mode normal");
	/* Nothing answers for 1.5 leases: renew and rebind go unanswered,
	 * the lease ends (6 s), then the server answers discovery again. */
	kt_assert_eq(frames_peer_tell("mode silent 9"), 0);
	kt_assert_eq(k_sem_take(&lost_sem, K_MSEC(STEP_TIMEOUT_MS)), 0);
	kt_assert_eq(events.lost, 1);
	got = addr_of(iface);
	kt_assert_true(net_ipv4_addr_is_any(&got));
	kt_assert_eq(net_if_wait_ipv4(iface, K_NO_WAIT), -ETIMEDOUT);
	/* Back to discovering; an address again once the server answers. */
	kt_assert_eq(net_if_wait_ipv4(iface, K_MSEC(3 * STEP_TIMEOUT_MS)), 0);
	kt_assert_true(has_pool_addr(iface));
	kt_assert_eq(events.acquired, 1);
	kt_assert_ge(frames_peer_count("renew"), 1);
	kt_assert_ge(frames_peer_count("rebind"), 1);
	kt_assert_ge(frames_peer_count("discover"), 2);
	kt_assert_ge(frames_peer_count("ignored"), 3);
}

/* The link is polled every 500 ms (subsys/net/lwip/net_eth.c). */
#define LINK_EVENT_TIMEOUT K_SECONDS(3)

/* Pull the cable of @p iface for a while: native_sim's device does it
 * itself, on QEMU the peer switches the NIC's link (QMP set_link). */
static int link_flap(struct net_if *iface)
{
#ifdef CONFIG_ETH_NATIVE
	if (eth_native_link_set(NULL, false) != -EINVAL) {
		return -EINVAL;
	}
	return eth_native_link_set(net_if_device(iface), false);
#else
	(void)iface;
	return frames_peer_tell("link flap 1500");
#endif
}

static int link_restore(struct net_if *iface)
{
#ifdef CONFIG_ETH_NATIVE
	return eth_native_link_set(net_if_device(iface), true);
#else
	(void)iface;
	return 0; /* the peer switches it on again after 1.5 s */
#endif
}

KTEST(net_dhcp_lease, link_down_and_up_deliver_events_and_recheck_the_lease)
{
	struct net_if *iface = fixture;

	fresh_lease(iface, "mode normal");
	kt_assert_eq(link_flap(iface), 0);
	kt_assert_eq(k_sem_take(&link_sem, LINK_EVENT_TIMEOUT), 0);
	kt_assert_eq(events.link_down, 1);
	kt_assert_eq(net_if_link_is_up(iface), 0);
	kt_assert_eq(link_restore(iface), 0);
	kt_assert_eq(k_sem_take(&link_sem, LINK_EVENT_TIMEOUT), 0);
	kt_assert_eq(events.link_up, 1);
	kt_assert_eq(net_if_link_is_up(iface), 1);
	/* Back on a link, lwIP confirms its lease (INIT-REBOOT: a broadcast
	 * REQUEST for the address it had) and keeps it. */
	kt_assert_ge(wait_count("reboot", 1), 1);
	kt_assert_eq(frames_peer_count("ack"), 2);
	kt_assert_eq(events.lost, 0);
	kt_assert_true(has_pool_addr(iface));
}
