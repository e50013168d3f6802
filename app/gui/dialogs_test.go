package gui

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"alama/annotate/format"
)

// overlayObjects lists every object drawn in the window's top overlay.
func overlayObjects(u *ui) []fyne.CanvasObject {
	var out []fyne.CanvasObject
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		out = append(out, o)
		switch o := o.(type) {
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(o).Objects() {
				walk(c)
			}
		case *fyne.Container:
			for _, c := range o.Objects {
				walk(c)
			}
		}
	}
	if top := u.win.Canvas().Overlays().Top(); top != nil {
		walk(top)
	}
	return out
}

// overlayText joins the texts drawn in the window's top overlay.
func overlayText(u *ui) string {
	var b strings.Builder
	for _, o := range overlayObjects(u) {
		if t, ok := o.(*canvas.Text); ok {
			b.WriteString(t.Text + " ")
		}
	}
	return b.String()
}

// tapOverlayButton taps the button of the top overlay labelled text.
func tapOverlayButton(t *testing.T, u *ui, text string) {
	t.Helper()
	for _, o := range overlayObjects(u) {
		if b, ok := o.(*widget.Button); ok && b.Text == text {
			test.Tap(b)
			return
		}
	}
	t.Fatalf("no %q button in the top dialog", text)
}

// TestSaveFileLeavesTheChosenFileAlone chooses the open project as the
// target of an export, as a slip of the mouse in a save dialog would: the
// project must come out byte for byte as it was, with the export refused.
func TestSaveFileLeavesTheChosenFileAlone(t *testing.T) {
	u, _ := newTestUI(t)
	before, err := os.ReadFile(u.path)
	if err != nil {
		t.Fatal(err)
	}
	called := ""
	u.saveFile("corpus.jsonl", "", true, func(path string) {
		called = path
		if now, err := os.ReadFile(path); err != nil || !bytes.Equal(now, before) {
			t.Errorf("the chosen file changed before the export saw it (%v)", err)
		}
		u.export(format.JSONL, path, format.Options{})
	})
	var entry *widget.Entry
	for _, o := range overlayObjects(u) {
		if e, ok := o.(*widget.Entry); ok {
			entry = e
		}
	}
	if entry == nil {
		t.Fatal("the save dialog has no path field")
	}
	if want := "corpus.jsonl"; filepath.Base(entry.Text) != want {
		t.Errorf("suggested %q, want a path ending in %q", entry.Text, want)
	}
	entry.SetText(u.path)
	tapOverlayButton(t, u, tr("Save"))
	tapOverlayButton(t, u, "Yes") // it exists: replace it?
	if called != u.path {
		t.Fatalf("export given %q, want %q", called, u.path)
	}
	refused := func() bool { return strings.Contains(overlayText(u), "is the project file itself") }
	for deadline := time.Now().Add(5 * time.Second); !refused() && time.Now().Before(deadline); {
		time.Sleep(20 * time.Millisecond)
	}
	if !refused() {
		t.Errorf("the window shows %q, want the export refused as the project itself", overlayText(u))
	}
	if now, err := os.ReadFile(u.path); err != nil || !bytes.Equal(now, before) {
		t.Fatalf("the project file changed (%v)", err)
	}
}

// TestNewProjectRefusesAnExistingFile: File › New project onto a file that
// exists (the open project, say) refuses it instead of replacing it.
func TestNewProjectRefusesAnExistingFile(t *testing.T) {
	u, _ := newTestUI(t)
	before, err := os.ReadFile(u.path)
	if err != nil {
		t.Fatal(err)
	}
	u.newProjectDialog()
	for _, o := range overlayObjects(u) {
		if e, ok := o.(*widget.Entry); ok {
			e.SetText(u.path)
		}
	}
	tapOverlayButton(t, u, tr("Save"))
	if got := overlayText(u); !strings.Contains(got, "exists already") {
		t.Errorf("the window shows %q, want the existing file refused", got)
	}
	if now, err := os.ReadFile(u.path); err != nil || !bytes.Equal(now, before) {
		t.Fatalf("the project file changed (%v)", err)
	}
}
