/*
 * ARM CMSDK APB timer as an up-counter with one alarm (see
 * counter_cmsdk_apb.h and the Cortex-M System Design Kit TRM, DDI0479,
 * "APB timer").
 */
#include <errno.h>

#include <kestrel/irq.h>
#include <kestrel/kernel.h>

#include "counter_cmsdk_apb.h"

#define TIMER_CTRL 0x00
#define TIMER_VALUE 0x04
#define TIMER_RELOAD 0x08
#define TIMER_INTSTATUS 0x0c /* write 1 to clear */

#define CTRL_EN (1u << 0)
#define CTRL_IRQEN (1u << 3)

#define TIMER_TOP 0xffffffffu

static inline volatile uint32_t *reg(const struct device *dev, uint32_t off)
{
	const struct counter_cmsdk_apb_config *cfg = dev->config;

	return (volatile uint32_t *)(cfg->base + off);
}

/* The up-count; interrupts locked (offset and VALUE belong together). */
static uint32_t count_locked(const struct device *dev)
{
	struct counter_cmsdk_apb_data *d = dev->data;

	return d->offset - *reg(dev, TIMER_VALUE);
}

static void cmsdk_timer_isr(const void *arg)
{
	const struct device *dev = arg;
	struct counter_cmsdk_apb_data *d = dev->data;
	unsigned int key = irq_lock();

	/* INTSTATUS clear: a stale NVIC pending bit of a countdown replaced
	 * since (set_alarm clears INTSTATUS); nothing to do. */
	if ((*reg(dev, TIMER_INTSTATUS) & 1u) != 0) {
		*reg(dev, TIMER_INTSTATUS) = 1u;
		/* No alarm armed: the free-running wrap every 2^32 ticks, or
		 * a cancelled alarm's countdown. */
		counter_alarm_fire(&d->alarm, dev, 0, count_locked(dev));
	}
	irq_unlock(key);
}

static int cmsdk_start(const struct device *dev)
{
	struct counter_cmsdk_apb_data *d = dev->data;
	unsigned int key = irq_lock();

	d->running = true;
	*reg(dev, TIMER_CTRL) = CTRL_IRQEN | CTRL_EN;
	irq_unlock(key);
	return 0;
}

static int cmsdk_stop(const struct device *dev)
{
	struct counter_cmsdk_apb_data *d = dev->data;
	unsigned int key = irq_lock();

	*reg(dev, TIMER_CTRL) = CTRL_IRQEN; /* VALUE holds */
	d->running = false;
	(void)counter_alarm_disarm(&d->alarm);
	irq_unlock(key);
	return 0;
}

static int cmsdk_get_value(const struct device *dev, uint32_t *ticks)
{
	unsigned int key = irq_lock();

	*ticks = count_locked(dev);
	irq_unlock(key);
	return 0;
}

static int cmsdk_set_alarm(const struct device *dev, uint8_t chan,
			   const struct counter_alarm_cfg *cfg)
{
	struct counter_cmsdk_apb_data *d = dev->data;
	/* VALUE 0 would not interrupt (only a 1 -> 0 step does). */
	uint32_t ticks = cfg->ticks == 0 ? 1u : cfg->ticks;
	unsigned int key = irq_lock();
	int ret = counter_alarm_check(&d->alarm, d->running, TIMER_TOP, cfg);

	(void)chan;
	if (ret == 0) {
		uint32_t now = count_locked(dev);

		/* Paused while reloading, so that no 1 -> 0 step of the
		 * previous countdown can slip in after INTSTATUS is cleared. */
		*reg(dev, TIMER_CTRL) = CTRL_IRQEN;
		*reg(dev, TIMER_INTSTATUS) = 1u;
		*reg(dev, TIMER_VALUE) = ticks;
		*reg(dev, TIMER_CTRL) = CTRL_IRQEN | CTRL_EN;
		d->offset = now + ticks;
		counter_alarm_arm(&d->alarm, cfg);
	}
	irq_unlock(key);
	return ret;
}

static int cmsdk_cancel_alarm(const struct device *dev, uint8_t chan)
{
	struct counter_cmsdk_apb_data *d = dev->data;
	unsigned int key = irq_lock();
	/* The hardware keeps counting down; its interrupt finds no alarm. */
	int ret = counter_alarm_disarm(&d->alarm);

	(void)chan;
	irq_unlock(key);
	return ret;
}

static const struct counter_info *cmsdk_get_info(const struct device *dev)
{
	struct counter_cmsdk_apb_data *d = dev->data;

	return &d->info;
}

const struct counter_driver_api counter_cmsdk_apb_api = {
	.start = cmsdk_start,
	.stop = cmsdk_stop,
	.get_value = cmsdk_get_value,
	.set_alarm = cmsdk_set_alarm,
	.cancel_alarm = cmsdk_cancel_alarm,
	.get_info = cmsdk_get_info,
};

int counter_cmsdk_apb_init(const struct device *dev)
{
	const struct counter_cmsdk_apb_config *cfg = dev->config;
	struct counter_cmsdk_apb_data *d = dev->data;

	if (cfg->clock_frequency == 0) {
		return -EINVAL;
	}
	d->info.freq_hz = cfg->clock_frequency;
	d->info.top_value = TIMER_TOP;
	d->info.channels = 1;
	*reg(dev, TIMER_CTRL) = 0;
	*reg(dev, TIMER_RELOAD) = TIMER_TOP; /* also loads VALUE */
	*reg(dev, TIMER_VALUE) = TIMER_TOP;
	*reg(dev, TIMER_INTSTATUS) = 1u;
	d->offset = TIMER_TOP; /* count 0 */
	d->running = false;
	int ret = irq_connect_dynamic(cfg->irq, 2, cmsdk_timer_isr, dev);

	if (ret != 0) {
		return ret;
	}
	*reg(dev, TIMER_CTRL) = CTRL_IRQEN;
	irq_enable(cfg->irq);
	return 0;
}
