/*
 * Trap entry and exit, context switch, thread start.
 *
 * One trap vector (mtvec direct mode) takes interrupts and exceptions.
 * The hardware clears mstatus.MIE on entry and handlers run with it clear,
 * except a PLIC line's ISR, which reopens it for more urgent lines
 * (irq.c): a trap taken there nests on the ISR stack.
 *
 * mscratch holds the top of the ISR stack while a thread runs, and 0 while
 * the CPU is already on the ISR stack (in a handler, or at boot). The entry
 * swaps it with 0, so a trap from a thread moves to the ISR stack and a
 * trap from a handler stays where it is.
 *
 * Only a trap from a thread ends in z_isr_exit_reschedule(), on the
 * thread's stack below its trap frame: it may arch_switch() away, leaving
 * the frame there; the thread resumes at that point later and pops it.
 */
#include "riscv_trap.h"

	.section .text.z_riscv_trap_entry, "ax"
	.globl z_riscv_trap_entry
	.balign 4 /* mtvec's low two bits are the mode */
z_riscv_trap_entry:
	addi sp, sp, -FRAME_SIZE
	sw ra, FRAME_RA(sp)
	sw t0, FRAME_T0(sp)
	sw t1, FRAME_T1(sp)
	sw t2, FRAME_T2(sp)
	sw a0, FRAME_A0 + 0(sp)
	sw a1, FRAME_A0 + 4(sp)
	sw a2, FRAME_A0 + 8(sp)
	sw a3, FRAME_A0 + 12(sp)
	sw a4, FRAME_A0 + 16(sp)
	sw a5, FRAME_A0 + 20(sp)
	sw a6, FRAME_A0 + 24(sp)
	sw a7, FRAME_A0 + 28(sp)
	sw t3, FRAME_T3(sp)
	sw t4, FRAME_T4(sp)
	sw t5, FRAME_T5(sp)
	sw t6, FRAME_T6(sp)
	csrr t0, mepc
	csrr t1, mstatus
	sw t0, FRAME_MEPC(sp)
	sw t1, FRAME_MSTATUS(sp)

	mv a0, sp                       /* the frame */
	csrrw t0, mscratch, zero        /* ISR stack top, or 0 */
	beqz t0, 1f
	mv sp, t0
1:	addi sp, sp, -CTX_SIZE
	sw a0, CTX_FRAME(sp)
	sw t0, CTX_MSCRATCH(sp)
	csrr t1, mcause
	bltz t1, 3f                     /* interrupt: s0-s11 go unreported */
	sw s0, CTX_S0 + 0(sp)
	sw s1, CTX_S0 + 4(sp)
	sw s2, CTX_S0 + 8(sp)
	sw s3, CTX_S0 + 12(sp)
	sw s4, CTX_S0 + 16(sp)
	sw s5, CTX_S0 + 20(sp)
	sw s6, CTX_S0 + 24(sp)
	sw s7, CTX_S0 + 28(sp)
	sw s8, CTX_S0 + 32(sp)
	sw s9, CTX_S0 + 36(sp)
	sw s10, CTX_S0 + 40(sp)
	sw s11, CTX_S0 + 44(sp)
3:	mv a0, sp                       /* the trap context */
	call z_riscv_trap

	lw t0, CTX_MSCRATCH(sp)
	lw sp, CTX_FRAME(sp)            /* back on the interrupted stack */
	csrw mscratch, t0
	beqz t0, 2f
	call z_isr_exit_reschedule      /* may switch; we resume here later */

2:	lw t0, FRAME_MEPC(sp)
	lw t1, FRAME_MSTATUS(sp)
	csrw mepc, t0
	csrw mstatus, t1                /* MIE still clear; mret sets it from MPIE */
	lw ra, FRAME_RA(sp)
	lw t0, FRAME_T0(sp)
	lw t1, FRAME_T1(sp)
	lw t2, FRAME_T2(sp)
	lw a0, FRAME_A0 + 0(sp)
	lw a1, FRAME_A0 + 4(sp)
	lw a2, FRAME_A0 + 8(sp)
	lw a3, FRAME_A0 + 12(sp)
	lw a4, FRAME_A0 + 16(sp)
	lw a5, FRAME_A0 + 20(sp)
	lw a6, FRAME_A0 + 24(sp)
	lw a7, FRAME_A0 + 28(sp)
	lw t3, FRAME_T3(sp)
	lw t4, FRAME_T4(sp)
	lw t5, FRAME_T5(sp)
	lw t6, FRAME_T6(sp)
	addi sp, sp, FRAME_SIZE
	mret

/*
 * void arch_switch(struct k_thread *old, struct k_thread *new)
 * Push ra and s0-s11 (everything the caller expects to survive a call),
 * store sp in old->arch.sp (offset 0 of the thread), load new's, pop the
 * same and return into the new thread. Interrupts are masked across it
 * (the kernel holds the lock); each context puts back its own state.
 */
	.section .text.arch_switch, "ax"
	.globl arch_switch
	.globl arch_switch_to_main_thread
arch_switch:
	addi sp, sp, -SWITCH_SIZE
	sw ra, SWITCH_RA(sp)
	sw s0, SWITCH_S0 + 0(sp)
	sw s1, SWITCH_S0 + 4(sp)
	sw s2, SWITCH_S0 + 8(sp)
	sw s3, SWITCH_S0 + 12(sp)
	sw s4, SWITCH_S0 + 16(sp)
	sw s5, SWITCH_S0 + 20(sp)
	sw s6, SWITCH_S0 + 24(sp)
	sw s7, SWITCH_S0 + 28(sp)
	sw s8, SWITCH_S0 + 32(sp)
	sw s9, SWITCH_S0 + 36(sp)
	sw s10, SWITCH_S0 + 40(sp)
	sw s11, SWITCH_S0 + 44(sp)
	sw sp, 0(a0)
switch_in:
	lw sp, 0(a1)
	lw ra, SWITCH_RA(sp)
	lw s0, SWITCH_S0 + 0(sp)
	lw s1, SWITCH_S0 + 4(sp)
	lw s2, SWITCH_S0 + 8(sp)
	lw s3, SWITCH_S0 + 12(sp)
	lw s4, SWITCH_S0 + 16(sp)
	lw s5, SWITCH_S0 + 20(sp)
	lw s6, SWITCH_S0 + 24(sp)
	lw s7, SWITCH_S0 + 28(sp)
	lw s8, SWITCH_S0 + 32(sp)
	lw s9, SWITCH_S0 + 36(sp)
	lw s10, SWITCH_S0 + 40(sp)
	lw s11, SWITCH_S0 + 44(sp)
	addi sp, sp, SWITCH_SIZE
	ret

/*
 * void arch_switch_to_main_thread(struct k_thread *main_thread)
 * Leave the boot stack (it becomes the ISR stack: traps from threads use
 * it from now on) and switch in the main thread without saving anything.
 */
arch_switch_to_main_thread:
	la t0, __isr_stack_top
	csrw mscratch, t0
	mv a1, a0
	j switch_in

/*
 * A new thread's first code, reached by arch_switch's ret (arch_new_thread
 * put it in the ra slot and the thread in the s0 slot).
 */
	.section .text.z_riscv_thread_start, "ax"
	.globl z_riscv_thread_start
z_riscv_thread_start:
	mv a0, s0
	csrsi mstatus, 8                /* MIE: threads start unlocked */
	tail z_thread_entry
