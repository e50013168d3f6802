package store

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"alama/annotate"
)

func TestOpenCreatesWithDefaultSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "new.alama")
	p := openTest(t, path)
	if !p.Created() {
		t.Error("Created() = false for a new file")
	}
	if p.Path() != path {
		t.Errorf("Path() = %q, want %q", p.Path(), path)
	}
	s, err := p.Schema()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(s.Labels), len(annotate.DefaultSchema().Labels); got != want {
		t.Errorf("schema has %d labels, want %d", got, want)
	}
	p = reopen(t, p)
	if p.Created() {
		t.Error("Created() = true on reopening")
	}
}

func TestApplyUndoRedo(t *testing.T) {
	tests := []struct {
		name  string
		edit  annotate.Edit
		check func(t *testing.T, d *annotate.Document)
	}{
		{"add span gets an id and a time", annotate.AddSpan{Span: annotate.Span{Start: 0, End: 6, Label: "EVENT", Annotator: "huda"}},
			func(t *testing.T, d *annotate.Document) {
				s := d.Spans[0]
				if s.Start != 0 || s.End != 6 || s.ID != 14 || s.Created.IsZero() {
					t.Errorf("new span = %+v, want [0,6) id 14 with a time", s)
				}
				if got := d.SpanText(s); got != "كَتَبَ" {
					t.Errorf("span text %q", got)
				}
			}},
		{"add span on the emoji", annotate.AddSpan{Span: annotate.Span{Start: 16, End: 17, Label: "EVENT"}},
			func(t *testing.T, d *annotate.Document) {
				i := slices.IndexFunc(d.Spans, func(s annotate.Span) bool { return s.Start == 16 })
				if i < 0 || d.SpanText(d.Spans[i]) != "🙂" {
					t.Errorf("no span over the emoji in %+v", d.Spans)
				}
			}},
		{"delete span and its relations", annotate.DeleteSpan{ID: 4},
			func(t *testing.T, d *annotate.Document) {
				if len(d.Spans) != 5 || len(d.Relations) != 1 || d.Relations[0].ID != 13 {
					t.Errorf("after delete: %d spans, relations %+v", len(d.Spans), d.Relations)
				}
			}},
		{"relabel drops attributes", annotate.Relabel{ID: 1, Label: "LOCATION"},
			func(t *testing.T, d *annotate.Document) {
				s, _ := d.Span(1)
				if s.Label != "LOCATION" || len(s.Attrs) != 0 {
					t.Errorf("relabelled span %+v", s)
				}
			}},
		{"resize", annotate.Resize{ID: 2, Start: 21, End: 25},
			func(t *testing.T, d *annotate.Document) {
				s, _ := d.Span(2)
				if d.SpanText(s) != "بيرو" {
					t.Errorf("resized span covers %q", d.SpanText(s))
				}
			}},
		{"set attribute", annotate.SetAttr{ID: 3, Name: "type", Value: "state"},
			func(t *testing.T, d *annotate.Document) {
				if s, _ := d.Span(3); s.Attrs["type"] != "state" {
					t.Errorf("attrs %v", s.Attrs)
				}
			}},
		{"remove attribute", annotate.SetAttr{ID: 1, Name: "type"},
			func(t *testing.T, d *annotate.Document) {
				if s, _ := d.Span(1); len(s.Attrs) != 0 {
					t.Errorf("attrs %v", s.Attrs)
				}
			}},
		{"set note", annotate.SetNote{ID: 4, Note: "ملاحظةٌ 🙂"},
			func(t *testing.T, d *annotate.Document) {
				if s, _ := d.Span(4); s.Note != "ملاحظةٌ 🙂" {
					t.Errorf("note %q", s.Note)
				}
			}},
		{"accept", annotate.Accept{ID: 6},
			func(t *testing.T, d *annotate.Document) {
				if s, _ := d.Span(6); s.Suggested {
					t.Error("span still suggested")
				}
			}},
		{"replace span", annotate.ReplaceSpan{Span: annotate.Span{ID: 5, Start: 44, End: 49, Label: "TIME"}},
			func(t *testing.T, d *annotate.Document) {
				if s, _ := d.Span(5); d.SpanText(s) != "صباحَ" || s.Annotator != "" {
					t.Errorf("replaced span %+v", s)
				}
			}},
		{"add relation", annotate.AddRelation{Relation: annotate.Relation{Type: "TARGET", From: 4, To: 2}},
			func(t *testing.T, d *annotate.Document) {
				r, ok := d.Relation(14)
				if !ok || r.Type != "TARGET" || r.Created.IsZero() {
					t.Errorf("relation 14 = %+v, %v", r, ok)
				}
			}},
		{"delete relation", annotate.DeleteRelation{ID: 13},
			func(t *testing.T, d *annotate.Document) {
				if _, ok := d.Relation(13); ok || len(d.Relations) != 3 {
					t.Errorf("relations %+v", d.Relations)
				}
			}},
		{"set status", annotate.SetStatus{Status: annotate.StatusDone},
			func(t *testing.T, d *annotate.Document) {
				if d.Status != annotate.StatusDone {
					t.Errorf("status %q", d.Status)
				}
			}},
		{"set document labels", annotate.SetDocLabels{Labels: []string{"politics", "security"}},
			func(t *testing.T, d *annotate.Document) {
				if !slices.Equal(d.DocLabels, []string{"politics", "security"}) {
					t.Errorf("doc labels %v", d.DocLabels)
				}
			}},
		{"batch", annotate.Batch{Edits: []annotate.Edit{
			annotate.AddSpan{Span: annotate.Span{ID: 100, Start: 59, End: 63, Label: "ACTOR"}},
			annotate.AddRelation{Relation: annotate.Relation{Type: "AGENT", From: 4, To: 100}},
			annotate.SetStatus{Status: annotate.StatusReviewed},
		}},
			func(t *testing.T, d *annotate.Document) {
				r, ok := d.Relation(101)
				if !ok || r.To != 100 || d.Status != annotate.StatusReviewed {
					t.Errorf("after batch: relation 101 %+v %v, status %q", r, ok, d.Status)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := openTest(t, "")
			id := importSample(t, p)
			before, err := p.Document(id)
			if err != nil {
				t.Fatal(err)
			}
			after, err := p.Apply(id, tt.edit)
			if err != nil {
				t.Fatalf("Apply: %v", err)
			}
			tt.check(t, after)
			p = reopen(t, p)
			stored, err := p.Document(id)
			if err != nil {
				t.Fatal(err)
			}
			sameDoc(t, "stored after Apply", stored, after)
			info, err := p.Documents()
			if err != nil {
				t.Fatal(err)
			}
			if info[0].Spans != len(after.Spans) || info[0].Relations != len(after.Relations) || info[0].Status != after.Status {
				t.Errorf("document list %+v does not match the document", info[0])
			}

			undone, ok, err := p.Undo(id)
			if err != nil || !ok {
				t.Fatalf("Undo: %v, %v", ok, err)
			}
			sameDoc(t, "after Undo", undone, before)
			p = reopen(t, p)
			stored, _ = p.Document(id)
			sameDoc(t, "stored after Undo", stored, before)
			if _, ok, _ := p.Undo(id); ok {
				t.Error("a second Undo found something to undo")
			}

			redone, ok, err := p.Redo(id)
			if err != nil || !ok {
				t.Fatalf("Redo: %v, %v", ok, err)
			}
			sameDoc(t, "after Redo", redone, after)
			p = reopen(t, p)
			stored, _ = p.Document(id)
			sameDoc(t, "stored after Redo", stored, after)
			if _, ok, _ := p.Redo(id); ok {
				t.Error("a second Redo found something to redo")
			}
		})
	}
}

func TestApplyRejects(t *testing.T) {
	tests := []struct {
		name string
		doc  uint64 // 0: the sample document
		edit annotate.Edit
		want error
	}{
		{"unknown label", 0, annotate.AddSpan{Span: annotate.Span{Start: 0, End: 6, Label: "PERSON"}}, annotate.ErrUnknownLabel},
		{"splits a haraka from its letter", 0, annotate.AddSpan{Span: annotate.Span{Start: 1, End: 6, Label: "EVENT"}}, annotate.ErrNotBoundary},
		{"past the end", 0, annotate.Resize{ID: 6, Start: 77, End: 93}, annotate.ErrOutOfRange},
		{"relation not allowed", 0, annotate.AddRelation{Relation: annotate.Relation{Type: "CLAIMED_BY", From: 4, To: 3}}, annotate.ErrNotAllowed},
		{"relabel breaks a relation", 0, annotate.Relabel{ID: 3, Label: "TIME"}, annotate.ErrNotAllowed},
		{"missing span", 0, annotate.DeleteSpan{ID: 99}, annotate.ErrNotFound},
		{"batch fails as a whole", 0, annotate.Batch{Edits: []annotate.Edit{annotate.SetStatus{Status: annotate.StatusDone}, annotate.DeleteSpan{ID: 99}}}, annotate.ErrNotFound},
		{"missing document", 42, annotate.SetStatus{Status: annotate.StatusDone}, annotate.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := openTest(t, "")
			id := importSample(t, p)
			before, _ := p.Document(id)
			doc := id
			if tt.doc != 0 {
				doc = tt.doc
			}
			if _, err := p.Apply(doc, tt.edit); !errors.Is(err, tt.want) {
				t.Fatalf("Apply error %v, want %v", err, tt.want)
			}
			p = reopen(t, p)
			after, _ := p.Document(id)
			sameDoc(t, "document after a failed edit", after, before)
			if _, ok, err := p.Undo(id); ok || err != nil {
				t.Errorf("a failed edit left something to undo (%v)", err)
			}
		})
	}
}

