/*
 * Reset entry. QEMU (-bios none) loads the ELF into RAM and jumps here in
 * machine mode with a0 = hart id. Everything is already in place except
 * .bss; set up gp, tp, the boot stack and the trap vector, then boot the
 * kernel on the boot stack with interrupts masked (MIE is clear at reset).
 */
	/* Not .text.start: with -ffunction-sections a C function named
	 * start() would be put there too, first in the image, and run at reset
	 * (tests/arch/riscv/irq has one). */
	.section .kestrel_reset, "ax"
	.globl _start
_start:
	.option push
	.option norelax                 /* gp cannot be relative to itself */
	la gp, __global_pointer$
	.option pop
	csrr t0, mhartid
	bnez t0, park                   /* one hart runs Kestrel */

	la sp, __isr_stack_top          /* boot stack, later the ISR stack */
	la t0, z_riscv_trap_entry
	csrw mtvec, t0                  /* a boot fault gets a report too */
	csrw mscratch, zero             /* traps stay on this stack for now */
	csrw mie, zero
	/* picolibc's thread-local data (errno): one block for the whole
	 * system, at the link-time template itself. */
	la tp, __tls_base

	la t0, __bss_start
	la t1, __bss_end
1:	bgeu t0, t1, 2f
	sw zero, 0(t0)
	addi t0, t0, 4
	j 1b
2:	call z_cstart                   /* does not return */

park:
	csrw mie, zero
3:	wfi
	j 3b
