/*
 * Memory slabs: init checks, allocation until empty, counters, waiting
 * allocation (satisfied, timed out, order of waiters, hand-over of the
 * released block), refused releases (double free, foreign pointers) that
 * leave the slab intact, interrupt context, and a random alloc/free run
 * that checks blocks never overlap.
 */
#include "helpers.h"

#define BLOCK 32
#define NBLOCKS 8

static char slab_buf[BLOCK * NBLOCKS] __attribute__((aligned(8)));
static struct k_mem_slab slab;

/* Defined statically: 4 blocks of 64 bytes aligned to 32. */
K_MEM_SLAB_DEFINE(static_slab, 64, 4, 32);
/* Blocks of one word: no room for the double-free marker. */
static K_MEM_SLAB_DEFINE(word_slab, sizeof(void *), 3, sizeof(void *));

static void *blocks[NBLOCKS];
static volatile int alloc_ret[HELPER_COUNT];
static void *volatile alloc_mem[HELPER_COUNT];
static volatile int isr_ret;
static void *volatile isr_mem;
static volatile int seen_in_isr;

static void before(void *fixture)
{
	(void)fixture;
	(void)k_mem_slab_init(&slab, slab_buf, BLOCK, NBLOCKS);
	for (int i = 0; i < HELPER_COUNT; i++) {
		alloc_ret[i] = 1;
		alloc_mem[i] = NULL;
	}
	isr_ret = 1;
	isr_mem = NULL;
	seen_in_isr = -1;
	log_reset();
}

static void after(void *fixture)
{
	(void)fixture;
	helpers_stop_all();
}

KTEST_SUITE(mem_slab, NULL, before, after, NULL);

#define CH(c) ((void *)(uintptr_t)(c))
#define MS(ms) ((void *)(intptr_t)(ms))

/* Allocate from slab with a timeout of p2 ms (-1: forever); store the
 * result in alloc_ret/alloc_mem[p3] and log p1 on success. */
static void entry_alloc(void *p1, void *p2, void *p3)
{
	intptr_t ms = (intptr_t)p2;
	int i = (int)(uintptr_t)p3;
	void *mem;
	int ret = k_mem_slab_alloc(&slab, &mem, ms < 0 ? K_FOREVER : K_MSEC(ms));

	alloc_mem[i] = mem;
	alloc_ret[i] = ret;
	if (ret == 0) {
		log_event((char)(uintptr_t)p1);
	}
}

/* Sleep p1 ms, then release block p2. */
static void entry_sleep_free(void *p1, void *p2, void *p3)
{
	(void)p3;
	k_msleep((int32_t)(intptr_t)p1);
	(void)k_mem_slab_free(&slab, p2);
}

static void start_waiter(int i, char c, int prio)
{
	helper_start(i, entry_alloc, CH(c), MS(-1), (void *)(uintptr_t)i, prio, K_NO_WAIT);
}

static void alloc_all(void)
{
	for (int i = 0; i < NBLOCKS; i++) {
		kt_assert_eq(k_mem_slab_alloc(&slab, &blocks[i], K_NO_WAIT), 0);
	}
	kt_assert_eq(k_mem_slab_num_free_get(&slab), 0);
}

/* ---- init ---- */

KTEST(mem_slab, init_null_slab_or_buffer_returns_einval)
{
	struct k_mem_slab s;

	kt_assert_eq(k_mem_slab_init(NULL, slab_buf, BLOCK, NBLOCKS), -EINVAL);
	kt_assert_eq(k_mem_slab_init(&s, NULL, BLOCK, NBLOCKS), -EINVAL);
}

KTEST(mem_slab, init_block_smaller_than_a_pointer_returns_einval)
{
	struct k_mem_slab s;

	kt_assert_eq(k_mem_slab_init(&s, slab_buf, 0, NBLOCKS), -EINVAL);
	kt_assert_eq(k_mem_slab_init(&s, slab_buf, sizeof(void *) / 2, NBLOCKS), -EINVAL);
}

