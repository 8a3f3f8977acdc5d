/*
 * Interrupt context: k_is_in_isr(), k_current_get() in an ISR, the calls
 * that refuse ISR context (and their documented errors), and the calls
 * that are allowed there and take effect when the ISR returns.
 */
#include "helpers.h"

#define NO_RESULT 1000

K_SEM_DEFINE(sem, 0, 1);
static K_MUTEX_DEFINE(mtx);
static K_CONDVAR_DEFINE(cv);

static volatile int isr_ret;
static volatile int isr_flag;
static volatile k_tid_t isr_tid;
static volatile int reached;

static void before(void *fixture)
{
	(void)fixture;
	isr_ret = NO_RESULT;
	isr_flag = -1;
	isr_tid = NULL;
	reached = 0;
	log_reset();
}

static void after(void *fixture)
{
	(void)fixture;
	helpers_stop_all();
	(void)k_sem_init(&sem, 0, 1);
	(void)k_mutex_init(&mtx);
	(void)k_condvar_init(&cv);
}

KTEST_SUITE(isr, NULL, before, after, NULL);

#define CH(c) ((void *)(uintptr_t)(c))

static void entry_log(void *p1, void *p2, void *p3)
{
	(void)p2;
	(void)p3;
	log_event((char)(uintptr_t)p1);
}

static void entry_block(void *p1, void *p2, void *p3)
{
	(void)p1;
	(void)p2;
	(void)p3;
	(void)k_sem_take(&sem, K_FOREVER);
}

/* ---- context queries ---- */

static void isr_query(const void *arg)
{
	(void)arg;
	isr_flag = k_is_in_isr();
	isr_tid = k_current_get();
}

KTEST(isr, is_in_isr_is_true_in_an_isr)
{
	ktest_run_in_isr(isr_query, NULL);
	kt_assert_eq(isr_flag, 1);
}

KTEST(isr, is_in_isr_is_false_in_a_thread)
{
	kt_assert_false(k_is_in_isr());
	ktest_run_in_isr(isr_query, NULL);
	kt_assert_false(k_is_in_isr()); /* and again after an ISR */
}

KTEST(isr, current_get_in_an_isr_returns_the_interrupted_thread)
{
	ktest_run_in_isr(isr_query, NULL);
	kt_assert_ptr_eq(isr_tid, k_current_get());
}

/* ---- calls that refuse ISR context ---- */

static void isr_sleep(const void *arg)
{
	(void)arg;
	isr_ret = k_sleep(K_MSEC(10));
}

KTEST(isr, sleep_in_an_isr_returns_eperm)
{
	ktest_run_in_isr(isr_sleep, NULL);
	kt_assert_eq(isr_ret, -EPERM);
}

static void isr_join(const void *arg)
{
	isr_ret = k_thread_join((k_tid_t)arg, K_NO_WAIT);
}

KTEST(isr, thread_join_in_an_isr_returns_einval)
{
	k_tid_t t = helper_start(0, entry_block, NULL, NULL, NULL, PRIO_ABOVE(1), K_NO_WAIT);

	ktest_run_in_isr(isr_join, t);
	kt_assert_eq(isr_ret, -EINVAL);
	kt_assert_eq(k_sem_give(&sem), 0);
	helper_join(0);
}

static void isr_create(const void *arg)
{
	(void)arg;
	isr_ret = k_thread_create(&helper_threads[0], helper_stack(0), helper_stack_size(),
				  entry_log, CH('X'), NULL, NULL, PRIO_ABOVE(1), 0, K_NO_WAIT);
}

KTEST(isr, thread_create_in_an_isr_returns_einval)
{
	helper_mark_used(0); /* so `after` ends it should it exist after all */
	ktest_run_in_isr(isr_create, NULL);
	kt_assert_eq(isr_ret, -EINVAL);
	k_msleep(10);
	kt_assert_str_eq(log_get(), "");
}

static void isr_mutex_lock(const void *arg)
{
	(void)arg;
	isr_ret = k_mutex_lock(&mtx, K_NO_WAIT);
}

KTEST(isr, mutex_lock_in_an_isr_returns_einval)
{
	ktest_run_in_isr(isr_mutex_lock, NULL);
	kt_assert_eq(isr_ret, -EINVAL);
	kt_assert_eq(k_mutex_lock(&mtx, K_NO_WAIT), 0);
	kt_assert_eq(k_mutex_unlock(&mtx), 0);
}

static void isr_mutex_unlock(const void *arg)
{
	(void)arg;
	isr_ret = k_mutex_unlock(&mtx);
}

KTEST(isr, mutex_unlock_in_an_isr_returns_einval)
{
	kt_assert_eq(k_mutex_lock(&mtx, K_FOREVER), 0);
	ktest_run_in_isr(isr_mutex_unlock, NULL);
	kt_assert_eq(isr_ret, -EINVAL);
	/* Still locked once, by us. */
	kt_assert_eq(k_mutex_unlock(&mtx), 0);
	kt_assert_eq(k_mutex_unlock(&mtx), -EINVAL);
}

static void isr_condvar_wait(const void *arg)
{
	(void)arg;
	isr_ret = k_condvar_wait(&cv, &mtx, K_FOREVER);
}

