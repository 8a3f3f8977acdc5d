/* Interrupt lines and irq_offload: thin, checked wrappers of the port. */
#include <kestrel/irq.h>
#include <kestrel/irq_offload.h>

#include "kernel_internal.h"

int irq_connect_dynamic(unsigned int irq, unsigned int prio,
			void (*isr)(const void *arg), const void *arg)
{
	if (isr == NULL) {
		return -EINVAL;
	}
	return arch_irq_connect(irq, prio, isr, arg);
}

void irq_enable(unsigned int irq)
{
	arch_irq_enable(irq);
}

void irq_disable(unsigned int irq)
{
	arch_irq_disable(irq);
}

void irq_offload(void (*fn)(const void *arg), const void *arg)
{
	arch_irq_offload(fn, arg);
}
