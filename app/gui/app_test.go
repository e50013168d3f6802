package gui

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"alama/annotate"
	"alama/annotate/format"
	"alama/app/textview"
	"alama/assets"
	"alama/store"
)

// article has a clitic (و), harakat and an emoji, so offsets in code
// points, bytes and graphemes all differ.
const article = "قالَ الوزيرُ 🙂 إن الحكومة ستفتتح مستشفى، وقالت النقابة إنها تعارض الخطة."

// newTestUI opens a window on a temporary project holding article.
func newTestUI(t *testing.T) (*ui, *store.Project) {
	t.Helper()
	a := test.NewTempApp(t)
	path := filepath.Join(t.TempDir(), "t.alama")
	p, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if errs := p.Check(); len(errs) > 0 {
			t.Errorf("project check: %v", errs)
		}
		p.Close()
	})
	if _, err := p.Import([]*annotate.Document{{Title: "خبر", Text: article, Status: annotate.StatusNew}}); err != nil {
		t.Fatal(err)
	}
	u, err := newUI(a, p, path, Options{Annotator: "tester"})
	if err != nil {
		t.Fatal(err)
	}
	u.now = func() time.Time { return time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC) }
	u.askAnnotator()
	u.win.Resize(fyne.NewSize(1000, 700))
	return u, p
}

// word returns the code-point range of the n-th occurrence of w in article.
func word(t *testing.T, w string) (int, int) {
	t.Helper()
	rs, ws := []rune(article), []rune(w)
	for i := 0; i+len(ws) <= len(rs); i++ {
		if string(rs[i:i+len(ws)]) == w {
			return i, i + len(ws)
		}
	}
	t.Fatalf("%q not in the article", w)
	return 0, 0
}

