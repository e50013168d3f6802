package gui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"alama/annotate"
	"alama/app"
)

// addTrainingDocs adds done documents whose gold layer marks الحكومة and
// النقابة as actors.
func addTrainingDocs(t *testing.T, p annotate.Project) {
	t.Helper()
	var docs []*annotate.Document
	for i := range 6 {
		d := &annotate.Document{Title: fmt.Sprint("تدريب ", i), Status: annotate.StatusDone}
		var b strings.Builder
		for j := range 4 {
			for _, part := range [][2]string{{"قال الوزير إن ", ""}, {"الحكومة", "ACTOR"}, {fmt.Sprintf(" ستفتتح مستشفى رقم %d، وقالت ", i*4+j), ""}, {"النقابة", "ACTOR"}, {" إنها تعارض.\n", ""}} {
				start := annotate.RuneLen(b.String())
				b.WriteString(part[0])
				if part[1] != "" {
					d.Spans = append(d.Spans, annotate.Span{Start: start, End: start + annotate.RuneLen(part[0]), Label: part[1], Annotator: "gold"})
				}
			}
		}
		d.Text = b.String()
		docs = append(docs, d)
	}
	if _, err := p.Import(docs); err != nil {
		t.Fatal(err)
	}
}

func TestModelSuggestsOnOpen(t *testing.T) {
	u, p := newTestUI(t)
	addTrainingDocs(t, p)
	id := u.doc.ID
	if _, err := app.Train(p, app.TrainOptions{Seed: 1, Now: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	u.learner.project = nil // as trainDialog does
	u.docs.reload()
	u.showDocument(id)
	d := stored(t, p, id)
	var got []string
	for _, s := range d.Spans {
		got = append(got, d.SpanText(s))
		if !s.Suggested || s.Annotator != "tester" || s.Label != "ACTOR" {
			t.Errorf("span %+v: want an ACTOR suggestion in the tester's layer", s)
		}
		if c, ok := u.confidence(s); !ok || c < 0.5 || c >= 1 {
			t.Errorf("confidence of %q: %v %v", d.SpanText(s), c, ok)
		}
	}
	if strings.Join(got, " ") != "الحكومة النقابة" {
		t.Fatalf("suggested %q on opening", got)
	}
	// Opening it again, or asking for this document, adds nothing more.
	u.showDocument(id)
	u.suggestDocs([]uint64{id})
	if n := len(stored(t, p, id).Spans); n != 2 {
		t.Errorf("%d spans after opening again and suggesting", n)
	}
	// One undo takes the model's suggestions out.
	u.undo()
	if n := len(stored(t, p, id).Spans); n != 0 {
		t.Errorf("%d spans after undo", n)
	}
	// The least sure documents first: done ones, unscored, go last.
	u.learner.unsure = map[uint64]float64{id: 0.3}
	u.docs.applyFilter()
	if first, _ := u.docs.first(); first != id {
		t.Errorf("first in the list: %d, want %d", first, id)
	}
	u.app.Preferences().SetBool(prefAutoSuggest, false)
	u.showDocument(id)
	if n := len(stored(t, p, id).Spans); n != 0 {
		t.Errorf("with the setting off, %d spans on opening", n)
	}
}
