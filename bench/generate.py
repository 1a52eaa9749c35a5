#!/usr/bin/env python3
"""Deterministic benchmark corpus built from the seed articles.

    python bench/generate.py --n 10000 --seed 1 --out DIR [--big]

Writes N article files (3 to 8 KB each, ``DIR/articles/NNN/NNNNNN.txt``, 1,000 a folder)
whose body paragraphs are drawn from all five seed articles, with scraper residue
injected where real pages put it: date bars, breadcrumbs and news codes above the
body; captions with their photo credits, share rows, "Also read:" links and ad labels
inside it; bylines, attributions, disclaimers, end markers, appeal blocks, comment
widgets and navigation after it. About 10% of the files also get encoding damage:
mojibake (UTF-8 text decoded as cp1252), non-breaking spaces and duplicated captions.
With ``--big`` it also writes ``DIR/big.txt``, one 50 MB file of such articles whose
paragraphs are new mixes of seed sentences (the same few dozen seed paragraphs repeated
over 50 MB would make it a test of duplicate-paragraph reporting only).

The same ``--seed`` gives byte-identical files (each file has its own random stream,
seeded by the seed and the file number). Standard library only. ``DIR/manifest.json``
records what was injected.
"""
from __future__ import annotations

import argparse
import codecs
import json
import random
import re
import sys
import time
from collections import Counter
from pathlib import Path

SEED_DIR = Path(__file__).resolve().parent.parent / "seeds"
FILES_PER_DIR = 1000
ARTICLES = "articles"  # DIR/articles/ holds the N files; DIR/big.txt stays outside it
MIN_BYTES, MAX_BYTES = 3 * 1024, 8 * 1024
BIG_BYTES = 50 * 1000 * 1000

# --- residue text (what scrapers leave behind) ------------------------------------------

DATE_BARS = [
    "Monday, June 5, 2023", "Tuesday, December 7, 2021", "Thursday, January 20, 2022",
    "5 June 2023", "Friday, March 4, 2022", "Sunday, 12 February 2023",
]
BREADCRUMBS = [
    "Home » World » Europe", "Home > News > Politics", "Home | World | Russia",
    "Home / International", "HomeWorld{title}",
]
NEWS_CODES = ["News code : {arabic}", "News ID: {n}", "News No. : {n}", "News code: {n}"]
PAGE_CHROME = ["Text Size:", "Listen to this article", "Text Size A- A+", "Print this article",
               "Reading time", "Save for later"]
CREDITS = [
    "Anadolu Agency | Getty Images", "The White House via Reuters", "REUTERS",
    "(AP Photo/Evan Vucci)", "Photo: Sergei Ilnitsky/EPA", "AFP via Getty Images",
    "Kremlin Press Office | Anadolu Agency via Getty Images", "Sputnik", "Getty Images",
    "File photo: Reuters", "Mikhail Klimentyev/Sputnik via Reuters",
]
CAPTION_STARTS = [
    "Russian President Vladimir Putin attends a meeting in Moscow",
    "US President Joe Biden speaks to reporters at the White House",
    "Ukrainian servicemen ride an armoured vehicle near the front line",
    "Secretary of State Antony Blinken arrives for talks in Geneva",
    "NATO Secretary General Jens Stoltenberg holds a news conference in Brussels",
    "Russian troops take part in drills at a range in the Rostov region",
    "Demonstrators hold flags during a rally in Kyiv",
    "German Chancellor Olaf Scholz and French President Emmanuel Macron meet in Berlin",
]
CAPTION_ENDS = [
    "on December 7, 2021.", "on Tuesday.", "in this file photo.", "on January 18, 2022.",
    "as tensions rise over Ukraine.", "earlier this month.",
]
SHARE_ROWS = [
    "Share this:", "Facebook Twitter WhatsApp E-Mail", "Share on Facebook | Share on Twitter",
    "Facebook\nTwitter\nWhatsApp", "Tweet", "Share this article", "Email Print",
    "Click to share on Twitter (Opens in new window)",
]
ADS = ["Advertisement", "ADVERTISEMENT", "Story continues below advertisement",
       "Continue reading the main story", "Sponsored Content"]
