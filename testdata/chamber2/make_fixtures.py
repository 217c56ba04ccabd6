#!/usr/bin/python3
"""Builds the «Chamber 2» fixtures (issue 11) from the requirement text only.

Run: /usr/bin/python3 make_fixtures.py   (then the LibreOffice re-save, see README)
"""
import datetime as dt
import json
import re

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

CHAMBER = "Camera di Commercio, Industria, Artigianato e Agricoltura di Valmarina"
PLAN = "Piano della Performance 2022-2024"


class Pct:
    """A number cell formatted as percentage (0.8 shown «80%»)."""
    def __init__(self, v):
        self.v = v


class Date:
    def __init__(self, y, m, d):
        self.d = dt.datetime(y, m, d)


# ---------------------------------------------------------------- strategic
A1 = "Competitività delle imprese e del territorio"
A2 = "Semplificazione e trasparenza"
A3 = "Efficienza e sostenibilità economica dell'ente"

STRATEGIC = [
    (A1, "OS1", "Sostenere la digitalizzazione e l'innovazione delle imprese",
     "Imprese assistite nei processi di trasformazione digitale",
     "N. imprese assistite dal Punto Impresa Digitale (assessment, mentoring, voucher)",
     ["≥ 350", "≥ 400", "≥ 450"]),
    (A1, "OS2", "Promuovere l'internazionalizzazione delle PMI",
     "Imprese coinvolte in iniziative di internazionalizzazione",
     "N. imprese partecipanti a fiere, missioni, incontri B2B e percorsi formativi",
     ["≥ 120", "≥ 130", "≥ 150"]),
    (A1, "OS3", "Valorizzare il turismo e il patrimonio culturale del territorio",
     "Progetti di valorizzazione turistica realizzati in partenariato",
     "N. progetti realizzati con enti locali e associazioni di categoria",
     ["> 3", "> 4", "> 5"]),
    (A2, "OS4", "Semplificare gli adempimenti amministrativi per le imprese",
     "Pratiche del Registro Imprese evase entro 5 giorni",
     "Pratiche evase entro 5 gg / pratiche pervenute × 100",
     ["≥ 80%", "≥ 85%", "≥ 90%"]),
    (A2, "OS5", "Garantire la trasparenza e la regolazione del mercato",
     "Grado di assolvimento degli obblighi di trasparenza",
     "Obblighi di pubblicazione assolti / obblighi previsti dal D.Lgs. 33/2013 × 100",
     [Pct(1), Pct(1), Pct(1)]),
    (A3, "OS6", "Ottimizzare la gestione delle risorse economiche dell'ente",
     "Tasso di riscossione spontanea del diritto annuale",
     "Diritto annuale riscosso spontaneamente / diritto annuale dovuto × 100",
     ["≥ 74%", "≥ 75%", "≥ 76 %"]),
    (A3, "OS7", "Valorizzare il capitale umano e l'organizzazione",
     "Ore di formazione erogate al personale",
     "Somma delle ore di formazione fruite dai dipendenti nell'anno",
     ["≥ 1.200", "≥ 1.300", "≥ 1.400"]),
]

# ---------------------------------------------------------------- operational
# row: (cod_ind, indicatore, algoritmo, tipologia, um, peso_ind, baseline, target, unit)
# objective: (code, title, weight, merged_unit or None, rows)
U_SG = "Segreteria Generale"
U_AR = "Area Anagrafe e Registri"
U_PR = "Servizio Promozione"
U_RA = "Ufficio Ragioneria"
U_PV = "Ufficio Provveditorato"
U_RM = "Servizio Regolazione del Mercato"
U_PE = "Ufficio Personale"
U_CO = "Ufficio Comunicazione e URP"
U_IN = "Ufficio Internazionalizzazione"
U_SU = "Ufficio SUAP e Ambiente"

