/*
 * Thread life cycle: create/start, arguments, names, priorities, join,
 * abort, state flags and the -EINVAL/-EBUSY/-EALREADY/-EDEADLK paths.
 *
 * The case thread runs at CASE_PRIO; helpers run above it (they take the
 * CPU as soon as they are ready) or below it (they run when the case
 * blocks).
 */
#include <string.h>

#include "helpers.h"

K_SEM_DEFINE(block_sem, 0, 1);

static volatile int ran_count;
static volatile int64_t start_ms;
static void *volatile got_args[3];
static volatile k_tid_t seen_tid;
static volatile int join_ret[2];

static void before(void *fixture)
{
	(void)fixture;
	ran_count = 0;
	start_ms = -1;
	got_args[0] = got_args[1] = got_args[2] = NULL;
	seen_tid = NULL;
	join_ret[0] = join_ret[1] = 1;
	log_reset();
}

static void after(void *fixture)
{
	(void)fixture;
	helpers_stop_all();
	(void)k_sem_init(&block_sem, 0, 1);
}

KTEST_SUITE(threads, NULL, before, after, NULL);

/* ---- helper entries ---- */

static void entry_mark(void *p1, void *p2, void *p3)
{
	(void)p1;
	(void)p2;
	(void)p3;
	ran_count++;
}

static void entry_record_start(void *p1, void *p2, void *p3)
{
	(void)p1;
	(void)p2;
	(void)p3;
	start_ms = k_uptime_get();
	ran_count++;
}

static void entry_args(void *p1, void *p2, void *p3)
{
	got_args[0] = p1;
	got_args[1] = p2;
	got_args[2] = p3;
}

/* Wait for block_sem, then count. */
static void entry_block(void *p1, void *p2, void *p3)
{
	(void)p1;
	(void)p2;
	(void)p3;
	(void)k_sem_take(&block_sem, K_FOREVER);
	ran_count++;
}

/* Wait for block_sem, then log the character p1. */
static void entry_take_log(void *p1, void *p2, void *p3)
{
	(void)p2;
	(void)p3;
	if (k_sem_take(&block_sem, K_FOREVER) == 0) {
		log_event((char)(uintptr_t)p1);
	}
}

static void entry_current(void *p1, void *p2, void *p3)
{
	(void)p1;
	(void)p2;
	(void)p3;
	seen_tid = k_current_get();
}

/* Join thread p1 with a timeout of p2 ms; store the result in join_ret[p3]. */
static void entry_join(void *p1, void *p2, void *p3)
{
	join_ret[(uintptr_t)p3] = k_thread_join(p1, K_MSEC((intptr_t)p2));
}

static void entry_sleep_then_mark(void *p1, void *p2, void *p3)
{
	(void)p2;
	(void)p3;
	k_msleep((int32_t)(intptr_t)p1);
	ran_count++;
}

static void entry_count_forever(void *p1, void *p2, void *p3)
{
	(void)p1;
	(void)p2;
	(void)p3;
	for (;;) {
		ran_count++;
		k_msleep(10);
	}
}

static void entry_abort_self(void *p1, void *p2, void *p3)
{
	(void)p1;
	(void)p2;
	(void)p3;
	ran_count++;
	(void)k_thread_abort(k_current_get());
	ran_count += 100; /* must not be reached */
}

/* ---- create and start ---- */

KTEST(threads, create_no_wait_runs_higher_priority_thread_at_once)
{
	helper_start(0, entry_mark, NULL, NULL, NULL, PRIO_ABOVE(1), K_NO_WAIT);
	kt_assert_eq(ran_count, 1);
	helper_join(0);
}

KTEST(threads, create_no_wait_lower_priority_thread_runs_when_creator_blocks)
{
	helper_start(0, entry_mark, NULL, NULL, NULL, PRIO_BELOW(1), K_NO_WAIT);
	kt_assert_eq(ran_count, 0);
	helper_join(0);
	kt_assert_eq(ran_count, 1);
}

KTEST(threads, create_delayed_does_not_run_before_the_delay)
{
	helper_start(0, entry_mark, NULL, NULL, NULL, PRIO_ABOVE(1), K_MSEC(50));
	k_msleep(40);
	kt_assert_eq(ran_count, 0);
	helper_join(0);
	kt_assert_eq(ran_count, 1);
}

