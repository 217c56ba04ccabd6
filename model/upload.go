package model

import (
	"crypto/sha256"
	"encoding/hex"
	"time"
)

// Upload is a file a person gave Cruscotto. Every upload is kept, accepted
// or not, so that nothing the Chamber sent is ever lost.
type Upload struct {
	ID         int64     `json:"id"`
	Kind       string    `json:"kind"` // "plan" or "submission"
	FileName   string    `json:"file_name"`
	SHA256     string    `json:"sha256"`
	Size       int64     `json:"size"`
	Content    []byte    `json:"-"`
	ReceivedAt time.Time `json:"received_at"`
	By         string    `json:"by,omitempty"` // user name, "cli", …
	Outcome    string    `json:"outcome"`      // "accepted", "duplicate", "rejected"
	Message    string    `json:"message,omitempty"`
}

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
