/*
 * Shell sample: the console shell (prompt "kestrel:~$ ") with the built-in
 * commands and one of its own, `greet [name]`. Try: help, kernel threads,
 * device list, log level, greet "Ada Lovelace", Tab and the arrow keys.
 * It runs until `kernel reboot` (or Ctrl-A X in QEMU, Ctrl-C on native_sim).
 *
 * Input is interrupt-driven: the shell thread sleeps until the UART has
 * received something. On native_sim a terminal on stdin makes simulated
 * time follow real time; piped input (make demo) runs in simulated time.
 * The host terminal is line-buffered and echoes by itself, so for the
 * shell's own editing (arrows, Tab, Backspace) put it in raw mode first:
 *   stty raw -echo; build/kestrel.exe; stty sane
 * or attach a terminal program to a pty: build/kestrel.exe --pty, then
 * e.g. `screen /dev/pts/N` with the path it prints.
 */
#include <kestrel/kernel.h>
#include <kestrel/logging/log.h>
#include <kestrel/shell/shell.h>

LOG_MODULE_REGISTER(app, LOG_LEVEL_DBG);

static int cmd_greet(struct shell *sh, size_t argc, char **argv)
{
	const char *name = argc > 1 ? argv[1] : "world";

	shell_print(sh, "Hello, %s!", name);
	LOG_DBG("greeted %s", name);
	return 0;
}

SHELL_CMD_REGISTER(greet, NULL, "Say hello: greet [name]", cmd_greet);

int main(void)
{
	LOG_INF("shell sample started; type help");
	for (;;) {
		k_msleep(1000);
	}
	return 0;
}
