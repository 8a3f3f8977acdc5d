/* Kernel API: work (included by kestrel/kernel.h; do not include directly). */
#ifndef KESTREL_KERNEL_WORK_H
#define KESTREL_KERNEL_WORK_H

#endif
