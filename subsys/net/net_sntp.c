/*
 * SNTP client (net_sntp.h) on lwIP's apps/sntp.
 *
 * lwIP does the protocol: requests, retries, server fail-over, the check
 * of the answer's address, port and originate time (SNTP_CHECK_RESPONSE 2)
 * and the round-trip compensation (SNTP_COMP_ROUNDTRIP). lwipopts.h points
 * its two clock hooks here: SNTP_SET_SYSTEM_TIME_NTP (an answer: set the
 * wall clock, wake the waiters) and SNTP_GET_SYSTEM_TIME_NTP (the time
 * put in a request). Both run in the tcpip thread with the core lock held,
 * as does every sntp_* call made here.
 */
#include <errno.h>
#include <string.h>

#include <kestrel/kernel.h>
#include <kestrel/net/net_ip.h>
#include <kestrel/net/net_sntp.h>
#include <kestrel/sys/realtime.h>

#include "lwip/apps/sntp.h"
#include "lwip/ip_addr.h"
#include "lwip/tcpip.h"
#include "lwip/udp.h"

#include "net_priv.h"

_Static_assert(SNTP_PORT == CONFIG_NET_SNTP_SERVER_PORT,
	       "lwIP ignores CONFIG_NET_SNTP_SERVER_PORT");
_Static_assert(SNTP_MAX_SERVERS == NET_SNTP_SERVERS_MAX,
	       "NET_SNTP_SERVERS_MAX differs from lwIP's SNTP_MAX_SERVERS");

/* NTP timestamps as lwIP hands them over: seconds since 2036-02-07T06:28:16Z
 * (NTP era 1) as a signed 32-bit number, so 1968 .. 2104. */
#define UNIX_AT_NTP_ERA1 2085978496LL

#define SNTP_EV_SET 0x1u

static K_EVENT_DEFINE(sntp_ev);

/* Under the core lock. */
static char names[NET_SNTP_SERVERS_MAX][NET_SNTP_SERVER_NAME_MAX + 1];
static bool defaults_done;
static struct net_sntp_info info = { 0, -1 };

/* lwIP's SNTP_SET_SYSTEM_TIME_NTP: an answer (tcpip thread, core lock). */
void net_sntp_time_received(int32_t sec, uint32_t frac)
{
	struct sys_timespec ts = {
		.tv_sec = (int64_t)sec + UNIX_AT_NTP_ERA1,
		.tv_nsec = (int32_t)(((uint64_t)frac * 1000000000u) >> 32),
	};

	if (sys_realtime_set(&ts) != 0) {
		return; /* before 1970: not a time we keep */
	}
	info.updates++;
	info.last_update_ms = k_uptime_get();
	(void)k_event_post(&sntp_ev, SNTP_EV_SET);
}

/* lwIP's SNTP_GET_SYSTEM_TIME_NTP: the wall clock as an NTP timestamp;
 * the uptime (as if from 1970) while it is not set, which lwIP's
 * round-trip compensation then ignores as more than 34 years off. */
void net_sntp_time_now(int32_t *sec, uint32_t *frac)
{
	struct sys_timespec ts;

	if (sys_realtime_get(&ts) != 0) {
		int64_t us = k_uptime_us();

		ts.tv_sec = us / 1000000;
		ts.tv_nsec = (int32_t)(us % 1000000) * 1000;
	}
	*sec = (int32_t)(uint32_t)(ts.tv_sec - UNIX_AT_NTP_ERA1);
	*frac = (uint32_t)(((uint64_t)ts.tv_nsec << 32) / 1000000000u);
}

/* Server @p index from @p text (core lock held). */
static int server_put(unsigned int index, const char *text, size_t len)
{
	struct net_ipv4_addr a;
	ip_addr_t ip;

	memcpy(names[index], text, len);
	names[index][len] = '\0';
	if (len == 0) {
		sntp_setserver((u8_t)index, NULL);
		return 0;
	}
	if (net_ipv4_addr_from_str(names[index], &a) == 0) {
		memset(&ip, 0, sizeof(ip));
		*ip_2_ip4(&ip) = net_ipv4_to_lwip(&a);
		IP_SET_TYPE_VAL(ip, IPADDR_TYPE_V4);
		sntp_setserver((u8_t)index, &ip);
		return 0;
	}
#if SNTP_SERVER_DNS
	sntp_setservername((u8_t)index, names[index]);
	return 0;
#else
	names[index][0] = '\0';
	return -ENOTSUP;
#endif
}

