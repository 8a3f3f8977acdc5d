/*
 * Memory slabs: fixed-size blocks, allocated and released in O(1).
 *
 * Released blocks form a singly linked free list through their first word.
 * Blocks never handed out are not on it: they are taken in order from the
 * end of the buffer (next_fresh), so a statically defined slab needs no
 * set-up pass. A release with a thread waiting hands the block straight to
 * the best waiter (through its swap_data), which therefore never races
 * for it.
 *
 * Bad releases are refused without touching the slab: a pointer outside
 * the buffer, off a block boundary, to a block never handed out, or to a
 * free block. The last one costs a scan of the free list, made only for
 * blocks that look free: a released block carries a marker in its second
 * word (cleared when it is allocated again), and a slab of one-word blocks
 * treats a block whose link points into the slab (or is NULL) as possibly
 * free. A plain double release is therefore always caught; only a block
 * whose owner happens to store the marker (or, with one-word blocks, a
 * pointer into the slab) pays for the scan.
 */
#include "kernel_internal.h"
#include "mem_internal.h"

/* The double-release marker of a free block: depends on slab and block. */
static inline uintptr_t free_marker(const struct k_mem_slab *slab, const void *block)
{
	return ((uintptr_t)block ^ (uintptr_t)slab) ^ (uintptr_t)0x5A1BF4EEu;
}

static inline bool has_marker(const struct k_mem_slab *slab)
{
	return slab->block_size >= 2 * sizeof(void *);
}

int k_mem_slab_init(struct k_mem_slab *slab, void *buffer, size_t block_size,
		    uint32_t num_blocks)
{
	if (slab == NULL || buffer == NULL || num_blocks == 0 ||
	    block_size < sizeof(void *) || block_size % sizeof(void *) != 0 ||
	    (uintptr_t)buffer % sizeof(void *) != 0 ||
	    block_size > SIZE_MAX / num_blocks) {
		return -EINVAL;
	}
	z_waitq_init(&slab->wait_q);
	slab->buffer = buffer;
	slab->block_size = block_size;
	slab->num_blocks = num_blocks;
	slab->next_fresh = 0;
	slab->num_used = 0;
	slab->max_used = 0;
	slab->free_list = NULL;
	return 0;
}

/* A free block, or NULL. Irqs locked. */
static void *take_block(struct k_mem_slab *slab)
{
	void **block = slab->free_list;

	if (block != NULL) {
		slab->free_list = block[0];
		if (has_marker(slab)) {
			block[1] = NULL;
		}
	} else if (slab->next_fresh < slab->num_blocks) {
		block = (void **)(slab->buffer + (size_t)slab->next_fresh * slab->block_size);
		slab->next_fresh++;
	} else {
		return NULL;
	}
	if (++slab->num_used > slab->max_used) {
		slab->max_used = slab->num_used;
	}
	return block;
}

int k_mem_slab_alloc(struct k_mem_slab *slab, void **mem, k_timeout_t timeout)
{
	if (mem != NULL) {
		*mem = NULL;
	}
	if (slab == NULL || mem == NULL || !z_timeout_valid(timeout) ||
	    (timeout.ticks != 0 && arch_is_in_isr())) {
		return -EINVAL;
	}
	unsigned int key = arch_irq_lock();
	void *block = take_block(slab);

	if (block != NULL) {
		arch_irq_unlock(key);
		*mem = block;
		return 0;
	}
	if (timeout.ticks == 0) {
		arch_irq_unlock(key);
		return -ENOMEM;
	}
	int ret = z_pend_curr(&slab->wait_q, key, timeout);

	if (ret == 0) {
		*mem = z_current()->swap_data; /* handed over by the releaser */
	}
	return ret;
}

/* True if @p mem is a block of @p slab handed out at least once. */
static bool is_used_block(const struct k_mem_slab *slab, const void *mem)
{
	uintptr_t off = (uintptr_t)mem - (uintptr_t)slab->buffer;

	/* Below the buffer, off wraps around to a huge value. */
	return off < (uintptr_t)slab->block_size * slab->next_fresh &&
	       off % slab->block_size == 0;
}

/* True if @p block is on the free list. Irqs locked. */
static bool is_free(const struct k_mem_slab *slab, void *const *block)
{
	bool maybe;

	if (has_marker(slab)) {
		maybe = (uintptr_t)block[1] == free_marker(slab, block);
	} else {
		maybe = block[0] == NULL || is_used_block(slab, block[0]);
	}
	if (!maybe) {
		return false;
	}
	for (void **b = slab->free_list; b != NULL; b = b[0]) {
		if (b == block) {
			return true;
		}
	}
	return false;
}

static bool releasable(const struct k_mem_slab *slab, void *mem)
{
	return slab->num_used > 0 && is_used_block(slab, mem) && !is_free(slab, mem);
}

int k_mem_slab_free(struct k_mem_slab *slab, void *mem)
{
	if (slab == NULL || mem == NULL) {
		return -EINVAL;
	}
	unsigned int key = arch_irq_lock();

	if (!releasable(slab, mem)) {
		arch_irq_unlock(key);
		z_mem_bad_free("k_mem_slab_free", slab, mem);
		return -EINVAL;
	}
	struct k_thread *t = z_waitq_head(&slab->wait_q);

	if (t != NULL) {
		z_wake(t, 0, mem); /* stays allocated, now the waiter's */
		z_reschedule(key);
		return 0;
	}
	void **block = mem;

	block[0] = slab->free_list;
	if (has_marker(slab)) {
		block[1] = (void *)free_marker(slab, block);
	}
	slab->free_list = block;
	slab->num_used--;
	arch_irq_unlock(key);
	return 0;
}

uint32_t k_mem_slab_num_used_get(const struct k_mem_slab *slab)
{
	return slab == NULL ? 0 : slab->num_used;
}

uint32_t k_mem_slab_num_free_get(const struct k_mem_slab *slab)
{
	return slab == NULL ? 0 : slab->num_blocks - slab->num_used;
}

uint32_t k_mem_slab_max_used_get(const struct k_mem_slab *slab)
{
	return slab == NULL ? 0 : slab->max_used;
}
