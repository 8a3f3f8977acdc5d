/*
 * RV32 exception report: the cause (decoded mcause), where (mepc) and the
 * faulting address or instruction (mtval), every register at the moment of
 * the trap, and the thread. Then the kernel's fatal error path decides:
 * halt, or (for a fault in a thread that the handler accepts) abort that
 * thread and go on; trap.S switches away from it on the way out.
 */
#include <kestrel/kernel.h>

#include "arch_interface.h"
#include "riscv_hw.h"
#include "riscv_trap.h"

static const char *cause_name(uint32_t mcause)
{
	static const char *const names[] = {
		[0] = "instruction address misaligned",
		[1] = "instruction access fault",
		[2] = "illegal instruction",
		[3] = "breakpoint",
		[4] = "load address misaligned",
		[5] = "load access fault",
		[6] = "store/AMO address misaligned",
		[7] = "store/AMO access fault",
		[8] = "ecall from U-mode",
		[9] = "ecall from S-mode",
		[11] = "ecall from M-mode",
		[12] = "instruction page fault",
		[13] = "load page fault",
		[15] = "store/AMO page fault",
	};

	if (mcause < ARRAY_SIZE(names) && names[mcause] != NULL) {
		return names[mcause];
	}
	return "unknown exception";
}

/* x0..x31 at the trap, in register-number order. */
static void collect_regs(const struct riscv_trap_ctx *ctx, uint32_t regs[32])
{
	const struct riscv_trap_frame *f = ctx->frame;
	uint32_t gp, tp;

	__asm__ volatile("mv %0, gp\nmv %1, tp" : "=r"(gp), "=r"(tp));
	regs[0] = 0;
	regs[1] = f->ra;
	regs[2] = (uint32_t)(uintptr_t)f + FRAME_SIZE; /* sp before the trap */
	regs[3] = gp; /* gp and tp never change after boot */
	regs[4] = tp;
	regs[5] = f->t0;
	regs[6] = f->t1;
	regs[7] = f->t2;
	regs[8] = ctx->s[0];
	regs[9] = ctx->s[1];
	for (int i = 0; i < 8; i++) {
		regs[10 + i] = f->a[i];
	}
	for (int i = 2; i < 12; i++) {
		regs[16 + i] = ctx->s[i];
	}
	regs[28] = f->t3;
	regs[29] = f->t4;
	regs[30] = f->t5;
	regs[31] = f->t6;
}

static void print_regs(const struct riscv_trap_ctx *ctx)
{
	static const char names[32][4] = {
		"x0", "ra", "sp", "gp", "tp", "t0", "t1", "t2",
		"s0", "s1", "a0", "a1", "a2", "a3", "a4", "a5",
		"a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7",
		"s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
	};
	uint32_t regs[32];

	collect_regs(ctx, regs);
	for (int i = 0; i < 32; i += 4) {
		printk(">>> %-3s 0x%08x  %-3s 0x%08x  %-3s 0x%08x  %-3s 0x%08x\n",
		       names[i], (unsigned int)regs[i], names[i + 1],
		       (unsigned int)regs[i + 1], names[i + 2],
		       (unsigned int)regs[i + 2], names[i + 3],
		       (unsigned int)regs[i + 3]);
	}
}

void z_riscv_fault(const struct riscv_trap_ctx *ctx, uint32_t mcause)
{
	/* A trap from a thread left the thread stack (mscratch was set);
	 * one from a handler or from boot did not. */
	bool in_thread = ctx->mscratch != 0;
	uint32_t mtval;

	__asm__ volatile("csrr %0, mtval" : "=r"(mtval));
	printk(">>> CPU exception: %s (mcause %u)\n", cause_name(mcause),
	       (unsigned int)mcause);
	printk(">>> mepc 0x%08x  mtval 0x%08x  mstatus 0x%08x\n",
	       (unsigned int)ctx->frame->mepc, (unsigned int)mtval,
	       (unsigned int)ctx->frame->mstatus);
	print_regs(ctx);
	/* The kernel's report names the thread. */
	z_fatal_error_in(K_ERR_CPU_EXCEPTION, NULL, 0, in_thread);
}
