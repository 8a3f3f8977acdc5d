/*
 * BSD-style sockets (CONFIG_NET_SOCKETS): TCP and UDP over IPv4 and, with
 * CONFIG_NET_IPV6, IPv6; blocking or non-blocking, poll; getaddrinfo.
 *
 * The calls are those of BSD sockets with a net_ prefix (net_socket,
 * net_connect, ...), and so are the constants (NET_AF_INET, NET_SO_RCVTIMEO
 * ...) and types (struct net_sockaddr_in, struct net_pollfd): on native_sim
 * the host C library's socket(), AF_INET, struct sockaddr ... exist in the
 * same process, and nothing here shares a name with them.
 *
 * Errors: every call returns a negative errno (never -1 with errno set);
 * success is 0 or a non-negative count/descriptor. There is no errno to
 * read afterwards.
 *
 * Context: every call is for threads only (they take the network core
 * lock and may block); never from an ISR. A socket may be used by several
 * threads, but only one may block in a receive on it at a time.
 *
 * Descriptors are small integers 0 .. CONFIG_NET_SOCKETS_MAX-1, unrelated
 * to file descriptors of the host on native_sim.
 */
#ifndef KESTREL_NET_SOCKET_H
#define KESTREL_NET_SOCKET_H

#include <stddef.h>
#include <stdint.h>

#include <kestrel/net/net_ip.h>

/* ---- families (net_ip.h: NET_AF_UNSPEC, NET_AF_INET, NET_AF_INET6 -
 * the last one only with CONFIG_NET_IPV6), types, protocols ---- */
#define NET_SOCK_STREAM 1 /**< TCP */
#define NET_SOCK_DGRAM 2  /**< UDP */
#define NET_IPPROTO_IP 0
#define NET_IPPROTO_TCP 6
#define NET_IPPROTO_UDP 17
/** TLS over TCP (CONFIG_NET_TLS, with NET_SOCK_STREAM): TLS 1.2 or 1.3,
 *  whichever the server prefers (see "TLS sockets" below). */
#define NET_IPPROTO_TLS 256
/** TLS over TCP, TLS 1.2 only. */
#define NET_IPPROTO_TLS_1_2 258
/** TLS over TCP, TLS 1.3 only. */
#define NET_IPPROTO_TLS_1_3 259

/* ---- options (net_setsockopt/net_getsockopt) ---- */
#define NET_SOL_SOCKET 0xfff
#define NET_SO_REUSEADDR 0x0004 /**< int; CONFIG_NET_SOCKETS_REUSEADDR */
#define NET_SO_KEEPALIVE 0x0008 /**< int */
#define NET_SO_SNDTIMEO 0x1005  /**< struct net_timeval; CONFIG_NET_SOCKETS_TIMEOUTS */
#define NET_SO_RCVTIMEO 0x1006  /**< struct net_timeval; CONFIG_NET_SOCKETS_TIMEOUTS */
#define NET_SO_ERROR 0x1007     /**< int, get only: pending error as a positive errno, cleared */
#define NET_SO_TYPE 0x1008      /**< int, get only: NET_SOCK_STREAM or NET_SOCK_DGRAM */
#define NET_TCP_NODELAY 0x01    /**< level NET_IPPROTO_TCP, int: no Nagle */
#define NET_IPPROTO_IPV6 41     /**< option level of NET_IPV6_V6ONLY */
/** Level NET_IPPROTO_IPV6, int (CONFIG_NET_IPV6): an IPv6 socket bound to
 *  the any address (::) takes only IPv6; by default (0) it is dual-stack and
 *  takes IPv4 too, so it and an IPv4 socket cannot bind one port. */
#define NET_IPV6_V6ONLY 27