func TestHistorySurvivesReopen(t *testing.T) {
	p := openTest(t, "")
	id := importSample(t, p)
	states := []*annotate.Document{}
	d, _ := p.Document(id)
	states = append(states, d)
	for _, e := range []annotate.Edit{
		annotate.SetStatus{Status: annotate.StatusDone},
		annotate.DeleteSpan{ID: 4},
		annotate.AddSpan{Span: annotate.Span{Start: 0, End: 6, Label: "EVENT"}},
	} {
		d, err := p.Apply(id, e)
		if err != nil {
			t.Fatal(err)
		}
		states = append(states, d)
	}
	for i := len(states) - 2; i >= 0; i-- {
		p = reopen(t, p)
		d, ok, err := p.Undo(id)
		if err != nil || !ok {
			t.Fatalf("undo to state %d: %v %v", i, ok, err)
		}
		sameDoc(t, fmt.Sprintf("undo to state %d", i), d, states[i])
	}
	for i := 1; i < len(states); i++ {
		p = reopen(t, p)
		d, ok, err := p.Redo(id)
		if err != nil || !ok {
			t.Fatalf("redo to state %d: %v %v", i, ok, err)
		}
		sameDoc(t, fmt.Sprintf("redo to state %d", i), d, states[i])
	}
	// A new edit after an undo clears the redo stack.
	if _, _, err := p.Undo(id); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Apply(id, annotate.SetNote{ID: 1, Note: "جديد"}); err != nil {
		t.Fatal(err)
	}
	p = reopen(t, p)
	if _, ok, _ := p.Redo(id); ok {
		t.Error("redo stack survived a new edit")
	}
}

