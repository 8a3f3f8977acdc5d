/*
 * The connection manager on slirp, against the host's dnsmasq (fixture
 * `dns`: the server name kestrel-test.example) and SNTP server (fixture
 * `sntp`), with a test session layer on top (../common/conn_mgr_test.c):
 * all layers up in order with their events in order; a silent DNS server
 * backs the DNS layer off with growing delays (from the events' ticks,
 * within the jitter bounds) while the address stays; a silent SNTP
 * server makes the time layer retry; a session layer failing N times
 * backs off then comes up, the layers below untouched; an attempt that
 * never answers times out; a lost session reconnects alone; giving up
 * after max_attempts and conn_mgr_layer_retry(); on native_sim the link
 * pulled takes every layer above down (top first) and back (bottom
 * first). The backoff formula and every argument error.
 */
#include <string.h>

#include <kestrel/kernel.h>
#include <kestrel/ktest.h>
#include <kestrel/net/conn_mgr.h>
#include <kestrel/net/net_dns.h>
#include <kestrel/net/net_if.h>
#include <kestrel/net/net_sntp.h>
#include <kestrel/sys/realtime.h>
#include <kestrel/testing/net_fixtures.h>
#ifdef CONFIG_ETH_NATIVE
#include <kestrel/drivers/ethernet.h>
#endif

#include "conn_mgr_test.h"

_Static_assert(CONFIG_NET_DNS_SERVER_PORT == KT_NET_FIXTURE_DNS_PORT,
	       "the image must ask the dns fixture's port");
_Static_assert(CONFIG_NET_SNTP_SERVER_PORT == KT_NET_FIXTURE_SNTP_PORT,
	       "the image must ask the sntp fixture's port");

/* An address on slirp's network that nobody has: no answer, ever. */
#define SILENT "10.0.2.77"
#define ONLINE_TIMEOUT K_SECONDS(30)
#define STEP_MS 20000
#define BO_BASE CONFIG_NET_CONN_MGR_BACKOFF_BASE_MS
#define BO_MAX CONFIG_NET_CONN_MGR_BACKOFF_MAX_MS
#define BO_JITTER CONFIG_NET_CONN_MGR_BACKOFF_JITTER_PCT
#define SESSION CONN_MGR_LAYER_SESSION

static struct cmt_session session;

/* Every case: the manager stopped, a fresh session layer (registered by
 * cm_start()), the fixture as SNTP server, the clock unset, an empty log.
 * (Hooks must not assert: the cases check.) */
static void before(void *fixture)
{
	(void)fixture;
	cmt_case_reset(&session);
	(void)net_sntp_server_set(0, KT_NET_FIXTURE_HOST);
	sys_realtime_unset();
}

static void after(void *fixture)
{
	(void)fixture;
	(void)conn_mgr_stop();
}

KTEST_SUITE(conn_mgr, NULL, before, after, NULL);

static void cm_start(const char *dns_server)
{
	struct conn_mgr_config cfg;

	if (session.layer.id < 0) {
		kt_assert_eq(conn_mgr_layer_register(&session.layer), SESSION);
	}
	conn_mgr_config_default(&cfg);
	cfg.dns_server = dns_server;
	kt_assert_eq(conn_mgr_start(&cfg), 0);
}

/* lwIP caches an answer for its TTL; the fixture's records have TTL 0,
 * which lwIP drops at its next DNS timer tick (every second). */
static void dns_cache_expire(void)
{
	k_msleep(2100);
}

/* The lowest and highest backoff before retry @p attempt. */
static uint32_t nominal_ms(uint32_t attempt)
{
	uint64_t d = (uint64_t)BO_BASE << MIN(attempt - 1, 30u);

	return (uint32_t)MIN(d, (uint64_t)BO_MAX);
}

/*
 * The events of @p layer from @p from on: @p n BACKOFF events, attempts
 * 1..n, each followed by a retry (CONNECTING) no earlier than its delay,
 * delays within the jitter bounds and growing until the cap. The index of the
 * last retry's CONNECTING.
 */
