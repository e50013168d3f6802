package gui

import (
	"bytes"
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"alama/annotate"
	"alama/annotate/agree"
	"alama/app"
	"alama/app/textview"
	"alama/store"
)

// addSpans stores spans of the given annotator in the open document, each
// marking the first occurrence of a word of article with a label.
func addSpans(t *testing.T, u *ui, p *store.Project, annotator string, marks ...[2]string) {
	t.Helper()
	var b annotate.Batch
	for _, m := range marks {
		s, e := word(t, m[0])
		b.Edits = append(b.Edits, annotate.AddSpan{Span: annotate.Span{Start: s, End: e, Label: m[1], Annotator: annotator}})
	}
	if _, err := p.Apply(u.doc.ID, b); err != nil {
		t.Fatal(err)
	}
	u.showDocument(u.doc.ID)
}

// layerSpans returns the texts of the spans of one annotator in d, sorted.
func layerSpans(d *annotate.Document, annotator string) []string {
	var out []string
	for _, sp := range d.Spans {
		if sp.Annotator == annotator {
			out = append(out, d.SpanText(sp)+" "+sp.Label)
		}
	}
	slices.Sort(out)
	return out
}

func TestShowLayers(t *testing.T) {
	u, p := newTestUI(t)
	addSpans(t, u, p, "tester", [2]string{"الوزيرُ", "ACTOR"})
	addSpans(t, u, p, "colleague", [2]string{"الحكومة", "ACTOR"}, [2]string{"النقابة", "ACTOR"})
	addSpans(t, u, p, agree.Gold, [2]string{"مستشفى", "LOCATION"})
	names, err := u.layerNames()
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"colleague", agree.Gold, "tester"}; !slices.Equal(names, want) {
		t.Fatalf("layer names = %v, want %v", names, want)
	}
	for _, tc := range []struct {
		name, layer, overlay   string
		wantLayer, wantOverlay string
		readOnly               bool
		solid, outlined        int
	}{
		{"own", "tester", "", "tester", "", false, 1, 0},
		{"gold with an overlay", agree.Gold, "colleague", agree.Gold, "colleague", false, 1, 2},
		{"another's layer is read-only", "colleague", "", "tester", "colleague", true, 1, 2},
		{"another's layer replaces the overlay", "colleague", agree.Gold, "tester", "colleague", true, 1, 2},
		{"overlay equal to the layer", "tester", "tester", "tester", "", false, 1, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := u.showLayers(tc.layer, tc.overlay); got != tc.readOnly {
				t.Errorf("read-only = %v, want %v", got, tc.readOnly)
			}
			if u.layer != tc.wantLayer || u.overlay != tc.wantOverlay {
				t.Fatalf("layer, overlay = %q, %q; want %q, %q", u.layer, u.overlay, tc.wantLayer, tc.wantOverlay)
			}
			solid, outlined := 0, 0
			for _, vs := range viewSpans(u.doc, u.schema, u.layer, u.overlay) {
				sp, _ := u.doc.Span(vs.ID)
				switch {
				case sp.Annotator == u.layer && vs.Style == textview.Solid:
					solid++
				case sp.Annotator == u.overlay && vs.Style == textview.Suggested:
					outlined++
				default:
					t.Errorf("span of %q shown with layer %q and overlay %q", sp.Annotator, u.layer, u.overlay)
				}
			}
			if solid != tc.solid || outlined != tc.outlined {
				t.Errorf("shown %d in the layer and %d in the overlay; want %d and %d", solid, outlined, tc.solid, tc.outlined)
			}
			if u.hint.Text() == "" {
				t.Error("no hint says what is shown")
			}
		})
	}
	// Two layers of others to compare: mine is edited, the first drawn.
	u.showPair(u.doc.ID, "colleague", "someone")
	if u.layer != "tester" || u.overlay != "colleague" || !strings.Contains(u.hint.Text(), "someone") {
		t.Errorf("pair of others: layer %q, overlay %q, hint %q", u.layer, u.overlay, u.hint.Text())
	}
	// A pair with gold: gold is edited, whichever comes first.
	u.showPair(u.doc.ID, "colleague", agree.Gold)
	if u.layer != agree.Gold || u.overlay != "colleague" {
		t.Errorf("pair with gold: layer %q, overlay %q", u.layer, u.overlay)
	}
	// A label key marks in the layer shown, never in a read-only one.
	u.showLayers("colleague", "")
	mark(t, u, "تعارض", "3")
	if got := layerSpans(stored(t, p, u.doc.ID), "tester"); !slices.Contains(got, "تعارض CLAIM") {
		t.Fatalf("the new span is not in my layer: %v", got)
	}
}

