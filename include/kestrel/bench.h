/*
 * Benchmark helpers: measure the instructions an operation costs.
 *
 *   bench_start();                 // begin a measurement
 *   for (i = 0; i < N; i++) op();  // bench_pause()/bench_resume() around set-up work
 *   bench_stop("name", N);         // prints the figure
 *
 * QEMU boards run benchmarks under `-icount shift=0` (one instruction =
 * 1 ns of virtual time), so elapsed system-timer cycles give instructions.
 * native_sim counts host instructions with callgrind (`kt bench` runs the
 * image under `valgrind --tool=callgrind`; the measured windows are
 * delimited with callgrind client requests). Without either, the figures
 * printed are not instruction counts and say so.
 *
 * Output, one line per figure:
 *   bench: BOARD NAME VALUE instr      (QEMU)
 *   bench-callgrind: NAME ITERATIONS   (native_sim; kt bench turns it into the line above)
 */
#ifndef KESTREL_BENCH_H
#define KESTREL_BENCH_H

#include <stdint.h>

/** Start measuring (thread context). */
void bench_start(void);
/** Stop counting for a moment (e.g. set-up inside the loop). */
void bench_pause(void);
/** Count again after bench_pause(). */
void bench_resume(void);
/** End the measurement and print instructions per operation over @p iterations. */
void bench_stop(const char *name, uint32_t iterations);

#endif
