/*
 * Between net_socket.c (the socket API, the lwIP boundary) and net_tls.c
 * (TLS sockets, CONFIG_NET_TLS): net_socket.c asks net_tls_owns() in each
 * call whether a descriptor is a TLS socket and hands it to net_tls_*();
 * net_tls.c reaches the TCP connection beneath through net_plain_*(),
 * the calls of socket.h without the TLS dispatch. Without CONFIG_NET_TLS
 * the hooks are empty inline functions.
 */
#ifndef KESTREL_SUBSYS_NET_TLS_PRIV_H
#define KESTREL_SUBSYS_NET_TLS_PRIV_H

#include <stdbool.h>

#include <kestrel/net/socket.h>

/* ---- net_socket.c: the TCP socket beneath ---- */
int net_plain_connect(int sock, const struct net_sockaddr *addr, net_socklen_t len);
int net_plain_sendto(int sock, const void *buf, size_t len, int flags,
		     const struct net_sockaddr *to, net_socklen_t tolen);
int net_plain_recvfrom(int sock, void *buf, size_t len, int flags,
		       struct net_sockaddr *from, net_socklen_t *fromlen);
int net_plain_poll(struct net_pollfd *fds, unsigned int nfds, int timeout_ms);
/** A struct net_timeval option value in milliseconds (rounded up; -1:
 *  { 0, 0 }, forever), or -EINVAL (too short, negative, too large). */
int net_socket_timeval_ms(const void *val, net_socklen_t len);

static inline bool net_proto_is_tls(int proto)
{
	return proto == NET_IPPROTO_TLS || proto == NET_IPPROTO_TLS_1_2 ||
	       proto == NET_IPPROTO_TLS_1_3;
}

#if defined(CONFIG_NET_TLS)
/** true if @p sock is an open TLS socket. */
bool net_tls_owns(int sock);
/** Make the new TCP socket @p sock a TLS socket of @p proto: 0 or -ENOMEM. */
int net_tls_attach(int sock, int proto);
/** Forget @p sock's TLS state (close_notify if connected); before its close. */
void net_tls_detach(int sock);
int net_tls_connect(int sock, const struct net_sockaddr *addr, net_socklen_t len);
int net_tls_send(int sock, const void *buf, size_t len, int flags);
int net_tls_recv(int sock, void *buf, size_t len, int flags);
int net_tls_setsockopt(int sock, int name, const void *val, net_socklen_t len);
int net_tls_getsockopt(int sock, int name, void *val, net_socklen_t *len);
/** TLS entries of @p fds asking NET_POLLIN with decrypted bytes waiting. */
int net_tls_poll_pending(const struct net_pollfd *fds, unsigned int nfds);
/** After the TCP poll: NET_POLLIN added to those; the new count. */
int net_tls_poll_merge(struct net_pollfd *fds, unsigned int nfds);
#else
static inline bool net_tls_owns(int sock)
{
	(void)sock;
	return false;
}

static inline int net_tls_attach(int sock, int proto)
{
	(void)sock;
	(void)proto;
	return -EPROTONOSUPPORT;
}

static inline void net_tls_detach(int sock)
{
	(void)sock;
}

static inline int net_tls_poll_pending(const struct net_pollfd *fds, unsigned int nfds)
{
	(void)fds;
	(void)nfds;
	return 0;
}

static inline int net_tls_poll_merge(struct net_pollfd *fds, unsigned int nfds)
{
	(void)fds;
	(void)nfds;
	return 0;
}

/* Never called without CONFIG_NET_TLS (net_tls_owns() is false). */
static inline int net_tls_connect(int sock, const struct net_sockaddr *addr,
				  net_socklen_t len)
{
	(void)sock;
	(void)addr;
	(void)len;
	return -ENOTSUP;
}

static inline int net_tls_send(int sock, const void *buf, size_t len, int flags)
{
	(void)sock;
	(void)buf;
	(void)len;
	(void)flags;
	return -ENOTSUP;
}

static inline int net_tls_recv(int sock, void *buf, size_t len, int flags)
{
	return net_tls_send(sock, buf, len, flags);
}

static inline int net_tls_setsockopt(int sock, int name, const void *val,
				     net_socklen_t len)
{
	(void)sock;
	(void)name;
	(void)val;
	(void)len;
	return -ENOPROTOOPT;
}

static inline int net_tls_getsockopt(int sock, int name, void *val, net_socklen_t *len)
{
	return net_tls_setsockopt(sock, name, val, len != NULL ? *len : 0);
}
#endif

#endif /* KESTREL_SUBSYS_NET_TLS_PRIV_H */
