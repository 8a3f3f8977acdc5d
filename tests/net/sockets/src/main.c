/*
 * Sockets (include/kestrel/net/socket.h) against the host-side peers of
 * tests/net/README.md, reached as 10.0.2.2: TCP echo of 1 B .. 64 KiB and
 * UDP echo of 1 B .. 8 KiB (IP fragments) checked byte for byte, refused
 * connections, receive timeouts, non-blocking connect/recv/accept with
 * poll, options, invalid arguments, and running out of sockets (the stack
 * works again once they are closed). Every wait is bounded.
 */
#include <kestrel/kernel.h>
#include <kestrel/ktest.h>
#include <kestrel/net/socket.h>
#include <kestrel/testing/net_fixtures.h>

#include "net_test.h"
#include "net_test_sockets.h"

/* Longest wait of any receive or poll of the test. */
#define WAIT_MS 5000

static uint8_t tx[64 * 1024];
static uint8_t rx[64 * 1024];

/* Whatever a failed case left open is closed before the next one. */
static void close_all(void *fixture)
{
	(void)fixture;
	for (int s = 0; s < CONFIG_NET_SOCKETS_MAX; s++) {
		(void)net_close(s);
	}
}

KTEST_SUITE(net_sockets, NULL, NULL, close_all, NULL);

static struct net_sockaddr *sa(struct net_sockaddr_in *in)
{
	return (struct net_sockaddr *)in;
}

static struct net_sockaddr_in host(uint16_t port)
{
	return net_sockaddr_in(net_ipv4_addr(10, 0, 2, 2), port);
}

static void fill(size_t len, unsigned int seed)
{
	for (size_t i = 0; i < len; i++) {
		tx[i] = (uint8_t)(i * 7u + (i >> 8) + seed);
	}
}

static void set_rcvtimeo(int s, long ms)
{
	struct net_timeval tv = { ms / 1000, (ms % 1000) * 1000 };

	kt_assert_eq(net_setsockopt(s, NET_SOL_SOCKET, NET_SO_RCVTIMEO, &tv,
				    sizeof(tv)), 0);
}

/* A socket of @p type connected to 10.0.2.2:@p port, receive timeout
 * WAIT_MS. */
static int connect_to(int type, uint16_t port)
{
	struct net_sockaddr_in to = host(port);
	int s;

	kt_assert_not_null(net_test_iface_dhcp());
	s = net_socket(NET_AF_INET, type, 0);
	kt_assert_ge(s, 0);
	set_rcvtimeo(s, WAIT_MS);
	kt_assert_eq(net_connect(s, sa(&to), sizeof(to)), 0);
	return s;
}

static void tcp_echo(size_t len)
{
	int s = connect_to(NET_SOCK_STREAM, KT_NET_FIXTURE_TCP_ECHO_PORT);

	fill(len, (unsigned int)len);
	net_test_tcp_echo(s, tx, rx, len);
}

KTEST(net_sockets, tcp_echo_1_byte)
{
	tcp_echo(1);
}

KTEST(net_sockets, tcp_echo_1460_bytes)
{
	tcp_echo(1460);
}

KTEST(net_sockets, tcp_echo_16_kib)
{
	tcp_echo(16 * 1024);
}

KTEST(net_sockets, tcp_echo_64_kib)
{
	tcp_echo(64 * 1024);
}

/* One datagram of @p len bytes there and back (sent again up to three
 * times should one be lost), the sender being the echo port. */
static void udp_echo_one(int s, size_t len)
{
	struct net_sockaddr_in to = host(KT_NET_FIXTURE_UDP_ECHO_PORT);
	struct net_sockaddr_storage got;
	const struct net_sockaddr_in *from = (const struct net_sockaddr_in *)&got;
	net_socklen_t fromlen;

	fill(len, (unsigned int)len + 1);
	net_test_udp_echo(s, sa(&to), sizeof(to), tx, rx, len, &got, &fromlen);
	kt_assert_eq(fromlen, sizeof(*from));
	kt_assert_eq(from->sin_family, NET_AF_INET);
	kt_assert_eq(net_ntohs(from->sin_port), KT_NET_FIXTURE_UDP_ECHO_PORT);
	kt_assert_true(net_ipv4_addr_eq(&from->sin_addr, &to.sin_addr));
}

