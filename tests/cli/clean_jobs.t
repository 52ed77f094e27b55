# clean -j N: worker processes over the file operands and the records of
# WARC streams.  The outputs, on stdout or in -o DIR, and the messages
# are those of one process, in input order; a failing item gives exit 1.
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

# On stdout: the same bytes in the same order, a failing item in the
# middle reported in its place.
set -- "$@" image.html "$@"
for f in text json; do
	clean -f $f "$@" > one.$f 2>err1; st1=$?
	clean -j 2 -f $f "$@" > two.$f 2>err2; st2=$?
	is "$st2:$st1" "1:1" "-j 2 -f $f on stdout: exit 1 for the bad item"
	is "$(cmp one.$f two.$f; echo $?)" 0 "-j 2 -f $f on stdout: same bytes as -j 1"
	is "$(cmp err1 err2; echo $?)" 0 "-j 2 -f $f: same messages, same order"
done
is "$(grep -c . err1)" 1 "one message, for the bad item"

# WARC in (stdin, then a file operand): the parent reads the records and
# hands them out; the conversion records come in input order.  Record
# ids are random, and a file's date is the time of cleaning: masked.
python3 - "$@" <<'PY' > in.warc
import sys
def rec(n, fields, block):
    h = "WARC/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in fields) + f"Content-Length: {len(block)}\r\n\r\n"
    sys.stdout.buffer.write(h.encode() + block + b"\r\n\r\n")
for n, path in enumerate(sys.argv[1:]):
    page = open(path, "rb").read()
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + page
    rec(n, [("WARC-Type", "response"), ("WARC-Record-ID", f"<urn:uuid:{n:08d}-1111-4111-8111-111111111111>"),
            ("WARC-Date", "2026-01-02T03:04:05Z"), ("WARC-Target-URI", f"https://x.example/{n}/{path}"),
            ("Content-Type", "application/http; msgtype=response")], http)
PY
mask() { sed -E 's/^(WARC-Record-ID|WARC-Date): .*/\1: X/' "$@"; }
clean -f warc < in.warc 2>err1 | mask > one.warc; st1=$?
clean -j 2 -f warc < in.warc 2>err2 | mask > two.warc; st2=$?
is "$(grep -c '^WARC-Type: conversion' two.warc)" $(($# - 1)) "-j 2 WARC stdin: a record per page"
is "$(cmp one.warc two.warc; echo $?)" 0 "-j 2 WARC stdin: same records, same order"
is "$(cmp err1 err2; echo $?)" 0 "-j 2 WARC stdin: same messages"
like "$(cat two.warc)" "Pith-Clean-Error: binary" "-j 2 WARC stdin: the bad page is a failure record"
clean -j 2 -f warc - < in.warc 2>/dev/null | mask > dash.warc
is "$(cmp one.warc dash.warc; echo $?)" 0 "-j 2 - (stdin named): the same records"
clean -j 3 -f text in.warc > three.txt 2>/dev/null; st=$?
is "$st" 1 "-j 3 WARC file operand: exit 1 for the bad page"
is "$(clean -f text in.warc 2>/dev/null | cmp - three.txt; echo $?)" 0 \
    "-j 3 WARC file operand: same text as -j 1"

# A damaged record in the middle is reported in its place.
head -c 3000 in.warc > cut.warc
tail -c +3001 in.warc | head -c 2000 >> cut.warc
cat in.warc >> cut.warc
clean -f text < cut.warc > one.txt 2>err1; st1=$?
clean -j 2 -f text < cut.warc > two.txt 2>err2; st2=$?
is "$st2:$st1" "1:1" "-j 2 damaged stream: exit 1"
is "$(cmp one.txt two.txt; echo $?)" 0 "-j 2 damaged stream: same text"
is "$(cmp err1 err2; echo $?)" 0 "-j 2 damaged stream: same messages in the same order"
like "$(cat err2)" "offset [0-9]+" "-j 2 damaged stream: the offset named"

# Items go on past a slow one (a FIFO, fed after 2 s), but what waits to
# be written stays under 8 MB: 30 text dumps of 1 MB each would hold 30.
python3 - <<'PY'
import random
random.seed(7)
words = ["".join(random.choice("abcdefghijklmnopqrstuvwxyz")
         for _ in range(random.randint(2, 9))) for _ in range(3000)]
def para():
    return " ".join(random.choice(words)
                    for _ in range(random.randint(30, 80))).capitalize() + "."
open("dump.txt", "w").write("\n\n".join(para() for _ in range(2800)))
PY
for i in 01 02 03 04 05 06 07 08 09 10 11 12 13 14 15 \
    16 17 18 19 20 21 22 23 24 25 26 27 28 29 30; do
	ln dump.txt "d$i.txt"
done
mkfifo slow.txt
clean -f text dump.txt d*.txt > one.txt 2>/dev/null
(sleep 2; cat dump.txt > slow.txt) &
if [ -x /usr/bin/time ] && ! grep -q __asan_init "$PITH_BIN/clean"; then
	/usr/bin/time -f %M -o rss clean -j 2 -f text slow.txt d*.txt > two.txt
	mb=$(( $(tail -n 1 rss) / 1024 ))
	ok "$([ "$mb" -le 28 ]; echo $?)" "-j 2 behind a slow item: peak $mb MB <= 28 MB"
else
	clean -j 2 -f text slow.txt d*.txt > two.txt
	skip "-j 2 behind a slow item: memory not measured (ASan, or no GNU time)"
fi
wait
is "$(cmp one.txt two.txt; echo $?)" 0 "-j 2 behind a slow item: the same text, in order"

clean -j 0 -o zero "$@" 2>err; st=$?
is "$st" 2 "-j 0 is a usage error"
done_testing
