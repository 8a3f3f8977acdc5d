/*
 * Kernel timers: init/start argument checks, one-shot and periodic
 * expiry (exact tick spacing, no drift, catch-up after interrupts were
 * locked), stop and its stop function, status get/sync, remaining time,
 * restart, expiry functions in ISR context (and what they may call), the
 * interleaving of several timers, and the uptime helpers.
 */
#include "helpers.h"

/* Expiries recorded by the expiry functions, in the order they ran. */
#define MAX_RECS 64

struct rec {
	k_ticks_t tick;
	char id;
	bool in_isr;
};

static struct rec recs[MAX_RECS];
static volatile int nrecs;
static volatile int stops;
static volatile int isr_ret;
static volatile uint32_t busy_us; /* expiry functions spin this long */

static void on_expiry(struct k_timer *timer)
{
	uintptr_t id = (uintptr_t)k_timer_user_data_get(timer);

	if (nrecs < MAX_RECS) {
		recs[nrecs].tick = k_uptime_ticks();
		recs[nrecs].id = (char)(id == 0 ? '?' : id);
		recs[nrecs].in_isr = k_is_in_isr();
		nrecs++;
	}
	if (busy_us != 0) {
		k_busy_wait(busy_us);
	}
}

static void on_stop(struct k_timer *timer)
{
	(void)timer;
	stops++;
}

static struct k_timer timers[3];
K_TIMER_DEFINE(static_timer, on_expiry, on_stop);

static void before(void *fixture)
{
	(void)fixture;
	for (int i = 0; i < 3; i++) {
		(void)k_timer_init(&timers[i], on_expiry, on_stop);
		k_timer_user_data_set(&timers[i], (void *)(uintptr_t)('A' + i));
	}
	nrecs = 0;
	stops = 0;
	isr_ret = 1000;
	busy_us = 0;
	log_reset();
}

static void after(void *fixture)
{
	(void)fixture;
	for (int i = 0; i < 3; i++) {
		(void)k_timer_stop(&timers[i]);
	}
	(void)k_timer_stop(&static_timer);
	helpers_stop_all();
}

KTEST_SUITE(timer, NULL, before, after, NULL);

#define T0 (&timers[0])
#define T1 (&timers[1])
#define T2 (&timers[2])
#define MS_TICKS(ms) (K_MSEC(ms).ticks)

/* Start @p t to expire @p d then every @p p ticks; return the tick it
 * was started at. */
static k_ticks_t start_ticks(struct k_timer *t, k_ticks_t d, k_ticks_t p)
{
	unsigned int key = irq_lock();
	k_ticks_t now = k_uptime_ticks();

	kt_assert_eq(k_timer_start(t, K_TICKS(d), K_TICKS(p)), 0);
	irq_unlock(key);
	return now;
}

/* The recorded expiries of timer @p id are exactly @p first, then every
 * @p period ticks; returns how many there were. */
static int check_progression(char id, k_ticks_t first, k_ticks_t period)
{
	int n = 0;

	for (int i = 0; i < nrecs; i++) {
		if (recs[i].id != id) {
			continue;
		}
		if (recs[i].tick != first + n * period) {
			kt_fail("timer %c expiry %d at tick %lld, expected %lld", id, n,
				(long long)recs[i].tick, (long long)(first + n * period));
		}
		n++;
	}
	return n;
}

/* ---- argument checks ---- */

KTEST(timer, init_null_returns_einval)
{
	kt_assert_eq(k_timer_init(NULL, on_expiry, NULL), -EINVAL);
}

KTEST(timer, start_rejects_null_and_invalid_timeouts)
{
	kt_assert_eq(k_timer_start(NULL, K_MSEC(1), K_NO_WAIT), -EINVAL);
	kt_assert_eq(k_timer_start(T0, K_MSEC(-1), K_NO_WAIT), -EINVAL);
	kt_assert_eq(k_timer_start(T0, K_MSEC(1), K_MSEC(-5)), -EINVAL);
	kt_assert_eq(k_timer_start(T0, K_FOREVER, K_MSEC(5)), -EINVAL);
	kt_assert_false(k_timer_is_running(T0));
}

