/*
 * Goldfish RTC as a counter (google,goldfish-rtc), as on QEMU's RISC-V
 * virt machine at 0x101000, PLIC line 11.
 *
 * The device has a 64-bit nanosecond clock (TIME_LOW, then TIME_HIGH)
 * that cannot be stopped, and one 64-bit absolute alarm: writing
 * ALARM_LOW arms it, and an alarm at or before the current time
 * interrupts at once. The counter is the low 32 bits of the clock minus
 * the value it had at start, so it runs at 1 GHz and wraps every 4.29 s;
 * stopping it only freezes the value reported (counter_clock64.h). One
 * channel.
 *
 * QEMU runs this clock on the host's real time unless started with
 * `-rtc clock=vm` (the board does so), which keeps it in step with the
 * guest's other timers under -icount.
 */
#ifndef KESTREL_COUNTER_GOLDFISH_RTC_H
#define KESTREL_COUNTER_GOLDFISH_RTC_H

#include <stdbool.h>
#include <stdint.h>

#include <kestrel/device.h>
#include <kestrel/drivers/counter.h>

#include "counter/counter_clock64.h"

struct counter_goldfish_rtc_config {
	uintptr_t base; /**< register block */
	uint32_t irq;   /**< PLIC line */
};

struct counter_goldfish_rtc_data {
	struct counter_clock64 clk; /**< must stay first */
};

extern const struct counter_driver_api counter_goldfish_rtc_api;

/**
 * Disarm the alarm, enable and connect the interrupt; the counter is
 * stopped at 0.
 * @retval 0 ready
 * @retval -EINVAL bad interrupt line
 */
int counter_goldfish_rtc_init(const struct device *dev);

#endif
