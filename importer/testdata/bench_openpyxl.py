"""Times what a user would otherwise script to read a plan: openpyxl
iterating every cell in read-only mode, and a full load that also sees the
merged ranges. Run by `make bench` on the generated 10,000-action plan."""
import sys
import time

import openpyxl


def read_only(path):
    start = time.perf_counter()
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    cells = 0
    for ws in wb.worksheets:
        # excelize's StreamWriter writes <dimension ref="A1">, which
        # read-only mode trusts; openpyxl's documented remedy:
        ws.reset_dimensions()
        for row in ws.iter_rows(values_only=True):
            cells += sum(1 for v in row if v is not None)
    wb.close()
    return time.perf_counter() - start, cells


def full_load(path):
    start = time.perf_counter()
    wb = openpyxl.load_workbook(path, data_only=True)
    merged = sum(len(ws.merged_cells.ranges) for ws in wb.worksheets)
    return time.perf_counter() - start, merged


if __name__ == "__main__":
    path = sys.argv[1]
    best = min(read_only(path) for _ in range(3))
    print(f"openpyxl read-only iteration: {best[0]:.3f} s ({best[1]} filled cells)")
    t, merged = full_load(path)
    print(f"openpyxl full load with merged cells: {t:.3f} s ({merged} merged ranges)")
