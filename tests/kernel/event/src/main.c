/*
 * Event groups: post/set/clear/test, waiting for any or all bits, the
 * reset and clear-on-exit options, timeouts, which waiters a post wakes and
 * in what order, hand-shakes between threads of different priorities, use
 * from interrupt context and every invalid argument.
 */
#include "helpers.h"

#define NO_RESULT 0xdeadbeefu

static struct k_event ev;
static struct k_event ack;

static volatile uint32_t got[HELPER_COUNT];
static volatile uint32_t isr_got;
static volatile int isr_ret;
static volatile uint32_t seen_in_isr;
static volatile int pp_errors;
static volatile int pp_count;

static void before(void *fixture)
{
	(void)fixture;
	(void)k_event_init(&ev);
	(void)k_event_init(&ack);
	for (int i = 0; i < HELPER_COUNT; i++) {
		got[i] = NO_RESULT;
	}
	isr_got = NO_RESULT;
	isr_ret = 1000;
	seen_in_isr = 0;
	pp_errors = 0;
	pp_count = 0;
	log_reset();
}

static void after(void *fixture)
{
	(void)fixture;
	helpers_stop_all();
}

KTEST_SUITE(event, NULL, before, after, NULL);

#define ARG(x) ((void *)(uintptr_t)(x))

/* What a helper waits for. */
struct waiter {
	char tag;
	uint32_t events;
	uint32_t options;
	int32_t ms; /* -1: forever */
};

/* Wait as *p1 says; the result goes to got[p2]; log the tag on success. */
static void entry_wait(void *p1, void *p2, void *p3)
{
	const struct waiter *w = p1;
	uint32_t m;

	(void)p3;
	m = k_event_wait(&ev, w->events, w->options, w->ms < 0 ? K_FOREVER : K_MSEC(w->ms));
	got[(uintptr_t)p2] = m;
	if (m != 0) {
		log_event(w->tag);
	}
}

static void start_waiter(int i, const struct waiter *w, int prio)
{
	helper_start(i, entry_wait, (void *)(uintptr_t)w, ARG(i), NULL, prio, K_NO_WAIT);
}

/* ---- init, post, set, clear, test ---- */

KTEST(event, init_null_returns_einval)
{
	kt_assert_eq(k_event_init(NULL), -EINVAL);
}

static K_EVENT_DEFINE(static_ev);

KTEST(event, define_starts_with_every_bit_clear)
{
	kt_assert_eq(k_event_test(&static_ev, UINT32_MAX), 0);
	kt_assert_eq(k_event_post(&static_ev, 0x80000001u), 0);
	kt_assert_eq(k_event_test(&static_ev, UINT32_MAX), 0x80000001u);
	kt_assert_eq(k_event_clear(&static_ev, UINT32_MAX), 0);
}

KTEST(event, init_clears_every_bit)
{
	kt_assert_eq(k_event_post(&ev, 0xffu), 0);
	kt_assert_eq(k_event_init(&ev), 0);
	kt_assert_eq(k_event_test(&ev, UINT32_MAX), 0);
}

KTEST(event, post_ors_the_bits_in)
{
	kt_assert_eq(k_event_post(&ev, 0x1u), 0);
	kt_assert_eq(k_event_post(&ev, 0x80000000u), 0);
	kt_assert_eq(k_event_post(&ev, 0x1u), 0);
	kt_assert_eq(k_event_test(&ev, UINT32_MAX), 0x80000001u);
}

KTEST(event, set_replaces_every_bit)
{
	kt_assert_eq(k_event_post(&ev, 0xf0u), 0);
	kt_assert_eq(k_event_set(&ev, 0x0fu), 0);
	kt_assert_eq(k_event_test(&ev, UINT32_MAX), 0x0fu);
	kt_assert_eq(k_event_set(&ev, 0), 0);
	kt_assert_eq(k_event_test(&ev, UINT32_MAX), 0);
}

KTEST(event, clear_clears_only_the_given_bits)
{
	kt_assert_eq(k_event_post(&ev, 0x7u), 0);
	kt_assert_eq(k_event_clear(&ev, 0x5u), 0);
	kt_assert_eq(k_event_test(&ev, UINT32_MAX), 0x2u);
}

KTEST(event, test_returns_the_set_bits_of_the_mask)
{
	kt_assert_eq(k_event_post(&ev, 0x6u), 0);
	kt_assert_eq(k_event_test(&ev, 0x3u), 0x2u);
	kt_assert_eq(k_event_test(&ev, 0x1u), 0);
	kt_assert_eq(k_event_test(&ev, 0x6u), 0x6u); /* and keeps them */
}

