/*
 * iperf 2 TCP throughput on lwIP's lwiperf (include/kestrel/net/net_iperf.h).
 * lwiperf runs on the raw TCP API: it is started under the core lock and
 * reports from the tcpip thread (lock held), which wakes the waiter. A
 * session is never aborted from here: lwiperf_abort() of lwIP 2.2.1 frees
 * its state without closing the PCBs (and loses the list head), so a
 * client runs to its end and a server listens until the image ends.
 */
#include <errno.h>

#include <kestrel/kernel.h>
#include <kestrel/net/net_iperf.h>

#include "lwip/apps/lwiperf.h"
#include "lwip/tcpip.h"
#include "net_priv.h"

/* Report arguments: which side reported. */
static char side_client, side_server;

static struct {
	bool client_running; /* between a client start and its report */
	bool server_started;
	bool ok;             /* of the latest report */
	struct net_iperf_result result;
} iperf;

static K_SEM_DEFINE(iperf_report, 0, 1);

static void report(void *arg, enum lwiperf_report_type type, const ip_addr_t *local_addr,
		   u16_t local_port, const ip_addr_t *remote_addr, u16_t remote_port,
		   u32_t bytes, u32_t ms, u32_t kbit_per_s)
{
	(void)local_addr;
	(void)local_port;
	(void)remote_addr;
	(void)remote_port;
	if (arg == &side_client) {
		iperf.client_running = false;
	}
	iperf.result = (struct net_iperf_result){ bytes, ms, kbit_per_s };
	iperf.ok = type == LWIPERF_TCP_DONE_SERVER || type == LWIPERF_TCP_DONE_CLIENT;
	k_sem_give(&iperf_report);
}

int net_iperf_client_start(const struct net_ipv4_addr *server, uint16_t port)
{
	ip_addr_t addr;
	int ret = 0;

	if (server == NULL || port == 0) {
		return -EINVAL;
	}
	ip_addr_copy_from_ip4(addr, net_ipv4_to_lwip(server));
	LOCK_TCPIP_CORE();
	if (iperf.client_running) {
		ret = -EBUSY;
	} else if (lwiperf_start_tcp_client(&addr, port, LWIPERF_CLIENT, report,
					    &side_client) == NULL) {
		ret = -ENOMEM;
	} else {
		iperf.client_running = true;
	}
	UNLOCK_TCPIP_CORE();
	return ret;
}

int net_iperf_server_start(uint16_t port)
{
	int ret = 0;

	if (port == 0) {
		return -EINVAL;
	}
	LOCK_TCPIP_CORE();
	if (iperf.server_started) {
		ret = -EALREADY;
	} else if (lwiperf_start_tcp_server(IP_ADDR_ANY, port, report, &side_server) == NULL) {
		ret = -ENOMEM;
	} else {
		iperf.server_started = true;
	}
	UNLOCK_TCPIP_CORE();
	return ret;
}

int net_iperf_wait(k_timeout_t timeout, struct net_iperf_result *result)
{
	int ret;

	if (result == NULL) {
		return -EINVAL;
	}
	if (k_sem_take(&iperf_report, timeout) != 0) {
		return -ETIMEDOUT;
	}
	LOCK_TCPIP_CORE();
	*result = iperf.result;
	ret = iperf.ok ? 0 : -ECONNABORTED;
	UNLOCK_TCPIP_CORE();
	return ret;
}
