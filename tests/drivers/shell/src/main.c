/*
 * The driver class shell commands (gpio, flash, entropy, counter) through
 * shell_execute_cmd() on the in-memory backend: output and return value
 * of good commands, bad arguments (usage, -EINVAL) and driver errors
 * (errno name and number), on the board's gpio0, flash0, entropy0 and
 * counter0.
 */
#include <errno.h>
#include <stdarg.h>
#include <string.h>

#include <kestrel/drivers/counter.h>
#include <kestrel/drivers/flash.h>
#include <kestrel/drivers/gpio.h>
#include <kestrel/kernel.h>
#include <kestrel/ktest.h>
#include <kestrel/shell/shell.h>

static struct shell sh;
static struct shell_mem_backend mem;
static char out[2048];
static char cmd[96];
static char want[96];

#define ASSERT_OUT_HAS(s)                                                    \
	kt_assert(strstr(out, (s)) != NULL, "output lacks \"%s\":\n%s", (s), out)
#define ASSERT_OUT_LACKS(s)                                                  \
	kt_assert(strstr(out, (s)) == NULL, "output has \"%s\":\n%s", (s), out)

/* Run a command built like printk; clears the output first. */
__attribute__((format(printf, 1, 2))) static int run(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintk(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	shell_mem_backend_clear(&mem);
	return shell_execute_cmd(&sh, cmd);
}

/* The line a driver error prints for @p call and negative errno @p err. */
static const char *error_line(const char *call, const char *name, int err)
{
	(void)snprintk(want, sizeof(want), "error: %s: %s (%d)\n", call, name, err);
	return want;
}

static void before(void *fixture)
{
	(void)fixture;
	shell_mem_backend_init(&mem, out, sizeof(out));
	kt_assert_eq(shell_init(&sh, &mem.backend, "$ "), 0);
}

KTEST_SUITE(driver_shell, NULL, before, NULL, NULL);

/* ---- gpio ---- */

static const struct device *gpio_or_skip(void)
{
	const struct device *dev = device_get_binding("gpio0");

	if (dev == NULL) {
		kt_skip(); /* no GPIO controller on this board */
	}
	return dev;
}

KTEST(driver_shell, gpio_conf_set_get_toggle)
{
	(void)gpio_or_skip();
	kt_assert_eq(run("gpio conf gpio0 1 out_high"), 0);
	kt_assert_eq(run("gpio get gpio0 1"), 0);
	kt_assert_str_eq(out, "gpio0 pin 1: 1\n");
	kt_assert_eq(run("gpio toggle gpio0 1"), 0);
	kt_assert_eq(run("gpio get gpio0 1"), 0);
	kt_assert_str_eq(out, "gpio0 pin 1: 0\n");
	kt_assert_eq(run("gpio set gpio0 1 1"), 0);
	kt_assert_eq(run("gpio get gpio0 0x1"), 0);
	kt_assert_str_eq(out, "gpio0 pin 1: 1\n");
	kt_assert_eq(run("gpio conf gpio0 1 out_low"), 0);
	kt_assert_eq(run("gpio get gpio0 1"), 0);
	kt_assert_str_eq(out, "gpio0 pin 1: 0\n");
}

KTEST(driver_shell, gpio_pin_past_the_end_is_einval)
{
	const struct device *dev = gpio_or_skip();
	unsigned int n = gpio_ngpios(dev);

	kt_assert_eq(run("gpio get gpio0 %u", n), -EINVAL);
	(void)snprintk(want, sizeof(want), "error: pin %u is past the end of gpio0 (pins 0..%u)",
		       n, n - 1);
	ASSERT_OUT_HAS(want);
	ASSERT_OUT_HAS("usage: gpio get DEVICE PIN\n");
	kt_assert_eq(run("gpio set gpio0 %u 1", n), -EINVAL);
	kt_assert_eq(run("gpio toggle gpio0 300"), -EINVAL);
	ASSERT_OUT_HAS("error: pin 300 is above 255");
}

KTEST(driver_shell, gpio_bad_arguments_print_usage)
{
	(void)gpio_or_skip();
	kt_assert_eq(run("gpio set gpio0 0 2"), -EINVAL);
	ASSERT_OUT_HAS("error: value 2 is above 1");
	ASSERT_OUT_HAS("usage: gpio set DEVICE PIN 0|1");
	kt_assert_eq(run("gpio conf gpio0 0 sideways"), -EINVAL);
	ASSERT_OUT_HAS("usage: gpio conf DEVICE PIN in|out|out_low|out_high");
	kt_assert_eq(run("gpio conf gpio0 0 in pull_sideways"), -EINVAL);
	kt_assert_eq(run("gpio get gpio0"), -EINVAL);
	kt_assert_eq(run("gpio get gpio0 one"), -EINVAL);
	ASSERT_OUT_HAS("error: pin 'one' is not a number");
	kt_assert_eq(run("gpio get nosuch 0"), -EINVAL);
	ASSERT_OUT_HAS("error: no gpio device 'nosuch' (gpio devices: gpio0");
	/* A device of another class is refused, not handed to the GPIO API. */
	kt_assert_eq(run("gpio get flash0 0"), -EINVAL);
	ASSERT_OUT_HAS("error: no gpio device 'flash0'");
}

KTEST(driver_shell, gpio_driver_error_prints_errno)
{
	if (device_get_binding("buttons") == NULL) {
		kt_skip(); /* mps2_an385's input-only button register */
	}
	kt_assert_eq(run("gpio set buttons 0 1"), -ENOTSUP);
	ASSERT_OUT_HAS(error_line("gpio_pin_set", "ENOTSUP", -ENOTSUP));
}

/* ---- flash ---- */

KTEST(driver_shell, flash_erase_write_read)
{
	kt_assert_eq(run("flash erase flash0 0 4096"), 0);
	kt_assert_str_eq(out, "flash0: erased 4096 bytes at 0x0\n");
	kt_assert_eq(run("flash write flash0 0x10 0xde 0xad 0xbe 0xef"), 0);
	kt_assert_str_eq(out, "flash0: wrote 4 bytes at 0x10\n");
	kt_assert_eq(run("flash read flash0 0x0c 24"), 0);
	kt_assert_str_eq(out, "0000000c: ff ff ff ff de ad be ef ff ff ff ff ff ff ff ff\n"
			      "0000001c: ff ff ff ff ff ff ff ff\n");
	kt_assert_eq(run("flash info flash0"), 0);
	ASSERT_OUT_HAS("flash0: ");
	ASSERT_OUT_HAS(", erased 0xff\n");
}

KTEST(driver_shell, flash_write_without_erase_is_eio)
{
	kt_assert_eq(run("flash erase flash0 0 4096"), 0);
	kt_assert_eq(run("flash write flash0 0 1 2 3 4"), 0);
	kt_assert_eq(run("flash write flash0 0 5 6 7 8"), -EIO);
	kt_assert_str_eq(out, "error: flash_write: EIO (-5)\n");
	kt_assert_eq(run("flash read flash0 0 4"), 0);
	kt_assert_str_eq(out, "00000000: 01 02 03 04\n");
}

KTEST(driver_shell, flash_unaligned_write_is_einval)
{
	kt_assert_eq(run("flash erase flash0 0 4096"), 0);
	kt_assert_eq(run("flash write flash0 2 1 2 3 4"), -EINVAL);
	kt_assert_str_eq(out, "error: flash_write: EINVAL (-22)\n");
	kt_assert_eq(run("flash write flash0 0 1 2 3"), -EINVAL);
	kt_assert_eq(run("flash erase flash0 100 4096"), -EINVAL);
	kt_assert_str_eq(out, "error: flash_erase: EINVAL (-22)\n");
}

KTEST(driver_shell, flash_read_out_of_range_prints_no_dump)
{
	struct flash_parameters p = { 0 };

	kt_assert_eq(flash_get_parameters(device_get_binding("flash0"), &p), 0);
	kt_assert_eq(run("flash read flash0 %u 8", (unsigned int)p.size - 4), -EINVAL);
	kt_assert_str_eq(out, "error: flash_read: EINVAL (-22)\n");
	kt_assert_eq(run("flash read flash0 %u 4", (unsigned int)p.size - 4), 0);
}

KTEST(driver_shell, flash_bad_arguments_print_usage)
{
	kt_assert_eq(run("flash read flash0 zz 4"), -EINVAL);
	kt_assert_str_eq(out, "error: offset 'zz' is not a number\n"
			      "usage: flash read DEVICE OFFSET LEN\n");
	kt_assert_eq(run("flash write flash0 0 0x100"), -EINVAL);
	ASSERT_OUT_HAS("error: byte 0x100 is above 255");
	kt_assert_eq(run("flash write flash0 0"), -EINVAL);
	ASSERT_OUT_HAS("usage: flash write DEVICE OFFSET BYTE...");
	kt_assert_eq(run("flash erase flash0 0"), -EINVAL);
	kt_assert_eq(run("flash read counter0 0 4"), -EINVAL);
	ASSERT_OUT_HAS("error: no flash device 'counter0' (flash devices: flash0)");
}

/* ---- entropy ---- */

KTEST(driver_shell, entropy_get_dumps_n_bytes)
{
	kt_assert_eq(run("entropy get entropy0 20"), 0);
	kt_assert_eq(strlen(out), strlen("00000000:") + 16 * 3 + 1 + strlen("00000010:") + 4 * 3 + 1);
	kt_assert_eq(strncmp(out, "00000000: ", 10), 0);
	ASSERT_OUT_HAS("\n00000010: ");
}

KTEST(driver_shell, entropy_bad_count_prints_usage)
{
	kt_assert_eq(run("entropy get entropy0 0"), -EINVAL);
	ASSERT_OUT_HAS("usage: entropy get DEVICE N (1..256)");
	kt_assert_eq(run("entropy get entropy0 257"), -EINVAL);
	ASSERT_OUT_HAS("error: N 257 is above 256");
	kt_assert_eq(run("entropy get"), -EINVAL);
	kt_assert_eq(run("entropy get gpio0 4"), -EINVAL);
	ASSERT_OUT_HAS("error: no entropy device 'gpio0'");
}

/* ---- counter ---- */

KTEST(driver_shell, counter_read_and_alarm)
{
	kt_assert_eq(run("counter start counter0"), 0);
	kt_assert_str_eq(out, "");
	kt_assert_eq(run("counter read counter0"), 0);
	ASSERT_OUT_HAS("counter0: ");
	ASSERT_OUT_HAS(" ticks (");
	kt_assert_eq(run("counter info counter0"), 0);
	ASSERT_OUT_HAS(" Hz, top 0xffffffff, 1 channel(s)\n");
	kt_assert_eq(run("counter alarm counter0 1000"), 0);
	ASSERT_OUT_HAS("counter0: alarm after 1000 us fired at tick ");
}

KTEST(driver_shell, counter_driver_errors_print_errno)
{
	const struct device *dev = device_get_binding("counter0");
	struct counter_info info;

	kt_assert_eq(counter_get_info(dev, &info), 0);
	kt_assert_eq(run("counter stop counter0"), 0);
	kt_assert_eq(run("counter alarm counter0 1000"), -EAGAIN);
	kt_assert_str_eq(out, error_line("counter_set_alarm", "EAGAIN", -EAGAIN));
	kt_assert_eq(run("counter start counter0"), 0);
	uint64_t wrap_us = ((uint64_t)info.top_value + 1) * 1000000u / info.freq_hz;

	kt_assert_eq(run("counter alarm counter0 %llu", (unsigned long long)(wrap_us + 1000000u)),
		     -EINVAL);
}

static void never(const struct device *dev, uint8_t chan, uint32_t ticks, void *user_data)
{
	(void)dev;
	(void)chan;
	(void)ticks;
	*(int *)user_data += 1;
}

KTEST(driver_shell, counter_busy_channel_prints_ebusy)
{
	const struct device *dev = device_get_binding("counter0");
	int calls = 0;

	kt_assert_eq(counter_start(dev), 0);
	kt_assert_eq(counter_set_alarm_us(dev, 0, 100000, never, &calls), 0);
	kt_assert_eq(run("counter alarm counter0 1000"), -EBUSY);
	ASSERT_OUT_HAS(error_line("counter_set_alarm", "EBUSY", -EBUSY));
	kt_assert_eq(counter_cancel_alarm(dev, 0), 0);
	kt_assert_eq(calls, 0);
}

KTEST(driver_shell, counter_bad_arguments_print_usage)
{
	kt_assert_eq(run("counter read"), -EINVAL);
	ASSERT_OUT_HAS("usage: counter read DEVICE");
	kt_assert_eq(run("counter alarm counter0 soon"), -EINVAL);
	ASSERT_OUT_HAS("error: microseconds 'soon' is not a number");
	kt_assert_eq(run("counter read flash0"), -EINVAL);
	ASSERT_OUT_HAS("error: no counter device 'flash0'");
}
