/*
 * Work queues: work items, delayable work items, and the queue threads
 * that run them. The semantics are written down in
 * include/kestrel/kernel/work.h.
 *
 * A queue is a thread plus a FIFO of items (a dlist, so a cancel unlinks
 * in O(1)). Everything is guarded by irq_lock. A flush or synchronous
 * cancel queues a marker item (in the caller's k_work_sync) right behind
 * the awaited item -- or at the head of the queue when the item is
 * running -- and waits on the marker's semaphore, given by the queue
 * thread once the marker's turn has come and gone: by then everything
 * ahead of it has run.
 */
#include "kernel_internal.h"

/* Internal item flag: the item is a flush marker inside a k_work_sync. */
#define W_MARKER 0x10u

/* Queue flags. */
#define Q_STARTED 0x01u  /* accepting work (unless draining/plugged) */
#define Q_BUSY 0x02u     /* a handler is running */
#define Q_DRAINING 0x04u /* k_work_queue_drain() is waiting */
#define Q_PLUGGED 0x08u  /* refuse submissions */
#define Q_STOPPING 0x10u /* end the thread once empty */

struct k_work_q k_sys_work_q;

/* Wake the queue's thread if it waits for work. Irqs locked. */
static void notify_queue(struct k_work_q *q)
{
	struct k_thread *t = z_waitq_head(&q->notifyq);

	if (t != NULL) {
		z_wake(t, 0, NULL);
	}
}

/* 0 if @p q takes a new item now, else why not. Irqs locked. */
static int queue_accepts(const struct k_work_q *q)
{
	bool chained = z_current() == &q->thread && !arch_is_in_isr();

	if ((q->flags & Q_STARTED) == 0) {
		return -ENODEV;
	}
	if ((q->flags & Q_DRAINING) != 0) {
		return chained ? 0 : -EBUSY;
	}
	return (q->flags & Q_PLUGGED) != 0 ? -EBUSY : 0;
}

/* The rules of k_work_submit_to_queue(). Irqs locked. */
static int submit_locked(struct k_work_q *q, struct k_work *work)
{
	int ret = 1;

	if ((work->flags & K_WORK_CANCELING) != 0) {
		return -EBUSY;
	}
	if ((work->flags & K_WORK_QUEUED) != 0) {
		return 0;
	}
	if ((work->flags & K_WORK_RUNNING) != 0) {
		q = work->queue; /* never on two queues at once */
		ret = 2;
	}
	int err = queue_accepts(q);

	if (err != 0) {
		return err;
	}
	sys_dlist_append(&q->pending, &work->node);
	work->flags |= K_WORK_QUEUED;
	work->queue = q;
	notify_queue(q);
	return ret;
}

/* Dequeue; mark a running item as cancelling. Irqs locked. */
static int cancel_locked(struct k_work *work)
{
	if ((work->flags & K_WORK_QUEUED) != 0) {
		sys_dlist_remove(&work->node);
		work->flags &= ~K_WORK_QUEUED;
	}
	if ((work->flags & K_WORK_RUNNING) != 0) {
		work->flags |= K_WORK_CANCELING;
	}
	return (int)(work->flags & K_WORK_BUSY_MASK);
}

static void marker_handler(struct k_work *work)
{
	(void)work;
}

/*
 * Queue @p sync's marker behind @p work's pending instance (at the head
 * when @p work runs and is not queued), release the lock taken as @p key
 * and wait until the queue has run the marker.
 */
static int wait_behind(struct k_work *work, struct k_work_sync *sync,
		       unsigned int key)
{
	struct k_work_q *q = work->queue;

	if (z_current() == &q->thread) {
		arch_irq_unlock(key);
		return -EDEADLK;
	}
	(void)k_sem_init(&sync->done, 0, 1);
	sync->work.handler = marker_handler;
	sync->work.queue = q;
	sync->work.flags = K_WORK_QUEUED | W_MARKER;
	if ((work->flags & K_WORK_QUEUED) != 0) {
		sys_dnode_t *next = sys_dlist_peek_next(&q->pending, &work->node);

		if (next != NULL) {
			sys_dlist_insert_before(next, &sync->work.node);
		} else {
			sys_dlist_append(&q->pending, &sync->work.node);
		}
	} else {
		sys_dlist_prepend(&q->pending, &sync->work.node);
	}
	notify_queue(q);
	arch_irq_unlock(key);
	(void)k_sem_take(&sync->done, K_FOREVER);
	return 1;
}