/* ---- TLS sockets (CONFIG_NET_TLS): options of level NET_SOL_TLS ----
 *
 * A TLS socket is net_socket(NET_AF_INET[6], NET_SOCK_STREAM,
 * NET_IPPROTO_TLS / _TLS_1_2 / _TLS_1_3): a TCP socket whose connect also
 * runs the TLS handshake, and whose send/recv/poll carry application data
 * through mbedTLS. It is a client only (listen/accept: -EOPNOTSUPP).
 *
 * Before connect the application names its credentials (tags of the
 * credential store, include/kestrel/net/tls_credentials.h: the CA
 * certificates to trust, optionally a client certificate and key) and the
 * server's name:
 *
 *   net_sec_tag_t tags[] = { CA_TAG };
 *   net_setsockopt(s, NET_SOL_TLS, NET_TLS_SEC_TAG_LIST, tags, sizeof(tags));
 *   net_setsockopt(s, NET_SOL_TLS, NET_TLS_HOSTNAME, "broker.example", 14);
 *   net_connect(s, addr, len);     // TCP, then the handshake, bounded
 *
 * Verification (NET_TLS_PEER_VERIFY_REQUIRED, the default): the server's
 * chain must end at a CA of the tag list, its certificate must name
 * NET_TLS_HOSTNAME (a DNS name, or an IP address as text matched against
 * its IP address entries), and every certificate of the chain must be
 * valid at the wall-clock time (include/kestrel/sys/realtime.h, set by
 * SNTP). A failure is -EACCES from net_connect(); NET_TLS_VERIFY_RESULT
 * then reads mbedTLS's MBEDTLS_X509_BADCERT_* flags (NOT_TRUSTED: unknown
 * CA, CN_MISMATCH: wrong name, EXPIRED, FUTURE ...) and the log has
 * mbedTLS's text for them.
 *
 * Time policy: certificate validity needs the time. While the wall clock
 * is not set (no SNTP answer yet), net_connect() with verification
 * (NET_TLS_PEER_VERIFY_REQUIRED or _OPTIONAL) fails at once with -EAGAIN,
 * sending nothing (mbedTLS 3.6 cannot verify a chain without a date; the
 * handshake would fail later with MBEDTLS_ERR_X509_FATAL_ERROR, also
 * -EAGAIN). Connect again once the time is
 * known (net_sntp_wait()). NET_TLS_TIME_CHECK = NET_TLS_TIME_SKIP_UNKNOWN
 * opts in to connecting anyway: chain and name are still verified, the
 * validity dates are not, only while the time is unknown (a known time is
 * always checked). That accepts an expired certificate, so a device that
 * can learn the time should wait for it instead. (For mbedTLS this sets
 * the placeholder time 1970 with kestrel_mbedtls_time_unknown_set(0):
 * other users of mbedTLS still fail closed, on a FUTURE flag.)
 *
 * Timeouts: net_connect() is bounded by NET_TLS_HANDSHAKE_TIMEO (TCP
 * connect and handshake together; default CONFIG_NET_TLS_HANDSHAKE_TIMEOUT_MS):
 * a server that accepts TCP and says nothing makes it -ETIMEDOUT. After the
 * handshake NET_SO_RCVTIMEO / NET_SO_SNDTIMEO apply as on TCP.
 *
 * Errors of net_connect() on a TLS socket, beyond those of TCP
 * (-ECONNREFUSED, -EHOSTUNREACH, -ETIMEDOUT ...):
 *   -EACCES        the server's certificate was not accepted (see above)
 *   -EAGAIN        verification needs the time, which is not known yet
 *                  (nothing was sent)
 *   -ECONNABORTED  the handshake failed otherwise: the server sent an alert
 *                  (no common version or cipher suite, our client
 *                  certificate refused ...)
 *   -EPROTO        the server sent something that is not valid TLS
 *   -ECONNRESET    the server closed the connection during the handshake
 *   -ENOMEM        mbedTLS's heap is too small (CONFIG_MBEDTLS_HEAP_SIZE)
 *   -EINVAL        verification required but no NET_TLS_HOSTNAME; a
 *                  credential of the tag list that mbedTLS cannot parse
 *   -ENOENT        a tag of NET_TLS_SEC_TAG_LIST holds no credential
 *   -EISCONN       connect was already called on this socket
 * After a failed connect the socket is only good for net_close().
 *
 * Blocking: net_connect() always blocks until the handshake ends (bounded
 * as above), also on a non-blocking socket. Afterwards non-blocking mode,
 * NET_MSG_DONTWAIT and net_poll() work as on TCP, with two TLS rules: a
 * send that returned -EAGAIN must be repeated with the same data (mbedTLS
 * holds the record it began), and NET_POLLIN means that bytes arrived,
 * which may be only part of a TLS record or a record without application
 * data (TLS 1.3 session tickets): a non-blocking receive may then still
 * say -EAGAIN. NET_MSG_PEEK is -EOPNOTSUPP. One thread at a time
 * may use a TLS socket (a receiving and a sending thread need a lock of
 * their own, or non-blocking receives and poll).
 *
 * PSK credentials of the store are not used by TLS sockets (the mbedTLS
 * configuration has no PSK key exchange).
 */
