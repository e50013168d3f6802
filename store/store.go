package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"runtime/debug"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"alama/annotate"
)

// FormatVersion is the file format version this build reads and writes.
const FormatVersion = 5

// readOnlyVersion is the oldest format version this build reads without
// upgrading the file: a version 3 file is a valid version 4 file, which
// only lacks bitmap chunks in its search index, and a version 4 file is a
// version 5 file without the list bucket, whose documents are listed from
// their records instead.
const readOnlyVersion = 3

// listedVersion is the format version that added the list bucket.
const listedVersion = 5

// Bucket and key names.
var (
	bucketMeta      = []byte("meta")
	bucketDocs      = []byte("docs")
	bucketTexts     = []byte("texts")
	bucketSpans     = []byte("spans")
	bucketRelations = []byte("relations")
	bucketHashes    = []byte("hashes")
	bucketHistory   = []byte("history")
	bucketUndo      = []byte("undo") // inside history
	bucketRedo      = []byte("redo") // inside history

	keyVersion = []byte("version")
	keySchema  = []byte("schema")
)

// Errors that callers check with errors.Is.
var (
	// ErrLocked means another process has the project open.
	ErrLocked = errors.New("project is open in another window")
	// ErrNewerVersion means the file was written by a newer build.
	ErrNewerVersion = errors.New("project is from a newer version of Alama")
	// ErrNotProject means the file is not an Alama project at all.
	ErrNotProject = errors.New("not an Alama project")
	// ErrDamaged means the file is an Alama project that cannot be read.
	ErrDamaged = errors.New("project file is damaged")
	// ErrNeedsWrite means a read-only Open found a project that an open
	// for writing must first bring up to date: an older format, or an
	// import cut short, whose documents would show until it is taken out.
	ErrNeedsWrite = errors.New("project must be opened for writing first")
)

// fileError is an error about a project file whose message reads well on
// its own and which matches several sentinel errors.
type fileError struct {
	msg  string
	errs []error
}

func (e *fileError) Error() string   { return e.msg }
func (e *fileError) Unwrap() []error { return e.errs }

func newFileError(errs []error, format string, args ...any) error {
	return &fileError{msg: fmt.Sprintf(format, args...), errs: errs}
}

// Options tunes Open.
type Options struct {
	// Timeout is how long Open waits for another process to release the
	// file before failing with ErrLocked. Zero means one second.
	Timeout time.Duration
	// ReadOnly opens an existing project for reading only; other read-only
	// opens may share it.
	ReadOnly bool
	// ReadOnlyIfDenied opens an existing project this user may not write
	// (a file without write permission for them) read-only instead of
	// failing; Project.ReadOnly then says so.
	ReadOnlyIfDenied bool
	// Now is the clock that dates new spans and relations that carry no
	// time, history records and backup names. Nil means time.Now.
	Now func() time.Time
	// KeepBackups is how many daily backups to keep in the project's
	// backup folder (see BackupDir): Open makes one, unless the folder has
	// one from the same day, and removes the oldest beyond this number.
	// Zero means DefaultKeepBackups; negative turns daily backups off.
	// Read-only opens never make one.
	KeepBackups int
}

// Project is an open project file. It implements annotate.Project and is
// safe for use by several goroutines.
type Project struct {
	db      *bolt.DB
	path    string
	created bool
	now     func() time.Time

	mu     sync.Mutex
	schema *annotate.Schema
	// cache is the last document read or edited, exactly as stored. Only
	// this process writes the file (bbolt's lock), so it stays current as
	// long as every change goes through mu.
	cache *annotate.Document
	// backupDone is closed when the daily backup Open started has ended;
	// backupErr, set before that, says why it failed.
	backupDone chan struct{}
	backupErr  error
	// pending holds the postings of the documents an open LargeImport
	// has added but not yet written to the search index (see
	// keyImportIndexed); pendingBroken says a batch failed after adding
	// to it, so the import cannot commit.
	pending       *postingLists
	pendingBroken bool
}

var _ annotate.Project = (*Project)(nil)