OPERATIONAL = {
    "OS1": ("OS1 – Sostenere la digitalizzazione e l'innovazione delle imprese", [
        ("OO1.1", "Potenziare le attività del Punto Impresa Digitale (PID)", Pct(0.6), U_PR, [
            ("1.1.1", "Imprese che hanno effettuato l'assessment di maturità digitale",
             "N. assessment SELFI4.0 / ZOOM4.0 completati nell'anno", "Efficacia", "numero",
             Pct(0.4), "312", "≥ 350", None),
            ("1.1.2", "Voucher digitali I4.0 liquidati",
             "Voucher liquidati / voucher concessi × 100", "Efficienza", "%",
             Pct(0.3), Pct(0.85), "≥ 90%", None),
            ("1.1.3", "Eventi formativi e webinar sulla trasformazione digitale",
             "N. eventi realizzati", "Efficacia", "numero",
             "30%", 8, "> 10", None),
        ]),
        ("OO1.2", "Diffondere gli strumenti di identità digitale per le imprese", "40%", U_AR, [
            ("1.2.1", "Dispositivi di firma digitale e CNS rilasciati",
             "N. dispositivi rilasciati nell'anno", "Efficacia", "numero",
             "50%", "4.120", "≥ 4.500", None),
            ("1.2.2", "Tempo medio di rilascio dei dispositivi",
             "Media dei giorni tra richiesta e rilascio", "Efficienza", "giorni",
             "50%", "3 gg", "≤ 2 gg", None),
        ]),
    ]),
    "OS2": ("OS2 – Promuovere l'internazionalizzazione delle PMI", [
        ("OO2.1", "Accompagnare le imprese sui mercati esteri", Pct(0.7), U_IN, [
            ("2.1.1", "Imprese partecipanti a iniziative di internazionalizzazione",
             "N. imprese partecipanti a fiere, missioni e incontri B2B", "Efficacia", "numero",
             Pct(0.6), 96, "≥ 120", None),
            ("2.1.2", "Grado di soddisfazione delle imprese partecipanti",
             "Media dei giudizi espressi nei questionari (scala 1-5)", "Qualità", "numero",
             Pct(0.4), "3,2", "≥ 3,5", None),
        ]),
        # measured directly: no indicator code, indicator on the objective's own row
        ("OO2.2", "Rilasciare tempestivamente i certificati di origine e i documenti per l'estero",
         Pct(0.3), U_IN, [
            (None, "Certificati di origine rilasciati entro 2 giorni lavorativi",
             "Certificati rilasciati entro 2 gg / certificati richiesti × 100", "Efficienza", "%",
             None, Pct(0.94), "≥ 95%", None),
        ]),
    ]),
    "OS3": ("OS3 – Valorizzare il turismo e il patrimonio culturale del territorio", [
        ("OO3.1", "Realizzare il programma annuale di promozione turistica", Pct(1),
         U_PR + " - " + U_SG, [
            ("3.1.1", "Progetti di promozione turistica avviati con enti del territorio",
             "N. progetti avviati", "Efficacia", "numero",
             "50%", None, "≥ 3", None),
            ("3.1.2", "Approvazione del programma annuale di promozione turistica",
             "Data di approvazione della delibera di Giunta", "Efficacia", "data",
             "50%", None, "entro il 31/03/2022", None),
        ]),
    ]),
    "OS4": ("OS4 - Semplificare gli adempimenti amministrativi per le imprese", [
        ("OO4.1", "Ridurre i tempi di evasione delle pratiche del Registro Imprese", Pct(0.5), U_AR, [
            ("4.1.1", "Pratiche del Registro Imprese evase entro 5 giorni",
             "Pratiche evase entro 5 gg / pratiche pervenute × 100", "Efficienza", "%",
             Pct(0.5), Pct(0.78), "≥ 80%", None),
            ("4.1.2", "Tempo medio di lavorazione delle pratiche del Registro Imprese",
             "Media dei giorni tra protocollazione ed evasione", "Efficienza", "giorni",
             Pct(0.3), "4,2 gg", "≤ 4 gg", None),
            ("4.1.3", "Pratiche sospese per irregolarità",
             "Pratiche sospese / pratiche pervenute × 100", "Qualità", "%",
             Pct(0.2), "12%", "< 10%", None),
        ]),
        ("OO4.2", "Potenziare lo Sportello Unico per le Attività Produttive (SUAP)", "30%", U_SU, [
            ("4.2.1", "Comuni convenzionati con il SUAP camerale",
             "N. comuni che utilizzano la piattaforma impresainungiorno.gov.it", "Efficacia", "numero",
             "60%", 22, "≥ 25", None),
            ("4.2.2", "Attivazione del fascicolo informatico d'impresa per i comuni convenzionati",
             "Attivazione del collegamento SUAP – fascicolo d'impresa (SI/NO)", "Efficacia", "SI/NO",
             "40%", "NO", "SI", None),
        ]),
        # measured directly, with an explicit 100% indicator weight
        ("OO4.3", "Concludere i procedimenti di cancellazione d'ufficio delle imprese non operative",
         "20%", U_AR, [
            (None, "Procedimenti di cancellazione d'ufficio conclusi",
             "Procedimenti conclusi / procedimenti avviati × 100", "Efficacia", "%",
             "100%", None, "≥ 70%", None),
        ]),
    ]),
    "OS5": ("OS5 – Garantire la trasparenza e la regolazione del mercato", [
        # responsible unit NOT merged over all rows: two rows share a merged cell, the third differs
        ("OO5.1", "Assicurare la vigilanza sul mercato e la tutela del consumatore", Pct(0.6), None, [
            ("5.1.1", "Verifiche ispettive su strumenti di misura",
             "N. verifiche metrologiche effettuate", "Efficacia", "numero",
             Pct(0.4), 180, "≥ 200", U_RM),
            ("5.1.2", "Ordinanze sanzionatorie emesse entro i termini",
             "Ordinanze emesse entro 120 gg dal rapporto / ordinanze emesse × 100", "Efficienza", "%",
             Pct(0.3), Pct(0.97), Pct(1), U_RM),
            ("5.1.3", "Tempo medio di pubblicazione dei protesti",
             "Media dei giorni tra ricezione degli elenchi e pubblicazione", "Efficienza", "giorni",
             Pct(0.3), "9 gg", "≤ 5 giorni", U_AR),
        ]),
        ("OO5.2", "Attuare le misure di prevenzione della corruzione e di trasparenza", Pct(0.4), U_SG, [
            ("5.2.1", "Obblighi di pubblicazione in «Amministrazione trasparente» assolti",
             "Obblighi assolti / obblighi previsti × 100", "Qualità", "%",
             "50%", Pct(0.96), "100%", None),
            ("5.2.2", "Aggiornamento della mappatura dei processi a rischio corruttivo",
             "Data di approvazione della mappatura aggiornata", "Efficacia", "data",
             "50%", None, Date(2022, 6, 30), None),
        ]),
    ]),
    "OS6": ("OS6 – Ottimizzare la gestione delle risorse economiche dell'ente", [
        ("OO6.1", "Migliorare la riscossione del diritto annuale", Pct(0.5), U_RA, [
            ("6.1.1", "Tasso di riscossione spontanea del diritto annuale",
             "Importo riscosso spontaneamente / importo dovuto × 100", "Efficacia", "%",
             Pct(0.6), Pct(0.72), "≥ 74%", None),
            ("6.1.2", "Importo recuperato tramite ravvedimento operoso e solleciti",
             "Euro incassati a seguito di solleciti", "Efficacia", "euro",
             Pct(0.4), "118.400", "≥ 120.000", None),
        ]),
        ("OO6.2", "Rispettare i tempi di pagamento dei fornitori", Pct(0.3), U_RA, [
            ("6.2.1", "Indicatore di tempestività dei pagamenti",
             "Media ponderata dei giorni di pagamento rispetto alla scadenza (DPCM 22/09/2014)",
             "Efficienza", "giorni", Pct(1), "-8,4", "≤ -5 gg", None),
        ]),
        ("OO6.3", "Razionalizzare gli acquisti di beni e servizi", Pct(0.2), U_PV, [
            ("6.3.1", "Acquisti effettuati tramite MePA e convenzioni Consip",
             "Importo acquisti MePA/Consip / importo totale acquisti × 100", "Efficienza", "%",
             "50%", Pct(0.88), "≥ 90%", None),
            ("6.3.2", "Variazione dei costi di funzionamento",
             "(Costi di funzionamento 2022 − costi 2021) / costi 2021 × 100", "Efficienza", "%",
             "50%", None, "≤ -2%", None),
        ]),
    ]),
    "OS7": ("OS7 – Valorizzare il capitale umano e l'organizzazione", [
        ("OO7.1", "Sviluppare le competenze del personale", "50%", U_PE, [
            ("7.1.1", "Dipendenti che hanno partecipato ad almeno un corso di formazione",
             "Dipendenti formati / dipendenti in servizio × 100", "Efficacia", "%",
             "50%", Pct(0.65), "≥ 80%", None),
            ("7.1.2", "Ore medie di formazione per dipendente",
             "Ore di formazione fruite / dipendenti in servizio", "Efficacia", "numero",
             "50%", "14", "> 16", None),
        ]),
        ("OO7.2", "Migliorare la comunicazione istituzionale e la qualità dei servizi", "30%", U_CO, [
            ("7.2.1", "Pubblicazione della Carta dei servizi aggiornata",
             "Pubblicazione sul sito istituzionale (SI/NO)", "Qualità", "SI/NO",
             Pct(0.4), "NO", "SI", None),
            ("7.2.2", "Customer satisfaction sui servizi camerali",
             "Giudizi positivi / questionari compilati × 100", "Qualità", "%",
             Pct(0.6), Pct(0.81), "≥ 85 %", None),
        ]),
        ("OO7.3", "Adottare il Piano Integrato di Attività e Organizzazione (PIAO) 2022-2024",
         "20%", U_SG, [
            (None, "Adozione del PIAO 2022-2024",
             "Data della delibera di Giunta di adozione", "Efficacia", "data",
             None, None, "entro il 30/06/2022", None),
        ]),
    ]),
}