/* ---- waiting without blocking ---- */

KTEST(event, wait_any_returns_the_bits_already_set)
{
	kt_assert_eq(k_event_post(&ev, 0x5u), 0);
	kt_assert_eq(k_event_wait(&ev, 0x3u, K_EVENT_WAIT_ANY, K_NO_WAIT), 0x1u);
	kt_assert_eq(k_event_wait(&ev, 0xfu, K_EVENT_WAIT_ANY, K_FOREVER), 0x5u);
	kt_assert_eq(k_event_test(&ev, UINT32_MAX), 0x5u); /* not consumed */
}

KTEST(event, wait_all_needs_every_bit)
{
	kt_assert_eq(k_event_post(&ev, 0x1u), 0);
	kt_assert_eq(k_event_wait(&ev, 0x3u, K_EVENT_WAIT_ALL, K_NO_WAIT), 0);
	kt_assert_eq(k_event_post(&ev, 0x6u), 0);
	kt_assert_eq(k_event_wait(&ev, 0x3u, K_EVENT_WAIT_ALL, K_NO_WAIT), 0x3u);
}

KTEST(event, wait_no_wait_unsatisfied_returns_0)
{
	kt_assert_eq(k_event_post(&ev, 0x4u), 0);
	kt_assert_eq(k_event_wait(&ev, 0x3u, K_EVENT_WAIT_ANY, K_NO_WAIT), 0);
}

KTEST(event, wait_clear_consumes_only_the_matched_bits)
{
	kt_assert_eq(k_event_post(&ev, 0x7u), 0);
	kt_assert_eq(k_event_wait(&ev, 0x9u, K_EVENT_WAIT_CLEAR, K_NO_WAIT), 0x1u);
	kt_assert_eq(k_event_test(&ev, UINT32_MAX), 0x6u);
	kt_assert_eq(k_event_wait(&ev, 0x1u, K_EVENT_WAIT_CLEAR, K_NO_WAIT), 0);
}

KTEST(event, wait_all_clear_consumes_all_the_bits)
{
	kt_assert_eq(k_event_post(&ev, 0x7u), 0);
	kt_assert_eq(k_event_wait(&ev, 0x3u, K_EVENT_WAIT_ALL | K_EVENT_WAIT_CLEAR,
				  K_NO_WAIT), 0x3u);
	kt_assert_eq(k_event_test(&ev, UINT32_MAX), 0x4u);
}

KTEST(event, wait_reset_ignores_bits_posted_before_the_call)
{
	kt_assert_eq(k_event_post(&ev, 0x3u), 0);
	kt_assert_eq(k_event_wait(&ev, 0x1u, K_EVENT_WAIT_RESET, K_NO_WAIT), 0);
	/* Only the awaited bit was reset. */
	kt_assert_eq(k_event_test(&ev, UINT32_MAX), 0x2u);
}

KTEST(event, wait_reset_is_satisfied_by_a_new_post)
{
	static const struct waiter w = { 'A', 0x1u, K_EVENT_WAIT_RESET, -1 };

	kt_assert_eq(k_event_post(&ev, 0x1u), 0);
	start_waiter(0, &w, PRIO_ABOVE(1));
	kt_assert_eq(got[0], NO_RESULT); /* the old bit did not count */
	kt_assert_eq(k_event_post(&ev, 0x1u), 0);
	kt_assert_eq(got[0], 0x1u);
	helper_join(0);
}

/* ---- invalid arguments ---- */

KTEST(event, post_set_clear_null_return_einval)
{
	kt_assert_eq(k_event_post(NULL, 1), -EINVAL);
	kt_assert_eq(k_event_set(NULL, 1), -EINVAL);
	kt_assert_eq(k_event_clear(NULL, 1), -EINVAL);
}

KTEST(event, test_null_returns_0)
{
	kt_assert_eq(k_event_test(NULL, UINT32_MAX), 0);
}

