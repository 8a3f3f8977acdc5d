/*
 * native_sim simulated controller: inputs driven from the test side, pull
 * resistors, outputs seen from outside, and edge interrupts calling the
 * registered callbacks with the right pins.
 */
#include <devicetree.h>
#include <kestrel/drivers/gpio.h>
#include <kestrel/ktest.h>

#define IN_PIN 5u
#define OTHER_PIN 6u

static const struct device *dev;

struct record {
	struct gpio_callback cb;
	int calls;
	gpio_port_pins_t pins;     /* OR of every call's pins */
	gpio_port_pins_t last;     /* pins of the last call */
	bool in_isr;               /* every call was in ISR context */
	bool remove_self;          /* remove cb on its first call */
};

static struct record rec_a, rec_b;

static void handler(const struct device *d, struct gpio_callback *cb,
		    gpio_port_pins_t pins)
{
	struct record *r = (struct record *)cb; /* cb is the first member */

	r->calls++;
	r->pins |= pins;
	r->last = pins;
	r->in_isr = r->in_isr && k_is_in_isr();
	if (r->remove_self) {
		(void)gpio_remove_callback(d, cb);
	}
}

static void record_init(struct record *r, gpio_port_pins_t mask)
{
	*r = (struct record){.in_isr = true};
	gpio_init_callback(&r->cb, handler, mask);
}

static void before(void *fixture)
{
	(void)fixture;
	dev = DEVICE_DT_NODELABEL_gpio0;
	for (gpio_pin_t p = 0; p < gpio_ngpios(dev); p++) {
		(void)gpio_pin_interrupt_configure(dev, p, GPIO_INT_DISABLE);
		(void)gpio_pin_configure(dev, p, GPIO_DISCONNECTED);
		(void)gpio_sim_release_input(dev, p);
	}
	(void)gpio_pin_configure(dev, IN_PIN, GPIO_INPUT);
	(void)gpio_pin_configure(dev, OTHER_PIN, GPIO_INPUT);
	(void)gpio_sim_set_input(dev, IN_PIN, 0);
	(void)gpio_sim_set_input(dev, OTHER_PIN, 0);
	record_init(&rec_a, 1u << IN_PIN);
	record_init(&rec_b, 1u << OTHER_PIN);
}

static void after(void *fixture)
{
	(void)fixture;
	(void)gpio_remove_callback(dev, &rec_a.cb);
	(void)gpio_remove_callback(dev, &rec_b.cb);
}

KTEST_SUITE(gpio_sim, NULL, before, after, NULL);

/* ---- levels ---- */

KTEST(gpio_sim, input_reads_the_driven_level)
{
	kt_assert_eq(gpio_pin_get(dev, IN_PIN), 0);
	kt_assert_eq(gpio_sim_set_input(dev, IN_PIN, 1), 0);
	kt_assert_eq(gpio_pin_get(dev, IN_PIN), 1);
	kt_assert_eq(gpio_pin_get(dev, OTHER_PIN), 0);
	kt_assert_eq(gpio_sim_set_input(dev, IN_PIN, 0), 0);
	kt_assert_eq(gpio_pin_get(dev, IN_PIN), 0);
}

KTEST(gpio_sim, port_get_raw_reads_every_input)
{
	gpio_port_value_t v;

	kt_assert_eq(gpio_sim_set_input(dev, IN_PIN, 1), 0);
	kt_assert_eq(gpio_sim_set_input(dev, OTHER_PIN, 1), 0);
	kt_assert_eq(gpio_port_get_raw(dev, &v), 0);
	kt_assert_eq(v, (1u << IN_PIN) | (1u << OTHER_PIN));
}

KTEST(gpio_sim, floating_input_follows_its_pull)
{
	kt_assert_eq(gpio_sim_release_input(dev, IN_PIN), 0);
	kt_assert_eq(gpio_pin_get(dev, IN_PIN), 0);
	kt_assert_eq(gpio_pin_configure(dev, IN_PIN, GPIO_INPUT | GPIO_PULL_UP), 0);
	kt_assert_eq(gpio_pin_get(dev, IN_PIN), 1);
	kt_assert_eq(gpio_sim_set_input(dev, IN_PIN, 0), 0); /* drive beats pull */
	kt_assert_eq(gpio_pin_get(dev, IN_PIN), 0);
	kt_assert_eq(gpio_sim_release_input(dev, IN_PIN), 0);
	kt_assert_eq(gpio_pin_get(dev, IN_PIN), 1);
	kt_assert_eq(gpio_pin_configure(dev, IN_PIN, GPIO_INPUT | GPIO_PULL_DOWN), 0);
	kt_assert_eq(gpio_pin_get(dev, IN_PIN), 0);
}