OP_HEADERS = ["Obiettivo strategico", "Codice", "Obiettivo operativo", "Peso obiettivo",
              "Cod. ind.", "Indicatore", "Algoritmo di calcolo", "Tipologia", "Unità di misura",
              "Peso indicatore", "Baseline 2021", "Target 2022",
              "Unità organizzativa responsabile"]
# reordered layout (file 2): responsible unit to B, Tipologia before Algoritmo, Baseline after Target
REORDERED = ["Obiettivo strategico", "Unità organizzativa responsabile", "Codice",
             "Obiettivo operativo", "Peso obiettivo", "Cod. ind.", "Indicatore", "Tipologia",
             "Algoritmo di calcolo", "Unità di misura", "Peso indicatore", "Target 2022",
             "Baseline 2021"]
WIDTHS = {"Obiettivo strategico": 34, "Codice": 8, "Obiettivo operativo": 40,
          "Peso obiettivo": 10, "Cod. ind.": 8, "Indicatore": 42, "Algoritmo di calcolo": 42,
          "Tipologia": 12, "Unità di misura": 11, "Peso indicatore": 10, "Baseline 2021": 11,
          "Target 2022": 14, "Unità organizzativa responsabile": 30}

thin = Side(style="thin", color="808080")
BORDER = Border(left=thin, right=thin, top=thin, bottom=thin)
HFILL = PatternFill("solid", fgColor="1F4E78")
HFONT = Font(bold=True, color="FFFFFF", size=10)
WRAP = Alignment(wrap_text=True, vertical="center")
CENTER = Alignment(wrap_text=True, vertical="center", horizontal="center")


