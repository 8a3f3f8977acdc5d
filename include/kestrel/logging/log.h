/*
 * Logging: per-module, leveled messages with timestamps.
 *
 *   #include <kestrel/logging/log.h>
 *   LOG_MODULE_REGISTER(net_dhcp, LOG_LEVEL_INF);   // once per module
 *   LOG_MODULE_DECLARE(net_dhcp);                   // its other files
 *   ...
 *   LOG_INF("lease %u s from %s", secs, server);
 *   LOG_HEXDUMP_DBG(pkt, len, "offer");
 *
 * Output, one line per message (hexdumps add lines of 16 bytes):
 *
 *   [00001234] <inf> net_dhcp: lease 3600 s from 10.0.2.2
 *   [00001234.567] <inf> ...                (CONFIG_LOG_TIMESTAMP_US)
 *
 * Levels. A module has a compile-time level: the one given to
 * LOG_MODULE_REGISTER(), or CONFIG_LOG_DEFAULT_LEVEL. Messages above it are
 * not compiled in (no code, no strings). Its run-time level starts at the
 * compile-time level and can be lowered and raised again up to it with
 * log_level_set(). Without CONFIG_LOG every macro compiles to nothing (the
 * arguments are still type-checked).
 *
 * Deferred output (the default). The caller formats the message into a
 * stack buffer (CONFIG_LOG_MSG_MAX_LEN), takes the time stamp, and copies
 * both into a ring buffer (CONFIG_LOG_BUFFER_SIZE) with interrupts locked
 * for the copy only: it never blocks, so ISRs and code holding irq_lock()
 * may log. A thread of priority CONFIG_LOG_THREAD_PRIORITY prints the
 * queue through printk. When the buffer is full the message is dropped and
 * counted, and the output shows, where the messages went missing:
 *
 *   --- 3 messages dropped ---
 *
 * Call log_flush() to print everything queued (tests, before exit).
 * CONFIG_LOG_MODE_IMMEDIATE prints synchronously in the caller instead.
 */
#ifndef KESTREL_LOGGING_LOG_H
#define KESTREL_LOGGING_LOG_H

#include <stddef.h>
#include <stdint.h>

#include <kestrel/kernel.h>

#define LOG_LEVEL_NONE 0
#define LOG_LEVEL_ERR 1
#define LOG_LEVEL_WRN 2
#define LOG_LEVEL_INF 3
#define LOG_LEVEL_DBG 4

#ifndef CONFIG_LOG_DEFAULT_LEVEL
#define CONFIG_LOG_DEFAULT_LEVEL LOG_LEVEL_INF
#endif

/** A registered module (one per LOG_MODULE_REGISTER). */
struct log_module {
	const char *name;
	uint8_t compiled_level; /**< messages above it are not in the image */
	uint8_t level;          /**< run-time level, <= compiled_level */
};

/* Registration: a pointer per module in the log_modules section.
 * Z_LOG_LEVEL(name) is CONFIG_LOG_DEFAULT_LEVEL, Z_LOG_LEVEL(name, lvl) lvl. */
#define Z_LOG_ARG3(a, b, c, ...) c
#define Z_LOG_SECOND(a, b) b
#define Z_LOG_DEFAULT(a) CONFIG_LOG_DEFAULT_LEVEL
#define Z_LOG_LEVEL(...) Z_LOG_ARG3(__VA_ARGS__, Z_LOG_SECOND, Z_LOG_DEFAULT, ~)(__VA_ARGS__)
#define Z_LOG_NAME(name, ...) name
/* Expands the arguments before ## pastes them. */
#define Z_LOG_EXPAND2(macro, a, b) macro(a, b)

/**
 * Register module @p name (a C identifier) with an optional compile-time
 * level (LOG_LEVEL_NONE .. LOG_LEVEL_DBG; default CONFIG_LOG_DEFAULT_LEVEL):
 * LOG_MODULE_REGISTER(name) or LOG_MODULE_REGISTER(name, level).
 * Once per module, at file scope, in the file that owns it.
 */