KTEST(gpio_sim, disconnected_pin_reads_low)
{
	kt_assert_eq(gpio_sim_set_input(dev, IN_PIN, 1), 0);
	kt_assert_eq(gpio_pin_configure(dev, IN_PIN, GPIO_DISCONNECTED), 0);
	kt_assert_eq(gpio_pin_get(dev, IN_PIN), 0);
}

KTEST(gpio_sim, output_is_seen_from_outside)
{
	kt_assert_eq(gpio_pin_configure(dev, 3, GPIO_OUTPUT_HIGH), 0);
	kt_assert_eq(gpio_sim_get_output(dev, 3), 1);
	kt_assert_eq(gpio_pin_toggle(dev, 3), 0);
	kt_assert_eq(gpio_sim_get_output(dev, 3), 0);
	kt_assert_eq(gpio_port_set_masked(dev, 1u << 3, 0xffffffffu), 0);
	kt_assert_eq(gpio_sim_get_output(dev, 3), 1);
}

KTEST(gpio_sim, output_beats_outside_drive)
{
	kt_assert_eq(gpio_pin_configure(dev, IN_PIN, GPIO_INPUT | GPIO_OUTPUT_LOW), 0);
	kt_assert_eq(gpio_sim_set_input(dev, IN_PIN, 1), 0);
	kt_assert_eq(gpio_pin_get(dev, IN_PIN), 0);
	kt_assert_eq(gpio_pin_configure(dev, IN_PIN, GPIO_INPUT), 0);
	kt_assert_eq(gpio_pin_get(dev, IN_PIN), 1);
}

KTEST(gpio_sim, get_output_of_an_input_returns_eagain)
{
	kt_assert_eq(gpio_sim_get_output(dev, IN_PIN), -EAGAIN);
}

KTEST(gpio_sim, sim_calls_check_device_and_pin)
{
	static const struct gpio_driver_api other_api;
	static const uint32_t other_cfg = 8;
	static const struct device other = {.name = "other", .config = &other_cfg,
					    .api = &other_api};
	gpio_pin_t n = gpio_ngpios(dev);

	kt_assert_eq(gpio_sim_set_input(dev, n, 1), -EINVAL);
	kt_assert_eq(gpio_sim_release_input(dev, n), -EINVAL);
	kt_assert_eq(gpio_sim_get_output(dev, n), -EINVAL);
	kt_assert_eq(gpio_sim_set_input(NULL, 0, 1), -EINVAL);
	kt_assert_eq(gpio_sim_set_input(&other, 0, 1), -EINVAL);
	kt_assert_eq(gpio_sim_get_output(&other, 0), -EINVAL);
}

/* ---- interrupts ---- */

KTEST(gpio_sim, rising_edge_calls_callback_with_its_pin)
{
	kt_assert_eq(gpio_add_callback(dev, &rec_a.cb), 0);
	kt_assert_eq(gpio_pin_interrupt_configure(dev, IN_PIN, GPIO_INT_EDGE_RISING), 0);
	kt_assert_eq(gpio_sim_set_input(dev, IN_PIN, 1), 0);
	kt_assert_eq(rec_a.calls, 1);
	kt_assert_eq(rec_a.last, 1u << IN_PIN);
	kt_assert_true(rec_a.in_isr);
	/* The falling edge is not selected; a level that stays is no edge. */
	kt_assert_eq(gpio_sim_set_input(dev, IN_PIN, 0), 0);
	kt_assert_eq(gpio_sim_set_input(dev, IN_PIN, 0), 0);
	kt_assert_eq(rec_a.calls, 1);
	kt_assert_eq(gpio_sim_set_input(dev, IN_PIN, 1), 0);
	kt_assert_eq(gpio_sim_set_input(dev, IN_PIN, 1), 0);
	kt_assert_eq(rec_a.calls, 2);
}

KTEST(gpio_sim, falling_edge_calls_callback)
{
	kt_assert_eq(gpio_add_callback(dev, &rec_a.cb), 0);
	kt_assert_eq(gpio_pin_interrupt_configure(dev, IN_PIN, GPIO_INT_EDGE_FALLING), 0);
	kt_assert_eq(gpio_sim_set_input(dev, IN_PIN, 1), 0);
	kt_assert_eq(rec_a.calls, 0);
	kt_assert_eq(gpio_sim_set_input(dev, IN_PIN, 0), 0);
	kt_assert_eq(rec_a.calls, 1);
	kt_assert_eq(rec_a.last, 1u << IN_PIN);
}

