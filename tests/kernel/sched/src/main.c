/*
 * Scheduling policy: priority order, FIFO among equals, cooperative versus
 * preemptive threads, k_yield(), time slicing, scheduler locking.
 *
 * Threads record the order they ran in with log_event(); each case checks
 * the whole log.
 */
#include <string.h>

#include "helpers.h"

#define BUSY_STEPS 20
#define BUSY_STEP_US 1000

K_SEM_DEFINE(go_sem, 0, 10);
static volatile int preempt_seen;

static void before(void *fixture)
{
	(void)fixture;
	log_reset();
	preempt_seen = -1;
}

static void after(void *fixture)
{
	(void)fixture;
	helpers_stop_all();
	(void)k_sched_time_slice_set(0, 0);
	(void)k_sem_init(&go_sem, 0, 10);
}

KTEST_SUITE(sched, NULL, before, after, NULL);

#define CH(c) ((void *)(uintptr_t)(c))

/* Log the character p1. */
static void entry_log(void *p1, void *p2, void *p3)
{
	(void)p2;
	(void)p3;
	log_event((char)(uintptr_t)p1);
}

/* Wait for go_sem, then log p1. */
static void entry_take_log(void *p1, void *p2, void *p3)
{
	(void)p2;
	(void)p3;
	(void)k_sem_take(&go_sem, K_FOREVER);
	log_event((char)(uintptr_t)p1);
}

/* Log p1 and yield, p2 times. */
static void entry_yield_log(void *p1, void *p2, void *p3)
{
	(void)p3;
	for (uintptr_t i = 0; i < (uintptr_t)p2; i++) {
		log_event((char)(uintptr_t)p1);
		k_yield();
	}
}

/* Log p1 and spin for a millisecond, BUSY_STEPS times, never blocking. */
static void entry_busy_log(void *p1, void *p2, void *p3)
{
	(void)p2;
	(void)p3;
	for (int i = 0; i < BUSY_STEPS; i++) {
		log_event((char)(uintptr_t)p1);
		k_busy_wait(BUSY_STEP_US);
	}
}

/* Cooperative: make a better thread ready with a give, log, yield, log. */
static void entry_coop_give(void *p1, void *p2, void *p3)
{
	(void)p1;
	(void)p2;
	(void)p3;
	(void)k_sem_give(&go_sem);
	log_event('c');
	k_yield();
	log_event('d');
}

static void isr_give(const void *arg)
{
	(void)arg;
	(void)k_sem_give(&go_sem);
}

/* Cooperative: make a better thread ready from an ISR, log, yield, log. */
static void entry_coop_isr_give(void *p1, void *p2, void *p3)
{
	(void)p1;
	(void)p2;
	(void)p3;
	ktest_run_in_isr(isr_give, NULL);
	log_event('c');
	k_yield();
	log_event('d');
}

static void entry_preempt_query(void *p1, void *p2, void *p3)
{
	(void)p1;
	(void)p2;
	(void)p3;
	preempt_seen = k_is_preempt_thread();
}

static void entry_sleep_log(void *p1, void *p2, void *p3)
{
	(void)p3;
	k_msleep((int32_t)(intptr_t)p2);
	log_event((char)(uintptr_t)p1);
}

/* Number of places where the log switches from one thread to another. */
static int switches(const char *log)
{
	int n = 0;

	for (size_t i = 1; log[i] != '\0'; i++) {
		n += log[i] != log[i - 1];
	}
	return n;
}

/* ---- priority and FIFO order ---- */

KTEST(sched, higher_priority_ready_thread_runs_first)
{
	helper_start(0, entry_log, CH('L'), NULL, NULL, PRIO_BELOW(2), K_NO_WAIT);
	helper_start(1, entry_log, CH('H'), NULL, NULL, PRIO_BELOW(1), K_NO_WAIT);
	helper_join(0);
	helper_join(1);
	kt_assert_str_eq(log_get(), "HL");
}

KTEST(sched, cooperative_priorities_outrank_preemptive_ones)
{
	helper_start(0, entry_log, CH('P'), NULL, NULL, K_PRIO_PREEMPT(0), K_FOREVER);
	helper_start(1, entry_log, CH('C'), NULL, NULL, K_PRIO_COOP(CONFIG_NUM_COOP_PRIORITIES - 1),
		     K_FOREVER);
	k_sched_lock();
	kt_assert_eq(k_thread_start(&helper_threads[0]), 0);
	kt_assert_eq(k_thread_start(&helper_threads[1]), 0);
	k_sched_unlock();
	helper_join(0);
	helper_join(1);
	kt_assert_str_eq(log_get(), "CP");
}

