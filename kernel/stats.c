/*
 * Observability: stack high watermarks, per-thread CPU time, thread state
 * names, timer interrupt count.
 */
#include <string.h>

#include <kestrel/drivers/system_timer.h>

#include "kernel_internal.h"

#define STACK_FILL 0xaa
#define STACK_TOP_KEEP 256

static uint64_t switched_in_at; /* cycle count when current started running */

void z_stack_fill(struct k_thread *t)
{
	if (IS_ENABLED(CONFIG_INIT_STACKS)) {
		/* Below the initial frame the port put at the top (it is
		 * smaller than STACK_TOP_KEEP on every port). */
		if (t->stack_size > STACK_TOP_KEEP) {
			memset(t->stack_start, STACK_FILL, t->stack_size - STACK_TOP_KEEP);
		}
	}
}

int k_thread_stack_space_get(const struct k_thread *thread, size_t *unused)
{
	if (thread == NULL || unused == NULL) {
		return -EINVAL;
	}
	if (!IS_ENABLED(CONFIG_INIT_STACKS)) {
		return -ENOTSUP;
	}
	/* The sentinel word sits at the very bottom; count the fill above. */
	const unsigned char *p = (const unsigned char *)thread->stack_start;
	size_t n = IS_ENABLED(CONFIG_STACK_SENTINEL) ? sizeof(uint32_t) : 0;

	while (n < thread->stack_size && p[n] == STACK_FILL) {
		n++;
	}
	*unused = n;
	return 0;
}

uint64_t k_cycle_get_64(void)
{
	return sys_clock_cycle_get_64();
}

/* Called through z_runtime_switch() at each switch (irqs locked). */
void z_runtime_stats_switch(struct k_thread *old)
{
	uint64_t now = sys_clock_cycle_get_64();

	old->runtime_cycles += now - switched_in_at;
	switched_in_at = now;
}

int k_thread_runtime_stats_get(k_tid_t thread,
			       struct k_thread_runtime_stats *stats)
{
	if (thread == NULL || stats == NULL) {
		return -EINVAL;
	}
	if (!IS_ENABLED(CONFIG_THREAD_RUNTIME_STATS)) {
		return -ENOTSUP;
	}
	unsigned int key = arch_irq_lock();

	stats->execution_cycles = thread->runtime_cycles;
	if (thread == z_current()) {
		stats->execution_cycles += sys_clock_cycle_get_64() - switched_in_at;
	}
	arch_irq_unlock(key);
	return 0;
}

const char *k_thread_state_str(k_tid_t thread, char *buf, size_t size)
{
	static const struct {
		uint8_t bit;
		const char *name;
	} names[] = {
		{ K_THREAD_DEAD, "dead" },         { K_THREAD_PRESTART, "prestart" },
		{ K_THREAD_PENDING, "pending" },   { K_THREAD_SLEEPING, "sleeping" },
		{ K_THREAD_READY, "ready" },
	};
	const char *s = "unknown";

	if (buf == NULL || size == 0) {
		return "";
	}
	buf[0] = '\0';
	if (thread == NULL) {
		return buf;
	}
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		if ((thread->state & names[i].bit) != 0) {
			s = names[i].name;
			break;
		}
	}
	if (thread == z_current() && (thread->state & K_THREAD_READY) != 0) {
		s = "running";
	}
	if (strlen(s) < size) {
		memcpy(buf, s, strlen(s) + 1);
	}
	return buf;
}
