/*
 * RV32 machine-mode CPU port: threads, interrupt locking, idle, time and
 * exit. The trap path is in trap.S/trap.c, the PLIC in irq.c, the fault
 * report in fault.c.
 *
 * Interrupt locking is mstatus.MIE; there is no priority masking. Every
 * context switch happens with MIE clear, and each context puts back its
 * own state when it resumes (a thread that called arch_switch unlocks with
 * its key; a preempted thread returns through mret, which restores MIE
 * from the mstatus saved in its trap frame).
 */
#include <stddef.h>

#include <kestrel/kernel.h>

#include "arch_interface.h"
#include "riscv_hw.h"
#include "riscv_trap.h"

_Static_assert(offsetof(struct k_thread, arch.sp) == 0,
	       "arch_switch stores the stack pointer at offset 0 of the thread");

void arch_kernel_init(void)
{
	z_riscv_plic_init();
	/* The timer driver enables MTIE when it starts. */
	riscv_mie_set(MIE_MSIE | MIE_MEIE);
}

/* What arch_switch() pushes (riscv_trap.h's SWITCH_* offsets). */
struct riscv_switch_frame {
	uint32_t ra, s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, s10, s11;
	uint32_t pad[3];
};
_Static_assert(sizeof(struct riscv_switch_frame) == SWITCH_SIZE &&
		       offsetof(struct riscv_switch_frame, ra) == SWITCH_RA &&
		       offsetof(struct riscv_switch_frame, s0) == SWITCH_S0,
	       "struct riscv_switch_frame matches trap.S");

void arch_new_thread(struct k_thread *thread, char *stack, size_t size)
{
	uintptr_t top = ((uintptr_t)stack + size) & ~(uintptr_t)15;
	struct riscv_switch_frame *f = (struct riscv_switch_frame *)top - 1;

	/* A frame arch_switch() can return from: ra = the start code, s0 =
	 * the thread (the start code passes it to z_thread_entry). Field by
	 * field: a memset would be picolibc's byte loop. */
	f->ra = (uint32_t)(uintptr_t)z_riscv_thread_start;
	f->s0 = (uint32_t)(uintptr_t)thread;
	f->s1 = f->s2 = f->s3 = f->s4 = f->s5 = f->s6 = 0;
	f->s7 = f->s8 = f->s9 = f->s10 = f->s11 = 0;
	thread->arch.sp = (uint32_t)(uintptr_t)f;
}

/* arch_irq_lock/unlock and arch_is_in_isr: inline, in arch_inlines.h. */

void arch_cpu_idle(void)
{
	/* wfi wakes on a pending enabled interrupt even with MIE clear, so
	 * nothing is lost between the two instructions; the interrupt is
	 * taken right after MIE is set. */
	__asm__ volatile("wfi\n"
			 "csrsi mstatus, %0\n"
			 :
			 : "i"(MSTATUS_MIE)
			 : "memory");
}

/* ---- irq_offload: the machine software interrupt (CLINT msip) ---- */

static void (*volatile offload_fn)(const void *arg);
static const void *volatile offload_arg;

void z_riscv_offload_isr(void)
{
	void (*fn)(const void *arg) = offload_fn;

	RISCV_CLINT_MSIP0 = 0;
	if (fn != NULL) {
		fn(offload_arg);
	}
	offload_fn = NULL;
}

void arch_irq_offload(void (*fn)(const void *arg), const void *arg)
{
	unsigned int key = arch_irq_lock();

	offload_fn = fn;
	offload_arg = arg;
	RISCV_CLINT_MSIP0 = 1;
	/* Open interrupts until the handler has run (through the real trap
	 * path, with the reschedule on its way out). */
	while (offload_fn != NULL) {
		__asm__ volatile("csrsi mstatus, %0\n"
				 "csrci mstatus, %0\n"
				 :
				 : "i"(MSTATUS_MIE)
				 : "memory");
	}
	arch_irq_unlock(key);
}

/* ---- time and exit ---- */

void arch_busy_wait(uint32_t usec)
{
	uint64_t end = riscv_mtime() +
		       (uint64_t)usec * (CONFIG_RISCV_MTIME_HZ / 1000000u);

	while (riscv_mtime() < end) {
		/* Under QEMU -icount a time read is much slower than plain
		 * instructions: read it every ~64 instructions (64 ns at
		 * the 1 GHz of -icount shift=0) instead of in a tight loop. */
		__asm__ volatile("li t0, 32\n"
				 "1: addi t0, t0, -1\n"
				 "bnez t0, 1b\n" ::: "t0");
	}
}

/* The machine timer handler of the timer driver; without one, push the
 * compare value out of reach so the interrupt cannot fire forever. */
__attribute__((weak)) void z_riscv_mtimer_isr(void)
{
	riscv_mtimecmp_set(UINT64_MAX);
}

void arch_system_halt(int status)
{
	(void)arch_irq_lock();
	/* The console is polled: every character has left already. */
	RISCV_TEST_FINISHER = status == 0 ? RISCV_TEST_PASS
					  : RISCV_TEST_FAIL | ((uint32_t)status << 16);
	for (;;) {
		__asm__ volatile("wfi");
	}
}
