package store

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"alama/annotate"
)

// holdEnv names the variable that turns the test binary into a process
// that holds a project open until its stdin closes.
const holdEnv = "ALAMA_STORE_TEST_HOLD"

func TestMain(m *testing.M) {
	if path := os.Getenv(holdEnv); path != "" {
		os.Exit(hold(path))
	}
	if arg := os.Getenv(crashEnv); arg != "" {
		os.Exit(crashChild(arg))
	}
	os.Exit(m.Run())
}

func hold(path string) int {
	p, err := Open(path, Options{})
	if err != nil {
		fmt.Println("error:", err)
		return 1
	}
	fmt.Println("ready")
	_, _ = io.Copy(io.Discard, os.Stdin)
	if err := p.Close(); err != nil {
		fmt.Println("error:", err)
		return 1
	}
	return 0
}

func TestSecondProcessGetsErrLocked(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shared.alama")
	p, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}

	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), holdEnv+"="+path)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	waited := false
	t.Cleanup(func() {
		if !waited {
			_ = stdin.Close()
			_ = cmd.Wait()
		}
	})
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || line != "ready\n" {
		t.Fatalf("holding process said %q, %v", line, err)
	}

	start := time.Now()
	_, err = Open(path, Options{Timeout: 300 * time.Millisecond})
	took := time.Since(start)
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("second Open: %v, want ErrLocked", err)
	}
	if want := "project " + path + " is open in another window: close it there first"; err.Error() != want {
		t.Errorf("message %q, want %q", err, want)
	}
	if took > 2*time.Second {
		t.Errorf("second Open took %v", took)
	}

	_ = stdin.Close()
	waited = true
	if err := cmd.Wait(); err != nil {
		t.Fatalf("holding process: %v", err)
	}
	p, err = Open(path, Options{})
	if err != nil {
		t.Fatalf("Open after the other process closed: %v", err)
	}
	_ = p.Close()
}

// setVersion writes a format version straight into a project file.
func setVersion(t *testing.T, path string, v uint64) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketMeta).Put(keyVersion, binary.BigEndian.AppendUint64(nil, v))
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestNewerVersionRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "future.alama")
	p := openTest(t, path)
	closeChecked(t, p)
	setVersion(t, path, FormatVersion+1)
	_, err := Open(path, Options{})
	if !errors.Is(err, ErrNewerVersion) {
		t.Fatalf("Open: %v, want ErrNewerVersion", err)
	}
	if !strings.Contains(err.Error(), path) {
		t.Errorf("message %q does not name the file", err)
	}
	// The refusal left the file alone: it still says the newer version.
	_, err = Open(path, Options{ReadOnly: true})
	if !errors.Is(err, ErrNewerVersion) {
		t.Errorf("second Open: %v", err)
	}
}

// projectBytes returns the bytes of a project file holding a few documents.
func projectBytes(t *testing.T) []byte {
	t.Helper()
	path := filepath.Join(t.TempDir(), "full.alama")
	p := openTest(t, path)
	for i := range 40 {
		d := sampleDoc()
		d.Text = fmt.Sprintf("%s\n%s\nرقم %d", sampleText, strings.Repeat("نصٌّ طويلٌ للتجربة. ", 40), i)
		if _, _, err := importDocument(p, d); err != nil {
			t.Fatal(err)
		}
	}
	closeChecked(t, p)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// The file may run past the last page in use; cut that off, so that
	// any shorter copy is missing data.
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var used int64
	_ = db.View(func(tx *bolt.Tx) error { used = tx.Size(); return nil })
	return b[:used]
}

