/* testutil.h: what every cmocka test file includes. */
#ifndef WUYE_TESTUTIL_H
#define WUYE_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#endif
