/*
 * The heap allocator behind k_heap: segregated free lists with boundary
 * tags. No locking and no waiting here (heap.c does both).
 *
 * Layout. The buffer, trimmed to multiples of UNIT (= K_HEAP_ALIGN: 8
 * bytes on Cortex-M, 16 on RV32 and x86-64), holds the bookkeeping
 * (struct z_heap with one list head per size class), then the chunks, then
 * an end marker. Every chunk starts with a header of one UNIT:
 *
 *     prev_size   size of the chunk before it (0 for the first chunk)
 *     size        size of this chunk in bytes, header included; bit 0 set
 *                 while the chunk is allocated
 *
 * A free chunk keeps its list links (next, prev) just after the header, so
 * the smallest chunk is MIN_CHUNK = 2 UNITs. The end marker is a header
 * of size 0 marked allocated, so the last chunk has a right neighbour like
 * every other.
 *
 * Size classes. A free chunk of n UNITs sits in list floor(log2(n)); a
 * bitmap says which lists are non-empty. Two free chunks are never
 * neighbours: a release merges with both neighbours at once, found in
 * O(1) through size (right) and prev_size (left).
 *
 * Allocation of a chunk of `need` bytes (`worst` with room for alignment
 * padding): first try at most SCAN_LIMIT chunks of worst's own class
 * (first fit: they may be too small), then take the first chunk of the
 * smallest non-empty larger class (found with one bit scan; it always fits,
 * being at least twice worst's class floor). The chunk is split: alignment
 * padding before the block becomes a free chunk of its own (at least
 * MIN_CHUNK: the block moves further up if needed), and the tail beyond
 * `need` is freed if it can make a chunk.
 *
 * Worst case: allocation SCAN_LIMIT chunk checks plus one bit scan and
 * at most two splits; release two merges; resizing in place one merge and
 * one split. None depends on the number of blocks or free chunks, and the
 * same sequence of calls always gives the same addresses. The price of the
 * bound: a request can fail while its own class holds a fitting chunk
 * further down the list, and a chunk serving a request can be up to twice
 * its size when split from a larger class (the rest goes back free).
 *
 * Cheap checks catch bad releases: a pointer must be UNIT-aligned inside
 * the chunk area and its header must be marked allocated, with a size that
 * stays in the heap and agrees with both neighbours' boundary tags. A
 * chunk is marked free before it merges, and only free chunks merge, so a
 * header left inside a bigger free chunk never reads as allocated:
 * releasing a block twice fails the check even after it was merged.
 */
#include "kernel_internal.h"
#include "mem_internal.h"

#define UNIT ((size_t)K_HEAP_ALIGN)
#define USED ((size_t)1)
#define SCAN_LIMIT 4

struct chunk {
	size_t prev_size;
	size_t size; /* bytes, header included; | USED while allocated */
};

struct free_links {
	struct chunk *next;
	struct chunk *prev;
};

#define MIN_CHUNK (((UNIT + sizeof(struct free_links)) + UNIT - 1) / UNIT * UNIT)

_Static_assert(sizeof(struct chunk) <= K_HEAP_ALIGN, "chunk header exceeds a unit");
_Static_assert(Z_MEM_IS_POW2(K_HEAP_ALIGN), "K_HEAP_ALIGN must be a power of two");

struct z_heap {
	struct chunk *first;        /* the first chunk */
	struct chunk *end;          /* the end marker */
	size_t free_bytes;          /* in free chunks, headers excluded */
	size_t allocated_bytes;     /* in allocated chunks, headers excluded */
	size_t max_allocated_bytes;
	uint32_t avail;             /* bit c: list c is not empty */
	unsigned int num_classes;
	struct chunk *lists[];      /* one per size class */
};

/* ---- chunks ---- */

static inline size_t csize(const struct chunk *c)
{
	return c->size & ~USED;
}

static inline bool cused(const struct chunk *c)
{
	return (c->size & USED) != 0;
}

static inline struct chunk *right_of(const struct chunk *c)
{
	return (struct chunk *)((char *)c + csize(c));
}

static inline struct chunk *left_of(const struct chunk *c)
{
	return (struct chunk *)((char *)c - c->prev_size);
}

