# Faults: a stage killed mid-stream, a closed stdout, damaged WARC records
# in mid-stream, a config file of garbage, a write failure.  Each ends
# with a clear message and a documented exit code, never a hang, and what
# was good before the fault is kept.  (store's own faults, killed runs and
# write errors are in store.t and catalog.t.)
. "$PITH_TOP/tests/lib.sh"

python3 -c 'print("<html><head><title>Big</title></head><body><article>" +
    "<p>Some words of a long page, with commas, to fill it, and more.</p>" * 8000 +
    "</article></body></html>")' > big.html
cat > page.html <<'EOF'
<!DOCTYPE html><html><head><title>Good</title></head><body><article>
<p>A good page, with a sentence long enough to be kept as the article text by the cleaner.</p>
<p>A second paragraph, so that the cleaner is sure this is the article and not a stray line.</p>
</article></body></html>
EOF

# ---- a stage killed mid-stream ----
python3 "$PITH_TOP/tests/httpd.py" 60 > port 2> httpd.log &
hpid=$!
trap 'kill $hpid 2>/dev/null; rm -rf "$T"' EXIT
i=0; while [ ! -s port ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
U="http://127.0.0.1:$(head -n 1 port)"

# io PID FIELD: a counter of /proc/PID/io (0 when gone).
io() { v=$(sed -n "s/^$2: //p" "/proc/$1/io" 2>/dev/null); echo "${v:-0}"; }
# wait_io PID FIELD MIN: until the counter reaches MIN, 20 s at most.
wait_io() {
	i=0
	while [ "$(io "$1" "$2")" -lt "$3" ] && [ $i -lt 200 ]; do sleep 0.1; i=$((i + 1)); done
}
# The first record (big.html, flushed at once: its text is larger than the
# writers' buffers) goes through; then ingest waits on a URL that stalls.
# A stage is killed once clean has written the record's text (its wchar:
# unlike rchar, no sanitizer start-up reads count there).
stages() {	# stages NAME [CLEAN-OPTION...]: ingest | clean | store, by fifos; sets ipid cpid spid
	name=$1; shift
	rm -f a b; mkfifo a b
	ingest -c /dev/null --host-delay 0 --robots no --timeout 2 --retries 0 "${first:-big.html}" "$U/stall" > a 2> i.err & ipid=$!
	clean -c /dev/null "$@" < a > b 2> c.err & cpid=$!
	store -c /dev/null -o "$name" --stats "$name.stats" < b 2> s.err & spid=$!
}
if [ -r /proc/$$/io ]; then
	stages k1
	wait_io $cpid wchar 400000
	kill -9 $ipid
	{ wait $ipid; } 2>/dev/null; si=$?; wait $cpid; sc=$?; wait $spid; ss=$?
	is "$si:$sc:$ss" "137:0:0" "ingest killed mid-stream: clean and store end normally"
	like "$(cat k1.stats)" "stored=1 " "ingest killed: the record it wrote before is stored"

	# clean streams with --repeat-docs 0, and with repetition on while no
	# document has a host (files); from the first with one, the run's
	# documents wait in its spool, and a killed clean stores none of them
	# (the next run cleans them again).
	stages k2 --repeat-docs 0
	wait_io $cpid wchar 400000
	kill -9 $cpid
	{ wait $cpid; } 2>/dev/null; sc=$?; wait $spid; ss=$?; wait $ipid; si=$?
	is "$sc:$ss:$si" "137:0:2" "clean killed mid-stream: store ends normally, ingest exit 2"
	like "$(cat k2.stats)" "stored=1 " "clean killed: the record it wrote before is stored"
	like "$(cat i.err)" "^ingest: stdout: write error: Broken pipe$" "ingest says its reader is gone"
	stages k2f
	wait_io $cpid wchar 400000
	kill -9 $cpid
	{ wait $cpid; } 2>/dev/null; sc=$?; wait $spid; ss=$?; wait $ipid; si=$?
	like "$(cat k2f.stats)" "stored=1 " "clean killed, repetition on: a file's document was not held back"
	python3 - big.html > big.warc <<'PY'
import sys
body = open(sys.argv[1], "rb").read()
sys.stdout.buffer.write((
    "WARC/1.1\r\nWARC-Type: resource\r\nWARC-Record-ID: <urn:uuid:b1>\r\n"
    "WARC-Date: 2026-01-01T00:00:00Z\r\nWARC-Target-URI: https://big.example/\r\n"
    f"Content-Type: text/html\r\nContent-Length: {len(body)}\r\n\r\n").encode()
    + body + b"\r\n\r\n")
PY
	first=big.warc stages k2r
	wait_io $cpid wchar 400000
	kill -9 $cpid
	{ wait $cpid; } 2>/dev/null; sc=$?; wait $spid; ss=$?; wait $ipid; si=$?
	is "$sc:$ss:$si" "137:0:2" "clean killed while spooling: store ends normally"
	like "$(cat k2r.stats)" "^read=0 .*stored=0 " "clean killed while spooling (a page with a host): nothing half-stored"
else
	for i in 1 2 3 4 5 6 7 8; do skip "no /proc/PID/io to follow the stages"; done
fi

# bin/pipeline: its clean killed mid-stream.
printf "[ingest]\ntimeout = 2\nretries = 0\nhost-delay = 0\nrobots = no\n[clean]\nrepeat-docs = 0\n" > p.conf
if command -v pgrep > /dev/null && [ -r /proc/$$/io ]; then
	pipeline -c p.conf -o k3 big.html "$U/stall" 2> p.err & ppid=$!
	i=0; while [ -z "$(pgrep -P $ppid -x clean)" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	wait_io "$(pgrep -P $ppid -x clean)" wchar 400000
	kill -9 "$(pgrep -P $ppid -x clean)"
	wait $ppid; st=$?
	is "$st" 2 "pipeline with a killed clean: exit 2"
	like "$(cat p.err)" "^pipeline: 1 read, 1 cleaned, 1 stored, 0 duplicate, 0 not modified, 0 disallowed, 0 skipped, 0 failed, 0 empty in [0-9.]+ s; ingest exit 2; clean killed by signal 9$" \
	    "the summary names the killed stage; the record before is stored"
else
	skip "no pgrep"; skip "no pgrep"
fi

# ---- a closed stdout: "Broken pipe", exit 2, no hang ----
# (2 MB of text: more than a pipe holds, 1 MB once the WARC writer has
# widened it, so clean is still writing when head has gone.)
for f in text warc; do
	timeout 30 sh -c "clean -c /dev/null -f $f big.html big.html big.html big.html page.html 2> err; echo \$? > st" | head -c 100 > /dev/null
	is "$(cat st)" 2 "clean -f $f | head -c 100: exit 2"
	like "$(cat err)" "^clean: (stdout|write error): Broken pipe$" "clean -f $f: says the pipe broke"
done
timeout 30 sh -c 'ingest -c /dev/null big.html big.html big.html big.html 2> err; echo $? > st' | head -c 100 > /dev/null
is "$(cat st)" 2 "ingest | head -c 100: exit 2"
like "$(cat err)" "^ingest: stdout: write error: Broken pipe$" "ingest: says the pipe broke"

# ---- damaged records in mid-stream: the good ones around them come out ----
cat > mid.py <<'PY'
import gzip, subprocess, sys
def conv(i, n=1):
    text = ("Good text number %d, long enough to be a paragraph of an article "
            "that the cleaner keeps, with commas, clauses and a full stop. " % i) * n
    return subprocess.run(["python3", sys.argv[1], "conv", "https://g.example/%d" % i, text],
                          capture_output=True, check=True).stdout
big = conv(3, 25)
recs = [conv(0), conv(1)[:-60], conv(2),	# cut short, the next appended
        conv(4).replace(b"Content-Length: ", b"Content-Length: x"), conv(5),
        b"garbage line\r\n\x00\xff\xfe junk\r\n\r\n", conv(6),
        conv(7, 40), conv(8),			# larger than --max-size 4k
        big[:len(big) // 2], conv(9)]		# cut in half, a short one after
open("mid.warc", "wb").write(b"".join(recs))
open("mid.warc.gz", "wb").write(b"".join(gzip.compress(r) for r in recs))
PY
python3 mid.py "$PITH_TOP/tests/warc.py"
for f in mid.warc mid.warc.gz; do
	timeout 30 clean -c /dev/null --max-size 4k -f text < $f > out 2> err; st=$?
	is "$st" 1 "$f through clean: exit 1"
	is "$(grep -o '^Good text number [0-9]' out | tr -dc 0-9)" 025689 "$f: every good record is cleaned"
	is "$(grep -c 'offset [0-9]*: ' err)" 5 "$f: each damage named by its offset"
	like "$(cat err)" "truncated record: another record starts at block byte" "$f: the cut records are said"
	timeout 30 store -c /dev/null --max-size 4k -o st-$f --stats st-$f.stats < $f 2> err; st=$?
	is "$st" 1 "$f through store: exit 1"
	like "$(cat st-$f.stats)" "stored=6 " "$f: store keeps the six good records"
done

# ---- a config file of garbage: exit 2, file and line, no raw bytes ----
python3 -c 'import random, sys; sys.stdout.buffer.write(random.Random(2).randbytes(3000))' > garbage.conf
printf '[clean]\nmax-depth = 100\n\0\0\0junk\n' > nul.conf
for p in ingest clean store pipeline; do
	$p -c garbage.conf < /dev/null > /dev/null 2> err; st=$?
	is "$st" 2 "$p: garbage config: exit 2"
	like "$(head -n 1 err)" "^[a-z]+: garbage\.conf:1: not UTF-8: not a text file$" "$p: says where and what"
done
clean -c nul.conf page.html > /dev/null 2> err; st=$?
is "$st:$(cat err)" "2:clean: nul.conf:3: a NUL byte: not a text file" "a NUL byte in the config: exit 2, the line named"

# ---- a write failure under -o DIR: exit 2, named, nothing half-written ----
mkdir od
(ulimit -f 100; clean -c /dev/null -o od page.html big.html page.html 2> err); st=$?
is "$st" 2 "clean -o DIR over a file size limit: exit 2"
like "$(cat err)" "^clean: od/big\.txt: File too large$" "the file is named"
is "$(ls -A od | tr '\n' ' ')" "page.txt " "the page before is kept, no temporary file left"

done_testing