KTEST(gpio_sim, both_edges_call_callback_on_each)
{
	kt_assert_eq(gpio_add_callback(dev, &rec_a.cb), 0);
	kt_assert_eq(gpio_pin_interrupt_configure(dev, IN_PIN, GPIO_INT_EDGE_BOTH), 0);
	for (int i = 1; i <= 6; i++) {
		kt_assert_eq(gpio_sim_set_input(dev, IN_PIN, i & 1), 0);
		kt_assert_eq(rec_a.calls, i);
	}
}

KTEST(gpio_sim, disabled_interrupt_calls_nothing)
{
	kt_assert_eq(gpio_add_callback(dev, &rec_a.cb), 0);
	kt_assert_eq(gpio_pin_interrupt_configure(dev, IN_PIN, GPIO_INT_EDGE_BOTH), 0);
	kt_assert_eq(gpio_pin_interrupt_configure(dev, IN_PIN, GPIO_INT_DISABLE), 0);
	kt_assert_eq(gpio_sim_set_input(dev, IN_PIN, 1), 0);
	kt_assert_eq(gpio_sim_set_input(dev, IN_PIN, 0), 0);
	kt_assert_eq(rec_a.calls, 0);
}

KTEST(gpio_sim, edge_on_an_output_only_pin_calls_nothing)
{
	kt_assert_eq(gpio_add_callback(dev, &rec_a.cb), 0);
	kt_assert_eq(gpio_pin_configure(dev, IN_PIN, GPIO_OUTPUT_LOW), 0);
	kt_assert_eq(gpio_pin_interrupt_configure(dev, IN_PIN, GPIO_INT_EDGE_BOTH), 0);
	kt_assert_eq(gpio_pin_set(dev, IN_PIN, 1), 0);
	kt_assert_eq(rec_a.calls, 0);
}

KTEST(gpio_sim, each_callback_hears_only_its_pins)
{
	kt_assert_eq(gpio_add_callback(dev, &rec_a.cb), 0);
	kt_assert_eq(gpio_add_callback(dev, &rec_b.cb), 0);
	kt_assert_eq(gpio_pin_interrupt_configure(dev, IN_PIN, GPIO_INT_EDGE_RISING), 0);
	kt_assert_eq(gpio_pin_interrupt_configure(dev, OTHER_PIN, GPIO_INT_EDGE_RISING), 0);
	kt_assert_eq(gpio_sim_set_input(dev, OTHER_PIN, 1), 0);
	kt_assert_eq(rec_a.calls, 0);
	kt_assert_eq(rec_b.calls, 1);
	kt_assert_eq(rec_b.last, 1u << OTHER_PIN);
	kt_assert_eq(gpio_sim_set_input(dev, IN_PIN, 1), 0);
	kt_assert_eq(rec_a.calls, 1);
	kt_assert_eq(rec_a.last, 1u << IN_PIN);
	kt_assert_eq(rec_b.calls, 1);
}

static void set_both_high(const void *arg)
{
	(void)arg;
	(void)gpio_sim_set_input(dev, IN_PIN, 1);
	(void)gpio_sim_set_input(dev, OTHER_PIN, 1);
}

KTEST(gpio_sim, edges_in_one_isr_are_delivered_together)
{
	/* One callback for both pins; both edges happen inside an ISR, so
	 * the controller's line is handled once, after it. */
	gpio_init_callback(&rec_a.cb, handler, (1u << IN_PIN) | (1u << OTHER_PIN));
	kt_assert_eq(gpio_add_callback(dev, &rec_a.cb), 0);
	kt_assert_eq(gpio_add_callback(dev, &rec_b.cb), 0); /* OTHER_PIN only */
	kt_assert_eq(gpio_pin_interrupt_configure(dev, IN_PIN, GPIO_INT_EDGE_RISING), 0);
	kt_assert_eq(gpio_pin_interrupt_configure(dev, OTHER_PIN, GPIO_INT_EDGE_RISING), 0);
	ktest_run_in_isr(set_both_high, NULL);
	kt_assert_eq(rec_a.calls, 1);
	kt_assert_eq(rec_a.last, (1u << IN_PIN) | (1u << OTHER_PIN));
	kt_assert_eq(rec_b.calls, 1);
	kt_assert_eq(rec_b.last, 1u << OTHER_PIN); /* not the other's pin */
}

