package store

import (
	"bufio"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"

	"alama/annotate"
)

// mappedKB returns how many kilobytes of the file at path this process
// has resident through its mappings, from /proc/self/smaps.
func mappedKB(t *testing.T, path string) int {
	t.Helper()
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Skipf("no smaps: %v", err)
	}
	defer f.Close()
	kb, in := 0, false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		switch {
		case len(fields) >= 5 && strings.Contains(fields[0], "-") && len(fields[1]) == 4:
			in = len(fields) == 6 && fields[5] == path
		case in && fields[0] == "Rss:":
			n, err := strconv.Atoi(fields[1])
			if err != nil {
				t.Fatalf("smaps: %q", sc.Text())
			}
			kb += n
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return kb
}

// TestSweepsReleaseMappedPages reads through a project of some megabytes
// in each way that sweeps the file and checks that none of it stays
// resident in the process afterwards, while a plain read keeps its pages.
func TestSweepsReleaseMappedPages(t *testing.T) {
	p := openTest(t, "")
	r := rand.New(rand.NewPCG(7, 7))
	docs := make([]*annotate.Document, 400)
	for i := range docs {
		docs[i] = &annotate.Document{Title: "نشرة " + strconv.Itoa(i), Text: article(r, 600)}
	}
	if _, err := p.Import(docs); err != nil {
		t.Fatal(err)
	}
	read := func() {
		for _, err := range p.All() {
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	read()
	if kb := mappedKB(t, p.Path()); kb != 0 {
		t.Errorf("after reading every document: %d KB of the file resident, want 0", kb)
	}
	if _, err := p.Document(200); err != nil {
		t.Fatal(err)
	}
	if kb := mappedKB(t, p.Path()); kb == 0 {
		t.Fatal("reading one document left nothing resident: the measure sees no mapping")
	}
	sweeps := []struct {
		name string
		fn   func() error
	}{
		{"documents", func() error { _, err := p.Documents(); return err }},
		{"stats", func() error { _, err := p.Stats(); return err }},
		{"all", func() error { read(); return nil }},
	}
	for i, s := range sweeps {
		t.Run(s.name, func(t *testing.T) {
			if _, err := p.Document(uint64(100 + i)); err != nil {
				t.Fatal(err)
			}
			if err := s.fn(); err != nil {
				t.Fatal(err)
			}
			if kb := mappedKB(t, p.Path()); kb != 0 {
				t.Errorf("%d KB of the file resident after the sweep, want 0", kb)
			}
		})
	}
}
