package store

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"alama/annotate"
)

// at returns a clock stopped at t.
func at(t time.Time) func() time.Time { return func() time.Time { return t } }

// openAt opens path with the clock stopped at now and closes it after the
// checks.
func openAt(t *testing.T, path string, now time.Time, keep int) *Project {
	t.Helper()
	p, err := Open(path, Options{Now: at(now), KeepBackups: keep})
	if err != nil {
		t.Fatal(err)
	}
	if err := p.BackupErr(); err != nil {
		t.Fatalf("BackupErr: %v", err)
	}
	return p
}

func backupNames(t *testing.T, path string) []string {
	t.Helper()
	list, err := Backups(path)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, b := range list {
		names = append(names, filepath.Base(b.Path))
	}
	return names
}

func TestDailyBackups(t *testing.T) {
	path := filepath.Join(t.TempDir(), "daily.alama")
	day := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	p := openAt(t, path, day, 3)
	importSample(t, p)
	closeChecked(t, p)
	if names := backupNames(t, path); len(names) != 0 {
		t.Fatalf("a new project has backups %v", names)
	}

	steps := []struct {
		when time.Time
		want []string
	}{
		{day.Add(time.Hour), []string{"20261130T100000Z.alama"}},
		// Later the same day: no second backup.
		{day.Add(14 * time.Hour), []string{"20261130T100000Z.alama"}},
		{day.Add(25 * time.Hour), []string{"20261201T100000Z.alama", "20261130T100000Z.alama"}},
		{day.Add(49 * time.Hour), []string{"20261202T100000Z.alama", "20261201T100000Z.alama", "20261130T100000Z.alama"}},
		// The fourth day drops the oldest of three.
		{day.Add(73 * time.Hour), []string{"20261203T100000Z.alama", "20261202T100000Z.alama", "20261201T100000Z.alama"}},
	}
	for _, s := range steps {
		p := openAt(t, path, s.when, 3)
		closeChecked(t, p)
		got := backupNames(t, path)
		if len(got) != len(s.want) {
			t.Fatalf("at %v: backups %v, want %v", s.when, got, s.want)
		}
		for i := range got {
			if got[i] != s.want[i] {
				t.Fatalf("at %v: backups %v, want %v", s.when, got, s.want)
			}
		}
	}

	// A backup is a whole project, as it was when it was made.
	list, err := Backups(path)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Open(list[0].Path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	docs, err := b.Documents()
	if err != nil || len(docs) != 1 || docs[0].Spans != len(sampleDoc().Spans) {
		t.Errorf("backup holds %+v, %v", docs, err)
	}
	if errs := b.Check(); len(errs) > 0 {
		t.Errorf("backup Check: %v", errs)
	}
	if list[0].Kind != BackupDaily || !list[0].Time.Equal(day.Add(73*time.Hour)) || list[0].Size == 0 {
		t.Errorf("backup %+v", list[0])
	}
}

func TestBackupsOffAndReadOnly(t *testing.T) {
	path := filepath.Join(t.TempDir(), "off.alama")
	day := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	closeChecked(t, openAt(t, path, day, 0))
	closeChecked(t, openAt(t, path, day.Add(24*time.Hour), -1))
	ro, err := Open(path, Options{ReadOnly: true, Now: at(day.Add(48 * time.Hour))})
	if err != nil {
		t.Fatal(err)
	}
	_ = ro.Close()
	if names := backupNames(t, path); len(names) != 0 {
		t.Errorf("backups %v with backups off and read-only", names)
	}
}

func TestBackupFailureDoesNotStopOpen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "blocked.alama")
	closeChecked(t, openTest(t, path))
	// A file where the backup folder should be.
	if err := os.WriteFile(BackupDir(path), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	p, err := Open(path, Options{})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer closeChecked(t, p)
	if p.BackupErr() == nil {
		t.Error("no BackupErr")
	}
}

func TestParseBackupName(t *testing.T) {
	when := time.Date(2026, 11, 30, 10, 15, 0, 0, time.UTC)
	tests := []struct {
		name string
		kind string
		ok   bool
	}{
		{"20261130T101500Z.alama", BackupDaily, true},
		{"20261130T101500Z+2.alama", BackupDaily, true},
		{"20261130T101500Z-restore.alama", BackupRestore, true},
		{"20261130T101500Z-v1-upgrade.alama", BackupUpgrade, true},
		{"20261130T101500Z-v1-upgrade+3.alama", BackupUpgrade, true},
		{"20261130T101500Z.alama.tmp", "", false},
		{"20261130T101500Z-other.alama", "", false},
		{"notes.txt", "", false},
		{"2026-11-30.alama", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kind, got, ok := parseBackupName(tt.name)
			if ok != tt.ok || kind != tt.kind || ok && !got.Equal(when) {
				t.Errorf("parse %q: %q %v %v", tt.name, kind, got, ok)
			}
		})
	}
	for _, kind := range []string{BackupDaily, BackupRestore, BackupUpgrade} {
		k, got, ok := parseBackupName(backupName(kind, when, 1))
		if !ok || k != kind || !got.Equal(when) {
			t.Errorf("%s name does not parse back: %q %v %v", kind, k, got, ok)
		}
	}
}

