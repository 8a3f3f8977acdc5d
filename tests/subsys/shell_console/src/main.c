/*
 * The console shell over the board's real console UART (interrupt-driven
 * input), driven by testcase.yaml's stdin: commands in, their output
 * checked by the `expect` patterns. `echo_args` prints its words, one per
 * line, so quoting shows in the output. The last command ends the run.
 */
#include <kestrel/kernel.h>
#include <kestrel/shell/shell.h>

static int cmd_echo_args(struct shell *sh, size_t argc, char **argv)
{
	for (size_t i = 1; i < argc; i++) {
		shell_print(sh, "arg%u=<%s>", (unsigned int)i, argv[i]);
	}
	return 0;
}

SHELL_CMD_REGISTER(echo_args, NULL, "Print each argument", cmd_echo_args);

int main(void)
{
	for (;;) {
		k_sleep(K_FOREVER);
	}
	return 0;
}
