/*
 * launch.c - the launch sequence.
 *
 * Parent                                Child
 *  1. report pipe (close-on-exec)
 *  2. block the forwarded signals
 *  3. fork ───────────────────────────▶  4. die with the parent
 *                                        5. default signals, old mask
 *                                        6. own descriptors close-on-exec
 *                                        7. checkpoint: ready(child) hook
 *                                        8. execve ── on failure, a report
 *  9. read the report pipe: EOF means execve succeeded (or the child died)
 * 10. forward signals and wait
 * 11. the workload's status: its exit code, 128+N for signal N
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sandbox/fds.h"
#include "sandbox/launch.h"

extern char **environ;

static const int forwarded_signals[] = {
	SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGWINCH,
};
enum { FORWARDED_COUNT = sizeof(forwarded_signals) / sizeof(int) };

static volatile sig_atomic_t workload_pid;

struct report {
	int exit_status;
	char message[512];
};

static void forward_signal(int sig)
{
	int saved = errno;

	if (workload_pid > 0)
		kill((pid_t)workload_pid, sig);
	errno = saved;
}

static int set_forwarding(void (*handler)(int))
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = handler;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	for (int i = 0; i < FORWARDED_COUNT; i++)
		if (sigaction(forwarded_signals[i], &sa, NULL) != 0)
			return -1;
	return 0;
}

static void forwarded_set(sigset_t *set)
{
	sigemptyset(set);
	for (int i = 0; i < FORWARDED_COUNT; i++)
		sigaddset(set, forwarded_signals[i]);
}

/* Sends the report and ends the child; a short write loses nothing but
 * the message, and the status still tells the parent what failed. */
__attribute__((format(printf, 3, 4)))
static _Noreturn void child_fail(int fd, int status, const char *fmt, ...)
{
	struct report r;
	va_list ap;

	memset(&r, 0, sizeof(r));
	r.exit_status = status;
	va_start(ap, fmt);
	vsnprintf(r.message, sizeof(r.message), fmt, ap);
	va_end(ap);
	if (write(fd, &r, sizeof(r)) < 0)
		_exit(status);
	_exit(status);
}

static int exec_failure_status(int err)
{
	return err == ENOENT || err == ENOTDIR ? LAUNCH_EXIT_NOTFOUND
					       : LAUNCH_EXIT_NOEXEC;
}

static _Noreturn void child_run(const struct launch *l, int fd,
				pid_t parent, const sigset_t *old_mask)
{
	char msg[400];

	if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0)
		child_fail(fd, LAUNCH_EXIT_FAILURE,
			   "prctl(PR_SET_PDEATHSIG): %s", strerror(errno));
	if (getppid() != parent)
		_exit(LAUNCH_EXIT_FAILURE);
	if (set_forwarding(SIG_DFL) != 0 ||
	    sigprocmask(SIG_SETMASK, old_mask, NULL) != 0)
		child_fail(fd, LAUNCH_EXIT_FAILURE, "cannot reset signals: %s",
			   strerror(errno));
	if (fds_cloexec_own() != 0)
		child_fail(fd, LAUNCH_EXIT_FAILURE,
			   "cannot mark descriptors close-on-exec: %s",
			   strerror(errno));
	msg[0] = '\0';
	if (l->ready(l->ctx, msg, sizeof(msg)) != 0)
		child_fail(fd, LAUNCH_EXIT_FAILURE, "%s", msg);
	execve(l->path, l->argv, environ);
	int err = errno;
	snprintf(msg, sizeof(msg), "cannot execute '%s': %s", l->path,
		 strerror(err));
	child_fail(fd, exec_failure_status(err), "%s", msg);
}

/* Reads the child's report; returns 1 when one came, 0 on EOF, -1. */
static int read_report(int fd, struct report *r)
{
	size_t got = 0;

	while (got < sizeof(*r)) {
		ssize_t n = read(fd, (char *)r + got, sizeof(*r) - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		got += (size_t)n;
	}
	if (got == 0)
		return 0;
	r->message[sizeof(r->message) - 1] = '\0';
	return 1;
}

static int wait_status(pid_t pid)
{
	int status;

	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			fprintf(stderr, "luasandbox: waitpid: %s\n",
				strerror(errno));
			return LAUNCH_EXIT_FAILURE;
		}
	}
	if (WIFSIGNALED(status))
		return LAUNCH_EXIT_SIGNAL + WTERMSIG(status);
	return WEXITSTATUS(status);
}

static int fail(const char *what)
{
	fprintf(stderr, "luasandbox: %s: %s\n", what, strerror(errno));
	return LAUNCH_EXIT_FAILURE;
}

int launch_run(const struct launch *l)
{
	int pipe_fds[2];
	sigset_t block, old_mask;
	struct report report;

	if (pipe2(pipe_fds, O_CLOEXEC) != 0)
		return fail("pipe2");
	forwarded_set(&block);
	if (sigprocmask(SIG_BLOCK, &block, &old_mask) != 0)
		return fail("sigprocmask");
	if (set_forwarding(forward_signal) != 0)
		return fail("sigaction");
	pid_t parent = getpid();
	pid_t pid = fork();
	if (pid < 0)
		return fail("fork");
	if (pid == 0) {
		close(pipe_fds[0]);
		child_run(l, pipe_fds[1], parent, &old_mask);
	}
	workload_pid = pid;
	close(pipe_fds[1]);
	if (sigprocmask(SIG_SETMASK, &old_mask, NULL) != 0)
		return fail("sigprocmask");
	int got = read_report(pipe_fds[0], &report);
	close(pipe_fds[0]);
	int status = wait_status(pid);
	if (got < 0)
		return fail("cannot read the child's report");
	if (got == 1) {
		fprintf(stderr, "luasandbox: %s\n", report.message);
		return report.exit_status;
	}
	return status;
}
