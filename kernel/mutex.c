/*
 * Mutexes: recursive, owned, with priority inheritance.
 *
 * A thread's effective priority is the best of its base priority and the
 * priority of the best waiter of every mutex it owns. When a thread starts
 * waiting, stops waiting (timeout, abort) or changes priority, the change
 * is pushed along the chain owner -> mutex it waits for -> that owner ...,
 * at most CONFIG_PRIORITY_CEILING_CHAIN_MAX steps. A wait that would close
 * a cycle is refused with -EDEADLK, so chains are always finite.
 */
#include "kernel_internal.h"

int z_mutex_effective_prio(struct k_thread *t)
{
	int prio = t->base_prio;
	sys_dnode_t *n;

	SYS_DLIST_FOR_EACH_NODE(&t->owned_mutexes, n) {
		struct k_mutex *m = SYS_DLIST_CONTAINER(n, struct k_mutex, owned_node);
		struct k_thread *w = z_waitq_head(&m->wait_q);

		if (w != NULL && w->prio < prio) {
			prio = w->prio;
		}
	}
	return prio;
}

/* Recompute the owners' priorities along the chain starting at @p m. */
static void propagate(struct k_mutex *m)
{
	for (int depth = 0; m != NULL && m->owner != NULL &&
			    depth < CONFIG_PRIORITY_CEILING_CHAIN_MAX; depth++) {
		struct k_thread *owner = m->owner;
		int prio = z_mutex_effective_prio(owner);

		if (prio == owner->prio) {
			break;
		}
		z_thread_set_prio(owner, prio);
		m = owner->waiting_mutex;
	}
}

void z_mutex_prio_changed(struct k_thread *t)
{
	propagate(t->waiting_mutex);
}

void z_mutex_waiter_left(struct k_mutex *m)
{
	propagate(m);
}

int k_mutex_init(struct k_mutex *mutex)
{
	if (mutex == NULL) {
		return -EINVAL;
	}
	z_waitq_init(&mutex->wait_q);
	mutex->owner = NULL;
	mutex->lock_count = 0;
	sys_dnode_init(&mutex->owned_node);
	return 0;
}

static void take_ownership(struct k_mutex *m, struct k_thread *t)
{
	m->owner = t;
	m->lock_count = 1;
	sys_dlist_append(&t->owned_mutexes, &m->owned_node);
}

/* True when @p cur waiting on @p m would close a cycle of waits. */
static bool would_deadlock(struct k_mutex *m, struct k_thread *cur)
{
	struct k_thread *t = m->owner;

	for (int depth = 0; t != NULL && depth < CONFIG_PRIORITY_CEILING_CHAIN_MAX;
	     depth++) {
		if (t == cur) {
			return true;
		}
		t = t->waiting_mutex != NULL ? t->waiting_mutex->owner : NULL;
	}
	return false;
}

int k_mutex_lock(struct k_mutex *mutex, k_timeout_t timeout)
{
	if (mutex == NULL || !z_timeout_valid(timeout) || arch_is_in_isr()) {
		return -EINVAL;
	}
	unsigned int key = arch_irq_lock();
	struct k_thread *cur = z_current();

	if (mutex->owner == NULL) {
		take_ownership(mutex, cur);
		arch_irq_unlock(key);
		return 0;
	}
	if (mutex->owner == cur) {
		mutex->lock_count++;
		arch_irq_unlock(key);
		return 0;
	}
	if (timeout.ticks == 0) {
		arch_irq_unlock(key);
		return -EBUSY;
	}
	if (would_deadlock(mutex, cur)) {
		arch_irq_unlock(key);
		return -EDEADLK;
	}
	/* Boost the chain of owners to our priority before we sleep. */
	struct k_mutex *m = mutex;

	for (int depth = 0; m != NULL && depth < CONFIG_PRIORITY_CEILING_CHAIN_MAX;
	     depth++) {
		if (m->owner->prio <= cur->prio) {
			break;
		}
		z_thread_set_prio(m->owner, cur->prio);
		m = m->owner->waiting_mutex;
	}
	cur->waiting_mutex = mutex;
	/* On success the unlocker made us the owner before waking us. */
	return z_pend_curr(&mutex->wait_q, key, timeout);
}

/* Hand the mutex to its best waiter, or free it. Irqs locked. */
static void mutex_release(struct k_mutex *m)
{
	struct k_thread *old = m->owner;
	struct k_thread *next;

	sys_dlist_remove(&m->owned_node);
	if (old->prio != old->base_prio) {
		/* It inherited through some mutex: maybe through this one. */
		z_thread_set_prio(old, z_mutex_effective_prio(old));
	}
	next = z_unpend_first(&m->wait_q);
	if (next == NULL) {
		m->owner = NULL;
		m->lock_count = 0;
		return;
	}
	take_ownership(m, next);
	next->swap_retval = 0;
	z_ready_thread(next);
	z_thread_set_prio(next, z_mutex_effective_prio(next));
}

static int mutex_unlock_locked(struct k_mutex *mutex)
{
	if (mutex->owner == NULL) {
		return -EINVAL;
	}
	if (mutex->owner != z_current()) {
		return -EPERM;
	}
	if (--mutex->lock_count == 0) {
		mutex_release(mutex);
	}
	return 0;
}

int k_mutex_unlock(struct k_mutex *mutex)
{
	if (mutex == NULL || arch_is_in_isr()) {
		return -EINVAL;
	}
	unsigned int key = arch_irq_lock();
	struct k_thread *cur = z_current();
	int prio = cur->prio;
	bool waiters = !sys_dlist_is_empty(&mutex->wait_q.waitq);
	int ret = mutex_unlock_locked(mutex);

	if (ret == 0 && !waiters && cur->prio == prio) {
		arch_irq_unlock(key); /* nobody woken, no priority change */
		return 0;
	}
	z_reschedule(key);
	return ret;
}

/* For k_condvar_wait(): release completely without rescheduling. */
int z_mutex_release_all(struct k_mutex *mutex, unsigned int *saved_count)
{
	if (mutex->owner != z_current()) {
		return -EPERM;
	}
	*saved_count = mutex->lock_count;
	mutex->lock_count = 1;
	return mutex_unlock_locked(mutex);
}
