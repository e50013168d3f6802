package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestStringIDsRoundTrip: document, span and relation ids come back out as
// they went in, strings as strings and numbers with the same digits (one
// past uint64 too); a span without an id gets one.
func TestStringIDsRoundTrip(t *testing.T) {
	isolate(t)
	dir := t.TempDir()
	in := filepath.Join("testdata", "string-ids.jsonl")
	first, second := filepath.Join(dir, "first.alama"), filepath.Join(dir, "second.alama")
	mustCLI(t, "import", "-project", first, in)
	out := mustCLI(t, "export", "-project", first, "-o", "-")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d records:\n%s", len(lines), out)
	}
	for _, want := range []string{
		`{"id":"afp-2024-001",`, `{"id":"T1","start":4,"end":10,`, `{"id":"c-9",`,
		`{"id":"R1","type":"CLAIMED_BY","from":"c-9","to":"T1",`,
	} {
		if !strings.Contains(lines[0], want) {
			t.Errorf("first record lacks %s:\n%s", want, lines[0])
		}
	}
	if !strings.HasPrefix(lines[1], `{"id":98765432109876543210,`) || !strings.Contains(lines[1], `{"id":7,"start":14`) {
		t.Errorf("second record:\n%s", lines[1])
	}
	if !strings.HasPrefix(lines[2], `{"id":42,`) || !strings.Contains(lines[2], `"spans":[{"id":`) {
		t.Errorf("third record:\n%s", lines[2])
	}
	// The export imports back and exports byte for byte the same.
	exported := filepath.Join(dir, "first.jsonl")
	if err := os.WriteFile(exported, []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
	mustCLI(t, "import", "-project", second, exported)
	if again := mustCLI(t, "export", "-project", second, "-o", "-"); again != out {
		t.Errorf("second export differs:\n%s\n%s", again, out)
	}
}