RELATED_LABELS = ["Also read", "READ ALSO", "Read more", "See also", "ALSO READ", "Must read", "Related"]
ATTRIBUTIONS = [
    "The Associated Press contributed to this report.",
    "(Reporting by Jane Doe in Washington; Editing by John Roe)",
    "Reuters contributed reporting to this story.",
    "(Additional reporting by Maria Tsvetkova in Moscow; Writing by Mark Trevelyan)",
]
BYLINES = ["Christi C. Elwood", "By Jane Doe", "Andrew Roth", "By Dmitri Volkov", "Lisa M. Peters"]
END_MARKERS = ["END", "ENDS", "-30-", "###", "endNewsMessage1", "(END)", "--END--"]
COPYRIGHTS = ["© 2023 Reuters", "Copyright 2022 The Associated Press. All rights reserved.",
              "All rights reserved.", "© 2021 Bloomberg L.P."]
DISCLAIMERS = [
    "Disclaimer! {site} is an automatic aggregator of all media in the world. In each "
    "content, the hyperlink to the primary source is specified. All trademarks belong to "
    "their rightful owners, all materials to their authors. If you are the owner of the "
    "content and do not want us to publish your materials, please contact us by email – "
    "[email\u00a0protected]. The content will be deleted within 24 hours.",
    "(Except for the headline, this story has not been edited by {site} staff and is "
    "published from a syndicated feed.)",
    "This story has not been edited by {site} staff and is auto-generated from a syndicated feed.",
    "If you are the content owner and do not want us to publish your materials, please "
    "write to us and the article will be removed.",
]
SITES = ["NewsConcerns", "NDTV", "Business Standard", "WorldNewsEra", "DailyWire24", "TodayNews Hub"]
APPEAL_HEADINGS = ["Support Our Journalism", "Support Independent Journalism", "Support quality journalism"]
APPEAL_PARAS = [
    "Sustaining this needs support from wonderful readers like you.",
    "Whether you live in India or overseas, you can take a paid subscription by clicking here.",
    "Independent journalism costs money. If you value what we do, please consider a contribution.",
    "We need readers like you to keep our reporting free for everyone.",
]
APPEAL_LINES = ["Subscribe to our channels on YouTube & Telegram", "Follow us on Google News",
                "Sign up for our newsletter", "Join our Telegram channel", "Donate now"]
COMMENT_WIDGETS = [
    ["Leave a Reply", "Your email address will not be published. Required fields are marked *"],
    ["Post a Comment"], ["No comments:", "Post a Comment"], ["Comments"], ["12 Comments"],
    ["Add Comment"], ["Join the conversation"], ["Comments (3)"],
    ["Save my name, email, and website in this browser for the next time I comment."],
]
NAV_LINKS = ["Newer Post Older Post Home", "Previous Post Next Post", "Most Popular", "Read more",
             "Related Stories", "Back to top", "You May Also Like", "Trending Now", "Tags",
             "Subscribe to: Post Comments (Atom)", "Latest News", "Recommended for you"]
HTML_ENTITIES = ["&amp;", "&nbsp;", "&#8217;", "&quot;"]

# --- seed text ----------------------------------------------------------------------------


def _label_lines(text: str) -> dict[str, set[int]]:
    """1-based residue line numbers per seed file, read from LABELS.yaml without a YAML parser."""
    labels: dict[str, set[int]] = {}
    current = None
    for line in text.splitlines():
        if line and not line.startswith((" ", "#")) and line.rstrip().endswith(":"):
            current = line.rstrip()[:-1]
            labels[current] = set()
        elif current and line.strip().startswith("residue:"):
            labels[current] = {int(n) for n in re.findall(r"(\d+):", line)}
    return labels


