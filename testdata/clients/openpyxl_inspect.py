"""Reports, as JSON, what openpyxl sees in a workbook: sheets and their
visibility, protection, the entry sheet's cells (value, locked, fill,
comment) and its data validations. Used by the Go tests as a real client."""
import json
import sys

import openpyxl


def main(path, mode=""):
    # "values": what the formulas last computed (data_only), not their text
    wb = openpyxl.load_workbook(path, data_only=(mode == "values"))
    out = {
        "sheets": [{"title": ws.title, "state": ws.sheet_state, "protected": bool(ws.protection.sheet)} for ws in wb.worksheets],
        "lock_structure": bool(wb.security and wb.security.lockStructure),
        "cells": {},
        "validations": [],
        "layout": {},
        "charts": {ws.title: len(ws._charts) for ws in wb.worksheets},
        "conditional_formats": {ws.title: [str(r.sqref) for r in ws.conditional_formatting] for ws in wb.worksheets},
        "full_calc_on_load": bool(wb.calculation and wb.calculation.fullCalcOnLoad),
    }
    for ws in wb.worksheets:
        out["layout"][ws.title] = {
            "freeze_panes": ws.freeze_panes,
            "print_title_rows": ws.print_title_rows,
            "orientation": ws.page_setup.orientation,
            "fit_to_width": ws.page_setup.fitToWidth,
            "fit_to_page": bool(ws.sheet_properties.pageSetUpPr and ws.sheet_properties.pageSetUpPr.fitToPage),
            "auto_filter": ws.auto_filter.ref,
        }
        for row in ws.iter_rows():
            for c in row:
                if c.value is None and c.comment is None:
                    continue
                fill = c.fill.fgColor.rgb if c.fill and c.fill.fill_type == "solid" else None
                out["cells"][f"{ws.title}!{c.coordinate}"] = {
                    "value": c.value if isinstance(c.value, (int, float, str)) or c.value is None else str(c.value),
                    "locked": bool(c.protection.locked),
                    "format": c.number_format,
                    "fill": fill if isinstance(fill, str) else None,
                    "comment": c.comment.text if c.comment else None,
                }
        for dv in ws.data_validations.dataValidation:
            out["validations"].append({
                "sheet": ws.title, "type": dv.type, "operator": dv.operator, "formula1": dv.formula1, "formula2": dv.formula2,
                "sqref": str(dv.sqref), "prompt": dv.prompt, "error": dv.error, "allow_blank": bool(dv.allow_blank),
            })
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main(*sys.argv[1:3])
