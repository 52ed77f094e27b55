/*
 * t_langid: the language of a text (clean/extract/langid.cc over CLD2).
 * A paragraph in each of sixteen languages in eight scripts is told
 * right with a high confidence; a few words, an empty text, digits and a
 * NULL are not told at all; a text past LANGID_MAX_BYTES is read in
 * pieces from start to end; only codes langid_identify may answer are
 * known, in ISO 639-1, not CLD2's old ones, and [clean] languages takes
 * those and no others (conf_language_known, lib/conf.c's list).
 */
#include <stdlib.h>
#include <string.h>

#include "langid.h"
#include "pith.h"		/* conf_language_known */
#include "tap.h"

static const struct {
	const char *code, *text;
} samples[] = {
	{ "en", "The harbour reopened on Tuesday after three days of repairs "
	    "to the sea wall, the port authority said in a statement." },
	{ "de", "Die Bundesregierung hat am Mittwoch beschlossen, die "
	    "Förderung für erneuerbare Energien im kommenden Jahr deutlich "
	    "auszubauen." },
	{ "fr", "Le port a rouvert mardi après trois jours de travaux sur la "
	    "digue, a indiqué l'autorité portuaire dans un communiqué." },
	{ "es", "El puerto volvió a abrir el martes después de tres días de "
	    "reparaciones en el muro, según informó la autoridad portuaria." },
	{ "it", "Il porto è stato riaperto martedì dopo tre giorni di lavori "
	    "di riparazione alla diga, ha detto l'autorità portuale." },
	{ "pt", "O porto reabriu na terça-feira depois de três dias de obras "
	    "no paredão, informou a autoridade portuária num comunicado." },
	{ "nl", "De haven is dinsdag weer opengegaan na drie dagen van "
	    "herstelwerkzaamheden aan de zeewering, meldde het havenbedrijf." },
	{ "pl", "Port został ponownie otwarty we wtorek po trzech dniach "
	    "naprawy falochronu, poinformował zarząd portu w komunikacie." },
	{ "sv", "Hamnen öppnade igen på tisdagen efter tre dagars reparationer "
	    "av vågbrytaren, meddelade hamnmyndigheten i ett uttalande." },
	{ "tr", "Liman, dalgakıran üzerindeki üç günlük onarım çalışmalarının "
	    "ardından salı günü yeniden açıldı, liman idaresi açıklama yaptı." },
	{ "ru", "Порт снова открылся во вторник после трёх дней ремонта "
	    "волнореза, сообщило управление порта в своём заявлении." },
	{ "el", "Το λιμάνι άνοιξε ξανά την Τρίτη μετά από τρεις ημέρες "
	    "επισκευών στον κυματοθραύστη, ανακοίνωσε η λιμενική αρχή." },
	{ "ar", "أعيد فتح الميناء يوم الثلاثاء بعد ثلاثة أيام من أعمال الإصلاح "
	    "في حاجز الأمواج، حسبما ذكرت سلطة الميناء في بيان." },
	{ "he", "הנמל נפתח מחדש ביום שלישי לאחר שלושה ימים של תיקונים בשובר "
	    "הגלים, כך מסרה רשות הנמלים בהודעה לעיתונות." },
	{ "ja", "港は防波堤の修理のため三日間閉鎖されていたが、火曜日に再開したと"
	    "港湾当局が声明で発表した。漁船が最初に出港した。" },
	{ "zh", "港口在防波堤维修三天后于星期二重新开放，港务局在一份声明中表示，"
	    "渔船是第一批离港的船只，随后是早班渡轮。" },
	{ "ko", "항구는 방파제 수리로 사흘 동안 폐쇄된 뒤 화요일에 다시 문을 열었다고 "
	    "항만 당국이 성명에서 밝혔다. 어선들이 가장 먼저 출항했다." },
};

static void
test_languages(void)
{
	struct langid id;
	size_t i;
	int rc;

	for (i = 0; i < sizeof samples / sizeof samples[0]; i++) {
		rc = langid_identify(samples[i].text, strlen(samples[i].text),
		    &id);
		ok(strcmp(id.code, samples[i].code) == 0, "%s: told (as '%s')",
		    samples[i].code, id.code);
		ok(rc == 1 && id.confidence > 0.8 && id.confidence <= 1,
		    "  returns 1, confidence %.2f", id.confidence);
	}
}

