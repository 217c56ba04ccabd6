# -*- coding: utf-8 -*-
"""Content of the 2021-2023 plan, written as a person would edit the 2020 one.

Values are written as they would be typed in Excel:
  int/float          a number cell
  P(0.8)             a number cell with a percent format (shows 80%)
  "80%" / "28 gg"    text
  datetime.date      a real Excel date cell (dd/mm/yyyy)
  None               empty
Each action may carry `forms`: the new value forms (signs, yes/no, dates) used by
values.xlsx, all.xlsx and missing-code.xlsx.
"""
import datetime as dt


class P(float):
    """A number shown with a percent format."""


def A(code, title, weight, kpi, target, t80, t60, resp, pira=False, forms=None, prev=None):
    return dict(code=code, title=title, weight=weight, kpi=kpi, target=target, t80=t80,
                t60=t60, resp=resp, pira=pira, forms=forms or {}, prev=prev)


def OO(code, title, weight, kpi, actions, direct=None):
    return dict(code=code, title=title, weight=weight, kpi=kpi, actions=actions, direct=direct)


def SO(code, desc, targets, oos, prev=None):
    return dict(code=code, desc=desc, kpi="ponderazione", targets=targets, oos=oos, prev=prev)


ASL_PROG = 'U.O. "ASL" - U.O. "Progetti incentivazione e sostegno"'
T80 = [P(0.8), "80%", P(0.8)]
T100 = ["100%", P(1), "100%"]

