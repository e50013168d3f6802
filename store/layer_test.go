package store

import (
	"errors"
	"testing"

	"alama/annotate"
)

// omarLayer is sampleText with omar's layer: two spans and a relation.
func omarLayer(actorStart int) *annotate.Document {
	return &annotate.Document{
		Title: "نسخة عمر", Text: sampleText, Status: annotate.StatusDone,
		Spans: []annotate.Span{
			{ID: 1, Start: actorStart, End: 38, Label: "ACTOR", Annotator: "omar"},
			{ID: 2, Start: 39, End: 43, Label: "EVENT", Annotator: "omar"},
		},
		Relations: []annotate.Relation{{ID: 3, Type: "AGENT", From: 2, To: 1, Annotator: "omar"}},
	}
}

func layerOf(d *annotate.Document, annotator string) (spans []annotate.Span, rels []annotate.Relation) {
	for _, s := range d.Spans {
		if s.Annotator == annotator {
			spans = append(spans, s)
		}
	}
	for _, r := range d.Relations {
		if r.Annotator == annotator {
			rels = append(rels, r)
		}
	}
	return spans, rels
}

func TestReplaceLayer(t *testing.T) {
	p := openTest(t, "")
	id := importSample(t, p)
	before, _ := p.Document(id)

	// A new layer in a known document, and a document the project lacks.
	other := &annotate.Document{Title: "جديد", Text: "وصلَ الوفدُ 🙂 إلى عمّان.", Status: annotate.StatusNew,
		Spans: []annotate.Span{{ID: 1, Start: 18, End: 23, Label: "LOCATION", Annotator: "omar"}}}
	res, err := p.ReplaceLayer("omar", []*annotate.Document{omarLayer(31), other})
	if err != nil {
		t.Fatal(err)
	}
	if res.Added != 1 || res.Replaced != 1 || res.Spans != 3 || res.Relations != 1 || res.IDs[0] != id || res.IDs[1] == 0 {
		t.Errorf("result = %+v", res)
	}
	d, err := p.Document(id)
	if err != nil {
		t.Fatal(err)
	}
	spans, rels := layerOf(d, "omar")
	if len(spans) != 2 || len(rels) != 1 || d.SpanText(spans[0]) != "الوزيرَ" {
		t.Fatalf("omar's layer = %+v %+v", spans, rels)
	}
	// The relation follows its spans to their new ids.
	if rels[0].From != spans[1].ID || rels[0].To != spans[0].ID || spans[0].ID == 1 {
		t.Errorf("relation %+v, spans %+v", rels[0], spans)
	}
	// amal's layer, the title and the status are untouched.
	amal, amalRels := layerOf(d, "amal")
	if len(amal) != 6 || len(amalRels) != 4 || d.Title != before.Title || d.Status != before.Status {
		t.Errorf("document changed beyond omar's layer: %+v", d)
	}
	added, _ := p.Document(res.IDs[1])
	if len(added.Spans) != 1 || added.SpanText(added.Spans[0]) != "عمّان" {
		t.Errorf("added document = %+v", added)
	}

	// The same layer again changes nothing and leaves no history.
	res, err = p.ReplaceLayer("omar", []*annotate.Document{omarLayer(31), other})
	if err != nil || res.Unchanged != 2 || res.Replaced != 0 || res.Added != 0 {
		t.Errorf("again: %+v, %v", res, err)
	}
	// Another layer replaces, not adds.
	if _, err := p.ReplaceLayer("omar", []*annotate.Document{omarLayer(33)}); err != nil {
		t.Fatal(err)
	}
	d, _ = p.Document(id)
	if spans, _ := layerOf(d, "omar"); len(spans) != 2 || d.SpanText(spans[0]) != "وزيرَ" {
		t.Errorf("after replacing: %+v", spans)
	}
	// One undo brings back the layer before.
	d, ok, err := p.Undo(id)
	if err != nil || !ok {
		t.Fatalf("undo: %v %v", ok, err)
	}
	if spans, rels := layerOf(d, "omar"); len(spans) != 2 || spans[0].Start != 31 || len(rels) != 1 {
		t.Errorf("after undo: %+v %+v", spans, rels)
	}
	p = reopen(t, p)
	d, _ = p.Document(id)
	if spans, _ := layerOf(d, "omar"); len(spans) != 2 || spans[0].Start != 31 {
		t.Errorf("after reopen: %+v", spans)
	}
}

func TestReplaceLayerAllOrNothing(t *testing.T) {
	p := openTest(t, "")
	id := importSample(t, p)
	before, _ := p.Document(id)
	bad := omarLayer(31)
	bad.Text = "نصّ آخر 🙂."
	bad.Spans = bad.Spans[:1]
	bad.Spans[0].Start, bad.Spans[0].End = 0, 3
	bad.Relations = nil
	bad.Spans[0].Label = "WEAPON"
	stolen := omarLayer(31)
	stolen.Spans[1].Annotator = "amal"
	tests := []struct {
		name  string
		docs  []*annotate.Document
		index int
		want  error
	}{
		{"unknown label in a new document", []*annotate.Document{omarLayer(31), bad}, 1, annotate.ErrUnknownLabel},
		{"another annotator's span", []*annotate.Document{stolen}, 0, annotate.ErrInvalid},
		{"the same text twice", []*annotate.Document{omarLayer(31), omarLayer(33)}, 1, annotate.ErrDuplicate},
		// [31,37) ends between ر and its fatha.
		{"span splitting a haraka from its letter", []*annotate.Document{func() *annotate.Document {
			d := omarLayer(31)
			d.Spans[0].End = 37
			return d
		}()}, 0, annotate.ErrNotBoundary},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := p.ReplaceLayer("omar", tt.docs)
			var ie *annotate.ImportError
			if !errors.As(err, &ie) || ie.Index != tt.index || !errors.Is(err, tt.want) {
				t.Fatalf("error %v, want document %d with %v", err, tt.index, tt.want)
			}
			after, _ := p.Document(id)
			sameDoc(t, "document after a failed replace", after, before)
			if infos, _ := p.Documents(); len(infos) != 1 {
				t.Errorf("%d documents", len(infos))
			}
			if _, ok, _ := p.Undo(id); ok {
				t.Error("a failed replace left an undo record")
				p.Redo(id)
			}
		})
	}
}

func TestReplaceLayerKeepsOtherRelations(t *testing.T) {
	p := openTest(t, "")
	id := importSample(t, p)
	if _, err := p.ReplaceLayer("omar", []*annotate.Document{omarLayer(31)}); err != nil {
		t.Fatal(err)
	}
	d, _ := p.Document(id)
	spans, _ := layerOf(d, "omar")
	// amal links her event (span 4) to omar's actor.
	if _, err := p.Apply(id, annotate.AddRelation{Relation: annotate.Relation{Type: "AGENT", From: 4, To: spans[0].ID, Annotator: "amal"}}); err != nil {
		t.Fatal(err)
	}
	before, _ := p.Document(id)
	_, err := p.ReplaceLayer("omar", []*annotate.Document{omarLayer(33)})
	if !errors.Is(err, annotate.ErrNotAllowed) {
		t.Fatalf("error %v, want ErrNotAllowed", err)
	}
	after, _ := p.Document(id)
	sameDoc(t, "document", after, before)
}
