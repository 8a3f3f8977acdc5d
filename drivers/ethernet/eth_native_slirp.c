/*
 * libslirp backend of the native_sim Ethernet device: the device's frames
 * go into a user-mode TCP/IP stack on the host that NATs them to host
 * sockets and answers DHCP (10.0.2.15), ARP and ping for the gateway
 * (10.0.2.2, also the host's loopback) and DNS (10.0.2.3) itself. IPv6 is
 * on as in QEMU's user networking: router advertisements of fec0::/64,
 * the host fec0::2 (a connection to it reaches the host's ::1), DNS
 * fec0::3.
 *
 * slirp's host sockets and timers are driven from the hardware model
 * (posix_hw_poller): its poll waits on them together with the simulated
 * clock, and what slirp sends to the device lands in the receive ring,
 * raising the device's interrupt. All slirp calls run with interrupts
 * locked, so slirp is never entered twice.
 *
 * With CONFIG_ETH_NATIVE_SLIRP_RESTRICTED slirp forwards nothing to the
 * outside: only its own DHCP/ARP/ICMP answers (what the tests use).
 *
 * The image's --hostfwd options (posix_hw.h, QEMU's hostfwd syntax) become
 * slirp host forwards when the backend opens: slirp listens on the host
 * address and port and connects each arrival to the device. An IPv6
 * forward (host [::1] by default) reaches the device's SLAAC address on
 * fec0::/64 unless it names another.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <arpa/inet.h>
#include <libslirp.h>

#include <kestrel/kernel.h>

#include "eth_native.h"
#include "posix_hw.h"

#define SLIRP_TIMERS 4

struct slirp_timer {
	bool used;
	bool armed;
	SlirpTimerId id;
	void *cb_opaque;
	int64_t expire_ms;
};

static struct {
	Slirp *slirp;
	const struct device *dev;
	struct slirp_timer timers[SLIRP_TIMERS];
	struct posix_hw_poller poller;
} be;

static int64_t host_clock_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* ---- slirp's callbacks ---- */

static ssize_t cb_send_packet(const void *buf, size_t len, void *opaque)
{
	(void)opaque;
	eth_native_rx_push(be.dev, buf, len);
	return (ssize_t)len;
}

static void cb_guest_error(const char *msg, void *opaque)
{
	(void)opaque;
	printk("eth_native: slirp: %s\n", msg);
}

static int64_t cb_clock_get_ns(void *opaque)
{
	(void)opaque;
	return host_clock_ns();
}

static void *cb_timer_new_opaque(SlirpTimerId id, void *cb_opaque, void *opaque)
{
	(void)opaque;
	for (int i = 0; i < SLIRP_TIMERS; i++) {
		if (!be.timers[i].used) {
			be.timers[i] = (struct slirp_timer){
				.used = true, .id = id, .cb_opaque = cb_opaque,
			};
			return &be.timers[i];
		}
	}
	printk("eth_native: slirp wants more than %d timers\n", SLIRP_TIMERS);
	return NULL;
}

static void cb_timer_free(void *timer, void *opaque)
{
	struct slirp_timer *t = timer;

	(void)opaque;
	if (t != NULL) {
		t->used = false;
		t->armed = false;
	}
}

static void cb_timer_mod(void *timer, int64_t expire_ms, void *opaque)
{
	struct slirp_timer *t = timer;

	(void)opaque;
	if (t != NULL) {
		t->expire_ms = expire_ms;
		t->armed = true;
	}
}

static void cb_register_poll_fd(int fd, void *opaque)
{
	(void)fd;
	(void)opaque;
}

static void cb_unregister_poll_fd(int fd, void *opaque)
{
	(void)fd;
	(void)opaque;
}

static void cb_notify(void *opaque)
{
	(void)opaque;
}

static const SlirpCb slirp_callbacks = {
	.send_packet = cb_send_packet,
	.guest_error = cb_guest_error,
	.clock_get_ns = cb_clock_get_ns,
	.timer_free = cb_timer_free,
	.timer_mod = cb_timer_mod,
	.register_poll_fd = cb_register_poll_fd,
	.unregister_poll_fd = cb_unregister_poll_fd,
	.notify = cb_notify,
	.timer_new_opaque = cb_timer_new_opaque,
};

/* ---- the hardware model's poller ---- */

