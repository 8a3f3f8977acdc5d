/*
 * RISC-V machine timer (CLINT mtime/mtimecmp) as the system timer,
 * tickless: mtimecmp is set to the tick boundary where the kernel next
 * needs the CPU, and the interrupt announces the whole ticks that passed.
 * One tick is CONFIG_RISCV_MTIME_HZ / CONFIG_SYS_CLOCK_TICKS_PER_SEC mtime
 * counts; tick n starts at mtime n * CYC_PER_TICK.
 */
#include <kestrel/drivers/system_timer.h>
#include <kestrel/init.h>

#include "riscv_hw.h"

#define CYC_PER_TICK ((uint64_t)CONFIG_RISCV_MTIME_HZ / CONFIG_SYS_CLOCK_TICKS_PER_SEC)

_Static_assert(CONFIG_RISCV_MTIME_HZ % CONFIG_SYS_CLOCK_TICKS_PER_SEC == 0,
	       "CONFIG_SYS_CLOCK_TICKS_PER_SEC must divide CONFIG_RISCV_MTIME_HZ");

/* Farthest deadline programmed, so (now + ticks) * CYC_PER_TICK cannot
 * overflow; the kernel asks again when it is reached. */
#define MAX_TICKS ((k_ticks_t)INT32_MAX)

static k_ticks_t announced; /* tick count at the last announce */

static k_ticks_t now_ticks(void)
{
	return (k_ticks_t)(riscv_mtime() / CYC_PER_TICK);
}

void sys_clock_set_timeout(k_ticks_t ticks, bool idle)
{
	(void)idle;
	if (ticks == K_TICKS_FOREVER) {
		riscv_mtimecmp_set(UINT64_MAX);
		return;
	}
	/* A boundary already passed (ticks 0) fires at once. */
	ticks = MIN(MAX(ticks, (k_ticks_t)0), MAX_TICKS);
	riscv_mtimecmp_set((uint64_t)(now_ticks() + ticks) * CYC_PER_TICK);
}

k_ticks_t sys_clock_elapsed(void)
{
	return now_ticks() - announced;
}

uint64_t sys_clock_cycle_get_64(void)
{
	return riscv_mtime();
}

void z_riscv_mtimer_isr(void)
{
	k_ticks_t now = now_ticks();
	k_ticks_t dt = now - announced;

	/* Quiet until the kernel sets the next deadline (announce does). */
	riscv_mtimecmp_set(UINT64_MAX);
	announced = now;
	sys_clock_announce(dt);
}

static int riscv_machine_timer_init(void)
{
	riscv_mtimecmp_set(UINT64_MAX);
	riscv_mie_set(MIE_MTIE);
	return 0;
}

SYS_INIT(riscv_machine_timer_init, PRE_KERNEL_2);
