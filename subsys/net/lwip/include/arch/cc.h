/*
 * lwIP compiler/platform glue for Kestrel (all boards): the C library's
 * integer types and errno, little-endian CPUs, printk for diagnostics.
 */
#ifndef KESTREL_LWIP_ARCH_CC_H
#define KESTREL_LWIP_ARCH_CC_H

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#define LWIP_ERRNO_STDINCLUDE 1
#define LWIP_TIMEVAL_PRIVATE 0
#define BYTE_ORDER LITTLE_ENDIAN
#define LWIP_NO_INTTYPES_H 0

void printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void net_lwip_assert_failed(const char *msg, const char *file, int line)
	__attribute__((noreturn));

/* lwIP's atoi() (netif_find(), reached from SO_BINDTODEVICE) without the
 * C library's: picolibc's goes through strtol() and its thread-local
 * errno, which the Cortex-M port does not provide. */
int net_lwip_atoi(const char *s);
#define atoi(s) net_lwip_atoi(s)

#define LWIP_PLATFORM_DIAG(x) do { printk x; } while (0)
#define LWIP_PLATFORM_ASSERT(x) net_lwip_assert_failed(x, __FILE__, __LINE__)

#endif