#define NET_SOL_TLS 282
/** net_sec_tag_t[] (1 .. CONFIG_NET_TLS_SEC_TAGS_MAX tags): where the
 *  credentials come from; set before connect. */
#define NET_TLS_SEC_TAG_LIST 1
/** char[] (the NUL not needed; len 0: none): the server's name, sent as
 *  SNI (for a DNS name) and verified against its certificate; at most
 *  CONFIG_NET_TLS_HOSTNAME_MAX characters (-ENAMETOOLONG). */
#define NET_TLS_HOSTNAME 2
/** int: NET_TLS_PEER_VERIFY_NONE, _OPTIONAL or _REQUIRED (the default). */
#define NET_TLS_PEER_VERIFY 5
/** int: NET_TLS_TIME_REQUIRED (the default) or NET_TLS_TIME_SKIP_UNKNOWN. */
#define NET_TLS_TIME_CHECK 21
/** struct net_timeval: bound of connect (TCP + handshake); { 0, 0 }
 *  waits forever. Default CONFIG_NET_TLS_HANDSHAKE_TIMEOUT_MS. */
#define NET_TLS_HANDSHAKE_TIMEO 20
/** int, get only, after connect: the version negotiated,
 *  NET_TLS_VERSION_1_2 or NET_TLS_VERSION_1_3 (-ENOTCONN before). */
#define NET_TLS_VERSION 22
/** int, get only, after connect: the IANA number of the cipher suite
 *  (e.g. 0x1301 TLS_AES_128_GCM_SHA256; -ENOTCONN before). */
#define NET_TLS_CIPHERSUITE_USED 23
/** uint32_t, get only: mbedTLS's verification flags of the last
 *  handshake (MBEDTLS_X509_BADCERT_*; 0: verified or not yet tried). */
#define NET_TLS_VERIFY_RESULT 24

#define NET_TLS_PEER_VERIFY_NONE 0     /**< no verification at all (tests only) */
#define NET_TLS_PEER_VERIFY_OPTIONAL 1 /**< verify, report, connect anyway */
#define NET_TLS_PEER_VERIFY_REQUIRED 2 /**< refuse what does not verify */

#define NET_TLS_TIME_REQUIRED 0     /**< unknown time: no verified connection */
#define NET_TLS_TIME_SKIP_UNKNOWN 1 /**< unknown time: verify all but the dates */

#define NET_TLS_VERSION_1_2 0x0303
#define NET_TLS_VERSION_1_3 0x0304

/* ---- flags of send/recv ---- */
#define NET_MSG_PEEK 0x01     /**< receive without removing the data */
#define NET_MSG_DONTWAIT 0x08 /**< this call only: do not block */
#define NET_MSG_MORE 0x10     /**< more data follows (TCP: no PSH yet) */

/* ---- net_shutdown ---- */
#define NET_SHUT_RD 0
#define NET_SHUT_WR 1
#define NET_SHUT_RDWR 2

/* ---- net_fcntl ---- */
#define NET_F_GETFL 3
#define NET_F_SETFL 4
#define NET_O_NONBLOCK 1

/* ---- net_poll ---- */
#define NET_POLLIN 0x1
#define NET_POLLOUT 0x2
#define NET_POLLERR 0x4
#define NET_POLLNVAL 0x8
#define NET_POLLHUP 0x200

/** Longest text of an IPv4 address, with the NUL. */
#define NET_INET_ADDRSTRLEN 16
/** Longest text of an IPv6 address, with the NUL. */
#define NET_INET6_ADDRSTRLEN 46

typedef uint32_t net_socklen_t;

/** Any address: the size of the largest address a socket takes. Aligned
 *  like the 32-bit address it holds (the stack reads it as a word). */