// stored reloads the document from the project.
func stored(t *testing.T, p *store.Project, id uint64) *annotate.Document {
	t.Helper()
	d, err := p.Document(id)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// mark selects w and types key into the text view, as a user would.
func mark(t *testing.T, u *ui, w string, key string) {
	t.Helper()
	s, e := word(t, w)
	u.view.SetSelection(s, e)
	u.onSelect(s, e)
	test.Type(u.view, key)
}

func TestSelectAndKeyCreatesSpan(t *testing.T) {
	u, p := newTestUI(t)
	mark(t, u, "الوزيرُ", "1")
	d := stored(t, p, u.doc.ID)
	if len(d.Spans) != 1 {
		t.Fatalf("spans = %+v", d.Spans)
	}
	sp := d.Spans[0]
	s, e := word(t, "الوزيرُ")
	if sp.Label != "ACTOR" || sp.Start != s || sp.End != e || sp.Annotator != "tester" || d.SpanText(sp) != "الوزيرُ" {
		t.Fatalf("span = %+v", sp)
	}
	if u.selected != sp.ID {
		t.Errorf("new span not selected")
	}
}

func TestCliticOnlySpan(t *testing.T) {
	u, p := newTestUI(t)
	s, _ := word(t, "وقالت")
	u.view.SetSelection(s, s+1)
	test.Type(u.view, "2")
	d := stored(t, p, u.doc.ID)
	if len(d.Spans) != 1 || d.SpanText(d.Spans[0]) != "و" {
		t.Fatalf("spans = %+v", d.Spans)
	}
}

func TestRelabelDeleteUndoRedo(t *testing.T) {
	u, p := newTestUI(t)
	mark(t, u, "الحكومة", "1")
	id := u.selected
	test.Type(u.view, "4") // another label key relabels the selected span
	if sp, _ := stored(t, p, u.doc.ID).Span(id); sp.Label != "LOCATION" {
		t.Fatalf("after relabel: %+v", sp)
	}
	u.undo()
	if sp, _ := stored(t, p, u.doc.ID).Span(id); sp.Label != "ACTOR" {
		t.Fatalf("after undo: %+v", sp)
	}
	u.redo()
	if sp, _ := stored(t, p, u.doc.ID).Span(id); sp.Label != "LOCATION" {
		t.Fatalf("after redo: %+v", sp)
	}
	u.selectSpan(id)
	u.onKey(&fyne.KeyEvent{Name: fyne.KeyDelete})
	if d := stored(t, p, u.doc.ID); len(d.Spans) != 0 {
		t.Fatalf("after delete: %+v", d.Spans)
	}
	u.undo()
	if d := stored(t, p, u.doc.ID); len(d.Spans) != 1 || d.Spans[0].ID != id {
		t.Fatalf("after undoing the delete: %+v", d.Spans)
	}
	if len(u.view.Text()) == 0 || len(u.doc.Spans) != 1 {
		t.Fatal("window does not show the restored span")
	}
}

func TestRelationRestrictedBySchema(t *testing.T) {
	u, p := newTestUI(t)
	mark(t, u, "الوزيرُ", "1") // ACTOR
	actor := u.selected
	mark(t, u, "تعارض", "3") // CLAIM
	claim := u.selected
	mark(t, u, "مستشفى", "4") // LOCATION
	place := u.selected

	// CLAIM → ACTOR: exactly one type allowed, CLAIMED_BY, made at once.
	u.selectSpan(claim)
	test.Type(u.view, "r")
	u.onSpanTapped(actor)
	d := stored(t, p, u.doc.ID)
	if len(d.Relations) != 1 || d.Relations[0].Type != "CLAIMED_BY" || d.Relations[0].From != claim || d.Relations[0].To != actor {
		t.Fatalf("relations = %+v", d.Relations)
	}
	// The inspector lists the relation; tapping it selects the other end.
	rel := u.inspector.parts.relations[0].(*fyne.Container)
	link := rel.Objects[0].(*fyne.Container)
	text := link.Objects[1].(*fyne.Container)
	head := text.Objects[1].(*fyne.Container).Objects
	name, arrow, want := head[0], head[1], []string{"CLAIMED_BY", theme.NavigateNextIcon().Name(), "ACTOR «الوزيرُ\u200f»"}
	if rtlUI() {
		name, arrow, want[1] = head[1], head[0], theme.NavigateBackIcon().Name()
	}
	got := []string{
		name.(*textview.Label).Text(),
		arrow.(*widget.Icon).Resource.Name(),
		text.Objects[0].(*textview.Label).Text(),
	}
	if !slices.Equal(got, want) {
		t.Errorf("relation shown as %q, want %q", got, want)
	}
	test.Tap(link.Objects[0].(*widget.Button))
	if u.selected != actor {
		t.Errorf("tapping the relation selected %d, want %d", u.selected, actor)
	}
	// LOCATION → ACTOR: nothing allowed, nothing made.
	u.selectSpan(place)
	test.Type(u.view, "r")
	u.onSpanTapped(actor)
	if d := stored(t, p, u.doc.ID); len(d.Relations) != 1 {
		t.Fatalf("a relation the schema forbids was made: %+v", d.Relations)
	}
	if got := u.hint.Text(); got == "" {
		t.Error("no explanation shown")
	}
}

func TestSchemaRefusesLabelInUse(t *testing.T) {
	u, p := newTestUI(t)
	mark(t, u, "الوزيرُ", "1")
	s := u.schema.Clone()
	s.Labels = s.Labels[1:] // drop ACTOR, which a span uses
	s.Relations = nil
	err := p.SetSchema(s)
	if err == nil {
		t.Fatal("the project dropped a label in use")
	}
	got, _ := p.Schema()
	if _, ok := got.Label("ACTOR"); !ok {
		t.Fatal("ACTOR is gone")
	}
	// Relabelling its spans first makes the deletion possible.
	if err := relabelAll(p, "ACTOR", "EVENT"); err != nil {
		t.Fatal(err)
	}
	if err := p.SetSchema(s); err != nil {
		t.Fatalf("after relabelling: %v", err)
	}
	if d := stored(t, p, u.doc.ID); d.Spans[0].Label != "EVENT" {
		t.Fatalf("span = %+v", d.Spans[0])
	}
}

func TestSuggestionsAcceptAndReject(t *testing.T) {
	u, p := newTestUI(t)
	a, b := word(t, "الحكومة")
	c, e := word(t, "النقابة")
	if !u.apply(annotate.Batch{Edits: []annotate.Edit{
		annotate.AddSpan{Span: annotate.Span{Start: a, End: b, Label: "ACTOR", Annotator: "tester", Suggested: true}},
		annotate.AddSpan{Span: annotate.Span{Start: c, End: e, Label: "ACTOR", Annotator: "tester", Suggested: true}},
	}}) {
		t.Fatal("apply failed")
	}
	u.nextSuggestion()
	u.onKey(&fyne.KeyEvent{Name: fyne.KeyReturn})    // accept the first
	u.onKey(&fyne.KeyEvent{Name: fyne.KeyBackspace}) // reject the second
	d := stored(t, p, u.doc.ID)
	if len(d.Spans) != 1 || d.Spans[0].Suggested || d.SpanText(d.Spans[0]) != "الحكومة" {
		t.Fatalf("spans = %+v", d.Spans)
	}
}

func TestLayersKeepOthersApart(t *testing.T) {
	u, p := newTestUI(t)
	a, b := word(t, "النقابة")
	if _, err := p.Apply(u.doc.ID, annotate.AddSpan{Span: annotate.Span{Start: a, End: b, Label: "ACTOR", Annotator: "colleague"}}); err != nil {
		t.Fatal(err)
	}
	u.showDocument(u.doc.ID)
	if n := len(viewSpans(u.doc, u.schema, u.layer, u.overlay)); n != 0 {
		t.Fatalf("another annotator's span shown in my layer: %d", n)
	}
	u.overlay = "colleague"
	spans := viewSpans(u.doc, u.schema, u.layer, u.overlay)
	if len(spans) != 1 {
		t.Fatalf("overlay shows %d spans", len(spans))
	}
	u.onSpanTapped(spans[0].ID)
	if u.selected != 0 {
		t.Fatal("an overlay span can be selected for editing")
	}
}

func TestShowErrorNeverPanics(t *testing.T) {
	u, _ := newTestUI(t)
	u.showError(errors.New("disk full"))
	u.showError(annotate.ErrNotAllowed)
}

func TestKeyboardOnlyRelation(t *testing.T) {
	u, p := newTestUI(t)
	mark(t, u, "الوزيرُ", "1") // ACTOR, first in the text
	mark(t, u, "تعارض", "3")   // CLAIM
	key := func(k fyne.KeyName) { u.view.TypedKey(&fyne.KeyEvent{Name: k}) }
	key(fyne.KeyEscape)
	key(fyne.KeyTab) // the first span: ACTOR
	key(fyne.KeyTab) // the second: CLAIM
	if sp, _ := u.doc.Span(u.selected); sp.Label != "CLAIM" {
		t.Fatalf("Tab Tab selected %+v", sp)
	}
	test.Type(u.view, "r")
	key(fyne.KeyTab) // the only other span: ACTOR
	key(fyne.KeyReturn)
	d := stored(t, p, u.doc.ID)
	if len(d.Relations) != 1 || d.Relations[0].Type != "CLAIMED_BY" {
		t.Fatalf("relations = %+v", d.Relations)
	}
	if from, _ := d.Span(d.Relations[0].From); from.Label != "CLAIM" {
		t.Fatalf("relation from %+v", from)
	}
	// The selected span's relation is drawn; with nothing selected, none.
	rel := d.Relations[0]
	if got := u.view.Links(); len(got) != 1 || got[0].From != rel.From || got[0].To != rel.To || got[0].Label != "CLAIMED_BY" {
		t.Errorf("arrows of the selected span: %+v", got)
	}
	key(fyne.KeyEscape)
	if u.selected != 0 || len(u.view.Links()) != 0 {
		t.Errorf("after Escape: selected %d, arrows %+v", u.selected, u.view.Links())
	}
	key(fyne.KeyTab) // the ACTOR, the relation's other end
	if got := u.view.Links(); len(got) != 1 || got[0].To != rel.To {
		t.Errorf("arrows of the relation's target: %+v", got)
	}
}

// TestGazetteerOnSampleArticles pre-annotates the bundled sample articles
// with a gazetteer of five names and accepts the suggestions from the
// keyboard.
func TestGazetteerOnSampleArticles(t *testing.T) {
	u, p := newTestUI(t)
	names, err := fs.Glob(assets.Samples, "samples/*.txt")
	if err != nil || len(names) == 0 {
		t.Fatalf("samples: %v %v", names, err)
	}
	var docs []*annotate.Document
	for _, n := range names {
		data, err := fs.ReadFile(assets.Samples, n)
		if err != nil {
			t.Fatal(err)
		}
		d, err := format.ReadText(n, data)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, d)
	}
	if _, err := p.Import(docs); err != nil {
		t.Fatal(err)
	}
	u.docs.reload()
	gaz := filepath.Join(t.TempDir(), "people.csv")
	list := "سليم الحداد,ACTOR\nعمر الزعبي,ACTOR\nليلى منصور,ACTOR\nكريم عبد الله,ACTOR\nهالة النجار,ACTOR\n"
	if err := os.WriteFile(gaz, []byte(list), 0o644); err != nil {
		t.Fatal(err)
	}
	u.preannotate(gaz, "", true)

	total, accepted := 0, 0
	for _, info := range u.docs.all {
		d := stored(t, p, info.ID)
		n := len(u.suggestionsOf(d))
		total += n
		if n == 0 {
			continue
		}
		u.showDocument(info.ID)
		u.nextSuggestion()
		for range n {
			u.view.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
		}
		d = stored(t, p, info.ID)
		for _, sp := range d.Spans {
			if !sp.Suggested && sp.Label == "ACTOR" {
				accepted++
			}
		}
		if left := len(u.suggestionsOf(d)); left != 0 {
			t.Errorf("document %d: %d suggestions left after Enter", info.ID, left)
		}
	}
	// Each of the five names occurs once in the samples.
	if total != 5 || accepted != 5 {
		t.Fatalf("%d suggestions, %d accepted; want 5 and 5", total, accepted)
	}
}

