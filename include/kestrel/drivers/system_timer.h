/*
 * System timer driver interface: what a timer driver gives the kernel's
 * clock. Tickless by design: the kernel says when it next needs the CPU,
 * the driver interrupts then (or earlier) and reports the ticks that passed.
 */
#ifndef KESTREL_DRIVERS_SYSTEM_TIMER_H
#define KESTREL_DRIVERS_SYSTEM_TIMER_H

#include <stdbool.h>
#include <kestrel/kernel.h>

/**
 * Driver: interrupt no later than @p ticks ticks from the current tick
 * (K_TICKS_FOREVER: no deadline; 0: as soon as possible). A ticking
 * driver may ignore this and interrupt every tick. @p idle is true when
 * called from the idle path. Called with irqs locked.
 */
void sys_clock_set_timeout(k_ticks_t ticks, bool idle);

/**
 * Driver: whole ticks elapsed since the last sys_clock_announce().
 * Called with irqs locked.
 */
k_ticks_t sys_clock_elapsed(void);

/**
 * Driver (optional): hardware timer cycles since boot, monotonic, 64-bit.
 * Used by ports that busy-wait on the system timer. ISR: ok.
 */
uint64_t sys_clock_cycle_get_64(void);

/**
 * Kernel: the timer interrupt reports @p ticks ticks passed since the last
 * announce. Expires due timeouts (their callbacks run in ISR context).
 * Call it with irqs locked, in the same critical section that advanced the
 * driver's own count, so that no other ISR sees the two out of step.
 */
void sys_clock_announce(k_ticks_t ticks);

#endif
