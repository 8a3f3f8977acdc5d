/*
 * native_sim simulated counter: simulated microseconds and one alarm on a
 * simulated interrupt line (see counter_sim.h), under counter_clock64.
 */
#include <errno.h>

#include <kestrel/kernel.h>

#include "counter_sim.h"
#include "posix_hw.h"

static const struct counter_info sim_info = {
	.freq_hz = 1000000u, /* simulated microseconds */
	.top_value = 0xffffffffu,
	.channels = 1,
};

static uint64_t sim_now(const struct device *dev)
{
	(void)dev;
	return posix_hw_now_us();
}

static void sim_program(const struct device *dev, uint64_t at)
{
	const struct counter_sim_config *cfg = dev->config;

	posix_hw_event_set(cfg->irq, at); /* a time past: the next dispatch */
}

static void sim_disarm(const struct device *dev)
{
	sim_program(dev, UINT64_MAX);
}

static const struct counter_clock64_ops sim_ops = {
	.now = sim_now,
	.program = sim_program,
	.disarm = sim_disarm,
};

static void sim_counter_isr(const void *arg)
{
	counter_clock64_isr(arg);
}

const struct counter_driver_api counter_sim_api = COUNTER_CLOCK64_API;

int counter_sim_init(const struct device *dev)
{
	const struct counter_sim_config *cfg = dev->config;

	if (cfg->irq == POSIX_IRQ_TIMER || cfg->irq >= POSIX_IRQ_COUNT) {
		return -EINVAL;
	}
	counter_clock64_init(dev, &sim_ops, &sim_info);
	int ret = posix_irq_connect(cfg->irq, sim_counter_isr, dev);

	if (ret == 0) {
		posix_irq_enable(cfg->irq, true);
	}
	return ret;
}