func TestSendThenAddBundle(t *testing.T) {
	u1, p1 := newTestUI(t)
	mark(t, u1, "الوزيرُ", "1")
	extra := "خبر قصير 🙂 كَتَبَ المراسلُ تقريرَه."
	if _, err := p1.Import([]*annotate.Document{{Title: "تقرير", Text: extra, Status: annotate.StatusNew}}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "tester.zip")
	sent, err := u1.writeBundle(path)
	if err != nil {
		t.Fatal(err)
	}
	if sent.Annotator != "tester" || sent.Documents != 2 || sent.Spans != 1 || sent.Relations != 0 {
		t.Fatalf("sent = %+v", sent)
	}

	u2, p2 := newTestUI(t)
	u2.setAnnotator("teacher")
	addSpans(t, u2, p2, "teacher", [2]string{"النقابة", "ACTOR"})
	b, err := readBundle(path)
	if err != nil {
		t.Fatal(err)
	}
	got, err := app.ImportBundle(u2.project, path, b, "")
	if err != nil {
		t.Fatal(err)
	}
	if got.Added != 1 || got.Replaced != 1 || got.Spans != 1 || got.Unchanged != 0 || got.Relations != 0 {
		t.Fatalf("import = %+v, want 1 added, 1 replaced, 1 span", got)
	}
	u2.afterBundle(filepath.Base(path), b.Manifest.Annotator, got)
	d := stored(t, p2, u2.doc.ID)
	if l := layerSpans(d, "tester"); !slices.Equal(l, []string{"الوزيرُ ACTOR"}) {
		t.Errorf("tester's layer after the import = %v", l)
	}
	if l := layerSpans(d, "teacher"); !slices.Equal(l, []string{"النقابة ACTOR"}) {
		t.Errorf("the importer's own layer changed: %v", l)
	}
	s1, e1 := word(t, "الوزيرُ")
	if i := slices.IndexFunc(d.Spans, func(s annotate.Span) bool { return s.Annotator == "tester" }); d.Spans[i].Start != s1 || d.Spans[i].End != e1 {
		t.Errorf("imported span at [%d,%d), want [%d,%d)", d.Spans[i].Start, d.Spans[i].End, s1, e1)
	}
	if len(u2.docs.all) != 2 {
		t.Errorf("document list has %d documents, want 2", len(u2.docs.all))
	}
	if u2.layer != "teacher" || u2.overlay != "tester" {
		t.Errorf("after the import: layer %q, overlay %q", u2.layer, u2.overlay)
	}
	// The same bundle again changes nothing.
	if again, err := app.ImportBundle(u2.project, path, b, ""); err != nil || again.Unchanged != 2 || again.Replaced+again.Added != 0 {
		t.Errorf("second import = %+v, %v", again, err)
	}
}

func TestReadBundleNamesTheFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "not-a-bundle.zip")
	if err := os.WriteFile(path, []byte("قالَ 🙂 this is no zip"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := readBundle(path)
	if err == nil || !strings.Contains(err.Error(), "not-a-bundle.zip") {
		t.Fatalf("err = %v", err)
	}
}

func TestAgreementWindow(t *testing.T) {
	u, p := newTestUI(t)
	addSpans(t, u, p, "tester", [2]string{"الوزيرُ", "ACTOR"}, [2]string{"الحكومة", "ACTOR"}, [2]string{"النقابة", "ACTOR"})
	addSpans(t, u, p, "colleague", [2]string{"الوزيرُ", "ACTOR"}, [2]string{"الحكومة ستفتتح", "ACTOR"}, [2]string{"تعارض", "CLAIM"})
	r, err := u.agreementReport()
	if err != nil {
		t.Fatal(err)
	}
	w := u.newAgreementWindow(r)
	// Annotators sort as colleague, tester: the cell of row 1, column 2
	// and its mirror hold the pair.
	cell := func(row, col int) *scoreCell { return w.matrix.Objects[row*3+col].(*scoreCell) }
	for _, tc := range []struct {
		metric int
		want   string
	}{
		{0, "0.333"}, // exact: 1 matched, 2 and 2 unmatched
		{1, "0.667"}, // overlap: الحكومة and الحكومة ستفتتح match too
		{2, r.Pairs[0].Kappa.Kappa.String()},
		{3, r.Pairs[0].Alpha.Alpha.String()},
	} {
		t.Run(w.metrics[tc.metric].name, func(t *testing.T) {
			w.metric = tc.metric
			w.refresh()
			for _, c := range []*scoreCell{cell(1, 2), cell(2, 1)} {
				if c.text != tc.want {
					t.Errorf("cell = %q, want %q", c.text, tc.want)
				}
				if v := w.metrics[tc.metric].value(r.Pairs[0]); c.fill != scoreColor(v) {
					t.Errorf("cell colour %v, want %v", c.fill, scoreColor(v))
				}
			}
			if cell(1, 1).text != "—" {
				t.Errorf("diagonal = %q", cell(1, 1).text)
			}
		})
	}
	if len(w.rows) != 1 || w.rows[0].id != u.doc.ID {
		t.Fatalf("document rows = %+v", w.rows)
	}
	test.Tap(cell(1, 2))
	if w.pair == nil || w.pairLabel.Text() != "colleague – tester" {
		t.Fatalf("tapping a cell did not choose its pair: %v, %q", w.pair, w.pairLabel.Text())
	}
	u.showLayers("tester", "")
	w.list.Select(0)
	if u.layer != "tester" || u.overlay != "colleague" {
		t.Errorf("opening a document shows layer %q, overlay %q", u.layer, u.overlay)
	}
}

func TestScoreColours(t *testing.T) {
	for _, tc := range []struct {
		s    agree.Score
		want any
	}{
		{0, scaleLow}, {-0.4, scaleLow}, {0.5, scaleMid}, {1, scaleHigh}, {agree.Undefined, undefinedColor},
	} {
		if got := scoreColor(tc.s); got != tc.want {
			t.Errorf("scoreColor(%v) = %v, want %v", tc.s, got, tc.want)
		}
	}
	if a, b := scoreColor(0.3), scoreColor(0.8); a == b || a.G >= scaleMid.G || b.R >= scaleMid.R {
		t.Errorf("no gradient: %v, %v", a, b)
	}
}

func TestAgreementNeedsTwoLayers(t *testing.T) {
	u, p := newTestUI(t)
	addSpans(t, u, p, "tester", [2]string{"الوزيرُ", "ACTOR"})
	var few fewLayersError
	if _, err := u.agreementReport(); !errors.As(err, &few) || few.layers != 1 {
		t.Fatalf("agreement of one annotator: %v", err)
	}
}

func TestCuration(t *testing.T) {
	u, p := newTestUI(t)
	addSpans(t, u, p, "tester", [2]string{"الوزيرُ", "ACTOR"}, [2]string{"الحكومة", "ACTOR"}, [2]string{"تعارض", "CLAIM"})
	addSpans(t, u, p, "colleague", [2]string{"الوزيرُ", "ACTOR"}, [2]string{"النقابة", "ACTOR"})
	c := u.newCuration()
	if u.layer != agree.Gold || u.overlay != "tester" {
		t.Fatalf("curating shows layer %q, overlay %q", u.layer, u.overlay)
	}
	if c.agreed != 1 || len(c.cands) != 3 {
		t.Fatalf("agreed %d, disagreements %+v", c.agreed, c.cands)
	}
	test.Tap(c.auto)
	if got := layerSpans(stored(t, p, u.doc.ID), agree.Gold); !slices.Equal(got, []string{"الوزيرُ ACTOR"}) {
		t.Fatalf("gold after accepting the agreed spans = %v", got)
	}
	if !c.auto.Disabled() {
		t.Error("nothing left to accept, but the button is enabled")
	}
	// The disagreements in order: الحكومة (tester), النقابة (colleague),
	// تعارض (tester). A accepts, Backspace rejects, ق (R on an Arabic
	// keyboard) rejects.
	if c.cur != 0 {
		t.Fatalf("first disagreement not chosen: %d", c.cur)
	}
	test.Type(c.list, "a")
	if c.cur != 1 || u.overlay != "colleague" {
		t.Fatalf("after accepting: disagreement %d, overlay %q", c.cur, u.overlay)
	}
	c.list.TypedKey(&fyne.KeyEvent{Name: fyne.KeyBackspace})
	test.Type(c.list, "ق")
	want := []string{"الحكومة ACTOR", "الوزيرُ ACTOR"}
	if got := layerSpans(stored(t, p, u.doc.ID), agree.Gold); !slices.Equal(got, want) {
		t.Fatalf("gold = %v, want %v", got, want)
	}
	if c.status.Text() != tr("No disagreements left in this document.") {
		t.Errorf("status = %q", c.status.Text())
	}
	// Changing one's mind: reject what was accepted.
	c.list.Select(0)
	c.list.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDelete})
	if got := layerSpans(stored(t, p, u.doc.ID), agree.Gold); !slices.Equal(got, []string{"الوزيرُ ACTOR"}) {
		t.Fatalf("gold after rejecting = %v", got)
	}
	if got := layerSpans(stored(t, p, u.doc.ID), "tester"); len(got) != 3 {
		t.Errorf("curation changed an annotator's layer: %v", got)
	}
	c.win.Close()
	if u.layer != "tester" || u.overlay != "" {
		t.Errorf("after closing: layer %q, overlay %q", u.layer, u.overlay)
	}
}

