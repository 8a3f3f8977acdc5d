/*
 * Line console (console_getline) over the real console UART, on the
 * input of testcase.yaml: line editing (Backspace, DEL, Ctrl-U), CR LF
 * as one line end, control characters ignored, an over-long line
 * (-E2BIG, its start kept, the next line intact), the timeout, bad
 * arguments. The echo shows in the test's output.
 */
#include <errno.h>
#include <string.h>

#include <kestrel/console.h>
#include <kestrel/ktest.h>

static char line[32];

KTEST_SUITE(console_line, NULL, NULL, NULL, NULL);

KTEST(console_line, bad_arguments_are_einval)
{
	kt_assert_eq(console_getline(NULL, 8, K_NO_WAIT), -EINVAL);
	kt_assert_eq(console_getline(line, 0, K_NO_WAIT), -EINVAL);
}

KTEST(console_line, lines_come_in_order_with_their_edits)
{
	kt_assert_le(console_getline(line, sizeof(line), K_FOREVER), 2); /* ">>" */
	kt_assert_eq(console_getline(line, sizeof(line), K_FOREVER), 3);
	kt_assert_str_eq(line, "abc");
	kt_assert_eq(console_getline(line, sizeof(line), K_FOREVER), 2);
	kt_assert_str_eq(line, "ay"); /* ab, BS, x, DEL, y */
}

KTEST(console_line, ctrl_u_erases_the_line_and_cr_lf_ended_one_line)
{
	/* The previous line ended in CR LF: no empty line in between. */
	kt_assert_eq(console_getline(line, sizeof(line), K_FOREVER), 5);
	kt_assert_str_eq(line, "again");
}

KTEST(console_line, control_characters_are_ignored_tab_is_kept)
{
	kt_assert_eq(console_getline(line, sizeof(line), K_FOREVER), 3);
	kt_assert_str_eq(line, "z\t.");
}

KTEST(console_line, over_long_line_is_e2big_with_its_start_kept)
{
	kt_assert_eq(console_getline(line, sizeof(line), K_FOREVER), -E2BIG);
	kt_assert_eq(strlen(line), sizeof(line) - 1);
	kt_assert_eq(memcmp(line, "0123456789012345678901234567890", sizeof(line) - 1), 0);
	kt_assert_eq(console_getline(line, sizeof(line), K_FOREVER), 0); /* the empty line */
	kt_assert_str_eq(line, "");
}

KTEST(console_line, nothing_more_typed_is_eagain)
{
	kt_assert_eq(console_getline(line, sizeof(line), K_MSEC(20)), -EAGAIN);
	kt_assert_str_eq(line, "");
}