def load_seeds(seed_dir: Path = SEED_DIR) -> tuple[list[str], list[str], list[str]]:
    """(titles, body paragraphs, captions) of the seed articles, residue lines left out."""
    labels_path = seed_dir / "LABELS.yaml"
    labels = _label_lines(labels_path.read_text(encoding="utf-8")) if labels_path.exists() else {}
    titles, paragraphs, captions = [], [], []
    for path in sorted(seed_dir.glob("*.txt")):
        residue = labels.get(path.name, set())
        lines = path.read_text(encoding="utf-8").split("\n")
        block: list[str] = []
        blocks: list[list[str]] = []
        for number, line in enumerate(lines, 1):
            if not line.strip() or number in residue:
                if block:
                    blocks.append(block)
                    block = []
                if number in residue and 20 < len(line.strip()) < 400 and line.strip()[-1:] == ".":
                    captions.append(line.strip())
                continue
            # the seeds' own non-breaking spaces are normalised, so that only the injected
            # damage (about 10% of the files) carries them
            block.append(line.replace("\u00a0", " ").strip())
        if block:
            blocks.append(block)
        if not blocks:
            continue
        titles.append(blocks[0][0])  # the first line of the first paragraph is the headline
        for block in blocks[1:]:
            text = "\n".join(block)
            if len(text) >= 60:
                paragraphs.append(text)
    if not paragraphs:
        raise SystemExit(f"no seed paragraphs found in {seed_dir}")
    return titles, paragraphs, sorted(set(captions))


# --- damage -------------------------------------------------------------------------------


def _sloppy(error: UnicodeDecodeError):
    # bytes cp1252 leaves undefined (0x81, 0x8d, 0x8f, 0x90, 0x9d) become the C1 characters
    # Latin-1 would give, as browsers and sloppy decoders do
    return "".join(chr(b) for b in error.object[error.start:error.end]), error.end


codecs.register_error("bench-sloppy", _sloppy)


def mojibake(text: str) -> str:
    """UTF-8 bytes of ``text`` read back as Windows-1252: ``’`` becomes ``â€™``."""
    return text.encode("utf-8").decode("cp1252", errors="bench-sloppy")


def add_nbsp(rng: random.Random, text: str) -> str:
    spaces = [m.start() for m in re.finditer(" ", text)]
    if not spaces:
        return text
    chars = list(text)
    for index in rng.sample(spaces, min(len(spaces), rng.randint(1, 4))):
        chars[index] = "\u00a0"
    return "".join(chars)


# --- articles -----------------------------------------------------------------------------


