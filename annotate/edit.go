package annotate

import (
	"fmt"
	"maps"
	"slices"
)

// Edit is one change to a document, as a value. Apply checks the edit against
// the document and schema, makes it, and returns the edit that undoes it. On
// error the document is unchanged. A nil schema skips the schema checks.
type Edit interface {
	Apply(d *Document, s *Schema) (inverse Edit, err error)
}

// AddSpan adds Span. Its ID must be set and unused (see WithIDs).
type AddSpan struct{ Span Span }

// DeleteSpan removes a span and every relation that touches it.
type DeleteSpan struct{ ID uint64 }

// Relabel gives a span another label. Attributes the new label does not
// define are dropped (the inverse restores them). A relation that the new
// label would break makes it fail.
type Relabel struct {
	ID    uint64
	Label string
}

// Resize moves a span's edges.
type Resize struct {
	ID         uint64
	Start, End int
}

// SetAttr sets a span attribute; an empty Value removes it.
type SetAttr struct {
	ID    uint64
	Name  string
	Value string
}

// SetNote sets a span's free-text note.
type SetNote struct {
	ID   uint64
	Note string
}

// Accept turns a suggested span into an ordinary one.
type Accept struct{ ID uint64 }

// ReplaceSpan puts back a whole span record with the same id. It is the
// inverse of the span-changing edits.
type ReplaceSpan struct{ Span Span }

// AddRelation adds Relation. Its ID must be set and unused.
type AddRelation struct{ Relation Relation }

// DeleteRelation removes a relation.
type DeleteRelation struct{ ID uint64 }

// SetStatus sets the document status.
type SetStatus struct{ Status Status }

// SetDocLabels sets the document-level labels.
type SetDocLabels struct{ Labels []string }

// Batch applies several edits as one: all or none, undone in one step.
type Batch struct{ Edits []Edit }

// Apply implements Edit.
func (e AddSpan) Apply(d *Document, s *Schema) (Edit, error) {
	sp := e.Span
	if sp.ID == 0 {
		return nil, fmt.Errorf("add span: no id: %w", ErrInvalid)
	}
	if d.spanIndex(sp.ID) >= 0 {
		return nil, fmt.Errorf("add span %d: id in use: %w", sp.ID, ErrDuplicate)
	}
	if err := checkSpan(d, s, sp); err != nil {
		return nil, fmt.Errorf("add span: %w", err)
	}
	d.Spans = append(d.Spans, sp.clone())
	SortSpans(d.Spans)
	return DeleteSpan{ID: sp.ID}, nil
}

// Apply implements Edit.
func (e DeleteSpan) Apply(d *Document, _ *Schema) (Edit, error) {
	i := d.spanIndex(e.ID)
	if i < 0 {
		return nil, fmt.Errorf("delete span %d: %w", e.ID, ErrNotFound)
	}
	inv := Batch{Edits: []Edit{AddSpan{Span: d.Spans[i]}}}
	kept := d.Relations[:0:0]
	for _, r := range d.Relations {
		if r.From == e.ID || r.To == e.ID {
			inv.Edits = append(inv.Edits, AddRelation{Relation: r})
			continue
		}
		kept = append(kept, r)
	}
	d.Relations = kept
	d.Spans = slices.Delete(d.Spans, i, i+1)
	if len(inv.Edits) == 1 {
		return inv.Edits[0], nil
	}
	return inv, nil
}

// Apply implements Edit.
func (e Relabel) Apply(d *Document, s *Schema) (Edit, error) {
	return modifySpan(d, s, e.ID, "relabel", func(sp *Span) error {
		sp.Label = e.Label
		if s == nil {
			return nil
		}
		l, ok := s.Label(e.Label)
		if !ok {
			return fmt.Errorf("label %s: %w", Quote(e.Label), ErrUnknownLabel)
		}
		maps.DeleteFunc(sp.Attrs, func(k, _ string) bool {
			_, ok := l.Attr(k)
			return !ok
		})
		return nil
	})
}

