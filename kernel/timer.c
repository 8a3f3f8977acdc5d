/*
 * Kernel timers and the uptime helpers.
 *
 * A running timer is a pending timeout. The timeout code calls
 * timer_expired() from sys_clock_announce(), in the timer interrupt. A
 * periodic timer keeps the absolute tick of its next deadline and re-arms
 * for deadline + period: while an announce runs the clock reads exactly the
 * expired deadline, so the period never accumulates the interrupt latency
 * or the time the expiry function takes.
 */
#include "kernel_internal.h"

int64_t k_uptime_us(void)
{
	const uint64_t hz = CONFIG_SYS_CLOCK_HW_CYCLES_PER_SEC;
	uint64_t cyc = k_cycle_get_64();

	/* Split to keep cyc * 1e6 from overflowing. */
	return (int64_t)((cyc / hz) * 1000000u + (cyc % hz) * 1000000u / hz);
}

int64_t k_uptime_delta(int64_t *reftime)
{
	if (reftime == NULL) {
		return 0;
	}
	int64_t now = k_uptime_get();
	int64_t delta = now - *reftime;

	*reftime = now;
	return delta;
}

int k_timer_init(struct k_timer *timer, k_timer_expiry_t expiry_fn,
		 k_timer_stop_t stop_fn)
{
	if (timer == NULL) {
		return -EINVAL;
	}
	sys_dnode_init(&timer->timeout.node);
	z_waitq_init(&timer->wait_q);
	timer->expiry_fn = expiry_fn;
	timer->stop_fn = stop_fn;
	timer->period = 0;
	timer->deadline = 0;
	timer->status = 0;
	timer->user_data = NULL;
	return 0;
}

/* Arm for the absolute tick @p deadline (at least one tick away). Irqs locked. */
static void timer_arm(struct k_timer *timer, k_ticks_t deadline,
		      _timeout_func_t fn)
{
	k_ticks_t now = k_uptime_ticks();

	timer->deadline = MAX(deadline, now + 1);
	z_add_timeout(&timer->timeout, fn, timer->deadline - now);
}

static void timer_expired(struct _timeout *to)
{
	struct k_timer *timer = SYS_DLIST_CONTAINER(to, struct k_timer, timeout);
	unsigned int key = arch_irq_lock();

	/*
	 * The timeout code unlinks the timeout before calling us, and some
	 * timer drivers announce with irqs unlocked: a nested interrupt may
	 * have restarted the timer in between. That restart wins; this
	 * expiry is stale.
	 */
	if (z_timeout_active(to)) {
		arch_irq_unlock(key);
		return;
	}
	if (timer->period > 0) {
		timer_arm(timer, timer->deadline + timer->period, timer_expired);
	}
	if (timer->status < INT32_MAX) {
		timer->status++;
	}
	/* The count travels with the wake-up: the expiry function may
	 * restart the timer, which resets the status before they run. */
	(void)z_wake_all(&timer->wait_q, (int)timer->status);
	arch_irq_unlock(key);
	if (timer->expiry_fn != NULL) {
		timer->expiry_fn(timer);
	}
}

int k_timer_start(struct k_timer *timer, k_timeout_t duration,
		  k_timeout_t period)
{
	if (timer == NULL || !z_timeout_valid(duration) ||
	    !z_timeout_valid(period) || duration.ticks == K_TICKS_FOREVER) {
		return -EINVAL;
	}
	unsigned int key = arch_irq_lock();

	(void)z_abort_timeout(&timer->timeout);
	timer->period = period.ticks == K_TICKS_FOREVER ? 0 : period.ticks;
	timer->status = 0;
	timer_arm(timer, k_uptime_ticks() + duration.ticks, timer_expired);
	arch_irq_unlock(key);
	return 0;
}

int k_timer_stop(struct k_timer *timer)
{
	if (timer == NULL) {
		return -EINVAL;
	}
	if (z_abort_timeout(&timer->timeout) != 0) {
		return -EALREADY;
	}
	if (timer->stop_fn != NULL) {
		timer->stop_fn(timer);
	}
	unsigned int key = arch_irq_lock();

	(void)z_wake_all(&timer->wait_q, (int)timer->status);
	z_reschedule(key);
	return 0;
}

int k_timer_status_get(struct k_timer *timer)
{
	if (timer == NULL) {
		return -EINVAL;
	}
	unsigned int key = arch_irq_lock();
	int status = (int)timer->status;

	timer->status = 0;
	arch_irq_unlock(key);
	return status;
}

int k_timer_status_sync(struct k_timer *timer)
{
	if (timer == NULL || arch_is_in_isr()) {
		return -EINVAL;
	}
	unsigned int key = arch_irq_lock();

	int woken_with = 0;

	if (timer->status == 0 && z_timeout_active(&timer->timeout)) {
		woken_with = z_pend_curr(&timer->wait_q, key, K_FOREVER);
		key = arch_irq_lock();
	}
	int status = MAX((int)timer->status, woken_with);

	timer->status = 0;
	arch_irq_unlock(key);
	return status;
}

k_ticks_t k_timer_remaining_ticks(const struct k_timer *timer)
{
	return timer == NULL ? 0 : z_timeout_remaining(&timer->timeout);
}

bool k_timer_is_running(const struct k_timer *timer)
{
	return timer != NULL && z_timeout_active(&timer->timeout);
}