class Generator:
    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.titles, self.paragraphs, self.seed_captions = load_seeds()
        self.sentences = [
            sentence for paragraph in self.paragraphs
            for sentence in re.split(r"(?<=[.!?”])\s+(?=[“A-Z])", paragraph.replace("\n", " "))
            if len(sentence) > 30
        ]

    def _caption(self, rng: random.Random) -> str:
        if self.seed_captions and rng.random() < 0.3:
            return rng.choice(self.seed_captions)
        return f"{rng.choice(CAPTION_STARTS)} {rng.choice(CAPTION_ENDS)}"

    def _mixed(self, rng: random.Random) -> str:
        """A paragraph of 3 to 5 seed sentences from anywhere: (almost) never seen before."""
        return " ".join(rng.choice(self.sentences) for _ in range(rng.randint(3, 5)))

    def article(self, index: int, mix: bool = False) -> tuple[str, Counter]:
        """The text of article ``index`` and what was injected into it.

        With ``mix`` the body paragraphs are new combinations of seed sentences, so that a
        file of many articles (big.txt) does not repeat the same few dozen paragraphs.
        """
        rng = random.Random(f"wirelint-bench:{self.seed}:{index}")
        injected: Counter = Counter()
        target = rng.randint(MIN_BYTES + 200, MAX_BYTES - 300)
        damaged = rng.random() < 0.10

        title = rng.choice(self.titles)
        first: list[str] = []
        if rng.random() < 0.08:
            first.append(rng.choice(DATE_BARS))  # the page's date bar above the title
            injected["date-header"] += 1
        if rng.random() < 0.05:
            first.append(rng.choice(BREADCRUMBS).format(title=title))
            injected["breadcrumb"] += 1
        first.append(title)
        head: list[str] = ["\n".join(first)]
        if rng.random() < 0.05:
            head.append(title)
            injected["duplicate-title"] += 1
        if rng.random() < 0.08:
            arabic = "".join(chr(0x06F0 + int(d)) for d in str(rng.randint(100000, 9999999)))
            head.append(rng.choice(NEWS_CODES).format(arabic=arabic, n=rng.randint(1000, 9999999)))
            injected["news-code"] += 1
        if rng.random() < 0.08:
            head.append(rng.choice(PAGE_CHROME))
            injected["page-chrome"] += 1

        tail: list[str] = []
        if rng.random() < 0.12:
            tail.append(rng.choice(ATTRIBUTIONS))
            injected["attribution"] += 1
        if rng.random() < 0.10:
            tail.append(rng.choice(BYLINES))
            injected["byline"] += 1
        if rng.random() < 0.10:
            tail.append(rng.choice(COPYRIGHTS))
            injected["copyright"] += 1
        if rng.random() < 0.12:
            tail.append(rng.choice(DISCLAIMERS).format(site=rng.choice(SITES)))
            injected["disclaimer"] += 1
        if rng.random() < 0.12:
            tail.append(rng.choice(END_MARKERS))
            injected["end-marker"] += 1
        if rng.random() < 0.10:
            tail.append(rng.choice(APPEAL_LINES))
            tail.append(rng.choice(APPEAL_HEADINGS))
            tail.extend(rng.sample(APPEAL_PARAS, rng.randint(1, 3)))
            injected["appeal-block"] += 1
        if rng.random() < 0.20:
            tail.extend(rng.choice(COMMENT_WIDGETS))
            injected["comment-widget"] += 1
        if rng.random() < 0.20:
            tail.extend(rng.sample(NAV_LINKS, rng.randint(1, 3)))
            injected["nav-links"] += 1

        # body: seed paragraphs from every seed, without repeats, until the target size
        budget = target - sum(len(p.encode()) + 2 for p in head + tail)
        order = rng.sample(range(len(self.paragraphs)), len(self.paragraphs))
        body: list[str] = []
        size = 0
        for number in order:
            paragraph = self._mixed(rng) if mix else self.paragraphs[number]
            cost = len(paragraph.encode()) + 2
            if body and size + cost > budget:
                continue
            body.append(paragraph)
            size += cost
            if size > budget - 60:
                break

        prose = [True] * len(body)

        # residue inside the body, at paragraph boundaries
        def insert(items: list[str], low: float = 0.15, high: float = 0.95) -> None:
            at = max(1, min(len(body), int(len(body) * rng.uniform(low, high))))
            body[at:at] = items
            prose[at:at] = [False] * len(items)

        if rng.random() < 0.30:
            for _ in range(rng.randint(1, 2)):
                caption, credit = self._caption(rng), rng.choice(CREDITS)
                if damaged and rng.random() < 0.5:
                    items = [caption + "\n" + caption, credit]  # caption printed twice
                    injected["duplicate-caption"] += 1
                elif rng.random() < 0.5:
                    items = [caption + "\n" + credit]
                else:
                    items = [caption, credit]
                insert(items, 0.05, 0.8)
                injected["caption+credit"] += 1
        if rng.random() < 0.20:
            label = rng.choice(RELATED_LABELS)
            insert([f"{label}: {rng.choice(self.titles)}"])
            injected["related-link"] += 1
        if rng.random() < 0.15:
            insert([rng.choice(SHARE_ROWS)], 0.0, 0.3)
            injected["share-row"] += 1
        if rng.random() < 0.10:
            insert([rng.choice(ADS)])
            injected["advertisement"] += 1
        if rng.random() < 0.03:
            spot = rng.randrange(len(body))
            body[spot] = body[spot].replace("’", rng.choice(HTML_ENTITIES), 1)
            injected["html-entity"] += 1

        if damaged:
            kinds = rng.sample(["mojibake", "nbsp", "caption"], rng.randint(1, 2))
            if "mojibake" in kinds:
                spots = rng.sample(range(len(body)), min(len(body), rng.randint(1, 4)))
                for spot in spots:
                    body[spot] = mojibake(body[spot])
                injected["mojibake"] += 1
            if "nbsp" in kinds:
                for spot in rng.sample(range(len(body)), min(len(body), rng.randint(1, 3))):
                    body[spot] = add_nbsp(rng, body[spot])
                injected["nbsp"] += 1
            if "caption" in kinds and not injected["duplicate-caption"]:
                caption = self._caption(rng)
                insert([caption + "\n" + caption, rng.choice(CREDITS)], 0.05, 0.8)
                injected["duplicate-caption"] += 1
            injected["damaged"] += 1

        # residue and damage made it longer than the target: drop prose paragraphs from the end
        def size_of() -> int:
            return sum(len(part.encode("utf-8")) + 2 for part in head + body + tail) - 1

        total = size_of()
        while total > MAX_BYTES and prose.count(True) > 2:
            spot = len(prose) - 1 - prose[::-1].index(True)
            total -= len(body[spot].encode("utf-8")) + 2
            del body[spot], prose[spot]
        text = "\n\n".join(head + body + tail) + "\n"
        return text, injected