static inline struct free_links *links(struct chunk *c)
{
	return (struct free_links *)((char *)c + UNIT);
}

static inline void *payload(struct chunk *c)
{
	return (char *)c + UNIT;
}

/* Set c's size (keeping its used bit as given) and its right neighbour's tag. */
static void set_size(struct chunk *c, size_t size, size_t used)
{
	c->size = size | used;
	right_of(c)->prev_size = size;
}

static size_t round_up(size_t v, size_t align)
{
	return (v + align - 1) & ~(align - 1);
}

static unsigned int class_of(size_t bytes)
{
	return z_log2_floor32((uint32_t)(bytes / UNIT)); /* < 2^32 units */
}

/* ---- free lists ---- */

static void list_add(struct z_heap *h, struct chunk *c)
{
	unsigned int cl = class_of(csize(c));
	struct free_links *l = links(c);

	l->prev = NULL;
	l->next = h->lists[cl];
	if (l->next != NULL) {
		links(l->next)->prev = c;
	}
	h->lists[cl] = c;
	h->avail |= (uint32_t)1 << cl;
	h->free_bytes += csize(c) - UNIT;
}

static void list_remove(struct z_heap *h, struct chunk *c)
{
	unsigned int cl = class_of(csize(c));
	struct free_links *l = links(c);

	if (l->prev != NULL) {
		links(l->prev)->next = l->next;
	} else {
		h->lists[cl] = l->next;
	}
	if (l->next != NULL) {
		links(l->next)->prev = l->prev;
	}
	if (h->lists[cl] == NULL) {
		h->avail &= ~((uint32_t)1 << cl);
	}
	h->free_bytes -= csize(c) - UNIT;
}

/* ---- setup ---- */

int z_heap_init(struct z_heap **heap, void *mem, size_t bytes)
{
	uintptr_t start = round_up((uintptr_t)mem, UNIT);
	uintptr_t end = ((uintptr_t)mem + bytes) & ~(uintptr_t)(UNIT - 1);

	if (mem == NULL || (uintptr_t)mem + bytes < (uintptr_t)mem || end <= start) {
		return -EINVAL;
	}
	/* The bitmap describes classes up to 31: at most 2^32 - 1 units. */
	uint64_t units = (end - start) / UNIT;

	if (units > UINT32_MAX) {
		end = start + (uintptr_t)UINT32_MAX * UNIT;
	}
	unsigned int num_classes = class_of(end - start) + 1;
	size_t ctl = round_up(sizeof(struct z_heap) +
			      num_classes * sizeof(struct chunk *), UNIT);

	if (end - start < ctl + MIN_CHUNK + UNIT) {
		return -EINVAL;
	}
	struct z_heap *h = (struct z_heap *)start;

	h->first = (struct chunk *)(start + ctl);
	h->end = (struct chunk *)(end - UNIT);
	h->free_bytes = 0;
	h->allocated_bytes = 0;
	h->max_allocated_bytes = 0;
	h->avail = 0;
	h->num_classes = num_classes;
	for (unsigned int i = 0; i < num_classes; i++) {
		h->lists[i] = NULL;
	}
	h->first->prev_size = 0;
	h->end->size = USED; /* size 0, never free, never merged */
	set_size(h->first, (size_t)((char *)h->end - (char *)h->first), 0);
	list_add(h, h->first);
	*heap = h;
	return 0;
}

/* ---- allocation ---- */

/* Padding before c's block so that the block is aligned to @p align:
 * 0, or at least MIN_CHUNK (it becomes a free chunk). */
static size_t lead_gap(const struct chunk *c, size_t align)
{
	uintptr_t p = (uintptr_t)c + UNIT;

	if ((p & (align - 1)) == 0) {
		return 0;
	}
	return round_up(p + MIN_CHUNK, align) - p;
}

static bool fits(const struct chunk *c, size_t need, size_t align)
{
	return csize(c) >= lead_gap(c, align) + need;
}

static struct chunk *find_chunk(struct z_heap *h, size_t need, size_t worst,
				size_t align)
{
	unsigned int cl = class_of(worst);

	if (cl >= h->num_classes) {
		cl = h->num_classes - 1;
	}
	struct chunk *c = h->lists[cl];

	for (int i = 0; c != NULL && i < SCAN_LIMIT; i++) {
		if (fits(c, need, align)) {
			return c;
		}
		c = links(c)->next;
	}
	/* Any chunk of a larger class holds `worst`, padding included. */
	uint32_t larger = h->avail & ~(((uint32_t)2 << cl) - 1);

	return larger == 0 ? NULL : h->lists[z_ctz32(larger)];
}

