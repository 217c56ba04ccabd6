// Package mailtest runs a real SMTP server in the test process
// (github.com/emersion/go-smtp) that keeps what it receives, for the
// tests of reminders and receipts: it can be stopped and started again on
// the same address, and made to refuse messages.
package mailtest

import (
	"bytes"
	"io"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// Received is one message as the server got it.
type Received struct {
	From string
	To   []string
	Data []byte
}

// Server is an SMTP server on a loopback port.
type Server struct {
	Addr string

	mu       sync.Mutex
	received []Received
	refuse   string        // a non-empty answer refuses every message with 550
	hold     chan struct{} // when not nil, MAIL FROM waits until it is closed
	started  int           // sessions that gave MAIL FROM
	srv      *smtp.Server
	ln       net.Listener
}

// Start starts a server on a free loopback port; it stops when the test
// ends.
func Start(t testing.TB) *Server {
	t.Helper()
	s := &Server{}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.Addr = ln.Addr().String()
	s.serve(ln)
	t.Cleanup(s.Stop)
	return s
}

func (s *Server) serve(ln net.Listener) {
	srv := smtp.NewServer(backend{s})
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	srv.MaxMessageBytes = 50 << 20
	s.mu.Lock()
	s.srv, s.ln = srv, ln
	s.mu.Unlock()
	go srv.Serve(ln)
}

// Stop stops the server: connections are refused until Restart.
func (s *Server) Stop() {
	s.mu.Lock()
	srv := s.srv
	s.srv = nil
	s.mu.Unlock()
	if srv != nil {
		srv.Close()
	}
}

// Restart starts the server again on the same address.
func (s *Server) Restart(t testing.TB) {
	t.Helper()
	var ln net.Listener
	var err error
	for i := 0; i < 50; i++ { // the port may take a moment to be free
		if ln, err = net.Listen("tcp", s.Addr); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		t.Fatal(err)
	}
	s.serve(ln)
}

// Refuse makes the server refuse every message with answer ("" accepts
// again).
func (s *Server) Refuse(answer string) {
	s.mu.Lock()
	s.refuse = answer
	s.mu.Unlock()
}

// Hold makes the server stall at every message's MAIL FROM, before it has
// anything of the message, as a stalled relay does, until Release.
func (s *Server) Hold() {
	s.mu.Lock()
	s.hold = make(chan struct{})
	s.mu.Unlock()
}

// Release lets held messages through.
func (s *Server) Release() {
	s.mu.Lock()
	if s.hold != nil {
		close(s.hold)
		s.hold = nil
	}
	s.mu.Unlock()
}

// Started counts the messages a client began to send (MAIL FROM).
func (s *Server) Started() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.started
}

// Messages returns what the server received so far.
func (s *Server) Messages() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Received(nil), s.received...)
}

type backend struct{ s *Server }

func (b backend) NewSession(*smtp.Conn) (smtp.Session, error) { return &session{s: b.s}, nil }

type session struct {
	s    *Server
	from string
	to   []string
}

func (x *session) Mail(from string, _ *smtp.MailOptions) error {
	x.s.mu.Lock()
	x.s.started++
	hold := x.s.hold
	x.s.mu.Unlock()
	if hold != nil {
		<-hold // the relay stalls before it has the message
	}
	x.from = from
	return nil
}

func (x *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	x.to = append(x.to, to)
	return nil
}

func (x *session) Data(r io.Reader) error {
	var buf bytes.Buffer
	if _, err := io.Copy(&buf, r); err != nil {
		return err // the client went away: nothing was delivered
	}
	x.s.mu.Lock()
	defer x.s.mu.Unlock()
	if x.s.refuse != "" {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 7, 1}, Message: x.s.refuse}
	}
	x.s.received = append(x.s.received, Received{From: x.from, To: x.to, Data: buf.Bytes()})
	return nil
}

func (x *session) Reset()        { x.from, x.to = "", nil }
func (x *session) Logout() error { return nil }