KTEST(net_sockets, udp_echo_1_to_8192_bytes)
{
	static const size_t sizes[] = { 1, 2, 64, 512, 1024, 1400, 1471, 1472,
					1473, 3000, 8192 };
	int s;

	kt_assert_not_null(net_test_iface_dhcp());
	s = net_socket(NET_AF_INET, NET_SOCK_DGRAM, NET_IPPROTO_UDP);
	kt_assert_ge(s, 0);
	set_rcvtimeo(s, 1000);
	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		udp_echo_one(s, sizes[i]);
	}
	kt_assert_eq(net_close(s), 0);
}

/* A connected UDP socket sends with net_send and receives with net_recv. */
KTEST(net_sockets, udp_connected_send_recv)
{
	int s = connect_to(NET_SOCK_DGRAM, KT_NET_FIXTURE_UDP_ECHO_PORT);

	fill(100, 3);
	kt_assert_eq(net_send(s, tx, 100, 0), 100);
	kt_assert_eq(net_recv(s, rx, sizeof(rx), 0), 100);
	kt_assert_mem_eq(rx, tx, 100);
	kt_assert_eq(net_close(s), 0);
}

KTEST(net_sockets, connect_to_closed_port_is_econnrefused)
{
	struct net_sockaddr_in to = host(KT_NET_FIXTURE_TCP_CLOSED_PORT);
	int s;

	kt_assert_not_null(net_test_iface_dhcp());
	s = net_socket(NET_AF_INET, NET_SOCK_STREAM, NET_IPPROTO_TCP);
	kt_assert_ge(s, 0);
	kt_assert_eq(net_connect(s, sa(&to), sizeof(to)), -ECONNREFUSED);
	kt_assert_eq(net_close(s), 0);
}

KTEST(net_sockets, recv_timeout_is_eagain)
{
	struct net_timeval tv = { 0, 0 };
	net_socklen_t len = sizeof(tv);
	int64_t start;
	int s = connect_to(NET_SOCK_STREAM, KT_NET_FIXTURE_TCP_ECHO_PORT);
	int u = net_socket(NET_AF_INET, NET_SOCK_DGRAM, 0);

	set_rcvtimeo(s, 200);
	kt_assert_eq(net_getsockopt(s, NET_SOL_SOCKET, NET_SO_RCVTIMEO, &tv,
				    &len), 0);
	kt_assert_eq(len, sizeof(tv));
	kt_assert_eq(tv.tv_sec, 0);
	kt_assert_eq(tv.tv_usec, 200000);
	start = k_uptime_get();
	kt_assert_eq(net_recv(s, rx, 1, 0), -EAGAIN);
	kt_assert_ge(k_uptime_get() - start, 150); /* it did wait */
	/* The connection still works after the timeout. */
	tx[0] = 0x5a;
	set_rcvtimeo(s, WAIT_MS);
	kt_assert_eq(net_send(s, tx, 1, 0), 1);
	kt_assert_eq(net_recv(s, rx, 1, 0), 1);
	kt_assert_eq(rx[0], 0x5a);
	kt_assert_eq(net_close(s), 0);

	kt_assert_ge(u, 0);
	set_rcvtimeo(u, 100);
	kt_assert_eq(net_recvfrom(u, rx, sizeof(rx), 0, NULL, NULL), -EAGAIN);
	kt_assert_eq(net_close(u), 0);
}

static int poll_one(int s, short events, int timeout_ms)
{
	struct net_pollfd p = { .fd = s, .events = events };
	int n = net_poll(&p, 1, timeout_ms);

	return n <= 0 ? n : p.revents;
}

