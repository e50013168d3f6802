package cli

import (
	"bytes"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"alama/assets"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// cli runs the command line with args and returns the exit status and
// what it wrote. The default project lives in a temporary folder.
func cli(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	return cliClock(t, time.Now, args...)
}

func cliClock(t *testing.T, now func() time.Time, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(&env{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut, now: now}, args)
	return code, out.String(), errOut.String()
}

// isolate points the default project at a fresh temporary folder.
func isolate(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	t.Setenv("XDG_DATA_HOME", dir)
	t.Setenv("HOME", dir)
	return dir
}

// mustCLI runs the command line and fails the test unless it succeeds.
func mustCLI(t *testing.T, args ...string) string {
	t.Helper()
	code, out, errOut := cli(t, args...)
	if code != 0 {
		t.Fatalf("alama %s: exit %d\n%s", strings.Join(args, " "), code, errOut)
	}
	return out
}

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("%s differs:\n got %s\nwant %s", name, got, want)
	}
}

// loaded returns a project holding the annotated fixture and the articles.
func loaded(t *testing.T) string {
	t.Helper()
	isolate(t)
	project := filepath.Join(t.TempDir(), "p.alama")
	mustCLI(t, "import", "-project", project, filepath.Join("testdata", "annotated.jsonl"), filepath.Join("testdata", "articles"))
	return project
}

func TestDefaultProjectIsSeededOnce(t *testing.T) {
	dir := isolate(t)
	samples, err := fs.Glob(assets.Samples, "samples/*.txt")
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		out := mustCLI(t, "list", "-json")
		if n := strings.Count(out, "\n"); n != len(samples) {
			t.Errorf("default project has %d documents, want the %d samples", n, len(samples))
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "alama", "default.alama")); err != nil {
		t.Errorf("default project not where expected: %v", err)
	}
}

func TestCommandLineUsage(t *testing.T) {
	tests := []struct {
		args []string
		code int
		want string // in stdout or stderr
	}{
		{[]string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{[]string{"help"}, 0, "import [-project FILE]"},
		{[]string{"-h"}, 0, "usage: alama"},
		{[]string{"import"}, 2, "usage: alama import"},
		{[]string{"list", "-h"}, 0, "-json"},
		{[]string{"list", "-bogus"}, 2, "flag provided but not defined"},
		{[]string{"export", "-format", "docx"}, 1, `unknown format "docx"`},
		{[]string{"export", "-project", "missing.alama"}, 1, "missing.alama does not exist"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			isolate(t)
			code, out, errOut := cli(t, tt.args...)
			if code != tt.code || !strings.Contains(out+errOut, tt.want) {
				t.Errorf("exit %d, want %d; output %q, want %q in it", code, tt.code, out+errOut, tt.want)
			}
		})
	}
}

func TestProgressEverySecond(t *testing.T) {
	isolate(t)
	project := filepath.Join(t.TempDir(), "p.alama")
	t0 := time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)
	now := t0
	clock := func() time.Time {
		now = now.Add(700 * time.Millisecond)
		return now
	}
	code, _, errOut := cliClock(t, clock, "import", "-project", project, filepath.Join("testdata", "articles"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(errOut, "imported 2/3 files\n") || strings.Contains(errOut, "imported 1/3") {
		t.Errorf("progress %q", errOut)
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 7: "7", 999: "999", 1000: "1,000", 4210: "4,210", 10000: "10,000", 1234567: "1,234,567", -1500: "-1,500"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
	for n, want := range map[int]string{0: "0 files", 1: "1 file", 2: "2 files", 4210: "4,210 files"} {
		if got := counted(n, "file"); got != want {
			t.Errorf("counted(%d) = %q, want %q", n, got, want)
		}
	}
}

// TestQuietUnderCLocale runs a command in a process whose locale is
// C.UTF-8, which Fyne cannot parse by itself, and expects nothing on
// stderr.
func TestQuietUnderCLocale(t *testing.T) {
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANGUAGE"} {
		t.Setenv(name, "")
	}
	t.Setenv("LANG", "C.UTF-8")
	code, _, stderr := cliProcess(t, "help")
	if code != 0 || stderr != "" {
		t.Errorf("help under LANG=C.UTF-8: exit %d, stderr %q", code, stderr)
	}
}

func exists(name string) bool {
	_, err := os.Stat(name)
	return err == nil
}
