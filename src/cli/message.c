/*
 * message.c - error lines on stderr, in one format.
 */
#include <stdio.h>

#include "cli/message.h"

void message_verror(const char *fmt, va_list ap)
{
	fputs("luasandbox: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}
