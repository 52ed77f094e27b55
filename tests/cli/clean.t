# clean as a user meets it: operands, stdin, -o DIR, formats, bad input.
. "$PITH_TOP/tests/lib.sh"

page='<!DOCTYPE html><html lang="en"><head><title>Harbour news</title></head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>
<article><h1>Harbour reopens after storm</h1>
<p>The harbour reopened on Tuesday after three days of repairs to the sea wall, the port authority said in a statement.</p>
<p>Fishing boats were the first to leave, followed by the morning ferry, which had been moored at the inner quay since the storm began.</p>
<p>Engineers will inspect the northern breakwater again next week, when the tides are lower and divers can reach its foundations safely.</p>
</article><footer>Copyright 2026 Harbour Times. All rights reserved.</footer></body></html>'
printf '%s\n' "$page" > page.html

# One page: text on stdout, exit 0.
out=$(clean page.html 2>err); st=$?
is "$st" 0 "one page: exit 0"
like "$out" "harbour reopened on Tuesday" "article text kept"
unlike "$out" "All rights reserved" "footer dropped"
is "$(cat err)" "" "nothing on stderr"

# stdin, and gzip read transparently.
out=$(clean < page.html); like "$out" "morning ferry" "stdin raw document"
gzip -c page.html > page.html.gz
out=$(clean page.html.gz); like "$out" "northern breakwater" ".gz read transparently"

# -o DIR: <name>.txt with the extension stripped; binary reported, others done.
printf '\211PNG\r\n\032\n\0\0\0\rIHDR\0\0\0\1' > image.html
clean -o outdir page.html image.html page.html.gz 2>err; st=$?
is "$st" 1 "a binary item makes exit 1"
like "$(cat err)" "^clean: image.html: binary" "message names the item"
ok "$(test -s outdir/page.txt; echo $?)" "outdir/page.txt written"
ok "$(test ! -e outdir/image.txt; echo $?)" "no text for the binary item"

# -f json: one object with metadata apart from text.
out=$(clean -f json page.html)
is "$(printf '%s' "$out" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["mode"], "Harbour" in d["text"])')" "html True" "json has mode and text"

# Plain text goes down the text path.
printf 'Menu\n\nA plain sentence that is long enough to be a paragraph of an article, with words.\n' > dump.txt
out=$(clean -f json dump.txt); like "$out" '"mode": ?"text"' "text input sniffed as text"

# Usage and config errors: exit 2, with file and line.
clean --no-such-option >/dev/null 2>err; is "$?" 2 "unknown option: exit 2"
like "$(cat err)" "usage: clean" "usage printed"
out=$(clean -h); st=$?; is "$st" 0 "-h exits 0"; like "$out" "usage: clean" "-h prints usage"
printf '[clean]\nshade = blue\n' > bad.conf
clean -c bad.conf page.html >/dev/null 2>err; is "$?" 2 "unknown key: exit 2"
like "$(cat err)" "bad.conf:2: unknown key 'shade' in \[clean\]" "error names file and line"
clean -o /proc/nonexistent/dir page.html >/dev/null 2>err; is "$?" 2 "unwritable -o: exit 2"
like "$(cat err)" "/proc/nonexistent/dir" "the folder is named"

# A limit that cuts a page is said on stderr, the text before it kept.
python3 -c 'print("<html><body><article><p>Shallow text, with commas, that is long enough to count as a paragraph here.</p>" + "<div>"*300 + "<p>deep</p>" + "</div>"*300 + "</article></body></html>")' > deep.html
out=$(clean --max-depth 100 deep.html 2>err)
like "$(cat err)" "deep.html: page deeper than max-depth: cut" "the cut is reported with the item"
like "$out" "Shallow text" "text above the cut kept"

# WARC in, conversion records out.
python3 - <<'PY' > in.warc
import sys
page = open("page.html", "rb").read()
def rec(fields, block):
    h = "WARC/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in fields) + f"Content-Length: {len(block)}\r\n\r\n"
    sys.stdout.buffer.write(h.encode() + block + b"\r\n\r\n")
http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + page
rec([("WARC-Type", "response"), ("WARC-Record-ID", "<urn:uuid:11111111-1111-4111-8111-111111111111>"),
     ("WARC-Date", "2026-01-02T03:04:05Z"), ("WARC-Target-URI", "https://news.example/harbour"),
     ("Content-Type", "application/http; msgtype=response")], http)
