/*
 * The per-thread state a CPU port keeps inside struct k_thread.
 * Each port's header defines struct arch_thread; the kernel never looks in.
 */
#ifndef KESTREL_ARCH_THREAD_H
#define KESTREL_ARCH_THREAD_H

#if defined(CONFIG_ARCH_POSIX)
#include <kestrel/arch/posix/thread.h>
#elif defined(CONFIG_ARCH_ARM)
#include <kestrel/arch/arm/thread.h>
#elif defined(CONFIG_ARCH_RISCV)
#include <kestrel/arch/riscv/thread.h>
#else
#error "no CPU architecture selected (CONFIG_ARCH_*)"
#endif

#endif