def put(ws, r, c, v, align=WRAP):
    cell = ws.cell(row=r, column=c)
    if isinstance(v, Pct):
        cell.value = v.v
        cell.number_format = "0%"
    elif isinstance(v, Date):
        cell.value = v.d
        cell.number_format = "dd/mm/yyyy"
    else:
        cell.value = v
    cell.alignment = align
    cell.border = BORDER
    cell.font = Font(size=10)
    return cell


def page(ws):
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def titles(ws, last_col, lines):
    page(ws)
    for i, (text, size) in enumerate(lines, start=1):
        c = ws.cell(row=i, column=1, value=text)
        c.font = Font(bold=True, size=size)
        c.alignment = Alignment(horizontal="center")
        ws.merge_cells(start_row=i, start_column=1, end_row=i, end_column=last_col)


def strategic_sheet(wb):
    ws = wb.create_sheet("Obiettivi strategici")
    titles(ws, 8, [(CHAMBER, 14), (PLAN, 12),
                   ("Allegato 1 – Albero della performance: ambiti strategici e obiettivi strategici", 11)])
    # row 4 left empty, header on rows 5-6
    hdr = ["Ambito strategico", "Codice", "Obiettivo strategico", "Indicatore", "Algoritmo di calcolo"]
    for c, h in enumerate(hdr, start=1):
        for r in (5, 6):
            cell = ws.cell(row=r, column=c)
            cell.fill, cell.font, cell.border, cell.alignment = HFILL, HFONT, BORDER, CENTER
        ws.cell(row=5, column=c, value=h)
        ws.merge_cells(start_row=5, start_column=c, end_row=6, end_column=c)
    for c in (6, 7, 8):
        for r in (5, 6):
            cell = ws.cell(row=r, column=c)
            cell.fill, cell.font, cell.border, cell.alignment = HFILL, HFONT, BORDER, CENTER
    ws.cell(row=5, column=6, value="Target")
    ws.merge_cells("F5:H5")
    for c, y in zip((6, 7, 8), (2022, 2023, 2024)):
        ws.cell(row=6, column=c, value=y)  # years as number cells
    r = 7
    start = {}
    for amb, code, title, ind, alg, tg in STRATEGIC:
        if amb not in start:
            start[amb] = r
            put(ws, r, 1, amb, CENTER).font = Font(bold=True, size=10)
        else:
            put(ws, r, 1, None)
        put(ws, r, 2, code, CENTER)
        put(ws, r, 3, title)
        put(ws, r, 4, ind)
        put(ws, r, 5, alg)
        for c, t in zip((6, 7, 8), tg):
            put(ws, r, c, t, CENTER)
        r += 1
    ends = {}
    for amb, *_ in STRATEGIC:
        ends[amb] = ends.get(amb, start[amb] - 1) + 1
    for amb in start:
        if ends[amb] > start[amb]:
            ws.merge_cells(start_row=start[amb], start_column=1, end_row=ends[amb], end_column=1)
    r += 1
    ws.cell(row=r, column=1, value="Fonte: Ufficio Pianificazione e Controllo di gestione – "
            "elaborazione su dati del Sistema informativo camerale e del Bilancio d'esercizio 2021.").font = Font(italic=True, size=9)
    ws.cell(row=r + 1, column=1, value="I target pluriennali sono soggetti a revisione annuale in sede "
            "di aggiornamento del Piano (delibera di Giunta n. 9 del 27/01/2022).").font = Font(italic=True, size=9)
    for c, w in enumerate([26, 8, 38, 38, 44, 11, 11, 11], start=1):
        ws.column_dimensions[get_column_letter(c)].width = w
    ws.freeze_panes = "A7"


