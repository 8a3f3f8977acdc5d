/*
 * The scheduler: ready queue, wait queues, context switch decisions, time
 * slicing, sleep, yield and scheduler locking.
 *
 * The ready queue is one FIFO list per priority plus a bitmap of the
 * non-empty ones, so picking the next thread is a find-first-set and a
 * list head. The running thread stays in the ready queue (at the head of its
 * priority) while it is ready; it leaves it when it blocks. A thread that
 * yields or whose time slice ends moves to the tail of its priority.
 *
 * Every function here runs with interrupts locked (irq_lock) where it
 * touches the queues; on a single CPU that is the whole of the locking.
 */
#include <kestrel/drivers/system_timer.h>

#include "kernel_internal.h"

/* The scheduler's few hot helpers are inlined even at -Os: each is a handful
 * of instructions on every switch, where a call costs as much again. */
#define Z_ALWAYS_INLINE inline __attribute__((always_inline))

struct z_kernel z_kernel;

/* Time slicing state (see the time slicing section below). */
static k_ticks_t slice_ticks;
static int slice_ceiling;
static struct _timeout slice_timeout;

/* z_kernel.slicing: slice_ticks != 0. The slice timeout is only ever armed
 * while slice_ticks != 0 (turning slicing off aborts it), so this also
 * covers a timeout still pending. */
static Z_ALWAYS_INLINE bool slice_active(void)
{
	return z_kernel.slicing;
}

static inline unsigned int prio_index(int prio)
{
	return (unsigned int)(prio - K_HIGHEST_PRIO);
}

/* The bitmap word of priority index @p i (one word, the usual case, is
 * known at compile time). */
static Z_ALWAYS_INLINE uint32_t *runq_word(unsigned int i)
{
	return &z_kernel.runq_bits[Z_NUM_PRIOS <= 32 ? 0 : i / 32];
}

static Z_ALWAYS_INLINE void runq_add(struct k_thread *t)
{
	unsigned int i = prio_index(t->prio);

	sys_dlist_append(&z_kernel.runq[i], &t->qnode);
	*runq_word(i) |= 1u << (i % 32);
}

static Z_ALWAYS_INLINE void runq_remove(struct k_thread *t)
{
	unsigned int i = prio_index(t->prio);
	/* Alone in its list, both neighbours are the list head. */
	bool alone = t->qnode.next == t->qnode.prev;

	sys_dlist_remove(&t->qnode);
	if (alone) {
		*runq_word(i) &= ~(1u << (i % 32));
	}
}

static Z_ALWAYS_INLINE struct k_thread *runq_best(void)
{
	for (unsigned int w = 0; w < sizeof(z_kernel.runq_bits) / 4; w++) {
		uint32_t bits = z_kernel.runq_bits[w];

		if (bits != 0) {
			unsigned int i = w * 32 + z_ctz32(bits);

			return SYS_DLIST_CONTAINER(z_kernel.runq[i].next,
						   struct k_thread, qnode);
		}
	}
	/* The idle thread is always ready: unreachable once running. */
	return z_kernel.idle;
}

void z_sched_init(void)
{
	for (int i = 0; i < Z_NUM_PRIOS; i++) {
		sys_dlist_init(&z_kernel.runq[i]);
	}
}

static Z_ALWAYS_INLINE void ready(struct k_thread *t)
{
	t->state = K_THREAD_READY;
	runq_add(t);
}

void z_ready_thread(struct k_thread *t)
{
	ready(t);
}

void z_unready_thread(struct k_thread *t)
{
	if ((t->state & K_THREAD_READY) != 0) {
		runq_remove(t);
		t->state &= (uint8_t)~K_THREAD_READY;
	}
}

static Z_ALWAYS_INLINE bool current_preemptible(void)
{
	struct k_thread *cur = z_current();

	return !z_is_coop_prio(cur->prio) && cur->sched_locked == 0;
}

/* Whether @p best should take the CPU from @p cur: it is another thread
 * and @p cur either stopped being ready or may be preempted. */
static Z_ALWAYS_INLINE bool should_switch(struct k_thread *cur, struct k_thread *best)
{
	return best != cur &&
	       ((cur->state & K_THREAD_READY) == 0 || current_preemptible());
}

/*
 * Stack sentinel: a word at the lowest address of every stack, checked each
 * time its thread is switched out. A thread that ran over it is reported
 * (naming it) as a stack overflow instead of corrupting memory silently.
 */
