/*
 * lock.c: DIR/.lock, so that one run at a time writes an output folder.
 * An exclusive, non-blocking flock: a second run learns at once that the
 * folder is busy, and the lock goes with the last process holding it, so
 * a killed run never leaves a stale lock.  pipeline takes it before any
 * stage starts and hands the descriptor to store, which adopts it.
 */
#include <sys/file.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pith.h"

int
make_dirs(const char *path)
{
	char *p = xstrdup(path), *s = p;
	struct stat st;
	int rc = 0;

	while (rc == 0 && (s = strchr(s + 1, '/')) != NULL) {
		*s = '\0';
		if (mkdir(p, 0755) < 0 && errno != EEXIST)
			rc = -1;
		*s = '/';
	}
	if (rc == 0 && mkdir(p, 0755) < 0 && errno != EEXIST)
		rc = -1;
	if (rc == 0 && stat(p, &st) < 0)
		rc = -1;
	else if (rc == 0 && !S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		rc = -1;
	}
	free(p);
	return rc;
}

/* flock fd without waiting; the message names dir when it is taken. */
static int
hold(int fd, const char *dir, const char *path, char *err, size_t errlen)
{
	if (flock(fd, LOCK_EX | LOCK_NB) == 0)
		return 0;
	if (errno == EWOULDBLOCK) {
		snprintf(err, errlen, "%s: locked by another run", dir);
		return PITH_LOCKED;
	}
	snprintf(err, errlen, "%s: %s", path, strerror(errno));
	return -1;
}

int
dir_lock(const char *dir, char *err, size_t errlen)
{
	struct buf path;
	int fd, rc;

	if (make_dirs(dir) < 0) {
		snprintf(err, errlen, "%s: cannot create folder: %s", dir,
		    strerror(errno));
		return -1;
	}
	buf_init(&path);
	buf_printf(&path, "%s/.lock", dir);
	if ((fd = open(path.data, O_RDWR | O_CREAT | O_CLOEXEC, 0644)) < 0) {
		snprintf(err, errlen, "%s: %s", path.data, strerror(errno));
		rc = -1;
	} else if ((rc = hold(fd, dir, path.data, err, errlen)) < 0)
		close(fd);
	else
		rc = fd;
	buf_free(&path);
	return rc;
}

int
dir_lock_adopt(const char *dir, int fd, char *err, size_t errlen)
{
	struct buf path;
	struct stat a, b;
	int rc;

	buf_init(&path);
	buf_printf(&path, "%s/.lock", dir);
	if (fstat(fd, &a) < 0 || stat(path.data, &b) < 0 ||
	    a.st_dev != b.st_dev || a.st_ino != b.st_ino) {
		snprintf(err, errlen, "lock descriptor %d is not %s", fd,
		    path.data);
		rc = -1;
	} else if ((rc = hold(fd, dir, path.data, err, errlen)) == 0)
		fcntl(fd, F_SETFD, FD_CLOEXEC);
	buf_free(&path);
	return rc;
}
