/*
 * Pipes: init checks, byte order across the ring's wrap, the transfer
 * rules (partial counts, min_xfer, all or nothing with K_NO_WAIT, partial
 * counts after a timeout), flush, waiting readers and writers served
 * directly, their order, each call's bytes staying contiguous, streams
 * between threads of different priorities, use from interrupt context and
 * every invalid argument.
 */
#include <limits.h>

#include "helpers.h"

#define NO_RESULT 1000
#define PIPE_SIZE 8

static uint8_t pipe_buf[PIPE_SIZE];
static struct k_pipe pipe;

static volatile int ret_of[HELPER_COUNT];
static char rbuf[HELPER_COUNT][64];
static volatile int isr_ret;
static volatile int seen_in_isr;
static volatile int pc_errors;
static volatile size_t pc_bytes;

static void before(void *fixture)
{
	(void)fixture;
	(void)k_pipe_init(&pipe, pipe_buf, PIPE_SIZE);
	for (int i = 0; i < HELPER_COUNT; i++) {
		ret_of[i] = NO_RESULT;
		memset(rbuf[i], 0, sizeof(rbuf[i]));
	}
	isr_ret = NO_RESULT;
	seen_in_isr = NO_RESULT;
	pc_errors = 0;
	pc_bytes = 0;
	log_reset();
}

static void after(void *fixture)
{
	(void)fixture;
	helpers_stop_all();
}

KTEST_SUITE(pipe, NULL, before, after, NULL);

#define ARG(x) ((void *)(uintptr_t)(x))

/* One helper's transfer. */
struct xfer {
	char tag;
	const char *data; /* writers */
	size_t len;
	size_t min;
	int32_t ms; /* -1: forever */
};

static k_timeout_t ms_timeout(int32_t ms)
{
	return ms < 0 ? K_FOREVER : K_MSEC(ms);
}

/* Read as *p1 says into rbuf[p2]; result in ret_of[p2]; log the tag. */
static void entry_get(void *p1, void *p2, void *p3)
{
	const struct xfer *x = p1;
	uintptr_t i = (uintptr_t)p2;

	(void)p3;
	ret_of[i] = k_pipe_get(&pipe, rbuf[i], x->len, x->min, ms_timeout(x->ms));
	log_event(x->tag);
}

/* Write as *p1 says; result in ret_of[p2]; log the tag. */
static void entry_put(void *p1, void *p2, void *p3)
{
	const struct xfer *x = p1;

	(void)p3;
	ret_of[(uintptr_t)p2] = k_pipe_put(&pipe, x->data, x->len, x->min, ms_timeout(x->ms));
	log_event(x->tag);
}

static void start_reader(int i, const struct xfer *x, int prio)
{
	helper_start(i, entry_get, (void *)(uintptr_t)x, ARG(i), NULL, prio, K_NO_WAIT);
}

static void start_writer(int i, const struct xfer *x, int prio)
{
	helper_start(i, entry_put, (void *)(uintptr_t)x, ARG(i), NULL, prio, K_NO_WAIT);
}

static void put_str(const char *s)
{
	size_t n = strlen(s);

	kt_assert_eq(k_pipe_put(&pipe, s, n, n, K_NO_WAIT), (int)n);
}

/* Read exactly strlen(s) bytes (no wait) and compare them with s. */
static void expect_str(const char *s)
{
	char buf[64] = { 0 };
	size_t n = strlen(s);

	kt_assert_eq(k_pipe_get(&pipe, buf, n, n, K_NO_WAIT), (int)n);
	kt_assert_str_eq(buf, s);
}

/* ---- init and static definition ---- */

KTEST(pipe, init_invalid_arguments_return_einval)
{
	struct k_pipe p;

	kt_assert_eq(k_pipe_init(NULL, pipe_buf, 4), -EINVAL);
	kt_assert_eq(k_pipe_init(&p, NULL, 4), -EINVAL);
	kt_assert_eq(k_pipe_init(&p, pipe_buf, 0), -EINVAL);
}

