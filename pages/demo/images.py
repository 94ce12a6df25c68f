"""Diagrams drawn with Pillow and saved as Wagtail images; nothing is downloaded.

Front panels show what the appliance displays (the time, a TDS, a fault code);
pictograms illustrate one action of a procedure. Drawn at twice the size then
reduced, so edges are smooth without an anti-aliasing library.
"""

import math
from collections.abc import Callable
from functools import lru_cache
from io import BytesIO
from pathlib import Path

from django.core.files.images import ImageFile
from django.utils.text import slugify
from PIL import Image, ImageDraw, ImageFont
from wagtail.images import get_image_model
from wagtail.models import Collection

SCALE = 2
INK = (38, 50, 56)
PAPER = (248, 250, 251)
WATER = (33, 150, 243)
LIGHT_WATER = (187, 222, 251)
STEEL = (176, 190, 197)
WARNING = (230, 81, 0)
GOOD = (46, 125, 50)
LCD = (30, 50, 40)
LCD_TEXT = (140, 255, 170)
ACCENTS = {
    "softener": (0, 121, 107),
    "osmosis": (21, 101, 192),
    "filtration": (69, 90, 100),
    "uv": (106, 27, 154),
    "air": (0, 131, 143),
    "heat_pump": (198, 40, 40),
}

Draw = ImageDraw.ImageDraw


@lru_cache(maxsize=16)
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    # DejaVu when the system has it (accents, bold digits), Pillow's own otherwise.
    for path in (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
        "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf",
    ):
        if Path(path).exists():
            return ImageFont.truetype(path, size * SCALE)
    return ImageFont.load_default(size=size * SCALE)


def _s(*values: float) -> list[float]:
    return [v * SCALE for v in values]


def _text(draw: Draw, xy: tuple[float, float], text: str, size: int, fill=INK):
    draw.text(tuple(_s(*xy)), text, font=_font(size), fill=fill, anchor="mm")


def _canvas(width: int, height: int) -> tuple[Image.Image, Draw]:
    image = Image.new("RGB", (width * SCALE, height * SCALE), PAPER)
    return image, ImageDraw.Draw(image)


