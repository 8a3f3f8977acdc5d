/*
 * External interrupt lines through the PLIC, for hart 0 in machine mode
 * (PLIC context 0). Line 0 does not exist (the PLIC's "no interrupt").
 *
 * Kernel priority 0 (most urgent) .. 6 map to PLIC priorities 7 .. 1;
 * PLIC priority 0 means "never", which is what a line that was never
 * connected has. There is no zero-latency level: irq_lock() clears
 * mstatus.MIE, which masks everything.
 *
 * Nesting: a line's ISR runs with interrupts open and the PLIC threshold
 * at the line's priority, so only more urgent lines preempt it. The
 * CLINT's timer and software (irq_offload) interrupts stay masked in mie
 * meanwhile, and their own handlers run with interrupts masked: the timer
 * neither preempts a line's ISR nor is preempted.
 */
#include <kestrel/irq.h>
#include <kestrel/kernel.h>

#include "arch_interface.h"
#include "riscv_hw.h"
#include "riscv_trap.h"

static struct {
	void (*isr)(const void *arg);
	const void *arg;
} irq_table[CONFIG_NUM_IRQS];

void z_riscv_plic_init(void)
{
	for (unsigned int w = 0; w < (CONFIG_NUM_IRQS + 31u) / 32u; w++) {
		RISCV_PLIC_ENABLE(w) = 0;
	}
	for (unsigned int irq = 1; irq < CONFIG_NUM_IRQS; irq++) {
		RISCV_PLIC_PRIO(irq) = 0;
	}
	RISCV_PLIC_THRESHOLD = 0; /* every priority above 0 interrupts */
}

/* Run @p isr(@p arg) open to PLIC lines above @p threshold only. Called
 * and returns with interrupts masked. */
static void run_preemptible(void (*isr)(const void *arg), const void *arg,
			    uint32_t threshold)
{
	uint32_t prev_threshold = RISCV_PLIC_THRESHOLD;
	uint32_t clint_bits;

	RISCV_PLIC_THRESHOLD = threshold;
	__asm__ volatile("csrrc %0, mie, %1"
			 : "=r"(clint_bits)
			 : "r"(MIE_MTIE | MIE_MSIE)
			 : "memory");
	__asm__ volatile("csrsi mstatus, %0" : : "i"(MSTATUS_MIE) : "memory");
	isr(arg);
	__asm__ volatile("csrci mstatus, %0" : : "i"(MSTATUS_MIE) : "memory");
	riscv_mie_set(clint_bits & (MIE_MTIE | MIE_MSIE));
	RISCV_PLIC_THRESHOLD = prev_threshold;
}

/* Claim and handle every pending line, then return to the trap exit. */
void z_riscv_plic_isr(void)
{
	uint32_t irq;

	while ((irq = RISCV_PLIC_CLAIM) != 0) {
		if (irq < CONFIG_NUM_IRQS && irq_table[irq].isr != NULL) {
			run_preemptible(irq_table[irq].isr, irq_table[irq].arg,
					RISCV_PLIC_PRIO(irq));
		}
		RISCV_PLIC_CLAIM = irq; /* complete: the line may fire again */
	}
}

int arch_irq_connect(unsigned int irq, unsigned int prio,
		     void (*isr)(const void *arg), const void *arg)
{
	if (prio == IRQ_PRIO_ZERO_LATENCY) {
		return -ENOTSUP;
	}
	if (irq == 0 || irq >= CONFIG_NUM_IRQS || prio >= RISCV_PLIC_MAX_PRIO) {
		return -EINVAL;
	}
	unsigned int key = arch_irq_lock();

	irq_table[irq].isr = isr;
	irq_table[irq].arg = arg;
	RISCV_PLIC_PRIO(irq) = RISCV_PLIC_MAX_PRIO - prio;
	arch_irq_unlock(key);
	return 0;
}

void arch_irq_enable(unsigned int irq)
{
	if (irq != 0 && irq < CONFIG_NUM_IRQS) {
		unsigned int key = arch_irq_lock();

		RISCV_PLIC_ENABLE(irq / 32u) |= 1u << (irq % 32u);
		/* QEMU's PLIC only re-evaluates its output on priority,
		 * threshold and claim accesses: rewrite the threshold so a
		 * line that was already pending is delivered now. */
		RISCV_PLIC_THRESHOLD = RISCV_PLIC_THRESHOLD;
		arch_irq_unlock(key);
	}
}

void arch_irq_disable(unsigned int irq)
{
	if (irq != 0 && irq < CONFIG_NUM_IRQS) {
		unsigned int key = arch_irq_lock();

		RISCV_PLIC_ENABLE(irq / 32u) &= ~(1u << (irq % 32u));
		arch_irq_unlock(key);
	}
}