func TestUnusableFilesGiveErrors(t *testing.T) {
	full := projectBytes(t)
	foreign := filepath.Join(t.TempDir(), "foreign.db")
	db, err := bolt.Open(foreign, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucket([]byte("other")); return err }); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	foreignBytes, err := os.ReadFile(foreign)
	if err != nil {
		t.Fatal(err)
	}
	garbled := append([]byte(nil), full...)
	for i := 4096 * 2; i < len(garbled); i++ {
		garbled[i] ^= 0x5a
	}
	tests := []struct {
		name string
		data []byte
		want []error // any of these
	}{
		{"empty (0 bytes)", []byte{}, []error{ErrDamaged}},
		{"text file", []byte("هذا ملفٌّ نصّيّ وليس مشروعًا.\n"), []error{ErrNotProject}},
		{"random bytes", []byte(strings.Repeat("\x00\xff\x13", 5000)), []error{ErrNotProject}},
		{"truncated to 100 bytes", full[:100], []error{ErrNotProject}},
		{"truncated to one page", full[:4096], []error{ErrNotProject}},
		{"truncated to half", full[:len(full)/2], []error{ErrDamaged}},
		{"truncated by a page", full[:len(full)-4096], []error{ErrDamaged}},
		{"pages garbled", garbled, []error{ErrDamaged, ErrNotProject}},
		{"another program's bbolt file", foreignBytes, []error{ErrNotProject}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "bad.alama")
			if err := os.WriteFile(path, tt.data, 0o600); err != nil {
				t.Fatal(err)
			}
			p, err := Open(path, Options{Timeout: 100 * time.Millisecond})
			if err == nil {
				// Some damage only shows when the data is read.
				_, err = p.Documents()
				if errs := p.Check(); err == nil && len(errs) > 0 {
					err = errs[0]
				}
				_ = p.Close()
			}
			if err == nil {
				t.Fatal("no error")
			}
			t.Log(err)
			found := false
			for _, w := range tt.want {
				found = found || errors.Is(err, w)
			}
			if !found {
				t.Errorf("error %v is none of %v", err, tt.want)
			}
			if !strings.Contains(err.Error(), path) && !errors.Is(err, ErrDamaged) {
				t.Errorf("message %q does not name the file", err)
			}
			if now, err := os.ReadFile(path); err != nil || !bytes.Equal(now, tt.data) {
				t.Errorf("the file changed (%v)", err)
			}
		})
	}
}

func TestFolderIsNotAProject(t *testing.T) {
	dir := t.TempDir()
	if _, err := Open(dir, Options{}); !errors.Is(err, ErrNotProject) {
		t.Errorf("Open(folder): %v", err)
	}
}

func TestReadOnly(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ro.alama")
	if _, err := Open(path, Options{ReadOnly: true}); err == nil {
		t.Fatal("read-only Open created a file")
	}
	p := openTest(t, path)
	importSample(t, p)
	closeChecked(t, p)
	a, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("second read-only Open: %v", err)
	}
	defer b.Close()
	if docs, err := b.Documents(); err != nil || len(docs) != 1 {
		t.Errorf("Documents: %v %v", docs, err)
	}
	if _, err := a.Apply(1, annotate.SetStatus{Status: annotate.StatusDone}); err == nil {
		t.Error("Apply on a read-only project succeeded")
	}
}

func TestMigrationMakesBackupFirst(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.alama")
	p := openTest(t, path)
	importSample(t, p)
	at := time.Date(2026, 11, 30, 10, 15, 0, 0, time.UTC)
	upgrade := []migration{{from: 1, run: func(tx *bolt.Tx) error {
		return tx.Bucket(bucketMeta).Put([]byte("upgraded"), []byte("yes"))
	}}}
	if err := migrate(p.db, path, 1, 2, upgrade, func() time.Time { return at }); err != nil {
		t.Fatal(err)
	}
	var version uint64
	var marked []byte
	_ = p.db.View(func(tx *bolt.Tx) error {
		version = binary.BigEndian.Uint64(tx.Bucket(bucketMeta).Get(keyVersion))
		marked = append(marked, tx.Bucket(bucketMeta).Get([]byte("upgraded"))...)
		return nil
	})
	if version != 2 || string(marked) != "yes" {
		t.Errorf("after migration: version %d, mark %q", version, marked)
	}

	bak := filepath.Join(BackupDir(path), "20261130T101500Z-v1-upgrade.alama")
	b, err := Open(bak, Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("open backup: %v", err)
	}
	defer b.Close()
	docs, err := b.Documents()
	if err != nil || len(docs) != 1 {
		t.Errorf("backup documents %v, %v", docs, err)
	}
	if errs := b.Check(); len(errs) > 0 {
		t.Errorf("backup Check: %v", errs)
	}

	// A second backup in the same second gets its own name.
	name, err := backup(p.db, path, 1, at)
	if err != nil || name != strings.TrimSuffix(bak, ".alama")+"+2.alama" {
		t.Errorf("second backup %q, %v", name, err)
	}
	if err := migrate(p.db, path, 2, 3, upgrade, func() time.Time { return at }); err == nil {
		t.Error("migration with no step for its version succeeded")
	}
	// Put this build's version back, so the cleanup's Check agrees.
	err = p.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketMeta).Put(keyVersion, binary.BigEndian.AppendUint64(nil, FormatVersion))
	})
	if err != nil {
		t.Fatal(err)
	}
}