static int check_backoffs(int from, int layer, int n, int32_t timeout_ms)
{
	uint32_t prev_delay = 0;
	int at = from;

	for (int k = 1; k <= n; k++) {
		int b = cmt_wait_event(at, layer, CONN_MGR_BACKOFF, timeout_ms);

		kt_assert_ge(b, 0);
		const struct conn_mgr_event *e = &cmt_log.ev[b];
		uint32_t d = nominal_ms((uint32_t)k);

		kt_assert_eq(e->attempt, (uint32_t)k);
		kt_assert_lt(e->reason, 0);
		kt_assert_le(e->delay_ms, d);
		kt_assert_ge(e->delay_ms, d - d * BO_JITTER / 100);
		if (k > 1 && d > nominal_ms((uint32_t)k - 1)) {
			kt_assert_ge(e->delay_ms, prev_delay); /* grows until the cap */
		}
		prev_delay = e->delay_ms;
		int c = cmt_wait_event(b + 1, layer, CONN_MGR_CONNECTING, timeout_ms);

		kt_assert_ge(c, 0);
		kt_assert_ge(cmt_log.ev[c].ticks - e->ticks, k_ms_to_ticks_ceil(e->delay_ms));
		at = c;
	}
	return at;
}

/* Index of @p layer's UP event (the only one expected from @p from on). */
static int up_index(int from, int layer)
{
	int i = cmt_wait_event(from, layer, CONN_MGR_UP, 0);

	kt_assert_ge(i, 0);
	kt_assert_eq(cmt_count_state(i + 1, layer, CONN_MGR_UP), 0);
	return i;
}

/* Layers below @p layer: up once, and no event after @p layer's first
 * connect (the first event of @p layer from index 0). */
static void lower_untouched(int layer)
{
	int first = -1;

	for (int i = 0; i < cmt_log.count && first < 0; i++) {
		first = cmt_log.ev[i].layer == layer ? i : -1;
	}
	kt_assert_ge(first, 0);
	for (int l = 0; l < layer; l++) {
		struct conn_mgr_layer_info info;

		kt_assert_eq(cmt_count(first, l), 0);
		kt_assert_eq(conn_mgr_layer_info_get(l, &info), 0);
		kt_assert_eq(info.state, CONN_MGR_UP);
		kt_assert_eq(info.ups, 1);
		kt_assert_eq(info.losses, 0);
	}
}

KTEST(conn_mgr, reaches_all_layers_up_in_order_with_events_in_order)
{
	struct net_ipv4_addr addr, want;
	struct sys_timespec ts;
	int prev_up = -1;

	cm_start(KT_NET_FIXTURE_HOST);
	kt_assert_eq(conn_mgr_wait_online(ONLINE_TIMEOUT), 0);
	kt_assert_true(conn_mgr_is_online());
	kt_assert_eq(conn_mgr_layer_count(), SESSION + 1);
	/* Per layer, bottom first: connecting then up, after the one below. */
	kt_assert_eq(cmt_log.ev[0].layer, CONN_MGR_LAYER_LINK);
	for (int l = 0; l <= SESSION; l++) {
		int c = cmt_wait_event(0, l, CONN_MGR_CONNECTING, 0);
		int u = up_index(0, l);

		kt_assert_gt(c, prev_up);
		kt_assert_gt(u, c);
		kt_assert_eq(cmt_count(0, l), 2);
		kt_assert_eq(cmt_log.ev[u].prev, CONN_MGR_CONNECTING);
		prev_up = u;
	}
	kt_assert_eq(cmt_log.count, 2 * (SESSION + 1));
	kt_assert_eq(conn_mgr_server_addr(&addr), 0);
	kt_assert_eq(net_ipv4_addr_from_str(KT_NET_FIXTURE_DNS_A, &want), 0);
	kt_assert_true(net_ipv4_addr_eq(&addr, &want));
	kt_assert_eq(sys_realtime_get(&ts), 0);
	kt_assert_ge(ts.tv_sec, KT_NET_FIXTURE_SNTP_TIME);
	kt_assert_eq(session.connects, 1);
	kt_assert_eq(session.disconnects, 0);
}

