# -*- coding: utf-8 -*-
"""Writes the drift fixtures (2021 plan, one feature each, then all at once)
and their expected documents. Run: /usr/bin/python3 gen.py"""
import copy
import datetime as dt
import json
import os
import re
import shutil
import subprocess
import tempfile
import zipfile

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from plan2021 import LEGENDA, LEGENDA_CONTAIN, NOTE_SINGLE, NOTES, NOTES_CONTAIN, PLAN, SIGNATURES, UNITS, P

OUT = os.path.dirname(os.path.abspath(__file__))
YEARS = [2021, 2022, 2023]
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HFILL = PatternFill("solid", fgColor="DDEBF7")
SFILL = PatternFill("solid", fgColor="FCE4D6")
TFILL = PatternFill("solid", fgColor="F2F2F2")
WRAP = Alignment(wrap_text=True, vertical="center")
CENTER = Alignment(wrap_text=True, vertical="center", horizontal="center")

# ---------------------------------------------------------------- expectations

OPS = [("≥", ">="), (">=", ">="), ("=>", ">="), ("≤", "<="), ("<=", "<="), ("=<", "<="), (">", ">"), ("<", "<")]
MONTHS = ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto",
          "settembre", "ottobre", "novembre", "dicembre"]


def serial(d):
    return (d - dt.date(1899, 12, 30)).days


def num(s):
    s = s.strip().replace(".", "").replace(",", ".")
    v = float(s)
    return int(v) if v == int(v) else v


def expect_value(v, threshold=False):
    """What the plan document should hold for a typed value (None: nothing)."""
    if v is None:
        return None
    if isinstance(v, P):
        pts = round(float(v) * 100, 6)
        pts = int(pts) if pts == int(pts) else pts
        return {"raw": f"{pts}%", "kind": "percent", "value": pts}
    if isinstance(v, dt.date):
        return {"raw": v.strftime("%d/%m/%Y"), "kind": "date", "value": serial(v)}
    if isinstance(v, (int, float)):
        return {"raw": str(v), "kind": "number", "value": v}
    raw = v
    s = v.strip()
    out = {"raw": raw}
    for sign, op in OPS:
        if s.startswith(sign):
            out["op"] = op
            s = s[len(sign):].strip()
            break
    m = re.fullmatch(r"(?:entro il\s+)?(\d{2})/(\d{2})/(\d{4})", s)
    if m:
        d = dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        out.update(kind="date", value=serial(d))
        return out
    if s.lower() in ("si", "sì", "no"):
        out.update(kind="yesno")
        return out
    m = re.fullmatch(r"(?:frequenza\s+)?([\d.,]+)\s*%", s, re.I)
    if m:
        out.update(kind="percent", value=num(m.group(1)))
        return out
    for suffix, kind in (("gg", "days"), ("ore", "hours"), ("€", "euro"), ("mesi", "number")):
        m = re.fullmatch(r"([\d.,]+)\s*" + suffix, s)
        if m:
            out.update(kind=kind, value=num(m.group(1)))
            return out
    if s.lower() in MONTHS:
        out.update(kind="month", value=MONTHS.index(s.lower()) + 1)
        return out
    if re.fullmatch(r"[\d.,]+", s):
        out.update(kind="number", value=num(s))
        return out
    # words: a qualitative target; a threshold in words is not used (null), as in 2020
    if threshold:
        return None
    out.update(kind="qualitative")
    return out


def direction(t, t80, t60):
    if t.get("op") in (">=", ">"):
        return "higher"
    if t.get("op") in ("<=", "<"):
        return "lower"
    if t["kind"] == "date":
        return "lower"
    if t["kind"] == "yesno":
        return None
    if t["kind"] == "qualitative":
        return "higher"
    for th in (t80, t60):
        if th and th.get("value") is not None and t.get("value") is not None:
            return "lower" if t["value"] < th["value"] else "higher"
    return "lower" if t["kind"] == "month" else "higher"


