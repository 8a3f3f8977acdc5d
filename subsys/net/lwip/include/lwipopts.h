/*
 * lwIP options of Kestrel, derived from Kconfig (subsys/net/Kconfig):
 * CONFIG_* values come from autoconf.h, which every file of the image is
 * compiled with (-imacros). Nothing here is meant to be edited per
 * application: change the Kconfig option instead.
 *
 * Anything not set here keeps lwIP's default (src/include/lwip/opt.h).
 */
#ifndef KESTREL_LWIPOPTS_H
#define KESTREL_LWIPOPTS_H

#include <kestrel/sys/util.h>

/* ---- the OS port (subsys/net/lwip/sys_arch.c) ---- */
#define NO_SYS 0
#define SYS_LIGHTWEIGHT_PROT 1
#define LWIP_TCPIP_CORE_LOCKING 1
#define LWIP_TCPIP_CORE_LOCKING_INPUT 0
#define LWIP_NETCONN_SEM_PER_THREAD 0
#define LWIP_TIMERS 1
#define TCPIP_THREAD_NAME "tcpip"
#define TCPIP_THREAD_STACKSIZE CONFIG_NET_TCPIP_STACK_SIZE
#define TCPIP_THREAD_PRIO CONFIG_NET_TCPIP_PRIORITY
#define TCPIP_MBOX_SIZE CONFIG_NET_TCPIP_MBOX_SIZE
#define DEFAULT_RAW_RECVMBOX_SIZE CONFIG_NET_MBOX_SIZE
#define DEFAULT_UDP_RECVMBOX_SIZE CONFIG_NET_MBOX_SIZE
#define DEFAULT_TCP_RECVMBOX_SIZE CONFIG_NET_MBOX_SIZE
#define DEFAULT_ACCEPTMBOX_SIZE CONFIG_NET_MBOX_SIZE
#define DEFAULT_THREAD_STACKSIZE CONFIG_NET_TCPIP_STACK_SIZE
#define LWIP_ASSERT_CORE_LOCKED() net_lwip_assert_core_locked()
void net_lwip_assert_core_locked(void);
#define LWIP_RAND() net_lwip_rand()
unsigned int net_lwip_rand(void);

/* ---- memory: lwIP's own heap and pools, all static ---- */
#define MEM_LIBC_MALLOC 0
#define MEMP_MEM_MALLOC 0
#define MEM_ALIGNMENT __SIZEOF_POINTER__ /* 8 on the 64-bit host */
#define MEM_SIZE CONFIG_NET_HEAP_SIZE
#define PBUF_POOL_SIZE CONFIG_NET_PBUF_POOL_SIZE
/* One pool buffer holds a whole Ethernet frame: the receive thread lets
 * the driver copy a frame straight into it (subsys/net/lwip/net_eth.c). */
#define PBUF_POOL_BUFSIZE 1514
#define MEMP_NUM_TCPIP_MSG_INPKT CONFIG_NET_PBUF_POOL_SIZE
#define MEMP_NUM_SYS_TIMEOUT (LWIP_NUM_SYS_TIMEOUT_INTERNAL + 4 + \
			      2 * IS_ENABLED(CONFIG_NET_SNTP) + NET_MQTT_TIMEOUTS)

/* ---- protocols ---- */
#define LWIP_IPV4 IS_ENABLED(CONFIG_NET_IPV4)
#define LWIP_IPV6 IS_ENABLED(CONFIG_NET_IPV6)
#define LWIP_ARP LWIP_IPV4
#define LWIP_ETHERNET 1
#define LWIP_ICMP LWIP_IPV4
#define LWIP_RAW IS_ENABLED(CONFIG_NET_ICMP_ECHO)
#define LWIP_UDP IS_ENABLED(CONFIG_NET_UDP)
#define LWIP_TCP IS_ENABLED(CONFIG_NET_TCP)
#define LWIP_DHCP IS_ENABLED(CONFIG_NET_DHCPV4)
#define LWIP_DHCP_DOES_ACD_CHECK 0
#if LWIP_DHCP
#define DHCP_COARSE_TIMER_SECS CONFIG_NET_DHCPV4_TIMER_SECS
#endif
#define LWIP_DNS IS_ENABLED(CONFIG_NET_DNS)
#define LWIP_DHCP_GET_NTP_SRV IS_ENABLED(CONFIG_NET_SNTP_SERVERS_FROM_DHCP)
#if LWIP_DNS
#define DNS_MAX_SERVERS CONFIG_NET_DNS_SERVERS
#endif
#if LWIP_DNS
#define DNS_SERVER_PORT CONFIG_NET_DNS_SERVER_PORT
#endif
#define LWIP_IPV6_DHCP6 0
#if LWIP_IPV6
/* Link-local (index 0, net_core.c) and SLAAC addresses from router
 * advertisements; ND and ICMPv6 come with IPv6. Fragmentation and
 * reassembly keep lwIP's defaults (on). */
