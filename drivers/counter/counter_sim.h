/*
 * native_sim simulated counter (kestrel,sim-counter).
 *
 * Counts microseconds of simulated time (1 MHz, 32 bits: wraps every
 * 71.6 min); with --rt simulated time follows the host's clock. Its one
 * alarm is a timed event of the hardware model (posix_hw_event_set())
 * that raises the node's simulated interrupt line, so the callback runs
 * in ISR context like on real hardware, and an idle system jumps straight
 * to it. Start, stop and alarms are counter_clock64.h's.
 */
#ifndef KESTREL_COUNTER_SIM_H
#define KESTREL_COUNTER_SIM_H

#include <stdbool.h>
#include <stdint.h>

#include <kestrel/device.h>
#include <kestrel/drivers/counter.h>

#include "counter/counter_clock64.h"

struct counter_sim_config {
	uint32_t irq; /**< simulated interrupt line (posix_hw.h), 1..31 */
};

struct counter_sim_data {
	struct counter_clock64 clk; /**< must stay first */
};

extern const struct counter_driver_api counter_sim_api;

/**
 * Connect and enable the interrupt line; the counter is stopped at 0.
 * @retval 0 ready
 * @retval -EINVAL the line is 0 (the system timer's) or not below 32
 */
int counter_sim_init(const struct device *dev);

#endif
