/*
 * k_heap: the allocator of sys_heap.c under the interrupt lock, with
 * waiting allocation.
 *
 * A thread that finds no room pends on the heap's wait queue. Every
 * release (and every shrinking realloc) wakes all waiters: each retries in
 * priority order and pends again, with the rest of its timeout, if its
 * request still does not fit. The allocator does not know what each waiter
 * asked for, so it cannot pick the ones that fit; waking them all costs a
 * retry per waiter and release, and keeps the wait queue free of stale
 * entries when a waiting thread is aborted.
 */
#include <string.h>

#include "kernel_internal.h"
#include "mem_internal.h"

/* The bookkeeping, set up on first use for K_HEAP_DEFINE heaps. Irqs locked. */
static struct z_heap *heap_get(struct k_heap *h)
{
	if (h->heap == NULL && h->mem != NULL) {
		(void)z_heap_init(&h->heap, h->mem, h->size);
	}
	return h->heap;
}

int k_heap_init(struct k_heap *h, void *mem, size_t bytes)
{
	if (h == NULL || mem == NULL || bytes < K_HEAP_MIN_SIZE) {
		return -EINVAL;
	}
	struct z_heap *zh;
	int ret = z_heap_init(&zh, mem, bytes);

	if (ret != 0) {
		return ret;
	}
	z_waitq_init(&h->wait_q);
	h->heap = zh;
	h->mem = mem;
	h->size = bytes;
	return 0;
}

static bool alloc_args_ok(struct k_heap *h, size_t align, size_t bytes,
			  k_timeout_t timeout)
{
	return h != NULL && Z_MEM_IS_POW2(align) && bytes != 0 &&
	       bytes <= h->size && z_timeout_valid(timeout) &&
	       (timeout.ticks == 0 || !arch_is_in_isr());
}

void *k_heap_aligned_alloc(struct k_heap *h, size_t align, size_t bytes,
			   k_timeout_t timeout)
{
	if (!alloc_args_ok(h, align, bytes, timeout)) {
		return NULL;
	}
	bool forever = timeout.ticks == K_TICKS_FOREVER;
	/* Reading the clock costs a 64-bit division on some boards: only
	 * when a finite wait may be needed. */
	k_ticks_t end = forever || timeout.ticks == 0 ? 0 : k_uptime_ticks() + timeout.ticks;
	unsigned int key = arch_irq_lock();
	void *mem = NULL;

	for (;;) {
		struct z_heap *zh = heap_get(h);

		if (zh == NULL) {
			break;
		}
		mem = z_heap_alloc(zh, align, bytes);
		if (mem != NULL || timeout.ticks == 0) {
			break;
		}
		k_ticks_t left = forever ? K_TICKS_FOREVER : end - k_uptime_ticks();

		if (left <= 0 && !forever) {
			break;
		}
		(void)z_pend_curr(&h->wait_q, key, K_TICKS(left));
		key = arch_irq_lock();
	}
	arch_irq_unlock(key);
	return mem;
}

void *k_heap_alloc(struct k_heap *h, size_t bytes, k_timeout_t timeout)
{
	return k_heap_aligned_alloc(h, K_HEAP_ALIGN, bytes, timeout);
}

void *k_heap_calloc(struct k_heap *h, size_t num, size_t size,
		    k_timeout_t timeout)
{
	if (size != 0 && num > SIZE_MAX / size) {
		return NULL;
	}
	void *mem = k_heap_alloc(h, num * size, timeout);

	if (mem != NULL) {
		memset(mem, 0, num * size);
	}
	return mem;
}

/* Memory became free: let the waiters retry. Irqs locked; unlocks. */
static void wake_waiters(struct k_heap *h, unsigned int key)
{
	if (z_waitq_head(&h->wait_q) == NULL) {
		arch_irq_unlock(key);
		return;
	}
	(void)z_wake_all(&h->wait_q, 0);
	z_reschedule(key);
}

int k_heap_free(struct k_heap *h, void *mem)
{
	if (h == NULL) {
		return -EINVAL;
	}
	if (mem == NULL) {
		return 0;
	}
	unsigned int key = arch_irq_lock();
	int ret = h->heap == NULL ? -EINVAL : z_heap_free(h->heap, mem);

	if (ret != 0) {
		arch_irq_unlock(key);
		z_mem_bad_free("k_heap_free", h, mem);
		return ret;
	}
	wake_waiters(h, key);
	return 0;
}

/* Move @p ptr to a new block of @p bytes; NULL (ptr kept) if no room. */
static void *realloc_move(struct k_heap *h, void *ptr, size_t old_size,
			  size_t bytes, k_timeout_t timeout)
{
	void *mem = k_heap_alloc(h, bytes, timeout);

	if (mem != NULL) {
		memcpy(mem, ptr, MIN(old_size, bytes));
		(void)k_heap_free(h, ptr);
	}
	return mem;
}

void *k_heap_realloc(struct k_heap *h, void *ptr, size_t bytes,
		     k_timeout_t timeout)
{
	if (ptr == NULL) {
		return k_heap_alloc(h, bytes, timeout);
	}
	if (h == NULL || !z_timeout_valid(timeout)) {
		return NULL;
	}
	if (bytes == 0) {
		(void)k_heap_free(h, ptr);
		return NULL;
	}
	unsigned int key = arch_irq_lock();
	int ret = h->heap == NULL ? -EINVAL : z_heap_resize(h->heap, ptr, bytes);

	if (ret == 0) {
		wake_waiters(h, key); /* a shrink may have freed memory */
		return ptr;
	}
	size_t old_size = ret == -EINVAL ? 0 : z_heap_usable_size(h->heap, ptr);

	arch_irq_unlock(key);
	if (ret == -EINVAL) {
		z_mem_bad_free("k_heap_realloc", h, ptr);
		return NULL;
	}
	return realloc_move(h, ptr, old_size, bytes, timeout);
}

size_t k_heap_usable_size(struct k_heap *h, const void *mem)
{
	if (h == NULL || mem == NULL) {
		return 0;
	}
	unsigned int key = arch_irq_lock();
	size_t size = h->heap == NULL ? 0 : z_heap_usable_size(h->heap, mem);

	arch_irq_unlock(key);
	return size;
}

int k_heap_stats_get(struct k_heap *h, struct k_heap_stats *stats)
{
	if (h == NULL || stats == NULL) {
		return -EINVAL;
	}
	unsigned int key = arch_irq_lock();
	struct z_heap *zh = heap_get(h);

	if (zh != NULL) {
		z_heap_stats(zh, stats);
	}
	arch_irq_unlock(key);
	return zh == NULL ? -EINVAL : 0;
}

int k_heap_validate(struct k_heap *h)
{
	if (h == NULL) {
		return -EINVAL;
	}
	unsigned int key = arch_irq_lock();
	struct z_heap *zh = heap_get(h);
	int ret = zh == NULL ? -EINVAL : z_heap_validate(zh);

	arch_irq_unlock(key);
	return ret;
}

void z_mem_bad_free(const char *func, const void *obj, const void *mem)
{
	printk("%s: %p is not an allocated block of %p (freed twice, or never "
	       "allocated there)\n", func, mem, obj);
	if (IS_ENABLED(CONFIG_MEM_BAD_FREE_ASSERT)) {
		z_fatal_error(K_ERR_ASSERT, __FILE__, __LINE__);
	}
}
