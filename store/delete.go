package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"slices"

	bolt "go.etcd.io/bbolt"

	"alama/annotate"
	"alama/annotate/arabic"
)

// DeleteDocuments removes documents with their texts, spans, relations,
// undo and redo history and search index entries, all in one transaction.
// An id not in the project is an annotate.ErrNotFound error, and then
// nothing is removed. Ids are never given out again.
func (p *Project) DeleteDocuments(ids []uint64) error {
	ids = slices.Compact(slices.Sorted(slices.Values(ids))) // each once
	p.mu.Lock()
	defer p.mu.Unlock()
	err := p.indexUpdate(func(tx *bolt.Tx) error {
		var grams gramSet
		for _, id := range ids {
			if err := deleteDocument(tx, id, &grams); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("delete documents: %w", err)
	}
	if p.cache != nil && slices.Contains(ids, p.cache.ID) {
		p.cache = nil
	}
	return nil
}

// deleteDocument removes document id and everything of it from tx; grams
// is scratch space that a run of deletions shares.
func deleteDocument(tx *bolt.Tx, id uint64, grams *gramSet) error {
	k := idKey(id)
	if tx.Bucket(bucketDocs).Get(k) == nil {
		return fmt.Errorf("document %d: %w", id, annotate.ErrNotFound)
	}
	raw := tx.Bucket(bucketTexts).Get(k)
	if raw == nil {
		return fmt.Errorf("document %d: no text: %w", id, ErrDamaged)
	}
	text := string(raw)
	sum := sha256.Sum256(raw)
	if hashes := tx.Bucket(bucketHashes); bytes.Equal(hashes.Get(sum[:]), k) {
		if err := hashes.Delete(sum[:]); err != nil {
			return err
		}
	}
	if err := dropFromIndex(tx, id, text, grams); err != nil {
		return fmt.Errorf("document %d: %w", id, err)
	}
	h := tx.Bucket(bucketHistory)
	for _, b := range []*bolt.Bucket{tx.Bucket(bucketSpans), tx.Bucket(bucketRelations), h.Bucket(bucketUndo), h.Bucket(bucketRedo)} {
		if err := dropAll(b, id); err != nil {
			return err
		}
	}
	if err := tx.Bucket(bucketTexts).Delete(k); err != nil {
		return err
	}
	if err := tx.Bucket(bucketTokens).Delete(k); err != nil {
		return err
	}
	if err := tx.Bucket(bucketList).Delete(k); err != nil {
		return err
	}
	return tx.Bucket(bucketDocs).Delete(k)
}

// dropFromIndex removes document id, whose text is text, from the search
// index: its squeezed text and its id in the posting list of each of its
// grams. A document the index has not reached yet, while an upgrade is
// building it, has nothing there; one whose postings a LargeImport has
// not written yet has its squeezed text only.
func dropFromIndex(tx *bolt.Tx, id uint64, text string, grams *gramSet) error {
	meta := tx.Bucket(bucketMeta)
	if next := meta.Get(keyIndexNext); len(next) == 8 && id >= binary.BigEndian.Uint64(next) {
		return nil
	}
	// A document of a LargeImport whose postings were not written yet
	// has only its squeezed text.
	unposted := false
	if next := meta.Get(keyImportIndexed); len(next) == 8 && id >= binary.BigEndian.Uint64(next) {
		unposted = true
	}
	sb := tx.Bucket(bucketSqueezed)
	sk := squeezeKey(id)
	var rec []byte
	found := false
	err := squeezedEntries(id>>squeezeGroupBits, sb.Get(sk), func(got uint64, sq []byte) bool {
		if got == id {
			found = true
			return true
		}
		rec = append(rec, byte(got&(1<<squeezeGroupBits-1)))
		rec = binary.AppendUvarint(rec, uint64(len(sq)))
		rec = append(rec, sq...)
		return true
	})
	switch {
	case err != nil:
		return err
	case !found:
		return fmt.Errorf("no squeezed text in the search index: %w", ErrDamaged)
	case len(rec) == 0:
		err = sb.Delete(sk)
	default:
		err = sb.Put(sk, rec)
	}
	if err != nil || unposted {
		return err
	}
	b := tx.Bucket(bucketGrams)
	for _, c := range grams.of(arabic.FoldString(text)) {
		if err := removePosting(b, gramString(c), id); err != nil {
			return err
		}
	}
	return nil
}

// removePosting removes id from gram g's posting list in b. The chunk that
// held it is written again, under a new key if id was its first.
func removePosting(b *bolt.Bucket, g string, id uint64) error {
	prefix := gramPrefix(g)
	// The chunk holding id is the last one whose first id is at most id.
	// The chunks are walked forward: bbolt's Cursor.Prev can return nothing
	// after a Seek into a page this transaction emptied.
	var k, v []byte
	c := b.Cursor()
	for ck, cv := c.Seek(prefix); ck != nil && bytes.HasPrefix(ck, prefix); ck, cv = c.Next() {
		if len(ck) != len(prefix)+8 {
			return fmt.Errorf("gram %q: chunk key %x: %w", g, ck, ErrDamaged)
		}
		if binary.BigEndian.Uint64(ck[len(prefix):]) > id {
			break
		}
		k, v = ck, cv
	}
	if k == nil {
		return fmt.Errorf("gram %q does not list the document in the search index: %w", g, ErrDamaged)
	}
	ids, err := chunkIDs(nil, binary.BigEndian.Uint64(k[len(prefix):]), v)
	if err != nil {
		return fmt.Errorf("gram %q: %w", g, err)
	}
	i, ok := slices.BinarySearch(ids, id)
	if !ok {
		return fmt.Errorf("gram %q does not list the document in the search index: %w", g, ErrDamaged)
	}
	ids = slices.Delete(ids, i, i+1)
	if err := b.Delete(slices.Clone(k)); err != nil {
		return err
	}
	if len(ids) == 0 {
		return nil
	}
	return b.Put(binary.BigEndian.AppendUint64(slices.Clip(prefix), ids[0]), encodeChunk(ids))
}
