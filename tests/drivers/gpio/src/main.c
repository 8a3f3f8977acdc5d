/*
 * GPIO class API, through the public wrappers, on the board's gpio0:
 * configure / set / get / toggle, masked port writes, argument checks
 * (pins past ngpios, bad flags, NULL) and -ENOSYS for a missing op.
 * Needs at least 2 pins that can be outputs.
 */
#include <devicetree.h>
#include <kestrel/drivers/gpio.h>
#include <kestrel/ktest.h>

#define GPIO_DEV DEVICE_DT_NODELABEL_gpio0

static const struct device *dev;

static void before(void *fixture)
{
	(void)fixture;
	dev = GPIO_DEV;
	if (device_is_ready(dev)) {
		(void)gpio_pin_configure(dev, 0, GPIO_OUTPUT_LOW);
		(void)gpio_pin_configure(dev, 1, GPIO_OUTPUT_LOW);
	}
}

KTEST_SUITE(gpio_api, NULL, before, NULL, NULL);

KTEST(gpio_api, device_is_ready_with_at_least_two_pins)
{
	kt_assert_true(device_is_ready(dev));
	kt_assert_ge(gpio_ngpios(dev), 2);
	kt_assert_le(gpio_ngpios(dev), GPIO_MAX_PINS_PER_PORT);
	kt_assert_ptr_eq(device_get_binding("gpio0"), dev);
}

KTEST(gpio_api, output_low_reads_low)
{
	kt_assert_eq(gpio_pin_get(dev, 0), 0);
	kt_assert_eq(gpio_pin_get(dev, 1), 0);
}

KTEST(gpio_api, set_high_then_low_reads_back)
{
	kt_assert_eq(gpio_pin_set(dev, 1, 1), 0);
	kt_assert_eq(gpio_pin_get(dev, 1), 1);
	kt_assert_eq(gpio_pin_get(dev, 0), 0);
	kt_assert_eq(gpio_pin_set(dev, 1, 0), 0);
	kt_assert_eq(gpio_pin_get(dev, 1), 0);
}

KTEST(gpio_api, set_any_nonzero_value_is_high)
{
	kt_assert_eq(gpio_pin_set(dev, 0, 42), 0);
	kt_assert_eq(gpio_pin_get(dev, 0), 1);
}

KTEST(gpio_api, output_init_high_starts_high)
{
	kt_assert_eq(gpio_pin_configure(dev, 0, GPIO_OUTPUT_HIGH), 0);
	kt_assert_eq(gpio_pin_get(dev, 0), 1);
	kt_assert_eq(gpio_pin_configure(dev, 0, GPIO_OUTPUT_LOW), 0);
	kt_assert_eq(gpio_pin_get(dev, 0), 0);
}

KTEST(gpio_api, output_without_init_flag_keeps_level)
{
	kt_assert_eq(gpio_pin_set(dev, 0, 1), 0);
	kt_assert_eq(gpio_pin_configure(dev, 0, GPIO_OUTPUT), 0);
	kt_assert_eq(gpio_pin_get(dev, 0), 1);
}

KTEST(gpio_api, toggle_inverts_one_pin)
{
	kt_assert_eq(gpio_pin_toggle(dev, 0), 0);
	kt_assert_eq(gpio_pin_get(dev, 0), 1);
	kt_assert_eq(gpio_pin_get(dev, 1), 0);
	kt_assert_eq(gpio_pin_toggle(dev, 0), 0);
	kt_assert_eq(gpio_pin_get(dev, 0), 0);
}

static gpio_port_value_t low_two(void)
{
	gpio_port_value_t v = 0xdeadu;

	kt_assert_eq(gpio_port_get_raw(dev, &v), 0);
	return v & 0x3u;
}

