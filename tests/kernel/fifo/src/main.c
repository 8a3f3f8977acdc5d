/*
 * FIFOs and LIFOs of user structs: order, the item itself being queued
 * (never copied), the reserved first word, empty queues, timeouts, hand-over
 * to waiting getters and their order, producer/consumer pairs, use from
 * interrupt context and every invalid argument.
 */
#include "helpers.h"

#define NO_RESULT ((void *)(uintptr_t)1)

/* A user struct: the first word belongs to the kernel while queued. */
struct item {
	void *reserved;
	uint32_t value;
	uint32_t guard;
};

#define N_ITEMS 8

static struct item items[N_ITEMS];
static struct k_fifo fifo;
static struct k_lifo lifo;

static void *volatile got[HELPER_COUNT];
static void *volatile isr_got;
static volatile int isr_ret;
static void *volatile seen_in_isr;
static volatile int pc_errors;
static volatile uint32_t pc_count;

static void reset(void)
{
	(void)k_fifo_init(&fifo);
	(void)k_lifo_init(&lifo);
	for (int i = 0; i < N_ITEMS; i++) {
		items[i] = (struct item){ NULL, (uint32_t)i, 0x5a5a5a5a };
	}
	for (int i = 0; i < HELPER_COUNT; i++) {
		got[i] = NO_RESULT;
	}
	isr_got = NO_RESULT;
	isr_ret = 1000;
	seen_in_isr = NO_RESULT;
	pc_errors = 0;
	pc_count = 0;
	log_reset();
}

static void before(void *fixture)
{
	(void)fixture;
	reset();
}

static void after(void *fixture)
{
	(void)fixture;
	helpers_stop_all();
}

KTEST_SUITE(fifo, NULL, before, after, NULL);
KTEST_SUITE(lifo, NULL, before, after, NULL);

#define ARG(x) ((void *)(intptr_t)(x))

static k_timeout_t ms_timeout(intptr_t ms)
{
	return ms < 0 ? K_FOREVER : K_MSEC(ms);
}

/* Get from the FIFO (p2 ms, -1 forever) into got[p3]; log p1 on success. */
static void entry_fifo_get(void *p1, void *p2, void *p3)
{
	void *it = k_fifo_get(&fifo, ms_timeout((intptr_t)p2));

	got[(uintptr_t)p3] = it;
	if (it != NULL) {
		log_event((char)(uintptr_t)p1);
	}
}

static void entry_lifo_get(void *p1, void *p2, void *p3)
{
	void *it = k_lifo_get(&lifo, ms_timeout((intptr_t)p2));

	got[(uintptr_t)p3] = it;
	if (it != NULL) {
		log_event((char)(uintptr_t)p1);
	}
}

static void start_fifo_getter(int i, char c, int prio)
{
	helper_start(i, entry_fifo_get, ARG(c), ARG(-1), ARG(i), prio, K_NO_WAIT);
}

static void start_lifo_getter(int i, char c, int prio)
{
	helper_start(i, entry_lifo_get, ARG(c), ARG(-1), ARG(i), prio, K_NO_WAIT);
}

/* Sleep p1 ms, then put items[p2] into the FIFO (p3 == 0) or LIFO. */
static void entry_sleep_put(void *p1, void *p2, void *p3)
{
	k_msleep((int32_t)(intptr_t)p1);
	if (p3 == NULL) {
		(void)k_fifo_put(&fifo, &items[(uintptr_t)p2]);
	} else {
		(void)k_lifo_put(&lifo, &items[(uintptr_t)p2]);
	}
}

/* ==== FIFO ==== */

KTEST(fifo, init_null_returns_einval)
{
	kt_assert_eq(k_fifo_init(NULL), -EINVAL);
}

static K_FIFO_DEFINE(static_fifo);

KTEST(fifo, define_gives_an_empty_fifo)
{
	kt_assert_true(k_fifo_is_empty(&static_fifo));
	kt_assert_null(k_fifo_get(&static_fifo, K_NO_WAIT));
	kt_assert_eq(k_fifo_put(&static_fifo, &items[0]), 0);
	kt_assert_ptr_eq(k_fifo_get(&static_fifo, K_NO_WAIT), &items[0]);
}

KTEST(fifo, items_come_out_in_the_order_they_were_put)
{
	for (int i = 0; i < N_ITEMS; i++) {
		kt_assert_eq(k_fifo_put(&fifo, &items[i]), 0);
	}
	for (int i = 0; i < N_ITEMS; i++) {
		kt_assert_ptr_eq(k_fifo_get(&fifo, K_NO_WAIT), &items[i]);
	}
	kt_assert_true(k_fifo_is_empty(&fifo));
}

