package gui

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
)

// TestDropImports drops a text file and a folder on the window: both are
// imported through the same path as File › Import, and the folder of the
// first is remembered for the next file dialog.
func TestDropImports(t *testing.T) {
	u, p := newTestUI(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "one.txt")
	if err := os.WriteFile(file, []byte("عنوان أول\nنص الخبر الأول."), 0o644); err != nil {
		t.Fatal(err)
	}
	sub := filepath.Join(dir, "more")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(sub, "two.txt"), []byte("عنوان ثان\nنص الخبر الثاني."), 0o644); err != nil {
		t.Fatal(err)
	}
	u.dropped([]fyne.URI{storage.NewFileURI(file), storage.NewFileURI(sub), storage.NewURI("https://example.com/x.txt")})
	deadline := time.Now().Add(20 * time.Second)
	for {
		n, err := p.Stats()
		if err != nil {
			t.Fatal(err)
		}
		if n.Documents == 3 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d documents after the drop, want 3", n.Documents)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if got := u.app.Preferences().String(prefImportDir); got != dir {
		t.Errorf("import folder remembered %q, want %q", got, dir)
	}
}