KTEST(threads, create_delayed_starts_after_the_delay)
{
	int64_t t0 = k_uptime_get();

	helper_start(0, entry_record_start, NULL, NULL, NULL, PRIO_ABOVE(1), K_MSEC(50));
	helper_join(0);
	kt_assert_eq(ran_count, 1);
	kt_assert_ge(start_ms - t0, 50);
	kt_assert_le(start_ms - t0, 50 + 2 * TICK_MS);
}

KTEST(threads, create_forever_runs_only_after_start)
{
	k_tid_t t = helper_start(0, entry_mark, NULL, NULL, NULL, PRIO_ABOVE(1), K_FOREVER);

	k_msleep(100);
	kt_assert_eq(ran_count, 0);
	kt_assert_eq(k_thread_start(t), 0);
	kt_assert_eq(ran_count, 1); /* it outranks us: ran inside k_thread_start */
	helper_join(0);
}

KTEST(threads, start_twice_returns_ealready)
{
	k_tid_t t = helper_start(0, entry_block, NULL, NULL, NULL, PRIO_BELOW(1), K_FOREVER);

	kt_assert_eq(k_thread_start(t), 0);
	kt_assert_eq(k_thread_start(t), -EALREADY);
	kt_assert_eq(k_sem_give(&block_sem), 0);
	helper_join(0);
	kt_assert_eq(ran_count, 1);
}

KTEST(threads, start_of_thread_created_without_delay_returns_ealready)
{
	k_tid_t t = helper_start(0, entry_block, NULL, NULL, NULL, PRIO_ABOVE(1), K_NO_WAIT);

	kt_assert_eq(k_thread_start(t), -EALREADY);
	kt_assert_eq(k_sem_give(&block_sem), 0);
	helper_join(0);
}

KTEST(threads, start_of_ended_thread_returns_ealready)
{
	k_tid_t t = helper_start(0, entry_mark, NULL, NULL, NULL, PRIO_ABOVE(1), K_NO_WAIT);

	helper_join(0);
	kt_assert_eq(k_thread_start(t), -EALREADY);
	k_msleep(10);
	kt_assert_eq(ran_count, 1);
}

KTEST(threads, start_null_returns_einval)
{
	kt_assert_eq(k_thread_start(NULL), -EINVAL);
}

KTEST(threads, entry_receives_p1_p2_p3)
{
	static int a, b, c;

	helper_start(0, entry_args, &a, &b, &c, PRIO_ABOVE(1), K_NO_WAIT);
	helper_join(0);
	kt_assert_ptr_eq(got_args[0], &a);
	kt_assert_ptr_eq(got_args[1], &b);
	kt_assert_ptr_eq(got_args[2], &c);
}

KTEST(threads, current_get_returns_the_running_thread)
{
	helper_start(0, entry_current, NULL, NULL, NULL, PRIO_ABOVE(1), K_NO_WAIT);
	helper_join(0);
	kt_assert_ptr_eq(seen_tid, &helper_threads[0]);
	kt_assert(k_current_get() != &helper_threads[0], "the case thread is not the helper");
}

KTEST(threads, ended_thread_object_can_be_created_again)
{
	helper_start(0, entry_mark, NULL, NULL, NULL, PRIO_ABOVE(1), K_NO_WAIT);
	helper_join(0);
	helper_start(0, entry_mark, NULL, NULL, NULL, PRIO_ABOVE(1), K_NO_WAIT);
	helper_join(0);
	kt_assert_eq(ran_count, 2);
}

KTEST(threads, create_on_live_thread_returns_ebusy)
{
	k_tid_t t = helper_start(0, entry_block, NULL, NULL, NULL, PRIO_BELOW(1), K_NO_WAIT);

	kt_assert_eq(k_thread_create(t, helper_stack(1), helper_stack_size(), entry_mark,
				     NULL, NULL, NULL, PRIO_ABOVE(1), 0, K_NO_WAIT),
		     -EBUSY);
	/* The live thread is untouched: it still waits and then ends. */
	kt_assert_eq(ran_count, 0);
	kt_assert_eq(k_sem_give(&block_sem), 0);
	helper_join(0);
	kt_assert_eq(ran_count, 1);
}

KTEST(threads, create_on_unstarted_thread_returns_ebusy)
{
	k_tid_t t = helper_start(0, entry_mark, NULL, NULL, NULL, PRIO_ABOVE(1), K_FOREVER);

	kt_assert_eq(k_thread_create(t, helper_stack(1), helper_stack_size(), entry_mark,
				     NULL, NULL, NULL, PRIO_ABOVE(1), 0, K_NO_WAIT),
		     -EBUSY);
	kt_assert_eq(ran_count, 0);
	kt_assert_eq(k_thread_start(t), 0);
	helper_join(0);
	kt_assert_eq(ran_count, 1);
}