struct net_sockaddr {
	uint8_t sa_len;    /**< size of the whole structure (may be 0 on input) */
	uint8_t sa_family; /**< NET_AF_* */
	char sa_data[14];
} __attribute__((aligned(4)));

/** An IPv4 address and port, both in network byte order. */
struct net_sockaddr_in {
	uint8_t sin_len;
	uint8_t sin_family; /**< NET_AF_INET */
	uint16_t sin_port;  /**< network order: net_htons() */
	struct net_ipv4_addr sin_addr;
	char sin_zero[8];
} __attribute__((aligned(4)));

/** An IPv6 address and port (CONFIG_NET_IPV6); port and flow label in
 *  network byte order. */
struct net_sockaddr_in6 {
	uint8_t sin6_len;
	uint8_t sin6_family;    /**< NET_AF_INET6 */
	uint16_t sin6_port;     /**< network order: net_htons() */
	uint32_t sin6_flowinfo;
	struct net_ipv6_addr sin6_addr;
	uint32_t sin6_scope_id; /**< zone of a link-local address: 1 + the
				 *   interface's index; 0 is the default */
} __attribute__((aligned(4)));

/** Room for an address of any family (accept, recvfrom, getaddrinfo). */
struct net_sockaddr_storage {
	uint8_t ss_len;
	uint8_t ss_family;
	char ss_data[26];
} __attribute__((aligned(4)));

/** Timeouts of NET_SO_RCVTIMEO/NET_SO_SNDTIMEO; { 0, 0 } waits forever. */
struct net_timeval {
	long tv_sec;
	long tv_usec;
};

/** One entry of net_poll(). */
struct net_pollfd {
	int fd;        /**< socket; negative: entry ignored */
	short events;  /**< NET_POLLIN, NET_POLLOUT */
	short revents; /**< what is ready, plus NET_POLLERR/HUP/NVAL */
};

/** 16-bit host to network byte order. ISR: ok. */
static inline uint16_t net_htons(uint16_t v)
{
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return (uint16_t)((v << 8) | (v >> 8));
#else
	return v;
#endif
}

/** 16-bit network to host byte order. ISR: ok. */
static inline uint16_t net_ntohs(uint16_t v)
{
	return net_htons(v);
}

/** The IPv4 socket address @p addr : @p port (host order). ISR: ok. */
static inline struct net_sockaddr_in net_sockaddr_in(struct net_ipv4_addr addr,
						     uint16_t port)
{
	struct net_sockaddr_in sa = {
		.sin_len = sizeof(struct net_sockaddr_in),
		.sin_family = NET_AF_INET,
		.sin_port = net_htons(port),
		.sin_addr = addr,
	};

	return sa;
}

/** The IPv6 socket address @p addr : @p port (host order). ISR: ok. */
static inline struct net_sockaddr_in6 net_sockaddr_in6(struct net_ipv6_addr addr,
						       uint16_t port)
{
	struct net_sockaddr_in6 sa = {
		.sin6_len = sizeof(struct net_sockaddr_in6),
		.sin6_family = NET_AF_INET6,
		.sin6_port = net_htons(port),
		.sin6_addr = addr,
	};

	return sa;
}

/**
 * Open a socket.
 * @param family NET_AF_INET, or NET_AF_INET6 with CONFIG_NET_IPV6
 * @param type NET_SOCK_STREAM or NET_SOCK_DGRAM
 * @param proto 0, or the protocol that goes with @p type; with
 *        NET_SOCK_STREAM also NET_IPPROTO_TLS, _TLS_1_2, _TLS_1_3 (a TLS
 *        socket, CONFIG_NET_TLS)
 * @return the descriptor (>= 0)
 * @retval -EAFNOSUPPORT @p family is not NET_AF_INET (or NET_AF_INET6)
 * @retval -EINVAL unknown @p type, or @p proto does not go with it
 * @retval -EPROTONOSUPPORT a TLS protocol without CONFIG_NET_TLS, or with
 *         NET_SOCK_DGRAM (no DTLS)
 * @retval -ENOMEM CONFIG_NET_TLS_SOCKETS_MAX TLS sockets are already open
 * @retval -ENFILE CONFIG_NET_SOCKETS_MAX sockets are already open
 * @retval -ENOBUFS no connection structure left (CONFIG_NET_TCP_MAX_PCBS,
 *         CONFIG_NET_UDP_MAX_PCBS)
 * Thread only.
 */