static void
test_untold(void)
{
	static const char *untold[] = {
		"", "Hello", "Danke schön", "1234 5678 9012 3456 7890 1234",
		"http://a.example/b/c?d=e&f=g#h",
	};
	struct langid id = { "xx", 0.5 };
	size_t i;

	for (i = 0; i < sizeof untold / sizeof untold[0]; i++) {
		is_int(langid_identify(untold[i], strlen(untold[i]), &id), 0,
		    "not told: '%s'", untold[i]);
		ok(id.code[0] == '\0' && id.confidence == 0,
		    "  no code, no confidence");
	}
	is_int(langid_identify(NULL, 0, &id), 0, "NULL: not told");
}

/* s repeated, a space after each, to at least n bytes; owned. */
static char *
repeat(const char *s, size_t n, size_t *len)
{
	size_t k = strlen(s);
	char *out = malloc(n + k + 2);

	*len = 0;
	while (*len < n) {
		memcpy(out + *len, s, k);
		out[*len + k] = ' ';
		*len += k + 1;
	}
	out[*len] = '\0';
	return out;
}

/* A text longer than LANGID_MAX_BYTES is read in pieces from its start to
 * its end: a page whose first 4 KiB are English and the rest, five times
 * as long, Russian (two bytes a letter, so pieces start and end inside
 * letters) is Russian, told whole. */
static void
test_long(void)
{
	size_t nen, nru;
	char *en = repeat(samples[0].text, LANGID_MAX_BYTES, &nen);
	char *ru = repeat(samples[10].text, 5 * LANGID_MAX_BYTES, &nru);
	char *both = malloc(nen + nru + 1);
	struct langid id;

	memcpy(both, en, nen);
	memcpy(both + nen, ru, nru + 1);
	is_int(langid_identify(ru, nru, &id), 1, "long text: told");
	is_str(id.code, "ru", "long text: Russian");
	is_int(langid_identify(both, nen + nru, &id), 1, "English, then "
	    "five times as much Russian: told");
	is_str(id.code, "ru", "  Russian, not the English of its start");
	ok(id.confidence >= 0.6 && id.confidence <= 0.9,
	    "  the share of Russian read: %.2f", id.confidence);
	free(en);
	free(ru);
	free(both);
}

static void
test_known(void)
{
	static const char *known[] = { "en", "de", "he", "jv", "zh", "sr",
	    "haw", "zu" };
	static const char *unknown[] = { "", "iw", "jw", "zh-Hant", "un",
	    "xxx", "zzb", "xx-Latn", "EN", "english", "81", "qq" };
	size_t i;

	for (i = 0; i < sizeof known / sizeof known[0]; i++)
		is_int(langid_known(known[i]), 1, "known: %s", known[i]);
	for (i = 0; i < sizeof unknown / sizeof unknown[0]; i++)
		is_int(langid_known(unknown[i]), 0, "not known: '%s'",
		    unknown[i]);
}

/* Every code of two and three letters: the settings take it exactly
 * when langid may answer it. */
static void
test_conf_agrees(void)
{
	char c[4] = "";
	long n = 0, differ = 0;
	int a, b, d;

	for (a = 'a'; a <= 'z'; a++)
		for (b = 'a'; b <= 'z'; b++)
			for (d = 'a' - 1; d <= 'z'; d++) {	/* 'a' - 1: none */
				c[0] = (char)a, c[1] = (char)b;
				c[2] = d < 'a' ? '\0' : (char)d;
				n += langid_known(c);
				if (langid_known(c) != conf_language_known(c)) {
					if (differ++ < 5)
						printf("# %s: langid %d, conf %d\n",
						    c, langid_known(c),
						    conf_language_known(c));
				}
			}
	is_int(differ, 0, "conf_language_known agrees with langid_known "
	    "on all %ld codes of 2 and 3 letters", n);
	ok(n > 150, "langid knows %ld languages", n);
}

int
main(void)
{
	test_languages();
	test_untold();
	test_long();
	test_known();
	test_conf_agrees();
	return done();
}