KTEST(timer, null_timer_queries_are_harmless)
{
	kt_assert_eq(k_timer_stop(NULL), -EINVAL);
	kt_assert_eq(k_timer_status_get(NULL), -EINVAL);
	kt_assert_eq(k_timer_status_sync(NULL), -EINVAL);
	kt_assert_eq(k_timer_remaining_ticks(NULL), 0);
	kt_assert_eq(k_timer_remaining_get(NULL), 0);
	kt_assert_false(k_timer_is_running(NULL));
	kt_assert_null(k_timer_user_data_get(NULL));
	k_timer_user_data_set(NULL, T0);
}

KTEST(timer, define_makes_a_stopped_timer_that_works)
{
	kt_assert_false(k_timer_is_running(&static_timer));
	kt_assert_eq(k_timer_status_get(&static_timer), 0);
	kt_assert_null(k_timer_user_data_get(&static_timer));
	kt_assert_eq(k_timer_stop(&static_timer), -EALREADY);
	kt_assert_eq(stops, 0);
	k_timer_user_data_set(&static_timer, (void *)(uintptr_t)'S');
	kt_assert_eq(k_timer_start(&static_timer, K_MSEC(5), K_NO_WAIT), 0);
	kt_assert_eq(k_timer_status_sync(&static_timer), 1);
	kt_assert_eq(nrecs, 1);
	kt_assert_eq(recs[0].id, 'S');
}

KTEST(timer, user_data_round_trips)
{
	kt_assert_ptr_eq(k_timer_user_data_get(T0), (void *)(uintptr_t)'A');
	k_timer_user_data_set(T0, &recs[3]);
	kt_assert_ptr_eq(k_timer_user_data_get(T0), &recs[3]);
	(void)k_timer_init(T0, NULL, NULL);
	kt_assert_null(k_timer_user_data_get(T0));
}

/* ---- one-shot ---- */

KTEST(timer, one_shot_expires_once_after_its_duration)
{
	k_ticks_t t0 = start_ticks(T0, MS_TICKS(20), 0);

	kt_assert_true(k_timer_is_running(T0));
	k_msleep(100);
	kt_assert_eq(nrecs, 1);
	kt_assert_eq(recs[0].tick, t0 + MS_TICKS(20));
	kt_assert_false(k_timer_is_running(T0));
	kt_assert_eq(k_timer_status_get(T0), 1);
	kt_assert_eq(k_timer_stop(T0), -EALREADY);
	kt_assert_eq(stops, 0);
}

KTEST(timer, period_forever_is_one_shot_too)
{
	kt_assert_eq(k_timer_start(T0, K_MSEC(5), K_FOREVER), 0);
	k_msleep(50);
	kt_assert_eq(nrecs, 1);
	kt_assert_false(k_timer_is_running(T0));
}

KTEST(timer, no_wait_duration_expires_at_the_next_tick)
{
	k_ticks_t t0 = start_ticks(T0, 0, 0);

	k_msleep(10);
	kt_assert_eq(nrecs, 1);
	kt_assert_eq(recs[0].tick, t0 + 1);
}

/* ---- periodic ---- */

KTEST(timer, periodic_expiries_are_exactly_one_period_apart)
{
	k_ticks_t p = MS_TICKS(10);
	k_ticks_t t0 = start_ticks(T0, MS_TICKS(15), p);

	k_msleep(15 + 10 * 10 - 5); /* ends between expiries 10 and 11 */
	kt_assert_eq(k_timer_stop(T0), 0);
	kt_assert_eq(check_progression('A', t0 + MS_TICKS(15), p), 10);
}

KTEST(timer, periodic_does_not_drift_with_a_slow_expiry_function)
{
	k_ticks_t p = MS_TICKS(10);

	busy_us = 3000; /* 30% of each period spent in the expiry function */
	k_ticks_t t0 = start_ticks(T0, p, p);

	k_msleep(20 * 10 + 5);
	kt_assert_eq(k_timer_stop(T0), 0);
	kt_assert_eq(check_progression('A', t0 + p, p), 20);
	kt_assert_eq(k_timer_status_get(T0), 20);
}

