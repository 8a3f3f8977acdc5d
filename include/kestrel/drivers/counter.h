/*
 * Counter/timer driver API: a free-running up-counter and one-shot alarms.
 *
 * A counter counts ticks at a fixed frequency (counter_get_info()) from 0
 * up to its top value, then wraps to 0: the value read is always
 * (ticks counted since start) modulo (top value + 1). Hardware that counts
 * down (the CMSDK APB timer) is presented the same way by its driver.
 * A counter is stopped after boot: counter_start() runs it from 0,
 * counter_stop() freezes the count, counter_start() again resumes from the
 * frozen value.
 *
 * Alarms: a counter has one or more alarm channels. counter_set_alarm()
 * arms channel @p chan to call a callback, once, in ISR context, when
 * the count has advanced by @p ticks from the value the driver reads
 * while arming it. Written-down semantics (every driver follows them):
 * - never early: the callback runs when at least @p ticks ticks have
 *   passed since the call began; the count it is given is at least the
 *   armed value plus @p ticks (modulo the wrap);
 * - too short: @p ticks == 0 (or an alarm whose time passes while it is
 *   being armed) fires as soon as possible, from the counter's interrupt,
 *   never from inside counter_set_alarm();
 * - late: interrupts masked (irq_lock()) or a busy CPU delay the callback;
 *   the count passed to it shows by how much. An alarm is never dropped
 *   and never fires twice;
 * - range: @p ticks above the top value (one wrap) is -EINVAL;
 * - busy: an armed channel refuses a second alarm with -EBUSY until it has
 *   fired or was cancelled. The channel is free again when its callback
 *   starts, so the callback may arm the next alarm (periodic use);
 * - counter_stop() cancels the armed alarms (their callbacks never run);
 *   arming a stopped counter is -EAGAIN.
 *
 * Every function here is non-blocking: ISR and thread context.
 *
 * Drivers (each a devicetree node, label counter0 on every board):
 * - mps2_an385: CMSDK APB timer (arm,cmsdk-timer), 25 MHz, 32 bits
 *   (wraps every 171.8 s), one channel;
 * - qemu_rv32: goldfish RTC (google,goldfish-rtc), 1 GHz (nanoseconds),
 *   32 bits (wraps every 4.29 s), one channel;
 * - native_sim: simulated counter (kestrel,sim-counter), 1 MHz of
 *   simulated time, 32 bits (wraps every 71.6 min), one channel.
 */
#ifndef KESTREL_DRIVERS_COUNTER_H
#define KESTREL_DRIVERS_COUNTER_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <kestrel/device.h>

/** Fixed properties of a counter. */
struct counter_info {
	uint32_t freq_hz;   /**< ticks per second, > 0 */
	uint32_t top_value; /**< last value before the count wraps to 0 */
	uint8_t channels;   /**< alarm channels, numbered 0 .. channels - 1 */
};

/**
 * Alarm callback, called once in ISR context.
 * @param chan the channel that fired (free again already)
 * @param ticks the count when the callback was called
 */
typedef void (*counter_alarm_callback_t)(const struct device *dev, uint8_t chan,
					 uint32_t ticks, void *user_data);

/** A one-shot alarm, relative to the count when it is armed. */
struct counter_alarm_cfg {
	counter_alarm_callback_t callback; /**< required */
	uint32_t ticks;                    /**< from now, 0 .. top_value */
	void *user_data;                   /**< passed to the callback */
};

struct counter_driver_api {
	/** The wrappers check NULL pointers and the channel number; the
	 *  drivers check the rest (running, range, busy). */
	int (*start)(const struct device *dev);
	int (*stop)(const struct device *dev);
	int (*get_value)(const struct device *dev, uint32_t *ticks);
	int (*set_alarm)(const struct device *dev, uint8_t chan,
			 const struct counter_alarm_cfg *cfg);
	int (*cancel_alarm)(const struct device *dev, uint8_t chan);
	const struct counter_info *(*get_info)(const struct device *dev);
};

static inline const struct counter_driver_api *z_counter_api(const struct device *dev)
{
	return (const struct counter_driver_api *)dev->api;
}

/**
 * Frequency, top value and channel count of @p dev.
 * @retval 0 @p info filled
 * @retval -EINVAL NULL argument
 * @retval -ENOSYS the driver does not report them
 * ISR: ok; thread: ok.
 */
static inline int counter_get_info(const struct device *dev, struct counter_info *info)
{
	if (dev == NULL || info == NULL) {
		return -EINVAL;
	}
	if (dev->api == NULL || z_counter_api(dev)->get_info == NULL) {
		return -ENOSYS;
	}
	*info = *z_counter_api(dev)->get_info(dev);
	return 0;
}

/**
 * Run the counter (from 0 after boot, else from where it was stopped).
 * Starting a running counter does nothing.
 * @retval 0 running
 * @retval -EINVAL NULL device
 * @retval -ENOSYS the driver cannot start
 * ISR: ok; thread: ok.
 */
static inline int counter_start(const struct device *dev)
{
	if (dev == NULL) {
		return -EINVAL;
	}
	if (dev->api == NULL || z_counter_api(dev)->start == NULL) {
		return -ENOSYS;
	}
	return z_counter_api(dev)->start(dev);
}

/**
 * Freeze the count and cancel every armed alarm (no callback runs).
 * Stopping a stopped counter does nothing.
 * @retval 0 stopped
 * @retval -EINVAL NULL device
 * @retval -ENOSYS the counter cannot be stopped
 * ISR: ok; thread: ok.
 */
