package store

import (
	"errors"
	"testing"

	"alama/annotate"
)

func TestSuggest(t *testing.T) {
	p := openTest(t, "")
	id := importSample(t, p)
	before, err := p.Document(id)
	if err != nil {
		t.Fatal(err)
	}
	pred := func() *annotate.Document {
		d := sampleDoc()
		d.Spans = []annotate.Span{
			{ID: 900, Start: 7, End: 15, Label: "ACTOR", Annotator: "model"},    // new in the model's layer
			{ID: 901, Start: 21, End: 26, Label: "LOCATION", Annotator: "amal"}, // amal has it already
			{ID: 902, Start: 39, End: 43, Label: "EVENT", Annotator: "model"},
			{ID: 903, Start: 39, End: 43, Label: "EVENT", Annotator: "model"}, // twice in the file
		}
		d.Relations = []annotate.Relation{{ID: 910, Type: "AGENT", From: 902, To: 900, Annotator: "model"}}
		return d
	}
	absent := &annotate.Document{Title: "غائب", Text: "نصٌّ 🙂 ليس في المشروع."}
	res, err := p.Suggest([]*annotate.Document{pred(), absent})
	if err != nil {
		t.Fatal(err)
	}
	if res.IDs[0] != id || res.IDs[1] == 0 || res.New != 1 || res.Added != 2 || res.Present != 2 || res.Relations != 1 {
		t.Fatalf("result %+v", res)
	}
	d, err := p.Document(id)
	if err != nil {
		t.Fatal(err)
	}
	var got []annotate.Span
	for _, s := range d.Spans {
		if s.Annotator == "model" {
			got = append(got, s)
		}
	}
	if len(got) != 2 || !got[0].Suggested || !got[1].Suggested || len(d.Spans) != len(before.Spans)+2 {
		t.Fatalf("model spans %+v", got)
	}
	if list, _ := p.Documents(); len(list) != 2 {
		t.Errorf("the document the project lacked was not added: %d documents", len(list))
	}
	// Once more: everything is there already, nothing is added.
	if res, err := p.Suggest([]*annotate.Document{pred()}); err != nil || res.Added != 0 {
		t.Errorf("again: %+v, %v", res, err)
	}
	// One undo takes the suggestions out.
	if d, ok, err := p.Undo(id); err != nil || !ok || len(d.Spans) != len(before.Spans) {
		t.Errorf("undo: %v %v, %d spans, want %d", ok, err, len(d.Spans), len(before.Spans))
	}
	// A bad span anywhere leaves every document as it was.
	bad := pred()
	bad.Spans = append(bad.Spans, annotate.Span{ID: 904, Start: 7, End: 14, Label: "ACTOR", Annotator: "model"}) // off a grapheme boundary
	other := &annotate.Document{Title: "آخر", Text: "نصٌّ آخر لم يُستورد بعد."}
	if _, err := p.Suggest([]*annotate.Document{pred(), other, bad}); !errors.As(err, new(*annotate.ImportError)) {
		t.Errorf("bad span: %v", err)
	}
	if d, _ := p.Document(id); len(d.Spans) != len(before.Spans) {
		t.Errorf("a failed Suggest changed the document: %d spans", len(d.Spans))
	}
	if list, _ := p.Documents(); len(list) != 2 {
		t.Errorf("a failed Suggest added a document: %d documents", len(list))
	}
}
