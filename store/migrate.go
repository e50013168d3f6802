package store

import (
	"encoding/binary"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"alama/annotate"
)

// migration upgrades a file from format version from to from+1. It runs in
// one write transaction, which also records the new version.
type migration struct {
	from int
	run  func(tx *bolt.Tx) error
}

// migrations lists every upgrade in order, one per version.
var migrations = []migration{
	{from: 0, run: setUpV1},
	{from: 1, run: startIndex},
	{from: 2, run: addTokensBucket},
	{from: 3, run: allowBitmapChunks},
	{from: 4, run: addList},
}

// allowBitmapChunks is the upgrade to format version 4, which lets the
// search index keep a dense posting list as a bitmap (see chunkWalk). A
// version 3 file is already a valid version 4 file: only the version
// changes, so that an older build does not read the new chunks.
func allowBitmapChunks(*bolt.Tx) error { return nil }

// setUpV1 turns an empty bbolt file into a version 1 project with the
// default schema.
func setUpV1(tx *bolt.Tx) error {
	for _, name := range [][]byte{bucketMeta, bucketDocs, bucketTexts, bucketSpans, bucketRelations, bucketHashes} {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return err
		}
	}
	h, err := tx.CreateBucketIfNotExists(bucketHistory)
	if err != nil {
		return err
	}
	for _, name := range [][]byte{bucketUndo, bucketRedo} {
		if _, err := h.CreateBucketIfNotExists(name); err != nil {
			return err
		}
	}
	return putSchema(tx, annotate.DefaultSchema())
}

func putSchema(tx *bolt.Tx, s *annotate.Schema) error {
	b, err := encode(newSchemaRecord(s))
	if err != nil {
		return err
	}
	return tx.Bucket(bucketMeta).Put(keySchema, b)
}

// migrate runs the migrations in list that take the file from version from
// to version to. Before each one it writes a consistent backup copy,
// unless the file was empty.
func migrate(db *bolt.DB, path string, from, to int, list []migration, now func() time.Time) error {
	v := from
	for _, m := range list {
		if m.from < v {
			continue
		}
		if v >= to {
			break
		}
		if m.from != v {
			return fmt.Errorf("project %s: no migration from format version %d", path, v)
		}
		if from > 0 {
			if _, err := backup(db, path, v, now()); err != nil {
				return err
			}
		}
		err := db.Update(func(tx *bolt.Tx) error {
			if err := m.run(tx); err != nil {
				return err
			}
			meta := tx.Bucket(bucketMeta)
			if meta == nil {
				return fmt.Errorf("no %q bucket after migration: %w", bucketMeta, ErrDamaged)
			}
			return meta.Put(keyVersion, binary.BigEndian.AppendUint64(nil, uint64(v+1)))
		})
		if err != nil {
			return fmt.Errorf("project %s: upgrade from format version %d: %w", path, v, err)
		}
		v++
	}
	if v != to {
		return fmt.Errorf("project %s: no migration from format version %d", path, v)
	}
	return nil
}

// backup writes a consistent copy of the database, which holds format
// version, into the project's backup folder and returns the copy's path.
func backup(db *bolt.DB, path string, version int, at time.Time) (string, error) {
	b, err := writeBackup(db, path, BackupUpgrade, at, version)
	if err != nil {
		return "", fmt.Errorf("before upgrading: %w", err)
	}
	return b.Path, nil
}
