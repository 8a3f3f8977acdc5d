/*
 * Kestrel's socket API (include/kestrel/net/socket.h) on lwIP's socket
 * layer (lwip_*, LWIP_COMPAT_SOCKETS=0). This file is the only one that
 * sees lwIP's socket names, and the boundary where lwIP's "-1 and errno"
 * becomes a negative errno: lwIP's set_errno() writes the calling thread's
 * net_errno (lwipopts.h), read here right after the call.
 *
 * Kestrel's constants and structures have lwIP's values and layouts
 * (checked below), so they pass through unchanged; only the timeouts
 * (struct net_timeval <-> int milliseconds) and fcntl flags are converted.
 */
#include <limits.h>
#include <string.h>

#include <kestrel/kernel.h>
#include <kestrel/net/socket.h>

#include <lwip/sockets.h>
#include <lwip/api.h>
#include <lwip/priv/sockets_priv.h> /* lwip_socket_dbg_get_socket() */
#include <lwip/tcp.h>
#include <lwip/tcpip.h>

#include "net_tls_priv.h"

#define SAME(a, b) _Static_assert((a) == (b), #a " == " #b)
SAME(NET_AF_UNSPEC, AF_UNSPEC);
SAME(NET_AF_INET, AF_INET);
SAME(NET_SOCK_STREAM, SOCK_STREAM);
SAME(NET_SOCK_DGRAM, SOCK_DGRAM);
SAME(NET_IPPROTO_IP, IPPROTO_IP);
SAME(NET_IPPROTO_TCP, IPPROTO_TCP);
SAME(NET_IPPROTO_UDP, IPPROTO_UDP);
SAME(NET_SOL_SOCKET, SOL_SOCKET);
SAME(NET_SO_REUSEADDR, SO_REUSEADDR);
SAME(NET_SO_KEEPALIVE, SO_KEEPALIVE);
SAME(NET_SO_SNDTIMEO, SO_SNDTIMEO);
SAME(NET_SO_RCVTIMEO, SO_RCVTIMEO);
SAME(NET_SO_ERROR, SO_ERROR);
SAME(NET_SO_TYPE, SO_TYPE);
SAME(NET_TCP_NODELAY, TCP_NODELAY);
SAME(NET_MSG_PEEK, MSG_PEEK);
SAME(NET_MSG_DONTWAIT, MSG_DONTWAIT);
SAME(NET_MSG_MORE, MSG_MORE);
SAME(NET_SHUT_RD, SHUT_RD);
SAME(NET_SHUT_WR, SHUT_WR);
SAME(NET_SHUT_RDWR, SHUT_RDWR);
SAME(NET_POLLIN, POLLIN);
SAME(NET_POLLOUT, POLLOUT);
SAME(NET_POLLERR, POLLERR);
SAME(NET_POLLNVAL, POLLNVAL);
SAME(NET_POLLHUP, POLLHUP);
SAME(sizeof(struct net_sockaddr), sizeof(struct sockaddr));
SAME(offsetof(struct net_sockaddr, sa_family), offsetof(struct sockaddr, sa_family));
SAME(sizeof(struct net_sockaddr_in), sizeof(struct sockaddr_in));
SAME(offsetof(struct net_sockaddr_in, sin_family), offsetof(struct sockaddr_in, sin_family));
SAME(offsetof(struct net_sockaddr_in, sin_port), offsetof(struct sockaddr_in, sin_port));
SAME(offsetof(struct net_sockaddr_in, sin_addr), offsetof(struct sockaddr_in, sin_addr));
#if LWIP_IPV6
SAME(NET_AF_INET6, AF_INET6);
SAME(NET_IPPROTO_IPV6, IPPROTO_IPV6);
SAME(NET_IPV6_V6ONLY, IPV6_V6ONLY);
SAME(sizeof(struct net_sockaddr_in6), sizeof(struct sockaddr_in6));
SAME(offsetof(struct net_sockaddr_in6, sin6_family), offsetof(struct sockaddr_in6, sin6_family));
SAME(offsetof(struct net_sockaddr_in6, sin6_port), offsetof(struct sockaddr_in6, sin6_port));
SAME(offsetof(struct net_sockaddr_in6, sin6_flowinfo), offsetof(struct sockaddr_in6, sin6_flowinfo));
SAME(offsetof(struct net_sockaddr_in6, sin6_addr), offsetof(struct sockaddr_in6, sin6_addr));
SAME(offsetof(struct net_sockaddr_in6, sin6_scope_id), offsetof(struct sockaddr_in6, sin6_scope_id));
SAME(sizeof(struct net_ipv6_addr), sizeof(struct in6_addr));
#endif
SAME(offsetof(struct net_sockaddr_storage, ss_family), offsetof(struct sockaddr_storage, ss_family));
_Static_assert(sizeof(struct net_sockaddr_storage) >= sizeof(struct sockaddr_storage),
	       "net_sockaddr_storage holds lwIP's sockaddr_storage");