KTEST(fifo, the_item_itself_is_queued_and_only_its_first_word_is_used)
{
	kt_assert_eq(k_fifo_put(&fifo, &items[3]), 0);
	kt_assert_eq(k_fifo_put(&fifo, &items[4]), 0);
	struct item *it = k_fifo_get(&fifo, K_NO_WAIT);

	kt_assert_ptr_eq(it, &items[3]);
	kt_assert_eq(it->value, 3);
	kt_assert_eq(it->guard, 0x5a5a5a5a);
	kt_assert_eq(items[4].value, 4);
	kt_assert_eq(items[4].guard, 0x5a5a5a5a);
}

KTEST(fifo, an_item_can_be_put_again_after_it_was_taken)
{
	for (int round = 0; round < 3; round++) {
		kt_assert_eq(k_fifo_put(&fifo, &items[0]), 0);
		kt_assert_eq(k_fifo_put(&fifo, &items[1]), 0);
		kt_assert_ptr_eq(k_fifo_get(&fifo, K_NO_WAIT), &items[0]);
		kt_assert_ptr_eq(k_fifo_get(&fifo, K_NO_WAIT), &items[1]);
	}
	kt_assert_null(k_fifo_get(&fifo, K_NO_WAIT));
}

KTEST(fifo, interleaved_puts_and_gets_keep_fifo_order)
{
	kt_assert_eq(k_fifo_put(&fifo, &items[0]), 0);
	kt_assert_eq(k_fifo_put(&fifo, &items[1]), 0);
	kt_assert_ptr_eq(k_fifo_get(&fifo, K_NO_WAIT), &items[0]);
	kt_assert_eq(k_fifo_put(&fifo, &items[2]), 0);
	kt_assert_ptr_eq(k_fifo_get(&fifo, K_NO_WAIT), &items[1]);
	kt_assert_ptr_eq(k_fifo_get(&fifo, K_NO_WAIT), &items[2]);
	kt_assert_eq(k_fifo_put(&fifo, &items[3]), 0); /* after it emptied */
	kt_assert_ptr_eq(k_fifo_get(&fifo, K_NO_WAIT), &items[3]);
}

KTEST(fifo, peek_head_returns_the_front_without_removing_it)
{
	kt_assert_null(k_fifo_peek_head(&fifo));
	kt_assert_eq(k_fifo_put(&fifo, &items[5]), 0);
	kt_assert_eq(k_fifo_put(&fifo, &items[6]), 0);
	kt_assert_ptr_eq(k_fifo_peek_head(&fifo), &items[5]);
	kt_assert_ptr_eq(k_fifo_peek_head(&fifo), &items[5]);
	kt_assert_ptr_eq(k_fifo_get(&fifo, K_NO_WAIT), &items[5]);
}

KTEST(fifo, is_empty_follows_puts_and_gets)
{
	kt_assert_true(k_fifo_is_empty(&fifo));
	kt_assert_eq(k_fifo_put(&fifo, &items[0]), 0);
	kt_assert_false(k_fifo_is_empty(&fifo));
	(void)k_fifo_get(&fifo, K_NO_WAIT);
	kt_assert_true(k_fifo_is_empty(&fifo));
}

KTEST(fifo, get_no_wait_on_an_empty_fifo_returns_null)
{
	kt_assert_null(k_fifo_get(&fifo, K_NO_WAIT));
}

KTEST(fifo, get_times_out_with_null)
{
	int64_t t0 = k_uptime_get();

	kt_assert_null(k_fifo_get(&fifo, K_MSEC(40)));
	int64_t dt = k_uptime_get() - t0;

	kt_assert_ge(dt, 40);
	kt_assert_le(dt, 40 + 2 * TICK_MS);
}

KTEST(fifo, get_succeeds_when_an_item_arrives_in_time)
{
	helper_start(0, entry_sleep_put, ARG(20), ARG(2), NULL, PRIO_ABOVE(1), K_NO_WAIT);
	int64_t t0 = k_uptime_get();

	kt_assert_ptr_eq(k_fifo_get(&fifo, K_MSEC(100)), &items[2]);
	int64_t dt = k_uptime_get() - t0;

	kt_assert_ge(dt, 20);
	kt_assert_lt(dt, 100);
	helper_join(0);
}

