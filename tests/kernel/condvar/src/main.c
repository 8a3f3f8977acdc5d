/*
 * Condition variables: wait/signal/broadcast, the mutex being released
 * while waiting and re-locked on return, timeouts, errors, ISR signals.
 */
#include "helpers.h"

#define NO_RESULT 1000

static struct k_condvar cv;
static struct k_mutex mtx;
static K_CONDVAR_DEFINE(static_cv);

static volatile int wait_ret[HELPER_COUNT];
/* k_mutex_unlock() result right after the wait: 0 proves it was re-locked. */
static volatile int unlock_ret[HELPER_COUNT];
static volatile int isr_ret;

static void before(void *fixture)
{
	(void)fixture;
	(void)k_condvar_init(&cv);
	(void)k_mutex_init(&mtx);
	for (int i = 0; i < HELPER_COUNT; i++) {
		wait_ret[i] = NO_RESULT;
		unlock_ret[i] = NO_RESULT;
	}
	isr_ret = NO_RESULT;
	log_reset();
}

static void after(void *fixture)
{
	(void)fixture;
	helpers_stop_all();
	(void)k_condvar_init(&cv);
	(void)k_mutex_init(&mtx);
}

KTEST_SUITE(condvar, NULL, before, after, NULL);

/* Lock mtx, wait on cv (p2 ms, -1 forever), log p1 when signalled, unlock.
 * Results go to wait_ret[p3] and unlock_ret[p3]. */
static void entry_wait(void *p1, void *p2, void *p3)
{
	intptr_t ms = (intptr_t)p2;
	uintptr_t i = (uintptr_t)p3;

	(void)k_mutex_lock(&mtx, K_FOREVER);
	int ret = k_condvar_wait(&cv, &mtx, ms < 0 ? K_FOREVER : K_MSEC(ms));

	wait_ret[i] = ret;
	if (ret == 0) {
		log_event((char)(uintptr_t)p1);
	}
	unlock_ret[i] = k_mutex_unlock(&mtx);
}

static void start_waiter(int i, char c, int prio)
{
	helper_start(i, entry_wait, (void *)(uintptr_t)c, (void *)(intptr_t)-1,
		     (void *)(uintptr_t)i, prio, K_NO_WAIT);
}

/* Hold mtx until woken with k_wakeup(). */
static void entry_hold_until_woken(void *p1, void *p2, void *p3)
{
	(void)p1;
	(void)p2;
	(void)p3;
	(void)k_mutex_lock(&mtx, K_FOREVER);
	(void)k_sleep(K_FOREVER);
	(void)k_mutex_unlock(&mtx);
}

KTEST(condvar, init_null_returns_einval)
{
	kt_assert_eq(k_condvar_init(NULL), -EINVAL);
}

KTEST(condvar, wait_returns_0_when_signalled)
{
	start_waiter(0, 'A', PRIO_ABOVE(1));
	kt_assert_eq(wait_ret[0], NO_RESULT);
	kt_assert_eq(k_condvar_signal(&cv), 0);
	kt_assert_eq(wait_ret[0], 0);
	helper_join(0);
}

KTEST(condvar, wait_relocks_the_mutex_before_returning)
{
	start_waiter(0, 'A', PRIO_ABOVE(1));
	kt_assert_eq(k_condvar_signal(&cv), 0);
	helper_join(0);
	kt_assert_eq(unlock_ret[0], 0); /* the waiter owned the mutex again */
}

KTEST(condvar, wait_releases_the_mutex_while_waiting)
{
	start_waiter(0, 'A', PRIO_ABOVE(1));
	kt_assert_eq(k_mutex_lock(&mtx, K_NO_WAIT), 0);
	kt_assert_eq(k_mutex_unlock(&mtx), 0);
	kt_assert_eq(k_condvar_signal(&cv), 0);
	helper_join(0);
}

