/*
 * ARMv7-M: the interrupt-lock functions and the thread-context switch of
 * the arch interface, inline (they sit on every kernel path; a call would
 * cost more than they do). Semantics as written in
 * kernel/include/arch_interface.h.
 */
#ifndef KESTREL_ARCH_ARM_INLINES_H
#define KESTREL_ARCH_ARM_INLINES_H

#include <stdbool.h>
#include <kestrel/arch/arm/cmsis.h>

#define ARCH_INLINE_IRQ 1
#define ARCH_INLINE_SWITCH_UNLOCK 1

struct k_thread;

/* What PendSV works on (arch/arm/core.c): running = the thread whose
 * registers the CPU holds, next = the thread to run. */
struct arm_switch_state {
	struct k_thread *running;
	struct k_thread *volatile next;
};
extern struct arm_switch_state arm_switch_state;

static inline __attribute__((always_inline)) unsigned int arch_irq_lock(void)
{
	unsigned int key = arm_get_basepri();

	arm_set_basepri(ARM_LOCK_PRIO);
	return key;
}

static inline __attribute__((always_inline)) void arch_irq_unlock(unsigned int key)
{
	arm_set_basepri(key);
}

static inline __attribute__((always_inline)) bool arch_is_in_isr(void)
{
	return arm_get_ipsr() != 0;
}

/* Name @p new for PendSV and pend it; it is taken as soon as BASEPRI lets
 * it: here, when the caller held no outer lock (key 0), else in the
 * moment BASEPRI opens. */
static inline __attribute__((always_inline)) void arch_switch_unlock(struct k_thread *old, struct k_thread *new,
				      unsigned int key)
{
	(void)old; /* the running thread in thread context */
	arm_switch_state.next = new;
	SCB_ICSR = ICSR_PENDSVSET;
	if (key != 0) {
		arm_set_basepri(0);
	}
	arm_set_basepri(key);
}

#endif
