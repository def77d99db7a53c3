/*
 * try.c - make raw system calls and report each outcome, one line apiece,
 * so that specs can read what a seccomp filter allowed or refused.
 *
 *   try [--pid] CALL...     CALL is NR or NR:A0,A1,... (up to 6 args)
 *   try --exec PATH [ARG...]
 *
 * Each CALL prints "NR ok RET" or "NR err NAME" (NR echoed as written,
 * RET in signed decimal, NAME the errno's symbol or its number).  Numbers
 * are decimal, 0x hex or negative decimal, as wide as a long: 64 bits for
 * build/helpers/try, 32 for the i386 build/helpers/try32.  Every CALL is
 * parsed before the first one runs, and stdout is flushed after each line
 * because the next call may be the one the filter kills us for.
 *
 * --pid first prints the pid on a line of its own.  --exec runs PATH
 * with argv PATH ARG... (to test exec under a filter); if execv fails it
 * prints "NR err NAME" with this arch's execve number and exits 127 for
 * ENOENT, 126 otherwise.  A malformed CALL exits 2 before any call.
 */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "errno_name.h"
#include "number.h"

#define TRY_MAX_ARGS 6

struct try_call {
	const char *nr_text;
	int nr_len;
	long nr;
	long args[TRY_MAX_ARGS];
};

static void try_usage(FILE *out)
{
	fputs("usage: try [--pid] CALL...\n"
	      "       try --exec PATH [ARG...]\n"
	      "CALL is NR or NR:A0,A1,... (at most 6 args); numbers are "
	      "decimal, 0x hex\nor negative decimal\n", out);
}

/* One number as a long-sized register value: negative decimals down to
 * LONG_MIN, anything else up to ULONG_MAX (so 0xffffffff is -1 on i386). */
static bool parse_long(const char *s, const char **end, long *out)
{
	uint64_t v;

	if (!number_parse(s, end, &v))
		return false;
	if (s[0] == '-' ? (int64_t)v < LONG_MIN : v > ULONG_MAX)
		return false;
	*out = (long)(unsigned long)v;
	return true;
}

static bool parse_call(const char *text, struct try_call *call)
{
	const char *p;
	int i;

	memset(call, 0, sizeof *call);
	call->nr_text = text;
	if (!parse_long(text, &p, &call->nr))
		return false;
	call->nr_len = (int)(p - text);
	if (*p == '\0')
		return true;
	if (*p != ':')
		return false;
	for (i = 0; i < TRY_MAX_ARGS; i++) {
		if (!parse_long(p + 1, &p, &call->args[i]))
			return false;
		if (*p == '\0')
			return true;
		if (*p != ',')
			return false;
	}
	return false;
}

static void run_call(const struct try_call *c)
{
	long ret;
	int err;
	const char *name;

	errno = 0;
	ret = syscall(c->nr, c->args[0], c->args[1], c->args[2],
		      c->args[3], c->args[4], c->args[5]);
	err = errno;
	if (ret == -1 && err != 0) {
		name = errno_name(err);
		if (name)
			printf("%.*s err %s\n", c->nr_len, c->nr_text, name);
		else
			printf("%.*s err %d\n", c->nr_len, c->nr_text, err);
	} else {
		printf("%.*s ok %ld\n", c->nr_len, c->nr_text, ret);
	}
	fflush(stdout);
}

/* A failed exec reports itself like a refused call, under this arch's
 * execve number, and exits as a shell would: 127 not found, 126 other. */
static int run_exec(char **argv)
{
	const char *name;
	int err;

	execv(argv[0], argv);
	err = errno;
	name = errno_name(err);
	if (name)
		printf("%ld err %s\n", (long)SYS_execve, name);
	else
		printf("%ld err %d\n", (long)SYS_execve, err);
	fflush(stdout);
	return err == ENOENT ? 127 : 126;
}

static int run_calls(int count, char **texts)
{
	struct try_call *calls;
	int i;

	calls = calloc((size_t)count + 1, sizeof *calls);
	if (!calls) {
		perror("try: calloc");
		return 2;
	}
	for (i = 0; i < count; i++) {
		if (!parse_call(texts[i], &calls[i])) {
			fprintf(stderr, "try: bad call '%s'\n", texts[i]);
			try_usage(stderr);
			free(calls);
			return 2;
		}
	}
	for (i = 0; i < count; i++)
		run_call(&calls[i]);
	free(calls);
	return 0;
}

int main(int argc, char **argv)
{
	int first = 1;

	if (argc >= 2 && (strcmp(argv[1], "-h") == 0 ||
			  strcmp(argv[1], "--help") == 0)) {
		try_usage(stdout);
		return 0;
	}
	if (argc >= 3 && strcmp(argv[1], "--exec") == 0)
		return run_exec(argv + 2);
	if (argc >= 2 && strcmp(argv[1], "--pid") == 0) {
		printf("%ld\n", (long)getpid());
		fflush(stdout);
		first = 2;
	} else if (argc < 2 || strncmp(argv[1], "--", 2) == 0) {
		try_usage(stderr);
		return 2;
	}
	return run_calls(argc - first, argv + first);
}
