/*
 * native_sim: the interrupt-lock functions of the arch interface, inline
 * (they sit on every kernel path; a call would cost more than they do).
 * Semantics as written in kernel/include/arch_interface.h. "Interrupts"
 * are simulated: unlocking delivers the pending ones (arch/posix/hw_model.c).
 */
#ifndef KESTREL_ARCH_POSIX_INLINES_H
#define KESTREL_ARCH_POSIX_INLINES_H

#include <stdbool.h>

#define ARCH_INLINE_IRQ 1

/* The simulated CPU's lock and ISR nesting (arch/posix/core.c). */
extern bool posix_irq_locked;
extern int posix_isr_nesting;
void posix_irq_dispatch(void);

static inline __attribute__((always_inline)) unsigned int arch_irq_lock(void)
{
	unsigned int key = posix_irq_locked ? 1u : 0u;

	posix_irq_locked = true;
	return key;
}

static inline __attribute__((always_inline)) void arch_irq_unlock(unsigned int key)
{
	if (key == 0) {
		posix_irq_locked = false;
		posix_irq_dispatch();
	}
}

static inline __attribute__((always_inline)) bool arch_is_in_isr(void)
{
	return posix_isr_nesting > 0;
}

#endif