KTEST(sched, equal_priority_threads_run_in_fifo_order)
{
	helper_start(0, entry_log, CH('A'), NULL, NULL, PRIO_BELOW(1), K_NO_WAIT);
	helper_start(1, entry_log, CH('B'), NULL, NULL, PRIO_BELOW(1), K_NO_WAIT);
	helper_start(2, entry_log, CH('C'), NULL, NULL, PRIO_BELOW(1), K_NO_WAIT);
	helper_join(0);
	helper_join(1);
	helper_join(2);
	kt_assert_str_eq(log_get(), "ABC");
}

KTEST(sched, new_equal_priority_thread_does_not_preempt_its_creator)
{
	helper_start(0, entry_log, CH('E'), NULL, NULL, CASE_PRIO, K_NO_WAIT);
	log_event('c');
	helper_join(0);
	kt_assert_str_eq(log_get(), "cE");
}

/* ---- preemptive versus cooperative ---- */

KTEST(sched, preemptive_thread_is_preempted_by_thread_it_makes_ready)
{
	helper_start(0, entry_take_log, CH('H'), NULL, NULL, PRIO_ABOVE(1), K_NO_WAIT);
	kt_assert_eq(k_sem_give(&go_sem), 0);
	log_event('c');
	helper_join(0);
	kt_assert_str_eq(log_get(), "Hc");
}

KTEST(sched, cooperative_thread_is_not_preempted_by_thread_it_makes_ready)
{
	helper_start(1, entry_take_log, CH('H'), NULL, NULL, K_PRIO_COOP(1), K_NO_WAIT);
	helper_start(0, entry_coop_give, NULL, NULL, NULL, K_PRIO_COOP(2), K_NO_WAIT);
	helper_join(0);
	helper_join(1);
	/* 'H' only runs once the cooperative thread yields. */
	kt_assert_str_eq(log_get(), "cHd");
}

KTEST(sched, cooperative_thread_is_not_preempted_by_thread_an_isr_makes_ready)
{
	helper_start(1, entry_take_log, CH('H'), NULL, NULL, K_PRIO_COOP(1), K_NO_WAIT);
	helper_start(0, entry_coop_isr_give, NULL, NULL, NULL, K_PRIO_COOP(2), K_NO_WAIT);
	helper_join(0);
	helper_join(1);
	kt_assert_str_eq(log_get(), "cHd");
}

KTEST(sched, timer_wakeup_preempts_a_busy_lower_priority_thread)
{
	helper_start(0, entry_sleep_log, CH('H'), (void *)(intptr_t)5, NULL, PRIO_ABOVE(1),
		     K_NO_WAIT);
	log_event('a');
	k_busy_wait(20 * 1000);
	log_event('b');
	helper_join(0);
	kt_assert_str_eq(log_get(), "aHb");
}

/* Log 'a', spin 20 ms (a better thread's sleep ends meanwhile), log 'b'. */
static void entry_coop_busy(void *p1, void *p2, void *p3)
{
	(void)p1;
	(void)p2;
	(void)p3;
	log_event('a');
	k_busy_wait(20 * 1000);
	log_event('b');
}

KTEST(sched, cooperative_thread_is_not_preempted_by_a_timer_wakeup)
{
	helper_start(0, entry_sleep_log, CH('H'), (void *)(intptr_t)5, NULL, K_PRIO_COOP(1),
		     K_NO_WAIT);
	helper_start(1, entry_coop_busy, NULL, NULL, NULL, K_PRIO_COOP(2), K_NO_WAIT);
	helper_join(0);
	helper_join(1);
	kt_assert_str_eq(log_get(), "abH");
}

/* Log p1, make the better helper 2 ready (it logs 'H'), log p1 again. */
static void entry_log_give_log(void *p1, void *p2, void *p3)
{
	(void)p2;
	(void)p3;
	log_event((char)(uintptr_t)p1);
	(void)k_sem_give(&go_sem);
	log_event((char)(uintptr_t)p1);
}

KTEST(sched, preempted_thread_resumes_before_equal_priority_threads)
{
	helper_start(2, entry_take_log, CH('H'), NULL, NULL, PRIO_ABOVE(1), K_NO_WAIT);
	helper_start(0, entry_log_give_log, CH('A'), NULL, NULL, PRIO_BELOW(1), K_NO_WAIT);
	helper_start(1, entry_log, CH('B'), NULL, NULL, PRIO_BELOW(1), K_NO_WAIT);
	helper_join(0);
	helper_join(1);
	helper_join(2);
	/* A was preempted by H, not sent behind B. */
	kt_assert_str_eq(log_get(), "AHAB");
}

