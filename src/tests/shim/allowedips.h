/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stand-ins for what the allowed-IPs trie uses from the kernel:
 * list_head, RCU accessors (single-threaded: plain loads and stores,
 * kfree_rcu frees at once), a dummy mutex, and a minimal struct wg_peer.
 */
#ifndef WG_SHIM_ALLOWEDIPS_H
#define WG_SHIM_ALLOWEDIPS_H

#include "kernel.h"
#include <netinet/in.h>
#include <sys/socket.h>

#define __rcu
#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))

struct list_head {
	struct list_head *next, *prev;
};

static inline void INIT_LIST_HEAD(struct list_head *l)
{
	l->next = l;
	l->prev = l;
}

static inline void __list_link(struct list_head *n, struct list_head *prev,
			       struct list_head *next)
{
	next->prev = n;
	n->next = next;
	n->prev = prev;
	prev->next = n;
}

static inline void list_add_tail(struct list_head *n, struct list_head *head)
{
	__list_link(n, head->prev, head);
}

static inline void list_del(struct list_head *e)
{
	e->next->prev = e->prev;
	e->prev->next = e->next;
	e->next = e->prev = NULL;
}

static inline void list_del_init(struct list_head *e)
{
	e->next->prev = e->prev;
	e->prev->next = e->next;
	INIT_LIST_HEAD(e);
}

static inline void list_move_tail(struct list_head *e, struct list_head *head)
{
	e->next->prev = e->prev;
	e->prev->next = e->next;
	list_add_tail(e, head);
}

static inline bool list_empty(const struct list_head *head)
{
	return head->next == head;
}

#define list_entry(ptr, type, member) container_of(ptr, type, member)
#define list_for_each_entry(pos, head, member) \
	for (pos = list_entry((head)->next, __typeof__(*pos), member); \
	     &pos->member != (head); \
	     pos = list_entry(pos->member.next, __typeof__(*pos), member))
#define list_for_each_entry_safe(pos, n, head, member) \
	for (pos = list_entry((head)->next, __typeof__(*pos), member), \
	     n = list_entry(pos->member.next, __typeof__(*pos), member); \
	     &pos->member != (head); \
	     pos = n, n = list_entry(n->member.next, __typeof__(*n), member))

struct rcu_head {
	void *unused;
};

struct mutex {
	int unused;
};

#define DEFINE_MUTEX(m) struct mutex m = { 0 }
#define mutex_lock(m) ((void)(m))
#define mutex_unlock(m) ((void)(m))
#define kvcalloc(n, s, f) calloc(n, s)
#define kmalloc_array(n, s, f) calloc(n, s)

#define lockdep_is_held(l) ((void)(l), 1)
#define rcu_dereference_protected(p, c) ((void)(c), (p))
#define rcu_dereference_check(p, c) (p)
#define rcu_access_pointer(p) (p)
#define rcu_assign_pointer(p, v) ((p) = (v))
#define RCU_INIT_POINTER(p, v) ((p) = (v))
#define rcu_read_lock_bh() do { } while (0)
#define rcu_read_unlock_bh() do { } while (0)
#define rcu_read_lock_bh_held() 1
#define kfree_rcu(p, field) free(p)

static inline void put_unaligned_be16(u16 v, void *p)
{
	SHIM_PUT_UNALIGNED(__builtin_bswap16(v), p);
}

/* The unit test's peer: only what the trie touches, plus an id. */
struct wg_peer {
	struct list_head allowedips_list;
	unsigned int id;
};

#endif /* WG_SHIM_ALLOWEDIPS_H */
