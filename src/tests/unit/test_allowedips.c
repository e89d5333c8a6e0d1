// SPDX-License-Identifier: GPL-2.0
/* Unit tests of the allowed-IPs trie (src/allowedips.c built in userspace). */

#include "allowedips.h"
#include <arpa/inet.h>
#include <time.h>

static int passed, failed;
static struct mutex lock;

#define CHECK(name, cond, ...) do { \
	if (cond) { \
		printf("PASS %s\n", name); \
		passed++; \
	} else { \
		printf("FAIL %s: ", name); \
		printf(__VA_ARGS__); \
		printf("\n"); \
		failed++; \
	} \
} while (0)

static int add(struct allowedips *t, const char *ip, u8 cidr, struct wg_peer *p)
{
	struct in6_addr a6;
	struct in_addr a4;

	if (inet_pton(AF_INET, ip, &a4) == 1)
		return wg_allowedips_insert_v4(t, &a4, cidr, p, &lock);
	if (inet_pton(AF_INET6, ip, &a6) == 1)
		return wg_allowedips_insert_v6(t, &a6, cidr, p, &lock);
	abort();
}

static void del(struct allowedips *t, const char *ip, u8 cidr, struct wg_peer *p)
{
	struct in6_addr a6;
	struct in_addr a4;

	if (inet_pton(AF_INET, ip, &a4) == 1)
		wg_allowedips_remove_v4(t, &a4, cidr, p, &lock);
	else if (inet_pton(AF_INET6, ip, &a6) == 1)
		wg_allowedips_remove_v6(t, &a6, cidr, p, &lock);
	else
		abort();
}

static struct wg_peer *look(struct allowedips *t, const char *ip)
{
	u8 a[16];

	if (inet_pton(AF_INET, ip, a) == 1)
		return wg_allowedips_lookup_raw(t, AF_INET, a);
	if (inet_pton(AF_INET6, ip, a) == 1)
		return wg_allowedips_lookup_raw(t, AF_INET6, a);
	abort();
}

/* "a/n b/m ..." of the peer's list, in list order. */
static void list_text(struct wg_peer *p, char *out, size_t len)
{
	struct allowedips_node *node;
	char ip[INET6_ADDRSTRLEN];
	size_t used = 0;
	u8 addr[16], cidr;
	int family;

	out[0] = '\0';
	list_for_each_entry(node, &p->allowedips_list, peer_list) {
		family = wg_allowedips_read_node(node, addr, &cidr);
		inet_ntop(family, addr, ip, sizeof(ip));
		used += snprintf(out + used, len - used, "%s%s/%u", used ? " " : "", ip, cidr);
		if (used >= len)
			break;
	}
}

static void init_peers(struct wg_peer *p, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; ++i) {
		INIT_LIST_HEAD(&p[i].allowedips_list);
		p[i].id = i;
	}
}