// Apply implements Edit.
func (e Resize) Apply(d *Document, s *Schema) (Edit, error) {
	return modifySpan(d, s, e.ID, "resize", func(sp *Span) error {
		sp.Start, sp.End = e.Start, e.End
		return nil
	})
}

// Apply implements Edit.
func (e SetAttr) Apply(d *Document, s *Schema) (Edit, error) {
	return modifySpan(d, s, e.ID, "set attribute", func(sp *Span) error {
		if e.Value == "" {
			delete(sp.Attrs, e.Name)
			return nil
		}
		if sp.Attrs == nil {
			sp.Attrs = map[string]string{}
		}
		sp.Attrs[e.Name] = e.Value
		return nil
	})
}

// Apply implements Edit.
func (e SetNote) Apply(d *Document, s *Schema) (Edit, error) {
	return modifySpan(d, s, e.ID, "set note", func(sp *Span) error {
		sp.Note = e.Note
		return nil
	})
}

// Apply implements Edit.
func (e Accept) Apply(d *Document, s *Schema) (Edit, error) {
	return modifySpan(d, s, e.ID, "accept", func(sp *Span) error {
		sp.Suggested = false
		return nil
	})
}

// Apply implements Edit.
func (e ReplaceSpan) Apply(d *Document, s *Schema) (Edit, error) {
	return modifySpan(d, s, e.Span.ID, "replace span", func(sp *Span) error {
		*sp = e.Span.clone()
		return nil
	})
}

// modifySpan changes a copy of span id with change, validates the result and
// stores it, returning a ReplaceSpan with the old record.
func modifySpan(d *Document, s *Schema, id uint64, what string, change func(*Span) error) (Edit, error) {
	i := d.spanIndex(id)
	if i < 0 {
		return nil, fmt.Errorf("%s: span %d: %w", what, id, ErrNotFound)
	}
	old := d.Spans[i]
	sp := old.clone()
	if err := change(&sp); err != nil {
		return nil, fmt.Errorf("%s: span %d: %w", what, id, err)
	}
	sp.ID = id
	if err := checkSpan(d, s, sp); err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	if sp.Label != old.Label && s != nil {
		for _, r := range d.Relations {
			if err := checkRelationLabels(d, s, r, sp); err != nil {
				return nil, fmt.Errorf("%s: span %d: %w", what, id, err)
			}
		}
	}
	d.Spans[i] = sp
	SortSpans(d.Spans)
	return ReplaceSpan{Span: old}, nil
}

// checkSpan validates a span's range against the text and, with a schema,
// its label and attributes.
func checkSpan(d *Document, s *Schema, sp Span) error {
	if err := CheckRange(d.Text, sp.Start, sp.End); err != nil {
		return fmt.Errorf("span %d: %w", sp.ID, err)
	}
	return checkSpanSchema(s, sp)
}

// checkSpanSchema checks a span's label and attributes against s; a nil
// schema allows any.
func checkSpanSchema(s *Schema, sp Span) error {
	if s == nil {
		return nil
	}
	l, ok := s.Label(sp.Label)
	if !ok {
		return fmt.Errorf("span %d: label %s: %w", sp.ID, Quote(sp.Label), ErrUnknownLabel)
	}
	for name, v := range sp.Attrs {
		a, ok := l.Attr(name)
		if !ok {
			return fmt.Errorf("span %d: label %s has no attribute %s: %w", sp.ID, Quote(sp.Label), Quote(name), ErrNotAllowed)
		}
		if !a.Allows(v) {
			return fmt.Errorf("span %d: attribute %s: value %s not allowed: %w", sp.ID, Quote(name), Quote(v), ErrNotAllowed)
		}
	}
	return nil
}

// checkRelationLabels checks that relation r is still allowed when one of
// the document's spans is replaced by changed.
func checkRelationLabels(d *Document, s *Schema, r Relation, changed Span) error {
	label := func(id uint64) string {
		if id == changed.ID {
			return changed.Label
		}
		sp, _ := d.Span(id)
		return sp.Label
	}
	rt, ok := s.RelationType(r.Type)
	if !ok {
		return fmt.Errorf("relation %d: type %s: %w", r.ID, Quote(r.Type), ErrUnknownLabel)
	}
	if from, to := label(r.From), label(r.To); !rt.Allows(from, to) {
		return fmt.Errorf("relation %d: %s may not link %s → %s: %w", r.ID, r.Type, from, to, ErrNotAllowed)
	}
	return nil
}

