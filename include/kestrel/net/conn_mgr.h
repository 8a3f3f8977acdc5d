/*
 * Connection manager (CONFIG_NET_CONN_MGR): one thread brings the device
 * online and keeps it there, layer by layer:
 *
 *   0 link     the interface up and its link (cable, backend) up
 *   1 address  an IPv4 address from DHCPv4
 *   2 DNS      the configured server name resolves (conn_mgr_server_addr())
 *   3 time     the wall clock set by SNTP (sys_realtime)
 *   4..        session layers the application registers (TLS, MQTT, ...)
 *
 * Each layer is down, connecting, up, in backoff (waiting to retry) or
 * failed. A layer is only tried once every layer below it is up. A layer
 * that fails is retried after an exponential backoff with jitter, and only
 * that layer: a DNS failure retries DNS and keeps the address, a session
 * failure does not redo DHCP. A layer that goes down takes every layer
 * above it down first (top first); they come back, bottom first, once it
 * is up again. subsys/net/conn_mgr/DESIGN.md has the state machine, the
 * backoff formula and what restarts what.
 *
 * Session layers plug in through struct conn_mgr_layer: the manager calls
 * their connect/disconnect/is_up from its own thread, never two at once.
 *
 * Context: every function is thread context only, except
 * conn_mgr_layer_report() (thread or ISR) and conn_mgr_backoff_ms() and
 * conn_mgr_state_name() (anywhere).
 */
#ifndef KESTREL_NET_CONN_MGR_H
#define KESTREL_NET_CONN_MGR_H

#include <stdbool.h>
#include <stdint.h>

#include <kestrel/kernel.h>
#include <kestrel/net/net_ip.h>
#include <kestrel/sys/dlist.h>

struct net_if;

/** The built-in layers' numbers; session layers follow in the order they
 *  were registered. */
enum conn_mgr_layer_id {
	CONN_MGR_LAYER_LINK = 0,
	CONN_MGR_LAYER_ADDR = 1,
	CONN_MGR_LAYER_DNS = 2,
	CONN_MGR_LAYER_TIME = 3,
	CONN_MGR_LAYER_SESSION = 4, /**< the first session layer */
};

/** Session layers at most (CONFIG_NET_CONN_MGR_SESSION_LAYERS). */
#define CONN_MGR_SESSION_MAX CONFIG_NET_CONN_MGR_SESSION_LAYERS

/** Layers at most: the built-in ones and the session layers. */
#define CONN_MGR_LAYERS_MAX (CONN_MGR_LAYER_SESSION + CONN_MGR_SESSION_MAX)

/** State of a layer. */
enum conn_mgr_state {
	CONN_MGR_DOWN = 0,       /**< not up; waiting for the layers below */
	CONN_MGR_CONNECTING = 1, /**< connect() called, the outcome pending */
	CONN_MGR_UP = 2,         /**< usable */
	CONN_MGR_BACKOFF = 3,    /**< failed; retried when the delay ends */
	CONN_MGR_FAILED = 4,     /**< gave up (max_attempts): retried only by
				  *   conn_mgr_layer_retry() or after a lower
				  *   layer came back */
};

/** Why conn_mgr calls a layer's disconnect(). */
enum conn_mgr_down_reason {
	CONN_MGR_LOWER_DOWN = 1, /**< a layer below it went down */
	CONN_MGR_STOPPING = 2,   /**< conn_mgr_stop() */
	CONN_MGR_TIMED_OUT = 3,  /**< an -EINPROGRESS connect took longer
				  *   than timeout_ms: abandon it */
};

struct conn_mgr_layer;

/**
 * What a session layer does. Every callback runs in the manager's thread,
 * one at a time; they may block, bounded (the manager handles nothing
 * else meanwhile: a connect should give up after a few seconds).
 */
struct conn_mgr_layer_api {
	/**
	 * Bring the layer up (every layer below is up).
	 * @retval 0 up now
	 * @retval -EINPROGRESS under way: the layer calls
	 *         conn_mgr_layer_report() with the outcome, within
	 *         @p layer->timeout_ms (else it counts as -ETIMEDOUT)
	 * @retval negative errno failed (retried after the backoff)
	 */
	int (*connect)(struct conn_mgr_layer *layer);
	/**
	 * Take the layer down (it was up or connecting); NULL: nothing to do.
	 * @param reason enum conn_mgr_down_reason
	 */
	void (*disconnect)(struct conn_mgr_layer *layer, int reason);
	/**
	 * Still up? Asked every CONFIG_NET_CONN_MGR_CHECK_INTERVAL_MS while
	 * the layer is up; false counts as a loss (-ENOTCONN). NULL: never
	 * asked (the layer reports a loss with conn_mgr_layer_report()).
	 */
	bool (*is_up)(struct conn_mgr_layer *layer);
};

