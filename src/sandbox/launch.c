/*
 * launch.c - the launch sequence.
 *
 * Parent                                Child
 *  1. report pipe, sync socket (close-on-exec)
 *  2. block the forwarded signals
 *  3. fork --------------------------->  4. die with the parent
 *                                        5. default signals, old mask
 *                                        6. own descriptors close-on-exec
 *                                        7. checkpoint: ready(child) hook
 *                                        8. no_new_privs, install filter
 *                                        9. execve -- on failure, a report
 * 10. read the report pipe: EOF means execve succeeded (or the child died)
 * 11. forward signals and wait
 * 12. the workload's status: its exit code, 128+N for signal N
 *
 * A filter that can return user_notif needs a supervisor, and the
 * listener the kernel hands the child is close-on-exec: the parent must
 * hold its own copy before execve.  Step 8 becomes a handshake in which
 * the child makes no syscall between install and execve but one read:
 *
 * Parent                                Child
 *                                        8a. N = the lowest free
 *                                            descriptor: the listener's
 *  pidfd_open(child) <---- report N -----
 *                                        8b. seccomp(NEW_LISTENER) == N
 *  pidfd_getfd(N) until it is a
 *  listener (readlink)
 *  one byte, go ahead -----------------> 8c. read(sync)
 *  answer notifications until            9.  execve
 *  the child ends
 *
 * A profile that notifies read notifies 8c too: the parent holds the
 * listener by then, and continues that one read itself (notify.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sandbox/fds.h"
#include "sandbox/install.h"
#include "sandbox/launch.h"
#include "sandbox/notify.h"

extern char **environ;

static const int forwarded_signals[] = {
	SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGWINCH,
};
enum { FORWARDED_COUNT = sizeof(forwarded_signals) / sizeof(int) };

static volatile sig_atomic_t workload_pid;

/* What the child tells the parent before execve. */
enum report_kind {
	REPORT_FAILURE,          /* value: the exit status */
	REPORT_LISTENER          /* value: the listener's descriptor, N */
};

struct report {
	int kind;
	int value;
	char message[512];
};

/* The two channels between parent and child; each side closes the
 * other's ends after fork. */
struct channels {
	int report[2];           /* [0] the parent reads, [1] the child */
	int sync[2];             /* [0] the child reads, [1] the parent */
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
	r.kind = REPORT_FAILURE;
	r.value = status;
	va_start(ap, fmt);
	vsnprintf(r.message, sizeof(r.message), fmt, ap);
	va_end(ap);
	if (write(fd, &r, sizeof(r)) < 0)
		_exit(status);
	_exit(status);
}

static void child_report_listener(int fd, int n)
{
	struct report r;

	memset(&r, 0, sizeof(r));
	r.kind = REPORT_LISTENER;
	r.value = n;
	if (write(fd, &r, sizeof(r)) != (ssize_t)sizeof(r))
		_exit(LAUNCH_EXIT_FAILURE);
}

/* The parent's go-ahead.  Without it (the parent gave up, and said
 * why) the child never reaches execve. */
static void child_await(int fd)
{
	ssize_t n;
	char go;

	do
		n = read(fd, &go, 1);
	while (n < 0 && errno == EINTR);
	if (n != 1)
		_exit(LAUNCH_EXIT_FAILURE);
}

/* Steps 8a-8c: no syscall between install and execve but the read. */
static void child_install_supervised(const struct channels *ch,
				     const struct bpf_program *filter)
{
	int fd = ch->report[1], listener;
	char msg[400];

	/* The kernel gives the listener the lowest free descriptor. */
	int n = fcntl(fd, F_DUPFD_CLOEXEC, 0);
	if (n < 0 || close(n) != 0)
		child_fail(fd, LAUNCH_EXIT_FAILURE, "cannot find a free "
			   "descriptor: fcntl(F_DUPFD_CLOEXEC): %s",
			   strerror(errno));
	child_report_listener(fd, n);
	if (install_filter(filter->insns, filter->len, &listener, msg,
			   sizeof(msg)) != 0)
		child_fail(fd, LAUNCH_EXIT_FAILURE, "%s", msg);
	if (listener != n) {
		/* With no listener left, a notified call fails with ENOSYS
		 * rather than waiting for a supervisor that never comes. */
		close(listener);
		child_fail(fd, LAUNCH_EXIT_FAILURE, "the seccomp listener is "
			   "descriptor %d, not %d", listener, n);
	}
	child_await(ch->sync[0]);
}

/* Step 8: the checkpoint's filter, installed last, so that nothing runs
 * under it between here and execve but the call itself. */
static void child_install(const struct channels *ch,
			  const struct bpf_program *filter)
{
	int fd = ch->report[1];
	char msg[400];

	if (install_no_new_privs(msg, sizeof(msg)) != 0)
		child_fail(fd, LAUNCH_EXIT_FAILURE, "%s", msg);
	if (notify_wanted(filter->insns, filter->len)) {
		child_install_supervised(ch, filter);
		return;
	}
	if (install_filter(filter->insns, filter->len, NULL, msg,
			   sizeof(msg)) != 0)
		child_fail(fd, LAUNCH_EXIT_FAILURE, "%s", msg);
}

static int exec_failure_status(int err)
{
	return err == ENOENT || err == ENOTDIR ? LAUNCH_EXIT_NOTFOUND
					       : LAUNCH_EXIT_NOEXEC;
}