KTEST(mem_slab, init_block_not_a_multiple_of_a_pointer_returns_einval)
{
	struct k_mem_slab s;

	kt_assert_eq(k_mem_slab_init(&s, slab_buf, sizeof(void *) + 2, NBLOCKS), -EINVAL);
	kt_assert_eq(k_mem_slab_init(&s, slab_buf, 3 * sizeof(void *) - 1, 2), -EINVAL);
}

KTEST(mem_slab, init_unaligned_buffer_returns_einval)
{
	struct k_mem_slab s;

	kt_assert_eq(k_mem_slab_init(&s, slab_buf + 1, BLOCK, NBLOCKS - 1), -EINVAL);
}

KTEST(mem_slab, init_zero_blocks_or_size_overflow_returns_einval)
{
	struct k_mem_slab s;
	size_t huge = (SIZE_MAX / 2 + 1) & ~(sizeof(void *) - 1);

	kt_assert_eq(k_mem_slab_init(&s, slab_buf, BLOCK, 0), -EINVAL);
	kt_assert_eq(k_mem_slab_init(&s, slab_buf, huge, 4), -EINVAL);
}

KTEST(mem_slab, init_makes_every_block_free)
{
	kt_assert_eq(k_mem_slab_num_free_get(&slab), NBLOCKS);
	kt_assert_eq(k_mem_slab_num_used_get(&slab), 0);
	kt_assert_eq(k_mem_slab_max_used_get(&slab), 0);
}

KTEST(mem_slab, define_gives_a_ready_slab_with_aligned_blocks)
{
	void *b[4];

	kt_assert_eq(k_mem_slab_num_free_get(&static_slab), 4);
	for (int i = 0; i < 4; i++) {
		kt_assert_eq(k_mem_slab_alloc(&static_slab, &b[i], K_NO_WAIT), 0);
		kt_assert_eq((uintptr_t)b[i] % 32, 0);
		for (int j = 0; j < i; j++) {
			kt_assert((char *)b[i] >= (char *)b[j] + 64 ||
				  (char *)b[j] >= (char *)b[i] + 64, "blocks %d and %d overlap", i, j);
		}
	}
	void *mem;

	kt_assert_eq(k_mem_slab_alloc(&static_slab, &mem, K_NO_WAIT), -ENOMEM);
	kt_assert_eq(k_mem_slab_num_used_get(&static_slab), 4);
	for (int i = 0; i < 4; i++) {
		kt_assert_eq(k_mem_slab_free(&static_slab, b[i]), 0);
	}
}

/* ---- allocation ---- */

KTEST(mem_slab, alloc_until_empty_gives_distinct_blocks_of_the_buffer)
{
	alloc_all();
	for (int i = 0; i < NBLOCKS; i++) {
		uintptr_t off = (uintptr_t)((char *)blocks[i] - slab_buf);
		bool on_a_boundary = off % BLOCK == 0;

		kt_assert(off < sizeof(slab_buf) && on_a_boundary,
			  "block %d at offset %u", i, (unsigned int)off);
		memset(blocks[i], 'a' + i, BLOCK);
	}
	for (int i = 0; i < NBLOCKS; i++) {
		for (int j = 0; j < BLOCK; j++) {
			kt_assert_eq(((char *)blocks[i])[j], 'a' + i);
		}
	}
}

KTEST(mem_slab, alloc_no_wait_on_an_empty_slab_returns_enomem)
{
	void *mem = slab_buf;

	alloc_all();
	kt_assert_eq(k_mem_slab_alloc(&slab, &mem, K_NO_WAIT), -ENOMEM);
	kt_assert_null(mem);
	kt_assert_eq(k_mem_slab_num_used_get(&slab), NBLOCKS);
}

KTEST(mem_slab, alloc_null_arguments_return_einval)
{
	void *mem;

	kt_assert_eq(k_mem_slab_alloc(NULL, &mem, K_NO_WAIT), -EINVAL);
	kt_assert_eq(k_mem_slab_alloc(&slab, NULL, K_NO_WAIT), -EINVAL);
	kt_assert_eq(k_mem_slab_num_used_get(&slab), 0);
}

