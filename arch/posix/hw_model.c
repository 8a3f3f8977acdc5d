/*
 * native_sim hardware model: simulated time, the timer event, interrupt
 * lines, the command line, and the process entry point.
 */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <arpa/inet.h>

#include <kestrel/kernel.h>

#include "arch_interface.h"
#include "posix_hw.h"

static uint64_t now_us;
/* Timed events: line i is raised when the time reaches event_at[i]
 * (UINT64_MAX: none); next_at is the earliest of them. */
static uint64_t event_at[POSIX_IRQ_COUNT] = { [0 ... POSIX_IRQ_COUNT - 1] = UINT64_MAX };
static uint64_t next_at = UINT64_MAX;
static uint64_t stop_at = UINT64_MAX;
static uint64_t seed;
static const char *flash_file;
static bool console_pty;
static const char *eth_frames;
static struct posix_hw_hostfwd hostfwds[POSIX_HW_HOSTFWD_MAX];
static unsigned int n_hostfwds;
static const char *eth_tap;
static int watch_fd_plus1[POSIX_IRQ_COUNT]; /* host fd + 1 per line, 0: none */
static bool realtime;
static uint64_t rt_origin_ns;
static uint32_t irq_pending;
static uint32_t irq_enabled = 1u << POSIX_IRQ_TIMER;
static struct {
	void (*fn)(const void *arg);
	const void *arg;
} irq_table[POSIX_IRQ_COUNT];

#define POSIX_HW_POLLERS 4
#define POSIX_HW_POLLFDS 128
#define POSIX_HW_POLL_EVERY_NS 1000000u /* while threads keep the CPU busy */
static const struct posix_hw_poller *pollers[POSIX_HW_POLLERS];
static unsigned int n_pollers;
static struct pollfd pollfds[POSIX_HW_POLLFDS];
static unsigned int n_pollfds;
static uint64_t last_poll_ns;

static uint64_t host_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void sync_realtime(void)
{
	if (realtime) {
		uint64_t t = (host_ns() - rt_origin_ns) / 1000u;

		now_us = MAX(now_us, t);
	}
}

uint64_t posix_hw_now_us(void)
{
	sync_realtime();
	return now_us;
}

bool posix_hw_realtime(void)
{
	return realtime;
}

uint64_t posix_hw_seed(void)
{
	return seed;
}

const char *posix_hw_flash_file(void)
{
	return flash_file;
}

bool posix_hw_console_pty(void)
{
	return console_pty;
}

const char *posix_hw_eth_frames(void)
{
	return eth_frames;
}

const struct posix_hw_hostfwd *posix_hw_hostfwds(unsigned int *count)
{
	*count = n_hostfwds;
	return hostfwds;
}

const char *posix_hw_eth_tap(void)
{
	return eth_tap;
}

void posix_hw_follow_realtime(void)
{
	if (!realtime) {
		rt_origin_ns = host_ns() - now_us * 1000u;
		realtime = true;
	}
}

int posix_hw_fd_irq(unsigned int irq, int fd)
{
	if (irq == POSIX_IRQ_TIMER || irq >= POSIX_IRQ_COUNT) {
		return -EINVAL;
	}
	watch_fd_plus1[irq] = fd < 0 ? 0 : fd + 1;
	return 0;
}

/* Watched descriptors of enabled lines not already pending. */
static int watched_fds(struct pollfd *pfd, unsigned int *line)
{
	int n = 0;

	for (unsigned int irq = 0; irq < POSIX_IRQ_COUNT; irq++) {
		uint32_t bit = 1u << irq;

		if (watch_fd_plus1[irq] != 0 && (irq_enabled & bit) != 0 &&
		    (irq_pending & bit) == 0) {
			pfd[n] = (struct pollfd){ .fd = watch_fd_plus1[irq] - 1,
						  .events = POLLIN };
			line[n++] = irq;
		}
	}
	return n;
}

/*
 * Wait up to @p timeout_ms (-1: for ever) for a watched descriptor to be
 * readable (or at its end); raise the lines of those that are. True if
 * any was raised.
 */
