package store

import (
	"encoding/binary"
	"errors"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"alama/annotate"
)

// keyImportFrom, in the meta bucket, is there while a LargeImport is under
// way: the first document id it may have given. An Open for writing that
// finds it takes the interrupted import out again.
var keyImportFrom = []byte("import-from")

// keyImportIndexed, in the meta bucket, is there while a LargeImport is
// under way: the first document id whose grams are not yet in the search
// index. The import gathers postings in memory and writes them in one
// sorted pass when they reach pendingLimit and at Commit, instead of
// rewriting every posting list's last chunk in each batch; a rollback
// finds nothing to take out of the posting lists above this id.
var keyImportIndexed = []byte("import-indexed")

// pendingLimit is how many bytes of postings a LargeImport gathers before
// it writes them: with one or two bytes a posting, some 10,000 articles.
// It is a variable for the tests.
var pendingLimit = 32 << 20

// rollbackBatch is how many documents one transaction of a rollback
// deletes, so that taking out a large import needs bounded memory.
const rollbackBatch = 500

// ErrImportOpen is returned when a LargeImport begins while another one of
// the same project is under way.
var ErrImportOpen = errors.New("another import is under way")

// LargeImport adds documents in many transactions, one per Add, and is
// still all or nothing: until Commit, the project carries a mark, and
// Abort, or the next Open for writing after a crash, deletes every
// document added since Begin. Documents already in the project (by text)
// are skipped as by Import. Begin one with BeginImport.
type LargeImport struct {
	p    *Project
	from uint64
	open bool
}

var _ annotate.Importer = (*LargeImport)(nil)

// BeginImport starts a LargeImport.
func (p *Project) BeginImport() (annotate.Importer, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	var from uint64
	err := p.update(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bucketMeta)
		if meta.Get(keyImportFrom) != nil {
			return ErrImportOpen
		}
		from = tx.Bucket(bucketDocs).Sequence() + 1
		if err := meta.Put(keyImportIndexed, idKey(from)); err != nil {
			return err
		}
		return meta.Put(keyImportFrom, idKey(from))
	})
	if err != nil {
		return nil, fmt.Errorf("begin import: %w", err)
	}
	p.pending, p.pendingBroken = &postingLists{}, false
	return &LargeImport{p: p, from: from, open: true}, nil
}

// Add imports docs in one transaction, as Project.Import does.
func (li *LargeImport) Add(docs []*annotate.Document) ([]uint64, error) {
	if !li.open {
		return nil, fmt.Errorf("import: %w", errImportEnded)
	}
	res, err := li.p.importDocs(docs, true)
	if err != nil {
		return nil, err
	}
	return importedIDs(res), nil
}

// Commit ends the import and keeps what it added.
func (li *LargeImport) Commit() error {
	if !li.open {
		return fmt.Errorf("commit import: %w", errImportEnded)
	}
	li.p.mu.Lock()
	defer li.p.mu.Unlock()
	if li.p.pendingBroken {
		return fmt.Errorf("commit import: a batch failed: %w", errImportEnded)
	}
	err := li.p.update(func(tx *bolt.Tx) error {
		if err := li.p.writePending(tx); err != nil {
			return err
		}
		meta := tx.Bucket(bucketMeta)
		if err := meta.Delete(keyImportIndexed); err != nil {
			return err
		}
		return meta.Delete(keyImportFrom)
	})
	if err != nil {
		return fmt.Errorf("commit import: %w", err)
	}
	li.p.pending = nil
	li.open = false
	return nil
}

// Abort ends the import and deletes every document it added. Aborting an
// ended import does nothing.
func (li *LargeImport) Abort() error {
	if !li.open {
		return nil
	}
	if err := li.p.rollbackImport(); err != nil {
		return fmt.Errorf("take the import out again: %w", err)
	}
	li.open = false
	return nil
}

var errImportEnded = errors.New("the import has ended")

// rollbackImport deletes the documents of an import under way, the newest
// first and rollbackBatch a transaction, then the mark. Cut short, it
// leaves the mark, so the next Open for writing goes on with it.
func (p *Project) rollbackImport() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.pending, p.pendingBroken = nil, false
	var marked bool
	if err := p.view(func(tx *bolt.Tx) error {
		marked = tx.Bucket(bucketMeta).Get(keyImportFrom) != nil
		return nil
	}); err != nil || !marked {
		return err
	}
	p.cache = nil
	for done := false; !done; {
		err := p.update(func(tx *bolt.Tx) error {
			defer releaseMapped(tx)
			meta := tx.Bucket(bucketMeta)
			raw := meta.Get(keyImportFrom)
			if raw == nil {
				done = true
				return nil
			}
			if len(raw) != 8 {
				return fmt.Errorf("import mark %x is not 8 bytes: %w", raw, ErrDamaged)
			}
			from := binary.BigEndian.Uint64(raw)
			var ids []uint64
			c := tx.Bucket(bucketDocs).Cursor()
			for k, _ := c.Last(); k != nil && len(ids) < rollbackBatch; k, _ = c.Prev() {
				id := binary.BigEndian.Uint64(k)
				if id < from {
					break
				}
				ids = append(ids, id)
			}
			var grams gramSet
			for _, id := range ids {
				if err := deleteDocument(tx, id, &grams); err != nil {
					return err
				}
			}
			if len(ids) < rollbackBatch {
				done = true
				if err := meta.Delete(keyImportIndexed); err != nil {
					return err
				}
				return meta.Delete(keyImportFrom)
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}
