package model

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"
)

// MaxUploadBytes is the largest file Cruscotto accepts, in bytes; a
// larger one is refused with MaxUploadText in the sentence.
const MaxUploadBytes = 20_000_000

// MaxUploadText is MaxUploadBytes as people read it: "20 MB".
var MaxUploadText = fmt.Sprintf("%d MB", MaxUploadBytes/1_000_000)

// ErrTooLarge is the refusal of a file over MaxUploadBytes.
func ErrTooLarge() *Error {
	return Errorf(ETooLarge, "Il file supera i %s consentiti: caricare un file più piccolo.", MaxUploadText)
}

// Bounds on the refused uploads kept with their content. Every upload
// keeps its record (who, when, file name, size, sha256, reason) and every
// accepted one its content; of the refused ones only the newest keep
// their content, so a sender cannot fill the disk with files it knows
// will be refused.
const (
	// RefusedKeptPerPeriod refused files are kept per owner and period.
	RefusedKeptPerPeriod = 20
	// RefusedQuotaBytes is what an owner's kept refused files may total.
	RefusedQuotaBytes = 5 * MaxUploadBytes
)

// Upload is a file a person gave Cruscotto. Every upload is recorded,
// accepted or not, so that nothing the Chamber sent goes unaccounted; the
// content of older refused files is dropped (see RefusedKeptPerPeriod).
type Upload struct {
	ID         int64     `json:"id"`
	Kind       string    `json:"kind"` // "plan" or "submission"
	FileName   string    `json:"file_name"`
	SHA256     string    `json:"sha256"`
	Size       int64     `json:"size"`
	Content    []byte    `json:"-"`
	ReceivedAt time.Time `json:"received_at"`
	By         string    `json:"by,omitempty"` // user name, "cli", … for display only
	// Unit is the sender's unit, from its principal (never from the file):
	// a unit may see only what its own unit sent.
	Unit string `json:"unit,omitempty"`
	// Sender is the sender's Principal.Key, "" for the CLI.
	Sender string `json:"-"`
	// Period is the period the file was for, when known: refused files
	// are bounded per owner and period.
	Period  string `json:"period,omitempty"`
	Outcome string `json:"outcome"` // OutcomeAccepted, OutcomeDuplicate, OutcomeRejected
	Message string `json:"message,omitempty"`
	// Dropped reports that the content of this refused file is no longer
	// kept.
	Dropped bool `json:"content_dropped,omitempty"`
}

// Owner is whom the upload counts against for the bounds on refused
// files: the sender's unit, else the sender, else the CLI.
func (u Upload) Owner() string {
	switch {
	case u.Unit != "":
		return "unit:" + u.Unit
	case u.Sender != "":
		return u.Sender
	}
	return "cli"
}

// From sets who sent the upload.
func (u Upload) From(p Principal) Upload {
	u.By, u.Sender, u.Unit = p.Username, p.Key(), ""
	if p.Role == RoleUnit {
		u.Unit = p.Unit
	}
	return u
}

// Excelize's limits when a stored workbook is opened again to write into
// it (a correction workbook, the filled plan): the reader has already held
// the file within its own, tighter limits.
const (
	MaxWorkbookInflated = 128 << 20 // all its parts, bytes
	MaxWorkbookPart     = 64 << 20  // one XML part, bytes
)

// The outcomes of an upload.
const (
	OutcomeAccepted  = "accepted"  // stored as a plan or as values
	OutcomeDuplicate = "duplicate" // the same plan again, or no value changed
	OutcomeRejected  = "rejected"  // refused: the reason is its message
)

// The kinds of upload.
const (
	UploadPlan       = "plan"
	UploadSubmission = "submission"
)

// NewUpload describes content received as fileName.
func NewUpload(kind, fileName string, content []byte, by string) Upload {
	sum := sha256.Sum256(content)
	return Upload{Kind: kind, FileName: fileName, Content: content, SHA256: hex.EncodeToString(sum[:]), Size: int64(len(content)), By: by}
}

// PlanSummary is a stored plan version without its tree.
type PlanSummary struct {
	ID         int64     `json:"id"`
	Year       int       `json:"year"`
	Version    int       `json:"version"`
	Title      string    `json:"title"`
	FileName   string    `json:"file_name"`
	SHA256     string    `json:"sha256"`
	ImportedAt time.Time `json:"imported_at"`
	Actions    int       `json:"actions"`
	Units      int       `json:"units"`
	Warnings   int       `json:"warnings"`
	Current    bool      `json:"current"` // the newest version of its year
}
