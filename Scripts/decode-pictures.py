#!/usr/bin/env python3
"""Decodes the pictures nndl-tui wrote to a terminal (a raw capture from Scripts/pty-capture.py).

    decode-pictures.py RAW --kind kitty|sixel|iterm [--out last.png] [--compare filters.png]

kitty: every `ESC _ G a=T…` image (chunked base64 RGBA or RGB) is decoded; sixel: the last `ESC P … q … ESC \\`
sequence is decoded with sixel2png (Debian's libsixel-bin); iterm: every `ESC ] 1337 ; File=…:` inline file, an
uncompressed TIFF (what chafa writes) or a PNG. The last picture is written to --out as an RGB PNG.
With --compare (the `filters` PNG of the same weights at --scale 1), finds the whole factor k and the centred
place at which that PNG, enlarged k times, lies in the picture, and reports how far the pixels are from it.
Prints one JSON line: count, width, height, and with --compare scale, meanAbsDiff, maxAbsDiff, within24 (share of
pixels whose channels are all within 24), outsideMax (brightest channel outside the grid: the black margin).
"""
import argparse, base64, json, os, re, struct, subprocess, sys, tempfile, zlib
import numpy as np


def read_png(path):
    data = open(path, "rb").read()
    pos, idat, w, h, kind = 8, b"", 0, 0, 2
    while pos < len(data):
        n, tag = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        pos += 12 + n
        if tag == b"IHDR":
            w, h, depth, kind = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and kind in (2, 6), "8-bit RGB or RGBA PNGs only"
        elif tag == b"IDAT":
            idat += body
    bpp = 3 if kind == 2 else 4
    raw, stride = zlib.decompress(idat), w * bpp
    out, prev = np.zeros((h, stride), np.uint8), np.zeros(stride, np.int64)
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = np.frombuffer(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)], np.uint8).astype(np.int64)
        if f == 0:
            cur = line
        elif f == 2:
            cur = (line + prev) & 255
        else:
            cur = np.zeros(stride, np.int64)
            for x in range(stride):
                a = cur[x - bpp] if x >= bpp else 0
                b, c = prev[x], (prev[x - bpp] if x >= bpp else 0)
                if f == 1: p = a
                elif f == 3: p = (a + b) // 2
                else:
                    pa, pb, pc = abs(b - c), abs(a - c), abs(a + b - 2 * c)
                    p = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                cur[x] = (line[x] + p) & 255
        out[y], prev = cur, cur
    return out.reshape(h, w, bpp)[:, :, :3]


def write_png(path, rgb):
    h, w, _ = rgb.shape
    rows = b"".join(b"\x00" + rgb[y].tobytes() for y in range(h))
    def chunk(tag, body):
        return struct.pack(">I", len(body)) + tag + body + struct.pack(">I", zlib.crc32(tag + body) & 0xffffffff)
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")
    open(path, "wb").write(png)


def kitty_images(raw):
    images, header, payload = [], None, b""
    for m in re.finditer(rb"\x1b_G([^;\x1b]*)(?:;([^\x1b]*))?\x1b\\", raw):
        keys = dict(kv.split(b"=", 1) for kv in m.group(1).split(b",") if b"=" in kv)
        if keys.get(b"a") in (b"T", b"t"):
            header, payload = keys, b""
        if header is None:
            continue
        payload += base64.b64decode(m.group(2) or b"")
        if keys.get(b"m", b"0") == b"0":
            w, h, f = int(header[b"s"]), int(header[b"v"]), int(header.get(b"f", b"32"))
            if f == 100:
                with tempfile.NamedTemporaryFile(suffix=".png") as t:
                    t.write(payload); t.flush()
                    images.append(read_png(t.name))
            else:
                images.append(np.frombuffer(payload, np.uint8).reshape(h, w, f // 8)[:, :, :3])
            header = None
    return images


def sixel_images(raw):
    found = re.findall(rb"\x1bP[0-9;]*q.*?\x1b\\", raw, re.S)
    if not found:
        return []
    with tempfile.TemporaryDirectory() as d:
        six, png = os.path.join(d, "last.six"), os.path.join(d, "last.png")
        open(six, "wb").write(found[-1])
        subprocess.run(["sixel2png", "-i", six, "-o", png], check=True)
        return [None] * (len(found) - 1) + [read_png(png)]


def tiff(data):
    """An uncompressed little-endian TIFF's pixels (RGB or RGBA, 8 bits, one or more strips) as RGB."""
    assert data[:4] == b"II*\x00", "little-endian TIFF only"
    off = struct.unpack("<I", data[4:8])[0]
    tags = {}
    for k in range(struct.unpack("<H", data[off:off + 2])[0]):
        tag, kind, count, value = struct.unpack("<HHII", data[off + 2 + 12 * k:off + 14 + 12 * k])
        tags[tag] = value & 0xffff if kind == 3 and count == 1 else value
    assert tags.get(259, 1) == 1, "uncompressed TIFF only"
    w, h, spp = tags[256], tags[257], tags.get(277, 1)
    start = tags[273]
    return np.frombuffer(data[start:start + w * h * spp], np.uint8).reshape(h, w, spp)[:, :, :3]


def iterm_images(raw):
    images = []
    for m in re.finditer(rb"\x1b\]1337;File=[^:]*:([^\x07\x1b]*)(?:\x07|\x1b\\)", raw):
        data = base64.b64decode(m.group(1))
        if data[:4] == b"\x89PNG":
            with tempfile.NamedTemporaryFile(suffix=".png") as t:
                t.write(data); t.flush()
                images.append(read_png(t.name))
        else:
            images.append(tiff(data))
    return images


def compare(picture, canvas):
    ph, pw, _ = picture.shape
    H, W, _ = canvas.shape
    for k in range(64, 0, -1):
        if ph * k > H or pw * k > W:
            continue
        big = picture.repeat(k, 0).repeat(k, 1).astype(np.int64)
        y, x = (H - ph * k) // 2, (W - pw * k) // 2
        d = np.abs(canvas[y:y + ph * k, x:x + pw * k].astype(np.int64) - big)
        if d.mean() > 40:
            continue
        outside = canvas.astype(np.int64).copy()
        outside[y:y + ph * k, x:x + pw * k] = 0
        return {"scale": k, "meanAbsDiff": float(d.mean()), "maxAbsDiff": int(d.max()),
                "within24": float((d.max(axis=2) <= 24).mean()), "outsideMax": int(outside.max())}
    return {"scale": None}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("raw")
    ap.add_argument("--kind", choices=["kitty", "sixel", "iterm"], required=True)
    ap.add_argument("--out")
    ap.add_argument("--compare")
    a = ap.parse_args()
    raw = open(a.raw, "rb").read()
    images = {"kitty": kitty_images, "sixel": sixel_images, "iterm": iterm_images}[a.kind](raw)
    result = {"count": len(images)}
    if images:
        last = images[-1]
        result.update(width=int(last.shape[1]), height=int(last.shape[0]))
        if a.out:
            write_png(a.out, np.ascontiguousarray(last))
        if a.compare:
            result.update(compare(read_png(a.compare), last))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
