// SPDX-License-Identifier: GPL-2.0
/* `wg show`: pretty output, script fields, dump and JSON. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "encoding.h"
#include "ipc.h"
#include "subcommands.h"
#include "terminal.h"

static const char *const drop_names[WG_DROP_MAX + 1] = {
	[WG_DROP_BAD_MAC1] = "bad_mac1",
	[WG_DROP_UNKNOWN_INDEX] = "unknown_index",
	[WG_DROP_REPLAY] = "replay",
	[WG_DROP_DECRYPT] = "decrypt",
	[WG_DROP_DISALLOWED_SRC] = "disallowed_src",
	[WG_DROP_RATE_LIMITED] = "rate_limited",
	[WG_DROP_NO_KEY] = "no_key",
	[WG_DROP_MALFORMED] = "malformed",
	[WG_DROP_NO_PEER] = "no_peer",
};

static const char *key_text(const wg_key key, wg_key_b64 buf)
{
	key_to_base64(buf, key);
	return buf;
}

static bool has_endpoint(const struct wgpeer *p)
{
	return p->endpoint.addr.sa_family == AF_INET || p->endpoint.addr.sa_family == AF_INET6;
}

static const char *endpoint_text(const struct wgpeer *p, char *buf, size_t len)
{
	if (!has_endpoint(p))
		return "(none)";
	format_endpoint(buf, len, &p->endpoint);
	return buf;
}

static const char *aip_addr(const struct wgaip *a, char buf[INET6_ADDRSTRLEN])
{
	if (!inet_ntop(a->family, &a->ip6, buf, INET6_ADDRSTRLEN))
		snprintf(buf, INET6_ADDRSTRLEN, "?");
	return buf;
}

static bool hide_keys(void)
{
	const char *e = getenv("WG_HIDE_KEYS");

	return !e || strcmp(e, "never");
}

static bool drops_nonzero(const uint64_t *drops)
{
	unsigned int i;

	for (i = 1; i <= WG_DROP_MAX; i++)
		if (drops[i])
			return true;
	return false;
}

static void print_drops(const uint64_t *drops)
{
	unsigned int i;
	bool first = true;

	/* the reasons are named as in the JSON output, for grep and scripts */
	terminal_printf("  " TERM_BOLD "drops" TERM_RESET ": ");
	for (i = 1; i <= WG_DROP_MAX; i++) {
		if (!drops[i])
			continue;
		terminal_printf("%s%llu %s", first ? "" : ", ", (unsigned long long)drops[i],
				drop_names[i]);
		first = false;
	}
	terminal_printf("\n");
}

/* most recent handshake first, never-handshaked peers last, else kernel order */
struct sort_item {
	struct wgpeer *p;
	size_t idx;
};

