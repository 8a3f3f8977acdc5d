/* Run a function in interrupt context (for tests). */
#ifndef KESTREL_IRQ_OFFLOAD_H
#define KESTREL_IRQ_OFFLOAD_H

/**
 * Run @p fn(@p arg) as an interrupt handler would run (k_is_in_isr() is
 * true inside), then do what an interrupt exit does: switch to a thread the
 * handler made ready if it outranks the caller. Thread context only.
 */
void irq_offload(void (*fn)(const void *arg), const void *arg);

#endif
