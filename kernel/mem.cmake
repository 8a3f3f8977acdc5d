# Memory: slabs, heaps, the kernel heap (k_malloc), and the C library's
# malloc() on it (QEMU boards, CONFIG_LIBC_MALLOC_KERNEL_HEAP).
kestrel_sources(mem_slab.c heap.c sys_heap.c kmalloc.c)
kestrel_sources_ifdef(CONFIG_LIBC_MALLOC_KERNEL_HEAP libc_malloc.c)
