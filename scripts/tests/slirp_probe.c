/*
 * slirp_probe: one guest packet through libslirp (the NAT every board uses),
 * then print what comes back to the guest. Built and run by test_fixtures.py
 * to check that a board's 10.0.2.2:PORT is the host's 127.0.0.1:PORT.
 *
 *   slirp_probe tcp PORT          guest SYN to 10.0.2.2:PORT
 *   slirp_probe udp PORT HEX      guest datagram with payload HEX
 *
 * Prints `tcp FLAGS` (hex TCP flags of the reply), `udp HEX` (its payload)
 * or `timeout` after 3 s. Exit status 0, or 2 on bad arguments.
 */
#include <slirp/libslirp.h>

#include <arpa/inet.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <string.h>
#include <time.h>

#define MAX_FDS 64
#define ETH_HLEN 14
#define IP_HLEN 20
#define GUEST_PORT 40000
#define WAIT_MS 3000

static const uint8_t guest_mac[6] = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};
static struct pollfd fds[MAX_FDS];
static int nfds;
static bool answered;

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)((p[0] << 8) | p[1]);
}

static void put16(uint8_t *p, unsigned int v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static uint16_t checksum(const uint8_t *p, size_t n, uint32_t sum)
{
	for (; n > 1; n -= 2, p += 2) {
		sum += get16(p);
	}
	if (n) {
		sum += (uint32_t)p[0] << 8;
	}
	while (sum >> 16) {
		sum = (sum & 0xffff) + (sum >> 16);
	}
	return (uint16_t)~sum;
}

static void print_reply(const uint8_t *ip)
{
	const uint8_t *l4 = ip + (ip[0] & 15) * 4;

	if (ip[9] == 6) {
		printf("tcp 0x%02x\n", l4[13]);
	} else if (ip[9] == 17) {
		printf("udp ");
		for (unsigned int i = 8; i < get16(l4 + 4); i++) {
			printf("%02x", l4[i]);
		}
		printf("\n");
	} else {
		printf("ip proto %u\n", ip[9]);
	}
	answered = true;
}

static ssize_t send_packet(const void *buf, size_t len, void *opaque)
{
	const uint8_t *frame = buf;

	(void)opaque;
	if (len > ETH_HLEN + IP_HLEN && get16(frame + 12) == 0x0800 && !answered) {
		print_reply(frame + ETH_HLEN);
	}
	return (ssize_t)len;
}

static void guest_error(const char *msg, void *opaque)
{
	(void)opaque;
	fprintf(stderr, "slirp: %s\n", msg);
}

static int64_t clock_get_ns(void *opaque)
{
	struct timespec t;

	(void)opaque;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

static void *timer_new(SlirpTimerCb cb, void *cb_opaque, void *opaque)
{
	(void)cb;
	(void)cb_opaque;
	(void)opaque;
	return malloc(1);
}

static void timer_free(void *timer, void *opaque)
{
	(void)opaque;
	free(timer);
}

static void timer_mod(void *timer, int64_t expire, void *opaque)
{
	(void)timer;
	(void)expire;
	(void)opaque;
}

static void poll_fd(int fd, void *opaque)
{
	(void)fd;
	(void)opaque;
}

static void notify(void *opaque)
{
	(void)opaque;
}

static int add_poll(int fd, int events, void *opaque)
{
	(void)opaque;
	if (nfds == MAX_FDS) {
		return -1;
	}
	fds[nfds].fd = fd;
	fds[nfds].events = (short)(((events & SLIRP_POLL_IN) ? POLLIN : 0) |
				   ((events & SLIRP_POLL_OUT) ? POLLOUT : 0) |
				   ((events & SLIRP_POLL_PRI) ? POLLPRI : 0));
	fds[nfds].revents = 0;
	return nfds++;
}

static int get_revents(int idx, void *opaque)
{
	short r = fds[idx].revents;

	(void)opaque;
	return ((r & POLLIN) ? SLIRP_POLL_IN : 0) | ((r & POLLOUT) ? SLIRP_POLL_OUT : 0) |
	       ((r & POLLPRI) ? SLIRP_POLL_PRI : 0) | ((r & POLLERR) ? SLIRP_POLL_ERR : 0) |
	       ((r & POLLHUP) ? SLIRP_POLL_HUP : 0);
}

/* Runs slirp until a reply reached the guest or MS milliseconds passed. */
static void run(Slirp *slirp, int ms, bool until_answer)
{
	int64_t end = clock_get_ns(NULL) + (int64_t)ms * 1000000;

	while (clock_get_ns(NULL) < end && !(until_answer && answered)) {
		uint32_t timeout = 20;
		int r;

		nfds = 0;
		slirp_pollfds_fill(slirp, &timeout, add_poll, NULL);
		r = poll(fds, (nfds_t)nfds, (int)timeout);
		slirp_pollfds_poll(slirp, r < 0, get_revents, NULL);
	}
}

static Slirp *make_slirp(void)
{
	static const SlirpCb cb = {
		.send_packet = send_packet, .guest_error = guest_error,
		.clock_get_ns = clock_get_ns, .timer_new = timer_new,
		.timer_free = timer_free, .timer_mod = timer_mod,
		.register_poll_fd = poll_fd, .unregister_poll_fd = poll_fd, .notify = notify,
	};
	SlirpConfig cfg = {.version = 1, .in_enabled = true};

	inet_pton(AF_INET, "10.0.2.0", &cfg.vnetwork);
	inet_pton(AF_INET, "255.255.255.0", &cfg.vnetmask);
	inet_pton(AF_INET, "10.0.2.2", &cfg.vhost);
	inet_pton(AF_INET, "10.0.2.15", &cfg.vdhcp_start);
	inet_pton(AF_INET, "10.0.2.3", &cfg.vnameserver);
	return slirp_new(&cfg, &cb, NULL);
}

/* An ARP request from the guest, so that slirp learns the guest's MAC. */
static void announce_guest(Slirp *slirp)
{
	uint8_t arp[42] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

	memcpy(arp + 6, guest_mac, 6);
	put16(arp + 12, 0x0806);
	put16(arp + 14, 1);
	put16(arp + 16, 0x0800);
	arp[18] = 6;
	arp[19] = 4;
	put16(arp + 20, 1);
	memcpy(arp + 22, guest_mac, 6);
	inet_pton(AF_INET, "10.0.2.15", arp + 28);
	inet_pton(AF_INET, "10.0.2.2", arp + 38);
	slirp_input(slirp, arp, sizeof(arp));
	run(slirp, 50, false);
}

/* Sends an IPv4 packet 10.0.2.15 -> 10.0.2.2 carrying L4 (TCP checksum filled in). */
static void send_ip(Slirp *slirp, int proto, uint8_t *l4, size_t l4len)
{
	static uint8_t frame[ETH_HLEN + IP_HLEN + 65536];
	uint8_t *ip = frame + ETH_HLEN;
	uint8_t pseudo[12];
	uint32_t sum = 0;

	memset(frame, 0xff, 6);
	memcpy(frame + 6, guest_mac, 6);
	put16(frame + 12, 0x0800);
	memset(ip, 0, IP_HLEN);
	ip[0] = 0x45;
	put16(ip + 2, (unsigned int)(IP_HLEN + l4len));
	ip[8] = 64;
	ip[9] = (uint8_t)proto;
	inet_pton(AF_INET, "10.0.2.15", ip + 12);
	inet_pton(AF_INET, "10.0.2.2", ip + 16);
	put16(ip + 10, checksum(ip, IP_HLEN, 0));
	if (proto == 6) {
		memcpy(pseudo, ip + 12, 8);
		pseudo[8] = 0;
		pseudo[9] = 6;
		put16(pseudo + 10, (unsigned int)l4len);
		for (int i = 0; i < 12; i += 2) {
			sum += get16(pseudo + i);
		}
		put16(l4 + 16, checksum(l4, l4len, sum));
	}
	memcpy(ip + IP_HLEN, l4, l4len);
	slirp_input(slirp, frame, (int)(ETH_HLEN + IP_HLEN + l4len));
}

static size_t parse_hex(const char *hex, uint8_t *out, size_t max)
{
	size_t n = 0;

	for (; hex[0] && hex[1] && n < max; hex += 2) {
		char byte[3] = {hex[0], hex[1], 0};

		out[n++] = (uint8_t)strtoul(byte, NULL, 16);
	}
	return n;
}

int main(int argc, char **argv)
{
	static uint8_t l4[8 + 65536];
	Slirp *slirp;
	int port;

	if (argc < 3 || (strcmp(argv[1], "tcp") && strcmp(argv[1], "udp")) ||
	    (!strcmp(argv[1], "udp") && argc < 4)) {
		fprintf(stderr, "usage: slirp_probe tcp PORT | udp PORT HEX\n");
		return 2;
	}
	port = atoi(argv[2]);
	slirp = make_slirp();
	announce_guest(slirp);
	memset(l4, 0, 20);
	put16(l4, GUEST_PORT);
	put16(l4 + 2, (unsigned int)port);
	if (!strcmp(argv[1], "tcp")) {
		l4[7] = 1;              /* seq 1 */
		l4[12] = 5 << 4;        /* header length */
		l4[13] = 0x02;          /* SYN */
		put16(l4 + 14, 0x4000); /* window */
		send_ip(slirp, 6, l4, 20);
	} else {
		size_t n = parse_hex(argv[3], l4 + 8, sizeof(l4) - 8);

		put16(l4 + 4, (unsigned int)(8 + n)); /* checksum 0: none */
		send_ip(slirp, 17, l4, 8 + n);
	}
	run(slirp, WAIT_MS, true);
	if (!answered) {
		printf("timeout\n");
	}
	slirp_cleanup(slirp);
	return 0;
}
