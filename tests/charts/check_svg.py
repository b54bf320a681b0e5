"""Checks that an SVG file is a well-formed, self-contained chart document.

Usage: check_svg.py FILE.svg   (exit 0 and prints "ok", or exit 1 and prints what is wrong)
"""
import sys
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"


def problems(path):
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as error:
        return [f"not well-formed XML: {error}"]
    found = []
    if root.tag != SVG + "svg":
        found.append(f"root element is {root.tag}, not svg in the SVG namespace")
    if not root.get("viewBox"):
        found.append("no viewBox on the root element")
    if root.find(SVG + "title") is None or not (root.find(SVG + "title").text or "").strip():
        found.append("no <title> child of the root element")
    if root.get("font-family") != "sans-serif":
        found.append("root font-family is not the generic sans-serif")
    for element in root.iter():
        name = element.tag.replace(SVG, "")
        if name in ("script", "foreignObject", "image", "style"):
            found.append(f"<{name}> element (charts must be self-contained)")
        for attribute, value in element.attrib.items():
            if attribute.endswith("href") and not value.startswith("#"):
                found.append(f"external reference {attribute}={value!r}")
            if attribute.startswith("on"):
                found.append(f"event handler {attribute}")
            if "nan" in value.lower() or "inf" in value.lower():
                if attribute not in ("font-family",) and name != "title":
                    found.append(f"non-finite number in <{name} {attribute}={value!r}>")
    return found


if __name__ == "__main__":
    found = problems(sys.argv[1])
    print("\n".join(found) if found else "ok")
    sys.exit(1 if found else 0)