KTEST(conn_mgr, silent_dns_server_backs_off_with_growing_delays_address_kept)
{
	struct net_ipv4_addr fixture_dns, addr;

	dns_cache_expire();
	cm_start(SILENT);
	/* 100, 200, 400, 800, then capped at 800 (less the jitter). */
	(void)check_backoffs(0, CONN_MGR_LAYER_DNS, 6, STEP_MS);
	lower_untouched(CONN_MGR_LAYER_DNS);
	kt_assert_eq(cmt_count(0, CONN_MGR_LAYER_TIME), 0);
	kt_assert_eq(cmt_count(0, SESSION), 0);
	kt_assert_eq(session.connects, 0);
	kt_assert_eq(net_if_wait_ipv4(net_if_get_default(), K_NO_WAIT), 0);
	kt_assert_eq(conn_mgr_server_addr(&addr), -EAGAIN);
	kt_assert_false(conn_mgr_is_online());
	/* The server answers again: the next retry finds it. */
	kt_assert_eq(net_ipv4_addr_from_str(KT_NET_FIXTURE_HOST, &fixture_dns), 0);
	kt_assert_eq(net_dns_server_set(0, &fixture_dns), 0);
	kt_assert_eq(conn_mgr_wait_online(ONLINE_TIMEOUT), 0);
	lower_untouched(CONN_MGR_LAYER_DNS);
	kt_assert_eq(conn_mgr_server_addr(&addr), 0);
}

KTEST(conn_mgr, silent_sntp_server_makes_the_time_layer_retry)
{
	struct sys_timespec ts;

	kt_assert_eq(net_sntp_server_set(0, SILENT), 0);
	cm_start(KT_NET_FIXTURE_HOST);
	(void)check_backoffs(0, CONN_MGR_LAYER_TIME, 3, STEP_MS);
	lower_untouched(CONN_MGR_LAYER_TIME);
	kt_assert_eq(cmt_count(0, SESSION), 0);
	kt_assert_eq(sys_realtime_get(&ts), -EAGAIN);
	kt_assert_eq(net_sntp_server_set(0, KT_NET_FIXTURE_HOST), 0);
	kt_assert_eq(conn_mgr_wait_online(ONLINE_TIMEOUT), 0);
	kt_assert_eq(sys_realtime_get(&ts), 0);
	lower_untouched(CONN_MGR_LAYER_TIME);
}

KTEST(conn_mgr, session_failing_three_times_backs_off_then_up_lower_untouched)
{
	session.fail_first = 3;
	cm_start(KT_NET_FIXTURE_HOST);
	kt_assert_eq(conn_mgr_wait_online(ONLINE_TIMEOUT), 0);
	int last = check_backoffs(0, SESSION, 3, 0);

	kt_assert_eq(cmt_count_state(0, SESSION, CONN_MGR_BACKOFF), 3);
	kt_assert_eq(cmt_log.ev[last + 1].layer, SESSION);
	kt_assert_eq(cmt_log.ev[last + 1].state, CONN_MGR_UP);
	kt_assert_eq(cmt_log.ev[last + 1].attempt, 0);
	for (int i = 0; i < cmt_log.count; i++) {
		if (cmt_log.ev[i].state == CONN_MGR_BACKOFF) {
			kt_assert_eq(cmt_log.ev[i].reason, -ECONNREFUSED);
		}
	}
	kt_assert_eq(session.connects, 4);
	lower_untouched(SESSION);
}

KTEST(conn_mgr, session_attempt_that_never_answers_times_out_and_is_abandoned)
{
	session.async = true;
	session.never_answer = true;
	session.layer.timeout_ms = 300;
	cm_start(KT_NET_FIXTURE_HOST);
	int b = cmt_wait_event(0, SESSION, CONN_MGR_BACKOFF, STEP_MS);

	kt_assert_ge(b, 0);
	kt_assert_eq(cmt_log.ev[b].reason, -ETIMEDOUT);
	int c = cmt_wait_event(0, SESSION, CONN_MGR_CONNECTING, 0);

	kt_assert_ge(cmt_log.ev[b].ticks - cmt_log.ev[c].ticks, k_ms_to_ticks_ceil(300));
	kt_assert_ge(session.disconnects, 1);
	kt_assert_eq(session.last_disconnect_reason, CONN_MGR_TIMED_OUT);
	/* Answering (from a timer, an ISR) now: up. */
	session.async_delay_ms = 50;
	session.never_answer = false;
	kt_assert_eq(conn_mgr_wait_online(ONLINE_TIMEOUT), 0);
	lower_untouched(SESSION);
}