/** A session layer; owned by the caller, alive while registered. */
struct conn_mgr_layer {
	const char *name;                      /**< for events and logs */
	const struct conn_mgr_layer_api *api;  /**< connect is required */
	uint32_t timeout_ms;  /**< bound of an -EINPROGRESS connect; 0: none */
	uint32_t max_attempts; /**< failures in a row before FAILED; 0: none */
	void *user_data;      /**< for the callbacks */
	/* private, set by conn_mgr */
	int id;
};

/** One state change of one layer, as handlers see it. */
struct conn_mgr_event {
	int layer;          /**< layer number (enum conn_mgr_layer_id, or a
			     *   session layer's) */
	uint8_t state;      /**< enum conn_mgr_state now */
	uint8_t prev;       /**< the state before */
	int reason;         /**< the negative errno of a failure or loss
			     *   (BACKOFF, FAILED, DOWN), else 0 */
	uint32_t attempt;   /**< failures in a row, this one included
			     *   (BACKOFF, FAILED); 0 once up */
	uint32_t delay_ms;  /**< BACKOFF: the wait before the retry */
	int64_t ticks;      /**< k_uptime_ticks() of the change */
};

typedef void (*conn_mgr_cb_t)(const struct conn_mgr_event *ev,
			      void *user_data);

/** A registration for events; owned by the caller, alive while added. */
struct conn_mgr_handler {
	sys_dnode_t node;     /**< private */
	uint32_t layer_mask;  /**< 1u << layer for each layer wanted */
	conn_mgr_cb_t cb;
	void *user_data;
};

/** What the manager is configured with (conn_mgr_start()). */
struct conn_mgr_config {
	/** The interface; NULL: the default one. */
	struct net_if *iface;
	/** The name the DNS layer resolves (the server of the session
	 *  layers); NULL or "": no DNS layer (reported up). */
	const char *server_name;
	/** A DNS server set when the address layer comes up (it replaces
	 *  the lease's first server); NULL or "": the lease's. */
	const char *dns_server;
	/** false: no time layer (reported up). */
	bool time;
};

/** The configuration from Kconfig (CONFIG_NET_CONN_MGR_SERVER_NAME,
 *  _DNS_SERVER, _TIME) and the default interface. Thread: ok. */
void conn_mgr_config_default(struct conn_mgr_config *cfg);

/**
 * Start the manager's thread: it brings the layers up and keeps them.
 * @param cfg NULL: conn_mgr_config_default(); copied (the strings are not:
 *        they must stay valid until conn_mgr_stop())
 * @retval 0 started
 * @retval -EALREADY already running
 * @retval -ENODEV no interface
 * @retval -EINVAL a name longer than NET_DNS_NAME_MAX, or a dns_server
 *         that is not a numeric address
 * Thread context.
 */
int conn_mgr_start(const struct conn_mgr_config *cfg);

/**
 * Stop the manager: every layer that is not down is disconnected
 * (CONN_MGR_STOPPING), top first, and reported down; then the thread ends.
 * The interface stays up with its address (net_if_down() takes it down).
 * @retval 0 stopped
 * @retval -EALREADY not running
 * @retval -EDEADLK called from the manager's thread (a handler, a layer)
 * Thread context.
 */
int conn_mgr_stop(void);

/**
 * Add a session layer on top of those registered (stopped manager only).
 * @return its layer number (CONN_MGR_LAYER_SESSION or above)
 * @retval -EINVAL NULL layer, api or connect
 * @retval -EALREADY @p layer is already registered
 * @retval -ENOMEM CONN_MGR_SESSION_MAX layers are registered
 * @retval -EBUSY the manager is running
 * Thread context.
 */
int conn_mgr_layer_register(struct conn_mgr_layer *layer);

