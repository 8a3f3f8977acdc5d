/*
 * native_sim system timer: tickless on the hardware model's timer event.
 * One tick is 1e6 / CONFIG_SYS_CLOCK_TICKS_PER_SEC simulated microseconds.
 */
#include <kestrel/drivers/system_timer.h>
#include <kestrel/init.h>

#include "posix_hw.h"

#define US_PER_TICK (1000000u / CONFIG_SYS_CLOCK_TICKS_PER_SEC)

static k_ticks_t announced; /* tick count at the last announce */

static k_ticks_t now_ticks(void)
{
	return (k_ticks_t)(posix_hw_now_us() / US_PER_TICK);
}

void sys_clock_set_timeout(k_ticks_t ticks, bool idle)
{
	(void)idle;
	if (ticks == K_TICKS_FOREVER) {
		posix_hw_timer_set(UINT64_MAX);
		return;
	}
	uint64_t when = (uint64_t)(now_ticks() + ticks) * US_PER_TICK;

	posix_hw_timer_set(MAX(when, posix_hw_now_us()));
}

k_ticks_t sys_clock_elapsed(void)
{
	return now_ticks() - announced;
}

static void timer_isr(const void *arg)
{
	k_ticks_t now = now_ticks();
	k_ticks_t dt = now - announced;

	(void)arg;
	announced = now;
	sys_clock_announce(dt);
}

uint64_t sys_clock_cycle_get_64(void)
{
	return posix_hw_now_us(); /* 1 cycle = 1 simulated microsecond */
}

static int native_sim_timer_init(void)
{
	return posix_irq_connect(POSIX_IRQ_TIMER, timer_isr, NULL);
}

SYS_INIT(native_sim_timer_init, PRE_KERNEL_2);