/* Cut c (allocated or about to be) down to @p need bytes if the rest can
 * make a chunk; the rest is freed (merged with a free right neighbour). */
static void split_tail(struct z_heap *h, struct chunk *c, size_t need)
{
	size_t size = csize(c);

	if (size - need < MIN_CHUNK) {
		return;
	}
	struct chunk *tail = (struct chunk *)((char *)c + need);
	struct chunk *r;

	set_size(c, need, c->size & USED);
	set_size(tail, size - need, 0);
	r = right_of(tail);
	if (!cused(r)) {
		list_remove(h, r);
		set_size(tail, csize(tail) + csize(r), 0);
	}
	list_add(h, tail);
}

static void count_allocated(struct z_heap *h, struct chunk *c)
{
	h->allocated_bytes += csize(c) - UNIT;
	if (h->allocated_bytes > h->max_allocated_bytes) {
		h->max_allocated_bytes = h->allocated_bytes;
	}
}

/* Chunk bytes for a block of @p bytes; 0 if impossible (overflow). */
static size_t chunk_need(size_t bytes)
{
	if (bytes > SIZE_MAX / 4) {
		return 0;
	}
	return MAX(round_up(bytes, UNIT) + UNIT, MIN_CHUNK);
}

void *z_heap_alloc(struct z_heap *h, size_t align, size_t bytes)
{
	size_t need = chunk_need(bytes);

	if (bytes == 0 || need == 0 || align > SIZE_MAX / 4) {
		return NULL;
	}
	align = MAX(align, UNIT);
	size_t worst = need + (align > UNIT ? MIN_CHUNK + align - UNIT : 0);
	struct chunk *c = find_chunk(h, need, worst, align);

	if (c == NULL) {
		return NULL;
	}
	list_remove(h, c);
	size_t gap = lead_gap(c, align);

	if (gap != 0) {
		struct chunk *n = (struct chunk *)((char *)c + gap);
		size_t size = csize(c);

		set_size(c, gap, 0);
		set_size(n, size - gap, 0);
		list_add(h, c);
		c = n;
	}
	c->size |= USED;
	split_tail(h, c, need);
	count_allocated(h, c);
	return payload(c);
}

/* ---- release ---- */

/* The chunk of @p mem if it is an allocated block of h, else NULL. */
static struct chunk *used_chunk(struct z_heap *h, const void *mem)
{
	uintptr_t p = (uintptr_t)mem;
	uintptr_t first = (uintptr_t)h->first;

	if ((p & (UNIT - 1)) != 0 || p < first + UNIT || p >= (uintptr_t)h->end) {
		return NULL;
	}
	struct chunk *c = (struct chunk *)(p - UNIT);
	size_t size = csize(c);

	if (!cused(c) || size < MIN_CHUNK || (size & (UNIT - 1)) != 0 ||
	    size > (uintptr_t)h->end - (uintptr_t)c || right_of(c)->prev_size != size) {
		return NULL;
	}
	if ((uintptr_t)c == first) {
		return c->prev_size == 0 ? c : NULL;
	}
	size_t ps = c->prev_size;

	if (ps < MIN_CHUNK || (ps & (UNIT - 1)) != 0 || ps > (uintptr_t)c - first ||
	    csize(left_of(c)) != ps) {
		return NULL;
	}
	return c;
}

int z_heap_free(struct z_heap *h, void *mem)
{
	struct chunk *c = used_chunk(h, mem);

	if (c == NULL) {
		return -EINVAL;
	}
	h->allocated_bytes -= csize(c) - UNIT;
	c->size &= ~USED;

	struct chunk *r = right_of(c);

	if (!cused(r)) {
		list_remove(h, r);
		set_size(c, csize(c) + csize(r), 0);
	}
	if (c != h->first && !cused(left_of(c))) {
		struct chunk *l = left_of(c);

		list_remove(h, l);
		set_size(l, csize(l) + csize(c), 0);
		c = l;
	}
	list_add(h, c);
	return 0;
}