KTEST(pipe, init_empties_the_pipe)
{
	put_str("abc");
	kt_assert_eq(k_pipe_init(&pipe, pipe_buf, PIPE_SIZE), 0);
	kt_assert_eq(k_pipe_read_avail(&pipe), 0);
	kt_assert_eq(k_pipe_write_avail(&pipe), PIPE_SIZE);
}

static K_PIPE_DEFINE(static_pipe, 5, 1);
K_PIPE_DEFINE(aligned_pipe, 12, 8);

KTEST(pipe, define_gives_an_empty_pipe_of_the_given_size)
{
	char buf[8] = { 0 };

	kt_assert_eq(k_pipe_read_avail(&static_pipe), 0);
	kt_assert_eq(k_pipe_write_avail(&static_pipe), 5);
	kt_assert_eq(k_pipe_put(&static_pipe, "0123456", 7, 1, K_NO_WAIT), 5);
	kt_assert_eq(k_pipe_get(&static_pipe, buf, sizeof(buf), 1, K_NO_WAIT), 5);
	kt_assert_str_eq(buf, "01234");
	kt_assert_eq((uintptr_t)aligned_pipe.buffer % 8, 0);
	kt_assert_eq(k_pipe_write_avail(&aligned_pipe), 12);
}

/* ---- the transfer rules, without waiting ---- */

KTEST(pipe, bytes_come_out_in_order_across_the_wrap)
{
	char in = 0, out = 0;

	for (int round = 0; round < 20; round++) {
		char chunk[5];

		for (int i = 0; i < 5; i++) {
			chunk[i] = in++;
		}
		kt_assert_eq(k_pipe_put(&pipe, chunk, 5, 5, K_NO_WAIT), 5);
		kt_assert_eq(k_pipe_get(&pipe, chunk, 5, 5, K_NO_WAIT), 5);
		for (int i = 0; i < 5; i++) {
			kt_assert_eq(chunk[i], out++);
		}
	}
}

KTEST(pipe, read_avail_and_write_avail_follow_the_buffer)
{
	char buf[4];

	put_str("abcde");
	kt_assert_eq(k_pipe_read_avail(&pipe), 5);
	kt_assert_eq(k_pipe_write_avail(&pipe), 3);
	kt_assert_eq(k_pipe_get(&pipe, buf, 2, 2, K_NO_WAIT), 2);
	kt_assert_eq(k_pipe_read_avail(&pipe), 3);
	kt_assert_eq(k_pipe_write_avail(&pipe), 5);
}

KTEST(pipe, put_returns_a_partial_count_when_the_buffer_fills)
{
	kt_assert_eq(k_pipe_put(&pipe, "0123456789", 10, 1, K_FOREVER), PIPE_SIZE);
	kt_assert_eq(k_pipe_read_avail(&pipe), PIPE_SIZE);
	expect_str("01234567");
}

KTEST(pipe, get_returns_what_is_there_when_at_least_min_xfer)
{
	char buf[16] = { 0 };

	put_str("hello");
	kt_assert_eq(k_pipe_get(&pipe, buf, sizeof(buf), 3, K_FOREVER), 5);
	kt_assert_str_eq(buf, "hello");
}

KTEST(pipe, put_no_wait_is_all_or_nothing_below_min_xfer)
{
	put_str("abcde");
	kt_assert_eq(k_pipe_put(&pipe, "vwxyz", 5, 4, K_NO_WAIT), -EAGAIN);
	kt_assert_eq(k_pipe_read_avail(&pipe), 5); /* nothing went in */
	kt_assert_eq(k_pipe_put(&pipe, "vwxyz", 5, 3, K_NO_WAIT), 3);
	expect_str("abcdevwx");
}

