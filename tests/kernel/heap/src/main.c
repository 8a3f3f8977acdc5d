/*
 * Heaps: init checks, sizes and alignments, exhaustion, fragmentation and
 * coalescing, statistics, calloc/realloc, waiting allocation (woken by a
 * release, timed out, which waiters are served), refused releases that
 * leave the heap intact, corruption found by k_heap_validate(), interrupt
 * context, a random alloc/free run that writes a pattern into every block
 * to prove blocks never overlap, and the kernel heap (k_malloc, and
 * malloc() on the QEMU boards).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>

#include "helpers.h"

#define HEAP_SIZE 2048
#define ALIGN K_HEAP_ALIGN

static char heap_buf[HEAP_SIZE] __attribute__((aligned(8)));
static struct k_heap heap;
static size_t initial_free; /* free bytes of the fresh heap */

/* Defined statically; set up on first use. */
static K_HEAP_DEFINE(static_heap, 1024);

static volatile int done[HELPER_COUNT];
static void *volatile got[HELPER_COUNT];
static volatile int64_t done_ms[HELPER_COUNT];
static void *volatile isr_mem;
static volatile int isr_ret;
static volatile int seen_in_isr;

static void before(void *fixture)
{
	struct k_heap_stats st;

	(void)fixture;
	(void)k_heap_init(&heap, heap_buf, sizeof(heap_buf));
	(void)k_heap_stats_get(&heap, &st);
	initial_free = st.free_bytes;
	for (int i = 0; i < HELPER_COUNT; i++) {
		done[i] = 0;
		got[i] = NULL;
		done_ms[i] = -1;
	}
	isr_mem = NULL;
	isr_ret = 1;
	seen_in_isr = -1;
	log_reset();
}

static void after(void *fixture)
{
	(void)fixture;
	helpers_stop_all();
}

KTEST_SUITE(heap, NULL, before, after, NULL);

#define CH(c) ((void *)(uintptr_t)(c))
#define MS(ms) ((void *)(intptr_t)(ms))
#define SZ(n) ((void *)(uintptr_t)(n))

static struct k_heap_stats stats(void)
{
	struct k_heap_stats st = { 0 };

	kt_assert_eq(k_heap_stats_get(&heap, &st), 0);
	return st;
}

static bool in_heap(const void *p, size_t size)
{
	return (const char *)p >= heap_buf && (const char *)p + size <= heap_buf + HEAP_SIZE;
}

/* Allocate blocks of @p size until the heap is full; returns the count. */
static int fill(void **ptrs, int max, size_t size)
{
	int n = 0;

	while (n < max && (ptrs[n] = k_heap_alloc(&heap, size, K_NO_WAIT)) != NULL) {
		n++;
	}
	kt_assert(n < max, "the heap did not fill up with %d blocks", max);
	return n;
}

static void free_all(void **ptrs, int n)
{
	for (int i = 0; i < n; i++) {
		kt_assert_eq(k_heap_free(&heap, ptrs[i]), 0);
	}
}

static void assert_heap_whole(void)
{
	kt_assert_eq(k_heap_validate(&heap), 0);
	kt_assert_eq(stats().free_bytes, initial_free);
	kt_assert_eq(stats().allocated_bytes, 0);
}

/* Allocate p2 bytes waiting p3 ms (-1: forever) from heap; record the
 * block and the time in got/done_ms[i], log p1 on success. p1 packs the
 * log character (low byte) and the helper index (next byte). */
static void entry_alloc(void *p1, void *p2, void *p3)
{
	uintptr_t tag = (uintptr_t)p1;
	int i = (int)(tag >> 8);
	intptr_t ms = (intptr_t)p3;
	void *mem = k_heap_alloc(&heap, (size_t)(uintptr_t)p2,
				 ms < 0 ? K_FOREVER : K_MSEC(ms));

	got[i] = mem;
	done_ms[i] = k_uptime_get();
	done[i] = 1;
	if (mem != NULL) {
		log_event((char)(tag & 0xff));
	}
}

static void start_waiter(int i, char c, size_t bytes, int ms, int prio)
{
	helper_start(i, entry_alloc, CH((uintptr_t)c | ((uintptr_t)i << 8)), SZ(bytes), MS(ms),
		     prio, K_NO_WAIT);
}

/* Sleep p1 ms, then release block p2. */
static void entry_sleep_free(void *p1, void *p2, void *p3)
{
	(void)p3;
	k_msleep((int32_t)(intptr_t)p1);
	(void)k_heap_free(&heap, p2);
}

/* ---- init ---- */

KTEST(heap, init_null_arguments_or_small_buffer_return_einval)
{
	struct k_heap h;

	kt_assert_eq(k_heap_init(NULL, heap_buf, HEAP_SIZE), -EINVAL);
	kt_assert_eq(k_heap_init(&h, NULL, HEAP_SIZE), -EINVAL);
	kt_assert_eq(k_heap_init(&h, heap_buf, K_HEAP_MIN_SIZE - 1), -EINVAL);
}

