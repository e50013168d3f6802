package store

import (
	"errors"
	"testing"

	"alama/annotate"
)

func TestImportSkipsDuplicates(t *testing.T) {
	p := openTest(t, "")
	id := importSample(t, p)
	again, dup, err := importDocument(p, sampleDoc())
	if err != nil || !dup || again != id {
		t.Errorf("second import: id %d dup %v err %v, want id %d dup", again, dup, err, id)
	}
	other := sampleDoc()
	other.Text = "نصٌّ آخر 🙂"
	other.Spans, other.Relations = nil, nil
	ids, err := p.Import([]*annotate.Document{other, sampleDoc(), other})
	if err != nil {
		t.Fatal(err)
	}
	if ids[0] == 0 || ids[1] != 0 || ids[2] != 0 {
		t.Errorf("Import ids %v, want [new 0 0]", ids)
	}
	docs, _ := p.Documents()
	if len(docs) != 2 {
		t.Errorf("%d documents, want 2", len(docs))
	}
}

func TestImportKeepsIDsAndOffsets(t *testing.T) {
	p := openTest(t, "")
	id := importSample(t, p)
	got, err := p.Document(id)
	if err != nil {
		t.Fatal(err)
	}
	want := sampleDoc()
	want.ID = id
	sameDoc(t, "imported document", got, want)
	if s, _ := got.Span(2); got.SpanText(s) != "بيروت" {
		t.Errorf("span after the emoji covers %q", got.SpanText(s))
	}
	// New ids continue above the imported ones.
	d, err := p.Apply(id, annotate.AddSpan{Span: annotate.Span{Start: 0, End: 6, Label: "EVENT"}})
	if err != nil {
		t.Fatal(err)
	}
	if d.Spans[0].ID != 14 {
		t.Errorf("new span id %d, want 14", d.Spans[0].ID)
	}
	// Spans without ids get fresh ones.
	n := sampleDoc()
	n.Text += " 2"
	n.Relations = nil
	for i := range n.Spans {
		n.Spans[i].ID = 0
	}
	id2, _, err := importDocument(p, n)
	if err != nil {
		t.Fatal(err)
	}
	d, _ = p.Document(id2)
	for _, s := range d.Spans {
		if s.ID <= 14 {
			t.Errorf("assigned span id %d collides with used ids", s.ID)
		}
	}
}

func TestImportRejects(t *testing.T) {
	tests := []struct {
		name   string
		change func(d *annotate.Document)
		want   error
	}{
		{"unknown label", func(d *annotate.Document) { d.Spans[0].Label = "PERSON" }, annotate.ErrUnknownLabel},
		{"span splits a haraka from its letter", func(d *annotate.Document) { d.Spans[0].Start, d.Spans[0].End = 1, 6 }, annotate.ErrNotBoundary},
		{"span past the end", func(d *annotate.Document) { d.Spans[5].End = 93 }, annotate.ErrOutOfRange},
		{"attribute value not in the schema", func(d *annotate.Document) { d.Spans[0].Attrs["type"] = "alien" }, annotate.ErrNotAllowed},
		{"relation not allowed", func(d *annotate.Document) { d.Relations[0].Type = "CLAIMED_BY" }, annotate.ErrNotAllowed},
		{"relation to a missing span", func(d *annotate.Document) { d.Relations[0].To = 77 }, annotate.ErrNotFound},
		{"duplicate span id", func(d *annotate.Document) { d.Spans[1].ID = 1 }, annotate.ErrDuplicate},
		{"unknown document label", func(d *annotate.Document) { d.DocLabels = []string{"sport"} }, annotate.ErrUnknownLabel},
		{"unknown status", func(d *annotate.Document) { d.Status = "finished" }, annotate.ErrInvalid},
		{"text not NFC", func(d *annotate.Document) { d.Text = "كَتَبَ أ\u0655" }, annotate.ErrBadText},
		{"text with CR", func(d *annotate.Document) { d.Text = "سطر\r\nسطر" }, annotate.ErrBadText},
		{"empty text", func(d *annotate.Document) { d.Text = "" }, annotate.ErrBadText},
		{"title not UTF-8", func(d *annotate.Document) { d.Title = "\xff" }, annotate.ErrBadText},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := openTest(t, "")
			good := sampleDoc()
			good.Text += "\nخبرٌ سليم."
			bad := sampleDoc()
			tt.change(bad)
			_, err := p.Import([]*annotate.Document{good, bad})
			if !errors.Is(err, tt.want) {
				t.Fatalf("Import error %v, want %v", err, tt.want)
			}
			var ie *annotate.ImportError
			if !errors.As(err, &ie) || ie.Index != 1 {
				t.Errorf("error %v does not name document 2", err)
			}
			if docs, _ := p.Documents(); len(docs) != 0 {
				t.Errorf("a failed import left %d documents", len(docs))
			}
			if _, dup, err := importDocument(p, good); err != nil || dup {
				t.Errorf("good document after the failed import: dup %v, %v", dup, err)
			}
		})
	}
}
