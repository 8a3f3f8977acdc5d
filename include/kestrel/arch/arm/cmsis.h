/* The few ARMv7-M system registers and instructions the port uses. */
#ifndef KESTREL_ARM_CMSIS_H
#define KESTREL_ARM_CMSIS_H

#include <stdint.h>

#define REG32(addr) (*(volatile uint32_t *)(uintptr_t)(addr))
#define REG8(addr) (*(volatile uint8_t *)(uintptr_t)(addr))

/* System control block */
#define SCB_ICSR REG32(0xE000ED04)
#define SCB_VTOR REG32(0xE000ED08)
#define SCB_AIRCR REG32(0xE000ED0C)
#define SCB_CCR REG32(0xE000ED14)
#define SCB_SHPR(n) REG8(0xE000ED18 + (n)) /* n = exception number - 4 */
#define SCB_SHCSR REG32(0xE000ED24)
#define SCB_CFSR REG32(0xE000ED28)
#define SCB_HFSR REG32(0xE000ED2C)
#define SCB_MMFAR REG32(0xE000ED34)
#define SCB_BFAR REG32(0xE000ED38)

#define ICSR_PENDSVSET (1u << 28)
#define ICSR_PENDSVCLR (1u << 27)

/* NVIC */
#define NVIC_ISER(n) REG32(0xE000E100 + 4 * (n))
#define NVIC_ICER(n) REG32(0xE000E180 + 4 * (n))
#define NVIC_ISPR(n) REG32(0xE000E200 + 4 * (n))
#define NVIC_ICPR(n) REG32(0xE000E280 + 4 * (n))
#define NVIC_IPR(irq) REG8(0xE000E400 + (irq))
#define NVIC_STIR REG32(0xE000EF00)

/* SysTick */
#define SYST_CSR REG32(0xE000E010)
#define SYST_RVR REG32(0xE000E014)
#define SYST_CVR REG32(0xE000E018)

/*
 * Exception priorities (lower is more urgent). BASEPRI = ARM_LOCK_PRIO
 * masks every kernel-aware interrupt; priority 0 stays open for
 * zero-latency interrupts, which must not call the kernel.
 */
#define ARM_ZERO_LATENCY_PRIO 0x00u
#define ARM_LOCK_PRIO 0x20u
#define ARM_IRQ_PRIO(p) (ARM_LOCK_PRIO + ((p) << 5)) /* p = 0..5 */
#define ARM_MAX_KERNEL_PRIO 5u
#define ARM_SYSTICK_PRIO 0xC0u
#define ARM_PENDSV_PRIO 0xE0u

static inline uint32_t arm_get_basepri(void)
{
	uint32_t v;

	__asm__ volatile("mrs %0, basepri" : "=r"(v));
	return v;
}

static inline void arm_set_basepri(uint32_t v)
{
	__asm__ volatile("msr basepri, %0; isb" : : "r"(v) : "memory");
}

static inline uint32_t arm_get_ipsr(void)
{
	uint32_t v;

	__asm__ volatile("mrs %0, ipsr" : "=r"(v));
	return v;
}

#endif