#define LWIP_IPV6_NUM_ADDRESSES CONFIG_NET_IPV6_ADDRS
#define LWIP_IPV6_AUTOCONFIG 1
#define LWIP_IPV6_SEND_ROUTER_SOLICIT 1
#define LWIP_IPV6_MLD IS_ENABLED(CONFIG_NET_IPV6_MLD)
/* Reassembly keeps a pointer in the fragment header's 8 bytes: on the
 * 64-bit host it does not fit, lwIP copies the header aside instead. */
#define IPV6_FRAG_COPYHEADER (__SIZEOF_POINTER__ > 4)
/* RDNSS of the advertisements would overwrite the DNS servers of DHCP
 * and net_dns_server_set*() from index 0: off (lwIP's default). */
#define LWIP_ND6_RDNSS_MAX_DNS_SERVERS 0
#endif
#define LWIP_IGMP 0
#define LWIP_AUTOIP 0

#if LWIP_UDP
#define MEMP_NUM_UDP_PCB CONFIG_NET_UDP_MAX_PCBS
#endif
#if LWIP_TCP
#define MEMP_NUM_TCP_PCB CONFIG_NET_TCP_MAX_PCBS
#define MEMP_NUM_TCP_PCB_LISTEN CONFIG_NET_TCP_MAX_LISTEN
#define TCP_MSS 1460
#define TCP_WND (CONFIG_NET_TCP_WND_SEGMENTS * TCP_MSS)
#define TCP_SND_BUF (4 * TCP_MSS)
#define TCP_SND_QUEUELEN (4 * TCP_SND_BUF / TCP_MSS)
#define MEMP_NUM_TCP_SEG TCP_SND_QUEUELEN
#define LWIP_TCP_KEEPALIVE 1
/* net_listen()'s backlog is honoured: a SYN beyond it is dropped (the
 * peer retransmits), as on BSD (tests/net/server). */
#define TCP_LISTEN_BACKLOG 1
#endif

/* ---- APIs: the raw API and tcpip; with CONFIG_NET_SOCKETS lwIP's
 * socket layer on netconn, used only through subsys/net/net_socket.c
 * (include/kestrel/net/socket.h: prefixed names, negative errno). ---- */
#define LWIP_NETCONN IS_ENABLED(CONFIG_NET_SOCKETS)
#define LWIP_SOCKET IS_ENABLED(CONFIG_NET_SOCKETS)
#if LWIP_SOCKET
/* lwip_* names only: nothing named socket(), read(), close() ... */
#define LWIP_COMPAT_SOCKETS 0
#define LWIP_POSIX_SOCKETS_IO_NAMES 0
#define LWIP_SOCKET_OFFSET 0
/* lwIP sizes its socket table by the netconns (NUM_SOCKETS ==
 * MEMP_NUM_NETCONN); net_socket.c counts the open sockets itself to say
 * -ENFILE rather than lwIP's -ENOBUFS. A connection arriving on a
 * listening socket takes a netconn too. */
#define MEMP_NUM_NETCONN CONFIG_NET_SOCKETS_MAX
#define MEMP_NUM_NETBUF CONFIG_NET_MBOX_SIZE
#define LWIP_SOCKET_SELECT 1
#define LWIP_SOCKET_POLL 1
#define LWIP_SO_RCVTIMEO IS_ENABLED(CONFIG_NET_SOCKETS_TIMEOUTS)
#define LWIP_SO_SNDTIMEO IS_ENABLED(CONFIG_NET_SOCKETS_TIMEOUTS)
/* Timeouts as int milliseconds inside lwIP; net_socket.c converts the
 * struct net_timeval of the API. */
#define LWIP_SO_SNDRCVTIMEO_NONSTANDARD 1
#define SO_REUSE IS_ENABLED(CONFIG_NET_SOCKETS_REUSEADDR)
#define LWIP_TCP_KEEPALIVE 1
/* lwIP's errno goes to the calling thread's slot, never to the C
 * library's errno (thread-local storage Kestrel does not set up). */
#define set_errno(err) net_socket_set_errno(err)
void net_socket_set_errno(int err);
#include <sys/time.h> /* struct timeval of lwip_select() */
#endif
/* ---- SNTP (subsys/net/net_sntp.c, CONFIG_NET_SNTP): lwIP's apps/sntp
 * with its clock hooks on Kestrel's wall clock (sys/realtime.h). ---- */
#if defined(CONFIG_NET_SNTP)
#define SNTP_SERVER_DNS LWIP_DNS
#define SNTP_MAX_SERVERS CONFIG_NET_SNTP_SERVERS_MAX
#define LWIP_DHCP_MAX_NTP_SERVERS CONFIG_NET_SNTP_SERVERS_MAX
#define SNTP_PORT CONFIG_NET_SNTP_SERVER_PORT
#define SNTP_UPDATE_DELAY (CONFIG_NET_SNTP_UPDATE_INTERVAL * 1000UL)
#define SNTP_RECV_TIMEOUT CONFIG_NET_SNTP_RETRY_TIMEOUT_MS
#define SNTP_STARTUP_DELAY (CONFIG_NET_SNTP_STARTUP_DELAY_MAX_MS > 0)
#define SNTP_STARTUP_DELAY_FUNC \
	(LWIP_RAND() % (CONFIG_NET_SNTP_STARTUP_DELAY_MAX_MS + 1u))