static int add_poll(int fd, int events, void *opaque)
{
	short ev = 0;

	(void)opaque;
	ev |= (events & SLIRP_POLL_IN) ? POLLIN : 0;
	ev |= (events & SLIRP_POLL_OUT) ? POLLOUT : 0;
	ev |= (events & SLIRP_POLL_PRI) ? POLLPRI : 0;
	return posix_hw_poll_fd(fd, ev);
}

static int get_revents(int idx, void *opaque)
{
	short re = posix_hw_poll_revents(idx);

	(void)opaque;
	return ((re & POLLIN) ? SLIRP_POLL_IN : 0) |
	       ((re & POLLOUT) ? SLIRP_POLL_OUT : 0) |
	       ((re & POLLPRI) ? SLIRP_POLL_PRI : 0) |
	       ((re & POLLERR) ? SLIRP_POLL_ERR : 0) |
	       ((re & POLLHUP) ? SLIRP_POLL_HUP : 0);
}

static void poller_prepare(void *ctx, int64_t *timeout_us)
{
	uint32_t timeout_ms = *timeout_us < 0 ? UINT32_MAX :
			      (uint32_t)MIN(*timeout_us / 1000 + 1, (int64_t)UINT32_MAX - 1);
	int64_t now_ms = host_clock_ns() / 1000000;

	(void)ctx;
	for (int i = 0; i < SLIRP_TIMERS; i++) {
		if (be.timers[i].armed) {
			int64_t left = MAX(be.timers[i].expire_ms - now_ms, 0);

			timeout_ms = (uint32_t)MIN((int64_t)timeout_ms, left);
		}
	}
	slirp_pollfds_fill(be.slirp, &timeout_ms, add_poll, NULL);
	if (timeout_ms != UINT32_MAX) {
		int64_t us = (int64_t)timeout_ms * 1000;

		*timeout_us = *timeout_us < 0 ? us : MIN(*timeout_us, us);
	}
}

static void poller_dispatch(void *ctx)
{
	int64_t now_ms = host_clock_ns() / 1000000;

	(void)ctx;
	slirp_pollfds_poll(be.slirp, 0, get_revents, NULL);
	for (int i = 0; i < SLIRP_TIMERS; i++) {
		struct slirp_timer *t = &be.timers[i];

		if (t->armed && t->expire_ms <= now_ms) {
			t->armed = false;
			slirp_handle_timer(be.slirp, t->id, t->cb_opaque);
		}
	}
}

/* ---- the backend seam ---- */

static struct in6_addr ipv6(const char *text)
{
	struct in6_addr a;

	(void)inet_pton(AF_INET6, text, &a);
	return a;
}

static struct in_addr ipv4(const char *text)
{
	struct in_addr a;

	(void)inet_pton(AF_INET, text, &a);
	return a;
}

/* The device's SLAAC address on slirp's fec0::/64: the prefix and the
 * modified EUI-64 of its MAC (RFC 4291 appendix A). */
static struct in6_addr slaac_addr(const struct device *dev)
{
	const struct eth_native_data *d = dev->data;
	const uint8_t *mac = d->common.mac;
	struct in6_addr a = ipv6("fec0::");
	const uint8_t iid[8] = { mac[0] ^ 0x02, mac[1], mac[2], 0xff, 0xfe,
				 mac[3], mac[4], mac[5] };

	memcpy(&a.s6_addr[8], iid, sizeof(iid));
	return a;
}

/* One IPv6 --hostfwd option as a slirp host forward (libslirp >= 4.5). */
static int add_hostfwd6(const struct device *dev, const struct posix_hw_hostfwd *fwd)
{
	static const uint8_t zero[16];
	struct sockaddr_in6 host = { .sin6_family = AF_INET6,
				     .sin6_port = htons(fwd->host_port),
				     .sin6_addr = in6addr_loopback };
	struct sockaddr_in6 guest = { .sin6_family = AF_INET6,
				      .sin6_port = htons(fwd->guest_port),
				      .sin6_addr = slaac_addr(dev) };

	if (memcmp(fwd->host_addr6, zero, sizeof(zero)) != 0) {
		memcpy(&host.sin6_addr, fwd->host_addr6, sizeof(host.sin6_addr));
	}
	if (memcmp(fwd->guest_addr6, zero, sizeof(zero)) != 0) {
		memcpy(&guest.sin6_addr, fwd->guest_addr6, sizeof(guest.sin6_addr));
	}
	return slirp_add_hostxfwd(be.slirp, (const struct sockaddr *)&host, sizeof(host),
				  (const struct sockaddr *)&guest, sizeof(guest),
				  (fwd->udp ? SLIRP_HOSTFWD_UDP : 0) | SLIRP_HOSTFWD_V6ONLY);
}

