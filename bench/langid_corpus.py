#!/usr/bin/env python3
"""langid_corpus.py: texts of known language for bench/langid, from the
translated manual pages Debian installs (manpages-de, manpages-fr, ...):
each page rendered by mandoc, its prose paragraphs (300 characters or more,
mostly letters) kept, a few from each page, PER_LANG per language.
Writes "LANG<TAB>TEXT" lines on stdout.

    bench/langid_corpus.py [PER_LANG] > corpus.tsv
"""
import glob, gzip, os, re, subprocess, sys

PER_LANG = int(sys.argv[1]) if len(sys.argv) > 1 else 60
PER_PAGE = 3
ROOT = "/usr/share/man"
# The folder of each language's pages; English is the untranslated one.
FOLDERS = {"en": ""}
for d in sorted(os.listdir(ROOT)):
    if not d.startswith("man") and os.path.isdir(os.path.join(ROOT, d)):
        FOLDERS[d.split("_")[0].split(".")[0]] = d   # zh_CN, zh_TW: zh


# Translations leave paragraphs in English: a text of another language
# with many English function words is left out (a check that is neither
# tool's), and one of a language with a script of its own needs letters
# of that script.
ENGLISH = {"the", "of", "and", "is", "to", "in", "that", "this", "are", "be",
           "with", "for", "not", "by", "it", "if", "or"}
SCRIPTS = {"el": "\u0370-\u03ff", "ru": "\u0400-\u04ff", "uk": "\u0400-\u04ff",
           "sr": "\u0400-\u04ff", "ja": "\u3040-\u30ff\u4e00-\u9fff",
           "zh": "\u4e00-\u9fff", "ko": "\uac00-\ud7af"}


def is_lang(lang, text):
    if lang in SCRIPTS:
        own = len(re.findall(f"[{SCRIPTS[lang]}]", text))
        return own > 0.5 * sum(c.isalpha() for c in text)
    words = re.findall(r"\w+", text.lower())
    english = sum(w in ENGLISH for w in words)
    return lang == "en" or english < 0.05 * len(words)


def paragraphs(path):
    try:
        out = subprocess.run(["mandoc", "-T", "utf8", path], capture_output=True,
                             timeout=10).stdout.decode("utf-8", "replace")
    except (subprocess.TimeoutExpired, OSError):
        return []
    out = re.sub(".\b", "", out)            # overstrike bold and underline
    for block in re.split(r"\n\s*\n", out):
        text = " ".join(line.strip() for line in block.splitlines())
        text = re.sub(r"\s+", " ", text).strip()
        letters = sum(c.isalpha() for c in text)
        if len(text) >= 300 and letters > 0.7 * len(text) and "(" not in text[:3]:
            yield text


def main():
    for lang, folder in sorted(FOLDERS.items()):
        pages = sorted(glob.glob(os.path.join(ROOT, folder, "man[1-8]", "*")))
        got = 0
        seen = set()
        for page in pages[::max(1, len(pages) // (PER_LANG * 2))]:
            for i, text in enumerate(paragraphs(page)):
                if i == PER_PAGE or got == PER_LANG:
                    break
                if text not in seen and is_lang(lang, text):
                    seen.add(text)
                    print(f"{lang}\t{text}")
                    got += 1
            if got == PER_LANG:
                break
        print(f"{lang}: {got} texts", file=sys.stderr)


main()