rec([("WARC-Type", "response"), ("WARC-Record-ID", "<urn:uuid:22222222-2222-4222-8222-222222222222>"),
     ("WARC-Date", "2026-01-02T03:04:06Z"), ("WARC-Target-URI", "https://news.example/logo.png"),
     ("Content-Type", "application/http; msgtype=response")], b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG")
PY
clean < in.warc > out.warc 2>err; st=$?
is "$st" 0 "WARC stream: exit 0"
is "$(grep -c '^WARC-Type: conversion' out.warc)" 1 "one conversion record (the image is skipped)"
like "$(cat out.warc)" "WARC-Refers-To: <urn:uuid:11111111-1111-4111-8111-111111111111>" "refers to its source"
like "$(cat out.warc)" "WARC-Date: 2026-01-02T03:04:05Z" "capture date kept"
like "$(cat out.warc)" "WARC-Target-URI: https://news.example/harbour" "target URI kept"
like "$(cat out.warc)" "WARC-Block-Digest: sha1:" "digest written"
like "$(cat out.warc)" "harbour reopened" "text in the block"
cat in.warc | clean -f text > piped.txt; like "$(cat piped.txt)" "morning ferry" "WARC through a pipe, -f text"
gzip -c in.warc > in.warc.gz
python3 - in.warc.gz <<'PY' | clean -f text > dribbled.txt
import sys, time
data = open(sys.argv[1], "rb").read()
for i in range(0, 63, 3):	# the gzip header a few bytes at a time
    sys.stdout.buffer.write(data[i:i + 3]); sys.stdout.flush(); time.sleep(0.01)
sys.stdout.buffer.write(data[63:])
PY
is "$(cmp piped.txt dribbled.txt; echo $?)" 0 "gzipped WARC on a pipe, 3 bytes at a time: read as records"

# Truncated WARC: the records before the damage come through, offset named.
head -c $(( $(wc -c < in.warc) - 40 )) in.warc > cut.warc
head -c 60 in.warc >> cut.warc
clean -f text < cut.warc > cut.txt 2>err; st=$?
is "$st" 1 "truncated stream: exit 1"
like "$(cat cut.txt)" "morning ferry" "record before the damage cleaned"
like "$(cat err)" "offset [0-9]+" "error names the offset"

# ---- the item stream: one loop over every kind of input ----
# @LIST: the operands a line each, '#' lines and blank lines skipped.
cp page.html other.html
printf '# pages\npage.html\n\nother.html\n' > pages.list
clean -o listed @pages.list 2>err; st=$?
is "$st" 0 "@LIST: exit 0"
is "$(ls listed | tr '\n' ' ')" "other.txt page.txt " \
    "@LIST: both listed files cleaned, nothing else"
clean @nowhere.list > /dev/null 2>err; st=$?
is "$st" 2 "@LIST that cannot be read: exit 2, before anything is read"
like "$(cat err)" "^clean: @nowhere.list: No such file" "@LIST: the list named"
printf 'page.html\n@missing.list\n' > outer.list
out=$(clean @outer.list 2>err); st=$?
is "$st" 1 "a list named in a list that cannot be read: a failed item"
like "$out" "morning ferry" "  the rest of the list cleaned"
like "$(cat err)" "^clean: missing.list: No such file" "  the inner list named"

# WARC records in a file of another name are records, and are told by
# their bytes before the file is read whole: max-size bounds a record,
# not the file.
cat in.warc in.warc in.warc in.warc in.warc > crawl.dat
clean -f text --max-size 4k < crawl.dat > want.txt
clean -f text --max-size 4k crawl.dat > dat.txt 2>err; st=$?
is "$st" 0 "records in crawl.dat, larger than max-size: exit 0"
is "$(grep -c 'morning ferry' dat.txt):$(cmp dat.txt want.txt; echo $?)" "5:0" \
    "  its five pages cleaned as records, as from stdin"
clean -j 2 -f text --max-size 4k crawl.dat > dat2.txt 2>err
is "$(cmp dat.txt dat2.txt; echo $?)" 0 "  the same with -j 2, its records shared out"

# A pipe is not read ahead: its document, or its records, once read.
mkfifo recs.fifo
(cat in.warc > recs.fifo &)
timeout 20 clean -f text recs.fifo > fifo.txt 2>err; st=$?
is "$st" 0 "records on a named pipe: exit 0 within 20 s"
is "$(cmp fifo.txt piped.txt; echo $?)" 0 "  cleaned as records, not as one document"

# ---- the source digest: the record's own SHA-1, or computed ----
page=$FIX/html/consent.html
want=$(python3 -c 'import base64, hashlib, sys
print("sha1:" + base64.b32encode(hashlib.sha1(open(sys.argv[1], "rb").read()).digest()).decode())' "$page")
ingest "$page" > dg.warc
clean < dg.warc > dg.out
is "$(grep -a '^Pith-Source-Payload-Digest' dg.out | tr -d '\r')" "Pith-Source-Payload-Digest: $want" "source digest: the resource record's block digest"
grep -av '^WARC-Block-Digest' dg.warc > nodg.warc
clean < nodg.warc > nodg.out
is "$(grep -a '^Pith-Source-Payload-Digest' nodg.out | tr -d '\r')" "Pith-Source-Payload-Digest: $want" "source digest: computed when the record has none"
sed 's/^WARC-Block-Digest: sha1:[A-Z2-7]*/WARC-Block-Digest: md5:0123456789abcdef0123456789abcdef/' dg.warc > md5.warc
clean < md5.warc > md5.out
is "$(grep -a '^Pith-Source-Payload-Digest' md5.out | tr -d '\r')" "Pith-Source-Payload-Digest: $want" "source digest: computed when the record's is not SHA-1"
done_testing