KTEST(timer, expiries_missed_with_irqs_locked_are_caught_up)
{
	k_ticks_t p = MS_TICKS(10);
	k_ticks_t t0 = start_ticks(T0, p, p);
	unsigned int key = irq_lock();

	k_busy_wait(35 * 1000); /* three deadlines pass unannounced */
	kt_assert_eq(nrecs, 0);
	irq_unlock(key);
	/* A tick for the driver to announce the last partial period. */
	k_sleep(K_TICKS(1));
	kt_assert_eq(k_timer_status_get(T0), 3);
	kt_assert_eq(check_progression('A', t0 + p, p), 3);
	/* ...and the period goes on from the deadlines, not from now. */
	kt_assert_eq(k_timer_remaining_ticks(T0), t0 + 4 * p - k_uptime_ticks());
}

KTEST(timer, timers_of_different_periods_interleave_in_deadline_order)
{
	static const k_ticks_t period[3] = { 3, 5, 7 };
	unsigned int key = irq_lock();
	k_ticks_t t0 = k_uptime_ticks();

	for (int i = 0; i < 3; i++) {
		kt_assert_eq(k_timer_start(&timers[i], K_TICKS(period[i]),
					   K_TICKS(period[i])), 0);
	}
	irq_unlock(key);
	k_sleep(K_TICKS(50));
	for (int i = 0; i < 3; i++) {
		(void)k_timer_stop(&timers[i]);
	}
	for (int i = 1; i < nrecs; i++) {
		kt_assert(recs[i].tick >= recs[i - 1].tick,
			  "expiry %d (%c, tick %lld) ran after one due later (%c, tick %lld)",
			  i, recs[i].id, (long long)recs[i].tick, recs[i - 1].id,
			  (long long)recs[i - 1].tick);
	}
	for (int i = 0; i < 3; i++) {
		int n = check_progression((char)('A' + i), t0 + period[i], period[i]);

		kt_assert_ge(n, 50 / period[i]);
		kt_assert_le(n, 50 / period[i] + 1);
	}
}

/* ---- stop ---- */

KTEST(timer, stop_calls_the_stop_function_of_a_running_timer)
{
	kt_assert_eq(k_timer_start(T0, K_MSEC(50), K_NO_WAIT), 0);
	kt_assert_eq(k_timer_stop(T0), 0);
	kt_assert_eq(stops, 1);
	kt_assert_false(k_timer_is_running(T0));
	k_msleep(100);
	kt_assert_eq(nrecs, 0);
}

KTEST(timer, stop_of_a_stopped_timer_returns_ealready_without_calling_stop_fn)
{
	kt_assert_eq(k_timer_stop(T0), -EALREADY);
	kt_assert_eq(k_timer_start(T0, K_MSEC(10), K_MSEC(10)), 0);
	kt_assert_eq(k_timer_stop(T0), 0);
	kt_assert_eq(k_timer_stop(T0), -EALREADY);
	kt_assert_eq(stops, 1);
}

KTEST(timer, stop_ends_a_periodic_timer_and_keeps_its_status)
{
	kt_assert_eq(k_timer_start(T0, K_MSEC(10), K_MSEC(10)), 0);
	k_msleep(35);
	kt_assert_eq(k_timer_stop(T0), 0);
	int n = nrecs;

	k_msleep(100);
	kt_assert_eq(nrecs, n);
	kt_assert_eq(k_timer_status_get(T0), 3);
}

/* ---- status ---- */

KTEST(timer, status_get_reads_and_resets_the_count)
{
	kt_assert_eq(k_timer_start(T0, K_MSEC(10), K_MSEC(10)), 0);
	k_msleep(25);
	kt_assert_eq(k_timer_status_get(T0), 2);
	kt_assert_eq(k_timer_status_get(T0), 0);
	k_msleep(10);
	kt_assert_eq(k_timer_status_get(T0), 1);
}

KTEST(timer, status_sync_waits_for_the_next_expiry)
{
	k_ticks_t t0 = start_ticks(T0, MS_TICKS(30), MS_TICKS(30));

	kt_assert_eq(k_timer_status_sync(T0), 1);
	kt_assert_eq(k_uptime_ticks(), t0 + MS_TICKS(30));
	kt_assert_eq(k_timer_status_sync(T0), 1);
	kt_assert_eq(k_uptime_ticks(), t0 + MS_TICKS(60));
}

