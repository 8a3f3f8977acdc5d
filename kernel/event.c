/*
 * Event groups: 32 event bits threads wait on.
 *
 * A waiter describes what it waits for in a struct event_req (in
 * swap_data while it pends). Each post or set checks every waiter, best
 * first, against the new bits, records what it matched and wakes it; the
 * bits consumed by K_EVENT_WAIT_CLEAR waiters are cleared after the whole
 * wait queue was checked, so one post reaches every waiter it satisfies.
 */
#include "kernel_internal.h"

#define WAIT_OPTIONS (K_EVENT_WAIT_ALL | K_EVENT_WAIT_RESET | K_EVENT_WAIT_CLEAR)

struct event_req {
	uint32_t events;
	uint32_t options;
	uint32_t matched;
};

/* The bits of @p wanted that satisfy a wait with @p options, or 0. */
static uint32_t match(uint32_t current, uint32_t wanted, uint32_t options)
{
	uint32_t m = current & wanted;

	if ((options & K_EVENT_WAIT_ALL) != 0 && m != wanted) {
		return 0;
	}
	return m;
}

/* The state changed point (post/set): wake every waiter now satisfied and
 * tell k_poll. The caller reschedules. Irqs locked. */
static void events_changed(struct k_event *ev)
{
	uint32_t consumed = 0;
	sys_dnode_t *n, *s;

	SYS_DLIST_FOR_EACH_NODE_SAFE(&ev->wait_q.waitq, n, s) {
		struct k_thread *t = SYS_DLIST_CONTAINER(n, struct k_thread, qnode);
		struct event_req *r = t->swap_data;
		uint32_t m = match(ev->events, r->events, r->options);

		if (m != 0) {
			r->matched = m;
			if ((r->options & K_EVENT_WAIT_CLEAR) != 0) {
				consumed |= m;
			}
			z_wake(t, 0, NULL);
		}
	}
	ev->events &= ~consumed;
	(void)z_poll_notify(ev);
}

int k_event_init(struct k_event *event)
{
	if (event == NULL) {
		return -EINVAL;
	}
	z_waitq_init(&event->wait_q);
	event->events = 0;
	return 0;
}

static int event_update(struct k_event *ev, uint32_t keep, uint32_t add)
{
	if (ev == NULL) {
		return -EINVAL;
	}
	unsigned int key = arch_irq_lock();

	ev->events = (ev->events & keep) | add;
	events_changed(ev);
	z_reschedule(key);
	return 0;
}

int k_event_post(struct k_event *event, uint32_t events)
{
	return event_update(event, UINT32_MAX, events);
}

int k_event_set(struct k_event *event, uint32_t events)
{
	return event_update(event, 0, events);
}

int k_event_clear(struct k_event *event, uint32_t events)
{
	if (event == NULL) {
		return -EINVAL;
	}
	unsigned int key = arch_irq_lock();

	event->events &= ~events;
	arch_irq_unlock(key);
	return 0;
}

uint32_t k_event_wait(struct k_event *event, uint32_t events, uint32_t options,
		      k_timeout_t timeout)
{
	if (event == NULL || events == 0 || (options & ~WAIT_OPTIONS) != 0 ||
	    !z_timeout_valid(timeout) || (timeout.ticks != 0 && arch_is_in_isr())) {
		return 0;
	}
	unsigned int key = arch_irq_lock();

	if ((options & K_EVENT_WAIT_RESET) != 0) {
		event->events &= ~events;
	}
	uint32_t m = match(event->events, events, options);

	if (m != 0 || timeout.ticks == 0) {
		if ((options & K_EVENT_WAIT_CLEAR) != 0) {
			event->events &= ~m;
		}
		arch_irq_unlock(key);
		return m;
	}
	struct event_req req = { .events = events, .options = options, .matched = 0 };

	z_current()->swap_data = &req;
	return z_pend_curr(&event->wait_q, key, timeout) == 0 ? req.matched : 0;
}

uint32_t k_event_test(struct k_event *event, uint32_t events)
{
	return event == NULL ? 0u : event->events & events;
}