KTEST(net_sockets, nonblocking_connect_recv_and_poll)
{
	struct net_sockaddr_in to = host(KT_NET_FIXTURE_TCP_ECHO_PORT);
	int err = -1;
	net_socklen_t len = sizeof(err);
	int s;

	kt_assert_not_null(net_test_iface_dhcp());
	s = net_socket(NET_AF_INET, NET_SOCK_STREAM, 0);
	kt_assert_ge(s, 0);
	kt_assert_eq(net_fcntl(s, NET_F_GETFL, 0), 0);
	kt_assert_eq(net_fcntl(s, NET_F_SETFL, NET_O_NONBLOCK), 0);
	kt_assert_eq(net_fcntl(s, NET_F_GETFL, 0), NET_O_NONBLOCK);
	kt_assert_eq(net_connect(s, sa(&to), sizeof(to)), -EINPROGRESS);
	kt_assert_eq(poll_one(s, NET_POLLOUT, WAIT_MS) & NET_POLLOUT, NET_POLLOUT);
	kt_assert_eq(net_getsockopt(s, NET_SOL_SOCKET, NET_SO_ERROR, &err, &len), 0);
	kt_assert_eq(err, 0);
	kt_assert_eq(net_connect(s, sa(&to), sizeof(to)), -EISCONN);

	/* Nothing to read yet: not readable, recv does not block. */
	kt_assert_eq(poll_one(s, NET_POLLIN, 0), 0);
	kt_assert_eq(net_recv(s, rx, 1, 0), -EAGAIN);
	tx[0] = 0xa5;
	kt_assert_eq(net_send(s, tx, 1, 0), 1);
	kt_assert_eq(poll_one(s, NET_POLLIN, WAIT_MS), NET_POLLIN);
	kt_assert_eq(net_recv(s, rx, 1, 0), 1);
	kt_assert_eq(rx[0], 0xa5);
	kt_assert_eq(net_recv(s, rx, 1, 0), -EAGAIN);

	/* Blocking again: MSG_DONTWAIT still does not block. */
	kt_assert_eq(net_fcntl(s, NET_F_SETFL, 0), 0);
	kt_assert_eq(net_recv(s, rx, 1, NET_MSG_DONTWAIT), -EAGAIN);
	kt_assert_eq(net_close(s), 0);
}

/* A peer that accepts and never reads (fixture tcp_stall): once the
 * windows and buffers on the way are full, a send waits for the send
 * timeout and says -EAGAIN; the socket is not writable then. */
KTEST(net_sockets, send_timeout_is_eagain_when_the_peer_does_not_read)
{
	struct net_timeval tv = { 0, 300000 }, got = { 0, 0 };
	net_socklen_t len = sizeof(got);
	int s = connect_to(NET_SOCK_STREAM, KT_NET_FIXTURE_TCP_STALL_PORT);
	size_t total = 0;
	int64_t start;
	int n;

	kt_assert_eq(net_setsockopt(s, NET_SOL_SOCKET, NET_SO_SNDTIMEO, &tv,
				    sizeof(tv)), 0);
	kt_assert_eq(net_getsockopt(s, NET_SOL_SOCKET, NET_SO_SNDTIMEO, &got,
				    &len), 0);
	kt_assert_eq(got.tv_sec, 0);
	kt_assert_eq(got.tv_usec, 300000);
	fill(4096, 11);
	do {
		start = k_uptime_get();
		n = net_send(s, tx, 4096, 0);
		total += n > 0 ? (size_t)n : 0;
	} while (n > 0 && total < 16u * 1024 * 1024);
	printk("send blocked after %u bytes\n", (unsigned int)total);
	kt_assert_eq(n, -EAGAIN);
	kt_assert_ge(k_uptime_get() - start, 250); /* it did wait */
	kt_assert_gt(total, 0);
	kt_assert_eq(poll_one(s, NET_POLLOUT, 0), 0);
	kt_assert_eq(net_close(s), 0);
}

/* A refused non-blocking connect: poll says writable and failed,
 * SO_ERROR says ECONNREFUSED once, then 0. */
KTEST(net_sockets, refused_nonblocking_connect_sets_so_error)
{
	struct net_sockaddr_in to = host(KT_NET_FIXTURE_TCP_CLOSED_PORT);
	int err = -1;
	net_socklen_t len = sizeof(err);
	int s, revents;

	kt_assert_not_null(net_test_iface_dhcp());
	s = net_socket(NET_AF_INET, NET_SOCK_STREAM, 0);
	kt_assert_ge(s, 0);
	kt_assert_eq(net_fcntl(s, NET_F_SETFL, NET_O_NONBLOCK), 0);
	kt_assert_eq(net_connect(s, sa(&to), sizeof(to)), -EINPROGRESS);
	revents = poll_one(s, NET_POLLOUT, WAIT_MS);
	kt_assert_eq(revents & (NET_POLLOUT | NET_POLLERR), NET_POLLOUT | NET_POLLERR);
	kt_assert_eq(net_getsockopt(s, NET_SOL_SOCKET, NET_SO_ERROR, &err, &len), 0);
	kt_assert_eq(err, ECONNREFUSED);
	kt_assert_eq(net_getsockopt(s, NET_SOL_SOCKET, NET_SO_ERROR, &err, &len), 0);
	kt_assert_eq(err, 0);
	kt_assert_eq(net_close(s), 0);
}

/* A listening socket: non-blocking accept with nobody calling is -EAGAIN,
 * poll says not readable; options read back. */
