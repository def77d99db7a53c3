/*
 * resolve.c - finds COMMAND as execvp would, but in the parent and before
 * anything else, so that a missing command is reported (127) before any
 * profile hook runs, and the child's execve needs no PATH walk under the
 * filter.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sandbox/launch.h"

static int check_file(const char *path, char *msg, size_t msg_size,
		      const char *name)
{
	struct stat st;

	if (stat(path, &st) != 0) {
		snprintf(msg, msg_size, "'%s': %s", name, strerror(errno));
		return errno == ENOENT || errno == ENOTDIR
			       ? LAUNCH_EXIT_NOTFOUND
			       : LAUNCH_EXIT_NOEXEC;
	}
	if (S_ISDIR(st.st_mode)) {
		snprintf(msg, msg_size, "'%s': is a directory", name);
		return LAUNCH_EXIT_NOEXEC;
	}
	if (access(path, X_OK) != 0) {
		snprintf(msg, msg_size, "'%s': %s", name, strerror(errno));
		return LAUNCH_EXIT_NOEXEC;
	}
	return 0;
}

/* Tries dir/name; 0 when it is an executable file, else a status. */
static int try_dir(const char *dir, size_t dir_len, const char *name,
		   char *buf, size_t size, char *msg, size_t msg_size)
{
	int n = dir_len == 0
		? snprintf(buf, size, "./%s", name)
		: snprintf(buf, size, "%.*s/%s", (int)dir_len, dir, name);

	if (n < 0 || (size_t)n >= size) {
		snprintf(msg, msg_size, "'%s': path too long", name);
		return LAUNCH_EXIT_NOTFOUND;
	}
	return check_file(buf, msg, msg_size, name);
}

int launch_resolve(const char *name, char *buf, size_t size, char *msg,
		   size_t msg_size)
{
	const char *path = getenv("PATH");
	int best = LAUNCH_EXIT_NOTFOUND;

	if (name[0] == '\0') {
		snprintf(msg, msg_size, "the command is empty");
		return LAUNCH_EXIT_NOTFOUND;
	}
	if (strchr(name, '/') != NULL) {
		snprintf(buf, size, "%s", name);
		return check_file(buf, msg, msg_size, name);
	}
	if (path == NULL)
		path = "/usr/local/bin:/usr/bin:/bin";
	for (const char *p = path;; p++) {
		const char *end = strchrnul(p, ':');
		int status = try_dir(p, (size_t)(end - p), name, buf, size,
				     msg, msg_size);

		if (status == 0)
			return 0;
		if (status == LAUNCH_EXIT_NOEXEC)
			best = status;
		if (*end == '\0')
			break;
		p = end;
	}
	snprintf(msg, msg_size, best == LAUNCH_EXIT_NOEXEC
		 ? "'%s': permission denied" : "'%s': command not found",
		 name);
	return best;
}
