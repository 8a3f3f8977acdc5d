/*
 * echo_client: sends messages of several sizes to an echo server over TCP
 * and over UDP, on IPv4 and (with CONFIG_NET_IPV6) IPv6, and checks that
 * each comes back unchanged. Exits 0 when every echo matched, 1 otherwise.
 *
 * The servers are ECHO_PEER and ECHO_PEER6, port ECHO_PORT (CMake cache
 * variables; default 10.0.2.2 and fec0::2, port 17007, which on every
 * board are the host's 127.0.0.1:17007 and [::1]:17007 through slirp: run
 * `scripts/kt fixtures tcp_echo udp_echo tcp_echo6 udp_echo6` there).
 * Addresses go through net_getaddrinfo(), so a name works too (with a DNS
 * server from DHCP).
 */
#include <stdio.h>
#include <string.h>

#include <kestrel/kernel.h>
#include <kestrel/net/net_if.h>
#include <kestrel/net/socket.h>

#include "net_sample.h"

#define RECV_TIMEOUT_MS 3000
#define UDP_TRIES 3

static const size_t tcp_sizes[] = { 1, 14, 1460, 8192 };
static const size_t udp_sizes[] = { 1, 14, 1472 };
/* 1452: one unfragmented datagram over IPv6 (slirp drops IPv6 fragments) */
static const size_t udp6_sizes[] = { 1, 14, 1452 };
static uint8_t tx[8192];
static uint8_t rx[8192];

static void fill(size_t len)
{
	static const char hello[] = "Hello, Kestrel";

	for (size_t i = 0; i < len; i++) {
		tx[i] = i < sizeof(hello) - 1 ? (uint8_t)hello[i] : (uint8_t)(i * 7u + 3u);
	}
}

static void print_result(const char *proto, size_t len, int ret)
{
	if (ret == 0) {
		printk("echo_client: %s echo of %u bytes: ok\n", proto, (unsigned int)len);
	} else {
		printk("echo_client: %s echo of %u bytes: FAILED (%d)\n", proto, (unsigned int)len,
		       ret);
	}
}

/* A socket of @p type connected to @p peer (port ECHO_PORT), or a negative
 * errno. */
static int open_to_server(const char *peer, int type)
{
	struct net_addrinfo hints = { .ai_socktype = type };
	struct net_timeval tv = { RECV_TIMEOUT_MS / 1000, (RECV_TIMEOUT_MS % 1000) * 1000 };
	struct net_addrinfo *ai;
	char port[8];
	int s;
	int ret;

	(void)snprintf(port, sizeof(port), "%d", ECHO_PORT);
	ret = net_getaddrinfo(peer, port, &hints, &ai);
	if (ret != 0) {
		return ret;
	}
	s = net_socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
	ret = s < 0 ? s : net_setsockopt(s, NET_SOL_SOCKET, NET_SO_RCVTIMEO, &tv, sizeof(tv));
	if (ret == 0) {
		ret = net_connect(s, ai->ai_addr, ai->ai_addrlen);
	}
	net_freeaddrinfo(ai);
	if (ret != 0 && s >= 0) {
		(void)net_close(s);
	}
	return ret != 0 ? ret : s;
}

/* One TCP echo of @p len bytes: 0, or a negative errno / -EBADMSG. */
static int tcp_echo_one(int s, size_t len)
{
	size_t got = 0;

	fill(len);
	for (size_t sent = 0; sent < len;) {
		int n = net_send(s, tx + sent, len - sent, 0);

		if (n <= 0) {
			return n < 0 ? n : -EIO;
		}
		sent += (size_t)n;
	}
	while (got < len) {
		int n = net_recv(s, rx + got, len - got, 0);

		if (n <= 0) {
			return n < 0 ? n : -ECONNRESET;
		}
		got += (size_t)n;
	}
	return memcmp(rx, tx, len) == 0 ? 0 : -EBADMSG;
}

/* One UDP echo of @p len bytes, sent again when lost (UDP may drop). */
static int udp_echo_one(int s, size_t len)
{
	int ret = -ETIMEDOUT;

	fill(len);
	for (int t = 0; t < UDP_TRIES && ret == -ETIMEDOUT; t++) {
		int n = net_send(s, tx, len, 0);

		if (n < 0) {
			return n;
		}
		n = net_recv(s, rx, sizeof(rx), 0);
		if (n == -EAGAIN) {
			continue;
		}
		if (n < 0) {
			return n;
		}
		ret = (size_t)n == len && memcmp(rx, tx, len) == 0 ? 0 : -EBADMSG;
	}
	return ret;
}

/* One echo of each size of @p sizes over @p s with @p echo_one; the count
 * of failed ones. */
static int echoes(int s, const char *proto, const size_t *sizes, size_t n,
		  int (*echo_one)(int s, size_t len))
{
	int errors = 0;

	for (size_t i = 0; i < n; i++) {
		int ret = echo_one(s, sizes[i]);

		print_result(proto, sizes[i], ret);
		errors += ret != 0;
	}
	return errors;
}

/* The TCP or the UDP run to @p peer: one socket; TCP ends with a
 * half-close answered by the server's end of stream. */
static int run(const char *peer, int type)
{
	bool v6 = strchr(peer, ':') != NULL;
	const char *proto = type == NET_SOCK_STREAM ? (v6 ? "TCP6" : "TCP")
						    : (v6 ? "UDP6" : "UDP");
	int s = open_to_server(peer, type);
	int errors;

	if (s < 0) {
		printk("echo_client: %s socket to %s port %d failed: %d\n", proto, peer,
		       ECHO_PORT, s);
		return 1;
	}
	if (type == NET_SOCK_STREAM) {
		errors = echoes(s, proto, tcp_sizes, ARRAY_SIZE(tcp_sizes), tcp_echo_one);
		(void)net_shutdown(s, NET_SHUT_WR);
		if (net_recv(s, rx, 1, 0) != 0) {
			printk("echo_client: TCP: no end of stream from the server\n");
			errors++;
		}
	} else {
		errors = v6 ? echoes(s, proto, udp6_sizes, ARRAY_SIZE(udp6_sizes), udp_echo_one)
			    : echoes(s, proto, udp_sizes, ARRAY_SIZE(udp_sizes), udp_echo_one);
	}
	(void)net_close(s);
	return errors;
}

int main(void)
{
	int errors;

	if (net_sample_dhcp("echo_client") == NULL) {
		return 1;
	}
	printk("echo_client: server %s port %d\n", ECHO_PEER, ECHO_PORT);
	errors = run(ECHO_PEER, NET_SOCK_STREAM) + run(ECHO_PEER, NET_SOCK_DGRAM);
#if defined(CONFIG_NET_IPV6)
	struct net_ipv6_addr a6;
	char text[NET_IPV6_ADDR_STRLEN];

	if (net_if_wait_ipv6(net_if_get(0), NET_IF_IPV6_ROUTABLE, &a6, K_SECONDS(10)) != 0) {
		printk("echo_client: no IPv6 address (SLAAC)\n");
		errors++;
	} else {
		(void)net_ipv6_addr_to_str(&a6, text, sizeof(text));
		printk("echo_client: IPv6 address %s, server %s\n", text, ECHO_PEER6);
		errors += run(ECHO_PEER6, NET_SOCK_STREAM) + run(ECHO_PEER6, NET_SOCK_DGRAM);
	}
#endif
	printk("echo_client: done, %d error%s\n", errors, errors == 1 ? "" : "s");
	return errors == 0 ? 0 : 1;
}
