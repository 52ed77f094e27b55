/*
 * t_text: the plain-text path of clean (text.c).  Dumps written for the
 * test in several languages: article lines kept, menus, related lists,
 * sponsored tiles, comment forms and footers dropped, markup unwrapped,
 * the title taken as metadata.  Then the fixtures in tests/fixtures/text,
 * each NAME.txt against NAME.expected.
 */
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract.h"
#include "text_rules.h"
#include "tap.h"

static struct extract ex;

/* Clean text with the balanced preset; the result stays in ex. */
static const char *
run(const char *text)
{
	struct extract_opts o = { .preset = PRESET_BALANCED };
	char err[PITH_ERRLEN];

	extract_free(&ex);
	extract_init(&ex);
	if (text_extract(text, strlen(text), &o, &ex, err, sizeof err) != 0)
		return "(failed)";
	return ex.text.data ? ex.text.data : "";
}

static int
has(const char *out, const char *s)
{
	return strstr(out, s) != NULL;
}

/* Paragraphs long enough and wordy enough to be prose in any preset. */
#define P1 "The harbour reopened on Tuesday morning after three days of " \
	"repairs to the sea wall, which had been damaged when the storm surge " \
	"broke over the northern pier, the port authority said on Monday."
#define P2 "Fishing boats were the first to leave, followed by the morning " \
	"ferry, which had been moored at the inner quay since the storm began " \
	"and which carried more than two hundred passengers from the town."
#define P3 "Engineers will inspect the northern breakwater again next week, " \
	"when the tides are lower and divers can reach its foundations, and " \
	"they said that the repairs so far were only temporary ones."
#define P4 "Local traders said they were relieved that the harbour was open " \
	"again, but many of them lost a week of business and some are worried " \
	"that they will not be able to pay their bills this year."

static void
test_english(void)
{
	const char *out = run(
	    "Harbour reopens after storm | Coastal Times\n\n"
	    "Home\n\nNews\n\nSport\n\nWeather\n\nSign in\n\n"
	    "Harbour reopens after storm\n\n"
	    P1 "\n\n" P2 "\n\n"
	    "Read also: Council approves new flood barriers\n\n"
	    P3 "\n\n"
	    "What happens next\n\n"
	    P4 "\n\n"
	    "Sponsored\n\nGarden hose 25 m\n\n$19.99\n\nRain boots\n\n$34.50\n\n"
	    "Related posts\n\nFerry timetable changes for the summer\n\n"
	    "Five walks along the coast this spring\n\n"
	    "Posted in News | Tagged harbour, storm\n\n"
	    "Leave a reply\n\nYou must be logged in to post a comment.\n\n"
	    "Copyright 2024 Coastal Times. All rights reserved.\n");

	ok(has(out, P1) && has(out, P2), "en: first paragraphs kept");
	ok(has(out, P3), "en: paragraph after an inline 'Read also' kept");
	ok(has(out, P4), "en: paragraph after a subheading kept");
	ok(has(out, "\n\nWhat happens next\n\n"),
	    "en: subheading between paragraphs kept as a block");
	ok(!has(out, "Read also"), "en: 'Read also' line dropped");
	ok(!has(out, "Sign in") && !has(out, "Weather"), "en: menu dropped");
	ok(!has(out, "$19.99") && !has(out, "Garden hose"),
	    "en: sponsored tiles with prices dropped");
	ok(!has(out, "Ferry timetable"), "en: related posts dropped");
	ok(!has(out, "Posted in"), "en: category and tag footer dropped");
	ok(!has(out, "Leave a reply") && !has(out, "logged in"),
	    "en: comment form dropped");
	ok(!has(out, "rights reserved"), "en: copyright dropped");
	is_str(ex.meta.title, "Harbour reopens after storm | Coastal Times",
	    "en: first line is the title");
	ok(!has(out, "Harbour reopens"), "en: title and headline not in body");
	ok(strncmp(out, P1, strlen(P1)) == 0, "en: body starts with the article");
	ok(strlen(out) > 0 && out[strlen(out) - 1] == '.',
	    "en: no trailing blank line");
}

static void
test_german(void)
{
	const char *p1 = "Nach drei Jahren Bauzeit ist die neue Brücke über den "
	    "Fluss am Samstag für den Verkehr freigegeben worden, und die "
	    "Bürgermeisterin sagte, dass die Stadt nun eine zweite Verbindung habe.";
	const char *p2 = "Die Kosten für den Bau lagen nach Angaben der Stadt "
	    "bei rund vierzig Millionen Euro und damit etwas höher als geplant, "
	    "denn ein Teil des Geldes kam erst spät vom Land.";
	char doc[2048];
	const char *out;

	snprintf(doc, sizeof doc, "Neue Brücke eröffnet - Stadtanzeiger\n\n"
	    "Startseite\n\nPolitik\n\nWirtschaft\n\nAnmelden\n\n%s\n\n"
	    "Anzeige\n\n%s\n\nÄhnliche Artikel\n\nStadtrat beschließt Haushalt\n\n"
	    "Kommentar schreiben\n\nAlle Rechte vorbehalten\n", p1, p2);
	out = run(doc);
	ok(has(out, p1) && has(out, p2), "de: both paragraphs kept across 'Anzeige'");
	ok(!has(out, "Anzeige") && !has(out, "Startseite"), "de: ad label and menu dropped");
	ok(!has(out, "Stadtrat") && !has(out, "Kommentar"),
	    "de: related articles and comment form dropped");
	is_str(ex.meta.title, "Neue Brücke eröffnet - Stadtanzeiger", "de: title");
}

static void
test_spanish(void)
{
	const char *p1 = "Cuando llegan los primeros días de sol, es el momento "
	    "de preparar la tierra del huerto para las nuevas plantas, y lo "
	    "primero que hay que hacer es quitar las malas hierbas del suelo.";
	const char *p2 = "Después conviene añadir una capa de compost que aporta "
	    "materia orgánica y ayuda a que la tierra retenga el agua, y si el "
	    "suelo es muy arcilloso se puede mezclar con un poco de arena.";
	char doc[2048];
	const char *out;

	snprintf(doc, sizeof doc, "Preparar el huerto | Revista Verde\n\n"
	    "Inicio\n\nJardín\n\nTienda\n\n%s\n\n%s\n\nProductos recomendados\n\n"
	    "Horca de jardín\n\n24,99 €\n\nCompost ecológico\n\n9,95 €\n\n"
	    "Noticias relacionadas\n\nCómo hacer compost en casa\n\n"
	    "Deja un comentario\n", p1, p2);
	out = run(doc);
	ok(has(out, p1) && has(out, p2), "es: paragraphs kept");
	ok(!has(out, "24,99") && !has(out, "Horca"), "es: product tiles dropped");
	ok(!has(out, "Cómo hacer") && !has(out, "Deja un"),
	    "es: related news and comment form dropped");
}

