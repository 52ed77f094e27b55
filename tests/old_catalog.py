#!/usr/bin/env python3
"""tests/old_catalog.py: a catalog.sqlite of an earlier schema, for the
migration tests.

    old_catalog.py VERSION PATH

Writes PATH (WAL, user_version VERSION) with the tables store made at that
version, one run ("old-run": read 1, stored 1, started 2026-01-01) and
one document (http://old.example/, in that run).  Versions 1, 2 and 3.
"""
import sqlite3
import sys

DOCUMENTS = """CREATE TABLE documents (doc_id TEXT PRIMARY KEY, uri TEXT NOT NULL,
 capture_time TEXT, raw_digest TEXT, text_digest TEXT NOT NULL, archive TEXT NOT NULL,
 member TEXT, title TEXT, run_id TEXT NOT NULL,
 previous TEXT REFERENCES documents(doc_id)%s);"""
DOCS = {        # columns added to documents, and the old row's values
    1: ("", ""),
    2: ("", ""),
    3: (", truncated TEXT", ", NULL"),
}
RUNS = {
    1: "",
    2: ", not_modified INTEGER, disallowed INTEGER",
    3: ", not_modified INTEGER, disallowed INTEGER, skipped INTEGER",
}
LATER = {       # tables added since, by IF NOT EXISTS, in a catalog of
    1: "",      # that version
    2: "CREATE TABLE repeated_lines (key INTEGER PRIMARY KEY);",
    3: "CREATE TABLE repeated_lines (key INTEGER PRIMARY KEY);"
       "CREATE TABLE source_uris (doc_id TEXT PRIMARY KEY REFERENCES"
       " documents(doc_id), uri TEXT NOT NULL);",
}


def main():
    version, path = int(sys.argv[1]), sys.argv[2]
    runs = ("CREATE TABLE runs (id TEXT PRIMARY KEY, started TEXT, finished TEXT,"
            " read INTEGER, stored INTEGER, duplicate INTEGER, failed INTEGER,"
            " exit_status INTEGER%s);" % RUNS[version])
    values = {1: "", 2: ", 0, 0", 3: ", 0, 0, 0"}[version]
    columns, doc_values = DOCS[version]
    db = sqlite3.connect(path)
    db.executescript("""
PRAGMA journal_mode=WAL;
%s
%s
CREATE TABLE validators (uri TEXT PRIMARY KEY, etag TEXT, last_modified TEXT, fetched TEXT);
%s
INSERT INTO documents VALUES ('d0', 'http://old.example/', '2026-01-01T00:00:00Z', NULL,
 'sha1:OLD', 'pith-old.tar.gz', 'd0.txt', 'Old', 'old-run', NULL%s);
INSERT INTO runs VALUES ('old-run', '2026-01-01T00:00:00Z', '2026-01-01T00:00:01Z',
 1, 1, 0, 0, 0%s);
PRAGMA user_version=%d;
""" % (DOCUMENTS % columns, runs, LATER[version], doc_values, values, version))
    db.commit()
    db.close()


if __name__ == "__main__":
    main()
