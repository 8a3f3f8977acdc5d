/*
 * Interrupt lines: drivers connect their ISR to the line named by their
 * devicetree node's `interrupts` property, then enable it.
 */
#ifndef KESTREL_IRQ_H
#define KESTREL_IRQ_H

/**
 * Priority of a zero-latency interrupt: above everything the kernel masks,
 * so irq_lock() never delays it. Its ISR must not call the kernel (no
 * k_sem_give, no printk): it runs even inside the kernel's critical
 * sections. Ports without it return -ENOTSUP.
 */
#define IRQ_PRIO_ZERO_LATENCY 0x100u

/**
 * Connect @p isr(@p arg) to line @p irq with priority @p prio (0 is the
 * most urgent priority the kernel manages; ports have at least 4 levels;
 * or IRQ_PRIO_ZERO_LATENCY). A more urgent interrupt preempts (nests
 * inside) the ISR of a less urgent one.
 * @retval 0 connected (not yet enabled)
 * @retval -EINVAL no such line, priority out of range, or NULL @p isr
 * @retval -ENOTSUP IRQ_PRIO_ZERO_LATENCY on a port without it
 * Thread context.
 */
int irq_connect_dynamic(unsigned int irq, unsigned int prio,
			void (*isr)(const void *arg), const void *arg);

/** Let line @p irq interrupt. ISR: ok. */
void irq_enable(unsigned int irq);

/** Stop line @p irq from interrupting. ISR: ok. */
void irq_disable(unsigned int irq);

#endif