KTEST(condvar, signalled_waiter_returns_only_once_the_mutex_is_free)
{
	start_waiter(0, 'A', PRIO_ABOVE(1));
	kt_assert_eq(k_mutex_lock(&mtx, K_FOREVER), 0);
	kt_assert_eq(k_condvar_signal(&cv), 0);
	kt_assert_eq(wait_ret[0], NO_RESULT); /* blocked on the mutex we hold */
	kt_assert_eq(k_mutex_unlock(&mtx), 0);
	kt_assert_eq(wait_ret[0], 0);
	kt_assert_eq(unlock_ret[0], 0);
	helper_join(0);
}

KTEST(condvar, define_creates_a_usable_condvar)
{
	kt_assert_eq(k_mutex_lock(&mtx, K_FOREVER), 0);
	kt_assert_eq(k_condvar_wait(&static_cv, &mtx, K_MSEC(5)), -EAGAIN);
	kt_assert_eq(k_mutex_unlock(&mtx), 0);
	kt_assert_eq(k_condvar_signal(&static_cv), 0);
}

KTEST(condvar, signal_wakes_only_one_waiter)
{
	start_waiter(0, 'A', PRIO_ABOVE(1));
	start_waiter(1, 'B', PRIO_ABOVE(1));
	kt_assert_eq(k_condvar_signal(&cv), 0);
	kt_assert_str_eq(log_get(), "A");
	kt_assert_eq(wait_ret[1], NO_RESULT);
	kt_assert_eq(k_condvar_signal(&cv), 0);
	kt_assert_str_eq(log_get(), "AB");
	helper_join(0);
	helper_join(1);
}

KTEST(condvar, signal_wakes_the_highest_priority_waiter)
{
	start_waiter(0, 'A', PRIO_ABOVE(1));
	start_waiter(1, 'B', PRIO_ABOVE(3));
	start_waiter(2, 'C', PRIO_ABOVE(2));
	for (int i = 0; i < 3; i++) {
		kt_assert_eq(k_condvar_signal(&cv), 0);
	}
	kt_assert_str_eq(log_get(), "BCA");
	for (int i = 0; i < 3; i++) {
		helper_join(i);
	}
}

KTEST(condvar, broadcast_wakes_every_waiter_and_returns_the_count)
{
	start_waiter(0, 'A', PRIO_ABOVE(1));
	start_waiter(1, 'B', PRIO_ABOVE(1));
	start_waiter(2, 'C', PRIO_BELOW(1));
	k_msleep(10); /* let the low one wait too */
	kt_assert_eq(k_condvar_broadcast(&cv), 3);
	for (int i = 0; i < 3; i++) {
		helper_join(i);
		kt_assert_eq(wait_ret[i], 0);
		kt_assert_eq(unlock_ret[i], 0);
	}
	kt_assert_str_eq(log_get(), "ABC");
}

KTEST(condvar, broadcast_with_no_waiters_returns_0)
{
	kt_assert_eq(k_condvar_broadcast(&cv), 0);
}

KTEST(condvar, signal_with_no_waiters_is_not_remembered)
{
	kt_assert_eq(k_condvar_signal(&cv), 0);
	kt_assert_eq(k_mutex_lock(&mtx, K_FOREVER), 0);
	kt_assert_eq(k_condvar_wait(&cv, &mtx, K_MSEC(20)), -EAGAIN);
	kt_assert_eq(k_mutex_unlock(&mtx), 0);
}

KTEST(condvar, wait_times_out_with_eagain)
{
	int64_t t0;

	kt_assert_eq(k_mutex_lock(&mtx, K_FOREVER), 0);
	t0 = k_uptime_get();
	kt_assert_eq(k_condvar_wait(&cv, &mtx, K_MSEC(50)), -EAGAIN);
	kt_assert_ge(k_uptime_get() - t0, 50);
	kt_assert_eq(k_mutex_unlock(&mtx), 0);
}

KTEST(condvar, wait_timeout_returns_with_the_mutex_locked)
{
	kt_assert_eq(k_mutex_lock(&mtx, K_FOREVER), 0);
	kt_assert_eq(k_condvar_wait(&cv, &mtx, K_MSEC(20)), -EAGAIN);
	/* Ours: unlocking works once, and then it is free. */
	kt_assert_eq(k_mutex_unlock(&mtx), 0);
	kt_assert_eq(k_mutex_unlock(&mtx), -EINVAL);
}

