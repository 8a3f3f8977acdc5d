/*
 * The C side of every trap: count the ISR nesting (arch_is_in_isr) and
 * dispatch by mcause. trap.S does the saving, the stack change and, for a
 * trap from a thread, the reschedule on the way out.
 */
#include <kestrel/kernel.h>

#include "arch_interface.h"
#include "riscv_hw.h"
#include "riscv_trap.h"

volatile uint32_t z_riscv_isr_nesting;

static void dispatch_interrupt(uint32_t code)
{
	switch (code) {
	case IRQ_M_TIMER:
		/* Not preemptible: between the driver's count of announced
		 * ticks and the kernel's, the clock must not be read. */
		z_riscv_mtimer_isr();
		break;
	case IRQ_M_SOFT:
		/* irq_offload: runs like an interrupt, not preempted. */
		z_riscv_offload_isr();
		break;
	case IRQ_M_EXT:
		z_riscv_plic_isr();
		break;
	default:
		/* Not enabled in mie: cannot happen. Mask it should it. */
		__asm__ volatile("csrc mie, %0" : : "r"(1u << (code & 31u)));
		break;
	}
}

void z_riscv_trap(struct riscv_trap_ctx *ctx)
{
	uint32_t mcause;

	__asm__ volatile("csrr %0, mcause" : "=r"(mcause));
	z_riscv_isr_nesting++;
	if ((mcause & MCAUSE_INTERRUPT) != 0) {
		dispatch_interrupt(MCAUSE_CODE(mcause));
	} else {
		/* Returns only when the faulting thread was aborted: trap.S
		 * then switches away from it for good. */
		z_riscv_fault(ctx, mcause);
	}
	z_riscv_isr_nesting--;
}
