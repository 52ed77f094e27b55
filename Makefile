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
CXX     ?= c++
PKG_CONFIG ?= pkg-config
PKGS     = gumbo libcurl libarchive jansson uchardet zlib libcrypto sqlite3 libutf8proc

B       ?= build
OPT     ?= -O2 -g
CFLAGS  += $(OPT) -std=c11 -D_GNU_SOURCE -Wall -Wextra -Wshadow -Wno-unused-parameter \
	   -Ilib -Iclean/extract -Iinclude $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
# CLD2 (language identification) has no .pc file and a C++ interface:
# clean/extract/langid.cc wraps it, the one C++ file, and pulls in the
# C++ runtime.
CLD2_LIBS = -lcld2 -lstdc++
CXXFLAGS += $(OPT) -std=c++11 -Wall -Wextra -Wno-unused-parameter -fno-exceptions \
	   -fno-rtti -Iclean/extract
LDLIBS  += $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null) $(CLD2_LIBS) -lm -pthread
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
ENGINE_SRC = $(wildcard clean/extract/*.c clean/extract/*.cc)
ENGINE_OBJ = $(patsubst %.cc,$(B)/%.o,$(ENGINE_SRC:%.c=$(B)/%.o))
# The library (pith_extract(3)): the engine and the lib/ files it calls,
# built position-independent, as libpith.a and libpith.so.1 in $(B)/lib;
# make install writes pith.pc for its PREFIX.
LIBDIR  ?= $(PREFIX)/lib
INCDIR  ?= $(PREFIX)/include
SONAME   = libpith.so.1
SOVER    = 1.1.0
PUB_PKGS = gumbo jansson uchardet libutf8proc zlib libcrypto
PUB_SRC  = $(ENGINE_SRC) lib/buf.c lib/charset.c lib/str.c lib/warc.c \
	   lib/digest.c lib/time.c lib/file.c lib/msg.c lib/markup.c
PUB_OBJ  = $(patsubst %.cc,$(B)/pic/%.o,$(PUB_SRC:%.c=$(B)/pic/%.o))
PUB_LIBS = $(CLD2_LIBS) -lm -pthread

# Each program: its folder's .c files (main.c and modules), those of its
# subfolders (clean/extract/: the extraction engine), plus lib/'s
# archive (libbase.a).
define prog_rules
$(1)_OBJ = $$(patsubst %.cc,$(B)/%.o,$$(patsubst %.c,$(B)/%.o,$$(wildcard $(1)/*.c $(1)/*/*.c $(1)/*/*.cc)))
$(B)/bin/$(1): $$($(1)_OBJ) $(B)/libbase.a
	@mkdir -p $$(@D)
	$$(CC) $$(CFLAGS) $$(LDFLAGS) -o $$@ $$^ $$(LDLIBS)
endef
$(foreach p,$(PROGS),$(eval $(call prog_rules,$(p))))

all: $(PROGS:%=$(B)/bin/%) $(UNITS) bin lib

lib: $(B)/lib/libpith.a $(B)/lib/$(SONAME)

# The pkg-config packages the library calls, and the other libraries
# (python/setup.py asks).
lib-pkgs:
	@echo $(PUB_PKGS)
lib-libs:
	@echo $(PUB_LIBS)

$(B)/pic/%.o: %.c lib/pith.h include/pith/extract.h $(wildcard */*.h */*/*.h)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -fPIC -c -o $@ $<

$(B)/pic/%.o: %.cc clean/extract/langid.h
	@mkdir -p $(@D)
	$(CXX) $(CXXFLAGS) -fPIC -c -o $@ $<

$(B)/lib/libpith.a: $(PUB_OBJ)
	@mkdir -p $(@D)
	rm -f $@
	$(AR) rcs $@ $^

# Only pith_* is exported (clean/extract/pith.map).
$(B)/lib/$(SONAME): $(PUB_OBJ) clean/extract/pith.map
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -shared -Wl,-soname,$(SONAME) -Wl,--no-undefined \
	    -Wl,--version-script=clean/extract/pith.map -o $(B)/lib/libpith.so.$(SOVER) \
	    $(PUB_OBJ) $$($(PKG_CONFIG) --libs $(PUB_PKGS)) $(PUB_LIBS)
	ln -sf libpith.so.$(SOVER) $@
	ln -sf $(SONAME) $(B)/lib/libpith.so


# bin/ holds links to the default build, so the synopsis paths work.
bin: $(PROGS:%=$(B)/bin/%)
	@mkdir -p bin
	@for p in $(PROGS); do ln -sf ../$(B)/bin/$$p bin/$$p; done

# Made afresh: ar adds to an archive, so a lib/ file removed would leave
# its object behind in it, and its symbols beside those of the new one.
$(B)/libbase.a: $(LIB_OBJ)
	rm -f $@
	$(AR) rcs $@ $^

$(B)/%.o: %.c lib/pith.h $(wildcard */*.h */*/*.h)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -c -o $@ $<

$(B)/%.o: %.cc clean/extract/langid.h
	@mkdir -p $(@D)
	$(CXX) $(CXXFLAGS) -c -o $@ $<

$(B)/tests/%: tests/unit/%.c $(wildcard tests/unit/*.h) $(B)/libbase.a $(ENGINE_OBJ)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -Itests/unit -Iingest $(LDFLAGS) -o $@ $< \
	    $(ENGINE_OBJ) $(B)/libbase.a $(LDLIBS)

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

# The fuzz targets link clean's modules but main.c (fuzz_warc reads
# records as clean does), the engine and libbase.
FUZZ_OBJ = $(patsubst %.cc,$(B)/fuzzlib/%.o,$(patsubst %.c,$(B)/fuzzlib/%.o,$(filter-out clean/main.c,$(wildcard clean/*.c)) $(ENGINE_SRC)))
fuzz:
	@$(MAKE) --no-print-directory B=$(B)/fuzzlib CC=clang CXX=clang++ \
	    OPT="-O1 -g -fsanitize=fuzzer-no-link,address,undefined" $(B)/fuzzlib/libbase.a \
	    $(FUZZ_OBJ)
	@mkdir -p $(B)/fuzz
	@for f in $(FUZZ_SRC); do n=$$(basename $$f .c); \
	    echo "clang $$f -> $(B)/fuzz/$$n"; \
	    clang -O1 -g -fsanitize=fuzzer,address,undefined -std=c11 -D_GNU_SOURCE -Ilib -Iclean -Iclean/extract -Iinclude -Iingest \
	        $$($(PKG_CONFIG) --cflags $(PKGS)) -o $(B)/fuzz/$$n $$f \
	        $(FUZZ_OBJ) $(B)/fuzzlib/libbase.a \
	        $$($(PKG_CONFIG) --libs $(PKGS)) $(CLD2_LIBS) -lm -pthread || exit 1; done

$(B)/bench/gumbo_walk: bench/gumbo_walk.c $(B)/libbase.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(B)/bench/threads: bench/threads.c $(B)/lib/libpith.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(B)/lib/libpith.a \
	    $$($(PKG_CONFIG) --libs $(PUB_PKGS)) $(PUB_LIBS)

# CLD2 beside libexttextcat, measured (bench/langid).
$(B)/bench/langid: bench/langid.c $(B)/clean/extract/langid.o
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $$($(PKG_CONFIG) --cflags --libs libexttextcat) $(CLD2_LIBS)

$(B)/bench/timeit: bench/timeit.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $<

bench: all $(B)/bench/gumbo_walk $(B)/bench/timeit $(B)/bench/threads $(B)/bench/langid
	bench/quality
	bench/speed
	bench/threads
	bench/scale
	bench/fetch
	bench/crawl
	bench/python
	bench/neardup
	bench/langid

# The man pages go to man1, man5 and man7 by their suffix.
install: all
	install -d $(DESTDIR)$(BINDIR)
	for p in $(PROGS); do install -m 755 $(B)/bin/$$p $(DESTDIR)$(BINDIR)/pith-$$p; done
	for s in 1 3 5 7; do install -d $(DESTDIR)$(MANDIR)/man$$s && \
	    install -m 644 man/*.$$s $(DESTDIR)$(MANDIR)/man$$s || exit 1; done
	install -d $(DESTDIR)$(INCDIR)/pith $(DESTDIR)$(LIBDIR)/pkgconfig
	install -m 644 include/pith/extract.h $(DESTDIR)$(INCDIR)/pith/
	install -m 644 $(B)/lib/libpith.a $(DESTDIR)$(LIBDIR)/
	install -m 755 $(B)/lib/libpith.so.$(SOVER) $(DESTDIR)$(LIBDIR)/
	ln -sf libpith.so.$(SOVER) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/libpith.so
	sed -e 's|@PREFIX@|$(PREFIX)|; s|@LIBDIR@|$(LIBDIR)|; s|@INCDIR@|$(INCDIR)|' \
	    -e 's|@VERSION@|$(SOVER)|; s|@PKGS@|$(PUB_PKGS)|; s|@LIBS@|$(PUB_LIBS)|' \
	    clean/extract/pith.pc.in \
	    > $(DESTDIR)$(LIBDIR)/pkgconfig/pith.pc

uninstall:
	for p in $(PROGS); do rm -f $(DESTDIR)$(BINDIR)/pith-$$p; done
	for f in man/*.[1357]; do rm -f $(DESTDIR)$(MANDIR)/man$${f##*.}/$${f##*/}; done
	rm -f $(DESTDIR)$(INCDIR)/pith/extract.h $(DESTDIR)$(LIBDIR)/libpith.a \
	    $(DESTDIR)$(LIBDIR)/libpith.so.$(SOVER) $(DESTDIR)$(LIBDIR)/$(SONAME) \
	    $(DESTDIR)$(LIBDIR)/libpith.so $(DESTDIR)$(LIBDIR)/pkgconfig/pith.pc
	-rmdir $(DESTDIR)$(INCDIR)/pith

# Not out/: the default [store] output holds a user's archives and catalog.
clean:
	rm -rf $(B) bin

.PHONY: all bin lib lib-pkgs lib-libs deps run test check sanitize fuzz bench install uninstall clean
