#!/usr/bin/env python3
"""Validates a kpi-weights notebook with nbformat and executes it headless with nbclient.

    .venv/bin/python scripts/check_notebook.py NOTEBOOK.ipynb [EXECUTED.ipynb]

Prints one line `max_abs_difference=…` (the notebook's own comparison of its recomputed LMG
weights with kpi-weights'); exits non-zero if validation or execution fails.
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
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            text = output.get("text", "")
            for line in text.splitlines():
                if line.startswith("KPI_WEIGHTS_CHECK "):
                    payload = json.loads(line[len("KPI_WEIGHTS_CHECK "):])
                    print(f"max_abs_difference={payload['maxAbsDifference']!r}")
                    return 0
    print("no KPI_WEIGHTS_CHECK line in the outputs", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