KTEST(condvar, timed_out_waiter_is_not_woken_by_a_later_signal)
{
	helper_start(0, entry_wait, (void *)(uintptr_t)'A', (void *)(intptr_t)20, (void *)0, PRIO_ABOVE(1),
		     K_NO_WAIT);
	start_waiter(1, 'B', PRIO_ABOVE(2));
	k_msleep(50);
	kt_assert_eq(wait_ret[0], -EAGAIN);
	/* The signal goes to the remaining waiter. */
	kt_assert_eq(k_condvar_signal(&cv), 0);
	kt_assert_eq(wait_ret[1], 0);
	helper_join(0);
	helper_join(1);
}

KTEST(condvar, wait_without_the_mutex_returns_eperm)
{
	kt_assert_eq(k_condvar_wait(&cv, &mtx, K_MSEC(10)), -EPERM);
}

KTEST(condvar, wait_on_a_mutex_owned_by_another_thread_returns_eperm)
{
	k_tid_t t = helper_start(0, entry_hold_until_woken, NULL, NULL, NULL, PRIO_ABOVE(1),
				 K_NO_WAIT);

	kt_assert_eq(k_condvar_wait(&cv, &mtx, K_MSEC(10)), -EPERM);
	kt_assert_eq(k_wakeup(t), 0);
	helper_join(0);
}

KTEST(condvar, wait_null_condvar_returns_einval)
{
	kt_assert_eq(k_mutex_lock(&mtx, K_FOREVER), 0);
	kt_assert_eq(k_condvar_wait(NULL, &mtx, K_MSEC(10)), -EINVAL);
	kt_assert_eq(k_mutex_unlock(&mtx), 0);
}

KTEST(condvar, wait_null_mutex_returns_einval)
{
	kt_assert_eq(k_condvar_wait(&cv, NULL, K_MSEC(10)), -EINVAL);
}

KTEST(condvar, wait_negative_timeout_returns_einval)
{
	kt_assert_eq(k_mutex_lock(&mtx, K_FOREVER), 0);
	kt_assert_eq(k_condvar_wait(&cv, &mtx, K_TICKS(-2)), -EINVAL);
	kt_assert_eq(k_mutex_unlock(&mtx), 0);
}

KTEST(condvar, signal_null_returns_einval)
{
	kt_assert_eq(k_condvar_signal(NULL), -EINVAL);
}

KTEST(condvar, broadcast_null_returns_einval)
{
	kt_assert_eq(k_condvar_broadcast(NULL), -EINVAL);
}

static void isr_signal(const void *arg)
{
	(void)arg;
	isr_ret = k_condvar_signal(&cv);
}

static void isr_broadcast(const void *arg)
{
	(void)arg;
	isr_ret = k_condvar_broadcast(&cv);
}

static void isr_wait(const void *arg)
{
	(void)arg;
	isr_ret = k_condvar_wait(&cv, &mtx, K_FOREVER);
}

KTEST(condvar, signal_from_isr_wakes_a_waiter)
{
	start_waiter(0, 'A', PRIO_ABOVE(1));
	ktest_run_in_isr(isr_signal, NULL);
	kt_assert_eq(isr_ret, 0);
	kt_assert_eq(wait_ret[0], 0);
	helper_join(0);
}

KTEST(condvar, broadcast_from_isr_wakes_every_waiter)
{
	start_waiter(0, 'A', PRIO_ABOVE(1));
	start_waiter(1, 'B', PRIO_ABOVE(2));
	ktest_run_in_isr(isr_broadcast, NULL);
	kt_assert_eq(isr_ret, 2);
	helper_join(0);
	helper_join(1);
	kt_assert_eq(wait_ret[0], 0);
	kt_assert_eq(wait_ret[1], 0);
}

KTEST(condvar, wait_from_isr_returns_einval)
{
	/* The interrupted thread owns the mutex: only the ISR rule applies. */
	kt_assert_eq(k_mutex_lock(&mtx, K_FOREVER), 0);
	ktest_run_in_isr(isr_wait, NULL);
	kt_assert_eq(isr_ret, -EINVAL);
	kt_assert_eq(k_mutex_unlock(&mtx), 0);
}
