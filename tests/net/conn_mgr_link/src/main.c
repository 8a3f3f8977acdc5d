/*
 * The connection manager's lower layers on the frames network, against
 * the fake DHCP server of scripts/ktlib/frames_peer.py (6 s leases), with
 * the test session layer on top (no DNS or time layer here: the peer
 * answers neither; they report up at once): pulling the cable takes
 * every layer above the link down, top first, and brings them back,
 * bottom first, without a new DHCP discovery (lwIP confirms its lease);
 * a DHCP server that stays silent backs the address layer off (each
 * retry a new discovery) with the link untouched; a lease that ends takes
 * the address and the layers above down and the link stays; a failing
 * session never makes DHCP run again.
 */
#include <kestrel/drivers/ethernet.h>
#include <kestrel/kernel.h>
#include <kestrel/ktest.h>
#include <kestrel/net/conn_mgr.h>
#include <kestrel/net/net_if.h>

#include "conn_mgr_test.h"
#include "frames_peer.h"

#define SESSION CONN_MGR_LAYER_SESSION
#define ONLINE_TIMEOUT K_SECONDS(30)
/* A lease and a half, and more for a rediscovery after silence. */
#define STEP_MS (FRAMES_PEER_LEASE_S * 1500)
#define REDISCOVER_MS (4 * STEP_MS)

static struct cmt_session session;

/* Every case: the manager stopped, a fresh session layer, an empty log
 * (hooks must not assert). */
static void before(void *fixture)
{
	(void)fixture;
	cmt_case_reset(&session);
}

static void after(void *fixture)
{
	(void)fixture;
	(void)conn_mgr_stop();
}

KTEST_SUITE(conn_mgr_link, NULL, before, after, NULL);

static void online(void)
{
	kt_assert_eq(conn_mgr_layer_register(&session.layer), SESSION);
	kt_assert_eq(conn_mgr_start(NULL), 0);
	kt_assert_eq(conn_mgr_wait_online(ONLINE_TIMEOUT), 0);
}

/* The @p n events from @p from on are every layer from @p top down to
 * @p bottom going down, top first. */
static void check_down_top_first(int from, int top, int bottom)
{
	for (int l = top; l >= bottom; l--, from++) {
		kt_assert_lt(from, cmt_log.count);
		kt_assert_eq(cmt_log.ev[from].layer, l);
		kt_assert_eq(cmt_log.ev[from].state, CONN_MGR_DOWN);
	}
}

/* After @p from, each layer from @p bottom up comes up, in that order. */
static void check_up_bottom_first(int from, int bottom)
{
	int prev = from;

	for (int l = bottom; l <= SESSION; l++) {
		int u = cmt_wait_event(from, l, CONN_MGR_UP, 0);

		kt_assert_gt(u, prev);
		prev = u;
	}
}

/* The link is polled every 500 ms (subsys/net/lwip/net_eth.c). */
#ifdef CONFIG_ETH_NATIVE
static int link_flap(void)
{
	return eth_native_link_set(net_if_device(net_if_get_default()), false);
}

static int link_restore(void)
{
	return eth_native_link_set(net_if_device(net_if_get_default()), true);
}
#else
static int link_flap(void)
{
	return frames_peer_tell("link flap 1500"); /* QMP set_link off, on */
}

static int link_restore(void)
{
	return 0;
}
#endif

KTEST(conn_mgr_link, link_down_takes_the_layers_above_down_and_back)
{
	online();
	kt_assert_eq(frames_peer_tell("reset"), 0);
	int mark = cmt_log.count;

	kt_assert_eq(link_flap(), 0);
	int d = cmt_wait_event(mark, CONN_MGR_LAYER_LINK, CONN_MGR_DOWN, STEP_MS);

	kt_assert_eq(link_restore(), 0);
	kt_assert_ge(d, 0);
	check_down_top_first(mark, SESSION, CONN_MGR_LAYER_LINK);
	kt_assert_eq(cmt_log.ev[d].reason, -ENETDOWN);
	kt_assert_eq(session.disconnects, 1);
	kt_assert_eq(session.last_disconnect_reason, CONN_MGR_LOWER_DOWN);
	kt_assert_eq(conn_mgr_wait_online(ONLINE_TIMEOUT), 0);
	check_up_bottom_first(d, CONN_MGR_LAYER_LINK);
	kt_assert_eq(session.connects, 2);
	/* The lease was kept: no discovery, no selection. */
	kt_assert_eq(frames_peer_count("discover"), 0);
	kt_assert_eq(frames_peer_count("select"), 0);
}

