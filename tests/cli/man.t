# The man pages in man/: mandoc -T lint has nothing to warn about; the
# generated parts (each program's SYNOPSIS and OPTIONS, pith.conf.5's
# keys) are what each program's -h says, which lib/conf.c's table drives
# (scripts/mkman --check), and a page that disagrees fails; the synopsis
# mandoc renders is -h's; make install puts every page where man -M
# finds it, and make uninstall takes them away.
. "$PITH_TOP/tests/lib.sh"
MAN="$PITH_TOP/man"
PAGES="pith-ingest.1 pith-clean.1 pith-store.1 pith-pipeline.1 pith_extract.3
pith.conf.5 pith.7 pith-limits.7"

for p in $PAGES; do
	ok "$(test -f "$MAN/$p"; echo $?)" "man/$p is there"
done
is "$(ls "$MAN" | grep -c '\.[1357]$')" 8 "man/ holds those eight pages and no other"

# --- mandoc -T lint: nothing at warning level or above
if command -v mandoc > /dev/null; then
	for p in $PAGES; do
		mandoc -T lint -W warning "$MAN/$p" > lint 2>&1; st=$?
		is "$st:$(cat lint)" "0:" "mandoc -T lint -W warning man/$p: clean"
	done
	# The lint can fail: a list left open.
	grep -v '^\.El$' "$MAN/pith-store.1" > open.1
	mandoc -T lint -W warning open.1 > lint 2>&1; st=$?
	like "$st:$(cat lint)" "^[1-9]:.*(Bl|El)" "mandoc -T lint: a page with a list left open is not clean"
else
	skip "mandoc -T lint: no mandoc (scripts/deps installs it)"
fi

# --- the generated parts agree with -h
mkman="$PITH_TOP/scripts/mkman"
python3 "$mkman" --check "$PITH_BIN" "$MAN" > out 2> err; st=$?
is "$st:$(cat err)" "0:" "scripts/mkman --check: every page's generated part is the programs' -h"

cp -R "$MAN" copy
sed 's/^Elements parsed; more are cut (1000-100000000; default: 200000)\.$/Elements parsed; more are cut (default: 100000)./' \
    "$MAN/pith-clean.1" > copy/pith-clean.1
sed 's/^\.It Ic max-redirects No = Ar N$/.It Ic max-hops No = Ar N/' "$MAN/pith.conf.5" > copy/pith.conf.5
ok "$(! cmp -s "$MAN/pith-clean.1" copy/pith-clean.1 && ! cmp -s "$MAN/pith.conf.5" copy/pith.conf.5; echo $?)" \
    "the copies hold a wrong default and a wrong key"
python3 "$mkman" --check "$PITH_BIN" copy > out 2> err; st=$?
is "$st" 1 "mkman --check: a page that disagrees with -h fails"
like "$(cat err)" "copy/pith-clean\.1 disagrees" "mkman --check: names pith-clean.1"
like "$(cat err)" "copy/pith\.conf\.5 disagrees" "mkman --check: names pith.conf.5"
like "$(cat err)" "^\+Elements parsed; more are cut \(1000-100000000; default: 200000\)\.$" "mkman --check: shows the line -h gives"
python3 "$mkman" "$PITH_BIN" copy > out 2> err; st=$?
is "$st:$(cat err)" "0:" "mkman: rewrites the generated parts"
diff -r "$MAN" copy > d 2>&1; st=$?
is "$st:$(cat d)" "0:" "mkman: the rewritten pages are the committed ones, prose and all"

grep -v '^\.\\" END GENERATED OPTIONS' "$MAN/pith-store.1" > copy/pith-store.1
python3 "$mkman" --check "$PITH_BIN" copy > out 2> err; st=$?
is "$st" 2 "mkman: a page without its END marker: exit 2"
like "$(cat err)" "pith-store\.1: want one .* END GENERATED OPTIONS" "mkman: names the page and the marker"

# --- the synopsis mandoc renders is -h's, one form a line (independent
# of mkman's reading of -h)
bs=$(printf '\b')
norm() {	# spaces as one, none around |, "X ..." as "X..."
	sed 's/  */ /g; s/ *| */|/g; s/ \.\.\./.../g; s/^ //; s/ $//'
}
if command -v mandoc > /dev/null; then
	for p in ingest clean store pipeline; do
		$p -h | sed -n '/^usage: /,/^[^ ]/p' | sed '$d' |
		    awk -v p="$p" '$0 ~ "^(usage: |       )" p " " {if (s != "") print s; s = $0; next} {s = s " " $0} END {print s}' |
		    sed 's/^usage: //; s/^ *//' | norm > h-syn
		mandoc -T ascii "$MAN/pith-$p.1" | sed "s/.$bs//g" |
		    sed -n '/^SYNOPSIS/,/^DESCRIPTION/p' | sed '1d;$d' |
		    awk -v p="pith-$p" '$0 ~ "^     " p " " {if (s != "") print s; s = $0; next} NF {s = s " " $0} END {print s}' |
		    sed 's/^ *pith-//' | norm > man-syn
		ok "$(test -s h-syn; echo $?)" "$p -h: a synopsis"
		is "$(cat man-syn)" "$(cat h-syn)" "pith-$p.1: the synopsis is $p -h's"
	done
else
	skip "rendered synopsis: no mandoc"
fi

# --- make install and make uninstall
make -s -C "$PITH_TOP" install DESTDIR="$T/root" PREFIX=/usr > make.out 2>&1; st=$?
is "$st" 0 "make install DESTDIR=... PREFIX=/usr: exit 0"
mandir="$T/root/usr/share/man"
for p in $PAGES; do
	s=${p##*.}
	ok "$(cmp -s "$MAN/$p" "$mandir/man$s/$p"; echo $?)" "make install: $p in man$s"
	if command -v man > /dev/null; then
		is "$(man -M "$mandir" -w "$s" "${p%.*}" 2>&1)" "$mandir/man$s/$p" "man -M finds ${p%.*}($s)"
	else
		skip "man -M finds ${p%.*}($s): no man"
	fi
done
ok "$(test -x "$T/root/usr/bin/pith-clean"; echo $?)" "make install: the programs too"
make -s -C "$PITH_TOP" uninstall DESTDIR="$T/root" PREFIX=/usr > make.out 2>&1; st=$?
is "$st:$(find "$T/root" -type f | sed "s|$T/root||" | tr '\n' ' ')" "0:" "make uninstall: every page and program gone"

done_testing
