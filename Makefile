# pith: ingest | clean | store.  A plain Makefile: pkg-config for every
# library, warnings on, PREFIX/DESTDIR for install.
#
#   make            build bin/ingest bin/clean bin/store bin/pipeline
#   make run        set up Debian packages, build, run the pipeline on samples/
#                   into out/ (kept: a second run stores nothing new)
#   make test       set up, build, run every test (then again under ASan+UBSan)
#   make check      run the tests on what is built, no setup
#   make sanitize   build into build/san with AddressSanitizer + UBSan
#   make fuzz       build the libFuzzer targets into build/fuzz (clang)
#   make bench      quality, speed, scale and fetch benchmarks (quality, speed need ../shared)

PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
MANDIR  ?= $(PREFIX)/share/man
CC      ?= cc
PKG_CONFIG ?= pkg-config
PKGS     = gumbo libcurl libarchive jansson uchardet zlib libcrypto sqlite3 libutf8proc

B       ?= build
OPT     ?= -O2 -g
CFLAGS  += $(OPT) -std=c11 -D_GNU_SOURCE -Wall -Wextra -Wshadow -Wno-unused-parameter \
	   -Ilib -Iclean/extract $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
LDLIBS  += $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null) -lm
# Each program loads only the libraries it calls: loading libcurl (and
# what it needs) costs 4.5 ms of start-up, more than cleaning a page.
LDFLAGS += -Wl,--as-needed

.DEFAULT_GOAL := all
PROGS    = ingest clean store pipeline
LIB_SRC  = $(wildcard lib/*.c)
LIB_OBJ  = $(LIB_SRC:%.c=$(B)/%.o)
UNIT_SRC = $(wildcard tests/unit/t_*.c)
UNITS    = $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)
FUZZ_SRC = $(wildcard fuzz/fuzz_*.c)
# The extraction engine: what the unit tests and fuzz targets of clean link.
ENGINE_SRC = $(wildcard clean/extract/*.c)

# Each program: its folder's .c files (main.c and modules), those of its
# subfolders (clean/extract/: the extraction engine), plus libpith.
define prog_rules
$(1)_OBJ = $$(patsubst %.c,$(B)/%.o,$$(wildcard $(1)/*.c $(1)/*/*.c))
$(B)/bin/$(1): $$($(1)_OBJ) $(B)/libpith.a
	@mkdir -p $$(@D)
	$$(CC) $$(CFLAGS) $$(LDFLAGS) -o $$@ $$^ $$(LDLIBS)
endef
$(foreach p,$(PROGS),$(eval $(call prog_rules,$(p))))

all: $(PROGS:%=$(B)/bin/%) $(UNITS) bin

# bin/ holds links to the default build, so the synopsis paths work.
bin: $(PROGS:%=$(B)/bin/%)
	@mkdir -p bin
	@for p in $(PROGS); do ln -sf ../$(B)/bin/$$p bin/$$p; done

# Made afresh: ar adds to an archive, so a lib/ file removed would leave
# its object behind in it, and its symbols beside those of the new one.
$(B)/libpith.a: $(LIB_OBJ)
	rm -f $@
	$(AR) rcs $@ $^

$(B)/%.o: %.c lib/pith.h $(wildcard */*.h */*/*.h)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -c -o $@ $<

$(B)/tests/%: tests/unit/%.c $(wildcard tests/unit/*.h) $(B)/libpith.a $(ENGINE_SRC:%.c=$(B)/%.o)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -Itests/unit -Iingest $(LDFLAGS) -o $@ $< \
	    $(ENGINE_SRC:%.c=$(B)/%.o) $(B)/libpith.a $(LDLIBS)

deps:
	@scripts/deps

run: deps
	@$(MAKE) --no-print-directory all
	bin/pipeline -o out samples
	@echo "--- out/ now holds:"; ls -l out

test: deps
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory sanitize
	@tests/run $(B)/bin $(B)/tests $(B)/san/bin $(B)/san/tests

check: all
	@tests/run $(B)/bin $(B)/tests

sanitize:
	@$(MAKE) --no-print-directory B=$(B)/san OPT="-O1 -g -fno-omit-frame-pointer \
	    -fsanitize=address,undefined -fno-sanitize-recover=undefined" \
	    $(B)/san/bin/ingest $(B)/san/bin/clean $(B)/san/bin/store $(B)/san/bin/pipeline \
	    $(patsubst $(B)/tests/%,$(B)/san/tests/%,$(UNITS))

fuzz:
	@$(MAKE) --no-print-directory B=$(B)/fuzzlib CC=clang \
	    OPT="-O1 -g -fsanitize=fuzzer-no-link,address,undefined" $(B)/fuzzlib/libpith.a \
	    $(ENGINE_SRC:%.c=$(B)/fuzzlib/%.o)
	@mkdir -p $(B)/fuzz
	@for f in $(FUZZ_SRC); do n=$$(basename $$f .c); \
	    echo "clang $$f -> $(B)/fuzz/$$n"; \
	    clang -O1 -g -fsanitize=fuzzer,address,undefined -std=c11 -D_GNU_SOURCE -Ilib -Iclean/extract -Iingest \
	        $$($(PKG_CONFIG) --cflags $(PKGS)) -o $(B)/fuzz/$$n $$f \
	        $(ENGINE_SRC:%.c=$(B)/fuzzlib/%.o) $(B)/fuzzlib/libpith.a \
	        $$($(PKG_CONFIG) --libs $(PKGS)) -lm || exit 1; done

$(B)/bench/gumbo_walk: bench/gumbo_walk.c $(B)/libpith.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(B)/bench/timeit: bench/timeit.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $<

bench: all $(B)/bench/gumbo_walk $(B)/bench/timeit
	bench/quality
	bench/speed
	bench/scale
	bench/fetch
	bench/crawl

# The man pages go to man1, man5 and man7 by their suffix.
install: all
	install -d $(DESTDIR)$(BINDIR)
	for p in $(PROGS); do install -m 755 $(B)/bin/$$p $(DESTDIR)$(BINDIR)/pith-$$p; done
	for s in 1 5 7; do install -d $(DESTDIR)$(MANDIR)/man$$s && \
	    install -m 644 man/*.$$s $(DESTDIR)$(MANDIR)/man$$s || exit 1; done

uninstall:
	for p in $(PROGS); do rm -f $(DESTDIR)$(BINDIR)/pith-$$p; done
	for f in man/*.[157]; do rm -f $(DESTDIR)$(MANDIR)/man$${f##*.}/$${f##*/}; done

# Not out/: the default [store] output holds a user's archives and catalog.
clean:
	rm -rf $(B) bin

.PHONY: all bin deps run test check sanitize fuzz bench install uninstall clean