func TestScoreWindow(t *testing.T) {
	u, p := newTestUI(t)
	addSpans(t, u, p, "teacher", [2]string{"الوزيرُ", "ACTOR"}, [2]string{"الحكومة", "ACTOR"}, [2]string{"مستشفى", "LOCATION"})
	addSpans(t, u, p, "tester", [2]string{"الوزيرُ", "ACTOR"}, [2]string{"الحكومة", "LOCATION"})
	r, err := u.score("teacher", "tester")
	if err != nil {
		t.Fatal(err)
	}
	sc := agree.NewScorer("teacher", "tester")
	for d, err := range p.All() {
		if err != nil {
			t.Fatal(err)
		}
		sc.Add(d)
	}
	want := sc.Report()
	w := u.newScoreWindow(r)
	total := w.table[len(w.table)-1]
	// Exact: 1 matched, 2 missed, 1 spurious.
	if wantRow := []string{"TOTAL", "3", "2", "0.500", "0.333", "0.400", "0.500", "0.333", "0.400"}; !slices.Equal(total, wantRow) {
		t.Errorf("TOTAL row = %v, want %v", total, wantRow)
	}
	for i, l := range want.Labels {
		row := w.table[i+1]
		if row[0] != l.Label || row[5] != l.Exact.F1.String() || row[8] != l.Overlap.F1.String() {
			t.Errorf("row %v, scorer says %+v", row, l)
		}
	}
	if len(r.Missed) != len(want.Missed) || len(r.Spurious) != len(want.Spurious) || len(r.Missed) != 2 || len(r.Spurious) != 1 {
		t.Errorf("missed %d, spurious %d", len(r.Missed), len(r.Spurious))
	}
	if !strings.Contains(w.grade.Text(), "0.400") {
		t.Errorf("grade = %q", w.grade.Text())
	}

	var buf bytes.Buffer
	if err := r.WriteCSV(&buf); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(rows[0], agree.ScoreColumns) || len(rows) != len(want.Labels)+2 {
		t.Fatalf("csv = %v", rows)
	}
	last := rows[len(rows)-1]
	if wantRow := []string{"teacher", "tester", "TOTAL", "3", "2", "1", "1", "2", "0.5000", "0.3333", "0.4000"}; !slices.Equal(last[:11], wantRow) {
		t.Errorf("csv TOTAL = %v, want %v…", last, wantRow)
	}

	// A missed span opens at its place, with my layer and the key's.
	m := r.Missed[0]
	w.open(m, r.Key)
	if s, e := u.view.Selection(); s != m.Start || e != m.End {
		t.Errorf("selection [%d,%d), want [%d,%d)", s, e, m.Start, m.End)
	}
	if u.layer != "tester" || u.overlay != "teacher" {
		t.Errorf("layer %q, overlay %q", u.layer, u.overlay)
	}
}