KTEST(pipe, get_no_wait_is_all_or_nothing_below_min_xfer)
{
	char buf[8] = { 0 };

	put_str("abc");
	kt_assert_eq(k_pipe_get(&pipe, buf, 8, 4, K_NO_WAIT), -EAGAIN);
	kt_assert_eq(k_pipe_read_avail(&pipe), 3); /* nothing came out */
	kt_assert_eq(buf[0], 0);
	expect_str("abc");
}

KTEST(pipe, min_xfer_0_never_waits)
{
	char buf[4];

	kt_assert_eq(k_pipe_get(&pipe, buf, 4, 0, K_FOREVER), 0);
	put_str("01234567");
	kt_assert_eq(k_pipe_put(&pipe, "x", 1, 0, K_FOREVER), 0);
	kt_assert_eq(k_pipe_read_avail(&pipe), PIPE_SIZE);
}

KTEST(pipe, zero_length_transfers_return_0)
{
	kt_assert_eq(k_pipe_put(&pipe, NULL, 0, 0, K_NO_WAIT), 0);
	kt_assert_eq(k_pipe_get(&pipe, NULL, 0, 0, K_FOREVER), 0);
}

KTEST(pipe, flush_discards_the_buffer_and_returns_the_count)
{
	put_str("abcdef");
	kt_assert_eq(k_pipe_flush(&pipe), 6);
	kt_assert_eq(k_pipe_read_avail(&pipe), 0);
	kt_assert_eq(k_pipe_write_avail(&pipe), PIPE_SIZE);
	kt_assert_eq(k_pipe_flush(&pipe), 0);
	put_str("xy");
	expect_str("xy");
}

/* ---- timeouts ---- */

KTEST(pipe, get_times_out_with_eagain_when_nothing_arrives)
{
	char buf[4] = { 0 };
	int64_t t0 = k_uptime_get();

	kt_assert_eq(k_pipe_get(&pipe, buf, 4, 1, K_MSEC(50)), -EAGAIN);
	int64_t dt = k_uptime_get() - t0;

	kt_assert_ge(dt, 50);
	kt_assert_le(dt, 50 + 2 * TICK_MS);
}

KTEST(pipe, put_times_out_with_eagain_while_the_pipe_stays_full)
{
	put_str("01234567");
	int64_t t0 = k_uptime_get();

	kt_assert_eq(k_pipe_put(&pipe, "x", 1, 1, K_MSEC(30)), -EAGAIN);
	int64_t dt = k_uptime_get() - t0;

	kt_assert_ge(dt, 30);
	kt_assert_le(dt, 30 + 2 * TICK_MS);
	expect_str("01234567");
}

KTEST(pipe, get_that_times_out_after_part_arrived_returns_that_part)
{
	char buf[16] = { 0 };

	put_str("abcd");
	kt_assert_eq(k_pipe_get(&pipe, buf, 10, 10, K_MSEC(30)), 4);
	kt_assert_str_eq(buf, "abcd");
	kt_assert_eq(k_pipe_read_avail(&pipe), 0);
}

KTEST(pipe, put_that_times_out_after_part_went_in_returns_that_part)
{
	put_str("abcde");
	kt_assert_eq(k_pipe_put(&pipe, "0123456789", 10, 10, K_MSEC(30)), 3);
	expect_str("abcde012");
}

/* Sleep p1 ms, then write p2 (a string) without waiting. */
static void entry_sleep_put(void *p1, void *p2, void *p3)
{
	(void)p3;
	k_msleep((int32_t)(intptr_t)p1);
	ret_of[0] = k_pipe_put(&pipe, p2, strlen(p2), 1, K_NO_WAIT);
}

KTEST(pipe, get_succeeds_when_data_arrives_in_time)
{
	char buf[8] = { 0 };

	helper_start(0, entry_sleep_put, ARG(20), "hey", NULL, PRIO_ABOVE(1), K_NO_WAIT);
	int64_t t0 = k_uptime_get();

	kt_assert_eq(k_pipe_get(&pipe, buf, sizeof(buf), 3, K_MSEC(100)), 3);
	int64_t dt = k_uptime_get() - t0;

	kt_assert_str_eq(buf, "hey");
	kt_assert_ge(dt, 20);
	kt_assert_lt(dt, 100);
	helper_join(0);
}

