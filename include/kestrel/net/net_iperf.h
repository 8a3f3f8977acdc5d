/*
 * iperf 2 TCP throughput (CONFIG_NET_IPERF): lwIP's lwiperf as a client
 * of an iperf 2 server (`iperf -s`; the host's `iperf` fixture) or as a
 * server for iperf 2 clients (`iperf -c`). Start a side, then wait for
 * the report of the test. For benchmarks; the figures depend on the host
 * and the emulator.
 */
#ifndef KESTREL_NET_IPERF_H
#define KESTREL_NET_IPERF_H

#include <stdint.h>

#include <kestrel/kernel.h>
#include <kestrel/net/net_ip.h>

/** The port an iperf 2 server listens on by default. */
#define NET_IPERF_PORT_DEFAULT 5001

/** What one finished test measured. */
struct net_iperf_result {
	uint32_t bytes;      /**< payload bytes transferred */
	uint32_t ms;         /**< duration */
	uint32_t kbit_per_s; /**< bytes * 8 / ms, as lwiperf computes it */
};

/**
 * Send to the iperf 2 server at @p server : @p port for 10 s (lwiperf's
 * client: data one way, device to server). Thread only.
 * @retval 0 started: wait with net_iperf_wait()
 * @retval -EBUSY the previous client test has not reported yet
 * @retval -EINVAL NULL @p server or port 0
 * @retval -ENOMEM no TCP PCB or lwIP heap left
 */
int net_iperf_client_start(const struct net_ipv4_addr *server, uint16_t port);

/**
 * Listen on @p port for iperf 2 clients (`iperf -c`), from now until the
 * image ends (lwiperf cannot stop a server): data one way, client to
 * device, one report per connection. Thread only.
 * @retval 0 listening: wait with net_iperf_wait()
 * @retval -EALREADY the server was started before
 * @retval -EINVAL port 0
 * @retval -ENOMEM no listening PCB or lwIP heap left
 */
int net_iperf_server_start(uint16_t port);

/**
 * Wait for the next report of a test (client or server side), or take
 * the one that came since the last call. Thread only.
 * @retval 0 a test finished, @p result filled in
 * @retval -EINVAL NULL @p result
 * @retval -ETIMEDOUT no report within @p timeout (a test still running
 *         goes on; wait again)
 * @retval -ECONNABORTED a test ended early (aborted by either side, or a
 *         transmit or data error); @p result holds what was measured
 */
int net_iperf_wait(k_timeout_t timeout, struct net_iperf_result *result);

#endif /* KESTREL_NET_IPERF_H */
