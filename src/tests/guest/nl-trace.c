// SPDX-License-Identifier: GPL-2.0
/*
 * nl-trace OUTFILE CMD [ARGS...]: runs CMD under ptrace and writes one line
 * per netlink message CMD sends (sendto/sendmsg on a netlink socket) to
 * OUTFILE:
 *
 *     send proto=<netlink protocol> type=<nlmsg_type> flags=0x<flags> len=<nlmsg_len> cmd=<genl cmd or ->
 *
 * and one line `syscall bytes=<n> msgs=<m>` before each such call's
 * messages.  CMD's stdin/stdout/stderr are left alone; nl-trace exits with
 * CMD's status.  Used to prove that a large `wg setconf` is split over
 * several netlink messages, whatever the tool (no strace in the guest).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_CAPTURE (1 << 20)

static unsigned char buf[MAX_CAPTURE];

/* The netlink protocol of the tracee's fd, or -1 if it is not netlink. */
static int nl_protocol(pid_t pid, int fd)
{
	int pfd, tfd, v = -1;
	socklen_t l = sizeof(v);

	pfd = syscall(SYS_pidfd_open, pid, 0);
	if (pfd < 0)
		return -1;
	tfd = syscall(SYS_pidfd_getfd, pfd, fd, 0);
	close(pfd);
	if (tfd < 0)
		return -1;
	if (getsockopt(tfd, SOL_SOCKET, SO_DOMAIN, &v, &l) || v != AF_NETLINK)
		v = -1;
	else if (getsockopt(tfd, SOL_SOCKET, SO_PROTOCOL, &v, &l))
		v = -1;
	close(tfd);
	return v;
}

static size_t peek(pid_t pid, unsigned long addr, void *dst, size_t len)
{
	struct iovec local = { dst, len }, remote = { (void *)addr, len };
	ssize_t r = process_vm_readv(pid, &local, 1, &remote, 1, 0);
	size_t n;

	if (r >= 0)
		return (size_t)r;
	/* Kernels without CROSS_MEMORY_ATTACH (the debug kernel): a word at a
	 * time through ptrace. */
	for (n = 0; n < len; n += sizeof(long)) {
		long w;

		errno = 0;
		w = ptrace(PTRACE_PEEKDATA, pid, (void *)(addr + n), NULL);
		if (errno)
			break;
		memcpy((char *)dst + n, &w, len - n < sizeof(w) ? len - n : sizeof(w));
	}
	return n < len ? n : len;
}

/* Gathers the bytes of a sendmsg() iovec array into buf. */
static size_t peek_msghdr(pid_t pid, unsigned long addr)
{
	struct msghdr mh;
	struct iovec iov;
	size_t i, n = 0, got;

	if (peek(pid, addr, &mh, sizeof(mh)) != sizeof(mh))
		return 0;
	for (i = 0; i < mh.msg_iovlen && i < 64; i++) {
		if (peek(pid, (unsigned long)mh.msg_iov + i * sizeof(iov), &iov, sizeof(iov)) != sizeof(iov))
			break;
		if (iov.iov_len > sizeof(buf) - n)
			iov.iov_len = sizeof(buf) - n;
		got = peek(pid, (unsigned long)iov.iov_base, buf + n, iov.iov_len);
		n += got;
		if (got < iov.iov_len)
			break;
	}
	return n;
}

static void report(FILE *out, int proto, size_t n)
{
	size_t off = 0, msgs = 0;
	struct nlmsghdr h;

	while (off + sizeof(h) <= n) {
		memcpy(&h, buf + off, sizeof(h));
		if (h.nlmsg_len < sizeof(h) || h.nlmsg_len > n - off)
			break;
		msgs++;
		off += NLMSG_ALIGN(h.nlmsg_len);
	}
	fprintf(out, "syscall bytes=%zu msgs=%zu\n", n, msgs);
	off = 0;
	while (msgs--) {
		memcpy(&h, buf + off, sizeof(h));
		fprintf(out, "send proto=%d type=%u flags=0x%x len=%u cmd=", proto,
			h.nlmsg_type, h.nlmsg_flags, h.nlmsg_len);
		if (proto == NETLINK_GENERIC && h.nlmsg_len >= NLMSG_HDRLEN + GENL_HDRLEN)
			fprintf(out, "%u\n", ((struct genlmsghdr *)(buf + off + NLMSG_HDRLEN))->cmd);
		else
			fprintf(out, "-\n");
		off += NLMSG_ALIGN(h.nlmsg_len);
	}
	fflush(out);
}

int main(int argc, char *argv[])
{
	struct __ptrace_syscall_info si;
	FILE *out;
	pid_t pid;
	int status, sig = 0, proto;
	size_t n;

	if (argc < 3) {
		fprintf(stderr, "usage: %s OUTFILE CMD [ARGS...]\n", argv[0]);
		return 2;
	}
	out = fopen(argv[1], "w");
	if (!out) {
		perror(argv[1]);
		return 2;
	}
	pid = fork();
	if (pid < 0)
		return perror("fork"), 2;
	if (!pid) {
		fclose(out);
		if (ptrace(PTRACE_TRACEME, 0, NULL, NULL))
			_exit(127);
		raise(SIGSTOP);
		execvp(argv[2], argv + 2);
		perror(argv[2]);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFSTOPPED(status))
		return fprintf(stderr, "nl-trace: child did not stop\n"), 2;
	if (ptrace(PTRACE_SETOPTIONS, pid, NULL, PTRACE_O_TRACESYSGOOD | PTRACE_O_EXITKILL))
		return perror("PTRACE_SETOPTIONS"), 2;
	for (;;) {
		if (ptrace(PTRACE_SYSCALL, pid, NULL, (void *)(long)sig))
			return perror("PTRACE_SYSCALL"), 2;
		sig = 0;
		if (waitpid(pid, &status, 0) != pid)
			return perror("waitpid"), 2;
		if (WIFEXITED(status))
			return WEXITSTATUS(status);
		if (WIFSIGNALED(status))
			return 128 + WTERMSIG(status);
		if (!WIFSTOPPED(status))
			continue;
		if (WSTOPSIG(status) != (SIGTRAP | 0x80)) {
			sig = WSTOPSIG(status) == SIGTRAP ? 0 : WSTOPSIG(status);
			continue;
		}
		if (ptrace(PTRACE_GET_SYSCALL_INFO, pid, (void *)sizeof(si), &si) <= 0 ||
		    si.op != PTRACE_SYSCALL_INFO_ENTRY)
			continue;
		if (si.entry.nr != SYS_sendto && si.entry.nr != SYS_sendmsg)
			continue;
		proto = nl_protocol(pid, (int)si.entry.args[0]);
		if (proto < 0)
			continue;
		if (si.entry.nr == SYS_sendto) {
			n = si.entry.args[2] < sizeof(buf) ? si.entry.args[2] : sizeof(buf);
			n = peek(pid, si.entry.args[1], buf, n);
		} else {
			n = peek_msghdr(pid, si.entry.args[1]);
		}
		report(out, proto, n);
	}
}
