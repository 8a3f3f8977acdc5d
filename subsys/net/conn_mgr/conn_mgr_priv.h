/* Inside the connection manager: the core (conn_mgr.c) and its built-in
 * layers (conn_mgr_layers.c). */
#ifndef CONN_MGR_PRIV_H
#define CONN_MGR_PRIV_H

#include <kestrel/net/conn_mgr.h>

/* The built-in layers, in order (CONN_MGR_LAYER_LINK .. _TIME); set up
 * for @p cfg by conn_mgr_builtin_start() (manager not yet running). */
extern struct conn_mgr_layer *const conn_mgr_builtin[CONN_MGR_LAYER_SESSION];

/* Take @p cfg (already checked) and watch the interface's events.
 * @retval 0, or the negative errno of net_event_handler_add() */
int conn_mgr_builtin_start(const struct conn_mgr_config *cfg);

/* Stop watching the interface (the manager's thread has ended). */
void conn_mgr_builtin_stop(void);

/* The server name's address once the DNS layer is up (-EAGAIN before). */
int conn_mgr_builtin_server_addr(struct net_ipv4_addr *addr);

/* Failures in a row of layer @p id (for a layer's connect to tell a
 * first attempt from a retry). Manager thread. */
uint32_t conn_mgr_attempt(int id);

/* The state of layer @p id without the lock (a byte: may be stale). */
int conn_mgr_state_peek(int id);

/* The stack's random numbers: the first entropy device of the devicetree
 * (subsys/net/lwip/sys_arch.c, lwIP's LWIP_RAND). */
unsigned int net_lwip_rand(void);

#endif