SAME(sizeof(struct net_pollfd), sizeof(struct pollfd));
SAME(offsetof(struct net_pollfd, events), offsetof(struct pollfd, events));
SAME(offsetof(struct net_pollfd, revents), offsetof(struct pollfd, revents));
SAME(sizeof(net_socklen_t), sizeof(socklen_t));

void net_socket_set_errno(int err)
{
	if (err != 0) {
		k_current_get()->net_errno = err;
	}
}

static void errno_clear(void)
{
	k_current_get()->net_errno = 0;
}

/* lwIP's result: >= 0 as is, -1 as the negative errno it set. */
static int result(int ret)
{
	int err;

	if (ret >= 0) {
		return ret;
	}
	err = k_current_get()->net_errno;
	return err > 0 ? -err : -EIO;
}

/* Open sockets, so that running out is -ENFILE whatever lwIP says. */
static int open_count;

static bool slot_take(void)
{
	unsigned int key = irq_lock();
	bool ok = open_count < CONFIG_NET_SOCKETS_MAX;

	if (ok) {
		open_count++;
	}
	irq_unlock(key);
	return ok;
}

static void slot_give(void)
{
	unsigned int key = irq_lock();

	open_count--;
	irq_unlock(key);
}

/* @p ret: a descriptor from lwIP, or a negative errno (slot given back). */
static int slot_result(int ret)
{
	if (ret < 0) {
		slot_give();
	}
	return ret;
}

/* Sockets (bit = descriptor) whose non-blocking connect was under way when
 * last seen: lwIP reports a RST answering the SYN as ECONNRESET in SO_ERROR
 * too, which net_getsockopt() turns into ECONNREFUSED for them. */
_Static_assert(CONFIG_NET_SOCKETS_MAX <= 64, "one bit per socket");
static uint64_t connecting;

static void connecting_set(int sock, bool on)
{
	if (sock < 0 || sock >= CONFIG_NET_SOCKETS_MAX) {
		return;
	}
	unsigned int key = irq_lock();

	connecting = on ? connecting | (1ull << sock) : connecting & ~(1ull << sock);
	irq_unlock(key);
}

static bool connecting_get(int sock)
{
	return sock >= 0 && sock < CONFIG_NET_SOCKETS_MAX &&
	       (connecting & (1ull << sock)) != 0;
}

static bool family_ok(int family)
{
	return family == NET_AF_INET ||
	       (IS_ENABLED(CONFIG_NET_IPV6) && family == NET_AF_INET6);
}

/* 0, -EINVAL (NULL, or @p len too small for the family) or
 * -EAFNOSUPPORT. */
static int addr_check(const struct net_sockaddr *addr, net_socklen_t len)
{
	if (addr == NULL || len < sizeof(struct net_sockaddr_in)) {
		return -EINVAL;
	}
	if (IS_ENABLED(CONFIG_NET_IPV6) && addr->sa_family == NET_AF_INET6) {
		return len < sizeof(struct net_sockaddr_in6) ? -EINVAL : 0;
	}
	return addr->sa_family == NET_AF_INET ? 0 : -EAFNOSUPPORT;
}

/* A TLS socket: a TCP socket with TLS state attached (net_tls.c). */
static int tls_socket(int family, int type, int proto)
{
	int sock, ret;

	if (!IS_ENABLED(CONFIG_NET_TLS) || type != NET_SOCK_STREAM) {
		return -EPROTONOSUPPORT;
	}
	sock = net_socket(family, type, NET_IPPROTO_TCP);
	if (sock < 0) {
		return sock;
	}
	ret = net_tls_attach(sock, proto);
	if (ret != 0) {
		(void)net_close(sock);
		return ret;
	}
	return sock;
}

int net_socket(int family, int type, int proto)
{
	if (!family_ok(family)) {
		return -EAFNOSUPPORT;
	}
	if (net_proto_is_tls(proto)) {
		return tls_socket(family, type, proto);
	}
	if ((type == NET_SOCK_STREAM && proto != 0 && proto != NET_IPPROTO_TCP) ||
	    (type == NET_SOCK_DGRAM && proto != 0 && proto != NET_IPPROTO_UDP) ||
	    (type != NET_SOCK_STREAM && type != NET_SOCK_DGRAM)) {
		return -EINVAL;
	}
	if (!slot_take()) {
		return -ENFILE;
	}
	errno_clear();
	return slot_result(result(lwip_socket(family, type, proto)));
}