static void
test_russian(void)
{
	const char *p1 = "В субботу в центре города открылась новая библиотека, "
	    "которую строили почти два года, и на открытие пришли сотни жителей, "
	    "а первые читатели получили билеты уже в первый час работы.";
	const char *p2 = "Библиотека будет работать каждый день, кроме "
	    "понедельника, а в выходные дни здесь планируют проводить встречи с "
	    "писателями и занятия для детей, которые уже ждут многие семьи.";
	char doc[2048];
	const char *out;

	snprintf(doc, sizeof doc, "Открылась новая библиотека — Новости\n\n"
	    "Главная\n\nНовости\n\nКультура\n\nВойти\n\n%s\n\n"
	    "Читайте также: В парке появятся новые скамейки\n\n%s\n\n"
	    "Похожие статьи\n\nВ парке появятся новые скамейки\n\n"
	    "Комментарии\n\nВсе права защищены\n", p1, p2);
	out = run(doc);
	ok(has(out, p1), "ru: first paragraph kept");
	ok(has(out, p2), "ru: paragraph after 'Читайте также' kept");
	ok(!has(out, "Читайте") && !has(out, "скамейки"),
	    "ru: inline link and related list dropped");
	ok(!has(out, "Главная") && !has(out, "права"), "ru: menu and footer dropped");
}

static void
test_japanese(void)
{
	const char *p1 = "市の中心部に新しい図書館が土曜日に開館し、朝から多くの"
	    "市民が訪れました。図書館は古い映画館の跡地に建てられ、広い閲覧室と"
	    "子ども向けのコーナーがあります。";
	const char *p2 = "館長によると、開館の時点で五万冊以上の本がそろっており、"
	    "今後も毎年新しい本を増やしていく予定です。週末には作家を招いた講演会"
	    "も開かれます。";
	char doc[2048];
	const char *out;

	snprintf(doc, sizeof doc, "図書館が開館 | まちのニュース\n\nホーム\n\n"
	    "ニュース\n\nスポーツ\n\nログイン\n\n%s\n\n%s\n\n関連記事\n\n"
	    "公園に新しいベンチが設置されました\n\nコメント\n", p1, p2);
	out = run(doc);
	ok(has(out, p1) && has(out, p2), "ja: paragraphs kept (CJK counted by characters)");
	ok(!has(out, "ホーム") && !has(out, "ログイン"), "ja: menu dropped");
	ok(!has(out, "ベンチ") && !has(out, "コメント"),
	    "ja: related articles and comments dropped");
	is_str(ex.meta.title, "図書館が開館 | まちのニュース", "ja: title");
}

/* Japanese headlines are as dense with particles as prose, but prose
 * ends its clauses with 、 and its sentences with 。: a list of headlines
 * after the article does not join it. */
static void
test_japanese_headlines(void)
{
	const char *out = run(
	    "古いノートパソコンを軽くする方法 | 道具箱ブログ\n\n"
	    "ホーム パソコン スマホ 家電 お問い合わせ\n\n"
	    "五年前に買ったノートパソコンの動きが遅くなってきたので、買い替える前にできることを試してみました。結論から言うと、いくつかの設定を見直すだけで、起動の時間は半分ほどになりました。\n\n"
	    "まずは起動のときに立ち上がるアプリを整理しました。使っていないアプリが十個以上も登録されていて、それぞれが裏で動き続けていたのが遅さの原因の一つだったようです。\n\n"
	    "次に、ハードディスクをSSDに交換しました。部品代は五千円ほどで、作業も三十分ほどで終わりました。交換の手順は思っていたよりも簡単で、ねじを四本外すだけでした。\n\n"
	    "新着記事\n\n"
	    "ワイヤレスイヤホンを一か月使ってわかった良いところと気になるところのまとめ\n\n"
	    "スマホの画面のひび割れを自分で直してみたときの手順と必要な道具について\n\n"
	    "古いプリンターを最新のパソコンにつなぐためのドライバーの探し方と設定の仕方\n\n"
	    "キーボードの掃除を月に一度するだけで打ちやすさが変わるという話とその方法\n\n"
	    "在宅勤務のための机といすを選ぶときに気をつけたい三つのポイントと実際の感想\n\n"
	    "充電器を一つにまとめたら机の上がすっきりしたので使っているものを紹介します\n"
	    );

	ok(has(out, "五年前に買ったノートパソコン") &&
	    has(out, "ねじを四本外すだけでした。"),
	    "ja headlines: the article kept");
	ok(!has(out, "ワイヤレスイヤホン") && !has(out, "充電器"),
	    "ja headlines: the list of new posts after it dropped");
}

/* Chinese news prose names people and places more than it uses function
 * characters; its commas and full stops show it is prose.  Some blogs end
 * clauses with a space instead, and a menu of short words separated by
 * spaces is still no prose. */
