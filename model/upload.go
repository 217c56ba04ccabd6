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
	// RefusedRecordsPerPeriod refused uploads keep a record of their own
	// per owner and period; older ones are counted in one record.
	RefusedRecordsPerPeriod = 200
	// RefusedQuotaBytes is what an owner's kept refused files may total.
	RefusedQuotaBytes = 5 * MaxUploadBytes
	// SenderQuotaBytes is what all the files an owner's uploads keep may
	// total, accepted ones included, each distinct file counted once: past
	// it, its uploads are refused (and recorded without their content)
	// until the Controller looks into it. Workbooks of a few hundred KB
	// kept as their essential parts leave room for thousands.
	SenderQuotaBytes = 200 << 20
)

// ErrSenderQuota refuses an upload of a sender whose kept files fill its
// quota.
func ErrSenderQuota() *Error {
	return Errorf(ETooLarge, "Lo spazio riservato ai file di questo mittente è esaurito: il file non è stato letto né conservato, e nessun valore è stato registrato. Avvisare il Controller.")
}

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
	// PlanID is the plan a returned workbook was sent to or, sent without
	// one, the plan its verified identity names; 0 when neither is known
	// (and for plan uploads).
	PlanID int64 `json:"plan,omitempty"`
	// WorkbookUnit is the unit the returned workbook was made for, from
	// its verified identity; "" when the file could not be identified.
	WorkbookUnit string `json:"workbook_unit,omitempty"`
	// Receipt is what the sender was told, nil for uploads recorded
	// before receipts were kept.
	Receipt *Receipt `json:"receipt,omitempty"`
	// SentBytes is the size of the file as sent when only its essential
	// parts are kept (Keep); 0 when Content is the file as sent.
	SentBytes int64 `json:"sent_bytes,omitempty"`
}

// KeepWholeBytes is the size up to which a returned workbook is kept as
// sent; a larger one is kept as the parts the reader reads, so that
// padding (an unused part of megabytes) costs no disk, and a resend of
// the same values is stored once.
const KeepWholeBytes = 2 << 20

// Keep returns the upload with kept as its content, the file as sent
// counted in SentBytes.
func (u Upload) Keep(kept []byte) Upload {
	sent := u.Size
	k := NewUpload(u.Kind, u.FileName, kept, u.By)
	u.Content, u.SHA256, u.Size, u.SentBytes = k.Content, k.SHA256, k.Size, sent
	return u
}

// ForUnit is the unit the upload counts for in the submission tracker:
// the sender's unit or, when an admin sent it, the unit of the workbook
// (the Controller sending a unit's figures on its behalf).
func (u Upload) ForUnit() string {
	if u.Unit != "" {
		return u.Unit
	}
	return u.WorkbookUnit
}

// Accepted reports whether the file was taken, whether or not it changed
// any value.
func (u Upload) Accepted() bool { return u.Outcome != OutcomeRejected }

// Correctable reports whether a correction workbook can be made of the
// upload: refused for problems in cells, and its content still kept.
func (u Upload) Correctable() bool {
	return u.Outcome == OutcomeRejected && !u.Dropped && u.Receipt != nil && NamesCells(u.Receipt.Problems)
}

// NamesCells reports whether some of the problems point at a cell: a
// correction workbook can mark them.
func NamesCells(problems []Problem) bool {
	for _, p := range problems {
		if p.Cell != "" {
			return true
		}
	}
	return false
}

// Receipt is what the sender of a data-entry workbook was told, kept with
// the upload so that it can be shown again: after the page's redirect, in
// the upload log. The values stored are not repeated here: they are the
// measurements of the upload's submission.
type Receipt struct {
	// Refusal is why the file was refused, as a sentence; Problems are
	// the reasons cell by cell.
	Refusal  string    `json:"refusal,omitempty"`
	Problems []Problem `json:"problems,omitempty"`
	// Stored counts the values stored.
	Stored int `json:"stored,omitempty"`
	// Unchanged counts the values equal to those already stored.
	Unchanged int `json:"unchanged,omitempty"`
	// Blank counts the actions left empty; BlankCodes names them.
	Blank      int      `json:"blank,omitempty"`
	BlankCodes []string `json:"blank_codes,omitempty"`
	// Kept are the actions left as they were when the file was made,
	// whose newer value (sent since by another unit) was kept.
	Kept []string `json:"kept,omitempty"`
	// Warnings never refused the file: values in the orange or red band
	// sent without a deviation note, each at its note cell.
	Warnings []Problem `json:"warnings,omitempty"`
	// Revised says that the workbook was made for an earlier version of
	// the plan and collected into the version in force.
	Revised *ReceiptRevision `json:"revised,omitempty"`
}

// ReceiptRevision is what a receipt says of a plan revised since its
// workbook was made: the two versions, and what changed for the unit's
// actions («1.4.1: target 170 → 160»).
type ReceiptRevision struct {
	From    int      `json:"from"`
	To      int      `json:"to"`
	Changes []string `json:"changes"`
	// New are the unit's actions in the version in force that the
	// workbook does not list (added, or passed to the unit): a fresh
	// workbook has them.
	New []string `json:"new,omitempty"`
}

// UnitUploads is what a unit sent for a plan's period: its last upload
// and its refused ones.
type UnitUploads struct {
	Last        Upload
	Refused     int
	LastRefused *Upload
}

// OutcomeLabel says an upload's outcome in Italian.
func OutcomeLabel(outcome string) string {
	switch outcome {
	case OutcomeAccepted:
		return "accettata"
	case OutcomeDuplicate:
		return "accettata, nessun valore cambiato"
	case OutcomeRejected:
		return "rifiutata"
	}
	return outcome
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
	State      PlanState `json:"state"`   // shared by the year's versions
	// Opened is set once the plan was ever open for collection: a plan
	// never opened may be deleted.
	Opened bool `json:"opened"`
}

// WhoLabel is who sent something, as the pages name them: the command
// line's default name «cli» reads «riga di comando (admin)».
func WhoLabel(by string) string {
	if by == "cli" {
		return "riga di comando (admin)"
	}
	return by
}
