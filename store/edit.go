package store

import (
	"fmt"
	"time"

	"alama/annotate"
)

// maxBatchDepth bounds how deeply stored batches may nest, so a damaged
// record cannot exhaust the stack.
const maxBatchDepth = 32

// The edit kinds as stored.
const (
	kindAddSpan        = "add_span"
	kindDeleteSpan     = "delete_span"
	kindRelabel        = "relabel"
	kindResize         = "resize"
	kindSetAttr        = "set_attr"
	kindSetNote        = "set_note"
	kindAccept         = "accept"
	kindReplaceSpan    = "replace_span"
	kindAddRelation    = "add_relation"
	kindDeleteRelation = "delete_relation"
	kindSetStatus      = "set_status"
	kindSetDocLabels   = "set_doc_labels"
	kindBatch          = "batch"
)

// historyRecord is one entry of a document's undo or redo stack: the edit
// that reverts (or re-applies) one change.
type historyRecord struct {
	V    int        `json:"v"`
	Time time.Time  `json:"time,omitzero"`
	Edit editRecord `json:"edit"`
}

// editRecord is the stored form of every annotate.Edit kind. Kind says
// which fields are meaningful.
type editRecord struct {
	Kind     string          `json:"kind"`
	ID       uint64          `json:"id,omitempty"`
	Span     *spanEditRecord `json:"span,omitempty"`
	Relation *relEditRecord  `json:"relation,omitempty"`
	Label    string          `json:"label,omitempty"`
	Start    int             `json:"start,omitempty"`
	End      int             `json:"end,omitempty"`
	Name     string          `json:"name,omitempty"`
	Value    string          `json:"value,omitempty"`
	Note     string          `json:"note,omitempty"`
	Status   string          `json:"status,omitempty"`
	Labels   []string        `json:"labels,omitempty"`
	Edits    []editRecord    `json:"edits,omitempty"`
}

// spanEditRecord is a whole span inside an edit, id included.
type spanEditRecord struct {
	ID uint64 `json:"id"`
	spanRecord
}

// relEditRecord is a whole relation inside an edit, id included.
type relEditRecord struct {
	ID uint64 `json:"id"`
	relationRecord
}

func newSpanEditRecord(s annotate.Span) *spanEditRecord {
	return &spanEditRecord{ID: s.ID, spanRecord: newSpanRecord(s)}
}

func newRelEditRecord(r annotate.Relation) *relEditRecord {
	return &relEditRecord{ID: r.ID, relationRecord: newRelationRecord(r)}
}

// encodeEdit turns an edit into its stored form.
func encodeEdit(e annotate.Edit) (editRecord, error) {
	switch e := e.(type) {
	case annotate.AddSpan:
		return editRecord{Kind: kindAddSpan, Span: newSpanEditRecord(e.Span)}, nil
	case annotate.DeleteSpan:
		return editRecord{Kind: kindDeleteSpan, ID: e.ID}, nil
	case annotate.Relabel:
		return editRecord{Kind: kindRelabel, ID: e.ID, Label: e.Label}, nil
	case annotate.Resize:
		return editRecord{Kind: kindResize, ID: e.ID, Start: e.Start, End: e.End}, nil
	case annotate.SetAttr:
		return editRecord{Kind: kindSetAttr, ID: e.ID, Name: e.Name, Value: e.Value}, nil
	case annotate.SetNote:
		return editRecord{Kind: kindSetNote, ID: e.ID, Note: e.Note}, nil
	case annotate.Accept:
		return editRecord{Kind: kindAccept, ID: e.ID}, nil
	case annotate.ReplaceSpan:
		return editRecord{Kind: kindReplaceSpan, Span: newSpanEditRecord(e.Span)}, nil
	case annotate.AddRelation:
		return editRecord{Kind: kindAddRelation, Relation: newRelEditRecord(e.Relation)}, nil
	case annotate.DeleteRelation:
		return editRecord{Kind: kindDeleteRelation, ID: e.ID}, nil
	case annotate.SetStatus:
		return editRecord{Kind: kindSetStatus, Status: string(e.Status)}, nil
	case annotate.SetDocLabels:
		return editRecord{Kind: kindSetDocLabels, Labels: e.Labels}, nil
	case annotate.Batch:
		r := editRecord{Kind: kindBatch, Edits: make([]editRecord, len(e.Edits))}
		for i, sub := range e.Edits {
			s, err := encodeEdit(sub)
			if err != nil {
				return editRecord{}, err
			}
			r.Edits[i] = s
		}
		return r, nil
	}
	return editRecord{}, fmt.Errorf("edit of type %T cannot be stored: %w", e, annotate.ErrInvalid)
}

// edit turns a stored edit back into an annotate.Edit.
func (r editRecord) edit(depth int) (annotate.Edit, error) {
	switch r.Kind {
	case kindAddSpan, kindReplaceSpan:
		if r.Span == nil {
			return nil, fmt.Errorf("%w: %s without a span", errRecord, r.Kind)
		}
		sp := r.Span.span(r.Span.ID)
		if r.Kind == kindAddSpan {
			return annotate.AddSpan{Span: sp}, nil
		}
		return annotate.ReplaceSpan{Span: sp}, nil
	case kindDeleteSpan:
		return annotate.DeleteSpan{ID: r.ID}, nil
	case kindRelabel:
		return annotate.Relabel{ID: r.ID, Label: r.Label}, nil
	case kindResize:
		return annotate.Resize{ID: r.ID, Start: r.Start, End: r.End}, nil
	case kindSetAttr:
		return annotate.SetAttr{ID: r.ID, Name: r.Name, Value: r.Value}, nil
	case kindSetNote:
		return annotate.SetNote{ID: r.ID, Note: r.Note}, nil
	case kindAccept:
		return annotate.Accept{ID: r.ID}, nil
	case kindAddRelation:
		if r.Relation == nil {
			return nil, fmt.Errorf("%w: %s without a relation", errRecord, r.Kind)
		}
		return annotate.AddRelation{Relation: r.Relation.relation(r.Relation.ID)}, nil
	case kindDeleteRelation:
		return annotate.DeleteRelation{ID: r.ID}, nil
	case kindSetStatus:
		return annotate.SetStatus{Status: annotate.Status(r.Status)}, nil
	case kindSetDocLabels:
		return annotate.SetDocLabels{Labels: r.Labels}, nil
	case kindBatch:
		if depth >= maxBatchDepth {
			return nil, fmt.Errorf("%w: batches nested more than %d deep", errRecord, maxBatchDepth)
		}
		b := annotate.Batch{Edits: make([]annotate.Edit, len(r.Edits))}
		for i, sub := range r.Edits {
			e, err := sub.edit(depth + 1)
			if err != nil {
				return nil, err
			}
			b.Edits[i] = e
		}
		return b, nil
	}
	return nil, fmt.Errorf("%w: unknown edit kind %q", errRecord, r.Kind)
}

// encodeHistory encodes the history record holding e.
func encodeHistory(e annotate.Edit, at time.Time) ([]byte, error) {
	r, err := encodeEdit(e)
	if err != nil {
		return nil, err
	}
	return encode(historyRecord{V: recordVersion, Time: at, Edit: r})
}

// decodeHistory decodes a history record into its edit.
func decodeHistory(data []byte) (annotate.Edit, error) {
	var h historyRecord
	if err := decode(data, &h, &h.V); err != nil {
		return nil, err
	}
	return h.Edit.edit(0)
}
