/*
 * Kernel API: memory (included by kestrel/kernel.h; do not include
 * directly).
 *
 * - Memory slabs (k_mem_slab): fixed-size blocks from a buffer the
 *   application provides; allocation and release in constant time.
 * - Heaps (k_heap): blocks of any size and alignment from a buffer the
 *   application provides; allocation waits (with a timeout) while the heap
 *   cannot serve the request.
 * - The kernel heap (k_malloc, k_free, ...): one k_heap of
 *   CONFIG_KERNEL_HEAP_SIZE bytes for libraries that need a malloc. On the
 *   QEMU boards the C library's malloc() family uses it too
 *   (CONFIG_LIBC_MALLOC_KERNEL_HEAP); on native_sim malloc() stays the
 *   host's.
 *
 * The kernel itself never allocates: no kernel object needs a heap.
 *
 * Releasing memory that is not an allocated block of the object (a
 * foreign pointer, a pointer into the middle of a block, a block released
 * twice) is detected, printed with printk and refused with -EINVAL; it
 * never corrupts the object. With CONFIG_MEM_BAD_FREE_ASSERT (default when
 * CONFIG_ASSERT is on) it is also a fatal K_ERR_ASSERT error, to stop a
 * buggy program at the first bad release.
 */
#ifndef KESTREL_KERNEL_MEM_H
#define KESTREL_KERNEL_MEM_H