/* Sleep p1 ms, then read p2 bytes into rbuf[0] without waiting. */
static void entry_sleep_get(void *p1, void *p2, void *p3)
{
	(void)p3;
	k_msleep((int32_t)(intptr_t)p1);
	ret_of[0] = k_pipe_get(&pipe, rbuf[0], (size_t)(uintptr_t)p2, 1, K_NO_WAIT);
}

KTEST(pipe, put_succeeds_when_room_frees_in_time)
{
	put_str("01234567");
	helper_start(0, entry_sleep_get, ARG(20), ARG(3), NULL, PRIO_ABOVE(1), K_NO_WAIT);
	int64_t t0 = k_uptime_get();

	kt_assert_eq(k_pipe_put(&pipe, "abc", 3, 3, K_MSEC(100)), 3);
	int64_t dt = k_uptime_get() - t0;

	kt_assert_ge(dt, 20);
	kt_assert_lt(dt, 100);
	helper_join(0);
	kt_assert_str_eq(rbuf[0], "012");
	expect_str("34567abc");
}

/* ---- waiting readers and writers ---- */

KTEST(pipe, put_feeds_a_waiting_reader_directly)
{
	static const struct xfer r = { 'R', NULL, 4, 4, -1 };

	start_reader(0, &r, PRIO_BELOW(1));
	k_msleep(10); /* let it pend */
	put_str("wxyz");
	/* Already the reader's, before it even runs. */
	kt_assert_eq(k_pipe_read_avail(&pipe), 0);
	kt_assert_eq(ret_of[0], NO_RESULT);
	helper_join(0);
	kt_assert_eq(ret_of[0], 4);
	kt_assert_str_eq(rbuf[0], "wxyz");
}

KTEST(pipe, a_large_put_streams_through_the_small_buffer_to_a_reader)
{
	static const char data[] = "The quick brown fox jumps over the lazy dog";
	static const struct xfer r = { 'R', NULL, sizeof(data) - 1, sizeof(data) - 1, -1 };

	start_reader(0, &r, PRIO_ABOVE(1));
	/* K_NO_WAIT counts the waiting reader's room: all of it goes. */
	kt_assert_eq(k_pipe_put(&pipe, data, sizeof(data) - 1, sizeof(data) - 1, K_NO_WAIT),
		     (int)sizeof(data) - 1);
	kt_assert_eq(ret_of[0], (int)sizeof(data) - 1);
	kt_assert_str_eq(rbuf[0], data);
	kt_assert_eq(k_pipe_read_avail(&pipe), 0);
	helper_join(0);
}

KTEST(pipe, get_from_a_full_pipe_pulls_from_a_waiting_writer)
{
	static const struct xfer w = { 'W', "ABCDEFGHIJ", 10, 10, -1 };
	char buf[32] = { 0 };

	put_str("01234567");
	start_writer(0, &w, PRIO_ABOVE(1));
	kt_assert_eq(ret_of[0], NO_RESULT); /* waiting: the pipe is full */
	kt_assert_eq(k_pipe_get(&pipe, buf, sizeof(buf) - 1, 1, K_NO_WAIT), 18);
	kt_assert_str_eq(buf, "01234567ABCDEFGHIJ");
	kt_assert_eq(ret_of[0], 10);
	helper_join(0);
}

KTEST(pipe, waiting_readers_are_served_highest_priority_first)
{
	static const struct xfer a = { 'A', NULL, 2, 2, -1 };
	static const struct xfer b = { 'B', NULL, 2, 2, -1 };
	static const struct xfer c = { 'C', NULL, 2, 2, -1 };

	start_reader(0, &a, PRIO_ABOVE(1));
	start_reader(1, &b, PRIO_ABOVE(3));
	start_reader(2, &c, PRIO_ABOVE(2));
	put_str("bbccaa");
	kt_assert_str_eq(log_get(), "BCA");
	kt_assert_str_eq(rbuf[1], "bb");
	kt_assert_str_eq(rbuf[2], "cc");
	kt_assert_str_eq(rbuf[0], "aa");
	for (int i = 0; i < 3; i++) {
		helper_join(i);
	}
}