KTEST(net_sockets, listen_accept_and_options)
{
	struct net_sockaddr_in any = net_sockaddr_in(net_ipv4_addr(0, 0, 0, 0), 17100);
	struct net_sockaddr_in peer;
	net_socklen_t plen = sizeof(peer);
	int one = 1, val = 0;
	net_socklen_t len = sizeof(val);
	int s;

	kt_assert_not_null(net_test_iface_dhcp());
	s = net_socket(NET_AF_INET, NET_SOCK_STREAM, 0);
	kt_assert_ge(s, 0);
	kt_assert_eq(net_setsockopt(s, NET_SOL_SOCKET, NET_SO_REUSEADDR, &one,
				    sizeof(one)), 0);
	kt_assert_eq(net_getsockopt(s, NET_SOL_SOCKET, NET_SO_REUSEADDR, &val,
				    &len), 0);
	kt_assert_ne(val, 0);
	kt_assert_eq(net_setsockopt(s, NET_IPPROTO_TCP, NET_TCP_NODELAY, &one,
				    sizeof(one)), 0);
	val = 0;
	kt_assert_eq(net_getsockopt(s, NET_IPPROTO_TCP, NET_TCP_NODELAY, &val,
				    &len), 0);
	kt_assert_ne(val, 0);
	kt_assert_eq(net_getsockopt(s, NET_SOL_SOCKET, NET_SO_TYPE, &val, &len), 0);
	kt_assert_eq(val, NET_SOCK_STREAM);
	kt_assert_eq(net_bind(s, sa(&any), sizeof(any)), 0);
	kt_assert_eq(net_listen(s, 2), 0);
	kt_assert_eq(net_fcntl(s, NET_F_SETFL, NET_O_NONBLOCK), 0);
	kt_assert_eq(net_accept(s, sa(&peer), &plen), -EAGAIN);
	kt_assert_eq(poll_one(s, NET_POLLIN, 50), 0);
	kt_assert_eq(net_close(s), 0);
}

KTEST(net_sockets, invalid_arguments)
{
	struct net_sockaddr_in to = host(KT_NET_FIXTURE_TCP_ECHO_PORT);
	struct net_timeval bad = { 0, 1000000 };
	struct net_pollfd p = { .fd = CONFIG_NET_SOCKETS_MAX, .events = NET_POLLIN };
	int one = 1;
	int s;

	kt_assert_eq(net_socket(99, NET_SOCK_STREAM, 0), -EAFNOSUPPORT);
	kt_assert_eq(net_socket(NET_AF_INET, 99, 0), -EINVAL);
	kt_assert_eq(net_socket(NET_AF_INET, NET_SOCK_STREAM, NET_IPPROTO_UDP), -EINVAL);
	kt_assert_eq(net_send(-1, tx, 1, 0), -EBADF);
	kt_assert_eq(net_recv(CONFIG_NET_SOCKETS_MAX, rx, 1, 0), -EBADF);
	kt_assert_eq(net_close(-1), -EBADF);
	kt_assert_eq(net_connect(-1, sa(&to), sizeof(to)), -EBADF);
	kt_assert_eq(net_listen(1000, 1), -EBADF);
	kt_assert_eq(net_fcntl(-1, NET_F_GETFL, 0), -EBADF);
	kt_assert_eq(net_poll(NULL, 1, 0), -EINVAL);
	kt_assert_eq(net_poll(&p, 1, 0), -EBADF);
	kt_assert_eq(p.revents, NET_POLLNVAL);

	s = net_socket(NET_AF_INET, NET_SOCK_STREAM, 0);
	kt_assert_ge(s, 0);
	kt_assert_eq(net_bind(s, NULL, sizeof(to)), -EINVAL);
	kt_assert_eq(net_bind(s, sa(&to), 4), -EINVAL);
	kt_assert_eq(net_connect(s, NULL, 0), -EINVAL);
	kt_assert_eq(net_send(s, NULL, 1, 0), -EINVAL);
	kt_assert_eq(net_recv(s, NULL, 1, 0), -EINVAL);
	kt_assert_eq(net_accept(s, sa(&to), NULL), -EINVAL);
	kt_assert_eq(net_shutdown(s, 7), -EINVAL);
	kt_assert_eq(net_setsockopt(s, NET_SOL_SOCKET, NET_SO_RCVTIMEO, NULL, 0), -EINVAL);
	kt_assert_eq(net_setsockopt(s, NET_SOL_SOCKET, NET_SO_RCVTIMEO, &bad,
				    sizeof(bad)), -EINVAL);
	kt_assert_eq(net_setsockopt(s, NET_SOL_SOCKET, 0x7777, &one, sizeof(one)),
		     -ENOPROTOOPT);
	kt_assert_eq(net_fcntl(s, 99, 0), -EINVAL);
	kt_assert_eq(net_fcntl(s, NET_F_SETFL, 0x40), -EINVAL);
	kt_assert_eq(net_send(s, tx, 1, 0), -ENOTCONN);
	kt_assert_eq(net_close(s), 0);
	kt_assert_eq(net_close(s), -EBADF);
}