/* Steps 4-6. */
static void child_prepare(int fd, pid_t parent, const sigset_t *old_mask)
{
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
}

static _Noreturn void child_run(const struct launch *l,
				const struct channels *ch, pid_t parent,
				const sigset_t *old_mask)
{
	const struct bpf_program *filter = NULL;
	int fd = ch->report[1];
	char msg[400];

	child_prepare(fd, parent, old_mask);
	msg[0] = '\0';
	if (l->ready(l->ctx, &filter, msg, sizeof(msg)) != 0)
		child_fail(fd, LAUNCH_EXIT_FAILURE, "%s", msg);
	if (filter != NULL)
		child_install(ch, filter);
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

/* Waits for the child; got is read_report's answer for r.  Returns the
 * status of the launcher contract. */
static int conclude(pid_t pid, int got, const struct report *r)
{
	int saved = errno;
	int status = wait_status(pid);

	errno = saved;
	if (got < 0)
		return fail("cannot read the child's report");
	if (got == 1) {
		fprintf(stderr, "luasandbox: %s\n", r->message);
		return r->value;
	}
	return status;
}

/* Fails closed: the workload must not run unsupervised. */
static int abort_child(pid_t pid, const char *msg)
{
	kill(pid, SIGKILL);
	wait_status(pid);
	fprintf(stderr, "luasandbox: %s\n", msg);
	return LAUNCH_EXIT_FAILURE;
}

/* Answers notifications; reads the report when it comes (EOF once
 * execve closed it); returns when the child ends. */
static int serve_until_end(struct notify_session *s, pid_t pid, int pidfd,
			   int report_fd)
{
	struct report r;
	char msg[256];
	int watch = report_fd, got = 0;

	for (;;) {
		int event = notify_serve(s, pidfd, watch, msg, sizeof(msg));
		if (event < 0)
			return abort_child(pid, msg);
		if (event == NOTIFY_ENDED)
			break;
		got = read_report(watch, &r);
		if (got < 0) {
			snprintf(msg, sizeof(msg), "cannot read the child's "
				 "report: %s", strerror(errno));
			return abort_child(pid, msg);
		}
		s->sync_pending = false;
		watch = -1;
	}
	return conclude(pid, got, &r);
}

/* Step 8c's go-ahead, then the supervision. */
static int serve(const struct launch *l, pid_t pid, int pidfd,
		 int listener, const struct channels *ch)
{
	struct notify_session s;
	char msg[256];

	if (notify_open(&s, listener, pid, ch->sync[0], msg,
			sizeof(msg)) != 0)
		return abort_child(pid, msg);
	s.decide = l->decide;
	s.ctx = l->decide_ctx;
	/* EPIPE: the child died already, and serving will tell how. */
	if (send(ch->sync[1], "", 1, MSG_NOSIGNAL) != 1 && errno != EPIPE &&
	    errno != ECONNRESET) {
		snprintf(msg, sizeof(msg), "cannot release the child: send: "
			 "%s", strerror(errno));
		notify_close(&s);
		return abort_child(pid, msg);
	}
	int status = serve_until_end(&s, pid, pidfd, ch->report[0]);
	notify_close(&s);
	return status;
}

/* The child reported N, the number its listener will have. */
static int supervise(const struct launch *l, pid_t pid,
		     const struct channels *ch, int n)
{
	struct report r;
	char msg[256];
	int listener, status;
	int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);

	if (pidfd < 0) {
		snprintf(msg, sizeof(msg), "cannot supervise the child: "
			 "pidfd_open: %s", strerror(errno));
		return abort_child(pid, msg);
	}
	int taken = notify_acquire(pidfd, n, &listener, msg, sizeof(msg));
	if (taken == 0)
		status = serve(l, pid, pidfd, listener, ch);
	else if (taken < 0)
		status = abort_child(pid, msg);
	else
		status = conclude(pid, read_report(ch->report[0], &r), &r);
	close(pidfd);
	return status;
}

/* Steps 10-12. */
static int watch_child(const struct launch *l, pid_t pid,
		       const struct channels *ch)
{
	struct report r;
	int got = read_report(ch->report[0], &r);

	if (got == 1 && r.kind == REPORT_LISTENER)
		return supervise(l, pid, ch, r.value);
	return conclude(pid, got, &r);
}

static int open_channels(struct channels *ch)
{
	if (pipe2(ch->report, O_CLOEXEC) != 0)
		return -1;
	/* A socket, not a pipe: a send to a child that died fails with
	 * EPIPE rather than killing luasandbox with SIGPIPE. */
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0,
		       ch->sync) != 0) {
		int saved = errno;
		close(ch->report[0]);
		close(ch->report[1]);
		errno = saved;
		return -1;
	}
	return 0;
}

int launch_run(const struct launch *l)
{
	struct channels ch;
	sigset_t block, old_mask;

	if (open_channels(&ch) != 0)
		return fail("cannot open the report pipe");
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
		close(ch.report[0]);
		close(ch.sync[1]);
		child_run(l, &ch, parent, &old_mask);
	}
	workload_pid = pid;
	close(ch.report[1]);
	close(ch.sync[0]);
	if (sigprocmask(SIG_SETMASK, &old_mask, NULL) != 0)
		return fail("sigprocmask");
	int status = watch_child(l, pid, &ch);
	close(ch.report[0]);
	close(ch.sync[1]);
	return status;
}