def weight_pts(w):
    return expect_value(w)["value"]


def with_forms(a, forms):
    a = dict(a)
    if forms:
        for k, v in a["forms"].items():
            a[k] = v
    return a


def expected_doc(forms, skip=()):
    persps = []
    for p in PLAN:
        sos = []
        for so in p["sos"]:
            oos = []
            for oo in so["oos"]:
                acts = []
                src = oo["actions"] if oo["actions"] else [oo["direct"]]
                for a in src:
                    if a["code"] in skip:
                        continue
                    a = with_forms(a, forms)
                    t = expect_value(a["target"])
                    t80 = expect_value(a["t80"], True)
                    t60 = expect_value(a["t60"], True)
                    e = {"code": a["code"], "weight": 100 if oo["direct"] else weight_pts(a["weight"]),
                         "target": t, "t80": t80, "t60": t60}
                    d = direction(t, t80, t60)
                    if d:
                        e["direction"] = d
                    e["units"] = UNITS[a["resp"]]
                    e["pira"] = a["pira"]
                    acts.append(e)
                oos.append({"code": oo["code"], "weight": weight_pts(oo["weight"]), "actions": acts})
            sos.append({"code": str(so["code"]),
                        "targets": {str(y): expect_value(v)["value"] for y, v in zip(YEARS, so["targets"])},
                        "operational": oos})
        persps.append({"name": p["name"], "strategic": sos})
    return persps


# ---------------------------------------------------------------- layout

STD = dict(kpi="kpi", so_target="Target", a_target="target", soglie="Soglie", t80="80%", t60="60%",
           resp="Responsabile", weight_oo="peso", weight_a="Peso", pira=("PIRA", "Az."))


def columns(persp=True, hidden=False, syn=None, resp_first=False, pira_early=False):
    """Ordered column specs: key, group, label, sub, width, hidden."""
    L = dict(STD)
    if syn:
        L.update(syn)
    c = []
    if persp:
        c.append(dict(key="persp", group="Prospettiva", label=None, sub=None, width=6))
    g = "Obiettivi strategici"
    c += [dict(key="so_code", group=g, label="cod.", width=5),
          dict(key="so_desc", group=g, label="descrizione", width=22),
          dict(key="so_kpi", group=g, label=L["kpi"], width=13)]
    years = ([2020] if hidden else []) + YEARS
    for y in years:
        c.append(dict(key=f"so_t{y}", group=g, label=L["so_target"], sub=str(y), width=7, hidden=(y == 2020)))
    g = "Obiettivi operativi"
    c += [dict(key="oo_code", group=g, label="cod.", width=6),
          dict(key="oo_title", group=g, label="titolo / descrizione", width=24),
          dict(key="oo_weight", group=g, label=L["weight_oo"], width=7),
          dict(key="oo_kpi", group=g, label=L["kpi"], width=14)]
    g = "Azioni"
    c += [dict(key="a_code", group=g, label="cod.", width=7),
          dict(key="a_title", group=g, label="titolo / descrizione", width=30),
          dict(key="a_weight", group=g, label=L["weight_a"], width=7),
          dict(key="a_kpi", group=g, label=L["kpi"], width=38)]
    if hidden:
        c.append(dict(key="a_prev", group=g, label="Target 2020", width=10, hidden=True))
    c.append(dict(key="a_target", group=g, label=L["a_target"], width=12))
    if "t80_label" in L:
        th = [dict(key="t80", group=g, label=L["t80_label"], width=11),
              dict(key="t60", group=g, label=L["t60_label"], width=11)]
    else:
        th = [dict(key="t80", group=g, label=L["soglie"], sub=L["t80"], width=9),
              dict(key="t60", group=g, label=L["soglie"], sub=L["t60"], width=9)]
    pira = dict(key="pira", group=g, label=L["pira"][0], sub=L["pira"][1], width=7)
    resp = dict(key="resp", group=g, label=L["resp"], width=26)
    if pira_early:
        c += [resp, pira] + th
    elif resp_first:
        c += [resp] + th + [pira]
    else:
        c += th + [pira, resp]
    for x in c:
        x.setdefault("sub", None)
        x.setdefault("hidden", False)
    return c


