/*
 * A counter made of a 64-bit clock that never stops (counted in the
 * counter's ticks) and one absolute alarm on that clock: the shared core
 * of the goldfish RTC and native_sim counters.
 *
 * The count is the clock's low 32 bits minus its value at start; stopping
 * only freezes the value reported. A driver puts a struct counter_clock64
 * first in its data struct, fills ops and info at init, uses the
 * counter_clock64_* functions as its ops table, and calls
 * counter_clock64_isr() from its interrupt.
 */
#ifndef KESTREL_COUNTER_CLOCK64_H
#define KESTREL_COUNTER_CLOCK64_H

#include <stdbool.h>
#include <stdint.h>

#include <kestrel/device.h>
#include <kestrel/drivers/counter.h>

#include "counter/counter_alarm.h"

struct counter_clock64_ops {
	/** The clock, in ticks. Interrupts locked. */
	uint64_t (*now)(const struct device *dev);
	/** Interrupt when the clock reaches @p at; a time already past
	 *  interrupts at once (from the ISR, not from this call). */
	void (*program)(const struct device *dev, uint64_t at);
	/** Take back the programmed interrupt, pending or not. */
	void (*disarm)(const struct device *dev);
};

struct counter_clock64 {
	const struct counter_clock64_ops *ops;
	const struct counter_info *info; /**< top_value must be 0xffffffff */
	struct counter_alarm_slot alarm;
	uint64_t start;    /**< clock at count 0 (when running) */
	uint64_t alarm_at; /**< clock the armed alarm is due at */
	uint32_t frozen;   /**< the count while stopped */
	bool running;
};

/** Stopped at 0 with @p ops and @p info (the device's data holds it first). */
void counter_clock64_init(const struct device *dev, const struct counter_clock64_ops *ops,
			  const struct counter_info *info);

/** From the driver's ISR: fire the alarm if it is due (else it is stale). */
void counter_clock64_isr(const struct device *dev);

/* The ops of struct counter_driver_api (semantics in counter.h). */
int counter_clock64_start(const struct device *dev);
int counter_clock64_stop(const struct device *dev);
int counter_clock64_get_value(const struct device *dev, uint32_t *ticks);
int counter_clock64_set_alarm(const struct device *dev, uint8_t chan,
			      const struct counter_alarm_cfg *cfg);
int counter_clock64_cancel_alarm(const struct device *dev, uint8_t chan);
const struct counter_info *counter_clock64_get_info(const struct device *dev);

/** An ops table of the counter_clock64_* functions, for a driver's api. */
#define COUNTER_CLOCK64_API                                                  \
	{ .start = counter_clock64_start, .stop = counter_clock64_stop,      \
	  .get_value = counter_clock64_get_value,                            \
	  .set_alarm = counter_clock64_set_alarm,                            \
	  .cancel_alarm = counter_clock64_cancel_alarm,                      \
	  .get_info = counter_clock64_get_info }

#endif
