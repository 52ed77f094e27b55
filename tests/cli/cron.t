# cron: exit codes and messages a nightly run can trust (issue 19, items
# 5-8).  Nothing to do is no failure: an empty source list exits 0 and
# says so once; a list operand that cannot be read is a usage error.
. "$PITH_TOP/tests/lib.sh"

# --- 5. nothing to do is no failure
pipeline -c /dev/null -o e1 - < /dev/null > out 2> err; st=$?
is "$st" 0 "an empty source list on stdin: exit 0"
like "$(cat err)" "^pipeline: 0 read, 0 cleaned, 0 stored, 0 duplicate, 0 not modified, 0 disallowed, 0 skipped, 0 failed, 0 empty in [0-9.]+ s$" "... the summary of zeros"
unlike "$(cat err)" "^clean: " "... clean invents no failure"
: > empty.list
pipeline -c /dev/null -o e2 @empty.list > out 2> err; st=$?
is "$st" 0 "an empty @list: exit 0"
clean -c /dev/null < /dev/null > out 2> err; st=$?
is "$st:$(cat err)$(cat out)" "0:" "clean of an empty stdin: exit 0, nothing said, nothing written"
clean -c /dev/null -f warc < /dev/null > out 2> err; st=$?
is "$st:$(cat err)" "0:" "clean -f warc of an empty stdin: exit 0, no failure record"
is "$(wc -c < out)" 0 "... and no record at all"
printf '<p>One page.</p>\n' > page.html
ingest -c /dev/null page.html @missing.list > out 2> err; st=$?
is "$st" 2 "ingest @missing.list: a usage error, exit 2"
is "$(cat err)" "ingest: @missing.list: No such file or directory" "... naming the list"
is "$(wc -c < out)" 0 "... before anything is read or written"
printf '%s\n' page.html @nested-missing.list > outer.list
ingest -c /dev/null @outer.list > out 2> err; st=$?
is "$st" 1 "a list naming a missing list: that entry fails (exit 1), the rest is read"
like "$(cat err)" "^ingest: nested-missing.list: No such file or directory$" "... and is named"
pipeline -c /dev/null -o e3 @missing.list > out 2> err; st=$?
is "$st" 2 "pipeline @missing.list: exit 2"
like "$(cat err)" "^ingest: @missing.list: No such file or directory$" "... the list named"
like "$(cat err)" "; ingest exit 2$" "... the summary says ingest refused"
unlike "$(cat err)" "^clean: " "... and clean invents no failure"

done_testing