// Open opens the project file at path, creating it with the default schema
// if it does not exist (see Created); an existing empty file is
// ErrDamaged, never a new project. It fails with ErrLocked if another
// process holds the file, ErrNewerVersion if a newer build wrote it, and
// ErrNotProject or ErrDamaged for a file it cannot use. An older file is
// migrated after a backup copy in its backup folder (see BackupDir); the
// upgrade to format version 2 builds the search index, some thousands of
// documents per transaction, and an upgrade cut short is finished by the
// next Open for writing. An
// existing project gets its daily backup there (see Options.KeepBackups),
// written in the background while the project is in use; a failure to
// make it does not stop Open but is kept for BackupErr.
func Open(path string, opts Options) (*Project, error) {
	if opts.Timeout <= 0 {
		opts.Timeout = time.Second
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.KeepBackups == 0 {
		opts.KeepBackups = DefaultKeepBackups
	}
	info, err := os.Stat(path)
	missing := errors.Is(err, fs.ErrNotExist)
	switch {
	case err != nil && !missing:
		return nil, fmt.Errorf("open project: %w", err)
	case missing && opts.ReadOnly:
		return nil, fmt.Errorf("open project read-only: %w", err)
	case err == nil && info.IsDir():
		return nil, newFileError([]error{ErrNotProject}, "%s is a folder, not an Alama project file", path)
	case err == nil && info.Size() == 0:
		// Only a missing path makes a new project: an empty file is a
		// project another program (a sync conflict, a redirection) cut
		// to nothing, and seeding it would hide the loss.
		return nil, newFileError([]error{ErrDamaged}, "project %s is damaged: the file is empty (0 bytes)", path)
	}
	db, err := openBolt(path, opts, !missing)
	if err != nil && opts.ReadOnlyIfDenied && !opts.ReadOnly && !missing && errors.Is(err, fs.ErrPermission) {
		opts.ReadOnly = true
		db, err = openBolt(path, opts, true)
	}
	if err != nil {
		return nil, err
	}
	p := &Project{db: db, path: path, now: opts.Now}
	version, err := p.version()
	if err == nil && version < FormatVersion && !(opts.ReadOnly && version >= readOnlyVersion) {
		p.created = version == 0
		if opts.ReadOnly {
			err = fmt.Errorf("project %s has format version %d and must be upgraded: open it once without read-only: %w", path, version, ErrNeedsWrite)
		} else {
			err = migrate(db, path, version, FormatVersion, migrations, opts.Now)
		}
	}
	if err == nil {
		err = p.loadSchema()
	}
	if err == nil && opts.ReadOnly {
		err = p.needsWrite()
	}
	if err == nil && !opts.ReadOnly {
		var pending bool
		if pending, err = p.indexPending(); err == nil && pending {
			err = p.finishIndex(indexBatchDocs)
		}
		if err == nil {
			// A LargeImport the last process did not finish comes out.
			err = p.rollbackImport()
		}
	}
	if err != nil {
		_ = db.Close()
		if missing {
			_ = os.Remove(path)
		}
		return nil, err
	}
	if !opts.ReadOnly && !p.created && opts.KeepBackups > 0 {
		p.startDailyBackup(opts.KeepBackups)
	}
	return p, nil
}

// needsWrite returns an ErrNeedsWrite error if the project holds an
// import cut short, which an open for writing takes out first.
func (p *Project) needsWrite() error {
	return p.view(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketMeta).Get(keyImportFrom) != nil {
			return fmt.Errorf("project %s: an import was cut short and must be taken out: %w", p.path, ErrNeedsWrite)
		}
		return nil
	})
}

// openBolt opens the bbolt file and turns its errors (and panics: bbolt
// may panic or fault on a damaged file) into errors naming the file. An
// existing file opened for writing is first opened read-only and checked
// by preflight.
func openBolt(path string, opts Options, existed bool) (*bolt.DB, error) {
	if info, err := os.Stat(path); existed && !opts.ReadOnly && err == nil && info.Size() > 0 {
		ro := opts
		ro.ReadOnly = true
		db, err := openBoltOnce(path, ro, existed)
		if err != nil {
			return nil, err
		}
		err = preflight(db, path)
		if cerr := db.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("open project: %w", cerr)
		}
		if err != nil {
			return nil, err
		}
	}
	return openBoltOnce(path, opts, existed)
}

