package gui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
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
