package gui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"alama/app"
	"alama/store"
)

// TestImportSameAsCommandLine imports a folder (nested folders, a UTF-16
// article, a duplicate, broken files) the way File › Import does and
// compares the documents and the report with the golden file that the
// command line's import must match too (its TestImportSameAsWindow
// rewrites it with -update).
func TestImportSameAsCommandLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p.alama")
	p, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	var calls int
	sum := importFiles(p, []string{filepath.Join("..", "..", "testdata", "importset")}, app.ImportOptions{}, func(files, added int) { calls++ })
	if calls == 0 {
		t.Error("no progress reported")
	}
	var b strings.Builder
	fmt.Fprintf(&b, "added %d\nskipped %d\nnot imported:\n", sum.added, sum.skipped)
	for _, l := range sum.problems {
		fmt.Fprintf(&b, "  %s\n", l)
	}
	b.WriteString("documents:\n")
	for d, err := range p.All() {
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "  %d %q %q\n", d.ID, d.Title, d.Text)
		for _, s := range d.Spans {
			fmt.Fprintf(&b, "    %d-%d %s %s %q\n", s.Start, s.End, s.Label, s.Annotator, string([]rune(d.Text)[s.Start:s.End]))
		}
	}
	golden := filepath.Join("..", "..", "testdata", "importset.golden")
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if b.String() != string(want) {
		t.Errorf("the window imported\n%s\nthe command line (%s)\n%s", b.String(), golden, want)
	}
}