int net_bind(int sock, const struct net_sockaddr *addr, net_socklen_t len)
{
	int ret = addr_check(addr, len);

	if (ret != 0) {
		return ret;
	}
	errno_clear();
	return result(lwip_bind(sock, (const struct sockaddr *)addr, len));
}

int net_connect(int sock, const struct net_sockaddr *addr, net_socklen_t len)
{
	int ret = addr_check(addr, len);

	if (ret != 0) {
		return ret;
	}
	return net_tls_owns(sock) ? net_tls_connect(sock, addr, len)
				  : net_plain_connect(sock, addr, len);
}

int net_plain_connect(int sock, const struct net_sockaddr *addr, net_socklen_t len)
{
	int ret;

	errno_clear();
	ret = result(lwip_connect(sock, (const struct sockaddr *)addr, len));
	if (ret != -EALREADY) {
		connecting_set(sock, ret == -EINPROGRESS);
	}
	/* lwIP reports a RST answering the SYN as a reset connection. */
	return ret == -ECONNRESET ? -ECONNREFUSED : ret;
}

int net_listen(int sock, int backlog)
{
	if (net_tls_owns(sock)) {
		return -EOPNOTSUPP;     /* TLS sockets are clients only */
	}
	errno_clear();
	return result(lwip_listen(sock, backlog));
}

int net_accept(int sock, struct net_sockaddr *addr, net_socklen_t *len)
{
	int ret;

	if ((addr == NULL) != (len == NULL)) {
		return -EINVAL;
	}
	if (net_tls_owns(sock)) {
		return -EOPNOTSUPP;
	}
	if (!slot_take()) {
		return -ENFILE;
	}
	errno_clear();
	ret = slot_result(result(lwip_accept(sock, (struct sockaddr *)addr, len)));
	return ret == -EWOULDBLOCK ? -EAGAIN : ret;
}

static bool buf_bad(const void *buf, size_t len)
{
	return (buf == NULL && len > 0) || len > INT_MAX;
}

int net_sendto(int sock, const void *buf, size_t len, int flags,
	       const struct net_sockaddr *to, net_socklen_t tolen)
{
	if (net_tls_owns(sock)) {
		/* A connected stream: the address is ignored, as by TCP. */
		return buf_bad(buf, len) ? -EINVAL : net_tls_send(sock, buf, len, flags);
	}
	return net_plain_sendto(sock, buf, len, flags, to, tolen);
}

int net_plain_sendto(int sock, const void *buf, size_t len, int flags,
		     const struct net_sockaddr *to, net_socklen_t tolen)
{
	int ret;

	if (buf_bad(buf, len)) {
		return -EINVAL;
	}
	ret = to != NULL ? addr_check(to, tolen) : 0;
	if (ret != 0) {
		return ret;
	}
	errno_clear();
	ret = result((int)lwip_sendto(sock, buf, len, flags,
				      (const struct sockaddr *)to,
				      to != NULL ? tolen : 0));
	return ret == -EWOULDBLOCK ? -EAGAIN : ret;
}

int net_send(int sock, const void *buf, size_t len, int flags)
{
	return net_sendto(sock, buf, len, flags, NULL, 0);
}

int net_recvfrom(int sock, void *buf, size_t len, int flags,
		 struct net_sockaddr *from, net_socklen_t *fromlen)
{
	if (net_tls_owns(sock)) {
		if (buf_bad(buf, len) || (from != NULL && fromlen == NULL)) {
			return -EINVAL;
		}
		if (from != NULL) {
			*fromlen = 0;   /* a connected stream: no address */
		}
		return net_tls_recv(sock, buf, len, flags);
	}
	return net_plain_recvfrom(sock, buf, len, flags, from, fromlen);
}

int net_plain_recvfrom(int sock, void *buf, size_t len, int flags,
		       struct net_sockaddr *from, net_socklen_t *fromlen)
{
	int ret;

	if (buf_bad(buf, len) || (from != NULL && fromlen == NULL)) {
		return -EINVAL;
	}
	errno_clear();
	ret = result((int)lwip_recvfrom(sock, buf, len, flags,
					(struct sockaddr *)from,
					from != NULL ? fromlen : NULL));
	return ret == -EWOULDBLOCK ? -EAGAIN : ret;
}

int net_recv(int sock, void *buf, size_t len, int flags)
{
	return net_recvfrom(sock, buf, len, flags, NULL, NULL);
}

