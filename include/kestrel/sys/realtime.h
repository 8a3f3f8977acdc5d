/*
 * Wall-clock time (UTC) on the kernel's uptime clock.
 *
 * The wall clock is not a second clock: sys_realtime_set() stores the
 * offset between the time it is given and the uptime (k_uptime_us()) of
 * that moment, and sys_realtime_get() adds the uptime of now to it. So the
 * wall clock advances exactly as the uptime does (with the system timer's
 * accuracy, microsecond resolution), never goes backwards except when it is
 * set, and needs no interrupt of its own. Until it is first set (SNTP,
 * net_sntp.h; an RTC; the application) it reports -EAGAIN, distinct from
 * any time, so that a user of the time (TLS certificate validity) can apply
 * its own policy while the time is unknown.
 *
 * The time is seconds and nanoseconds since 1970-01-01T00:00:00Z (Unix
 * time: leap seconds not counted), seconds in 64 bits: no year-2038 limit.
 *
 * Every function may be called from threads and ISRs (the state is read
 * and written with interrupts locked, a few instructions).
 */
#ifndef KESTREL_SYS_REALTIME_H
#define KESTREL_SYS_REALTIME_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** A wall-clock time (or, for sys_realtime_set(), the time to set). */
struct sys_timespec {
	int64_t tv_sec;  /**< seconds since 1970-01-01T00:00:00Z, >= 0 */
	int32_t tv_nsec; /**< nanoseconds, 0 .. 999999999 */
};

/** The largest tv_sec sys_realtime_set() takes (year 2262: the time is
 * kept in signed 64-bit nanoseconds, with room for a century of uptime). */
#define SYS_REALTIME_SEC_MAX ((int64_t)9000000000)

#define SYS_REALTIME_NSEC_PER_SEC 1000000000

/**
 * Set the wall clock to @p ts, now. The clock then advances with the
 * uptime.
 * @retval 0 set
 * @retval -EINVAL @p ts NULL, tv_sec negative or above
 *         SYS_REALTIME_SEC_MAX, tv_nsec outside 0 .. 999999999 (the clock
 *         is left as it was)
 * Thread and ISR.
 */
int sys_realtime_set(const struct sys_timespec *ts);

/**
 * The wall-clock time now.
 * @retval 0 @p ts holds it
 * @retval -EAGAIN the clock has not been set since boot (or since
 *         sys_realtime_unset()); @p ts is left untouched
 * @retval -EINVAL @p ts NULL
 * Thread and ISR.
 */
int sys_realtime_get(struct sys_timespec *ts);

/**
 * Forget the time: sys_realtime_get() says -EAGAIN until the next
 * sys_realtime_set() (for a time source that knows its time is no longer
 * trustworthy, and for tests).
 * Thread and ISR.
 */
void sys_realtime_unset(void);

/** true once the clock has been set (and not unset since). Thread and ISR. */
bool sys_realtime_is_set(void);

#ifdef __cplusplus
}
#endif

#endif /* KESTREL_SYS_REALTIME_H */