/* ---- the queue thread ---- */

/* The next item, waiting for one; NULL when the queue is stopping.
 * Irqs locked (@p key may change across the wait). */
static struct k_work *next_work(struct k_work_q *q, unsigned int *key)
{
	sys_dnode_t *n;

	while ((n = sys_dlist_get(&q->pending)) == NULL) {
		if ((q->flags & Q_DRAINING) != 0) {
			q->flags &= ~Q_DRAINING;
			(void)z_wake_all(&q->drainq, 0);
		}
		if ((q->flags & Q_STOPPING) != 0) {
			return NULL;
		}
		(void)z_pend_curr(&q->notifyq, *key, K_FOREVER);
		*key = arch_irq_lock();
	}
	return SYS_DLIST_CONTAINER(n, struct k_work, node);
}

static void work_q_main(void *p1, void *p2, void *p3)
{
	struct k_work_q *q = p1;

	(void)p2;
	(void)p3;
	for (;;) {
		unsigned int key = arch_irq_lock();
		struct k_work *work = next_work(q, &key);

		if (work == NULL) {
			arch_irq_unlock(key);
			return;
		}
		work->flags = (work->flags & ~K_WORK_QUEUED) | K_WORK_RUNNING;
		q->flags |= Q_BUSY;
		k_work_handler_t handler = work->handler;

		arch_irq_unlock(key);
		handler(work);

		key = arch_irq_lock();
		bool marker = (work->flags & W_MARKER) != 0;

		work->flags &= ~(K_WORK_RUNNING | K_WORK_CANCELING);
		q->flags &= ~Q_BUSY;
		arch_irq_unlock(key);
		if (marker) {
			/* The last touch: the waiter may free it at once. */
			(void)k_sem_give(&SYS_DLIST_CONTAINER(work, struct k_work_sync,
							      work)->done);
		}
		k_yield();
	}
}

/* ---- work items ---- */

int k_work_init(struct k_work *work, k_work_handler_t handler)
{
	if (work == NULL || handler == NULL) {
		return -EINVAL;
	}
	sys_dnode_init(&work->node);
	work->handler = handler;
	work->queue = NULL;
	work->flags = 0;
	return 0;
}

int k_work_submit_to_queue(struct k_work_q *queue, struct k_work *work)
{
	if (queue == NULL || work == NULL) {
		return -EINVAL;
	}
	unsigned int key = arch_irq_lock();
	int ret = submit_locked(queue, work);

	z_reschedule(key);
	return ret;
}

int k_work_submit(struct k_work *work)
{
	return k_work_submit_to_queue(&k_sys_work_q, work);
}

int k_work_busy_get(const struct k_work *work)
{
	return work == NULL ? 0 : (int)(work->flags & K_WORK_BUSY_MASK);
}

int k_work_cancel(struct k_work *work)
{
	if (work == NULL) {
		return -EINVAL;
	}
	unsigned int key = arch_irq_lock();
	int ret = cancel_locked(work);

	arch_irq_unlock(key);
	return ret;
}

/* Cancel, then wait for a running handler. Irqs locked as @p key. */
static int cancel_sync_locked(struct k_work *work, struct k_work_sync *sync,
			      int was_busy, unsigned int key)
{
	(void)cancel_locked(work);
	if ((work->flags & K_WORK_RUNNING) == 0) {
		arch_irq_unlock(key);
		return was_busy != 0 ? 1 : 0;
	}
	return wait_behind(work, sync, key);
}

int k_work_cancel_sync(struct k_work *work, struct k_work_sync *sync)
{
	if (work == NULL || sync == NULL || arch_is_in_isr()) {
		return -EINVAL;
	}
	unsigned int key = arch_irq_lock();

	return cancel_sync_locked(work, sync, k_work_busy_get(work), key);
}

int k_work_flush(struct k_work *work, struct k_work_sync *sync)
{
	if (work == NULL || sync == NULL || arch_is_in_isr()) {
		return -EINVAL;
	}
	unsigned int key = arch_irq_lock();

	if ((work->flags & (K_WORK_QUEUED | K_WORK_RUNNING)) == 0) {
		arch_irq_unlock(key);
		return 0;
	}
	return wait_behind(work, sync, key);
}