KTEST(timer, status_sync_counts_a_periodic_timer_over_n_periods)
{
	kt_assert_eq(k_timer_start(T0, K_MSEC(5), K_MSEC(5)), 0);
	for (int i = 0; i < 20; i++) {
		kt_assert_eq(k_timer_status_sync(T0), 1);
	}
	k_msleep(12);
	kt_assert_eq(k_timer_status_sync(T0), 2);
	kt_assert_eq(nrecs, 22);
}

KTEST(timer, status_sync_returns_at_once_when_status_is_set)
{
	kt_assert_eq(k_timer_start(T0, K_MSEC(5), K_MSEC(100)), 0);
	k_msleep(10);
	k_ticks_t t0 = k_uptime_ticks();

	kt_assert_eq(k_timer_status_sync(T0), 1);
	kt_assert_eq(k_uptime_ticks(), t0);
}

KTEST(timer, status_sync_of_a_stopped_timer_returns_zero_at_once)
{
	k_ticks_t t0 = k_uptime_ticks();

	kt_assert_eq(k_timer_status_sync(T0), 0);
	kt_assert_eq(k_uptime_ticks(), t0);
}

static void entry_stop_t0(void *p1, void *p2, void *p3)
{
	(void)p2;
	(void)p3;
	k_msleep((int32_t)(intptr_t)p1);
	log_event('s');
	(void)k_timer_stop(T0);
}

KTEST(timer, stop_wakes_status_sync_waiters_with_zero)
{
	kt_assert_eq(k_timer_start(T0, K_MSEC(500), K_NO_WAIT), 0);
	helper_start(0, entry_stop_t0, (void *)(intptr_t)20, NULL, NULL,
		     PRIO_ABOVE(1), K_NO_WAIT);
	int64_t t0 = k_uptime_get();

	kt_assert_eq(k_timer_status_sync(T0), 0);
	kt_assert_str_eq(log_get(), "s");
	kt_assert_ge(k_uptime_get() - t0, 20);
	kt_assert_lt(k_uptime_get() - t0, 500);
	kt_assert_eq(stops, 1);
	helper_join(0);
}

static void isr_status_sync(const void *arg)
{
	(void)arg;
	isr_ret = k_timer_status_sync(T0);
}

KTEST(timer, status_sync_from_an_isr_returns_einval)
{
	kt_assert_eq(k_timer_start(T0, K_MSEC(5), K_NO_WAIT), 0);
	ktest_run_in_isr(isr_status_sync, NULL);
	kt_assert_eq(isr_ret, -EINVAL);
}

/* ---- remaining time ---- */

KTEST(timer, remaining_counts_down_to_the_deadline)
{
	k_ticks_t t0 = start_ticks(T0, MS_TICKS(100), 0);

	kt_assert_eq(k_timer_remaining_ticks(T0), t0 + MS_TICKS(100) - k_uptime_ticks());
	k_msleep(30);
	k_ticks_t left = k_timer_remaining_ticks(T0);

	kt_assert_eq(left, t0 + MS_TICKS(100) - k_uptime_ticks());
	kt_assert_le(left, MS_TICKS(70));
	kt_assert_ge(left, MS_TICKS(70) - 2);
	kt_assert_eq(k_timer_remaining_get(T0), k_ticks_to_ms_floor(left));
}

KTEST(timer, remaining_is_zero_when_not_running)
{
	kt_assert_eq(k_timer_remaining_ticks(T0), 0);
	kt_assert_eq(k_timer_start(T0, K_MSEC(5), K_NO_WAIT), 0);
	k_msleep(10);
	kt_assert_eq(k_timer_remaining_ticks(T0), 0);
	kt_assert_eq(k_timer_remaining_get(T0), 0);
}

KTEST(timer, remaining_of_a_periodic_timer_is_to_its_next_expiry)
{
	k_ticks_t t0 = start_ticks(T0, MS_TICKS(10), MS_TICKS(10));

	k_msleep(25);
	kt_assert_eq(k_timer_remaining_ticks(T0), t0 + MS_TICKS(30) - k_uptime_ticks());
}

/* ---- restart ---- */

