/* Kernel API: ipc (included by kestrel/kernel.h; do not include directly). */
#ifndef KESTREL_KERNEL_IPC_H
#define KESTREL_KERNEL_IPC_H

#endif