KTEST(conn_mgr_link, silent_dhcp_server_backs_the_address_layer_off)
{
	struct net_if *iface = net_if_get_default();

	/* Told while there is an address to tell it from. */
	kt_assert_eq(net_if_up(iface), 0);
	if (net_if_wait_ipv4(iface, K_NO_WAIT) != 0) {
		kt_assert_eq(net_if_dhcpv4_start(iface), 0);
		kt_assert_eq(net_if_wait_ipv4(iface, K_MSEC(STEP_MS)), 0);
	}
	kt_assert_eq(frames_peer_tell("reset"), 0);
	kt_assert_eq(frames_peer_tell("mode silent 7"), 0);
	kt_assert_eq(net_if_dhcpv4_stop(iface), 0);
	kt_assert_eq(net_if_wait_ipv4(iface, K_NO_WAIT), -ETIMEDOUT);
	kt_assert_eq(conn_mgr_layer_register(&session.layer), SESSION);
	kt_assert_eq(conn_mgr_start(NULL), 0);
	/* Each attempt waits CONFIG_NET_CONN_MGR_DHCP_TIMEOUT_MS, then backs
	 * off; the retry starts a new discovery. */
	int b1 = cmt_wait_event(0, CONN_MGR_LAYER_ADDR, CONN_MGR_BACKOFF, STEP_MS);

	kt_assert_ge(b1, 0);
	int b2 = cmt_wait_event(b1 + 1, CONN_MGR_LAYER_ADDR, CONN_MGR_BACKOFF, STEP_MS);

	kt_assert_ge(b2, 0);
	kt_assert_eq(cmt_log.ev[b1].reason, -ETIMEDOUT);
	kt_assert_eq(cmt_log.ev[b1].attempt, 1);
	kt_assert_eq(cmt_log.ev[b2].attempt, 2);
	kt_assert_gt(cmt_log.ev[b2].delay_ms, cmt_log.ev[b1].delay_ms);
	kt_assert_eq(session.connects, 0);
	/* Silence over: an address, then the session. */
	kt_assert_eq(conn_mgr_wait_online(K_MSEC(REDISCOVER_MS)), 0);
	kt_assert_ge(cmt_count_state(0, CONN_MGR_LAYER_ADDR, CONN_MGR_BACKOFF), 2);
	kt_assert_eq(cmt_count(0, CONN_MGR_LAYER_LINK), 2); /* connecting, up */
	kt_assert_ge(frames_peer_count("discover"), 3);
	kt_assert_eq(session.connects, 1);
}

KTEST(conn_mgr_link, lease_end_takes_the_address_and_above_down_link_stays)
{
	online();
	int mark = cmt_log.count;

	/* Nothing answers for 1.5 leases: renew and rebind fail, it ends. */
	kt_assert_eq(frames_peer_tell("mode silent 9"), 0);
	int d = cmt_wait_event(mark, CONN_MGR_LAYER_ADDR, CONN_MGR_DOWN, 2 * STEP_MS);

	kt_assert_ge(d, 0);
	kt_assert_eq(cmt_log.ev[d].reason, -EADDRNOTAVAIL);
	check_down_top_first(mark, SESSION, CONN_MGR_LAYER_ADDR);
	kt_assert_eq(session.disconnects, 1);
	kt_assert_eq(conn_mgr_wait_online(K_MSEC(REDISCOVER_MS)), 0);
	check_up_bottom_first(d, CONN_MGR_LAYER_ADDR);
	kt_assert_eq(cmt_count(mark, CONN_MGR_LAYER_LINK), 0);
	kt_assert_eq(session.connects, 2);
}

KTEST(conn_mgr_link, failing_session_does_not_redo_dhcp)
{
	session.fail_first = 3;
	kt_assert_eq(frames_peer_tell("reset"), 0);
	online();
	kt_assert_eq(cmt_count_state(0, SESSION, CONN_MGR_BACKOFF), 3);
	kt_assert_eq(session.connects, 4);
	for (int l = 0; l < SESSION; l++) {
		kt_assert_eq(cmt_count(0, l), 2); /* connecting, up: once */
	}
	kt_assert_eq(frames_peer_count("discover"), 0);
	kt_assert_eq(frames_peer_count("select"), 0);
}
