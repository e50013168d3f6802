package annotate

import (
	"errors"
	"reflect"
	"testing"
	"time"
)

// The test article: «وقال» carries the proclitic و, «كَتَبَ» full harakat,
// «جـميل» a tatweel, and 🙂 sits outside the BMP.
//
//	0   وقال الوزير: كَتَبَ 🙂 جـميل
const testText = "وقال الوزير: كَتَبَ 🙂 جـميل"

var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

func testDoc() *Document {
	return &Document{
		ID: 1, Title: "خبر", Text: testText, Status: StatusNew,
		Spans: []Span{
			{ID: 1, Start: 5, End: 11, Label: "ACTOR", Annotator: "amal", Created: t0},                                                 // الوزير
			{ID: 2, Start: 13, End: 19, Label: "CLAIM", Annotator: "amal", Created: t0, Attrs: map[string]string{"stance": "support"}}, // كَتَبَ
		},
		Relations: []Relation{{ID: 3, Type: "CLAIMED_BY", From: 2, To: 1, Annotator: "amal", Created: t0}},
	}
}

func TestEditApplyAndUndo(t *testing.T) {
	s := DefaultSchema()
	tests := []struct {
		name  string
		edit  Edit
		check func(t *testing.T, d *Document)
	}{
		{"add clitic-only span", AddSpan{Span: Span{ID: 10, Start: 0, End: 1, Label: "EVENT", Annotator: "amal", Created: t0}},
			func(t *testing.T, d *Document) {
				sp, ok := d.Span(10)
				if !ok || d.SpanText(sp) != "و" {
					t.Fatalf("span 10 = %+v, %v", sp, ok)
				}
			}},
		{"add emoji span", AddSpan{Span: Span{ID: 11, Start: 20, End: 21, Label: "EVENT"}},
			func(t *testing.T, d *Document) {
				sp, _ := d.Span(11)
				if d.SpanText(sp) != "🙂" {
					t.Fatalf("emoji span text = %q", d.SpanText(sp))
				}
			}},
		{"add nested span", AddSpan{Span: Span{ID: 12, Start: 5, End: 8, Label: "LOCATION"}},
			func(t *testing.T, d *Document) {
				if len(d.Spans) != 3 || d.Spans[0].ID != 12 && d.Spans[1].ID != 12 {
					t.Fatalf("spans = %+v", d.Spans)
				}
			}},
		{"delete span removes its relations", DeleteSpan{ID: 1},
			func(t *testing.T, d *Document) {
				if len(d.Spans) != 1 || len(d.Relations) != 0 {
					t.Fatalf("spans %v relations %v", d.Spans, d.Relations)
				}
			}},
		{"relabel drops foreign attrs", Batch{Edits: []Edit{DeleteRelation{ID: 3}, Relabel{ID: 2, Label: "EVENT"}}},
			func(t *testing.T, d *Document) {
				if sp, _ := d.Span(2); sp.Label != "EVENT" || len(sp.Attrs) != 0 {
					t.Fatalf("relabelled span = %+v", sp)
				}
			}},
		{"resize over tatweel word", Resize{ID: 1, Start: 22, End: 27},
			func(t *testing.T, d *Document) {
				sp, _ := d.Span(1)
				if d.SpanText(sp) != "جـميل" {
					t.Fatalf("resized text = %q", d.SpanText(sp))
				}
			}},
		{"set attr", SetAttr{ID: 1, Name: "type", Value: "person"},
			func(t *testing.T, d *Document) {
				if sp, _ := d.Span(1); sp.Attrs["type"] != "person" {
					t.Fatalf("attrs = %v", sp.Attrs)
				}
			}},
		{"remove attr", SetAttr{ID: 2, Name: "stance"},
			func(t *testing.T, d *Document) {
				if sp, _ := d.Span(2); len(sp.Attrs) != 0 {
					t.Fatalf("attrs = %v", sp.Attrs)
				}
			}},
		{"set note", SetNote{ID: 1, Note: "مصدر رسمي"},
			func(t *testing.T, d *Document) {
				if sp, _ := d.Span(1); sp.Note != "مصدر رسمي" {
					t.Fatalf("note = %q", sp.Note)
				}
			}},
		{"delete relation", DeleteRelation{ID: 3},
			func(t *testing.T, d *Document) {
				if len(d.Relations) != 0 {
					t.Fatal("relation kept")
				}
			}},
		{"set status", SetStatus{Status: StatusDone},
			func(t *testing.T, d *Document) {
				if d.Status != StatusDone {
					t.Fatal(d.Status)
				}
			}},
		{"set doc labels", SetDocLabels{Labels: []string{"economy"}},
			func(t *testing.T, d *Document) {
				if len(d.DocLabels) != 1 || d.DocLabels[0] != "economy" {
					t.Fatal(d.DocLabels)
				}
			}},
		{"batch", Batch{Edits: []Edit{
			AddSpan{Span: Span{ID: 20, Start: 22, End: 27, Label: "EVENT"}},
			AddRelation{Relation: Relation{ID: 21, Type: "AGENT", From: 20, To: 1}},
			SetStatus{Status: StatusInProgress},
		}}, func(t *testing.T, d *Document) {
			if len(d.Spans) != 3 || len(d.Relations) != 2 || d.Status != StatusInProgress {
				t.Fatalf("batch result %+v", d)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := testDoc()
			inv, err := tt.edit.Apply(d, s)
			if err != nil {
				t.Fatalf("Apply: %v", err)
			}
			tt.check(t, d)
			redo, err := inv.Apply(d, s)
			if err != nil {
				t.Fatalf("undo: %v", err)
			}
			if want := testDoc(); !reflect.DeepEqual(d, want) {
				t.Fatalf("after undo:\n got %+v\nwant %+v", d, want)
			}
			if _, err := redo.Apply(d, s); err != nil {
				t.Fatalf("redo: %v", err)
			}
			tt.check(t, d)
		})
	}
}

func TestEditRejects(t *testing.T) {
	s := DefaultSchema()
	tests := []struct {
		name string
		edit Edit
		want error
	}{
		{"span id zero", AddSpan{Span: Span{Start: 0, End: 1, Label: "ACTOR"}}, ErrInvalid},
		{"span id in use", AddSpan{Span: Span{ID: 1, Start: 0, End: 1, Label: "ACTOR"}}, ErrDuplicate},
		{"span splits haraka", AddSpan{Span: Span{ID: 9, Start: 13, End: 14, Label: "ACTOR"}}, ErrNotBoundary},
		{"span past end", AddSpan{Span: Span{ID: 9, Start: 20, End: 99, Label: "ACTOR"}}, ErrOutOfRange},
		{"unknown label", AddSpan{Span: Span{ID: 9, Start: 0, End: 1, Label: "FOOD"}}, ErrUnknownLabel},
		{"bad attr value", SetAttr{ID: 1, Name: "type", Value: "robot"}, ErrNotAllowed},
		{"attr of other label", SetAttr{ID: 1, Name: "stance", Value: "support"}, ErrNotAllowed},
		{"relabel breaks relation", Relabel{ID: 1, Label: "TIME"}, ErrNotAllowed},
		{"relation label pair not allowed", AddRelation{Relation: Relation{ID: 9, Type: "CLAIMED_BY", From: 1, To: 2}}, ErrNotAllowed},
		{"relation to missing span", AddRelation{Relation: Relation{ID: 9, Type: "CLAIMED_BY", From: 2, To: 77}}, ErrNotFound},
		{"relation to itself", AddRelation{Relation: Relation{ID: 9, Type: "CLAIMED_BY", From: 2, To: 2}}, ErrInvalid},
		{"unknown relation type", AddRelation{Relation: Relation{ID: 9, Type: "LOVES", From: 2, To: 1}}, ErrUnknownLabel},
		{"delete missing span", DeleteSpan{ID: 77}, ErrNotFound},
		{"bad status", SetStatus{Status: "finished"}, ErrInvalid},
		{"unknown doc label", SetDocLabels{Labels: []string{"sport"}}, ErrUnknownLabel},
		{"batch all or nothing", Batch{Edits: []Edit{
			DeleteSpan{ID: 1},
			AddSpan{Span: Span{ID: 9, Start: 13, End: 14, Label: "ACTOR"}},
		}}, ErrNotBoundary},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := testDoc()
			if _, err := tt.edit.Apply(d, s); !errors.Is(err, tt.want) {
				t.Fatalf("Apply = %v, want %v", err, tt.want)
			}
			if !reflect.DeepEqual(d, testDoc()) {
				t.Fatal("document changed by a failed edit")
			}
		})
	}
}