KTEST(fifo, put_hands_the_item_to_a_waiting_getter)
{
	start_fifo_getter(0, 'A', PRIO_ABOVE(1));
	kt_assert_eq(k_fifo_put(&fifo, &items[1]), 0);
	kt_assert_ptr_eq(got[0], &items[1]);
	kt_assert_true(k_fifo_is_empty(&fifo));
	helper_join(0);
}

KTEST(fifo, handed_over_item_cannot_be_taken_by_another_getter)
{
	start_fifo_getter(0, 'A', PRIO_BELOW(1));
	k_msleep(10); /* let it pend */
	kt_assert_eq(k_fifo_put(&fifo, &items[1]), 0);
	kt_assert_ptr_eq(got[0], NO_RESULT); /* it has not run yet */
	kt_assert_null(k_fifo_get(&fifo, K_NO_WAIT));
	helper_join(0);
	kt_assert_ptr_eq(got[0], &items[1]);
}

KTEST(fifo, waiting_getters_are_served_highest_priority_first)
{
	start_fifo_getter(0, 'A', PRIO_ABOVE(1));
	start_fifo_getter(1, 'B', PRIO_ABOVE(3));
	start_fifo_getter(2, 'C', PRIO_ABOVE(2));
	for (int i = 0; i < 3; i++) {
		kt_assert_eq(k_fifo_put(&fifo, &items[i]), 0);
	}
	kt_assert_str_eq(log_get(), "BCA");
	kt_assert_ptr_eq(got[1], &items[0]);
	kt_assert_ptr_eq(got[2], &items[1]);
	kt_assert_ptr_eq(got[0], &items[2]);
	for (int i = 0; i < 3; i++) {
		helper_join(i);
	}
}

KTEST(fifo, equal_priority_getters_are_served_in_fifo_order)
{
	start_fifo_getter(0, 'A', PRIO_ABOVE(2));
	start_fifo_getter(1, 'B', PRIO_ABOVE(2));
	start_fifo_getter(2, 'C', PRIO_ABOVE(2));
	for (int i = 0; i < 3; i++) {
		kt_assert_eq(k_fifo_put(&fifo, &items[i]), 0);
	}
	kt_assert_str_eq(log_get(), "ABC");
	kt_assert_ptr_eq(got[0], &items[0]);
	kt_assert_ptr_eq(got[2], &items[2]);
	for (int i = 0; i < 3; i++) {
		helper_join(i);
	}
}

KTEST(fifo, timed_out_getter_does_not_take_a_later_item)
{
	helper_start(0, entry_fifo_get, ARG('A'), ARG(20), ARG(0), PRIO_ABOVE(1), K_NO_WAIT);
	k_msleep(50);
	kt_assert_null(got[0]);
	kt_assert_eq(k_fifo_put(&fifo, &items[0]), 0);
	kt_assert_ptr_eq(k_fifo_peek_head(&fifo), &items[0]);
	helper_join(0);
}

#define PC_ITEMS 100

/* Put PC_ITEMS items, cycling through items[] (each taken before reused). */
static void entry_producer(void *p1, void *p2, void *p3)
{
	(void)p1;
	(void)p2;
	(void)p3;
	for (uint32_t i = 0; i < PC_ITEMS; i++) {
		struct item *it = &items[i % N_ITEMS];

		/* The consumer frees the slot first: wait until it has. */
		while (pc_count + N_ITEMS <= i) {
			k_msleep(1);
		}
		it->value = i;
		if (k_fifo_put(&fifo, it) != 0) {
			pc_errors++;
		}
	}
}

static void entry_consumer(void *p1, void *p2, void *p3)
{
	(void)p1;
	(void)p2;
	(void)p3;
	for (uint32_t i = 0; i < PC_ITEMS; i++) {
		struct item *it = k_fifo_get(&fifo, K_FOREVER);

		if (it != &items[i % N_ITEMS] || it->value != i) {
			pc_errors++;
		}
		pc_count++;
	}
}

KTEST(fifo, producer_above_the_consumer_keeps_order)
{
	helper_start(0, entry_producer, NULL, NULL, NULL, PRIO_ABOVE(1), K_NO_WAIT);
	entry_consumer(NULL, NULL, NULL);
	helper_join(0);
	kt_assert_eq(pc_errors, 0);
	kt_assert_eq(pc_count, PC_ITEMS);
}

