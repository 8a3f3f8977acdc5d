/*
 * Message queues: init checks, FIFO order across the ring's wrap, full and
 * empty queues, timeouts, hand-over to waiting getters and from waiting
 * putters, the order waiters are served in, purge, producer/consumer pairs
 * at different priorities, and use from interrupt context.
 */
#include "helpers.h"

#define NO_RESULT 1000
#define MAX_MSGS 4

/* An 8-byte message whose second word checks the first. */
struct msg {
	uint32_t id;
	uint32_t inv;
};

static struct msg q_buf[MAX_MSGS];
static struct k_msgq q;

static volatile int ret_of[HELPER_COUNT];
static struct msg got[HELPER_COUNT];
static volatile int isr_ret;
static volatile int seen_in_isr;
static volatile int pc_errors;
static volatile uint32_t pc_count;

static void before(void *fixture)
{
	(void)fixture;
	(void)k_msgq_init(&q, q_buf, sizeof(struct msg), MAX_MSGS);
	for (int i = 0; i < HELPER_COUNT; i++) {
		ret_of[i] = NO_RESULT;
		got[i] = (struct msg){ 0, 0 };
	}
	isr_ret = NO_RESULT;
	seen_in_isr = NO_RESULT;
	pc_errors = 0;
	pc_count = 0;
	log_reset();
}

static void after(void *fixture)
{
	(void)fixture;
	helpers_stop_all();
}

KTEST_SUITE(msgq, NULL, before, after, NULL);

#define ARG(x) ((void *)(intptr_t)(x))

static struct msg msg_of(uint32_t id)
{
	return (struct msg){ id, ~id };
}

static k_timeout_t ms_timeout(intptr_t ms)
{
	return ms < 0 ? K_FOREVER : K_MSEC(ms);
}

static void put_ok(uint32_t id)
{
	struct msg m = msg_of(id);

	kt_assert_eq(k_msgq_put(&q, &m, K_NO_WAIT), 0);
}

/* Take the oldest message (no wait) and check it is @p id. */
static void expect_get(uint32_t id)
{
	struct msg m = { 0xdead, 0 };

	kt_assert_eq(k_msgq_get(&q, &m, K_NO_WAIT), 0);
	kt_assert_eq(m.id, id);
	kt_assert_eq(m.inv, ~id);
}

static void fill(void)
{
	for (uint32_t i = 0; i < MAX_MSGS; i++) {
		put_ok(i);
	}
}

/* Get into got[p3] with a timeout of p2 ms (-1: forever); log p1 on success. */
static void entry_get(void *p1, void *p2, void *p3)
{
	uintptr_t i = (uintptr_t)p3;
	int ret = k_msgq_get(&q, &got[i], ms_timeout((intptr_t)p2));

	ret_of[i] = ret;
	if (ret == 0) {
		log_event((char)(uintptr_t)p1);
	}
}

/* Put message p1 with a timeout of p2 ms (-1: forever); result in ret_of[p3]. */
static void entry_put(void *p1, void *p2, void *p3)
{
	struct msg m = msg_of((uint32_t)(uintptr_t)p1);

	ret_of[(uintptr_t)p3] = k_msgq_put(&q, &m, ms_timeout((intptr_t)p2));
}

static void start_getter(int i, char c, int prio)
{
	helper_start(i, entry_get, ARG(c), ARG(-1), ARG(i), prio, K_NO_WAIT);
}

static void start_putter(int i, uint32_t id, int prio)
{
	helper_start(i, entry_put, ARG(id), ARG(-1), ARG(i), prio, K_NO_WAIT);
}

/* ---- init and static definition ---- */

KTEST(msgq, init_null_queue_returns_einval)
{
	kt_assert_eq(k_msgq_init(NULL, q_buf, sizeof(struct msg), 1), -EINVAL);
}

KTEST(msgq, init_null_buffer_returns_einval)
{
	struct k_msgq mq;

	kt_assert_eq(k_msgq_init(&mq, NULL, sizeof(struct msg), 1), -EINVAL);
}

KTEST(msgq, init_zero_message_size_returns_einval)
{
	struct k_msgq mq;

	kt_assert_eq(k_msgq_init(&mq, q_buf, 0, 1), -EINVAL);
}

KTEST(msgq, init_zero_max_msgs_returns_einval)
{
	struct k_msgq mq;

	kt_assert_eq(k_msgq_init(&mq, q_buf, sizeof(struct msg), 0), -EINVAL);
}