#ifdef __cplusplus
extern "C" {
#endif

/* Z_MEM_CHECK(cond, msg): 0, or a build error with @p msg if !cond. */
#define Z_MEM_CHECK(cond, msg) (0 * sizeof(struct { _Static_assert(cond, msg); int z; }))

/*
 * Z_MEM_BUFFER(size, align): a char * to a zeroed static buffer of @p size
 * bytes aligned to @p align, usable in a static initialiser (a file-scope
 * compound literal, so `static K_HEAP_DEFINE(...)` works).
 */
#define Z_MEM_BUFFER(size, align)                                            \
	((struct { char b[size]; } __attribute__((aligned(align)))){ { 0 } }.b)

#define Z_MEM_IS_POW2(x) ((x) != 0 && ((x) & ((x) - 1)) == 0)

/* ------------------------------------------------------------------------
 * Memory slabs
 *
 * num_blocks blocks of block_size bytes each in one buffer. A free block
 * holds the link of the free list in its first word (and a marker that
 * detects double frees in its second word, when it has one), so a slab
 * needs no memory besides its buffer and this struct. Blocks never
 * handed out are taken from the end of the buffer in order, so a slab
 * needs no initialisation pass (K_MEM_SLAB_DEFINE is ready at boot).
 */

struct k_mem_slab {
	_wait_q_t wait_q;     /**< threads waiting for a block */
	char *buffer;         /**< block_size * num_blocks bytes */
	size_t block_size;    /**< bytes per block (a multiple of a pointer) */
	uint32_t num_blocks;
	uint32_t next_fresh;  /**< blocks [next_fresh, num_blocks) never used */
	uint32_t num_used;    /**< blocks allocated now */
	uint32_t max_used;    /**< most blocks ever allocated at once */
	void *free_list;      /**< released blocks, linked through word 0 */
};

#define Z_MEM_SLAB_INITIALIZER(obj, buf, bsize, nblocks)                     \
	{ .wait_q = Z_WAIT_Q_INIT(&(obj).wait_q), .buffer = (buf),           \
	  .block_size = (bsize), .num_blocks = (nblocks), .next_fresh = 0,   \
	  .num_used = 0, .max_used = 0, .free_list = NULL }

/**
 * Define a memory slab @p name with its own buffer of @p num_blocks
 * blocks of @p block_size bytes, the buffer aligned to @p align (a power
 * of two). @p block_size must be a non-zero multiple of sizeof(void *) and
 * of @p align (so every block is aligned); all of it is checked at build
 * time. `static K_MEM_SLAB_DEFINE(...)` gives a file-local slab.
 */
#define K_MEM_SLAB_DEFINE(name, block_size, num_blocks, align)               \
	struct k_mem_slab name = Z_MEM_SLAB_INITIALIZER(name,                \
		Z_MEM_BUFFER((block_size) * (num_blocks),                    \
			     MAX((align), sizeof(void *))),                  \
		(block_size) +                                               \
		Z_MEM_CHECK(Z_MEM_IS_POW2(align),                            \
			    "K_MEM_SLAB_DEFINE: align must be a power of two") + \
		Z_MEM_CHECK((block_size) >= sizeof(void *) &&                \
			    (block_size) % sizeof(void *) == 0,              \
			    "K_MEM_SLAB_DEFINE: block_size must be a non-zero "  \
			    "multiple of sizeof(void *)") +                  \
		Z_MEM_CHECK((block_size) % (align) == 0,                     \
			    "K_MEM_SLAB_DEFINE: block_size must be a multiple of align"), \
		(num_blocks) + Z_MEM_CHECK((num_blocks) > 0 &&               \
			(unsigned long long)(num_blocks) <= UINT32_MAX,       \
			"K_MEM_SLAB_DEFINE: num_blocks must be 1 .. UINT32_MAX"))

/**
 * Initialise a memory slab over @p buffer (block_size * num_blocks bytes;
 * it must outlive the slab). All blocks are free afterwards.
 * @param block_size bytes per block: a non-zero multiple of sizeof(void *)
 * @param num_blocks at least 1
 * @retval 0 initialised
 * @retval -EINVAL NULL slab or buffer, @p buffer not aligned to
 *         sizeof(void *), a bad @p block_size, @p num_blocks 0, or the
 *         buffer size overflows a size_t
 * ISR: ok (not on a slab in use).
 */
int k_mem_slab_init(struct k_mem_slab *slab, void *buffer, size_t block_size,
		    uint32_t num_blocks);

/**
 * Allocate a block, waiting up to @p timeout while none is free. Waiters
 * are served best priority first, then in the order they came: a released
 * block goes straight to the best waiter.
 * @param mem set to the block (aligned as the buffer and block_size allow;
 *        its contents are undefined), or to NULL on failure
 * @retval 0 allocated
 * @retval -ENOMEM K_NO_WAIT and no block is free
 * @retval -EAGAIN the timeout expired first
 * @retval -EINVAL NULL slab or @p mem, a negative timeout, or a waiting
 *         call from an ISR
 * ISR: ok with K_NO_WAIT.
 */
int k_mem_slab_alloc(struct k_mem_slab *slab, void **mem, k_timeout_t timeout);

/**
 * Release a block allocated from @p slab (to the best waiter if a thread
 * waits). May preempt the caller.
 * @retval 0 released
 * @retval -EINVAL NULL slab or @p mem, or @p mem is not an allocated block
 *         of this slab (another slab's or a heap's memory, a pointer into
 *         the middle of a block, a block that is already free); the slab
 *         is left unchanged and the error printed (see the top of this
 *         header)
 * ISR: ok.
 */
int k_mem_slab_free(struct k_mem_slab *slab, void *mem);

/** Blocks allocated now (0 for NULL). ISR: ok. */
uint32_t k_mem_slab_num_used_get(const struct k_mem_slab *slab);

/** Blocks free now (0 for NULL). ISR: ok. */
uint32_t k_mem_slab_num_free_get(const struct k_mem_slab *slab);

/** Most blocks allocated at the same time since init (0 for NULL). ISR: ok. */
uint32_t k_mem_slab_max_used_get(const struct k_mem_slab *slab);

/* ------------------------------------------------------------------------
 * Heaps
 *
 * A heap manages one buffer: each block carries a header of
 * K_HEAP_ALIGN bytes, and the heap keeps its bookkeeping (about 8 words
 * plus one word per power of two up to the buffer size) at the start of
 * the buffer. Every block is aligned to K_HEAP_ALIGN (enough for any C
 * object: the alignment of max_align_t at least), larger alignments on
 * request. Allocation and release take a bounded time independent of the
 * number of blocks (see kernel/sys_heap.c for the algorithm and its
 * worst case); the price is that a request may fail while a free chunk
 * less than twice its size could still hold it.
 *
 * A thread waiting for memory is woken by every release; it then tries
 * again (best priority first) and waits again with the rest of its
 * timeout if the request still does not fit. There is no hand-off: a
 * thread that allocates between the release and the waiter's retry may
 * take the memory first.
 */

struct z_heap;

/** Alignment of every heap block and of a heap's buffer. */
#define K_HEAP_ALIGN MAX(2 * sizeof(size_t), __alignof__(max_align_t))

/** Smallest buffer a heap accepts (bookkeeping plus one small block). */
#define K_HEAP_MIN_SIZE (32 * sizeof(void *))

struct k_heap {
	_wait_q_t wait_q;     /**< threads waiting for memory */
	struct z_heap *heap;  /**< bookkeeping in @p mem; NULL before first use */
	void *mem;            /**< the buffer */
	size_t size;          /**< its size in bytes */
};

#define Z_HEAP_INITIALIZER(obj, buf, bytes)                                  \
	{ .wait_q = Z_WAIT_Q_INIT(&(obj).wait_q), .heap = NULL,              \
	  .mem = (buf), .size = (bytes) }

/**
 * Define a heap @p name with its own buffer of @p bytes bytes (the
 * bookkeeping comes out of them; at least K_HEAP_MIN_SIZE, checked at
 * build time). It is set up on first use. `static K_HEAP_DEFINE(...)`
 * gives a file-local heap.
 */
#define K_HEAP_DEFINE(name, bytes)                                           \
	struct k_heap name = Z_HEAP_INITIALIZER(name,                        \
		Z_MEM_BUFFER(bytes, K_HEAP_ALIGN),                           \
		(size_t)(bytes) + Z_MEM_CHECK((bytes) >= K_HEAP_MIN_SIZE,    \
			"K_HEAP_DEFINE: bytes must be at least K_HEAP_MIN_SIZE"))

/**
 * Initialise a heap over @p mem (@p bytes bytes, any alignment: the
 * unaligned ends are not used; it must outlive the heap). Everything is
 * free afterwards.
 * @retval 0 initialised
 * @retval -EINVAL NULL heap or mem, or @p bytes below K_HEAP_MIN_SIZE
 * ISR: ok (not on a heap in use).
 */
int k_heap_init(struct k_heap *h, void *mem, size_t bytes);

/**
 * Allocate @p bytes bytes aligned to K_HEAP_ALIGN, waiting up to
 * @p timeout for memory to be released (see above).
 * @return the block (its contents undefined), or NULL: @p bytes is 0 or
 *         larger than the heap, NULL heap, a negative timeout, a waiting
 *         call from an ISR, or no room (at once with K_NO_WAIT, else when
 *         the timeout expired)
 * ISR: ok with K_NO_WAIT.
 */
void *k_heap_alloc(struct k_heap *h, size_t bytes, k_timeout_t timeout);

/**
 * As k_heap_alloc(), with the block aligned to @p align.
 * @param align a power of two (values below K_HEAP_ALIGN give
 *        K_HEAP_ALIGN); anything else returns NULL
 * ISR: ok with K_NO_WAIT.
 */
void *k_heap_aligned_alloc(struct k_heap *h, size_t align, size_t bytes,
			   k_timeout_t timeout);

/**
 * As k_heap_alloc() for an array of @p num elements of @p size bytes,
 * zeroed. NULL also when num * size overflows a size_t.
 * ISR: ok with K_NO_WAIT.
 */
void *k_heap_calloc(struct k_heap *h, size_t num, size_t size,
		    k_timeout_t timeout);

/**
 * Resize a block, keeping its contents up to the smaller size: in place
 * when the block can shrink or grow into free memory after it, else by
 * allocating a new block (aligned to K_HEAP_ALIGN, waiting up to
 * @p timeout), copying and releasing the old one.
 * @p ptr NULL allocates; @p bytes 0 releases @p ptr and returns NULL.
 * @return the block, or NULL (then @p ptr is left as it was): no room, a
 *         bad argument as for k_heap_alloc(), or @p ptr is not an
 *         allocated block of @p h (reported as for k_heap_free())
 * ISR: ok with K_NO_WAIT.
 */
void *k_heap_realloc(struct k_heap *h, void *ptr, size_t bytes,
		     k_timeout_t timeout);

/**
 * Release a block; wakes the threads waiting for memory. May preempt the
 * caller.
 * @retval 0 released (also for a NULL @p mem, which does nothing)
 * @retval -EINVAL NULL heap, or @p mem is not an allocated block of @p h
 *         (outside the heap, inside a block, already free); the heap is
 *         left unchanged and the error printed (see the top of this header)
 * ISR: ok.
 */
int k_heap_free(struct k_heap *h, void *mem);

/**
 * Bytes usable in block @p mem (at least what was asked for).
 * @return the size, or 0 for NULL arguments or a pointer that is not an
 *         allocated block of @p h
 * ISR: ok.
 */
size_t k_heap_usable_size(struct k_heap *h, const void *mem);

/** Heap figures (bytes a block's header takes are in neither count). */
struct k_heap_stats {
	size_t free_bytes;          /**< in free chunks, minus their headers */
	size_t allocated_bytes;     /**< usable bytes of the allocated blocks */
	size_t max_allocated_bytes; /**< highest allocated_bytes so far */
};

/**
 * @retval 0 @p stats filled in
 * @retval -EINVAL NULL argument, or a heap that was never set up
 * ISR: ok.
 */
int k_heap_stats_get(struct k_heap *h, struct k_heap_stats *stats);

/**
 * Check the heap's whole bookkeeping (every chunk, every free list, the
 * counters): a debugging aid that takes time proportional to the number
 * of blocks, with interrupts locked.
 * @retval 0 consistent
 * @retval -EIO the bookkeeping is corrupted (something wrote outside its
 *         block); the first inconsistency is printed
 * @retval -EINVAL NULL heap, or a heap that was never set up
 * ISR: ok.
 */
int k_heap_validate(struct k_heap *h);

/* ------------------------------------------------------------------------
 * The kernel heap: a k_heap of CONFIG_KERNEL_HEAP_SIZE bytes (0: none, the
 * default; a library that needs a malloc selects a size). Allocation
 * never waits. Without a kernel heap the allocating calls return NULL
 * (printing once how to enable it).
 */

/** Allocate @p size bytes aligned to K_HEAP_ALIGN; NULL for 0 or no room. ISR: ok. */
void *k_malloc(size_t size);

/** Allocate @p size bytes aligned to @p align (a power of two), or NULL. ISR: ok. */
void *k_aligned_alloc(size_t align, size_t size);

/** Allocate a zeroed array; NULL when @p nmemb * @p size overflows or no room. ISR: ok. */
void *k_calloc(size_t nmemb, size_t size);

/** k_heap_realloc() on the kernel heap with K_NO_WAIT. ISR: ok. */
void *k_realloc(void *ptr, size_t size);

/**
 * Release a block of the kernel heap; NULL does nothing. A pointer that
 * is not an allocated block is reported and ignored (see the top of this
 * header). ISR: ok.
 */
void k_free(void *ptr);

/**
 * Statistics of the kernel heap.
 * @retval 0 @p stats filled in
 * @retval -EINVAL NULL @p stats
 * @retval -ENOTSUP no kernel heap (CONFIG_KERNEL_HEAP_SIZE is 0)
 * ISR: ok.
 */
int k_malloc_stats_get(struct k_heap_stats *stats);

#ifdef __cplusplus
}
#endif

#endif
