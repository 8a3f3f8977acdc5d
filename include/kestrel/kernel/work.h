/*
 * Kernel API: work queues (included by kestrel/kernel.h; do not include
 * directly).
 *
 * A work item (struct k_work) is a handler to run later in a thread. It is
 * submitted to a work queue (struct k_work_q): a thread that takes the
 * items one at a time, in submission order, and calls their handlers. The
 * system work queue (k_sys_work_q, CONFIG_SYSTEM_WORKQUEUE) is started at
 * boot; applications may start their own queues at other priorities.
 * A delayable work item (struct k_work_delayable) is submitted when its
 * delay ends (the delay runs in the timer interrupt).
 *
 * An item's life, and its busy flags (k_work_busy_get()):
 *   idle -> K_WORK_QUEUED (submitted) -> K_WORK_RUNNING (handler called)
 *        -> idle (handler returned)
 *   K_WORK_DELAYED: a delayable item waiting for its delay to end.
 *   K_WORK_CANCELING: cancelled while running; submissions are refused
 *        (-EBUSY) until the handler returns.
 *   Several flags may be set at once: an item submitted again while its
 *   handler runs is RUNNING and QUEUED.
 *
 * Rules:
 * - Submitting a QUEUED item does nothing and returns 0: an item is in a
 *   queue at most once. A newly queued item returns 1.
 * - Submitting a RUNNING item queues it again (returns 2), on the queue
 *   that runs it, whatever queue was asked for: one item never runs on two
 *   queues at once, and its handler calls never overlap.
 * - A handler may resubmit its own item (it runs again later).
 * - Cancelling removes a QUEUED item from its queue and stops a DELAYED
 *   item's delay; it never waits for a RUNNING handler to return (the
 *   *_sync variants do). It returns the busy flags left: 0 means the item
 *   is idle and its memory may be reused.
 * - Flushing waits until the item has finished the work that was pending
 *   when the flush was called: the QUEUED instance (if any) has run, and
 *   a RUNNING handler has returned. Submissions made after the call are
 *   not waited for. A flush of an idle item returns at once.
 * - The k_work_sync object of a flush or synchronous cancel is the
 *   caller's storage for the wait (it may live on the caller's stack); it
 *   is only used during the call.
 * - An item must not be re-initialised or freed while busy.
 *
 * Handlers run in the queue's thread with interrupts unlocked; they may
 * block (a blocked handler holds up the items behind it in its queue).
 * Between two items a queue thread yields to other ready threads of its
 * priority.
 */
#ifndef KESTREL_KERNEL_WORK_H
#define KESTREL_KERNEL_WORK_H

