/*
 * echo_client: sends messages of several sizes to an echo server over TCP
 * and over UDP (IPv4) and checks that each comes back unchanged. Exits 0
 * when every echo matched, 1 otherwise.
 *
 * The server is ECHO_PEER:ECHO_PORT (CMake cache variables; default
 * 10.0.2.2:17007, which on every board is the host's 127.0.0.1:17007
 * through slirp: run `scripts/kt fixtures tcp_echo udp_echo` there).
 */
#include <kestrel/kernel.h>
#include <kestrel/net/socket.h>

#include "net_sample.h"

#define RECV_TIMEOUT_MS 3000
#define UDP_TRIES 3

static const size_t tcp_sizes[] = { 1, 14, 1460, 8192 };
static const size_t udp_sizes[] = { 1, 14, 1472 };
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

/* A socket of @p type connected to the server, or a negative errno. */
static int open_to_server(int type)
{
	struct net_sockaddr_in to = { .sin_len = sizeof(to), .sin_family = NET_AF_INET,
				      .sin_port = net_htons(ECHO_PORT) };
	struct net_timeval tv = { RECV_TIMEOUT_MS / 1000, (RECV_TIMEOUT_MS % 1000) * 1000 };
	int s = net_socket(NET_AF_INET, type, 0);
	int ret;

	if (s < 0) {
		return s;
	}
	ret = net_inet_pton(NET_AF_INET, ECHO_PEER, &to.sin_addr);
	if (ret == 0) {
		ret = net_setsockopt(s, NET_SOL_SOCKET, NET_SO_RCVTIMEO, &tv, sizeof(tv));
	}
	if (ret == 0) {
		ret = net_connect(s, (struct net_sockaddr *)&to, sizeof(to));
	}
	if (ret != 0) {
		(void)net_close(s);
		return ret;
	}
	return s;
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

static int tcp_echoes(void)
{
	int errors = 0;
	int s = open_to_server(NET_SOCK_STREAM);

	if (s < 0) {
		printk("echo_client: TCP connect to %s:%d failed: %d\n", ECHO_PEER, ECHO_PORT, s);
		return 1;
	}
	for (size_t i = 0; i < ARRAY_SIZE(tcp_sizes); i++) {
		int ret = tcp_echo_one(s, tcp_sizes[i]);

		print_result("TCP", tcp_sizes[i], ret);
		errors += ret != 0;
	}
	(void)net_shutdown(s, NET_SHUT_WR);
	if (net_recv(s, rx, 1, 0) != 0) {
		printk("echo_client: TCP: no end of stream from the server\n");
		errors++;
	}
	(void)net_close(s);
	return errors;
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

static int udp_echoes(void)
{
	int errors = 0;
	int s = open_to_server(NET_SOCK_DGRAM);

	if (s < 0) {
		printk("echo_client: UDP socket to %s:%d failed: %d\n", ECHO_PEER, ECHO_PORT, s);
		return 1;
	}
	for (size_t i = 0; i < ARRAY_SIZE(udp_sizes); i++) {
		int ret = udp_echo_one(s, udp_sizes[i]);

		print_result("UDP", udp_sizes[i], ret);
		errors += ret != 0;
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
	errors = tcp_echoes() + udp_echoes();
	printk("echo_client: done, %d error%s\n", errors, errors == 1 ? "" : "s");
	return errors == 0 ? 0 : 1;
}