KTEST(sched, raising_a_ready_thread_above_the_caller_preempts_it)
{
	k_tid_t t = helper_start(0, entry_log, CH('L'), NULL, NULL, PRIO_BELOW(1), K_NO_WAIT);

	kt_assert_eq(k_thread_priority_set(t, PRIO_ABOVE(1)), 0);
	log_event('c');
	helper_join(0);
	kt_assert_str_eq(log_get(), "Lc");
}

KTEST(sched, lowering_own_priority_below_a_ready_thread_lets_it_run)
{
	helper_start(0, entry_log, CH('L'), NULL, NULL, PRIO_BELOW(1), K_NO_WAIT);
	kt_assert_eq(k_thread_priority_set(k_current_get(), PRIO_BELOW(2)), 0);
	log_event('c');
	helper_join(0);
	kt_assert_str_eq(log_get(), "Lc");
}

/* ---- yield ---- */

KTEST(sched, yield_runs_a_ready_equal_priority_thread)
{
	helper_start(0, entry_log, CH('E'), NULL, NULL, CASE_PRIO, K_NO_WAIT);
	kt_assert_str_eq(log_get(), "");
	k_yield();
	kt_assert_str_eq(log_get(), "E");
	helper_join(0);
}

KTEST(sched, yield_does_not_run_a_lower_priority_thread)
{
	helper_start(0, entry_log, CH('L'), NULL, NULL, PRIO_BELOW(1), K_NO_WAIT);
	k_yield();
	kt_assert_str_eq(log_get(), "");
	helper_join(0);
	kt_assert_str_eq(log_get(), "L");
}

KTEST(sched, yield_round_robins_among_equal_priority_threads)
{
	helper_start(0, entry_yield_log, CH('A'), (void *)3, NULL, PRIO_BELOW(1), K_NO_WAIT);
	helper_start(1, entry_yield_log, CH('B'), (void *)3, NULL, PRIO_BELOW(1), K_NO_WAIT);
	helper_start(2, entry_yield_log, CH('C'), (void *)3, NULL, PRIO_BELOW(1), K_NO_WAIT);
	helper_join(0);
	helper_join(1);
	helper_join(2);
	kt_assert_str_eq(log_get(), "ABCABCABC");
}

KTEST(sched, sleep_no_wait_yields_like_k_yield)
{
	helper_start(0, entry_log, CH('E'), NULL, NULL, CASE_PRIO, K_NO_WAIT);
	kt_assert_eq(k_sleep(K_NO_WAIT), 0);
	kt_assert_str_eq(log_get(), "E");
	helper_join(0);
}

/* ---- time slicing ---- */

KTEST(sched, time_slicing_lets_equal_priority_busy_threads_take_turns)
{
	kt_assert_eq(k_sched_time_slice_set(5, 0), 0);
	helper_start(0, entry_busy_log, CH('A'), NULL, NULL, PRIO_BELOW(1), K_NO_WAIT);
	helper_start(1, entry_busy_log, CH('B'), NULL, NULL, PRIO_BELOW(1), K_NO_WAIT);
	helper_join(0);
	helper_join(1);

	const char *log = log_get();

	kt_assert_eq(strlen(log), 2 * BUSY_STEPS);
	/* Both made progress before either finished: 20 ms of work, 5 ms slices. */
	kt_assert(strchr(log, 'B') < strrchr(log, 'A'), "B ran only after A ended: %s", log);
	kt_assert_ge(switches(log), 3);
}

KTEST(sched, without_time_slicing_the_first_busy_thread_runs_to_completion)
{
	char expect[2 * BUSY_STEPS + 1];

	kt_assert_eq(k_sched_time_slice_set(0, 0), 0);
	helper_start(0, entry_busy_log, CH('A'), NULL, NULL, PRIO_BELOW(1), K_NO_WAIT);
	helper_start(1, entry_busy_log, CH('B'), NULL, NULL, PRIO_BELOW(1), K_NO_WAIT);
	helper_join(0);
	helper_join(1);
	memset(expect, 'A', BUSY_STEPS);
	memset(expect + BUSY_STEPS, 'B', BUSY_STEPS);
	expect[2 * BUSY_STEPS] = '\0';
	kt_assert_str_eq(log_get(), expect);
}

