package cli

import (
	"bytes"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"alama/annotate"
	"alama/assets"
)

// TestGUICommand opens the window through the window opener main passes
// in: with no command on the default project, seeded, reopening the last
// one; with gui -project on that project and the annotator given.
func TestGUICommand(t *testing.T) {
	isolate(t)
	explicit := filepath.Join(t.TempDir(), "p.alama")
	samples, err := fs.Glob(assets.Samples, "samples/*.txt")
	if err != nil || len(samples) == 0 {
		t.Fatalf("samples: %v %v", samples, err)
	}
	tests := []struct {
		name      string
		args      []string
		path      string // "" for the default project
		annotator string
		byDefault bool
		docs      int
	}{
		{"no command", nil, "", "", true, len(samples)},
		{"only a flag", []string{"-annotator", "amal"}, "", "amal", true, len(samples)},
		{"gui -project", []string{"gui", "-project", explicit, "-annotator", "omar"}, explicit, "omar", false, len(samples)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var opened bool
			window := func(p annotate.Project, path, annotator string, byDefault bool) error {
				opened = true
				defer p.Close()
				if tt.path != "" && path != tt.path {
					t.Errorf("path %s, want %s", path, tt.path)
				}
				if annotator != tt.annotator || byDefault != tt.byDefault {
					t.Errorf("annotator %q, by default %v", annotator, byDefault)
				}
				if docs, err := p.Documents(); err != nil || len(docs) != tt.docs {
					t.Errorf("%d documents, %v", len(docs), err)
				}
				return nil
			}
			var out, errOut bytes.Buffer
			code := run(&env{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut, now: time.Now, window: window}, tt.args)
			if code != 0 || !opened {
				t.Errorf("exit %d, window opened %v\n%s", code, opened, errOut.String())
			}
		})
	}
	// Without a window opener the command fails before any project is made.
	dir := t.TempDir()
	code, _, errOut := cli(t, "gui", "-project", filepath.Join(dir, "new.alama"))
	if code != 1 || !strings.Contains(errOut, "no window") || exists(filepath.Join(dir, "new.alama")) {
		t.Errorf("exit %d: %s", code, errOut)
	}
}