int z_heap_resize(struct z_heap *h, void *mem, size_t bytes)
{
	struct chunk *c = used_chunk(h, mem);
	size_t need = chunk_need(bytes);

	if (c == NULL) {
		return -EINVAL;
	}
	if (need == 0) {
		return -ENOMEM;
	}
	size_t size = csize(c);
	struct chunk *r = right_of(c);

	if (need > size) {
		if (cused(r) || size + csize(r) < need) {
			return -ENOMEM;
		}
		list_remove(h, r);
		set_size(c, size + csize(r), USED);
	}
	h->allocated_bytes -= size - UNIT;
	split_tail(h, c, need);
	count_allocated(h, c);
	return 0;
}

size_t z_heap_usable_size(struct z_heap *h, const void *mem)
{
	struct chunk *c = used_chunk(h, mem);

	return c == NULL ? 0 : csize(c) - UNIT;
}

void z_heap_stats(struct z_heap *h, struct k_heap_stats *stats)
{
	stats->free_bytes = h->free_bytes;
	stats->allocated_bytes = h->allocated_bytes;
	stats->max_allocated_bytes = h->max_allocated_bytes;
}

/* ---- validation (debugging aid) ---- */

static int corrupt(const struct z_heap *h, const void *where, const char *what)
{
	printk("heap %p: corrupted at %p: %s\n", (const void *)h, where, what);
	return -EIO;
}

/* Walk the chunks: tags, sizes, no two free neighbours, byte counts. */
static int validate_chunks(struct z_heap *h, size_t *free_chunks)
{
	size_t free_bytes = 0, used_bytes = 0, prev = 0;
	bool prev_free = false;
	struct chunk *c = h->first;

	*free_chunks = 0;
	while (c != h->end) {
		size_t size = csize(c);

		if (c->prev_size != prev) {
			return corrupt(h, c, "boundary tag differs from the left chunk's size");
		}
		if (size < MIN_CHUNK || (size & (UNIT - 1)) != 0 ||
		    size > (uintptr_t)h->end - (uintptr_t)c) {
			return corrupt(h, c, "chunk size out of range");
		}
		if (!cused(c) && prev_free) {
			return corrupt(h, c, "two free chunks side by side");
		}
		if (cused(c)) {
			used_bytes += size - UNIT;
		} else {
			free_bytes += size - UNIT;
			(*free_chunks)++;
		}
		prev_free = !cused(c);
		prev = size;
		c = right_of(c);
	}
	if (h->end->prev_size != prev || h->end->size != USED) {
		return corrupt(h, h->end, "end marker damaged");
	}
	if (free_bytes != h->free_bytes || used_bytes != h->allocated_bytes) {
		return corrupt(h, h, "byte counters disagree with the chunks");
	}
	return 0;
}

/* Walk the free lists: links, classes, the bitmap, the chunk count. */
static int validate_lists(struct z_heap *h, size_t free_chunks)
{
	size_t listed = 0;

	for (unsigned int cl = 0; cl < h->num_classes; cl++) {
		struct chunk *prev = NULL;

		if ((h->lists[cl] != NULL) != ((h->avail >> cl) & 1u)) {
			return corrupt(h, &h->lists[cl], "class bitmap disagrees with the list");
		}
		for (struct chunk *c = h->lists[cl]; c != NULL; c = links(c)->next) {
			if (++listed > free_chunks) {
				return corrupt(h, c, "more chunks listed free than exist (a loop?)");
			}
			if ((uintptr_t)c < (uintptr_t)h->first || (uintptr_t)c >= (uintptr_t)h->end ||
			    ((uintptr_t)c & (UNIT - 1)) != 0 || cused(c) || class_of(csize(c)) != cl || links(c)->prev != prev) {
				return corrupt(h, c, "bad free-list entry");
			}
			prev = c;
		}
	}
	if (listed != free_chunks) {
		return corrupt(h, h, "a free chunk is missing from the free lists");
	}
	return 0;
}

int z_heap_validate(struct z_heap *h)
{
	size_t free_chunks;
	int ret = validate_chunks(h, &free_chunks);

	return ret != 0 ? ret : validate_lists(h, free_chunks);
}
