// Package mail writes and sends Cruscotto's e-mail: reminders, receipts
// and digests. Messages are composed as MIME by go-mail (UTF-8, a plain
// text part and an HTML one, attachments, a Message-ID and a Date in
// Europe/Rome) and sent, byte for byte as they were stored in the outbox,
// by go-smtp's client over STARTTLS, TLS or, on loopback only, plain text.
package mail

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"strings"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
	gomail "github.com/wneessen/go-mail"

	"cruscotto/model"
)

// TLS modes.
const (
	StartTLS = "starttls" // plain connection upgraded with STARTTLS (port 587)
	TLS      = "tls"      // TLS from the start (port 465)
	NoTLS    = "none"     // loopback only: a relay on the same machine
)

// PasswordEnv names the environment variable the SMTP password is read
// from: a flag would show it in the process list.
const PasswordEnv = "CRUSCOTTO_SMTP_PASSWORD"

// Config is how to reach the Chamber's mail relay.
type Config struct {
	Addr     string // host:port; "" sends nothing
	From     string // the sender address
	User     string // for SMTP AUTH; "" does not authenticate
	Password string
	TLS      string // StartTLS (default), TLS or NoTLS
	// Timeout bounds one delivery: dialling, the SMTP dialogue and the data.
	Timeout time.Duration
	// TLSConfig, when not nil, replaces the default (tests trust their
	// own certificate with it).
	TLSConfig *tls.Config
}

// Enabled reports whether mail is configured.
func (c Config) Enabled() bool { return c.Addr != "" }

// Check refuses settings that cannot work or would send a password in
// clear text over the network.
func (c *Config) Check() error {
	if !c.Enabled() {
		return nil
	}
	host, port, err := net.SplitHostPort(c.Addr)
	if err != nil || host == "" || port == "" {
		return model.Errorf(model.EInvalid, "--smtp «%s»: scrivere HOST:PORTA, per esempio relay.cciaa.it:587.", c.Addr)
	}
	if c.TLS == "" {
		c.TLS = StartTLS
	}
	switch c.TLS {
	case StartTLS, TLS:
	case NoTLS:
		if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
			return model.Errorf(model.EInvalid, "--smtp-tls none è ammesso solo per un server sulla stessa macchina (127.0.0.1 o ::1): per %s usare starttls o tls.", host)
		}
	default:
		return model.Errorf(model.EInvalid, "--smtp-tls «%s»: scegliere starttls, tls o none.", c.TLS)
	}
	from, err := model.ParseEmail(c.From)
	if err != nil || from == "" {
		return model.Errorf(model.EInvalid, "--smtp-from: serve l'indirizzo del mittente, per esempio cruscotto@cciaa.it.")
	}
	c.From = from
	if c.Timeout == 0 {
		c.Timeout = 30 * time.Second
	}
	return nil
}

// Attachment is a file attached to a message.
type Attachment struct {
	Name    string
	Content []byte
}

// Message is a message to compose.
type Message struct {
	To          []string
	Subject     string
	Text, HTML  string
	Attachments []Attachment
	Date        time.Time
}

// Compose writes a message as MIME from the configured sender, with a
// new Message-ID; it returns the bytes and the Message-ID (without its
// angle brackets).
func Compose(from string, m Message) (mime []byte, messageID string, err error) {
	msg := gomail.NewMsg(gomail.WithCharset(gomail.CharsetUTF8), gomail.WithNoDefaultUserAgent())
	if err := msg.FromFormat("Cruscotto della performance", from); err != nil {
		return nil, "", fmt.Errorf("mail: sender %s: %w", from, err)
	}
	if err := msg.To(m.To...); err != nil {
		return nil, "", fmt.Errorf("mail: recipients %v: %w", m.To, err)
	}
	msg.Subject(m.Subject)
	messageID = newMessageID(from)
	msg.SetMessageIDWithValue(messageID)
	msg.SetDateWithValue(m.Date.In(model.Rome))
	msg.SetGenHeader(gomail.HeaderXAutoResponseSuppress, "All")
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	if m.HTML != "" {
		msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	}
	for _, a := range m.Attachments {
		if err := msg.AttachReader(a.Name, bytes.NewReader(a.Content), gomail.WithFileContentType(contentType(a.Name))); err != nil {
			return nil, "", fmt.Errorf("mail: attach %s: %w", a.Name, err)
		}
	}
	var buf bytes.Buffer
	if _, err := msg.WriteTo(&buf); err != nil {
		return nil, "", fmt.Errorf("mail: write the message: %w", err)
	}
	return buf.Bytes(), messageID, nil
}

