/*
 * ARMv7-M fault report: the fault type (decoded CFSR/HFSR), the faulting
 * address where the CPU knows it, the registers the hardware stacked, and
 * the thread. Then the kernel's fatal error path decides: halt, or (for an
 * expected fault in a thread) abort that thread and go on.
 */
#include <stdint.h>

#include <kestrel/kernel.h>

#include "arch_interface.h"
#include <kestrel/arch/arm/cmsis.h>

void z_arm_fault_entry(void);
void z_arm_fault(const uint32_t *frame, uint32_t exc_return);

/* Pass the stacked frame (MSP or PSP, per EXC_RETURN bit 2) and EXC_RETURN. */
__attribute__((naked)) void z_arm_fault_entry(void)
{
	__asm__ volatile("	tst lr, #4\n"
			 "	ite eq\n"
			 "	mrseq r0, msp\n"
			 "	mrsne r0, psp\n"
			 "	mov r1, lr\n"
			 "	b z_arm_fault\n");
}

static const char *const cfsr_names[32] = {
	[0] = "instruction access violation (MPU)",
	[1] = "data access violation (MPU)",
	[3] = "MemManage fault on exception return",
	[4] = "MemManage fault on exception entry",
	[8] = "instruction bus error",
	[9] = "precise data bus error",
	[10] = "imprecise data bus error",
	[11] = "bus fault on exception return",
	[12] = "bus fault on exception entry",
	[16] = "undefined instruction",
	[17] = "invalid state (not Thumb)",
	[18] = "invalid exception return",
	[19] = "no coprocessor",
	[24] = "unaligned access",
	[25] = "divide by zero",
};

static void report(const uint32_t *frame, uint32_t exc_return)
{
	uint32_t cfsr = SCB_CFSR;
	uint32_t hfsr = SCB_HFSR;
	unsigned int exc = arm_get_ipsr();
	struct k_thread *cur = k_current_get();

	printk(">>> CPU exception %u (%s)\n", exc,
	       exc == 3 ? "HardFault" : exc == 4 ? "MemManage" :
	       exc == 5 ? "BusFault" : exc == 6 ? "UsageFault" : "?");
	for (int bit = 0; bit < 32; bit++) {
		if ((cfsr & (1u << bit)) != 0 && cfsr_names[bit] != NULL) {
			printk(">>>   %s\n", cfsr_names[bit]);
		}
	}
	if ((hfsr & (1u << 30)) != 0) {
		printk(">>>   escalated to HardFault\n");
	}
	if ((cfsr & (1u << 7)) != 0) {
		printk(">>>   MMFAR 0x%08x\n", (unsigned int)SCB_MMFAR);
	}
	if ((cfsr & (1u << 15)) != 0) {
		printk(">>>   BFAR  0x%08x\n", (unsigned int)SCB_BFAR);
	}
	printk(">>> r0  0x%08x r1 0x%08x r2 0x%08x r3   0x%08x\n",
	       (unsigned int)frame[0], (unsigned int)frame[1],
	       (unsigned int)frame[2], (unsigned int)frame[3]);
	printk(">>> r12 0x%08x lr 0x%08x pc 0x%08x xpsr 0x%08x\n",
	       (unsigned int)frame[4], (unsigned int)frame[5],
	       (unsigned int)frame[6], (unsigned int)frame[7]);
	printk(">>> in %s '%s'\n", (exc_return & 4u) != 0 ? "thread" : "ISR over thread",
	       cur != NULL ? cur->name : "");
}

__attribute__((used)) void z_arm_fault(const uint32_t *frame, uint32_t exc_return)
{
	bool in_thread = (exc_return & 0xcu) == 0xcu; /* thread mode, PSP */

	report(frame, exc_return);
	z_fatal_error_in(K_ERR_CPU_EXCEPTION, NULL, 0, in_thread);
	/* Accepted: the thread is dead. Clear the fault status, let PendSV
	 * switch away before the dead thread could resume. */
	SCB_CFSR = SCB_CFSR;
	SCB_HFSR = SCB_HFSR;
	z_isr_exit_reschedule();
	arm_set_basepri(0);
}
