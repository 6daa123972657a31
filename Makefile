# Makefile: build, test, run and benchmark wuye.  Plain GNU make with pkg-config.
#
#   make            build build/wuye
#   make deps       install the Debian 12 packages the build and the tests need
#   make run        deps + build + a demo database, then start the product on it
#   make test       deps + build + every test (SQLite; PostgreSQL too when WUYE_TEST_PG is set)
#   make bench      benchmarks (BENCH=name runs one)
#   make install PREFIX=/usr/local
#   make SAN=1 ...  the same, built with AddressSanitizer + UndefinedBehaviorSanitizer
#                   into build-san/
#   make O=dir ...  build into dir/ instead (two builds of one tree side by side)

PREFIX ?= /usr/local
CC ?= cc
ifeq ($(SAN),1)
B := build-san
SANFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
OPT := -O1
else
B := build
SANFLAGS :=
OPT := -O2
endif
ifdef O
B := $(O)
endif

PKGS := sqlite3 libpq jansson libzip expat xlsxwriter libsodium libcurl openssl pangocairo libqrencode libh2o-evloop
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcsv -lm -lpthread

WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wcast-qual -Wpointer-arith -Wformat=2 -Wno-format-nonliteral -Wundef \
	-Wvla -Wimplicit-fallthrough
CFLAGS ?= $(OPT) -g
ALL_CFLAGS := -std=c17 -D_GNU_SOURCE $(WARN) $(CFLAGS) $(SANFLAGS) -Isrc -I$(B)/gen $(PKG_CFLAGS)
ALL_LDFLAGS := $(LDFLAGS) $(SANFLAGS)
# make V=1 shows the compiler's command lines
ifeq ($(V),1)
Q :=
else
Q := @
endif

SRC := $(sort $(wildcard src/*/*.c src/*/*/*.c))
OBJ := $(patsubst src/%.c,$(B)/obj/%.o,$(SRC))
GEN_OBJ := $(B)/obj/gen/sql.o $(B)/obj/gen/mo.o $(B)/obj/gen/assets.o
# the console's assets: npm packages pinned by package-lock.json, and our own
NPM_ASSETS := node_modules/htmx.org/dist/htmx.min.js node_modules/echarts/dist/echarts.min.js
ASSETS := $(NPM_ASSETS) $(sort $(wildcard src/web/assets/*))
MIGRATIONS := $(sort $(wildcard src/store/sql/*.sql))
UNIT_TESTS := $(patsubst tests/unit/%.c,$(B)/tests/%,$(sort $(wildcard tests/unit/*.c)))

.PHONY: all deps run test test-unit test-cli bench install clean check po-update
all: $(B)/wuye

$(B)/wuye: $(B)/obj/main.o $(B)/libwuye.a
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(B)/libwuye.a: $(OBJ) $(GEN_OBJ)
	@rm -f $@
	$(Q)ar rcs $@ $^

$(B)/obj/%.o: src/%.c | $(B)/gen/sql.c
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(B)/obj/gen/%.o: $(B)/gen/%.c
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(B)/tools/embed: tools/embed.c
	@mkdir -p $(dir $@)
	$(Q)$(CC) -std=c17 -O1 -Wall -Wextra -Werror -o $@ $<

# The list itself is a prerequisite: a migration removed or renamed regenerates sql.c too.
MIGRATION_LIST := $(B)/gen/migrations.list
$(shell mkdir -p $(B)/gen && (echo '$(MIGRATIONS)' | cmp -s - $(MIGRATION_LIST) || echo '$(MIGRATIONS)' > $(MIGRATION_LIST)))

$(B)/gen/sql.c: $(MIGRATIONS) $(MIGRATION_LIST) $(B)/tools/embed
	@mkdir -p $(dir $@)
	$(Q)$(B)/tools/embed embedded_sql $@ $(MIGRATIONS)

$(B)/gen/zh_CN.mo: po/zh_CN.po
	@mkdir -p $(dir $@)
	$(Q)msgfmt --check -o $@ $<

$(B)/gen/assets.c: $(ASSETS) $(B)/tools/embed
	@mkdir -p $(dir $@)
	$(Q)$(B)/tools/embed embedded_assets $@ $(ASSETS)

$(NPM_ASSETS): node_modules/.package-lock.json
node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

$(B)/gen/mo.c: $(B)/gen/zh_CN.mo $(B)/tools/embed
	$(Q)$(B)/tools/embed embedded_mo $@ $(B)/gen/zh_CN.mo

$(B)/tests/%: tests/unit/%.c $(wildcard tests/unit/*.h) $(B)/libwuye.a
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(ALL_CFLAGS) $(shell pkg-config --cflags cmocka) -DWUYE_SRCDIR='"$(CURDIR)"' -o $@ $< $(B)/libwuye.a \
		$(ALL_LDFLAGS) $(PKG_LIBS) $(shell pkg-config --libs cmocka)

# Re-running make deps is cheap: it installs only what is missing.
deps:
	@tools/deps.sh

run: deps
	@$(MAKE) -s --no-print-directory all
	@tools/run-demo.sh $(B)/wuye

test: deps
	@$(MAKE) -s --no-print-directory all $(UNIT_TESTS)
	@WUYE_BIN=$(CURDIR)/$(B)/wuye WUYE_TESTBIN=$(CURDIR)/$(B)/tests tests/run.sh

# the web benchmarks load the server with wrk and compare it with nginx
bench: export WUYE_EXTRA_PACKAGES := $(WUYE_EXTRA_PACKAGES) wrk nginx-light
bench: deps
	@$(MAKE) -s --no-print-directory all
	@WUYE_BIN=$(CURDIR)/$(B)/wuye bench/run.sh $(BENCH)

check:
	@tools/style-check.sh

install: all
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 755 $(B)/wuye $(DESTDIR)$(PREFIX)/bin/wuye

po-update:
	xgettext --from-code=UTF-8 -k_ -kN_ -o po/wuye.pot $(SRC) src/main.c
	msgmerge --update --no-fuzzy-matching --backup=none po/zh_CN.po po/wuye.pot

clean:
	rm -rf build build-san

-include $(OBJ:.o=.d) $(B)/obj/main.d
