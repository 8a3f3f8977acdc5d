/*
 * Time hooks of the glue (subsys/crypto/mbedtls/mbedtls_time.c): the wall
 * clock from sys_realtime (-1 while unknown) and the UTC calendar Mbed TLS
 * uses instead of the C library's gmtime.
 */
#include <mbedtls/platform_time.h>
#include <mbedtls/platform_util.h>

#include <kestrel/ktest.h>
#include <kestrel/sys/realtime.h>

long long kestrel_mbedtls_time(long long *now);

static void after(void *f)
{
	(void)f;
	sys_realtime_unset();
}

KTEST_SUITE(mbedtls_time, NULL, NULL, after, NULL);

KTEST(mbedtls_time, time_is_minus_one_until_the_clock_is_set)
{
	const struct sys_timespec ts = { .tv_sec = 1906502400, .tv_nsec = 0 };
	long long t = 0;

	sys_realtime_unset();
	kt_assert_eq(kestrel_mbedtls_time(NULL), -1);
	kt_assert_eq(sys_realtime_set(&ts), 0);
	kt_assert_eq(kestrel_mbedtls_time(&t), 1906502400);
	kt_assert_eq(t, 1906502400);
}

static void check_utc(long long t, int y, int mon, int d, int h, int mi,
		      int s, int wday, int yday)
{
	struct tm tm;
	const mbedtls_time_t tt = t;

	kt_assert_ptr_eq(mbedtls_platform_gmtime_r(&tt, &tm), &tm);
	kt_assert_eq(tm.tm_year + 1900, y);
	kt_assert_eq(tm.tm_mon + 1, mon);
	kt_assert_eq(tm.tm_mday, d);
	kt_assert_eq(tm.tm_hour, h);
	kt_assert_eq(tm.tm_min, mi);
	kt_assert_eq(tm.tm_sec, s);
	kt_assert_eq(tm.tm_wday, wday);
	kt_assert_eq(tm.tm_yday, yday);
}

KTEST(mbedtls_time, gmtime_gives_the_utc_calendar)
{
	check_utc(0, 1970, 1, 1, 0, 0, 0, 4, 0);
	check_utc(951782400, 2000, 2, 29, 0, 0, 0, 2, 59);      /* leap day */
	check_utc(951868800, 2000, 3, 1, 0, 0, 0, 3, 60);
	check_utc(4107542399LL, 2100, 2, 28, 23, 59, 59, 0, 58); /* no leap */
	check_utc(4107542400LL, 2100, 3, 1, 0, 0, 0, 1, 59);
	check_utc(1906545296, 2030, 6, 1, 11, 54, 56, 6, 151);
	check_utc(253402300799LL, 9999, 12, 31, 23, 59, 59, 5, 364);
}

KTEST(mbedtls_time, gmtime_refuses_what_x509_cannot_hold)
{
	struct tm tm;
	const mbedtls_time_t neg = -1, big = 253402300800LL;

	kt_assert_null(mbedtls_platform_gmtime_r(&neg, &tm));
	kt_assert_null(mbedtls_platform_gmtime_r(&big, &tm));
	kt_assert_null(mbedtls_platform_gmtime_r(NULL, &tm));
}
