/* Kernel API: timer (included by kestrel/kernel.h; do not include directly). */
#ifndef KESTREL_KERNEL_TIMER_H
#define KESTREL_KERNEL_TIMER_H

#endif
