/*
 * SNTP client against the host's fixture `sntp`, which answers every
 * request with the fixed time KT_NET_FIXTURE_SNTP_TIME(.5): after DHCP the
 * time is acquired within a bound, and the wall clock then reads exactly
 * that time plus the uptime since the answer (checked to the microsecond
 * against the uptime around the wait), and advances across a sleep. A
 * server that does not answer: the wait times out and the clock stays "not
 * set"; with it first and the fixture second, the client moves on to the
 * fixture. An update after CONFIG_NET_SNTP_UPDATE_INTERVAL; NTP
 * servers of a DHCP lease replace the configured ones. Start/stop states
 * and argument errors (also from an ISR).
 */
#include <string.h>

#include <kestrel/irq_offload.h>
#include <kestrel/kernel.h>
#include <kestrel/ktest.h>
#include <kestrel/net/net_if.h>
#include <kestrel/net/net_sntp.h>
#include <kestrel/sys/realtime.h>
#include <kestrel/testing/net_fixtures.h>

#include "lwip/dhcp.h"
#include "lwip/tcpip.h"

#include "net_test.h"

_Static_assert(CONFIG_NET_SNTP_SERVER_PORT == KT_NET_FIXTURE_SNTP_PORT,
	       "the image must ask the sntp fixture's port");

#define NS 1000000000LL
#define FIXTURE_NS (KT_NET_FIXTURE_SNTP_TIME * NS + KT_NET_FIXTURE_SNTP_TIME_NSEC)
/* An address on slirp's network that nobody has: no answer, ever. */
#define SILENT "10.0.2.77"
#define ACQUIRE_TIMEOUT K_SECONDS(10)

/* Every case starts stopped, with the clock not set and the fixture as
 * the only server. */
static void reset(void *fixture)
{
	(void)fixture;
	(void)net_sntp_stop();
	sys_realtime_unset();
	kt_assert_eq(net_sntp_server_set(0, KT_NET_FIXTURE_HOST), 0);
	kt_assert_eq(net_sntp_server_set(1, NULL), 0);
}

KTEST_SUITE(net_sntp, NULL, reset, NULL, NULL);

static int64_t ns_of(const struct sys_timespec *ts)
{
	return ts->tv_sec * NS + ts->tv_nsec;
}

/* Start and wait for the fixture's time; the clock then reads the
 * fixture's time plus at most the uptime since the start. */
static void acquire_and_check(void)
{
	struct sys_timespec ts;
	struct net_sntp_info before, after;

	kt_assert_not_null(net_test_iface_dhcp());
	kt_assert_eq(net_sntp_info_get(&before), 0);
	int64_t u0 = k_uptime_us();

	kt_assert_eq(net_sntp_start(), 0);
	kt_assert_eq(net_sntp_wait(ACQUIRE_TIMEOUT), 0);
	kt_assert_eq(sys_realtime_get(&ts), 0);
	int64_t spent_ns = (k_uptime_us() - u0) * 1000;

	printk("sntp: time after %lld ms: %lld.%09d\n",
	       (long long)(spent_ns / 1000000), (long long)ts.tv_sec,
	       (int)ts.tv_nsec);
	kt_assert_ge(ns_of(&ts), FIXTURE_NS);
	kt_assert_le(ns_of(&ts), FIXTURE_NS + spent_ns);
	kt_assert_eq(net_sntp_info_get(&after), 0);
	kt_assert_ge(after.updates, before.updates + 1);
	kt_assert_ge(after.last_update_ms, u0 / 1000);
}

KTEST(net_sntp, time_acquired_from_the_fixture_is_exact)
{
	acquire_and_check();
	/* Waiting again returns at once: the time is known. */
	kt_assert_eq(net_sntp_wait(K_NO_WAIT), 0);
}

KTEST(net_sntp, clock_advances_across_a_sleep)
{
	struct sys_timespec a, b;

	acquire_and_check();
	kt_assert_eq(sys_realtime_get(&a), 0);
	int64_t u0 = k_uptime_us();

	kt_assert_eq(k_sleep(K_MSEC(1200)), 0);
	int64_t up_ns = (k_uptime_us() - u0) * 1000;

	kt_assert_eq(sys_realtime_get(&b), 0);
	kt_assert_ge(ns_of(&b) - ns_of(&a), up_ns);
	kt_assert_ge(b.tv_sec, a.tv_sec + 1);
}

