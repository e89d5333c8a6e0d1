// SPDX-License-Identifier: GPL-2.0
/*
 * nl-dumpstat IFNAME [REPS [BUFSIZE]]: runs the "wireguard" GET_DEVICE dump
 * of IFNAME REPS times (default 1), reading with a BUFSIZE-byte buffer
 * (default 4096, the size Debian's wg reads with on x86-64; the kernel sizes
 * dump datagrams by the largest read of the socket), and prints per
 * dump one line
 *
 *     dump datagrams=<recv calls> messages=<genl messages> bytes=<total>
 *          peers=<distinct> ips=<allowed IPs> intr=<DUMP_INTR messages> ms=<wall>
 *
 * The figures separate the module's share of `wg show dump` (messages, bytes,
 * kernel time) from the tool's.  Exit status 1 when a dump ended in an error.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#define DEV_IFNAME 2
#define DEV_PEERS 8
#define PEER_PUBLIC_KEY 1
#define PEER_ALLOWEDIPS 9

struct stats {
	unsigned long datagrams, messages, bytes, peers, ips, intr;
	unsigned char last_key[32];
	int have_last;
};

static int fd;
static unsigned char rbuf[1 << 20];

static void die(const char *what)
{
	perror(what);
	exit(2);
}

static void attr_put(unsigned char *m, size_t *len, uint16_t type, const void *data, size_t n)
{
	struct nlattr a = { .nla_len = NLA_HDRLEN + n, .nla_type = type };

	memcpy(m + *len, &a, sizeof(a));
	memset(m + *len + NLA_HDRLEN, 0, NLA_ALIGN(n));
	memcpy(m + *len + NLA_HDRLEN, data, n);
	*len += NLA_HDRLEN + NLA_ALIGN(n);
}

static void request(uint16_t type, uint8_t cmd, uint16_t flags, uint16_t atype,
		    const void *data, size_t n)
{
	unsigned char m[256] = { 0 };
	struct nlmsghdr *h = (struct nlmsghdr *)m;
	struct genlmsghdr *g = (struct genlmsghdr *)(m + NLMSG_HDRLEN);
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	size_t len = NLMSG_HDRLEN + GENL_HDRLEN;
	static uint32_t seq;

	if (n > 128)
		exit(2);
	g->cmd = cmd;
	g->version = 1;
	attr_put(m, &len, atype, data, n);
	h->nlmsg_len = len;
	h->nlmsg_type = type;
	h->nlmsg_flags = NLM_F_REQUEST | flags;
	h->nlmsg_seq = ++seq;
	if (sendto(fd, m, len, 0, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		die("sendto");
}

static void walk(const struct nlattr *a, int rem, int depth, struct stats *s)
{
	for (; rem >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN && a->nla_len <= rem;
	     rem -= NLA_ALIGN(a->nla_len), a = (const void *)((const char *)a + NLA_ALIGN(a->nla_len))) {
		uint16_t t = a->nla_type & NLA_TYPE_MASK;
		const void *d = (const char *)a + NLA_HDRLEN;

		if (depth == 0 && t == DEV_PEERS) {
			walk(d, a->nla_len - NLA_HDRLEN, 1, s);
		} else if (depth == 1) {
			walk(d, a->nla_len - NLA_HDRLEN, 2, s);
		} else if (depth == 2 && t == PEER_PUBLIC_KEY && a->nla_len == NLA_HDRLEN + 32) {
			/* a peer cut between messages starts the next one again */
			if (!s->have_last || memcmp(d, s->last_key, 32))
				s->peers++;
			memcpy(s->last_key, d, 32);
			s->have_last = 1;
		} else if (depth == 2 && t == PEER_ALLOWEDIPS) {
			walk(d, a->nla_len - NLA_HDRLEN, 3, s);
		} else if (depth == 3) {
			s->ips++;
		}
	}
}

/* Reads until DONE or an error; returns the DONE/error code. */
static int receive(size_t bufsize, struct stats *s, uint16_t *family)
{
	for (;;) {
		ssize_t n = recv(fd, rbuf, bufsize, MSG_TRUNC);
		struct nlmsghdr *h;
		int len;

		if (n < 0)
			die("recv");
		if ((size_t)n > bufsize) {
			fprintf(stderr, "datagram of %zd bytes cut to %zu\n", n, bufsize);
			exit(1);
		}
		len = (int)n;
		s->datagrams++;
		s->bytes += n;
		for (h = (struct nlmsghdr *)rbuf; NLMSG_OK(h, (unsigned int)len); h = NLMSG_NEXT(h, len)) {
			if (h->nlmsg_type == NLMSG_ERROR || h->nlmsg_type == NLMSG_DONE)
				return *(int *)NLMSG_DATA(h);
			s->messages++;
			if (h->nlmsg_flags & NLM_F_DUMP_INTR)
				s->intr++;
			if (family) {
				const struct nlattr *a = (const void *)((char *)NLMSG_DATA(h) + GENL_HDRLEN);
				int rem = h->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN;

				for (; rem >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN && a->nla_len <= rem;
				     rem -= NLA_ALIGN(a->nla_len),
				     a = (const void *)((const char *)a + NLA_ALIGN(a->nla_len)))
					if ((a->nla_type & NLA_TYPE_MASK) == CTRL_ATTR_FAMILY_ID)
						memcpy(family, (const char *)a + NLA_HDRLEN, 2);
			} else {
				walk((const void *)((char *)NLMSG_DATA(h) + GENL_HDRLEN),
				     h->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN, 0, s);
			}
		}
	}
}

int main(int argc, char **argv)
{
	struct sockaddr_nl local = { .nl_family = AF_NETLINK };
	int reps = argc > 2 ? atoi(argv[2]) : 1, ret = 0, i, r;
	size_t bufsize = argc > 3 ? strtoul(argv[3], NULL, 0) : 4096;
	uint16_t family = 0;
	struct stats s;

	if (argc < 2 || reps < 1 || bufsize < 64 || bufsize > sizeof(rbuf)) {
		fprintf(stderr, "usage: %s IFNAME [REPS [BUFSIZE]]\n", argv[0]);
		return 2;
	}
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (fd < 0 || bind(fd, (struct sockaddr *)&local, sizeof(local)) < 0)
		die("netlink socket");
	memset(&s, 0, sizeof(s));
	request(GENL_ID_CTRL, CTRL_CMD_GETFAMILY, NLM_F_ACK, CTRL_ATTR_FAMILY_NAME, "wireguard", 10);
	if (receive(bufsize, &s, &family) || !family) {
		fprintf(stderr, "no wireguard genl family\n");
		return 2;
	}
	for (i = 0; i < reps; i++) {
		struct timespec t0, t1;

		memset(&s, 0, sizeof(s));
		clock_gettime(CLOCK_MONOTONIC, &t0);
		request(family, 0, NLM_F_DUMP | NLM_F_ACK, DEV_IFNAME, argv[1], strlen(argv[1]) + 1);
		r = receive(bufsize, &s, NULL);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		if (r) {
			printf("dump error %s\n", strerror(-r));
			ret = 1;
			continue;
		}
		printf("dump datagrams=%lu messages=%lu bytes=%lu peers=%lu ips=%lu intr=%lu ms=%.1f\n",
		       s.datagrams, s.messages, s.bytes, s.peers, s.ips, s.intr,
		       (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6);
	}
	return ret;
}
