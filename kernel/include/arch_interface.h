/*
 * The contract between the kernel and a CPU port (arch/<arch>/).
 *
 * This header is the whole of it: a new CPU is a new folder under arch/
 * implementing these functions, nothing else. The kernel calls them with
 * the semantics written here and relies on nothing more.
 *
 * Context: "irqs locked" means the caller holds arch_irq_lock().
 */
#ifndef KESTREL_ARCH_INTERFACE_H
#define KESTREL_ARCH_INTERFACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct k_thread;

/* The port's inline functions (see ARCH_INLINE_* below), if it has any. */
#if defined(CONFIG_ARCH_ARM)
#include <kestrel/arch/arm/arch_inlines.h>
#elif defined(CONFIG_ARCH_RISCV)
#include <kestrel/arch/riscv/arch_inlines.h>
#elif defined(CONFIG_ARCH_POSIX)
#include <kestrel/arch/posix/arch_inlines.h>
#endif

/**
 * Early CPU set-up, before any device or thread exists: exception/interrupt
 * vectors, the interrupt controller in a quiet state. Called once with
 * irqs locked.
 */
void arch_kernel_init(void);

/**
 * Prepare @p thread to run z_thread_entry(thread) on the stack
 * [stack, stack + size) the first time arch_switch() switches to it, with
 * interrupts unlocked. Must not fail: the kernel checked the size.
 */
void arch_new_thread(struct k_thread *thread, char *stack, size_t size);

/**
 * Save the running context into @p old and resume @p new. Called with irqs
 * locked from thread context (or from the port's own interrupt-exit path).
 * Returns when @p old is switched back in, with irqs locked again by the
 * caller's key (the port restores the lock state @p old had). @p old may
 * be a thread that has ended: its context is then never resumed and the
 * port may release what it holds for it.
 */
void arch_switch(struct k_thread *old, struct k_thread *new);

/**
 * Leave the boot context for good and start @p main_thread (the first
 * thread to run). Does not return.
 */
void arch_switch_to_main_thread(struct k_thread *main_thread)
	__attribute__((noreturn));

/*
 * A port may provide arch_irq_lock/arch_irq_unlock/arch_is_in_isr as
 * inline functions (same semantics) by defining ARCH_INLINE_IRQ in its
 * arch_inlines.h.
 */
#ifndef ARCH_INLINE_IRQ
/**
 * Mask interrupts and return a key that restores the previous state.
 * Nests (lock; lock; unlock; unlock leaves them masked until the outer
 * unlock). On ports with priority masking (ARMv7-M BASEPRI), interrupts
 * above the kernel's priority stay enabled (zero-latency).
 * May be called from ISRs.
 */
unsigned int arch_irq_lock(void);

/**
 * Restore the interrupt state saved in @p key. If this unmasks interrupts
 * and one is pending, it is taken now (which may switch threads).
 */
void arch_irq_unlock(unsigned int key);

/** True when running in interrupt context (any nesting level). */
bool arch_is_in_isr(void);
#endif /* ARCH_INLINE_IRQ */

/**
 * arch_switch(@p old, @p new) followed by arch_irq_unlock(@p key), as one
 * operation: the switch of the kernel's blocking and rescheduling calls.
 * Called with irqs locked from thread context only (never from an ISR);
 * returns when @p old is switched back in, with the interrupt state @p key
 * gave. A port may let the switch happen as part of the unlock (ARM:
 * PendSV is taken when BASEPRI opens) by defining ARCH_INLINE_SWITCH_UNLOCK
 * and this function, inline, in its arch_inlines.h; otherwise it is the
 * two calls.
 */
#ifndef ARCH_INLINE_SWITCH_UNLOCK
static inline __attribute__((always_inline)) void arch_switch_unlock(
	struct k_thread *old, struct k_thread *new, unsigned int key)
{
	arch_switch(old, new);
	arch_irq_unlock(key);
}
#endif

/**
 * Idle: atomically unlock interrupts and wait until one has been handled,
 * then return with interrupts unlocked. Called by the idle thread with
 * irqs locked. A port with simulated time (native_sim) advances the clock
 * to the next event here.
 */
void arch_cpu_idle(void);

/**
 * Run @p fn(@p arg) in interrupt context, as if an interrupt had fired,
 * including the rescheduling an interrupt exit does. For tests.
 */
void arch_irq_offload(void (*fn)(const void *arg), const void *arg);

/** Spin for at least @p usec microseconds. May be called from ISRs. */
void arch_busy_wait(uint32_t usec);

/**
 * Stop the system with @p status as its exit status (native_sim: the
 * process exit code; QEMU: the semihosting/test exit device). Does not
 * return; flushes the console first.
 */
void arch_system_halt(int status) __attribute__((noreturn));

/**
 * Connect @p isr(@p arg) to interrupt line @p irq at priority @p prio
 * (0 = most urgent kernel-aware priority; the port maps it to hardware
 * levels). Does not enable the line.
 * @retval 0 connected
 * @retval -EINVAL no such line or priority
 */
int arch_irq_connect(unsigned int irq, unsigned int prio,
		     void (*isr)(const void *arg), const void *arg);
/** Enable / disable delivery of line @p irq. */
void arch_irq_enable(unsigned int irq);
void arch_irq_disable(unsigned int irq);

/* Provided by the kernel for the port. */

/**
 * Report a fatal error of @p reason. @p thread_context says whether the
 * faulting code ran in a thread (true: a CPU exception taken from a thread
 * is "in" that thread) or in an ISR. If the fatal error handler accepts the
 * error and it came from a thread, the thread is aborted and this returns
 * (from an exception handler the port must then switch away from the dead
 * thread on exception exit); otherwise the system halts.
 */
void z_fatal_error_in(unsigned int reason, const char *file, int line,
		      bool thread_context);

/** Entry point of every new thread (runs the thread, then ends it). */
void z_thread_entry(struct k_thread *thread) __attribute__((noreturn));

/**
 * Called by the port at the end of an interrupt (irqs locked, no longer in
 * ISR context): switches to a better thread if the ISR readied one and the
 * interrupted thread may be preempted.
 */
void z_isr_exit_reschedule(void);

#endif /* KESTREL_ARCH_INTERFACE_H */
