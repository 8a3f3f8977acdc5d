/*
 * Counter API on the board's "counter0" (and "counter1" where there is
 * one): the count against the kernel's cycle counter, stop/start, one-shot
 * alarms (once, in ISR context, never early, late when interrupts are
 * masked), cancel, and the error returns.
 */
#include <stdint.h>

#include <kestrel/drivers/counter.h>
#include <kestrel/kernel.h>
#include <kestrel/ktest.h>

static const struct device *ctr;
static struct counter_info info;

/* What the alarm callback saw. */
static volatile int fired;
static volatile bool fired_in_isr;
static volatile uint32_t fired_ticks;
static volatile uint8_t fired_chan;
static volatile int rearm_left;
static struct counter_alarm_cfg alarm;

static void on_alarm(const struct device *dev, uint8_t chan, uint32_t ticks,
		     void *user_data)
{
	fired++;
	fired_in_isr = k_is_in_isr();
	fired_ticks = ticks;
	fired_chan = chan;
	if (user_data != NULL && rearm_left > 0) {
		rearm_left--;
		(void)counter_set_alarm(dev, chan, &alarm);
	}
}

static uint32_t now_ticks(void)
{
	uint32_t t = 0;

	kt_assert_eq(counter_get_value(ctr, &t), 0);
	return t;
}

static uint32_t us_ticks(uint64_t us)
{
	uint32_t t = 0;

	kt_assert_eq(counter_us_to_ticks(ctr, us, &t), 0);
	return t;
}

static void *setup(void)
{
	ctr = device_get_binding("counter0");
	return NULL;
}

static void before(void *fixture)
{
	(void)fixture;
	kt_assert_not_null(ctr);
	kt_assert_eq(counter_get_info(ctr, &info), 0);
	kt_assert_eq(counter_start(ctr), 0);
	fired = 0;
	fired_in_isr = false;
	rearm_left = 0;
	alarm = (struct counter_alarm_cfg){ .callback = on_alarm };
}

static void after(void *fixture)
{
	(void)fixture;
	(void)counter_cancel_alarm(ctr, 0);
}

KTEST_SUITE(counter, setup, before, after, NULL);

KTEST(counter, info_describes_a_32_bit_counter)
{
	kt_assert_true(device_is_ready(ctr));
	kt_assert_gt(info.freq_hz, 0);
	kt_assert_eq(info.top_value, 0xffffffffu);
	kt_assert_ge(info.channels, 1);
}

KTEST(counter, count_is_monotonic)
{
	uint32_t prev = now_ticks();

	for (int i = 0; i < 2000; i++) {
		uint32_t t = now_ticks();

		kt_assert_ge((int32_t)(t - prev), 0);
		prev = t;
	}
}

/*
 * The tests compare the counter with the kernel's clock while the CPU is
 * busy (k_busy_wait), not across idle sleeps: under QEMU -icount
 * sleep=off an idle mps2_an385 sees the CMSDK timer advance twice as far
 * as the SysTick-based kernel clock (the two agree without -icount and
 * with sleep=on; qemu_rv32's RTC and CLINT agree in every mode).
 */

/* Ticks counted over 200 ms of kernel time, within 1 % + 100 us. */
KTEST(counter, count_advances_at_stated_frequency)
{
	uint64_t c0 = k_cycle_get_64();
	uint32_t t0 = now_ticks();

	k_busy_wait(200000);
	uint32_t t1 = now_ticks();
	uint64_t c1 = k_cycle_get_64();
	uint64_t us = (c1 - c0) * 1000000u / CONFIG_SYS_CLOCK_HW_CYCLES_PER_SEC;
	uint64_t expect = us * info.freq_hz / 1000000u;
	uint64_t got = (uint32_t)(t1 - t0);
	uint64_t slack = expect / 100 + (uint64_t)info.freq_hz / 10000u;

	kt_assert_ge(us, 200000);
	kt_assert_ge(got + slack, expect);
	kt_assert_le(got, expect + slack);
}

