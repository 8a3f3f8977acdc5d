/*
 * The C library's malloc() family on the kernel heap
 * (CONFIG_LIBC_MALLOC_KERNEL_HEAP; QEMU boards with picolibc only).
 *
 * Defining these here keeps picolibc's own allocator (which wants an sbrk
 * region) out of the image: libraries such as mbedTLS and lwIP that call
 * malloc() get the kernel heap, thread-safe and usable from ISRs. Never
 * built for native_sim, where malloc() belongs to the host C library and
 * the sanitizers.
 *
 * malloc(0) returns a unique block (as glibc does); realloc(p, 0) frees p
 * and returns NULL. Failures return NULL without setting errno (ISO C
 * does not ask for it, and picolibc's errno is thread-local storage, which
 * the Cortex-M port does not provide); posix_memalign() returns its error
 * code as POSIX says. picolibc's mallinfo(), malloc_stats() and mallopt()
 * belong to its own allocator and must not be used with this one.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <malloc.h>
#include <stdlib.h>

#include "kernel_internal.h"
#include "mem_internal.h"

void *malloc(size_t size)
{
	return k_malloc(size == 0 ? 1 : size);
}

void free(void *ptr)
{
	k_free(ptr);
}

void *calloc(size_t nmemb, size_t size)
{
	if (nmemb == 0 || size == 0) {
		nmemb = size = 1;
	}
	return k_calloc(nmemb, size);
}

void *realloc(void *ptr, size_t size)
{
	if (ptr == NULL) {
		return malloc(size);
	}
	if (size == 0) {
		k_free(ptr);
		return NULL;
	}
	return k_realloc(ptr, size);
}

void *aligned_alloc(size_t align, size_t size)
{
	return k_aligned_alloc(align, size == 0 ? 1 : size);
}

void *memalign(size_t align, size_t size)
{
	return aligned_alloc(align, size);
}

int posix_memalign(void **memptr, size_t align, size_t size)
{
	if (!Z_MEM_IS_POW2(align) || align % sizeof(void *) != 0) {
		return EINVAL;
	}
	void *p = k_aligned_alloc(align, size == 0 ? 1 : size);

	if (p == NULL) {
		return ENOMEM;
	}
	*memptr = p;
	return 0;
}

size_t malloc_usable_size(void *ptr)
{
	return k_heap_usable_size(z_kernel_heap(), ptr);
}
