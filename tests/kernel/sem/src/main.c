/*
 * Counting semaphores: init checks, give/take, the limit, timeouts, the
 * order waiters are woken in, reset, and use from interrupt context.
 */
#include "helpers.h"

/* Defined statically: 1 of 3. */
K_SEM_DEFINE(static_sem, 1, 3);

static struct k_sem sem;
static volatile int take_ret[HELPER_COUNT];
static volatile int isr_ret[2];
static volatile int seen_in_isr;

static void before(void *fixture)
{
	(void)fixture;
	(void)k_sem_init(&sem, 0, 10);
	for (int i = 0; i < HELPER_COUNT; i++) {
		take_ret[i] = 1;
	}
	isr_ret[0] = isr_ret[1] = 1;
	seen_in_isr = -1;
	log_reset();
}

static void after(void *fixture)
{
	(void)fixture;
	helpers_stop_all();
}

KTEST_SUITE(sem, NULL, before, after, NULL);

#define CH(c) ((void *)(uintptr_t)(c))

/* Take sem with a timeout of p2 ms (-1: forever), store the result in
 * take_ret[p3] and log p1 on success. */
static void entry_take(void *p1, void *p2, void *p3)
{
	intptr_t ms = (intptr_t)p2;
	int ret = k_sem_take(&sem, ms < 0 ? K_FOREVER : K_MSEC(ms));

	take_ret[(uintptr_t)p3] = ret;
	if (ret == 0) {
		log_event((char)(uintptr_t)p1);
	}
}

/* Sleep p1 ms, then give sem. */
static void entry_sleep_give(void *p1, void *p2, void *p3)
{
	(void)p2;
	(void)p3;
	k_msleep((int32_t)(intptr_t)p1);
	(void)k_sem_give(&sem);
}

static void start_taker(int i, char c, int prio)
{
	helper_start(i, entry_take, CH(c), (void *)(intptr_t)-1, (void *)(uintptr_t)i, prio,
		     K_NO_WAIT);
}

/* ---- init ---- */

KTEST(sem, init_null_returns_einval)
{
	kt_assert_eq(k_sem_init(NULL, 0, 1), -EINVAL);
}

KTEST(sem, init_zero_limit_returns_einval)
{
	struct k_sem s;

	kt_assert_eq(k_sem_init(&s, 0, 0), -EINVAL);
}

KTEST(sem, init_initial_above_limit_returns_einval)
{
	struct k_sem s;

	kt_assert_eq(k_sem_init(&s, 3, 2), -EINVAL);
}

KTEST(sem, init_sets_the_count)
{
	struct k_sem s;

	kt_assert_eq(k_sem_init(&s, 2, 5), 0);
	kt_assert_eq(k_sem_count_get(&s), 2);
}

KTEST(sem, init_accepts_the_maximum_limit)
{
	struct k_sem s;

	kt_assert_eq(k_sem_init(&s, K_SEM_MAX_LIMIT, K_SEM_MAX_LIMIT), 0);
	kt_assert_eq(k_sem_count_get(&s), K_SEM_MAX_LIMIT);
	kt_assert_eq(k_sem_give(&s), 0);
	kt_assert_eq(k_sem_count_get(&s), K_SEM_MAX_LIMIT);
}

KTEST(sem, define_sets_count_and_limit)
{
	kt_assert_eq(k_sem_count_get(&static_sem), 1);
	for (int i = 0; i < 5; i++) {
		kt_assert_eq(k_sem_give(&static_sem), 0);
	}
	kt_assert_eq(k_sem_count_get(&static_sem), 3);
	kt_assert_eq(k_sem_take(&static_sem, K_NO_WAIT), 0);
}

/* ---- give and take ---- */

KTEST(sem, take_after_give_succeeds)
{
	kt_assert_eq(k_sem_give(&sem), 0);
	kt_assert_eq(k_sem_take(&sem, K_NO_WAIT), 0);
}

KTEST(sem, give_increments_the_count)
{
	kt_assert_eq(k_sem_give(&sem), 0);
	kt_assert_eq(k_sem_give(&sem), 0);
	kt_assert_eq(k_sem_count_get(&sem), 2);
}

KTEST(sem, take_decrements_the_count)
{
	kt_assert_eq(k_sem_init(&sem, 3, 10), 0);
	kt_assert_eq(k_sem_take(&sem, K_FOREVER), 0);
	kt_assert_eq(k_sem_count_get(&sem), 2);
}

KTEST(sem, count_saturates_at_the_limit)
{
	kt_assert_eq(k_sem_init(&sem, 0, 2), 0);
	for (int i = 0; i < 4; i++) {
		kt_assert_eq(k_sem_give(&sem), 0);
	}
	kt_assert_eq(k_sem_count_get(&sem), 2);
	kt_assert_eq(k_sem_take(&sem, K_NO_WAIT), 0);
	kt_assert_eq(k_sem_take(&sem, K_NO_WAIT), 0);
	kt_assert_eq(k_sem_take(&sem, K_NO_WAIT), -EBUSY);
}

