#!/usr/bin/env python3
"""Composes a PNG of the dashboard's W1 panel from what nndl-tui wrote to a terminal (a raw capture from
Scripts/pty-capture.py with --graphics kitty): the screen is replayed (cursor moves and text; colours and
attributes ignored), the panel is found by its title, its frame is drawn as 1-pixel grey lines through the cell
centres, and the last kitty picture, decoded, is placed at the cell where the program put it.

    w1-screenshot.py RAW --out docs/w1-kitty.png [--cols 120 --rows 40 --cell 10x20]

No fonts are drawn: the title is printed on stdout for a caption.
"""
import argparse, os, re, sys
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
decode = __import__("decode-pictures")


def replay(raw, cols, rows):
    """The characters on screen at the end, and where each kitty picture was placed (row, column)."""
    screen = [[" "] * cols for _ in range(rows)]
    y = x = 0
    saved = (0, 0)
    places = []
    text = raw.decode("utf-8", "replace")
    token = re.compile(r"\x1b_G.*?\x1b\\|\x1bP.*?\x1b\\|\x1b\[([0-9;?]*)([A-Za-z@])|\x1b[78=>]|\x1b[()].|[\x00-\x1f]|[^\x00-\x1f\x1b]", re.S)
    for m in token.finditer(text):
        t = m.group(0)
        if t.startswith("\x1b_G") and "a=T" in t:
            places.append((y, x))
        elif m.group(2) == "H":
            parts = (m.group(1) or "1;1").split(";")
            y, x = int(parts[0] or 1) - 1, int(parts[1] if len(parts) > 1 and parts[1] else 1) - 1
        elif m.group(2) == "J" and m.group(1) == "2":
            screen = [[" "] * cols for _ in range(rows)]
        elif t == "\x1b7":
            saved = (y, x)
        elif t == "\x1b8":
            y, x = saved
        elif len(t) == 1 and t >= " " and 0 <= y < rows and 0 <= x < cols:
            screen[y][x] = t
            x += 1
    return ["".join(r) for r in screen], places


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("raw")
    ap.add_argument("--out", required=True)
    ap.add_argument("--cols", type=int, default=120)
    ap.add_argument("--rows", type=int, default=40)
    ap.add_argument("--cell", default="10x20")
    a = ap.parse_args()
    cw, ch = (int(v) for v in a.cell.split("x"))
    raw = open(a.raw, "rb").read()
    lines, places = replay(raw, a.cols, a.rows)
    top = next(r for r, l in enumerate(lines) if "W1 filters" in l)
    left = lines[top].rfind("┌", 0, lines[top].index("W1 filters"))
    right = lines[top].index("┐", left)
    bottom = next(r for r in range(top + 1, a.rows) if lines[r][left] == "└")
    w, h = right - left + 1, bottom - top + 1
    out = np.zeros((h * ch, w * cw, 3), np.uint8)
    grey = np.array([128, 128, 128], np.uint8)
    mx, my = cw // 2, ch // 2
    out[my, mx:(w - 1) * cw + mx + 1] = grey
    out[(h - 1) * ch + my, mx:(w - 1) * cw + mx + 1] = grey
    out[my:(h - 1) * ch + my + 1, mx] = grey
    out[my:(h - 1) * ch + my + 1, (w - 1) * cw + mx] = grey
    title = lines[top][left + 1:right].strip("─ ")
    start = lines[top].index(title) - left
    out[my, (start - 1) * cw + mx:(start + len(title) + 1) * cw] = 0
    picture = decode.kitty_images(raw)[-1]
    py, px = places[-1]
    y0, x0 = (py - top) * ch, (px - left) * cw
    out[y0:y0 + picture.shape[0], x0:x0 + picture.shape[1]] = picture
    decode.write_png(a.out, out)
    print(f"{a.out}: {out.shape[1]}×{out.shape[0]} pixels, {w}×{h} cells; title: {title}")


if __name__ == "__main__":
    main()