#define LOG_MODULE_REGISTER(...)                                             \
	Z_LOG_EXPAND2(Z_LOG_MODULE_REGISTER, Z_LOG_NAME(__VA_ARGS__, ~),       \
		      Z_LOG_LEVEL(__VA_ARGS__))
#ifdef CONFIG_LOG
#define Z_LOG_MODULE_REGISTER(mname, lvl)                                    \
	struct log_module log_module_##mname = {                             \
		.name = #mname, .compiled_level = (lvl), .level = (lvl) };    \
	struct log_module *const log_module_ptr_##mname                      \
		__attribute__((section("log_modules"), used)) = &log_module_##mname; \
	Z_LOG_MODULE_USE(mname, lvl)
#else
#define Z_LOG_MODULE_REGISTER(mname, lvl) enum { z_log_file_level = (lvl) }
#endif

/**
 * Log to module @p name registered in another file, with an optional
 * compile-time level for this file (default CONFIG_LOG_DEFAULT_LEVEL):
 * LOG_MODULE_DECLARE(name) or LOG_MODULE_DECLARE(name, level).
 */
#define LOG_MODULE_DECLARE(...)                                              \
	Z_LOG_EXPAND2(Z_LOG_MODULE_DECLARE, Z_LOG_NAME(__VA_ARGS__, ~),        \
		      Z_LOG_LEVEL(__VA_ARGS__))
#ifdef CONFIG_LOG
#define Z_LOG_MODULE_DECLARE(mname, lvl)                                     \
	extern struct log_module log_module_##mname;                          \
	Z_LOG_MODULE_USE(mname, lvl)
#else
#define Z_LOG_MODULE_DECLARE(mname, lvl) enum { z_log_file_level = (lvl) }
#endif

#define Z_LOG_MODULE_USE(mname, lvl)                                         \
	enum { z_log_file_level = (lvl) };                                   \
	static struct log_module *const z_log_current_module                 \
		__attribute__((unused)) = &log_module_##mname

/* ---- the message macros ---- */

