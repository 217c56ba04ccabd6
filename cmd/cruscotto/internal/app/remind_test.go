package app_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"cruscotto/cmd/cruscotto/internal/app"
	cmail "cruscotto/cmd/cruscotto/internal/mail"
	"cruscotto/cmd/cruscotto/internal/mail/mailtest"
	"cruscotto/exporter/clienttest"
	"cruscotto/importer"
	"cruscotto/model"
)

// remindSetup imports the 2020 plan with a closing date, unit users with
// and without addresses, and a shared mailbox, against a real SMTP
// server.
func remindSetup(t *testing.T) (*app.App, *mailtest.Server, *time.Time) {
	t.Helper()
	srv := mailtest.Start(t)
	cfg := cmail.Config{Addr: srv.Addr, From: "cruscotto@cciaa.it", TLS: cmail.NoTLS, Timeout: 5 * time.Second}
	if err := cfg.Check(); err != nil {
		t.Fatal(err)
	}
	clock := time.Date(2021, 1, 24, 9, 0, 0, 0, time.UTC)
	a, _ := openApp(t, app.Options{Now: func() time.Time { return clock }, Mail: cfg})
	ctx := context.Background()
	if _, _, err := a.ImportPlan(ctx, admin, "piano.xlsx", plan2020(t), app.ImportOptions{State: model.StateCollecting}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.SetPeriod(ctx, admin, 1, model.Period{Year: 2020}, false, "2021-01-31"); err != nil {
		t.Fatal(err)
	}
	for _, u := range []struct{ name, unit, email string }{
		{"anna", "Mediazione", "anna@cciaa.it"},
		{"bruno", "Mediazione", ""},
		{"carla", "SG", "carla@cciaa.it"},
	} {
		if _, err := a.AddUser(ctx, admin, u.name, "password-lunga-1", model.RoleUnit, u.unit); err != nil {
			t.Fatal(err)
		}
		if _, err := a.SetUserEmail(ctx, admin, u.name, u.email); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := a.SetUnitEmail(ctx, admin, "Mediazione", "Mediazione@CCIAA.it"); err != nil {
		t.Fatal(err)
	}
	return a, srv, &clock
}

// TestRemind: every unit that owes values and has an address gets one
// message an address naming the deadline, the days left and each missing
// action, with its own workbook attached, pre-filled; a complete unit
// gets nothing; a second run the same day sends nothing unless forced.
func TestRemind(t *testing.T) {
	a, srv, clock := remindSetup(t)
	ctx := context.Background()
	plan, err := a.VisiblePlan(ctx, admin, 1)
	if err != nil {
		t.Fatal(err)
	}
	// SG sends every value: complete, it gets nothing
	values := map[string]any{}
	for _, act := range plan.UnitActions("SG") {
		values[act.Code] = valueFor(act)
	}
	if _, err := a.Measure(ctx, unitOf("SG"), 1, "", values, model.SourceAPI); err != nil {
		t.Fatal(err)
	}
	// Mediazione sends one value: it owes the others
	mediazione := plan.UnitActions("Mediazione")
	if _, err := a.Measure(ctx, unitOf("Mediazione"), 1, "", map[string]any{mediazione[0].Code: valueFor(mediazione[0])}, model.SourceAPI); err != nil {
		t.Fatal(err)
	}
	res, err := a.Remind(ctx, admin, app.RemindOptions{PlanID: 1, BaseURL: "https://cruscotto.cciaa.it/"})
	if err != nil {
		t.Fatal(err)
	}
	d, err := a.Deliver(ctx)
	if err != nil || d.Sent != 2 || d.Queued != 0 {
		t.Fatalf("delivery %+v, %v", d, err)
	}
	var med *app.RemindedUnit
	for i, u := range res.Units {
		if u.Unit == "SG" {
			t.Errorf("SG, complete, was reminded: %+v", u)
		}
		if u.Unit == "Mediazione" {
			med = &res.Units[i]
		} else if u.Skipped != app.SkipNoAddress {
			t.Errorf("%s has no address but was %q", u.Unit, u.Skipped)
		}
	}
	if med == nil || len(med.Missing) != len(mediazione)-1 || !slices.Equal(med.Recipients, []string{"anna@cciaa.it", "mediazione@cciaa.it"}) {
		t.Fatalf("Mediazione: %+v", med)
	}
	got := srv.Messages()
	if len(got) != 2 {
		t.Fatalf("%d messages", len(got))
	}
	for _, m := range got {
		if len(m.To) != 1 || (m.To[0] != "anna@cciaa.it" && m.To[0] != "mediazione@cciaa.it") {
			t.Errorf("sent to %v", m.To)
		}
		subject, text, attachment, name := parseMessage(t, m.Data)
		if !strings.Contains(subject, "Piano della Performance 2020") || !strings.Contains(subject, "consuntivo 2020") || !strings.Contains(subject, "31/01/2021") {
			t.Errorf("subject %q", subject)
		}
		for _, want := range []string{"«Mediazione»", "mancano 7 giorni", "https://cruscotto.cciaa.it/struttura", mediazione[1].Code + "  " + mediazione[1].Title} {
			if !strings.Contains(text, want) {
				t.Errorf("the text lacks %q:\n%s", want, text)
			}
		}
		if strings.Contains(text, "  "+mediazione[0].Code+"  ") {
			t.Errorf("the text lists %s, which has a value", mediazione[0].Code)
		}
		if name != "piano-2020-mediazione-2020.xlsx" {
			t.Errorf("attachment %q", name)
		}
		filled, err := importer.OpenFilled(ctx, attachment)
		if err != nil {
			t.Fatalf("the attachment is not Mediazione's workbook: %v", err)
		}
		if !testing.Short() {
			// the attachment as the unit opens it: openpyxl reads its sheets
			path := filepath.Join(t.TempDir(), name)
			if err := os.WriteFile(path, attachment, 0o644); err != nil {
				t.Fatal(err)
			}
			var titles []string
			for _, sh := range clienttest.Inspect(t, path).Sheets {
				titles = append(titles, sh.Title)
			}
			if !slices.Contains(titles, "Rilevazione") {
				t.Errorf("openpyxl sees the sheets %v", titles)
			}
		}
		rows, err := filled.Rows(0)
		if err != nil {
			t.Fatal(err)
		}
		prefilled := false
		for _, r := range rows {
			prefilled = prefilled || r.Code == mediazione[0].Code && !r.Blank()
		}
		if filled.Fields["struttura"] != "Mediazione" || !prefilled {
			t.Errorf("workbook of %q, %s pre-filled: %v", filled.Fields["struttura"], mediazione[0].Code, prefilled)
		}
	}
	// the same day: nothing new; forced: again
	res, err = a.Remind(ctx, admin, app.RemindOptions{PlanID: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range res.Units {
		if u.Unit == "Mediazione" && u.Skipped != app.SkipToday {
			t.Errorf("a second run the same day: %+v", u)
		}
	}
	if res.Queued != 0 {
		t.Errorf("a second run queued %d", res.Queued)
	}
	if res, err = a.Remind(ctx, admin, app.RemindOptions{PlanID: 1, Force: true}); err != nil || res.Queued != 2 {
		t.Errorf("forced: %+v, %v", res, err)
	}
	*clock = clock.Add(24 * time.Hour)
	if res, err = a.Remind(ctx, admin, app.RemindOptions{PlanID: 1}); err != nil || res.Queued != 2 {
		t.Errorf("the next day: %+v, %v", res, err)
	}
	// a dry run sends and records nothing
	*clock = clock.Add(24 * time.Hour)
	if res, err = a.Remind(ctx, admin, app.RemindOptions{PlanID: 1, DryRun: true}); err != nil || res.Queued != 0 {
		t.Errorf("dry run: %+v, %v", res, err)
	}
	if d, _ := a.Deliver(ctx); d.Sent != 4 {
		t.Errorf("delivered %+v, want the 4 messages of the forced and next-day runs", d)
	}
}

// TestRemindRefused: a closed period, a viewer, and no relay are refused.
func TestRemindRefused(t *testing.T) {
	a, _, _ := remindSetup(t)
	ctx := context.Background()
	viewer := model.Principal{Username: "sg", Role: model.RoleViewer, UserID: 9}
	if _, err := a.Remind(ctx, viewer, app.RemindOptions{PlanID: 1}); model.ErrorCode(err) != model.EForbidden {
		t.Errorf("a viewer: %v", err)
	}
	if _, err := a.ClosePeriod(ctx, admin, 1, model.Period{Year: 2020}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Remind(ctx, admin, app.RemindOptions{PlanID: 1}); model.ErrorCode(err) != model.EConflict || !strings.Contains(model.ErrorMessage(err), "è chiusa") {
		t.Errorf("a closed period: %v", err)
	}
	b, _ := openApp(t)
	if _, err := b.Remind(ctx, admin, app.RemindOptions{PlanID: 1}); err == nil || !strings.Contains(model.ErrorMessage(err), "--smtp") {
		t.Errorf("without a relay: %v", err)
	}
}

// TestRemindServerDown: with the relay down (3 messages: Mediazione's
// user and mailbox, SG's user) the messages stay queued and
// say why; when it comes back, each is delivered once.
func TestRemindServerDown(t *testing.T) {
	a, srv, clock := remindSetup(t)
	ctx := context.Background()
	srv.Stop()
	if _, err := a.Remind(ctx, admin, app.RemindOptions{PlanID: 1}); err != nil {
		t.Fatal(err)
	}
	d, err := a.Deliver(ctx)
	if err != nil || d.Sent != 0 || d.Queued != 3 || d.LastError == "" {
		t.Fatalf("server down: %+v, %v", d, err)
	}
	srv.Restart(t)
	// the two not tried yet go at once; the one that failed waits its turn
	if d, _ := a.Deliver(ctx); d.Sent != 2 || d.Queued != 1 {
		t.Errorf("server back: %+v", d)
	}
	*clock = clock.Add(10 * time.Minute)
	if d, err := a.Deliver(ctx); err != nil || d.Sent != 1 || d.Queued != 0 {
		t.Errorf("the retried one: %+v, %v", d, err)
	}
	*clock = clock.Add(time.Hour)
	if d, _ := a.Deliver(ctx); d.Sent != 0 || len(srv.Messages()) != 3 {
		t.Errorf("sent again: %+v, %d messages", d, len(srv.Messages()))
	}
	// a refusal is final, with the server's answer
	srv.Refuse("casella piena")
	*clock = clock.Add(24 * time.Hour)
	if _, err := a.Remind(ctx, admin, app.RemindOptions{PlanID: 1}); err != nil {
		t.Fatal(err)
	}
	if d, _ := a.Deliver(ctx); d.Failed != 3 || !strings.Contains(d.LastError, "casella piena") {
		t.Errorf("refused: %+v", d)
	}
}

// parseMessage returns a message's subject, text part and its one
// attachment with its name.
func parseMessage(t *testing.T, data []byte) (subject, text string, attachment []byte, name string) {
	t.Helper()
	msg, err := mail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	subject, _ = new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	var walk func(r io.Reader, ct string)
	walk = func(r io.Reader, ct string) {
		mt, params, _ := mime.ParseMediaType(ct)
		if !strings.HasPrefix(mt, "multipart/") {
			return
		}
		mr := multipart.NewReader(r, params["boundary"])
		for {
			p, err := mr.NextPart()
			if err != nil {
				return
			}
			body, _ := io.ReadAll(p)
			if p.Header.Get("Content-Transfer-Encoding") == "base64" {
				body, _ = base64.StdEncoding.DecodeString(strings.Join(strings.Fields(string(body)), ""))
			}
			pct := p.Header.Get("Content-Type")
			switch {
			case strings.HasPrefix(pct, "multipart/"):
				walk(bytes.NewReader(body), pct)
			case p.FileName() != "":
				attachment, name = body, p.FileName()
			case strings.HasPrefix(pct, "text/plain"):
				text = string(body)
			}
		}
	}
	walk(msg.Body, msg.Header.Get("Content-Type"))
	return subject, text, attachment, name
}

// TestAutoRemind: the service reminds the units by itself 7 and 1 days
// before the closing date (or on the plan's own days), once a day, and
// never for a period without a closing date.
func TestAutoRemind(t *testing.T) {
	a, srv, clock := remindSetup(t) // closes on 31/01/2021
	ctx := context.Background()
	for _, tt := range []struct {
		day  time.Time
		want int
	}{
		{time.Date(2021, 1, 23, 10, 0, 0, 0, time.UTC), 0}, // 8 days before
		{time.Date(2021, 1, 24, 10, 0, 0, 0, time.UTC), 3}, // 7 days before
		{time.Date(2021, 1, 24, 16, 0, 0, 0, time.UTC), 0}, // the same day again
		{time.Date(2021, 1, 27, 10, 0, 0, 0, time.UTC), 0},
		{time.Date(2021, 1, 30, 10, 0, 0, 0, time.UTC), 3}, // the day before
		{time.Date(2021, 2, 1, 10, 0, 0, 0, time.UTC), 0},  // closed
	} {
		*clock = tt.day
		n, err := a.AutoRemind(ctx, "")
		if err != nil || n != tt.want {
			t.Errorf("%s: %d queued, %v; want %d", tt.day.Format("02/01 15:04"), n, err, tt.want)
		}
	}
	if _, err := a.Deliver(ctx); err != nil || len(srv.Messages()) != 6 {
		t.Errorf("%d messages delivered, %v", len(srv.Messages()), err)
	}
	// the plan's own days
	*clock = time.Date(2021, 1, 27, 10, 0, 0, 0, time.UTC)
	if days, err := a.SetReminderDays(ctx, admin, 1, "4, 2"); err != nil || !slices.Equal(days, []int{4, 2}) {
		t.Fatalf("set days: %v, %v", days, err)
	}
	if n, _ := a.AutoRemind(ctx, ""); n != 3 {
		t.Errorf("4 days before with days 4,2: %d queued", n)
	}
	if _, err := a.SetReminderDays(ctx, admin, 1, "domani"); err == nil {
		t.Error("accepted days «domani»")
	}
	// no closing date, no automatic reminder
	if _, err := a.SetPeriod(ctx, admin, 1, model.Period{Year: 2020}, false, ""); err != nil {
		t.Fatal(err)
	}
	*clock = clock.Add(24 * time.Hour)
	if n, _ := a.AutoRemind(ctx, ""); n != 0 {
		t.Errorf("without a closing date: %d queued", n)
	}
}

// TestReceiptsByMail: a user who sends a workbook gets a receipt: the
// values stored, or the problems with the correction workbook attached.
// A token, a program, gets none.
func TestReceiptsByMail(t *testing.T) {
	a, srv, _ := remindSetup(t) // anna (Mediazione) has anna@cciaa.it
	ctx := context.Background()
	u, err := a.Users(ctx, admin)
	if err != nil {
		t.Fatal(err)
	}
	var anna model.Principal
	for _, x := range u {
		if x.Username == "anna" {
			anna = model.Principal{Username: x.Username, UserID: x.ID, Role: x.Role, Unit: x.Unit}
		}
	}
	good := filled(t, a, "5")
	if _, err := a.Collect(ctx, anna, 1, "mediazione.xlsx", good); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Collect(ctx, anna, 1, "mediazione-errata.xlsx", filled(t, a, "tanti")); err == nil {
		t.Fatal("a word accepted as a count")
	}
	if _, err := a.Collect(ctx, unitOf("Mediazione"), 1, "da-script.xlsx", filled(t, a, "6")); err != nil {
		t.Fatal(err)
	}
	if d, err := a.Deliver(ctx); err != nil || d.Sent != 2 {
		t.Fatalf("delivered %+v, %v; want the two receipts of anna's uploads", d, err)
	}
	got := srv.Messages()
	subjects := map[string]string{}
	attachments := map[string]string{}
	for _, m := range got {
		if m.To[0] != "anna@cciaa.it" {
			t.Errorf("a receipt to %v", m.To)
		}
		subject, text, _, name := parseMessage(t, m.Data)
		subjects[subject] = text
		attachments[subject] = name
	}
	accepted := subjects["Ricevuta: cartella mediazione.xlsx accettata"]
	if !strings.Contains(accepted, "Valori registrati (1)") || !strings.Contains(accepted, "«Mediazione»") {
		t.Errorf("the accepted receipt:\n%s", accepted)
	}
	refused := subjects["Ricevuta: cartella mediazione-errata.xlsx rifiutata"]
	if !strings.Contains(refused, "Rilevazione!H7") || attachments["Ricevuta: cartella mediazione-errata.xlsx rifiutata"] != "mediazione-errata-correzioni.xlsx" {
		t.Errorf("the refused receipt (attachment %q):\n%s", attachments["Ricevuta: cartella mediazione-errata.xlsx rifiutata"], refused)
	}
}

// TestWeeklyDigest: on Mondays the admins with an address get, once a
// week, the units that still owe values for each period under
// collection, with their last reminder.
func TestWeeklyDigest(t *testing.T) {
	a, srv, clock := remindSetup(t) // the year-end closes on 31/01/2021
	ctx := context.Background()
	if _, err := a.AddUser(ctx, admin, "ctrl", "password-lunga-1", model.RoleAdmin, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := a.SetUserEmail(ctx, admin, "ctrl", "controller@cciaa.it"); err != nil {
		t.Fatal(err)
	}
	*clock = time.Date(2021, 1, 19, 9, 0, 0, 0, time.UTC) // a Tuesday
	if n, err := a.Digest(ctx, false); err != nil || n != 0 {
		t.Errorf("on a Tuesday: %d, %v", n, err)
	}
	*clock = time.Date(2021, 1, 25, 9, 0, 0, 0, time.UTC) // a Monday
	if n, err := a.Digest(ctx, false); err != nil || n != 1 {
		t.Fatalf("on Monday: %d, %v", n, err)
	}
	*clock = clock.Add(3 * time.Hour)
	if n, _ := a.Digest(ctx, false); n != 0 {
		t.Errorf("twice on the same Monday: %d", n)
	}
	if _, err := a.Deliver(ctx); err != nil {
		t.Fatal(err)
	}
	got := srv.Messages()
	if len(got) != 1 || got[0].To[0] != "controller@cciaa.it" {
		t.Fatalf("sent %+v", got)
	}
	subject, text, _, _ := parseMessage(t, got[0].Data)
	if !strings.Contains(subject, "settimana 4 del 2021") || !strings.Contains(text, "Piano 2020, consuntivo 2020 — chiusura il 31/01/2021") ||
		!strings.Contains(text, "Mediazione:") || !strings.Contains(text, "ultimo sollecito: mai") {
		t.Errorf("the digest %q:\n%s", subject, text)
	}
}
