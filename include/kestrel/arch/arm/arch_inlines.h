/*
 * ARMv7-M: the interrupt-lock functions of the arch interface, inline
 * (they sit on every kernel path; a call would cost more than they do).
 * Semantics as written in kernel/include/arch_interface.h.
 */
#ifndef KESTREL_ARCH_ARM_INLINES_H
#define KESTREL_ARCH_ARM_INLINES_H

#include <stdbool.h>
#include <kestrel/arch/arm/cmsis.h>

#define ARCH_INLINE_IRQ 1

static inline unsigned int arch_irq_lock(void)
{
	unsigned int key = arm_get_basepri();

	arm_set_basepri(ARM_LOCK_PRIO);
	return key;
}

static inline void arch_irq_unlock(unsigned int key)
{
	arm_set_basepri(key);
}

static inline bool arch_is_in_isr(void)
{
	return arm_get_ipsr() != 0;
}

#endif
