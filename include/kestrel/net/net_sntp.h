/*
 * SNTP client (CONFIG_NET_SNTP) on lwIP's apps/sntp: sets the wall clock
 * (include/kestrel/sys/realtime.h) from an NTP server.
 *
 * net_sntp_start() asks the first server (after a random delay of up to
 * CONFIG_NET_SNTP_STARTUP_DELAY_MAX_MS), then every
 * CONFIG_NET_SNTP_UPDATE_INTERVAL seconds once it has an answer. A server
 * that does not answer within CONFIG_NET_SNTP_RETRY_TIMEOUT_MS is left for
 * the next one (the wait between attempts doubles up to ten times). Each
 * answer sets the wall clock with sys_realtime_set(); net_sntp_wait() tells
 * when the first one came.
 *
 * Servers: CONFIG_NET_SNTP_SERVERS at the first start (names need
 * CONFIG_NET_DNS), net_sntp_server_set() at run time, and, with
 * CONFIG_NET_SNTP_SERVERS_FROM_DHCP, the DHCP lease's NTP servers
 * (option 42), which then replace the others. Every server is asked on UDP
 * port CONFIG_NET_SNTP_SERVER_PORT (123; lwIP has one port for all), and
 * only an answer from that address and port that echoes the request's
 * transmit time is taken.
 *
 * SNTP is not authenticated: whoever can answer for the server sets the
 * clock. Users of the time for security (TLS validity) should treat it so.
 *
 * Context: threads only (the calls take the network core lock); never from
 * an ISR, except net_sntp_wait() with K_NO_WAIT.
 */
#ifndef KESTREL_NET_NET_SNTP_H
#define KESTREL_NET_NET_SNTP_H

#include <stdbool.h>
#include <stdint.h>

#include <kestrel/kernel.h>

/** Servers net_sntp_server_set() takes (CONFIG_NET_SNTP_SERVERS_MAX). */
#define NET_SNTP_SERVERS_MAX CONFIG_NET_SNTP_SERVERS_MAX

/** Longest server name or address net_sntp_server_set() takes, without
 * the NUL. */
#define NET_SNTP_SERVER_NAME_MAX 63

/**
 * Start the client (servers of CONFIG_NET_SNTP_SERVERS unless set before).
 * Clears what net_sntp_wait() waits for: it waits for an answer from now.
 * @retval 0 started
 * @retval -EALREADY already running
 * @retval -ENOMEM no UDP endpoint free (CONFIG_NET_UDP_MAX_PCBS)
 * Thread only.
 */
int net_sntp_start(void);

/**
 * Stop asking. The wall clock keeps running (and its time).
 * @retval 0 stopped
 * @retval -EALREADY not running
 * Thread only.
 */
int net_sntp_stop(void);

/** true between net_sntp_start() and net_sntp_stop(). Thread only. */
bool net_sntp_is_running(void);

/**
 * Set server @p index (0 is asked first) to @p server: a dotted IPv4
 * address or a name (resolved at each request). NULL or "" unsets it.
 * Takes effect at the next request. A later DHCP lease may replace it
 * (CONFIG_NET_SNTP_SERVERS_FROM_DHCP).
 * @retval 0 set (the text is copied)
 * @retval -EINVAL @p index not below NET_SNTP_SERVERS_MAX, or @p server
 *         longer than NET_SNTP_SERVER_NAME_MAX
 * @retval -ENOTSUP a name, without CONFIG_NET_DNS
 * Thread only.
 */
int net_sntp_server_set(unsigned int index, const char *server);

/**
 * Wait until an SNTP answer has set the wall clock since the last
 * net_sntp_start(). Several threads may wait.
 * @retval 0 the clock has been set (at once if it already was)
 * @retval -ETIMEDOUT no answer within @p timeout (the client goes on
 *         asking; a later answer still sets the clock)
 * @retval -EINVAL a negative timeout, or a timeout other than K_NO_WAIT
 *         from an ISR
 * Thread; ISR with K_NO_WAIT.
 */
int net_sntp_wait(k_timeout_t timeout);

/** What the client has done (net_sntp_info_get()). */
struct net_sntp_info {
	uint32_t updates;       /**< answers that set the clock since boot */
	int64_t last_update_ms; /**< k_uptime_get() of the last one, -1: none */
};

/**
 * Read the client's counters.
 * @retval 0 @p info filled
 * @retval -EINVAL @p info NULL
 * Thread only.
 */
int net_sntp_info_get(struct net_sntp_info *info);

#endif /* KESTREL_NET_NET_SNTP_H */