KTEST(fifo, consumer_above_the_producer_gets_each_item_at_once)
{
	helper_start(0, entry_consumer, NULL, NULL, NULL, PRIO_ABOVE(1), K_NO_WAIT);
	for (uint32_t i = 0; i < PC_ITEMS; i++) {
		items[i % N_ITEMS].value = i;
		kt_assert_eq(k_fifo_put(&fifo, &items[i % N_ITEMS]), 0);
		kt_assert_eq(pc_count, i + 1);
	}
	helper_join(0);
	kt_assert_eq(pc_errors, 0);
}

KTEST(fifo, put_null_fifo_or_item_returns_einval)
{
	kt_assert_eq(k_fifo_put(NULL, &items[0]), -EINVAL);
	kt_assert_eq(k_fifo_put(&fifo, NULL), -EINVAL);
	kt_assert_true(k_fifo_is_empty(&fifo));
}

KTEST(fifo, put_misaligned_item_returns_einval)
{
	static char raw[2 * sizeof(void *)] __attribute__((aligned(sizeof(void *))));

	kt_assert_eq(k_fifo_put(&fifo, raw + 1), -EINVAL);
	kt_assert_true(k_fifo_is_empty(&fifo));
}

KTEST(fifo, get_null_fifo_or_negative_timeout_returns_null)
{
	kt_assert_eq(k_fifo_put(&fifo, &items[0]), 0);
	kt_assert_null(k_fifo_get(NULL, K_NO_WAIT));
	kt_assert_null(k_fifo_get(&fifo, K_TICKS(-2)));
	kt_assert_null(k_fifo_get(&fifo, K_MSEC(-1)));
	kt_assert_ptr_eq(k_fifo_peek_head(&fifo), &items[0]); /* still queued */
}

KTEST(fifo, is_empty_and_peek_head_of_null)
{
	kt_assert_true(k_fifo_is_empty(NULL));
	kt_assert_null(k_fifo_peek_head(NULL));
}

struct isr_call {
	bool put;
	bool lifo;
	k_timeout_t timeout;
};

static void isr_fn(const void *arg)
{
	const struct isr_call *c = arg;

	if (c->put) {
		isr_ret = c->lifo ? k_lifo_put(&lifo, &items[7]) : k_fifo_put(&fifo, &items[7]);
	} else {
		isr_got = c->lifo ? k_lifo_get(&lifo, c->timeout) : k_fifo_get(&fifo, c->timeout);
	}
	seen_in_isr = got[0];
}

KTEST(fifo, put_from_isr_wakes_a_waiting_getter_when_the_isr_ends)
{
	static const struct isr_call call = { true, false, K_NO_WAIT };

	start_fifo_getter(0, 'A', PRIO_ABOVE(1));
	ktest_run_in_isr(isr_fn, &call);
	kt_assert_eq(isr_ret, 0);
	kt_assert_ptr_eq(seen_in_isr, NO_RESULT);
	kt_assert_ptr_eq(got[0], &items[7]);
	helper_join(0);
}

KTEST(fifo, put_from_isr_queues_the_item)
{
	static const struct isr_call call = { true, false, K_NO_WAIT };

	kt_assert_eq(k_fifo_put(&fifo, &items[0]), 0);
	ktest_run_in_isr(isr_fn, &call);
	kt_assert_eq(isr_ret, 0);
	kt_assert_ptr_eq(k_fifo_get(&fifo, K_NO_WAIT), &items[0]);
	kt_assert_ptr_eq(k_fifo_get(&fifo, K_NO_WAIT), &items[7]);
}

KTEST(fifo, get_no_wait_from_isr_takes_the_front_item)
{
	static const struct isr_call call = { false, false, K_NO_WAIT };

	kt_assert_eq(k_fifo_put(&fifo, &items[2]), 0);
	ktest_run_in_isr(isr_fn, &call);
	kt_assert_ptr_eq(isr_got, &items[2]);
	ktest_run_in_isr(isr_fn, &call);
	kt_assert_null(isr_got); /* and NULL once empty */
}

KTEST(fifo, waiting_get_from_isr_returns_null_and_takes_nothing)
{
	static const struct isr_call calls[] = {
		{ false, false, K_TICKS(10) }, { false, false, K_FOREVER },
	};

	kt_assert_eq(k_fifo_put(&fifo, &items[2]), 0);
	for (size_t i = 0; i < ARRAY_SIZE(calls); i++) {
		ktest_run_in_isr(isr_fn, &calls[i]);
		kt_assert_null(isr_got);
	}
	kt_assert_ptr_eq(k_fifo_peek_head(&fifo), &items[2]);
}

/* ==== LIFO ==== */

KTEST(lifo, init_null_returns_einval)
{
	kt_assert_eq(k_lifo_init(NULL), -EINVAL);
}

