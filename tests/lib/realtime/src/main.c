/*
 * Wall clock (sys/realtime.h): "not set" until set, a set time read back,
 * the clock advancing exactly with the uptime across sleeps, nanosecond
 * carry, times past 2038, setting it back, argument errors leaving the
 * clock as it was, and set/get from an ISR.
 */
#include <errno.h>

#include <kestrel/irq_offload.h>
#include <kestrel/kernel.h>
#include <kestrel/ktest.h>
#include <kestrel/sys/realtime.h>

#define NS 1000000000LL

/* 2026-11-30T00:00:00Z */
#define T0 1795996800LL

static void unset_clock(void *fixture)
{
	(void)fixture;
	sys_realtime_unset();
}

KTEST_SUITE(realtime, NULL, unset_clock, NULL, NULL);

static int64_t ns_of(const struct sys_timespec *ts)
{
	return ts->tv_sec * NS + ts->tv_nsec;
}

static void set_ok(int64_t sec, int32_t nsec)
{
	struct sys_timespec ts = { sec, nsec };

	kt_assert_eq(sys_realtime_set(&ts), 0);
}

KTEST(realtime, not_set_is_eagain)
{
	struct sys_timespec ts = { 123, 456 };

	kt_assert_false(sys_realtime_is_set());
	kt_assert_eq(sys_realtime_get(&ts), -EAGAIN);
	/* Untouched. */
	kt_assert_eq(ts.tv_sec, 123);
	kt_assert_eq(ts.tv_nsec, 456);
}

KTEST(realtime, set_time_reads_back)
{
	struct sys_timespec ts;
	int64_t u0 = k_uptime_us();

	set_ok(T0, 250000000);
	kt_assert_eq(sys_realtime_get(&ts), 0);
	int64_t spent_ns = (k_uptime_us() - u0) * 1000;

	kt_assert_true(sys_realtime_is_set());
	kt_assert_ge(ns_of(&ts), T0 * NS + 250000000);
	kt_assert_le(ns_of(&ts), T0 * NS + 250000000 + spent_ns);
}

/* Across a sleep the wall clock moves exactly as the uptime does: at
 * least what the uptime measured between the two reads, at most what it
 * measured around them. (k_sleep() counts whole ticks from the current
 * one, so a sleep of N ms may be up to a tick short in microseconds.) */
KTEST(realtime, advances_with_the_uptime_across_k_sleep)
{
	const int64_t tick_ns = NS / CONFIG_SYS_CLOCK_TICKS_PER_SEC;
	struct sys_timespec a, b;

	set_ok(T0, 0);
	for (int ms = 1; ms <= 2000; ms = ms * 10 + 5) {
		int64_t outer0 = k_uptime_us();

		kt_assert_eq(sys_realtime_get(&a), 0);
		int64_t inner0 = k_uptime_us();

		kt_assert_eq(k_sleep(K_MSEC(ms)), 0);
		int64_t inner1 = k_uptime_us();

		kt_assert_eq(sys_realtime_get(&b), 0);
		int64_t outer1 = k_uptime_us();
		int64_t moved = ns_of(&b) - ns_of(&a);

		kt_assert_ge(moved, (inner1 - inner0) * 1000);
		kt_assert_le(moved, (outer1 - outer0) * 1000);
		kt_assert_ge(moved, (int64_t)ms * 1000000 - tick_ns);
	}
	kt_assert_ge(b.tv_sec, T0 + 1);
}

KTEST(realtime, nanoseconds_carry_into_seconds)
{
	struct sys_timespec ts;

	set_ok(T0, 999999999);
	k_busy_wait(10);
	kt_assert_eq(sys_realtime_get(&ts), 0);
	kt_assert_eq(ts.tv_sec, T0 + 1);
	kt_assert_ge(ts.tv_nsec, 0);
	kt_assert_lt(ts.tv_nsec, 500000000);
}

/* Seconds are 64-bit: 2038-01-19T03:14:08Z (2^31) and the largest time. */
KTEST(realtime, times_past_2038_and_the_maximum)
{
	struct sys_timespec ts;

	set_ok(2147483648LL + 5, 0);
	kt_assert_eq(sys_realtime_get(&ts), 0);
	kt_assert_eq(ts.tv_sec, 2147483648LL + 5);
	set_ok(SYS_REALTIME_SEC_MAX, 0);
	kt_assert_eq(sys_realtime_get(&ts), 0);
	kt_assert_eq(ts.tv_sec, SYS_REALTIME_SEC_MAX);
	set_ok(0, 0); /* the epoch itself */
	kt_assert_eq(sys_realtime_get(&ts), 0);
	kt_assert_eq(ts.tv_sec, 0);
}

KTEST(realtime, can_be_set_back)
{
	struct sys_timespec ts;

	set_ok(T0 + 1000, 0);
	set_ok(T0, 0);
	kt_assert_eq(sys_realtime_get(&ts), 0);
	kt_assert_eq(ts.tv_sec, T0);
}

KTEST(realtime, unset_forgets_the_time)
{
	struct sys_timespec ts;

	set_ok(T0, 0);
	sys_realtime_unset();
	kt_assert_false(sys_realtime_is_set());
	kt_assert_eq(sys_realtime_get(&ts), -EAGAIN);
}

KTEST(realtime, invalid_arguments_leave_the_clock_alone)
{
	static const struct sys_timespec bad[] = {
		{ -1, 0 },
		{ SYS_REALTIME_SEC_MAX + 1, 0 },
		{ T0, -1 },
		{ T0, 1000000000 },
		{ INT64_MAX, 0 },
		{ INT64_MIN, 0 },
	};
	struct sys_timespec ts;

	kt_assert_eq(sys_realtime_set(NULL), -EINVAL);
	kt_assert_eq(sys_realtime_get(NULL), -EINVAL);
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		kt_assert_eq(sys_realtime_set(&bad[i]), -EINVAL);
	}
	kt_assert_false(sys_realtime_is_set()); /* still not set */
	set_ok(T0, 0);
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		kt_assert_eq(sys_realtime_set(&bad[i]), -EINVAL);
	}
	kt_assert_eq(sys_realtime_get(&ts), 0);
	kt_assert_eq(ts.tv_sec, T0); /* unchanged */
}

static struct sys_timespec isr_ts;
static int isr_set_ret, isr_get_ret;
static bool isr_was_isr;

static void in_isr(const void *arg)
{
	const struct sys_timespec *to = arg;

	isr_was_isr = k_is_in_isr();
	isr_set_ret = sys_realtime_set(to);
	isr_get_ret = sys_realtime_get(&isr_ts);
}

KTEST(realtime, set_and_get_from_an_isr)
{
	static const struct sys_timespec to = { T0 + 7, 0 };
	struct sys_timespec ts;

	irq_offload(in_isr, &to);
	kt_assert_true(isr_was_isr);
	kt_assert_eq(isr_set_ret, 0);
	kt_assert_eq(isr_get_ret, 0);
	kt_assert_eq(isr_ts.tv_sec, T0 + 7);
	kt_assert_eq(sys_realtime_get(&ts), 0);
	kt_assert_eq(ts.tv_sec, T0 + 7);
}