KTEST(heap, init_accepts_the_minimum_size_on_an_unaligned_buffer)
{
	static char buf[K_HEAP_MIN_SIZE + 1] __attribute__((aligned(8)));
	struct k_heap h;
	void *p;

	kt_assert_eq(k_heap_init(&h, buf + 1, K_HEAP_MIN_SIZE), 0);
	p = k_heap_alloc(&h, 8, K_NO_WAIT);
	kt_assert_not_null(p);
	kt_assert_eq((uintptr_t)p % ALIGN, 0);
	kt_assert((char *)p > buf && (char *)p + 8 <= buf + sizeof(buf), "block outside the buffer");
	kt_assert_eq(k_heap_validate(&h), 0);
	kt_assert_eq(k_heap_free(&h, p), 0);
}

KTEST(heap, define_gives_a_heap_ready_at_first_use)
{
	struct k_heap_stats st;
	void *p = k_heap_alloc(&static_heap, 100, K_NO_WAIT);

	kt_assert_not_null(p);
	memset(p, 0x5a, 100);
	kt_assert_eq(k_heap_stats_get(&static_heap, &st), 0);
	kt_assert_ge(st.allocated_bytes, 100);
	kt_assert_gt(st.free_bytes, 1024 / 2);
	kt_assert_eq(k_heap_validate(&static_heap), 0);
	kt_assert_eq(k_heap_free(&static_heap, p), 0);
}

/* ---- allocation ---- */

KTEST(heap, alloc_of_zero_bytes_returns_null)
{
	kt_assert_null(k_heap_alloc(&heap, 0, K_NO_WAIT));
	kt_assert_eq(stats().allocated_bytes, 0);
}

KTEST(heap, alloc_with_null_heap_or_negative_timeout_returns_null)
{
	kt_assert_null(k_heap_alloc(NULL, 16, K_NO_WAIT));
	kt_assert_null(k_heap_alloc(&heap, 16, K_TICKS(-2)));
	kt_assert_eq(stats().allocated_bytes, 0);
}

KTEST(heap, alloc_gives_aligned_disjoint_blocks_of_every_size)
{
	static const size_t sizes[] = { 1, 7, 8, 13, 64, 100, 255, 333 };
	void *p[ARRAY_SIZE(sizes)];

	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		p[i] = k_heap_alloc(&heap, sizes[i], K_NO_WAIT);
		kt_assert_not_null(p[i]);
		kt_assert_eq((uintptr_t)p[i] % ALIGN, 0);
		kt_assert(in_heap(p[i], sizes[i]), "block %u outside the heap", (unsigned int)i);
		kt_assert_ge(k_heap_usable_size(&heap, p[i]), sizes[i]);
		memset(p[i], (int)i + 1, sizes[i]);
	}
	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		for (size_t j = 0; j < sizes[i]; j++) {
			kt_assert_eq(((unsigned char *)p[i])[j], i + 1);
		}
	}
	kt_assert_eq(k_heap_validate(&heap), 0);
	free_all(p, ARRAY_SIZE(sizes));
	assert_heap_whole();
}

KTEST(heap, alloc_larger_than_the_heap_returns_null_without_waiting)
{
	int64_t t0 = k_uptime_get();

	kt_assert_null(k_heap_alloc(&heap, HEAP_SIZE + 1, K_FOREVER));
	kt_assert_null(k_heap_alloc(&heap, SIZE_MAX, K_FOREVER));
	kt_assert_eq(k_uptime_get() - t0, 0);
}

KTEST(heap, exhausted_heap_returns_null_and_stays_intact)
{
	void *p[64];
	int n = fill(p, ARRAY_SIZE(p), 48);

	kt_assert_gt(n, 10);
	kt_assert_null(k_heap_alloc(&heap, 48, K_NO_WAIT));
	kt_assert_lt(stats().free_bytes, 48);
	kt_assert_eq(k_heap_validate(&heap), 0);
	free_all(p, n);
	assert_heap_whole();
	/* The same blocks fit again. */
	kt_assert_eq(fill(p, ARRAY_SIZE(p), 48), n);
}

KTEST(heap, aligned_alloc_honours_alignments_from_8_to_256)
{
	static const size_t sizes[] = { 1, 24, 100 };

	for (size_t align = 8; align <= 256; align *= 2) {
		for (size_t s = 0; s < ARRAY_SIZE(sizes); s++) {
			void *p = k_heap_aligned_alloc(&heap, align, sizes[s], K_NO_WAIT);
			uintptr_t misalign = (uintptr_t)p % align;

			kt_assert_not_null(p);
			kt_assert(misalign == 0, "align %u: block %p", (unsigned int)align, p);
			kt_assert(in_heap(p, sizes[s]), "block outside the heap");
			memset(p, 0xee, sizes[s]);
			kt_assert_eq(k_heap_validate(&heap), 0);
			kt_assert_eq(k_heap_free(&heap, p), 0);
		}
	}
	assert_heap_whole();
}