KTEST(net_sntp, silent_server_times_out_and_the_clock_stays_unset)
{
	struct sys_timespec ts;

	kt_assert_not_null(net_test_iface_dhcp());
	kt_assert_eq(net_sntp_server_set(0, SILENT), 0);
	kt_assert_eq(net_sntp_start(), 0);
	kt_assert_eq(net_sntp_wait(K_MSEC(2500)), -ETIMEDOUT);
	kt_assert_eq(sys_realtime_get(&ts), -EAGAIN);
	kt_assert_eq(net_sntp_wait(K_NO_WAIT), -ETIMEDOUT);
	kt_assert_eq(net_sntp_stop(), 0);
	/* The fixture again: the client works after the failure. */
	kt_assert_eq(net_sntp_server_set(0, KT_NET_FIXTURE_HOST), 0);
	acquire_and_check();
}

KTEST(net_sntp, silent_first_server_is_left_for_the_second)
{
	kt_assert_eq(net_sntp_server_set(0, SILENT), 0);
	kt_assert_eq(net_sntp_server_set(1, KT_NET_FIXTURE_HOST), 0);
	acquire_and_check(); /* after CONFIG_NET_SNTP_RETRY_TIMEOUT_MS */
}

/* Once answered, the client asks again after the update interval; the
 * answer (the fixture's fixed time again, now with round-trip
 * compensation) sets the clock back to that time. */
KTEST(net_sntp, asks_again_after_the_update_interval)
{
	const int64_t interval_ms = CONFIG_NET_SNTP_UPDATE_INTERVAL * 1000LL;
	struct net_sntp_info first, now;
	struct sys_timespec ts;

	acquire_and_check();
	kt_assert_eq(net_sntp_info_get(&first), 0);
	do {
		kt_assert_eq(k_sleep(K_MSEC(100)), 0);
		kt_assert_eq(net_sntp_info_get(&now), 0);
	} while (now.updates == first.updates &&
		 k_uptime_get() - first.last_update_ms < interval_ms + 5000);
	kt_assert_eq(now.updates, first.updates + 1);
	kt_assert_ge(now.last_update_ms - first.last_update_ms, interval_ms);
	kt_assert_eq(sys_realtime_get(&ts), 0);
	kt_assert_ge(ns_of(&ts), FIXTURE_NS);
	kt_assert_lt(ns_of(&ts), FIXTURE_NS + 5 * NS); /* not 15 s on */
}

/* What lwIP's DHCP client does with a lease carrying option 42 (slirp's
 * does not): its servers replace those set, so the silent ones are gone. */
KTEST(net_sntp, servers_of_a_dhcp_lease_replace_the_configured_ones)
{
	ip4_addr_t ntp;

	kt_assert_eq(net_sntp_server_set(0, SILENT), 0);
	kt_assert_eq(net_sntp_server_set(1, SILENT), 0);
	kt_assert_ne(ip4addr_aton(KT_NET_FIXTURE_HOST, &ntp), 0);
	LOCK_TCPIP_CORE();
	dhcp_set_ntp_servers(1, &ntp);
	UNLOCK_TCPIP_CORE();
	acquire_and_check(); /* only the lease's server can answer */
}

KTEST(net_sntp, start_stop_states)
{
	kt_assert_false(net_sntp_is_running());
	kt_assert_eq(net_sntp_stop(), -EALREADY);
	kt_assert_eq(net_sntp_start(), 0);
	kt_assert_true(net_sntp_is_running());
	kt_assert_eq(net_sntp_start(), -EALREADY);
	kt_assert_eq(net_sntp_stop(), 0);
	kt_assert_false(net_sntp_is_running());
}

static int isr_wait_ret[2];

static void wait_in_isr(const void *arg)
{
	(void)arg;
	isr_wait_ret[0] = net_sntp_wait(K_MSEC(10));
	isr_wait_ret[1] = net_sntp_wait(K_NO_WAIT);
}

KTEST(net_sntp, invalid_arguments)
{
	char longname[NET_SNTP_SERVER_NAME_MAX + 2];

	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	kt_assert_eq(net_sntp_server_set(NET_SNTP_SERVERS_MAX, "10.0.2.2"), -EINVAL);
	kt_assert_eq(net_sntp_server_set(0, longname), -EINVAL);
	longname[NET_SNTP_SERVER_NAME_MAX] = '\0'; /* the longest: a name */
	kt_assert_eq(net_sntp_server_set(1, longname), 0);
	kt_assert_eq(net_sntp_server_set(1, ""), 0);
	kt_assert_eq(net_sntp_wait(K_MSEC(-5)), -EINVAL);
	kt_assert_eq(net_sntp_info_get(NULL), -EINVAL);
	irq_offload(wait_in_isr, NULL);
	kt_assert_eq(isr_wait_ret[0], -EINVAL);
	kt_assert_eq(isr_wait_ret[1], net_sntp_wait(K_NO_WAIT)); /* as a thread */
}