KTEST(gpio_api, port_set_masked_changes_only_masked_pins)
{
	/* Bits of value outside the mask must not leak into other pins. */
	kt_assert_eq(gpio_port_set_masked(dev, 0x1u, 0x3u), 0);
	kt_assert_eq(low_two(), 0x1u);
	kt_assert_eq(gpio_port_set_masked(dev, 0x2u, 0x2u), 0);
	kt_assert_eq(low_two(), 0x3u);
	kt_assert_eq(gpio_port_set_masked(dev, 0x1u, 0x2u), 0);
	kt_assert_eq(low_two(), 0x2u);
	kt_assert_eq(gpio_port_set_masked(dev, 0x3u, 0x1u), 0);
	kt_assert_eq(low_two(), 0x1u);
	kt_assert_eq(gpio_port_set_masked(dev, 0, 0x3u), 0); /* empty mask */
	kt_assert_eq(low_two(), 0x1u);
}

KTEST(gpio_api, port_get_raw_has_no_bits_past_ngpios)
{
	gpio_port_value_t v;

	kt_assert_eq(gpio_port_set_masked(dev, gpio_port_pins_mask(dev), 0xffffffffu), 0);
	kt_assert_eq(gpio_port_get_raw(dev, &v), 0);
	kt_assert_eq(v & ~gpio_port_pins_mask(dev), 0);
	kt_assert_eq(v & 0x3u, 0x3u);
	kt_assert_eq(gpio_port_set_masked(dev, gpio_port_pins_mask(dev), 0), 0);
}

/* ---- argument checks ---- */

KTEST(gpio_api, pin_past_the_end_returns_einval)
{
	gpio_pin_t n = gpio_ngpios(dev);
	gpio_pin_t bad[] = {n, n + 1, 31, 32, 1000, 0xffffffffu};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (bad[i] < n) {
			continue; /* 31 is valid on a 32-pin controller */
		}
		kt_assert_eq(gpio_pin_configure(dev, bad[i], GPIO_OUTPUT), -EINVAL);
		kt_assert_eq(gpio_pin_set(dev, bad[i], 1), -EINVAL);
		kt_assert_eq(gpio_pin_get(dev, bad[i]), -EINVAL);
		kt_assert_eq(gpio_pin_toggle(dev, bad[i]), -EINVAL);
		kt_assert_eq(gpio_pin_interrupt_configure(dev, bad[i],
							  GPIO_INT_EDGE_BOTH), -EINVAL);
	}
	kt_assert_eq(gpio_pin_configure(dev, n - 1, GPIO_OUTPUT_LOW), 0);
}

KTEST(gpio_api, port_mask_past_the_end_returns_einval)
{
	gpio_port_pins_t outside = ~gpio_port_pins_mask(dev);

	if (outside == 0) {
		kt_skip(); /* a 32-pin port has no bit past its end */
	}
	kt_assert_eq(gpio_port_set_masked(dev, outside & (0u - outside), 0), -EINVAL);
	kt_assert_eq(gpio_port_set_masked(dev, 0xffffffffu, 0), -EINVAL);
}

KTEST(gpio_api, bad_configure_flags_return_einval)
{
	kt_assert_eq(gpio_pin_configure(dev, 0, GPIO_OUTPUT | GPIO_OUTPUT_INIT_LOW |
					GPIO_OUTPUT_INIT_HIGH), -EINVAL);
	kt_assert_eq(gpio_pin_configure(dev, 0, GPIO_OUTPUT_INIT_HIGH), -EINVAL);
	kt_assert_eq(gpio_pin_configure(dev, 0, GPIO_INPUT | GPIO_PULL_UP |
					GPIO_PULL_DOWN), -EINVAL);
	kt_assert_eq(gpio_pin_configure(dev, 0, GPIO_OUTPUT | GPIO_INT_EDGE_RISING),
		     -EINVAL);
	kt_assert_eq(gpio_pin_configure(dev, 0, 1u << 31), -EINVAL);
	/* None of it changed the pin. */
	kt_assert_eq(gpio_pin_get(dev, 0), 0);
}

KTEST(gpio_api, bad_interrupt_flags_return_einval)
{
	kt_assert_eq(gpio_pin_interrupt_configure(dev, 0, GPIO_INPUT), -EINVAL);
	kt_assert_eq(gpio_pin_interrupt_configure(dev, 0, 1u << 20), -EINVAL);
}