class Writer:
    def __init__(self, name):
        self.name = name
        self.wb = Workbook()
        self.wb.remove(self.wb.active)
        self.formulas = []        # (sheet, ref, cached value)
        self.code_cells = {}      # action code -> "Sheet!L7"
        self.totale_cells = {}    # oo code -> "Sheet!N12"

    def sheet(self, title, cols):
        ws = self.wb.create_sheet(title)
        for i, c in enumerate(cols, 1):
            d = ws.column_dimensions[get_column_letter(i)]
            d.width = c["width"]
            if c["hidden"]:
                d.hidden = True
        return ws

    @staticmethod
    def col(cols, key):
        for i, c in enumerate(cols, 1):
            if c["key"] == key:
                return i
        return None

    def title_area(self, ws, cols, spec):
        """spec: dict(lines=[...], logo=(rows, ncols) or None, blank=1); returns the next row."""
        n = len(cols)
        logo = spec.get("logo")
        c0 = 1
        if logo:
            lr, lc = logo
            ws.merge_cells(start_row=1, start_column=1, end_row=lr, end_column=lc)
            c0 = lc + 1
        r = 1
        for i, line in enumerate(spec["lines"]):
            if line is not None:
                ws.cell(r, c0, line).font = Font(bold=(i < 2), size=14 if i == 0 else 11)
                ws.cell(r, c0).alignment = Alignment(horizontal="center")
                ws.merge_cells(start_row=r, start_column=c0, end_row=r, end_column=n)
            r += 1
        if logo:
            r = max(r, logo[0] + 1)
        return r + spec.get("blank", 1)

    def header(self, ws, cols, r0):
        n = len(cols)
        for r in range(r0, r0 + 3):
            for ci in range(1, n + 1):
                cell = ws.cell(r, ci)
                cell.border = BORDER
                cell.fill = HFILL
                cell.font = Font(bold=True)
                cell.alignment = CENTER
        # group row
        i = 0
        while i < n:
            j = i
            while j + 1 < n and cols[j + 1]["group"] == cols[i]["group"]:
                j += 1
            ws.cell(r0, i + 1, cols[i]["group"])
            if cols[i]["label"] is None:
                ws.merge_cells(start_row=r0, start_column=i + 1, end_row=r0 + 2, end_column=j + 1)
            elif j > i:
                ws.merge_cells(start_row=r0, start_column=i + 1, end_row=r0, end_column=j + 1)
            i = j + 1
        # label and sub rows
        i = 0
        while i < n:
            c = cols[i]
            if c["label"] is None:
                i += 1
                continue
            if c["sub"] is None:
                ws.cell(r0 + 1, i + 1, c["label"])
                ws.merge_cells(start_row=r0 + 1, start_column=i + 1, end_row=r0 + 2, end_column=i + 1)
                i += 1
                continue
            j = i
            while j + 1 < n and cols[j + 1]["label"] == c["label"] and cols[j + 1]["sub"] is not None \
                    and cols[j + 1]["group"] == c["group"]:
                j += 1
            ws.cell(r0 + 1, i + 1, c["label"])
            if j > i:
                ws.merge_cells(start_row=r0 + 1, start_column=i + 1, end_row=r0 + 1, end_column=j + 1)
            for k in range(i, j + 1):
                sub = cols[k]["sub"]
                ws.cell(r0 + 2, k + 1, int(sub) if sub.isdigit() else sub)
            i = j + 1
        return r0 + 3

    @staticmethod
    def put(ws, r, ci, v, align=WRAP, date_fmt="dd/mm/yyyy"):
        if ci is None or v is None:
            return
        cell = ws.cell(r, ci)
        if isinstance(v, P):
            cell.value = float(v)
            cell.number_format = "0%"
        elif isinstance(v, dt.date):
            cell.value = v
            cell.number_format = date_fmt
        else:
            cell.value = v
            if isinstance(v, str) and v.startswith("="):
                # typed as '=> 5 in Excel: text, not a formula
                cell.data_type = "s"
                cell.quotePrefix = True
        cell.alignment = align

    def full_row(self, ws, cols, r, text, fill=None, bold=False, merge=True):
        ws.cell(r, 1, text)
        ws.cell(r, 1).alignment = Alignment(wrap_text=False, vertical="center")
        if bold:
            ws.cell(r, 1).font = Font(bold=True)
        if fill:
            for ci in range(1, len(cols) + 1):
                ws.cell(r, ci).fill = fill
                ws.cell(r, ci).border = BORDER
        if merge:
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=len(cols))

    def block(self, ws, cols, r, persps, opt):
        """Writes the data rows of the given perspectives from row r; returns the next row."""
        C = lambda k: self.col(cols, k)
        forms = opt.get("forms")
        totals = opt.get("totals")
        sections = C("persp") is None
        for p in persps:
            if sections:
                self.full_row(ws, cols, r, p["name"], fill=SFILL, bold=True)
                r += 1
            p_start = r
            for so in p["sos"]:
                so_start = r
                so_end_excl_last_total = None
                for oi, oo in enumerate(so["oos"]):
                    oo_start = r
                    rows = oo["actions"] or [None]
                    for a in rows:
                        for ci in range(1, len(cols) + 1):
                            ws.cell(r, ci).border = BORDER
                        if r == oo_start:
                            self.put(ws, r, C("oo_code"), oo["code"])
                            self.put(ws, r, C("oo_title"), oo["title"])
                            self.put(ws, r, C("oo_weight"), oo["weight"])
                            self.put(ws, r, C("oo_kpi"), oo["kpi"])
                        if r == so_start:
                            self.put(ws, r, C("so_code"), so["code"])
                            ws.cell(r, C("so_code")).number_format = "0"
                            self.put(ws, r, C("so_desc"), so["desc"])
                            self.put(ws, r, C("so_kpi"), so["kpi"])
                            for y, v in zip(YEARS, so["targets"]):
                                self.put(ws, r, C(f"so_t{y}"), v)
                            self.put(ws, r, C("so_t2020"), so["prev"])
                        if r == p_start and not sections:
                            self.put(ws, r, C("persp"), p["name"],
                                     Alignment(text_rotation=90, vertical="center", horizontal="center"))
                        if a is None:  # objective measured directly
                            a = with_forms(oo["direct"], forms)
                        else:
                            a = with_forms(a, forms)
                            if a["code"] != opt.get("missing_code"):
                                self.put(ws, r, C("a_code"), a["code"])
                            self.put(ws, r, C("a_title"), a["title"])
                            wt = a["weight"]
                            if totals and oo["code"] not in totals.get("text", ()) \
                                    and oo["code"] != totals.get("wrong") and isinstance(wt, str):
                                # a person who totals with SUM has numeric weights (SUM skips text)
                                wt = P(float(wt.rstrip("%")) / 100)
                            self.put(ws, r, C("a_weight"), wt)
                            self.put(ws, r, C("a_kpi"), a["kpi"])
                        self.code_cells[a["code"]] = f"{ws.title}!{get_column_letter(C('a_code'))}{r}"
                        self.put(ws, r, C("a_prev"), a["prev"])
                        self.put(ws, r, C("a_target"), a["target"], date_fmt="mm-dd-yy")
                        self.put(ws, r, C("t80"), a["t80"])
                        self.put(ws, r, C("t60"), a["t60"])
                        self.put(ws, r, C("pira"), "si" if a["pira"] else None)
                        self.put(ws, r, C("resp"), a["resp"])
                        r += 1
                    oo_end = r - 1
                    tot_row = None
                    if totals and oo["actions"]:
                        tot_row = r
                        self.totale(ws, cols, r, oo, oo_start, oo_end, totals)
                        r += 1
                    last_oo = oi == len(so["oos"]) - 1
                    if last_oo and tot_row and so["code"] in totals.get("outside_so", ()):
                        so_end_excl_last_total = tot_row - 1
                    m_end = tot_row if (tot_row and oo["code"] in totals.get("in_oo", ())) else oo_end
                    if m_end > oo_start:
                        for k in ("oo_code", "oo_title", "oo_weight", "oo_kpi"):
                            ws.merge_cells(start_row=oo_start, start_column=C(k), end_row=m_end, end_column=C(k))
                so_end = so_end_excl_last_total or (r - 1)
                if so_end > so_start:
                    for k in ["so_code", "so_desc", "so_kpi"] + [f"so_t{y}" for y in [2020] + YEARS]:
                        if C(k):
                            ws.merge_cells(start_row=so_start, start_column=C(k), end_row=so_end, end_column=C(k))
            if not sections and r - 1 > p_start:
                ws.merge_cells(start_row=p_start, start_column=C("persp"), end_row=r - 1, end_column=C("persp"))
        return r

    def totale(self, ws, cols, r, oo, first, last, totals):
        C = lambda k: self.col(cols, k)
        wc = C("a_weight")
        label = totals.get("labels", {}).get(oo["code"], "Totale")
        if oo["code"] in totals.get("label_in_code", ()):
            ws.cell(r, C("a_code"), label)
            ws.merge_cells(start_row=r, start_column=C("a_code"), end_row=r, end_column=C("a_title"))
        else:
            ws.cell(r, C("a_title"), label)
        for ci in range(C("a_code"), len(cols) + 1):
            ws.cell(r, ci).fill = TFILL
            ws.cell(r, ci).font = Font(bold=True)
        for ci in range(1, len(cols) + 1):
            ws.cell(r, ci).border = BORDER
        cell = ws.cell(r, wc)
        L = get_column_letter(wc)
        if oo["code"] == totals.get("wrong"):
            cell.value = 0.9
            cell.number_format = "0%"
        elif oo["code"] in totals.get("text", ()):
            cell.value = "100%"
        else:
            cell.value = f"=SUM({L}{first}:{L}{last})"
            cell.number_format = "0%"
            cached = sum(float(ws.cell(k, wc).value) for k in range(first, last + 1)
                         if isinstance(ws.cell(k, wc).value, (int, float)))
            self.formulas.append((ws.title, f"{L}{r}", repr(cached)))
        self.totale_cells[oo["code"]] = f"{ws.title}!{L}{r}"

    def notes(self, ws, cols, r, lines, merge_last=True):
        for i, line in enumerate(lines):
            if isinstance(line, tuple):  # a line typed in two cells (A and C), not merged
                ws.cell(r, 1, line[0])
                ws.cell(r, 3, line[1])
            else:
                merge = merge_last or i < len(lines) - 1
                self.full_row(ws, cols, r, line, bold=(i == 0), merge=merge)
            r += 1
        return r

    def signatures(self, ws, r, merged=False):
        """merged: each signature centred over half of the table (A:J, K:last), else in C and M as in 2020."""
        n = ws.max_column
        for i, (a, b) in enumerate([("IL SEGRETARIO GENERALE", "LA PRESIDENTE"),
                                    ("(Marco Bonat)", "(Loretta Credaro)"),
                                    ("firmato digitalmente", "firmato digitalmente")]):
            ca, cb = (1, 11) if merged else (3, 13)
            ws.cell(r + i, ca, a).alignment = Alignment(horizontal="center")
            ws.cell(r + i, cb, b).alignment = Alignment(horizontal="center")
            if merged:
                ws.merge_cells(start_row=r + i, start_column=1, end_row=r + i, end_column=10)
                ws.merge_cells(start_row=r + i, start_column=11, end_row=r + i, end_column=n)
        return r + 3

    def save(self):
        path = os.path.join(OUT, self.name)
        self.wb.save(path)
        if self.formulas:
            inject_cached(path, self.wb, self.formulas)
        return path