KTEST(pipe, equal_priority_readers_are_served_in_fifo_order)
{
	static const struct xfer a = { 'A', NULL, 1, 1, -1 };
	static const struct xfer b = { 'B', NULL, 1, 1, -1 };
	static const struct xfer c = { 'C', NULL, 1, 1, -1 };

	start_reader(0, &a, PRIO_ABOVE(1));
	start_reader(1, &b, PRIO_ABOVE(1));
	start_reader(2, &c, PRIO_ABOVE(1));
	put_str("abc");
	kt_assert_str_eq(log_get(), "ABC");
	kt_assert_str_eq(rbuf[0], "a");
	kt_assert_str_eq(rbuf[2], "c");
	for (int i = 0; i < 3; i++) {
		helper_join(i);
	}
}

KTEST(pipe, waiting_writers_are_served_highest_priority_first)
{
	static const struct xfer a = { 'A', "aa", 2, 2, -1 };
	static const struct xfer b = { 'B', "bb", 2, 2, -1 };
	static const struct xfer c = { 'C', "cc", 2, 2, -1 };

	put_str("01234567");
	start_writer(0, &a, PRIO_ABOVE(1));
	start_writer(1, &b, PRIO_ABOVE(3));
	start_writer(2, &c, PRIO_ABOVE(2));
	kt_assert_eq(k_pipe_flush(&pipe), 8);
	kt_assert_str_eq(log_get(), "BCA");
	expect_str("bbccaa");
	for (int i = 0; i < 3; i++) {
		helper_join(i);
		kt_assert_eq(ret_of[i], 2);
	}
}

KTEST(pipe, a_partly_served_reader_is_finished_before_a_better_one)
{
	static const struct xfer low = { 'L', NULL, 8, 8, -1 };
	static const struct xfer high = { 'H', NULL, 4, 4, -1 };

	start_reader(0, &low, PRIO_ABOVE(1));
	put_str("abc"); /* L holds 3 of its 8 bytes and waits on */
	kt_assert_eq(ret_of[0], NO_RESULT);
	start_reader(1, &high, PRIO_ABOVE(2));
	put_str("defghijk");
	kt_assert_eq(ret_of[0], 8);
	kt_assert_str_eq(rbuf[0], "abcdefgh");
	kt_assert_eq(ret_of[1], NO_RESULT); /* H holds "ijk" */
	put_str("l");
	kt_assert_eq(ret_of[1], 4);
	kt_assert_str_eq(rbuf[1], "ijkl");
	helper_join(0);
	helper_join(1);
}

KTEST(pipe, a_partly_served_writer_is_finished_before_a_better_one)
{
	static const struct xfer low = { 'L', "ABCDEF", 6, 6, -1 };
	static const struct xfer high = { 'H', "xyz", 3, 3, -1 };
	char buf[16] = { 0 };

	put_str("0123456");
	start_writer(0, &low, PRIO_ABOVE(1)); /* puts "A", waits with 5 left */
	kt_assert_eq(ret_of[0], NO_RESULT);
	start_writer(1, &high, PRIO_ABOVE(2)); /* waits: full */
	kt_assert_eq(k_pipe_get(&pipe, buf, 4, 4, K_NO_WAIT), 4);
	kt_assert_str_eq(buf, "0123");
	kt_assert_eq(ret_of[0], NO_RESULT); /* "BCDE" went in, "F" waits */
	memset(buf, 0, sizeof(buf));
	kt_assert_eq(k_pipe_get(&pipe, buf, 8, 8, K_NO_WAIT), 8);
	kt_assert_str_eq(buf, "456ABCDE");
	kt_assert_eq(ret_of[0], 6);
	kt_assert_eq(ret_of[1], 3);
	expect_str("Fxyz");
	helper_join(0);
	helper_join(1);
}

