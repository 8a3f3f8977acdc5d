/*
 * native_sim simulated counter: simulated microseconds and one alarm on a
 * simulated interrupt line (see counter_sim.h).
 */
#include <errno.h>

#include <kestrel/kernel.h>

#include "counter_sim.h"
#include "posix_hw.h"

#define SIM_TOP 0xffffffffu

static const struct counter_info sim_info = {
	.freq_hz = 1000000u,
	.top_value = SIM_TOP,
	.channels = 1,
};

/* Interrupts locked. */
static uint32_t count_locked(const struct device *dev, uint64_t now_us)
{
	struct counter_sim_data *d = dev->data;

	return d->running ? (uint32_t)(now_us - d->start_us) : d->frozen;
}

static void sim_counter_isr(const void *arg)
{
	const struct device *dev = arg;
	struct counter_sim_data *d = dev->data;
	unsigned int key = irq_lock();
	uint64_t now = posix_hw_now_us();

	/* A line raised for an alarm replaced since is not due yet. */
	if (now >= d->alarm_us) {
		counter_alarm_fire(&d->alarm, dev, 0, count_locked(dev, now));
	}
	irq_unlock(key);
}

static void disarm_hw(const struct device *dev)
{
	const struct counter_sim_config *cfg = dev->config;

	posix_hw_event_set(cfg->irq, UINT64_MAX);
}

static int sim_start(const struct device *dev)
{
	struct counter_sim_data *d = dev->data;
	unsigned int key = irq_lock();

	if (!d->running) {
		d->start_us = posix_hw_now_us() - d->frozen;
		d->running = true;
	}
	irq_unlock(key);
	return 0;
}

static int sim_stop(const struct device *dev)
{
	struct counter_sim_data *d = dev->data;
	unsigned int key = irq_lock();

	d->frozen = count_locked(dev, posix_hw_now_us());
	d->running = false;
	(void)counter_alarm_disarm(&d->alarm);
	disarm_hw(dev);
	irq_unlock(key);
	return 0;
}

static int sim_get_value(const struct device *dev, uint32_t *ticks)
{
	unsigned int key = irq_lock();

	*ticks = count_locked(dev, posix_hw_now_us());
	irq_unlock(key);
	return 0;
}

static int sim_set_alarm(const struct device *dev, uint8_t chan,
			 const struct counter_alarm_cfg *cfg)
{
	const struct counter_sim_config *config = dev->config;
	struct counter_sim_data *d = dev->data;
	unsigned int key = irq_lock();
	int ret = counter_alarm_check(&d->alarm, d->running, SIM_TOP, cfg);

	(void)chan;
	if (ret == 0) {
		/* 0 ticks: due now, raised at the next dispatch (an ISR). */
		d->alarm_us = posix_hw_now_us() + cfg->ticks;
		counter_alarm_arm(&d->alarm, cfg);
		posix_hw_event_set(config->irq, d->alarm_us);
	}
	irq_unlock(key);
	return ret;
}

static int sim_cancel_alarm(const struct device *dev, uint8_t chan)
{
	struct counter_sim_data *d = dev->data;
	unsigned int key = irq_lock();
	int ret = counter_alarm_disarm(&d->alarm);

	(void)chan;
	disarm_hw(dev);
	irq_unlock(key);
	return ret;
}

static const struct counter_info *sim_get_info(const struct device *dev)
{
	(void)dev;
	return &sim_info;
}

const struct counter_driver_api counter_sim_api = {
	.start = sim_start,
	.stop = sim_stop,
	.get_value = sim_get_value,
	.set_alarm = sim_set_alarm,
	.cancel_alarm = sim_cancel_alarm,
	.get_info = sim_get_info,
};

int counter_sim_init(const struct device *dev)
{
	const struct counter_sim_config *cfg = dev->config;
	struct counter_sim_data *d = dev->data;

	if (cfg->irq == POSIX_IRQ_TIMER || cfg->irq >= POSIX_IRQ_COUNT) {
		return -EINVAL;
	}
	d->running = false;
	d->frozen = 0;
	int ret = posix_irq_connect(cfg->irq, sim_counter_isr, dev);

	if (ret == 0) {
		posix_irq_enable(cfg->irq, true);
	}
	return ret;
}