int net_close(int sock)
{
	int ret;

	net_tls_detach(sock);
	errno_clear();
	ret = result(lwip_close(sock));
	if (ret == 0) {
		connecting_set(sock, false);
		slot_give();
	}
	return ret;
}

int net_shutdown(int sock, int how)
{
	if (how != NET_SHUT_RD && how != NET_SHUT_WR && how != NET_SHUT_RDWR) {
		return -EINVAL;
	}
	errno_clear();
	return result(lwip_shutdown(sock, how));
}

static bool is_timeout(int level, int name)
{
	return level == NET_SOL_SOCKET &&
	       (name == NET_SO_RCVTIMEO || name == NET_SO_SNDTIMEO);
}

int net_socket_timeval_ms(const void *val, net_socklen_t len)
{
	const struct net_timeval *tv = val;

	if (val == NULL || len < sizeof(*tv) || tv->tv_sec < 0 || tv->tv_usec < 0 ||
	    tv->tv_usec >= 1000000 || tv->tv_sec > INT_MAX / 1000 - 1) {
		return -EINVAL;
	}
	if (tv->tv_sec == 0 && tv->tv_usec == 0) {
		return -1;
	}
	/* Round up: a timeout below 1 ms must not become "forever". */
	return (int)(tv->tv_sec * 1000 + (tv->tv_usec + 999) / 1000);
}

int net_setsockopt(int sock, int level, int name, const void *val,
		   net_socklen_t len)
{
	int ms;

	if (val == NULL) {
		return -EINVAL;
	}
	if (level == NET_SOL_TLS) {
		return net_tls_owns(sock) ? net_tls_setsockopt(sock, name, val, len)
					  : -ENOPROTOOPT;
	}
	errno_clear();
	if (!is_timeout(level, name)) {
		return result(lwip_setsockopt(sock, level, name, val, len));
	}
	ms = net_socket_timeval_ms(val, len);
	if (ms < -1) {
		return ms;
	}
	ms = ms < 0 ? 0 : ms;   /* lwIP: 0 waits forever */
	return result(lwip_setsockopt(sock, level, name, &ms, sizeof(ms)));
}

/* SO_ERROR of a socket whose non-blocking connect was under way: a reset
 * is a refusal. Once poll says the attempt is over (writable, or failed)
 * or an error was read, the socket is no longer connecting. */
static int so_error_connecting(int sock, void *val, net_socklen_t *len)
{
	struct pollfd p = { .fd = sock, .events = POLLOUT };
	bool over = lwip_poll(&p, 1, 0) > 0;
	int ret = result(lwip_getsockopt(sock, SOL_SOCKET, SO_ERROR, val, len));
	int *err = val;

	if (ret == 0) {
		if (*err == ECONNRESET) {
			*err = ECONNREFUSED;
		}
		if (over || *err != 0) {
			connecting_set(sock, false);
		}
	}
	return ret;
}

int net_getsockopt(int sock, int level, int name, void *val,
		   net_socklen_t *len)
{
	struct net_timeval *tv = val;
	socklen_t msl = sizeof(int);
	int ms, ret;

	if (val == NULL || len == NULL) {
		return -EINVAL;
	}
	if (level == NET_SOL_TLS) {
		return net_tls_owns(sock) ? net_tls_getsockopt(sock, name, val, len)
					  : -ENOPROTOOPT;
	}
	errno_clear();
	if (level == NET_SOL_SOCKET && name == NET_SO_ERROR && connecting_get(sock)) {
		return so_error_connecting(sock, val, len);
	}
	if (!is_timeout(level, name)) {
		return result(lwip_getsockopt(sock, level, name, val, len));
	}
	if (*len < sizeof(*tv)) {
		return -EINVAL;
	}
	ret = result(lwip_getsockopt(sock, level, name, &ms, &msl));
	if (ret == 0) {
		tv->tv_sec = ms / 1000;
		tv->tv_usec = (ms % 1000) * 1000L;
		*len = sizeof(*tv);
	}
	return ret;
}

int net_poll(struct net_pollfd *fds, unsigned int nfds, int timeout_ms)
{
	int pending, ret;

	if (fds == NULL && nfds > 0) {
		return -EINVAL;
	}
	/* TLS sockets holding decrypted bytes are ready whatever TCP says. */
	pending = net_tls_poll_pending(fds, nfds);
	ret = net_plain_poll(fds, nfds, pending > 0 ? 0 : timeout_ms);
	return pending > 0 && ret >= 0 ? net_tls_poll_merge(fds, nfds) : ret;
}

