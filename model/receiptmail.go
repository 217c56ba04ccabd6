package model

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"
	"time"
)

// ReceiptMail is the e-mail a sender gets after every upload: what became
// of the workbook, the values stored or the problems found.
type ReceiptMail struct {
	FileName string
	At       time.Time
	PlanYear int    // 0 when the file was not read that far
	Period   string // as Period.Label, "" when unknown
	Unit     string
	Accepted bool
	// Stored are the values stored, as «1.1.1: 28 gg».
	Stored    []string
	Unchanged int
	Kept      []string // actions whose newer value was kept
	Refusal   string
	Problems  []Problem
	// Correction is the name of the correction workbook attached, "" when
	// none is.
	Correction string
	// Link is the receipt's page, "" without a base URL.
	Link string
}

// Subject is the receipt's subject.
func (r ReceiptMail) Subject() string {
	what := "accettata"
	if !r.Accepted {
		what = "rifiutata"
	}
	return fmt.Sprintf("Ricevuta: cartella %s %s", r.FileName, what)
}

// Text is the plain-text body.
func (r ReceiptMail) Text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Il Cruscotto ha ricevuto la cartella %s il %s", r.FileName, r.At.In(Rome).Format("02/01/2006 alle 15:04"))
	if r.Unit != "" && r.PlanYear != 0 {
		fmt.Fprintf(&b, " (struttura «%s», Piano della Performance %d, %s)", r.Unit, r.PlanYear, r.Period)
	}
	b.WriteString(".\n\n")
	if r.Accepted {
		switch len(r.Stored) {
		case 0:
			b.WriteString("È stata accettata: nessun valore è cambiato rispetto a quelli già registrati.\n")
		default:
			fmt.Fprintf(&b, "È stata accettata. Valori registrati (%d):\n", len(r.Stored))
			for _, s := range r.Stored {
				fmt.Fprintf(&b, "  %s\n", s)
			}
		}
		if len(r.Kept) > 0 {
			fmt.Fprintf(&b, "\nNon sono stati sovrascritti i valori più recenti inviati da altri per: %s.\n", strings.Join(r.Kept, ", "))
		}
	} else {
		fmt.Fprintf(&b, "È stata rifiutata: %s\n", r.Refusal)
		if len(r.Problems) > 0 {
			b.WriteString("\nProblemi da correggere:\n")
			for _, p := range r.Problems {
				fmt.Fprintf(&b, "  %s\n", strings.TrimSpace(p.Location()+" "+p.Message))
			}
		}
		if r.Correction != "" {
			fmt.Fprintf(&b, "\nIn allegato la cartella di correzione (%s), con le celle da correggere evidenziate: correggerle e caricarla di nuovo.\n", r.Correction)
		}
	}
	if r.Link != "" {
		fmt.Fprintf(&b, "\nLa ricevuta nel Cruscotto: %s\n", r.Link)
	}
	b.WriteString("\nMessaggio inviato automaticamente dal Cruscotto della performance.\n")
	return b.String()
}

var receiptHTML = template.Must(template.New("receipt").Parse(`<!DOCTYPE html>
<html lang="it"><head><meta charset="utf-8"><title>{{.Subject}}</title></head>
<body style="font-family: sans-serif; line-height: 1.4">
<pre style="font-family: inherit; white-space: pre-wrap">{{.Text}}</pre>
{{if .Link}}<p><a href="{{.Link}}">Apri la ricevuta nel Cruscotto</a></p>{{end}}
</body></html>
`))

// HTML is the simple HTML body: the text, and the link.
func (r ReceiptMail) HTML() string {
	var b bytes.Buffer
	if err := receiptHTML.Execute(&b, map[string]string{"Subject": r.Subject(), "Text": r.Text(), "Link": r.Link}); err != nil {
		return ""
	}
	return b.String()
}
