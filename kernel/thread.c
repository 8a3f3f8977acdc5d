/*
 * Thread life cycle: create, start, end (return or abort), join, names.
 */
#include <string.h>

#include "kernel_internal.h"

/* True when @p t is in the list of all threads (it was created before). */
static bool listed(const struct k_thread *t)
{
	for (const struct k_thread *k = z_kernel.threads; k != NULL; k = k->next_thread) {
		if (k == t) {
			return true;
		}
	}
	return false;
}

void z_thread_init_common(struct k_thread *t, bool known, k_thread_stack_t *stack,
			  size_t stack_size, k_thread_entry_t entry, void *p1,
			  void *p2, void *p3, int prio, const char *name)
{
	struct k_thread *next = known ? t->next_thread : z_kernel.threads;

	/* Every field but the port's part, which is left to arch_new_thread()
	 * (it may keep state across reuse of the thread object). One by one,
	 * not memset: picolibc's is a byte loop, most of a create's cost. */
	sys_dnode_init(&t->qnode);
	sys_dnode_init(&t->timeout.node);
	t->timeout.dticks = 0;
	t->timeout.fn = NULL;
	t->pended_on = NULL;
	t->waiting_mutex = NULL;
	sys_dlist_init(&t->owned_mutexes);
	t->swap_retval = 0;
	t->swap_data = NULL;
	z_waitq_init(&t->join_queue);
	t->sched_locked = 0;
	t->runtime_cycles = 0;
	t->entry = entry;
	t->p1 = p1;
	t->p2 = p2;
	t->p3 = p3;
	t->prio = prio;
	t->base_prio = prio;
	t->state = K_THREAD_PRESTART;
	t->stack_start = (char *)stack;
	t->stack_size = stack_size;
	(void)k_thread_name_set(t, name != NULL ? name : "");
	t->next_thread = next;
	if (!known) {
		z_kernel.threads = t;
	}
	arch_new_thread(t, t->stack_start, stack_size);
	z_stack_fill(t);
	z_stack_sentinel_init(t);
}

static void delayed_start_expired(struct _timeout *to)
{
	struct k_thread *t = SYS_DLIST_CONTAINER(to, struct k_thread, timeout);
	unsigned int key = arch_irq_lock();

	if ((t->state & K_THREAD_PRESTART) != 0) {
		z_ready_thread(t);
	}
	arch_irq_unlock(key);
}

int k_thread_create(struct k_thread *thread, k_thread_stack_t *stack,
		    size_t stack_size, k_thread_entry_t entry, void *p1,
		    void *p2, void *p3, int prio, uint32_t options,
		    k_timeout_t delay)
{
	if (thread == NULL || stack == NULL || entry == NULL || options != 0 ||
	    !z_prio_valid(prio) || !z_timeout_valid(delay) ||
	    stack_size < K_THREAD_STACK_LEN(128) || k_is_in_isr()) {
		return -EINVAL;
	}
	unsigned int key = arch_irq_lock();

	bool known = listed(thread);

	if (known && (thread->state & K_THREAD_DEAD) == 0) {
		arch_irq_unlock(key);
		return -EBUSY;
	}
	z_thread_init_common(thread, known, stack, stack_size, entry, p1, p2, p3,
			     prio, NULL);
	if (delay.ticks == 0) {
		z_ready_thread(thread);
		z_reschedule(key);
		return 0;
	}
	if (delay.ticks != K_TICKS_FOREVER) {
		z_add_timeout(&thread->timeout, delayed_start_expired, delay.ticks);
	}
	arch_irq_unlock(key);
	return 0;
}

int k_thread_start(k_tid_t thread)
{
	if (thread == NULL) {
		return -EINVAL;
	}
	unsigned int key = arch_irq_lock();

	if ((thread->state & K_THREAD_PRESTART) == 0) {
		arch_irq_unlock(key);
		return -EALREADY;
	}
	(void)z_abort_timeout(&thread->timeout);
	z_ready_thread(thread);
	z_reschedule(key);
	return 0;
}

void z_thread_entry(struct k_thread *thread)
{
	thread->entry(thread->p1, thread->p2, thread->p3);
	(void)k_thread_abort(thread);
	/* Not reached: aborting the current thread switches away for good. */
	for (;;) {
	}
}

/* Take @p t out of every queue and mark it dead. Irqs locked. */
void z_thread_ended(struct k_thread *t)
{
	if ((t->state & K_THREAD_READY) != 0) {
		z_unready_thread(t);
	} else if ((t->state & K_THREAD_PENDING) != 0) {
		struct k_mutex *m = t->waiting_mutex;

		z_unpend(t);
		if (m != NULL) {
			z_mutex_waiter_left(m);
		}
	}
	(void)z_abort_timeout(&t->timeout);
	t->state = K_THREAD_DEAD;
	t->sched_locked = 0;
	if (!sys_dlist_is_empty(&t->owned_mutexes)) {
		printk("kernel: thread '%s' ended holding a mutex\n", t->name);
	}
	(void)z_wake_all(&t->join_queue, 0);
}

int k_thread_abort(k_tid_t thread)
{
	if (thread == NULL || thread == z_kernel.idle) {
		return -EINVAL;
	}
	unsigned int key = arch_irq_lock();

	if ((thread->state & K_THREAD_DEAD) != 0) {
		arch_irq_unlock(key);
		return 0;
	}
	z_thread_ended(thread);
	if (thread == z_current() && !arch_is_in_isr()) {
		(void)z_swap(key);
		/* Not reached. */
	}
	z_reschedule(key);
	return 0;
}

int k_thread_join(k_tid_t thread, k_timeout_t timeout)
{
	if (thread == NULL || arch_is_in_isr() || !z_timeout_valid(timeout)) {
		return -EINVAL;
	}
	unsigned int key = arch_irq_lock();
	struct k_thread *cur = z_current();

	if ((thread->state & K_THREAD_DEAD) != 0) {
		arch_irq_unlock(key);
		return 0;
	}
	if (thread == cur || thread->pended_on == &cur->join_queue) {
		arch_irq_unlock(key);
		return -EDEADLK;
	}
	if (timeout.ticks == 0) {
		arch_irq_unlock(key);
		return -EBUSY;
	}
	return z_pend_curr(&thread->join_queue, key, timeout);
}

int k_thread_name_set(k_tid_t thread, const char *name)
{
	if (thread == NULL || name == NULL) {
		return -EINVAL;
	}
	size_t n = 0;

	while (n < sizeof(thread->name) - 1 && name[n] != '\0') {
		n++;
	}

	memcpy(thread->name, name, n);
	thread->name[n] = '\0';
	return 0;
}

const char *k_thread_name_get(k_tid_t thread)
{
	return thread == NULL ? "" : thread->name;
}

unsigned int k_thread_state_get(k_tid_t thread)
{
	return thread == NULL ? 0u : thread->state;
}

void k_thread_foreach(void (*fn)(const struct k_thread *t, void *arg),
		      void *arg)
{
	if (fn == NULL) {
		return;
	}
	for (struct k_thread *t = z_kernel.threads; t != NULL; t = t->next_thread) {
		fn(t, arg);
	}
}