int net_socket(int family, int type, int proto);

/**
 * Give @p sock a local address (port 0: any free port).
 * @retval 0 bound
 * @retval -EBADF @p sock is not an open socket
 * @retval -EINVAL @p addr NULL, @p len too small for its family, or
 *         already bound
 * @retval -EAFNOSUPPORT not a NET_AF_INET (or NET_AF_INET6) address
 * @retval -EADDRINUSE the address is taken (see NET_SO_REUSEADDR)
 * Thread only.
 */
int net_bind(int sock, const struct net_sockaddr *addr, net_socklen_t len);

/**
 * Connect to @p addr (TCP: handshake; UDP: sets the default peer).
 * @retval 0 connected
 * @retval -EBADF @p sock is not an open socket
 * @retval -EINVAL @p addr NULL or @p len too small for its family
 * @retval -EAFNOSUPPORT not a NET_AF_INET (or NET_AF_INET6) address
 * @retval -ECONNREFUSED the peer answered with a reset
 * @retval -EINPROGRESS non-blocking TCP: started; net_poll() for
 *         NET_POLLOUT (a refusal also sets NET_POLLERR), then NET_SO_ERROR
 *         tells the outcome: 0 connected, ECONNREFUSED refused (once; 0
 *         when read again), ETIMEDOUT ...
 * @retval -EALREADY a non-blocking connect is still in progress
 * @retval -EISCONN already connected
 * @retval -EHOSTUNREACH, -ETIMEDOUT, -ENOBUFS no route, no answer, no memory
 * Thread only (blocks until the handshake ends unless non-blocking).
 */
int net_connect(int sock, const struct net_sockaddr *addr, net_socklen_t len);

/**
 * Listen for connections on a bound (or unbound: any port) TCP socket.
 * @retval 0 listening
 * @retval -EBADF @p sock is not an open socket
 * @retval -EOPNOTSUPP not a TCP socket, or a TLS socket (clients only)
 * @retval -ENOBUFS no listening structure left (CONFIG_NET_TCP_MAX_LISTEN)
 * Thread only.
 */
int net_listen(int sock, int backlog);

/**
 * Take the next connection of a listening socket.
 * @param addr NULL, or where the peer's address goes
 * @param len in: size of @p addr; out: size of the address (NULL iff
 *        @p addr is NULL)
 * @return the new connection's descriptor (>= 0)
 * @retval -EBADF @p sock is not an open socket
 * @retval -EINVAL not listening, or @p addr without @p len
 * @retval -EOPNOTSUPP a TLS socket
 * @retval -EAGAIN non-blocking and no connection is waiting, or the
 *         receive timeout expired
 * @retval -ENFILE no descriptor left for the connection (it is closed)
 * Thread only (blocks).
 */
int net_accept(int sock, struct net_sockaddr *addr, net_socklen_t *len);

/**
 * Send on a connected socket. TCP may send fewer bytes than asked (call
 * again for the rest); UDP sends one datagram of @p len bytes.
 * @return bytes taken (> 0, or 0 when @p len is 0)
 * @retval -EBADF @p sock is not an open socket
 * @retval -EINVAL @p buf NULL with @p len > 0, or @p len > INT_MAX
 * @retval -EAGAIN non-blocking, or the NET_SO_SNDTIMEO timeout expired,
 *         and nothing was taken (bytes were: their count). lwIP checks the
 *         timeout when the connection's state changes or at its 1 s TCP
 *         poll, so a blocked send returns up to a second after it
 * @retval -ENOTCONN not connected; -EPIPE/-ECONNRESET the connection is gone
 * @retval -EMSGSIZE UDP datagram larger than the stack can send
 * @retval -ENOBUFS/-ENOMEM out of buffers (CONFIG_NET_HEAP_SIZE)
 * Thread only (blocks while the send buffer is full).
 */
int net_send(int sock, const void *buf, size_t len, int flags);

