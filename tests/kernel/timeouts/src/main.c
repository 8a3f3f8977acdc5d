/*
 * Time: k_sleep()/k_msleep() durations, k_wakeup(), the order sleepers wake
 * in, timeout conversions, k_busy_wait() and the uptime clock.
 *
 * Durations are checked both ways: a sleep lasts at least what was asked
 * and at most one tick more (timeouts are rounded up to whole ticks).
 */
#include "helpers.h"

K_SEM_DEFINE(block_sem, 0, 1);

static volatile int32_t sleep_ret;
static volatile int wakeup_ret;
static volatile k_ticks_t woke_at[HELPER_COUNT];

static void before(void *fixture)
{
	(void)fixture;
	sleep_ret = -1000;
	wakeup_ret = -1000;
	for (int i = 0; i < HELPER_COUNT; i++) {
		woke_at[i] = -1;
	}
	log_reset();
}

static void after(void *fixture)
{
	(void)fixture;
	helpers_stop_all();
	(void)k_sem_init(&block_sem, 0, 1);
}

KTEST_SUITE(timeouts, NULL, before, after, NULL);

#define CH(c) ((void *)(uintptr_t)(c))
#define MS(n) ((void *)(intptr_t)(n))

/* Sleep p1 ms and store k_msleep()'s return value. */
static void entry_sleep(void *p1, void *p2, void *p3)
{
	(void)p2;
	(void)p3;
	sleep_ret = k_msleep((int32_t)(intptr_t)p1);
}

static void entry_sleep_forever(void *p1, void *p2, void *p3)
{
	(void)p1;
	(void)p2;
	(void)p3;
	sleep_ret = k_sleep(K_FOREVER);
}

/* Sleep p2 ms, then log p1 and record the tick in woke_at[p3]. */
static void entry_sleep_log(void *p1, void *p2, void *p3)
{
	k_msleep((int32_t)(intptr_t)p2);
	woke_at[(uintptr_t)p3] = k_uptime_ticks();
	log_event((char)(uintptr_t)p1);
}

static void entry_block(void *p1, void *p2, void *p3)
{
	(void)p1;
	(void)p2;
	(void)p3;
	(void)k_sem_take(&block_sem, K_FOREVER);
}

static void entry_log(void *p1, void *p2, void *p3)
{
	(void)p2;
	(void)p3;
	log_event((char)(uintptr_t)p1);
}

static void isr_wakeup(const void *arg)
{
	wakeup_ret = k_wakeup((k_tid_t)arg);
}

/* ---- k_sleep durations ---- */

KTEST(timeouts, sleep_lasts_at_least_the_requested_time)
{
	k_ticks_t want = k_ms_to_ticks_ceil(100);
	k_ticks_t t0 = k_uptime_ticks();

	k_sleep(K_MSEC(100));
	kt_assert_ge(k_uptime_ticks() - t0, want);
}

KTEST(timeouts, sleep_ends_within_one_tick_of_the_deadline)
{
	k_ticks_t want = k_ms_to_ticks_ceil(100);
	k_ticks_t t0 = k_uptime_ticks();

	k_sleep(K_MSEC(100));
	kt_assert_le(k_uptime_ticks() - t0, want + 1);
}

KTEST(timeouts, sleep_returns_0_after_the_full_timeout)
{
	kt_assert_eq(k_sleep(K_MSEC(30)), 0);
}

KTEST(timeouts, sleep_of_ticks_lasts_that_many_ticks)
{
	k_ticks_t t0 = k_uptime_ticks();

	kt_assert_eq(k_sleep(K_TICKS(3)), 0);
	k_ticks_t dt = k_uptime_ticks() - t0;

	kt_assert_ge(dt, 3);
	kt_assert_le(dt, 4);
}

KTEST(timeouts, msleep_sleeps_milliseconds)
{
	int64_t t0 = k_uptime_get();

	kt_assert_eq(k_msleep(250), 0);
	int64_t dt = k_uptime_get() - t0;

	kt_assert_ge(dt, 250);
	kt_assert_le(dt, 250 + 2 * TICK_MS);
}

KTEST(timeouts, long_sleep_of_one_hour_is_accurate)
{
	int64_t t0 = k_uptime_get();

	kt_assert_eq(k_sleep(K_MINUTES(60)), 0);
	int64_t dt = k_uptime_get() - t0;

	kt_assert_ge(dt, 3600 * 1000);
	kt_assert_le(dt, 3600 * 1000 + 2 * TICK_MS);
}

