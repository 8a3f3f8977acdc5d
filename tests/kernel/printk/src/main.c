/*
 * snprintk()/vsnprintk() formatting: every conversion printk documents,
 * flags, width, precision, length modifiers, and snprintf's rules for
 * truncation and the return value.
 */
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <kestrel/ktest.h>

#define BUF_SIZE 64

static char buf[BUF_SIZE];

static void expect_fmt(const char *file, int line, const char *expect, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Format with vsnprintk() into buf; the text and the length must match. */
static void expect_fmt(const char *file, int line, const char *expect, const char *fmt, ...)
{
	va_list ap;

	memset(buf, '#', sizeof(buf));
	va_start(ap, fmt);
	int n = vsnprintk(buf, sizeof(buf), fmt, ap);

	va_end(ap);
	ktest_check_str(file, line, fmt, buf, expect);
	ktest_check_int(file, line, "return value", "==", n, (intmax_t)strlen(expect),
			n == (int)strlen(expect));
}

#define EXPECT_FMT(expect, ...) expect_fmt(__FILE__, __LINE__, (expect), __VA_ARGS__)

KTEST_SUITE(printk, NULL, NULL, NULL, NULL);

/* ---- conversions ---- */

KTEST(printk, d_prints_a_positive_int)
{
	EXPECT_FMT("42", "%d", 42);
}

KTEST(printk, d_prints_zero)
{
	EXPECT_FMT("0", "%d", 0);
}

KTEST(printk, d_prints_a_negative_int)
{
	EXPECT_FMT("-42", "%d", -42);
}

KTEST(printk, d_prints_int_min)
{
	EXPECT_FMT("-2147483648", "%d", INT_MIN);
}

KTEST(printk, d_prints_int_max)
{
	EXPECT_FMT("2147483647", "%d", INT_MAX);
}

KTEST(printk, i_is_the_same_as_d)
{
	EXPECT_FMT("-7 7", "%i %i", -7, 7);
}

KTEST(printk, u_prints_uint_max)
{
	EXPECT_FMT("4294967295", "%u", UINT_MAX);
}

KTEST(printk, x_prints_lowercase_hex)
{
	EXPECT_FMT("deadbeef", "%x", 0xdeadbeefu);
}

KTEST(printk, upper_x_prints_uppercase_hex)
{
	EXPECT_FMT("DEADBEEF", "%X", 0xdeadbeefu);
}

KTEST(printk, x_prints_zero)
{
	EXPECT_FMT("0", "%x", 0u);
}

KTEST(printk, o_prints_octal)
{
	EXPECT_FMT("777 10 0", "%o %o %o", 0777u, 8u, 0u);
}

KTEST(printk, c_prints_a_character)
{
	EXPECT_FMT("xy", "%c%c", 'x', 'y');
}

KTEST(printk, s_prints_a_string)
{
	EXPECT_FMT("hello, world", "%s, %s", "hello", "world");
}

KTEST(printk, s_prints_an_empty_string)
{
	EXPECT_FMT("[]", "[%s]", "");
}

KTEST(printk, p_prints_the_address_in_hex)
{
	int n = snprintk(buf, sizeof(buf), "%p", (void *)(uintptr_t)0x12ab);

	kt_assert_eq(n, (int)strlen(buf));
	kt_assert(strstr(buf, "12ab") != NULL, "\"%s\" does not show 12ab", buf);
}

KTEST(printk, percent_percent_prints_a_percent_sign)
{
	EXPECT_FMT("100%", "100%%");
}

KTEST(printk, mixed_conversions_and_text)
{
	EXPECT_FMT("x=10 (0xa) ok!", "%s=%d (0x%x) %s%c", "x", 10, 10u, "ok", '!');
}

KTEST(printk, empty_format_prints_nothing)
{
	EXPECT_FMT("", "%s", "");
}

/* ---- length modifiers ---- */

KTEST(printk, lld_prints_llong_min)
{
	EXPECT_FMT("-9223372036854775808", "%lld", LLONG_MIN);
}

KTEST(printk, lld_prints_llong_max)
{
	EXPECT_FMT("9223372036854775807", "%lld", LLONG_MAX);
}

KTEST(printk, llu_prints_ullong_max)
{
	EXPECT_FMT("18446744073709551615", "%llu", ULLONG_MAX);
}

KTEST(printk, llx_prints_64_bit_hex)
{
	EXPECT_FMT("123456789abcdef0", "%llx", 0x123456789abcdef0ull);
}

KTEST(printk, ld_prints_a_long)
{
	EXPECT_FMT("-123456789", "%ld", -123456789L);
}

KTEST(printk, lu_prints_ulong_max)
{
	EXPECT_FMT(sizeof(long) == 8 ? "18446744073709551615" : "4294967295", "%lu",
		   ULONG_MAX);
}

KTEST(printk, hd_prints_a_short)
{
	EXPECT_FMT("-32768 65535", "%hd %hu", (short)SHRT_MIN, (unsigned short)USHRT_MAX);
}

KTEST(printk, hhd_prints_a_char_sized_int)
{
	EXPECT_FMT("-128 255", "%hhd %hhu", (signed char)-128, (unsigned char)255);
}

KTEST(printk, zu_prints_a_size_t)
{
	EXPECT_FMT("123456", "%zu", (size_t)123456);
}

KTEST(printk, jd_prints_intmax_min)
{
	EXPECT_FMT("-9223372036854775808", "%jd", INTMAX_MIN);
}

KTEST(printk, td_prints_a_ptrdiff_t)
{
	EXPECT_FMT("-5", "%td", (ptrdiff_t)-5);
}

/* ---- flags and width ---- */

KTEST(printk, width_right_aligns)
{
	EXPECT_FMT("   42|", "%5d|", 42);
}

KTEST(printk, width_smaller_than_the_output_does_not_truncate)
{
	EXPECT_FMT("12345", "%2d", 12345);
}

KTEST(printk, minus_flag_left_aligns)
{
	EXPECT_FMT("42   |", "%-5d|", 42);
}

KTEST(printk, zero_flag_pads_with_zeros)
{
	EXPECT_FMT("00042", "%05d", 42);
}

KTEST(printk, zero_flag_pads_after_the_sign)
{
	EXPECT_FMT("-0042", "%05d", -42);
}

KTEST(printk, zero_flag_pads_hex)
{
	EXPECT_FMT("0000beef", "%08x", 0xbeefu);
}

KTEST(printk, plus_flag_shows_the_sign)
{
	EXPECT_FMT("+42 -42 +0", "%+d %+d %+d", 42, -42, 0);
}

KTEST(printk, space_flag_puts_a_space_before_positive_numbers)
{
	EXPECT_FMT(" 42 -42", "% d % d", 42, -42);
}

KTEST(printk, string_width_right_aligns)
{
	EXPECT_FMT("    ab|", "%6s|", "ab");
}

KTEST(printk, string_width_with_minus_left_aligns)
{
	EXPECT_FMT("ab    |", "%-6s|", "ab");
}

KTEST(printk, char_width_pads)
{
	EXPECT_FMT("  x|x  |", "%3c|%-3c|", 'x', 'x');
}

KTEST(printk, star_width_takes_the_width_from_an_argument)
{
	EXPECT_FMT("    42", "%*d", 6, 42);
}

KTEST(printk, negative_star_width_left_aligns)
{
	EXPECT_FMT("42    |", "%*d|", -6, 42);
}

/* ---- precision ---- */

KTEST(printk, string_precision_limits_the_length)
{
	EXPECT_FMT("abc", "%.3s", "abcdef");
}

KTEST(printk, string_precision_longer_than_the_string_is_harmless)
{
	EXPECT_FMT("abc", "%.10s", "abc");
}

KTEST(printk, string_precision_does_not_read_past_it)
{
	static const char not_terminated[3] = { 'x', 'y', 'z' };

	EXPECT_FMT("xy", "%.2s", not_terminated);
}

KTEST(printk, string_width_and_precision_combine)
{
	EXPECT_FMT("    ab|", "%6.2s|", "abcdef");
}

KTEST(printk, int_precision_gives_the_minimum_digits)
{
	EXPECT_FMT("00042", "%.5d", 42);
}

KTEST(printk, int_precision_with_a_negative_number)
{
	EXPECT_FMT("-007", "%.3d", -7);
}

KTEST(printk, int_width_and_precision_combine)
{
	EXPECT_FMT("     042", "%8.3d", 42);
}

KTEST(printk, hex_precision_gives_the_minimum_digits)
{
	EXPECT_FMT("00ff", "%.4x", 0xffu);
}

KTEST(printk, precision_zero_prints_nothing_for_zero)
{
	EXPECT_FMT("[]", "[%.0d]", 0);
}

KTEST(printk, star_precision_takes_the_precision_from_an_argument)
{
	EXPECT_FMT("ab 0007", "%.*s %.*d", 2, "abcd", 4, 7);
}

/* ---- buffer size and return value ---- */

KTEST(printk, truncated_output_returns_the_full_length)
{
	int n = snprintk(buf, 5, "hello world");

	kt_assert_eq(n, 11);
	kt_assert_str_eq(buf, "hell");
}

KTEST(printk, truncated_number_returns_the_full_length)
{
	int n = snprintk(buf, 4, "%d", 123456);

	kt_assert_eq(n, 6);
	kt_assert_str_eq(buf, "123");
}

KTEST(printk, truncation_never_writes_past_len)
{
	memset(buf, '#', sizeof(buf));
	(void)snprintk(buf, 4, "%s-%d", "abcdef", 12345);
	kt_assert_eq(buf[3], '\0');
	kt_assert_eq(buf[4], '#');
}

KTEST(printk, exact_fit_is_not_truncated)
{
	int n = snprintk(buf, 6, "%s", "hello");

	kt_assert_eq(n, 5);
	kt_assert_str_eq(buf, "hello");
}

KTEST(printk, len_one_writes_only_the_terminator)
{
	memset(buf, '#', sizeof(buf));
	int n = snprintk(buf, 1, "%d", 987);

	kt_assert_eq(n, 3);
	kt_assert_eq(buf[0], '\0');
	kt_assert_eq(buf[1], '#');
}

KTEST(printk, len_zero_writes_nothing)
{
	memset(buf, '#', sizeof(buf));
	int n = snprintk(buf, 0, "abc");

	kt_assert_eq(n, 3);
	kt_assert_eq(buf[0], '#');
}

KTEST(printk, null_buffer_with_len_zero_returns_the_length)
{
	kt_assert_eq(snprintk(NULL, 0, "%d-%s", 42, "abc"), 6);
}

KTEST(printk, long_output_is_counted_beyond_the_buffer)
{
	int n = snprintk(buf, sizeof(buf), "%100d", 1);

	kt_assert_eq(n, 100);
	kt_assert_eq(strlen(buf), sizeof(buf) - 1);
	kt_assert_eq(buf[sizeof(buf) - 2], ' ');
}
