package mail_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"strings"
	"testing"
	"time"

	cmail "cruscotto/cmd/cruscotto/internal/mail"
	"cruscotto/cmd/cruscotto/internal/mail/mailtest"
)

func TestCheckConfig(t *testing.T) {
	for _, tt := range []struct {
		cfg  cmail.Config
		fail string
	}{
		{cmail.Config{}, ""},
		{cmail.Config{Addr: "relay.cciaa.it:587", From: "cruscotto@cciaa.it"}, ""},
		{cmail.Config{Addr: "127.0.0.1:2525", From: "cruscotto@cciaa.it", TLS: "none"}, ""},
		{cmail.Config{Addr: "[::1]:25", From: "cruscotto@cciaa.it", TLS: "none"}, ""},
		{cmail.Config{Addr: "relay.cciaa.it:25", From: "cruscotto@cciaa.it", TLS: "none"}, "solo per un server sulla stessa macchina"},
		{cmail.Config{Addr: "relay.cciaa.it", From: "cruscotto@cciaa.it"}, "HOST:PORTA"},
		{cmail.Config{Addr: "relay.cciaa.it:587"}, "--smtp-from"},
		{cmail.Config{Addr: "relay.cciaa.it:587", From: "cruscotto@cciaa.it", TLS: "ssl"}, "starttls, tls o none"},
	} {
		err := tt.cfg.Check()
		switch {
		case tt.fail == "" && err != nil:
			t.Errorf("%+v: %v", tt.cfg, err)
		case tt.fail != "" && (err == nil || !strings.Contains(err.Error(), tt.fail)):
			t.Errorf("%+v: %v, want %q", tt.cfg, err, tt.fail)
		}
	}
}

// TestComposeAndSend sends a message to a real SMTP server and parses
// it back: UTF-8 subject, Message-ID, Date in Europe/Rome, a text and an
// HTML part, and the attachment byte for byte.
func TestComposeAndSend(t *testing.T) {
	srv := mailtest.Start(t)
	cfg := cmail.Config{Addr: srv.Addr, From: "Cruscotto@CCIAA.it", TLS: cmail.NoTLS}
	if err := cfg.Check(); err != nil {
		t.Fatal(err)
	}
	workbook := bytes.Repeat([]byte("PK\x03\x04 dati "), 1000)
	raw, id, err := cmail.Compose(cfg.From, cmail.Message{
		To: []string{"anna@cciaa.it", "mediazione@cciaa.it"}, Subject: "Promemoria: Piano 2020 — consuntivo, entro il 31/01/2021 ✓",
		Text: "Gentili colleghi della struttura «Mediazione»,\nmancano 3 valori.", HTML: "<p>Gentili colleghi della struttura «Mediazione»</p>",
		Attachments: []cmail.Attachment{{Name: "piano-2020-mediazione-2020.xlsx", Content: workbook}},
		Date:        time.Date(2021, 1, 24, 9, 0, 0, 0, time.UTC),
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := cmail.NewSender(cfg).Send(context.Background(), cfg.From, []string{"anna@cciaa.it", "mediazione@cciaa.it"}, raw); err != nil {
		t.Fatal(err)
	}
	got := srv.Messages()
	if len(got) != 1 || len(got[0].To) != 2 || got[0].From != "cruscotto@cciaa.it" {
		t.Fatalf("received %+v", got)
	}
	msg, err := mail.ReadMessage(bytes.NewReader(got[0].Data))
	if err != nil {
		t.Fatal(err)
	}
	subject, _ := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if subject != "Promemoria: Piano 2020 — consuntivo, entro il 31/01/2021 ✓" {
		t.Errorf("subject %q", subject)
	}
	if msg.Header.Get("Message-ID") != "<"+id+">" || !strings.HasSuffix(id, "@cciaa.it") {
		t.Errorf("Message-ID %q, recorded %q", msg.Header.Get("Message-ID"), id)
	}
	if date, err := msg.Header.Date(); err != nil || !date.Equal(time.Date(2021, 1, 24, 9, 0, 0, 0, time.UTC)) || !strings.Contains(msg.Header.Get("Date"), "+0100") {
		t.Errorf("Date %q (%v)", msg.Header.Get("Date"), err)
	}
	parts := map[string][]byte{}
	var walk func(r io.Reader, contentType string)
	walk = func(r io.Reader, contentType string) {
		mt, params, err := mime.ParseMediaType(contentType)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(mt, "multipart/") {
			return
		}
		mr := multipart.NewReader(r, params["boundary"])
		for {
			p, err := mr.NextPart()
			if errors.Is(err, io.EOF) {
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			ct := p.Header.Get("Content-Type")
			body, _ := io.ReadAll(p) // NextPart decodes quoted-printable, not base64
			if p.Header.Get("Content-Transfer-Encoding") == "base64" {
				body = decodeBase64(t, body)
			}
			if strings.HasPrefix(ct, "multipart/") {
				walk(bytes.NewReader(body), ct)
				continue
			}
			key, _, _ := mime.ParseMediaType(ct)
			if name := p.FileName(); name != "" {
				key = "file:" + name
			}
			parts[key] = body
		}
	}
	walk(msg.Body, msg.Header.Get("Content-Type"))
	if !strings.Contains(string(parts["text/plain"]), "«Mediazione»") || !strings.Contains(string(parts["text/html"]), "<p>Gentili") {
		t.Errorf("text %q, html %q", parts["text/plain"], parts["text/html"])
	}
	if !bytes.Equal(parts["file:piano-2020-mediazione-2020.xlsx"], workbook) {
		t.Errorf("attachment of %d bytes, want %d; parts %v", len(parts["file:piano-2020-mediazione-2020.xlsx"]), len(workbook), keys(parts))
	}
}

// TestSendErrors: a server down is a temporary failure with its cause, a
// refusal a permanent one with the server's answer.
func TestSendErrors(t *testing.T) {
	srv := mailtest.Start(t)
	cfg := cmail.Config{Addr: srv.Addr, From: "cruscotto@cciaa.it", TLS: cmail.NoTLS, Timeout: 5 * time.Second}
	if err := cfg.Check(); err != nil {
		t.Fatal(err)
	}
	raw, _, err := cmail.Compose(cfg.From, cmail.Message{To: []string{"a@cciaa.it"}, Subject: "x", Text: "x", Date: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	s := cmail.NewSender(cfg)
	srv.Refuse("casella inesistente")
	var me *cmail.Error
	if err := s.Send(context.Background(), cfg.From, []string{"a@cciaa.it"}, raw); !errors.As(err, &me) || !me.Permanent || !strings.Contains(me.Answer, "550") || !strings.Contains(me.Answer, "casella inesistente") {
		t.Errorf("refused: %v", err)
	}
	srv.Refuse("")
	srv.Stop()
	if err := s.Send(context.Background(), cfg.From, []string{"a@cciaa.it"}, raw); !errors.As(err, &me) || me.Permanent {
		t.Errorf("server down: %v", err)
	}
	srv.Restart(t)
	if err := s.Send(context.Background(), cfg.From, []string{"a@cciaa.it"}, raw); err != nil {
		t.Errorf("server back: %v", err)
	}
}

func keys(m map[string][]byte) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