def generate(n: int, seed: int, out: Path, big: bool = False, quiet: bool = False) -> dict:
    """Write the corpus; return the manifest (also written to ``out/manifest.json``)."""
    started = time.perf_counter()
    (out / ARTICLES).mkdir(parents=True, exist_ok=True)
    gen = Generator(seed)
    totals: Counter = Counter()
    sizes: list[int] = []
    made: set[str] = set()
    for index in range(n):
        folder = out / ARTICLES / f"{index // FILES_PER_DIR:03d}"
        if folder.name not in made:
            folder.mkdir(exist_ok=True)
            made.add(folder.name)
        text, injected = gen.article(index)
        data = text.encode("utf-8")
        (folder / f"{index:06d}.txt").write_bytes(data)
        sizes.append(len(data))
        totals.update(injected)
    manifest = {
        "n": n, "seed": seed, "articles": ARTICLES, "files_per_dir": FILES_PER_DIR,
        "bytes": sum(sizes), "min_bytes": min(sizes, default=0), "max_bytes": max(sizes, default=0),
        "injected_files": dict(sorted(totals.items())),
    }
    if big:
        big_gen = Generator(seed + 1_000_003)
        parts, size, index = [], 0, 0
        while size < BIG_BYTES:
            data = big_gen.article(index, mix=True)[0].encode("utf-8")
            parts.append(data)
            size += len(data) + 1
            index += 1
        (out / "big.txt").write_bytes(b"\n".join(parts))
        manifest["big"] = {"path": "big.txt", "bytes": size - 1, "articles": index}
    manifest["seconds"] = round(time.perf_counter() - started, 2)
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    if not quiet:
        mb = manifest["bytes"] / 1e6
        print(f"wrote {n} files ({mb:.1f} MB, {manifest['min_bytes']}-{manifest['max_bytes']} bytes each)"
              + (f" and big.txt ({manifest['big']['bytes'] / 1e6:.1f} MB)" if big else "")
              + f" to {out} in {manifest['seconds']} s", file=sys.stderr)
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10000, help="number of article files (default 10000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--out", required=True, type=Path, help="output directory")
    parser.add_argument("--big", action="store_true", help="also write big.txt, one 50 MB file")
    args = parser.parse_args(argv)
    if args.n < 0:
        parser.error("--n must be at least 0")
    generate(args.n, args.seed, args.out, big=args.big)
    return 0


if __name__ == "__main__":
    sys.exit(main())