static void
test_chinese(void)
{
	const char *p1 = "1月20日，市图书馆联合多家社区文化中心举办“书香迎新春”"
	    "主题活动，吸引近千名市民参加。现场设置阅读分享、手工剪纸、书法体验"
	    "等环节，不少家长带着孩子一起参与。";
	const char *p2 = "主办方负责人介绍，今后每月举办一次类似活动，并邀请本地"
	    "作家、画家走进社区，让更多市民在家门口享受阅读乐趣。";
	const char *p3 = "今年冬天第一波寒流來襲 山上的楓葉一夜之間全紅了 我們一早"
	    "就出發上山 沿著蜿蜒的產業道路慢慢開 到達營地時霧氣還沒散去 整片山谷"
	    "像是被染上了顏色";
	char doc[4096];
	const char *out;

	snprintf(doc, sizeof doc, "书香迎新春 - 城市新闻网\n\n"
	    "首页 新闻 体育 娱乐 财经 科技 汽车 房产 旅游 美食 健康 教育 文化 "
	    "军事 历史 论坛\n\n当前位置：首页 > 文化\n\n%s\n\n%s\n\n"
	    "相关新闻\n\n版权所有 城市新闻网\n", p1, p2);
	out = run(doc);
	ok(has(out, p1) && has(out, p2),
	    "zh: news paragraphs kept (commas and full stops mark prose)");
	ok(!has(out, "首页") && !has(out, "版权"), "zh: menu line and footer dropped");
	snprintf(doc, sizeof doc, "楓紅露營記\n\n首頁 相簿 部落格 留言板 "
	    "好友 關於我 登入 註冊 搜尋 訂閱 分享 標籤 彙整\n\n%s\n\n"
	    "上一篇 下一篇\n", p3);
	out = run(doc);
	ok(has(out, p3), "zh: clauses ended by spaces are prose");
	ok(!has(out, "相簿"), "zh: a menu of words between spaces is not");
	out = run("楓紅山居記 - 旅行筆記\n\n首頁 相簿 部落格 留言板 好友 關於我 "
	    "登入 註冊\n\n"
	    "這個週末為了看楓葉特地開車上山 沿途風景讓同行朋友們讚嘆連連\n\n"
	    "山上營區這幾年變化很大 原本簡單木屋現在多了幾個咖啡座位\n\n"
	    "老闆說為了保護環境 他們將遊客人數限制在兩百個以內\n\n"
	    "對於喜歡攝影朋友來說 清晨霧氣散去那一刻最值得等待\n\n"
	    "離開之前我們與老闆約好 明年秋天還要再來這裡住幾晚\n\n"
	    "上一篇 下一篇\n\n熱門文章 露營裝備清單 溫泉旅館推薦\n");
	ok(has(out, "這個週末為了看楓葉") && has(out, "明年秋天還要再來"),
	    "zh: traditional characters' function characters count (這, 個, 們)");
	ok(!has(out, "熱門文章") && !has(out, "相簿"),
	    "zh: and their menus still do not");
}

/* s (UTF-8) written in charset cs, then its bytes read one a character
 * as windows-1252 (cp1252 set) or Latin-1, as a tool that ignored the
 * page's charset would: the result is static. */
static const char *
misread(const char *s, const char *cs, int cp1252)
{
	static char out[8192];
	char bytes[4096], *in = (char *)s, *o = bytes, one[1], *po, *pi, u[8];
	size_t inleft = strlen(s), outleft = sizeof bytes, i, n, ul;
	iconv_t cd = iconv_open(cs, "UTF-8");
	struct buf b;

	iconv(cd, &in, &inleft, &o, &outleft);
	iconv_close(cd);
	n = (size_t)(o - bytes);
	buf_init(&b);
	for (i = 0; i < n; i++) {
		one[0] = bytes[i], pi = one, inleft = 1;
		po = u, ul = sizeof u;
		cd = iconv_open("UTF-8", cp1252 ? "WINDOWS-1252" : "ISO-8859-1");
		if (iconv(cd, &pi, &inleft, &po, &ul) == (size_t)-1)
			utf8_put(&b, (unsigned char)bytes[i]);	/* unassigned */
		else
			buf_append(&b, u, sizeof u - ul);
		iconv_close(cd);
	}
	snprintf(out, sizeof out, "%.*s", (int)b.len, b.data);
	buf_free(&b);
	return out;
}

/* Text whose bytes a tool read as Latin-1 or windows-1252 is decoded
 * again when it was CJK; European text that merely has accents is not. */
static void
test_mojibake(void)
{
	const char *p1 = "市图书馆今天宣布，从下个月起延长周末开放时间，"
	    "并在儿童阅览区增加两百个座位。馆长表示，这是根据读者的意见"
	    "作出的调整，希望更多家庭能在假日来图书馆看书。";
	const char *p2 = "据了解，图书馆去年接待读者超过八十万人次，借阅图书"
	    "一百二十多万册，其中儿童图书的借阅量增长最快。";
	const char *ja = "駅前の商店街で毎年恒例の夏祭りが開かれ、"
	    "多くの家族連れでにぎわいました。夜には花火も上がりました。";
	const char *ko = "시립 도서관은 다음 달부터 주말 개방 시간을 늘리고 "
	    "어린이 열람실에 좌석을 더 마련하기로 했다고 밝혔다.";
	const char *tw = "今年冬天第一波寒流來襲，山上的楓葉一夜之間全紅了，"
	    "我們一早就出發上山，沿著蜿蜒的產業道路慢慢開到營地。";
	const char *fr = "L'été dernier, la bibliothèque a accueilli des "
	    "élèves âgés de huit à douze ans : ça a été très apprécié.";
	char doc[4096];
	struct buf b;
	const char *out;

	snprintf(doc, sizeof doc, "首页 新闻 体育 娱乐 财经\n\n%s\n\n%s\n\n"
	    "版权所有 城市新闻网\n", p1, p2);
	out = run(misread(doc, "GB2312", 0));
	ok(has(out, p1) && has(out, p2),
	    "mojibake: GB2312 read as Latin-1 is decoded again, its prose kept");
	ok(!has(out, "版权"), "mojibake: and its footer dropped");
	out = run(misread(doc, "GB2312", 1));
	ok(has(out, p1), "mojibake: GB2312 read as windows-1252 too");
	out = run(misread(doc, "UTF-8", 1));
	ok(has(out, p1), "mojibake: UTF-8 read as windows-1252 too");
	buf_init(&b);
	ok(cjk_unmojibake(misread(ja, "SHIFT_JIS", 1), strlen(misread(ja,
	    "SHIFT_JIS", 1)), &b) && b.len == strlen(ja) &&
	    memcmp(b.data, ja, b.len) == 0, "mojibake: Shift_JIS decoded again");
	ok(cjk_unmojibake(misread(ko, "EUC-KR", 0), strlen(misread(ko,
	    "EUC-KR", 0)), &b) && b.len == strlen(ko) &&
	    memcmp(b.data, ko, b.len) == 0, "mojibake: EUC-KR decoded again");
	ok(cjk_unmojibake(misread(tw, "BIG5", 0), strlen(misread(tw,
	    "BIG5", 0)), &b) && b.len == strlen(tw) &&
	    memcmp(b.data, tw, b.len) == 0, "mojibake: Big5 decoded again");
	ok(!cjk_unmojibake(fr, strlen(fr), &b),
	    "mojibake: French with accents is left alone");
	ok(!cjk_unmojibake(p1, strlen(p1), &b),
	    "mojibake: CJK text in UTF-8 is left alone");
	snprintf(doc, sizeof doc, "%s %s", misread(p2, "GB2312", 0), p1);
	ok(!cjk_unmojibake(doc, strlen(doc), &b),
	    "mojibake: nor text that mixes it with real CJK");
	buf_free(&b);
}