static int peer_cmp(const void *x, const void *y)
{
	const struct sort_item *a = x, *b = y;

	if (!a->p->handshake_sec != !b->p->handshake_sec)
		return a->p->handshake_sec ? -1 : 1;
	if (a->p->handshake_sec != b->p->handshake_sec)
		return a->p->handshake_sec > b->p->handshake_sec ? -1 : 1;
	if (a->p->handshake_nsec != b->p->handshake_nsec)
		return a->p->handshake_nsec > b->p->handshake_nsec ? -1 : 1;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

static void sort_peers(struct wgdev *dev)
{
	struct sort_item *items;
	struct wgpeer *p;
	size_t n = 0, i;

	for_each_peer(dev, p)
		n++;
	if (n < 2)
		return;
	items = calloc(n, sizeof(*items));
	if (!items)
		return;
	i = 0;
	for_each_peer(dev, p) {
		items[i].p = p;
		items[i].idx = i;
		i++;
	}
	qsort(items, n, sizeof(*items), peer_cmp);
	dev->first_peer = items[0].p;
	for (i = 0; i + 1 < n; i++)
		items[i].p->next = items[i + 1].p;
	items[n - 1].p->next = NULL;
	dev->last_peer = items[n - 1].p;
	free(items);
}

static void pretty_print(struct wgdev *dev)
{
	char ep[128], ip[INET6_ADDRSTRLEN], t[256], t2[256];
	wg_key_b64 b64;
	struct wgpeer *p;
	struct wgaip *a;
	bool hide = hide_keys();

	terminal_printf(TERM_RESET);
	terminal_printf(TERM_GREEN TERM_BOLD "interface" TERM_RESET ": " TERM_GREEN "%s"
			TERM_RESET "\n", dev->name);
	if (dev->has & WGDEV_HAS_PUBLIC_KEY)
		terminal_printf("  " TERM_BOLD "public key" TERM_RESET ": %s\n",
				key_text(dev->public_key, b64));
	if (dev->has & WGDEV_HAS_PRIVATE_KEY)
		terminal_printf("  " TERM_BOLD "private key" TERM_RESET ": %s\n",
				hide ? "(hidden)" : key_text(dev->private_key, b64));
	if (dev->listen_port)
		terminal_printf("  " TERM_BOLD "listening port" TERM_RESET ": %u\n", dev->listen_port);
	if (dev->fwmark)
		terminal_printf("  " TERM_BOLD "fwmark" TERM_RESET ": 0x%x\n", dev->fwmark);
	if (drops_nonzero(dev->drops))
		print_drops(dev->drops);
	if (dev->first_peer) {
		sort_peers(dev);
		terminal_printf("\n");
	}
	for_each_peer(dev, p) {
		terminal_printf(TERM_YELLOW TERM_BOLD "peer" TERM_RESET ": " TERM_YELLOW "%s"
				TERM_RESET "\n", key_text(p->public_key, b64));
		if (p->has & WGPEER_HAS_PRESHARED_KEY)
			terminal_printf("  " TERM_BOLD "preshared key" TERM_RESET ": %s\n",
					hide ? "(hidden)" : key_text(p->preshared_key, b64));
		if (has_endpoint(p))
			terminal_printf("  " TERM_BOLD "endpoint" TERM_RESET ": %s\n",
					endpoint_text(p, ep, sizeof(ep)));
		terminal_printf("  " TERM_BOLD "allowed ips" TERM_RESET ": ");
		if (!p->first_aip)
			terminal_printf("(none)");
		for_each_aip(p, a)
			terminal_printf("%s%s" TERM_CYAN "/" TERM_RESET "%u", a == p->first_aip ? "" : ", ",
					aip_addr(a, ip), a->cidr);
		terminal_printf("\n");
		if (p->handshake_sec) {
			format_ago(t, sizeof(t), p->handshake_sec, time(NULL));
			terminal_printf("  " TERM_BOLD "latest handshake" TERM_RESET ": %s\n", t);
		}
		if (p->rx_bytes || p->tx_bytes) {
			format_bytes(t, sizeof(t), p->rx_bytes);
			format_bytes(t2, sizeof(t2), p->tx_bytes);
			terminal_printf("  " TERM_BOLD "transfer" TERM_RESET ": %s received, %s sent\n", t, t2);
		}
		if (p->keepalive) {
			format_duration(t, sizeof(t), p->keepalive);
			terminal_printf("  " TERM_BOLD "persistent keepalive" TERM_RESET ": every %s\n", t);
		}
		if (drops_nonzero(p->drops))
			print_drops(p->drops);
		if (p->next)
			terminal_printf("\n");
	}
}

/* ---------------------------------------------------------------------- */

static void json_str(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

static void json_drops(const uint64_t *drops, const char *indent)
{
	unsigned int i;

	printf("{");
	for (i = 1; i <= WG_DROP_MAX; i++)
		printf("%s\n%s  \"%s\": %llu", i == 1 ? "" : ",", indent, drop_names[i],
		       (unsigned long long)drops[i]);
	printf("\n%s}", indent);
}

static void json_print(const struct wgdev *dev, const char *in)
{
	char ep[128], ip[INET6_ADDRSTRLEN];
	wg_key_b64 b64;
	struct wgpeer *p;
	struct wgaip *a;
	bool hide = hide_keys();

	printf("%s{\n%s  \"name\": ", in, in);
	json_str(dev->name);
	printf(",\n%s  \"public_key\": ", in);
	if (dev->has & WGDEV_HAS_PUBLIC_KEY)
		json_str(key_text(dev->public_key, b64));
	else
		printf("null");
	printf(",\n%s  \"private_key\": ", in);
	if (!(dev->has & WGDEV_HAS_PRIVATE_KEY))
		printf("null");
	else
		json_str(hide ? "(hidden)" : key_text(dev->private_key, b64));
	printf(",\n%s  \"listen_port\": %u,\n%s  \"fwmark\": %u,\n%s  \"drops\": ", in,
	       dev->listen_port, in, dev->fwmark, in);
	{
		char deeper[32];

		snprintf(deeper, sizeof(deeper), "%s  ", in);
		json_drops(dev->drops, deeper);
	}
	printf(",\n%s  \"peers\": [", in);
	for_each_peer(dev, p) {
		char pin[32];

		snprintf(pin, sizeof(pin), "%s      ", in);
		printf("%s\n%s    {\n%s\"public_key\": ", p == dev->first_peer ? "" : ",", in, pin);
		json_str(key_text(p->public_key, b64));
		printf(",\n%s\"preshared_key\": ", pin);
		if (!(p->has & WGPEER_HAS_PRESHARED_KEY))
			printf("null");
		else
			json_str(hide ? "(hidden)" : key_text(p->preshared_key, b64));
		printf(",\n%s\"endpoint\": ", pin);
		if (has_endpoint(p))
			json_str(endpoint_text(p, ep, sizeof(ep)));
		else
			printf("null");
		printf(",\n%s\"allowed_ips\": [", pin);
		for_each_aip(p, a) {
			printf("%s\"%s/%u\"", a == p->first_aip ? "" : ", ", aip_addr(a, ip), a->cidr);
		}
		printf("],\n%s\"latest_handshake\": %lld,\n%s\"latest_handshake_nsec\": %lld,\n",
		       pin, (long long)p->handshake_sec, pin, (long long)p->handshake_nsec);
		printf("%s\"rx_bytes\": %llu,\n%s\"tx_bytes\": %llu,\n%s\"persistent_keepalive\": %u,\n",
		       pin, (unsigned long long)p->rx_bytes, pin, (unsigned long long)p->tx_bytes,
		       pin, p->keepalive);
		printf("%s\"drops\": ", pin);
		json_drops(p->drops, pin);
		printf("\n%s    }", in);
	}
	if (dev->first_peer)
		printf("\n%s  ", in);
	printf("]\n%s}", in);
}

/* ---------------------------------------------------------------------- */

static const char *const fields[] = {
	"public-key", "private-key", "listen-port", "fwmark", "peers", "preshared-keys",
	"endpoints", "allowed-ips", "latest-handshakes", "transfer", "persistent-keepalive",
	"dump", "json", NULL
};

static bool valid_field(const char *f)
{
	unsigned int i;

	for (i = 0; fields[i]; i++)
		if (!strcmp(f, fields[i]))
			return true;
	return false;
}

static void script_print(const struct wgdev *dev, const char *field, bool with_name)
{
	char ep[128], ip[INET6_ADDRSTRLEN];
	wg_key_b64 b64, b64b;
	const char *pre = with_name ? dev->name : "", *tab = with_name ? "\t" : "";
	struct wgpeer *p;
	struct wgaip *a;

	if (!strcmp(field, "public-key")) {
		printf("%s%s%s\n", pre, tab, dev->has & WGDEV_HAS_PUBLIC_KEY ?
		       key_text(dev->public_key, b64) : "(none)");
	} else if (!strcmp(field, "private-key")) {
		printf("%s%s%s\n", pre, tab, dev->has & WGDEV_HAS_PRIVATE_KEY ?
		       key_text(dev->private_key, b64) : "(none)");
	} else if (!strcmp(field, "listen-port")) {
		printf("%s%s%u\n", pre, tab, dev->listen_port);
	} else if (!strcmp(field, "fwmark")) {
		if (dev->fwmark)
			printf("%s%s0x%x\n", pre, tab, dev->fwmark);
		else
			printf("%s%soff\n", pre, tab);
	} else if (!strcmp(field, "dump")) {
		printf("%s%s%s\t%s\t%u\t", pre, tab,
		       dev->has & WGDEV_HAS_PRIVATE_KEY ? key_text(dev->private_key, b64) : "(none)",
		       dev->has & WGDEV_HAS_PUBLIC_KEY ? key_text(dev->public_key, b64b) : "(none)",
		       dev->listen_port);
		if (dev->fwmark)
			printf("0x%x\n", dev->fwmark);
		else
			printf("off\n");
		for_each_peer(dev, p) {
			printf("%s%s%s\t", pre, tab, key_text(p->public_key, b64));
			printf("%s\t", p->has & WGPEER_HAS_PRESHARED_KEY ?
			       key_text(p->preshared_key, b64) : "(none)");
			printf("%s\t", endpoint_text(p, ep, sizeof(ep)));
			if (!p->first_aip)
				printf("(none)");
			for_each_aip(p, a)
				printf("%s%s/%u", a == p->first_aip ? "" : ",", aip_addr(a, ip), a->cidr);
			printf("\t%llu\t%llu\t%llu\t", (unsigned long long)p->handshake_sec,
			       (unsigned long long)p->rx_bytes, (unsigned long long)p->tx_bytes);
			if (p->keepalive)
				printf("%u\n", p->keepalive);
			else
				printf("off\n");
		}
	} else {
		for_each_peer(dev, p) {
			printf("%s%s%s", pre, tab, key_text(p->public_key, b64));
			if (!strcmp(field, "peers")) {
				/* nothing more */
			} else if (!strcmp(field, "preshared-keys")) {
				printf("\t%s", p->has & WGPEER_HAS_PRESHARED_KEY ?
				       key_text(p->preshared_key, b64) : "(none)");
			} else if (!strcmp(field, "endpoints")) {
				printf("\t%s", endpoint_text(p, ep, sizeof(ep)));
			} else if (!strcmp(field, "allowed-ips")) {
				printf("\t");
				if (!p->first_aip)
					printf("(none)");
				for_each_aip(p, a)
					printf("%s%s/%u", a == p->first_aip ? "" : " ",
					       aip_addr(a, ip), a->cidr);
			} else if (!strcmp(field, "latest-handshakes")) {
				printf("\t%llu", (unsigned long long)p->handshake_sec);
			} else if (!strcmp(field, "transfer")) {
				printf("\t%llu\t%llu", (unsigned long long)p->rx_bytes,
				       (unsigned long long)p->tx_bytes);
			} else if (!strcmp(field, "persistent-keepalive")) {
				if (p->keepalive)
					printf("\t%u", p->keepalive);
				else
					printf("\toff");
			}
			printf("\n");
		}
	}
}

static void show_usage(FILE *f)
{
	fprintf(f, "Usage: %s show { <interface> | all | interfaces } [public-key | private-key | "
		"listen-port | fwmark | peers | preshared-keys | endpoints | allowed-ips | "
		"latest-handshakes | transfer | persistent-keepalive | dump | json]\n", prog);
}

int show_main(int argc, char *argv[])
{
	struct wgdev *dev;
	char *names, *name;
	int ret, failures = 0, count = 0;

	if (argc > 3) {
		show_usage(stderr);
		return 1;
	}
	terminal_init();
	if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") ||
			  !strcmp(argv[1], "help"))) {
		show_usage(stdout);
		return 0;
	}
	if (argc == 3 && !valid_field(argv[2])) {
		fprintf(stderr, "Invalid field: %s\n", argv[2]);
		show_usage(stderr);
		return 1;
	}
	if (argc == 1 || !strcmp(argv[1], "all") || !strcmp(argv[1], "interfaces")) {
		bool list_only = argc > 1 && !strcmp(argv[1], "interfaces");
		bool json = argc == 3 && !strcmp(argv[2], "json");

		if (list_only && argc > 2) {
			show_usage(stderr);
			return 1;
		}
		ret = ipc_list_devices(&names);
		if (ret) {
			errno = -ret;
			perror("Unable to list interfaces");
			return 1;
		}
		if (list_only) {
			for (name = names; *name; name += strlen(name) + 1)
				printf("%s%s", name == names ? "" : " ", name);
			if (*names)
				printf("\n");
			free(names);
			return 0;
		}
		if (json)
			printf("{\n  \"interfaces\": [");
		for (name = names; *name; name += strlen(name) + 1) {
			count++;
			ret = ipc_get_device(&dev, name);
			if (ret) {
				fprintf(stderr, "Unable to access interface %s: %s\n", name, strerror(-ret));
				failures++;
				continue;
			}
			if (json) {
				printf("%s\n", count - failures == 1 ? "" : ",");
				json_print(dev, "    ");
			} else if (argc == 3) {
				script_print(dev, argv[2], true);
			} else {
				pretty_print(dev);
				if (name[strlen(name) + 1])
					printf("\n");
			}
			wgdev_free(dev);
		}
		if (json)
			printf("%s]\n}\n", count - failures ? "\n  " : "");
		free(names);
		return count && failures == count ? 1 : 0;
	}
	ret = ipc_get_device(&dev, argv[1]);
	if (ret) {
		errno = -ret;
		perror("Unable to access interface");
		return 1;
	}
	if (argc == 3 && !strcmp(argv[2], "json")) {
		json_print(dev, "");
		printf("\n");
	} else if (argc == 3) {
		script_print(dev, argv[2], false);
	} else {
		pretty_print(dev);
	}
	wgdev_free(dev);
	return 0;
}

