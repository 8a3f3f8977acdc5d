/*
 * ARMv7-M CPU port: start-up, PendSV context switch, BASEPRI interrupt
 * locking, NVIC interrupt lines, idle, exit through semihosting.
 *
 * Threads run in thread mode on the process stack (PSP); exceptions run on
 * the main stack (MSP). A switch is always done by PendSV, the lowest
 * priority exception: arch_switch() names the thread to run in arm_next
 * and pends it; from a thread it opens BASEPRI for a moment so PendSV is
 * taken at once; from an ISR it runs when the last ISR returns.
 */
#include <stdint.h>

#include <kestrel/drivers/system_timer.h>
#include <kestrel/irq.h>
#include <kestrel/kernel.h>

#include "arch_interface.h"
#include <kestrel/arch/arm/cmsis.h>

void z_cstart(void) __attribute__((noreturn));
void z_arm_reset(void) __attribute__((noreturn));
void z_arm_pendsv(void);
void z_arm_irq_entry(void);
void z_arm_systick(void);
void z_arm_systick_isr(void);
void z_arm_fault_entry(void);

/* From the linker script. */
extern uint32_t __stack_top[];
extern uint32_t __data_start[], __data_end[], __data_load[];
extern uint32_t __bss_start[], __bss_end[];

/*
 * The switch state PendSV works on (arch_inlines.h): it saves the CPU's
 * registers into `running`, loads `next` and makes it the running one.
 * The two are adjacent, in this order: PendSV loads both with one ldrd.
 */
struct arm_switch_state arm_switch_state;

static struct {
	void (*isr)(const void *arg);
	const void *arg;
} irq_table[CONFIG_NUM_IRQS];

/* ---- vector table and reset ---- */

static void unused_exception(void)
{
	printk(">>> unexpected exception %u\n", (unsigned int)arm_get_ipsr());
	z_fatal_error_in(K_ERR_CPU_EXCEPTION, NULL, 0, false);
}

/* The system timer driver's SysTick handler (weak: no timer, no tick). */
__attribute__((weak)) void z_arm_systick_isr(void)
{
}

void z_arm_systick(void)
{
	z_arm_systick_isr();
	unsigned int key = arch_irq_lock();

	z_isr_exit_reschedule();
	arch_irq_unlock(key);
}

typedef void (*vector_t)(void);

__attribute__((section(".vectors"), used)) static const vector_t vectors[16 + CONFIG_NUM_IRQS] = {
	[0] = (vector_t)(uintptr_t)__stack_top,
	[1] = z_arm_reset,
	[2] = unused_exception,   /* NMI */
	[3] = z_arm_fault_entry,  /* HardFault */
	[4] = z_arm_fault_entry,  /* MemManage */
	[5] = z_arm_fault_entry,  /* BusFault */
	[6] = z_arm_fault_entry,  /* UsageFault */
	[11] = unused_exception,  /* SVCall */
	[12] = unused_exception,  /* DebugMonitor */
	[14] = z_arm_pendsv,
	[15] = z_arm_systick,
	[16 ... 16 + CONFIG_NUM_IRQS - 1] = z_arm_irq_entry,
};

void z_arm_reset(void)
{
	for (uint32_t *s = __data_load, *d = __data_start; d < __data_end;) {
		*d++ = *s++;
	}
	for (uint32_t *d = __bss_start; d < __bss_end;) {
		*d++ = 0;
	}
	z_cstart();
}

void arch_kernel_init(void)
{
	arm_set_basepri(ARM_LOCK_PRIO);
	SCB_VTOR = (uint32_t)(uintptr_t)vectors;
	/* Separate handlers for MemManage, BusFault, UsageFault; trap
	 * divide by zero instead of going on. Unaligned accesses stay
	 * allowed: GCC for Cortex-M3 emits them (e.g. inlined memcpy). */
	SCB_SHCSR |= (1u << 16) | (1u << 17) | (1u << 18);
	SCB_CCR |= (1u << 4);
	SCB_SHPR(14 - 4) = ARM_PENDSV_PRIO;
	SCB_SHPR(15 - 4) = ARM_SYSTICK_PRIO;
	for (unsigned int i = 0; i < CONFIG_NUM_IRQS; i++) {
		NVIC_IPR(i) = ARM_IRQ_PRIO(ARM_MAX_KERNEL_PRIO);
	}
}

