/*
 * The connection manager's built-in layers (conn_mgr.h): link, address
 * (DHCPv4), DNS (the server name resolves), time (SNTP). Each is a
 * struct conn_mgr_layer like a session layer; the interface's events
 * (net_event.h) become their reports. The callbacks run in the manager's
 * thread; the event handler in the network thread (it only posts).
 */
#include <errno.h>
#include <string.h>

#include <kestrel/kernel.h>
#include <kestrel/net/conn_mgr.h>
#include <kestrel/net/net_dns.h>
#include <kestrel/net/net_event.h>
#include <kestrel/net/net_if.h>
#include <kestrel/net/net_sntp.h>

#include "conn_mgr_priv.h"

static struct {
	struct net_if *iface;
	const char *server_name;     /* NULL: no DNS layer */
	struct net_ipv4_addr dns_server;
	bool set_dns_server;
	bool time;
	bool dhcp_started;           /* by this manager, since its start */
	struct net_ipv4_addr server_addr;
} cm;

/* ---- link ---- */

static int link_connect(struct conn_mgr_layer *layer)
{
	(void)layer;
	int ret = net_if_up(cm.iface);

	if (ret != 0) {
		return ret;
	}
	/* Down: the LINK_UP event reports it (no timeout: a cable). */
	return net_if_link_is_up(cm.iface) == 1 ? 0 : -EINPROGRESS;
}

static bool link_is_up(struct conn_mgr_layer *layer)
{
	(void)layer;
	return net_if_link_is_up(cm.iface) == 1;
}

static const struct conn_mgr_layer_api link_api = {
	.connect = link_connect,
	.is_up = link_is_up,
};

static struct conn_mgr_layer link_layer = { .name = "link", .api = &link_api };

/* ---- address ---- */

static bool has_address(void)
{
	return net_if_wait_ipv4(cm.iface, K_NO_WAIT) == 0;
}

static int addr_connect(struct conn_mgr_layer *layer)
{
	if (has_address()) {
		return 0;
	}
	/* A retry restarts discovery; after a lost lease (attempt 0) lwIP's
	 * client is already discovering by itself. */
	if (!cm.dhcp_started || conn_mgr_attempt(layer->id) > 0) {
		int ret = net_if_dhcpv4_start(cm.iface);

		if (ret != 0) {
			return ret;
		}
		cm.dhcp_started = true;
	}
	return -EINPROGRESS; /* ADDR_ACQUIRED reports it */
}

static bool addr_is_up(struct conn_mgr_layer *layer)
{
	(void)layer;
	return has_address();
}

static const struct conn_mgr_layer_api addr_api = {
	.connect = addr_connect,
	.is_up = addr_is_up,
};

static struct conn_mgr_layer addr_layer = {
	.name = "address",
	.api = &addr_api,
	.timeout_ms = CONFIG_NET_CONN_MGR_DHCP_TIMEOUT_MS,
};

/* ---- DNS ---- */

static int dns_connect(struct conn_mgr_layer *layer)
{
	if (cm.server_name == NULL) {
		return 0;
	}
	/* The first attempt after the address came up: the lease has just
	 * set its servers; the configured one replaces the first. Retries
	 * leave the list alone (someone may have fixed it). */
	if (cm.set_dns_server && conn_mgr_attempt(layer->id) == 0) {
		int ret = net_dns_server_set(0, &cm.dns_server);

		if (ret != 0) {
			return ret;
		}
	}
	return net_dns_resolve(cm.server_name, NET_DNS_AF_INET, &cm.server_addr,
			       K_MSEC(CONFIG_NET_CONN_MGR_DNS_TIMEOUT_MS));
}

static const struct conn_mgr_layer_api dns_api = { .connect = dns_connect };

static struct conn_mgr_layer dns_layer = { .name = "dns", .api = &dns_api };

/* ---- time ---- */

static int time_connect(struct conn_mgr_layer *layer)
{
	(void)layer;
	if (!cm.time) {
		return 0;
	}
	if (net_sntp_is_running()) {
		if (net_sntp_wait(K_NO_WAIT) == 0) {
			return 0; /* it kept the clock set across a lower loss */
		}
		(void)net_sntp_stop(); /* a retry starts a fresh request */
	}
	int ret = net_sntp_start();

	return ret != 0 ? ret : net_sntp_wait(K_MSEC(CONFIG_NET_CONN_MGR_TIME_TIMEOUT_MS));
}

