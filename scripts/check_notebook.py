#!/usr/bin/env python3
"""Validates a kpi-weights notebook with nbformat and executes it headless with nbclient.

    .venv/bin/python scripts/check_notebook.py NOTEBOOK.ipynb [EXECUTED.ipynb]

Prints `max_abs_difference=…` (the notebook's own comparison of its recomputed weights with
kpi-weights'), `recommended_difference=…` when it recomputes a recommendation, and
`stderr=[…]` (JSON: every text the cells wrote to standard error, such as matplotlib's findfont
warnings); exits non-zero if validation or execution fails.
"""
import json
import os
import sys

import nbformat
from nbclient import NotebookClient


def main():
    path = sys.argv[1]
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    assert notebook.nbformat == 4 and notebook.nbformat_minor >= 5, "not nbformat 4.5"
    assert all("id" in cell for cell in notebook.cells), "a cell has no id"
    client = NotebookClient(notebook, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}})
    client.execute()
    if len(sys.argv) > 2:
        nbformat.write(notebook, sys.argv[2])
    found, recommended, stderr = None, None, []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            text = output.get("text", "")
            if output.get("name") == "stderr":
                stderr.append(text)
            for line in text.splitlines():
                if line.startswith("KPI_WEIGHTS_CHECK "):
                    found = json.loads(line[len("KPI_WEIGHTS_CHECK "):])["maxAbsDifference"]
                if line.startswith("KPI_WEIGHTS_RECOMMENDED "):
                    recommended = json.loads(line[len("KPI_WEIGHTS_RECOMMENDED "):])["maxAbsDifference"]
    if found is None:
        print("no KPI_WEIGHTS_CHECK line in the outputs", file=sys.stderr)
        return 1
    print(f"max_abs_difference={found!r}")
    if recommended is not None:
        print(f"recommended_difference={recommended!r}")
    print("stderr=" + json.dumps(stderr, ensure_ascii=False))
    return 0

if __name__ == "__main__":
    sys.exit(main())