KTEST(timer, restart_moves_the_deadline_and_resets_the_status)
{
	kt_assert_eq(k_timer_start(T0, K_MSEC(10), K_MSEC(10)), 0);
	k_msleep(25);
	kt_assert_eq(nrecs, 2);
	k_ticks_t t1 = start_ticks(T0, MS_TICKS(50), 0);

	kt_assert_eq(stops, 0); /* a restart is not a stop */
	kt_assert_eq(k_timer_status_get(T0), 0);
	kt_assert_eq(k_timer_status_sync(T0), 1);
	kt_assert_eq(nrecs, 3);
	kt_assert_eq(recs[2].tick, t1 + MS_TICKS(50));
	k_msleep(50);
	kt_assert_eq(nrecs, 3); /* now one-shot */
}

KTEST(timer, restart_before_expiry_postpones_it)
{
	k_ticks_t t0 = start_ticks(T0, MS_TICKS(30), 0);

	k_msleep(20);
	k_ticks_t t1 = start_ticks(T0, MS_TICKS(30), 0);

	k_msleep(60);
	kt_assert_eq(nrecs, 1);
	kt_assert_eq(recs[0].tick, t1 + MS_TICKS(30));
	kt_assert_gt(recs[0].tick, t0 + MS_TICKS(30));
}

/* ---- expiry functions: ISR context, and what they may do ---- */

KTEST(timer, expiry_function_runs_in_isr_context)
{
	kt_assert_eq(k_timer_start(T0, K_MSEC(5), K_MSEC(5)), 0);
	k_msleep(22);
	kt_assert_eq(k_timer_stop(T0), 0);
	kt_assert_eq(nrecs, 4);
	for (int i = 0; i < nrecs; i++) {
		kt_assert_true(recs[i].in_isr);
	}
}

static K_SEM_DEFINE(expiry_sem, 0, 10);

static void give_on_expiry(struct k_timer *timer)
{
	(void)timer;
	log_event('e');
	(void)k_sem_give(&expiry_sem);
}

KTEST(timer, expiry_function_wakes_a_thread_with_a_semaphore)
{
	(void)k_sem_init(&expiry_sem, 0, 10);
	(void)k_timer_init(T0, give_on_expiry, NULL);
	kt_assert_eq(k_timer_start(T0, K_MSEC(10), K_NO_WAIT), 0);
	int64_t t0 = k_uptime_get();

	kt_assert_eq(k_sem_take(&expiry_sem, K_MSEC(100)), 0);
	kt_assert_ge(k_uptime_get() - t0, 10);
	kt_assert_le(k_uptime_get() - t0, 10 + TICK_MS);
	kt_assert_str_eq(log_get(), "e");
}

static void restart_on_expiry(struct k_timer *timer)
{
	on_expiry(timer);
	if (nrecs < 3) {
		isr_ret = k_timer_start(timer, K_MSEC(7), K_NO_WAIT);
	}
}

KTEST(timer, expiry_function_may_restart_its_own_timer)
{
	(void)k_timer_init(T0, restart_on_expiry, NULL);
	k_timer_user_data_set(T0, (void *)(uintptr_t)'A');
	k_ticks_t t0 = start_ticks(T0, MS_TICKS(7), 0);

	k_msleep(50);
	kt_assert_eq(isr_ret, 0);
	kt_assert_eq(check_progression('A', t0 + MS_TICKS(7), MS_TICKS(7)), 3);
	kt_assert_false(k_timer_is_running(T0));
}

KTEST(timer, status_sync_counts_expiries_of_a_timer_restarted_by_its_expiry_function)
{
	(void)k_timer_init(T0, restart_on_expiry, NULL);
	kt_assert_eq(k_timer_start(T0, K_MSEC(7), K_NO_WAIT), 0);
	/* Each restart resets the status, after the expiry woke us. */
	kt_assert_eq(k_timer_status_sync(T0), 1);
	kt_assert_eq(k_timer_status_sync(T0), 1);
	kt_assert_eq(k_timer_status_sync(T0), 1);
	kt_assert_eq(nrecs, 3);
	kt_assert_eq(k_timer_status_sync(T0), 0); /* not running any more */
}

