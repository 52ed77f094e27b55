/* fuzz_conf: pipeline.conf parsing on arbitrary bytes. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "pith.h"

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t n)
{
	struct conf *c = conf_new();
	char path[64], err[PITH_ERRLEN];
	int fd = memfd_create("conf", 0);

	if (fd < 0 || write_all(fd, data, n) < 0)
		abort();
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	conf_load(c, path, err, sizeof err);
	close(fd);
	conf_free(c);
	return 0;
}