/* One IPv4 --hostfwd option as a slirp host forward. */
static int add_hostfwd4(const struct posix_hw_hostfwd *fwd)
{
	struct in_addr host = { fwd->host_addr ? fwd->host_addr : htonl(INADDR_LOOPBACK) };
	struct in_addr guest = { fwd->guest_addr ? fwd->guest_addr :
				 ipv4("10.0.2.15").s_addr };

	return slirp_add_hostfwd(be.slirp, fwd->udp, host, fwd->host_port, guest,
				 fwd->guest_port);
}

/* The --hostfwd options as slirp host forwards. */
static int add_hostfwds(const struct device *dev)
{
	unsigned int n;
	const struct posix_hw_hostfwd *fwd = posix_hw_hostfwds(&n);

	for (unsigned int i = 0; i < n; i++) {
		int ret = fwd[i].ipv6 ? add_hostfwd6(dev, &fwd[i]) : add_hostfwd4(&fwd[i]);

		if (ret != 0) {
			printk("eth_native: --hostfwd %s%s port %u: cannot listen "
			       "on the host (port in use?)\n",
			       fwd[i].udp ? "udp" : "tcp", fwd[i].ipv6 ? " IPv6" : "",
			       fwd[i].host_port);
			return -EADDRINUSE;
		}
	}
	return 0;
}

static int slirp_open(const struct device *dev)
{
	SlirpConfig cfg = {
		.version = 4,
		.restricted = IS_ENABLED(CONFIG_ETH_NATIVE_SLIRP_RESTRICTED),
		.in_enabled = true,
		.vnetwork = ipv4("10.0.2.0"),
		.vnetmask = ipv4("255.255.255.0"),
		.vhost = ipv4("10.0.2.2"),
		.vdhcp_start = ipv4("10.0.2.15"),
		.vnameserver = ipv4("10.0.2.3"),
		/* QEMU's defaults (net/slirp.c): slirp advertises the prefix
		 * in its RAs and maps fec0::2 (and any other fec0::/64 host
		 * but the nameserver) to the host's ::1. */
		.in6_enabled = true,
		.vprefix_addr6 = ipv6("fec0::"),
		.vprefix_len = 64,
		.vhost6 = ipv6("fec0::2"),
		.vnameserver6 = ipv6("fec0::3"),
		.vhostname = "kestrel",
		.if_mtu = ETH_FRAME_MAX - ETH_HDR_LEN,
		.if_mru = ETH_FRAME_MAX - ETH_HDR_LEN,
	};
	int ret;

	if (be.slirp != NULL) {
		return be.dev == dev ? 0 : -EBUSY; /* one slirp device per image */
	}
	be.dev = dev;
	/* slirp writes to host sockets with send() and no MSG_NOSIGNAL: a
	 * host peer that closed while the device still sent (a TLS server
	 * refusing a handshake) raised SIGPIPE and killed the image. QEMU
	 * ignores SIGPIPE for the same reason; slirp then sees EPIPE and
	 * resets the device's connection. */
	signal(SIGPIPE, SIG_IGN);
	be.slirp = slirp_new(&cfg, &slirp_callbacks, NULL);
	if (be.slirp == NULL) {
		return -EIO;
	}
	ret = add_hostfwds(dev);
	if (ret != 0) {
		slirp_cleanup(be.slirp);
		be.slirp = NULL;
		return ret;
	}
	be.poller = (struct posix_hw_poller){
		.prepare = poller_prepare, .dispatch = poller_dispatch,
	};
	return posix_hw_poller_add(&be.poller);
}

static int slirp_send(const struct device *dev, const uint8_t *frame,
		      size_t len)
{
	(void)dev;
	slirp_input(be.slirp, frame, (int)len);
	return 0;
}

const struct eth_native_backend eth_native_slirp_backend = {
	.name = "slirp", .open = slirp_open, .send = slirp_send,
};