KTEST(event, wait_with_invalid_arguments_returns_0_and_changes_nothing)
{
	kt_assert_eq(k_event_post(&ev, 0x1u), 0);
	kt_assert_eq(k_event_wait(NULL, 0x1u, 0, K_NO_WAIT), 0);
	kt_assert_eq(k_event_wait(&ev, 0, 0, K_NO_WAIT), 0);
	kt_assert_eq(k_event_wait(&ev, 0x1u, 0x8u, K_NO_WAIT), 0);
	kt_assert_eq(k_event_wait(&ev, 0x1u, K_EVENT_WAIT_CLEAR | 0x100u, K_NO_WAIT), 0);
	kt_assert_eq(k_event_wait(&ev, 0x1u, K_EVENT_WAIT_CLEAR, K_TICKS(-2)), 0);
	kt_assert_eq(k_event_wait(&ev, 0x1u, K_EVENT_WAIT_RESET, K_MSEC(-1)), 0);
	kt_assert_eq(k_event_test(&ev, UINT32_MAX), 0x1u);
}

/* ---- timeouts ---- */

KTEST(event, wait_times_out_with_0)
{
	int64_t t0 = k_uptime_get();

	kt_assert_eq(k_event_wait(&ev, 0x1u, 0, K_MSEC(50)), 0);
	int64_t dt = k_uptime_get() - t0;

	kt_assert_ge(dt, 50);
	kt_assert_le(dt, 50 + 2 * TICK_MS);
}

/* Sleep p1 ms, then post p2. */
static void entry_sleep_post(void *p1, void *p2, void *p3)
{
	(void)p3;
	k_msleep((int32_t)(intptr_t)p1);
	(void)k_event_post(&ev, (uint32_t)(uintptr_t)p2);
}

KTEST(event, wait_succeeds_when_posted_in_time)
{
	helper_start(0, entry_sleep_post, ARG(20), ARG(0x10), NULL, PRIO_ABOVE(1), K_NO_WAIT);
	int64_t t0 = k_uptime_get();

	kt_assert_eq(k_event_wait(&ev, 0x30u, 0, K_MSEC(100)), 0x10u);
	int64_t dt = k_uptime_get() - t0;

	kt_assert_ge(dt, 20);
	kt_assert_lt(dt, 100);
	helper_join(0);
}

KTEST(event, timed_out_clear_waiter_does_not_consume_a_later_post)
{
	static const struct waiter w = { 'A', 0x1u, K_EVENT_WAIT_CLEAR, 20 };

	start_waiter(0, &w, PRIO_ABOVE(1));
	k_msleep(50);
	kt_assert_eq(got[0], 0);
	kt_assert_eq(k_event_post(&ev, 0x1u), 0);
	kt_assert_eq(k_event_test(&ev, 0x1u), 0x1u);
	helper_join(0);
}

/* ---- waking waiters ---- */

KTEST(event, post_wakes_a_waiter_with_only_the_matching_bits)
{
	static const struct waiter w = { 'A', 0x3u, K_EVENT_WAIT_ANY, -1 };

	start_waiter(0, &w, PRIO_ABOVE(1));
	kt_assert_eq(got[0], NO_RESULT);
	kt_assert_eq(k_event_post(&ev, 0x6u), 0);
	kt_assert_eq(got[0], 0x2u);
	helper_join(0);
}

KTEST(event, wait_all_sleeps_until_the_last_bit_is_posted)
{
	static const struct waiter w = { 'A', 0x3u, K_EVENT_WAIT_ALL, -1 };

	start_waiter(0, &w, PRIO_ABOVE(1));
	kt_assert_eq(k_event_post(&ev, 0x1u), 0);
	kt_assert_eq(got[0], NO_RESULT);
	kt_assert_ne(k_thread_state_get(&helper_threads[0]) & K_THREAD_PENDING, 0);
	kt_assert_eq(k_event_post(&ev, 0x2u), 0);
	kt_assert_eq(got[0], 0x3u);
	helper_join(0);
}

KTEST(event, post_wakes_every_satisfied_waiter_best_priority_first)
{
	static const struct waiter a = { 'A', 0x1u, 0, -1 };
	static const struct waiter b = { 'B', 0x2u, 0, -1 };
	static const struct waiter c = { 'C', 0x1u, 0, -1 };
	static const struct waiter d = { 'D', 0x4u, 0, -1 };

	start_waiter(0, &a, PRIO_ABOVE(1));
	start_waiter(1, &b, PRIO_ABOVE(3));
	start_waiter(2, &c, PRIO_ABOVE(2));
	start_waiter(3, &d, PRIO_ABOVE(4));
	kt_assert_eq(k_event_post(&ev, 0x3u), 0);
	kt_assert_str_eq(log_get(), "BCA");
	kt_assert_eq(got[3], NO_RESULT); /* D's bit was not posted */
	kt_assert_eq(k_event_post(&ev, 0x4u), 0);
	kt_assert_str_eq(log_get(), "BCAD");
	for (int i = 0; i < 4; i++) {
		helper_join(i);
	}
}

