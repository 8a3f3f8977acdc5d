/*
 * k_poll: wait until any of several objects is ready (included by
 * kestrel/kernel.h; do not include directly).
 *
 *   struct k_poll_event ev[2] = {
 *       K_POLL_EVENT_INITIALIZER(K_POLL_TYPE_SEM_AVAILABLE, &sem),
 *       K_POLL_EVENT_INITIALIZER(K_POLL_TYPE_SIGNAL, &signal),
 *   };
 *   k_poll(ev, 2, K_MSEC(100));    // then look at ev[i].state
 *
 * k_poll does not take anything: when it returns 0, each ready event's
 * `state` says so and the caller takes the object itself (e.g.
 * k_sem_take(sem, K_NO_WAIT)), which can still fail if another thread got
 * there first. Objects tell pollers about changes at their one
 * "state changed" point (give, put, post, raise).
 */
#ifndef KESTREL_KERNEL_POLL_H
#define KESTREL_KERNEL_POLL_H

#include <stdint.h>

enum k_poll_type {
	K_POLL_TYPE_SEM_AVAILABLE = 1,  /**< obj: struct k_sem, count > 0 */
	K_POLL_TYPE_SIGNAL = 2,         /**< obj: struct k_poll_signal, raised */
	K_POLL_TYPE_MSGQ_DATA_AVAILABLE = 3, /**< obj: struct k_msgq, not empty */
	K_POLL_TYPE_FIFO_DATA_AVAILABLE = 4, /**< obj: struct k_fifo, not empty */
};

/** Values of k_poll_event.state. */
#define K_POLL_STATE_NOT_READY 0
#define K_POLL_STATE_READY 1

/** A signal: a flag with a result, raised by one party, polled by another. */
struct k_poll_signal {
	volatile unsigned int signaled; /**< raised and not reset */
	volatile int result;            /**< value given to k_poll_signal_raise() */
};

#define K_POLL_SIGNAL_INITIALIZER { 0, 0 }

struct k_poll_event {
	void *obj;          /**< the object, of the type below */
	uint8_t type;       /**< enum k_poll_type */
	uint8_t state;      /**< K_POLL_STATE_*, set by k_poll() */
	struct k_thread *poller; /**< internal: the polling thread */
	struct k_poll_event *next_active; /**< internal: list of waiting events */
};

#define K_POLL_EVENT_INITIALIZER(_type, _obj)                                \
	{ .obj = (_obj), .type = (_type), .state = K_POLL_STATE_NOT_READY,  \
	  .poller = NULL, .next_active = NULL }

/**
 * Initialise one event.
 * @retval 0 @retval -EINVAL NULL event or object, or an unknown type
 */
int k_poll_event_init(struct k_poll_event *event, uint32_t type, void *obj);

/**
 * Wait until at least one of @p events is ready, up to @p timeout.
 * @retval 0 at least one is ready: see each event's state
 * @retval -EAGAIN the timeout expired (or K_NO_WAIT and none ready)
 * @retval -EINVAL NULL/empty array, a bad event, a negative timeout, or a
 *         waiting call from an ISR
 * ISR: ok with K_NO_WAIT.
 */
int k_poll(struct k_poll_event *events, int num_events, k_timeout_t timeout);

/** @retval 0 @retval -EINVAL NULL. */
int k_poll_signal_init(struct k_poll_signal *sig);

/**
 * Raise @p sig with @p result: wakes threads polling it. ISR: ok.
 * @retval 0 @retval -EINVAL NULL
 */
int k_poll_signal_raise(struct k_poll_signal *sig, int result);

/** Lower @p sig again. @retval 0 @retval -EINVAL NULL. ISR: ok. */
int k_poll_signal_reset(struct k_poll_signal *sig);

/**
 * Internal: an object's state changed (called by its give/put/post with
 * irqs locked). Wakes pollers whose condition now holds; true if it woke
 * one (the caller must then reschedule). One load and branch when no
 * thread is polling.
 */
extern struct k_poll_event *z_poll_active;
bool z_poll_notify_slow(const void *obj);

static inline bool z_poll_notify(const void *obj)
{
	return z_poll_active != NULL && z_poll_notify_slow(obj);
}

#endif
