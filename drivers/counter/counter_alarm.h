/*
 * One alarm channel's state and the checks every counter driver makes
 * the same way (include/kestrel/drivers/counter.h). Callers hold
 * irq_lock() around the check-and-arm and the fire.
 */
#ifndef KESTREL_COUNTER_ALARM_H
#define KESTREL_COUNTER_ALARM_H

#include <errno.h>
#include <stdbool.h>

#include <kestrel/drivers/counter.h>

struct counter_alarm_slot {
	counter_alarm_callback_t callback;
	void *user_data;
	bool armed;
};

/**
 * May @p cfg be armed on @p slot of a counter that is @p running with top
 * value @p top? @retval 0 yes @retval -EAGAIN stopped @retval -EBUSY armed
 * @retval -EINVAL beyond one wrap.
 */
static inline int counter_alarm_check(const struct counter_alarm_slot *slot,
				      bool running, uint32_t top,
				      const struct counter_alarm_cfg *cfg)
{
	if (cfg->ticks > top) {
		return -EINVAL;
	}
	if (!running) {
		return -EAGAIN;
	}
	return slot->armed ? -EBUSY : 0;
}

/** Record @p cfg in @p slot as armed. */
static inline void counter_alarm_arm(struct counter_alarm_slot *slot,
				     const struct counter_alarm_cfg *cfg)
{
	slot->callback = cfg->callback;
	slot->user_data = cfg->user_data;
	slot->armed = true;
}

/** Disarm @p slot. @retval 0 it was armed @retval -EALREADY it was not. */
static inline int counter_alarm_disarm(struct counter_alarm_slot *slot)
{
	bool was = slot->armed;

	slot->armed = false;
	return was ? 0 : -EALREADY;
}

/** From the ISR: free @p slot, then run its callback with count @p now. */
static inline void counter_alarm_fire(struct counter_alarm_slot *slot,
				      const struct device *dev, uint8_t chan,
				      uint32_t now)
{
	if (counter_alarm_disarm(slot) == 0) {
		slot->callback(dev, chan, now, slot->user_data);
	}
}

#endif