KTEST(net_sockets, inet_pton_ntop)
{
	struct net_ipv4_addr a;
	char text[NET_INET_ADDRSTRLEN];

	kt_assert_eq(net_inet_pton(NET_AF_INET, "10.0.2.15", &a), 0);
	kt_assert_true(net_ipv4_addr_eq(&a, &(struct net_ipv4_addr){ { 10, 0, 2, 15 } }));
	kt_assert_eq(net_inet_ntop(NET_AF_INET, &a, text, sizeof(text)), 9);
	kt_assert_str_eq(text, "10.0.2.15");
	kt_assert_eq(net_inet_pton(NET_AF_INET, "10.0.2.256", &a), -EINVAL);
	kt_assert_eq(net_inet_pton(NET_AF_INET, NULL, &a), -EINVAL);
	kt_assert_eq(net_inet_pton(99, "10.0.2.15", &a), -EAFNOSUPPORT);
	kt_assert_eq(net_inet_ntop(NET_AF_INET, &a, text, 4), -ENOSPC);
	kt_assert_eq(net_inet_ntop(99, &a, text, sizeof(text)), -EAFNOSUPPORT);
	kt_assert_eq(net_inet_ntop(NET_AF_INET, NULL, text, sizeof(text)), -EINVAL);
}

/* This image has no CONFIG_NET_IPV6 (tests/net/ipv6 has): IPv6 is not
 * a family it knows. */
KTEST(net_sockets, ipv6_without_config_net_ipv6_is_eafnosupport)
{
	struct net_sockaddr_in6 to = net_sockaddr_in6((struct net_ipv6_addr){ { 0xfe, 0xc0 } }, 7);
	struct net_addrinfo hints = { .ai_family = NET_AF_INET6 };
	struct net_addrinfo *res;
	uint8_t b[16];
	int s = net_socket(NET_AF_INET, NET_SOCK_DGRAM, 0);

	kt_assert_ge(s, 0);
	kt_assert_eq(net_socket(NET_AF_INET6, NET_SOCK_STREAM, 0), -EAFNOSUPPORT);
	kt_assert_eq(net_connect(s, (struct net_sockaddr *)&to, sizeof(to)), -EAFNOSUPPORT);
	kt_assert_eq(net_inet_pton(NET_AF_INET6, "::1", b), -EAFNOSUPPORT);
	kt_assert_eq(net_getaddrinfo("::1", "7", &hints, &res), -EAFNOSUPPORT);
	kt_assert_eq(net_close(s), 0);
}

/* One socket more than CONFIG_NET_SOCKETS_MAX is -ENFILE; once they are
 * closed the stack works again (UDP echo). */
KTEST(net_sockets, out_of_sockets_is_enfile_then_recovers)
{
	int s[CONFIG_NET_SOCKETS_MAX];
	int u;

	kt_assert_not_null(net_test_iface_dhcp());
	for (int i = 0; i < CONFIG_NET_SOCKETS_MAX; i++) {
		s[i] = net_socket(NET_AF_INET, NET_SOCK_DGRAM, 0);
		kt_assert_ge(s[i], 0);
	}
	kt_assert_eq(net_socket(NET_AF_INET, NET_SOCK_DGRAM, 0), -ENFILE);
	kt_assert_eq(net_socket(NET_AF_INET, NET_SOCK_STREAM, 0), -ENFILE);
	for (int i = 0; i < CONFIG_NET_SOCKETS_MAX; i++) {
		kt_assert_eq(net_close(s[i]), 0);
	}
	u = net_socket(NET_AF_INET, NET_SOCK_DGRAM, 0);
	kt_assert_ge(u, 0);
	set_rcvtimeo(u, 1000);
	udp_echo_one(u, 200);
	kt_assert_eq(net_close(u), 0);
	tcp_echo(2000);
}
