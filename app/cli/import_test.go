package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"alama/store"
)

// importSet is the folder the window's import and the command line's
// must take in alike; importSetGolden holds what both must make of it.
var (
	importSet       = filepath.Join("..", "..", "testdata", "importset")
	importSetGolden = filepath.Join("..", "..", "testdata", "importset.golden")
)

// TestImportSameAsWindow imports the shared folder (nested folders, a
// UTF-16 article, a duplicate, broken files) with the import command and
// compares the documents and the report with the window's, kept in
// importSetGolden by the window's test of the same name.
func TestImportSameAsWindow(t *testing.T) {
	isolate(t)
	project := filepath.Join(t.TempDir(), "p.alama")
	code, out, errOut := cli(t, "import", "-project", project, importSet)
	if code != 1 {
		t.Errorf("exit %d, want 1 for the broken files", code)
	}
	m := regexp.MustCompile(`^imported ([\d,]+) documents? from [\d,]+ files? into [^;\n]*(?:; ([\d,]+) already there, skipped)?\n$`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("stdout %q", out)
	}
	skipped := m[2]
	if skipped == "" {
		skipped = "0"
	}
	var problems []string
	for _, line := range strings.Split(strings.TrimSuffix(errOut, "\n"), "\n") {
		if !strings.Contains(line, ": skipped: ") && !strings.HasPrefix(line, "alama import: ") {
			problems = append(problems, line)
		}
	}
	p, err := store.Open(project, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	var b strings.Builder
	fmt.Fprintf(&b, "added %s\nskipped %s\nnot imported:\n", m[1], skipped)
	for _, l := range problems {
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
	if *update {
		if err := os.WriteFile(importSetGolden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(importSetGolden)
	if err != nil {
		t.Fatal(err)
	}
	if b.String() != string(want) {
		t.Errorf("the command line imported\n%s\nthe window (%s)\n%s", b.String(), importSetGolden, want)
	}
}
