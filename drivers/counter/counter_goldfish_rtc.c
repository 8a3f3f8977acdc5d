/*
 * Goldfish RTC as an up-counter with one alarm (see
 * counter_goldfish_rtc.h and Android's GOLDFISH-VIRTUAL-HARDWARE.TXT):
 * the register access under counter_clock64.
 */
#include <errno.h>

#include <kestrel/irq.h>
#include <kestrel/kernel.h>

#include "counter_goldfish_rtc.h"

#define RTC_TIME_LOW 0x00 /* read first: latches TIME_HIGH */
#define RTC_TIME_HIGH 0x04
#define RTC_ALARM_LOW 0x08 /* write last: arms the alarm */
#define RTC_ALARM_HIGH 0x0c
#define RTC_IRQ_ENABLED 0x10
#define RTC_CLEAR_ALARM 0x14
#define RTC_CLEAR_INTERRUPT 0x1c

static const struct counter_info goldfish_info = {
	.freq_hz = 1000000000u, /* the clock counts nanoseconds */
	.top_value = 0xffffffffu,
	.channels = 1,
};

static inline volatile uint32_t *reg(const struct device *dev, uint32_t off)
{
	const struct counter_goldfish_rtc_config *cfg = dev->config;

	return (volatile uint32_t *)(cfg->base + off);
}

static uint64_t goldfish_now(const struct device *dev)
{
	uint32_t lo = *reg(dev, RTC_TIME_LOW);

	return ((uint64_t)*reg(dev, RTC_TIME_HIGH) << 32) | lo;
}

static void goldfish_program(const struct device *dev, uint64_t at)
{
	/* An alarm at or before the clock interrupts at once. */
	*reg(dev, RTC_CLEAR_INTERRUPT) = 1u;
	*reg(dev, RTC_ALARM_HIGH) = (uint32_t)(at >> 32);
	*reg(dev, RTC_ALARM_LOW) = (uint32_t)at;
}

static void goldfish_disarm(const struct device *dev)
{
	*reg(dev, RTC_CLEAR_ALARM) = 1u;
	*reg(dev, RTC_CLEAR_INTERRUPT) = 1u;
}

static const struct counter_clock64_ops goldfish_ops = {
	.now = goldfish_now,
	.program = goldfish_program,
	.disarm = goldfish_disarm,
};

static void goldfish_isr(const void *arg)
{
	const struct device *dev = arg;

	*reg(dev, RTC_CLEAR_INTERRUPT) = 1u;
	counter_clock64_isr(dev);
}

const struct counter_driver_api counter_goldfish_rtc_api = COUNTER_CLOCK64_API;

int counter_goldfish_rtc_init(const struct device *dev)
{
	const struct counter_goldfish_rtc_config *cfg = dev->config;

	counter_clock64_init(dev, &goldfish_ops, &goldfish_info);
	int ret = irq_connect_dynamic(cfg->irq, 2, goldfish_isr, dev);

	if (ret != 0) {
		return ret;
	}
	*reg(dev, RTC_IRQ_ENABLED) = 1u;
	irq_enable(cfg->irq);
	return 0;
}