/* ---- create: invalid arguments (nothing may run afterwards) ---- */

/* Create helper 0 by hand (marked used so `after` ends it if it exists). */
static int create_helper0(k_thread_stack_t *stack, size_t size, k_thread_entry_t entry,
			  int prio, uint32_t options, k_timeout_t delay)
{
	helper_mark_used(0);
	return k_thread_create(&helper_threads[0], stack, size, entry, NULL, NULL, NULL,
			       prio, options, delay);
}

static void assert_nothing_ran(void)
{
	k_msleep(10);
	kt_assert_eq(ran_count, 0);
}

KTEST(threads, create_null_thread_returns_einval)
{
	kt_assert_eq(k_thread_create(NULL, helper_stack(0), helper_stack_size(), entry_mark,
				     NULL, NULL, NULL, PRIO_ABOVE(1), 0, K_NO_WAIT),
		     -EINVAL);
	assert_nothing_ran();
}

KTEST(threads, create_null_stack_returns_einval)
{
	kt_assert_eq(create_helper0(NULL, helper_stack_size(), entry_mark, PRIO_ABOVE(1), 0,
				    K_NO_WAIT),
		     -EINVAL);
	assert_nothing_ran();
}

KTEST(threads, create_null_entry_returns_einval)
{
	kt_assert_eq(create_helper0(helper_stack(0), helper_stack_size(), NULL, PRIO_ABOVE(1),
				    0, K_NO_WAIT),
		     -EINVAL);
	assert_nothing_ran();
}

KTEST(threads, create_zero_stack_size_returns_einval)
{
	kt_assert_eq(create_helper0(helper_stack(0), 0, entry_mark, PRIO_ABOVE(1), 0,
				    K_NO_WAIT),
		     -EINVAL);
	assert_nothing_ran();
}

KTEST(threads, create_priority_above_highest_returns_einval)
{
	kt_assert_eq(create_helper0(helper_stack(0), helper_stack_size(), entry_mark,
				    K_HIGHEST_PRIO - 1, 0, K_NO_WAIT),
		     -EINVAL);
	assert_nothing_ran();
}

KTEST(threads, create_priority_below_lowest_returns_einval)
{
	kt_assert_eq(create_helper0(helper_stack(0), helper_stack_size(), entry_mark,
				    K_LOWEST_APP_PRIO + 1, 0, K_NO_WAIT),
		     -EINVAL);
	assert_nothing_ran();
}

KTEST(threads, create_nonzero_options_returns_einval)
{
	kt_assert_eq(create_helper0(helper_stack(0), helper_stack_size(), entry_mark,
				    PRIO_ABOVE(1), 1, K_NO_WAIT),
		     -EINVAL);
	assert_nothing_ran();
}

KTEST(threads, create_negative_delay_returns_einval)
{
	kt_assert_eq(create_helper0(helper_stack(0), helper_stack_size(), entry_mark,
				    PRIO_ABOVE(1), 0, K_TICKS(-2)),
		     -EINVAL);
	assert_nothing_ran();
}

KTEST(threads, create_accepts_highest_and_lowest_priorities)
{
	helper_start(0, entry_mark, NULL, NULL, NULL, K_HIGHEST_PRIO, K_NO_WAIT);
	kt_assert_eq(ran_count, 1);
	helper_start(1, entry_mark, NULL, NULL, NULL, K_LOWEST_APP_PRIO, K_NO_WAIT);
	helper_join(0);
	helper_join(1);
	kt_assert_eq(ran_count, 2);
}

/* ---- names ---- */

KTEST(threads, new_thread_has_empty_name)
{
	k_tid_t t = helper_start(0, entry_mark, NULL, NULL, NULL, PRIO_ABOVE(1), K_FOREVER);

	kt_assert_str_eq(k_thread_name_get(t), "");
}

KTEST(threads, name_set_then_get_returns_the_name)
{
	k_tid_t t = helper_start(0, entry_mark, NULL, NULL, NULL, PRIO_ABOVE(1), K_FOREVER);

	kt_assert_eq(k_thread_name_set(t, "worker"), 0);
	kt_assert_str_eq(k_thread_name_get(t), "worker");
	kt_assert_eq(k_thread_name_set(t, "w2"), 0);
	kt_assert_str_eq(k_thread_name_get(t), "w2");
}