/** @cond INTERNAL */
void z_log_msg(struct log_module *mod, int level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void z_log_hexdump(struct log_module *mod, int level, const void *data,
		   size_t len, const char *label);

static inline void __attribute__((format(printf, 1, 2))) z_log_check_fmt(const char *fmt, ...)
{
	(void)fmt;
}

#ifdef CONFIG_LOG
#define Z_LOG(lvl, ...)                                                      \
	do {                                                                 \
		if ((lvl) <= z_log_file_level &&                             \
		    (lvl) <= z_log_current_module->level) {                  \
			z_log_msg(z_log_current_module, (lvl), __VA_ARGS__); \
		}                                                            \
	} while (0)
#define Z_LOG_HEXDUMP(lvl, data, len, label)                                 \
	do {                                                                 \
		if ((lvl) <= z_log_file_level &&                             \
		    (lvl) <= z_log_current_module->level) {                  \
			z_log_hexdump(z_log_current_module, (lvl), (data),   \
				      (len), (label));                       \
		}                                                            \
	} while (0)
#else
#define Z_LOG(lvl, ...)                                                      \
	do {                                                                 \
		if (0) {                                                     \
			z_log_check_fmt(__VA_ARGS__);                        \
		}                                                            \
	} while (0)
#define Z_LOG_HEXDUMP(lvl, data, len, label)                                 \
	do {                                                                 \
		(void)(data);                                                \
		(void)(len);                                                 \
		(void)(label);                                               \
	} while (0)
#endif
/** @endcond */

/** Log an error (printf formats of printk). Thread, ISR, irq-locked: ok. */
#define LOG_ERR(...) Z_LOG(LOG_LEVEL_ERR, __VA_ARGS__)
#define LOG_WRN(...) Z_LOG(LOG_LEVEL_WRN, __VA_ARGS__)
#define LOG_INF(...) Z_LOG(LOG_LEVEL_INF, __VA_ARGS__)
#define LOG_DBG(...) Z_LOG(LOG_LEVEL_DBG, __VA_ARGS__)

/**
 * Log @p label then @p len bytes of @p data as hex and ASCII, 16 bytes a
 * line. Data beyond what fits in a message (CONFIG_LOG_MSG_MAX_LEN minus
 * the label) is not shown; a last line says how many bytes were left out.
 * Thread, ISR, irq-locked: ok.
 */
#define LOG_HEXDUMP_ERR(data, len, label) Z_LOG_HEXDUMP(LOG_LEVEL_ERR, data, len, label)
#define LOG_HEXDUMP_WRN(data, len, label) Z_LOG_HEXDUMP(LOG_LEVEL_WRN, data, len, label)
#define LOG_HEXDUMP_INF(data, len, label) Z_LOG_HEXDUMP(LOG_LEVEL_INF, data, len, label)
#define LOG_HEXDUMP_DBG(data, len, label) Z_LOG_HEXDUMP(LOG_LEVEL_DBG, data, len, label)

/* ---- control (without CONFIG_LOG: stubs that do nothing) ---- */

#ifdef CONFIG_LOG

/**
 * Set module @p name's run-time level.
 * @param level LOG_LEVEL_NONE .. the module's compile-time level
 * @retval 0 set
 * @retval -EINVAL NULL name, or @p level below LOG_LEVEL_NONE or above the
 *         module's compile-time level (those messages are not in the image)
 * @retval -ENOENT no module of that name
 * Thread, ISR: ok.
 */
int log_level_set(const char *name, int level);

/**
 * Module @p name's run-time level.
 * @return the level (LOG_LEVEL_NONE .. LOG_LEVEL_DBG)
 * @retval -EINVAL NULL name
 * @retval -ENOENT no module of that name
 * Thread, ISR: ok.
 */
int log_level_get(const char *name);

/**
 * Call @p fn for each registered module (link order), e.g. for a shell's
 * `log level` listing.
 * @return the number of modules (also when @p fn is NULL)
 */
int log_module_foreach(void (*fn)(const struct log_module *mod, void *arg),
		       void *arg);

/** "none", "err", "wrn", "inf", "dbg"; "?" out of range. */
const char *log_level_name(int level);

/**
 * Parse a level as a user types it: a name log_level_name() gives, or a
 * digit 0 .. 4.
 * @return the level
 * @retval -EINVAL NULL or anything else
 */
int log_level_parse(const char *text);

/**
 * Print every message queued so far (and the dropped-messages line if
 * messages were lost at the end of the queue) before returning. Thread
 * context; with CONFIG_LOG_MODE_IMMEDIATE there is nothing to do.
 * @retval 0 done
 * @retval -EPERM called from an ISR
 */
int log_flush(void);

/** Messages dropped because the buffer was full, since boot. ISR: ok. */
uint32_t log_dropped_count(void);

#else /* !CONFIG_LOG: the control API does nothing, there are no modules */

#include <errno.h>

static inline int log_level_set(const char *name, int level)
{
	(void)level;
	return name == NULL ? -EINVAL : -ENOENT;
}

static inline int log_level_get(const char *name)
{
	return name == NULL ? -EINVAL : -ENOENT;
}

static inline int log_module_foreach(void (*fn)(const struct log_module *mod, void *arg),
				     void *arg)
{
	(void)fn;
	(void)arg;
	return 0;
}

static inline const char *log_level_name(int level)
{
	(void)level;
	return "?";
}

static inline int log_level_parse(const char *text)
{
	(void)text;
	return -EINVAL;
}

static inline int log_flush(void)
{
	return 0;
}

static inline uint32_t log_dropped_count(void)
{
	return 0;
}

#endif /* CONFIG_LOG */

#endif /* KESTREL_LOGGING_LOG_H */