PLAN = [
    dict(name="Tessuto economico locale", sheet="Tessuto economico", sos=[
        SO(1, "Competitività del territorio", T80, [
            OO("1.1", "Capitale umano", P(0.1), "ponderazione", [
                A("1.1.1", "Progetti attivati", "50%", "numero di iniziative attivate entro il 30 giugno", 4, 3, 2, ASL_PROG, prev=4),
                A("1.1.2", "Soggetti coinvolti", P(0.5), "numero di soggetti coinvolti", 900, 720, 540, ASL_PROG, prev=880),
            ]),
            OO("1.2", "Vocazioni territoriali", P(0.15), None, [
                A("1.2.1", "Progetti attivati", "40%", "numero di iniziative attivate entro il 30 giugno", 6, 4, None, "SG", prev=6),
                A("1.2.2", "Imprese coinvolte", P(0.6), "numero imprese partecipanti", 65, 50, 35, "U.O. Diverse", prev=60),
            ]),
            OO("1.3", "Semplificazione", "5%", None, [
                A("1.3.1", "Formazione e assistenza", "40%", "numero di incontri organizzati", 4, 3, 2, 'U.O. "Registro Imprese"', prev=4),
                A("1.3.2", "Gestione diretta SUAP", "60%", "livello del servizio", "qualitativo", None, None, 'U.O. "Registro Imprese"', prev="qualitativo"),
            ]),
            OO("1.4", "Regolazione del mercato", P(0.05), None, [
                A("1.4.1", "Servizio di conciliazione", P(0.6), "numero istanze pervenute", 160, 140, 120, 'U.O. "Mediazione"', prev=170),
                A("1.4.2", "Servizio di conciliazione", "40%", "% adesioni", "50%", "40%", "30%", 'U.O. "Mediazione"', prev="50%",
                  forms=dict(target="≥ 50%")),
            ]),
            OO("1.5", "Certificazione d'impresa e di prodotto", "5%", None, [
                A("1.5.1", "Revisione regolamenti RSL e MV", P(1), "regolamenti aggiornati", 2, 1, None, "SG", prev=2,
                  forms=dict(kpi="regolamento aggiornato e approvato (SI/NO)", target="SI", t80=None, t60=None)),
            ]),
            OO("1.6", "Coordinamento strategico territoriale", P(0.6), None, [
                A("1.6.1", "Accordi territoriali", P(0.9), "accordi stipulati", 1, None, None, "SG", prev=1),
                A("1.6.2", "Rapporti congiunturali", "10%", "numero presentazioni", 3, 2, 1, 'U.O. "Progetti incentivazione e sostegno"', prev=3,
                  forms=dict(target="> 3", t80=3, t60=2)),
            ]),
        ], prev=P(0.8)),
        SO(2, "Competitività delle imprese", ["80%", "80%", P(0.8)], [
            OO("2.1", "Internazionalizzazione", "15%", "ponderazione", [
                A("2.1.1", "Iniziative attivate", P(0.4), "numero iniziative attivate", 5, 4, 3, "SG", prev=5),
                A("2.1.2", "Incontri organizzati", "30%", "numero incontri organizzati", 12, 10, 8, ASL_PROG, prev=10),
                A("2.1.3", "Imprese coinvolte", P(0.3), "numero imprese coinvolte", 150, 120, 90, ASL_PROG, prev=150),
            ]),
            OO("2.2", "Digitalizzazione", P(0.15), None, [
                A("2.2.1", "Incontri organizzati", P(0.6), "numero incontri organizzati", 8, 7, 5, 'U.O. "Digitalizzazione e Marketing"', prev=8,
                  forms=dict(target=">= 8")),
                A("2.2.2", "Imprese coinvolte", P(0.4), "numero imprese coinvolte", 80, 70, 50, 'U.O. "Digitalizzazione e Marketing"', prev=80),
            ]),
            OO("2.3", "Investimenti innovativi", "10%", None, [
                A("2.3.1", "Progetti attivati", "70%", "numero progetti attivati", 1, None, None, 'U.O. "Progetti incentivazione e sostegno"', prev=1,
                  forms=dict(kpi="bando per investimenti innovativi pubblicato (SI/NO)", target="Sì")),
                A("2.3.2", "Imprese finanziate", P(0.3), "numero imprese finanziate", 4, 3, 2, 'U.O. "Progetti incentivazione e sostegno"', prev=2,
                  forms=dict(target="=> 5", t80=4, t60=3)),
            ]),
            OO("2.4", 'Interventi di sostegno post "Covid-19"', "60%", None, [
                A("2.4.1", "Iniziative attivate", "20%", "numero iniziative attivate", 4, 3, None, "SG", prev=4),
                A("2.4.2", "Imprese coinvolte", P(0.8), "numero imprese coinvolte", 1200, 900, 600, 'UO "Progetti di incentivazione e sostegno"', prev=1400),
            ]),
        ], prev="80%"),
    ]),
    dict(name="Processi interni", sheet="Processi interni", split_before=5, sos=[
        SO(3, "La qualità dei processi", [P(0.8), "80%", "80%"], [
            OO("3.1", "Tempi dei pagamenti", P(0.15), "ponderazione", [
                A("3.1.1", "Indice di tempestività dei pagamenti", P(1), "tempi di pagamento (numero gg)/% fatture pagate entro 30 gg", 28, 29, 30, 'UO "Ragioneria"', prev=28,
                  forms=dict(target="<= 30", t80=32, t60=35)),
            ]),
            OO("3.2", "Tempi del RI", "15%", None, [
                A("3.2.1", "Indice di tempestività", P(1), "tempo di evasione delle pratiche/% pratiche evase entro 5 gg", 4, "4,5", 5, 'Uo "Registro Imprese"', pira=True, prev=4,
                  forms=dict(target="=< 4")),
            ]),
            OO("3.3", "Tempi istruttori", "15%", None, [
                A("3.3.1", "Tempi di istruttoria domande liquidazione contributi", "40%", "durata istruttoria (gg.)", "28 gg", "29 gg", "30 gg", "UO diverse", prev="28 gg",
                  forms=dict(target="<= 30 gg", t80="35 gg", t60="40 gg")),
                A("3.3.2", "Tempi convocazione incontri di mediazione", "20%", "termine di convocazione incontro preliminare da domanda", "8 gg", "10 gg", "12 gg", 'UO "Mediazione"', prev="8 gg"),
                A("3.3.3", "Tempi emissione sanzioni RI", P(0.15), "numero di giorni da data violazione e emissione verbale", "45 gg", "50 gg", None, "individuale", prev="50 gg",
                  forms=dict(target="< 45 gg")),
                A("3.3.4", "Tempi emissione ordinanze", "10%", "numero medio di giorni da ricezione verbale non pagato e predisposizione ordinanza alla firma", "180 gg", "210 gg", "240 gg", "RUO", prev="180 gg"),
                A("3.3.5", "Emissione ruoli esattoriali DA", P(0.05), "tempi di emissione ruolo esattoriale 2018", "dicembre", None, None, 'UO "Ragioneria"', prev="dicembre"),
                A("3.3.6", "Reportistica incassi", P(0.05), "report trimestrali su andamento entro metà mese successivo", "100%", P(0.75), "50%", 'UO "Provveditorato"', prev="100%"),
                A("3.3.7", "Tempi istruttoria compensi mediatori", "5%", "liquidazione mensile compensi mediatori", "28 gg", "29 gg", "30 gg", 'UO "Mediazione"', prev="28 gg"),
            ]),
            OO("3.4", "Procedure prioritarie", P(0.35), None, [
                A("3.4.1", "Ristrutturazione sede", "100%", "tempi di conclusione della procedura (valutazione quali-quantitativa)", "novembre", "dicembre", None, "SG", prev="novembre",
                  forms=dict(target="entro il 31/03/2021", t80="entro il 30/04/2021", t60=None)),
            ]),
            OO("3.5", "Procedure digitali", P(0.2), None, [
                A("3.5.1", "Progetto Servizi on Line", P(0.75), "attivazione del servizio in almeno 6 ambiti", "luglio", "settembre", "ottobre", 'UO "Provveditorato"', prev="luglio",
                  forms=dict(target="30/06/2021", t80="31/07/2021", t60="30/09/2021")),
                A("3.5.2", "Remotizzazione procedure", "25%", "attivazione di almeno 3 procedure online", "settembre", "ottobre", "novembre", 'Uo "Registro Imprese" e U.O. "Digitalizzazione e Marketing"', prev="settembre"),
            ]),
        ], prev=P(0.8)),
        SO(4, "Misurazione dei processi", ["80%", P(0.8), "80%"], [
            OO("4.1", "Misurazione costi processi", P(1), "ponderazione", [
                A("4.1.1", "Imputazione dati banca dati Kronos (2020)", P(0.5), "imputazione dati e predisposizione report 2020", "luglio", "settembre", "novembre", "Controller", prev="luglio",
                  forms=dict(target=dt.date(2021, 7, 31), t80=dt.date(2021, 9, 30), t60=dt.date(2021, 11, 30))),
                A("4.1.2", "Rilevazione mensile tempi di lavoro 2021 sottoprocessi", P(0.25), 'elaborazione report mensili tempi di lavoro 2021 sottoprocesso B1.1.3 "Trattamento economico del personale" (entro 15 mese successivo)', "10 mesi", "8 mesi", "6 mesi", 'UO "Personale"', prev="10 mesi"),
                A("4.1.3", "Rilevazione mensile tempi di lavoro 2021 processi", "25%", 'elaborazione report mensili tempi di lavoro 2021 processo A2.1 "Gestione e supporto organi istituzionali" (entro 15 mese successivo)', "10 mesi", "8 mesi", "6 mesi", 'UO "Segreteria"', prev="10 mesi"),
            ]),
        ], prev="80%"),
        SO(5, "Trasparenza, comunicazione e partecipazione", [P(0.8), P(0.8), P(0.8)], [
            OO("5.1", "Trasparenza", "60%", "ponderazione", [
                A("5.1.1", "Puntualità delle pubblicazioni", "100%", "valutazione con report infrannuali (giugno/novembre)", "100%", "qualitativa", None, "Controller", prev="100%",
                  forms=dict(kpi="rilievi dell'OIV sulla sezione Amministrazione trasparente (SI/NO)", target="NO", t80=None)),
            ]),
            OO("5.2", "Comunicazione su canale social", "25%", "post procapite (numero post/addetti con responsabilità editoriale)", [],
               direct=A("5.2", None, None, None, 22, 18, 14, "diverse UO", prev=20,
                        forms=dict(target=">= 24", t80=">= 20", t60="≥16"))),
            OO("5.3", "Pari Opportunità", "15%", "attuazione del piano di azioni positive", [],
               direct=A("5.3", None, None, None, P(0.8), "qualitativa", "60%", "SG", prev=P(0.8))),
        ], prev=P(0.8)),
        SO(6, "Customer satisfaction", [P(0.8), "80%", P(0.8)], [
            OO("6.1", "Gradimento dei servizi camerali", P(1), "ponderazione", [
                A("6.1.1", "Indagini di customer satisfaction sito", P(0.2), 'gradimento dei servizi ("Mettiamoci la faccia")', "70%", "65%", "50%", 'UO "Segreteria"', prev="70%",
                  forms=dict(target="≥ 90%", t80="80%", t60="70%")),
                A("6.1.2", "Rilevazione customer servizi e progetti per la digitalizzazione", P(0.4), "livello di gradimento servizi e progetti per la digitalizzazione", P(0.75), P(0.7), "60%", 'UO "ASL"', prev=P(0.75),
                  forms=dict(target="≥ 75%", t80=None, t60=None)),
                A("6.1.3", "Rilevazione customer servizio mediazione", P(0.4), "livello di gradimento servizio di mediazione", "75%", P(0.7), P(0.6), 'UO "Mediazione"', prev="75%"),
            ]),
        ], prev=P(0.8)),
    ]),
    dict(name="Apprendimento e crescita", sheet="Apprendimento", sos=[
        SO(7, "Valori di riferimento", ["80%", "80%", P(0.8)], [
            OO("7.1", "Formazione e aggiornamento", "100%", "ponderazione", [
                A("7.1.1", "Formazione interna", P(0.7), "ore di formazione complessive (iniziative, corsi, seminari, conferenze, workshop, ecc.) / FTE", "22 ore", "18 ore", "14 ore", 'UO "Personale"', prev="20 ore"),
                A("7.1.2", "Programma formativo SS.GG.", "30%", "ore di partecipazione al programma formativo per i Segretari Generali / totale ore programma; idoneità finale", P(1), "Frequenza 80 %", "frequenza minima prevista", "SG", prev=P(1)),
            ]),
        ], prev="80%"),
    ]),
    dict(name="Economico-finanziaria", sheet="Economico finanziaria", sos=[
        SO(8, "Utilizzo ottimale delle risorse", T100, [
            OO("8.1", "Equilibrio economico gestione corrente", "100%", "ponderazione", [
                A("8.1.1", "Equilibrio gestione corrente", P(0.5), "oneri correnti/spese correnti", "95%", "98%", P(1), None, pira=True, prev="95%",
                  forms=dict(target="≤ 95%")),
                A("8.1.2", "Incidenza costi gestione (EC15.2 Pareto)", "25%", "oneri di funzionamento / oneri correnti", P(0.3), P(0.32), "34%", None, prev=P(0.3),
                  forms=dict(target="< 30%", t80="28%", t60="25%")),
                A("8.1.3", "Incidenza delle fonti esterne di finanziamento", P(0.25), "contributi, finanziamenti e altre entrate/proventi correnti", "50%", P(0.45), "36%", None, prev="50%"),
            ]),
        ], prev="100%"),
        SO(9, "Massimizzazione delle risorse promozionali", ["100%", P(1), "100%"], [
            OO("9.1", "Volumi e servizi promozionali", P(1), "ponderazione", [
                A("9.1.1", "Massimizzazione risorse (Pareto EC15.4)", P(0.25), "interventi economici/oneri correnti", "30%", P(0.28), "25%", None, pira=True, prev="30%"),
                A("9.1.2", "Grado di utilizzo delle risorse promozionali", "50%", "interventi economici contabilizzati / interventi economici preventivati", P(0.75), P(0.65), P(0.6), "SG", pira=True, prev=P(0.75)),
                A("9.1.3", "Spesa promozionale procapite", "25%", "interventi economici contabilizzati/n° imprese attive al 31/12", "85 €", "65 €", "50 €", None, pira=True, prev="80 €"),
            ]),
        ], prev="100%"),
    ]),
]