#ifdef __cplusplus
extern "C" {
#endif

struct k_work;
struct k_work_q;

/** A work handler; @p work is the item (for a delayable item, its .work). */
typedef void (*k_work_handler_t)(struct k_work *work);

/** Busy flags, returned by k_work_busy_get() and the cancel calls. */
#define K_WORK_RUNNING 0x01u   /**< the handler is running */
#define K_WORK_CANCELING 0x02u /**< cancelled while running */
#define K_WORK_QUEUED 0x04u    /**< in a queue, waiting to run */
#define K_WORK_DELAYED 0x08u   /**< a delayable item's delay is running */
#define K_WORK_BUSY_MASK 0x0fu

struct k_work {
	sys_dnode_t node;         /**< in the queue's pending list */
	k_work_handler_t handler;
	struct k_work_q *queue;   /**< queue it was last submitted to */
	uint32_t flags;           /**< K_WORK_* plus internal flags */
};

struct k_work_delayable {
	struct k_work work;
	struct _timeout timeout;  /**< the delay */
	struct k_work_q *queue;   /**< queue to submit to when the delay ends */
};

/** A work queue. Zero it (static storage) or k_work_queue_init() it. */
struct k_work_q {
	struct k_thread thread;   /**< the thread that runs the handlers */
	sys_dlist_t pending;      /**< queued items, in submission order */
	_wait_q_t notifyq;        /**< the queue's thread waiting for work */
	_wait_q_t drainq;         /**< callers of k_work_queue_drain() */
	uint32_t flags;           /**< internal state */
};

/** Storage for the wait of a flush or synchronous cancel. */
struct k_work_sync {
	struct k_work work;       /**< marker queued behind the awaited item */
	struct k_sem done;
};

#define Z_WORK_INITIALIZER(h)                                                \
	{ .node = { NULL, NULL }, .handler = (h), .queue = NULL, .flags = 0 }

/** Define an idle work item @p name running @p handler. */
#define K_WORK_DEFINE(name, handler)                                         \
	struct k_work name = Z_WORK_INITIALIZER(handler)

/** Define an idle delayable work item @p name running @p handler. */
#define K_WORK_DELAYABLE_DEFINE(name, handler)                               \
	struct k_work_delayable name = {                                     \
		.work = Z_WORK_INITIALIZER(handler),                         \
		.timeout = { .node = { NULL, NULL } }, .queue = NULL }

/** The system work queue (started at boot with CONFIG_SYSTEM_WORKQUEUE). */
extern struct k_work_q k_sys_work_q;

/* ------------------------------------------------------------------------
 * Work items
 */

/**
 * Initialise an idle work item.
 * @retval 0 initialised
 * @retval -EINVAL NULL @p work or @p handler
 * ISR: ok.
 */
int k_work_init(struct k_work *work, k_work_handler_t handler);

/**
 * Submit @p work to @p queue (see the rules at the top of this header).
 * The queue's thread is woken; if it outranks the caller it runs at once.
 * @retval 0 the item was already queued: nothing done
 * @retval 1 queued on @p queue
 * @retval 2 it was running, and is queued again on the queue running it
 * @retval -EBUSY refused: the item is being cancelled (K_WORK_CANCELING),
 *         or the queue is draining (only its own handlers may submit) or
 *         plugged (see k_work_queue_drain())
 * @retval -ENODEV the queue is not started
 * @retval -EINVAL NULL @p queue or @p work
 * ISR: ok.
 */
int k_work_submit_to_queue(struct k_work_q *queue, struct k_work *work);

/**
 * k_work_submit_to_queue(&k_sys_work_q, work). Without
 * CONFIG_SYSTEM_WORKQUEUE (or before POST_KERNEL init) the system queue is
 * not started: -ENODEV. ISR: ok.
 */
int k_work_submit(struct k_work *work);

/**
 * Cancel @p work: remove it from its queue if QUEUED. A RUNNING handler is
 * not waited for: the item is marked K_WORK_CANCELING and submissions are
 * refused until the handler returns.
 * @return the busy flags left (0: the item is idle; K_WORK_RUNNING |
 *         K_WORK_CANCELING: the handler is still running), or -EINVAL for
 *         NULL
 * ISR: ok.
 */
int k_work_cancel(struct k_work *work);

/**
 * Cancel @p work as k_work_cancel() does, then wait for a RUNNING handler
 * to return. On return the item is idle (unless submitted again since the
 * handler returned).
 * @retval 1 the item was busy (queued or running) when called
 * @retval 0 it was idle
 * @retval -EDEADLK called from the handler's own queue thread while the
 *         handler runs (the wait could never end): the item is cancelled
 *         as by k_work_cancel(), without the wait
 * @retval -EINVAL NULL argument, or from an ISR
 * ISR: no.
 */
int k_work_cancel_sync(struct k_work *work, struct k_work_sync *sync);

/**
 * Wait until @p work has finished the work pending at the call: its queued
 * instance has run and its running handler has returned.
 * @retval 1 waited
 * @retval 0 the item was idle: nothing to wait for
 * @retval -EDEADLK called from the queue thread that would have to run the
 *         item (the wait could never end)
 * @retval -EINVAL NULL argument, or from an ISR
 * ISR: no.
 */
int k_work_flush(struct k_work *work, struct k_work_sync *sync);

/** The item's busy flags (K_WORK_*; 0 when idle or NULL). ISR: ok. */
int k_work_busy_get(const struct k_work *work);

/** True while the item is queued, running or delayed. ISR: ok. */
static inline bool k_work_is_pending(const struct k_work *work)
{
	return k_work_busy_get(work) != 0;
}

/* ------------------------------------------------------------------------
 * Delayable work items
 */

/**
 * Initialise an idle delayable work item.
 * @retval 0 initialised
 * @retval -EINVAL NULL @p dwork or @p handler
 * ISR: ok.
 */
int k_work_init_delayable(struct k_work_delayable *dwork,
			  k_work_handler_t handler);

/** The delayable item a handler's @p work belongs to. */
static inline struct k_work_delayable *
k_work_delayable_from_work(struct k_work *work)
{
	return SYS_DLIST_CONTAINER(work, struct k_work_delayable, work);
}

/**
 * Submit @p dwork to @p queue after @p delay, unless it is already DELAYED
 * or QUEUED (then nothing changes: the earlier delay stands). K_NO_WAIT
 * submits at once, like k_work_submit_to_queue().
 * @retval 0 already delayed or queued: nothing done
 * @retval 1 delay started (or, for K_NO_WAIT, queued)
 * @retval 2 K_NO_WAIT and it was running: queued again
 * @retval -EBUSY K_NO_WAIT and the submission was refused (see
 *         k_work_submit_to_queue())
 * @retval -ENODEV @p queue is not started
 * @retval -EINVAL NULL argument, a negative delay, or K_FOREVER
 * ISR: ok.
 */
int k_work_schedule_for_queue(struct k_work_q *queue,
			      struct k_work_delayable *dwork,
			      k_timeout_t delay);

/** k_work_schedule_for_queue(&k_sys_work_q, ...). ISR: ok. */
int k_work_schedule(struct k_work_delayable *dwork, k_timeout_t delay);

/**
 * Like k_work_schedule_for_queue(), but a delay already running is
 * replaced: the item is submitted @p delay from now. A QUEUED item stays
 * queued (and, with a non-zero delay, is also submitted again when the
 * new delay ends, which does nothing if it is still queued then).
 * @retval 0 K_NO_WAIT and it was already queued
 * @retval 1 delay (re)started, or K_NO_WAIT and queued
 * @retval 2 K_NO_WAIT and it was running: queued again
 * @retval -EBUSY, -ENODEV, -EINVAL as k_work_schedule_for_queue()
 * ISR: ok.
 */
int k_work_reschedule_for_queue(struct k_work_q *queue,
				struct k_work_delayable *dwork,
				k_timeout_t delay);

/** k_work_reschedule_for_queue(&k_sys_work_q, ...). ISR: ok. */
int k_work_reschedule(struct k_work_delayable *dwork, k_timeout_t delay);

/**
 * Cancel @p dwork: stop its delay, and as k_work_cancel().
 * @return the busy flags left (0: idle), or -EINVAL for NULL
 * ISR: ok.
 */
int k_work_cancel_delayable(struct k_work_delayable *dwork);

/**
 * k_work_cancel_delayable(), then wait for a running handler to return.
 * @retval 1 the item was busy (delayed, queued or running) when called
 * @retval 0 it was idle
 * @retval -EDEADLK, -EINVAL as k_work_cancel_sync()
 * ISR: no.
 */
int k_work_cancel_delayable_sync(struct k_work_delayable *dwork,
				 struct k_work_sync *sync);

/**
 * Flush @p dwork: a running delay is cut short (the item is submitted at
 * once), then as k_work_flush().
 * @retval 1 waited
 * @retval 0 idle (or its early submission was refused): nothing to wait for
 * @retval -EDEADLK, -EINVAL as k_work_flush()
 * ISR: no.
 */
int k_work_flush_delayable(struct k_work_delayable *dwork,
			   struct k_work_sync *sync);

/** Busy flags of a delayable item (0 when idle or NULL). ISR: ok. */
static inline int k_work_delayable_busy_get(const struct k_work_delayable *dwork)
{
	return dwork == NULL ? 0 : k_work_busy_get(&dwork->work);
}

/** True while the delayable item is delayed, queued or running. ISR: ok. */
static inline bool k_work_delayable_is_pending(const struct k_work_delayable *dwork)
{
	return k_work_delayable_busy_get(dwork) != 0;
}

/**
 * Ticks until a DELAYED item is submitted (0 when not delayed or NULL).
 * ISR: ok.
 */
k_ticks_t k_work_delayable_remaining_ticks(const struct k_work_delayable *dwork);

/* ------------------------------------------------------------------------
 * Work queues
 */

/**
 * Prepare a queue object for k_work_queue_start() (a queue in zeroed
 * static storage needs no init). Submissions to it fail with -ENODEV
 * until it is started.
 * @retval 0 initialised
 * @retval -EINVAL NULL @p queue
 * ISR: ok.
 */
int k_work_queue_init(struct k_work_q *queue);

/**
 * Start a work queue: create its thread on @p stack at priority @p prio
 * and name it @p name (may be NULL).
 * @param stack      from K_THREAD_STACK_DEFINE
 * @param stack_size K_THREAD_STACK_SIZEOF(stack)
 * @param prio       K_HIGHEST_PRIO .. K_LOWEST_APP_PRIO; a cooperative
 *                   (negative) priority runs each handler to completion
 *                   before any thread of lower priority runs
 * @retval 0 started
 * @retval -EBUSY the queue is already started
 * @retval -EINVAL NULL @p queue or @p stack, or anything
 *         k_thread_create() refuses (stack too small, bad priority), or
 *         from an ISR
 * ISR: no.
 */
int k_work_queue_start(struct k_work_q *queue, k_thread_stack_t *stack,
		       size_t stack_size, int prio, const char *name);

/**
 * Wait until @p queue has no queued and no running item. While it drains,
 * only the queue's own handlers may submit to it (others get -EBUSY), so
 * chains of items that submit each other run to the end. With @p plug the
 * queue stays closed to every submission after the drain, until
 * k_work_queue_unplug().
 * @retval 1 waited
 * @retval 0 the queue was already empty
 * @retval -ENODEV the queue is not started
 * @retval -EDEADLK called from the queue's own thread
 * @retval -EINVAL NULL @p queue, or from an ISR
 * ISR: no.
 */
int k_work_queue_drain(struct k_work_q *queue, bool plug);

/**
 * Accept submissions again after k_work_queue_drain(queue, true).
 * @retval 0 unplugged
 * @retval -EALREADY the queue was not plugged
 * @retval -EINVAL NULL @p queue
 * ISR: ok.
 */
int k_work_queue_unplug(struct k_work_q *queue);

/**
 * Stop a plugged, empty queue: its thread ends, and the queue (and its
 * stack) may be started again or reused. Drain it with plug first.
 * @retval 0 stopped
 * @retval -EALREADY the queue is not started
 * @retval -EBUSY the queue is not plugged (k_work_queue_drain(q, true)),
 *         or @p timeout (K_NO_WAIT) and its thread has not ended yet
 * @retval -EAGAIN its thread did not end within @p timeout (it is still
 *         stopping: call again to wait more)
 * @retval -EDEADLK called from the queue's own thread
 * @retval -EINVAL NULL @p queue, a negative timeout, or from an ISR
 * ISR: no.
 */
int k_work_queue_stop(struct k_work_q *queue, k_timeout_t timeout);

/** The thread of a started queue (NULL for NULL). ISR: ok. */
static inline k_tid_t k_work_queue_thread_get(struct k_work_q *queue)
{
	return queue == NULL ? NULL : &queue->thread;
}

#ifdef __cplusplus
}
#endif

#endif
