package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"alama/store"
)

func TestPreannotateCommand(t *testing.T) {
	project, id := searchProject(t)
	dir := t.TempDir()
	places := filepath.Join(dir, "places.txt")
	if err := os.WriteFile(places, []byte("# places\nبيروت\nالقدس\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC)
	code, out, errOut := cliClock(t, func() time.Time { return now }, "preannotate", "-project", project, "-gazetteer", places, "-label", "LOCATION")
	if code != 0 {
		t.Fatalf("preannotate: exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "added 2 suggestions to 1 document") {
		t.Errorf("preannotate output:\n%s", out)
	}
	// A second run finds every place covered.
	if out := mustCLI(t, "preannotate", "-project", project, "-gazetteer", places, "-label", "LOCATION", "-doc", "1"); !strings.Contains(out, "added 0 suggestions") {
		t.Errorf("second run:\n%s", out)
	}

	p, err := store.Open(project, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	d, err := p.Document(id)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range d.Spans {
		if !s.Suggested || s.Annotator != "gazetteer" || s.Label != "LOCATION" || !s.Created.Equal(now) {
			t.Errorf("span %+v is not a gazetteer suggestion", s)
		}
		got = append(got, d.SpanText(s))
	}
	if strings.Join(got, " ") != "بيروت لقدس" {
		t.Errorf("suggested %q", got)
	}
	d, ok, err := p.Undo(id)
	if err != nil || !ok || len(d.Spans) != 0 {
		t.Errorf("one undo left %d spans (ok %v, err %v)", len(d.Spans), ok, err)
	}
}

func TestPreannotateBadInput(t *testing.T) {
	project, _ := searchProject(t)
	dir := t.TempDir()
	tests := []struct {
		name, file, content, want string
		args                      []string
	}{
		{"malformed csv", "g.csv", "بيروت,LOCATION\nالقدس,LOCATION,extra\n", "g.csv:2: 3 fields", nil},
		{"unknown label", "g.csv", "بيروت,LOCATION\nأحمد,NOBODY\n", `g.csv:2: label "NOBODY" is not in the schema`, nil},
		{"no label", "g.txt", "بيروت\n", `g.txt:1: term "بيروت" has no label`, nil},
		{"invalid utf-8", "g.txt", "بيروت\n\xff\n", "g.txt:2: invalid UTF-8", []string{"-label", "LOCATION"}},
		{"bad doc id", "g.txt", "بيروت\n", `-doc "x": not a document id`, []string{"-label", "LOCATION", "-doc", "x"}},
		{"missing doc", "g.txt", "بيروت\n", "not found", []string{"-label", "LOCATION", "-doc", "99"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, tc.file)
			if err := os.WriteFile(path, []byte(tc.content), 0o644); err != nil {
				t.Fatal(err)
			}
			args := append([]string{"preannotate", "-project", project, "-gazetteer", path}, tc.args...)
			code, _, errOut := cli(t, args...)
			if code != 1 || !strings.Contains(errOut, tc.want) {
				t.Errorf("exit %d, stderr %q, want 1 and %q", code, errOut, tc.want)
			}
			if out := mustCLI(t, "stats", "-project", project, "-json"); !strings.Contains(out, `"spans": 0`) {
				t.Errorf("project changed:\n%s", out)
			}
		})
	}
	if code, _, _ := cli(t, "preannotate", "-project", project); code != 2 {
		t.Errorf("preannotate without -gazetteer: exit %d, want 2", code)
	}
}