KTEST(timeouts, thousand_one_second_sleeps)
{
	int64_t t0 = k_uptime_get();

	for (int i = 0; i < 1000; i++) {
		int32_t ret = k_sleep(K_SECONDS(1));

		if (ret != 0) {
			kt_fail("sleep %d returned %d, expected 0", i, (int)ret);
		}
	}
	int64_t dt = k_uptime_get() - t0;

	kt_assert_ge(dt, 1000 * 1000);
	kt_assert_le(dt, 1000 * (1000 + TICK_MS));
}

KTEST(timeouts, sleep_no_wait_returns_0_at_once)
{
	k_ticks_t t0 = k_uptime_ticks();

	kt_assert_eq(k_sleep(K_NO_WAIT), 0);
	kt_assert_le(k_uptime_ticks() - t0, 1);
}

KTEST(timeouts, sleep_negative_timeout_returns_einval_at_once)
{
	k_ticks_t t0 = k_uptime_ticks();

	kt_assert_eq(k_sleep(K_TICKS(-2)), -EINVAL);
	kt_assert_le(k_uptime_ticks() - t0, 1);
}

KTEST(timeouts, msec_and_usec_timeouts_round_up_to_whole_ticks)
{
	kt_assert_eq(K_MSEC(0).ticks, 0);
	kt_assert_eq(K_MSEC(1).ticks, k_ms_to_ticks_ceil(1));
	kt_assert_ge(K_MSEC(1).ticks, 1);
	kt_assert_eq(K_USEC(1).ticks, 1);
	kt_assert_eq(K_MSEC(1000).ticks, CONFIG_SYS_CLOCK_TICKS_PER_SEC);
	kt_assert_eq(K_SECONDS(3).ticks, 3 * CONFIG_SYS_CLOCK_TICKS_PER_SEC);
	kt_assert_eq(K_MINUTES(1).ticks, 60 * CONFIG_SYS_CLOCK_TICKS_PER_SEC);
	kt_assert_true(K_TIMEOUT_EQ(K_MSEC(0), K_NO_WAIT));
}

KTEST(timeouts, usec_sleep_lasts_at_least_one_tick)
{
	k_ticks_t t0 = k_uptime_ticks();

	kt_assert_eq(k_sleep(K_USEC(1)), 0);
	kt_assert_ge(k_uptime_ticks() - t0, 1);
}

/* ---- k_wakeup ---- */

KTEST(timeouts, wakeup_ends_a_sleep_early_and_returns_the_ms_left)
{
	k_tid_t t = helper_start(0, entry_sleep, MS(1000), NULL, NULL, PRIO_ABOVE(1), K_NO_WAIT);

	k_msleep(200);
	kt_assert_eq(sleep_ret, -1000); /* still asleep */
	kt_assert_eq(k_wakeup(t), 0);
	/* The sleeper outranks us, so it has already returned. */
	kt_assert_ge(sleep_ret, 800 - TICK_MS);
	kt_assert_le(sleep_ret, 800 + TICK_MS);
	helper_join(0);
}

KTEST(timeouts, wakeup_of_a_forever_sleep_returns_int32_max)
{
	k_tid_t t = helper_start(0, entry_sleep_forever, NULL, NULL, NULL, PRIO_ABOVE(1),
				 K_NO_WAIT);

	kt_assert_eq(k_wakeup(t), 0);
	kt_assert_eq(sleep_ret, INT32_MAX);
	helper_join(0);
}

KTEST(timeouts, forever_sleep_lasts_until_woken)
{
	k_tid_t t = helper_start(0, entry_sleep_forever, NULL, NULL, NULL, PRIO_ABOVE(1),
				 K_NO_WAIT);

	k_sleep(K_SECONDS(100));
	kt_assert_ne(k_thread_state_get(t) & K_THREAD_SLEEPING, 0);
	kt_assert_eq(sleep_ret, -1000);
	kt_assert_eq(k_wakeup(t), 0);
	helper_join(0);
}

KTEST(timeouts, wakeup_of_a_pended_thread_returns_einval_and_leaves_it_waiting)
{
	k_tid_t t = helper_start(0, entry_block, NULL, NULL, NULL, PRIO_ABOVE(1), K_NO_WAIT);

	kt_assert_eq(k_wakeup(t), -EINVAL);
	kt_assert_ne(k_thread_state_get(t) & K_THREAD_PENDING, 0);
	kt_assert_eq(k_sem_give(&block_sem), 0);
	helper_join(0);
}

KTEST(timeouts, wakeup_of_the_running_thread_returns_einval)
{
	kt_assert_eq(k_wakeup(k_current_get()), -EINVAL);
}

