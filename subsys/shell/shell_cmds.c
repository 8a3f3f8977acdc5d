/*
 * Built-in commands: kernel (uptime, threads, reboot), device list and,
 * with CONFIG_LOG, log level.
 */
#include <errno.h>

#include <kestrel/device.h>
#include <kestrel/kernel.h>
#include <kestrel/logging/log.h>
#include <kestrel/shell/shell.h>

/* ---- kernel ---- */

static int cmd_uptime(struct shell *sh, size_t argc, char **argv)
{
	(void)argc;
	(void)argv;
	int64_t ms = k_uptime_get();

	shell_print(sh, "uptime: %lld ms (%lld.%03lld s)", (long long)ms,
		    (long long)(ms / 1000), (long long)(ms % 1000));
	return 0;
}

static void print_thread(const struct k_thread *t, void *arg)
{
	struct shell *sh = arg;
	k_tid_t tid = (k_tid_t)t;
	char state[24];
	char unused[16] = "n/a";
	char cpu[16] = "n/a";
	size_t bytes;
	struct k_thread_runtime_stats rt;
	const char *name = k_thread_name_get(tid);

	if (k_thread_stack_space_get(t, &bytes) == 0) {
		(void)snprintk(unused, sizeof(unused), "%u", (unsigned int)bytes);
	}
	if (k_thread_runtime_stats_get(tid, &rt) == 0) {
		/* Share of the cycles since boot, in tenths of a percent. */
		uint64_t total = k_cycle_get_64();
		unsigned int permille = total == 0 ? 0 :
			(unsigned int)(rt.execution_cycles * 1000U / total);

		(void)snprintk(cpu, sizeof(cpu), "%u.%u", permille / 10U, permille % 10U);
	}
	shell_print(sh, "%-16s %-10s %5d %12s %5s", name[0] != '\0' ? name : "(unnamed)",
		    k_thread_state_str(tid, state, sizeof(state)),
		    k_thread_priority_get(tid), unused, cpu);
}

static int cmd_threads(struct shell *sh, size_t argc, char **argv)
{
	(void)argc;
	(void)argv;
	shell_print(sh, "%-16s %-10s %5s %12s %5s", "NAME", "STATE", "PRIO", "STACK-UNUSED",
		    "CPU%");
	k_thread_foreach(print_thread, sh);
	return 0;
}

static int cmd_reboot(struct shell *sh, size_t argc, char **argv)
{
	(void)argc;
	(void)argv;
	shell_print(sh, "rebooting");
	k_sys_exit(0);
}

SHELL_SUBCMD_SET_CREATE(sub_kernel,
	SHELL_CMD(uptime, NULL, "Time since boot", cmd_uptime),
	SHELL_CMD(threads, NULL, "Threads: name, state, priority, unused stack bytes, CPU% since boot",
		  cmd_threads),
	SHELL_CMD(reboot, NULL,
		  "Stop the system: these boards have no reset, so it exits "
		  "(k_sys_exit(0)): native_sim and QEMU end", cmd_reboot));
SHELL_CMD_REGISTER(kernel, sub_kernel, "Kernel information and control", NULL);

/* ---- device ---- */

static const char *init_level_name(uint8_t level)
{
	static const char *const names[] = { "PRE_KERNEL_1", "PRE_KERNEL_2",
					     "POST_KERNEL", "APPLICATION" };

	return level < ARRAY_SIZE(names) ? names[level] : "?";
}

static int cmd_device_list(struct shell *sh, size_t argc, char **argv)
{
	(void)argc;
	(void)argv;
	shell_print(sh, "%-16s %-13s %s", "NAME", "LEVEL", "STATUS");
	for (unsigned int i = 0; i < device_count; i++) {
		const struct device *dev = device_list[i];
		char status[32];

		if (!dev->state->initialized) {
			(void)snprintk(status, sizeof(status), "not initialized");
		} else if (dev->state->init_res == 0) {
			(void)snprintk(status, sizeof(status), "ready");
		} else {
			(void)snprintk(status, sizeof(status), "init failed (%d)",
				       dev->state->init_res);
		}
		shell_print(sh, "%-16s %-13s %s", dev->name, init_level_name(dev->level), status);
	}
	shell_print(sh, "%u devices", device_count);
	return 0;
}

SHELL_SUBCMD_SET_CREATE(sub_device,
	SHELL_CMD(list, NULL, "Devices in init order with their init status",
		  cmd_device_list));
SHELL_CMD_REGISTER(device, sub_device, "Devices", NULL);

/* ---- log ---- */

#ifdef CONFIG_LOG
static void print_module(const struct log_module *mod, void *arg)
{
	shell_print(arg, "%-16s %-5s (compiled: %s)", mod->name, log_level_name(mod->level),
		    log_level_name(mod->compiled_level));
}

static int cmd_log_level(struct shell *sh, size_t argc, char **argv)
{
	int level, ret;

	if (argc == 1) {
		(void)log_module_foreach(print_module, sh);
		return 0;
	}
	if (argc == 2) {
		level = log_level_get(argv[1]);
		if (level < 0) {
			shell_error(sh, "no log module '%s' (log level lists them)", argv[1]);
			return level;
		}
		shell_print(sh, "%s: %s", argv[1], log_level_name(level));
		return 0;
	}
	if (argc > 3) {
		shell_error(sh, "usage: log level [module] [level]");
		return -EINVAL;
	}
	level = log_level_parse(argv[2]);
	if (level < 0) {
		shell_error(sh, "bad level '%s': none, err, wrn, inf, dbg or 0..4", argv[2]);
		return level;
	}
	ret = log_level_set(argv[1], level);
	if (ret == -ENOENT) {
		shell_error(sh, "no log module '%s' (log level lists them)", argv[1]);
	} else if (ret == -EINVAL) {
		shell_error(sh, "%s: level %s is above its compiled-in level", argv[1],
			    log_level_name(level));
	} else if (ret == 0) {
		shell_print(sh, "%s: %s", argv[1], log_level_name(level));
	}
	return ret;
}

SHELL_SUBCMD_SET_CREATE(sub_log,
	SHELL_CMD(level, NULL,
		  "log level: list modules; log level <module> [none|err|wrn|inf|dbg]",
		  cmd_log_level));
SHELL_CMD_REGISTER(log, sub_log, "Logging control", NULL);
#endif