KTEST(msgq, init_size_overflow_returns_einval)
{
	struct k_msgq mq;

	kt_assert_eq(k_msgq_init(&mq, q_buf, SIZE_MAX / 2 + 1, 2), -EINVAL);
}

KTEST(msgq, init_gives_an_empty_queue)
{
	put_ok(1);
	kt_assert_eq(k_msgq_init(&q, q_buf, sizeof(struct msg), MAX_MSGS), 0);
	kt_assert_eq(k_msgq_num_used_get(&q), 0);
	kt_assert_eq(k_msgq_num_free_get(&q), MAX_MSGS);
}

static K_MSGQ_DEFINE(static_q, sizeof(struct msg), 3, _Alignof(struct msg));
K_MSGQ_DEFINE(odd_q, 3, 5, 16);

KTEST(msgq, define_gives_an_empty_queue_of_the_given_capacity)
{
	struct msg m = msg_of(1);

	kt_assert_eq(k_msgq_num_used_get(&static_q), 0);
	kt_assert_eq(k_msgq_num_free_get(&static_q), 3);
	for (int i = 0; i < 3; i++) {
		kt_assert_eq(k_msgq_put(&static_q, &m, K_NO_WAIT), 0);
	}
	kt_assert_eq(k_msgq_put(&static_q, &m, K_NO_WAIT), -ENOMSG);
	kt_assert_eq(k_msgq_purge(&static_q), 0);
}

KTEST(msgq, define_aligns_the_buffer_and_copies_odd_sizes)
{
	const char in[3] = { 'a', 'b', 'c' };
	char out[4] = { 0, 0, 0, 'z' };

	kt_assert_eq((uintptr_t)odd_q.buffer % 16, 0);
	kt_assert_eq(k_msgq_num_free_get(&odd_q), 5);
	kt_assert_eq(k_msgq_put(&odd_q, in, K_NO_WAIT), 0);
	kt_assert_eq(k_msgq_get(&odd_q, out, K_NO_WAIT), 0);
	kt_assert_mem_eq(out, "abcz", 4); /* exactly msg_size bytes copied */
}

/* ---- put, get, peek ---- */

KTEST(msgq, get_returns_the_bytes_put)
{
	put_ok(42);
	expect_get(42);
}

KTEST(msgq, messages_come_out_in_fifo_order_across_the_wrap)
{
	uint32_t next_in = 0, next_out = 0;

	/* Keep 3 of 4 slots busy so the ring wraps many times. */
	for (int i = 0; i < 3; i++) {
		put_ok(next_in++);
	}
	for (int i = 0; i < 20; i++) {
		put_ok(next_in++);
		expect_get(next_out++);
	}
	while (next_out < next_in) {
		expect_get(next_out++);
	}
	kt_assert_eq(k_msgq_num_used_get(&q), 0);
}

KTEST(msgq, num_used_and_num_free_follow_puts_and_gets)
{
	put_ok(1);
	put_ok(2);
	put_ok(3);
	kt_assert_eq(k_msgq_num_used_get(&q), 3);
	kt_assert_eq(k_msgq_num_free_get(&q), 1);
	expect_get(1);
	kt_assert_eq(k_msgq_num_used_get(&q), 2);
	kt_assert_eq(k_msgq_num_free_get(&q), 2);
}

KTEST(msgq, put_no_wait_on_a_full_queue_returns_enomsg)
{
	struct msg m = msg_of(99);

	fill();
	kt_assert_eq(k_msgq_put(&q, &m, K_NO_WAIT), -ENOMSG);
	kt_assert_eq(k_msgq_num_used_get(&q), MAX_MSGS);
	for (uint32_t i = 0; i < MAX_MSGS; i++) {
		expect_get(i);
	}
}

KTEST(msgq, get_no_wait_on_an_empty_queue_returns_enomsg)
{
	struct msg m = { 7, 7 };

	kt_assert_eq(k_msgq_get(&q, &m, K_NO_WAIT), -ENOMSG);
	kt_assert_eq(m.id, 7);
	kt_assert_eq(m.inv, 7);
}

KTEST(msgq, peek_copies_the_oldest_message_and_keeps_it)
{
	struct msg m;

	put_ok(5);
	put_ok(6);
	kt_assert_eq(k_msgq_peek(&q, &m), 0);
	kt_assert_eq(m.id, 5);
	kt_assert_eq(k_msgq_num_used_get(&q), 2);
	expect_get(5);
}

