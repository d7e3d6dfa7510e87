/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One print path for text and JSON, as iproute2's json_print: each field is
 * one call naming its JSON key and its text format,
 *
 *	print_uint(PRINT_ANY, "handle", " # handle %llu", r->handle);
 *
 * PRINT_FP calls write text only, PRINT_JSON calls JSON only. A document is
 * one JSON object on one line; the writer keeps keys, commas and nesting
 * right, so callers never test the mode.
 */
#ifndef ICMPCTL_PRINT_H
#define ICMPCTL_PRINT_H

#include <stdio.h>

enum output_type {
	PRINT_FP = 1,
	PRINT_JSON = 2,
	PRINT_ANY = 3,
};

void new_json_obj(FILE *f, int json);
/* Ends the document: 0, or -1 when the output could not be written. */
int delete_json_obj(void);
int is_json_context(void);

/* JSON only; key NULL for an element of an array. */
void open_json_object(const char *key);
void close_json_object(void);
void open_json_array(const char *key);
void close_json_array(void);

void print_string(enum output_type t, const char *key, const char *fmt,
		  const char *value);
void print_uint(enum output_type t, const char *key, const char *fmt,
		unsigned long long value);
/* JSON true or false; text "on"/"off" or "yes"/"no" through fmt. */
void print_on_off(enum output_type t, const char *key, const char *fmt,
		  int value);
void print_yes_no(enum output_type t, const char *key, const char *fmt,
		  int value);
/* JSON null; text value through fmt. */
void print_null(enum output_type t, const char *key, const char *fmt,
		const char *value);

/* Text only. */
void print_fp(const char *fmt, ...);
/* Text only: "title:" on a line, after a blank line but for the first. */
void print_section(const char *title);

#endif /* ICMPCTL_PRINT_H */