def operational_sheet(wb, name, order):
    ws = wb.create_sheet(name)
    n = len(order)
    titles(ws, n, [(CHAMBER, 14), (PLAN, 12),
                   ("Allegato 2 – Obiettivi operativi, indicatori e target anno 2022", 11),
                   ("(approvato con delibera di Giunta n. 9 del 27/01/2022)", 10)])
    col = {h: i + 1 for i, h in enumerate(order)}
    for h, c in col.items():
        cell = ws.cell(row=5, column=c, value=h)
        cell.fill, cell.font, cell.border, cell.alignment = HFILL, HFONT, BORDER, CENTER
        ws.column_dimensions[get_column_letter(c)].width = WIDTHS[h]
    r = 6
    for os_code, (os_label, objectives) in OPERATIONAL.items():
        os_start = r
        for code, title, weight, merged_unit, rows in objectives:
            oo_start = r
            for i, (ic, ind, alg, tip, um, pw, base, tgt, unit) in enumerate(rows):
                first = i == 0
                put(ws, r, col["Obiettivo strategico"], os_label if r == os_start else None)
                put(ws, r, col["Codice"], code if first else None, CENTER)
                put(ws, r, col["Obiettivo operativo"], title if first else None)
                put(ws, r, col["Peso obiettivo"], weight if first else None, CENTER)
                put(ws, r, col["Cod. ind."], ic, CENTER)
                put(ws, r, col["Indicatore"], ind)
                put(ws, r, col["Algoritmo di calcolo"], alg)
                put(ws, r, col["Tipologia"], tip, CENTER)
                put(ws, r, col["Unità di misura"], um, CENTER)
                put(ws, r, col["Peso indicatore"], pw, CENTER)
                put(ws, r, col["Baseline 2021"], base, CENTER)
                put(ws, r, col["Target 2022"], tgt, CENTER)
                u = merged_unit if merged_unit else unit
                if merged_unit and not first:
                    u = None
                if not merged_unit and i > 0 and rows[i - 1][8] == unit:
                    u = None
                put(ws, r, col["Unità organizzativa responsabile"], u)
                r += 1
            last = r - 1
            for h in ("Codice", "Obiettivo operativo", "Peso obiettivo"):
                if last > oo_start:
                    ws.merge_cells(start_row=oo_start, start_column=col[h], end_row=last, end_column=col[h])
            cu = col["Unità organizzativa responsabile"]
            if merged_unit and last > oo_start:
                ws.merge_cells(start_row=oo_start, start_column=cu, end_row=last, end_column=cu)
            if not merged_unit:  # merge runs of equal units
                s = oo_start
                for i in range(1, len(rows) + 1):
                    if i == len(rows) or rows[i][8] != rows[i - 1][8]:
                        e = oo_start + i - 1
                        if e > s:
                            ws.merge_cells(start_row=s, start_column=cu, end_row=e, end_column=cu)
                        s = oo_start + i
        if r - 1 > os_start:
            c = col["Obiettivo strategico"]
            ws.merge_cells(start_row=os_start, start_column=c, end_row=r - 1, end_column=c)
            ws.cell(row=os_start, column=c).font = Font(bold=True, size=10)
    r += 1
    notes = [
        "Fonte: Ufficio Pianificazione e Controllo di gestione – elaborazione su dati Infocamere, "
        "Priamo e contabilità camerale (consuntivo 2021).",
        "Note: il peso dell'obiettivo operativo è riferito all'obiettivo strategico di appartenenza; "
        "il peso dell'indicatore è riferito all'obiettivo operativo. Gli obiettivi privi di codice "
        "indicatore sono misurati direttamente.",
    ]
    for t in notes:
        ws.cell(row=r, column=1, value=t).font = Font(italic=True, size=9)
        r += 1
    ws.freeze_panes = ws.cell(row=6, column=1)


