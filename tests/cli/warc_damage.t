# Damaged WARC input through clean and store, from a file and through a
# pipe: a record over the size limit cut short with records appended
# after it, a whole record over the limit holding records of its own, a
# gzip member cut mid-stream.  Each costs only itself: the good records
# around it are cleaned and stored, and the damage is named by its offset.
. "$PITH_TOP/tests/lib.sh"

cat > gen.py <<'PY'
import gzip, random
def head(length, i=99):
    return (b"WARC/1.1\r\nWARC-Type: conversion\r\nWARC-Target-URI: https://g.example/%d\r\n"
            b"WARC-Date: 2026-03-04T05:06:07Z\r\nContent-Type: text/plain; charset=utf-8\r\n"
            b"Content-Length: %d\r\n\r\n" % (i, length))
def conv(i, text=None):
    text = (text or ("Good text number %d, long enough to be a paragraph of an article "
                     "that the cleaner keeps, with commas, clauses and a full stop. " % i)).encode()
    return head(len(text), i) + text + b"\r\n\r\n"
def both(name, recs):
    open(name + ".warc", "wb").write(b"".join(recs))
    open(name + ".warc.gz", "wb").write(b"".join(gzip.compress(r, mtime=0) for r in recs))
# 100 MB declared (over clean's 16M and store's 64M), cut after 1200 bytes
both("cut", [conv(0), head(100 << 20) + b"x" * 1200, conv(1), conv(2), conv(3)])
# 2 MB, whole, holding a WARC file (over --max-size 1M)
inner = b"WARC/1.1\r\n" + (conv(8) + conv(9)) * 2000
both("whole", [conv(0), head(len(inner)) + inner + b"\r\n\r\n", conv(1), conv(2)])
# one member per record; the second, 200 kB of words, cut in its middle
rnd = random.Random(7)
words = " ".join("".join(rnd.choice("etaoinshrdlu") for _ in range(rnd.randint(2, 9)))
                 for _ in range(40000))
members = [gzip.compress(r, mtime=0) for r in (conv(0), conv(4, words), conv(1), conv(2), conv(3))]
members[1] = members[1][:len(members[1]) // 2]
open("cutgz.warc.gz", "wb").write(b"".join(members))
PY
python3 gen.py || exit 2

# check NAME FILE LIMIT GOOD STORED ERR: clean and store FILE (with
# --max-size LIMIT, or the defaults), from the file and through a pipe.
check() {
	opt=${3:+--max-size $3}
	for how in file pipe; do
		if [ $how = file ]; then
			timeout 60 clean -c /dev/null $opt -f text < "$2" > out 2> err; st=$?
		else
			cat "$2" | timeout 60 clean -c /dev/null $opt -f text > out 2> err; st=$?
		fi
		is "$st" 1 "$1, $how: clean exits 1"
		is "$(grep -o '^Good text number [0-9]' out | tr -dc 0-9)" "$4" "$1, $how: clean cleans every good record"
		is "$(grep -c 'offset [0-9]*: ' err)" 1 "$1, $how: one damage said"
		like "$(cat err)" "^clean: stdin: offset [0-9]+: $6" "$1, $how: by its offset and what is wrong"
		rm -rf o
		if [ $how = file ]; then
			timeout 60 store -c /dev/null $opt -o o --stats stats < "$2" 2> err; st=$?
		else
			cat "$2" | timeout 60 store -c /dev/null $opt -o o --stats stats 2> err; st=$?
		fi
		is "$st" 1 "$1, $how: store exits 1"
		like "$(head -n 1 stats)" "^read=$(($5 + 1)) cleaned=$5 stored=$5 failed=1 " "$1, $how: store keeps the $5 good records"
	done
}
cut='truncated record: another record starts at block byte 1200 of 104857600'
check "cut over the limit" cut.warc "" 0123 4 "$cut"
check "cut over the limit, gzip" cut.warc.gz "" 0123 4 "$cut"
big='record block of [0-9]+ bytes is larger than the limit \(1048576\)$'
check "whole over the limit" whole.warc 1M 012 3 "$big"
check "whole over the limit, gzip" whole.warc.gz 1M 012 3 "$big"
check "gzip member cut" cutgz.warc.gz "" 0123 4 "truncated record: .*: corrupt gzip data at offset [0-9]+$"

done_testing