KTEST(heap, aligned_blocks_side_by_side_do_not_overlap)
{
	void *p[6];

	for (int i = 0; i < 6; i++) {
		p[i] = k_heap_aligned_alloc(&heap, 64 << (i % 3), 40, K_NO_WAIT);
		kt_assert_not_null(p[i]);
		kt_assert_eq((uintptr_t)p[i] % (64u << (i % 3)), 0);
		memset(p[i], 'a' + i, 40);
	}
	for (int i = 0; i < 6; i++) {
		for (int j = 0; j < 40; j++) {
			kt_assert_eq(((char *)p[i])[j], 'a' + i);
		}
	}
	kt_assert_eq(k_heap_validate(&heap), 0);
	free_all(p, 6);
	assert_heap_whole();
}

KTEST(heap, aligned_alloc_rejects_an_alignment_not_a_power_of_two)
{
	kt_assert_null(k_heap_aligned_alloc(&heap, 0, 16, K_NO_WAIT));
	kt_assert_null(k_heap_aligned_alloc(&heap, 3, 16, K_NO_WAIT));
	kt_assert_null(k_heap_aligned_alloc(&heap, 24, 16, K_NO_WAIT));
	kt_assert_eq(stats().allocated_bytes, 0);
}

KTEST(heap, fragmentation_then_coalescing_lets_a_big_block_fit_again)
{
	void *p[64];
	int n = fill(p, ARRAY_SIZE(p), 40);

	/* Every other block free: plenty of memory, all in small pieces. */
	for (int i = 0; i < n; i += 2) {
		kt_assert_eq(k_heap_free(&heap, p[i]), 0);
	}
	kt_assert_gt(stats().free_bytes, HEAP_SIZE / 3);
	kt_assert_null(k_heap_alloc(&heap, HEAP_SIZE / 4, K_NO_WAIT));
	kt_assert_eq(k_heap_validate(&heap), 0);
	for (int i = 1; i < n; i += 2) {
		kt_assert_eq(k_heap_free(&heap, p[i]), 0);
	}
	assert_heap_whole();
	void *big = k_heap_alloc(&heap, initial_free, K_NO_WAIT);

	kt_assert_not_null(big);
	kt_assert_eq(k_heap_free(&heap, big), 0);
}

KTEST(heap, free_merges_a_block_with_both_free_neighbours)
{
	void *a = k_heap_alloc(&heap, 64, K_NO_WAIT);
	void *b = k_heap_alloc(&heap, 64, K_NO_WAIT);
	void *c = k_heap_alloc(&heap, 64, K_NO_WAIT);
	void *d = k_heap_alloc(&heap, 64, K_NO_WAIT); /* keeps c off the free tail */

	kt_assert_not_null(d);
	size_t span = (size_t)((char *)d - (char *)a) - ALIGN; /* a..c, minus a's header */

	kt_assert_eq(k_heap_free(&heap, a), 0);
	kt_assert_eq(k_heap_free(&heap, c), 0);
	kt_assert_eq(k_heap_free(&heap, b), 0);
	kt_assert_eq(k_heap_validate(&heap), 0);
	/* One chunk from a to d: a request of exactly that size lands on a. */
	void *m = k_heap_alloc(&heap, span, K_NO_WAIT);

	kt_assert_ptr_eq(m, a);
	kt_assert_eq(k_heap_usable_size(&heap, m), span);
	kt_assert_eq(k_heap_free(&heap, m), 0);
	kt_assert_eq(k_heap_free(&heap, d), 0);
	assert_heap_whole();
}

KTEST(heap, stats_count_allocated_free_and_peak_bytes)
{
	struct k_heap_stats st = stats();

	kt_assert_eq(st.allocated_bytes, 0);
	kt_assert_eq(st.max_allocated_bytes, 0);
	kt_assert_gt(st.free_bytes, HEAP_SIZE - 256);
	kt_assert_lt(st.free_bytes, HEAP_SIZE);

	void *a = k_heap_alloc(&heap, 100, K_NO_WAIT);

	st = stats();
	kt_assert_eq(st.allocated_bytes, k_heap_usable_size(&heap, a));
	kt_assert_ge(st.allocated_bytes, 100);
	kt_assert_lt(st.allocated_bytes, 100 + 2 * ALIGN);
	/* The block's header is the only byte counted in neither. */
	kt_assert_eq(st.free_bytes + st.allocated_bytes + ALIGN, initial_free);

	void *b = k_heap_alloc(&heap, 300, K_NO_WAIT);
	size_t peak = stats().allocated_bytes;

	kt_assert_eq(stats().max_allocated_bytes, peak);
	kt_assert_eq(k_heap_free(&heap, a), 0);
	st = stats();
	kt_assert_eq(st.allocated_bytes, k_heap_usable_size(&heap, b));
	kt_assert_eq(st.max_allocated_bytes, peak);
	kt_assert_eq(k_heap_free(&heap, b), 0);
	kt_assert_eq(stats().max_allocated_bytes, peak);
	assert_heap_whole();
}