func contentType(name string) gomail.ContentType {
	if strings.HasSuffix(strings.ToLower(name), ".xlsx") {
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	return gomail.TypeAppOctetStream
}

// newMessageID is a unique Message-ID under the sender's domain.
func newMessageID(from string) string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand does not fail on supported systems
	}
	domain := "cruscotto.invalid"
	if _, d, ok := strings.Cut(from, "@"); ok && d != "" {
		domain = d
	}
	return "cruscotto." + hex.EncodeToString(b[:]) + "@" + domain
}

// Sender delivers stored messages to the relay.
type Sender struct {
	cfg Config
}

// NewSender returns a sender for a checked configuration.
func NewSender(cfg Config) *Sender { return &Sender{cfg: cfg} }

// Error is a delivery failure with the server's answer. Permanent
// failures (5xx) are not retried.
type Error struct {
	Permanent bool
	Answer    string
}

func (e *Error) Error() string { return e.Answer }

// Send delivers one message, its bytes as stored, to its recipients.
func (s *Sender) Send(ctx context.Context, from string, to []string, mime []byte) error {
	ctx, cancel := context.WithTimeout(ctx, s.cfg.Timeout)
	defer cancel()
	c, err := s.dial(ctx)
	if err != nil {
		return classify(err)
	}
	defer c.Close()
	if deadline, ok := ctx.Deadline(); ok {
		c.CommandTimeout, c.SubmissionTimeout = time.Until(deadline), time.Until(deadline)
	}
	if s.cfg.User != "" {
		if err := c.Auth(sasl.NewPlainClient("", s.cfg.User, s.cfg.Password)); err != nil {
			return classify(fmt.Errorf("autenticazione: %w", err))
		}
	}
	if err := c.SendMail(from, to, bytes.NewReader(mime)); err != nil {
		return classify(err)
	}
	_ = c.Quit() // delivered once the server took the data, whatever QUIT says
	return nil
}

func (s *Sender) dial(ctx context.Context) (*smtp.Client, error) {
	host, _, _ := net.SplitHostPort(s.cfg.Addr)
	tlsConfig := s.cfg.TLSConfig
	if tlsConfig == nil {
		tlsConfig = &tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}
	}
	var d net.Dialer
	if s.cfg.TLS == TLS {
		conn, err := (&tls.Dialer{NetDialer: &d, Config: tlsConfig}).DialContext(ctx, "tcp", s.cfg.Addr)
		if err != nil {
			return nil, err
		}
		return smtp.NewClient(conn), nil
	}
	conn, err := d.DialContext(ctx, "tcp", s.cfg.Addr)
	if err != nil {
		return nil, err
	}
	if deadline, ok := ctx.Deadline(); ok {
		conn.SetDeadline(deadline)
	}
	if s.cfg.TLS == NoTLS {
		return smtp.NewClient(conn), nil
	}
	c, err := smtp.NewClientStartTLS(conn, tlsConfig)
	if err != nil {
		conn.Close()
		return nil, err
	}
	return c, nil
}

// classify turns an SMTP error into an Error with the server's answer.
func classify(err error) error {
	var se *smtp.SMTPError
	if errors.As(err, &se) {
		return &Error{Permanent: se.Code >= 500, Answer: fmt.Sprintf("%d %s", se.Code, se.Message)}
	}
	return &Error{Answer: err.Error()}
}
