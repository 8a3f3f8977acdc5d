/*
 * RV32 machine mode: the interrupt-lock functions of the arch interface,
 * inline (they sit on every kernel path; a call would cost more than they
 * do). Semantics as written in kernel/include/arch_interface.h. Interrupt
 * locking is mstatus.MIE; the key is the MIE bit as it was.
 */
#ifndef KESTREL_ARCH_RISCV_INLINES_H
#define KESTREL_ARCH_RISCV_INLINES_H

#include <stdbool.h>
#include <stdint.h>

#include "riscv_hw.h"

#define ARCH_INLINE_IRQ 1

/* ISR nesting depth, kept by the trap path (arch/riscv/trap.c). */
extern volatile uint32_t z_riscv_isr_nesting;

static inline __attribute__((always_inline)) unsigned int arch_irq_lock(void)
{
	unsigned int mstatus;

	__asm__ volatile("csrrci %0, mstatus, %1"
			 : "=r"(mstatus)
			 : "i"(MSTATUS_MIE)
			 : "memory");
	return mstatus & MSTATUS_MIE;
}

static inline __attribute__((always_inline)) void arch_irq_unlock(unsigned int key)
{
	if ((key & MSTATUS_MIE) != 0) {
		__asm__ volatile("csrsi mstatus, %0" : : "i"(MSTATUS_MIE) : "memory");
	}
}

static inline __attribute__((always_inline)) bool arch_is_in_isr(void)
{
	return z_riscv_isr_nesting > 0;
}

#endif