/* ---- context switch ---- */

/*
 * PendSV: save r4-r11 below the hardware frame on the running thread's
 * PSP, load the next thread's, return to thread mode on PSP. Interrupts
 * stay open: an ISR that preempts it and names another thread pends
 * PendSV again, and that rerun switches from the thread this run loaded
 * (running is updated last) to the newer one.
 */
__attribute__((naked)) void z_arm_pendsv(void)
{
	__asm__ volatile(
		"	ldr r3, =arm_switch_state\n"
		"	ldrd r0, r1, [r3]\n"      /* r0 = running, r1 = next */
		"	mrs r12, psp\n"
		"	stmdb r12!, {r4-r11}\n"
		"	str r12, [r0]\n"
		"	ldr r12, [r1]\n"
		"	ldmia r12!, {r4-r11}\n"
		"	msr psp, r12\n"
		"	str r1, [r3]\n"           /* running = next */
		"	bx lr\n"                  /* to thread mode on PSP: threads
						  never run on MSP */
		"	.ltorg\n" /* literals right here, in reach of the ldr */
	);
}

/* A switched-out thread's stack top: r4-r11 as PendSV pushed them, then
 * the hardware exception frame. */
struct arm_switch_frame {
	uint32_t r4, r5, r6, r7, r8, r9, r10, r11;
	uint32_t r0, r1, r2, r3, r12, lr, pc, xpsr;
};

void arch_new_thread(struct k_thread *thread, char *stack, size_t size)
{
	uintptr_t top = ((uintptr_t)stack + size) & ~(uintptr_t)7;
	struct arm_switch_frame *f = (struct arm_switch_frame *)top - 1;

	/* Field by field: a loop or an initialiser would be a call to
	 * picolibc's byte-wise memset. */
	f->r4 = f->r5 = f->r6 = f->r7 = f->r8 = f->r9 = f->r10 = f->r11 = 0;
	f->r1 = f->r2 = f->r3 = f->r12 = f->lr = 0;
	f->r0 = (uint32_t)(uintptr_t)thread;
	f->pc = (uint32_t)(uintptr_t)z_thread_entry & ~1u;
	f->xpsr = 0x01000000u; /* Thumb */
	thread->arch.psp = (uint32_t)(uintptr_t)f;
}

void arch_switch(struct k_thread *old, struct k_thread *new)
{
	/* PendSV saves into arm_switch_state.running: @p old itself, or, from
	 * an ISR, the thread whose pending switch to @p old has not run yet. */
	(void)old;
	arm_switch_state.next = new;
	SCB_ICSR = ICSR_PENDSVSET;
	if (arm_get_ipsr() == 0) {
		uint32_t key = arm_get_basepri();

		arm_set_basepri(0); /* PendSV is taken here */
		arm_set_basepri(key);
	}
}

/* The boot context's last moments, already on the process stack: the
 * first switch saves it into a thread object nobody resumes. */
static uint64_t boot_stack[32] __attribute__((used));
_Static_assert(sizeof(boot_stack) == 256, "arch_switch_to_main_thread's literal");

static __attribute__((used, noreturn)) void boot_switch(struct k_thread *main_thread)
{
	static struct k_thread boot;

	arm_switch_state.running = &boot;
	arch_switch(&boot, main_thread);
	for (;;) {
	}
}

/* Thread mode moves to PSP (CONTROL.SPSEL) before the first switch, so
 * every PendSV, this one too, returns to thread mode on PSP. */
__attribute__((naked, noreturn)) void arch_switch_to_main_thread(
	__attribute__((unused)) struct k_thread *main_thread) /* r0: to boot_switch */
{
	__asm__ volatile(
		"	ldr r1, =boot_stack + 256\n"
		"	msr psp, r1\n"
		"	movs r1, #2\n"
		"	msr control, r1\n"
		"	isb\n"
		"	b boot_switch\n"
		"	.ltorg\n");
}

/* ---- interrupts ---- */

