"""A small batch for the HTML report's tests: an original wire story, a credited copy,
two uncredited copies, and a file whose text tries to break out of the page."""
from __future__ import annotations

from pathlib import Path

from conftest import SEEDS

HOSTILE_LINES = (
    "<script>window.__pwned = 1; document.title = 'pwned';</script>",
    '</textarea></pre></div><img src=x onerror="window.__pwned = 2">',
    "The minister said it was fine,\u00a0<script>window.__pwned = 4</script> and the talks went on for hours.",
)


def _body() -> list[str]:
    lines = (SEEDS / "001_2ea0c09a0cab73a9.txt").read_text(encoding="utf-8").split("\n")
    return [line for line in lines[4:30] if line.strip()]


def write_batch(folder: Path) -> dict[str, Path]:
    """The batch's files under ``folder`` (two source folders), by role."""
    body = _body()
    wire, partners = folder / "wire", folder / "partners"
    wire.mkdir(parents=True)
    partners.mkdir()
    files = {
        "original": wire / "ap-story.txt",
        "credited": partners / "credited-copy.txt",
        "uncredited": partners / "uncredited-copy.txt",
        "uncredited2": partners / "second-uncredited-copy.txt",
        "hostile": partners / "hostile.txt",
    }
    paragraphs = "\n\n".join(body[:10])
    files["original"].write_text(f"Biden and Putin to talk\n\nWASHINGTON (AP) — {paragraphs}\n", encoding="utf-8")
    files["credited"].write_text(
        f"Biden and Putin to talk\n\n{paragraphs}\n\nThe Associated Press contributed to this report.\n", encoding="utf-8")
    files["uncredited"].write_text(f"Talks on Ukraine\n\n{paragraphs}\n\nShare this article\n\nLeave A Reply\n", encoding="utf-8")
    files["uncredited2"].write_text(f"Putin call\n\n{paragraphs}\n\nPost a Comment\n", encoding="utf-8")
    files["hostile"].write_text(
        "A headline\n\n" + f"{HOSTILE_LINES[0]}\n\n{HOSTILE_LINES[2]}\n\n{HOSTILE_LINES[1]}\n\n"
        + "Leave A Reply <script>window.__pwned = 3</script>\n\nYour email address will not be published.\n",
        encoding="utf-8",
    )
    return files
