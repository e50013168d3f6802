package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"

	bolt "go.etcd.io/bbolt"
)

// Building the search index of a project made before format version 2.

// indexBatchDocs is how many documents the upgrade to format version 2
// indexes in one transaction, which bounds the memory it takes.
const indexBatchDocs = 2000

// keyIndexNext, in the meta bucket, is there while the search index is
// being built for an older project: the id of the first document not yet
// in it.
var keyIndexNext = []byte("index-next")

// errIndexIncomplete means an upgrade that builds the search index was
// cut short; opening the project for writing finishes it.
var errIndexIncomplete = errors.New("the search index is not complete: open the project once without read-only to finish it")

// startIndex is the upgrade to format version 2: it makes the search
// index's buckets, empty, and marks every document as not yet indexed.
// Open then indexes them with finishIndex, a batch per transaction.
func startIndex(tx *bolt.Tx) error {
	for _, name := range [][]byte{bucketGrams, bucketSqueezed} {
		if _, err := tx.CreateBucket(name); err != nil {
			return fmt.Errorf("search index: %w", err)
		}
	}
	return tx.Bucket(bucketMeta).Put(keyIndexNext, idKey(0))
}

// indexPending reports whether the search index is still being built.
func (p *Project) indexPending() (bool, error) {
	var pending bool
	err := p.view(func(tx *bolt.Tx) error {
		pending = tx.Bucket(bucketMeta).Get(keyIndexNext) != nil
		return nil
	})
	return pending, err
}

// finishIndex adds the documents not yet in the search index to it, batch
// documents per transaction, each of which also moves the mark on; a
// build cut short resumes where it stopped. The last one removes the mark.
func (p *Project) finishIndex(batch int) error {
	for done := false; !done; {
		err := p.update(func(tx *bolt.Tx) error {
			meta := tx.Bucket(bucketMeta)
			raw := meta.Get(keyIndexNext)
			if raw == nil {
				done = true
				return nil
			}
			if len(raw) != 8 {
				return fmt.Errorf("search index mark %x is not 8 bytes: %w", raw, ErrDamaged)
			}
			x := newIndexBatch()
			c := tx.Bucket(bucketTexts).Cursor()
			for k, v := c.Seek(slices.Clone(raw)); k != nil; k, v = c.Next() {
				if len(k) != 8 {
					return fmt.Errorf("text key %x is not 8 bytes: %w", k, ErrDamaged)
				}
				if len(x.docs) == batch {
					next := slices.Clone(k)
					if err := x.flush(tx); err != nil {
						return err
					}
					return meta.Put(keyIndexNext, next)
				}
				x.add(binary.BigEndian.Uint64(k), string(v))
			}
			done = true
			if err := x.flush(tx); err != nil {
				return err
			}
			return meta.Delete(keyIndexNext)
		})
		if err != nil {
			return fmt.Errorf("project %s: build the search index: %w", p.path, err)
		}
	}
	return nil
}