func TestHistoryIsPerDocument(t *testing.T) {
	p := openTest(t, "")
	a := importSample(t, p)
	other := sampleDoc()
	other.Text += "\nسطرٌ آخر."
	b, _, err := importDocument(p, other)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Apply(a, annotate.SetStatus{Status: annotate.StatusDone}); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Apply(b, annotate.SetStatus{Status: annotate.StatusReviewed}); err != nil {
		t.Fatal(err)
	}
	d, ok, err := p.Undo(a)
	if err != nil || !ok || d.Status != annotate.StatusInProgress {
		t.Fatalf("undo a: %v %v %q", ok, err, d.Status)
	}
	if d, _ := p.Document(b); d.Status != annotate.StatusReviewed {
		t.Errorf("undo of a changed b: %q", d.Status)
	}
	if _, ok, _ := p.Undo(a); ok {
		t.Error("a has a second undo")
	}
	if d, ok, _ := p.Undo(b); !ok || d.Status != annotate.StatusInProgress {
		t.Error("b lost its undo")
	}
}

func TestSetSchema(t *testing.T) {
	without := func(label string) *annotate.Schema {
		s := annotate.DefaultSchema()
		s.Labels = slices.DeleteFunc(s.Labels, func(l annotate.Label) bool { return l.Name == label })
		for i := range s.Relations {
			s.Relations[i].To = slices.DeleteFunc(s.Relations[i].To, func(n string) bool { return n == label })
		}
		s.Relations = slices.DeleteFunc(s.Relations, func(r annotate.RelationType) bool { return len(r.To) == 0 })
		return s
	}
	tests := []struct {
		name   string
		schema func() *annotate.Schema
		want   error // nil: accepted
	}{
		{"a label more", func() *annotate.Schema {
			s := annotate.DefaultSchema()
			s.Labels = append(s.Labels, annotate.Label{Name: "WEAPON", Color: "#000000"})
			return s
		}, nil},
		{"label in use removed", func() *annotate.Schema { return without("TIME") }, annotate.ErrUnknownLabel},
		{"attribute value in use removed", func() *annotate.Schema {
			s := annotate.DefaultSchema()
			s.Labels[0].Attrs[0].Values = []string{"state"}
			return s
		}, annotate.ErrNotAllowed},
		{"relation type in use removed", func() *annotate.Schema {
			s := annotate.DefaultSchema()
			s.Relations = s.Relations[1:]
			return s
		}, annotate.ErrUnknownLabel},
		{"relation narrowed under a use", func() *annotate.Schema {
			s := annotate.DefaultSchema()
			s.Relations[1].To = []string{"LOCATION"} // AGENT: EVENT → ACTOR in use
			return s
		}, annotate.ErrNotAllowed},
		{"document label in use removed", func() *annotate.Schema {
			s := annotate.DefaultSchema()
			s.DocLabels = []string{"other"}
			return s
		}, annotate.ErrUnknownLabel},
		{"invalid schema", func() *annotate.Schema {
			s := annotate.DefaultSchema()
			s.Labels[0].Color = "red"
			return s
		}, annotate.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := openTest(t, "")
			id := importSample(t, p)
			if _, err := p.Apply(id, annotate.SetDocLabels{Labels: []string{"politics"}}); err != nil {
				t.Fatal(err)
			}
			err := p.SetSchema(tt.schema())
			if !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
				t.Fatalf("SetSchema error %v, want %v", err, tt.want)
			}
			p = reopen(t, p)
			s, _ := p.Schema()
			if want := annotate.DefaultSchema(); tt.want != nil && len(s.Labels) != len(want.Labels) {
				t.Errorf("refused schema was stored: %d labels", len(s.Labels))
			}
			if tt.want == nil && len(s.Labels) != len(tt.schema().Labels) {
				t.Errorf("stored schema has %d labels, want %d", len(s.Labels), len(tt.schema().Labels))
			}
		})
	}
}