KTEST(isr, condvar_wait_in_an_isr_returns_einval)
{
	kt_assert_eq(k_mutex_lock(&mtx, K_FOREVER), 0);
	ktest_run_in_isr(isr_condvar_wait, NULL);
	kt_assert_eq(isr_ret, -EINVAL);
	kt_assert_eq(k_mutex_unlock(&mtx), 0);
}

static void isr_sem_take_forever(const void *arg)
{
	(void)arg;
	isr_ret = k_sem_take(&sem, K_FOREVER);
}

KTEST(isr, sem_take_forever_in_an_isr_returns_einval)
{
	ktest_run_in_isr(isr_sem_take_forever, NULL);
	kt_assert_eq(isr_ret, -EINVAL);
}

static void isr_yield(const void *arg)
{
	(void)arg;
	k_yield();
	isr_flag = (int)strlen(log_get());
}

KTEST(isr, yield_in_an_isr_does_nothing)
{
	helper_start(0, entry_log, CH('E'), NULL, NULL, CASE_PRIO, K_NO_WAIT);
	ktest_run_in_isr(isr_yield, NULL);
	kt_assert_eq(isr_flag, 0);
	/* An equal-priority thread does not outrank us at the ISR's end either. */
	kt_assert_str_eq(log_get(), "");
	helper_join(0);
}

static void isr_sched_lock(const void *arg)
{
	(void)arg;
	k_sched_lock();
}

KTEST(isr, sched_lock_in_an_isr_is_ignored)
{
	ktest_run_in_isr(isr_sched_lock, NULL);
	kt_assert_true(k_is_preempt_thread());
	/* A better thread made ready still preempts us at once. */
	helper_start(0, entry_log, CH('H'), NULL, NULL, PRIO_ABOVE(1), K_NO_WAIT);
	kt_assert_str_eq(log_get(), "H");
}

/* ---- calls allowed in ISR context ---- */

static void isr_abort(const void *arg)
{
	isr_ret = k_thread_abort((k_tid_t)arg);
}

KTEST(isr, abort_of_another_thread_from_an_isr_ends_it)
{
	k_tid_t t = helper_start(0, entry_block, NULL, NULL, NULL, PRIO_ABOVE(1), K_NO_WAIT);

	ktest_run_in_isr(isr_abort, t);
	kt_assert_eq(isr_ret, 0);
	kt_assert_eq(k_thread_state_get(t), K_THREAD_DEAD);
	kt_assert_eq(k_thread_join(t, K_NO_WAIT), 0);
}

static void isr_abort_current(const void *arg)
{
	(void)arg;
	isr_ret = k_thread_abort(k_current_get());
	isr_flag = 1; /* the ISR itself goes on */
}

static void entry_abort_self_in_isr(void *p1, void *p2, void *p3)
{
	(void)p1;
	(void)p2;
	(void)p3;
	reached = 1;
	ktest_run_in_isr(isr_abort_current, NULL);
	reached = 2; /* must not be reached */
}

KTEST(isr, abort_of_the_interrupted_thread_ends_it_when_the_isr_returns)
{
	helper_start(0, entry_abort_self_in_isr, NULL, NULL, NULL, PRIO_ABOVE(1), K_NO_WAIT);
	helper_join(0);
	kt_assert_eq(isr_ret, 0);
	kt_assert_eq(isr_flag, 1);
	kt_assert_eq(reached, 1);
}

static void isr_start(const void *arg)
{
	isr_ret = k_thread_start((k_tid_t)arg);
}

KTEST(isr, thread_start_from_an_isr_runs_the_thread_after_it)
{
	k_tid_t t = helper_start(0, entry_log, CH('S'), NULL, NULL, PRIO_ABOVE(1), K_FOREVER);

	ktest_run_in_isr(isr_start, t);
	kt_assert_eq(isr_ret, 0);
	kt_assert_str_eq(log_get(), "S");
	helper_join(0);
}

static void isr_raise(const void *arg)
{
	isr_ret = k_thread_priority_set((k_tid_t)arg, PRIO_ABOVE(1));
	isr_flag = (int)strlen(log_get());
}

KTEST(isr, priority_set_from_an_isr_preempts_when_the_isr_returns)
{
	k_tid_t t = helper_start(0, entry_log, CH('L'), NULL, NULL, PRIO_BELOW(1), K_NO_WAIT);

	ktest_run_in_isr(isr_raise, t);
	kt_assert_eq(isr_ret, 0);
	kt_assert_eq(isr_flag, 0); /* not inside the ISR */
	kt_assert_str_eq(log_get(), "L");
	helper_join(0);
}

static void isr_uptime(const void *arg)
{
	*(k_ticks_t *)(uintptr_t)arg = k_uptime_ticks();
}

KTEST(isr, uptime_can_be_read_in_an_isr)
{
	static k_ticks_t in_isr;

	k_msleep(25);
	k_ticks_t before_isr = k_uptime_ticks();

	ktest_run_in_isr(isr_uptime, &in_isr);
	kt_assert_ge(in_isr, before_isr);
	kt_assert_le(in_isr, k_uptime_ticks());
}