KTEST(gpio_sim, edge_while_irq_locked_is_delivered_on_unlock)
{
	kt_assert_eq(gpio_add_callback(dev, &rec_a.cb), 0);
	kt_assert_eq(gpio_pin_interrupt_configure(dev, IN_PIN, GPIO_INT_EDGE_RISING), 0);
	unsigned int key = irq_lock();

	(void)gpio_sim_set_input(dev, IN_PIN, 1);
	int calls_locked = rec_a.calls;

	irq_unlock(key);
	kt_assert_eq(calls_locked, 0);
	kt_assert_eq(rec_a.calls, 1);
}

KTEST(gpio_sim, removed_callback_is_not_called)
{
	kt_assert_eq(gpio_add_callback(dev, &rec_a.cb), 0);
	kt_assert_eq(gpio_add_callback(dev, &rec_b.cb), 0);
	kt_assert_eq(gpio_pin_interrupt_configure(dev, IN_PIN, GPIO_INT_EDGE_BOTH), 0);
	kt_assert_eq(gpio_pin_interrupt_configure(dev, OTHER_PIN, GPIO_INT_EDGE_BOTH), 0);
	kt_assert_eq(gpio_sim_set_input(dev, IN_PIN, 1), 0);
	kt_assert_eq(rec_a.calls, 1);
	kt_assert_eq(gpio_remove_callback(dev, &rec_a.cb), 0);
	kt_assert_eq(gpio_sim_set_input(dev, IN_PIN, 0), 0);
	kt_assert_eq(gpio_sim_set_input(dev, OTHER_PIN, 1), 0);
	kt_assert_eq(rec_a.calls, 1);
	kt_assert_eq(rec_b.calls, 1); /* the other one still is */
}

KTEST(gpio_sim, removing_a_callback_not_added_returns_einval)
{
	kt_assert_eq(gpio_remove_callback(dev, &rec_a.cb), -EINVAL);
	kt_assert_eq(gpio_add_callback(dev, &rec_a.cb), 0);
	kt_assert_eq(gpio_remove_callback(dev, &rec_a.cb), 0);
	kt_assert_eq(gpio_remove_callback(dev, &rec_a.cb), -EINVAL);
}

KTEST(gpio_sim, adding_twice_calls_once)
{
	kt_assert_eq(gpio_add_callback(dev, &rec_a.cb), 0);
	kt_assert_eq(gpio_add_callback(dev, &rec_a.cb), 0);
	kt_assert_eq(gpio_pin_interrupt_configure(dev, IN_PIN, GPIO_INT_EDGE_RISING), 0);
	kt_assert_eq(gpio_sim_set_input(dev, IN_PIN, 1), 0);
	kt_assert_eq(rec_a.calls, 1);
}

KTEST(gpio_sim, callback_may_remove_itself)
{
	rec_a.remove_self = true;
	kt_assert_eq(gpio_add_callback(dev, &rec_a.cb), 0);
	kt_assert_eq(gpio_add_callback(dev, &rec_b.cb), 0);
	rec_b.cb.pin_mask = 1u << IN_PIN;
	kt_assert_eq(gpio_pin_interrupt_configure(dev, IN_PIN, GPIO_INT_EDGE_BOTH), 0);
	kt_assert_eq(gpio_sim_set_input(dev, IN_PIN, 1), 0);
	kt_assert_eq(gpio_sim_set_input(dev, IN_PIN, 0), 0);
	kt_assert_eq(rec_a.calls, 1);
	kt_assert_eq(rec_b.calls, 2); /* the list walk went on past it */
	kt_assert_eq(gpio_remove_callback(dev, &rec_a.cb), -EINVAL);
}

KTEST(gpio_sim, disabling_drops_an_undelivered_edge)
{
	kt_assert_eq(gpio_add_callback(dev, &rec_a.cb), 0);
	kt_assert_eq(gpio_pin_interrupt_configure(dev, IN_PIN, GPIO_INT_EDGE_RISING), 0);
	unsigned int key = irq_lock();

	(void)gpio_sim_set_input(dev, IN_PIN, 1);
	(void)gpio_pin_interrupt_configure(dev, IN_PIN, GPIO_INT_DISABLE);
	irq_unlock(key);
	kt_assert_eq(rec_a.calls, 0);
}
