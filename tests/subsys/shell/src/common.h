/* Shared by the shell tests: a shell on the in-memory backend. */
#ifndef TEST_SHELL_COMMON_H
#define TEST_SHELL_COMMON_H

#include <kestrel/ktest.h>
#include <kestrel/shell/shell.h>

extern struct shell test_sh;
extern struct shell_mem_backend test_mem;
extern char test_out[];

/* Set up test_sh on test_mem with the prompt "$ " and empty output. */
void test_shell_reset(void);

#define ASSERT_OUT_HAS(s)                                                    \
	kt_assert(strstr(test_out, (s)) != NULL, "output lacks \"%s\":\n%s", (s), test_out)
#define ASSERT_OUT_LACKS(s)                                                  \
	kt_assert(strstr(test_out, (s)) == NULL, "output has \"%s\":\n%s", (s), test_out)

#endif
