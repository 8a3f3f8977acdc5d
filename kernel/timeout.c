/*
 * Timeouts and the kernel clock.
 *
 * Pending timeouts sit in a delta list: each entry stores the ticks after
 * the entry before it, so the timer interrupt only looks at the head. The
 * design is tickless: after every change the system timer driver is told
 * when the head expires (sys_clock_set_timeout), and the driver reports
 * elapsed ticks with sys_clock_announce(). A ticking driver works too.
 */
#include <kestrel/drivers/system_timer.h>

#include "kernel_internal.h"

static sys_dlist_t timeout_list = SYS_DLIST_STATIC_INIT(&timeout_list);
static k_ticks_t curr_tick;          /* ticks announced so far */
static k_ticks_t announce_remaining; /* ticks of the announce in progress */
static uint32_t announce_count;      /* timer interrupts: shows tickless */

uint32_t k_sys_clock_announce_count(void)
{
	return announce_count;
}

static struct _timeout *first(void)
{
	sys_dnode_t *n = sys_dlist_peek_head(&timeout_list);

	return n == NULL ? NULL : SYS_DLIST_CONTAINER(n, struct _timeout, node);
}

static struct _timeout *next(struct _timeout *t)
{
	sys_dnode_t *n = sys_dlist_peek_next(&timeout_list, &t->node);

	return n == NULL ? NULL : SYS_DLIST_CONTAINER(n, struct _timeout, node);
}

/* Ticks not yet announced (0 while an announce is running). */
static k_ticks_t elapsed(void)
{
	return announce_remaining == 0 ? sys_clock_elapsed() : 0;
}

static k_ticks_t next_timeout(void)
{
	struct _timeout *t = first();

	if (t == NULL) {
		return K_TICKS_FOREVER;
	}
	return MAX((k_ticks_t)0, t->dticks - elapsed());
}

void z_add_timeout(struct _timeout *to, _timeout_func_t fn, k_ticks_t ticks)
{
	unsigned int key = arch_irq_lock();
	struct _timeout *t;

	to->fn = fn;
	to->dticks = MAX((k_ticks_t)1, ticks) + elapsed();
	for (t = first(); t != NULL; t = next(t)) {
		if (t->dticks > to->dticks) {
			t->dticks -= to->dticks;
			sys_dlist_insert_before(&t->node, &to->node);
			break;
		}
		to->dticks -= t->dticks;
	}
	if (t == NULL) {
		sys_dlist_append(&timeout_list, &to->node);
	}
	if (to == first() && announce_remaining == 0) {
		sys_clock_set_timeout(next_timeout(), false);
	}
	arch_irq_unlock(key);
}

int z_abort_timeout(struct _timeout *to)
{
	if (!z_timeout_active(to)) {
		return -EINVAL; /* the common case on every wake: nothing to undo */
	}
	unsigned int key = arch_irq_lock();
	int ret = -EINVAL;

	if (z_timeout_active(to)) {
		struct _timeout *n = next(to);

		if (n != NULL) {
			n->dticks += to->dticks;
		}
		sys_dlist_remove(&to->node);
		ret = 0;
	}
	arch_irq_unlock(key);
	return ret;
}

k_ticks_t z_timeout_remaining(const struct _timeout *to)
{
	unsigned int key = arch_irq_lock();
	k_ticks_t ticks = 0;

	if (z_timeout_active(to)) {
		for (struct _timeout *t = first(); t != NULL; t = next(t)) {
			ticks += t->dticks;
			if (t == to) {
				break;
			}
		}
		ticks = MAX((k_ticks_t)0, ticks - elapsed());
	}
	arch_irq_unlock(key);
	return ticks;
}

void sys_clock_announce(k_ticks_t ticks)
{
	unsigned int key = arch_irq_lock();
	struct _timeout *t;

	announce_count++;
	announce_remaining = ticks;
	while ((t = first()) != NULL && t->dticks <= announce_remaining) {
		k_ticks_t dt = t->dticks;

		curr_tick += dt;
		announce_remaining -= dt;
		t->dticks = 0;
		sys_dlist_remove(&t->node);
		arch_irq_unlock(key);
		t->fn(t);
		key = arch_irq_lock();
	}
	if (t != NULL) {
		t->dticks -= announce_remaining;
	}
	curr_tick += announce_remaining;
	announce_remaining = 0;
	sys_clock_set_timeout(next_timeout(), false);
	arch_irq_unlock(key);
}

k_ticks_t k_uptime_ticks(void)
{
	unsigned int key = arch_irq_lock();
	k_ticks_t t = curr_tick + elapsed();

	arch_irq_unlock(key);
	return t;
}

void k_busy_wait(uint32_t usec)
{
	arch_busy_wait(usec);
}
