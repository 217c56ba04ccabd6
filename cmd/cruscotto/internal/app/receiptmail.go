package app

import (
	"context"
	"fmt"
	"strings"

	"cruscotto/cmd/cruscotto/internal/mail"
	"cruscotto/importer"
	"cruscotto/model"
)

// receiptTo is the address a sender's receipt goes to: a user's own, ""
// for a token (a program) or a user without one, or without a relay.
func (a *App) receiptTo(ctx context.Context, who model.Principal) string {
	if a.sender == nil || who.UserID == 0 || who.TokenID != 0 {
		return ""
	}
	u, err := a.accounts.User(ctx, who.Username)
	if err != nil {
		return ""
	}
	return u.Email
}

// receiptNotify writes a sender's receipt for an upload, queued in the
// upload's transaction: the values stored, or the problems with the
// correction workbook attached.
func (a *App) receiptNotify(to string, u *model.Upload, correction []byte) model.Notify {
	if to == "" {
		return nil
	}
	return func(uploadID int64, r model.Receipt, stored []model.Measurement) ([]model.OutboxMessage, error) {
		m := model.ReceiptMail{FileName: u.FileName, At: u.ReceivedAt, Unit: u.WorkbookUnit, Accepted: u.Outcome != model.OutcomeRejected,
			Unchanged: r.Unchanged, Kept: r.Kept, Refusal: r.Refusal, Problems: r.Problems}
		if u.ReceivedAt.IsZero() {
			m.At = a.now()
		}
		if p, err := model.ParsePeriod(u.Period); err == nil && u.Period != "" {
			m.Period, m.PlanYear = p.Label(), p.Year
		}
		for _, s := range stored {
			m.Stored = append(m.Stored, s.ActionCode+": "+s.Value.Display())
		}
		if a.baseURL != "" {
			m.Link = fmt.Sprintf("%s/ricevute/%d", strings.TrimRight(a.baseURL, "/"), uploadID)
		}
		msg := mail.Message{To: []string{to}, Subject: m.Subject(), HTML: m.HTML(), Date: a.now()}
		if correction != nil {
			m.Correction = strings.TrimSuffix(u.FileName, ".xlsx") + "-correzioni.xlsx"
			msg.Attachments = []mail.Attachment{{Name: m.Correction, Content: correction}}
		}
		msg.Text, msg.HTML = m.Text(), m.HTML()
		raw, id, err := mail.Compose(a.mail.From, msg)
		if err != nil {
			return nil, err
		}
		return []model.OutboxMessage{{Kind: model.MailReceipt, PlanID: u.PlanID, Period: u.Period, Unit: u.WorkbookUnit, Recipient: to,
			Subject: m.Subject(), MessageID: id, MIME: raw}}, nil
	}
}

// receiptCorrection makes, for a refused upload whose receipt is mailed,
// the correction workbook to attach: only when the refusal names cells
// and the file looks like a unit's workbook (as CorrectionForUpload).
func (a *App) receiptCorrection(ctx context.Context, u model.Upload, data []byte, refusal error) []byte {
	if !model.NamesCells(model.ErrorProblems(refusal)) {
		return nil
	}
	actions := 0
	if plan, err := a.store.Plan(ctx, u.PlanID); err == nil {
		actions = len(plan.UnitActions(u.WorkbookUnit))
	}
	ctx, done, err := a.parsing(ctx)
	if err != nil {
		return nil
	}
	defer done()
	if importer.CheckCorrectable(ctx, data, actions) != nil {
		return nil
	}
	content, err := CorrectionWorkbook(data, refusal)
	if err != nil {
		return nil
	}
	return content
}
