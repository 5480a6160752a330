"""Checks a notebook written by `mentorcert export notebook` (run by StatisticsExportTests).

Usage: python3 check_notebook.py NOTEBOOK.ipynb

1. Validates the file against the nbformat 4 JSON schema (nbformat.validate).
2. Checks that every cell tagged `figure` stores the engine's SVG (display_data, image/svg+xml) and
   that it parses as an XML <svg> document.
3. Clears every output, executes the notebook in a real Jupyter kernel (nbclient, python3 kernel,
   working directory = the notebook's directory, so the tables load by relative path), and checks
   that no cell raised and that execution itself produced an image in every figure cell.

Prints one JSON line {"cells": N, "figureCells": F, "storedSVG": S, "executedImages": I,
"executedImagesByTag": {TAG: count}} (figure cells whose execution drew an image, counted per further
tag, e.g. "dif") and exits 0, or prints the failure on stderr and exits 1.
"""
import json
import os
import sys
import xml.etree.ElementTree as ElementTree

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError


def fail(message):
    print("check_notebook: " + message, file=sys.stderr)
    sys.exit(1)


def main():
    if len(sys.argv) != 2:
        fail("usage: check_notebook.py NOTEBOOK.ipynb")
    path = sys.argv[1]
    nb = nbformat.read(path, as_version=4)
    try:
        nbformat.validate(nb)
    except nbformat.ValidationError as error:
        fail(f"{path} is not a valid nbformat 4 notebook: {error}")
    if nb.nbformat != 4:
        fail(f"{path}: nbformat {nb.nbformat}, expected 4")

    figures = [c for c in nb.cells if c.cell_type == "code" and "figure" in c.metadata.get("tags", [])]
    if not figures:
        fail(f"{path}: no cell is tagged 'figure'")
    stored = 0
    for cell in figures:
        svgs = [o for o in cell.outputs if o.output_type == "display_data" and "image/svg+xml" in o.get("data", {})]
        if not svgs:
            fail(f"{path}: figure cell {cell.get('id')} has no stored SVG output")
        svg = svgs[0]["data"]["image/svg+xml"]
        try:
            root = ElementTree.fromstring(svg)
        except ElementTree.ParseError as error:
            fail(f"{path}: figure cell {cell.get('id')}: the stored SVG is not well-formed XML: {error}")
        if root.tag != "{http://www.w3.org/2000/svg}svg":
            fail(f"{path}: figure cell {cell.get('id')}: the stored image/svg+xml is not an SVG document ({root.tag})")
        stored += 1

    # Clear every output, then run the notebook for real.
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    client = NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}})
    try:
        client.execute()
    except CellExecutionError as error:
        fail(f"{path}: a cell raised during execution:\n{error}")

    errors = [c for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    if errors:
        fail(f"{path}: {len(errors)} cell(s) produced an error output")
    executed = 0
    by_tag = {}
    for cell in figures:
        images = [o for o in cell.outputs if o.output_type in ("display_data", "execute_result")
                  and any(k.startswith("image/") for k in o.get("data", {}))]
        if not images:
            fail(f"{path}: figure cell {cell.get('id')} drew no image when executed")
        executed += 1
        for tag in cell.metadata.get("tags", []):
            if tag != "figure":
                by_tag[tag] = by_tag.get(tag, 0) + 1
    print(json.dumps({"cells": len(nb.cells), "figureCells": len(figures), "storedSVG": stored,
                      "executedImages": executed, "executedImagesByTag": by_tag}))


if __name__ == "__main__":
    main()