def build(path, op_name, order):
    wb = Workbook()
    wb.remove(wb.active)
    strategic_sheet(wb)
    operational_sheet(wb, op_name, order)
    wb.properties.creator = "CCIAA Valmarina – Controllo di gestione"
    wb.properties.title = PLAN
    wb.save(path)


# ---------------------------------------------------------------- expected
def serial(d):
    return (d - dt.datetime(1899, 12, 30)).days


OPS = {"≥": ">=", "≤": "<=", ">=": ">=", "<=": "<=", ">": ">", "<": "<", "=": "="}


def raw_of(v):
    if isinstance(v, Pct):
        return "%g%%" % (v.v * 100)
    if isinstance(v, Date):
        return v.d.strftime("%d/%m/%Y")
    return str(v)


def num_it(s):
    return float(s.replace(".", "").replace(",", "."))


def clean(x):
    return int(x) if float(x).is_integer() else x


def target(v):
    raw = raw_of(v)
    if isinstance(v, Pct):
        return {"raw": raw, "op": "=", "kind": "percent", "value": clean(v.v * 100)}
    if isinstance(v, Date):
        return {"raw": raw, "op": "=", "kind": "date", "value": serial(v.d)}
    s = str(v).strip()
    if s.upper() == "SI":
        return {"raw": raw, "op": "=", "kind": "yesno"}
    m = re.match(r"entro il (\d\d)/(\d\d)/(\d{4})$", s)
    if m:
        d = dt.datetime(int(m[3]), int(m[2]), int(m[1]))
        return {"raw": raw, "op": "<=", "kind": "date", "value": serial(d)}
    m = re.match(r"(≥|≤|>=|<=|>|<|=)?\s*(-?[\d.,]+)\s*(%|gg|giorni)?$", s)
    assert m, s
    op = OPS[m[1]] if m[1] else "="
    kind = {"%": "percent", "gg": "days", "giorni": "days", None: "number"}[m[3]]
    return {"raw": raw, "op": op, "kind": kind, "value": clean(num_it(m[2]))}


def weight(v):
    if v is None:
        return None
    if isinstance(v, Pct):
        return clean(round(v.v * 100, 6))
    return clean(num_it(v.rstrip("%").strip()))


def units(s):
    return [u.strip() for u in s.split(" - ")]