/* Chinese, Japanese and Korean markers of the article's end: a list of
 * the most read stories, a count of comments above them. */
static void
test_cjk_markers(void)
{
	const struct phrase *p;
	const char *out = run(
	    "老城区改造进展 - 城市日报\n\n"
	    "首页 新闻 社会 财经 评论\n\n"
	    "老城区改造工程今年春天正式启动，首批十二条街巷已经完成管线更换和路面修复，居民们普遍表示出行比以前方便了许多。\n\n"
	    "负责工程的街道办事处介绍，改造过程中尽量保留了原有的青砖墙面和老树，并且在每条街巷的入口处增加了介绍历史的小牌子，希望让年轻人也了解这里的过去。\n\n"
	    "据了解，剩下的街巷将在明年年底前全部完成改造，届时老城区还将开放一条步行游览线路。\n\n"
	    "阅读排行榜\n\n"
	    "1. 市民反映公交线路调整以后，换乘的时间明显变长了，他们希望有关部门能够尽快改进，把等车的时间缩短一些\n\n"
	    "2. 暑假期间多家博物馆延长了开放时间，并且推出了面向中小学生的免费讲解，不少家长说这是一个很好的安排\n\n"
	    "已有3件评论\n\n"
	    "小王说：我就住在附近，改造以后确实好多了，晚上出来散步也不用担心路不平了，希望以后也能一直保持下去。\n\n"
	    "老李说：街口的那棵老槐树还在，这是我最高兴的事情，小时候我们都在树下乘凉，现在孙子也在这里玩。\n"
	    );

	ok(has(out, "老城区改造工程今年春天") && has(out, "剩下的街巷将在"),
	    "zh markers: the article kept");
	ok(!has(out, "公交线路") && !has(out, "阅读排行榜"),
	    "zh markers: the most read list after it dropped");
	ok(!has(out, "老槐树") && !has(out, "件评论"),
	    "zh markers: comments under 'N件评论' dropped");
	p = phrase_find("12条评论", strlen("12条评论"));
	ok(p != NULL && p->kind == PK_COMMENTS, "'12条评论' is a comment marker");
	p = phrase_find("関連ニュース", strlen("関連ニュース"));
	ok(p != NULL && p->kind == PK_TAIL, "'関連ニュース' starts the tail");
	p = phrase_find("관련기사", strlen("관련기사"));
	ok(p != NULL && p->kind == PK_TAIL, "'관련기사' starts the tail");
	ok(phrase_find("他在微博上发表了一条评论。", strlen("他在微博上发表了"
	    "一条评论。")) == NULL, "a sentence about a comment is none");
	ok(phrase_find("网友评论称这一做法值得推广", strlen("网友评论称这一做法"
	    "值得推广")) == NULL, "nor one that starts with 'readers commented'");
}

/* A specification list between paragraphs, announced by prose ending in
 * a colon: its short lines lack stopwords, but the paragraphs before it
 * are the article's start. */
static void
test_inner_list(void)
{
	const char *lead = "The new expansion board plugs into the camera "
	    "connector of the small computer and adds six ports on the side "
	    "of the case, which is what the makers say most of their users "
	    "have been asking for since the last model came out in spring.";
	const char *intro = "The board has a few extra parts that are worth "
	    "knowing about before you order one, and they are these:";
	const char *after = "Putting it together takes a few minutes, since "
	    "the board sits on four short posts and one flat cable goes from "
	    "the connector to the computer, and the makers ship the posts, "
	    "the screws and the cable in the box with the board itself.";
	char doc[4096];
	const char *out;

	snprintf(doc, sizeof doc, "Board review | Gadget site\n\nHome\n\n"
	    "News\n\nReviews\n\n%s\n\n%s\n\nChipset one from a small maker\n\n"
	    "Hub chip with seven ports\n\nFour fast ports and two slow ones\n\n"
	    "Flat cable of 37 mm\n\nPower input 9 to 18 V\n\nPower button on "
	    "the bottom\n\nSize 107 by 85 mm\n\nWeight 60 g with posts\n\n"
	    "Screws and posts in the box\n\nTwo status lights\n\n"
	    "Works with the newest model only\n\nFan header with four pins\n\n"
	    "Real-time clock with a battery\n\nTwo extra serial ports\n\n"
	    "One small speaker on board\n\nMounting holes at the corners\n\n"
	    "Made in a small factory\n\n%s\n\n%s\n\n"
	    "Related posts:\n\nAnother board for the same computer\n\n"
	    "Privacy policy\n", lead, intro, P1, after);
	out = run(doc);
	ok(has(out, lead) && has(out, intro),
	    "inner list: the paragraphs before a list prose announces are kept");
	ok(has(out, "Size 107 by 85 mm") && has(out, after),
	    "inner list: its items and the paragraphs after it are kept");
	ok(!has(out, "Another board") && !has(out, "Reviews"),
	    "inner list: menu and related posts still dropped");
}

/* A comment marker ends the article only once an article's worth of good
 * text came before it: after a reprint notice and a "Comments" link, the
 * story must not count as comments. */
static void
test_notice_before_comments(void)
{
	const char *notice = "This copy is for your personal use only. To "
	    "order copies for distribution to your colleagues or clients, use "
	    "the order tool at the bottom of any article or visit our reprints "
	    "page for more information.";
	char doc[4096];
	const char *out;

	snprintf(doc, sizeof doc, "Harbour reopens | Coast News\n\nHome\n\n"
	    "News\n\nSport\n\n%s\n\nShare\n\nComments\n\nClose\n\n"
	    "%s\n\n%s\n\n%s\n\n%s\n\nPrivacy policy\n", notice, P1, P2,
	    P3, P4);
	out = run(doc);
	ok(has(out, P1) && has(out, P4),
	    "notice: the story after a notice and a comments link is kept");
	ok(!has(out, "Sport") && !has(out, "Privacy"),
	    "notice: menu and footer still dropped");
}

/* A tutorial's code between its paragraphs lacks stopwords; it must not
 * cut off the paragraph after it.  "[Source]" tags are no code. */