KTEST(gpio_api, null_arguments_return_einval)
{
	gpio_port_value_t v;
	struct gpio_callback cb;

	gpio_init_callback(&cb, NULL, 1u);
	kt_assert_eq(gpio_pin_configure(NULL, 0, GPIO_OUTPUT), -EINVAL);
	kt_assert_eq(gpio_pin_set(NULL, 0, 1), -EINVAL);
	kt_assert_eq(gpio_pin_get(NULL, 0), -EINVAL);
	kt_assert_eq(gpio_pin_toggle(NULL, 0), -EINVAL);
	kt_assert_eq(gpio_port_get_raw(NULL, &v), -EINVAL);
	kt_assert_eq(gpio_port_get_raw(dev, NULL), -EINVAL);
	kt_assert_eq(gpio_port_set_masked(NULL, 1u, 1u), -EINVAL);
	kt_assert_eq(gpio_pin_interrupt_configure(NULL, 0, GPIO_INT_DISABLE), -EINVAL);
	kt_assert_eq(gpio_add_callback(dev, NULL), -EINVAL);
	kt_assert_eq(gpio_add_callback(dev, &cb), -EINVAL); /* NULL handler */
	kt_assert_eq(gpio_add_callback(NULL, &cb), -EINVAL);
	kt_assert_eq(gpio_remove_callback(NULL, &cb), -EINVAL);
	kt_assert_eq(gpio_remove_callback(dev, NULL), -EINVAL);
	kt_assert_eq(gpio_ngpios(NULL), 0);
}

/* ---- a driver without any op: every call says -ENOSYS ---- */

struct empty_gpio_config {
	uint32_t ngpios;
};

static const struct empty_gpio_config empty_config = {.ngpios = 4};
static const struct gpio_driver_api empty_api;
static struct device_state empty_state = {.initialized = true};
static const struct device empty_dev = {
	.name = "empty_gpio",
	.node_path = "/test/empty_gpio",
	.config = &empty_config,
	.api = &empty_api,
	.state = &empty_state,
};

static void dummy_handler(const struct device *d, struct gpio_callback *cb,
			  gpio_port_pins_t pins)
{
	(void)d;
	(void)cb;
	(void)pins;
}

KTEST(gpio_api, missing_ops_return_enosys)
{
	gpio_port_value_t v;
	struct gpio_callback cb;

	gpio_init_callback(&cb, dummy_handler, 1u);
	kt_assert_eq(gpio_pin_configure(&empty_dev, 3, GPIO_OUTPUT), -ENOSYS);
	kt_assert_eq(gpio_pin_set(&empty_dev, 3, 1), -ENOSYS);
	kt_assert_eq(gpio_pin_get(&empty_dev, 3), -ENOSYS);
	kt_assert_eq(gpio_pin_toggle(&empty_dev, 3), -ENOSYS);
	kt_assert_eq(gpio_port_get_raw(&empty_dev, &v), -ENOSYS);
	kt_assert_eq(gpio_port_set_masked(&empty_dev, 0xfu, 0), -ENOSYS);
	kt_assert_eq(gpio_pin_interrupt_configure(&empty_dev, 3, GPIO_INT_EDGE_RISING),
		     -ENOSYS);
	kt_assert_eq(gpio_add_callback(&empty_dev, &cb), -ENOSYS);
	kt_assert_eq(gpio_remove_callback(&empty_dev, &cb), -ENOSYS);
}

KTEST(gpio_api, argument_checks_come_before_enosys)
{
	kt_assert_eq(gpio_pin_configure(&empty_dev, 4, GPIO_OUTPUT), -EINVAL);
	kt_assert_eq(gpio_pin_set(&empty_dev, 4, 1), -EINVAL);
	kt_assert_eq(gpio_port_set_masked(&empty_dev, 0x10u, 0), -EINVAL);
	kt_assert_eq(gpio_pin_interrupt_configure(&empty_dev, 4, GPIO_INT_DISABLE),
		     -EINVAL);
}