/* ---- delayable work items ---- */

int k_work_init_delayable(struct k_work_delayable *dwork,
			  k_work_handler_t handler)
{
	if (dwork == NULL || k_work_init(&dwork->work, handler) != 0) {
		return -EINVAL;
	}
	sys_dnode_init(&dwork->timeout.node);
	dwork->queue = NULL;
	return 0;
}

static void delay_expired(struct _timeout *to)
{
	struct k_work_delayable *dw =
		SYS_DLIST_CONTAINER(to, struct k_work_delayable, timeout);
	unsigned int key = arch_irq_lock();

	/* Linked again: rescheduled by a nested interrupt since it expired. */
	if (!z_timeout_active(to) && (dw->work.flags & K_WORK_DELAYED) != 0) {
		dw->work.flags &= ~K_WORK_DELAYED;
		(void)submit_locked(dw->queue, &dw->work);
	}
	z_reschedule(key);
}

/* Stop a running delay. Irqs locked. */
static bool unschedule_locked(struct k_work_delayable *dw)
{
	if ((dw->work.flags & K_WORK_DELAYED) == 0) {
		return false;
	}
	(void)z_abort_timeout(&dw->timeout);
	dw->work.flags &= ~K_WORK_DELAYED;
	return true;
}

/* Start the delay, or submit now for K_NO_WAIT. Irqs locked. */
static int schedule_locked(struct k_work_q *q, struct k_work_delayable *dw,
			   k_timeout_t delay)
{
	dw->queue = q;
	if (delay.ticks == 0) {
		return submit_locked(q, &dw->work);
	}
	dw->work.flags |= K_WORK_DELAYED;
	z_add_timeout(&dw->timeout, delay_expired, delay.ticks);
	return 1;
}

static bool schedule_args_ok(struct k_work_q *q, struct k_work_delayable *dw,
			     k_timeout_t delay)
{
	return q != NULL && dw != NULL && delay.ticks >= 0;
}

int k_work_schedule_for_queue(struct k_work_q *queue,
			      struct k_work_delayable *dwork, k_timeout_t delay)
{
	if (!schedule_args_ok(queue, dwork, delay)) {
		return -EINVAL;
	}
	unsigned int key = arch_irq_lock();
	int ret = 0;

	if ((queue->flags & Q_STARTED) == 0) {
		ret = -ENODEV;
	} else if ((dwork->work.flags & (K_WORK_QUEUED | K_WORK_DELAYED)) == 0) {
		ret = schedule_locked(queue, dwork, delay);
	}
	z_reschedule(key);
	return ret;
}

int k_work_schedule(struct k_work_delayable *dwork, k_timeout_t delay)
{
	return k_work_schedule_for_queue(&k_sys_work_q, dwork, delay);
}

int k_work_reschedule_for_queue(struct k_work_q *queue,
				struct k_work_delayable *dwork, k_timeout_t delay)
{
	if (!schedule_args_ok(queue, dwork, delay)) {
		return -EINVAL;
	}
	unsigned int key = arch_irq_lock();
	int ret;

	if ((queue->flags & Q_STARTED) == 0) {
		ret = -ENODEV;
	} else {
		(void)unschedule_locked(dwork);
		ret = schedule_locked(queue, dwork, delay);
	}
	z_reschedule(key);
	return ret;
}

int k_work_reschedule(struct k_work_delayable *dwork, k_timeout_t delay)
{
	return k_work_reschedule_for_queue(&k_sys_work_q, dwork, delay);
}

int k_work_cancel_delayable(struct k_work_delayable *dwork)
{
	if (dwork == NULL) {
		return -EINVAL;
	}
	unsigned int key = arch_irq_lock();

	(void)unschedule_locked(dwork);
	int ret = cancel_locked(&dwork->work);

	arch_irq_unlock(key);
	return ret;
}

int k_work_cancel_delayable_sync(struct k_work_delayable *dwork,
				 struct k_work_sync *sync)
{
	if (dwork == NULL || sync == NULL || arch_is_in_isr()) {
		return -EINVAL;
	}
	unsigned int key = arch_irq_lock();
	int was_busy = k_work_busy_get(&dwork->work);

	(void)unschedule_locked(dwork);
	return cancel_sync_locked(&dwork->work, sync, was_busy, key);
}

