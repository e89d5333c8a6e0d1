// SPDX-License-Identifier: GPL-2.0
/*
 * A scripted netlink "kernel" and UAPI "daemon" for the netlink harness,
 * linked with --wrap for the libmnl socket calls, time, stat, socket and
 * connect that src/tools/ipc.c makes. Nothing here touches a real socket
 * except a local socketpair for the UAPI mode.
 *
 *  - scripted mode: mnl_socket_recvfrom hands out the datagrams set by
 *    fake_script(), in order, truncated to the caller's buffer like a
 *    netlink socket does; when they run out it fails with ECONNRESET;
 *  - answering mode (fake_answer()): every request sent gets an ACK with
 *    the request's sequence number (or the scripted error), and a
 *    CTRL_CMD_GETFAMILY request also gets the family id; each request is
 *    passed to a callback first, so the harness can check what was sent;
 *  - UAPI mode (fake_uapi()): stat says the socket exists, socket()
 *    returns one end of a socketpair whose other end has the scripted text
 *    written and its write side shut, connect() succeeds.
 * --wrap also catches libFuzzer's own calls (it stats its corpus
 * directories): outside fake_arm()/fake_reset() every wrapper forwards to
 * the real function.
 */
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "fake_sockets.h"
#include "fuzz.h"

static struct {
	const uint8_t *p;
	size_t left;
	bool answer;
	fake_sent_cb sent;
	void *sent_ctx;
	const int *errors;	/* per request, 0 = ACK */
	size_t nerrors, nreq;
	uint8_t pending[8192];
	size_t pending_len;
	bool uapi;
	const char *uapi_text;
	size_t uapi_len;
	int peer_fds[8];
	size_t npeer_fds;
	int dummy;
	bool armed;
} fk;

int __real_stat(const char *path, struct stat *st);
int __real_socket(int domain, int type, int protocol);
int __real_connect(int fd, const struct sockaddr *addr, socklen_t len);
time_t __real_time(time_t *t);

void fake_arm(void)
{
	fk.armed = true;
}

void fake_reset(void)
{
	size_t i;

	for (i = 0; i < fk.npeer_fds; i++)
		close(fk.peer_fds[i]);
	memset(&fk, 0, sizeof(fk));
}

void fake_script(const uint8_t *data, size_t len)
{
	fk.p = data;
	fk.left = len;
}

void fake_answer(fake_sent_cb cb, void *ctx, const int *errors, size_t nerrors)
{
	fk.answer = true;
	fk.sent = cb;
	fk.sent_ctx = ctx;
	fk.errors = errors;
	fk.nerrors = nerrors;
}

void fake_uapi(const char *text, size_t len)
{
	fk.uapi = true;
	fk.uapi_text = text;
	fk.uapi_len = len;
}

struct mnl_socket *__wrap_mnl_socket_open(int bus)
{
	(void)bus;
	return (struct mnl_socket *)&fk.dummy;
}

int __wrap_mnl_socket_bind(struct mnl_socket *nl, unsigned int groups, pid_t pid)
{
	(void)nl;
	(void)groups;
	(void)pid;
	return 0;
}

unsigned int __wrap_mnl_socket_get_portid(const struct mnl_socket *nl)
{
	(void)nl;
	return FAKE_PORTID;
}

int __wrap_mnl_socket_close(struct mnl_socket *nl)
{
	(void)nl;
	return 0;
}

time_t __wrap_time(time_t *t)
{
	if (!fk.armed)
		return __real_time(t);
	if (t)
		*t = FAKE_SEQ;
	return FAKE_SEQ;
}

/* Appends one message to the pending answer datagram. */
static struct nlmsghdr *pending_msg(uint16_t type, uint32_t seq)
{
	struct nlmsghdr *nlh;

	FUZZ_CHECK(fk.pending_len + 512 <= sizeof(fk.pending), "answer overflow");
	nlh = mnl_nlmsg_put_header(fk.pending + fk.pending_len);
	nlh->nlmsg_type = type;
	nlh->nlmsg_seq = seq;
	nlh->nlmsg_pid = FAKE_PORTID;
	return nlh;
}

