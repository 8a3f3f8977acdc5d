/*
 * Intrusive doubly-linked circular list.
 *
 * A list is a sentinel node whose next/prev point at itself when empty.
 * Nodes are embedded in the objects they link; SYS_DLIST_CONTAINER() gets
 * back to the object. Nothing here allocates or locks: callers serialise.
 * The three link operations are always inlined: they are a few stores on
 * every scheduler path, cheaper than a call even at -Os.
 */
#ifndef KESTREL_SYS_DLIST_H
#define KESTREL_SYS_DLIST_H

#include <stdbool.h>
#include <stddef.h>

typedef struct sys_dnode {
	struct sys_dnode *next;
	struct sys_dnode *prev;
} sys_dnode_t;

typedef sys_dnode_t sys_dlist_t;

/** Static initialiser of an empty list named @p l. */
#define SYS_DLIST_STATIC_INIT(l) { (l), (l) }

/** The object of type @p type whose member @p member is the node @p n. */
#define SYS_DLIST_CONTAINER(n, type, member) \
	((type *)(void *)((char *)(n) - offsetof(type, member)))

/** Iterate over the nodes of @p l; @p n must not be removed in the body. */
#define SYS_DLIST_FOR_EACH_NODE(l, n) \
	for ((n) = (l)->next; (n) != (l); (n) = (n)->next)

/** Iterate safely: the body may remove @p n (not @p s). */
#define SYS_DLIST_FOR_EACH_NODE_SAFE(l, n, s) \
	for ((n) = (l)->next, (s) = (n)->next; (n) != (l); \
	     (n) = (s), (s) = (n)->next)

static inline void sys_dlist_init(sys_dlist_t *l)
{
	l->next = l;
	l->prev = l;
}

/** Mark a node as linked nowhere (so sys_dnode_is_linked() is false). */
static inline void sys_dnode_init(sys_dnode_t *n)
{
	n->next = NULL;
	n->prev = NULL;
}

static inline bool sys_dnode_is_linked(const sys_dnode_t *n)
{
	return n->next != NULL;
}

static inline bool sys_dlist_is_empty(const sys_dlist_t *l)
{
	return l->next == l;
}

/** First node, or NULL when the list is empty. */
static inline sys_dnode_t *sys_dlist_peek_head(const sys_dlist_t *l)
{
	return sys_dlist_is_empty(l) ? NULL : l->next;
}

/** Node after @p n, or NULL when @p n is the last. */
static inline sys_dnode_t *sys_dlist_peek_next(const sys_dlist_t *l,
					       const sys_dnode_t *n)
{
	return n->next == l ? NULL : n->next;
}

/** Insert @p n before @p succ (which may be the list itself = append). */
static inline __attribute__((always_inline)) void sys_dlist_insert_before(sys_dnode_t *succ, sys_dnode_t *n)
{
	n->next = succ;
	n->prev = succ->prev;
	succ->prev->next = n;
	succ->prev = n;
}

static inline __attribute__((always_inline)) void sys_dlist_append(sys_dlist_t *l, sys_dnode_t *n)
{
	sys_dlist_insert_before(l, n);
}

static inline void sys_dlist_prepend(sys_dlist_t *l, sys_dnode_t *n)
{
	sys_dlist_insert_before(l->next, n);
}

/** Take @p n out of its list, leaving its own links as they were: only
 * for a node that is linked into a list again right after. */
static inline __attribute__((always_inline)) void sys_dlist_unlink(sys_dnode_t *n)
{
	n->prev->next = n->next;
	n->next->prev = n->prev;
}

static inline __attribute__((always_inline)) void sys_dlist_remove(sys_dnode_t *n)
{
	sys_dlist_unlink(n);
	sys_dnode_init(n);
}

/** Remove and return the first node, or NULL when empty. */
static inline sys_dnode_t *sys_dlist_get(sys_dlist_t *l)
{
	sys_dnode_t *n = sys_dlist_peek_head(l);

	if (n != NULL) {
		sys_dlist_remove(n);
	}
	return n;
}

#endif /* KESTREL_SYS_DLIST_H */