KTEST(mem_slab, alloc_negative_timeout_returns_einval)
{
	void *mem;

	kt_assert_eq(k_mem_slab_alloc(&slab, &mem, K_TICKS(-2)), -EINVAL);
	kt_assert_eq(k_mem_slab_num_used_get(&slab), 0);
}

KTEST(mem_slab, free_makes_the_block_available_again)
{
	void *mem;

	alloc_all();
	kt_assert_eq(k_mem_slab_free(&slab, blocks[3]), 0);
	kt_assert_eq(k_mem_slab_num_free_get(&slab), 1);
	kt_assert_eq(k_mem_slab_alloc(&slab, &mem, K_NO_WAIT), 0);
	kt_assert_ptr_eq(mem, blocks[3]);
}

KTEST(mem_slab, counters_track_used_free_and_max_used)
{
	for (int i = 0; i < 3; i++) {
		kt_assert_eq(k_mem_slab_alloc(&slab, &blocks[i], K_NO_WAIT), 0);
	}
	kt_assert_eq(k_mem_slab_num_used_get(&slab), 3);
	kt_assert_eq(k_mem_slab_num_free_get(&slab), NBLOCKS - 3);
	kt_assert_eq(k_mem_slab_max_used_get(&slab), 3);
	kt_assert_eq(k_mem_slab_free(&slab, blocks[0]), 0);
	kt_assert_eq(k_mem_slab_free(&slab, blocks[2]), 0);
	kt_assert_eq(k_mem_slab_num_used_get(&slab), 1);
	kt_assert_eq(k_mem_slab_num_free_get(&slab), NBLOCKS - 1);
	kt_assert_eq(k_mem_slab_max_used_get(&slab), 3);
	kt_assert_eq(k_mem_slab_alloc(&slab, &blocks[0], K_NO_WAIT), 0);
	kt_assert_eq(k_mem_slab_max_used_get(&slab), 3);
}

KTEST(mem_slab, counters_of_a_null_slab_are_0)
{
	kt_assert_eq(k_mem_slab_num_used_get(NULL), 0);
	kt_assert_eq(k_mem_slab_num_free_get(NULL), 0);
	kt_assert_eq(k_mem_slab_max_used_get(NULL), 0);
}

/* ---- waiting ---- */

KTEST(mem_slab, alloc_times_out_with_eagain_when_nothing_is_freed)
{
	void *mem = slab_buf;

	alloc_all();
	int64_t t0 = k_uptime_get();

	kt_assert_eq(k_mem_slab_alloc(&slab, &mem, K_MSEC(50)), -EAGAIN);
	int64_t dt = k_uptime_get() - t0;

	kt_assert_null(mem);
	kt_assert_ge(dt, 50);
	kt_assert_le(dt, 50 + 2 * TICK_MS);
	kt_assert_eq(k_mem_slab_num_used_get(&slab), NBLOCKS);
}

KTEST(mem_slab, waiting_alloc_gets_the_block_another_thread_frees)
{
	void *mem;

	alloc_all();
	helper_start(0, entry_sleep_free, MS(20), blocks[5], NULL, PRIO_ABOVE(1), K_NO_WAIT);
	int64_t t0 = k_uptime_get();

	kt_assert_eq(k_mem_slab_alloc(&slab, &mem, K_MSEC(200)), 0);
	int64_t dt = k_uptime_get() - t0;

	kt_assert_ptr_eq(mem, blocks[5]);
	kt_assert_ge(dt, 20);
	kt_assert_lt(dt, 200);
	helper_join(0);
}