KTEST(conn_mgr, lost_session_reconnects_after_a_backoff_alone)
{
	cm_start(KT_NET_FIXTURE_HOST);
	kt_assert_eq(conn_mgr_wait_online(ONLINE_TIMEOUT), 0);
	int mark = cmt_log.count;

	/* Reported by the layer. */
	kt_assert_eq(conn_mgr_layer_report(&session.layer, -ECONNRESET), 0);
	int b = cmt_wait_event(mark, SESSION, CONN_MGR_BACKOFF, STEP_MS);

	kt_assert_ge(b, 0);
	kt_assert_eq(cmt_log.ev[b].reason, -ECONNRESET);
	kt_assert_eq(cmt_log.ev[b].prev, CONN_MGR_UP);
	kt_assert_eq(cmt_log.ev[b].attempt, 1);
	kt_assert_ge(cmt_wait_event(b, SESSION, CONN_MGR_UP, STEP_MS), 0);
	/* Seen by is_up(). */
	mark = cmt_log.count;
	session.up = false;
	b = cmt_wait_event(mark, SESSION, CONN_MGR_BACKOFF, STEP_MS);
	kt_assert_ge(b, 0);
	kt_assert_eq(cmt_log.ev[b].reason, -ENOTCONN);
	kt_assert_ge(cmt_wait_event(b, SESSION, CONN_MGR_UP, STEP_MS), 0);

	struct conn_mgr_layer_info info;

	kt_assert_eq(conn_mgr_layer_info_get(SESSION, &info), 0);
	kt_assert_eq(info.losses, 2);
	kt_assert_eq(info.ups, 3);
	kt_assert_eq(session.connects, 3);
	kt_assert_eq(session.disconnects, 0); /* the layer itself went down */
	lower_untouched(SESSION);
}

KTEST(conn_mgr, gives_up_after_max_attempts_until_retried)
{
	session.fail_first = 1000;
	session.layer.max_attempts = 2;
	cm_start(KT_NET_FIXTURE_HOST);
	int f = cmt_wait_event(0, SESSION, CONN_MGR_FAILED, STEP_MS);

	kt_assert_ge(f, 0);
	kt_assert_eq(cmt_log.ev[f].attempt, 2);
	kt_assert_eq(conn_mgr_state_get(SESSION), CONN_MGR_FAILED);
	k_msleep(3 * BO_MAX);
	kt_assert_eq(session.connects, 2); /* no retry of its own */
	session.fail_first = 0;
	kt_assert_eq(conn_mgr_layer_retry(SESSION), 0);
	kt_assert_eq(conn_mgr_wait_online(ONLINE_TIMEOUT), 0);
	kt_assert_eq(session.connects, 3);
	/* Retrying a layer that is up does nothing. */
	kt_assert_eq(conn_mgr_layer_retry(SESSION), 0);
	kt_assert_eq(conn_mgr_layer_retry(CONN_MGR_LAYER_LINK), 0);
	k_msleep(100);
	kt_assert_true(conn_mgr_is_online());
	kt_assert_eq(session.connects, 3);
	lower_untouched(SESSION);
}

#ifdef CONFIG_ETH_NATIVE
/* native_sim pulls its own cable; the QEMU boards' NICs are switched by
 * the frames peer (tests/net/conn_mgr_link). */