static void time_disconnect(struct conn_mgr_layer *layer, int reason)
{
	(void)layer;
	/* Below it going down does not unset the clock: SNTP goes on. */
	if (cm.time && reason == CONN_MGR_STOPPING && net_sntp_is_running()) {
		(void)net_sntp_stop();
	}
}

static const struct conn_mgr_layer_api time_api = {
	.connect = time_connect,
	.disconnect = time_disconnect,
};

static struct conn_mgr_layer time_layer = { .name = "time", .api = &time_api };

struct conn_mgr_layer *const conn_mgr_builtin[CONN_MGR_LAYER_SESSION] = {
	&link_layer, &addr_layer, &dns_layer, &time_layer,
};

/* ---- events of the interface (network thread: post only) ---- */

static void on_net_event(struct net_if *iface, uint32_t event, void *user_data)
{
	(void)user_data;
	if (iface != cm.iface) {
		return;
	}
	switch (event) {
	case NET_EVENT_LINK_UP:
		(void)conn_mgr_layer_report(&link_layer, 0);
		break;
	case NET_EVENT_LINK_DOWN:
		if (conn_mgr_state_peek(CONN_MGR_LAYER_LINK) == CONN_MGR_UP) {
			(void)conn_mgr_layer_report(&link_layer, -ENETDOWN);
		}
		break;
	case NET_EVENT_IPV4_ADDR_ACQUIRED:
		(void)conn_mgr_layer_report(&addr_layer, 0);
		break;
	case NET_EVENT_IPV4_ADDR_LOST:
		if (conn_mgr_state_peek(CONN_MGR_LAYER_ADDR) == CONN_MGR_UP) {
			(void)conn_mgr_layer_report(&addr_layer, -EADDRNOTAVAIL);
		}
		break;
	default:
		break;
	}
}

static struct net_event_handler net_handler = {
	.mask = NET_EVENT_LINK_UP | NET_EVENT_LINK_DOWN |
		NET_EVENT_IPV4_ADDR_ACQUIRED | NET_EVENT_IPV4_ADDR_LOST,
	.cb = on_net_event,
};

void conn_mgr_config_default(struct conn_mgr_config *cfg)
{
	if (cfg == NULL) {
		return;
	}
	*cfg = (struct conn_mgr_config){
		.iface = net_if_get_default(),
		.server_name = CONFIG_NET_CONN_MGR_SERVER_NAME,
		.dns_server = CONFIG_NET_CONN_MGR_DNS_SERVER,
		.time = IS_ENABLED(CONFIG_NET_CONN_MGR_TIME),
	};
}

static bool empty(const char *s)
{
	return s == NULL || s[0] == '\0';
}

int conn_mgr_builtin_start(const struct conn_mgr_config *cfg)
{
	struct net_if *iface = cfg->iface != NULL ? cfg->iface : net_if_get_default();
	struct net_ipv4_addr dns = { 0 };

	if (iface == NULL) {
		return -ENODEV;
	}
	if ((!empty(cfg->server_name) && strlen(cfg->server_name) > NET_DNS_NAME_MAX) ||
	    (!empty(cfg->dns_server) && net_ipv4_addr_from_str(cfg->dns_server, &dns) != 0)) {
		return -EINVAL;
	}
	cm.iface = iface;
	cm.server_name = empty(cfg->server_name) ? NULL : cfg->server_name;
	cm.dns_server = dns;
	cm.set_dns_server = !empty(cfg->dns_server);
	cm.time = cfg->time;
	cm.dhcp_started = false;
	memset(&cm.server_addr, 0, sizeof(cm.server_addr));
	int ret = net_event_handler_add(&net_handler);

	return ret == -EALREADY ? 0 : ret;
}

void conn_mgr_builtin_stop(void)
{
	(void)net_event_handler_remove(&net_handler);
}

int conn_mgr_builtin_server_addr(struct net_ipv4_addr *addr)
{
	if (cm.server_name == NULL) {
		return -EAGAIN;
	}
	*addr = cm.server_addr;
	return 0;
}
