/*
 * limits.c - setrlimit by name, for the rlimit checkpoint verb.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "sandbox/limits.h"

static const struct {
	const char *name;
	int resource;
} resources[] = {
	{ "as", RLIMIT_AS }, { "core", RLIMIT_CORE }, { "cpu", RLIMIT_CPU },
	{ "data", RLIMIT_DATA }, { "fsize", RLIMIT_FSIZE },
	{ "locks", RLIMIT_LOCKS }, { "memlock", RLIMIT_MEMLOCK },
	{ "msgqueue", RLIMIT_MSGQUEUE }, { "nice", RLIMIT_NICE },
	{ "nofile", RLIMIT_NOFILE }, { "nproc", RLIMIT_NPROC },
	{ "rss", RLIMIT_RSS }, { "rtprio", RLIMIT_RTPRIO },
	{ "rttime", RLIMIT_RTTIME }, { "sigpending", RLIMIT_SIGPENDING },
	{ "stack", RLIMIT_STACK },
};

int limits_resource(const char *name)
{
	if (strncasecmp(name, "RLIMIT_", 7) == 0)
		name += 7;
	for (size_t i = 0; i < sizeof(resources) / sizeof(resources[0]); i++)
		if (strcasecmp(name, resources[i].name) == 0)
			return resources[i].resource;
	return -1;
}

int limits_set(int resource, rlim_t soft, rlim_t hard, char *msg,
	       size_t size)
{
	struct rlimit limit = { .rlim_cur = soft, .rlim_max = hard };

	if (setrlimit(resource, &limit) != 0) {
		snprintf(msg, size, "setrlimit: %s", strerror(errno));
		return -1;
	}
	return 0;
}