KTEST(timeouts, wakeup_of_an_ended_thread_returns_einval)
{
	k_tid_t t = helper_start(0, entry_log, CH('x'), NULL, NULL, PRIO_ABOVE(1), K_NO_WAIT);

	helper_join(0);
	kt_assert_eq(k_wakeup(t), -EINVAL);
}

KTEST(timeouts, wakeup_null_returns_einval)
{
	kt_assert_eq(k_wakeup(NULL), -EINVAL);
}

KTEST(timeouts, wakeup_from_isr_wakes_a_sleeper)
{
	k_tid_t t = helper_start(0, entry_sleep_forever, NULL, NULL, NULL, PRIO_ABOVE(1),
				 K_NO_WAIT);

	ktest_run_in_isr(isr_wakeup, t);
	kt_assert_eq(wakeup_ret, 0);
	kt_assert_eq(sleep_ret, INT32_MAX);
	helper_join(0);
}

/* ---- several sleepers ---- */

KTEST(timeouts, sleepers_wake_in_deadline_order)
{
	helper_start(0, entry_sleep_log, CH('A'), MS(30), (void *)0, PRIO_ABOVE(1), K_NO_WAIT);
	helper_start(1, entry_sleep_log, CH('B'), MS(10), (void *)1, PRIO_ABOVE(1), K_NO_WAIT);
	helper_start(2, entry_sleep_log, CH('C'), MS(20), (void *)2, PRIO_ABOVE(1), K_NO_WAIT);
	helper_join(0);
	helper_join(1);
	helper_join(2);
	kt_assert_str_eq(log_get(), "BCA");
}

KTEST(timeouts, each_sleeper_wakes_at_its_own_deadline)
{
	static const int ms[HELPER_COUNT] = { 40, 5, 25, 12 };
	k_ticks_t t0 = k_uptime_ticks();

	for (int i = 0; i < HELPER_COUNT; i++) {
		helper_start(i, entry_sleep_log, CH('0' + i), MS(ms[i]), (void *)(uintptr_t)i,
			     PRIO_ABOVE(1), K_NO_WAIT);
	}
	for (int i = 0; i < HELPER_COUNT; i++) {
		helper_join(i);
	}
	for (int i = 0; i < HELPER_COUNT; i++) {
		k_ticks_t want = k_ms_to_ticks_ceil(ms[i]);

		kt_assert_ge(woke_at[i] - t0, want);
		kt_assert_le(woke_at[i] - t0, want + 1);
	}
}

/* ---- busy wait and the uptime clock ---- */

KTEST(timeouts, busy_wait_advances_uptime)
{
	k_ticks_t t0 = k_uptime_ticks();

	k_busy_wait(20 * 1000);
	kt_assert_ge(k_uptime_ticks() - t0,
		     (k_ticks_t)20 * 1000 * CONFIG_SYS_CLOCK_TICKS_PER_SEC / 1000000);
}

KTEST(timeouts, busy_wait_does_not_yield_to_an_equal_priority_thread)
{
	helper_start(0, entry_log, CH('E'), NULL, NULL, CASE_PRIO, K_NO_WAIT);
	k_busy_wait(10 * 1000);
	kt_assert_str_eq(log_get(), "");
	helper_join(0);
	kt_assert_str_eq(log_get(), "E");
}

KTEST(timeouts, uptime_never_goes_back)
{
	k_ticks_t prev = k_uptime_ticks();

	for (int i = 0; i < 200; i++) {
		if (i % 2 == 0) {
			k_busy_wait(337);
		} else {
			k_sleep(K_USEC(700));
		}
		k_ticks_t now = k_uptime_ticks();

		kt_assert_ge(now, prev);
		prev = now;
	}
	kt_assert_ge(k_uptime_get(), 0);
}

KTEST(timeouts, uptime_get_is_uptime_ticks_in_milliseconds)
{
	k_sleep(K_MSEC(1234));
	k_ticks_t ticks = k_uptime_ticks();
	int64_t ms = k_uptime_get();

	/* Read back to back; allow the clock to move by one tick between. */
	kt_assert_ge(ms, k_ticks_to_ms_floor(ticks));
	kt_assert_le(ms, k_ticks_to_ms_floor(ticks + 1));
}

KTEST(timeouts, negative_msec_is_rejected_not_no_wait)
{
	kt_assert_eq(k_msleep(-5), -EINVAL);
	kt_assert_eq(k_sleep(K_USEC(-1)), -EINVAL);
}
