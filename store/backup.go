package store

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// DefaultKeepBackups is how many daily backups Open keeps when
// Options.KeepBackups is zero.
const DefaultKeepBackups = 7

// Kinds of backup.
const (
	// BackupDaily is the copy Open makes at most once a day.
	BackupDaily = "daily"
	// BackupUpgrade is the copy made before a format upgrade; it holds
	// the older format and is never removed automatically.
	BackupUpgrade = "upgrade"
	// BackupRestore is the copy Restore makes of the project it replaces.
	BackupRestore = "restore"
)

// backupStamp is the time format of backup names, always UTC.
const backupStamp = "20060102T150405Z"

// Backup is one backup copy of a project.
type Backup struct {
	Path string
	Kind string    // BackupDaily, BackupUpgrade or BackupRestore
	Time time.Time // when it was made, UTC
	Size int64     // bytes
}

// BackupDir returns the folder that holds the backups of the project file
// at path: NAME.alama.backups beside it.
func BackupDir(path string) string { return path + ".backups" }

// backupName returns the file name of a backup: TIME.alama for a daily
// backup, TIME-KIND.alama otherwise, or TIME-vN-upgrade.alama for the
// copy of format version N made before an upgrade.
func backupName(kind string, at time.Time, version int) string {
	stamp := at.UTC().Format(backupStamp)
	switch kind {
	case BackupDaily:
		return stamp + ".alama"
	case BackupUpgrade:
		return fmt.Sprintf("%s-v%d-%s.alama", stamp, version, kind)
	}
	return stamp + "-" + kind + ".alama"
}

// parseBackupName reads the kind and time of a backup file name; ok is
// false for any other file.
func parseBackupName(name string) (kind string, at time.Time, ok bool) {
	base, found := strings.CutSuffix(name, ".alama")
	if !found || len(base) < len(backupStamp) {
		return "", time.Time{}, false
	}
	at, err := time.Parse(backupStamp, base[:len(backupStamp)])
	if err != nil {
		return "", time.Time{}, false
	}
	rest := base[len(backupStamp):]
	// A second backup of the same second carries a counter: "+2".
	if i := strings.LastIndexByte(rest, '+'); i >= 0 {
		rest = rest[:i]
	}
	switch {
	case rest == "":
		return BackupDaily, at, true
	case rest == "-"+BackupRestore:
		return BackupRestore, at, true
	case strings.HasPrefix(rest, "-v") && strings.HasSuffix(rest, "-"+BackupUpgrade):
		return BackupUpgrade, at, true
	}
	return "", time.Time{}, false
}

// Backups lists the backups of the project file at path, newest first.
// A project without backups has none and no error.
func Backups(path string) ([]Backup, error) {
	dir := BackupDir(path)
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("list backups: %w", err)
	}
	var out []Backup
	for _, e := range entries {
		kind, at, ok := parseBackupName(e.Name())
		if !ok || !e.Type().IsRegular() {
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue // removed meanwhile
		}
		out = append(out, Backup{Path: filepath.Join(dir, e.Name()), Kind: kind, Time: at, Size: info.Size()})
	}
	slices.SortFunc(out, func(a, b Backup) int {
		if c := b.Time.Compare(a.Time); c != 0 {
			return c
		}
		return strings.Compare(b.Path, a.Path)
	})
	return out, nil
}

// writeBackup writes a consistent copy of db into the backup folder of
// path under the name backupName gives, through a temporary file so that
// a crash never leaves half a backup under a backup's name.
func writeBackup(db *bolt.DB, path, kind string, at time.Time, version int) (Backup, error) {
	return writeBackupOf(func(tmp string) error {
		return db.View(func(tx *bolt.Tx) error { return tx.CopyFile(tmp, 0o600) })
	}, path, kind, at, version)
}

// writeBackupOf is writeBackup with the copy made by copyTo.
func writeBackupOf(copyTo func(tmp string) error, path, kind string, at time.Time, version int) (Backup, error) {
	dir := BackupDir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return Backup{}, fmt.Errorf("back up project %s: %w", path, err)
	}
	name := filepath.Join(dir, backupName(kind, at, version))
	base := strings.TrimSuffix(name, ".alama")
	for i := 2; ; i++ {
		if _, err := os.Lstat(name); errors.Is(err, fs.ErrNotExist) {
			break
		}
		name = fmt.Sprintf("%s+%d.alama", base, i)
	}
	tmp := name + ".tmp"
	err := copyTo(tmp)
	if err == nil {
		err = syncFile(tmp)
	}
	if err == nil {
		err = os.Rename(tmp, name)
	}
	if err != nil {
		_ = os.Remove(tmp)
		return Backup{}, fmt.Errorf("back up project %s: %w", path, err)
	}
	info, err := os.Stat(name)
	if err != nil {
		return Backup{}, fmt.Errorf("back up project %s: %w", path, err)
	}
	return Backup{Path: name, Kind: kind, Time: at.UTC().Truncate(time.Second), Size: info.Size()}, nil
}