def inject_cached(path, wb, formulas):
    """Adds the cached value Excel would have written to each formula cell."""
    idx = {ws.title: i + 1 for i, ws in enumerate(wb.worksheets)}
    by_sheet = {}
    for s, ref, v in formulas:
        by_sheet.setdefault(idx[s], {})[ref] = v
    tmp = path + ".tmp"
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            m = re.fullmatch(r"xl/worksheets/sheet(\d+)\.xml", item.filename)
            if m and int(m.group(1)) in by_sheet:
                refs = by_sheet[int(m.group(1))]
                xml = data.decode("utf-8")

                def fix(mm):
                    ref = mm.group(1)
                    if ref not in refs:
                        return mm.group(0)
                    return mm.group(0).replace("<v></v>", "").replace("<v />", "").replace(
                        "</f>", f"</f><v>{refs[ref]}</v>", 1)
                xml2, n = re.subn(r'<c r="([A-Z]+\d+)"[^>]*>(?:(?!</c>).)*?<f>[^<]*</f>(?:<v\s*/>|<v></v>)?</c>',
                                  fix, xml)
                assert n >= len(refs), (item.filename, n, len(refs))
                data = xml2.encode("utf-8")
            zout.writestr(item, data)
    os.replace(tmp, path)


def libreoffice_resave(src, dst):
    with tempfile.TemporaryDirectory() as d:
        prof = os.path.join(d, "profile")
        outdir = os.path.join(d, "out")
        os.makedirs(outdir)
        tmpsrc = os.path.join(d, "in.xlsx")
        shutil.copy(src, tmpsrc)
        subprocess.run(["soffice", f"-env:UserInstallation=file://{prof}", "--headless",
                        "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", outdir, tmpsrc],
                       check=True, capture_output=True, timeout=180)
        shutil.copy(os.path.join(outdir, "in.xlsx"), dst)