func TestDocListFilterFoldsTitles(t *testing.T) {
	u, p := newTestUI(t)
	if _, err := p.Import([]*annotate.Document{{Title: "أحمدُ يزور المدرسة", Text: "نص آخر 🙂", Status: annotate.StatusNew}}); err != nil {
		t.Fatal(err)
	}
	u.docs.reload()
	u.docs.query.SetText("احمد")
	if len(u.docs.shown) != 1 || u.docs.all[u.docs.shown[0]].Title != "أحمدُ يزور المدرسة" {
		t.Fatalf("shown = %v", u.docs.shown)
	}
	u.docs.query.SetText("")
	if len(u.docs.shown) != 2 {
		t.Fatalf("shown after clearing = %v", u.docs.shown)
	}
}

func TestDeleteDocumentOpensTheNext(t *testing.T) {
	u, p := newTestUI(t)
	ids, err := p.Import([]*annotate.Document{
		{Title: "الثاني", Text: "نصٌّ ثانٍ 🙂", Status: annotate.StatusNew},
		{Title: "الثالث", Text: "نصٌّ ثالث", Status: annotate.StatusNew},
	})
	if err != nil {
		t.Fatal(err)
	}
	u.docs.reload()
	first := u.doc.ID
	mark(t, u, "الوزير", "1")

	u.showDocument(ids[0])
	u.removeDocument(ids[0])
	if u.doc == nil || u.doc.ID != ids[1] {
		t.Fatalf("after deleting the middle document the window shows %+v, want %d", u.doc, ids[1])
	}
	u.removeDocument(ids[1])
	if u.doc == nil || u.doc.ID != first {
		t.Fatalf("after deleting the last document the window shows %+v, want %d", u.doc, first)
	}
	u.removeDocument(first)
	if u.doc != nil || len(u.docs.all) != 0 {
		t.Fatalf("after deleting every document: open %+v, list %v", u.doc, u.docs.all)
	}
	if list, err := p.Documents(); err != nil || len(list) != 0 {
		t.Errorf("project still lists %v, %v", list, err)
	}
}

