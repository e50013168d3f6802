package annotate

import (
	"slices"
	"time"
)

// Status is where a document stands in the annotation workflow.
type Status string

// The document statuses, in workflow order.
const (
	StatusNew        Status = "new"
	StatusInProgress Status = "in_progress"
	StatusDone       Status = "done"
	StatusReviewed   Status = "reviewed"
)

// Statuses lists every valid status in workflow order.
var Statuses = []Status{StatusNew, StatusInProgress, StatusDone, StatusReviewed}

// Valid reports whether s is one of Statuses.
func (s Status) Valid() bool { return slices.Contains(Statuses, s) }

// Document is one article with its annotations.
type Document struct {
	ID        uint64
	Title     string
	Text      string // NFC, LF line ends; immutable after import
	Meta      map[string]any
	Status    Status
	DocLabels []string
	Spans     []Span     // sorted by (Start, End, ID)
	Relations []Relation // sorted by ID

	// ExtID is the id the document had in the file it came from, written
	// back by exports that carry ids; "" when it had none.
	ExtID ExternalID
	// Tokens and Sentences are the tokenization a tokenized source gave
	// (CoNLL, WebAnno TSV): its tokens in text order, and the index in
	// Tokens of each sentence's first token. Token exports write exactly
	// these; nil for a document tokenized by Alama. Fixed like the text.
	Tokens    []Token
	Sentences []int
}

// Span marks the code-point range [Start, End) of a document's text.
type Span struct {
	ID        uint64
	Start     int
	End       int
	Label     string
	Annotator string
	Attrs     map[string]string
	Note      string
	Suggested bool // a pre-annotation not yet accepted by a person
	Created   time.Time
	ExtID     ExternalID // the id in the file it came from, local to the document
}

// Relation links two spans of one document: From → To.
type Relation struct {
	ID        uint64
	Type      string
	From      uint64
	To        uint64
	Annotator string
	Created   time.Time
	ExtID     ExternalID // the id in the file it came from, local to the document
}

// Span returns the span with the given id, if the document has it.
func (d *Document) Span(id uint64) (Span, bool) {
	if i := d.spanIndex(id); i >= 0 {
		return d.Spans[i], true
	}
	return Span{}, false
}

// Relation returns the relation with the given id, if the document has it.
func (d *Document) Relation(id uint64) (Relation, bool) {
	if i := d.relationIndex(id); i >= 0 {
		return d.Relations[i], true
	}
	return Relation{}, false
}

// SpanText returns the part of the text a span covers.
func (d *Document) SpanText(s Span) string { return Slice(d.Text, s.Start, s.End) }

func (d *Document) spanIndex(id uint64) int {
	return slices.IndexFunc(d.Spans, func(s Span) bool { return s.ID == id })
}

func (d *Document) relationIndex(id uint64) int {
	return slices.IndexFunc(d.Relations, func(r Relation) bool { return r.ID == id })
}

// SortSpans orders spans by start, then end, then id: the order exports use.
func SortSpans(spans []Span) {
	slices.SortFunc(spans, func(a, b Span) int {
		switch {
		case a.Start != b.Start:
			return a.Start - b.Start
		case a.End != b.End:
			return a.End - b.End
		case a.ID < b.ID:
			return -1
		case a.ID > b.ID:
			return 1
		}
		return 0
	})
}

// SortRelations orders relations by id.
func SortRelations(rels []Relation) {
	slices.SortFunc(rels, func(a, b Relation) int {
		switch {
		case a.ID < b.ID:
			return -1
		case a.ID > b.ID:
			return 1
		}
		return 0
	})
}

// Clone returns a deep copy of d (sharing only the fixed tokenization), so an edit can be tried without touching d.
func (d *Document) Clone() *Document {
	c := *d
	if d.Meta != nil {
		c.Meta = make(map[string]any, len(d.Meta))
		for k, v := range d.Meta {
			c.Meta[k] = v
		}
	}
	c.DocLabels = slices.Clone(d.DocLabels)
	c.Spans = make([]Span, len(d.Spans))
	for i, s := range d.Spans {
		c.Spans[i] = s.clone()
	}
	c.Relations = slices.Clone(d.Relations)
	// Tokens and Sentences are never changed in place: the copy shares them.
	return &c
}

func (s Span) clone() Span {
	if s.Attrs != nil {
		a := make(map[string]string, len(s.Attrs))
		for k, v := range s.Attrs {
			a[k] = v
		}
		s.Attrs = a
	}
	return s
}
