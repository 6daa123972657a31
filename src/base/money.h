/* money.h: money as integer fen, and the fixed-point decimals wuye keeps.
 *
 * Amounts are int64_t fen (1 yuan = 100 fen).  Areas are int64_t hundredths of a m²
 * (89.57 m² = 8957).  Rates are int64_t ten-thousandths of a yuan (0.825 = 8250).
 * Rounding is half-up (half away from zero), once per amount, in round_div() and
 * nowhere else.
 */
#ifndef WUYE_MONEY_H
#define WUYE_MONEY_H

#include <stdint.h>

#include "buf.h"

/* num / den rounded half away from zero; den > 0.  Exact for |num| < 2^126. */
int64_t round_div(__int128 num, __int128 den);

/* A plain decimal with at most `scale` fraction digits into an integer scaled by
 * 10^scale: decimal_parse("89.57", 2) = 8957.  Leading/trailing blanks allowed, sign
 * allowed, thousands separators (groups of three) allowed.  0 on success; -1 when
 * it is not a number, -2 when it has more fraction digits than scale, -3 on overflow. */
int decimal_parse(const char *s, int scale, int64_t *out);
/* As decimal_parse, but rounds extra fraction digits half-up (for spreadsheet numbers
 * such as 89.569999999999993 that stand for 89.57); also accepts 1.3812345678E10. */
int decimal_parse_round(const char *s, int scale, int64_t *out);
/* Writes v / 10^scale with exactly `scale` decimals ("89.57"). */
void buf_add_decimal(struct buf *b, int64_t v, int scale);
/* Writes v / 10^scale with trailing zeros removed, at least min_scale decimals. */
void buf_add_decimal_trim(struct buf *b, int64_t v, int scale, int min_scale);

/* Amounts: "1234.56", "¥1,234.56", "1234.5元", "-12" are accepted. */
int money_parse(const char *s, int64_t *fen);
/* "1234.56" (CLI input form, csv, plain text). */
void buf_add_money(struct buf *b, int64_t fen);
/* "¥1,234.56" (tables, documents); negative as "-¥1,234.56". */
void buf_add_yuan(struct buf *b, int64_t fen);

/* The amount in Chinese capital numerals, as receipts and notices write it:
 * 16570 → "壹佰陆拾伍元柒角整", 100500 → "壹仟零伍元整", 105 → "壹元零伍分". */
void buf_add_yuan_capital(struct buf *b, int64_t fen);

#endif
