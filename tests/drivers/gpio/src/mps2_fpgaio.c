/*
 * mps2_an385: the FPGA I/O user LEDs and buttons as GPIO. LEDs are
 * output-only pins (inputs and pulls -ENOTSUP), the bits of the LED0
 * register QEMU models at 0x40028000; buttons are input-only pins (outputs
 * -ENOTSUP) that QEMU 7.2 always reads as released (0). Neither has
 * interrupts (-ENOSYS).
 */
#include <devicetree.h>
#include <kestrel/drivers/gpio.h>
#include <kestrel/ktest.h>

#define LED0_REG ((volatile uint32_t *)0x40028000u)

static const struct device *dev;

static void before(void *fixture)
{
	(void)fixture;
	dev = DEVICE_DT_NODELABEL_gpio0;
	(void)gpio_port_set_masked(dev, gpio_port_pins_mask(dev), 0);
}

KTEST_SUITE(gpio_fpgaio, NULL, before, NULL, NULL);

KTEST(gpio_fpgaio, two_leds)
{
	kt_assert_eq(gpio_ngpios(dev), 2);
}

KTEST(gpio_fpgaio, pins_are_the_led_register_bits)
{
	kt_assert_eq(gpio_pin_set(dev, 1, 1), 0);
	kt_assert_eq(*LED0_REG & 0x3u, 0x2u);
	kt_assert_eq(gpio_pin_toggle(dev, 0), 0);
	kt_assert_eq(*LED0_REG & 0x3u, 0x3u);
	kt_assert_eq(gpio_port_set_masked(dev, 0x3u, 0), 0);
	kt_assert_eq(*LED0_REG & 0x3u, 0);
}

KTEST(gpio_fpgaio, input_and_pulls_return_enotsup)
{
	kt_assert_eq(gpio_pin_configure(dev, 0, GPIO_INPUT), -ENOTSUP);
	kt_assert_eq(gpio_pin_configure(dev, 0, GPIO_OUTPUT | GPIO_PULL_UP), -ENOTSUP);
	kt_assert_eq(gpio_pin_configure(dev, 1, GPIO_INPUT | GPIO_OUTPUT), -ENOTSUP);
}

KTEST(gpio_fpgaio, interrupts_return_enosys)
{
	struct gpio_callback cb;

	gpio_init_callback(&cb, (gpio_callback_handler_t)NULL, 1u);
	kt_assert_eq(gpio_pin_interrupt_configure(dev, 0, GPIO_INT_EDGE_RISING), -ENOSYS);
	kt_assert_eq(gpio_pin_interrupt_configure(dev, 0, GPIO_INT_DISABLE), -ENOSYS);
	kt_assert_eq(gpio_remove_callback(dev, &cb), -ENOSYS);
}

/* ---- buttons ---- */

static const struct device *buttons(void)
{
	return DEVICE_DT_NODELABEL_buttons;
}

KTEST(gpio_fpgaio, buttons_are_two_ready_inputs)
{
	kt_assert_true(device_is_ready(buttons()));
	kt_assert_eq(gpio_ngpios(buttons()), 2);
	kt_assert_eq(gpio_pin_configure(buttons(), 0, GPIO_INPUT), 0);
	kt_assert_eq(gpio_pin_configure(buttons(), 1, GPIO_INPUT), 0);
}

KTEST(gpio_fpgaio, buttons_read_released_under_qemu)
{
	gpio_port_value_t v = 0xffu;

	kt_assert_eq(gpio_pin_get(buttons(), 0), 0);
	kt_assert_eq(gpio_pin_get(buttons(), 1), 0);
	kt_assert_eq(gpio_port_get_raw(buttons(), &v), 0);
	kt_assert_eq(v, 0);
}

KTEST(gpio_fpgaio, buttons_cannot_drive)
{
	kt_assert_eq(gpio_pin_configure(buttons(), 0, GPIO_OUTPUT_HIGH), -ENOTSUP);
	kt_assert_eq(gpio_pin_configure(buttons(), 0, GPIO_INPUT | GPIO_PULL_UP),
		     -ENOTSUP);
	kt_assert_eq(gpio_pin_set(buttons(), 0, 1), -ENOTSUP);
	kt_assert_eq(gpio_pin_toggle(buttons(), 1), -ENOTSUP);
	kt_assert_eq(gpio_port_set_masked(buttons(), 0x3u, 0x3u), -ENOTSUP);
	kt_assert_eq(gpio_pin_configure(buttons(), 2, GPIO_INPUT), -EINVAL);
}

KTEST(gpio_fpgaio, leds_do_not_touch_buttons)
{
	kt_assert_eq(gpio_port_set_masked(dev, 0x3u, 0x3u), 0);
	kt_assert_eq(gpio_pin_get(buttons(), 0), 0);
	kt_assert_eq(*LED0_REG & 0x3u, 0x3u);
}