static void test_fixed(void)
{
	struct wg_peer p[4];
	struct allowedips t;
	char text[512];

	init_peers(p, 4);
	wg_allowedips_init(&t);

	CHECK("empty-table-matches-nothing", !look(&t, "10.0.0.1") && !look(&t, "::1"),
	      "lookup in an empty table returned a peer");

	add(&t, "10.0.0.0", 8, &p[0]);
	add(&t, "10.1.0.0", 16, &p[1]);
	add(&t, "10.1.2.3", 32, &p[2]);
	add(&t, "fd00::", 8, &p[0]);
	add(&t, "fd00:1::", 32, &p[1]);
	add(&t, "fd00:1::7", 128, &p[2]);
	CHECK("longest-prefix-v4",
	      look(&t, "10.9.9.9") == &p[0] && look(&t, "10.1.9.9") == &p[1] &&
	      look(&t, "10.1.2.3") == &p[2] && look(&t, "10.1.2.4") == &p[1] &&
	      !look(&t, "11.0.0.1"),
	      "wrong owner for a v4 address");
	CHECK("longest-prefix-v6",
	      look(&t, "fd99::1") == &p[0] && look(&t, "fd00:1::8") == &p[1] &&
	      look(&t, "fd00:1::7") == &p[2] && !look(&t, "fe80::1"),
	      "wrong owner for a v6 address");
	CHECK("families-separate", !look(&t, "::a01:203") && !look(&t, "0.0.0.0"),
	      "a v4 prefix matched a v6 address or the reverse");

	add(&t, "0.0.0.0", 0, &p[3]);
	add(&t, "::", 0, &p[3]);
	CHECK("default-route", look(&t, "192.168.1.1") == &p[3] && look(&t, "2001:db8::1") == &p[3] &&
	      look(&t, "10.1.2.3") == &p[2], "/0 entries not matched as fallback");

	add(&t, "192.168.77.99", 24, &p[1]);
	list_text(&p[1], text, sizeof(text));
	CHECK("host-bits-zeroed", strstr(text, "192.168.77.0/24") != NULL,
	      "list shows '%s'", text);

	/* Moving 10.1.0.0/16 to peer 2: it leaves peer 1's list, lands last in peer 2's. */
	add(&t, "10.1.0.0", 16, &p[2]);
	list_text(&p[1], text, sizeof(text));
	CHECK("move-removes-from-old-owner", !strstr(text, "10.1.0.0/16"), "peer 1 still lists it: %s", text);
	list_text(&p[2], text, sizeof(text));
	CHECK("move-appends-to-new-owner", !strcmp(text, "10.1.2.3/32 fd00:1::7/128 10.1.0.0/16"),
	      "peer 2 lists '%s'", text);
	CHECK("move-changes-lookup", look(&t, "10.1.9.9") == &p[2], "lookup still old owner");

	/* Re-inserting an owned prefix moves it to the end of the same list. */
	add(&t, "10.1.2.3", 32, &p[2]);
	list_text(&p[2], text, sizeof(text));
	CHECK("reinsert-moves-to-end", !strcmp(text, "fd00:1::7/128 10.1.0.0/16 10.1.2.3/32"),
	      "peer 2 lists '%s'", text);

	/* Single removal only by the owner. */
	del(&t, "10.1.0.0", 16, &p[1]);
	CHECK("remove-by-non-owner-is-noop", look(&t, "10.1.9.9") == &p[2], "prefix vanished");
	del(&t, "10.1.0.0", 16, &p[2]);
	CHECK("remove-by-owner", look(&t, "10.1.9.9") == &p[0] && look(&t, "10.1.2.3") == &p[2],
	      "after removal 10.1.9.9 should fall back to 10.0.0.0/8");
	del(&t, "10.1.0.0", 17, &p[0]);
	del(&t, "10.0.0.0", 9, &p[0]);
	CHECK("remove-nonexistent-is-noop", look(&t, "10.200.0.1") == &p[0], "/8 lost");

	wg_allowedips_remove_by_peer(&t, &p[0], &lock);
	CHECK("remove-by-peer", look(&t, "10.9.9.9") == &p[3] && look(&t, "fd99::1") == &p[3] &&
	      list_empty(&p[0].allowedips_list) && look(&t, "10.1.2.3") == &p[2],
	      "peer 0's prefixes still routed or others lost");

	CHECK("bad-cidr-refused", add(&t, "10.0.0.0", 33, &p[0]) == -EINVAL &&
	      add(&t, "::", 129, &p[0]) == -EINVAL, "cidr beyond the family accepted");

	wg_allowedips_free(&t, &lock);
	CHECK("free-empties-lists", list_empty(&p[1].allowedips_list) &&
	      list_empty(&p[2].allowedips_list) && list_empty(&p[3].allowedips_list) &&
	      !look(&t, "10.1.2.3"), "entries left after free");
}

/* One peer with many /32s in a row: dump-sized lists and a deep v4 subtree. */
static void test_many_on_one_peer(void)
{
	struct allowedips_node *node;
	struct allowedips t;
	struct wg_peer p[1];
	unsigned int i, n = 0;
	bool in_order = true;
	u8 addr[16], cidr;
	u32 a, last = 0;

	init_peers(p, 1);
	wg_allowedips_init(&t);
	for (i = 0; i < 130000; ++i) {
		struct in_addr ip = { htonl(0x0a000000u + i) };

		if (wg_allowedips_insert_v4(&t, &ip, 32, &p[0], &lock))
			break;
	}
	list_for_each_entry(node, &p[0].allowedips_list, peer_list) {
		wg_allowedips_read_node(node, addr, &cidr);
		a = ((u32)addr[0] << 24) | (addr[1] << 16) | (addr[2] << 8) | addr[3];
		if (n && a != last + 1)
			in_order = false;
		last = a;
		++n;
	}
	CHECK("130000-prefixes-one-peer", n == 130000 && in_order,
	      "%u listed, in order %d", n, in_order);
	wg_allowedips_free(&t, &lock);
}

int main(int argc, char **argv)
{
	unsigned int seed = argc > 1 ? (unsigned int)strtoul(argv[1], NULL, 0) :
				       (unsigned int)time(NULL);
	char name[64];
	unsigned int i;

	test_fixed();
	test_many_on_one_peer();
	for (i = 0; i < 4; ++i) {
		snprintf(name, sizeof(name), "random-vs-naive-2000-seed-%u", seed + i);
		CHECK(name, wg_allowedips_selftest_n(2000, seed + i), "see stderr");
	}
	CHECK("kernel-selftest-entry", wg_allowedips_selftest(), "see stderr");
	snprintf(name, sizeof(name), "random-vs-naive-100000-seed-%u", seed);
	CHECK(name, wg_allowedips_selftest_n(100000, seed), "see stderr");
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
