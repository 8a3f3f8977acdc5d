/*
 * Wall clock (include/kestrel/sys/realtime.h): an offset from the uptime.
 *
 * offset_ns = the wall time, in nanoseconds since the epoch, at uptime 0.
 * 64-bit loads and stores are not atomic on the 32-bit boards, so both
 * fields are read and written with interrupts locked.
 */
#include <errno.h>

#include <kestrel/kernel.h>
#include <kestrel/sys/realtime.h>

#define NSEC_PER_USEC 1000

static int64_t offset_ns;
static bool is_set;

static int64_t uptime_ns(void)
{
	return k_uptime_us() * NSEC_PER_USEC;
}

int sys_realtime_set(const struct sys_timespec *ts)
{
	if (ts == NULL || ts->tv_sec < 0 || ts->tv_sec > SYS_REALTIME_SEC_MAX ||
	    ts->tv_nsec < 0 || ts->tv_nsec >= SYS_REALTIME_NSEC_PER_SEC) {
		return -EINVAL;
	}
	int64_t wall = ts->tv_sec * SYS_REALTIME_NSEC_PER_SEC + ts->tv_nsec;
	unsigned int key = irq_lock();

	offset_ns = wall - uptime_ns();
	is_set = true;
	irq_unlock(key);
	return 0;
}

int sys_realtime_get(struct sys_timespec *ts)
{
	if (ts == NULL) {
		return -EINVAL;
	}
	unsigned int key = irq_lock();
	bool ok = is_set;
	int64_t wall = offset_ns + uptime_ns();

	irq_unlock(key);
	if (!ok) {
		return -EAGAIN;
	}
	ts->tv_sec = wall / SYS_REALTIME_NSEC_PER_SEC;
	ts->tv_nsec = (int32_t)(wall % SYS_REALTIME_NSEC_PER_SEC);
	return 0;
}

void sys_realtime_unset(void)
{
	unsigned int key = irq_lock();

	is_set = false;
	irq_unlock(key);
}

bool sys_realtime_is_set(void)
{
	return is_set;
}
