/*
 * Counter on a 64-bit free-running clock with one absolute alarm (see
 * counter_clock64.h).
 */
#include <errno.h>

#include <kestrel/kernel.h>

#include "counter_clock64.h"

static struct counter_clock64 *clk_of(const struct device *dev)
{
	return dev->data;
}

/* Interrupts locked. */
static uint32_t count_locked(const struct counter_clock64 *c, uint64_t now)
{
	return c->running ? (uint32_t)(now - c->start) : c->frozen;
}

void counter_clock64_init(const struct device *dev, const struct counter_clock64_ops *ops,
			  const struct counter_info *info)
{
	struct counter_clock64 *c = clk_of(dev);

	c->ops = ops;
	c->info = info;
	c->running = false;
	c->frozen = 0;
	c->alarm.armed = false;
	ops->disarm(dev);
}

void counter_clock64_isr(const struct device *dev)
{
	struct counter_clock64 *c = clk_of(dev);
	unsigned int key = irq_lock();
	uint64_t now = c->ops->now(dev);

	/* An interrupt of an alarm replaced since is not due yet. */
	if (now >= c->alarm_at) {
		counter_alarm_fire(&c->alarm, dev, 0, count_locked(c, now));
	}
	irq_unlock(key);
}

int counter_clock64_start(const struct device *dev)
{
	struct counter_clock64 *c = clk_of(dev);
	unsigned int key = irq_lock();

	if (!c->running) {
		c->start = c->ops->now(dev) - c->frozen;
		c->running = true;
	}
	irq_unlock(key);
	return 0;
}

int counter_clock64_stop(const struct device *dev)
{
	struct counter_clock64 *c = clk_of(dev);
	unsigned int key = irq_lock();

	c->frozen = count_locked(c, c->ops->now(dev));
	c->running = false;
	(void)counter_alarm_disarm(&c->alarm);
	c->ops->disarm(dev);
	irq_unlock(key);
	return 0;
}

int counter_clock64_get_value(const struct device *dev, uint32_t *ticks)
{
	struct counter_clock64 *c = clk_of(dev);
	unsigned int key = irq_lock();

	*ticks = count_locked(c, c->ops->now(dev));
	irq_unlock(key);
	return 0;
}

int counter_clock64_set_alarm(const struct device *dev, uint8_t chan,
			      const struct counter_alarm_cfg *cfg)
{
	struct counter_clock64 *c = clk_of(dev);
	unsigned int key = irq_lock();
	int ret = counter_alarm_check(&c->alarm, c->running, c->info->top_value, cfg);

	(void)chan;
	if (ret == 0) {
		/* 0 ticks: due now; the device interrupts at once. */
		c->alarm_at = c->ops->now(dev) + cfg->ticks;
		counter_alarm_arm(&c->alarm, cfg);
		c->ops->program(dev, c->alarm_at);
	}
	irq_unlock(key);
	return ret;
}

int counter_clock64_cancel_alarm(const struct device *dev, uint8_t chan)
{
	struct counter_clock64 *c = clk_of(dev);
	unsigned int key = irq_lock();
	int ret = counter_alarm_disarm(&c->alarm);

	(void)chan;
	c->ops->disarm(dev);
	irq_unlock(key);
	return ret;
}

const struct counter_info *counter_clock64_get_info(const struct device *dev)
{
	return clk_of(dev)->info;
}