ssize_t __wrap_mnl_socket_sendto(const struct mnl_socket *nl, const void *buf, size_t len)
{
	const struct nlmsghdr *req = buf;
	struct nlmsghdr *nlh;
	struct nlmsgerr *err;
	int error;

	(void)nl;
	FUZZ_CHECK(len >= sizeof(*req) && req->nlmsg_len == len,
		   "request of %zu bytes says %u", len, len >= sizeof(*req) ? req->nlmsg_len : 0);
	FUZZ_CHECK(req->nlmsg_flags & NLM_F_REQUEST, "request without NLM_F_REQUEST");
	if (!fk.answer)
		return (ssize_t)len;
	if (fk.sent)
		fk.sent(fk.sent_ctx, req);
	error = fk.nreq < fk.nerrors ? fk.errors[fk.nreq] : 0;
	fk.nreq++;
	fk.pending_len = 0;
	if (req->nlmsg_type == GENL_ID_CTRL) {
		struct genlmsghdr *g;

		nlh = pending_msg(GENL_ID_CTRL, req->nlmsg_seq);
		g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
		g->cmd = CTRL_CMD_NEWFAMILY;
		mnl_attr_put_u16(nlh, CTRL_ATTR_FAMILY_ID, FAKE_FAMILY);
		mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, "wireguard");
		fk.pending_len += nlh->nlmsg_len;
		error = 0;
	}
	nlh = pending_msg(NLMSG_ERROR, req->nlmsg_seq);
	err = mnl_nlmsg_put_extra_header(nlh, sizeof(*err));
	err->error = error;
	err->msg = *req;
	fk.pending_len += nlh->nlmsg_len;
	return (ssize_t)len;
}

/*
 * The kernel frames what it sends: no message claims more bytes than its
 * datagram holds. libmnl 1.0.4's mnl_nlmsg_ok compares (int)nlmsg_len, so a
 * length of 2^31 or more passes its check and mnl_cb_run walks backwards out
 * of the buffer (a crash in libmnl found by this harness; see
 * regress/netlink/libmnl-huge-nlmsg-len). Under libFuzzer the fake kernel
 * keeps to the kernel's framing and clamps such lengths to what remains; the
 * regression driver leaves them alone when the mode byte has bit 7 set.
 */
static bool raw_framing;

void fake_raw_framing(bool raw)
{
	raw_framing = raw;
}

static void frame(uint8_t *buf, size_t len)
{
	size_t off = 0;
	uint32_t l;

	if (raw_framing)
		return;
	while (off + sizeof(struct nlmsghdr) <= len) {
		memcpy(&l, buf + off, sizeof(l));
		if (l > len - off) {
			l = (uint32_t)(len - off);
			memcpy(buf + off, &l, sizeof(l));
		}
		if (l < sizeof(struct nlmsghdr))
			break;
		off += NLMSG_ALIGN(l);
	}
}

ssize_t __wrap_mnl_socket_recvfrom(const struct mnl_socket *nl, void *buf, size_t bufsiz)
{
	size_t len;

	(void)nl;
	if (fk.answer) {
		if (!fk.pending_len) {
			errno = ECONNRESET;
			return -1;
		}
		len = fk.pending_len < bufsiz ? fk.pending_len : bufsiz;
		memcpy(buf, fk.pending, len);
		fk.pending_len = 0;
		return (ssize_t)len;
	}
	if (fk.left < 2) {
		errno = ECONNRESET;
		return -1;
	}
	len = (size_t)fk.p[0] | (size_t)fk.p[1] << 8;
	fk.p += 2;
	fk.left -= 2;
	if (len > fk.left)
		len = fk.left;
	memcpy(buf, fk.p, len < bufsiz ? len : bufsiz);
	fk.p += len;
	fk.left -= len;
	frame(buf, len < bufsiz ? len : bufsiz);
	return (ssize_t)(len < bufsiz ? len : bufsiz);
}

int __wrap_stat(const char *path, struct stat *st)
{
	if (!fk.armed)
		return __real_stat(path, st);
	if (!fk.uapi) {
		errno = ENOENT;
		return -1;
	}
	memset(st, 0, sizeof(*st));
	st->st_mode = S_IFSOCK | 0755;
	return 0;
}

int __wrap_socket(int domain, int type, int protocol)
{
	int sv[2];
	size_t off = 0;
	ssize_t n;

	if (!fk.armed)
		return __real_socket(domain, type, protocol);
	FUZZ_CHECK(fk.uapi, "socket() outside the UAPI mode");
	FUZZ_CHECK(fk.npeer_fds < sizeof(fk.peer_fds) / sizeof(fk.peer_fds[0]), "too many sockets");
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv))
		return -1;
	while (off < fk.uapi_len) {
		n = write(sv[1], fk.uapi_text + off, fk.uapi_len - off);
		if (n <= 0)
			break;
		off += (size_t)n;
	}
	shutdown(sv[1], SHUT_WR);
	fk.peer_fds[fk.npeer_fds++] = sv[1];
	return sv[0];
}

int __wrap_connect(int fd, const struct sockaddr *addr, socklen_t len)
{
	if (!fk.armed)
		return __real_connect(fd, addr, len);
	return 0;
}