KTEST(heap, stats_and_validate_with_null_arguments_return_einval)
{
	struct k_heap_stats st;

	kt_assert_eq(k_heap_stats_get(NULL, &st), -EINVAL);
	kt_assert_eq(k_heap_stats_get(&heap, NULL), -EINVAL);
	kt_assert_eq(k_heap_validate(NULL), -EINVAL);
}

KTEST(heap, calloc_returns_zeroed_memory)
{
	void *dirty = k_heap_alloc(&heap, initial_free, K_NO_WAIT);

	kt_assert_not_null(dirty);
	memset(dirty, 0xa5, initial_free);
	kt_assert_eq(k_heap_free(&heap, dirty), 0);

	unsigned char *p = k_heap_calloc(&heap, 10, 20, K_NO_WAIT);

	kt_assert_not_null(p);
	for (int i = 0; i < 200; i++) {
		kt_assert_eq(p[i], 0);
	}
	kt_assert_eq(k_heap_free(&heap, p), 0);
}

KTEST(heap, calloc_whose_size_overflows_returns_null)
{
	kt_assert_null(k_heap_calloc(&heap, SIZE_MAX / 2, 3, K_NO_WAIT));
	kt_assert_null(k_heap_calloc(&heap, SIZE_MAX, SIZE_MAX, K_NO_WAIT));
	kt_assert_null(k_heap_calloc(&heap, (SIZE_MAX >> (sizeof(size_t) * 4)) + 2,
				     (SIZE_MAX >> (sizeof(size_t) * 4)) + 2, K_NO_WAIT));
	kt_assert_eq(stats().allocated_bytes, 0);
}

static void fill_bytes(void *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		((unsigned char *)p)[i] = (unsigned char)(i * 7 + 1);
	}
}

static void check_bytes(const void *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (((const unsigned char *)p)[i] != (unsigned char)(i * 7 + 1)) {
			kt_fail("byte %u lost", (unsigned int)i);
		}
	}
}

KTEST(heap, realloc_grows_in_place_keeping_the_data)
{
	void *p = k_heap_alloc(&heap, 32, K_NO_WAIT);

	fill_bytes(p, 32);
	void *q = k_heap_realloc(&heap, p, 400, K_NO_WAIT);

	kt_assert_ptr_eq(q, p); /* the rest of the heap follows p */
	kt_assert_ge(k_heap_usable_size(&heap, q), 400);
	check_bytes(q, 32);
	kt_assert_eq(k_heap_validate(&heap), 0);
	kt_assert_eq(k_heap_free(&heap, q), 0);
	assert_heap_whole();
}

KTEST(heap, realloc_moves_a_block_that_cannot_grow_keeping_the_data)
{
	void *p = k_heap_alloc(&heap, 32, K_NO_WAIT);
	void *wall = k_heap_alloc(&heap, 32, K_NO_WAIT);

	fill_bytes(p, 32);
	void *q = k_heap_realloc(&heap, p, 300, K_NO_WAIT);

	kt_assert_not_null(q);
	kt_assert(q != p, "grew in place through an allocated block");
	check_bytes(q, 32);
	kt_assert_eq(k_heap_usable_size(&heap, p), 0); /* the old block was freed */
	kt_assert_eq(k_heap_validate(&heap), 0);
	kt_assert_eq(k_heap_free(&heap, q), 0);
	kt_assert_eq(k_heap_free(&heap, wall), 0);
	assert_heap_whole();
}

KTEST(heap, realloc_shrinks_in_place_and_frees_the_tail)
{
	void *p = k_heap_alloc(&heap, 600, K_NO_WAIT);
	size_t free_before = stats().free_bytes;

	fill_bytes(p, 600);
	kt_assert_ptr_eq(k_heap_realloc(&heap, p, 40, K_NO_WAIT), p);
	check_bytes(p, 40);
	kt_assert_lt(k_heap_usable_size(&heap, p), 40 + 2 * ALIGN);
	kt_assert_gt(stats().free_bytes, free_before + 500);
	kt_assert_eq(k_heap_validate(&heap), 0);
	kt_assert_eq(k_heap_free(&heap, p), 0);
	assert_heap_whole();
}

KTEST(heap, realloc_of_null_allocates_and_to_zero_frees)
{
	void *p = k_heap_realloc(&heap, NULL, 50, K_NO_WAIT);

	kt_assert_not_null(p);
	kt_assert_ge(stats().allocated_bytes, 50);
	kt_assert_null(k_heap_realloc(&heap, p, 0, K_NO_WAIT));
	assert_heap_whole();
}