// openBoltOnce is one bbolt open of openBolt.
func openBoltOnce(path string, opts Options, existed bool) (*bolt.DB, error) {
	var file *os.File
	var db *bolt.DB
	err := protect(path, func() error {
		var err error
		db, err = bolt.Open(path, 0o600, &bolt.Options{
			Timeout:  opts.Timeout,
			ReadOnly: opts.ReadOnly,
			OpenFile: func(name string, flag int, perm os.FileMode) (*os.File, error) {
				f, err := os.OpenFile(name, flag, perm)
				if file == nil {
					file = f
				}
				return f, err
			},
		})
		return err
	})
	switch {
	case err == nil:
		db.AllocSize = allocSize
		return db, nil
	case errors.Is(err, ErrDamaged):
		if file != nil {
			_ = file.Close() // releases the lock bbolt took
		}
		return nil, err
	case errors.Is(err, berrors.ErrTimeout):
		return nil, newFileError([]error{ErrLocked, err}, "project %s is open in another window: close it there first", path)
	case errors.Is(err, fs.ErrPermission) || !existed:
		return nil, fmt.Errorf("open project: %w", err)
	}
	return nil, newFileError([]error{ErrNotProject, err}, "%s is not an Alama project file (%v)", path, err)
}

// allocSize is how much bbolt grows the file by once it is past that
// size: less than bbolt's 16 MB, so a project file carries little unused
// room at its end, at the price of a few more growths while it grows.
const allocSize = 4 << 20

// protect runs fn, turning a panic or a memory fault inside it into an
// ErrDamaged error naming the file.
func protect(path string, fn func() error) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err = newFileError([]error{ErrDamaged}, "project %s is damaged and cannot be read (%v)", path, r)
		}
	}()
	return fn()
}

// version reads the format version, checking first that the file is as
// long as bbolt's meta page says: a truncated file is refused here, before
// anything reads past its end. Version 0 is a file with no buckets yet.
func (p *Project) version() (int, error) {
	var v uint64
	err := protect(p.path, func() error {
		return p.db.View(func(tx *bolt.Tx) error {
			info, err := os.Stat(p.path)
			if err != nil {
				return fmt.Errorf("open project: %w", err)
			}
			if tx.Size() > info.Size() {
				return newFileError([]error{ErrDamaged}, "project %s is damaged: truncated to %d of %d bytes", p.path, info.Size(), tx.Size())
			}
			meta := tx.Bucket(bucketMeta)
			if meta == nil {
				if k, _ := tx.Cursor().First(); k != nil {
					return newFileError([]error{ErrNotProject}, "%s is a bbolt database but not an Alama project (no %q bucket)", p.path, bucketMeta)
				}
				return nil
			}
			raw := meta.Get(keyVersion)
			if len(raw) != 8 {
				return newFileError([]error{ErrDamaged}, "project %s is damaged: no format version", p.path)
			}
			v = binary.BigEndian.Uint64(raw)
			return nil
		})
	})
	if err != nil {
		return 0, err
	}
	if v > FormatVersion {
		return 0, newFileError([]error{ErrNewerVersion}, "project %s has format version %d, newer than this build of Alama reads (%d): update Alama to open it", p.path, v, FormatVersion)
	}
	return int(v), nil
}

// loadSchema reads the stored schema into p.schema.
func (p *Project) loadSchema() error {
	return protect(p.path, func() error {
		return p.db.View(func(tx *bolt.Tx) error {
			if err := checkBuckets(tx); err != nil {
				return fmt.Errorf("project %s: %w", p.path, err)
			}
			s, err := readSchema(tx)
			if err != nil {
				return fmt.Errorf("project %s: %w", p.path, err)
			}
			p.schema = s
			return nil
		})
	})
}