static void
test_code(void)
{
	const char *intro = "Many developers think that a crash in their code "
	    "is the worst thing that can happen, but a slow leak of bad data is "
	    "worse, because nobody notices it until the reports are wrong and "
	    "the customers start to call the support line about it.";
	const char *mid = "The loop first works out how far each value lies from "
	    "the average of the series, and then it keeps every value that lies "
	    "further away than the spread allows, so that the odd ones can be "
	    "looked at by hand later on.";
	char doc[4096];
	const char *out;

	snprintf(doc, sizeof doc, "Finding odd values | Dev notes\n\nHome\n\n"
	    "Archive\n\n[Source]\n\n%s\n\nfor (i = 0; i < n; i++) {\n\n"
	    "z = (v[i] - mean) / sd;\n\nif (z > 1 || z < -1) {\n\n"
	    "odd[k++] = v[i];\n\n}\n\n}\n\nqsort(odd, k, sizeof(odd[0]), "
	    "cmp);\n\nprintf(\"%%d: %%g\\n\", k, odd[0]);\n\nfree(odd);\n\n"
	    "odd = NULL;\n\nk = 0;\n\nreturn (k > 0);\n\n"
	    "%s\n\nSubscribe\n\nPrivacy policy\n", intro, mid);
	out = run(doc);
	ok(has(out, intro) && has(out, mid),
	    "code: the paragraphs before and after a code block are kept");
	ok(has(out, "qsort(odd, k, sizeof(odd[0]), cmp);"), "code: the code is kept");
	ok(!has(out, "[Source]") && !has(out, "Subscribe"),
	    "code: tags, menu and footer dropped");
}

/* A table's rows written alike (tour dates) between paragraphs are part
 * of the article, even without a colon announcing them. */
static void
test_rows(void)
{
	const char *before = "The band will play thirty dates next summer, its "
	    "first tour in ten years, and the singer said that the new songs "
	    "would be played alongside the old ones that the fans have been "
	    "asking to hear again since the last record came out.";
	const char *after = "Tickets go on sale to the general public on Friday "
	    "morning, and members of the fan club will be able to buy them two "
	    "days earlier, the promoter said in a statement on its website, "
	    "where the prices of the seats were also given.";
	char doc[4096];
	const char *out;

	snprintf(doc, sizeof doc, "Band announces tour | Music News\n\nHome\n\n"
	    "Music\n\nVideo\n\n%s\n\nThe tour dates\n\n"
	    "June 9 – West Palm Beach, FL @ Coral Sky Amphitheatre\n\n"
	    "June 10 – Tampa, FL @ Credit Union Amphitheatre\n\n"
	    "June 14 – Alpharetta, GA @ Bank Amphitheatre\n\n"
	    "June 17 – Nashville, TN @ Bridgestone Arena\n\n"
	    "June 19 – Charlotte, NC @ Music Pavilion\n\n"
	    "June 20 – Raleigh, NC @ Music Park at Walnut Creek\n\n"
	    "June 23 – Virginia Beach, VA @ Home Loans Amphitheater\n\n"
	    "June 24 – Bristow, VA @ Jiffy Lube Live\n\n"
	    "June 26 – Holmdel, NJ @ Arts Center\n\n%s\n\nShare\n\n"
	    "Privacy policy\n", before, after);
	out = run(doc);
	ok(has(out, before) && has(out, after),
	    "rows: the paragraphs on both sides of a table are kept");
	ok(has(out, "June 17 – Nashville, TN @ Bridgestone Arena"),
	    "rows: the table's rows are kept");
	ok(!has(out, "Video") && !has(out, "Privacy"),
	    "rows: menu and footer dropped");
}

/* The lead set apart from the body by a byline, a photo credit and share
 * buttons is the article's start. */
static void
test_lead(void)
{
	const char *lead = "The city council voted on Tuesday night to close "
	    "the old swimming pool at the end of the summer, after engineers "
	    "found that the roof over the main hall could no longer be repaired "
	    "and would have to come down before the winter storms.";
	char doc[4096];
	const char *out;

	snprintf(doc, sizeof doc, "Pool to close | Town News\n\nHome\n\n"
	    "News\n\nSport\n\n%s\n\nBy Jane Smith\n\nPublished 12 May\n\n"
	    "Updated 13 May\n\nPhoto: Town Council\n\nThe old pool in 1975\n\n"
	    "Share\n\nTweet\n\nEmail\n\nPrint\n\nFacebook\n\nWhatsApp\n\n"
	    "LinkedIn\n\nReddit\n\nCopy link\n\nSave for later\n\nListen to "
	    "this article\n\nFive minute read\n\nText size\n\n%s\n\n%s\n\n%s\n\n"
	    "Comments\n\nPrivacy policy\n", lead, P1, P2, P3);
	out = run(doc);
	ok(has(out, lead), "lead: the lead before the byline and share run is kept");
	ok(has(out, P1) && has(out, P3), "lead: the body is kept");
	ok(!has(out, "Jane Smith") && !has(out, "Tweet") && !has(out, "Sport"),
	    "lead: byline, share buttons and menu dropped");
}

/* More paragraphs, for articles long enough to have a tail. */
#define P5 "The town's mayor told reporters that the council would ask the " \
	"government for help with the cost of the repairs, which could come " \
	"to several million pounds if the whole of the wall has to be rebuilt."
#define P6 "Older residents said they could not remember a storm like it, " \
	"and several of them described how the water had come over the road " \
	"and into their gardens before the lifeboat crew arrived to help them."
#define P7 "The lifeboat station, which stands at the end of the southern " \
	"pier, was not damaged, and its crew were out for most of the night " \
	"helping people whose houses had been flooded by the sea and the rain."
#define P8 "Insurance companies have sent assessors to the town, and the " \
	"council has opened a hall where people who lost their homes can stay " \
	"until the water has gone and their houses have been dried out again."

/* A comment thread is records under heads with a name, a date and a
 * clock time; after a long article, the first head ends it. */