int net_plain_poll(struct net_pollfd *fds, unsigned int nfds, int timeout_ms)
{
	int ret;

	errno_clear();
	ret = lwip_poll((struct pollfd *)fds, nfds, timeout_ms < 0 ? -1 : timeout_ms);
	/* lwIP fails without an errno when an entry is not an open socket
	 * (it marks it POLLNVAL). */
	if (ret < 0 && k_current_get()->net_errno == 0) {
		return -EBADF;
	}
	return result(ret);
}

int net_fcntl(int sock, int cmd, int val)
{
	int ret;

	errno_clear();
	switch (cmd) {
	case NET_F_GETFL:
		ret = result(lwip_fcntl(sock, F_GETFL, 0));
		return ret < 0 ? ret : ((ret & O_NONBLOCK) ? NET_O_NONBLOCK : 0);
	case NET_F_SETFL:
		if ((val & ~NET_O_NONBLOCK) != 0) {
			return -EINVAL;
		}
		return result(lwip_fcntl(sock, F_SETFL,
					 (val & NET_O_NONBLOCK) ? O_NONBLOCK : 0));
	default:
		return -EINVAL;
	}
}

int net_inet_pton(int family, const char *src, void *dst)
{
	if (!family_ok(family)) {
		return -EAFNOSUPPORT;
	}
	if (dst == NULL) {
		return -EINVAL;
	}
	if (IS_ENABLED(CONFIG_NET_IPV6) && family == NET_AF_INET6) {
		return net_ipv6_addr_from_str(src, dst);
	}
	return net_ipv4_addr_from_str(src, dst);
}

int net_inet_ntop(int family, const void *src, char *dst, net_socklen_t size)
{
	if (!family_ok(family)) {
		return -EAFNOSUPPORT;
	}
	if (src == NULL) {
		return -EINVAL;
	}
	if (IS_ENABLED(CONFIG_NET_IPV6) && family == NET_AF_INET6) {
		return net_ipv6_addr_to_str(src, dst, size);
	}
	return net_ipv4_addr_to_str(src, dst, size);
}

/* ---- open sockets ---- */

SAME(NET_SOCKET_TCP_CLOSED + CLOSED, NET_SOCKET_TCP_CLOSED);
SAME(NET_SOCKET_TCP_CLOSED + LISTEN, NET_SOCKET_TCP_LISTEN);
SAME(NET_SOCKET_TCP_CLOSED + ESTABLISHED, NET_SOCKET_TCP_ESTABLISHED);
SAME(NET_SOCKET_TCP_CLOSED + TIME_WAIT, NET_SOCKET_TCP_TIME_WAIT);

/* Type and state of socket @p fd; false when it is not open. Under the
 * core lock: lwip_close() clears the pcb under it and the socket's conn
 * before the netconn is freed, so conn is live or NULL here. */
static bool socket_kind(int fd, struct net_socket_info *info)
{
	struct lwip_sock *sock;
	bool open;

	LOCK_TCPIP_CORE();
	sock = lwip_socket_dbg_get_socket(fd);
	open = sock != NULL && sock->conn != NULL;
	if (open && NETCONNTYPE_GROUP(netconn_type(sock->conn)) == NETCONN_TCP) {
		const struct tcp_pcb *pcb = sock->conn->pcb.tcp;

		info->type = NET_SOCK_STREAM;
		info->state = (enum net_socket_state)(NET_SOCKET_TCP_CLOSED +
						      (pcb == NULL ? CLOSED : pcb->state));
	} else if (open) {
		info->type = NET_SOCK_DGRAM;
		info->state = NET_SOCKET_UDP;
	}
	UNLOCK_TCPIP_CORE();
	return open;
}

static void socket_addr(int fd, bool peer, struct net_sockaddr_in *out)
{
	socklen_t len = sizeof(*out);
	int ret;

	memset(out, 0, sizeof(*out));
	ret = peer ? lwip_getpeername(fd, (struct sockaddr *)out, &len)
		   : lwip_getsockname(fd, (struct sockaddr *)out, &len);
	if (ret != 0 || out->sin_family != NET_AF_INET) {
		memset(out, 0, sizeof(*out));
	}
}

int net_socket_foreach(net_socket_foreach_cb_t cb, void *user_data)
{
	struct net_socket_info info;
	int count = 0;

	if (cb == NULL) {
		return -EINVAL;
	}
	for (int fd = 0; fd < NUM_SOCKETS; fd++) {
		memset(&info, 0, sizeof(info));
		if (!socket_kind(fd, &info)) {
			continue;
		}
		info.sock = fd;
		socket_addr(fd, false, &info.local);
		socket_addr(fd, true, &info.remote);
		cb(&info, user_data);
		count++;
	}
	return count;
}
