/*
 * native_sim hardware model, for native_sim drivers only.
 *
 * Simulated time runs in microseconds. By default it is virtual: it stands
 * still while code runs and jumps to the next event when every thread is
 * idle (or by the amount of a k_busy_wait). With --rt it follows the host's
 * monotonic clock. Interrupts are simulated lines 0..31: a raised line is
 * handled at the next point where interrupts are unlocked, in ISR context.
 */
#ifndef KESTREL_POSIX_HW_H
#define KESTREL_POSIX_HW_H

#include <stdbool.h>
#include <stdint.h>

#define POSIX_IRQ_TIMER 0
#define POSIX_IRQ_COUNT 32

/** Current simulated time in microseconds since boot. */
uint64_t posix_hw_now_us(void);

/** Raise the timer line when the time reaches @p when_us (UINT64_MAX: never). */
void posix_hw_timer_set(uint64_t when_us);

/**
 * Raise line @p irq when the time reaches @p when_us (UINT64_MAX: never;
 * a time already past raises it at the next dispatch). One event per
 * line; a new call replaces the line's previous event.
 */
void posix_hw_event_set(unsigned int irq, uint64_t when_us);

/** Attach @p fn(@p arg) to line @p irq. @retval 0 @retval -EINVAL bad line. */
int posix_irq_connect(unsigned int irq, void (*fn)(const void *arg),
		      const void *arg);

/** Enable or disable line @p irq (the timer line starts enabled). */
void posix_irq_enable(unsigned int irq, bool enable);

/** Mark line @p irq pending; it is handled as soon as interrupts allow. */
void posix_irq_raise(unsigned int irq);

/** True when the image runs with --rt (simulated time follows real time). */
bool posix_hw_realtime(void);

/** The --seed value (0 when not given). */
uint64_t posix_hw_seed(void);

/** The --flash=FILE value, or NULL when not given (flash in memory). */
const char *posix_hw_flash_file(void);

/** The --pty option: the console UART on a host pseudo-terminal. */
bool posix_hw_console_pty(void);

/** The --eth-frames=DEV:LOCAL:PEER value, or NULL when not given. */
const char *posix_hw_eth_frames(void);

/** Most --hostfwd options one image takes. */
#define POSIX_HW_HOSTFWD_MAX 8

/** One --hostfwd=PROTO:[HOSTADDR]:HOSTPORT-[GUESTADDR]:GUESTPORT option
 *  (QEMU's hostfwd syntax): host connections to HOSTADDR:HOSTPORT reach
 *  the device at GUESTADDR:GUESTPORT. IPv4 addresses in network byte
 *  order, 0 where the option left them out (host: 127.0.0.1, guest: the
 *  backend's DHCP address). An IPv6 forward writes its addresses in
 *  brackets, e.g. tcp:[::1]:5555-[]:4242 (empty: host ::1, guest the
 *  device's SLAAC address); all-zero where left out. */
struct posix_hw_hostfwd {
	bool udp;
	bool ipv6;
	uint32_t host_addr;
	uint16_t host_port;
	uint32_t guest_addr;
	uint16_t guest_port;
	uint8_t host_addr6[16];
	uint8_t guest_addr6[16];
};

/** The --hostfwd options given (checked when parsed), @p count of them. */
const struct posix_hw_hostfwd *posix_hw_hostfwds(unsigned int *count);

/** The --eth-tap=DEV:IFNAME value, or NULL when not given. */
const char *posix_hw_eth_tap(void);

/**
 * Raise line @p irq whenever host file descriptor @p fd is readable (or
 * at its end) while the line is enabled; checked where the simulation
 * idles, which also waits for the descriptor when nothing else can
 * happen. @p fd < 0 stops watching. The line's ISR must read what is
 * there (or stop watching at the end), else it is raised again.
 * @retval 0 done
 * @retval -EINVAL the timer line or no such line
 */
int posix_hw_fd_irq(unsigned int irq, int fd);

/**
 * From now on simulated time follows real time (as with --rt): used
 * when an interactive host device (a terminal, a pty) is in use.
 */
void posix_hw_follow_realtime(void);

/*
 * Host event sources (network backends). A poller is asked, before the
 * hardware model waits, which host file descriptors to watch
 * (posix_hw_poll_fd()) and how long it may wait at most; after the wait
 * (or a timeout) it reads the results (posix_hw_poll_revents()) and may
 * raise interrupt lines. Both hooks run in the hardware model with
 * interrupts locked, never in a thread: they may not block.
 * Adding a poller switches the simulation to real time for good.
 */
struct posix_hw_poller {
	/** Watch descriptors; lower *timeout_us (-1: no limit) if needed. */
	void (*prepare)(void *ctx, int64_t *timeout_us);
	/** Handle what the wait found (also called after a timeout). */
	void (*dispatch)(void *ctx);
	void *ctx;
};

/** Register @p p (kept, not copied). @retval 0 @retval -ENOSPC full. */
int posix_hw_poller_add(const struct posix_hw_poller *p);

/** In prepare: watch @p fd for @p events (POLLIN ...). Its index, or
 *  -ENOSPC when too many descriptors are watched. */
int posix_hw_poll_fd(int fd, short events);

/** In dispatch: the revents of index @p idx (0 for a bad index). */
short posix_hw_poll_revents(int idx);

/** Internal: advance time to the next event and deliver it (idle). */
void posix_hw_idle(void);

/** Internal: advance time by @p usec, delivering events on the way. */
void posix_hw_busy_wait(uint32_t usec);

/** Internal: deliver pending interrupts if interrupts are unlocked. */
void posix_irq_dispatch(void);

/** Internal: state shared between core.c and hw_model.c. */
extern bool posix_irq_locked;
extern int posix_isr_nesting;

#endif