int k_work_flush_delayable(struct k_work_delayable *dwork,
			   struct k_work_sync *sync)
{
	if (dwork == NULL || sync == NULL || arch_is_in_isr()) {
		return -EINVAL;
	}
	unsigned int key = arch_irq_lock();

	if (unschedule_locked(dwork)) {
		(void)submit_locked(dwork->queue, &dwork->work);
	}
	if ((dwork->work.flags & (K_WORK_QUEUED | K_WORK_RUNNING)) == 0) {
		arch_irq_unlock(key);
		return 0;
	}
	return wait_behind(&dwork->work, sync, key);
}

k_ticks_t k_work_delayable_remaining_ticks(const struct k_work_delayable *dwork)
{
	if (dwork == NULL || (dwork->work.flags & K_WORK_DELAYED) == 0) {
		return 0;
	}
	return z_timeout_remaining(&dwork->timeout);
}

/* ---- queues ---- */

int k_work_queue_init(struct k_work_q *queue)
{
	if (queue == NULL) {
		return -EINVAL;
	}
	sys_dlist_init(&queue->pending);
	z_waitq_init(&queue->notifyq);
	z_waitq_init(&queue->drainq);
	queue->flags = 0;
	return 0;
}

int k_work_queue_start(struct k_work_q *queue, k_thread_stack_t *stack,
		       size_t stack_size, int prio, const char *name)
{
	if (queue == NULL || stack == NULL || arch_is_in_isr()) {
		return -EINVAL;
	}
	unsigned int key = arch_irq_lock();

	if ((queue->flags & Q_STARTED) != 0) {
		arch_irq_unlock(key);
		return -EBUSY;
	}
	(void)k_work_queue_init(queue);
	queue->flags = Q_STARTED;
	arch_irq_unlock(key);

	int ret = k_thread_create(&queue->thread, stack, stack_size, work_q_main,
				  queue, NULL, NULL, prio, 0, K_FOREVER);

	if (ret != 0) {
		queue->flags = 0;
		return ret;
	}
	(void)k_thread_name_set(&queue->thread, name != NULL ? name : "workq");
	(void)k_thread_start(&queue->thread);
	return 0;
}

int k_work_queue_drain(struct k_work_q *queue, bool plug)
{
	if (queue == NULL || arch_is_in_isr()) {
		return -EINVAL;
	}
	unsigned int key = arch_irq_lock();

	if ((queue->flags & Q_STARTED) == 0 || z_current() == &queue->thread) {
		arch_irq_unlock(key);
		return (queue->flags & Q_STARTED) == 0 ? -ENODEV : -EDEADLK;
	}
	if (plug) {
		queue->flags |= Q_PLUGGED;
	}
	if (sys_dlist_is_empty(&queue->pending) && (queue->flags & Q_BUSY) == 0) {
		arch_irq_unlock(key);
		return 0;
	}
	queue->flags |= Q_DRAINING;
	(void)z_pend_curr(&queue->drainq, key, K_FOREVER);
	return 1;
}

int k_work_queue_unplug(struct k_work_q *queue)
{
	if (queue == NULL) {
		return -EINVAL;
	}
	unsigned int key = arch_irq_lock();
	int ret = (queue->flags & Q_PLUGGED) != 0 ? 0 : -EALREADY;

	queue->flags &= ~Q_PLUGGED;
	arch_irq_unlock(key);
	return ret;
}

int k_work_queue_stop(struct k_work_q *queue, k_timeout_t timeout)
{
	if (queue == NULL || !z_timeout_valid(timeout) || arch_is_in_isr()) {
		return -EINVAL;
	}
	unsigned int key = arch_irq_lock();
	int ret = 0;

	if ((queue->flags & Q_STARTED) == 0) {
		ret = -EALREADY;
	} else if ((queue->flags & Q_PLUGGED) == 0) {
		ret = -EBUSY;
	} else if (z_current() == &queue->thread) {
		ret = -EDEADLK;
	}
	if (ret != 0) {
		arch_irq_unlock(key);
		return ret;
	}
	queue->flags |= Q_STOPPING;
	notify_queue(queue);
	arch_irq_unlock(key);
	ret = k_thread_join(&queue->thread, timeout);
	if (ret == 0) {
		queue->flags = 0;
	}
	return ret;
}