static void
test_comment_heads(void)
{
	const char *last = "The port authority said that it would publish "
	    "a report on the storm and on the state of the harbour before the "
	    "end of the year, and that the report would be discussed at a "
	    "public meeting in the town hall.";
	char doc[8192];
	const char *out;

	snprintf(doc, sizeof doc, "Harbour reopens | Coastal Times\n\n"
	    "%s\n\n%s\n\n%s\n\n%s\n\n%s\n\n%s\n\n%s\n\n%s\n\n%s\n\n"
	    "Jen October 23, 2012 at 5:45 pm\n\n"
	    "I was there on the day and I think that the council should have "
	    "acted years ago, because everyone in the town knew that the wall "
	    "was not strong enough to stand up to a storm of that size.\n\n"
	    "Mark Hill October 23, 2012 at 7:07 pm\n\n"
	    "My grandmother lived on the harbour road for fifty years and she "
	    "always said that the sea would come in one day, and now it has, so "
	    "I hope that they will listen to the people who live there.\n\n"
	    "Anna October 24, 2012 at 8:16 am\n\n"
	    "Thank you for this report, which is the first one that I have read "
	    "that talks to the people who were in the town when it happened and "
	    "not only to the council and the insurance companies.\n",
	    P1, P2, P3, P4, P5, P6, P7, P8, last);
	out = run(doc);
	ok(has(out, P1) && has(out, last),
	    "comment heads: the article is kept");
	ok(!has(out, "Jen October") && !has(out, "grandmother") &&
	    !has(out, "Thank you for this report"),
	    "comment heads: the thread after the article is dropped");

	/* A live blog's times alone are no comment heads. */
	snprintf(doc, sizeof doc, "Storm live | Coastal Times\n\n"
	    "%s\n\n%s\n\n%s\n\n%s\n\n%s\n\n%s\n\n9:45am\n\n%s\n\n"
	    "9:30am\n\n%s\n\n9:15am\n\n%s\n\n9:00am\n\n%s\n",
	    P1, P2, P3, P4, P5, P6, P7, P8, P1 " Again.", P2 " Again.");
	out = run(doc);
	ok(has(out, P8) && has(out, P2 " Again."),
	    "comment heads: a live blog's updates are kept");
}

/* A video player's residue inside the article: a clip's title with its
 * duration, the player's clock. */
static void
test_clock_lines(void)
{
	const char *out = run("Harbour reopens | Coastal Times\n\n"
	    P1 "\n\nStorm surge hits the northern pier 01:55\n\n"
	    "Current Time 0:00\n\n" P2 "\n\n" P3 "\n\n"
	    "The harbour at 6:30\n\n" P4 "\n\n"
	    "the pier was closed until 9:30\n\n" P5 "\n");

	ok(has(out, P1) && has(out, P2) && has(out, P5),
	    "clock lines: the article is kept");
	ok(!has(out, "01:55") && !has(out, "Current Time"),
	    "clock lines: a clip's duration and the player's clock dropped");
	ok(has(out, "the pier was closed until 9:30"),
	    "clock lines: a sentence's end on a line of its own kept");
}

/* Relative times ("2 hours ago") are what teasers and comments carry, in
 * every language; an article's own short lines around them stay. */
static void
test_time_ago(void)
{
	const char *de1 = "Nach drei Jahren Bauzeit ist die neue Brücke über "
	    "den Fluss am Samstag für den Verkehr freigegeben worden, und die "
	    "Bürgermeisterin sagte, dass die Stadt nun eine zweite Verbindung "
	    "habe.";
	const char *de2 = "Die Kosten für den Bau lagen nach Angaben der Stadt "
	    "bei rund vierzig Millionen Euro und damit etwas höher als geplant, "
	    "denn ein Teil des Geldes kam erst spät vom Land.";
	char doc[2048];
	const char *out;

	out = run("Harbour reopens | Coastal Times\n\n" P1 "\n\n"
	    "3 hours ago\n\n" P2 "\n\nThe northern pier\n\n" P3 "\n\n"
	    "14H ago\n\n" P4 "\n");
	ok(has(out, P1) && has(out, P4) && has(out, "The northern pier"),
	    "ago en: article and its subheading kept");
	ok(!has(out, "hours ago") && !has(out, "14H"),
	    "ago en: relative times dropped");
	snprintf(doc, sizeof doc, "Neue Brücke - Stadtanzeiger\n\n%s\n\n"
	    "vor 3 Stunden\n\n%s\n\nil y a 5 minutes\n\n%s\n\n"
	    "hace 2 horas\n\n%s\n", de1, de2, de1, de2);
	out = run(doc);
	ok(has(out, de2), "ago de, fr, es: article kept");
	ok(!has(out, "vor 3") && !has(out, "il y a") && !has(out, "hace 2"),
	    "ago de, fr, es: relative times dropped");
}

/* A list of teasers after the article, each under its date: the first
 * date ends the article, in any language of the date table. */
static void
test_dated_teasers(void)
{
	const char *last = "The port authority said that it would publish "
	    "a report on the storm and on the state of the harbour before the "
	    "end of the year, and that the report would be discussed at a "
	    "public meeting in the town hall.";
	const char *dates[][3] = {
		{ "Wednesday November 20, 2019", "Tuesday November 19, 2019",
		    "Monday November 18, 2019" },
		{ "Mittwoch, 20. November 2019", "Dienstag, 19. November 2019",
		    "Montag, 18. November 2019" },
		{ "20 de noviembre de 2019", "19 de noviembre de 2019",
		    "18 de noviembre de 2019" },
	};
	char doc[8192];
	const char *out;
	size_t i;

	for (i = 0; i < sizeof dates / sizeof dates[0]; i++) {
		snprintf(doc, sizeof doc, "Harbour reopens | Coastal Times\n\n"
		    "%s\n\n%s\n\n%s\n\n%s\n\n%s\n\n%s\n\n%s\n\n%s\n\n"
		    "%s\n\nFerry fares to rise\n\nJohn Smith\n\n%s\n\n"
		    "The ferry company said that the fares on all of its routes "
		    "would go up in the spring, because the cost of fuel and of "
		    "the crews has risen so much over the last two years.\n\n"
		    "New school opens\n\nAnn Lee\n\n%s\n\n"
		    "Children and their parents were shown around the new school "
		    "on the hill, which will take its first pupils after the "
		    "holidays and which has room for more than four hundred.\n\n"
		    "Market returns\n\nTom Ray\n\n%s\n\n"
		    "The weekly market is to return to the square by the church "
		    "after a year in the car park, where the traders said that "
		    "they had lost many of their customers to the new shops.\n",
		    P1, P2, P3, P4, P5, P6, P7, P8, last, dates[i][0],
		    dates[i][1], dates[i][2]);
		out = run(doc);
		ok(has(out, P1) && has(out, last),
		    "dated teasers %zu: the article is kept", i);
		ok(!has(out, "fuel") && !has(out, "pupils") &&
		    !has(out, "car park"),
		    "dated teasers %zu: the teasers are dropped", i);
	}
}

