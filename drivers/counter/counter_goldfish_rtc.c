/*
 * Goldfish RTC as an up-counter with one alarm (see
 * counter_goldfish_rtc.h and Android's GOLDFISH-VIRTUAL-HARDWARE.TXT).
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

#define RTC_FREQ_HZ 1000000000u
#define RTC_TOP 0xffffffffu

static const struct counter_info goldfish_info = {
	.freq_hz = RTC_FREQ_HZ,
	.top_value = RTC_TOP,
	.channels = 1,
};

static inline volatile uint32_t *reg(const struct device *dev, uint32_t off)
{
	const struct counter_goldfish_rtc_config *cfg = dev->config;

	return (volatile uint32_t *)(cfg->base + off);
}

static uint64_t clock_ns(const struct device *dev)
{
	uint32_t lo = *reg(dev, RTC_TIME_LOW);

	return ((uint64_t)*reg(dev, RTC_TIME_HIGH) << 32) | lo;
}

/* Interrupts locked. */
static uint32_t count_locked(const struct device *dev, uint64_t now_ns)
{
	struct counter_goldfish_rtc_data *d = dev->data;

	return d->running ? (uint32_t)(now_ns - d->start_ns) : d->frozen;
}

static void disarm_hw(const struct device *dev)
{
	*reg(dev, RTC_CLEAR_ALARM) = 1u;
	*reg(dev, RTC_CLEAR_INTERRUPT) = 1u;
}

static void goldfish_isr(const void *arg)
{
	const struct device *dev = arg;
	struct counter_goldfish_rtc_data *d = dev->data;
	unsigned int key = irq_lock();
	uint64_t now = clock_ns(dev);

	*reg(dev, RTC_CLEAR_INTERRUPT) = 1u;
	/* A stale interrupt of an alarm replaced since is not due yet. */
	if ((int64_t)(now - d->alarm_ns) >= 0) {
		counter_alarm_fire(&d->alarm, dev, 0, count_locked(dev, now));
	}
	irq_unlock(key);
}

static int goldfish_start(const struct device *dev)
{
	struct counter_goldfish_rtc_data *d = dev->data;
	unsigned int key = irq_lock();

	if (!d->running) {
		d->start_ns = clock_ns(dev) - d->frozen;
		d->running = true;
	}
	irq_unlock(key);
	return 0;
}

static int goldfish_stop(const struct device *dev)
{
	struct counter_goldfish_rtc_data *d = dev->data;
	unsigned int key = irq_lock();

	d->frozen = count_locked(dev, clock_ns(dev));
	d->running = false;
	if (counter_alarm_disarm(&d->alarm) == 0) {
		disarm_hw(dev);
	}
	irq_unlock(key);
	return 0;
}

static int goldfish_get_value(const struct device *dev, uint32_t *ticks)
{
	unsigned int key = irq_lock();

	*ticks = count_locked(dev, clock_ns(dev));
	irq_unlock(key);
	return 0;
}

static int goldfish_set_alarm(const struct device *dev, uint8_t chan,
			      const struct counter_alarm_cfg *cfg)
{
	struct counter_goldfish_rtc_data *d = dev->data;
	unsigned int key = irq_lock();
	int ret = counter_alarm_check(&d->alarm, d->running, RTC_TOP, cfg);

	(void)chan;
	if (ret == 0) {
		/* An alarm at or before the clock interrupts at once: that
		 * is the too-short case, 0 ticks included. */
		d->alarm_ns = clock_ns(dev) + cfg->ticks;
		counter_alarm_arm(&d->alarm, cfg);
		*reg(dev, RTC_CLEAR_INTERRUPT) = 1u;
		*reg(dev, RTC_ALARM_HIGH) = (uint32_t)(d->alarm_ns >> 32);
		*reg(dev, RTC_ALARM_LOW) = (uint32_t)d->alarm_ns;
	}
	irq_unlock(key);
	return ret;
}

static int goldfish_cancel_alarm(const struct device *dev, uint8_t chan)
{
	struct counter_goldfish_rtc_data *d = dev->data;
	unsigned int key = irq_lock();
	int ret = counter_alarm_disarm(&d->alarm);

	(void)chan;
	disarm_hw(dev);
	irq_unlock(key);
	return ret;
}

static const struct counter_info *goldfish_get_info(const struct device *dev)
{
	(void)dev;
	return &goldfish_info;
}

const struct counter_driver_api counter_goldfish_rtc_api = {
	.start = goldfish_start,
	.stop = goldfish_stop,
	.get_value = goldfish_get_value,
	.set_alarm = goldfish_set_alarm,
	.cancel_alarm = goldfish_cancel_alarm,
	.get_info = goldfish_get_info,
};

int counter_goldfish_rtc_init(const struct device *dev)
{
	const struct counter_goldfish_rtc_config *cfg = dev->config;
	struct counter_goldfish_rtc_data *d = dev->data;

	disarm_hw(dev);
	d->running = false;
	d->frozen = 0;
	int ret = irq_connect_dynamic(cfg->irq, 2, goldfish_isr, dev);

	if (ret != 0) {
		return ret;
	}
	*reg(dev, RTC_IRQ_ENABLED) = 1u;
	irq_enable(cfg->irq);
	return 0;
}
