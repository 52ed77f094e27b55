# clean -j N: worker processes over the file operands of -o DIR.  The
# outputs are those of one process; a failing item still gives exit 1.
. "$PITH_TOP/tests/lib.sh"

for f in "$PITH_TOP"/tests/fixtures/html/*.html; do cp "$f" .; done
set -- *.html
is "$(test $# -ge 4; echo $?)" 0 "several pages to share out ($#)"

clean -o one "$@" 2>err1; st1=$?
clean -j 3 -o three "$@" 2>err3; st3=$?
is "$st3" "$st1" "-j 3 exits as -j 1 ($st1)"
is "$(ls three | wc -l)" "$(ls one | wc -l)" "-j 3 writes as many files"
is "$(diff -r one three >/dev/null; echo $?)" 0 "-j 3 outputs equal -j 1"
is "$(sort err3)" "$(sort err1)" "-j 3 reports what -j 1 reports"

clean --jobs 2 -o two "$@" 2>/dev/null
is "$(diff -r one two >/dev/null; echo $?)" 0 "--jobs 2 outputs equal -j 1"

printf '[clean]\njobs = 2\n' > jobs.conf
clean -c jobs.conf -o conf "$@" 2>/dev/null
is "$(diff -r one conf >/dev/null; echo $?)" 0 "[clean] jobs = 2 in the config"

# A failing item: exit 1, named on stderr; the others written.
printf '\211PNG\r\n\032\n\0\0\0\rIHDR\0\0\0\1' > image.html
clean -j 3 -o bad "$@" image.html 2>err; st=$?
is "$st" 1 "-j 3: a binary item makes exit 1"
like "$(cat err)" "^clean: image.html: binary" "-j 3: message names the item"
is "$(diff -r one bad >/dev/null; echo $?)" 0 "-j 3: the other pages written"

# On stdout, -j keeps one process and the input order.
is "$(clean -j 3 "$@" 2>/dev/null | cksum)" "$(clean "$@" 2>/dev/null | cksum)" \
    "-j 3 on stdout: same text, same order"

clean -j 0 -o zero "$@" 2>err; st=$?
is "$st" 2 "-j 0 is a usage error"
done_testing