KTEST(heap, failed_realloc_keeps_the_old_block)
{
	void *p = k_heap_alloc(&heap, 32, K_NO_WAIT);
	size_t usable = k_heap_usable_size(&heap, p);

	fill_bytes(p, 32);
	kt_assert_null(k_heap_realloc(&heap, p, HEAP_SIZE, K_NO_WAIT));
	kt_assert_eq(k_heap_usable_size(&heap, p), usable);
	check_bytes(p, 32);
	kt_assert_eq(k_heap_free(&heap, p), 0);
	assert_heap_whole();
}

KTEST(heap, realloc_of_a_bad_pointer_returns_null_and_changes_nothing)
{
	void *p = k_heap_alloc(&heap, 32, K_NO_WAIT);
	struct k_heap_stats st = stats();

	kt_assert_null(k_heap_realloc(&heap, (char *)p + ALIGN, 64, K_NO_WAIT));
	kt_assert_eq(stats().allocated_bytes, st.allocated_bytes);
	kt_assert_eq(stats().free_bytes, st.free_bytes);
	kt_assert_eq(k_heap_free(&heap, p), 0);
	assert_heap_whole();
}

/* ---- waiting ---- */

KTEST(heap, waiting_alloc_gets_memory_another_thread_frees)
{
	void *big = k_heap_alloc(&heap, initial_free, K_NO_WAIT);

	kt_assert_not_null(big);
	helper_start(0, entry_sleep_free, MS(20), big, NULL, PRIO_ABOVE(1), K_NO_WAIT);
	int64_t t0 = k_uptime_get();
	void *p = k_heap_alloc(&heap, 500, K_MSEC(200));
	int64_t dt = k_uptime_get() - t0;

	kt_assert_not_null(p);
	kt_assert_ge(dt, 20);
	kt_assert_lt(dt, 200);
	kt_assert_eq(k_heap_free(&heap, p), 0);
	helper_join(0);
	assert_heap_whole();
}

KTEST(heap, waiting_alloc_times_out_with_null)
{
	void *big = k_heap_alloc(&heap, initial_free, K_NO_WAIT);
	int64_t t0 = k_uptime_get();

	kt_assert_null(k_heap_alloc(&heap, 16, K_MSEC(50)));
	int64_t dt = k_uptime_get() - t0;

	kt_assert_ge(dt, 50);
	kt_assert_le(dt, 50 + 2 * TICK_MS);
	kt_assert_eq(k_heap_free(&heap, big), 0);
}

KTEST(heap, free_serves_the_waiter_that_fits_and_leaves_the_other_waiting)
{
	void *p[96];
	int n = fill(p, 64, 40);

	/* Use up the last bytes too: nothing fits until a release. */
	n += fill(p + n, ARRAY_SIZE(p) - n, 1);
	start_waiter(0, 'B', HEAP_SIZE / 2, -1, PRIO_ABOVE(2)); /* too big for now */
	start_waiter(1, 'S', 24, -1, PRIO_ABOVE(1));
	kt_assert_str_eq(log_get(), "");
	kt_assert_eq(k_heap_free(&heap, p[0]), 0);
	kt_assert_str_eq(log_get(), "S");
	kt_assert_ne(k_thread_state_get(&helper_threads[0]) & K_THREAD_PENDING, 0);
	free_all(p + 1, 3);
	kt_assert_str_eq(log_get(), "S");
	free_all(p + 4, n - 4);
	kt_assert_str_eq(log_get(), "SB");
	helper_join(0);
	helper_join(1);
	kt_assert_eq(k_heap_free(&heap, got[0]), 0);
	kt_assert_eq(k_heap_free(&heap, got[1]), 0);
	assert_heap_whole();
}

KTEST(heap, released_memory_goes_to_the_best_priority_waiter)
{
	void *big = k_heap_alloc(&heap, initial_free, K_NO_WAIT);

	/* Room for one of them only. */
	start_waiter(0, 'A', initial_free * 2 / 3, -1, PRIO_ABOVE(1));
	start_waiter(1, 'B', initial_free * 2 / 3, -1, PRIO_ABOVE(3));
	start_waiter(2, 'C', initial_free * 2 / 3, -1, PRIO_ABOVE(2));
	kt_assert_eq(k_heap_free(&heap, big), 0);
	kt_assert_str_eq(log_get(), "B");
	kt_assert_eq(k_heap_free(&heap, got[1]), 0);
	kt_assert_str_eq(log_get(), "BC");
	kt_assert_eq(k_heap_free(&heap, got[2]), 0);
	kt_assert_str_eq(log_get(), "BCA");
	kt_assert_eq(k_heap_free(&heap, got[0]), 0);
	for (int i = 0; i < 3; i++) {
		helper_join(i);
	}
	assert_heap_whole();
}

