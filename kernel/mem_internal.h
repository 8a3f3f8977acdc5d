/*
 * Private to the memory services of kernel/ (mem_slab.c, heap.c,
 * sys_heap.c, kmalloc.c, libc_malloc.c).
 */
#ifndef KESTREL_KERNEL_MEM_INTERNAL_H
#define KESTREL_KERNEL_MEM_INTERNAL_H

#include <kestrel/kernel.h>

/*
 * The allocator behind k_heap (sys_heap.c): no locking, no waiting; the
 * caller serialises. Its bookkeeping (struct z_heap) lives at the start
 * of the buffer it manages.
 */

/**
 * Set up a heap over @p mem: *@p heap is the bookkeeping (inside @p mem).
 * @retval 0 ready, everything free
 * @retval -EINVAL the buffer is too small for the bookkeeping and one block
 */
int z_heap_init(struct z_heap **heap, void *mem, size_t bytes);

/** A block of @p bytes aligned to @p align (a power of two), or NULL. */
void *z_heap_alloc(struct z_heap *h, size_t align, size_t bytes);

/**
 * Release @p mem.
 * @retval 0 released
 * @retval -EINVAL not an allocated block of @p h (nothing changed)
 */
int z_heap_free(struct z_heap *h, void *mem);

/**
 * Resize @p mem in place to hold @p bytes.
 * @retval 0 done (the block may have shrunk: memory may have been freed)
 * @retval -ENOMEM the block cannot grow where it is (nothing changed)
 * @retval -EINVAL not an allocated block of @p h (nothing changed)
 */
int z_heap_resize(struct z_heap *h, void *mem, size_t bytes);

/** Usable bytes of block @p mem; 0 if it is not an allocated block. */
size_t z_heap_usable_size(struct z_heap *h, const void *mem);

void z_heap_stats(struct z_heap *h, struct k_heap_stats *stats);

/** 0 if every chunk, free list and counter agrees; -EIO (printed) if not. */
int z_heap_validate(struct z_heap *h);

/*
 * Report a release of memory that is not an allocated block of @p obj:
 * printed, and a fatal assertion with CONFIG_MEM_BAD_FREE_ASSERT.
 */
void z_mem_bad_free(const char *func, const void *obj, const void *mem);

/* kmalloc.c: the kernel heap, or NULL when CONFIG_KERNEL_HEAP_SIZE is 0. */
struct k_heap *z_kernel_heap(void);

#endif