static K_LIFO_DEFINE(static_lifo);

KTEST(lifo, define_gives_an_empty_lifo)
{
	kt_assert_true(k_lifo_is_empty(&static_lifo));
	kt_assert_null(k_lifo_get(&static_lifo, K_NO_WAIT));
	kt_assert_eq(k_lifo_put(&static_lifo, &items[0]), 0);
	kt_assert_ptr_eq(k_lifo_get(&static_lifo, K_NO_WAIT), &items[0]);
}

KTEST(lifo, items_come_out_last_put_first)
{
	for (int i = 0; i < N_ITEMS; i++) {
		kt_assert_eq(k_lifo_put(&lifo, &items[i]), 0);
	}
	for (int i = N_ITEMS - 1; i >= 0; i--) {
		kt_assert_ptr_eq(k_lifo_get(&lifo, K_NO_WAIT), &items[i]);
	}
	kt_assert_true(k_lifo_is_empty(&lifo));
}

KTEST(lifo, interleaved_puts_and_gets_take_the_top)
{
	kt_assert_eq(k_lifo_put(&lifo, &items[0]), 0);
	kt_assert_eq(k_lifo_put(&lifo, &items[1]), 0);
	kt_assert_ptr_eq(k_lifo_get(&lifo, K_NO_WAIT), &items[1]);
	kt_assert_eq(k_lifo_put(&lifo, &items[2]), 0);
	kt_assert_ptr_eq(k_lifo_get(&lifo, K_NO_WAIT), &items[2]);
	kt_assert_ptr_eq(k_lifo_get(&lifo, K_NO_WAIT), &items[0]);
	kt_assert_null(k_lifo_get(&lifo, K_NO_WAIT));
}

KTEST(lifo, only_the_first_word_of_an_item_is_used)
{
	kt_assert_eq(k_lifo_put(&lifo, &items[3]), 0);
	kt_assert_eq(k_lifo_put(&lifo, &items[4]), 0);
	struct item *it = k_lifo_get(&lifo, K_NO_WAIT);

	kt_assert_ptr_eq(it, &items[4]);
	kt_assert_eq(it->value, 4);
	kt_assert_eq(it->guard, 0x5a5a5a5a);
	kt_assert_eq(items[3].guard, 0x5a5a5a5a);
}

KTEST(lifo, peek_head_and_is_empty_show_the_top)
{
	kt_assert_true(k_lifo_is_empty(&lifo));
	kt_assert_null(k_lifo_peek_head(&lifo));
	kt_assert_eq(k_lifo_put(&lifo, &items[5]), 0);
	kt_assert_eq(k_lifo_put(&lifo, &items[6]), 0);
	kt_assert_false(k_lifo_is_empty(&lifo));
	kt_assert_ptr_eq(k_lifo_peek_head(&lifo), &items[6]);
	kt_assert_ptr_eq(k_lifo_get(&lifo, K_NO_WAIT), &items[6]);
}

KTEST(lifo, get_no_wait_on_an_empty_lifo_returns_null)
{
	kt_assert_null(k_lifo_get(&lifo, K_NO_WAIT));
}

KTEST(lifo, get_times_out_with_null)
{
	int64_t t0 = k_uptime_get();

	kt_assert_null(k_lifo_get(&lifo, K_MSEC(40)));
	int64_t dt = k_uptime_get() - t0;

	kt_assert_ge(dt, 40);
	kt_assert_le(dt, 40 + 2 * TICK_MS);
}

KTEST(lifo, get_succeeds_when_an_item_arrives_in_time)
{
	helper_start(0, entry_sleep_put, ARG(20), ARG(2), ARG(1), PRIO_ABOVE(1), K_NO_WAIT);
	int64_t t0 = k_uptime_get();

	kt_assert_ptr_eq(k_lifo_get(&lifo, K_MSEC(100)), &items[2]);
	int64_t dt = k_uptime_get() - t0;

	kt_assert_ge(dt, 20);
	kt_assert_lt(dt, 100);
	helper_join(0);
}

KTEST(lifo, put_hands_the_item_to_a_waiting_getter)
{
	start_lifo_getter(0, 'A', PRIO_BELOW(1));
	k_msleep(10); /* let it pend */
	kt_assert_eq(k_lifo_put(&lifo, &items[1]), 0);
	kt_assert_true(k_lifo_is_empty(&lifo)); /* already the getter's */
	helper_join(0);
	kt_assert_ptr_eq(got[0], &items[1]);
}

