/*
 * limits.h - resource limits of the child, by name.
 */
#ifndef LUASANDBOX_SANDBOX_LIMITS_H
#define LUASANDBOX_SANDBOX_LIMITS_H

#include <stddef.h>
#include <sys/resource.h>

/* The RLIMIT_* number of name ("nofile" or "RLIMIT_NOFILE"), or -1. */
int limits_resource(const char *name);

/* Sets a limit; returns 0, or -1 with msg filled. */
int limits_set(int resource, rlim_t soft, rlim_t hard, char *msg,
	       size_t size);

#endif
