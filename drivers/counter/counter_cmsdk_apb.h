/*
 * ARM CMSDK APB timer as a counter (arm,cmsdk-timer).
 *
 * The hardware is a 32-bit down-counter (VALUE) that, on reaching 0,
 * interrupts and reloads from RELOAD. The driver keeps RELOAD at
 * 0xffffffff, so the timer free-runs with a period of 2^32 ticks, and
 * presents the up-count `offset - VALUE` (modulo 2^32), which is exact
 * across the hardware's reloads. An alarm in N ticks loads VALUE with N
 * (the interrupt comes N ticks later) and moves `offset` by the same
 * amount, so the count goes on from where it was. The few PCLK cycles
 * between reading VALUE and writing it are not counted: each alarm armed
 * makes the count lag real time by that much (about 1 tick at 25 MHz),
 * never run ahead of it, so alarms are never early. One channel.
 */
#ifndef KESTREL_COUNTER_CMSDK_APB_H
#define KESTREL_COUNTER_CMSDK_APB_H

#include <stdbool.h>
#include <stdint.h>

#include <kestrel/device.h>
#include <kestrel/drivers/counter.h>

#include "counter/counter_alarm.h"

struct counter_cmsdk_apb_config {
	uintptr_t base;           /**< register block */
	uint32_t irq;             /**< NVIC line */
	uint32_t clock_frequency; /**< PCLK, Hz */
};

struct counter_cmsdk_apb_data {
	struct counter_info info;
	struct counter_alarm_slot alarm;
	uint32_t offset; /**< count = offset - VALUE (mod 2^32) */
	bool running;
};

extern const struct counter_driver_api counter_cmsdk_apb_api;

/**
 * Stop the timer at count 0, connect and enable its interrupt.
 * @retval 0 ready (stopped)
 * @retval -EINVAL no interrupt line, or clock-frequency 0
 */
int counter_cmsdk_apb_init(const struct device *dev);

#endif