KTEST(sem, take_no_wait_when_zero_returns_ebusy)
{
	kt_assert_eq(k_sem_take(&sem, K_NO_WAIT), -EBUSY);
	kt_assert_eq(k_sem_count_get(&sem), 0);
}

KTEST(sem, take_times_out_when_not_given)
{
	int64_t t0 = k_uptime_get();

	kt_assert_eq(k_sem_take(&sem, K_MSEC(50)), -EAGAIN);
	int64_t dt = k_uptime_get() - t0;

	kt_assert_ge(dt, 50);
	kt_assert_le(dt, 50 + 2 * TICK_MS);
}

KTEST(sem, take_succeeds_when_given_before_the_timeout)
{
	helper_start(0, entry_sleep_give, (void *)(intptr_t)20, NULL, NULL, PRIO_ABOVE(1),
		     K_NO_WAIT);
	int64_t t0 = k_uptime_get();

	kt_assert_eq(k_sem_take(&sem, K_MSEC(100)), 0);
	int64_t dt = k_uptime_get() - t0;

	kt_assert_ge(dt, 20);
	kt_assert_lt(dt, 100);
	helper_join(0);
}

KTEST(sem, take_forever_waits_for_a_give)
{
	helper_start(0, entry_sleep_give, (void *)(intptr_t)300, NULL, NULL, PRIO_ABOVE(1),
		     K_NO_WAIT);
	int64_t t0 = k_uptime_get();

	kt_assert_eq(k_sem_take(&sem, K_FOREVER), 0);
	kt_assert_ge(k_uptime_get() - t0, 300);
	helper_join(0);
}

KTEST(sem, give_to_a_waiter_leaves_the_count_at_zero)
{
	start_taker(0, 'A', PRIO_BELOW(1));
	k_msleep(10); /* let it pend */
	kt_assert_eq(k_sem_give(&sem), 0);
	kt_assert_eq(k_sem_count_get(&sem), 0);
	helper_join(0);
	kt_assert_eq(take_ret[0], 0);
}

KTEST(sem, timed_out_waiter_does_not_consume_a_later_give)
{
	helper_start(0, entry_take, CH('A'), (void *)(intptr_t)20, (void *)0, PRIO_ABOVE(1),
		     K_NO_WAIT);
	k_msleep(50);
	kt_assert_eq(take_ret[0], -EAGAIN);
	kt_assert_eq(k_sem_give(&sem), 0);
	kt_assert_eq(k_sem_count_get(&sem), 1);
	helper_join(0);
}

/* ---- invalid arguments ---- */

KTEST(sem, take_null_returns_einval)
{
	kt_assert_eq(k_sem_take(NULL, K_NO_WAIT), -EINVAL);
}

KTEST(sem, take_negative_timeout_returns_einval)
{
	kt_assert_eq(k_sem_give(&sem), 0);
	kt_assert_eq(k_sem_take(&sem, K_TICKS(-2)), -EINVAL);
	kt_assert_eq(k_sem_count_get(&sem), 1);
}

KTEST(sem, give_null_returns_einval)
{
	kt_assert_eq(k_sem_give(NULL), -EINVAL);
}

KTEST(sem, reset_null_returns_einval)
{
	kt_assert_eq(k_sem_reset(NULL), -EINVAL);
}

KTEST(sem, count_get_null_returns_0)
{
	kt_assert_eq(k_sem_count_get(NULL), 0);
}

/* ---- waiters ---- */

KTEST(sem, waiters_are_woken_highest_priority_first)
{
	/* Each outranks the case thread, so it pends as soon as it is created. */
	start_taker(0, 'A', PRIO_ABOVE(1));
	start_taker(1, 'B', PRIO_ABOVE(3));
	start_taker(2, 'C', PRIO_ABOVE(2));
	for (int i = 0; i < 3; i++) {
		kt_assert_eq(k_sem_give(&sem), 0);
	}
	kt_assert_str_eq(log_get(), "BCA");
	for (int i = 0; i < 3; i++) {
		helper_join(i);
	}
}

KTEST(sem, equal_priority_waiters_are_woken_in_fifo_order)
{
	start_taker(0, 'A', PRIO_ABOVE(1));
	start_taker(1, 'B', PRIO_ABOVE(1));
	start_taker(2, 'C', PRIO_ABOVE(1));
	for (int i = 0; i < 3; i++) {
		kt_assert_eq(k_sem_give(&sem), 0);
	}
	kt_assert_str_eq(log_get(), "ABC");
	for (int i = 0; i < 3; i++) {
		helper_join(i);
	}
}

KTEST(sem, waiter_whose_priority_is_raised_moves_ahead)
{
	start_taker(0, 'A', PRIO_ABOVE(1));
	start_taker(1, 'B', PRIO_ABOVE(2));
	kt_assert_eq(k_thread_priority_set(&helper_threads[0], PRIO_ABOVE(3)), 0);
	kt_assert_eq(k_sem_give(&sem), 0);
	kt_assert_str_eq(log_get(), "A");
	kt_assert_eq(k_sem_give(&sem), 0);
	kt_assert_str_eq(log_get(), "AB");
	helper_join(0);
	helper_join(1);
}