KTEST(mem_slab, free_hands_the_block_to_a_waiter_without_freeing_it)
{
	alloc_all();
	start_waiter(0, 'A', PRIO_BELOW(1));
	k_msleep(10); /* let it pend */
	void *mem;

	kt_assert_eq(k_mem_slab_free(&slab, blocks[2]), 0);
	/* Not yet run, but the block is already the waiter's. */
	kt_assert_eq(alloc_ret[0], 1);
	kt_assert_eq(k_mem_slab_num_used_get(&slab), NBLOCKS);
	kt_assert_eq(k_mem_slab_alloc(&slab, &mem, K_NO_WAIT), -ENOMEM);
	helper_join(0);
	kt_assert_eq(alloc_ret[0], 0);
	kt_assert_ptr_eq(alloc_mem[0], blocks[2]);
}

KTEST(mem_slab, best_priority_waiter_gets_the_first_block)
{
	alloc_all();
	/* Each outranks the case thread, so it pends as soon as it is created. */
	start_waiter(0, 'A', PRIO_ABOVE(1));
	start_waiter(1, 'B', PRIO_ABOVE(3));
	start_waiter(2, 'C', PRIO_ABOVE(2));
	kt_assert_eq(k_mem_slab_free(&slab, blocks[0]), 0);
	kt_assert_str_eq(log_get(), "B");
	kt_assert_ptr_eq(alloc_mem[1], blocks[0]);
	kt_assert_eq(k_mem_slab_free(&slab, blocks[1]), 0);
	kt_assert_eq(k_mem_slab_free(&slab, blocks[2]), 0);
	kt_assert_str_eq(log_get(), "BCA");
	kt_assert_ptr_eq(alloc_mem[2], blocks[1]);
	kt_assert_ptr_eq(alloc_mem[0], blocks[2]);
	for (int i = 0; i < 3; i++) {
		helper_join(i);
	}
}

KTEST(mem_slab, equal_priority_waiters_are_served_in_fifo_order)
{
	alloc_all();
	start_waiter(0, 'A', PRIO_ABOVE(1));
	start_waiter(1, 'B', PRIO_ABOVE(1));
	start_waiter(2, 'C', PRIO_ABOVE(1));
	for (int i = 0; i < 3; i++) {
		kt_assert_eq(k_mem_slab_free(&slab, blocks[i]), 0);
	}
	kt_assert_str_eq(log_get(), "ABC");
	for (int i = 0; i < 3; i++) {
		helper_join(i);
	}
}

KTEST(mem_slab, timed_out_waiter_does_not_take_a_later_block)
{
	alloc_all();
	helper_start(0, entry_alloc, CH('A'), MS(20), (void *)0, PRIO_ABOVE(1), K_NO_WAIT);
	k_msleep(50);
	kt_assert_eq(alloc_ret[0], -EAGAIN);
	kt_assert_null(alloc_mem[0]);
	kt_assert_eq(k_mem_slab_free(&slab, blocks[4]), 0);
	kt_assert_eq(k_mem_slab_num_free_get(&slab), 1);
	helper_join(0);
}

/* ---- refused releases ---- */

KTEST(mem_slab, double_free_returns_einval_and_changes_nothing)
{
	void *a, *b, *c;

	kt_assert_eq(k_mem_slab_alloc(&slab, &a, K_NO_WAIT), 0);
	kt_assert_eq(k_mem_slab_alloc(&slab, &b, K_NO_WAIT), 0);
	kt_assert_eq(k_mem_slab_free(&slab, a), 0);
	kt_assert_eq(k_mem_slab_free(&slab, a), -EINVAL);
	kt_assert_eq(k_mem_slab_num_used_get(&slab), 1);
	/* The free list holds `a` once: the next two blocks differ. */
	kt_assert_eq(k_mem_slab_alloc(&slab, &c, K_NO_WAIT), 0);
	kt_assert_ptr_eq(c, a);
	kt_assert_eq(k_mem_slab_alloc(&slab, &c, K_NO_WAIT), 0);
	kt_assert(c != a && c != b, "block handed out twice");
}

KTEST(mem_slab, double_free_is_caught_after_other_frees)
{
	alloc_all();
	for (int i = 0; i < NBLOCKS; i++) {
		kt_assert_eq(k_mem_slab_free(&slab, blocks[i]), 0);
	}
	for (int i = 0; i < NBLOCKS; i++) {
		kt_assert_eq(k_mem_slab_free(&slab, blocks[i]), -EINVAL);
	}
	kt_assert_eq(k_mem_slab_num_free_get(&slab), NBLOCKS);
	alloc_all();
}