static void stop_on_third_expiry(struct k_timer *timer)
{
	on_expiry(timer);
	if (nrecs == 3) {
		isr_ret = k_timer_stop(timer);
	}
}

KTEST(timer, expiry_function_may_stop_its_own_periodic_timer)
{
	(void)k_timer_init(T0, stop_on_third_expiry, on_stop);
	kt_assert_eq(k_timer_start(T0, K_MSEC(5), K_MSEC(5)), 0);
	k_msleep(50);
	kt_assert_eq(isr_ret, 0);
	kt_assert_eq(stops, 1);
	kt_assert_eq(nrecs, 3);
	kt_assert_false(k_timer_is_running(T0));
}

static void isr_start_t0(const void *arg)
{
	(void)arg;
	isr_ret = k_timer_start(T0, K_MSEC(10), K_NO_WAIT);
}

KTEST(timer, start_from_an_isr_works)
{
	ktest_run_in_isr(isr_start_t0, NULL);
	kt_assert_eq(isr_ret, 0);
	kt_assert_eq(k_timer_status_sync(T0), 1);
	kt_assert_eq(nrecs, 1);
}

KTEST(timer, expiry_function_may_be_null)
{
	(void)k_timer_init(T0, NULL, NULL);
	kt_assert_eq(k_timer_start(T0, K_MSEC(5), K_MSEC(5)), 0);
	k_msleep(12);
	kt_assert_eq(k_timer_stop(T0), 0);
	kt_assert_eq(k_timer_status_get(T0), 2);
}

/* ---- uptime helpers ---- */

KTEST(timer, uptime_us_agrees_with_the_tick_clock)
{
	k_msleep(7);
	unsigned int key = irq_lock();
	int64_t us = k_uptime_us();
	k_ticks_t ticks = k_uptime_ticks();

	irq_unlock(key);
	kt_assert_ge(us, k_ticks_to_us_floor(ticks));
	kt_assert_lt(us, k_ticks_to_us_floor(ticks + 1));

	int64_t before_us = k_uptime_us();

	k_busy_wait(250);
	kt_assert_ge(k_uptime_us() - before_us, 250);
}

KTEST(timer, uptime_clock_is_steady_with_irqs_locked_across_timer_periods)
{
	/*
	 * k_uptime_us() reads k_cycle_get_64(). A 5 ms timer makes the system
	 * timer wrap every 5 ms: the driver must count each wrap exactly once
	 * even while it cannot interrupt. Read the counter back to back (a
	 * miscount may last only a few cycles), with a short busy wait now
	 * and then so that simulated time advances on native_sim.
	 */
	const uint64_t hz = CONFIG_SYS_CLOCK_HW_CYCLES_PER_SEC;
	const uint64_t max_step = hz / 1000; /* 1 ms */

	kt_assert_eq(k_timer_start(T0, K_MSEC(5), K_MSEC(5)), 0);
	unsigned int key = irq_lock();
	uint64_t start = k_cycle_get_64(), prev = start;
	int64_t us0 = k_uptime_us();

	for (uint32_t i = 1; prev - start < 30 * max_step; i++) {
		if (i % 64 == 0) {
			k_busy_wait(1);
		}
		uint64_t now = k_cycle_get_64();

		if (now < prev || now - prev > max_step) {
			irq_unlock(key);
			kt_fail("k_cycle_get_64() stepped from %llu to %llu, %llu cycles "
				"into the test", (unsigned long long)prev,
				(unsigned long long)now, (unsigned long long)(prev - start));
		}
		prev = now;
	}
	int64_t us = k_uptime_us() - us0;

	irq_unlock(key);
	kt_assert_ge(us, 30000);
	kt_assert_lt(us, 31000);
}

KTEST(timer, uptime_delta_returns_the_elapsed_ms_and_moves_the_reference)
{
	int64_t ref = k_uptime_get();

	k_msleep(30);
	int64_t d = k_uptime_delta(&ref);

	kt_assert_ge(d, 30);
	kt_assert_le(d, 30 + TICK_MS);
	kt_assert_eq(ref, k_uptime_get());
	kt_assert_eq(k_uptime_delta(&ref), 0);
	kt_assert_eq(k_uptime_delta(NULL), 0);
}