KTEST(sched, time_slicing_spares_threads_above_the_ceiling)
{
	/* Ceiling one below the helpers: they are not sliced. */
	kt_assert_eq(k_sched_time_slice_set(5, PRIO_BELOW(2)), 0);
	helper_start(0, entry_busy_log, CH('A'), NULL, NULL, PRIO_BELOW(1), K_NO_WAIT);
	helper_start(1, entry_busy_log, CH('B'), NULL, NULL, PRIO_BELOW(1), K_NO_WAIT);
	helper_join(0);
	helper_join(1);
	kt_assert_eq(switches(log_get()), 1);
}

KTEST(sched, time_slicing_does_not_preempt_cooperative_threads)
{
	kt_assert_eq(k_sched_time_slice_set(5, 0), 0);
	helper_start(0, entry_busy_log, CH('A'), NULL, NULL, K_PRIO_COOP(1), K_FOREVER);
	helper_start(1, entry_busy_log, CH('B'), NULL, NULL, K_PRIO_COOP(1), K_FOREVER);
	k_sched_lock();
	kt_assert_eq(k_thread_start(&helper_threads[0]), 0);
	kt_assert_eq(k_thread_start(&helper_threads[1]), 0);
	k_sched_unlock();
	helper_join(0);
	helper_join(1);
	kt_assert_eq(switches(log_get()), 1);
}

KTEST(sched, time_slice_set_negative_slice_returns_einval)
{
	kt_assert_eq(k_sched_time_slice_set(-1, 0), -EINVAL);
}

KTEST(sched, time_slice_set_negative_ceiling_returns_einval)
{
	kt_assert_eq(k_sched_time_slice_set(5, -1), -EINVAL);
}

/* ---- scheduler lock ---- */

KTEST(sched, sched_lock_defers_preemption_until_unlock)
{
	helper_start(0, entry_take_log, CH('H'), NULL, NULL, PRIO_ABOVE(1), K_NO_WAIT);
	k_sched_lock();
	kt_assert_eq(k_sem_give(&go_sem), 0);
	kt_assert_str_eq(log_get(), "");
	k_sched_unlock();
	kt_assert_str_eq(log_get(), "H");
	helper_join(0);
}

KTEST(sched, sched_lock_nests)
{
	helper_start(0, entry_take_log, CH('H'), NULL, NULL, PRIO_ABOVE(1), K_NO_WAIT);
	k_sched_lock();
	k_sched_lock();
	kt_assert_eq(k_sem_give(&go_sem), 0);
	k_sched_unlock();
	kt_assert_str_eq(log_get(), "");
	k_sched_unlock();
	kt_assert_str_eq(log_get(), "H");
	helper_join(0);
}

KTEST(sched, sched_locked_thread_gives_up_the_cpu_when_it_blocks)
{
	helper_start(0, entry_log, CH('L'), NULL, NULL, PRIO_BELOW(1), K_NO_WAIT);
	k_sched_lock();
	k_msleep(10);
	kt_assert_str_eq(log_get(), "L");
	k_sched_unlock();
	helper_join(0);
}

KTEST(sched, sched_lock_stays_in_force_after_blocking)
{
	helper_start(0, entry_take_log, CH('H'), NULL, NULL, PRIO_ABOVE(1), K_NO_WAIT);
	k_sched_lock();
	k_msleep(10);
	kt_assert_eq(k_sem_give(&go_sem), 0);
	kt_assert_str_eq(log_get(), "");
	k_sched_unlock();
	kt_assert_str_eq(log_get(), "H");
	helper_join(0);
}

KTEST(sched, sched_lock_holds_off_time_slicing)
{
	kt_assert_eq(k_sched_time_slice_set(5, 0), 0);
	helper_start(0, entry_log, CH('E'), NULL, NULL, CASE_PRIO, K_NO_WAIT);
	k_sched_lock();
	k_busy_wait(20 * 1000);
	kt_assert_str_eq(log_get(), "");
	k_sched_unlock();
	helper_join(0);
	kt_assert_str_eq(log_get(), "E");
}

KTEST(sched, is_preempt_thread_true_in_preemptive_thread)
{
	kt_assert_true(k_is_preempt_thread());
}

KTEST(sched, is_preempt_thread_false_in_cooperative_thread)
{
	helper_start(0, entry_preempt_query, NULL, NULL, NULL, K_PRIO_COOP(3), K_NO_WAIT);
	helper_join(0);
	kt_assert_eq(preempt_seen, 0);
}

KTEST(sched, is_preempt_thread_false_while_sched_locked)
{
	k_sched_lock();
	bool locked = k_is_preempt_thread();

	k_sched_unlock();
	kt_assert_false(locked);
	kt_assert_true(k_is_preempt_thread());
}