KTEST(lifo, waiting_getters_are_served_highest_priority_first)
{
	start_lifo_getter(0, 'A', PRIO_ABOVE(1));
	start_lifo_getter(1, 'B', PRIO_ABOVE(3));
	start_lifo_getter(2, 'C', PRIO_ABOVE(2));
	for (int i = 0; i < 3; i++) {
		kt_assert_eq(k_lifo_put(&lifo, &items[i]), 0);
	}
	kt_assert_str_eq(log_get(), "BCA");
	kt_assert_ptr_eq(got[1], &items[0]);
	kt_assert_ptr_eq(got[0], &items[2]);
	for (int i = 0; i < 3; i++) {
		helper_join(i);
	}
}

KTEST(lifo, equal_priority_getters_are_served_in_fifo_order)
{
	start_lifo_getter(0, 'A', PRIO_ABOVE(1));
	start_lifo_getter(1, 'B', PRIO_ABOVE(1));
	start_lifo_getter(2, 'C', PRIO_ABOVE(1));
	for (int i = 0; i < 3; i++) {
		kt_assert_eq(k_lifo_put(&lifo, &items[i]), 0);
	}
	kt_assert_str_eq(log_get(), "ABC");
	for (int i = 0; i < 3; i++) {
		helper_join(i);
	}
}

KTEST(lifo, put_null_lifo_item_or_misaligned_item_returns_einval)
{
	static char raw[2 * sizeof(void *)] __attribute__((aligned(sizeof(void *))));

	kt_assert_eq(k_lifo_put(NULL, &items[0]), -EINVAL);
	kt_assert_eq(k_lifo_put(&lifo, NULL), -EINVAL);
	kt_assert_eq(k_lifo_put(&lifo, raw + 2), -EINVAL);
	kt_assert_true(k_lifo_is_empty(&lifo));
}

KTEST(lifo, get_null_lifo_or_negative_timeout_returns_null)
{
	kt_assert_eq(k_lifo_put(&lifo, &items[0]), 0);
	kt_assert_null(k_lifo_get(NULL, K_NO_WAIT));
	kt_assert_null(k_lifo_get(&lifo, K_TICKS(-2)));
	kt_assert_ptr_eq(k_lifo_peek_head(&lifo), &items[0]);
	kt_assert_true(k_lifo_is_empty(NULL));
	kt_assert_null(k_lifo_peek_head(NULL));
}

KTEST(lifo, put_from_isr_wakes_a_waiting_getter_when_the_isr_ends)
{
	static const struct isr_call call = { true, true, K_NO_WAIT };

	start_lifo_getter(0, 'A', PRIO_ABOVE(1));
	ktest_run_in_isr(isr_fn, &call);
	kt_assert_eq(isr_ret, 0);
	kt_assert_ptr_eq(seen_in_isr, NO_RESULT);
	kt_assert_ptr_eq(got[0], &items[7]);
	helper_join(0);
}

KTEST(lifo, get_from_isr_takes_the_top_and_refuses_to_wait)
{
	static const struct isr_call no_wait = { false, true, K_NO_WAIT };
	static const struct isr_call wait = { false, true, K_TICKS(10) };

	kt_assert_eq(k_lifo_put(&lifo, &items[1]), 0);
	kt_assert_eq(k_lifo_put(&lifo, &items[2]), 0);
	ktest_run_in_isr(isr_fn, &wait);
	kt_assert_null(isr_got);
	ktest_run_in_isr(isr_fn, &no_wait);
	kt_assert_ptr_eq(isr_got, &items[2]);
	kt_assert_ptr_eq(k_lifo_peek_head(&lifo), &items[1]);
}

KTEST(lifo, an_item_can_move_from_a_fifo_to_a_lifo)
{
	kt_assert_eq(k_fifo_put(&fifo, &items[0]), 0);
	kt_assert_eq(k_fifo_put(&fifo, &items[1]), 0);
	void *a = k_fifo_get(&fifo, K_NO_WAIT);
	void *b = k_fifo_get(&fifo, K_NO_WAIT);

	kt_assert_eq(k_lifo_put(&lifo, a), 0);
	kt_assert_eq(k_lifo_put(&lifo, b), 0);
	kt_assert_ptr_eq(k_lifo_get(&lifo, K_NO_WAIT), &items[1]);
	kt_assert_ptr_eq(k_lifo_get(&lifo, K_NO_WAIT), &items[0]);
	kt_assert_true(k_fifo_is_empty(&fifo));
}