func TestRestore(t *testing.T) {
	path := filepath.Join(t.TempDir(), "restore.alama")
	day := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	p := openAt(t, path, day, 0)
	id := importSample(t, p)
	closeChecked(t, p)
	p = openAt(t, path, day.Add(24*time.Hour), 0) // makes the backup
	before, err := p.Document(id)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Apply(id, annotate.DeleteSpan{ID: 1}); err != nil {
		t.Fatal(err)
	}
	after, err := p.Document(id)
	if err != nil {
		t.Fatal(err)
	}
	list, err := Backups(path)
	if err != nil || len(list) != 1 {
		t.Fatalf("backups %v, %v", list, err)
	}

	// Not while the project is open.
	if _, err := Restore(path, list[0].Path, Options{Timeout: 100 * time.Millisecond}); !errors.Is(err, ErrLocked) {
		t.Fatalf("Restore of an open project: %v, want ErrLocked", err)
	}
	closeChecked(t, p)

	restoredAt := day.Add(30 * time.Hour)
	saved, err := Restore(path, list[0].Path, Options{Now: at(restoredAt)})
	if err != nil {
		t.Fatal(err)
	}
	if saved.Kind != BackupRestore || !saved.Time.Equal(restoredAt) {
		t.Errorf("saved %+v", saved)
	}
	p = openAt(t, path, restoredAt, -1)
	got, err := p.Document(id)
	if err != nil {
		t.Fatal(err)
	}
	sameDoc(t, "restored document", got, before)
	closeChecked(t, p)

	// The state replaced is kept and can be restored in turn.
	if _, err := Restore(path, saved.Path, Options{Now: at(restoredAt.Add(time.Minute))}); err != nil {
		t.Fatal(err)
	}
	p = openAt(t, path, restoredAt, -1)
	got, err = p.Document(id)
	if err != nil {
		t.Fatal(err)
	}
	sameDoc(t, "document after restoring the saved state", got, after)
	closeChecked(t, p)
}

func TestRestoreRefusesABadBackup(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "good.alama")
	p := openTest(t, path)
	importSample(t, p)
	closeChecked(t, p)
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "bad.alama")
	if err := os.WriteFile(bad, []byte("هذا ليس مشروعًا\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, from := range []string{bad, filepath.Join(dir, "missing.alama")} {
		if _, err := Restore(path, from, Options{}); err == nil {
			t.Errorf("Restore from %s succeeded", from)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil || !bytes.Equal(got, want) {
		t.Errorf("the project changed after a refused restore (%v)", err)
	}
}

func TestRestoreOverADamagedProject(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.alama")
	p := openTest(t, good)
	importSample(t, p)
	closeChecked(t, p)
	path := filepath.Join(dir, "damaged.alama")
	damaged := []byte("not a database at all")
	if err := os.WriteFile(path, damaged, 0o600); err != nil {
		t.Fatal(err)
	}
	saved, err := Restore(path, good, Options{})
	if err != nil {
		t.Fatal(err)
	}
	kept, err := os.ReadFile(saved.Path)
	if err != nil || !bytes.Equal(kept, damaged) {
		t.Errorf("the damaged file was not kept as it was: %q, %v", kept, err)
	}
	p = openTest(t, path)
	if docs, err := p.Documents(); err != nil || len(docs) != 1 {
		t.Errorf("restored project: %v, %v", docs, err)
	}
}

func TestStaleBackupTempFilesRemoved(t *testing.T) {
	path := filepath.Join(t.TempDir(), "stale.alama")
	day := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	closeChecked(t, openAt(t, path, day, 0))
	// What a process killed in the middle of a backup leaves.
	if err := os.MkdirAll(BackupDir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	stale := filepath.Join(BackupDir(path), "20261130T090000Z.alama.tmp")
	if err := os.WriteFile(stale, []byte("half a copy"), 0o600); err != nil {
		t.Fatal(err)
	}
	p := openAt(t, path, day.Add(time.Hour), 0)
	closeChecked(t, p)
	if _, err := os.Stat(stale); err == nil {
		t.Error("the stale temporary file is still there")
	}
	if names := backupNames(t, path); len(names) != 1 || names[0] != "20261130T100000Z.alama" {
		t.Errorf("backups %v", names)
	}
}

func TestManualBackup(t *testing.T) {
	path := filepath.Join(t.TempDir(), "manual.alama")
	p := openTest(t, path)
	importSample(t, p)
	b, err := p.Backup()
	if err != nil {
		t.Fatal(err)
	}
	if b.Kind != BackupDaily || filepath.Dir(b.Path) != BackupDir(path) || b.Size == 0 {
		t.Errorf("backup %+v", b)
	}
	c, err := Open(b.Path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if docs, err := c.Documents(); err != nil || len(docs) != 1 {
		t.Errorf("backup holds %v, %v", docs, err)
	}
}

// FuzzParseBackupName checks that no file name makes parseBackupName
// panic, and that every name it accepts is one backupName makes.
func FuzzParseBackupName(f *testing.F) {
	for _, s := range []string{"20261130T101500Z.alama", "20261130T101500Z+2.alama", "20261130T101500Z-restore.alama",
		"20261130T101500Z-v1-upgrade.alama", "x.alama", "", "20261130T101500Z-v-upgrade.alama"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		kind, at, ok := parseBackupName(name)
		if !ok {
			return
		}
		k, at2, ok := parseBackupName(backupName(kind, at, 1))
		if !ok || k != kind || !at2.Equal(at) {
			t.Fatalf("%q: %s %v does not survive a new name", name, kind, at)
		}
	})
}