def _png(image: Image.Image) -> bytes:
    width, height = image.size
    small = image.resize((width // SCALE, height // SCALE), Image.Resampling.LANCZOS)
    buffer = BytesIO()
    small.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


# --- Front panels -------------------------------------------------------------


def front_panel(*, name: str, family: str, display: str, alarm: bool) -> bytes:
    """The appliance's control panel, its display showing ``display``."""
    accent = ACCENTS.get(family, INK)
    image, draw = _canvas(800, 480)
    draw.rounded_rectangle(_s(60, 40, 740, 440), radius=36 * SCALE, fill="white")
    draw.rounded_rectangle(
        _s(60, 40, 740, 110),
        radius=36 * SCALE,
        fill=accent,
        corners=(True, True, False, False),
    )
    draw.rounded_rectangle(
        _s(60, 40, 740, 440), radius=36 * SCALE, outline=accent, width=6 * SCALE
    )
    _text(draw, (400, 76), f"OXYPLUS  ·  {name}", 24, fill="white")
    # The display.
    draw.rounded_rectangle(
        _s(200, 150, 600, 300),
        radius=14 * SCALE,
        fill=LCD,
        outline=INK,
        width=4 * SCALE,
    )
    _text(draw, (400, 225), display, 64, fill=LCD_TEXT)
    # Indicator lights.
    lights = [("Marche", GOOD, True), ("Entretien", WARNING, alarm),
              ("Alarme", (211, 47, 47), alarm)]  # fmt: skip
    for i, (label, colour, on) in enumerate(lights):
        x = 150 + i * 90
        draw.ellipse(
            _s(x - 14, 330, x + 14, 358),
            fill=colour if on else STEEL,
            outline=INK,
            width=2 * SCALE,
        )
        _text(draw, (x, 385), label, 15)
    # Buttons.
    for i, label in enumerate(["▲", "▼", "OK"]):
        x = 480 + i * 80
        draw.ellipse(
            _s(x - 26, 318, x + 26, 370), fill=PAPER, outline=INK, width=3 * SCALE
        )
        _text(draw, (x, 344), label, 20)
    return _png(image)


# --- Pictograms -----------------------------------------------------------------


def _drop(draw: Draw, x: float, y: float, r: float, fill=WATER):
    draw.polygon(
        _s(x, y - 2.2 * r, x - r * 0.92, y - r * 0.4, x + r * 0.92, y - r * 0.4),
        fill=fill,
    )
    draw.ellipse(_s(x - r, y - r, x + r, y + r), fill=fill)


def _pipe(draw: Draw, x1, y1, x2, y2, width=26):
    draw.line(_s(x1, y1, x2, y2), fill=STEEL, width=width * SCALE)


def _valve(draw: Draw, x: float, y: float, open_: bool = True):
    draw.ellipse(
        _s(x - 30, y - 30, x + 30, y + 30), fill="white", outline=INK, width=4 * SCALE
    )
    if open_:
        draw.line(_s(x - 22, y, x + 22, y), fill=GOOD, width=8 * SCALE)
    else:
        draw.line(_s(x, y - 22, x, y + 22), fill=WARNING, width=8 * SCALE)


def _water_inlet(draw: Draw):
    _pipe(draw, 40, 160, 360, 160)
    _valve(draw, 200, 160)
    draw.arc(_s(150, 70, 250, 170), 200, 340, fill=INK, width=5 * SCALE)
    draw.polygon(_s(246, 110, 262, 96, 268, 122), fill=INK)
    for i, x in enumerate((120, 200, 280)):
        _drop(draw, x, 270 + (i % 2) * 20, 16)


def _electricity(draw: Draw):
    draw.rounded_rectangle(
        _s(110, 150, 250, 290),
        radius=20 * SCALE,
        fill="white",
        outline=INK,
        width=5 * SCALE,
    )
    for x in (155, 205):
        draw.rectangle(
            _s(x - 8, 95, x + 8, 150), fill=STEEL, outline=INK, width=3 * SCALE
        )
    draw.line(_s(180, 290, 180, 350, 300, 350), fill=INK, width=8 * SCALE)
    draw.polygon(
        _s(300, 60, 250, 170, 290, 170, 260, 270, 340, 140, 300, 140, 330, 60),
        fill=(255, 193, 7),
        outline=INK,
    )


def _pressure(draw: Draw):
    draw.ellipse(_s(70, 50, 330, 310), fill="white", outline=INK, width=8 * SCALE)
    draw.arc(_s(100, 80, 300, 280), 135, 405, fill=STEEL, width=14 * SCALE)
    draw.arc(_s(100, 80, 300, 280), 360, 405, fill=WARNING, width=14 * SCALE)
    draw.line(_s(200, 180, 270, 120), fill=(211, 47, 47), width=7 * SCALE)
    draw.ellipse(_s(188, 168, 212, 192), fill=INK)
    _text(draw, (200, 250), "bar", 26)
    _pipe(draw, 200, 310, 200, 380, width=30)


def _rinse(draw: Draw):
    draw.rounded_rectangle(
        _s(60, 60, 260, 110),
        radius=20 * SCALE,
        fill=STEEL,
        outline=INK,
        width=4 * SCALE,
    )
    draw.rectangle(_s(220, 110, 260, 160), fill=STEEL, outline=INK, width=4 * SCALE)
    for i in range(5):
        _drop(draw, 240 + (i % 2) * 8, 200 + i * 38, 10)
    draw.rounded_rectangle(
        _s(130, 320, 350, 370),
        radius=10 * SCALE,
        fill=LIGHT_WATER,
        outline=INK,
        width=4 * SCALE,
    )


def _salt(draw: Draw):
    draw.polygon(
        _s(110, 90, 290, 90, 320, 350, 80, 350),
        fill="white",
        outline=INK,
        width=5 * SCALE,
    )
    draw.line(_s(110, 90, 200, 60, 290, 90), fill=INK, width=5 * SCALE)
    _text(draw, (200, 190), "SEL", 54, fill=ACCENTS["softener"])
    _text(draw, (200, 260), "25 kg", 28)
    for x, y in ((120, 370), (160, 380), (250, 375), (290, 368)):
        draw.ellipse(
            _s(x - 14, y - 9, x + 14, y + 9), fill="white", outline=INK, width=2 * SCALE
        )


def _cartridge(draw: Draw):
    draw.rounded_rectangle(
        _s(130, 50, 270, 350),
        radius=24 * SCALE,
        fill=LIGHT_WATER,
        outline=INK,
        width=5 * SCALE,
    )
    for y in range(90, 330, 24):
        draw.line(_s(145, y, 255, y), fill=WATER, width=3 * SCALE)
    draw.rectangle(_s(170, 30, 230, 52), fill=STEEL, outline=INK, width=3 * SCALE)
    draw.line(_s(320, 320, 320, 90), fill=GOOD, width=10 * SCALE)
    draw.polygon(_s(300, 100, 340, 100, 320, 60), fill=GOOD)


def _wait(draw: Draw):
    draw.ellipse(_s(60, 50, 340, 330), fill="white", outline=INK, width=8 * SCALE)
    for i in range(12):
        angle = math.radians(i * 30)
        x1, y1 = 200 + 118 * math.sin(angle), 190 - 118 * math.cos(angle)
        x2, y2 = 200 + 132 * math.sin(angle), 190 - 132 * math.cos(angle)
        draw.line(_s(x1, y1, x2, y2), fill=INK, width=4 * SCALE)
    draw.line(_s(200, 190, 200, 95), fill=INK, width=8 * SCALE)
    draw.line(_s(200, 190, 270, 225), fill=WATER, width=8 * SCALE)
    draw.pieslice(
        _s(80, 70, 320, 310), -90, 30, fill=None, outline=WATER, width=4 * SCALE
    )


def _hardness(draw: Draw):
    draw.rounded_rectangle(
        _s(150, 40, 230, 330),
        radius=38 * SCALE,
        fill="white",
        outline=INK,
        width=5 * SCALE,
    )
    draw.rounded_rectangle(
        _s(156, 200, 224, 324), radius=32 * SCALE, fill=(129, 199, 132)
    )
    draw.polygon(_s(280, 60, 320, 60, 310, 160, 290, 160), fill=STEEL, outline=INK)
    _drop(draw, 300, 210, 12, fill=(123, 31, 162))
    _text(draw, (300, 320), "°f", 40)


def _bypass(draw: Draw):
    _pipe(draw, 30, 120, 370, 120)
    _pipe(draw, 110, 120, 110, 280)
    _pipe(draw, 290, 120, 290, 280)
    _pipe(draw, 110, 280, 290, 280)
    _valve(draw, 70, 120, open_=False)
    _valve(draw, 200, 120, open_=True)
    _valve(draw, 330, 120, open_=False)
    draw.rounded_rectangle(
        _s(150, 250, 250, 370), radius=16 * SCALE, fill=ACCENTS["softener"]
    )
    _text(draw, (200, 310), "BY", 26, fill="white")


def _wrench(draw: Draw):
    draw.line(_s(110, 300, 260, 150), fill=STEEL, width=40 * SCALE)
    draw.ellipse(_s(220, 60, 350, 190), fill=STEEL, outline=INK, width=4 * SCALE)
    draw.polygon(_s(285, 60, 350, 60, 350, 125, 300, 125), fill=PAPER)
    draw.ellipse(_s(80, 270, 140, 330), fill=STEEL, outline=INK, width=4 * SCALE)


def _uv_lamp(draw: Draw):
    draw.rounded_rectangle(
        _s(40, 160, 360, 220),
        radius=30 * SCALE,
        fill=(237, 231, 246),
        outline=INK,
        width=4 * SCALE,
    )
    draw.rounded_rectangle(
        _s(70, 175, 330, 205), radius=15 * SCALE, fill=(179, 136, 255)
    )
    draw.rectangle(_s(20, 170, 48, 210), fill=INK)
    for x in range(90, 330, 40):
        draw.line(_s(x, 150, x - 10, 100), fill=(156, 39, 176), width=4 * SCALE)
        draw.line(_s(x, 230, x - 10, 280), fill=(156, 39, 176), width=4 * SCALE)
    _text(draw, (200, 330), "UV-C", 34, fill=(106, 27, 154))


def _air_filter(draw: Draw):
    draw.rectangle(_s(80, 60, 320, 330), fill="white", outline=INK, width=6 * SCALE)
    points = []
    for i, x in enumerate(range(90, 320, 20)):
        points.extend([x, 70 if i % 2 == 0 else 320])
    draw.line(_s(*points), fill=STEEL, width=4 * SCALE)
    _text(draw, (200, 365), "HEPA H13", 28, fill=ACCENTS["air"])


def _thermometer(draw: Draw):
    draw.rounded_rectangle(
        _s(170, 40, 230, 290),
        radius=30 * SCALE,
        fill="white",
        outline=INK,
        width=5 * SCALE,
    )
    draw.ellipse(
        _s(145, 260, 255, 370), fill=(211, 47, 47), outline=INK, width=5 * SCALE
    )
    draw.rectangle(_s(187, 120, 213, 290), fill=(211, 47, 47))
    for y in range(70, 260, 30):
        draw.line(_s(240, y, 270, y), fill=INK, width=3 * SCALE)
    _text(draw, (310, 130), "55°", 34)


def _anode(draw: Draw):
    draw.rectangle(_s(170, 40, 230, 80), fill=STEEL, outline=INK, width=4 * SCALE)
    draw.rounded_rectangle(
        _s(185, 80, 215, 360),
        radius=14 * SCALE,
        fill=(189, 189, 189),
        outline=INK,
        width=3 * SCALE,
    )
    draw.line(_s(260, 200, 320, 200), fill=INK, width=3 * SCALE)
    draw.line(_s(260, 185, 260, 215), fill=INK, width=3 * SCALE)
    draw.line(_s(320, 185, 320, 215), fill=INK, width=3 * SCALE)
    _text(draw, (290, 240), "≥ 10 mm", 22)


PICTOGRAMS: dict[str, tuple[str, str, Callable[[Draw], None]]] = {
    "water_inlet": ("Ouvrir l'arrivée d'eau", "Une vanne sur un tuyau qu'on ouvre "
                    "d'un quart de tour, et l'eau qui coule", _water_inlet),
    "electricity": ("Alimentation électrique", "Une fiche électrique et un éclair",
                    _electricity),
    "pressure": ("Mesurer la pression", "Un manomètre gradué en bar, l'aiguille "
                 "juste avant la zone orange", _pressure),
    "rinse": ("Rincer", "Un robinet d'où l'eau coule dans un évier", _rinse),
    "salt": ("Sel régénérant", "Un sac de sel régénérant de 25 kg et des pastilles",
             _salt),
    "cartridge": ("Cartouche filtrante", "Une cartouche filtrante et une flèche "
                  "indiquant le sens de l'eau", _cartridge),
    "wait": ("Patienter", "Une horloge : l'opération dure quelques minutes", _wait),
    "hardness": ("Mesurer la dureté", "Une éprouvette de test de dureté qui vire "
                 "au vert et le flacon de réactif", _hardness),
    "bypass": ("By-pass 3 vannes", "Trois vannes : entrée et sortie fermées, vanne "
               "centrale ouverte", _bypass),
    "wrench": ("Intervention mécanique", "Une clé plate", _wrench),
    "uv_lamp": ("Lampe UV", "Une lampe UV dans sa gaine quartz, qui rayonne",
                _uv_lamp),
    "air_filter": ("Filtre HEPA", "Un filtre plissé HEPA H13", _air_filter),
    "thermometer": ("Température", "Un thermomètre indiquant 55 degrés",
                    _thermometer),
    "anode": ("Anode magnésium", "Une anode magnésium et la cote de 10 mm de "
              "diamètre minimal", _anode),
}  # fmt: skip


def pictogram(key: str) -> bytes:
    image, draw = _canvas(400, 400)
    PICTOGRAMS[key][2](draw)
    return _png(image)


# --- Catalogue pictures (thumbnails in the stock list and the cart) ---------------

PICTURE_SIZE = 240


def _tint(colour: tuple[int, int, int], amount: float) -> tuple[int, int, int]:
    """The colour mixed with white (amount 1: white)."""
    return tuple(round(c + (255 - c) * amount) for c in colour)


def appliance_picture(family: str) -> bytes:
    """A front view of the appliance: a cabinet, or a tall tank for a water
    heater and a softener, with its display and the family's colour band."""
    accent = ACCENTS.get(family, INK)
    image, draw = _canvas(PICTURE_SIZE, PICTURE_SIZE)
    draw.rectangle(_s(0, 0, PICTURE_SIZE, PICTURE_SIZE), fill=_tint(accent, 0.88))
    draw.ellipse(_s(50, 206, 190, 222), fill=_tint(accent, 0.7))  # its shadow
    if family in {"heat_pump", "softener"}:
        draw.rounded_rectangle(
            _s(74, 30, 166, 214), radius=40, fill="white", outline=INK, width=6
        )
        draw.rounded_rectangle(
            _s(74, 30, 166, 78),
            radius=40,
            fill=accent,
            corners=(True, True, False, False),
        )
        draw.rounded_rectangle(_s(96, 96, 144, 120), radius=6, fill=INK)
        draw.line(_s(80, 150, 160, 150), fill=STEEL, width=6)
    else:
        draw.rounded_rectangle(
            _s(52, 44, 188, 210), radius=18, fill="white", outline=INK, width=6
        )
        draw.rounded_rectangle(
            _s(52, 44, 188, 74),
            radius=18,
            fill=accent,
            corners=(True, True, False, False),
        )
        draw.rounded_rectangle(_s(84, 92, 156, 122), radius=6, fill=INK)
        for y in range(140, 196, 14):  # the grille
            draw.line(_s(76, y, 164, y), fill=STEEL, width=6)
    return _png(image)


def consumable_picture(family: str) -> bytes:
    """The part as it comes out of the box: a bag of salt, a UV lamp, or a
    filter cartridge with the family's colour cap."""
    accent = ACCENTS.get(family, INK)
    image, draw = _canvas(PICTURE_SIZE, PICTURE_SIZE)
    draw.rectangle(_s(0, 0, PICTURE_SIZE, PICTURE_SIZE), fill=_tint(accent, 0.88))
    if family == "softener":
        draw.rounded_rectangle(
            _s(56, 50, 184, 210), radius=28, fill="white", outline=INK, width=6
        )
        draw.rectangle(_s(56, 50, 184, 70), fill=accent)
        draw.rounded_rectangle(_s(86, 110, 154, 160), radius=10, fill=accent)
    elif family == "uv":
        draw.rounded_rectangle(
            _s(104, 24, 136, 196),
            radius=30,
            fill=_tint(accent, 0.55),
            outline=INK,
            width=5,
        )
        draw.rounded_rectangle(
            _s(96, 190, 144, 222), radius=6, fill=accent, outline=INK, width=5
        )
    else:
        draw.rounded_rectangle(
            _s(78, 40, 162, 214), radius=16, fill="white", outline=INK, width=6
        )
        draw.rounded_rectangle(
            _s(72, 28, 168, 58), radius=10, fill=accent, outline=INK, width=5
        )
        for y in range(76, 204, 14):  # the pleats
            draw.line(_s(90, y, 150, y), fill=_tint(accent, 0.4), width=5)
    return _png(image)


# --- Saving them ------------------------------------------------------------------


class ImageLibrary:
    """Finds or creates the demo's images by title, in one collection."""

    def __init__(self, *, collection: Collection):
        self.model = get_image_model()
        self.collection = collection
        self.images = {
            image.title: image
            for image in self.model.objects.filter(collection=collection)
        }
        self.created = 0

    def get(self, *, title: str, description: str, draw: Callable[[], bytes]):
        image = self.images.get(title)
        if image is None:
            image = self.model(
                title=title, description=description, collection=self.collection
            )
            image.file = ImageFile(BytesIO(draw()), name=f"{slugify(title)}.png")
            image.save()
            self.images[title] = image
            self.created += 1
        return image

    def pictogram(self, key: str):
        title, description, _draw = PICTOGRAMS[key]
        return self.get(
            title=f"Pictogramme — {title}",
            description=description,
            draw=lambda: pictogram(key),
        )

    def front_panel(self, *, name: str, family: str, display: str, alarm: bool):
        state = f"code {display}" if alarm else display
        return self.get(
            title=f"Façade {name} — afficheur {state}",
            description=(
                f"Le panneau de commande de l'appareil {name}, son afficheur "
                f"indiquant {display}"
                + (" et le voyant d'alarme allumé" if alarm else "")
            ),
            draw=lambda: front_panel(
                name=name, family=family, display=display, alarm=alarm
            ),
        )
