/*
 * Kernel API: kernel timers and uptime helpers (included by
 * kestrel/kernel.h; do not include directly).
 *
 * A k_timer expires once after a duration and then, if it has a period,
 * every period. Each expiry counts up the timer's status (read and reset
 * with k_timer_status_get()/k_timer_status_sync()) and calls its expiry
 * function.
 *
 * Expiry functions run in interrupt context: the system timer interrupt
 * calls them from sys_clock_announce() (k_is_in_isr() is true there). They
 * must not block; they may use every call documented "ISR: ok" (give a
 * semaphore, submit work, start or stop timers, this one included).
 *
 * Periodic timers do not drift: each expiry is scheduled one period after
 * the previous *deadline*, not after the moment the interrupt was handled
 * or the expiry function returned. If expiries were missed (interrupts
 * locked for longer than a period), they all happen, late, as soon as the
 * timer interrupt runs again, and the status counts every one.
 */
#ifndef KESTREL_KERNEL_TIMER_H
#define KESTREL_KERNEL_TIMER_H

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------
 * Uptime
 */

/**
 * Microseconds since boot, from the system timer's hardware counter
 * (finer than a tick where the hardware is: 1 µs on native_sim, 40 ns on
 * mps2_an385, 100 ns on qemu_rv32; rounded down). ISR: ok.
 */
int64_t k_uptime_us(void);

/**
 * Milliseconds elapsed since *@p reftime (a value from k_uptime_get() or
 * a previous k_uptime_delta()), and set *@p reftime to now. ISR: ok.
 * @return the elapsed milliseconds (0 for a NULL @p reftime)
 */
int64_t k_uptime_delta(int64_t *reftime);

/* ------------------------------------------------------------------------
 * Timers
 */

struct k_timer;

/** Called at each expiry, in ISR context. */
typedef void (*k_timer_expiry_t)(struct k_timer *timer);
/** Called by k_timer_stop() on a running timer, in the caller's context. */
typedef void (*k_timer_stop_t)(struct k_timer *timer);

struct k_timer {
	struct _timeout timeout;  /**< pending while the timer runs */
	_wait_q_t wait_q;         /**< threads in k_timer_status_sync() */
	k_timer_expiry_t expiry_fn;
	k_timer_stop_t stop_fn;
	k_ticks_t period;         /**< ticks; 0 = one-shot */
	k_ticks_t deadline;       /**< uptime tick of the next expiry */
	uint32_t status;          /**< expiries since the status was read */
	void *user_data;
};

#define Z_TIMER_INITIALIZER(obj, expiry, stop)                               \
	{ .timeout = { .node = { NULL, NULL } },                             \
	  .wait_q = Z_WAIT_Q_INIT(&(obj).wait_q), .expiry_fn = (expiry),     \
	  .stop_fn = (stop), .period = 0, .deadline = 0, .status = 0,        \
	  .user_data = NULL }

/**
 * Define a stopped timer @p name with expiry function @p expiry_fn and
 * stop function @p stop_fn (either may be NULL).
 */
#define K_TIMER_DEFINE(name, expiry_fn, stop_fn)                             \
	struct k_timer name = Z_TIMER_INITIALIZER(name, expiry_fn, stop_fn)

/**
 * Initialise a timer (stopped, status 0, user data NULL). Must not be used
 * on a running timer: stop it first.
 * @param expiry_fn called at each expiry in ISR context, or NULL
 * @param stop_fn   called by k_timer_stop() when it stops the running
 *                  timer, or NULL
 * @retval 0 initialised
 * @retval -EINVAL NULL @p timer
 * ISR: ok.
 */
int k_timer_init(struct k_timer *timer, k_timer_expiry_t expiry_fn,
		 k_timer_stop_t stop_fn);

/**
 * Start a timer: it first expires @p duration from now, then every
 * @p period. A running timer is restarted from now (without calling its
 * stop function) and its status is reset to 0; threads in
 * k_timer_status_sync() go on waiting for the next expiry.
 *
 * @param duration time to the first expiry; K_NO_WAIT expires at the next
 *        tick
 * @param period   time between later expiries; K_NO_WAIT or K_FOREVER
 *        make a one-shot timer
 * @retval 0 started
 * @retval -EINVAL NULL @p timer, a negative (invalid) @p duration or
 *         @p period, or @p duration K_FOREVER (a timer that never expires:
 *         use k_timer_stop())
 * ISR: ok (from the timer's own expiry function too).
 */
int k_timer_start(struct k_timer *timer, k_timeout_t duration,
		  k_timeout_t period);

/**
 * Stop a running timer: it will not expire again. Calls the stop function
 * (in the caller's context) and wakes the threads in
 * k_timer_status_sync(), which return the status (0 unless it expired
 * since last read). The status itself is kept.
 * @retval 0 stopped (it was running)
 * @retval -EALREADY it was not running (a one-shot timer that expired, or
 *         never started): nothing done, the stop function is not called
 * @retval -EINVAL NULL @p timer
 * ISR: ok (from the timer's own expiry function too).
 */
int k_timer_stop(struct k_timer *timer);

/**
 * Read and reset the status: the number of expiries since the status was
 * last read (or the timer started).
 * @return the count (>= 0, saturating at INT32_MAX), or -EINVAL for NULL
 * ISR: ok.
 */
int k_timer_status_get(struct k_timer *timer);

/**
 * Wait until the timer expires or is stopped, then read and reset its
 * status. Returns at once when the status is not 0 or the timer is not
 * running. An expiry counts even if the expiry function restarted the
 * timer (which resets the status) before the waiter ran.
 * @return the count (>= 0; 0 when the timer was stopped or is not
 *         running), or -EINVAL for NULL or from an ISR
 * ISR: no.
 */
int k_timer_status_sync(struct k_timer *timer);

/**
 * Ticks until the next expiry (0 when the timer is not running).
 * ISR: ok. (0 for NULL.)
 */
k_ticks_t k_timer_remaining_ticks(const struct k_timer *timer);

/**
 * Milliseconds until the next expiry, rounded down (0 when the timer is
 * not running or expires within the millisecond). ISR: ok. (0 for NULL.)
 */
static inline int64_t k_timer_remaining_get(const struct k_timer *timer)
{
	return k_ticks_to_ms_floor(k_timer_remaining_ticks(timer));
}

/** True while the timer is running (started and not stopped or expired
 * for good). ISR: ok. (false for NULL.) */
bool k_timer_is_running(const struct k_timer *timer);

/** Attach an application pointer to the timer. ISR: ok. NULL timer: no-op. */
static inline void k_timer_user_data_set(struct k_timer *timer, void *data)
{
	if (timer != NULL) {
		timer->user_data = data;
	}
}

/** The pointer set by k_timer_user_data_set() (NULL if none). ISR: ok. */
static inline void *k_timer_user_data_get(const struct k_timer *timer)
{
	return timer == NULL ? NULL : timer->user_data;
}

#ifdef __cplusplus
}
#endif

#endif
