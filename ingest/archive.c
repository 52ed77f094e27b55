/*
 * archive.c: tar and zip archives, read with libarchive.
 *
 * Each regular member is one document, named file:///abs/archive#member.
 * A member whose name is absolute or climbs out with ".." is refused even
 * though we extract nothing: the name ends up in records and, later, in
 * somebody's output folder.
 */
#include <archive.h>
#include <archive_entry.h>
#include <stdlib.h>
#include <string.h>

#include "ingest.h"

#define CHUNK 65536

/* Not absolute, no ".." component; '\\' counts as a separator because
 * zip files made on Windows use it. */
static int
safe_member(const char *name)
{
	const char *p = name;
	size_t n;

	if (*name == '/' || *name == '\\' || *name == '\0')
		return 0;
	while (*p != '\0') {
		n = strcspn(p, "/\\");
		if (n == 2 && p[0] == '.' && p[1] == '.')
			return 0;
		p += n;
		if (*p != '\0')
			p++;
	}
	return 1;
}

/* Only the formats the names promise: less code exposed to the input. */
static int
open_archive(struct archive *a, const char *path)
{
	archive_read_support_filter_gzip(a);
	archive_read_support_filter_zstd(a);
	archive_read_support_format_tar(a);
	archive_read_support_format_gnutar(a);
	archive_read_support_format_zip(a);
	return archive_read_open_filename(a, path, CHUNK) == ARCHIVE_OK ? 0 : -1;
}

/* The member's data into doc, gunzipped when it is gzip.  0, -1 on a read
 * error (archive_error_string), -2 larger than max, -3 corrupt gzip. */
static int
read_member(struct archive *a, struct buf *doc, size_t max)
{
	struct buf raw;
	la_ssize_t got;
	int rc = 0;

	buf_init(&raw);
	do {
		buf_reserve(&raw, CHUNK);
		got = archive_read_data(a, raw.data + raw.len, CHUNK);
		if (got > 0)
			raw.len += (size_t)got;
	} while (got > 0 && raw.len <= max);
	if (got < 0)
		rc = -1;
	else if (raw.len > max)
		rc = -2;
	else if (raw.len >= 2 && (unsigned char)raw.data[0] == 0x1f &&
	    (unsigned char)raw.data[1] == 0x8b)
		rc = gunzip_buf(&raw, doc, max);
	else
		buf_append(doc, raw.data ? raw.data : "", raw.len);
	buf_free(&raw);
	return rc;
}

/* One member; -1 when the archive cannot be read further. */
static int
member_add(struct ingest *in, struct archive *a, struct archive_entry *e,
    const char *path, const char *abspath)
{
	const char *name = archive_entry_pathname(e);
	struct buf item, doc;
	char *uri;
	int rc = 0;

	if (archive_entry_filetype(e) != AE_IFREG)
		return 0;
	buf_init(&item);
	buf_init(&doc);
	buf_printf(&item, "%s#%s", path, name ? name : "(no name)");
	if (name == NULL || !safe_member(name))
		item_failed(in, item.data, "unsafe member name (absolute or "
		    "'..'), skipped");
	else if (archive_entry_size_is_set(e) &&
	    archive_entry_size(e) > (la_int64_t)in->max_size)
		item_failed(in, item.data, "larger than max-size (%zu bytes), "
		    "skipped", in->max_size);
	else if ((rc = read_member(a, &doc, in->max_size)) == -1)
		emit_fetch_error(in, item.data, "damaged archive member",
		    archive_error_string(a));
	else if (rc == -2)
		item_failed(in, item.data, "larger than max-size (%zu bytes), "
		    "skipped", in->max_size);
	else if (rc == -3)
		item_failed(in, item.data, "corrupt gzip data, skipped");
	else {
		if (strncmp(name, "./", 2) == 0)
			name += 2;
		uri = file_uri(abspath, name);
		emit_resource(in, uri, &doc, archive_entry_mtime_is_set(e) ?
		    archive_entry_mtime(e) : 0);
		free(uri);
	}
	buf_free(&item);
	buf_free(&doc);
	return rc == -1 ? -1 : 0;
}

void
archive_add(struct ingest *in, const char *path, const char *abspath)
{
	struct archive *a = archive_read_new();
	struct archive_entry *e;
	int rc;

	if (open_archive(a, path) < 0) {
		emit_fetch_error(in, path, "archive cannot be read",
		    archive_error_string(a));
		archive_read_free(a);
		return;
	}
	while ((rc = archive_read_next_header(a, &e)) == ARCHIVE_OK ||
	    rc == ARCHIVE_WARN)
		if (member_add(in, a, e, path, abspath) < 0)
			break;
	if (rc != ARCHIVE_EOF && rc != ARCHIVE_OK && rc != ARCHIVE_WARN)
		emit_fetch_error(in, path, "damaged archive",
		    archive_error_string(a));
	archive_read_free(a);
}