KTEST(heap, waiter_woken_in_vain_still_times_out_on_time)
{
	void *small = k_heap_alloc(&heap, 32, K_NO_WAIT);
	void *big = k_heap_alloc(&heap, initial_free - 128, K_NO_WAIT);

	kt_assert_not_null(big);
	int64_t t0 = k_uptime_get();

	start_waiter(0, 'A', HEAP_SIZE / 2, 100, PRIO_ABOVE(1));
	k_msleep(30);
	kt_assert_eq(k_heap_free(&heap, small), 0); /* wakes it; still no room */
	kt_assert_eq(done[0], 0);
	helper_join(0);
	kt_assert_null(got[0]);
	kt_assert_ge(done_ms[0] - t0, 100);
	kt_assert_le(done_ms[0] - t0, 100 + 2 * TICK_MS);
	kt_assert_eq(k_heap_free(&heap, big), 0);
}

/* ---- refused releases ---- */

KTEST(heap, free_of_a_pointer_outside_the_heap_returns_einval)
{
	int local;
	void *p = k_heap_alloc(&heap, 32, K_NO_WAIT);
	struct k_heap_stats st = stats();

	kt_assert_eq(k_heap_free(&heap, &local), -EINVAL);
	kt_assert_eq(k_heap_free(&heap, (void *)((uintptr_t)heap_buf - 64)), -EINVAL);
	kt_assert_eq(k_heap_free(&heap, heap_buf + HEAP_SIZE), -EINVAL);
	kt_assert_eq(k_heap_free(&heap, heap_buf), -EINVAL); /* the bookkeeping */
	kt_assert_eq(stats().allocated_bytes, st.allocated_bytes);
	kt_assert_eq(k_heap_validate(&heap), 0);
	kt_assert_eq(k_heap_free(&heap, p), 0);
}

KTEST(heap, free_of_a_pointer_into_a_block_returns_einval)
{
	char *p = k_heap_alloc(&heap, 200, K_NO_WAIT);

	memset(p, 0, 200); /* no stale header inside */
	kt_assert_eq(k_heap_free(&heap, p + 1), -EINVAL);
	kt_assert_eq(k_heap_free(&heap, p + ALIGN), -EINVAL);
	kt_assert_eq(k_heap_free(&heap, p + 4 * ALIGN), -EINVAL);
	kt_assert_eq(k_heap_validate(&heap), 0);
	kt_assert_eq(k_heap_free(&heap, p), 0);
	assert_heap_whole();
}

KTEST(heap, double_free_returns_einval_even_after_merging)
{
	void *a = k_heap_alloc(&heap, 32, K_NO_WAIT);
	void *b = k_heap_alloc(&heap, 32, K_NO_WAIT);
	void *c = k_heap_alloc(&heap, 32, K_NO_WAIT);

	kt_assert_eq(k_heap_free(&heap, b), 0);
	kt_assert_eq(k_heap_free(&heap, b), -EINVAL);  /* a free chunk */
	kt_assert_eq(k_heap_free(&heap, a), 0);        /* b merges into a */
	kt_assert_eq(k_heap_free(&heap, b), -EINVAL);  /* inside a free chunk */
	kt_assert_eq(k_heap_free(&heap, a), -EINVAL);
	kt_assert_eq(k_heap_validate(&heap), 0);
	kt_assert_eq(k_heap_free(&heap, c), 0);
	assert_heap_whole();
}

KTEST(heap, free_of_null_does_nothing_and_a_null_heap_returns_einval)
{
	void *p = k_heap_alloc(&heap, 32, K_NO_WAIT);

	kt_assert_eq(k_heap_free(&heap, NULL), 0);
	kt_assert_eq(k_heap_free(NULL, p), -EINVAL);
	kt_assert_eq(k_heap_usable_size(NULL, p), 0);
	kt_assert_eq(k_heap_free(&heap, p), 0);
	assert_heap_whole();
}

KTEST(heap, free_of_another_heaps_block_returns_einval)
{
	void *p = k_heap_alloc(&static_heap, 32, K_NO_WAIT);

	kt_assert_not_null(p);
	kt_assert_eq(k_heap_free(&heap, p), -EINVAL);
	kt_assert_eq(k_heap_usable_size(&heap, p), 0);
	kt_assert_eq(k_heap_free(&static_heap, p), 0);
}

KTEST(heap, validate_finds_a_write_past_the_end_of_a_block)
{
	char *p = k_heap_alloc(&heap, 24, K_NO_WAIT);
	char *q = k_heap_alloc(&heap, 24, K_NO_WAIT);

	kt_assert_eq(k_heap_validate(&heap), 0);
	memset(p, 0x11, k_heap_usable_size(&heap, p) + ALIGN); /* over q's header */
	kt_assert_eq(k_heap_validate(&heap), -EIO);
	kt_assert_eq(k_heap_free(&heap, q), -EINVAL);
	/* (before() sets the heap up again for the next case) */
}

/* ---- interrupt context ---- */