KTEST(event, equal_priority_waiters_wake_in_fifo_order)
{
	static const struct waiter a = { 'A', 0x1u, 0, -1 };
	static const struct waiter b = { 'B', 0x1u, 0, -1 };
	static const struct waiter c = { 'C', 0x1u, 0, -1 };

	start_waiter(0, &a, PRIO_ABOVE(2));
	start_waiter(1, &b, PRIO_ABOVE(2));
	start_waiter(2, &c, PRIO_ABOVE(2));
	kt_assert_eq(k_event_post(&ev, 0x1u), 0);
	kt_assert_str_eq(log_get(), "ABC");
	for (int i = 0; i < 3; i++) {
		helper_join(i);
	}
}

KTEST(event, woken_waiter_gets_its_bits_even_if_cleared_before_it_runs)
{
	static const struct waiter w = { 'A', 0x1u, 0, -1 };

	start_waiter(0, &w, PRIO_BELOW(1));
	k_msleep(10); /* let it pend */
	kt_assert_eq(k_event_post(&ev, 0x1u), 0);
	kt_assert_eq(k_event_clear(&ev, 0x1u), 0);
	helper_join(0);
	kt_assert_eq(got[0], 0x1u);
}

KTEST(event, one_post_reaches_every_clear_on_exit_waiter_then_clears)
{
	static const struct waiter a = { 'A', 0x1u, K_EVENT_WAIT_CLEAR, -1 };
	static const struct waiter b = { 'B', 0x1u, K_EVENT_WAIT_CLEAR, -1 };
	static const struct waiter c = { 'C', 0x3u, K_EVENT_WAIT_ANY, -1 };

	start_waiter(0, &a, PRIO_ABOVE(3));
	start_waiter(1, &b, PRIO_ABOVE(2));
	start_waiter(2, &c, PRIO_ABOVE(1));
	kt_assert_eq(k_event_post(&ev, 0x5u), 0);
	kt_assert_str_eq(log_get(), "ABC");
	kt_assert_eq(got[0], 0x1u);
	kt_assert_eq(got[1], 0x1u);
	kt_assert_eq(got[2], 0x1u);
	kt_assert_eq(k_event_test(&ev, UINT32_MAX), 0x4u); /* bit 0 consumed */
	for (int i = 0; i < 3; i++) {
		helper_join(i);
	}
}

KTEST(event, set_wakes_waiters_and_fewer_bits_do_not)
{
	static const struct waiter w = { 'A', 0x3u, K_EVENT_WAIT_ALL, -1 };

	start_waiter(0, &w, PRIO_ABOVE(1));
	kt_assert_eq(k_event_set(&ev, 0x1u), 0);
	kt_assert_eq(got[0], NO_RESULT);
	kt_assert_eq(k_event_set(&ev, 0x2u), 0); /* bit 0 is gone again */
	kt_assert_eq(got[0], NO_RESULT);
	kt_assert_eq(k_event_set(&ev, 0x7u), 0);
	kt_assert_eq(got[0], 0x3u);
	helper_join(0);
}

KTEST(event, clear_wakes_nobody)
{
	static const struct waiter w = { 'A', 0x1u, 0, -1 };

	start_waiter(0, &w, PRIO_ABOVE(1));
	kt_assert_eq(k_event_clear(&ev, UINT32_MAX), 0);
	kt_assert_eq(got[0], NO_RESULT);
	kt_assert_ne(k_thread_state_get(&helper_threads[0]) & K_THREAD_PENDING, 0);
}

/* ---- hand-shakes between threads ---- */

#define ROUNDS 50

/* Wait for bit 0 of ev (consuming it) and answer on ack, ROUNDS times. */
static void entry_responder(void *p1, void *p2, void *p3)
{
	(void)p1;
	(void)p2;
	(void)p3;
	for (int i = 0; i < ROUNDS; i++) {
		if (k_event_wait(&ev, 0x1u, K_EVENT_WAIT_CLEAR, K_SECONDS(1)) != 0x1u) {
			pp_errors++;
		}
		pp_count++;
		(void)k_event_post(&ack, 0x1u);
	}
}