KTEST(conn_mgr, link_down_takes_every_layer_above_down_and_back)
{
	const struct device *dev = net_if_device(net_if_get_default());

	cm_start(KT_NET_FIXTURE_HOST);
	kt_assert_eq(conn_mgr_wait_online(ONLINE_TIMEOUT), 0);
	int mark = cmt_log.count;

	kt_assert_eq(eth_native_link_set(dev, false), 0);
	int d = cmt_wait_event(mark, CONN_MGR_LAYER_LINK, CONN_MGR_DOWN, STEP_MS);

	kt_assert_eq(eth_native_link_set(dev, true), 0);
	kt_assert_ge(d, 0);
	/* Top first: session, time, DNS, address, then the link itself. */
	for (int i = 0; i <= SESSION; i++) {
		kt_assert_eq(cmt_log.ev[mark + i].layer, SESSION - i);
		kt_assert_eq(cmt_log.ev[mark + i].state, CONN_MGR_DOWN);
	}
	kt_assert_eq(session.disconnects, 1);
	kt_assert_eq(session.last_disconnect_reason, CONN_MGR_LOWER_DOWN);
	kt_assert_eq(conn_mgr_wait_online(ONLINE_TIMEOUT), 0);
	/* Bottom first again. */
	int prev = d;

	for (int l = 0; l <= SESSION; l++) {
		int u = cmt_wait_event(d, l, CONN_MGR_UP, 0);

		kt_assert_gt(u, prev);
		prev = u;
	}
	kt_assert_eq(session.connects, 2);
}
#endif

KTEST(conn_mgr, backoff_formula)
{
	const uint32_t j = BO_BASE * BO_JITTER / 100; /* the first one's jitter */

	kt_assert_eq(conn_mgr_backoff_ms(1, 0), BO_BASE);
	kt_assert_eq(conn_mgr_backoff_ms(0, 0), BO_BASE);
	kt_assert_eq(conn_mgr_backoff_ms(2, 0), 2 * BO_BASE);
	kt_assert_eq(conn_mgr_backoff_ms(3, 0), 4 * BO_BASE);
	kt_assert_eq(conn_mgr_backoff_ms(4, 0), BO_MAX);
	kt_assert_eq(conn_mgr_backoff_ms(UINT32_MAX, 0), BO_MAX);
	kt_assert_eq(conn_mgr_backoff_ms(1, j), BO_BASE - j);
	kt_assert_eq(conn_mgr_backoff_ms(1, j + 1), BO_BASE);
	kt_assert_eq(conn_mgr_backoff_ms(4, BO_MAX * BO_JITTER / 100), BO_MAX - BO_MAX * BO_JITTER / 100);
	for (uint32_t a = 1; a < 40; a++) {
		for (uint32_t r = 0; r < 5000; r += 97) {
			uint32_t d = conn_mgr_backoff_ms(a, r * 2654435761u);

			kt_assert_le(d, nominal_ms(a));
			kt_assert_ge(d, nominal_ms(a) - nominal_ms(a) * BO_JITTER / 100);
		}
	}
}

static int stop_in_handler = 1;

static void stop_from_handler(const struct conn_mgr_event *ev, void *user_data)
{
	(void)ev;
	*(int *)user_data = conn_mgr_stop();
}

static struct conn_mgr_handler stopper = {
	.layer_mask = 1u << CONN_MGR_LAYER_LINK,
	.cb = stop_from_handler,
	.user_data = &stop_in_handler,
};