// TestImportJSONLInBatches imports an Alama JSONL file of more documents
// than one batch from the window, then one whose last line the project
// rejects: the first goes in whole, the second not at all.
func TestImportJSONLInBatches(t *testing.T) {
	u, p := newTestUI(t)
	dir := t.TempDir()
	write := func(name string, n int, lastLabel string) string {
		var b strings.Builder
		for i := range n {
			label := "ACTOR"
			if i == n-1 {
				label = lastLabel
			}
			fmt.Fprintf(&b, `{"id":%d,"title":"خبر %d","text":"أعلن الوزير 🙂 خطة رقم %d من %s.","spans":[{"id":1,"start":5,"end":11,"label":%q}]}`+"\n", i+1, i, i, name, label)
		}
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	waitFor := func(want int) {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for {
			list, err := p.Documents()
			if err != nil {
				t.Fatal(err)
			}
			if len(list) == want {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("%d documents, want %d", len(list), want)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	n := format.BatchDocs + 5
	u.importPaths([]string{write("good.jsonl", n, "ACTOR")})
	waitFor(1 + n)
	u.importPaths([]string{write("bad.jsonl", n, "PERSON"), write("after.jsonl", 1, "ACTOR")})
	// The rejected file leaves nothing; the file after it still goes in.
	waitFor(1 + n + 1)
	time.Sleep(200 * time.Millisecond)
	waitFor(1 + n + 1)
}

// TestImportPredictions adds a model's predictions for the open article as
// suggestions in the current layer, once.
func TestImportPredictions(t *testing.T) {
	u, _ := newTestUI(t)
	a, b := word(t, "الوزيرُ")
	path := filepath.Join(t.TempDir(), "preds.jsonl")
	line := fmt.Sprintf(`{"text":%q,"entities":[[%d,%d,"ACTOR"]]}`+"\n", article, a, b)
	if err := os.WriteFile(path, []byte(line), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := u.importPredictions(path)
	if err != nil || res.Added != 1 || res.New != 0 {
		t.Fatalf("import: %+v, %v", res, err)
	}
	u.afterPredictions(res)
	var got []annotate.Span
	for _, s := range u.doc.Spans {
		if s.Suggested && s.Annotator == u.layer && s.Start == a && s.End == b && s.Label == "ACTOR" {
			got = append(got, s)
		}
	}
	if len(got) != 1 {
		t.Fatalf("suggestions in the open document: %+v", u.doc.Spans)
	}
	if res, err := u.importPredictions(path); err != nil || res.Added != 0 || res.Present != 1 {
		t.Errorf("again: %+v, %v", res, err)
	}
}