/* arch_irq_lock/unlock and arch_is_in_isr: inline, in arch_inlines.h. */

void z_arm_irq_entry(void)
{
	unsigned int irq = arm_get_ipsr() - 16;

	if (irq < CONFIG_NUM_IRQS && irq_table[irq].isr != NULL) {
		irq_table[irq].isr(irq_table[irq].arg);
	}
	unsigned int key = arch_irq_lock();

	z_isr_exit_reschedule();
	arch_irq_unlock(key);
}

int arch_irq_connect(unsigned int irq, unsigned int prio,
		     void (*isr)(const void *arg), const void *arg)
{
	if (irq >= CONFIG_NUM_IRQS ||
	    (prio > ARM_MAX_KERNEL_PRIO && prio != IRQ_PRIO_ZERO_LATENCY)) {
		return -EINVAL;
	}
	unsigned int key = arch_irq_lock();

	irq_table[irq].isr = isr;
	irq_table[irq].arg = arg;
	NVIC_IPR(irq) = (uint8_t)(prio == IRQ_PRIO_ZERO_LATENCY ? ARM_ZERO_LATENCY_PRIO
								: ARM_IRQ_PRIO(prio));
	arch_irq_unlock(key);
	return 0;
}

void arch_irq_enable(unsigned int irq)
{
	if (irq < CONFIG_NUM_IRQS) {
		NVIC_ISER(irq / 32) = 1u << (irq % 32);
	}
}

void arch_irq_disable(unsigned int irq)
{
	if (irq < CONFIG_NUM_IRQS) {
		NVIC_ICER(irq / 32) = 1u << (irq % 32);
	}
}

void arch_cpu_idle(void)
{
	/* PRIMASK closes the window between opening BASEPRI and wfi: an
	 * interrupt in between still wakes wfi, then runs after cpsie. */
	__asm__ volatile("cpsid i\n"
			 "movs r0, #0\n"
			 "msr basepri, r0\n"
			 "isb\n"
			 "wfi\n"
			 "cpsie i\n"
			 "isb\n" ::: "r0", "memory");
}

/* irq_offload: the last NVIC line, triggered by software. */
#define OFFLOAD_IRQ (CONFIG_NUM_IRQS - 1)

static void (*volatile offload_fn)(const void *arg);
static const void *volatile offload_arg;

static void offload_isr(const void *arg)
{
	(void)arg;
	offload_fn(offload_arg);
}

void arch_irq_offload(void (*fn)(const void *arg), const void *arg)
{
	unsigned int key = arch_irq_lock();

	irq_table[OFFLOAD_IRQ].isr = offload_isr;
	offload_fn = fn;
	offload_arg = arg;
	NVIC_IPR(OFFLOAD_IRQ) = (uint8_t)ARM_IRQ_PRIO(0);
	NVIC_ISER(OFFLOAD_IRQ / 32) = 1u << (OFFLOAD_IRQ % 32);
	NVIC_STIR = OFFLOAD_IRQ;
	arm_set_basepri(0); /* taken here, with any switch it causes */
	__asm__ volatile("dsb\nisb" ::: "memory");
	arch_irq_unlock(key);
}

/* ---- time and exit ---- */

/* Busy-wait on the system timer's cycle count (SysTick). */
void arch_busy_wait(uint32_t usec)
{
	uint64_t end = sys_clock_cycle_get_64() +
		       (uint64_t)usec * (CONFIG_SYS_CLOCK_HW_CYCLES_PER_SEC / 1000000u);

	while (sys_clock_cycle_get_64() < end) {
	}
}

/* Semihosting SYS_EXIT_EXTENDED (QEMU -semihosting-config enable=on). */
void arch_system_halt(int status)
{
	static volatile uint32_t block[2];

	block[0] = 0x20026; /* ADP_Stopped_ApplicationExit */
	block[1] = (uint32_t)status;
	register uint32_t r0 __asm__("r0") = 0x20;
	register volatile uint32_t *r1 __asm__("r1") = block;

	__asm__ volatile("bkpt 0xab" : : "r"(r0), "r"(r1) : "memory");
	for (;;) {
		__asm__ volatile("cpsid i\nwfi");
	}
}