static void isr_alloc(const void *arg)
{
	isr_mem = k_heap_alloc(&heap, 64, *(const k_timeout_t *)arg);
}

static void isr_free(const void *arg)
{
	isr_ret = k_heap_free(&heap, (void *)arg);
	seen_in_isr = done[0]; /* the woken waiter must not run yet */
}

KTEST(heap, alloc_no_wait_and_free_work_from_an_isr)
{
	static const k_timeout_t timeout = K_NO_WAIT;

	ktest_run_in_isr(isr_alloc, &timeout);
	kt_assert_not_null(isr_mem);
	kt_assert_ge(stats().allocated_bytes, 64);
	ktest_run_in_isr(isr_free, isr_mem);
	kt_assert_eq(isr_ret, 0);
	assert_heap_whole();
}

KTEST(heap, alloc_with_timeout_from_an_isr_returns_null)
{
	static const k_timeout_t timeout = K_TICKS(10);

	ktest_run_in_isr(isr_alloc, &timeout);
	kt_assert_null(isr_mem);
	kt_assert_eq(stats().allocated_bytes, 0);
}

KTEST(heap, free_from_an_isr_wakes_a_waiter_when_the_isr_ends)
{
	void *big = k_heap_alloc(&heap, initial_free, K_NO_WAIT);

	start_waiter(0, 'A', 100, -1, PRIO_ABOVE(1));
	ktest_run_in_isr(isr_free, big);
	kt_assert_eq(isr_ret, 0);
	kt_assert_eq(seen_in_isr, 0);
	kt_assert_eq(done[0], 1);
	kt_assert_not_null(got[0]);
	helper_join(0);
	kt_assert_eq(k_heap_free(&heap, got[0]), 0);
}

/* ---- random use ---- */

#define SLOTS 24

static uint32_t rand_state;

static uint32_t rand_next(void)
{
	rand_state = rand_state * 1664525u + 1013904223u;
	return rand_state >> 8;
}

struct slot {
	unsigned char *p;
	size_t size;
	unsigned char tag;
};

static void check_slot(const struct slot *s)
{
	for (size_t i = 0; i < s->size; i++) {
		if (s->p[i] != (unsigned char)(s->tag + i)) {
			kt_fail("block %p (%u bytes) byte %u overwritten", (void *)s->p,
				(unsigned int)s->size, (unsigned int)i);
		}
	}
}

/* Fill a random slot with a block of random size (sometimes aligned). */
static void random_alloc(struct slot *s)
{
	size_t size = 1 + rand_next() % 160;
	size_t align = (rand_next() % 4 == 0) ? (size_t)8 << (rand_next() % 5) : 1;

	s->p = k_heap_aligned_alloc(&heap, align, size, K_NO_WAIT);
	if (s->p == NULL) {
		return; /* full for now */
	}
	kt_assert_eq((uintptr_t)s->p % align, 0);
	kt_assert(in_heap(s->p, size), "block outside the heap");
	s->size = size;
	s->tag = (unsigned char)rand_next();
	for (size_t i = 0; i < size; i++) {
		s->p[i] = (unsigned char)(s->tag + i);
	}
}

KTEST(heap, random_alloc_realloc_and_free_never_overlap_blocks)
{
	struct slot slots[SLOTS] = { 0 };
	int failures = 0;

	rand_state = 20240501;
	for (int step = 0; step < 3000; step++) {
		struct slot *s = &slots[rand_next() % SLOTS];

		if (s->p == NULL) {
			random_alloc(s);
			failures += s->p == NULL;
		} else if (rand_next() % 8 == 0) {
			size_t size = 1 + rand_next() % 200;
			unsigned char *q = k_heap_realloc(&heap, s->p, size, K_NO_WAIT);

			check_slot(&(struct slot){ q != NULL ? q : s->p, MIN(s->size, size), s->tag });
			if (q != NULL) {
				s->p = q;
				for (size_t i = 0; i < size; i++) {
					q[i] = (unsigned char)(s->tag + i);
				}
				s->size = size;
			}
		} else {
			check_slot(s);
			kt_assert_eq(k_heap_free(&heap, s->p), 0);
			s->p = NULL;
		}
		if (step % 100 == 0) {
			kt_assert_eq(k_heap_validate(&heap), 0);
		}
	}
	kt_assert_gt(failures, 0); /* the heap did fill up at times */
	for (int i = 0; i < SLOTS; i++) {
		if (slots[i].p != NULL) {
			check_slot(&slots[i]);
			kt_assert_eq(k_heap_free(&heap, slots[i].p), 0);
		}
	}
	assert_heap_whole();
	kt_assert_le(stats().max_allocated_bytes, HEAP_SIZE);
}

/* ---- the kernel heap ---- */

static size_t kernel_allocated(void)
{
	struct k_heap_stats st = { 0 };

	kt_assert_eq(k_malloc_stats_get(&st), 0);
	return st.allocated_bytes;
}

