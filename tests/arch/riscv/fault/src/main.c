/*
 * RV32 exceptions taken in a thread: each is reported as a CPU exception
 * (K_ERR_CPU_EXCEPTION) with the decoded cause, the faulting pc and
 * address, and the registers at the trap; the thread ends and the system
 * goes on.
 *
 * The report is checked, not just the fatal error: a printk hook copies
 * the console output of each fault into a buffer (and still prints it).
 */
#include <string.h>

#include <devicetree.h>
#include <kestrel/drivers/uart.h>
#include <kestrel/ktest.h>

#define STACK 1024

static K_THREAD_STACK_DEFINE(stack, STACK);
static struct k_thread thread;
static volatile int reached;

/* ---- console capture ---- */

static char captured[2048];
static size_t captured_len;

static int capture_out(int c)
{
	const struct device *console = DEVICE_DT_CHOSEN_kestrel_console;

	if (captured_len < sizeof(captured) - 1) {
		captured[captured_len++] = (char)c;
	}
	if (c == '\n') {
		(void)uart_poll_out(console, '\r');
	}
	(void)uart_poll_out(console, (unsigned char)c);
	return c;
}

static void capture_start(void)
{
	memset(captured, 0, sizeof(captured));
	captured_len = 0;
	printk_hook_install(capture_out);
}

static void expect_in_report(const char *text)
{
	kt_assert(strstr(captured, text) != NULL, "\"%s\" is not in the fault report",
		  text);
}

/* ---- the faults (labels mark the faulting instruction) ---- */

extern const char fault_illegal_pc[], fault_load_pc[], fault_store_pc[],
	fault_ecall_pc[];

static void __attribute__((noinline)) illegal_instruction(void)
{
	__asm__ volatile(".globl fault_illegal_pc\n"
			 "fault_illegal_pc: .word 0\n"); /* all-zero: illegal */
}

/* Known values in a caller-saved (a0) and a callee-saved (s2) register,
 * then a load from 0x0, where the virt machine maps nothing. */
static void __attribute__((noinline)) load_from_unmapped(void)
{
	__asm__ volatile("li a0, 0x5a5a1234\n"
			 "li s2, 0x0badcafe\n"
			 ".globl fault_load_pc\n"
			 "fault_load_pc: lw a1, 0(zero)\n"
			 ::: "a0", "a1", "s2", "memory");
}

static void __attribute__((noinline)) store_to_unmapped(void)
{
	__asm__ volatile("li a1, 0x40\n"
			 ".globl fault_store_pc\n"
			 "fault_store_pc: sw a1, 0(a1)\n"
			 ::: "a1", "memory");
}

static void __attribute__((noinline)) ecall_in_machine_mode(void)
{
	__asm__ volatile(".globl fault_ecall_pc\n"
			 "fault_ecall_pc: ecall\n" ::: "memory");
}

static void fault_entry(void *p1, void *p2, void *p3)
{
	void (*fault)(void) = (void (*)(void))p1;

	(void)p2;
	(void)p3;
	reached = 1;
	fault();
	reached = 2; /* must not be reached */
}

/* Run @p fault in a thread named "faulty"; it must end, and only it. */
static void run_fault(void (*fault)(void))
{
	reached = 0;
	ktest_expect_fatal(K_ERR_CPU_EXCEPTION);
	capture_start();
	kt_assert_eq(k_thread_create(&thread, stack, K_THREAD_STACK_SIZEOF(stack),
				     fault_entry, (void *)fault, NULL, NULL, 3, 0,
				     K_FOREVER), 0);
	kt_assert_eq(k_thread_name_set(&thread, "faulty"), 0);
	kt_assert_eq(k_thread_start(&thread), 0);
	kt_assert_eq(k_thread_join(&thread, K_SECONDS(1)), 0);
	kt_assert_eq(reached, 1);
	kt_assert_true(k_thread_state_get(&thread) & K_THREAD_DEAD);
	/* The system goes on: time passes, the case thread runs on. */
	kt_assert_eq(k_msleep(2), 0);
	expect_in_report("in thread 'faulty'");
}

static void expect_pc(const char *pc)
{
	char line[40];

	snprintk(line, sizeof(line), "mepc 0x%08x", (unsigned int)(uintptr_t)pc);
	expect_in_report(line);
}

KTEST_SUITE(riscv_fault, NULL, NULL, NULL, NULL);

KTEST(riscv_fault, illegal_instruction_is_reported)
{
	run_fault(illegal_instruction);
	expect_in_report(">>> CPU exception: illegal instruction (mcause 2)");
	expect_pc(fault_illegal_pc);
}

KTEST(riscv_fault, load_from_unmapped_address_is_reported)
{
	run_fault(load_from_unmapped);
	expect_in_report(">>> CPU exception: load access fault (mcause 5)");
	expect_pc(fault_load_pc);
	expect_in_report("mtval 0x00000000");
}

KTEST(riscv_fault, report_shows_the_registers_at_the_trap)
{
	run_fault(load_from_unmapped);
	expect_in_report("a0  0x5a5a1234");
	expect_in_report("s2  0x0badcafe");
}

KTEST(riscv_fault, store_to_unmapped_address_is_reported)
{
	run_fault(store_to_unmapped);
	expect_in_report(">>> CPU exception: store/AMO access fault (mcause 7)");
	expect_pc(fault_store_pc);
	expect_in_report("mtval 0x00000040");
}

KTEST(riscv_fault, ecall_is_reported)
{
	run_fault(ecall_in_machine_mode);
	expect_in_report(">>> CPU exception: ecall from M-mode (mcause 11)");
	expect_pc(fault_ecall_pc);
}

static K_SEM_DEFINE(sem, 0, 1);

static void give_entry(void *p1, void *p2, void *p3)
{
	(void)p1;
	(void)p2;
	(void)p3;
	(void)k_sem_give(&sem);
}

KTEST(riscv_fault, threads_and_interrupts_work_after_faults)
{
	run_fault(illegal_instruction);
	run_fault(load_from_unmapped);
	/* A new thread on the same object and stack runs and signals. */
	kt_assert_eq(k_thread_create(&thread, stack, K_THREAD_STACK_SIZEOF(stack),
				     give_entry, NULL, NULL, NULL, 3, 0, K_MSEC(5)), 0);
	kt_assert_eq(k_sem_take(&sem, K_MSEC(100)), 0);
	kt_assert_eq(k_thread_join(&thread, K_SECONDS(1)), 0);
}
