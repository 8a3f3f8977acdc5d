/*
 * The kernel heap: k_malloc() and friends on one k_heap of
 * CONFIG_KERNEL_HEAP_SIZE bytes, for libraries that need a malloc. No
 * kernel object uses it. With a size of 0 there is no heap: allocation
 * returns NULL and says once how to get one.
 */
#include <string.h>

#include "kernel_internal.h"
#include "mem_internal.h"

#if CONFIG_KERNEL_HEAP_SIZE > 0
_Static_assert(CONFIG_KERNEL_HEAP_SIZE >= K_HEAP_MIN_SIZE,
	       "CONFIG_KERNEL_HEAP_SIZE is below K_HEAP_MIN_SIZE: raise it, or set 0 for no heap");
static K_HEAP_DEFINE(kernel_heap, CONFIG_KERNEL_HEAP_SIZE);
static struct k_heap *const heap = &kernel_heap;
#else
static struct k_heap *const heap = NULL;
#endif

struct k_heap *z_kernel_heap(void)
{
	return heap;
}

/* The kernel heap for an allocation, or NULL (reported once). */
static struct k_heap *alloc_heap(void)
{
	static bool reported;

	if (heap == NULL && !reported) {
		reported = true;
		printk("k_malloc: no kernel heap: set CONFIG_KERNEL_HEAP_SIZE "
		       "(bytes) in prj.conf\n");
	}
	return heap;
}

void *k_malloc(size_t size)
{
	return k_heap_alloc(alloc_heap(), size, K_NO_WAIT);
}

void *k_aligned_alloc(size_t align, size_t size)
{
	return k_heap_aligned_alloc(alloc_heap(), align, size, K_NO_WAIT);
}

void *k_calloc(size_t nmemb, size_t size)
{
	return k_heap_calloc(alloc_heap(), nmemb, size, K_NO_WAIT);
}

void *k_realloc(void *ptr, size_t size)
{
	return k_heap_realloc(alloc_heap(), ptr, size, K_NO_WAIT);
}

void k_free(void *ptr)
{
	if (ptr == NULL) {
		return;
	}
	if (heap == NULL) {
		z_mem_bad_free("k_free", heap, ptr);
		return;
	}
	(void)k_heap_free(heap, ptr); /* a bad pointer is reported there */
}

int k_malloc_stats_get(struct k_heap_stats *stats)
{
	if (stats == NULL) {
		return -EINVAL;
	}
	if (heap == NULL) {
		return -ENOTSUP;
	}
	return k_heap_stats_get(heap, stats);
}
