# One option table: every program's long options and -h come from the
# table of settings in lib/conf.c; pipeline takes each stage's settings
# as --STAGE-KEY and passes them on.  -h is checked against the README's
# key table and synopsis (tests/cli/man.t checks it against the man pages).
. "$PITH_TOP/tests/lib.sh"
README="$PITH_TOP/README.md"

# The README's key table, "SECTION KEY DEFAULT" a line ("-" when the
# default is a phrase, not a value).
sed -n 's/^| `\[\([a-z]*\)\] \([a-z-]*\)` | \([^|]*\) |.*/\1 \2 \3/p' "$README" |
    sed 's/ `\(.*\)`$/ \1/; s/ (.*$/ -/; s/ project URL$/ -/' > keys
ok "$(test "$(wc -l < keys)" -ge 25; echo $?)" "the README lists the settings ($(wc -l < keys))"

# --- -h: the synopsis, then a line for every setting with its default
for p in ingest clean store pipeline; do
	$p -h > h-$p 2> herr; st=$?
	is "$st:$(head -c 7 h-$p):$(wc -c < herr)" "0:usage: :0" "$p -h: usage on stdout, exit 0"
done
for p in ingest clean store pipeline; do
	$p -h > /dev/full 2> herr; st=$?
	is "$st:$(cat herr)" "2:$p: stdout: No space left on device" "$p -h on a full disk: said, exit 2"
done
while read -r sec key def; do
	line=$(grep -E -- "^ +(-[a-z], )?--$key[ =[]" h-$sec | head -n 1)
	ok "$(test -n "$line"; echo $?)" "$sec -h lists --$key"
	[ "$def" = - ] || like "$line" "default: $(printf '%s' "$def" | sed 's/[.]/\\./g')\)" "$sec -h: --$key's default, $def"
	case $sec.$key in
	ingest.catalog|clean.catalog|clean.format|clean.output) continue ;;
	esac
	pline=$(grep -E -- "^ +--$sec-$key[ =[]" h-pipeline | head -n 1)
	ok "$(test -n "$pline"; echo $?)" "pipeline -h lists --$sec-$key"
	[ "$def" = - ] || like "$pline" "default: $(printf '%s' "$def" | sed 's/[.]/\\./g')\)" "pipeline -h: --$sec-$key's default"
done < keys
for p in ingest clean store; do
	sed -n '/^\[/,$s/^ *\(-[a-z], \)\{0,1\}--\([a-z-]*\).*(default: .*/\2/p' h-$p | sort > listed
	grep "^$p " keys | cut -d ' ' -f 2 | sort > documented
	is "$(comm -23 listed documented | tr '\n' ' ')" "" "$p -h: every setting listed is in the README's table"
done
unlike "$(cat h-pipeline)" "--(ingest|clean)-catalog|--clean-(format|output)" "pipeline -h: not the keys pipeline sets itself"

# The synopsis: -h and the README's say the same (man.t: and the man pages').
synopsis() {	# the usage lines of PROG -h, one form a line
	sed -n '/^usage: /,/^[^ ]/p' h-$1 | sed '$d' |
	    awk -v p="$1" '$0 ~ "^(usage: |       )" p " " {if (s != "") print s; s = $0; next} {s = s " " $0} END {print s}' |
	    sed 's/^usage: //; s/^ *//; s/ \.\.\./.../g; s/  */ /g'
}
sed -n '/^## Synopsis/,/^Every program/p' "$README" | grep '^    bin/' |
    sed 's/^    bin\/\([a-z]*\) */\1 /; s/   .*//; s/ \.\.\./.../g; s/  */ /g' > readme-syn
for p in ingest clean store pipeline; do
	is "$(synopsis $p)" "$(grep "^$p " readme-syn)" "$p -h: the README's synopsis"
done

# --- settings on the command line name the option when they are wrong
ingest --timeout soon x 2> err; st=$?
is "$st:$(cat err)" "2:ingest: --timeout: 'soon' is not a duration (seconds, or with ms, s, m, h)" "ingest: a bad value names the option, exit 2"
clean -j 0 < /dev/null 2> err; st=$?
is "$st:$(cat err)" "2:clean: --jobs: '0' is not a whole number from 1 to 256" "clean: a bad -j names the option, exit 2"
store -c /dev/null -o o --level 99 < /dev/null 2> err; st=$?
is "$st:$(cat err)" "2:store: --level: '99' is not a whole number from 1 to 19" "store: a bad value names the option, exit 2"
printf '[ingest]\ntimeout = forever\n' > bad.conf
ingest -c bad.conf x 2> err
like "$(cat err)" "^ingest: bad\.conf:2: ingest\.timeout: 'forever'" "in the file, the key and its line are named"

