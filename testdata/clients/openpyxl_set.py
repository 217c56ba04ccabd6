"""Sets cells of a workbook, as a manager correcting a value in Excel:
openpyxl_set.py IN OUT 'Sheet!A1=value' ... (numbers are written as numbers)."""
import sys

import openpyxl


def main(src, dst, *assignments):
    wb = openpyxl.load_workbook(src)
    for a in assignments:
        where, value = a.split("=", 1)
        sheet, cell = where.rsplit("!", 1)
        try:
            value = float(value)
        except ValueError:
            pass
        wb[sheet][cell].value = value
    wb.save(dst)


if __name__ == "__main__":
    main(*sys.argv[1:])