/* ---- streams between threads ---- */

#define STREAM_BYTES 600

static uint8_t pattern(size_t i)
{
	return (uint8_t)(i * 7 + (i >> 8));
}

/* Write STREAM_BYTES in chunks of 1..11 bytes, each all at once (min = len). */
static void entry_stream_writer(void *p1, void *p2, void *p3)
{
	uint8_t chunk[11];
	size_t sent = 0;

	(void)p1;
	(void)p2;
	(void)p3;
	for (size_t n = 1; sent < STREAM_BYTES; n = n % 11 + 1) {
		size_t len = MIN(n, STREAM_BYTES - sent);

		for (size_t i = 0; i < len; i++) {
			chunk[i] = pattern(sent + i);
		}
		if (k_pipe_put(&pipe, chunk, len, len, K_SECONDS(1)) != (int)len) {
			pc_errors++;
			return;
		}
		sent += len;
	}
}

/* Read the stream in chunks of up to 13 bytes, at least 1 each time. */
static void entry_stream_reader(void *p1, void *p2, void *p3)
{
	uint8_t chunk[13];

	(void)p1;
	(void)p2;
	(void)p3;
	while (pc_bytes < STREAM_BYTES) {
		int n = k_pipe_get(&pipe, chunk, sizeof(chunk), 1, K_SECONDS(1));

		if (n <= 0) {
			pc_errors++;
			return;
		}
		for (int i = 0; i < n; i++) {
			if (chunk[i] != pattern(pc_bytes + (size_t)i)) {
				pc_errors++;
			}
		}
		pc_bytes += (size_t)n;
	}
}

KTEST(pipe, stream_to_a_higher_priority_reader_arrives_intact)
{
	helper_start(0, entry_stream_reader, NULL, NULL, NULL, PRIO_ABOVE(1), K_NO_WAIT);
	entry_stream_writer(NULL, NULL, NULL);
	helper_join(0);
	kt_assert_eq(pc_errors, 0);
	kt_assert_eq(pc_bytes, STREAM_BYTES);
}

KTEST(pipe, stream_from_a_higher_priority_writer_arrives_intact)
{
	helper_start(0, entry_stream_writer, NULL, NULL, NULL, PRIO_ABOVE(1), K_NO_WAIT);
	entry_stream_reader(NULL, NULL, NULL);
	helper_join(0);
	kt_assert_eq(pc_errors, 0);
	kt_assert_eq(pc_bytes, STREAM_BYTES);
}

KTEST(pipe, stream_between_two_lower_priority_threads_arrives_intact)
{
	helper_start(0, entry_stream_reader, NULL, NULL, NULL, PRIO_BELOW(2), K_NO_WAIT);
	helper_start(1, entry_stream_writer, NULL, NULL, NULL, PRIO_BELOW(1), K_NO_WAIT);
	helper_join(1);
	helper_join(0);
	kt_assert_eq(pc_errors, 0);
	kt_assert_eq(pc_bytes, STREAM_BYTES);
}

/* ---- invalid arguments ---- */

KTEST(pipe, put_invalid_arguments_return_einval)
{
	kt_assert_eq(k_pipe_put(NULL, "a", 1, 1, K_NO_WAIT), -EINVAL);
	kt_assert_eq(k_pipe_put(&pipe, NULL, 1, 0, K_NO_WAIT), -EINVAL);
	kt_assert_eq(k_pipe_put(&pipe, "ab", 2, 3, K_NO_WAIT), -EINVAL);
	kt_assert_eq(k_pipe_put(&pipe, "a", (size_t)INT_MAX + 1, 1, K_NO_WAIT), -EINVAL);
	kt_assert_eq(k_pipe_put(&pipe, "a", 1, 1, K_TICKS(-2)), -EINVAL);
	kt_assert_eq(k_pipe_read_avail(&pipe), 0);
}