// syncFile flushes a file's data to disk.
func syncFile(name string) error {
	f, err := os.OpenFile(name, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// Backup writes a consistent copy of the project into its backup folder
// now and returns it. Edits may go on while it is written.
func (p *Project) Backup() (Backup, error) {
	p.mu.Lock()
	now := p.now()
	p.mu.Unlock()
	return writeBackup(p.db, p.path, BackupDaily, now, 0)
}

// startDailyBackup runs dailyBackup in the background: on a large
// project the copy takes a second or more, and bbolt lets edits go on
// while a read transaction copies the file. Close and BackupErr wait for
// it.
func (p *Project) startDailyBackup(keep int) {
	now := p.now() // the clock is read here: it need not be safe for concurrent use
	p.backupDone = make(chan struct{})
	// The copy's read transaction begins now, so the backup holds the
	// project as Open found it, whatever the caller writes meanwhile.
	var tx *bolt.Tx
	due, err := p.backupDue(now)
	if err != nil {
		err = fmt.Errorf("back up project %s: %w", p.path, err)
	}
	if err == nil && due {
		tx, err = p.db.Begin(false)
	}
	go func() {
		defer close(p.backupDone)
		if err == nil {
			err = p.dailyBackup(keep, now, tx)
		}
		p.backupErr = err
	}()
}

// backupDue reports whether the day's backup is to be made: there is no
// daily backup from the same calendar day as now (in its time zone).
func (p *Project) backupDue(now time.Time) (bool, error) {
	list, err := Backups(p.path)
	if err != nil {
		return false, err
	}
	day := func(t time.Time) string { return t.In(now.Location()).Format("2006-01-02") }
	for _, b := range list {
		if b.Kind == BackupDaily {
			return day(b.Time) != day(now), nil // the newest
		}
	}
	return true, nil
}

// dailyBackup makes the day's backup from tx, if not nil, then keeps only
// the newest keep daily backups. It first removes temporary files that a
// backup cut short by a crash left behind: while the project is open here,
// no other process can be writing one. It ends tx.
func (p *Project) dailyBackup(keep int, now time.Time, tx *bolt.Tx) error {
	if tx != nil {
		defer func() { _ = tx.Rollback() }()
	}
	if tmps, err := filepath.Glob(filepath.Join(BackupDir(p.path), "*.alama.tmp")); err == nil {
		for _, tmp := range tmps {
			_ = os.Remove(tmp)
		}
	}
	if tx != nil {
		_, err := writeBackupOf(func(tmp string) error { return tx.CopyFile(tmp, 0o600) }, p.path, BackupDaily, now, 0)
		if err != nil {
			return err
		}
	}
	list, err := Backups(p.path)
	if err != nil {
		return err
	}
	var daily []Backup
	for _, b := range list {
		if b.Kind == BackupDaily {
			daily = append(daily, b)
		}
	}
	for _, b := range daily[min(keep, len(daily)):] {
		if err := os.Remove(b.Path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("remove old backup: %w", err)
		}
	}
	return nil
}

// BackupErr waits for the day's backup that Open started and returns why
// it could not be made, or nil. The project is usable all the same; the
// caller should tell the user.
func (p *Project) BackupErr() error {
	if p.backupDone == nil {
		return nil
	}
	<-p.backupDone
	return p.backupErr
}

// Restore replaces the project file at path with the backup at from. The
// backup must open and pass Check. The project as it was is first saved
// in the backup folder (a consistent copy, or the file's bytes as they
// are when it cannot be opened as a project), and returned. Restore
// refuses with ErrLocked while another process has the project open.
// A path that is a symbolic link restores the file it points to and keeps
// the link.
func Restore(path, from string, opts Options) (saved Backup, err error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if real, err := filepath.EvalSymlinks(path); err == nil {
		path = real
	}
	src, err := Open(from, Options{ReadOnly: true, Timeout: opts.Timeout, KeepBackups: -1})
	if err != nil {
		return Backup{}, fmt.Errorf("restore from %s: %w", from, err)
	}
	errs := src.Check()
	_ = src.Close()
	if len(errs) > 0 {
		return Backup{}, fmt.Errorf("restore from %s: the backup has %d problems, the first: %w", from, len(errs), errs[0])
	}

	// Hold the current project open (and so locked) while it is replaced.
	var cur *Project
	if _, err = os.Stat(path); err == nil {
		cur, err = Open(path, Options{Timeout: opts.Timeout, Now: opts.Now, KeepBackups: -1})
	}
	switch {
	case errors.Is(err, ErrLocked):
		return Backup{}, err
	case errors.Is(err, fs.ErrNotExist):
		err = nil
	case err == nil:
		defer cur.Close()
		saved, err = writeBackup(cur.db, path, BackupRestore, opts.Now(), 0)
	default:
		// A damaged or foreign file: keep its bytes as they are.
		saved, err = copyAside(path, opts.Now())
	}
	if err != nil {
		return Backup{}, fmt.Errorf("restore %s: save the current project first: %w", path, err)
	}
	if err := replaceFile(path, from); err != nil {
		return Backup{}, fmt.Errorf("restore %s from %s: %w", path, from, err)
	}
	return saved, nil
}

// copyAside copies the bytes of the file at path into its backup folder
// as a restore backup.
func copyAside(path string, at time.Time) (Backup, error) {
	dir := BackupDir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return Backup{}, err
	}
	name := filepath.Join(dir, backupName(BackupRestore, at, 0))
	if err := copyFile(name, path); err != nil {
		return Backup{}, err
	}
	info, err := os.Stat(name)
	if err != nil {
		return Backup{}, err
	}
	return Backup{Path: name, Kind: BackupRestore, Time: at.UTC().Truncate(time.Second), Size: info.Size()}, nil
}

// replaceFile puts a copy of from at path atomically: a temporary file in
// path's folder, synced, renamed over path.
func replaceFile(path, from string) error {
	tmp := path + ".restore.tmp"
	if err := copyFile(tmp, from); err != nil {
		_ = os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		_ = os.Remove(tmp)
		return err
	}
	if d, err := os.Open(filepath.Dir(path)); err == nil {
		_ = d.Sync() // makes the rename durable where the system allows
		_ = d.Close()
	}
	return nil
}

// copyFile copies the file from to a new file to, synced.
func copyFile(to, from string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	_, err = io.Copy(out, in)
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	return err
}
