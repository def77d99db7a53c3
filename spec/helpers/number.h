/*
 * number.h - the numbers the test helpers read from their command lines
 * and input: decimal, 0x hex, or negative decimal.
 */
#ifndef HELPERS_NUMBER_H
#define HELPERS_NUMBER_H

#include <stdbool.h>
#include <stdint.h>

/*
 * Reads a number at S and sets *END to the first character after it.
 * A negative decimal (down to -2^63) comes back in two's complement.
 * False when there are no digits or the value does not fit in 64 bits.
 */
bool number_parse(const char *s, const char **end, uint64_t *out);

#endif