static inline int counter_stop(const struct device *dev)
{
	if (dev == NULL) {
		return -EINVAL;
	}
	if (dev->api == NULL || z_counter_api(dev)->stop == NULL) {
		return -ENOSYS;
	}
	return z_counter_api(dev)->stop(dev);
}

/**
 * Read the count (0 .. top_value).
 * @retval 0 @p ticks holds the count
 * @retval -EINVAL NULL argument
 * @retval -ENOSYS the driver cannot read
 * ISR: ok; thread: ok.
 */
static inline int counter_get_value(const struct device *dev, uint32_t *ticks)
{
	if (dev == NULL || ticks == NULL) {
		return -EINVAL;
	}
	if (dev->api == NULL || z_counter_api(dev)->get_value == NULL) {
		return -ENOSYS;
	}
	return z_counter_api(dev)->get_value(dev, ticks);
}

/** True when @p chan is a channel of @p dev (its driver reports channels). */
static inline bool z_counter_chan_ok(const struct device *dev, uint8_t chan)
{
	const struct counter_driver_api *api = z_counter_api(dev);

	return api->get_info == NULL || chan < api->get_info(dev)->channels;
}

/**
 * Arm a one-shot alarm on channel @p chan (semantics at the top of this
 * file). @p cfg is copied; it need not outlive the call.
 * @retval 0 armed
 * @retval -EINVAL NULL argument or callback, no such channel, or
 *         cfg->ticks above the top value
 * @retval -EBUSY the channel has an alarm armed already
 * @retval -EAGAIN the counter is stopped
 * @retval -ENOSYS the driver has no alarms
 * ISR: ok; thread: ok.
 */
static inline int counter_set_alarm(const struct device *dev, uint8_t chan,
				    const struct counter_alarm_cfg *cfg)
{
	if (dev == NULL || cfg == NULL || cfg->callback == NULL) {
		return -EINVAL;
	}
	if (dev->api == NULL || z_counter_api(dev)->set_alarm == NULL) {
		return -ENOSYS;
	}
	if (!z_counter_chan_ok(dev, chan)) {
		return -EINVAL;
	}
	return z_counter_api(dev)->set_alarm(dev, chan, cfg);
}

/**
 * Disarm channel @p chan: its callback will not run.
 * @retval 0 the alarm was armed and is cancelled
 * @retval -EALREADY no alarm was armed (it fired already, or none was set)
 * @retval -EINVAL NULL device, or no such channel
 * @retval -ENOSYS the driver has no alarms
 * ISR: ok; thread: ok.
 */
static inline int counter_cancel_alarm(const struct device *dev, uint8_t chan)
{
	if (dev == NULL) {
		return -EINVAL;
	}
	if (dev->api == NULL || z_counter_api(dev)->cancel_alarm == NULL) {
		return -ENOSYS;
	}
	if (!z_counter_chan_ok(dev, chan)) {
		return -EINVAL;
	}
	return z_counter_api(dev)->cancel_alarm(dev, chan);
}

/**
 * Convert @p us microseconds to ticks of @p dev, rounding up (an alarm
 * of that many ticks is never shorter than @p us).
 * @retval 0 @p ticks holds the value
 * @retval -EINVAL NULL argument, or the result is above the top value
 *         (one wrap: not a valid alarm)
 * @retval -ENOSYS the driver does not report its frequency
 * ISR: ok; thread: ok.
 */
static inline int counter_us_to_ticks(const struct device *dev, uint64_t us,
				      uint32_t *ticks)
{
	struct counter_info info;
	int ret = ticks == NULL ? -EINVAL : counter_get_info(dev, &info);

	if (ret != 0) {
		return ret;
	}
	if (us / 1000000u > info.top_value / info.freq_hz) {
		return -EINVAL; /* also keeps the product below from overflowing */
	}
	uint64_t t = (us / 1000000u) * info.freq_hz +
		     ((us % 1000000u) * info.freq_hz + 999999u) / 1000000u;

	if (t > info.top_value) {
		return -EINVAL;
	}
	*ticks = (uint32_t)t;
	return 0;
}

/**
 * Convert @p ticks of @p dev to microseconds, rounding down.
 * @retval 0 @p us holds the value
 * @retval -EINVAL NULL argument
 * @retval -ENOSYS the driver does not report its frequency
 * ISR: ok; thread: ok.
 */
static inline int counter_ticks_to_us(const struct device *dev, uint32_t ticks,
				      uint64_t *us)
{
	struct counter_info info;
	int ret = us == NULL ? -EINVAL : counter_get_info(dev, &info);

	if (ret != 0) {
		return ret;
	}
	*us = (uint64_t)ticks * 1000000u / info.freq_hz;
	return 0;
}

/**
 * Arm channel @p chan for an alarm in @p us microseconds (rounded up to
 * whole ticks): counter_us_to_ticks() and counter_set_alarm() in one.
 * @retval 0 armed
 * @retval -EINVAL as counter_set_alarm(), or @p us is beyond one wrap
 * @retval -EBUSY the channel has an alarm armed already
 * @retval -EAGAIN the counter is stopped
 * @retval -ENOSYS the driver has no alarms or does not report its frequency
 * ISR: ok; thread: ok.
 */
static inline int counter_set_alarm_us(const struct device *dev, uint8_t chan,
				       uint64_t us, counter_alarm_callback_t callback,
				       void *user_data)
{
	struct counter_alarm_cfg cfg = { .callback = callback, .user_data = user_data };
	int ret = counter_us_to_ticks(dev, us, &cfg.ticks);

	return ret != 0 ? ret : counter_set_alarm(dev, chan, &cfg);
}

#endif /* KESTREL_DRIVERS_COUNTER_H */