// checkBuckets makes sure every bucket the project uses is there, so the
// other methods need not check; the list bucket only from the format
// version that added it.
func checkBuckets(tx *bolt.Tx) error {
	for _, name := range [][]byte{bucketMeta, bucketDocs, bucketTexts, bucketSpans, bucketRelations, bucketHashes, bucketGrams, bucketSqueezed, bucketTokens} {
		if tx.Bucket(name) == nil {
			return fmt.Errorf("bucket %q is missing: %w", name, ErrDamaged)
		}
	}
	if raw := tx.Bucket(bucketMeta).Get(keyVersion); len(raw) == 8 && binary.BigEndian.Uint64(raw) >= listedVersion && tx.Bucket(bucketList) == nil {
		return fmt.Errorf("bucket %q is missing: %w", bucketList, ErrDamaged)
	}
	h := tx.Bucket(bucketHistory)
	if h == nil || h.Bucket(bucketUndo) == nil || h.Bucket(bucketRedo) == nil {
		return fmt.Errorf("history buckets are missing: %w", ErrDamaged)
	}
	return nil
}

func readSchema(tx *bolt.Tx) (*annotate.Schema, error) {
	meta := tx.Bucket(bucketMeta)
	if meta == nil {
		return nil, fmt.Errorf("no %q bucket: %w", bucketMeta, ErrDamaged)
	}
	raw := meta.Get(keySchema)
	if raw == nil {
		return nil, fmt.Errorf("no schema: %w", ErrDamaged)
	}
	s, err := decodeSchema(raw)
	if err != nil {
		return nil, fmt.Errorf("schema: %w", err)
	}
	return s, nil
}

// Path returns the project file's path.
func (p *Project) Path() string { return p.path }

// Created reports whether Open created the project file (or found one
// it had begun to create, with no buckets yet), so the caller can seed it.
func (p *Project) Created() bool { return p.created }

// Close releases the project file. Closing it again does nothing.
func (p *Project) Close() error {
	if p.backupDone != nil {
		<-p.backupDone
	}
	if err := p.db.Close(); err != nil {
		return fmt.Errorf("close project %s: %w", p.path, err)
	}
	return nil
}

// view runs fn in a read transaction; a panic or fault from a damaged file
// becomes an ErrDamaged error.
func (p *Project) view(fn func(*bolt.Tx) error) error {
	return protect(p.path, func() error { return p.db.View(fn) })
}

// sweep runs fn in a read transaction like view, for reads that go through
// a large part of the file. fn calls read after each record it reads; every
// releaseEvery records, and at the end, the pages mapped so far are
// released, so a scan holds a bounded part of the file in memory.
func (p *Project) sweep(fn func(tx *bolt.Tx, read func()) error) error {
	return p.view(func(tx *bolt.Tx) error {
		defer releaseMapped(tx)
		n := 0
		return fn(tx, func() {
			if n++; n%releaseEvery == 0 {
				releaseMapped(tx)
			}
		})
	})
}

// releasing releases the pages tx has mapped every releaseInterval, for
// reads that cannot count their records, until the returned function is
// called; that function waits for the last release, and must run before
// tx ends.
func releasing(tx *bolt.Tx) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(releaseInterval)
		defer t.Stop()
		for {
			select {
			case <-done:
				releaseMapped(tx)
				return
			case <-t.C:
				releaseMapped(tx)
			}
		}
	})
	return func() {
		close(done)
		wg.Wait()
	}
}

// releaseInterval is how often releasing releases: bbolt's own check reads
// a warm file at several hundred megabytes a second, so a few tens of
// megabytes are mapped between releases. Each release costs a walk of the
// whole mapping and makes every page read again fault in again.
const releaseInterval = 50 * time.Millisecond

// releaseEvery is how many records a sweep reads between releases of the
// mapped pages: a few megabytes of records.
const releaseEvery = 4096

// ReadOnly reports whether the project was opened read-only.
func (p *Project) ReadOnly() bool { return p.db.IsReadOnly() }

// update runs fn in a write transaction, refused with annotate.ErrReadOnly
// on a project opened read-only, committed when fn returns nil; a
// panic or fault from a damaged file becomes an ErrDamaged error and the
// transaction is rolled back.
func (p *Project) update(fn func(*bolt.Tx) error) error {
	if p.db.IsReadOnly() {
		return fmt.Errorf("%s: %w", p.path, annotate.ErrReadOnly)
	}
	return protect(p.path, func() error { return p.db.Update(fn) })
}