/**
 * Receive from a connected socket (TCP: whatever is there, up to @p len;
 * UDP: one datagram, the rest of a longer one is dropped).
 * @return bytes received; 0 when the TCP peer closed its side
 * @retval -EBADF @p sock is not an open socket
 * @retval -EINVAL @p buf NULL with @p len > 0, or @p len > INT_MAX
 * @retval -EAGAIN nothing arrived: non-blocking, NET_MSG_DONTWAIT, or the
 *         NET_SO_RCVTIMEO timeout expired
 * @retval -ENOTCONN not connected; -ECONNRESET reset by the peer
 * @retval -EOPNOTSUPP NET_MSG_PEEK on a TLS socket
 * TLS sockets: as "TLS sockets" above (-ECONNABORTED on a fatal alert,
 * -EPROTO on invalid records)
 * Thread only (blocks).
 */
int net_recv(int sock, void *buf, size_t len, int flags);

/**
 * Send one datagram to @p to (UDP), or as net_send() when @p to is NULL.
 * @return bytes sent
 * @retval -EINVAL @p len too small for an address, or as net_send()
 * @retval -EAFNOSUPPORT not a NET_AF_INET (or NET_AF_INET6) address
 * @retval others as net_send()
 * Thread only.
 */
int net_sendto(int sock, const void *buf, size_t len, int flags,
	       const struct net_sockaddr *to, net_socklen_t tolen);

/**
 * Receive one datagram and its sender's address.
 * @param from NULL, or where the sender's address goes
 * @param fromlen in: size of @p from; out: size of the address (NULL iff
 *        @p from is NULL)
 * @return bytes received
 * @retval -EINVAL @p from without @p fromlen, or as net_recv()
 * @retval others as net_recv()
 * Thread only.
 */
int net_recvfrom(int sock, void *buf, size_t len, int flags,
		 struct net_sockaddr *from, net_socklen_t *fromlen);

/**
 * Close the socket (TCP: orderly close, data already sent is still
 * delivered). The descriptor is free again when this returns.
 * @retval 0 closed
 * @retval -EBADF @p sock is not an open socket
 * Thread only.
 */
int net_close(int sock);

/**
 * Shut down reading, writing (TCP: sends FIN) or both.
 * @retval 0 done
 * @retval -EBADF @p sock is not an open socket
 * @retval -EINVAL @p how is not NET_SHUT_RD/WR/RDWR
 * @retval -ENOTCONN not a connected TCP socket
 * Thread only.
 */
int net_shutdown(int sock, int how);

/**
 * Set an option: NET_SOL_SOCKET with NET_SO_REUSEADDR, NET_SO_KEEPALIVE
 * (int), NET_SO_RCVTIMEO, NET_SO_SNDTIMEO (struct net_timeval);
 * NET_IPPROTO_TCP with NET_TCP_NODELAY (int); NET_IPPROTO_IPV6 with
 * NET_IPV6_V6ONLY (int, IPv6 sockets, before bind); NET_SOL_TLS on a TLS
 * socket (see "TLS sockets").
 * @retval 0 set
 * @retval -EBADF @p sock is not an open socket
 * @retval -EINVAL @p val NULL, @p len too small, or a negative timeout;
 *         NET_SOL_TLS: a value out of range, an empty, odd-sized or too long
 *         tag list, a negative tag, a read-only option
 * @retval -ENAMETOOLONG NET_TLS_HOSTNAME above CONFIG_NET_TLS_HOSTNAME_MAX
 * @retval -EISCONN NET_SOL_TLS after net_connect() was called
 * @retval -ENOPROTOOPT unknown option (or compiled out by Kconfig);
 *         NET_SOL_TLS on a socket that is not a TLS socket
 * Thread only.
 */
int net_setsockopt(int sock, int level, int name, const void *val,
		   net_socklen_t len);

/**
 * Read an option (those of net_setsockopt(), NET_SO_ERROR, NET_SO_TYPE;
 * on a TLS socket NET_TLS_VERSION, NET_TLS_CIPHERSUITE_USED,
 * NET_TLS_VERIFY_RESULT).
 * @param len in: size of @p val; out: size written
 * @retval 0 read
 * @retval -EBADF @p sock is not an open socket
 * @retval -EINVAL @p val or @p len NULL, or *@p len too small
 * @retval -ENOTCONN NET_TLS_VERSION/_CIPHERSUITE_USED before a handshake
 * @retval -ENOPROTOOPT unknown option
 * Thread only.
 */