# Canonical unit names, as the 2020 README describes the split.
UNITS = {
    'U.O. "ASL" - U.O. "Progetti incentivazione e sostegno"': ["ASL", "Progetti incentivazione e sostegno"],
    "SG": ["SG"], "U.O. Diverse": ["Diverse"], "UO diverse": ["Diverse"], "diverse UO": ["Diverse"],
    'U.O. "Registro Imprese"': ["Registro Imprese"], 'Uo "Registro Imprese"': ["Registro Imprese"],
    'U.O. "Mediazione"': ["Mediazione"], 'UO "Mediazione"': ["Mediazione"],
    'U.O. "Progetti incentivazione e sostegno"': ["Progetti incentivazione e sostegno"],
    'U.O. "Digitalizzazione e Marketing"': ["Digitalizzazione e Marketing"],
    'UO "Progetti di incentivazione e sostegno"': ["Progetti di incentivazione e sostegno"],
    'UO "Ragioneria"': ["Ragioneria"], "individuale": ["individuale"], "RUO": ["RUO"],
    'UO "Provveditorato"': ["Provveditorato"],
    'Uo "Registro Imprese" e U.O. "Digitalizzazione e Marketing"': ["Registro Imprese", "Digitalizzazione e Marketing"],
    "Controller": ["Controller"], 'UO "Personale"': ["Personale"], 'UO "Segreteria"': ["Segreteria"],
    'UO "ASL"': ["ASL"], None: [],
}

NOTES = [
    "Note:",
    "1. I target 2021 sono stati definiti sulla base dei risultati 2020 e delle risorse del preventivo 2021.",
    "2. Le soglie 80% e 60% indicano il valore al quale il grado di raggiungimento è pari rispettivamente all'80% e al 60%.",
    "3. I tempi espressi in giorni (gg) sono giorni di calendario.",
]
LEGENDA = [
    "Legenda",
    "gg = giorni di calendario",
    "U.O. = Unità Organizzativa",
    ("RUO", "Responsabile di Unità Organizzativa"),
    "SG = Segretario Generale",
]
NOTE_SINGLE = "Nota: la prospettiva comprende anche la formazione obbligatoria in materia di anticorruzione."
NOTES_CONTAIN = ["I target 2021 sono stati definiti", "Le soglie 80% e 60%", "I tempi espressi in giorni"]
LEGENDA_CONTAIN = ["Legenda", "gg = giorni di calendario", "U.O. = Unità Organizzativa",
                   "Responsabile di Unità Organizzativa", "SG = Segretario Generale"]
SIGNATURES = ["IL SEGRETARIO GENERALE", "LA PRESIDENTE", "Marco Bonat", "Loretta Credaro"]