/**
 * Remove a session layer (stopped manager only); those above move down
 * by one number.
 * @retval 0 removed
 * @retval -EINVAL NULL layer
 * @retval -ENOENT not registered
 * @retval -EBUSY the manager is running
 * Thread context.
 */
int conn_mgr_layer_unregister(struct conn_mgr_layer *layer);

/**
 * Tell the manager how a session layer is doing: the outcome of a connect
 * that returned -EINPROGRESS (0: up, negative: failed), or, while it is
 * up, a loss (negative errno: the connection ended). Other reports are
 * ignored (a late outcome of an attempt that timed out).
 * @retval 0 taken (handled by the manager's thread soon after)
 * @retval -EINVAL NULL or unregistered layer, or a positive @p result
 * Thread or ISR.
 */
int conn_mgr_layer_report(struct conn_mgr_layer *layer, int result);

/**
 * Retry layer @p layer now: a layer in BACKOFF or FAILED is tried at once
 * (its attempts count on); others are left alone.
 * @retval 0 done (or nothing to do)
 * @retval -EINVAL no such layer
 * @retval -EALREADY the manager is not running
 * Thread context.
 */
int conn_mgr_layer_retry(int layer);

/** Layers in use (CONN_MGR_LAYER_SESSION + session layers). Thread. */
int conn_mgr_layer_count(void);

/** What conn_mgr_layer_info_get() reports. */
struct conn_mgr_layer_info {
	const char *name;
	enum conn_mgr_state state;
	int last_error;     /**< the last failure or loss, 0 if none */
	uint32_t attempt;   /**< failures in a row (0 once up) */
	uint32_t ups;       /**< times it came up since conn_mgr_start() */
	uint32_t losses;    /**< times it went down after being up */
	int64_t retry_ticks; /**< BACKOFF: when it is retried */
};

/**
 * Copy the state of @p layer.
 * @retval 0 copied
 * @retval -EINVAL NULL @p info, or no such layer
 * Thread context.
 */
int conn_mgr_layer_info_get(int layer, struct conn_mgr_layer_info *info);

/** The state of @p layer (enum conn_mgr_state), or -EINVAL. Thread. */
int conn_mgr_state_get(int layer);

/** true while every layer is up. Thread. */
bool conn_mgr_is_online(void);

/**
 * Wait until every layer is up.
 * @retval 0 online (at once if it was)
 * @retval -ETIMEDOUT not within @p timeout
 * @retval -EALREADY the manager is not running
 * Thread context.
 */
int conn_mgr_wait_online(k_timeout_t timeout);

/**
 * The address the DNS layer resolved the server name to.
 * @retval 0 copied
 * @retval -EINVAL NULL @p addr
 * @retval -EAGAIN the DNS layer is not up (or there is none)
 * Thread context.
 */
int conn_mgr_server_addr(struct net_ipv4_addr *addr);

/**
 * Handlers: @p h->cb runs in the manager's thread for each state change
 * of a layer in @p h->layer_mask, in the order of the changes. It must
 * not block nor call conn_mgr_stop(), conn_mgr_wait_online() or the
 * handler functions.
 * @retval 0 added
 * @retval -EINVAL NULL handler or callback, or an empty mask
 * @retval -EALREADY already added
 * Thread context.
 */
int conn_mgr_handler_add(struct conn_mgr_handler *h);

/**
 * Remove a handler; when this returns its callback is not running.
 * @retval 0 removed
 * @retval -EINVAL NULL handler
 * @retval -ENOENT not added
 * Thread context (not from a handler).
 */
int conn_mgr_handler_remove(struct conn_mgr_handler *h);

/**
 * The backoff before retry number @p attempt (1: after the first
 * failure): d = min(MAX, BASE * 2^(attempt - 1)), minus a jitter of up to
 * JITTER percent of d taken from @p rnd: d - (rnd % (d * JITTER / 100 + 1)).
 * BASE, MAX and JITTER are CONFIG_NET_CONN_MGR_BACKOFF_BASE_MS, _MAX_MS
 * and _JITTER_PCT. @p attempt 0 is taken as 1. Anywhere.
 */
uint32_t conn_mgr_backoff_ms(uint32_t attempt, uint32_t rnd);

/** "down", "connecting", "up", "backoff", "failed"; "?" otherwise. */
const char *conn_mgr_state_name(int state);

#endif /* KESTREL_NET_CONN_MGR_H */