# ---------------------------------------------------------------- files

DEFAULT_TITLE = dict(lines=["PIANO DELLA PERFORMANCE 2021-2023 - Obiettivi strategici, operativi e azioni"], blank=1)


def build_sheets(name, opt, cols_for=None, title_for=None):
    """One sheet per perspective, like 2020."""
    w = Writer(name)
    for i, p in enumerate(PLAN):
        cols = cols_for(i) if cols_for else columns(hidden=opt.get("hidden"))
        ws = w.sheet(p["sheet"], cols)
        r = w.title_area(ws, cols, title_for(i) if title_for else DEFAULT_TITLE)
        r = w.header(ws, cols, r)
        split = p.get("split_before") if opt.get("legenda") else None
        if split:
            first = dict(p, sos=[s for s in p["sos"] if s["code"] < split])
            second = dict(p, sos=[s for s in p["sos"] if s["code"] >= split])
            r = w.block(ws, cols, r, [first], opt)
            r = w.notes(ws, cols, r + 1, LEGENDA)
            r = w.header(ws, cols, r + 1)
            r = w.block(ws, cols, r, [second], opt)
        else:
            r = w.block(ws, cols, r, [p], opt)
        if i == 2 and opt.get("notes"):
            r = w.notes(ws, cols, r + 1, [NOTE_SINGLE], merge_last=False)
        if i == len(PLAN) - 1 and opt.get("notes"):
            r = w.notes(ws, cols, r + 1, NOTES)
            w.signatures(ws, r + 2)
    w.save()
    return w


