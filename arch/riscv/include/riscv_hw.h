/*
 * RV32 machine mode on QEMU's virt machine: the CSRs the port uses, the
 * CLINT (machine timer, software interrupt), the PLIC, and the SiFive test
 * device that ends the emulation. Shared by arch/riscv and the machine
 * timer driver (drivers/timer/riscv_machine_timer.c).
 *
 * The addresses are QEMU 7.2 virt's; dts/riscv/qemu_virt.dtsi describes
 * the same hardware for people and for the devicetree checks. (The device
 * generator only exports nodes that are devices, so the kernel-driven
 * controllers are not read from there yet.)
 */
#ifndef KESTREL_ARCH_RISCV_HW_H
#define KESTREL_ARCH_RISCV_HW_H

#include <stdint.h>

/* ---- CSR bits ---- */

#define MSTATUS_MIE (1u << 3)   /* machine interrupts enabled */
#define MIE_MSIE (1u << 3)      /* machine software interrupt */
#define MIE_MTIE (1u << 7)      /* machine timer interrupt */
#define MIE_MEIE (1u << 11)     /* machine external interrupt (PLIC) */
#define MCAUSE_INTERRUPT (1u << 31)
#define MCAUSE_CODE(c) ((c) & 0x7fffffffu)
#define IRQ_M_SOFT 3u
#define IRQ_M_TIMER 7u
#define IRQ_M_EXT 11u

static inline void riscv_mie_set(uint32_t bits)
{
	__asm__ volatile("csrs mie, %0" : : "r"(bits) : "memory");
}

static inline void riscv_mie_clear(uint32_t bits)
{
	__asm__ volatile("csrc mie, %0" : : "r"(bits) : "memory");
}

/* ---- CLINT ---- */

#define RISCV_CLINT_BASE 0x02000000u
#define RISCV_CLINT_MSIP0 (*(volatile uint32_t *)(RISCV_CLINT_BASE + 0x0000u))
#define RISCV_MTIMECMP0_LO (*(volatile uint32_t *)(RISCV_CLINT_BASE + 0x4000u))
#define RISCV_MTIMECMP0_HI (*(volatile uint32_t *)(RISCV_CLINT_BASE + 0x4004u))
#define RISCV_MTIME_LO (*(volatile uint32_t *)(RISCV_CLINT_BASE + 0xbff8u))
#define RISCV_MTIME_HI (*(volatile uint32_t *)(RISCV_CLINT_BASE + 0xbffcu))

/**
 * mtime through the time/timeh CSRs (QEMU virt backs them with the
 * CLINT's counter), read as two halves: re-read when the high half moved
 * between. The CSRs cost much less than the MMIO register under QEMU's
 * -icount, where every device access ends a translation block.
 */
static inline uint64_t riscv_mtime(void)
{
	uint32_t hi, lo, hi2;

	do {
		__asm__ volatile("csrr %0, timeh\n"
				 "csrr %1, time\n"
				 "csrr %2, timeh\n"
				 : "=r"(hi), "=r"(lo), "=r"(hi2));
	} while (hi != hi2);
	return ((uint64_t)hi << 32) | lo;
}

/**
 * Program hart 0's mtimecmp. The high half goes to its maximum first, so
 * no intermediate value (new low with old high) can fire early.
 */
static inline void riscv_mtimecmp_set(uint64_t when)
{
	RISCV_MTIMECMP0_HI = 0xffffffffu;
	RISCV_MTIMECMP0_LO = (uint32_t)when;
	RISCV_MTIMECMP0_HI = (uint32_t)(when >> 32);
}

/**
 * The system timer driver's machine timer interrupt handler. The port
 * calls it for every machine timer interrupt, in ISR context with
 * interrupts masked (not preemptible); a weak default in the port quiets the
 * comparator (no timer driver, no tick).
 */
void z_riscv_mtimer_isr(void);

/* ---- PLIC (hart 0, machine-mode context 0) ---- */

#define RISCV_PLIC_BASE 0x0c000000u
#define RISCV_PLIC_PRIO(irq) (*(volatile uint32_t *)(RISCV_PLIC_BASE + 4u * (irq)))
#define RISCV_PLIC_ENABLE(word) \
	(*(volatile uint32_t *)(RISCV_PLIC_BASE + 0x2000u + 4u * (word)))
#define RISCV_PLIC_THRESHOLD (*(volatile uint32_t *)(RISCV_PLIC_BASE + 0x200000u))
#define RISCV_PLIC_CLAIM (*(volatile uint32_t *)(RISCV_PLIC_BASE + 0x200004u))
#define RISCV_PLIC_MAX_PRIO 7u /* QEMU virt: priorities 1..7, 0 = never */

/* ---- SiFive test device: a write ends the emulation ---- */

#define RISCV_TEST_FINISHER (*(volatile uint32_t *)0x00100000u)
#define RISCV_TEST_PASS 0x5555u         /* exit status 0 */
#define RISCV_TEST_FAIL 0x3333u         /* exit status in bits 16..31 */

#endif /* KESTREL_ARCH_RISCV_HW_H */
