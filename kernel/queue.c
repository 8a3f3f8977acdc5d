/*
 * FIFOs and LIFOs of the application's structs.
 *
 * Both are a singly linked list threaded through the first word of each
 * item (head and tail pointers, so a FIFO appends in constant time), plus
 * a wait queue of getters. Getters wait only while the list is empty; a put
 * then hands the item to the best getter through swap_data instead of
 * linking it.
 */
#include "kernel_internal.h"

/* The state changed point: the queue gained an item. Tells k_poll (the
 * object is the k_fifo/k_lifo, whose address is its _queue's); true if that
 * woke a thread (the caller then reschedules). Irqs locked. */
static inline bool queue_changed(struct z_queue *q)
{
	return z_poll_notify(q);
}

static inline void **next_of(void *item)
{
	return (void **)item;
}

static void queue_init(struct z_queue *q)
{
	z_waitq_init(&q->wait_q);
	q->head = NULL;
	q->tail = NULL;
}

static int queue_insert(struct z_queue *q, void *item, bool at_tail)
{
	if (item == NULL || ((uintptr_t)item & (sizeof(void *) - 1)) != 0) {
		return -EINVAL;
	}
	unsigned int key = arch_irq_lock();
	struct k_thread *getter = z_waitq_head(&q->wait_q);

	if (getter != NULL) {
		z_wake(getter, 0, item);
		z_reschedule(key);
		return 0;
	}
	if (q->head == NULL) {
		*next_of(item) = NULL;
		q->head = item;
		q->tail = item;
	} else if (at_tail) {
		*next_of(item) = NULL;
		*next_of(q->tail) = item;
		q->tail = item;
	} else {
		*next_of(item) = q->head;
		q->head = item;
	}
	if (queue_changed(q)) {
		z_reschedule(key);
	} else {
		arch_irq_unlock(key); /* nobody woken: nothing to reschedule */
	}
	return 0;
}

static void *queue_get(struct z_queue *q, k_timeout_t timeout)
{
	if (!z_timeout_valid(timeout) || (timeout.ticks != 0 && arch_is_in_isr())) {
		return NULL;
	}
	unsigned int key = arch_irq_lock();
	void *item = q->head;

	if (item != NULL) {
		q->head = *next_of(item);
		if (q->head == NULL) {
			q->tail = NULL;
		}
		arch_irq_unlock(key);
		return item;
	}
	if (timeout.ticks == 0) {
		arch_irq_unlock(key);
		return NULL;
	}
	/* The putter that wakes us passes the item in swap_data. */
	if (z_pend_curr(&q->wait_q, key, timeout) != 0) {
		return NULL;
	}
	return z_current()->swap_data;
}

static void *queue_peek_head(struct z_queue *q)
{
	return q->head;
}

/* ---- FIFO ---- */

int k_fifo_init(struct k_fifo *fifo)
{
	if (fifo == NULL) {
		return -EINVAL;
	}
	queue_init(&fifo->_queue);
	return 0;
}

int k_fifo_put(struct k_fifo *fifo, void *item)
{
	return fifo == NULL ? -EINVAL : queue_insert(&fifo->_queue, item, true);
}

void *k_fifo_get(struct k_fifo *fifo, k_timeout_t timeout)
{
	return fifo == NULL ? NULL : queue_get(&fifo->_queue, timeout);
}

bool k_fifo_is_empty(struct k_fifo *fifo)
{
	return fifo == NULL || queue_peek_head(&fifo->_queue) == NULL;
}

void *k_fifo_peek_head(struct k_fifo *fifo)
{
	return fifo == NULL ? NULL : queue_peek_head(&fifo->_queue);
}

/* ---- LIFO ---- */

int k_lifo_init(struct k_lifo *lifo)
{
	if (lifo == NULL) {
		return -EINVAL;
	}
	queue_init(&lifo->_queue);
	return 0;
}

int k_lifo_put(struct k_lifo *lifo, void *item)
{
	return lifo == NULL ? -EINVAL : queue_insert(&lifo->_queue, item, false);
}

void *k_lifo_get(struct k_lifo *lifo, k_timeout_t timeout)
{
	return lifo == NULL ? NULL : queue_get(&lifo->_queue, timeout);
}

bool k_lifo_is_empty(struct k_lifo *lifo)
{
	return lifo == NULL || queue_peek_head(&lifo->_queue) == NULL;
}

void *k_lifo_peek_head(struct k_lifo *lifo)
{
	return lifo == NULL ? NULL : queue_peek_head(&lifo->_queue);
}