KTEST(conn_mgr, arguments_and_states)
{
	static const struct conn_mgr_layer_api no_connect = { 0 };
	struct conn_mgr_layer bad = { .name = "bad", .api = &no_connect, .id = -1 };
	struct cmt_session extra[CONN_MGR_SESSION_MAX];
	struct conn_mgr_layer_info info;
	struct conn_mgr_config cfg;
	char longname[NET_DNS_NAME_MAX + 2];

	kt_assert_eq(conn_mgr_layer_register(&session.layer), SESSION);
	kt_assert_eq(conn_mgr_layer_register(NULL), -EINVAL);
	kt_assert_eq(conn_mgr_layer_register(&bad), -EINVAL);
	bad.api = NULL;
	kt_assert_eq(conn_mgr_layer_register(&bad), -EINVAL);
	kt_assert_eq(conn_mgr_layer_register(&session.layer), -EALREADY);
	for (int i = 1; i < CONN_MGR_SESSION_MAX; i++) {
		cmt_session_init(&extra[i]);
		kt_assert_eq(conn_mgr_layer_register(&extra[i].layer), SESSION + i);
	}
	cmt_session_init(&extra[0]);
	kt_assert_eq(conn_mgr_layer_register(&extra[0].layer), -ENOMEM);
	kt_assert_eq(conn_mgr_layer_unregister(&extra[0].layer), -ENOENT);
	kt_assert_eq(conn_mgr_layer_unregister(NULL), -EINVAL);
	for (int i = 1; i < CONN_MGR_SESSION_MAX; i++) {
		kt_assert_eq(conn_mgr_layer_unregister(&extra[i].layer), 0);
	}
	kt_assert_eq(conn_mgr_layer_report(NULL, 0), -EINVAL);
	kt_assert_eq(conn_mgr_layer_report(&extra[0].layer, 0), -EINVAL);
	kt_assert_eq(conn_mgr_stop(), -EALREADY);
	kt_assert_eq(conn_mgr_layer_retry(0), -EALREADY);
	kt_assert_eq(conn_mgr_wait_online(K_NO_WAIT), -EALREADY);
	kt_assert_eq(conn_mgr_server_addr(NULL), -EINVAL);
	kt_assert_eq(conn_mgr_handler_add(NULL), -EINVAL);
	kt_assert_eq(conn_mgr_handler_remove(NULL), -EINVAL);
	kt_assert_eq(conn_mgr_handler_remove(&stopper), -ENOENT);
	conn_mgr_config_default(&cfg);
	cfg.dns_server = "not-an-address";
	kt_assert_eq(conn_mgr_start(&cfg), -EINVAL);
	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	conn_mgr_config_default(&cfg);
	cfg.server_name = longname;
	kt_assert_eq(conn_mgr_start(&cfg), -EINVAL);

	cm_start(KT_NET_FIXTURE_HOST);
	kt_assert_eq(conn_mgr_start(NULL), -EALREADY);
	kt_assert_eq(conn_mgr_layer_register(&extra[0].layer), -EBUSY);
	kt_assert_eq(conn_mgr_layer_unregister(&session.layer), -EBUSY);
	kt_assert_eq(conn_mgr_layer_report(&session.layer, 1), -EINVAL);
	kt_assert_eq(conn_mgr_layer_retry(-1), -EINVAL);
	kt_assert_eq(conn_mgr_layer_retry(SESSION + 1), -EINVAL);
	kt_assert_eq(conn_mgr_layer_info_get(0, NULL), -EINVAL);
	kt_assert_eq(conn_mgr_layer_info_get(-1, &info), -EINVAL);
	kt_assert_eq(conn_mgr_layer_info_get(SESSION + 1, &info), -EINVAL);
	kt_assert_eq(conn_mgr_state_get(SESSION + 1), -EINVAL);
	kt_assert_eq(conn_mgr_layer_info_get(CONN_MGR_LAYER_DNS, &info), 0);
	kt_assert_str_eq(info.name, "dns");
	kt_assert_str_eq(conn_mgr_state_name(CONN_MGR_BACKOFF), "backoff");
	kt_assert_str_eq(conn_mgr_state_name(-1), "?");
	kt_assert_str_eq(conn_mgr_state_name(5), "?");

	/* A handler: stopping from the manager's own thread is refused. */
	stopper.layer_mask = UINT32_MAX;
	kt_assert_eq(conn_mgr_handler_add(&stopper), 0);
	kt_assert_eq(conn_mgr_handler_add(&stopper), -EALREADY);
	stopper.layer_mask = 0;
	kt_assert_eq(conn_mgr_handler_remove(&stopper), 0);
	kt_assert_eq(conn_mgr_handler_add(&stopper), -EINVAL);
	stopper.layer_mask = 1u << SESSION;
	kt_assert_eq(conn_mgr_handler_add(&stopper), 0);
	kt_assert_eq(conn_mgr_wait_online(ONLINE_TIMEOUT), 0);
	kt_assert_eq(conn_mgr_handler_remove(&stopper), 0);
	kt_assert_eq(stop_in_handler, -EDEADLK);
	kt_assert_eq(conn_mgr_stop(), 0);
	kt_assert_eq(conn_mgr_state_get(SESSION), CONN_MGR_DOWN);
	kt_assert_eq(session.disconnects, 1);
	kt_assert_eq(session.last_disconnect_reason, CONN_MGR_STOPPING);
	kt_assert_false(conn_mgr_is_online());
}
