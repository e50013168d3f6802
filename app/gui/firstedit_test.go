package gui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"alama/annotate"
	"alama/app/textview"
)

// rowInfo is the status and span count the document list shows for the
// first document.
func rowInfo(u *ui) string {
	row := u.docs.list.CreateItem()
	u.docs.list.UpdateItem(0, row)
	return row.(*fyne.Container).Objects[1].(*textview.Label).Text()
}

// TestFirstEditStartsTheDocument checks that the first edit of a new
// document moves it to in progress in the same undoable step, where the
// document list and the status selector show it, and that an edit leaves
// any other status alone.
func TestFirstEditStartsTheDocument(t *testing.T) {
	u, p := newTestUI(t)
	id := u.doc.ID
	check := func(step string, status annotate.Status, spans int, row string) {
		t.Helper()
		d := stored(t, p, id)
		if d.Status != status || len(d.Spans) != spans {
			t.Errorf("%s: stored status %q with %d spans, want %q with %d", step, d.Status, len(d.Spans), status, spans)
		}
		if got := u.status.Selected; got != statusName(status) {
			t.Errorf("%s: the status selector shows %q, want %q", step, got, statusName(status))
		}
		if got := rowInfo(u); got != row {
			t.Errorf("%s: the document list shows %q, want %q", step, got, row)
		}
	}
	check("opened", annotate.StatusNew, 0, "New · 0")
	mark(t, u, "الوزيرُ", "1")
	check("first span", annotate.StatusInProgress, 1, "In progress · 1")
	mark(t, u, "الحكومة", "1")
	check("second span", annotate.StatusInProgress, 2, "In progress · 2")
	u.undo()
	u.undo()
	check("both undone", annotate.StatusNew, 0, "New · 0")
	u.redo()
	check("redone", annotate.StatusInProgress, 1, "In progress · 1")

	u.status.SetSelected(statusName(annotate.StatusDone))
	check("marked done", annotate.StatusDone, 1, "Done · 1")
	mark(t, u, "الحكومة", "2")
	check("edited when done", annotate.StatusDone, 2, "Done · 2")

	// Choosing a status on a new document is that status, not a batch.
	u.status.SetSelected(statusName(annotate.StatusNew))
	u.status.SetSelected(statusName(annotate.StatusReviewed))
	check("new, then reviewed", annotate.StatusReviewed, 2, "Reviewed · 2")
}

// TestHintFollowsTheSelection checks that the hint line never names a
// label a span no longer has nor a span that is gone, after a relabel, an
// undo, a redo or a delete.
func TestHintFollowsTheSelection(t *testing.T) {
	u, _ := newTestUI(t)
	hint := func(step, want string) {
		t.Helper()
		if got := u.hint.Text(); !strings.HasPrefix(got, want) || want == "" && got != "" {
			t.Errorf("%s: hint %q, want it to start with %q", step, got, want)
		}
	}
	mark(t, u, "الحكومة", "1")
	hint("marked", "ACTOR:")
	test.Type(u.view, "4")
	hint("relabelled", "LOCATION:")
	u.undo()
	hint("relabel undone", "ACTOR:")
	u.redo()
	hint("relabel redone", "LOCATION:")
	u.undo()
	u.undo()
	if len(u.doc.Spans) != 0 {
		t.Fatalf("spans left: %+v", u.doc.Spans)
	}
	if got := u.hint.Text(); strings.Contains(got, "ACTOR") || strings.Contains(got, "LOCATION") {
		t.Errorf("span undone: hint %q still names it", got)
	}
	u.redo()
	hint("span redone", "ACTOR:")
	u.onKey(&fyne.KeyEvent{Name: fyne.KeyDelete})
	hint("deleted", "Span deleted")
	u.undo()
	hint("delete undone", "ACTOR:")

	// A propagation offer ends with the change that follows it.
	u.propagation = []annotate.Edit{annotate.SetNote{ID: u.selected, Note: "x"}}
	u.undo()
	if u.propagation != nil {
		t.Error("an undo left the offer to propagate a label open")
	}
}
