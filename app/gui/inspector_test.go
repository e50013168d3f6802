package gui

import (
	"fmt"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"alama/annotate"
	"alama/store"
)

// TestInspectorKeepsTheSpan relabels, undoes and redoes, deletes and
// undoes: the span stays selected and shown in the inspector throughout.
func TestInspectorKeepsTheSpan(t *testing.T) {
	u, _ := newTestUI(t)
	mark(t, u, "الحكومة", "1")
	s, e := word(t, "الحكومة")
	check := func(step string) {
		t.Helper()
		sp, ok := u.doc.Span(u.selected)
		if !ok || sp.Start != s || sp.End != e {
			t.Fatalf("after %s: selected span %d (%+v), want the one on «الحكومة»", step, u.selected, sp)
		}
		if u.inspector.shown != u.selected {
			t.Errorf("after %s: the inspector shows span %d, want %d", step, u.inspector.shown, u.selected)
		}
		if a, b := u.view.Selection(); a != s || b != e {
			t.Errorf("after %s: view selects [%d,%d)", step, a, b)
		}
	}
	check("marking")
	test.Type(u.view, "4")
	check("relabel")
	u.undo()
	check("undo")
	u.redo()
	check("redo")
	u.onKey(&fyne.KeyEvent{Name: fyne.KeyDelete})
	if u.selected != 0 || u.inspector.shown != 0 {
		t.Fatalf("after delete: span %d still selected", u.selected)
	}
	u.undo()
	check("undoing the delete")
}

// TestInspectorFitsAtDefaultSize selects a span with two attributes, a
// note and two relations in the window at its default size: its label,
// attributes, note, relations and Delete all lie inside the inspector's
// visible area, with nothing to scroll.
func TestInspectorFitsAtDefaultSize(t *testing.T) {
	u, claim := inspectedClaim(t)
	w := u.win.Canvas().Size()
	if w.Width < 1100 || w.Height < 700 {
		t.Fatalf("default window %v", w)
	}
	// The desktop driver draws the main menu inside the window, a bar
	// about 40 px high that the test driver leaves out.
	u.win.Resize(w.SubtractWidthHeight(0, 40))
	in := u.inspector
	if in.shown != claim {
		t.Fatalf("the inspector shows span %d, want %d", in.shown, claim)
	}
	d := fyne.CurrentApp().Driver()
	top := d.AbsolutePositionForObject(in.scroll)
	bottom := top.Y + in.scroll.Size().Height
	right := top.X + in.scroll.Size().Width
	parts := map[string]fyne.CanvasObject{"label": in.parts.label, "note": in.parts.note, "delete": in.parts.remove}
	for i, o := range in.parts.attrs {
		parts[fmt.Sprintf("attribute %d", i+1)] = o
	}
	for i, o := range in.parts.relations {
		parts[fmt.Sprintf("relation %d", i+1)] = o
	}
	if len(in.parts.attrs) != 2 || len(in.parts.relations) != 2 {
		t.Fatalf("%d attribute editors and %d relations shown, want 2 and 2", len(in.parts.attrs), len(in.parts.relations))
	}
	for name, o := range parts {
		pos, size := d.AbsolutePositionForObject(o), o.Size()
		if !o.Visible() || size.Height <= 0 || size.Width <= 0 {
			t.Errorf("%s is not shown (%v)", name, size)
			continue
		}
		if pos.Y < top.Y || pos.Y+size.Height > bottom+0.5 || pos.X < top.X || pos.X+size.Width > right+0.5 {
			t.Errorf("%s at %v size %v lies outside the inspector's visible area %v–(%v,%v)", name, pos, size, top, right, bottom)
		}
	}
	if in.body.MinSize().Height > in.scroll.Size().Height {
		t.Errorf("the inspector needs %v to show a span, has %v", in.body.MinSize().Height, in.scroll.Size().Height)
	}
}

// inspectedClaim opens the window at its default size on article with a
// CLAIM span holding two attributes, a note and two CLAIMED_BY relations,
// selected; it returns the window and the claim's id.
func inspectedClaim(t *testing.T) (*ui, uint64) {
	t.Helper()
	a := test.NewTempApp(t)
	path := filepath.Join(t.TempDir(), "t.alama")
	p, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	if _, err := p.Import([]*annotate.Document{{Title: "خبر", Text: article, Status: annotate.StatusNew}}); err != nil {
		t.Fatal(err)
	}
	u, err := newUI(a, p, path, Options{Annotator: "tester"})
	if err != nil {
		t.Fatal(err)
	}
	u.askAnnotator()
	mark(t, u, "الوزيرُ", "1")
	minister := u.selected
	mark(t, u, "النقابة", "1")
	union := u.selected
	mark(t, u, "الحكومة ستفتتح مستشفى", "3")
	claim := u.selected
	for _, e := range []annotate.Edit{
		annotate.SetAttr{ID: claim, Name: "certainty", Value: "probable"},
		annotate.SetAttr{ID: claim, Name: "stance", Value: "neutral"},
		annotate.SetNote{ID: claim, Note: "نقلاً عن الوزير؛ النقابة تنفي."},
		annotate.AddRelation{Relation: annotate.Relation{Type: "CLAIMED_BY", From: claim, To: minister, Annotator: "tester"}},
		annotate.AddRelation{Relation: annotate.Relation{Type: "CLAIMED_BY", From: claim, To: union, Annotator: "tester"}},
	} {
		if !u.apply(e) {
			t.Fatalf("apply %T", e)
		}
	}
	u.selectSpan(claim)
	return u, claim
}

// TestNoteSavesOnLeaving types a note and moves the focus away: the note
// is stored without pressing its button, and the span stays shown.
func TestNoteSavesOnLeaving(t *testing.T) {
	u, p := newTestUI(t)
	mark(t, u, "الحكومة", "1")
	id := u.selected
	note := u.inspector.parts.note.(*noteEntry)
	u.win.Canvas().Focus(note)
	test.Type(note, "مصدر رسمي")
	if sp, _ := stored(t, p, u.doc.ID).Span(id); sp.Note != "" {
		t.Fatalf("note %q stored while typing", sp.Note)
	}
	u.win.Canvas().Focus(u.view)
	if sp, _ := stored(t, p, u.doc.ID).Span(id); sp.Note != "مصدر رسمي" {
		t.Errorf("note %q stored, want «مصدر رسمي»", sp.Note)
	}
	if u.selected != id || u.inspector.shown != id {
		t.Errorf("span %d selected and %d shown after saving the note, want %d", u.selected, u.inspector.shown, id)
	}
}