def expected():
    persp = []
    for amb, code, title, ind, alg, tg in STRATEGIC:
        if not persp or persp[-1]["name"] != amb:
            persp.append({"name": amb, "strategic": []})
        ts = [target(t) for t in tg]
        so = {"code": code, "title": title, "kpi": ind,
              "targets": {str(y): t["value"] for y, t in zip((2022, 2023, 2024), ts)},
              "target_ops": {str(y): t["op"] for y, t in zip((2022, 2023, 2024), ts)},
              "operational": []}
        for oc, otitle, ow, mu, rows in OPERATIONAL[code][1]:
            oo = {"code": oc, "title": otitle, "weight": weight(ow), "actions": []}
            for ic, ind2, alg2, tip, um, pw, base, tgt, unit in rows:
                direct = ic is None
                oo["actions"].append({
                    "code": oc if direct else ic,
                    "title": ind2,
                    "kpi": alg2,
                    "weight": 100 if direct else weight(pw),
                    "target": target(tgt),
                    "baseline": None if base is None else {"raw": raw_of(base)},
                    "units": units(mu or unit),
                })
            so["operational"].append(oo)
        persp[-1]["strategic"].append(so)
    return {"year": 2022, "perspectives": persp}


# ---------------------------------------------------------------- mappings
def mapping():
    strat = [("A", "Ambito strategico", "perspective"), ("B", "Codice", "strategic.code"),
             ("C", "Obiettivo strategico", "strategic.title"), ("D", "Indicatore", "strategic.kpi"),
             ("E", "Algoritmo di calcolo", "ignore"), ("F", "Target 2022", "strategic.target.2022"),
             ("G", "Target 2023", "strategic.target.2023"), ("H", "Target 2024", "strategic.target.2024")]
    fields = {"Obiettivo strategico": "strategic.code", "Codice": "operational.code",
              "Obiettivo operativo": "operational.title", "Peso obiettivo": "operational.weight",
              "Cod. ind.": "action.code", "Indicatore": "action.title",
              "Algoritmo di calcolo": "action.kpi", "Tipologia": "ignore",
              "Unità di misura": "ignore", "Peso indicatore": "action.weight",
              "Baseline 2021": "action.baseline", "Target 2022": "action.target",
              "Unità organizzativa responsabile": "action.responsible"}
    op = [(get_column_letter(i + 1), h, fields[h]) for i, h in enumerate(OP_HEADERS)]
    return strat, op


def dump_mapping(path, strat, op):
    def cols(lst):
        return ",\n".join('        {"column": "%s", "label": %s, "field": "%s"}'
                          % (c, json.dumps(l, ensure_ascii=False), f) for c, l, f in lst)
    text = ('{"sheets": [\n'
            '  {"sheet": "Obiettivi strategici", "header_rows": [5, 6],\n'
            '   "columns": [\n' + cols(strat) + '\n   ]},\n'
            '  {"sheet": "Obiettivi operativi*", "header_rows": [5, 5],\n'
            '   "columns": [\n' + cols(op) + '\n   ]}\n'
            ']}\n')
    json.loads(text)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


if __name__ == "__main__":
    build("cciaa-2022.xlsx", "Obiettivi operativi 2022", OP_HEADERS)
    build("cciaa-2022-reordered.xlsx", "Obiettivi operativi anno 2022", REORDERED)
    with open("cciaa-2022.expected.json", "w", encoding="utf-8") as f:
        json.dump(expected(), f, ensure_ascii=False, indent=1)
        f.write("\n")
    strat, op = mapping()
    dump_mapping("cciaa-2022.mapping.json", strat, op)
    # bad 1: no action.target (Target 2022 column not listed)
    dump_mapping("cciaa-2022.mapping-bad-no-target.json", strat,
                 [x for x in op if x[2] != "action.target"])
    # bad 2: Baseline 2021 also mapped to action.weight
    dump_mapping("cciaa-2022.mapping-bad-two-weights.json", strat,
                 [(c, l, "action.weight" if f == "action.baseline" else f) for c, l, f in op])
    # bad 3: no operational.code (Codice column not listed)
    dump_mapping("cciaa-2022.mapping-bad-no-operational-code.json", strat,
                 [x for x in op if x[2] != "operational.code"])
