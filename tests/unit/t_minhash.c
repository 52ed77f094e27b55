/*
 * t_minhash: near-duplicate fingerprints (lib/minhash.c).  A text and the
 * same text with a date line, a share bar and a few words changed are
 * near (similar, sharing an index key); two articles on one topic are
 * not; case and punctuation do not count; CJK characters are words.
 */
#include <stdlib.h>
#include <string.h>

#include "pith.h"
#include "tap.h"

static const char story[] =
    "The harbour reopened on Tuesday after three days of repairs to the "
    "sea wall, the port authority said in a statement. Fishing boats were "
    "the first to leave, followed by the morning ferry, which had been "
    "moored at the inner quay since the storm began on Friday night. "
    "Engineers will inspect the northern breakwater again next week, when "
    "the tides are lower and divers can reach its foundations safely. The "
    "mayor thanked the crews who worked through the weekend and said the "
    "town would hold a small ceremony on the quay once the last repairs "
    "to the lighthouse steps were finished, probably before the end of "
    "the month. Shops along the seafront reopened on Monday.";

static const char story_again[] =
    "Updated 3 December 2026, 10:42\n\n"
    "The harbour reopened on Tuesday after three days of repairs to the "
    "sea wall, the port authority said in a statement. Fishing boats were "
    "the first to leave, followed by the morning ferry, which had been "
    "moored at the inner quay since the storm began on Friday evening. "
    "Engineers will inspect the northern breakwater again next week, when "
    "the tides are lower and divers can reach its foundations safely. The "
    "mayor thanked the crews who worked through the weekend and said the "
    "town would hold a small ceremony on the quay once the last repairs "
    "to the lighthouse steps were finished, probably before the end of "
    "the month. Shops along the seafront reopened on Monday.\n\n"
    "Share on Facebook Share on Twitter Email";

static const char other_story[] =
    "The harbour of the neighbouring town stays closed for another week, "
    "its harbour master said on Tuesday, as the storm damaged two of its "
    "three piers and sank a dredger at its moorings. Boats from there will "
    "use the reopened harbour in the meantime, and the ferry will call "
    "twice a day. Divers found the dredger upright in eight metres of "
    "water; it will be raised once the weather allows, and the piers will "
    "be rebuilt in the spring with money from the regional council.";

static int
share_key(const struct minhash *a, const struct minhash *b)
{
	uint64_t ka[MINHASH_BANDS], kb[MINHASH_BANDS];
	int i;

	minhash_bands(a, ka);
	minhash_bands(b, kb);
	for (i = 0; i < MINHASH_BANDS; i++)
		if (ka[i] == kb[i])
			return 1;
	return 0;
}

int
main(void)
{
	struct minhash a, b, c, d;
	char *shouted = strdup(story), *p;

	ok(minhash_text(story, strlen(story), &a) == 0, "a text: a signature");
	minhash_text(story_again, strlen(story_again), &b);
	minhash_text(other_story, strlen(other_story), &c);
	ok(minhash_similarity(&a, &b) >= 0.6, "near: similarity %.2f >= 0.6",
	    minhash_similarity(&a, &b));
	ok(share_key(&a, &b), "near: an index key shared");
	ok(minhash_similarity(&a, &c) <= 0.2, "same topic, other story: "
	    "similarity %.2f <= 0.2", minhash_similarity(&a, &c));
	ok(!share_key(&a, &c), "same topic, other story: no key shared");
	for (p = shouted; *p; p++)
		*p = *p >= 'a' && *p <= 'z' ? *p - 32 : *p == ',' ? ';' : *p;
	minhash_text(shouted, strlen(shouted), &d);
	ok(minhash_similarity(&a, &d) == 1, "case and punctuation do not count");
	ok(minhash_text("  , ;", 5, &d) < 0, "no word: no signature");
	minhash_text("\xe6\xb8\xaf\xe5\x8f\xa3\xe5\x91\xa8\xe4\xba\x8c\xe9"
	    "\x87\x8d\xe6\x96\xb0\xe5\xbc\x80\xe6\x94\xbe", 24, &c);
	minhash_text("\xe6\xb8\xaf\xe5\x8f\xa3\xe5\x91\xa8\xe4\xb8\x89\xe9"
	    "\x87\x8d\xe6\x96\xb0\xe5\xbc\x80\xe6\x94\xbe", 24, &d);
	ok(minhash_similarity(&c, &d) > 0 && minhash_similarity(&c, &d) < 1,
	    "CJK: each character a word (one changed: %.2f)",
	    minhash_similarity(&c, &d));
	free(shouted);
	return done();
}