static bool poll_fds(int timeout_ms)
{
	struct pollfd pfd[POSIX_IRQ_COUNT];
	unsigned int line[POSIX_IRQ_COUNT];
	int n = watched_fds(pfd, line);
	bool raised = false;

	if (n == 0 || poll(pfd, (nfds_t)n, timeout_ms) <= 0) {
		return false;
	}
	for (int i = 0; i < n; i++) {
		if ((pfd[i].revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
			posix_irq_raise(line[i]);
			raised = true;
		}
	}
	return raised;
}

/* Milliseconds of real time until simulated time @p when_us (rounded up). */
static int ms_until(uint64_t when_us)
{
	uint64_t target_ns = rt_origin_ns + when_us * 1000u;
	uint64_t ns = host_ns();

	if (target_ns <= ns) {
		return 0;
	}
	return (int)MIN((target_ns - ns + 999999u) / 1000000u, (uint64_t)INT_MAX);
}

static void update_next_at(void)
{
	next_at = UINT64_MAX;
	for (unsigned int i = 0; i < POSIX_IRQ_COUNT; i++) {
		next_at = MIN(next_at, event_at[i]);
	}
}

void posix_hw_timer_set(uint64_t when_us)
{
	posix_hw_event_set(POSIX_IRQ_TIMER, when_us);
}

void posix_hw_event_set(unsigned int irq, uint64_t when_us)
{
	if (irq < POSIX_IRQ_COUNT) {
		uint64_t old = event_at[irq];

		event_at[irq] = when_us;
		if (when_us <= next_at) {
			next_at = when_us;
		} else if (old == next_at) {
			update_next_at(); /* the earliest event moved later */
		}
	}
}

int posix_irq_connect(unsigned int irq, void (*fn)(const void *arg),
		      const void *arg)
{
	if (irq >= POSIX_IRQ_COUNT || fn == NULL) {
		return -EINVAL;
	}
	irq_table[irq].fn = fn;
	irq_table[irq].arg = arg;
	return 0;
}

void posix_irq_enable(unsigned int irq, bool enable)
{
	if (irq < POSIX_IRQ_COUNT) {
		irq_enabled = enable ? irq_enabled | (1u << irq)
				     : irq_enabled & ~(1u << irq);
	}
}

void posix_irq_raise(unsigned int irq)
{
	if (irq < POSIX_IRQ_COUNT) {
		irq_pending |= 1u << irq;
	}
}

int posix_hw_poller_add(const struct posix_hw_poller *p)
{
	if (p == NULL || n_pollers == POSIX_HW_POLLERS) {
		return p == NULL ? -EINVAL : -ENOSPC;
	}
	pollers[n_pollers++] = p;
	posix_hw_follow_realtime();
	return 0;
}

int posix_hw_poll_fd(int fd, short events)
{
	if (n_pollfds == POSIX_HW_POLLFDS) {
		return -ENOSPC;
	}
	pollfds[n_pollfds] = (struct pollfd){ .fd = fd, .events = events };
	return (int)n_pollfds++;
}

short posix_hw_poll_revents(int idx)
{
	return idx >= 0 && (unsigned int)idx < n_pollfds ? pollfds[idx].revents : 0;
}

/*
 * Wait for the host event sources until @p until_us of simulated (= real)
 * time, or not at all when it has passed; UINT64_MAX waits without limit.
 * The pollers run with interrupts locked; what they raise is delivered
 * when the caller dispatches.
 */
static void host_poll(uint64_t until_us)
{
	bool locked = posix_irq_locked;
	int64_t timeout_us = -1;

	if (until_us != UINT64_MAX) {
		uint64_t now = posix_hw_now_us();

		timeout_us = until_us > now ? (int64_t)(until_us - now) : 0;
	}
	struct pollfd line_pfd[POSIX_IRQ_COUNT];
	unsigned int line[POSIX_IRQ_COUNT];
	int n_lines = watched_fds(line_pfd, line);

	posix_irq_locked = true;
	n_pollfds = 0;
	for (unsigned int i = 0; i < n_pollers; i++) {
		pollers[i]->prepare(pollers[i]->ctx, &timeout_us);
	}
	/* The descriptors watched per line (console input) wait along. */
	unsigned int first_line = n_pollfds;

	for (int i = 0; i < n_lines && n_pollfds < POSIX_HW_POLLFDS; i++) {
		pollfds[n_pollfds++] = line_pfd[i];
	}
	struct timespec ts = {
		.tv_sec = (time_t)(timeout_us / 1000000),
		.tv_nsec = (long)(timeout_us % 1000000) * 1000,
	};

	(void)ppoll(pollfds, n_pollfds, timeout_us < 0 ? NULL : &ts, NULL);
	for (unsigned int i = first_line; i < n_pollfds; i++) {
		if ((pollfds[i].revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
			posix_irq_raise(line[i - first_line]);
		}
	}
	for (unsigned int i = 0; i < n_pollers; i++) {
		pollers[i]->dispatch(pollers[i]->ctx);
	}
	last_poll_ns = host_ns();
	posix_irq_locked = locked;
}

/* Look at the host event sources now and then while threads are busy. */
static void host_poll_if_due(void)
{
	if (n_pollers > 0 && !posix_irq_locked && posix_isr_nesting == 0 &&
	    host_ns() - last_poll_ns >= POSIX_HW_POLL_EVERY_NS) {
		host_poll(0);
	}
}

static void check_stop(void)
{
	if (now_us >= stop_at) {
		printk("native_sim: stopped at %llu.%06llu s (--stop-at)\n",
		       (unsigned long long)(now_us / 1000000u),
		       (unsigned long long)(now_us % 1000000u));
		arch_system_halt(0);
	}
}

/* Raise the timer line if its time has come. */
static void poll_timer(void)
{
	sync_realtime();
	if (next_at > now_us) {
		return;
	}
	for (unsigned int i = 0; i < POSIX_IRQ_COUNT; i++) {
		if (event_at[i] <= now_us) {
			event_at[i] = UINT64_MAX;
			posix_irq_raise(i);
		}
	}
	update_next_at();
}

void posix_irq_dispatch(void)
{
	/* Nothing to deliver, the common case of every irq_unlock(): in
	 * simulated time the clock moves only in idle and busy waits, so a
	 * timed event not due yet cannot fall due here, and there are no
	 * host pollers (adding one turns real time on). */
	if (!realtime && next_at > now_us && (irq_pending & irq_enabled) == 0) {
		return;
	}
	host_poll_if_due();
	poll_timer();
	while ((irq_pending & irq_enabled) != 0 && !posix_irq_locked &&
	       posix_isr_nesting == 0) {
		unsigned int irq = (unsigned int)__builtin_ctz(irq_pending & irq_enabled);

		irq_pending &= ~(1u << irq);
		posix_irq_locked = true;
		posix_isr_nesting++;
		if (irq_table[irq].fn != NULL) {
			irq_table[irq].fn(irq_table[irq].arg);
		}
		posix_isr_nesting--;
		z_isr_exit_reschedule(); /* may switch; we resume here later */
		posix_irq_locked = false;
		poll_timer();
	}
}

static void sleep_until(uint64_t when_us)
{
	uint64_t target_ns = rt_origin_ns + when_us * 1000u;
	uint64_t ns = host_ns();

	if (target_ns > ns) {
		struct timespec ts = {
			.tv_sec = (time_t)((target_ns - ns) / 1000000000u),
			.tv_nsec = (long)((target_ns - ns) % 1000000000u),
		};

		(void)nanosleep(&ts, NULL);
	}
}

void posix_hw_idle(void)
{
	struct pollfd unused_pfd[POSIX_IRQ_COUNT];
	unsigned int unused_line[POSIX_IRQ_COUNT];
	bool watching;

	posix_irq_dispatch();
	if ((irq_pending & irq_enabled) != 0 || poll_fds(0)) {
		posix_irq_dispatch();
		return;
	}
	watching = watched_fds(unused_pfd, unused_line) > 0;
	if (next_at == UINT64_MAX && n_pollers > 0) {
		host_poll(stop_at); /* a host event may come: no deadlock */
		sync_realtime();
		check_stop();
		posix_irq_dispatch();
		return;
	}
	if (next_at == UINT64_MAX && watching) {
		/* Only input can come: wait for it. Simulated time stands
		 * still; real time runs on to --stop-at. */
		bool rt_stop = realtime && stop_at != UINT64_MAX;

		if (!poll_fds(rt_stop ? ms_until(stop_at) : -1) && rt_stop) {
			sync_realtime();
			now_us = MAX(now_us, stop_at);
			check_stop();
		}
		posix_irq_dispatch();
		return;
	}
	if (next_at == UINT64_MAX) {
		if (stop_at != UINT64_MAX) {
			now_us = stop_at;
			check_stop();
		}
		printk("native_sim: every thread is blocked and no event is "
		       "pending: deadlock, halting\n");
		arch_system_halt(3);
	}
	if (next_at >= stop_at) {
		now_us = MAX(now_us, stop_at);
		check_stop();
	}
	if (n_pollers > 0) {
		host_poll(next_at);
	} else if (realtime && watching) {
		(void)poll_fds(ms_until(next_at));
	} else if (realtime) {
		sleep_until(next_at);
	} else {
		now_us = MAX(now_us, next_at);
	}
	posix_irq_dispatch();
}

void posix_hw_busy_wait(uint32_t usec)
{
	uint64_t end = posix_hw_now_us() + usec;

	while (posix_hw_now_us() < end) {
		if (realtime) {
			posix_irq_dispatch();
			continue;
		}
		if (next_at <= end && !posix_irq_locked && posix_isr_nesting == 0) {
			now_us = MAX(now_us, next_at);
			posix_irq_dispatch();
		} else {
			now_us = end;
		}
		check_stop();
	}
}

/* ---- command line and entry ---- */

static void usage(const char *prog)
{
	printf("usage: %s [options] [-- application args]\n"
	       "  --rt            run in real time (default: simulated time)\n"
	       "  --seed=N        seed for simulated randomness (default 0)\n"
	       "  --stop-at=S     stop the simulation at S seconds of simulated "
	       "time, exit 0\n"
	       "  --flash=FILE    keep the flash device's contents in FILE "
	       "(created when missing; default: in memory)\n"
	       "  --pty           put the console UART on a new host pty (its "
	       "path is printed at start) instead of stdin/stdout\n"
	       "  --eth-frames=DEV:LOCAL:PEER  Ethernet device DEV (e.g. eth0) "
	       "on the frames backend: one UDP datagram a frame, from "
	       "127.0.0.1:LOCAL to 127.0.0.1:PEER\n"
	       "  --hostfwd=tcp|udp:[HOSTADDR]:HOSTPORT-[GUESTADDR]:GUESTPORT\n"
	       "                  forward the host's HOSTADDR:HOSTPORT (default "
	       "127.0.0.1) to the\n"
	       "                  device (default 10.0.2.15), as QEMU's hostfwd; "
	       "repeatable (up to %d);\n"
	       "                  IPv6 in brackets: tcp:[::1]:5555-[]:4242 (device "
	       "default: its fec0:: SLAAC address)\n"
	       "  --eth-tap=DEV:IFNAME  Ethernet device DEV on the host's TAP "
	       "interface IFNAME (root, or created for this user)\n"
	       "  --help          this text\n",
	       prog, POSIX_HW_HOSTFWD_MAX);
}

/* "PORT" from @p s up to @p end (1..65535). */
static bool parse_port(const char *s, const char *end, uint16_t *port)
{
	char *stop;
	unsigned long n;

	if (s == end || *s < '0' || *s > '9') {
		return false;
	}
	n = strtoul(s, &stop, 10);
	*port = (uint16_t)n;
	return stop == end && n >= 1 && n <= 65535;
}

/* "[A.B.C.D]:PORT" or "[IPV6]:PORT" (brackets written, address optional)
 * up to @p end: the address into @p addr or @p addr6 (left zero when
 * empty), @p ipv6 set for the bracketed form. */
static bool parse_addr_port(const char *s, const char *end, uint32_t *addr,
			    uint8_t addr6[16], bool *ipv6, uint16_t *port)
{
	const char *close = *s == '[' ? memchr(s, ']', (size_t)(end - s)) : NULL;
	const char *from = close != NULL ? s + 1 : s;
	const char *colon = close != NULL ? close + 1 :
			    memchr(s, ':', (size_t)(end - s));
	char text[INET6_ADDRSTRLEN];
	size_t len;

	*ipv6 = close != NULL;
	if (*s == '[' && close == NULL) {
		return false;
	}
	if (colon == NULL || colon >= end || *colon != ':') {
		return false;
	}
	len = (size_t)((close != NULL ? close : colon) - from);
	if (len >= sizeof(text)) {
		return false;
	}
	memcpy(text, from, len);
	text[len] = '\0';
	if (len != 0 && inet_pton(*ipv6 ? AF_INET6 : AF_INET, text,
				  *ipv6 ? (void *)addr6 : (void *)addr) != 1) {
		return false;
	}
	return parse_port(colon + 1, end, port);
}

/* --hostfwd=PROTO:[HOSTADDR]:HOSTPORT-[GUESTADDR]:GUESTPORT */
static int parse_hostfwd(const char *rule)
{
	struct posix_hw_hostfwd fwd = { 0 };
	const char *dash = strchr(rule, '-');
	bool guest_ipv6 = false;
	bool ok;

	if (n_hostfwds == POSIX_HW_HOSTFWD_MAX) {
		fprintf(stderr, "native_sim: more than %d --hostfwd options\n",
			POSIX_HW_HOSTFWD_MAX);
		return -EINVAL;
	}
	fwd.udp = strncmp(rule, "udp:", 4) == 0;
	ok = (fwd.udp || strncmp(rule, "tcp:", 4) == 0) && dash != NULL &&
	     parse_addr_port(rule + 4, dash, &fwd.host_addr, fwd.host_addr6,
			     &fwd.ipv6, &fwd.host_port) &&
	     parse_addr_port(dash + 1, dash + strlen(dash), &fwd.guest_addr,
			     fwd.guest_addr6, &guest_ipv6, &fwd.guest_port);
	if (ok && guest_ipv6 != fwd.ipv6) {
		fprintf(stderr, "native_sim: --hostfwd '%s': the host and the "
				"device address must be of one family (IPv6 in "
				"brackets: tcp:[::1]:5555-[]:4242)\n", rule);
		return -EINVAL;
	}
	if (!ok) {
		fprintf(stderr, "native_sim: bad --hostfwd value '%s' (e.g. "
				"--hostfwd=tcp:127.0.0.1:5555-:4242)\n", rule);
		return -EINVAL;
	}
	hostfwds[n_hostfwds++] = fwd;
	return 0;
}

static int parse_args(int argc, char *argv[])
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		char *end;

		if (strcmp(a, "--") == 0) {
			break;
		} else if (strcmp(a, "--rt") == 0) {
			realtime = true;
		} else if (strncmp(a, "--seed=", 7) == 0) {
			errno = 0;
			seed = strtoull(a + 7, &end, 0);
			if (errno != 0 || *end != '\0' || a[7] == '\0') {
				fprintf(stderr, "native_sim: bad --seed value '%s'\n", a + 7);
				return -EINVAL;
			}
		} else if (strncmp(a, "--stop-at=", 10) == 0) {
			double s = strtod(a + 10, &end);

			if (*end != '\0' || a[10] == '\0' || s < 0) {
				fprintf(stderr, "native_sim: bad --stop-at value '%s' "
						"(seconds, e.g. 2.5)\n", a + 10);
				return -EINVAL;
			}
			stop_at = (uint64_t)(s * 1e6);
		} else if (strncmp(a, "--flash=", 8) == 0) {
			if (a[8] == '\0') {
				fprintf(stderr, "native_sim: --flash needs a file name "
						"(e.g. --flash=flash.bin)\n");
				return -EINVAL;
			}
			flash_file = a + 8;
		} else if (strcmp(a, "--pty") == 0) {
			console_pty = true;
		} else if (strncmp(a, "--eth-frames=", 13) == 0) {
			eth_frames = a + 13; /* checked by the device (eth_native) */
		} else if (strncmp(a, "--hostfwd=", 10) == 0) {
			if (parse_hostfwd(a + 10) != 0) {
				return -EINVAL;
			}
		} else if (strncmp(a, "--eth-tap=", 10) == 0) {
			eth_tap = a + 10; /* checked by the device (eth_native) */
		} else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			usage(argv[0]);
			exit(0);
		} else {
			fprintf(stderr, "native_sim: unknown option '%s' (see --help)\n", a);
			return -EINVAL;
		}
	}
	return 0;
}

void z_cstart(void) __attribute__((noreturn));
int __real_main(void);
int __wrap_main(int argc, char *argv[]);

/*
 * The build links native_sim images with -Wl,--wrap=main: the C library's
 * start-up code calls __wrap_main (this, the process entry), and every
 * other reference to main() — the kernel's main thread — lands here too.
 * The first call boots the kernel; the second one is the kernel starting
 * the application, which is __real_main (the application's own main()).
 */
int __wrap_main(int argc, char *argv[])
{
	static bool booted;

	if (booted) {
		return __real_main();
	}
	booted = true;
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (parse_args(argc, argv) != 0) {
		return 2;
	}
	rt_origin_ns = host_ns();
	z_cstart();
}