/* A gallery's slide counters between captions: left out; a rating's
 * "4/5" is kept. */
static void
test_counters(void)
{
	const char *out = run("Harbour reopens | Coastal Times\n\n" P1 "\n\n"
	    "3 of 12\n\n" P2 "\n\n4/12\n\n" P3 "\n\n2 von 9\n\n" P4
	    "\n\nOur verdict\n\n4/5\n\n" P5 "\n");

	ok(has(out, P1) && has(out, P5), "counters: article kept");
	ok(!has(out, "3 of 12") && !has(out, "4/12") && !has(out, "2 von 9"),
	    "counters: slide counters dropped (en, de)");
	ok(has(out, "\n\n4/5\n\n"), "counters: a rating kept");
}

/* A paragraph of prose that is no part of the article. */
#define ABOUT "This blog is written by two sailors who have lived on the " \
	"coast for most of their lives, and who write about the weather, " \
	"the boats and the people of the town every week."

/* Links to the post before and after end the article as "Related
 * posts" does: the blog's description after them is no part of it. */
static void
test_prev_next(void)
{
	const char *out = run("Harbour reopens | Coastal Times\n\n" P1 "\n\n"
	    P2 "\n\nPrevious post: Ferry timetable changes\n\n"
	    "Next post: Five walks along the coast\n\n" ABOUT "\n");

	ok(has(out, P1) && has(out, P2), "prev/next: article kept");
	ok(!has(out, "Previous post") && !has(out, "two sailors"),
	    "prev/next: the links and what follows them dropped");
	out = run("Le port rouvre\n\n" P1 "\n\n" P2 "\n\n"
	    "Article pr\xC3\xA9" "c\xC3\xA9" "dent : Les horaires du bac\n\n"
	    "Article suivant : Cinq promenades\n\n" ABOUT "\n");
	ok(!has(out, "two sailors"), "prev/next: in French too");
}

/* A blog's filing footer and a print edition's note end the article;
 * a reprint notice and a sign-up prompt are never part of it. */
static void
test_footers(void)
{
	const char *out = run("Harbour reopens | Coastal Times\n\n" P1 "\n\n"
	    P2 "\n\nThis entry was posted on Monday and filed in News. You can "
	    "follow any responses to this entry through the feed.\n\n" P3
	    "\n\n");

	ok(has(out, P1) && has(out, P2), "footers: article kept");
	ok(!has(out, "This entry") && !has(out, P3),
	    "footers: a blog's filing line ends the article");
	out = run("Harbour reopens | Coastal Times\n\n" P1 "\n\n" P2 "\n\n"
	    "A version of this article appeared in print on page 4 of the "
	    "weekend edition.\n\n" P3 "\n\n");
	ok(!has(out, "A version") && !has(out, P3),
	    "footers: a print edition's note ends the article");
	out = run("Harbour reopens | Coastal Times\n\n" P1 "\n\n" P2 "\n\n"
	    "This copy is for your personal, non-commercial use only, and its "
	    "distribution is governed by our agreement with our readers.\n\n"
	    P3 "\n\nThanks for signing up! Check your inbox to confirm that "
	    "you want to receive our letters about the town.\n\n" P4 "\n");
	ok(has(out, P3) && has(out, P4), "footers: paragraphs between kept");
	ok(!has(out, "This copy") && !has(out, "Check your inbox"),
	    "footers: a reprint notice and a sign-up prompt dropped");
}

/* A list announced by a label over links ("Related on Site:") is no
 * part of the article, though a list announced by a colon may be. */
static void
test_link_labels(void)
{
	const char *out = run("Harbour reopens | Coastal Times\n\n" P1 "\n\n"
	    P2 "\n\nRelated on Coastal Times:\n\n"
	    "Ferry timetable changes for the summer\n\n"
	    "Five walks along the coast this spring\n\n"
	    "New lifeboat station opens in the bay\n\n");

	ok(has(out, P1) && has(out, P2), "link labels: article kept");
	ok(!has(out, "Ferry timetable") && !has(out, "lifeboat"),
	    "link labels: the list of other stories dropped");
	out = run("Neue Br\xC3\xBC" "cke\n\n" P1 "\n\n" P2 "\n\n"
	    "\xC3\x84hnliche Beitr\xC3\xA4ge:\n\n"
	    "Ferry timetable changes for the summer\n\n"
	    "Five walks along the coast this spring\n\n");
	ok(!has(out, "Ferry timetable"), "link labels: in German too");
	out = run("Harbour reopens | Coastal Times\n\n" P1 "\n\n"
	    P2 "\n\nWhat the repairs cost:\n\nSea wall 2.1 million\n\n"
	    "Northern pier 0.8 million\n\n");
	ok(has(out, "Northern pier 0.8 million"),
	    "link labels: a list of the article's own kept");
}

/* Teaser lines between paragraphs ("Also Read: headline") are links
 * to other stories. */
static void
test_teaser_labels(void)
{
	const char *out = run("Harbour reopens | Coastal Times\n\n" P1 "\n\n"
	    "Also Read: Council approves new flood barriers\n\n" P2 "\n\n"
	    "Related post: Five walks along the coast\n\n" P3 "\n\n"
	    "SEE MORE: Ferry timetable changes\n\n" P4 "\n");

	ok(has(out, P1) && has(out, P4), "teasers: article kept");
	ok(!has(out, "Also Read") && !has(out, "Related post") &&
	    !has(out, "SEE MORE"), "teasers: labelled links dropped");
}

/* The widgets' labels the HTML path leaves out are lines of a dump
 * too: a hosted blog's like widget, a back-to-list link, a rating. */
static void
test_widget_labels(void)
{
	const char *out = run("Harbour reopens | Coastal Times\n\n" P1 "\n\n"
	    "Gefällt mir Wird geladen …\n\n" P2 "\n\nZurück zur Übersicht\n\n"
	    P3 "\n\nRate this article\n\n" P4 "\n");

	ok(has(out, P1) && has(out, P4), "widget labels: article kept");
	ok(!has(out, "Gefällt") && !has(out, "Zurück") &&
	    !has(out, "Rate this"), "widget labels: the labels dropped");
}