KTEST(pipe, get_invalid_arguments_return_einval)
{
	char buf[4];

	put_str("ab");
	kt_assert_eq(k_pipe_get(NULL, buf, 1, 1, K_NO_WAIT), -EINVAL);
	kt_assert_eq(k_pipe_get(&pipe, NULL, 1, 0, K_NO_WAIT), -EINVAL);
	kt_assert_eq(k_pipe_get(&pipe, buf, 1, 2, K_NO_WAIT), -EINVAL);
	kt_assert_eq(k_pipe_get(&pipe, buf, 1, 1, K_MSEC(-1)), -EINVAL);
	kt_assert_eq(k_pipe_read_avail(&pipe), 2);
}

KTEST(pipe, null_pipe_has_no_room_and_no_data_and_cannot_flush)
{
	kt_assert_eq(k_pipe_read_avail(NULL), 0);
	kt_assert_eq(k_pipe_write_avail(NULL), 0);
	kt_assert_eq(k_pipe_flush(NULL), -EINVAL);
}

/* ---- interrupt context ---- */

struct isr_call {
	bool put;
	size_t len;
	size_t min;
	k_timeout_t timeout;
};

static char isr_buf[16];

static void isr_fn(const void *arg)
{
	const struct isr_call *c = arg;

	if (c->put) {
		isr_ret = k_pipe_put(&pipe, "IRQdata!", c->len, c->min, c->timeout);
	} else {
		isr_ret = k_pipe_get(&pipe, isr_buf, c->len, c->min, c->timeout);
	}
	seen_in_isr = ret_of[0];
}

KTEST(pipe, put_from_isr_feeds_a_waiting_reader_that_runs_after_the_isr)
{
	static const struct xfer r = { 'R', NULL, 3, 3, -1 };
	static const struct isr_call call = { true, 3, 3, K_NO_WAIT };

	start_reader(0, &r, PRIO_ABOVE(1));
	ktest_run_in_isr(isr_fn, &call);
	kt_assert_eq(isr_ret, 3);
	kt_assert_eq(seen_in_isr, NO_RESULT);
	kt_assert_eq(ret_of[0], 3);
	kt_assert_str_eq(rbuf[0], "IRQ");
	helper_join(0);
}

KTEST(pipe, put_from_isr_is_all_or_nothing)
{
	static const struct isr_call call = { true, 8, 8, K_NO_WAIT };

	put_str("0");
	ktest_run_in_isr(isr_fn, &call);
	kt_assert_eq(isr_ret, -EAGAIN);
	kt_assert_eq(k_pipe_read_avail(&pipe), 1);
}

KTEST(pipe, get_no_wait_from_isr_reads_and_admits_a_waiting_writer)
{
	static const struct xfer w = { 'W', "WX", 2, 2, -1 };
	static const struct isr_call call = { false, 2, 2, K_NO_WAIT };

	put_str("01234567");
	start_writer(0, &w, PRIO_ABOVE(1));
	ktest_run_in_isr(isr_fn, &call);
	kt_assert_eq(isr_ret, 2);
	kt_assert_mem_eq(isr_buf, "01", 2);
	kt_assert_eq(ret_of[0], 2);
	expect_str("234567WX");
	helper_join(0);
}

KTEST(pipe, waiting_put_or_get_from_isr_returns_einval)
{
	static const struct isr_call calls[] = {
		{ true, 1, 1, K_TICKS(10) }, { true, 1, 1, K_FOREVER },
		{ false, 1, 1, K_TICKS(10) }, { false, 1, 1, K_FOREVER },
	};

	put_str("ab");
	for (size_t i = 0; i < ARRAY_SIZE(calls); i++) {
		isr_ret = NO_RESULT;
		ktest_run_in_isr(isr_fn, &calls[i]);
		kt_assert_eq(isr_ret, -EINVAL);
	}
	expect_str("ab");
}