/* ---------------------------------------------------------------------- */

int showconf_main(int argc, char *argv[])
{
	char ep[128], ip[INET6_ADDRSTRLEN];
	wg_key_b64 b64;
	struct wgdev *dev;
	struct wgpeer *p;
	struct wgaip *a;
	int ret;

	if (argc != 2) {
		fprintf(stderr, "Usage: %s showconf <interface>\n", prog);
		return 1;
	}
	ret = ipc_get_device(&dev, argv[1]);
	if (ret) {
		errno = -ret;
		perror("Unable to access interface");
		return 1;
	}
	printf("[Interface]\n");
	if (dev->listen_port)
		printf("ListenPort = %u\n", dev->listen_port);
	if (dev->fwmark)
		printf("FwMark = 0x%x\n", dev->fwmark);
	if (dev->has & WGDEV_HAS_PRIVATE_KEY)
		printf("PrivateKey = %s\n", key_text(dev->private_key, b64));
	printf("\n");
	for_each_peer(dev, p) {
		printf("[Peer]\nPublicKey = %s\n", key_text(p->public_key, b64));
		if (p->has & WGPEER_HAS_PRESHARED_KEY)
			printf("PresharedKey = %s\n", key_text(p->preshared_key, b64));
		if (p->first_aip) {
			printf("AllowedIPs = ");
			for_each_aip(p, a)
				printf("%s%s/%u", a == p->first_aip ? "" : ", ", aip_addr(a, ip), a->cidr);
			printf("\n");
		}
		if (has_endpoint(p))
			printf("Endpoint = %s\n", endpoint_text(p, ep, sizeof(ep)));
		if (p->keepalive)
			printf("PersistentKeepalive = %u\n", p->keepalive);
		if (p->next)
			printf("\n");
	}
	key_wipe(b64, sizeof(b64));
	wgdev_free(dev);
	return 0;
}