void z_stack_sentinel_init(struct k_thread *t)
{
	if (IS_ENABLED(CONFIG_STACK_SENTINEL)) {
		*(volatile uint32_t *)(void *)t->stack_start = Z_STACK_SENTINEL;
	}
}

static __attribute__((noinline, cold)) void stack_overflow(struct k_thread *t)
{
	z_stack_sentinel_init(t); /* so the report itself can run */
	printk(">>> stack overflow in thread '%s' (stack %p, %zu bytes)\n",
	       t->name, (void *)t->stack_start, t->stack_size);
	z_fatal_error_in(K_ERR_STACK_CHK_FAIL, NULL, 0, true);
}

/* A thread that has ended is not checked (the overflow report itself ends
 * the thread, then switches away from it). @p alive: the caller knows @p t
 * has not ended, which spares the test. */
static Z_ALWAYS_INLINE void stack_sentinel_check(struct k_thread *t, bool alive)
{
	if (IS_ENABLED(CONFIG_STACK_SENTINEL) &&
	    (alive || (t->state & K_THREAD_DEAD) == 0) &&
	    *(volatile uint32_t *)(void *)t->stack_start != Z_STACK_SENTINEL) {
		stack_overflow(t);
	}
}

/* Make @p new the current thread in place of @p old. Irqs locked. */
static Z_ALWAYS_INLINE void set_current(struct k_thread *old, struct k_thread *new)
{
	z_kernel.current = new;
	z_runtime_switch(old);
	if (IS_ENABLED(CONFIG_TIMESLICING) && slice_active()) {
		z_time_slice_reset();
	}
}

/* Switch to the best ready thread, if it is not the current one, and
 * unlock with @p key (thread context). @p alive: the current thread has
 * not ended (it blocks or yields). */
static Z_ALWAYS_INLINE int swap(unsigned int key, bool alive)
{
	struct k_thread *old = z_current();
	struct k_thread *new = runq_best();

	/* Checked whenever the thread gives up the CPU, even if it is
	 * picked again (a yield with nobody else ready). */
	stack_sentinel_check(old, alive);
	if (new != old) {
		set_current(old, new);
		arch_switch_unlock(old, new, key);
	} else {
		arch_irq_unlock(key);
	}
	return z_current()->swap_retval;
}

int z_swap(unsigned int key)
{
	return swap(key, false); /* k_thread_abort() of the current thread */
}

static Z_ALWAYS_INLINE void reschedule(unsigned int key)
{
	if (!arch_is_in_isr()) {
		struct k_thread *cur = z_current();
		struct k_thread *best = runq_best();

		if (should_switch(cur, best)) {
			/* Ready: preempted here, so it has not ended. */
			stack_sentinel_check(cur, (cur->state & K_THREAD_READY) != 0);
			set_current(cur, best);
			arch_switch_unlock(cur, best, key);
			return;
		}
	}
	arch_irq_unlock(key);
}

void z_reschedule(unsigned int key)
{
	reschedule(key);
}

void z_isr_exit_reschedule(void)
{
	struct k_thread *cur = z_current();
	struct k_thread *best = runq_best();

	if (should_switch(cur, best)) {
		/* Ready: preempted, has not ended (a fault may have ended it). */
		stack_sentinel_check(cur, (cur->state & K_THREAD_READY) != 0);
		set_current(cur, best);
		arch_switch(cur, best);
	}
}

/* ---- wait queues ---- */

void z_waitq_init(_wait_q_t *wq)
{
	sys_dlist_init(&wq->waitq);
}

/* Best priority first; FIFO among equals. */
static Z_ALWAYS_INLINE void waitq_insert(_wait_q_t *wq, struct k_thread *t)
{
	sys_dnode_t *n;

	SYS_DLIST_FOR_EACH_NODE(&wq->waitq, n) {
		struct k_thread *w = SYS_DLIST_CONTAINER(n, struct k_thread, qnode);

		if (w->prio > t->prio) {
			sys_dlist_insert_before(n, &t->qnode);
			return;
		}
	}
	sys_dlist_append(&wq->waitq, &t->qnode);
}

