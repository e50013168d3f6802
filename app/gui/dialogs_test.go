package gui

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	bolt "go.etcd.io/bbolt"

	"alama/annotate"
	"alama/annotate/format"
	"alama/store"
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

// TestExportLeavesOutAnUnreadableDocument: a document whose stored spans
// cannot be read is left out of an export, which writes the others; the
// window says the export finished and names the document left out.
func TestExportLeavesOutAnUnreadableDocument(t *testing.T) {
	a := test.NewTempApp(t)
	path := filepath.Join(t.TempDir(), "t.alama")
	p, err := store.Open(path, store.Options{KeepBackups: -1})
	if err != nil {
		t.Fatal(err)
	}
	ids, err := p.Import([]*annotate.Document{
		{Title: "خبر", Text: article, Status: annotate.StatusNew},
		{Title: "تالف", Text: "خبر ثانٍ عن الوزير.", Status: annotate.StatusNew,
			Spans: []annotate.Span{{Start: 9, End: 15, Label: "ACTOR"}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	// The second document's one span record becomes bytes no decoder takes.
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		c := tx.Bucket([]byte("spans")).Cursor()
		k, _ := c.Seek(binary.BigEndian.AppendUint64(nil, ids[1]))
		if k == nil {
			return fmt.Errorf("no span of document %d", ids[1])
		}
		return tx.Bucket([]byte("spans")).Put(k, []byte(`{"v":1,"start":`))
	})
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
	p, err = store.Open(path, store.Options{KeepBackups: -1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	u, err := newUI(a, p, path, Options{Annotator: "tester"})
	if err != nil {
		t.Fatal(err)
	}
	u.win.Resize(fyne.NewSize(1000, 700))
	out := filepath.Join(t.TempDir(), "corpus.jsonl")
	u.export(format.JSONL, out, format.Options{})
	want := fmt.Sprintf("document %d: span", ids[1])
	shown := func() bool { return strings.Contains(overlayText(u), want) }
	for deadline := time.Now().Add(5 * time.Second); !shown() && time.Now().Before(deadline); {
		time.Sleep(20 * time.Millisecond)
	}
	if got := overlayText(u); !shown() || !strings.Contains(got, tr("Export finished")) {
		t.Errorf("the window shows %q, want the export finished with document %d left out", got, ids[1])
	}
	data, err := os.ReadFile(out)
	if err != nil || strings.Count(string(data), "\n") != 1 || !strings.Contains(string(data), "قالَ الوزيرُ") {
		t.Errorf("the export holds %q (%v), want the readable document only", data, err)
	}
}