KTEST(counter, stop_freezes_the_count_and_start_resumes)
{
	kt_assert_eq(counter_stop(ctr), 0);
	uint32_t a = now_ticks();

	k_msleep(20);
	kt_assert_eq(now_ticks(), a);
	kt_assert_eq(counter_stop(ctr), 0); /* stopping twice is harmless */
	kt_assert_eq(counter_start(ctr), 0);
	k_busy_wait(20000);
	uint32_t b = now_ticks();

	kt_assert_ge(b - a, us_ticks(20000));
	kt_assert_lt(b - a, us_ticks(22000));
}

KTEST(counter, alarm_fires_once_in_isr_not_before_its_time)
{
	uint32_t t0 = now_ticks();

	alarm.ticks = us_ticks(20000);
	kt_assert_eq(counter_set_alarm(ctr, 0, &alarm), 0);
	k_busy_wait(19000);
	kt_assert_eq(fired, 0);
	k_msleep(40);
	kt_assert_eq(fired, 1);
	kt_assert_true(fired_in_isr);
	kt_assert_eq(fired_chan, 0);
	kt_assert_ge(fired_ticks - t0, alarm.ticks);
	kt_assert_lt(fired_ticks - t0, alarm.ticks + us_ticks(5000));
	k_msleep(50);
	kt_assert_eq(fired, 1);
	/* The channel is free after it fired. */
	kt_assert_eq(counter_cancel_alarm(ctr, 0), -EALREADY);
}

KTEST(counter, alarm_in_microseconds)
{
	uint32_t t0 = now_ticks();

	kt_assert_eq(counter_set_alarm_us(ctr, 0, 3000, on_alarm, NULL), 0);
	k_msleep(20);
	kt_assert_eq(fired, 1);
	kt_assert_ge(fired_ticks - t0, us_ticks(3000));
}

KTEST(counter, cancel_prevents_the_alarm)
{
	alarm.ticks = us_ticks(5000);
	kt_assert_eq(counter_set_alarm(ctr, 0, &alarm), 0);
	kt_assert_eq(counter_cancel_alarm(ctr, 0), 0);
	k_msleep(30);
	kt_assert_eq(fired, 0);
	kt_assert_eq(counter_cancel_alarm(ctr, 0), -EALREADY);
	/* The channel can be armed again, and fires. */
	kt_assert_eq(counter_set_alarm(ctr, 0, &alarm), 0);
	k_msleep(30);
	kt_assert_eq(fired, 1);
}

KTEST(counter, armed_channel_is_busy)
{
	alarm.ticks = us_ticks(10000);
	kt_assert_eq(counter_set_alarm(ctr, 0, &alarm), 0);
	kt_assert_eq(counter_set_alarm(ctr, 0, &alarm), -EBUSY);
	k_msleep(30);
	kt_assert_eq(fired, 1);
}

KTEST(counter, alarm_beyond_one_wrap_is_einval)
{
	uint64_t wrap_us = ((uint64_t)info.top_value + 1) * 1000000u / info.freq_hz;
	uint32_t t;

	kt_assert_eq(counter_us_to_ticks(ctr, wrap_us + 1000000u, &t), -EINVAL);
	kt_assert_eq(counter_set_alarm_us(ctr, 0, wrap_us + 1000000u, on_alarm, NULL),
		     -EINVAL);
	kt_assert_eq(counter_us_to_ticks(ctr, UINT64_MAX, &t), -EINVAL);
	/* The largest alarm is accepted (and cancelled by after()). */
	alarm.ticks = info.top_value;
	kt_assert_eq(counter_set_alarm(ctr, 0, &alarm), 0);
}

