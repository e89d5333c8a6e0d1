// SPDX-License-Identifier: GPL-2.0
/*
 * Per-source rate limiter for handshake messages under load (protocol.md
 * §6.4): one token bucket per (network namespace, IPv4 address or IPv6 /64),
 * 20 packets per second with a burst of 5. Entries live in one module-wide
 * hash table with a bounded number of entries (beyond it new sources are
 * refused); a worker frees entries idle for more than a second, every second.
 *
 * Lookups run under RCU; insertion and removal take table_lock; each
 * bucket's tokens are protected by its own spinlock.
 */

#include "ratelimiter.h"

#include <linux/siphash.h>
#include <linux/hashtable.h>
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/vmalloc.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/workqueue.h>
#include <linux/log2.h>
#include <linux/ktime.h>
#include <linux/timekeeping.h>
#include <net/ipv6.h>

struct rl_entry {
	struct hlist_node node;
	struct rcu_head rcu;
	spinlock_t lock;
	u64 last_ns;
	u64 tokens;
	u64 addr;		/* IPv4 address, or the first 64 bits of IPv6 */
	struct net *net;	/* only compared, never dereferenced */
	u8 family;
};

static struct kmem_cache *entry_cache;
static struct hlist_head *table;
static unsigned int table_size;		/* power of two */
static unsigned int max_entries;
static atomic_t total_entries = ATOMIC_INIT(0);
static DEFINE_SPINLOCK(table_lock);
static siphash_key_t hash_key;
static void gc_entries(struct work_struct *work);
static DECLARE_DEFERRABLE_WORK(gc_work, gc_entries);

static void entry_free_rcu(struct rcu_head *rcu)
{
	kmem_cache_free(entry_cache, container_of(rcu, struct rl_entry, rcu));
}

static void entry_remove(struct rl_entry *entry)
{
	hlist_del_rcu(&entry->node);
	atomic_dec(&total_entries);
	call_rcu(&entry->rcu, entry_free_rcu);
}

/* Drops entries idle for more than a second (all of them if @all). */
static void sweep(bool all)
{
	u64 now = ktime_get_coarse_boottime_ns();
	struct hlist_node *tmp;
	struct rl_entry *entry;
	unsigned int i;

	for (i = 0; i < table_size; i++) {
		spin_lock_bh(&table_lock);
		hlist_for_each_entry_safe(entry, tmp, &table[i], node) {
			if (all || now - READ_ONCE(entry->last_ns) > NSEC_PER_SEC)
				entry_remove(entry);
		}
		spin_unlock_bh(&table_lock);
		if (!all && !(i & 255))
			cond_resched();
	}
}

static void gc_entries(struct work_struct *work)
{
	sweep(false);
	queue_delayed_work(system_power_efficient_wq, &gc_work, HZ);
}

bool wg_ratelimiter_allow(struct sk_buff *skb, struct net *net)
{
	struct rl_entry *entry;
	struct hlist_head *bucket;
	u64 addr, now;
	u8 family;
	bool ok;

	if (skb->protocol == htons(ETH_P_IP)) {
		addr = (__force u32)ip_hdr(skb)->saddr;
		family = AF_INET;
	} else if (skb->protocol == htons(ETH_P_IPV6)) {
		memcpy(&addr, &ipv6_hdr(skb)->saddr, sizeof(addr));	/* the /64 */
		family = AF_INET6;
	} else {
		return false;
	}
	bucket = &table[siphash_3u32((u32)addr, (u32)(addr >> 32),
				     family ^ (u32)(uintptr_t)net, &hash_key) &
			(table_size - 1)];

	rcu_read_lock();
	hlist_for_each_entry_rcu(entry, bucket, node) {
		if (entry->addr != addr || entry->family != family || entry->net != net)
			continue;
		spin_lock_bh(&entry->lock);
		ok = wg_rl_bucket_take(&entry->tokens, &entry->last_ns,
				       ktime_get_coarse_boottime_ns());
		spin_unlock_bh(&entry->lock);
		rcu_read_unlock();
		return ok;
	}
	rcu_read_unlock();

	/* A new source: within the bound only. */
	if (atomic_inc_return(&total_entries) > max_entries)
		goto refuse;
	entry = kmem_cache_alloc(entry_cache, GFP_ATOMIC);
	if (!entry)
		goto refuse;
	spin_lock_init(&entry->lock);
	entry->addr = addr;
	entry->family = family;
	entry->net = net;
	now = ktime_get_coarse_boottime_ns();
	wg_rl_bucket_start(&entry->tokens, &entry->last_ns, now);
	/* Two first packets from one source racing here may both insert; the
	 * duplicate only costs one entry until the next sweep. */
	spin_lock_bh(&table_lock);
	hlist_add_head_rcu(&entry->node, bucket);
	spin_unlock_bh(&table_lock);
	return true;

refuse:
	atomic_dec(&total_entries);
	return false;
}

int wg_ratelimiter_init(void)
{
	unsigned long ram = totalram_pages() << PAGE_SHIFT;
	unsigned int i;

	entry_cache = KMEM_CACHE(rl_entry, 0);
	if (!entry_cache)
		return -ENOMEM;
	if (ram > (1UL << 30))
		table_size = 8192;
	else
		table_size = max_t(unsigned long, 16,
				   roundup_pow_of_two(ram / (1U << 14) / sizeof(struct hlist_head)));
	max_entries = table_size * 8;
	table = kvcalloc(table_size, sizeof(*table), GFP_KERNEL);
	if (!table) {
		kmem_cache_destroy(entry_cache);
		return -ENOMEM;
	}
	for (i = 0; i < table_size; i++)
		INIT_HLIST_HEAD(&table[i]);
	get_random_bytes(&hash_key, sizeof(hash_key));
	queue_delayed_work(system_power_efficient_wq, &gc_work, HZ);
	return 0;
}

void wg_ratelimiter_uninit(void)
{
	cancel_delayed_work_sync(&gc_work);
	sweep(true);
	rcu_barrier();
	kvfree(table);
	kmem_cache_destroy(entry_cache);
}
