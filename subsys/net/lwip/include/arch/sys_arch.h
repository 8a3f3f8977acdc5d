/*
 * lwIP OS types on the Kestrel kernel (subsys/net/lwip/sys_arch.c says how
 * each lwIP hook maps to a kernel object). Every object carries a "valid"
 * flag because lwIP asks sys_*_valid() of objects it may not have created.
 */
#ifndef KESTREL_LWIP_ARCH_SYS_ARCH_H
#define KESTREL_LWIP_ARCH_SYS_ARCH_H

#include <stdbool.h>

#include <kestrel/kernel.h>
#include <kestrel/kernel/ipc.h>

typedef struct {
	struct k_sem sem;
	bool valid;
} sys_sem_t;

typedef struct {
	struct k_mutex mutex;
	bool valid;
} sys_mutex_t;

/** A mailbox of pointers: a k_msgq whose ring lives in lwIP's heap. */
typedef struct {
	struct k_msgq msgq;
	void **ring;
	bool valid;
} sys_mbox_t;

typedef struct k_thread *sys_thread_t;

/** SYS_ARCH_PROTECT: the irq_lock() key. */
typedef unsigned int sys_prot_t;

#endif