KTEST(counter, bad_arguments_are_einval)
{
	uint32_t t;

	alarm.ticks = 10;
	kt_assert_eq(counter_set_alarm(ctr, info.channels, &alarm), -EINVAL);
	kt_assert_eq(counter_cancel_alarm(ctr, info.channels), -EINVAL);
	kt_assert_eq(counter_set_alarm(ctr, 0, NULL), -EINVAL);
	alarm.callback = NULL;
	kt_assert_eq(counter_set_alarm(ctr, 0, &alarm), -EINVAL);
	kt_assert_eq(counter_get_value(ctr, NULL), -EINVAL);
	kt_assert_eq(counter_get_value(NULL, &t), -EINVAL);
	kt_assert_eq(counter_get_info(ctr, NULL), -EINVAL);
	kt_assert_eq(counter_start(NULL), -EINVAL);
	kt_assert_eq(counter_stop(NULL), -EINVAL);
	kt_assert_eq(counter_ticks_to_us(ctr, 1, NULL), -EINVAL);
}

KTEST(counter, stopped_counter_refuses_alarms_and_stop_cancels)
{
	alarm.ticks = us_ticks(5000);
	kt_assert_eq(counter_set_alarm(ctr, 0, &alarm), 0);
	kt_assert_eq(counter_stop(ctr), 0);
	kt_assert_eq(counter_set_alarm(ctr, 0, &alarm), -EAGAIN);
	kt_assert_eq(counter_start(ctr), 0);
	k_msleep(30);
	kt_assert_eq(fired, 0);
	kt_assert_eq(counter_cancel_alarm(ctr, 0), -EALREADY);
}

KTEST(counter, zero_tick_alarm_fires_from_the_isr_not_the_call)
{
	unsigned int key = irq_lock();

	alarm.ticks = 0;
	kt_assert_eq(counter_set_alarm(ctr, 0, &alarm), 0);
	kt_assert_eq(fired, 0);
	irq_unlock(key);
	k_msleep(2);
	kt_assert_eq(fired, 1);
	kt_assert_true(fired_in_isr);
}

KTEST(counter, masked_alarm_fires_late_not_never)
{
	uint32_t t0 = now_ticks();
	unsigned int key = irq_lock();

	alarm.ticks = us_ticks(1000);
	kt_assert_eq(counter_set_alarm(ctr, 0, &alarm), 0);
	k_busy_wait(5000);
	kt_assert_eq(fired, 0);
	irq_unlock(key);
	k_msleep(2);
	kt_assert_eq(fired, 1);
	kt_assert_ge(fired_ticks - t0, us_ticks(5000));
}

KTEST(counter, callback_may_arm_the_next_alarm)
{
	rearm_left = 3;
	alarm.ticks = us_ticks(2000);
	alarm.user_data = &alarm;
	kt_assert_eq(counter_set_alarm(ctr, 0, &alarm), 0);
	k_msleep(50);
	kt_assert_eq(fired, 4);
	kt_assert_eq(rearm_left, 0);
}

KTEST(counter, conversions_round_alarms_up)
{
	uint64_t us = 0;

	kt_assert_eq(us_ticks(0), 0);
	kt_assert_eq(us_ticks(1000), info.freq_hz / 1000u);
	kt_assert_eq(us_ticks(1), (info.freq_hz + 999999u) / 1000000u);
	kt_assert_eq(counter_ticks_to_us(ctr, info.freq_hz, &us), 0);
	kt_assert_eq(us, 1000000u);
	kt_assert_eq(counter_ticks_to_us(ctr, info.freq_hz / 1000u - 1u, &us), 0);
	kt_assert_eq(us, 999u);
}

/* A second counter (mps2_an385's TIMER1) counts on its own. */
KTEST(counter, second_counter_is_independent)
{
	const struct device *c1 = device_get_binding("counter1");
	uint32_t a, b;

	if (c1 == NULL) {
		kt_skip();
	}
	kt_assert_eq(counter_stop(c1), 0);
	kt_assert_eq(counter_get_value(c1, &a), 0);
	alarm.ticks = us_ticks(1000);
	kt_assert_eq(counter_set_alarm(ctr, 0, &alarm), 0);
	k_msleep(5);
	kt_assert_eq(counter_get_value(c1, &b), 0);
	kt_assert_eq(a, b);
	kt_assert_eq(fired, 1);
	kt_assert_eq(counter_start(c1), 0);
	k_msleep(5);
	kt_assert_eq(counter_get_value(c1, &b), 0);
	kt_assert_gt(b - a, 0);
}