static void thread_timeout_expired(struct _timeout *to)
{
	struct k_thread *t = SYS_DLIST_CONTAINER(to, struct k_thread, timeout);
	unsigned int key = arch_irq_lock();

	if ((t->state & K_THREAD_PENDING) != 0) {
		struct k_mutex *m = t->waiting_mutex;

		z_unpend(t);
		t->swap_retval = -EAGAIN;
		z_ready_thread(t);
		if (m != NULL) {
			z_mutex_waiter_left(m);
		}
	} else if ((t->state & (K_THREAD_SLEEPING | K_THREAD_PRESTART)) != 0) {
		z_ready_thread(t);
	}
	arch_irq_unlock(key);
}

int z_pend_curr(_wait_q_t *wq, unsigned int key, k_timeout_t timeout)
{
	struct k_thread *t = z_current();

	runq_remove(t);
	t->state = K_THREAD_PENDING;
	t->pended_on = wq;
	t->swap_retval = -EAGAIN;
	/* swap_data is left as the caller set it: a waiter may publish a
	 * pointer there (e.g. its message buffer) for the thread that wakes it. */
	waitq_insert(wq, t);
	if (timeout.ticks != K_TICKS_FOREVER) {
		z_add_timeout(&t->timeout, thread_timeout_expired, timeout.ticks);
	}
	return swap(key, true);
}

/* Take pending @p t off its wait queue and stop its timeout; its state
 * (and its queue link, @p relink: it goes into the ready queue at once)
 * is left to the caller. */
static Z_ALWAYS_INLINE void waitq_leave(struct k_thread *t, bool relink)
{
	if (relink) {
		sys_dlist_unlink(&t->qnode);
	} else {
		sys_dlist_remove(&t->qnode);
	}
	t->pended_on = NULL;
	t->waiting_mutex = NULL;
	if (z_timeout_active(&t->timeout)) {
		(void)z_abort_timeout(&t->timeout);
	}
}

void z_unpend(struct k_thread *t)
{
	waitq_leave(t, false);
	t->state &= (uint8_t)~K_THREAD_PENDING;
}

struct k_thread *z_unpend_first(_wait_q_t *wq)
{
	struct k_thread *t = z_waitq_head(wq);

	if (t != NULL) {
		z_unpend(t);
	}
	return t;
}

static Z_ALWAYS_INLINE void wake(struct k_thread *t, int retval, void *data)
{
	waitq_leave(t, true);
	t->swap_retval = retval;
	t->swap_data = data;
	ready(t);
}

void z_wake(struct k_thread *t, int retval, void *data)
{
	wake(t, retval, data);
}

void z_wake_reschedule(struct k_thread *t, int retval, unsigned int key)
{
	wake(t, retval, NULL);
	reschedule(key);
}

int z_wake_all(_wait_q_t *wq, int retval)
{
	struct k_thread *t;
	int n = 0;

	while ((t = z_waitq_head(wq)) != NULL) {
		z_wake(t, retval, NULL);
		n++;
	}
	return n;
}

/* ---- priorities ---- */

void z_thread_set_prio(struct k_thread *t, int prio)
{
	if (t->prio == prio) {
		return;
	}
	if ((t->state & K_THREAD_READY) != 0) {
		runq_remove(t);
		t->prio = prio;
		runq_add(t);
	} else if ((t->state & K_THREAD_PENDING) != 0) {
		sys_dlist_remove(&t->qnode);
		t->prio = prio;
		waitq_insert(t->pended_on, t);
	} else {
		t->prio = prio;
	}
}

int k_thread_priority_set(k_tid_t thread, int prio)
{
	if (thread == NULL || !z_prio_valid(prio)) {
		return -EINVAL;
	}
	unsigned int key = arch_irq_lock();

	if ((thread->state & K_THREAD_DEAD) != 0 || thread == z_kernel.idle) {
		arch_irq_unlock(key);
		return -EINVAL;
	}
	thread->base_prio = prio;
	z_thread_set_prio(thread, z_mutex_effective_prio(thread));
	if (thread->waiting_mutex != NULL) {
		z_mutex_prio_changed(thread);
	}
	z_reschedule(key);
	return 0;
}

int k_thread_priority_get(k_tid_t thread)
{
	return thread == NULL ? K_IDLE_PRIO + 1 : thread->prio;
}


static bool sliceable(const struct k_thread *t)
{
	return slice_ticks != 0 && t != z_kernel.idle && !z_is_coop_prio(t->prio) &&
	       t->prio >= slice_ceiling && t->sched_locked == 0;
}

