/* Kernel API: mem (included by kestrel/kernel.h; do not include directly). */
#ifndef KESTREL_KERNEL_MEM_H
#define KESTREL_KERNEL_MEM_H

#endif