KTEST(msgq, peek_on_an_empty_queue_returns_enomsg)
{
	struct msg m;

	kt_assert_eq(k_msgq_peek(&q, &m), -ENOMSG);
}

/* ---- timeouts ---- */

KTEST(msgq, get_times_out_when_nothing_is_put)
{
	struct msg m = { 7, 7 };
	int64_t t0 = k_uptime_get();

	kt_assert_eq(k_msgq_get(&q, &m, K_MSEC(50)), -EAGAIN);
	int64_t dt = k_uptime_get() - t0;

	kt_assert_ge(dt, 50);
	kt_assert_le(dt, 50 + 2 * TICK_MS);
	kt_assert_eq(m.id, 7);
}

/* Sleep p1 ms, then put message p2. */
static void entry_sleep_put(void *p1, void *p2, void *p3)
{
	struct msg m = msg_of((uint32_t)(uintptr_t)p2);

	(void)p3;
	k_msleep((int32_t)(intptr_t)p1);
	ret_of[0] = k_msgq_put(&q, &m, K_NO_WAIT);
}

KTEST(msgq, get_succeeds_when_a_message_arrives_in_time)
{
	struct msg m;

	helper_start(0, entry_sleep_put, ARG(20), ARG(77), NULL, PRIO_ABOVE(1), K_NO_WAIT);
	int64_t t0 = k_uptime_get();

	kt_assert_eq(k_msgq_get(&q, &m, K_MSEC(100)), 0);
	int64_t dt = k_uptime_get() - t0;

	kt_assert_eq(m.id, 77);
	kt_assert_ge(dt, 20);
	kt_assert_lt(dt, 100);
	helper_join(0);
}

KTEST(msgq, put_times_out_while_the_queue_stays_full)
{
	struct msg m = msg_of(99);

	fill();
	int64_t t0 = k_uptime_get();

	kt_assert_eq(k_msgq_put(&q, &m, K_MSEC(30)), -EAGAIN);
	int64_t dt = k_uptime_get() - t0;

	kt_assert_ge(dt, 30);
	kt_assert_le(dt, 30 + 2 * TICK_MS);
	for (uint32_t i = 0; i < MAX_MSGS; i++) {
		expect_get(i);
	}
	kt_assert_eq(k_msgq_num_used_get(&q), 0);
}

/* Sleep p1 ms, then get one message into got[0]. */
static void entry_sleep_get(void *p1, void *p2, void *p3)
{
	(void)p2;
	(void)p3;
	k_msleep((int32_t)(intptr_t)p1);
	ret_of[0] = k_msgq_get(&q, &got[0], K_NO_WAIT);
}

KTEST(msgq, put_succeeds_when_a_slot_frees_in_time)
{
	struct msg m = msg_of(99);

	fill();
	helper_start(0, entry_sleep_get, ARG(20), NULL, NULL, PRIO_ABOVE(1), K_NO_WAIT);
	int64_t t0 = k_uptime_get();

	kt_assert_eq(k_msgq_put(&q, &m, K_MSEC(100)), 0);
	int64_t dt = k_uptime_get() - t0;

	kt_assert_ge(dt, 20);
	kt_assert_lt(dt, 100);
	helper_join(0);
	kt_assert_eq(ret_of[0], 0);
	kt_assert_eq(got[0].id, 0);
	for (uint32_t i = 1; i < MAX_MSGS; i++) {
		expect_get(i);
	}
	expect_get(99);
}

KTEST(msgq, timed_out_getter_does_not_take_a_later_message)
{
	helper_start(0, entry_get, ARG('A'), ARG(20), ARG(0), PRIO_ABOVE(1), K_NO_WAIT);
	k_msleep(50);
	kt_assert_eq(ret_of[0], -EAGAIN);
	put_ok(3);
	kt_assert_eq(k_msgq_num_used_get(&q), 1);
	helper_join(0);
}

/* ---- hand-over between waiters ---- */

KTEST(msgq, put_hands_the_message_to_a_waiting_getter)
{
	start_getter(0, 'A', PRIO_ABOVE(1));
	put_ok(8);
	kt_assert_eq(ret_of[0], 0);
	kt_assert_eq(got[0].id, 8);
	kt_assert_eq(got[0].inv, ~8u);
	kt_assert_eq(k_msgq_num_used_get(&q), 0);
	helper_join(0);
}