static void handshake(void)
{
	for (int i = 0; i < ROUNDS; i++) {
		kt_assert_eq(k_event_post(&ev, 0x1u), 0);
		kt_assert_eq(k_event_wait(&ack, 0x1u, K_EVENT_WAIT_CLEAR, K_SECONDS(1)), 0x1u);
		kt_assert_eq(pp_count, i + 1);
	}
	helper_join(0);
	kt_assert_eq(pp_errors, 0);
	kt_assert_eq(k_event_test(&ev, UINT32_MAX), 0);
}

KTEST(event, handshake_with_a_higher_priority_thread)
{
	helper_start(0, entry_responder, NULL, NULL, NULL, PRIO_ABOVE(1), K_NO_WAIT);
	handshake();
}

KTEST(event, handshake_with_a_lower_priority_thread)
{
	helper_start(0, entry_responder, NULL, NULL, NULL, PRIO_BELOW(1), K_NO_WAIT);
	handshake();
}

/* ---- interrupt context ---- */

struct isr_call {
	int op; /* 0 post, 1 set, 2 clear, 3 wait */
	uint32_t events;
	uint32_t options;
	k_timeout_t timeout;
};

static void isr_fn(const void *arg)
{
	const struct isr_call *c = arg;

	switch (c->op) {
	case 0:
		isr_ret = k_event_post(&ev, c->events);
		break;
	case 1:
		isr_ret = k_event_set(&ev, c->events);
		break;
	case 2:
		isr_ret = k_event_clear(&ev, c->events);
		break;
	default:
		isr_got = k_event_wait(&ev, c->events, c->options, c->timeout);
		break;
	}
	seen_in_isr = got[0];
}

KTEST(event, post_from_isr_wakes_a_waiter_when_the_isr_ends)
{
	static const struct waiter w = { 'A', 0x8u, 0, -1 };
	static const struct isr_call call = { 0, 0x8u, 0, K_NO_WAIT };

	start_waiter(0, &w, PRIO_ABOVE(1));
	ktest_run_in_isr(isr_fn, &call);
	kt_assert_eq(isr_ret, 0);
	kt_assert_eq(seen_in_isr, NO_RESULT); /* not inside the ISR */
	kt_assert_eq(got[0], 0x8u);          /* but right after it */
	helper_join(0);
}

KTEST(event, post_from_isr_wakes_a_lower_priority_waiter)
{
	static const struct waiter w = { 'A', 0x8u, 0, -1 };
	static const struct isr_call call = { 0, 0x8u, 0, K_NO_WAIT };

	start_waiter(0, &w, PRIO_BELOW(1));
	k_msleep(10); /* let it pend */
	ktest_run_in_isr(isr_fn, &call);
	helper_join(0);
	kt_assert_eq(got[0], 0x8u);
}

KTEST(event, set_and_clear_from_isr)
{
	static const struct isr_call set = { 1, 0x30u, 0, K_NO_WAIT };
	static const struct isr_call clear = { 2, 0x10u, 0, K_NO_WAIT };

	kt_assert_eq(k_event_post(&ev, 0x1u), 0);
	ktest_run_in_isr(isr_fn, &set);
	kt_assert_eq(isr_ret, 0);
	kt_assert_eq(k_event_test(&ev, UINT32_MAX), 0x30u);
	ktest_run_in_isr(isr_fn, &clear);
	kt_assert_eq(isr_ret, 0);
	kt_assert_eq(k_event_test(&ev, UINT32_MAX), 0x20u);
}

KTEST(event, wait_no_wait_from_isr_returns_and_clears_the_bits)
{
	static const struct isr_call call = { 3, 0x3u, K_EVENT_WAIT_CLEAR, K_NO_WAIT };

	kt_assert_eq(k_event_post(&ev, 0x2u), 0);
	ktest_run_in_isr(isr_fn, &call);
	kt_assert_eq(isr_got, 0x2u);
	kt_assert_eq(k_event_test(&ev, UINT32_MAX), 0);
}

KTEST(event, waiting_wait_from_isr_returns_0_and_consumes_nothing)
{
	static const struct isr_call calls[] = {
		{ 3, 0x1u, K_EVENT_WAIT_CLEAR, K_TICKS(10) },
		{ 3, 0x1u, K_EVENT_WAIT_CLEAR, K_FOREVER },
	};

	kt_assert_eq(k_event_post(&ev, 0x1u), 0);
	for (size_t i = 0; i < ARRAY_SIZE(calls); i++) {
		isr_got = NO_RESULT;
		ktest_run_in_isr(isr_fn, &calls[i]);
		kt_assert_eq(isr_got, 0);
	}
	kt_assert_eq(k_event_test(&ev, UINT32_MAX), 0x1u);
}