static void slice_expired(struct _timeout *to)
{
	struct k_thread *cur = z_current();
	unsigned int key = arch_irq_lock();

	(void)to;
	if (sliceable(cur) && (cur->state & K_THREAD_READY) != 0) {
		/* To the tail of its priority: the ISR exit switches. */
		runq_remove(cur);
		runq_add(cur);
	}
	z_time_slice_reset();
	arch_irq_unlock(key);
}

void z_time_slice_reset(void)
{
	if (!IS_ENABLED(CONFIG_TIMESLICING) || !slice_active()) {
		return; /* slicing off: nothing to re-arm */
	}
	(void)z_abort_timeout(&slice_timeout);
	if (sliceable(z_current())) {
		z_add_timeout(&slice_timeout, slice_expired, slice_ticks);
	}
}

int k_sched_time_slice_set(int32_t slice_ms, int prio_ceiling)
{
	if (slice_ms < 0 || prio_ceiling < 0) {
		return -EINVAL;
	}
	if (!IS_ENABLED(CONFIG_TIMESLICING)) {
		return slice_ms == 0 ? 0 : -ENOTSUP;
	}
	unsigned int key = arch_irq_lock();

	/* Turning slicing off: the flag stays set until the reset below has
	 * aborted a pending slice timeout. */
	slice_ticks = k_ms_to_ticks_ceil(slice_ms);
	slice_ceiling = prio_ceiling;
	z_kernel.slicing = true;
	z_time_slice_reset();
	z_kernel.slicing = slice_ticks != 0;
	arch_irq_unlock(key);
	return 0;
}

/* ---- yield, sleep, lock ---- */

void k_yield(void)
{
	if (arch_is_in_isr()) {
		return;
	}
	unsigned int key = arch_irq_lock();
	struct k_thread *cur = z_current();

	runq_remove(cur);
	runq_add(cur);
	(void)swap(key, true);
}

int32_t k_sleep(k_timeout_t timeout)
{
	if (arch_is_in_isr()) {
		return -EPERM;
	}
	if (!z_timeout_valid(timeout)) {
		return -EINVAL;
	}
	if (timeout.ticks == 0) {
		k_yield();
		return 0;
	}
	unsigned int key = arch_irq_lock();
	struct k_thread *cur = z_current();
	k_ticks_t end = k_uptime_ticks() + timeout.ticks;

	runq_remove(cur);
	cur->state = K_THREAD_SLEEPING;
	if (timeout.ticks != K_TICKS_FOREVER) {
		z_add_timeout(&cur->timeout, thread_timeout_expired, timeout.ticks);
	}
	(void)swap(key, true);

	if (timeout.ticks == K_TICKS_FOREVER) {
		return INT32_MAX;
	}
	k_ticks_t left = end - k_uptime_ticks();

	if (left <= 0) {
		return 0;
	}
	return (int32_t)((left * 1000 + CONFIG_SYS_CLOCK_TICKS_PER_SEC - 1) /
			 CONFIG_SYS_CLOCK_TICKS_PER_SEC);
}

int k_wakeup(k_tid_t thread)
{
	if (thread == NULL) {
		return -EINVAL;
	}
	unsigned int key = arch_irq_lock();

	if ((thread->state & K_THREAD_SLEEPING) == 0) {
		arch_irq_unlock(key);
		return -EINVAL;
	}
	(void)z_abort_timeout(&thread->timeout);
	z_ready_thread(thread);
	z_reschedule(key);
	return 0;
}

void k_sched_lock(void)
{
	if (!arch_is_in_isr()) {
		z_current()->sched_locked++;
	}
}

void k_sched_unlock(void)
{
	if (arch_is_in_isr()) {
		return;
	}
	unsigned int key = arch_irq_lock();
	struct k_thread *cur = z_current();

	if (cur->sched_locked > 0) {
		cur->sched_locked--;
	}
	z_reschedule(key);
}

bool k_is_in_isr(void)
{
	return arch_is_in_isr();
}

bool k_is_preempt_thread(void)
{
	return !arch_is_in_isr() && current_preemptible();
}

k_tid_t k_current_get(void)
{
	return z_current();
}

unsigned int irq_lock(void)
{
	return arch_irq_lock();
}

void irq_unlock(unsigned int key)
{
	arch_irq_unlock(key);
}