# A flag setting takes =no, to turn off what the file turned on.
printf '<html><body><article><h1>T</h1><p>%s</p></article><div class="comments"><p>%s</p></div></body></html>\n' \
    "An article long enough to be kept as the text of the page, more or less." \
    "A comment from a reader of the page, long enough to count as one." > page.html
printf '[clean]\ncomments = yes\n' > comments.conf
clean -c comments.conf -f json page.html > on.json
clean -c comments.conf --comments=no -f json page.html > off.json 2> err; st=$?
like "$(cat on.json)" '"comments":"A comment from a reader' "comments = yes in the file: comments kept"
is "$st" 0 "--comments=no: exit 0"
like "$(cat off.json)" '"text":"T' "--comments=no: the text"
unlike "$(cat off.json)" '"comments":' "... without the comments: the command line wins over the file"

# --- pipeline passes each stage its settings
mkdir src && cp "$SAMPLES/news-article.html" src/
pipeline -c /dev/null -o w --store-format warc.gz src 2> err; st=$?
is "$st" 0 "pipeline --store-format warc.gz: exit 0"
is "$(ls w | grep -c '^pith-.*\.warc\.gz$')" 1 "... a warc.gz archive"
printf '[store]\nformat = zip\n' > zip.conf
pipeline -c zip.conf -o z1 src 2> err
is "$(ls z1 | grep -c '^pith-.*\.zip$')" 1 "[store] format = zip: a zip archive"
pipeline -c zip.conf -o z2 --store-format=tar.zst src 2> err
is "$(ls z2 | grep -c '^pith-.*\.tar\.zst$')" 1 "--store-format=tar.zst wins over the file"
pipeline -c /dev/null --store-output o2 src 2> err; st=$?
is "$st:$(ls o2 | grep -c '^pith-.*\.tar\.gz$')" "0:1" "--store-output DIR is -o DIR"
pipeline -c /dev/null -o j --clean-jobs 2 --clean-repeat-docs 0 src 2> err; st=$?
is "$st" 0 "--clean-jobs 2 --clean-repeat-docs 0: exit 0"
like "$(cat err)" "^pipeline: 1 read, 1 cleaned, 1 stored" "... the page stored"

httpd 30
pipeline -c /dev/null -o t --ingest-timeout 1 "$U/slow-redirect/0" 2> err; st=$?
is "$st" 1 "pipeline --ingest-timeout 1 on a 2 s page: exit 1"
like "$(cat err)" "^ingest: $U/slow-redirect/0: timed out after 1 s" "... ingest timed out after 1 s"
like "$(tail -n 1 err)" "; failed: 1 x timed out after 1 s; ingest exit 1" "... and the summary says so"

pipeline -c /dev/null -o bad --ingest-timeout soon src 2> err; st=$?
is "$st:$(cat err)" "2:pipeline: --ingest-timeout: 'soon' is not a duration (seconds, or with ms, s, m, h)" "a bad stage value names the option, exit 2"
ok "$(test ! -e bad; echo $?)" "... before anything is made"
pipeline -c /dev/null -o bad --store-colour red src 2> err; st=$?
is "$st" 2 "an unknown --STAGE-KEY: exit 2"
like "$(cat err)" "unrecognized option '--store-colour'" "... named"
like "$(cat err)" "^usage: pipeline " "... with the usage"
pipeline -c /dev/null -o bad --clean-format json src 2> err; st=$?
is "$st" 2 "--clean-format, which pipeline sets itself: refused, exit 2"
ok "$(test ! -e bad; echo $?)" "refused options: nothing made"
# -V's line is output: a full disk is said, and exit 2, by every program.
for p in ingest clean store pipeline; do
	"$p" -V > /dev/full 2> err; st=$?
	is "$st:$(cat err)" "2:$p: stdout: No space left on device" "$p -V > /dev/full: said, exit 2"
	like "$("$p" -V)" "^pith-$p [0-9]" "$p -V: its name and version"
done
done_testing