KTEST(threads, name_set_copies_the_string)
{
	k_tid_t t = helper_start(0, entry_mark, NULL, NULL, NULL, PRIO_ABOVE(1), K_FOREVER);
	char name[8] = "abc";

	kt_assert_eq(k_thread_name_set(t, name), 0);
	name[0] = 'X';
	kt_assert_str_eq(k_thread_name_get(t), "abc");
}

KTEST(threads, name_longer_than_config_size_is_truncated)
{
	k_tid_t t = helper_start(0, entry_mark, NULL, NULL, NULL, PRIO_ABOVE(1), K_FOREVER);
	char long_name[CONFIG_THREAD_NAME_SIZE + 8];

	for (size_t i = 0; i < sizeof(long_name) - 1; i++) {
		long_name[i] = (char)('a' + i % 26);
	}
	long_name[sizeof(long_name) - 1] = '\0';
	kt_assert_eq(k_thread_name_set(t, long_name), 0);
	kt_assert_eq(strlen(k_thread_name_get(t)), CONFIG_THREAD_NAME_SIZE - 1);
	kt_assert_mem_eq(k_thread_name_get(t), long_name, CONFIG_THREAD_NAME_SIZE - 1);
}

KTEST(threads, name_of_maximum_length_is_kept_whole)
{
	k_tid_t t = helper_start(0, entry_mark, NULL, NULL, NULL, PRIO_ABOVE(1), K_FOREVER);
	char name[CONFIG_THREAD_NAME_SIZE];

	memset(name, 'n', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	kt_assert_eq(k_thread_name_set(t, name), 0);
	kt_assert_str_eq(k_thread_name_get(t), name);
}

KTEST(threads, name_set_null_thread_returns_einval)
{
	kt_assert_eq(k_thread_name_set(NULL, "x"), -EINVAL);
}

KTEST(threads, name_set_null_name_returns_einval_and_keeps_the_old_name)
{
	k_tid_t t = helper_start(0, entry_mark, NULL, NULL, NULL, PRIO_ABOVE(1), K_FOREVER);

	kt_assert_eq(k_thread_name_set(t, "keep"), 0);
	kt_assert_eq(k_thread_name_set(t, NULL), -EINVAL);
	kt_assert_str_eq(k_thread_name_get(t), "keep");
}

KTEST(threads, name_get_null_returns_empty_string)
{
	kt_assert_str_eq(k_thread_name_get(NULL), "");
}

/* ---- priorities ---- */

KTEST(threads, priority_get_returns_creation_priority)
{
	k_tid_t a = helper_start(0, entry_mark, NULL, NULL, NULL, PRIO_BELOW(3), K_FOREVER);
	k_tid_t b = helper_start(1, entry_mark, NULL, NULL, NULL, K_PRIO_COOP(2), K_FOREVER);

	kt_assert_eq(k_thread_priority_get(a), PRIO_BELOW(3));
	kt_assert_eq(k_thread_priority_get(b), K_PRIO_COOP(2));
	kt_assert_eq(k_thread_priority_get(k_current_get()), CASE_PRIO);
}

KTEST(threads, priority_set_changes_priority)
{
	k_tid_t t = helper_start(0, entry_mark, NULL, NULL, NULL, PRIO_BELOW(3), K_FOREVER);

	kt_assert_eq(k_thread_priority_set(t, PRIO_BELOW(1)), 0);
	kt_assert_eq(k_thread_priority_get(t), PRIO_BELOW(1));
	kt_assert_eq(k_thread_priority_set(t, K_PRIO_COOP(1)), 0);
	kt_assert_eq(k_thread_priority_get(t), K_PRIO_COOP(1));
}

KTEST(threads, priority_set_out_of_range_returns_einval)
{
	k_tid_t t = helper_start(0, entry_mark, NULL, NULL, NULL, PRIO_BELOW(3), K_FOREVER);

	kt_assert_eq(k_thread_priority_set(t, K_HIGHEST_PRIO - 1), -EINVAL);
	kt_assert_eq(k_thread_priority_set(t, K_LOWEST_APP_PRIO + 1), -EINVAL);
	kt_assert_eq(k_thread_priority_get(t), PRIO_BELOW(3));
}

KTEST(threads, priority_set_null_returns_einval)
{
	kt_assert_eq(k_thread_priority_set(NULL, CASE_PRIO), -EINVAL);
}

KTEST(threads, priority_set_on_ended_thread_returns_einval)
{
	k_tid_t t = helper_start(0, entry_mark, NULL, NULL, NULL, PRIO_ABOVE(1), K_NO_WAIT);

	helper_join(0);
	kt_assert_eq(k_thread_priority_set(t, PRIO_BELOW(1)), -EINVAL);
}

KTEST(threads, priority_get_null_returns_below_idle)
{
	kt_assert_eq(k_thread_priority_get(NULL), K_IDLE_PRIO + 1);
}

/* ---- join ---- */

KTEST(threads, join_ended_thread_returns_0_even_without_waiting)
{
	k_tid_t t = helper_start(0, entry_mark, NULL, NULL, NULL, PRIO_ABOVE(1), K_NO_WAIT);

	kt_assert_eq(ran_count, 1);
	kt_assert_eq(k_thread_join(t, K_NO_WAIT), 0);
	kt_assert_eq(k_thread_join(t, K_FOREVER), 0);
}

KTEST(threads, join_waits_until_the_thread_returns)
{
	k_tid_t t = helper_start(0, entry_sleep_then_mark, (void *)(intptr_t)30, NULL, NULL,
				 PRIO_ABOVE(1), K_NO_WAIT);

	kt_assert_eq(ran_count, 0);
	kt_assert_eq(k_thread_join(t, K_FOREVER), 0);
	kt_assert_eq(ran_count, 1);
	kt_assert_ne(k_thread_state_get(t) & K_THREAD_DEAD, 0);
}

KTEST(threads, join_with_timeout_returns_0_when_the_thread_ends_in_time)
{
	k_tid_t t = helper_start(0, entry_sleep_then_mark, (void *)(intptr_t)30, NULL, NULL,
				 PRIO_ABOVE(1), K_NO_WAIT);
	int64_t t0 = k_uptime_get();

	kt_assert_eq(k_thread_join(t, K_MSEC(500)), 0);
	kt_assert_lt(k_uptime_get() - t0, 500);
	kt_assert_eq(ran_count, 1);
}

KTEST(threads, join_no_wait_on_running_thread_returns_ebusy)
{
	k_tid_t t = helper_start(0, entry_block, NULL, NULL, NULL, PRIO_BELOW(1), K_NO_WAIT);

	kt_assert_eq(k_thread_join(t, K_NO_WAIT), -EBUSY);
	kt_assert_eq(k_sem_give(&block_sem), 0);
	helper_join(0);
}

KTEST(threads, join_times_out_with_eagain)
{
	k_tid_t t = helper_start(0, entry_block, NULL, NULL, NULL, PRIO_BELOW(1), K_NO_WAIT);
	int64_t t0 = k_uptime_get();

	kt_assert_eq(k_thread_join(t, K_MSEC(50)), -EAGAIN);
	kt_assert_ge(k_uptime_get() - t0, 50);
	kt_assert_eq(ran_count, 0);
	kt_assert_eq(k_sem_give(&block_sem), 0);
	helper_join(0);
}

KTEST(threads, join_self_returns_edeadlk)
{
	kt_assert_eq(k_thread_join(k_current_get(), K_FOREVER), -EDEADLK);
}

KTEST(threads, join_each_other_returns_edeadlk)
{
	/* The helper joins us (for 100 ms); our join on it would close the loop. */
	k_tid_t t = helper_start(0, entry_join, k_current_get(), (void *)(intptr_t)100,
				 (void *)0, PRIO_ABOVE(1), K_NO_WAIT);

	kt_assert_eq(k_thread_join(t, K_FOREVER), -EDEADLK);
	k_msleep(200);
	kt_assert_eq(join_ret[0], -EAGAIN);
	helper_join(0);
}

KTEST(threads, join_returns_0_when_the_thread_is_aborted)
{
	k_tid_t target = helper_start(0, entry_block, NULL, NULL, NULL, PRIO_BELOW(1),
				      K_NO_WAIT);

	helper_start(1, entry_join, target, (void *)(intptr_t)10000, (void *)0,
		     PRIO_ABOVE(1), K_NO_WAIT);
	kt_assert_eq(join_ret[0], 1); /* still waiting */
	kt_assert_eq(k_thread_abort(target), 0);
	kt_assert_eq(join_ret[0], 0); /* the joiner outranks us: already back */
	kt_assert_eq(ran_count, 0);
	helper_join(1);
}

KTEST(threads, join_wakes_every_joiner)
{
	k_tid_t target = helper_start(0, entry_block, NULL, NULL, NULL, PRIO_BELOW(1),
				      K_NO_WAIT);

	helper_start(1, entry_join, target, (void *)(intptr_t)10000, (void *)0,
		     PRIO_ABOVE(1), K_NO_WAIT);
	helper_start(2, entry_join, target, (void *)(intptr_t)10000, (void *)1,
		     PRIO_ABOVE(2), K_NO_WAIT);
	kt_assert_eq(k_sem_give(&block_sem), 0);
	helper_join(0);
	helper_join(1);
	helper_join(2);
	kt_assert_eq(join_ret[0], 0);
	kt_assert_eq(join_ret[1], 0);
}

KTEST(threads, aborted_joiner_is_not_woken_when_the_target_ends)
{
	k_tid_t target = helper_start(0, entry_block, NULL, NULL, NULL, PRIO_BELOW(1),
				      K_NO_WAIT);
	k_tid_t joiner = helper_start(1, entry_join, target, (void *)(intptr_t)10000,
				      (void *)0, PRIO_ABOVE(1), K_NO_WAIT);

	kt_assert_eq(k_thread_abort(joiner), 0);
	kt_assert_eq(k_sem_give(&block_sem), 0);
	helper_join(0);
	k_msleep(10);
	kt_assert_eq(join_ret[0], 1); /* the joiner never returned from its join */
	kt_assert_eq(k_thread_state_get(joiner), K_THREAD_DEAD);
}

KTEST(threads, join_null_returns_einval)
{
	kt_assert_eq(k_thread_join(NULL, K_FOREVER), -EINVAL);
}

KTEST(threads, join_negative_timeout_returns_einval)
{
	k_tid_t t = helper_start(0, entry_block, NULL, NULL, NULL, PRIO_BELOW(1), K_NO_WAIT);

	kt_assert_eq(k_thread_join(t, K_TICKS(-2)), -EINVAL);
	kt_assert_eq(k_sem_give(&block_sem), 0);
	helper_join(0);
}

/* ---- abort ---- */

KTEST(threads, abort_stops_another_thread)
{
	k_tid_t t = helper_start(0, entry_count_forever, NULL, NULL, NULL, PRIO_ABOVE(1),
				 K_NO_WAIT);

	k_msleep(55);
	kt_assert_gt(ran_count, 1);
	kt_assert_eq(k_thread_abort(t), 0);
	int n = ran_count;

	k_msleep(100);
	kt_assert_eq(ran_count, n);
	kt_assert_ne(k_thread_state_get(t) & K_THREAD_DEAD, 0);
	kt_assert_eq(k_thread_join(t, K_NO_WAIT), 0);
}

KTEST(threads, abort_removes_a_pended_thread_from_the_wait_queue)
{
	/* A is the best waiter; once aborted the give must go to B. */
	k_tid_t a = helper_start(0, entry_take_log, (void *)(uintptr_t)'A', NULL, NULL, PRIO_ABOVE(2),
				 K_NO_WAIT);

	helper_start(1, entry_take_log, (void *)(uintptr_t)'B', NULL, NULL, PRIO_ABOVE(1), K_NO_WAIT);
	kt_assert_eq(k_thread_abort(a), 0);
	kt_assert_eq(k_sem_give(&block_sem), 0);
	kt_assert_str_eq(log_get(), "B");
	helper_join(1);
}

KTEST(threads, aborted_waiter_does_not_consume_a_give)
{
	k_tid_t a = helper_start(0, entry_take_log, (void *)(uintptr_t)'A', NULL, NULL, PRIO_ABOVE(1),
				 K_NO_WAIT);

	kt_assert_ne(k_thread_state_get(a) & K_THREAD_PENDING, 0);
	kt_assert_eq(k_thread_abort(a), 0);
	kt_assert_eq(k_sem_give(&block_sem), 0);
	kt_assert_eq(k_sem_count_get(&block_sem), 1);
	kt_assert_str_eq(log_get(), "");
}

KTEST(threads, abort_of_sleeping_thread_cancels_its_wakeup)
{
	k_tid_t t = helper_start(0, entry_sleep_then_mark, (void *)(intptr_t)50, NULL, NULL,
				 PRIO_ABOVE(1), K_NO_WAIT);

	kt_assert_eq(k_thread_abort(t), 0);
	k_msleep(100);
	kt_assert_eq(ran_count, 0);
}

KTEST(threads, abort_of_delayed_thread_prevents_its_start)
{
	k_tid_t t = helper_start(0, entry_mark, NULL, NULL, NULL, PRIO_ABOVE(1), K_MSEC(50));

	kt_assert_eq(k_thread_abort(t), 0);
	k_msleep(100);
	kt_assert_eq(ran_count, 0);
	kt_assert_eq(k_thread_join(t, K_NO_WAIT), 0);
}

KTEST(threads, abort_self_does_not_return)
{
	helper_start(0, entry_abort_self, NULL, NULL, NULL, PRIO_ABOVE(1), K_NO_WAIT);
	helper_join(0);
	kt_assert_eq(ran_count, 1);
}

KTEST(threads, abort_of_ended_thread_returns_0)
{
	k_tid_t t = helper_start(0, entry_mark, NULL, NULL, NULL, PRIO_ABOVE(1), K_NO_WAIT);

	helper_join(0);
	kt_assert_eq(k_thread_abort(t), 0);
}

KTEST(threads, abort_null_returns_einval)
{
	kt_assert_eq(k_thread_abort(NULL), -EINVAL);
}

/* ---- state flags ---- */

KTEST(threads, state_of_unstarted_thread_is_prestart)
{
	k_tid_t t = helper_start(0, entry_mark, NULL, NULL, NULL, PRIO_ABOVE(1), K_FOREVER);
	unsigned int s = k_thread_state_get(t);

	kt_assert_ne(s & K_THREAD_PRESTART, 0);
	kt_assert_eq(s & (K_THREAD_READY | K_THREAD_DEAD), 0);
}

KTEST(threads, state_of_ready_thread_is_ready)
{
	k_tid_t t = helper_start(0, entry_mark, NULL, NULL, NULL, PRIO_BELOW(1), K_NO_WAIT);

	kt_assert_eq(k_thread_state_get(t), K_THREAD_READY);
	helper_join(0);
}

KTEST(threads, state_of_running_thread_is_ready)
{
	kt_assert_eq(k_thread_state_get(k_current_get()), K_THREAD_READY);
}

KTEST(threads, state_of_pended_thread_is_pending)
{
	k_tid_t t = helper_start(0, entry_block, NULL, NULL, NULL, PRIO_ABOVE(1), K_NO_WAIT);
	unsigned int s = k_thread_state_get(t);

	kt_assert_ne(s & K_THREAD_PENDING, 0);
	kt_assert_eq(s & (K_THREAD_READY | K_THREAD_SLEEPING | K_THREAD_DEAD), 0);
	kt_assert_eq(k_sem_give(&block_sem), 0);
	helper_join(0);
}

KTEST(threads, state_of_sleeping_thread_is_sleeping)
{
	k_tid_t t = helper_start(0, entry_sleep_then_mark, (void *)(intptr_t)50, NULL, NULL,
				 PRIO_ABOVE(1), K_NO_WAIT);
	unsigned int s = k_thread_state_get(t);

	kt_assert_ne(s & K_THREAD_SLEEPING, 0);
	kt_assert_eq(s & (K_THREAD_READY | K_THREAD_PENDING | K_THREAD_DEAD), 0);
	helper_join(0);
}

KTEST(threads, state_of_ended_thread_is_dead)
{
	k_tid_t t = helper_start(0, entry_mark, NULL, NULL, NULL, PRIO_ABOVE(1), K_NO_WAIT);

	helper_join(0);
	kt_assert_eq(k_thread_state_get(t), K_THREAD_DEAD);
}

KTEST(threads, state_get_null_returns_0)
{
	kt_assert_eq(k_thread_state_get(NULL), 0);
}

/* ---- foreach ---- */

static void find_thread(const struct k_thread *t, void *arg)
{
	const struct k_thread **wanted = arg;

	if (t == *wanted) {
		*wanted = NULL;
	}
}

KTEST(threads, foreach_visits_a_created_thread)
{
	const struct k_thread *wanted = helper_start(0, entry_mark, NULL, NULL, NULL,
						     PRIO_ABOVE(1), K_FOREVER);

	k_thread_foreach(find_thread, &wanted);
	kt_assert_null(wanted);
}
