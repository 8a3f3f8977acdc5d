/*
 * DNS resolver (net_dns.h) on lwIP's DNS client.
 *
 * Each waiting caller owns a slot of a small static table. lwIP's found
 * callback runs in the tcpip thread with the core lock held; it stores
 * the answer and wakes the caller. A caller that times out marks its slot
 * abandoned (under the lock) and the late callback frees it, so lwIP
 * never writes to a caller's stack after it returned.
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include <kestrel/kernel.h>
#include <kestrel/net/net_dns.h>
#include <kestrel/sys/util.h>

#include "lwip/dns.h"
#include "lwip/ip_addr.h"
#include "lwip/prot/dns.h"
#include "lwip/tcpip.h"

#include "net_priv.h"

/* Other lwIP trees define the port without #ifndef: the override of
 * lwipopts.h must have reached dns.c's view of it. */
_Static_assert(DNS_SERVER_PORT == CONFIG_NET_DNS_SERVER_PORT,
	       "lwIP ignores CONFIG_NET_DNS_SERVER_PORT");
_Static_assert(NET_DNS_SERVERS_MAX == DNS_MAX_SERVERS,
	       "NET_DNS_SERVERS_MAX differs from lwIP's DNS_MAX_SERVERS");
_Static_assert(NET_DNS_NAME_MAX < DNS_MAX_NAME_LENGTH,
	       "NET_DNS_NAME_MAX exceeds lwIP's DNS_MAX_NAME_LENGTH");

struct dns_req {
	bool used;      /**< owned by a caller or by a pending callback */
	bool done;      /**< the callback ran */
	bool abandoned; /**< the caller timed out: the callback frees it */
	int result;
	ip_addr_t ip;   /**< the answer (4 bytes without CONFIG_NET_IPV6) */
	struct k_sem sem;
};

/* All fields under the core lock (except sem, given once per use). */
static struct dns_req dns_reqs[NET_DNS_PENDING_MAX];

/* lwIP's found callback: tcpip thread, core lock held. */
static void dns_found(const char *name, const ip_addr_t *ip, void *arg)
{
	struct dns_req *req = arg;

	(void)name;
	if (req->abandoned) {
		req->used = false;
		return;
	}
	if (ip != NULL) {
		req->ip = *ip;
		req->result = 0;
	} else {
		req->result = -ENOENT;
	}
	req->done = true;
	k_sem_give(&req->sem);
}

/* A free slot, marked used (core lock held); NULL when all are busy. */
static struct dns_req *dns_req_alloc(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(dns_reqs); i++) {
		struct dns_req *req = &dns_reqs[i];

		if (!req->used) {
			memset(req, 0, sizeof(*req));
			req->used = true;
			k_sem_init(&req->sem, 0, 1);
			return req;
		}
	}
	return NULL;
}

static int dns_err(err_t err)
{
	switch (err) {
	case ERR_ARG:
		return -EINVAL;
	case ERR_VAL:
		return -EHOSTUNREACH; /* no server set */
	default:
		return -ENOMEM;
	}
}

/* lwIP's record types: A, AAAA, or A and then AAAA. */
#if LWIP_IPV6
typedef u8_t dns_type_t;
#define DNS_TYPE_A LWIP_DNS_ADDRTYPE_IPV4
#else
typedef int dns_type_t;
#define DNS_TYPE_A 0
#endif

/* Start the query for @p req (core lock held): 1 when it is pending. */
static int dns_start(const char *name, dns_type_t type, struct dns_req *req)
{
#if LWIP_IPV6
	err_t err = dns_gethostbyname_addrtype(name, &req->ip, dns_found, req, type);
#else
	err_t err = dns_gethostbyname(name, &req->ip, dns_found, req);

	(void)type;
#endif
	if (err == ERR_OK) {
		return 0;
	}
	return err == ERR_INPROGRESS ? 1 : dns_err(err);
}

/* The caller's wait for @p req is over (timed out or woken): its result,
 * the slot freed now or by the late callback. */
static int dns_finish(struct dns_req *req, ip_addr_t *ip)
{
	int ret = -ETIMEDOUT;

	LOCK_TCPIP_CORE();
	if (req->done) {
		ret = req->result;
		*ip = req->ip;
		req->used = false;
	} else {
		req->abandoned = true;
	}
	UNLOCK_TCPIP_CORE();
	return ret;
}

/* Ask lwIP for @p name's record(s) of @p type, waiting up to @p timeout. */
static int dns_query(const char *name, dns_type_t type, ip_addr_t *ip,
		     k_timeout_t timeout)
{
	LOCK_TCPIP_CORE();
	struct dns_req *req = dns_req_alloc();
	int ret = req == NULL ? -ENOMEM : dns_start(name, type, req);

	if (ret == 0) {
		*ip = req->ip;
	}
	if (req != NULL && ret != 1) {
		req->used = false;
	}
	UNLOCK_TCPIP_CORE();
	if (ret != 1) {
		return ret;
	}
	(void)k_sem_take(&req->sem, timeout);
	return dns_finish(req, ip);
}

