package cli

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"alama/store"
)

func TestRestoreCommand(t *testing.T) {
	isolate(t)
	project := filepath.Join(t.TempDir(), "p.alama")
	day := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	clockAt := func(d time.Duration) func() time.Time { return func() time.Time { return day.Add(d) } }
	run := func(d time.Duration, args ...string) string {
		t.Helper()
		code, out, errOut := cliClock(t, clockAt(d), args...)
		if code != 0 {
			t.Fatalf("alama %s: exit %d\n%s", strings.Join(args, " "), code, errOut)
		}
		return out
	}
	run(0, "import", "-project", project, filepath.Join("testdata", "annotated.jsonl"))
	if out := run(0, "restore", "-project", project); !strings.Contains(out, "has no backups") {
		t.Errorf("restore -list of a new project: %q", out)
	}
	// A command that only reads makes no backup; the day's first one that
	// writes makes it, of the project as it found it.
	first := run(24*time.Hour, "list", "-project", project)
	run(24*time.Hour+time.Minute, "import", "-project", project, filepath.Join("testdata", "articles"))
	changed := run(24*time.Hour+2*time.Minute, "list", "-project", project)
	if changed == first {
		t.Fatal("the second import changed nothing")
	}

	list := run(25*time.Hour, "restore", "-list", "-project", project)
	backup := filepath.Join(store.BackupDir(project), "20261201T090100Z.alama")
	if !strings.Contains(list, "1  2026-12-01 09:01:00  daily") || !strings.Contains(list, backup) {
		t.Errorf("restore -list:\n%s", list)
	}
	out := run(26*time.Hour, "restore", "-project", project, "1")
	saved := filepath.Join(store.BackupDir(project), "20261201T110000Z-restore.alama")
	if !strings.Contains(out, "restored "+project+" from "+backup) || !strings.Contains(out, saved) {
		t.Errorf("restore said:\n%s", out)
	}
	if got := run(26*time.Hour, "list", "-project", project); got != first {
		t.Errorf("after restore:\n%s\nwant\n%s", got, first)
	}
	// The replaced state is listed and can be put back by name.
	run(27*time.Hour, "restore", "-project", project, filepath.Base(saved))
	if got := run(27*time.Hour, "list", "-project", project); got != changed {
		t.Errorf("after restoring the saved state:\n%s\nwant\n%s", got, changed)
	}
	for _, arg := range []string{"9", "no-such-backup.alama"} {
		code, _, errOut := cliClock(t, clockAt(28*time.Hour), "restore", "-project", project, arg)
		if code != 1 || !strings.Contains(errOut, "restore -list") {
			t.Errorf("restore %s: exit %d\n%s", arg, code, errOut)
		}
	}
}
