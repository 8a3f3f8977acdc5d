/*
 * Counting semaphores.
 *
 * A give hands the count straight to the best waiter (so a thread woken by
 * a give never has to race for the count); with no waiter the count goes
 * up, saturating at the limit.
 */
#include "kernel_internal.h"

int k_sem_init(struct k_sem *sem, unsigned int initial, unsigned int limit)
{
	if (sem == NULL || limit == 0 || initial > limit) {
		return -EINVAL;
	}
	z_waitq_init(&sem->wait_q);
	sem->count = initial;
	sem->limit = limit;
	return 0;
}

/* The slow half of k_sem_take(): nothing to take. */
static __attribute__((noinline)) int sem_take_wait(struct k_sem *sem, unsigned int key,
						   k_timeout_t timeout)
{
	if (timeout.ticks == 0) {
		arch_irq_unlock(key);
		return -EBUSY;
	}
	return z_pend_curr(&sem->wait_q, key, timeout);
}

int k_sem_take(struct k_sem *sem, k_timeout_t timeout)
{
	if (sem == NULL || !z_timeout_valid(timeout) ||
	    (arch_is_in_isr() && timeout.ticks != 0)) {
		return -EINVAL;
	}
	unsigned int key = arch_irq_lock();
	unsigned int count = sem->count;

	if (count == 0) {
		return sem_take_wait(sem, key, timeout);
	}
	sem->count = count - 1;
	arch_irq_unlock(key);
	return 0;
}

int k_sem_give(struct k_sem *sem)
{
	if (sem == NULL) {
		return -EINVAL;
	}
	unsigned int key = arch_irq_lock();
	struct k_thread *t = z_waitq_head(&sem->wait_q);

	if (t == NULL) {
		if (sem->count < sem->limit) {
			sem->count++;
		}
		if (z_poll_notify(sem)) {
			z_reschedule(key);
		} else {
			arch_irq_unlock(key); /* nobody woken: nothing to reschedule */
		}
		return 0;
	}
	z_wake_reschedule(t, 0, key);
	return 0;
}

int k_sem_reset(struct k_sem *sem)
{
	if (sem == NULL) {
		return -EINVAL;
	}
	unsigned int key = arch_irq_lock();

	sem->count = 0;
	(void)z_wake_all(&sem->wait_q, -EAGAIN);
	z_reschedule(key);
	return 0;
}

unsigned int k_sem_count_get(struct k_sem *sem)
{
	return sem == NULL ? 0u : sem->count;
}
