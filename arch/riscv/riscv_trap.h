/*
 * Layout of what the trap entry (trap.S) saves, shared by the assembly and
 * the C dispatcher (trap.c). Private to arch/riscv.
 *
 * On the interrupted stack (a thread's, or the ISR stack for a trap taken
 * inside a handler) the entry pushes the trap frame: the registers the C
 * calling convention lets a callee clobber, plus mepc and mstatus. A
 * preempted thread stays switched out with this frame on its stack, and
 * resumes by popping it on the way out of the trap.
 *
 * On the ISR stack it pushes the trap context: where the frame is, the
 * mscratch value to put back, and for exceptions s0-s11 (the C code
 * preserves them; they are stored only so a fault report can show every
 * register, and left out for interrupts to keep them short).
 */
#ifndef KESTREL_ARCH_RISCV_TRAP_H
#define KESTREL_ARCH_RISCV_TRAP_H

#define FRAME_RA 0
#define FRAME_T0 4
#define FRAME_T1 8
#define FRAME_T2 12
#define FRAME_A0 16 /* a0..a7 at 16..44 */
#define FRAME_T3 48
#define FRAME_T4 52
#define FRAME_T5 56
#define FRAME_T6 60
#define FRAME_MEPC 64
#define FRAME_MSTATUS 68
#define FRAME_SIZE 80 /* multiple of 16: the psABI's sp alignment */

#define CTX_FRAME 0
#define CTX_MSCRATCH 4
#define CTX_S0 8 /* s0..s11 at 8..52 */
#define CTX_SIZE 64

/* arch_switch's frame on a switched-out thread's stack: ra, s0-s11. */
#define SWITCH_RA 0
#define SWITCH_S0 4 /* s0..s11 at 4..48 */
#define SWITCH_SIZE 64

#ifndef __ASSEMBLER__
#include <stdint.h>

struct riscv_trap_frame {
	uint32_t ra, t0, t1, t2;
	uint32_t a[8];
	uint32_t t3, t4, t5, t6;
	uint32_t mepc, mstatus;
	uint32_t pad[2];
};

struct riscv_trap_ctx {
	struct riscv_trap_frame *frame;
	/* ISR stack top when the trap came from a thread; 0 when it came
	 * from a handler or from boot (already on the ISR stack). */
	uint32_t mscratch;
	uint32_t s[12]; /* s0-s11, for exceptions only */
	uint32_t pad[2];
};

_Static_assert(sizeof(struct riscv_trap_frame) == FRAME_SIZE, "trap frame layout");
_Static_assert(__builtin_offsetof(struct riscv_trap_frame, mepc) == FRAME_MEPC,
	       "trap frame layout");
_Static_assert(sizeof(struct riscv_trap_ctx) == CTX_SIZE, "trap context layout");

/** C side of the trap entry: ISR context, interrupts masked. */
void z_riscv_trap(struct riscv_trap_ctx *ctx);

/** Report an exception (trap.S context @p ctx) and let the kernel decide. */
void z_riscv_fault(const struct riscv_trap_ctx *ctx, uint32_t mcause);

/** First code of every thread (trap.S): enables interrupts, enters it. */
void z_riscv_thread_start(void);

/* Handlers the dispatcher calls (ISR context). */
void z_riscv_offload_isr(void); /* machine software interrupt: irq_offload */
void z_riscv_plic_isr(void);    /* machine external interrupt: PLIC lines */

/** Quiet the PLIC: every line disabled, priority 0 (arch_kernel_init). */
void z_riscv_plic_init(void);

/** ISR nesting depth (trap.c); > 0 in interrupt and exception handlers. */
extern volatile uint32_t z_riscv_isr_nesting;
#endif

#endif /* KESTREL_ARCH_RISCV_TRAP_H */