// Apply implements Edit.
func (e AddRelation) Apply(d *Document, s *Schema) (Edit, error) {
	r := e.Relation
	switch {
	case r.ID == 0:
		return nil, fmt.Errorf("add relation: no id: %w", ErrInvalid)
	case d.relationIndex(r.ID) >= 0:
		return nil, fmt.Errorf("add relation %d: id in use: %w", r.ID, ErrDuplicate)
	case r.From == r.To:
		return nil, fmt.Errorf("add relation %d: a span cannot link to itself: %w", r.ID, ErrInvalid)
	}
	for _, id := range []uint64{r.From, r.To} {
		if d.spanIndex(id) < 0 {
			return nil, fmt.Errorf("add relation %d: span %d: %w", r.ID, id, ErrNotFound)
		}
	}
	if s != nil {
		if err := checkRelationLabels(d, s, r, Span{}); err != nil {
			return nil, fmt.Errorf("add relation: %w", err)
		}
	}
	d.Relations = append(d.Relations, r)
	SortRelations(d.Relations)
	return DeleteRelation{ID: r.ID}, nil
}

// Apply implements Edit.
func (e DeleteRelation) Apply(d *Document, _ *Schema) (Edit, error) {
	i := d.relationIndex(e.ID)
	if i < 0 {
		return nil, fmt.Errorf("delete relation %d: %w", e.ID, ErrNotFound)
	}
	r := d.Relations[i]
	d.Relations = slices.Delete(d.Relations, i, i+1)
	return AddRelation{Relation: r}, nil
}

// Apply implements Edit.
func (e SetStatus) Apply(d *Document, _ *Schema) (Edit, error) {
	if !e.Status.Valid() {
		return nil, fmt.Errorf("set status %s: %w", Quote(string(e.Status)), ErrInvalid)
	}
	old := d.Status
	d.Status = e.Status
	return SetStatus{Status: old}, nil
}

// Apply implements Edit.
func (e SetDocLabels) Apply(d *Document, s *Schema) (Edit, error) {
	if s != nil {
		for _, l := range e.Labels {
			if !slices.Contains(s.DocLabels, l) {
				return nil, fmt.Errorf("set document labels: %s: %w", Quote(l), ErrUnknownLabel)
			}
		}
	}
	old := d.DocLabels
	d.DocLabels = slices.Clone(e.Labels)
	return SetDocLabels{Labels: old}, nil
}

// Apply implements Edit. The edits run on a copy of the document, which
// replaces d only when all of them succeed.
func (e Batch) Apply(d *Document, s *Schema) (Edit, error) {
	c := d.Clone()
	inv := make([]Edit, len(e.Edits))
	for i, sub := range e.Edits {
		u, err := sub.Apply(c, s)
		if err != nil {
			return nil, fmt.Errorf("batch edit %d of %d: %w", i+1, len(e.Edits), err)
		}
		inv[len(e.Edits)-1-i] = u
	}
	*d = *c
	return Batch{Edits: inv}, nil
}

// WithIDs returns e with every zero span and relation id filled from next,
// which a store backs with its id sequence.
func WithIDs(e Edit, next func() (uint64, error)) (Edit, error) {
	switch e := e.(type) {
	case AddSpan:
		if e.Span.ID == 0 {
			id, err := next()
			if err != nil {
				return nil, err
			}
			e.Span.ID = id
		}
		return e, nil
	case AddRelation:
		if e.Relation.ID == 0 {
			id, err := next()
			if err != nil {
				return nil, err
			}
			e.Relation.ID = id
		}
		return e, nil
	case Batch:
		out := Batch{Edits: make([]Edit, len(e.Edits))}
		for i, sub := range e.Edits {
			s, err := WithIDs(sub, next)
			if err != nil {
				return nil, err
			}
			out.Edits[i] = s
		}
		return out, nil
	}
	return e, nil
}