KTEST(msgq, handed_over_message_cannot_be_taken_by_another_getter)
{
	struct msg m;

	start_getter(0, 'A', PRIO_BELOW(1));
	k_msleep(10); /* let it pend */
	put_ok(8);
	/* The getter has not run yet, but the message is already its own. */
	kt_assert_eq(ret_of[0], NO_RESULT);
	kt_assert_eq(k_msgq_get(&q, &m, K_NO_WAIT), -ENOMSG);
	helper_join(0);
	kt_assert_eq(ret_of[0], 0);
	kt_assert_eq(got[0].id, 8);
}

KTEST(msgq, get_from_a_full_queue_moves_a_waiting_putters_message_in)
{
	fill();
	start_putter(0, 10, PRIO_BELOW(1));
	k_msleep(10); /* let it pend */
	expect_get(0);
	/* Moved in at once, before the putter even runs. */
	kt_assert_eq(k_msgq_num_used_get(&q), MAX_MSGS);
	kt_assert_eq(ret_of[0], NO_RESULT);
	helper_join(0);
	kt_assert_eq(ret_of[0], 0);
	for (uint32_t i = 1; i < MAX_MSGS; i++) {
		expect_get(i);
	}
	expect_get(10);
}

KTEST(msgq, waiting_getters_are_served_highest_priority_first)
{
	start_getter(0, 'A', PRIO_ABOVE(1));
	start_getter(1, 'B', PRIO_ABOVE(3));
	start_getter(2, 'C', PRIO_ABOVE(2));
	put_ok(1);
	put_ok(2);
	put_ok(3);
	kt_assert_str_eq(log_get(), "BCA");
	kt_assert_eq(got[1].id, 1);
	kt_assert_eq(got[2].id, 2);
	kt_assert_eq(got[0].id, 3);
	for (int i = 0; i < 3; i++) {
		helper_join(i);
	}
}

KTEST(msgq, equal_priority_getters_are_served_in_fifo_order)
{
	start_getter(0, 'A', PRIO_ABOVE(1));
	start_getter(1, 'B', PRIO_ABOVE(1));
	start_getter(2, 'C', PRIO_ABOVE(1));
	put_ok(1);
	put_ok(2);
	put_ok(3);
	kt_assert_str_eq(log_get(), "ABC");
	kt_assert_eq(got[0].id, 1);
	kt_assert_eq(got[1].id, 2);
	kt_assert_eq(got[2].id, 3);
	for (int i = 0; i < 3; i++) {
		helper_join(i);
	}
}

KTEST(msgq, waiting_putters_are_served_highest_priority_first)
{
	fill();
	start_putter(0, 10, PRIO_ABOVE(1));
	start_putter(1, 11, PRIO_ABOVE(3));
	start_putter(2, 12, PRIO_ABOVE(2));
	static const uint32_t expected[] = { 0, 1, 2, 3, 11, 12, 10 };

	for (size_t i = 0; i < ARRAY_SIZE(expected); i++) {
		expect_get(expected[i]);
	}
	for (int i = 0; i < 3; i++) {
		helper_join(i);
		kt_assert_eq(ret_of[i], 0);
	}
}

/* ---- purge ---- */

KTEST(msgq, purge_discards_every_message)
{
	struct msg m;

	put_ok(1);
	put_ok(2);
	put_ok(3);
	kt_assert_eq(k_msgq_purge(&q), 0);
	kt_assert_eq(k_msgq_num_used_get(&q), 0);
	kt_assert_eq(k_msgq_num_free_get(&q), MAX_MSGS);
	kt_assert_eq(k_msgq_get(&q, &m, K_NO_WAIT), -ENOMSG);
	fill(); /* and the whole ring is usable again */
	expect_get(0);
}

KTEST(msgq, purge_wakes_waiting_putters_with_enomsg)
{
	fill();
	start_putter(0, 10, PRIO_ABOVE(1));
	start_putter(1, 11, PRIO_ABOVE(2));
	kt_assert_eq(k_msgq_purge(&q), 0);
	kt_assert_eq(ret_of[0], -ENOMSG);
	kt_assert_eq(ret_of[1], -ENOMSG);
	kt_assert_eq(k_msgq_num_used_get(&q), 0);
	helper_join(0);
	helper_join(1);
}