KTEST(sem, give_wakes_only_one_waiter)
{
	start_taker(0, 'A', PRIO_ABOVE(1));
	start_taker(1, 'B', PRIO_ABOVE(1));
	kt_assert_eq(k_sem_give(&sem), 0);
	kt_assert_str_eq(log_get(), "A");
	kt_assert_ne(k_thread_state_get(&helper_threads[1]) & K_THREAD_PENDING, 0);
	kt_assert_eq(k_sem_give(&sem), 0);
	helper_join(0);
	helper_join(1);
}

KTEST(sem, reset_wakes_every_waiter_with_eagain)
{
	start_taker(0, 'A', PRIO_ABOVE(1));
	start_taker(1, 'B', PRIO_ABOVE(2));
	kt_assert_eq(k_sem_reset(&sem), 0);
	kt_assert_eq(take_ret[0], -EAGAIN);
	kt_assert_eq(take_ret[1], -EAGAIN);
	kt_assert_eq(k_sem_count_get(&sem), 0);
	helper_join(0);
	helper_join(1);
}

KTEST(sem, reset_sets_the_count_to_zero)
{
	kt_assert_eq(k_sem_init(&sem, 5, 10), 0);
	kt_assert_eq(k_sem_reset(&sem), 0);
	kt_assert_eq(k_sem_count_get(&sem), 0);
	kt_assert_eq(k_sem_take(&sem, K_NO_WAIT), -EBUSY);
}

/* ---- interrupt context ---- */

static void isr_give(const void *arg)
{
	(void)arg;
	isr_ret[0] = k_sem_give(&sem);
	/* The woken thread must not run inside the ISR. */
	seen_in_isr = take_ret[0];
}

static void isr_take(const void *arg)
{
	isr_ret[0] = k_sem_take(&sem, *(const k_timeout_t *)arg);
}

KTEST(sem, give_from_isr_wakes_a_waiting_thread)
{
	start_taker(0, 'A', PRIO_BELOW(1));
	k_msleep(10); /* let it pend */
	ktest_run_in_isr(isr_give, NULL);
	kt_assert_eq(isr_ret[0], 0);
	helper_join(0);
	kt_assert_eq(take_ret[0], 0);
	kt_assert_eq(k_sem_count_get(&sem), 0);
}

KTEST(sem, give_from_isr_switches_to_a_better_waiter_when_the_isr_ends)
{
	start_taker(0, 'A', PRIO_ABOVE(1));
	ktest_run_in_isr(isr_give, NULL);
	kt_assert_eq(seen_in_isr, 1);  /* not yet inside the ISR */
	kt_assert_eq(take_ret[0], 0);  /* but right after it */
	helper_join(0);
}

KTEST(sem, take_with_timeout_from_isr_returns_einval)
{
	static const k_timeout_t timeout = K_TICKS(10);

	kt_assert_eq(k_sem_give(&sem), 0);
	ktest_run_in_isr(isr_take, &timeout);
	kt_assert_eq(isr_ret[0], -EINVAL);
	kt_assert_eq(k_sem_count_get(&sem), 1);
}

KTEST(sem, take_forever_from_isr_returns_einval)
{
	static const k_timeout_t timeout = K_FOREVER;

	ktest_run_in_isr(isr_take, &timeout);
	kt_assert_eq(isr_ret[0], -EINVAL);
}

KTEST(sem, take_no_wait_from_isr_takes_the_count)
{
	static const k_timeout_t timeout = K_NO_WAIT;

	kt_assert_eq(k_sem_give(&sem), 0);
	ktest_run_in_isr(isr_take, &timeout);
	kt_assert_eq(isr_ret[0], 0);
	kt_assert_eq(k_sem_count_get(&sem), 0);
}

KTEST(sem, take_no_wait_from_isr_on_zero_returns_ebusy)
{
	static const k_timeout_t timeout = K_NO_WAIT;

	ktest_run_in_isr(isr_take, &timeout);
	kt_assert_eq(isr_ret[0], -EBUSY);
}

static void isr_reset(const void *arg)
{
	(void)arg;
	isr_ret[1] = k_sem_reset(&sem);
}

KTEST(sem, reset_from_isr_wakes_waiters)
{
	start_taker(0, 'A', PRIO_ABOVE(1));
	ktest_run_in_isr(isr_reset, NULL);
	kt_assert_eq(isr_ret[1], 0);
	kt_assert_eq(take_ret[0], -EAGAIN);
	helper_join(0);
}

static K_SEM_DEFINE(file_scope_sem, 2, 3);

KTEST(sem, static_define_initialises_count_and_limit)
{
	kt_assert_eq(k_sem_count_get(&file_scope_sem), 2);
	kt_assert_eq(k_sem_give(&file_scope_sem), 0);
	kt_assert_eq(k_sem_give(&file_scope_sem), 0);
	kt_assert_eq(k_sem_count_get(&file_scope_sem), 3);
}
