/* Benchmark measurement: see include/kestrel/bench.h. */
#include <kestrel/bench.h>
#include <kestrel/kernel.h>

#if defined(CONFIG_ARCH_POSIX) && defined(__has_include)
#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#define BENCH_CALLGRIND 1
#endif
#endif

static uint64_t started_at;
static uint64_t counted;
static uint32_t pauses;
static uint64_t pause_cost_x1000; /* cycles one pause/resume pair adds, x1000 */

/* What a pause/resume pair itself adds to the count (QEMU boards). */
static void calibrate(void)
{
	static bool done;

	if (done) {
		return;
	}
	done = true;
	counted = 0;
	started_at = k_cycle_get_64();
	for (int i = 0; i < 1000; i++) {
		bench_pause();
		bench_resume();
	}
	uint64_t with = counted + (k_cycle_get_64() - started_at);

	counted = 0;
	started_at = k_cycle_get_64();
	uint64_t without = k_cycle_get_64() - started_at;

	pause_cost_x1000 = with > without ? with - without : 0;
}

void bench_start(void)
{
	if (!IS_ENABLED(CONFIG_ARCH_POSIX)) {
		calibrate();
	}
	counted = 0;
	pauses = 0;
#ifdef BENCH_CALLGRIND
	CALLGRIND_ZERO_STATS;
#endif
	started_at = k_cycle_get_64();
}

void bench_pause(void)
{
	counted += k_cycle_get_64() - started_at;
	pauses++;
#ifdef BENCH_CALLGRIND
	CALLGRIND_TOGGLE_COLLECT;
#endif
}

void bench_resume(void)
{
#ifdef BENCH_CALLGRIND
	CALLGRIND_TOGGLE_COLLECT;
#endif
	started_at = k_cycle_get_64();
}

void bench_stop(const char *name, uint32_t iterations)
{
	counted += k_cycle_get_64() - started_at;
#ifdef BENCH_CALLGRIND
	CALLGRIND_DUMP_STATS_AT(name);
#endif
	if (IS_ENABLED(CONFIG_ARCH_POSIX)) {
		printk("bench-callgrind: %s %u\n", name, (unsigned int)iterations);
		return;
	}
	uint64_t overhead = pause_cost_x1000 * pauses / 1000;

	counted = counted > overhead ? counted - overhead : 0;
	/* icount shift=0: one instruction per ns of virtual time. */
	uint64_t ns = counted * 1000000000ull / CONFIG_SYS_CLOCK_HW_CYCLES_PER_SEC;
	uint32_t n = iterations != 0 ? iterations : 1;

	printk("bench: %s %s %u instr\n", CONFIG_BOARD, name,
	       (unsigned int)((ns + n / 2) / n));
}