KTEST(mem_slab, free_of_a_pointer_into_a_block_returns_einval)
{
	void *a;

	kt_assert_eq(k_mem_slab_alloc(&slab, &a, K_NO_WAIT), 0);
	kt_assert_eq(k_mem_slab_free(&slab, (char *)a + sizeof(void *)), -EINVAL);
	kt_assert_eq(k_mem_slab_num_used_get(&slab), 1);
	kt_assert_eq(k_mem_slab_free(&slab, a), 0);
}

KTEST(mem_slab, free_of_a_foreign_pointer_returns_einval)
{
	void *other;
	int local;

	kt_assert_eq(k_mem_slab_alloc(&slab, &blocks[0], K_NO_WAIT), 0);
	kt_assert_eq(k_mem_slab_alloc(&static_slab, &other, K_NO_WAIT), 0);
	kt_assert_eq(k_mem_slab_free(&slab, other), -EINVAL);
	kt_assert_eq(k_mem_slab_free(&slab, &local), -EINVAL);
	kt_assert_eq(k_mem_slab_free(&slab, slab_buf + sizeof(slab_buf)), -EINVAL);
	kt_assert_eq(k_mem_slab_free(&slab, (void *)((uintptr_t)slab_buf - BLOCK)), -EINVAL);
	kt_assert_eq(k_mem_slab_num_used_get(&slab), 1);
	kt_assert_eq(k_mem_slab_free(&static_slab, other), 0);
}

KTEST(mem_slab, free_of_a_block_never_allocated_returns_einval)
{
	kt_assert_eq(k_mem_slab_alloc(&slab, &blocks[0], K_NO_WAIT), 0);
	kt_assert_eq(k_mem_slab_free(&slab, slab_buf + 3 * BLOCK), -EINVAL);
	kt_assert_eq(k_mem_slab_num_used_get(&slab), 1);
	kt_assert_eq(k_mem_slab_num_free_get(&slab), NBLOCKS - 1);
}

KTEST(mem_slab, free_null_arguments_return_einval)
{
	kt_assert_eq(k_mem_slab_alloc(&slab, &blocks[0], K_NO_WAIT), 0);
	kt_assert_eq(k_mem_slab_free(NULL, blocks[0]), -EINVAL);
	kt_assert_eq(k_mem_slab_free(&slab, NULL), -EINVAL);
	kt_assert_eq(k_mem_slab_num_used_get(&slab), 1);
}

KTEST(mem_slab, one_word_blocks_catch_double_free_whatever_they_hold)
{
	void *a, *b;

	kt_assert_eq(k_mem_slab_alloc(&word_slab, &a, K_NO_WAIT), 0);
	kt_assert_eq(k_mem_slab_alloc(&word_slab, &b, K_NO_WAIT), 0);
	/* Data that looks like a free-list link must not fool the check. */
	*(void **)a = b;
	*(void **)b = NULL;
	kt_assert_eq(k_mem_slab_free(&word_slab, a), 0);
	kt_assert_eq(k_mem_slab_free(&word_slab, a), -EINVAL);
	kt_assert_eq(k_mem_slab_free(&word_slab, b), 0);
	kt_assert_eq(k_mem_slab_free(&word_slab, b), -EINVAL);
	kt_assert_eq(k_mem_slab_free(&word_slab, a), -EINVAL);
	kt_assert_eq(k_mem_slab_num_used_get(&word_slab), 0);
	kt_assert_eq(k_mem_slab_alloc(&word_slab, &a, K_NO_WAIT), 0);
	kt_assert_eq(k_mem_slab_alloc(&word_slab, &b, K_NO_WAIT), 0);
	kt_assert(a != b, "block handed out twice");
	kt_assert_eq(k_mem_slab_free(&word_slab, a), 0);
	kt_assert_eq(k_mem_slab_free(&word_slab, b), 0);
}

