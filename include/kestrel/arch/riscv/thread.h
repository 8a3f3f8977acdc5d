/*
 * RV32 machine mode: a switched-out thread's registers are on its own
 * stack (ra and s0-s11 pushed by arch_switch; below them, when it was
 * preempted, the trap frame of the interrupt); the thread object keeps only
 * the stack pointer.
 */
#ifndef KESTREL_ARCH_RISCV_THREAD_H
#define KESTREL_ARCH_RISCV_THREAD_H

#include <stdint.h>

struct arch_thread {
	uint32_t sp; /**< must stay the first member: arch_switch uses offset 0 */
};

/*
 * Room every thread stack gets on top of what the application asked for:
 * an interrupt taken in the thread pushes its trap frame (80 bytes) there,
 * and the interrupt exit may switch away from it (z_isr_exit_reschedule
 * and arch_switch frames, ~130 bytes). Handlers themselves run on the
 * separate ISR stack.
 */
#define ARCH_STACK_RESERVED 256
/* The RISC-V psABI keeps sp 16-byte aligned. */
#define ARCH_STACK_ALIGN 16

#endif