KTEST(msgq, purge_leaves_waiting_getters_waiting)
{
	start_getter(0, 'A', PRIO_ABOVE(1));
	kt_assert_eq(k_msgq_purge(&q), 0);
	kt_assert_eq(ret_of[0], NO_RESULT);
	kt_assert_ne(k_thread_state_get(&helper_threads[0]) & K_THREAD_PENDING, 0);
	put_ok(5);
	kt_assert_eq(ret_of[0], 0);
	kt_assert_eq(got[0].id, 5);
	helper_join(0);
}

/* ---- producers and consumers ---- */

#define PC_MSGS 100

static void entry_producer(void *p1, void *p2, void *p3)
{
	(void)p2;
	(void)p3;
	for (uint32_t i = 0; i < (uint32_t)(uintptr_t)p1; i++) {
		struct msg m = msg_of(i);

		if (k_msgq_put(&q, &m, K_FOREVER) != 0) {
			pc_errors++;
		}
	}
}

static void entry_consumer(void *p1, void *p2, void *p3)
{
	(void)p2;
	(void)p3;
	for (uint32_t i = 0; i < (uint32_t)(uintptr_t)p1; i++) {
		struct msg m;

		if (k_msgq_get(&q, &m, K_FOREVER) != 0 || m.id != i || m.inv != ~i) {
			pc_errors++;
		}
		pc_count++;
	}
}

KTEST(msgq, faster_producer_above_the_consumer_keeps_order)
{
	helper_start(0, entry_producer, ARG(PC_MSGS), NULL, NULL, PRIO_ABOVE(1), K_NO_WAIT);
	kt_assert_eq(k_msgq_num_used_get(&q), MAX_MSGS); /* it filled the queue */
	entry_consumer(ARG(PC_MSGS), NULL, NULL);
	helper_join(0);
	kt_assert_eq(pc_errors, 0);
	kt_assert_eq(pc_count, PC_MSGS);
	kt_assert_eq(k_msgq_num_used_get(&q), 0);
}

KTEST(msgq, consumer_above_the_producer_gets_every_message_at_once)
{
	helper_start(0, entry_consumer, ARG(PC_MSGS), NULL, NULL, PRIO_ABOVE(1), K_NO_WAIT);
	for (uint32_t i = 0; i < PC_MSGS; i++) {
		put_ok(i);
		/* Handed over and consumed before put returned. */
		kt_assert_eq(pc_count, i + 1);
	}
	helper_join(0);
	kt_assert_eq(pc_errors, 0);
	kt_assert_eq(k_msgq_num_used_get(&q), 0);
}

KTEST(msgq, producer_and_consumer_threads_below_the_case_finish)
{
	helper_start(0, entry_consumer, ARG(PC_MSGS), NULL, NULL, PRIO_BELOW(2), K_NO_WAIT);
	helper_start(1, entry_producer, ARG(PC_MSGS), NULL, NULL, PRIO_BELOW(1), K_NO_WAIT);
	helper_join(1);
	helper_join(0);
	kt_assert_eq(pc_errors, 0);
	kt_assert_eq(pc_count, PC_MSGS);
}

/* ---- invalid arguments ---- */

KTEST(msgq, put_null_queue_or_data_returns_einval)
{
	struct msg m = msg_of(1);

	kt_assert_eq(k_msgq_put(NULL, &m, K_NO_WAIT), -EINVAL);
	kt_assert_eq(k_msgq_put(&q, NULL, K_NO_WAIT), -EINVAL);
	kt_assert_eq(k_msgq_num_used_get(&q), 0);
}

KTEST(msgq, get_null_queue_or_data_returns_einval)
{
	struct msg m;

	put_ok(1);
	kt_assert_eq(k_msgq_get(NULL, &m, K_NO_WAIT), -EINVAL);
	kt_assert_eq(k_msgq_get(&q, NULL, K_NO_WAIT), -EINVAL);
	kt_assert_eq(k_msgq_num_used_get(&q), 1);
}

KTEST(msgq, negative_timeouts_return_einval)
{
	struct msg m = msg_of(1);

	kt_assert_eq(k_msgq_put(&q, &m, K_TICKS(-2)), -EINVAL);
	kt_assert_eq(k_msgq_put(&q, &m, K_MSEC(-5)), -EINVAL);
	kt_assert_eq(k_msgq_num_used_get(&q), 0);
	put_ok(1);
	kt_assert_eq(k_msgq_get(&q, &m, K_TICKS(-2)), -EINVAL);
	kt_assert_eq(k_msgq_num_used_get(&q), 1);
}

