/*
 * Time for Mbed TLS: the wall clock from sys_realtime (certificate
 * validity, TLS 1.2 hello), the UTC calendar without the C library's
 * gmtime (MBEDTLS_PLATFORM_GMTIME_R_ALT) and the uptime in milliseconds
 * (MBEDTLS_PLATFORM_MS_TIME_ALT, TLS 1.3 ticket ages).
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include <mbedtls/platform_time.h>
#include <mbedtls/platform_util.h>

#include <kestrel/crypto/mbedtls.h>
#include <kestrel/kernel.h>
#include <kestrel/sys/realtime.h>

/* The last second Mbed TLS can express in a certificate time (9999-12-31
 * 23:59:59Z); a later time does not fit X.509 and is refused. */
#define LAST_X509_SECOND 253402300799LL
#define SECONDS_PER_DAY 86400

/* What Mbed TLS sees while sys_realtime is unknown (-1: fail closed; see
 * include/kestrel/crypto/mbedtls.h); read and written under irq_lock (64
 * bits on 32-bit CPUs). */
static long long time_unknown = -1;

int kestrel_mbedtls_time_unknown_set(long long t)
{
	if (t < -1) {
		return -EINVAL;
	}
	unsigned int key = irq_lock();

	time_unknown = t;
	irq_unlock(key);
	return 0;
}

long long kestrel_mbedtls_time(long long *now)
{
	struct sys_timespec ts;
	long long t;

	if (sys_realtime_get(&ts) == 0) {
		t = (long long)ts.tv_sec;
	} else {
		unsigned int key = irq_lock();

		t = time_unknown;
		irq_unlock(key);
	}
	if (now != NULL) {
		*now = t;
	}
	return t;
}

static bool is_leap(long long y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Year, month (1-12), day (1-31) and day of the year (0-365) of day
 * @p days since 1970-01-01 (>= 0): H. Hinnant's civil_from_days. */
static void civil_from_days(long long days, struct tm *tm)
{
	long long z = days + 719468;
	long long era = z / 146097;
	long long doe = z - era * 146097;
	long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100); /* from 1 Mar */
	long long mp = (5 * doy + 2) / 153;
	long long mon = mp < 10 ? mp + 3 : mp - 9;
	long long year = yoe + era * 400 + (mon <= 2);

	tm->tm_year = (int)(year - 1900);
	tm->tm_mon = (int)(mon - 1);
	tm->tm_mday = (int)(doy - (153 * mp + 2) / 5 + 1);
	tm->tm_yday = (int)(mon >= 3 ? doy + 59 + is_leap(year) : doy - 306);
}

struct tm *mbedtls_platform_gmtime_r(const mbedtls_time_t *tt,
				     struct tm *tm_buf)
{
	if (tt == NULL || tm_buf == NULL || *tt < 0 ||
	    *tt > LAST_X509_SECOND) {
		return NULL;
	}
	long long days = *tt / SECONDS_PER_DAY;
	long long secs = *tt % SECONDS_PER_DAY;

	memset(tm_buf, 0, sizeof(*tm_buf));
	civil_from_days(days, tm_buf);
	tm_buf->tm_hour = (int)(secs / 3600);
	tm_buf->tm_min = (int)(secs / 60 % 60);
	tm_buf->tm_sec = (int)(secs % 60);
	tm_buf->tm_wday = (int)((days + 4) % 7); /* 1970-01-01: Thursday */
	tm_buf->tm_isdst = 0;
	return tm_buf;
}

mbedtls_ms_time_t mbedtls_ms_time(void)
{
	return (mbedtls_ms_time_t)k_uptime_get();
}
