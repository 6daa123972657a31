/* phone.h: Chinese phone numbers as owners' spreadsheets write them. */
#ifndef WUYE_PHONE_H
#define WUYE_PHONE_H

#include "base/buf.h"
#include "base/str.h"

/* Normalizes one number into out: full-width digits become ASCII; a mobile number
 * (1[3-9] and 9 more digits, hyphens and a +86 prefix allowed) becomes its 11 digits;
 * a landline (0, 2-3 more area digits, an optional '-', 7-8 digits) stays as written.
 * Returns 0, or -1 when it is neither. */
int phone_normalize(const char *in, struct buf *out);
/* 1 for a mobile number (after normalization). */
int phone_is_mobile(const char *normalized);
/* Splits a cell holding several numbers (separated by / 、 ; ； , ， or blanks). */
void phone_split(const char *cell, struct strlist *out);
/* Masked for staff who do not call owners: 138****5678, 010-****5678. */
void phone_mask(const char *normalized, struct buf *out);

#endif