KTEST(heap, k_malloc_and_k_free_use_the_kernel_heap)
{
	size_t before = kernel_allocated();
	void *p = k_malloc(100);

	kt_assert_not_null(p);
	kt_assert_eq((uintptr_t)p % ALIGN, 0);
	kt_assert_ge(kernel_allocated(), before + 100);
	k_free(p);
	kt_assert_eq(kernel_allocated(), before);
	k_free(NULL);
	kt_assert_null(k_malloc(0));
	kt_assert_null(k_malloc(CONFIG_KERNEL_HEAP_SIZE + 1));
	kt_assert_eq(k_malloc_stats_get(NULL), -EINVAL);
}

KTEST(heap, k_calloc_zeroes_and_checks_for_overflow)
{
	unsigned char *p = k_calloc(16, 8);

	kt_assert_not_null(p);
	for (int i = 0; i < 128; i++) {
		kt_assert_eq(p[i], 0);
	}
	k_free(p);
	kt_assert_null(k_calloc(SIZE_MAX / 4, 8));
}

KTEST(heap, k_realloc_and_k_aligned_alloc_work_on_the_kernel_heap)
{
	void *p = k_malloc(16);

	fill_bytes(p, 16);
	p = k_realloc(p, 1000);
	kt_assert_not_null(p);
	check_bytes(p, 16);
	k_free(p);
	p = k_aligned_alloc(128, 10);
	kt_assert_not_null(p);
	kt_assert_eq((uintptr_t)p % 128, 0);
	k_free(p);
	kt_assert_null(k_aligned_alloc(48, 10));
}

KTEST(heap, k_free_of_a_bad_pointer_leaves_the_kernel_heap_intact)
{
	int local;
	void *p = k_malloc(40);
	size_t before = kernel_allocated();

	k_free(&local);
	k_free((char *)p + ALIGN);
	kt_assert_eq(kernel_allocated(), before);
	k_free(p);
}

/* Called through pointers so that the compiler cannot fold them away. */
static void *(*volatile malloc_fn)(size_t) = malloc;
static void *(*volatile calloc_fn)(size_t, size_t) = calloc;
static void *(*volatile realloc_fn)(void *, size_t) = realloc;
static void *(*volatile aligned_alloc_fn)(size_t, size_t) = aligned_alloc;
static int (*volatile posix_memalign_fn)(void **, size_t, size_t) = posix_memalign;
static void (*volatile free_fn)(void *) = free;

KTEST(heap, libc_malloc_uses_the_kernel_heap_on_the_qemu_boards)
{
	if (!IS_ENABLED(CONFIG_LIBC_MALLOC_KERNEL_HEAP)) {
		kt_skip(); /* native_sim: malloc() is the host's */
	}
	size_t before = kernel_allocated();
	char *p = malloc_fn(200);
	void *q = NULL;

	kt_assert_not_null(p);
	kt_assert_ge(kernel_allocated(), before + 200);
	p = realloc_fn(p, 20);
	kt_assert_lt(kernel_allocated(), before + 200);
	free_fn(p);
	kt_assert_eq(kernel_allocated(), before);
	p = calloc_fn(4, 4);
	kt_assert_eq(p[0] | p[15], 0);
	free_fn(p);
	p = aligned_alloc_fn(64, 64);
	kt_assert_eq((uintptr_t)p % 64, 0);
	free_fn(p);
	kt_assert_eq(posix_memalign_fn(&q, 32, 10), 0);
	kt_assert_eq((uintptr_t)q % 32, 0);
	free_fn(q);
	kt_assert_eq(posix_memalign_fn(&q, 24, 10), EINVAL);
	p = malloc_fn(0);
	kt_assert_not_null(p);
	free_fn(p);
	kt_assert_null(malloc_fn(CONFIG_KERNEL_HEAP_SIZE * 2));
	kt_assert_null(aligned_alloc_fn(48, 16));
	kt_assert_eq(kernel_allocated(), before);
}

/* The bit helpers the heap's size classes and the ready queue use (RV32
 * has its own versions of both: no bit-count instructions there). */
KTEST(heap, size_class_bit_helpers_are_exact_around_every_power_of_two)
{
	kt_assert_eq(z_log2_floor32(0), 0u);
	kt_assert_eq(z_log2_floor32(UINT32_MAX), 31u);
	for (unsigned int b = 0; b < 32; b++) {
		uint32_t p = (uint32_t)1 << b;

		kt_assert_eq(z_log2_floor32(p), b);
		kt_assert_eq(z_log2_floor32(p + 1), b == 0 ? 1u : b);
		kt_assert_eq(z_log2_floor32(p | (p - 1)), b);
		if (b > 1) {
			kt_assert_eq(z_log2_floor32(p - 1), b - 1);
		}
		kt_assert_eq(z_ctz32(p), b);
		kt_assert_eq(z_ctz32(p | ~(p - 1) | 0x80000000u), b);
	}
}
