/*
 * k_poll: wait on several objects at once.
 *
 * A polling thread links its events into one kernel-wide list of active
 * events and pends on the pollers' wait queue. An object whose state
 * changes calls z_poll_notify(obj); events on that object whose condition
 * now holds wake their poller. The list is only walked when someone polls,
 * so objects pay one load and branch when nobody does.
 */
#include "kernel_internal.h"

struct k_poll_event *z_poll_active; /* events of threads in k_poll() */
static _wait_q_t pollers = Z_WAIT_Q_INIT(&pollers);

static bool type_valid(uint32_t type)
{
	return type >= K_POLL_TYPE_SEM_AVAILABLE && type <= K_POLL_TYPE_FIFO_DATA_AVAILABLE;
}

static bool is_ready(const struct k_poll_event *ev)
{
	switch (ev->type) {
	case K_POLL_TYPE_SEM_AVAILABLE:
		return ((const struct k_sem *)ev->obj)->count > 0;
	case K_POLL_TYPE_SIGNAL:
		return ((const struct k_poll_signal *)ev->obj)->signaled != 0;
	case K_POLL_TYPE_MSGQ_DATA_AVAILABLE:
		return k_msgq_num_used_get((struct k_msgq *)ev->obj) > 0;
	case K_POLL_TYPE_FIFO_DATA_AVAILABLE:
		return !k_fifo_is_empty((struct k_fifo *)ev->obj);
	default:
		return false;
	}
}

/* Set every event's state; the number ready. Irqs locked. */
static int mark(struct k_poll_event *events, int n)
{
	int ready = 0;

	for (int i = 0; i < n; i++) {
		events[i].state = is_ready(&events[i]) ? K_POLL_STATE_READY
						       : K_POLL_STATE_NOT_READY;
		ready += events[i].state == K_POLL_STATE_READY;
	}
	return ready;
}

static void unlink_events(struct k_poll_event *events, int n)
{
	for (struct k_poll_event **pp = &z_poll_active; *pp != NULL;) {
		struct k_poll_event *ev = *pp;

		if (ev >= events && ev < events + n) {
			*pp = ev->next_active;
			ev->next_active = NULL;
			ev->poller = NULL;
		} else {
			pp = &ev->next_active;
		}
	}
}

int k_poll_event_init(struct k_poll_event *event, uint32_t type, void *obj)
{
	if (event == NULL || obj == NULL || !type_valid(type)) {
		return -EINVAL;
	}
	event->obj = obj;
	event->type = (uint8_t)type;
	event->state = K_POLL_STATE_NOT_READY;
	event->poller = NULL;
	event->next_active = NULL;
	return 0;
}

static bool events_valid(const struct k_poll_event *events, int n)
{
	if (events == NULL || n <= 0) {
		return false;
	}
	for (int i = 0; i < n; i++) {
		if (events[i].obj == NULL || !type_valid(events[i].type)) {
			return false;
		}
	}
	return true;
}

int k_poll(struct k_poll_event *events, int num_events, k_timeout_t timeout)
{
	if (!events_valid(events, num_events) || !z_timeout_valid(timeout) ||
	    (timeout.ticks != 0 && arch_is_in_isr())) {
		return -EINVAL;
	}
	unsigned int key = arch_irq_lock();

	if (mark(events, num_events) > 0 || timeout.ticks == 0) {
		int ready = mark(events, num_events);

		arch_irq_unlock(key);
		return ready > 0 ? 0 : -EAGAIN;
	}
	for (int i = 0; i < num_events; i++) {
		events[i].poller = z_current();
		events[i].next_active = z_poll_active;
		z_poll_active = &events[i];
	}
	(void)z_pend_curr(&pollers, key, timeout);
	key = arch_irq_lock();
	unlink_events(events, num_events);
	int ready = mark(events, num_events); /* a timeout may race a change */

	arch_irq_unlock(key);
	return ready > 0 ? 0 : -EAGAIN;
}

bool z_poll_notify_slow(const void *obj)
{
	bool woken = false;

	for (struct k_poll_event *ev = z_poll_active; ev != NULL; ev = ev->next_active) {
		struct k_thread *t = ev->poller;

		if (ev->obj == obj && t != NULL && t->pended_on == &pollers &&
		    is_ready(ev)) {
			z_wake(t, 0, NULL);
			woken = true;
		}
	}
	return woken;
}

int k_poll_signal_init(struct k_poll_signal *sig)
{
	if (sig == NULL) {
		return -EINVAL;
	}
	sig->signaled = 0;
	sig->result = 0;
	return 0;
}

int k_poll_signal_raise(struct k_poll_signal *sig, int result)
{
	if (sig == NULL) {
		return -EINVAL;
	}
	unsigned int key = arch_irq_lock();

	sig->result = result;
	sig->signaled = 1;
	if (z_poll_notify(sig)) {
		z_reschedule(key);
	} else {
		arch_irq_unlock(key);
	}
	return 0;
}

int k_poll_signal_reset(struct k_poll_signal *sig)
{
	if (sig == NULL) {
		return -EINVAL;
	}
	sig->signaled = 0;
	return 0;
}
