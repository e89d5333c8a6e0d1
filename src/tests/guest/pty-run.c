// SPDX-License-Identifier: GPL-2.0
/*
 * pty-run CMD [ARGS...]: run CMD with stdin/stdout/stderr on a new
 * pseudo-terminal in raw mode (no CR added to newlines) and copy what it
 * writes to our stdout.  Exit status: CMD's.  For testing programs that
 * behave differently on a terminal.
 */
#include <errno.h>
#include <pty.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

int main(int argc, char *argv[])
{
	struct termios t;
	char buf[4096];
	ssize_t n;
	int master, status;
	pid_t pid;

	if (argc < 2) {
		fprintf(stderr, "usage: pty-run CMD [ARGS...]\n");
		return 2;
	}
	pid = forkpty(&master, NULL, NULL, NULL);
	if (pid < 0) {
		perror("forkpty");
		return 2;
	}
	if (pid == 0) {
		if (tcgetattr(STDIN_FILENO, &t) == 0) {
			cfmakeraw(&t);
			tcsetattr(STDIN_FILENO, TCSANOW, &t);
		}
		execvp(argv[1], argv + 1);
		perror(argv[1]);
		_exit(127);
	}
	for (;;) {
		n = read(master, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;	/* EIO once the child's side is closed */
		if (fwrite(buf, 1, (size_t)n, stdout) != (size_t)n)
			break;
	}
	fflush(stdout);
	if (waitpid(pid, &status, 0) < 0)
		return 2;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