func TestWithIDs(t *testing.T) {
	n := uint64(100)
	next := func() (uint64, error) { n++; return n, nil }
	e, err := WithIDs(Batch{Edits: []Edit{
		AddSpan{Span: Span{Start: 0, End: 1}},
		AddSpan{Span: Span{ID: 7, Start: 0, End: 1}},
		AddRelation{Relation: Relation{From: 1, To: 2}},
		SetStatus{Status: StatusDone},
	}}, next)
	if err != nil {
		t.Fatal(err)
	}
	b := e.(Batch)
	if got := []uint64{b.Edits[0].(AddSpan).Span.ID, b.Edits[1].(AddSpan).Span.ID, b.Edits[2].(AddRelation).Relation.ID}; !reflect.DeepEqual(got, []uint64{101, 7, 102}) {
		t.Fatalf("ids = %v", got)
	}
}

func TestSchemaValidate(t *testing.T) {
	if err := DefaultSchema().Validate(); err != nil {
		t.Fatalf("default schema: %v", err)
	}
	tests := []struct {
		name   string
		change func(s *Schema)
		want   error
	}{
		{"duplicate label", func(s *Schema) { s.Labels = append(s.Labels, s.Labels[0]) }, ErrDuplicate},
		{"bad colour", func(s *Schema) { s.Labels[0].Color = "red" }, ErrInvalid},
		{"bad name", func(s *Schema) { s.Labels[0].Name = "A B" }, ErrBadName},
		{"arabic name ok", func(s *Schema) { s.Labels[0].Name = "فاعل"; s.Relations = nil }, nil},
		{"key reused", func(s *Schema) { s.Labels[1].Key = "1" }, ErrDuplicate},
		{"relation unknown label", func(s *Schema) { s.Relations[0].To = []string{"NOPE"} }, ErrUnknownLabel},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := DefaultSchema()
			tt.change(s)
			if err := s.Validate(); tt.want == nil && err != nil || tt.want != nil && !errors.Is(err, tt.want) {
				t.Fatalf("Validate = %v, want %v", err, tt.want)
			}
		})
	}
}