int net_getsockopt(int sock, int level, int name, void *val,
		   net_socklen_t *len);

/**
 * Wait until one of @p fds is ready (or @p timeout_ms passes: 0 does not
 * wait, negative waits forever).
 * @return the number of entries with revents != 0 (0: timeout)
 * @retval -EINVAL @p fds NULL with @p nfds > 0
 * @retval -EBADF an entry's descriptor (>= 0) is not an open socket: that
 *         entry has NET_POLLNVAL in revents, the others are not reliable
 * @retval -EAGAIN too many polls wait at once in the system
 * Thread only (blocks).
 */
int net_poll(struct net_pollfd *fds, unsigned int nfds, int timeout_ms);

/**
 * NET_F_GETFL: the flags (NET_O_NONBLOCK or 0); NET_F_SETFL: set them
 * from @p val.
 * @return the flags (NET_F_GETFL), 0 (NET_F_SETFL)
 * @retval -EBADF @p sock is not an open socket
 * @retval -EINVAL other @p cmd, or other flags than NET_O_NONBLOCK
 * Thread only.
 */
int net_fcntl(int sock, int cmd, int val);

/**
 * Parse an address: NET_AF_INET, dotted decimal into a struct
 * net_ipv4_addr (4 bytes, network order); NET_AF_INET6 (CONFIG_NET_IPV6),
 * text as net_ipv6_addr_from_str() takes it into a struct net_ipv6_addr
 * (16 bytes).
 * @retval 0 parsed
 * @retval -EINVAL NULL argument or not a valid address text
 * @retval -EAFNOSUPPORT other @p family (NET_AF_INET6 without
 *         CONFIG_NET_IPV6 too)
 * Thread or ISR.
 */
int net_inet_pton(int family, const char *src, void *dst);

/**
 * Format an address (NET_AF_INET: 4 bytes, NET_AF_INET6 with
 * CONFIG_NET_IPV6: 16 bytes as net_ipv6_addr_to_str(); network order).
 * @return the length of the text (without the NUL)
 * @retval -EINVAL NULL argument
 * @retval -ENOSPC @p size is below the text's length + 1
 * @retval -EAFNOSUPPORT other @p family (NET_AF_INET6 without
 *         CONFIG_NET_IPV6 too)
 * Thread or ISR.
 */
int net_inet_ntop(int family, const void *src, char *dst, net_socklen_t size);

/* ---- open sockets (diagnostics: net sockets in the shell) ---- */

/** State of an open socket: a TCP state, or NET_SOCKET_UDP. */
enum net_socket_state {
	NET_SOCKET_UDP,             /**< UDP: no connection state */
	NET_SOCKET_TCP_CLOSED,      /**< TCP, not (or no longer) connected */
	NET_SOCKET_TCP_LISTEN,
	NET_SOCKET_TCP_SYN_SENT,
	NET_SOCKET_TCP_SYN_RCVD,
	NET_SOCKET_TCP_ESTABLISHED,
	NET_SOCKET_TCP_FIN_WAIT_1,
	NET_SOCKET_TCP_FIN_WAIT_2,
	NET_SOCKET_TCP_CLOSE_WAIT,
	NET_SOCKET_TCP_CLOSING,
	NET_SOCKET_TCP_LAST_ACK,
	NET_SOCKET_TCP_TIME_WAIT,
};

/** What net_socket_foreach() reports of one open socket. */
struct net_socket_info {
	int sock;                      /**< the descriptor */
	int type;                      /**< NET_SOCK_STREAM or NET_SOCK_DGRAM */
	enum net_socket_state state;
	struct net_sockaddr_in local;  /**< 0.0.0.0:0 when not bound (or
					 *   not an IPv4 socket) */
	struct net_sockaddr_in remote; /**< 0.0.0.0:0 when not connected */
};

/** Called by net_socket_foreach() for each open socket. */
typedef void (*net_socket_foreach_cb_t)(const struct net_socket_info *info,
					void *user_data);

