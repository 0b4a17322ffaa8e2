"""Draws the app icon with Qt and writes every file the packaging needs, reproducibly.

    python installer/make_icon.py          # writes resources/icons/app*.png, app.ico, app.icns

The symbol: a white speech bubble on the app's blue (gui/style.py's highlight, #4f8ff7), with
the first syllable of 경청 ("listening closely") in it — the clerk listens, the customer
speaks. Each size is drawn from the vector shapes, not scaled down from the big one; the
smallest sizes leave the syllable out, since it would only be a smudge there.

Windows takes an .ico (small sizes as 32-bit bitmaps, 256 as PNG, as Windows expects); macOS
an .icns (PNG entries). Both containers are written here from the PNGs: nothing to install.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "icons"
FONT = ROOT / "resources" / "fonts" / "NanumGothicBold.ttf"

PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512, 1024)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# ICNS entry types that hold PNG data, by pixel size (several types share a size).
ICNS_TYPES = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"ic11", 32),  # 16@2x
    (b"icp6", 64),
    (b"ic12", 64),  # 32@2x
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic13", 256),  # 128@2x
    (b"ic09", 512),
    (b"ic14", 512),  # 256@2x
    (b"ic10", 1024),  # 512@2x
)

BLUE_TOP, BLUE_BOTTOM, INK = "#63a1ff", "#2f6fe0", "#2a63cf"
SYLLABLE = "경"
SYLLABLE_FROM = 48  # px: below this the bubble holds a simple dot


def _qt():
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6 import QtCore, QtGui

    app = QtGui.QGuiApplication.instance() or QtGui.QGuiApplication(sys.argv[:1])
    return app, QtCore, QtGui


def draw(size: int, family: str):  # -> QImage
    _app, QtCore, QtGui = _qt()
    Qt, QPointF, QRectF = QtCore.Qt, QtCore.QPointF, QtCore.QRectF
    img = QtGui.QImage(size, size, QtGui.QImage.Format.Format_ARGB32_Premultiplied)
    img.fill(Qt.GlobalColor.transparent)
    p = QtGui.QPainter(img)
    p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
    p.setRenderHint(QtGui.QPainter.RenderHint.TextAntialiasing)
    s = float(size)

    # The tile: a rounded square, a little inset at large sizes (the macOS grid), nearly
    # full at small ones, where every pixel counts.
    inset = s * (0.085 if size >= 128 else 0.03)
    tile = QRectF(inset, inset, s - 2 * inset, s - 2 * inset)
    grad = QtGui.QLinearGradient(tile.topLeft(), tile.bottomLeft())
    grad.setColorAt(0.0, QtGui.QColor(BLUE_TOP))
    grad.setColorAt(1.0, QtGui.QColor(BLUE_BOTTOM))
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(grad)
    radius = tile.width() * 0.225
    p.drawRoundedRect(tile, radius, radius)

    # The speech bubble: a rounded rectangle with a tail at its lower left.
    w = tile.width()
    bubble = QRectF(tile.left() + w * 0.17, tile.top() + w * 0.17, w * 0.66, w * 0.52)
    path = QtGui.QPainterPath()
    br = bubble.height() * 0.36
    path.addRoundedRect(bubble, br, br)
    tail = QtGui.QPainterPath()
    tail.moveTo(QPointF(bubble.left() + w * 0.14, bubble.bottom() - w * 0.04))
    tail.lineTo(QPointF(bubble.left() + w * 0.10, bubble.bottom() + w * 0.16))
    tail.lineTo(QPointF(bubble.left() + w * 0.33, bubble.bottom() - w * 0.04))
    tail.closeSubpath()
    path = path.united(tail)
    if size >= 64:  # a soft shadow gives the bubble some depth where it can be seen
        p.setBrush(QtGui.QColor(0, 0, 0, 40))
        p.drawPath(path.translated(0, s * 0.012))
    p.setBrush(QtGui.QColor("#ffffff"))
    p.drawPath(path)

    if size >= SYLLABLE_FROM:
        font = QtGui.QFont(family)
        font.setPixelSize(max(1, round(bubble.height() * 0.70)))
        font.setHintingPreference(QtGui.QFont.HintingPreference.PreferNoHinting)
        # Draw the glyph as a path, centred on its own outline (not on the font's line box).
        glyph = QtGui.QPainterPath()
        glyph.addText(QPointF(0, 0), font, SYLLABLE)
        box = glyph.boundingRect()
        glyph.translate(bubble.center() - box.center())
        # A thin outline in the same ink makes the strokes bolder than the font's bold.
        pen = QtGui.QPen(QtGui.QColor(INK), s * 0.014)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        p.setPen(pen)
        p.setBrush(QtGui.QColor(INK))
        p.drawPath(glyph)
    else:
        d = bubble.height() * 0.34
        p.setBrush(QtGui.QColor(INK))
        p.drawEllipse(bubble.center(), d / 2, d / 2)
    p.end()
    return img


def png_bytes(img) -> bytes:
    _app, QtCore, _QtGui = _qt()
    buf = QtCore.QBuffer()
    buf.open(QtCore.QIODevice.OpenModeFlag.WriteOnly)
    if not img.save(buf, "PNG"):
        raise RuntimeError("Qt could not write a PNG")
    return bytes(buf.data())


def bmp_entry(img) -> bytes:
    """An ICO bitmap entry: BITMAPINFOHEADER, BGRA rows bottom-up, an empty AND mask."""
    _app, _QtCore, QtGui = _qt()
    argb = img.convertToFormat(QtGui.QImage.Format.Format_ARGB32)  # straight alpha, BGRA
    w, h = argb.width(), argb.height()
    stride = argb.bytesPerLine()
    raw = bytes(argb.constBits())
    rows = [raw[y * stride : y * stride + w * 4] for y in range(h)]
    pixels = b"".join(reversed(rows))
    mask_stride = ((w + 31) // 32) * 4
    mask = bytes(mask_stride * h)  # alpha decides; the 1-bit mask is all "opaque"
    header = struct.pack(
        "<IiiHHIIiiII", 40, w, h * 2, 1, 32, 0, len(pixels) + len(mask), 0, 0, 0, 0
    )
    return header + pixels + mask


def ico_bytes(images: dict[int, object]) -> bytes:
    entries = []
    for size in ICO_SIZES:
        data = png_bytes(images[size]) if size >= 256 else bmp_entry(images[size])
        entries.append((size, data))
    offset = 6 + 16 * len(entries)
    out = [struct.pack("<HHH", 0, 1, len(entries))]
    for size, data in entries:
        dim = 0 if size >= 256 else size  # 0 means 256
        out.append(struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(data), offset))
        offset += len(data)
    out += [data for _size, data in entries]
    return b"".join(out)


def icns_bytes(pngs: dict[int, bytes]) -> bytes:
    body = b"".join(
        kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size] for kind, size in ICNS_TYPES
    )
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main() -> int:
    _app, _QtCore, QtGui = _qt()
    font_id = QtGui.QFontDatabase.addApplicationFont(str(FONT))
    if font_id < 0:
        print(f"cannot load {FONT.name}", file=sys.stderr)
        return 1
    family = QtGui.QFontDatabase.applicationFontFamilies(font_id)[0]
    images = {size: draw(size, family) for size in PNG_SIZES}
    pngs = {size: png_bytes(img) for size, img in images.items()}
    OUT.mkdir(parents=True, exist_ok=True)
    written = []
    for size, data in pngs.items():
        name = "app.png" if size == 1024 else f"app-{size}.png"
        (OUT / name).write_bytes(data)
        written.append(name)
    (OUT / "app.ico").write_bytes(ico_bytes(images))
    (OUT / "app.icns").write_bytes(icns_bytes(pngs))
    written += ["app.ico", "app.icns"]
    print(f"wrote {len(written)} files to resources/icons: {', '.join(written)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
