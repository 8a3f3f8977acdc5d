/* Condition variables, used with a k_mutex. */
#include "kernel_internal.h"

int k_condvar_init(struct k_condvar *cv)
{
	if (cv == NULL) {
		return -EINVAL;
	}
	z_waitq_init(&cv->wait_q);
	return 0;
}

int k_condvar_signal(struct k_condvar *cv)
{
	if (cv == NULL) {
		return -EINVAL;
	}
	unsigned int key = arch_irq_lock();
	struct k_thread *t = z_waitq_head(&cv->wait_q);

	if (t != NULL) {
		z_wake(t, 0, NULL);
	}
	z_reschedule(key);
	return 0;
}

int k_condvar_broadcast(struct k_condvar *cv)
{
	if (cv == NULL) {
		return -EINVAL;
	}
	unsigned int key = arch_irq_lock();
	int n = z_wake_all(&cv->wait_q, 0);

	z_reschedule(key);
	return n;
}

int k_condvar_wait(struct k_condvar *cv, struct k_mutex *mutex,
		   k_timeout_t timeout)
{
	if (cv == NULL || mutex == NULL || !z_timeout_valid(timeout) ||
	    arch_is_in_isr()) {
		return -EINVAL;
	}
	unsigned int key = arch_irq_lock();

	if (mutex->owner != z_current()) {
		arch_irq_unlock(key);
		return -EPERM;
	}
	if (timeout.ticks == 0) {
		arch_irq_unlock(key);
		return -EAGAIN;
	}
	/*
	 * Release the mutex and pend under one lock, so no signal can fall
	 * between them. The release may wake a waiter; the switch only
	 * happens in the pend below.
	 */
	unsigned int saved;

	(void)z_mutex_release_all(mutex, &saved);
	int ret = z_pend_curr(&cv->wait_q, key, timeout);

	(void)k_mutex_lock(mutex, K_FOREVER);
	mutex->lock_count = saved;
	return ret;
}