/* ---- interrupt context ---- */

static void isr_alloc(const void *arg)
{
	void *mem;

	isr_ret = k_mem_slab_alloc(&slab, &mem, *(const k_timeout_t *)arg);
	isr_mem = mem;
}

static void isr_free(const void *arg)
{
	isr_ret = k_mem_slab_free(&slab, (void *)arg);
	seen_in_isr = alloc_ret[0]; /* the woken waiter must not run yet */
}

KTEST(mem_slab, alloc_no_wait_from_isr_gets_a_block)
{
	static const k_timeout_t timeout = K_NO_WAIT;

	ktest_run_in_isr(isr_alloc, &timeout);
	kt_assert_eq(isr_ret, 0);
	kt_assert_not_null(isr_mem);
	kt_assert_eq(k_mem_slab_num_used_get(&slab), 1);
}

KTEST(mem_slab, alloc_from_isr_on_an_empty_slab_returns_enomem)
{
	static const k_timeout_t timeout = K_NO_WAIT;

	alloc_all();
	ktest_run_in_isr(isr_alloc, &timeout);
	kt_assert_eq(isr_ret, -ENOMEM);
}

KTEST(mem_slab, alloc_with_timeout_from_isr_returns_einval)
{
	static const k_timeout_t timeout = K_TICKS(10);

	ktest_run_in_isr(isr_alloc, &timeout);
	kt_assert_eq(isr_ret, -EINVAL);
	kt_assert_eq(k_mem_slab_num_used_get(&slab), 0);
}

KTEST(mem_slab, free_from_isr_hands_the_block_to_a_waiter)
{
	alloc_all();
	start_waiter(0, 'A', PRIO_ABOVE(1));
	ktest_run_in_isr(isr_free, blocks[6]);
	kt_assert_eq(isr_ret, 0);
	kt_assert_eq(seen_in_isr, 1);
	kt_assert_eq(alloc_ret[0], 0);
	kt_assert_ptr_eq(alloc_mem[0], blocks[6]);
	helper_join(0);
}

/* ---- random use ---- */

static uint32_t rand_state;

static uint32_t rand_next(void)
{
	rand_state = rand_state * 1664525u + 1013904223u;
	return rand_state >> 8;
}

/* Check that block @p b still holds pattern byte @p v everywhere. */
static void check_pattern(const void *b, unsigned char v)
{
	const unsigned char *p = b;

	for (int i = 0; i < BLOCK; i++) {
		if (p[i] != v) {
			kt_fail("block %p byte %d is 0x%02x, expected 0x%02x", b, i, p[i], v);
		}
	}
}

KTEST(mem_slab, random_alloc_and_free_never_overlap_blocks)
{
	void *held[NBLOCKS] = { 0 };
	unsigned char tag[NBLOCKS];
	int count = 0, max_count = 0;

	rand_state = 12345;
	for (int step = 0; step < 2000; step++) {
		int i = (int)(rand_next() % NBLOCKS);

		if (held[i] == NULL) {
			kt_assert_eq(k_mem_slab_alloc(&slab, &held[i], K_NO_WAIT), 0);
			tag[i] = (unsigned char)rand_next();
			memset(held[i], tag[i], BLOCK);
			count++;
			max_count = MAX(max_count, count);
		} else {
			check_pattern(held[i], tag[i]);
			kt_assert_eq(k_mem_slab_free(&slab, held[i]), 0);
			held[i] = NULL;
			count--;
		}
		if (k_mem_slab_num_used_get(&slab) != (uint32_t)count) {
			kt_fail("step %d: %u blocks used, expected %d", step,
				(unsigned int)k_mem_slab_num_used_get(&slab), count);
		}
	}
	for (int i = 0; i < NBLOCKS; i++) {
		if (held[i] != NULL) {
			check_pattern(held[i], tag[i]);
		}
	}
	kt_assert_eq(k_mem_slab_max_used_get(&slab), max_count);
}
