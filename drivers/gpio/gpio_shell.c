/*
 * gpio shell commands: conf, get, set, toggle on the GPIO devices
 * (DEVICE_DT_CLASS_GPIO_LIST of the generated devicetree.h).
 */
#include <errno.h>
#include <string.h>

#include <kestrel/drivers/gpio.h>
#include <kestrel/shell/shell.h>

#include "devicetree.h"
#include "driver_shell.h"

static const struct device *const gpio_devices[] = {
	DEVICE_DT_CLASS_GPIO_LIST NULL
};

#define USAGE_CONF "gpio conf DEVICE PIN in|out|out_low|out_high [pull_up|pull_down]"
#define USAGE_GET "gpio get DEVICE PIN"
#define USAGE_SET "gpio set DEVICE PIN 0|1"
#define USAGE_TOGGLE "gpio toggle DEVICE PIN"

/* argv[1] DEVICE, argv[2] PIN: the device and pin, or NULL after a message. */
static const struct device *device_pin(struct shell *sh, char **argv, gpio_pin_t *pin)
{
	const struct device *dev = driver_shell_device(sh, gpio_devices, "gpio", argv[1]);
	unsigned long n;

	if (dev == NULL || driver_shell_number(sh, argv[2], "pin", 255, &n) != 0) {
		return NULL;
	}
	if (n >= gpio_ngpios(dev)) {
		shell_error(sh, "pin %lu is past the end of %s (pins 0..%u)", n, dev->name,
			    (unsigned int)gpio_ngpios(dev) - 1u);
		return NULL;
	}
	*pin = (gpio_pin_t)n;
	return dev;
}

static int flags_of(const char *mode, const char *pull, gpio_flags_t *flags)
{
	static const struct {
		const char *name;
		gpio_flags_t flags;
	} modes[] = {
		{ "in", GPIO_INPUT },
		{ "out", GPIO_OUTPUT },
		{ "out_low", GPIO_OUTPUT_LOW },
		{ "out_high", GPIO_OUTPUT_HIGH },
	};

	*flags = 0;
	for (size_t i = 0; i < ARRAY_SIZE(modes); i++) {
		if (strcmp(mode, modes[i].name) == 0) {
			*flags = modes[i].flags;
		}
	}
	if (pull != NULL) {
		*flags |= strcmp(pull, "pull_up") == 0     ? GPIO_PULL_UP
			  : strcmp(pull, "pull_down") == 0 ? GPIO_PULL_DOWN
							   : 0;
		if ((*flags & (GPIO_PULL_UP | GPIO_PULL_DOWN)) == 0) {
			return -EINVAL;
		}
	}
	return *flags != 0 ? 0 : -EINVAL;
}

static int cmd_conf(struct shell *sh, size_t argc, char **argv)
{
	gpio_flags_t flags;
	gpio_pin_t pin;

	if (argc < 4 || argc > 5 || flags_of(argv[3], argc == 5 ? argv[4] : NULL, &flags) != 0) {
		return driver_shell_usage(sh, USAGE_CONF);
	}
	const struct device *dev = device_pin(sh, argv, &pin);

	if (dev == NULL) {
		return driver_shell_usage(sh, USAGE_CONF);
	}
	return driver_shell_check(sh, gpio_pin_configure(dev, pin, flags), "gpio_pin_configure");
}

static int cmd_get(struct shell *sh, size_t argc, char **argv)
{
	gpio_pin_t pin;
	const struct device *dev = argc == 3 ? device_pin(sh, argv, &pin) : NULL;

	if (dev == NULL) {
		return driver_shell_usage(sh, USAGE_GET);
	}
	int v = driver_shell_check(sh, gpio_pin_get(dev, pin), "gpio_pin_get");

	if (v >= 0) {
		shell_print(sh, "%s pin %u: %d", dev->name, (unsigned int)pin, v);
	}
	return v < 0 ? v : 0;
}

static int cmd_set(struct shell *sh, size_t argc, char **argv)
{
	gpio_pin_t pin;
	unsigned long v;
	const struct device *dev = argc == 4 ? device_pin(sh, argv, &pin) : NULL;

	if (dev == NULL || driver_shell_number(sh, argv[3], "value", 1, &v) != 0) {
		return driver_shell_usage(sh, USAGE_SET);
	}
	return driver_shell_check(sh, gpio_pin_set(dev, pin, (int)v), "gpio_pin_set");
}

static int cmd_toggle(struct shell *sh, size_t argc, char **argv)
{
	gpio_pin_t pin;
	const struct device *dev = argc == 3 ? device_pin(sh, argv, &pin) : NULL;

	if (dev == NULL) {
		return driver_shell_usage(sh, USAGE_TOGGLE);
	}
	return driver_shell_check(sh, gpio_pin_toggle(dev, pin), "gpio_pin_toggle");
}

SHELL_SUBCMD_SET_CREATE(sub_gpio,
	SHELL_CMD(conf, NULL, USAGE_CONF, cmd_conf),
	SHELL_CMD(get, NULL, USAGE_GET, cmd_get),
	SHELL_CMD(set, NULL, USAGE_SET, cmd_set),
	SHELL_CMD(toggle, NULL, USAGE_TOGGLE, cmd_toggle));
SHELL_CMD_REGISTER(gpio, sub_gpio, "GPIO pins", NULL);