/* CONFIG_NET_SNTP_SERVERS (space-separated), once, before anything else
 * sets a server (core lock held). Entries beyond the table are ignored;
 * the build checks nothing here, so a bad entry is simply not a server. */
static void servers_default(void)
{
	const char *p = CONFIG_NET_SNTP_SERVERS;
	unsigned int index = 0;

	if (defaults_done) {
		return;
	}
	defaults_done = true;
	while (*p != '\0' && index < NET_SNTP_SERVERS_MAX) {
		size_t len = 0;

		while (*p == ' ') {
			p++;
		}
		while (p[len] != '\0' && p[len] != ' ') {
			len++;
		}
		if (len > 0 && len <= NET_SNTP_SERVER_NAME_MAX &&
		    server_put(index, p, len) == 0) {
			index++;
		}
		p += len;
	}
}

int net_sntp_server_set(unsigned int index, const char *server)
{
	size_t len = 0;
	int ret;

	if (index >= NET_SNTP_SERVERS_MAX) {
		return -EINVAL;
	}
	while (server != NULL && server[len] != '\0') {
		if (++len > NET_SNTP_SERVER_NAME_MAX) {
			return -EINVAL;
		}
	}
	LOCK_TCPIP_CORE();
	servers_default();
	ret = server_put(index, server != NULL ? server : "", len);
	UNLOCK_TCPIP_CORE();
	return ret;
}

/* true if sntp_init() will get its UDP PCB (core lock held: nobody takes
 * the one freed here before it does); lwIP asserts when it does not. */
static bool udp_pcb_free(void)
{
	struct udp_pcb *probe = udp_new();

	if (probe == NULL) {
		return false;
	}
	udp_remove(probe);
	return true;
}

int net_sntp_start(void)
{
	int ret = 0;

	LOCK_TCPIP_CORE();
	if (sntp_enabled()) {
		ret = -EALREADY;
	} else if (!udp_pcb_free()) {
		ret = -ENOMEM;
	} else {
		servers_default();
		sntp_setoperatingmode(SNTP_OPMODE_POLL);
		sntp_servermode_dhcp(IS_ENABLED(CONFIG_NET_SNTP_SERVERS_FROM_DHCP));
		(void)k_event_clear(&sntp_ev, SNTP_EV_SET);
		sntp_init();
	}
	UNLOCK_TCPIP_CORE();
	return ret;
}

int net_sntp_stop(void)
{
	int ret = 0;

	LOCK_TCPIP_CORE();
	if (sntp_enabled()) {
		sntp_stop();
	} else {
		ret = -EALREADY;
	}
	UNLOCK_TCPIP_CORE();
	return ret;
}

bool net_sntp_is_running(void)
{
	LOCK_TCPIP_CORE();
	bool on = sntp_enabled() != 0;

	UNLOCK_TCPIP_CORE();
	return on;
}

int net_sntp_wait(k_timeout_t timeout)
{
	bool no_wait = K_TIMEOUT_EQ(timeout, K_NO_WAIT);

	if ((timeout.ticks < 0 && !K_TIMEOUT_EQ(timeout, K_FOREVER)) ||
	    (k_is_in_isr() && !no_wait)) {
		return -EINVAL;
	}
	return k_event_wait(&sntp_ev, SNTP_EV_SET, K_EVENT_WAIT_ANY, timeout) != 0
		       ? 0
		       : -ETIMEDOUT;
}

int net_sntp_info_get(struct net_sntp_info *out)
{
	if (out == NULL) {
		return -EINVAL;
	}
	LOCK_TCPIP_CORE();
	*out = info;
	UNLOCK_TCPIP_CORE();
	return 0;
}