/* Take only an answer from the server asked, echoing our transmit time;
 * correct for half the round trip. */
#define SNTP_CHECK_RESPONSE 2
#define SNTP_COMP_ROUNDTRIP 1
#define SNTP_SET_SYSTEM_TIME_NTP(sec, frac) net_sntp_time_received(sec, frac)
#define SNTP_GET_SYSTEM_TIME_NTP(sec, frac) net_sntp_time_now(&(sec), &(frac))
void net_sntp_time_received(int32_t sec, uint32_t frac);
void net_sntp_time_now(int32_t *sec, uint32_t *frac);
#endif
/* ---- MQTT (subsys/net/net_mqtt.c, CONFIG_NET_MQTT): lwIP's apps/mqtt
 * sized from Kconfig. Each client has lwIP's cyclic timer and Kestrel's
 * reconnect timer. ---- */
#if defined(CONFIG_NET_MQTT)
#define NET_MQTT_TIMEOUTS (2 * CONFIG_NET_MQTT_CLIENTS)
/* The largest packet out: a PUBLISH, or a CONNECT with every field. */
#define MQTT_OUTPUT_RINGBUF_SIZE \
	(MAX(CONFIG_NET_MQTT_TOPIC_MAX + CONFIG_NET_MQTT_PAYLOAD_MAX, \
	     CONFIG_NET_MQTT_CLIENT_ID_MAX + 2 * CONFIG_NET_MQTT_CREDENTIAL_MAX + \
	     MIN(CONFIG_NET_MQTT_TOPIC_MAX, 255) + CONFIG_NET_MQTT_WILL_MAX) + 32)
/* lwIP needs the topic + 8 in one buffer; the payload may come in parts. */
#define MQTT_VAR_HEADER_BUFFER_LEN (CONFIG_NET_MQTT_TOPIC_MAX + 8)
#define MQTT_REQ_MAX_IN_FLIGHT (CONFIG_NET_MQTT_INFLIGHT_MAX + CONFIG_NET_MQTT_SUBS_MAX)
#define MQTT_CYCLIC_TIMER_INTERVAL 1
#define MQTT_REQ_TIMEOUT CONFIG_NET_MQTT_REQUEST_TIMEOUT_S
#define MQTT_CONNECT_TIMOUT CONFIG_NET_MQTT_CONNECT_TIMEOUT_S
#if defined(CONFIG_NET_MQTT_TLS)
/* TLS under MQTT: lwIP's ALTCP layer and altcp_tls_mbedtls, with the
 * broker's certificate required to verify (lwIP's default is OPTIONAL). */
#define LWIP_ALTCP 1
#define LWIP_ALTCP_TLS 1
#define LWIP_ALTCP_TLS_MBEDTLS 1
#define ALTCP_MBEDTLS_AUTHMODE MBEDTLS_SSL_VERIFY_REQUIRED
#endif
#else
#define NET_MQTT_TIMEOUTS 0
#endif
#define LWIP_NETIF_API 0
#define LWIP_NETIF_EXT_STATUS_CALLBACK 1
#define LWIP_NETIF_LINK_CALLBACK 0
#define LWIP_NETIF_STATUS_CALLBACK 0
#define LWIP_NETIF_HOSTNAME 1
#define LWIP_SINGLE_NETIF 0
#define LWIP_NUM_NETIF_CLIENT_DATA 0

/* ---- checks and counters ---- */
#define LWIP_STATS IS_ENABLED(CONFIG_NET_STATS)
#define LWIP_STATS_DISPLAY 0
#if LWIP_STATS
/* net_stats_get() (subsys/net/net_stats.c): 32-bit counters, and every
 * protocol's block present whatever is compiled (unused ones stay 0). */
#define LWIP_STATS_LARGE 1
#define LINK_STATS 1
#define ETHARP_STATS 1
#define IP_STATS 1
#define IPFRAG_STATS 1
#define ICMP_STATS 1
#define UDP_STATS 1
#define TCP_STATS 1
#define IP6_STATS LWIP_IPV6
#define ICMP6_STATS LWIP_IPV6
#define IP6_FRAG_STATS LWIP_IPV6
#define ND6_STATS LWIP_IPV6
#endif
#define MIB2_STATS 0
#if defined(CONFIG_NET_LWIP_DEBUG)
#define LWIP_DEBUG 1
#endif
#define LWIP_NOASSERT_ON_ERROR 0

#endif /* KESTREL_LWIPOPTS_H */
