package cli

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestExportOtherFormats(t *testing.T) {
	project := loaded(t)
	dir := t.TempDir()
	tests := []struct {
		name  string
		args  []string
		check func(t *testing.T, stdout string)
	}{
		{"conll to standard output", []string{"-format", "conll"}, func(t *testing.T, out string) {
			if !strings.Contains(out, "B-ACTOR") {
				t.Errorf("no B-ACTOR tag in\n%s", out)
			}
		}},
		{"brat folder", []string{"-format", "brat", "-o", filepath.Join(dir, "brat")}, func(t *testing.T, _ string) {
			anns, _ := filepath.Glob(filepath.Join(dir, "brat", "*.ann"))
			if len(anns) != 5 || !exists(filepath.Join(dir, "brat", "annotation.conf")) {
				t.Errorf("brat folder holds %v", anns)
			}
		}},
		{"split jsonl", []string{"-split", "60/20/20", "-o", filepath.Join(dir, "corpus.jsonl")}, func(t *testing.T, _ string) {
			for _, part := range []string{"train", "dev", "test"} {
				if !exists(filepath.Join(dir, "corpus."+part+".jsonl")) {
					t.Errorf("no %s part", part)
				}
			}
		}},
		{"only done documents", []string{"-status", "done"}, func(t *testing.T, out string) {
			if n := strings.Count(out, "\n"); n != 1 {
				t.Errorf("%d documents written, want 1", n)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := cli(t, append([]string{"export", "-project", project}, tt.args...)...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			if !strings.Contains(errOut, "exported ") {
				t.Errorf("no report on stderr: %q", errOut)
			}
			tt.check(t, out)
		})
	}
	if code, _, errOut := cli(t, "export", "-project", project, "-status", "finished"); code != 1 || !strings.Contains(errOut, `"finished"`) {
		t.Errorf("bad -status: exit %d, %q", code, errOut)
	}
}

// TestWebAnnoFolderRoundTrip exports WebAnno TSV and imports the folder
// into a new project: the spans and relations come back.
func TestWebAnnoFolderRoundTrip(t *testing.T) {
	isolate(t)
	dir := t.TempDir()
	a, b, out := filepath.Join(dir, "a.alama"), filepath.Join(dir, "b.alama"), filepath.Join(dir, "tsv")
	mustCLI(t, "import", "-project", a, filepath.Join("testdata", "annotated.jsonl"))
	mustCLI(t, "export", "-project", a, "-format", "webanno", "-o", out)
	mustCLI(t, "import", "-project", b, out)
	count := func(p string) string {
		var sums []string
		for _, line := range strings.Split(mustCLI(t, "list", "-project", p), "\n")[1:] {
			if f := strings.Fields(line); len(f) >= 5 {
				sums = append(sums, f[3]+"/"+f[4])
			}
		}
		return strings.Join(sums, " ")
	}
	if got, want := count(b), count(a); got != want || want == "" {
		t.Errorf("spans/relations per document after the round trip: %s, want %s", got, want)
	}
}
