/*
 * Message queues: a ring of fixed-size messages.
 *
 * Getters wait only while the queue is empty and putters only while it is
 * full, so the one wait queue holds getters or putters, never both. The
 * thread that makes a waiter's wish possible also carries it out: a put
 * with a getter waiting copies the message into that getter's buffer, a
 * get from a full queue moves the best putter's message into the freed
 * slot. A waiter describes its request in swap_data before it pends (the
 * getter's buffer, the putter's message).
 */
#include <string.h>

#include "kernel_internal.h"

/* The state changed point: the queue gained a message. Tells k_poll;
 * true if that woke a thread (the caller then reschedules). Irqs locked. */
static inline bool msgq_changed(struct k_msgq *q)
{
	return z_poll_notify(q);
}

static void ring_push(struct k_msgq *q, const void *data)
{
	memcpy(q->buffer + q->write_off, data, q->msg_size);
	q->write_off += q->msg_size;
	if (q->write_off == q->buffer_size) {
		q->write_off = 0;
	}
	q->used_msgs++;
}

static void ring_pop(struct k_msgq *q, void *data)
{
	memcpy(data, q->buffer + q->read_off, q->msg_size);
	q->read_off += q->msg_size;
	if (q->read_off == q->buffer_size) {
		q->read_off = 0;
	}
	q->used_msgs--;
}

static bool wait_args_ok(const struct k_msgq *q, const void *data,
			 k_timeout_t timeout)
{
	return q != NULL && data != NULL && z_timeout_valid(timeout) &&
	       (timeout.ticks == 0 || !arch_is_in_isr());
}

int k_msgq_init(struct k_msgq *msgq, void *buffer, size_t msg_size,
		uint32_t max_msgs)
{
	if (msgq == NULL || buffer == NULL || msg_size == 0 || max_msgs == 0 ||
	    msg_size > SIZE_MAX / max_msgs) {
		return -EINVAL;
	}
	z_waitq_init(&msgq->wait_q);
	msgq->buffer = buffer;
	msgq->msg_size = msg_size;
	msgq->buffer_size = msg_size * max_msgs;
	msgq->read_off = 0;
	msgq->write_off = 0;
	msgq->max_msgs = max_msgs;
	msgq->used_msgs = 0;
	return 0;
}

int k_msgq_put(struct k_msgq *msgq, const void *data, k_timeout_t timeout)
{
	if (!wait_args_ok(msgq, data, timeout)) {
		return -EINVAL;
	}
	unsigned int key = arch_irq_lock();

	if (msgq->used_msgs == 0) {
		struct k_thread *getter = z_waitq_head(&msgq->wait_q);

		if (getter != NULL) {
			memcpy(getter->swap_data, data, msgq->msg_size);
			z_wake(getter, 0, NULL);
			z_reschedule(key);
			return 0;
		}
	}
	if (msgq->used_msgs < msgq->max_msgs) {
		ring_push(msgq, data);
		if (msgq_changed(msgq)) {
			z_reschedule(key);
		} else {
			arch_irq_unlock(key); /* nobody woken: nothing to reschedule */
		}
		return 0;
	}
	if (timeout.ticks == 0) {
		arch_irq_unlock(key);
		return -ENOMSG;
	}
	z_current()->swap_data = (void *)(uintptr_t)data;
	return z_pend_curr(&msgq->wait_q, key, timeout);
}

int k_msgq_get(struct k_msgq *msgq, void *data, k_timeout_t timeout)
{
	if (!wait_args_ok(msgq, data, timeout)) {
		return -EINVAL;
	}
	unsigned int key = arch_irq_lock();

	if (msgq->used_msgs > 0) {
		/* With messages queued, only putters can be waiting. */
		struct k_thread *putter = z_waitq_head(&msgq->wait_q);

		ring_pop(msgq, data);
		if (putter != NULL) {
			ring_push(msgq, putter->swap_data);
			z_wake(putter, 0, NULL);
		}
		z_reschedule(key);
		return 0;
	}
	if (timeout.ticks == 0) {
		arch_irq_unlock(key);
		return -ENOMSG;
	}
	z_current()->swap_data = data;
	return z_pend_curr(&msgq->wait_q, key, timeout);
}

int k_msgq_peek(struct k_msgq *msgq, void *data)
{
	if (msgq == NULL || data == NULL) {
		return -EINVAL;
	}
	unsigned int key = arch_irq_lock();
	int ret = -ENOMSG;

	if (msgq->used_msgs > 0) {
		memcpy(data, msgq->buffer + msgq->read_off, msgq->msg_size);
		ret = 0;
	}
	arch_irq_unlock(key);
	return ret;
}

int k_msgq_purge(struct k_msgq *msgq)
{
	if (msgq == NULL) {
		return -EINVAL;
	}
	unsigned int key = arch_irq_lock();

	if (msgq->used_msgs > 0) {
		/* Any waiters are putters: the queue was full. */
		(void)z_wake_all(&msgq->wait_q, -ENOMSG);
		msgq->used_msgs = 0;
		msgq->read_off = 0;
		msgq->write_off = 0;
	}
	z_reschedule(key);
	return 0;
}

uint32_t k_msgq_num_used_get(struct k_msgq *msgq)
{
	return msgq == NULL ? 0u : msgq->used_msgs;
}

uint32_t k_msgq_num_free_get(struct k_msgq *msgq)
{
	return msgq == NULL ? 0u : msgq->max_msgs - msgq->used_msgs;
}
