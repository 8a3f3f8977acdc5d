/*
 * Kernel-private declarations shared by the files of kernel/.
 * Nothing outside kernel/ (and arch ports through arch_interface.h) uses
 * these.
 */
#ifndef KESTREL_KERNEL_INTERNAL_H
#define KESTREL_KERNEL_INTERNAL_H

#include <kestrel/kernel.h>
#include <kestrel/device.h>

#include "arch_interface.h"

#define Z_NUM_PRIOS (CONFIG_NUM_COOP_PRIORITIES + CONFIG_NUM_PREEMPT_PRIORITIES + 1)

struct z_kernel {
	sys_dlist_t runq[Z_NUM_PRIOS]; /* first: a queue's address is one add */
	struct k_thread *current;
	uint32_t runq_bits[(Z_NUM_PRIOS + 31) / 32];
	int sched_lock_count;   /**< k_sched_lock() nesting of current */
	struct k_thread *threads; /**< every thread ever created */
	struct k_thread *idle;
	bool slicing;           /**< time slicing on: tested on every switch */
};

extern struct z_kernel z_kernel;

static inline struct k_thread *z_current(void)
{
	return z_kernel.current;
}

static inline bool z_is_coop_prio(int prio)
{
	return prio < 0;
}

static inline bool z_prio_valid(int prio)
{
	return prio >= K_HIGHEST_PRIO && prio <= K_LOWEST_APP_PRIO;
}

/* stats.c */
void z_stack_fill(struct k_thread *t);
void z_runtime_stats_switch(struct k_thread *old); /* irqs locked */
/* Called by the scheduler at each switch; nothing unless stats are on. */
static inline void z_runtime_switch(struct k_thread *old)
{
	if (IS_ENABLED(CONFIG_THREAD_RUNTIME_STATS)) {
		z_runtime_stats_switch(old);
	}
}

/* sched.c */
#define Z_STACK_SENTINEL 0xF0F0F0F0u
void z_stack_sentinel_init(struct k_thread *t);
void z_sched_init(void);
void z_ready_thread(struct k_thread *t);       /* irqs locked */
void z_unready_thread(struct k_thread *t);     /* irqs locked */
int z_swap(unsigned int key);                  /* returns swap_retval */
void z_reschedule(unsigned int key);           /* swap if needed, unlock */
/* Pend the current thread on @p wq; returns the waker's retval or -EAGAIN.
 * The caller may set z_current()->swap_data first for its waker to read. */
int z_pend_curr(_wait_q_t *wq, unsigned int key, k_timeout_t timeout);
struct k_thread *z_unpend_first(_wait_q_t *wq); /* irqs locked; not readied */
void z_unpend(struct k_thread *t);              /* irqs locked; not readied */
void z_wake(struct k_thread *t, int retval, void *data); /* unpend + ready */
/* z_wake(t, retval, NULL) then z_reschedule(key): a waker's hand-over. */
void z_wake_reschedule(struct k_thread *t, int retval, unsigned int key);
int z_wake_all(_wait_q_t *wq, int retval);      /* count woken */
void z_thread_set_prio(struct k_thread *t, int prio); /* irqs locked */
void z_waitq_init(_wait_q_t *wq);
/* The first (best) waiter of @p wq, or NULL. Irqs locked. */
static inline struct k_thread *z_waitq_head(_wait_q_t *wq)
{
	sys_dnode_t *n = wq->waitq.next;

	return n == &wq->waitq ? NULL : SYS_DLIST_CONTAINER(n, struct k_thread, qnode);
}
void z_time_slice_reset(void);                  /* irqs locked */
void z_thread_ended(struct k_thread *t);        /* irqs locked */

static inline bool z_timeout_valid(k_timeout_t t)
{
	return t.ticks >= K_TICKS_FOREVER; /* -1 (forever) or >= 0 */
}

/* timeout.c */
void z_add_timeout(struct _timeout *to, _timeout_func_t fn, k_ticks_t ticks);
int z_abort_timeout(struct _timeout *to); /* 0 if it was active */
k_ticks_t z_timeout_remaining(const struct _timeout *to);
static inline bool z_timeout_active(const struct _timeout *to)
{
	return sys_dnode_is_linked(&to->node);
}

/* mutex.c: priority inheritance */
int z_mutex_effective_prio(struct k_thread *t);
void z_mutex_waiter_left(struct k_mutex *m); /* irqs locked */
void z_mutex_prio_changed(struct k_thread *t); /* irqs locked */
int z_mutex_release_all(struct k_mutex *m, unsigned int *saved_count);

/* thread.c */
/* @p known: @p t is already in the list of all threads (being reused). */
void z_thread_init_common(struct k_thread *t, bool known, k_thread_stack_t *stack,
			  size_t stack_size, k_thread_entry_t entry, void *p1,
			  void *p2, void *p3, int prio, const char *name);

/* init.c */
void z_init_level(enum device_init_level level);

#endif
