"""Fills a data-entry workbook the way a person would, from a JSON spec:
{"CODE": {"kind": "number|text|percent|date|blank", "value": ..., "note": "..."}}.
Rows are found by their action code; the file is saved to OUT. Extra
operations: "_swap_rows" sorts the rows in reverse, "_insert_column"
inserts a column before the values, "_identity" sets a field of the hidden
identity sheet, "_add_row" appends a row with another action's code."""
import datetime
import json
from copy import copy
import sys

import openpyxl


def find_header(ws):
    for row in ws.iter_rows():
        for c in row:
            if c.value == "Codice azione":
                return c.row
    raise SystemExit("no Codice azione header")


def columns(ws, header_row):
    return {c.value: c.column for c in ws[header_row] if c.value}


def main(src, dst, spec_path):
    spec = json.load(open(spec_path, encoding="utf-8"))
    wb = openpyxl.load_workbook(src)
    ws = wb["Rilevazione"]
    header = find_header(ws)
    if spec.get("_insert_column"):
        ws.insert_cols(columns(ws, header)["Valore rilevato"])
        ws.cell(row=header, column=columns(ws, header)["Valore rilevato"] - 1, value="Colonna aggiunta")
    cols = columns(ws, header)
    code_col, value_col, note_col = cols["Codice azione"], cols["Valore rilevato"], cols["Note"]
    rows = {}
    last = header
    for r in range(header + 1, ws.max_row + 1):
        code = ws.cell(row=r, column=code_col).value
        if code:
            rows[str(code)] = r
            last = r
    if spec.get("_swap_rows"):
        # as a sort does: each row moves whole, values and formats
        codes = sorted(rows, key=lambda c: rows[c])
        cells = {c: [(ws.cell(row=rows[c], column=k).value, copy(ws.cell(row=rows[c], column=k)._style))
                     for k in range(1, ws.max_column + 1)] for c in codes}
        for c, r in zip(reversed(codes), sorted(rows.values())):
            for k, (v, style) in enumerate(cells[c], start=1):
                ws.cell(row=r, column=k, value=v)._style = style
            rows[c] = r
    for code, item in spec.items():
        if code.startswith("_"):
            continue
        r = rows[code]
        cell = ws.cell(row=r, column=value_col)
        kind, value = item["kind"], item.get("value")
        if kind == "blank":
            cell.value = None
        elif kind == "date":
            cell.value = datetime.datetime.strptime(value, "%Y-%m-%d")
            cell.number_format = "DD/MM/YYYY"
        elif kind == "percent":
            cell.value = value  # a fraction in a cell formatted as %
            cell.number_format = "0%"
        else:
            cell.value = value
        if "note" in item:
            ws.cell(row=r, column=note_col, value=item["note"])
    if "_add_row" in spec:
        ws.cell(row=last + 1, column=code_col, value=spec["_add_row"]["code"])
        ws.cell(row=last + 1, column=value_col, value=spec["_add_row"]["value"])
    for field, value in spec.get("_identity", {}).items():
        ident = wb["_cruscotto"]
        for row in ident.iter_rows():
            if row[0].value == field:
                row[1].value = value
    wb.save(dst)


if __name__ == "__main__":
    main(*sys.argv[1:4])