/* true for a name of 1 .. NET_DNS_NAME_MAX characters (strnlen is not C11). */
static bool dns_name_ok(const char *name)
{
	size_t len = 0;

	while (len <= NET_DNS_NAME_MAX && name[len] != '\0') {
		len++;
	}
	return len >= 1 && len <= NET_DNS_NAME_MAX;
}

int net_dns_resolve(const char *name, int family, struct net_ipv4_addr *addr,
		    k_timeout_t timeout)
{
	ip_addr_t ip;
	int ret;

	if (name == NULL || addr == NULL || !dns_name_ok(name) ||
	    (family != NET_DNS_AF_INET && family != NET_DNS_AF_UNSPEC)) {
		return -EINVAL;
	}
	if (net_ipv4_addr_from_str(name, addr) == 0) {
		return 0;
	}
	ret = dns_query(name, DNS_TYPE_A, &ip, timeout);
	if (ret == 0) {
		*addr = net_ipv4_from_lwip(ip_2_ip4(&ip));
	}
	return ret;
}

#if LWIP_IPV6
/* A numeric address of either family: 0 and *@p addr, else -EINVAL. */
static int numeric(const char *name, int family, struct net_ip_addr *addr)
{
	memset(addr, 0, sizeof(*addr));
	if (family != NET_AF_INET6 && net_ipv4_addr_from_str(name, &addr->v4) == 0) {
		addr->family = NET_AF_INET;
		return 0;
	}
	if (family != NET_AF_INET && net_ipv6_addr_from_str(name, &addr->v6) == 0) {
		addr->family = NET_AF_INET6;
		return 0;
	}
	return -EINVAL;
}

int net_dns_resolve_ip(const char *name, int family, struct net_ip_addr *addr,
		       k_timeout_t timeout)
{
	ip_addr_t ip;
	int ret;

	if (name == NULL || addr == NULL || !dns_name_ok(name) ||
	    (family != NET_AF_INET && family != NET_AF_INET6 &&
	     family != NET_AF_UNSPEC)) {
		return -EINVAL;
	}
	if (numeric(name, family, addr) == 0) {
		return 0;
	}
	ret = dns_query(name, family == NET_AF_INET ? LWIP_DNS_ADDRTYPE_IPV4 :
			family == NET_AF_INET6 ? LWIP_DNS_ADDRTYPE_IPV6 :
			LWIP_DNS_ADDRTYPE_IPV4_IPV6, &ip, timeout);
	if (ret == 0) {
		*addr = net_ip_from_lwip(&ip);
	}
	return ret;
}
#else
int net_dns_resolve_ip(const char *name, int family, struct net_ip_addr *addr,
		       k_timeout_t timeout)
{
	int ret;

	if (family == NET_AF_INET6) {
		return -EAFNOSUPPORT;
	}
	if (addr == NULL) {
		return -EINVAL;
	}
	memset(addr, 0, sizeof(*addr));
	ret = net_dns_resolve(name, family, &addr->v4, timeout);
	addr->family = ret == 0 ? NET_AF_INET : NET_AF_UNSPEC;
	return ret;
}
#endif

int net_dns_server_set(unsigned int index, const struct net_ipv4_addr *addr)
{
	if (addr == NULL || index >= NET_DNS_SERVERS_MAX) {
		return -EINVAL;
	}
	ip_addr_t ip;

	memset(&ip, 0, sizeof(ip));
	*ip_2_ip4(&ip) = net_ipv4_to_lwip(addr);
	IP_SET_TYPE_VAL(ip, IPADDR_TYPE_V4);
	LOCK_TCPIP_CORE();
	dns_setserver((u8_t)index, &ip);
	net_dns_servers_check(NULL);
	UNLOCK_TCPIP_CORE();
	return 0;
}

int net_dns_server_set_ip(unsigned int index, const struct net_ip_addr *addr)
{
	if (addr == NULL || index >= NET_DNS_SERVERS_MAX ||
	    (addr->family != NET_AF_INET && addr->family != NET_AF_INET6 &&
	     addr->family != NET_AF_UNSPEC)) {
		return -EINVAL;
	}
	if (!IS_ENABLED(CONFIG_NET_IPV6) && addr->family == NET_AF_INET6) {
		return -EAFNOSUPPORT;
	}
	ip_addr_t ip = net_ip_to_lwip(addr);

	LOCK_TCPIP_CORE();
	dns_setserver((u8_t)index, &ip);
	net_dns_servers_check(NULL);
	UNLOCK_TCPIP_CORE();
	return 0;
}

int net_dns_server_get(unsigned int index, struct net_ip_addr *addr)
{
	if (addr == NULL || index >= NET_DNS_SERVERS_MAX) {
		return -EINVAL;
	}
	LOCK_TCPIP_CORE();
	ip_addr_t ip = *dns_getserver((u8_t)index);

	UNLOCK_TCPIP_CORE();
	*addr = net_ip_from_lwip(&ip);
	if (ip_addr_isany_val(ip)) {
		memset(addr, 0, sizeof(*addr));
	}
	return 0;
}
