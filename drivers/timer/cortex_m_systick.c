/*
 * SysTick as the ARMv7-M system timer, tickless.
 *
 * SysTick is a 24-bit down-counter that reloads from LOAD and interrupts
 * when it wraps. The driver keeps a 64-bit count of cycles: cycle_count
 * holds the cycles up to the start of the current period, the counter
 * gives the cycles within it. sys_clock_set_timeout() reprograms the
 * period to end on the tick boundary at which the kernel next needs the
 * CPU (at most 0xffffff cycles away, 0.67 s at 25 MHz, after which it just
 * wraps and programs again); the interrupt announces the whole ticks that
 * passed. A wrap seen while interrupts are locked is folded in through the
 * COUNTFLAG bit (overflow_cyc), so no cycle is lost or counted twice.
 */
#include <kestrel/arch/arm/cmsis.h>
#include <kestrel/drivers/system_timer.h>
#include <kestrel/init.h>

#define CYC_PER_TICK (CONFIG_CORTEX_M_SYSTICK_HZ / CONFIG_SYS_CLOCK_TICKS_PER_SEC)
#define COUNTER_MAX 0x00ffffffu
#define MAX_TICKS ((k_ticks_t)((COUNTER_MAX - MIN_DELAY) / CYC_PER_TICK) - 1)
#define MAX_CYCLES ((uint32_t)MAX_TICKS * CYC_PER_TICK)
/* Below this many cycles the new period could end before it is set. */
#define MIN_DELAY 1024u
#define CSR_COUNTFLAG (1u << 16)

_Static_assert(CYC_PER_TICK >= 2 * MIN_DELAY && CYC_PER_TICK <= COUNTER_MAX / 2,
	       "CONFIG_SYS_CLOCK_TICKS_PER_SEC out of SysTick's range");

static uint32_t last_load;        /* cycles in the current period */
static uint64_t cycle_count;      /* cycles before the current period */
static uint64_t announced_cycles; /* cycles already announced (whole ticks) */
static uint32_t overflow_cyc;     /* wraps not yet folded into cycle_count */

/* Cycles since cycle_count. Irqs locked. */
static uint32_t elapsed(void)
{
	uint32_t val1 = SYST_CVR;
	uint32_t ctrl = SYST_CSR; /* reading clears COUNTFLAG */
	uint32_t val2 = SYST_CVR;

	/* The counter reads 0 on the last cycle of a period, when COUNTFLAG
	 * may already be set: count 0 as the end of the period (last_load),
	 * or the wrap would be counted twice for that cycle. */
	val1 = val1 == 0 ? last_load : val1;
	val2 = val2 == 0 ? last_load : val2;

	if ((ctrl & CSR_COUNTFLAG) != 0 || val1 < val2) {
		overflow_cyc += last_load;
		(void)SYST_CSR;
	}
	return (last_load - val2) + overflow_cyc;
}

/* Cycles to whole ticks; the usual case (under 2^32 cycles since the last
 * announce) with the CPU's 32-bit divide, not a 64-bit library call. */
static k_ticks_t cycles_to_ticks(uint64_t cyc)
{
	if (cyc <= UINT32_MAX) {
		return (k_ticks_t)((uint32_t)cyc / CYC_PER_TICK);
	}
	return (k_ticks_t)(cyc / CYC_PER_TICK);
}

/* Called by the port's SysTick exception entry, which then reschedules. */
void z_arm_systick_isr(void);

void z_arm_systick_isr(void)
{
	unsigned int key = irq_lock();

	(void)elapsed();
	cycle_count += overflow_cyc;
	overflow_cyc = 0;
	k_ticks_t dticks = cycles_to_ticks(cycle_count - announced_cycles);

	announced_cycles += (uint64_t)dticks * CYC_PER_TICK;
	/* Announce before unlocking: a nested ISR must not see the driver's
	 * count already advanced and the kernel's not yet (its timeouts
	 * would be set short). Expiry callbacks run with irqs locked. */
	sys_clock_announce(dticks);
	irq_unlock(key);
}

void sys_clock_set_timeout(k_ticks_t ticks, bool idle)
{
	(void)idle;
	if (ticks == K_TICKS_FOREVER) {
		ticks = MAX_TICKS;
	}
	/* The period is rounded up to a tick boundary below, hence - 1. */
	ticks = ticks - 1 < 0 ? 0 : (ticks - 1 > MAX_TICKS ? MAX_TICKS : ticks - 1);

	unsigned int key = irq_lock();
	uint32_t pending = elapsed();
	uint32_t val1 = SYST_CVR;
	uint32_t old_load = last_load;

	cycle_count += pending;
	overflow_cyc = 0;
	uint64_t unannounced = cycle_count - announced_cycles;
	uint64_t delay = (uint64_t)ticks * CYC_PER_TICK + unannounced;

	delay = (delay + CYC_PER_TICK - 1) / CYC_PER_TICK * CYC_PER_TICK - unannounced;
	delay = delay < MIN_DELAY ? MIN_DELAY : (delay > MAX_CYCLES ? MAX_CYCLES : delay);
	last_load = (uint32_t)delay;

	uint32_t val2 = SYST_CVR;

	SYST_RVR = last_load - 1;
	SYST_CVR = 0; /* restart the period from the new LOAD */
	/* The cycles that ran between reading val1 and the restart. */
	cycle_count += val1 >= val2 ? val1 - val2 : val1 + (old_load - val2);
	irq_unlock(key);
}

k_ticks_t sys_clock_elapsed(void)
{
	unsigned int key = irq_lock();
	uint64_t cyc = cycle_count + elapsed() - announced_cycles;

	irq_unlock(key);
	return cycles_to_ticks(cyc);
}

static int systick_init(void)
{
	last_load = CYC_PER_TICK;
	SYST_RVR = last_load - 1;
	SYST_CVR = 0;
	SYST_CSR = 0x7; /* processor clock, interrupt, enable */
	return 0;
}

SYS_INIT(systick_init, PRE_KERNEL_2);

uint64_t sys_clock_cycle_get_64(void)
{
	unsigned int key = irq_lock();
	uint64_t cyc = cycle_count + elapsed();

	irq_unlock(key);
	return cyc;
}
