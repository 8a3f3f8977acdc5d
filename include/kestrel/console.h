/*
 * Line-based console input on the chosen kestrel,console UART, on top of
 * its interrupt-driven input (CONFIG_CONSOLE_LINE). Console output stays
 * printk's (polled, unchanged).
 */
#ifndef KESTREL_CONSOLE_H
#define KESTREL_CONSOLE_H

#include <stddef.h>

#include <kestrel/kernel.h>

/**
 * Read one line from the console, echoing it as it is typed:
 * - printable characters (and Tab) are stored and echoed;
 * - Backspace (0x08) or DEL (0x7f) erases the last one ("\b \b");
 * - Ctrl-U erases the whole line;
 * - CR or LF ends the line (an LF right after a CR is skipped, so CR LF
 *   counts once) and is echoed as a new line;
 * - other control characters are ignored.
 * The line is stored in @p buf without its end, NUL-terminated. Characters
 * past @p size - 1 are neither stored nor echoed; the line is still read
 * to its end. The first call turns the console UART's reception on.
 * @param timeout how long to wait for each character (K_FOREVER: no limit)
 * @return the length of the line
 * @retval -E2BIG the line was longer than @p size - 1 (@p buf holds its
 *         start)
 * @retval -EAGAIN no character within @p timeout (the part of the line
 *         typed so far is dropped)
 * @retval -EINVAL NULL @p buf or @p size 0
 * @retval -ENODEV the console UART is not ready or has no interrupt-driven
 *         input
 * Thread. One reader of the console at a time (not beside the console
 * shell, which reads it too).
 */
int console_getline(char *buf, size_t size, k_timeout_t timeout);

#endif