def write_expected(name, w, forms=False, refused=False, error_cells=(), notes=(), warnings=(), extra=None):
    doc = {"year": 2021, "refused": refused, "error_cells": list(error_cells),
           "perspectives": [] if refused else expected_doc(forms),
           "notes_contain": list(notes), "warnings_contain": list(warnings)}
    if notes:
        doc["notes_optional"] = SIGNATURES
    if extra:
        doc.update(extra)
    base = name[:-5]
    with open(os.path.join(OUT, base + ".expected.json"), "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=1)
        f.write("\n")


def main():
    # 1. notes
    w = build_sheets("notes.xlsx", dict(notes=True, legenda=True))
    write_expected("notes.xlsx", w, notes=NOTES_CONTAIN + LEGENDA_CONTAIN + ["formazione obbligatoria"])

    # 2. title area
    def title_for(i):
        lines = ["CAMERA DI COMMERCIO INDUSTRIA ARTIGIANATO E AGRICOLTURA",
                 "PIANO DELLA PERFORMANCE 2021-2023",
                 "Allegato A - Obiettivi strategici, operativi e azioni",
                 "Approvato con deliberazione della Giunta camerale n. 12 del 29/01/2021"]
        if i == 0:
            return dict(lines=lines, logo=(5, 3), blank=1)          # header at row 7
        if i == 1:
            return dict(lines=lines[:2], logo=(4, 2), blank=2)      # header at row 7
        if i == 2:
            return dict(lines=lines + [None, "Prospettiva: Apprendimento e crescita"], logo=(6, 3), blank=1)  # row 8
        return dict(lines=[None] + lines[1:3], logo=None, blank=1)  # blank first line, header at row 5
    w = build_sheets("title-area.xlsx", {}, title_for=title_for)
    write_expected("title-area.xlsx", w)

    # 3. sections
    w = Writer("sections.xlsx")
    cols = columns(persp=False)
    ws = w.sheet("Piano 2021", cols)
    r = w.title_area(ws, cols, DEFAULT_TITLE)
    r = w.header(ws, cols, r)
    w.block(ws, cols, r, PLAN, {})
    w.save()
    write_expected("sections.xlsx", w)

    # 4. totals
    totals = dict(wrong="2.1", text=("1.5",), in_oo=("1.1", "3.3"), label_in_code=("1.2", "2.2", "3.5"),
                  outside_so=(2, 4), labels={"2.3": "TOTALE", "3.4": "Totale pesi"})
    # totals-cached.xlsx: written with the cached values Excel would store;
    # totals-nocache.xlsx: the same without cached values (never opened in a spreadsheet program);
    # totals.xlsx: totals-nocache.xlsx re-saved by LibreOffice, which computes and caches the SUMs.
    w = build_sheets("totals-cached.xlsx", dict(totals=totals))
    wrong = w.totale_cells["2.1"]
    shutil.copy(os.path.join(OUT, "totals-cached.xlsx"), os.path.join(OUT, "totals-nocache.xlsx"))
    strip_cached(os.path.join(OUT, "totals-nocache.xlsx"))
    libreoffice_resave(os.path.join(OUT, "totals-nocache.xlsx"), os.path.join(OUT, "totals.xlsx"))
    for n in ("totals.xlsx", "totals-cached.xlsx", "totals-nocache.xlsx"):
        write_expected(n, w, warnings=[wrong], extra={"wrong_total_cell": wrong})

    # 5. hidden columns
    w = build_sheets("hidden-columns.xlsx", dict(hidden=True))
    write_expected("hidden-columns.xlsx", w)

    # 6. synonyms
    syn_a = dict(kpi="Indicatore", a_target="Risultato atteso", t80_label="Soglia intermedia",
                 t60_label="Soglia minima", resp="Struttura responsabile", weight_oo="Peso %", weight_a="Peso %")
    syn_b = dict(kpi="Indicatore", so_target="Valore atteso", a_target="Valore atteso", t80_label="Soglia 80%",
                 t60_label="Soglia 60%", resp="Unità organizzativa", weight_oo="Peso %", weight_a="Peso %")

    def syn_cols(i):
        if i % 2 == 0:
            return columns(syn=syn_a, resp_first=True)
        return columns(syn=syn_b, pira_early=True)
    w = build_sheets("synonyms.xlsx", {}, cols_for=syn_cols)
    write_expected("synonyms.xlsx", w)

    # 7. values
    w = build_sheets("values.xlsx", dict(forms=True))
    write_expected("values.xlsx", w, forms=True)

    # 8. all at once, 9. missing code
    for name, missing in (("all.xlsx", None), ("missing-code.xlsx", "2.1.2")):
        w = build_all(name, missing)
        if missing:
            write_expected(name, w, refused=True, error_cells=[w.code_cells[missing]])
        else:
            wrong = w.totale_cells["2.1"]
            write_expected(name, w, forms=True, notes=NOTES_CONTAIN + LEGENDA_CONTAIN, warnings=[wrong],
                           extra={"wrong_total_cell": wrong})
    # every feature except section rows, one sheet per perspective: shows what the others do together
    syn = dict(kpi="Indicatore", a_target="Risultato atteso", t80_label="Soglia intermedia", t60_label="Soglia minima",
               resp="Unità organizzativa", weight_oo="Peso %", weight_a="Peso %")
    w = build_sheets("all-sheets.xlsx", dict(forms=True, totals=totals, notes=True, legenda=True, hidden=True),
                     cols_for=lambda i: columns(hidden=True, syn=syn, resp_first=True),
                     title_for=lambda i: dict(lines=["CAMERA DI COMMERCIO INDUSTRIA ARTIGIANATO E AGRICOLTURA",
                                                     "PIANO DELLA PERFORMANCE 2021-2023", None,
                                                     "Obiettivi strategici, operativi e azioni"], logo=(5, 3), blank=1))
    wrong = w.totale_cells["2.1"]
    write_expected("all-sheets.xlsx", w, forms=True, notes=NOTES_CONTAIN + LEGENDA_CONTAIN + ["formazione obbligatoria"],
                   warnings=[wrong], extra={"wrong_total_cell": wrong})
    libreoffice_resave(os.path.join(OUT, "all.xlsx"), os.path.join(OUT, "all-libreoffice.xlsx"))
    shutil.copy(os.path.join(OUT, "all.expected.json"), os.path.join(OUT, "all-libreoffice.expected.json"))


def build_all(name, missing):
    syn = dict(kpi="Indicatore", a_target="Risultato atteso", t80_label="Soglia 80%", t60_label="Soglia 60%",
               resp="Struttura responsabile", weight_oo="Peso %", weight_a="Peso %")
    cols = columns(persp=False, hidden=True, syn=syn, resp_first=True)
    totals = dict(wrong="2.1", text=("1.5",), in_oo=("1.1", "3.3"), label_in_code=("1.2", "2.2", "3.5"),
                  outside_so=(2, 4), labels={"2.3": "TOTALE", "3.4": "Totale pesi"})
    opt = dict(forms=True, totals=totals, missing_code=missing)
    w = Writer(name)
    ws = w.sheet("Piano 2021", cols)
    r = w.title_area(ws, cols, dict(lines=["CAMERA DI COMMERCIO INDUSTRIA ARTIGIANATO E AGRICOLTURA",
                                           "PIANO DELLA PERFORMANCE 2021-2023",
                                           "Allegato A - Obiettivi strategici, operativi e azioni",
                                           "Approvato con deliberazione della Giunta camerale n. 12 del 29/01/2021"],
                                    logo=(5, 3), blank=1))
    r = w.header(ws, cols, r)
    r = w.block(ws, cols, r, PLAN[:2], opt)
    r = w.notes(ws, cols, r + 1, LEGENDA, merge_last=False)
    r = w.header(ws, cols, r + 1)
    r = w.block(ws, cols, r, PLAN[2:], opt)
    r = w.notes(ws, cols, r + 1, NOTES, merge_last=False)   # the last numbered note typed in A, not merged
    w.signatures(ws, r + 2, merged=True)
    w.save()
    return w


def strip_cached(path):
    tmp = path + ".tmp"
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data = re.sub(rb"(</f>)<v>[^<]*</v>", rb"\1", data)
            zout.writestr(item, data)
    os.replace(tmp, path)


if __name__ == "__main__":
    main()
