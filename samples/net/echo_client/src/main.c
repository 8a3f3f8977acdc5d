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

/* The TCP and the UDP run: one socket each; TCP ends with a half-close
 * answered by the server's end of stream. */
static int run(int type)
{
	const char *proto = type == NET_SOCK_STREAM ? "TCP" : "UDP";
	int s = open_to_server(type);
	int errors;

	if (s < 0) {
		printk("echo_client: %s socket to %s:%d failed: %d\n", proto, ECHO_PEER, ECHO_PORT,
		       s);
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
		errors = echoes(s, proto, udp_sizes, ARRAY_SIZE(udp_sizes), udp_echo_one);
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
	errors = run(NET_SOCK_STREAM) + run(NET_SOCK_DGRAM);
	printk("echo_client: done, %d error%s\n", errors, errors == 1 ? "" : "s");
	return errors == 0 ? 0 : 1;
}