/**
 * Call @p cb for every open socket, in descriptor order. Each entry is a
 * snapshot: a socket may change or close while @p cb runs (which is
 * called without any lock held, so it may block or print).
 * @return the number of sockets reported
 * @retval -EINVAL @p cb is NULL
 * Thread only.
 */
int net_socket_foreach(net_socket_foreach_cb_t cb, void *user_data);

/* ---- net_getaddrinfo ---- */

/** ai_flags of the hints: a NULL host is the any address (to bind)
 *  rather than the loopback address. */
#define NET_AI_PASSIVE 0x01
/** ai_flags of the hints: the host must be a numeric address (no DNS). */
#define NET_AI_NUMERICHOST 0x04

/** One result of net_getaddrinfo(): a list, freed by net_freeaddrinfo(). */
struct net_addrinfo {
	int ai_flags;
	int ai_family;              /**< NET_AF_INET or NET_AF_INET6 */
	int ai_socktype;            /**< NET_SOCK_STREAM or NET_SOCK_DGRAM */
	int ai_protocol;            /**< NET_IPPROTO_TCP or NET_IPPROTO_UDP */
	net_socklen_t ai_addrlen;   /**< size of *ai_addr */
	struct net_sockaddr *ai_addr; /**< a net_sockaddr_in or _in6, port set */
	char *ai_canonname;         /**< always NULL */
	struct net_addrinfo *ai_next;
};

/**
 * Addresses of @p host and port @p service, for net_socket() and
 * net_connect() or net_bind() (getaddrinfo with negative errno).
 *
 * @p host is a numeric IPv4 or IPv6 address, a name (DNS, needs
 * CONFIG_NET_DNS: A and, with CONFIG_NET_IPV6, AAAA records, each answer
 * waited for up to CONFIG_NET_GETADDRINFO_TIMEOUT_MS), or NULL (the
 * loopback address, or the any address with NET_AI_PASSIVE). @p service
 * is a decimal port number 0..65535 or NULL (port 0); service names are
 * not known. @p hints (NULL: all zero) selects ai_family (NET_AF_UNSPEC:
 * both), ai_socktype (0: a stream and a datagram entry per address),
 * ai_protocol (0 or the one of the type) and ai_flags (NET_AI_PASSIVE,
 * NET_AI_NUMERICHOST); its other fields must be 0/NULL.
 * With NET_AF_UNSPEC the IPv4 entries come first.
 *
 * @retval 0 *@p res is a list of at least one entry
 * @retval -EINVAL @p res NULL, both @p host and @p service NULL, @p host
 *         empty or longer than 255 characters, @p service not a port
 *         number, unknown flags, or other fields of @p hints set
 *         (EAI_BADFLAGS, EAI_SERVICE)
 * @retval -EAFNOSUPPORT ai_family is none of NET_AF_UNSPEC, NET_AF_INET,
 *         NET_AF_INET6 (the last without CONFIG_NET_IPV6) (EAI_FAMILY)
 * @retval -EPROTONOSUPPORT ai_socktype or ai_protocol unknown or not of
 *         the same protocol (EAI_SOCKTYPE)
 * @retval -ENOENT no such name (NXDOMAIN, no record of the family asked,
 *         or lwIP gave up on the servers), or NET_AI_NUMERICHOST and the
 *         host is not numeric (EAI_NONAME)
 * @retval -ETIMEDOUT no answer within CONFIG_NET_GETADDRINFO_TIMEOUT_MS
 *         (EAI_AGAIN)
 * @retval -EHOSTUNREACH no DNS server is set (EAI_FAIL)
 * @retval -ENOTSUP a name without CONFIG_NET_DNS (EAI_FAIL)
 * @retval -ENOMEM no memory for the list (CONFIG_NET_HEAP_SIZE) or the
 *         resolver is busy (EAI_MEMORY)
 * Thread only (blocks while the DNS is asked).
 */
int net_getaddrinfo(const char *host, const char *service,
		    const struct net_addrinfo *hints, struct net_addrinfo **res);

/**
 * Free a whole list from net_getaddrinfo() (NULL: nothing). Only the
 * head of a list may be passed. Thread only.
 */
void net_freeaddrinfo(struct net_addrinfo *res);

#endif /* KESTREL_NET_SOCKET_H */
