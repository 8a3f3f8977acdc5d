#include <kestrel/irq_offload.h>

#include "kernel_internal.h"

void irq_offload(void (*fn)(const void *arg), const void *arg)
{
	arch_irq_offload(fn, arg);
}