KTEST(msgq, peek_and_purge_null_return_einval)
{
	struct msg m;

	kt_assert_eq(k_msgq_peek(NULL, &m), -EINVAL);
	kt_assert_eq(k_msgq_peek(&q, NULL), -EINVAL);
	kt_assert_eq(k_msgq_purge(NULL), -EINVAL);
}

KTEST(msgq, counts_of_null_are_0)
{
	kt_assert_eq(k_msgq_num_used_get(NULL), 0);
	kt_assert_eq(k_msgq_num_free_get(NULL), 0);
}

/* ---- interrupt context ---- */

struct isr_call {
	bool put;
	k_timeout_t timeout;
	uint32_t id;
};

static struct msg isr_msg;

static void isr_fn(const void *arg)
{
	const struct isr_call *c = arg;

	if (c->put) {
		isr_msg = msg_of(c->id);
		isr_ret = k_msgq_put(&q, &isr_msg, c->timeout);
	} else {
		isr_ret = k_msgq_get(&q, &isr_msg, c->timeout);
	}
	seen_in_isr = ret_of[0];
}

KTEST(msgq, put_from_isr_wakes_a_waiting_getter_when_the_isr_ends)
{
	static const struct isr_call call = { true, K_NO_WAIT, 3 };

	start_getter(0, 'A', PRIO_ABOVE(1));
	ktest_run_in_isr(isr_fn, &call);
	kt_assert_eq(isr_ret, 0);
	kt_assert_eq(seen_in_isr, NO_RESULT); /* not inside the ISR */
	kt_assert_eq(ret_of[0], 0);           /* but right after it */
	kt_assert_eq(got[0].id, 3);
	helper_join(0);
}

KTEST(msgq, put_no_wait_from_isr_queues_and_on_full_returns_enomsg)
{
	static const struct isr_call call = { true, K_NO_WAIT, 3 };

	ktest_run_in_isr(isr_fn, &call);
	kt_assert_eq(isr_ret, 0);
	kt_assert_eq(k_msgq_num_used_get(&q), 1);
	for (int i = 1; i < MAX_MSGS; i++) {
		put_ok(9);
	}
	ktest_run_in_isr(isr_fn, &call);
	kt_assert_eq(isr_ret, -ENOMSG);
	expect_get(3);
}

KTEST(msgq, waiting_put_or_get_from_isr_returns_einval)
{
	static const struct isr_call calls[] = {
		{ true, K_TICKS(10), 1 }, { true, K_FOREVER, 1 },
		{ false, K_TICKS(10), 0 }, { false, K_FOREVER, 0 },
	};

	put_ok(5);
	for (size_t i = 0; i < ARRAY_SIZE(calls); i++) {
		isr_ret = NO_RESULT;
		ktest_run_in_isr(isr_fn, &calls[i]);
		kt_assert_eq(isr_ret, -EINVAL);
	}
	kt_assert_eq(k_msgq_num_used_get(&q), 1);
}

KTEST(msgq, get_no_wait_from_isr_takes_a_message_and_admits_a_waiting_putter)
{
	static const struct isr_call call = { false, K_NO_WAIT, 0 };

	fill();
	start_putter(0, 10, PRIO_ABOVE(1));
	ktest_run_in_isr(isr_fn, &call);
	kt_assert_eq(isr_ret, 0);
	kt_assert_eq(isr_msg.id, 0);
	kt_assert_eq(ret_of[0], 0);
	kt_assert_eq(k_msgq_num_used_get(&q), MAX_MSGS);
	helper_join(0);
}

KTEST(msgq, get_no_wait_from_isr_on_an_empty_queue_returns_enomsg)
{
	static const struct isr_call call = { false, K_NO_WAIT, 0 };

	ktest_run_in_isr(isr_fn, &call);
	kt_assert_eq(isr_ret, -ENOMSG);
}

static void isr_purge(const void *arg)
{
	(void)arg;
	isr_ret = k_msgq_purge(&q);
}

KTEST(msgq, purge_from_isr_wakes_putters)
{
	fill();
	start_putter(0, 10, PRIO_ABOVE(1));
	ktest_run_in_isr(isr_purge, NULL);
	kt_assert_eq(isr_ret, 0);
	kt_assert_eq(ret_of[0], -ENOMSG);
	helper_join(0);
}