func TestAllPagesThroughEveryDocument(t *testing.T) {
	p := openTest(t, "")
	var docs []*annotate.Document
	for i := range allPageSize*2 + 3 {
		d := sampleDoc()
		d.Text = fmt.Sprintf("%s\nالخبر رقم %d.", sampleText, i)
		docs = append(docs, d)
	}
	if _, err := p.Import(docs); err != nil {
		t.Fatal(err)
	}
	var ids []uint64
	for d, err := range p.All() {
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Spans) != 6 || len(d.Relations) != 4 {
			t.Errorf("document %d: %d spans, %d relations", d.ID, len(d.Spans), len(d.Relations))
		}
		// Editing inside the loop must not deadlock.
		if d.ID == allPageSize {
			if _, err := p.Apply(d.ID, annotate.SetStatus{Status: annotate.StatusDone}); err != nil {
				t.Fatal(err)
			}
		}
		ids = append(ids, d.ID)
	}
	if len(ids) != len(docs) || !slices.IsSorted(ids) {
		t.Errorf("All yielded %d ids %v", len(ids), ids)
	}
	n := 0
	for range p.All() {
		if n++; n == 3 {
			break
		}
	}
}

func TestStats(t *testing.T) {
	p := openTest(t, "")
	id := importSample(t, p)
	if _, err := p.Apply(id, annotate.SetStatus{Status: annotate.StatusDone}); err != nil {
		t.Fatal(err)
	}
	d := sampleDoc()
	d.Text = "خبرٌ قصير 🙂."
	d.Spans, d.Relations = nil, nil
	d.Status = ""
	if _, _, err := importDocument(p, d); err != nil {
		t.Fatal(err)
	}
	st, err := p.Stats()
	if err != nil {
		t.Fatal(err)
	}
	want := annotate.Stats{
		Documents: 2, Spans: 6, Suggested: 1, Relations: 4,
		ByStatus:        map[annotate.Status]int{annotate.StatusDone: 1, annotate.StatusNew: 1},
		SpansByLabel:    map[string]int{"ACTOR": 2, "LOCATION": 1, "EVENT": 1, "TIME": 1, "CLAIM": 1},
		RelationsByType: map[string]int{"AGENT": 1, "PLACE": 1, "DATE": 1, "CLAIMED_BY": 1},
	}
	if got, w := fmt.Sprint(*st), fmt.Sprint(want); got != w {
		t.Errorf("Stats = %s\nwant %s", got, w)
	}
}

func TestConcurrentUse(t *testing.T) {
	p := openTest(t, "")
	id := importSample(t, p)
	done := make(chan error)
	for w := range 4 {
		go func() {
			var err error
			for i := range 10 {
				switch (w + i) % 4 {
				case 0:
					_, err = p.Apply(id, annotate.SetNote{ID: 1, Note: fmt.Sprint(w, i)})
				case 1:
					_, err = p.Document(id)
				case 2:
					_, err = p.Documents()
				case 3:
					_, _, err = p.Undo(id)
				}
				if err != nil {
					break
				}
			}
			done <- err
		}()
	}
	for range 4 {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}
