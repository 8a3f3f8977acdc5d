/*
 * counter shell commands: info, start, stop, read, alarm on the counter
 * devices (DEVICE_DT_CLASS_COUNTER_LIST of the generated devicetree.h).
 */
#include <errno.h>

#include <kestrel/drivers/counter.h>
#include <kestrel/kernel.h>
#include <kestrel/shell/shell.h>

#include "devicetree.h"
#include "driver_shell.h"

static const struct device *const counter_devices[] = {
	DEVICE_DT_CLASS_COUNTER_LIST NULL
};

#define USAGE_INFO "counter info DEVICE"
#define USAGE_START "counter start DEVICE"
#define USAGE_STOP "counter stop DEVICE"
#define USAGE_READ "counter read DEVICE"
#define USAGE_ALARM "counter alarm DEVICE MICROSECONDS (waits for it, channel 0)"

static const struct device *device_arg(struct shell *sh, size_t argc, char **argv)
{
	return argc == 2 ? driver_shell_device(sh, counter_devices, "counter", argv[1])
			 : NULL;
}

static int cmd_info(struct shell *sh, size_t argc, char **argv)
{
	struct counter_info info = { 0 };
	const struct device *dev = device_arg(sh, argc, argv);

	if (dev == NULL) {
		return driver_shell_usage(sh, USAGE_INFO);
	}
	int ret = driver_shell_check(sh, counter_get_info(dev, &info), "counter_get_info");

	if (ret == 0) {
		shell_print(sh, "%s: %u Hz, top 0x%08x, %u channel(s)", dev->name,
			    (unsigned int)info.freq_hz, (unsigned int)info.top_value,
			    (unsigned int)info.channels);
	}
	return ret;
}

static int cmd_start(struct shell *sh, size_t argc, char **argv)
{
	const struct device *dev = device_arg(sh, argc, argv);

	if (dev == NULL) {
		return driver_shell_usage(sh, USAGE_START);
	}
	return driver_shell_check(sh, counter_start(dev), "counter_start");
}

static int cmd_stop(struct shell *sh, size_t argc, char **argv)
{
	const struct device *dev = device_arg(sh, argc, argv);

	if (dev == NULL) {
		return driver_shell_usage(sh, USAGE_STOP);
	}
	return driver_shell_check(sh, counter_stop(dev), "counter_stop");
}

static int cmd_read(struct shell *sh, size_t argc, char **argv)
{
	uint32_t ticks = 0;
	uint64_t us = 0;
	const struct device *dev = device_arg(sh, argc, argv);

	if (dev == NULL) {
		return driver_shell_usage(sh, USAGE_READ);
	}
	int ret = driver_shell_check(sh, counter_get_value(dev, &ticks), "counter_get_value");

	if (ret == 0 && counter_ticks_to_us(dev, ticks, &us) == 0) {
		shell_print(sh, "%s: %u ticks (%llu us)", dev->name, (unsigned int)ticks,
			    (unsigned long long)us);
	}
	return ret;
}

struct alarm_wait {
	struct k_sem done;
	uint32_t ticks;
};

static void alarm_done(const struct device *dev, uint8_t chan, uint32_t ticks, void *user_data)
{
	struct alarm_wait *w = user_data;

	(void)dev;
	(void)chan;
	w->ticks = ticks;
	(void)k_sem_give(&w->done);
}

static int cmd_alarm(struct shell *sh, size_t argc, char **argv)
{
	struct alarm_wait w;
	unsigned long us;
	uint32_t t0 = 0;
	const struct device *dev =
		argc == 3 ? driver_shell_device(sh, counter_devices, "counter", argv[1]) : NULL;

	if (dev == NULL || driver_shell_number(sh, argv[2], "microseconds", UINT32_MAX, &us) != 0) {
		return driver_shell_usage(sh, USAGE_ALARM);
	}
	(void)k_sem_init(&w.done, 0, 1);
	(void)counter_get_value(dev, &t0);
	int ret = driver_shell_check(sh, counter_set_alarm_us(dev, 0, us, alarm_done, &w),
				     "counter_set_alarm");

	if (ret != 0) {
		return ret;
	}
	if (k_sem_take(&w.done, K_MSEC(us / 1000u + 1000u)) != 0) {
		(void)counter_cancel_alarm(dev, 0);
		return driver_shell_check(sh, -ETIMEDOUT, "counter alarm");
	}
	shell_print(sh, "%s: alarm after %lu us fired at tick %u (%u ticks after arming)",
		    dev->name, us, (unsigned int)w.ticks, (unsigned int)(w.ticks - t0));
	return 0;
}

SHELL_SUBCMD_SET_CREATE(sub_counter,
	SHELL_CMD(info, NULL, USAGE_INFO, cmd_info),
	SHELL_CMD(start, NULL, USAGE_START, cmd_start),
	SHELL_CMD(stop, NULL, USAGE_STOP, cmd_stop),
	SHELL_CMD(read, NULL, USAGE_READ, cmd_read),
	SHELL_CMD(alarm, NULL, USAGE_ALARM, cmd_alarm));
SHELL_CMD_REGISTER(counter, sub_counter, "Counters and timers", NULL);
