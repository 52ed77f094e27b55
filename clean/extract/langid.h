/*
 * langid.h: the language of a text, by CLD2 (Compact Language Detector
 * 2, libcld2), which is C++: langid.cc wraps it behind this C interface,
 * so that nothing C++ shows past it.  C and C++ both read this header.
 */
#ifndef LANGID_H
#define LANGID_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Fewer letters than this are not identified: CLD2 guesses on a few
 * words, and a guess is worse than no answer. */
#define LANGID_MIN_BYTES 16
/* At most this much of a text is read: a longer one is read in
 * LANGID_PIECES pieces spread from its start to its end (cut at
 * characters), so that a long page is judged by all of it.  CLD2 takes
 * about 30 us a KiB, more in clean, where its tables are not in cache
 * (bench/langid); on the labelled sets 1, 2 and 4 KiB were as right as
 * the whole text. */
#define LANGID_MAX_BYTES 2048
#define LANGID_PIECES 4

struct langid {
	char code[8];		/* ISO 639-1 ("de"), or ISO 639-3 where the
				   language has no two-letter code ("haw") */
	double confidence;	/* 0-1: the share of the text in it */
};

/* The language of len bytes of UTF-8 text into out: 1, or 0 when it
 * cannot be told reliably (too short, mixed, not prose), out then "" and
 * 0.  Thread-safe: CLD2's tables are read-only. */
int langid_identify(const char *text, size_t len, struct langid *out);
/* 1 if code ("de") is one langid_identify may answer, else 0. */
int langid_known(const char *code);

#ifdef __cplusplus
}
#endif

#endif
