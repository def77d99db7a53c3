/*
 * message.h - the launcher's one voice on stderr: "luasandbox: what
 * failed: why", one line.
 */
#ifndef LUASANDBOX_CLI_MESSAGE_H
#define LUASANDBOX_CLI_MESSAGE_H

#include <stdarg.h>

/* Prints "luasandbox: " and the message, then a newline, to stderr. */
void message_verror(const char *fmt, va_list ap)
	__attribute__((format(printf, 1, 0)));

#endif