/* Sponsored tiles under the article ("Recommended by", then headlines
 * and advertisers) end it as "Related posts" does. */
static void
test_sponsored_tiles(void)
{
	const char *out = run("Harbour reopens | Coastal Times\n\n" P1 "\n\n"
	    P2 "\n\nRecommended by\n\nTen tricks to sleep better\n\n"
	    "SleepWell\n\n" ABOUT "\n");

	ok(has(out, P1) && has(out, P2), "tiles: article kept");
	ok(!has(out, "Recommended by") && !has(out, "two sailors"),
	    "tiles: the sponsored tiles dropped");
	out = run("Harbour reopens | Coastal Times\n\n" P1 "\n\n" P2 "\n\n"
	    "Top Stories\n\nFerry timetable changes\n\n" ABOUT "\n");
	ok(!has(out, "Ferry") && !has(out, "two sailors"),
	    "tiles: a feed of top stories dropped");
}

static void
test_markup(void)
{
	const char *out = run("Notes\n\nThe survey team walked the <u>whole "
	    "length</u> of the river bank on Friday &amp; Saturday, counting "
	    "the nests of birds and noting&nbsp;every place where the water had "
	    "cut into the soil since the council&#8217;s last visit in the "
	    "spring, &#x2014; and <b>then</b> they went home.\n");

	ok(has(out, "walked the whole length of the river"),
	    "markup: <u> unwrapped, words kept");
	ok(has(out, "Friday & Saturday"), "markup: &amp; decoded");
	ok(has(out, "noting every place"), "markup: &nbsp; is a space");
	ok(has(out, "council\xE2\x80\x99s"), "markup: decimal reference decoded");
	ok(has(out, "spring, \xE2\x80\x94 and then they"),
	    "markup: hex reference decoded, <b> unwrapped");
	ok(!has(out, "<") && !has(out, "&amp;") && !has(out, "&#") &&
	    !has(out, "&nbsp;"), "markup: no tag or reference left");

	out = run("Notes\n\nThe company staged <The Palace: Tale of Jang "
	    "Noksu> in the park on Friday, and the <span class=\"x\">crowd</span> "
	    "that came to see it was larger than the one of the year before, "
	    "which says a lot <3 about the show and about the town.\n");
	ok(has(out, "staged <The Palace: Tale of Jang Noksu> in the park"),
	    "markup: angle-bracketed title is text, not a tag");
	ok(has(out, "the crowd that came"), "markup: <span> with attributes unwrapped");
	ok(has(out, "a lot <3 about"), "markup: '<3' is text");
}

static void
test_shapes(void)
{
	const char *out;

	out = run("");
	is_str(out, "", "empty input: empty text");
	ok(ex.meta.title == NULL, "empty input: no title");
	out = run("\n\n   \n\t\n");
	is_str(out, "", "blank lines only: empty text");
	out = run("A sentence on its own line, which is the whole document.\n");
	ok(ex.meta.title == NULL, "a sentence is no title");
	out = run("Title\r\n\r\n" P1 "\r\n\r\n" P2 "\r\n");
	is_str(out, P1 "\n\n" P2, "CRLF lines; blocks joined by one blank line");
	out = run("Title\n" P1 "\n" P2);
	is_str(out, P1 "\n\n" P2, "single newlines are block breaks too");
}

static void
test_phrases(void)
{
	const struct phrase *p;

	p = phrase_find("12 comments", 11);
	ok(p != NULL && p->kind == PK_COMMENTS, "'12 comments' is a comment marker");
	p = phrase_find("tags: harbour, storm", 20);
	ok(p != NULL && p->kind == PK_TAIL, "'tags:' starts the tail");
	ok(phrase_find("tagsüber regnete es", 20) == NULL,
	    "a prefix must end a word ('tagsüber' is not 'tags')");
	p = phrase_find("jane says:", 10);
	ok(p != NULL && p->kind == PK_COMMENTS, "'Jane says:' is a comment header");
	ok(phrase_find("the harbour reopened", 20) == NULL, "prose matches nothing");
}

static char *
slurp(const char *path, size_t *n)
{
	struct buf b;

	buf_init(&b);
	if (read_file_max(path, &b, 1 << 20) != 0) {
		buf_free(&b);
		return NULL;
	}
	*n = b.len;
	return buf_steal(&b);
}

/* Each tests/fixtures/text/NAME.txt cleans to NAME.expected (which may
 * end with one newline more). */
static void
test_fixtures(void)
{
	static const char *const names[] = {
		"en_news", "en_markup", "en_comments", "en_wrapped",
		"en_repeated", "de_news", "es_shop", "ru_news", "ja_news",
		"zh_forum",	/* a post, then replies under CJK heads with a time */
	};
	const char *top = getenv("PITH_TOP");
	char path[4096], *in, *want;
	size_t i, nin, nwant;

	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		snprintf(path, sizeof path, "%s/tests/fixtures/text/%s.txt",
		    top ? top : ".", names[i]);
		in = slurp(path, &nin);
		snprintf(path, sizeof path, "%s/tests/fixtures/text/%s.expected",
		    top ? top : ".", names[i]);
		want = slurp(path, &nwant);
		if (in == NULL || want == NULL) {
			ok(0, "fixture %s: cannot read %s", names[i], path);
			free(in);
			free(want);
			continue;
		}
		if (nwant > 0 && want[nwant - 1] == '\n')
			want[--nwant] = '\0';
		extract_free(&ex);
		extract_init(&ex);
		is_str(run(in), want, "fixture %s", names[i]);
		free(in);
		free(want);
	}
}

int
main(void)
{
	extract_init(&ex);
	test_english();
	test_german();
	test_spanish();
	test_russian();
	test_japanese();
	test_japanese_headlines();
	test_chinese();
	test_mojibake();
	test_cjk_markers();
	test_inner_list();
	test_notice_before_comments();
	test_code();
	test_rows();
	test_lead();
	test_comment_heads();
	test_clock_lines();
	test_time_ago();
	test_dated_teasers();
	test_counters();
	test_prev_next();
	test_footers();
	test_link_labels();
	test_teaser_labels();
	test_widget_labels();
	test_sponsored_tiles();
	test_markup();
	test_shapes();
	test_phrases();
	test_fixtures();
	extract_free(&ex);
	return done();
}
