package store

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"slices"

	bolt "go.etcd.io/bbolt"

	"alama/annotate/arabic"
)

// Writing the search index (see index.go): the grams of new documents,
// appended to the posting lists, and documents taken out of them.

// indexBatch gathers the grams of documents written in one transaction,
// to be added to the index together by flush.
type indexBatch struct {
	ids      map[uint64][]uint64 // gram code → document ids
	docs     []uint64            // the documents added, in order
	squeezed [][]byte            // their squeezed texts
}

func newIndexBatch() *indexBatch { return &indexBatch{ids: map[uint64][]uint64{}} }

// add records the grams of document id's text. Ids must be added in
// ascending order, each above every id already in the index.
func (x *indexBatch) add(id uint64, text string) {
	f := arabic.FoldString(text)
	x.docs = append(x.docs, id)
	x.squeezed = append(x.squeezed, squeeze(f))
	gramCodes(f, func(c uint64) {
		l := x.ids[c]
		if len(l) == 0 || l[len(l)-1] != id {
			x.ids[c] = append(l, id)
		}
	})
}

// flush appends the gathered ids to the index in tx and empties x.
func (x *indexBatch) flush(tx *bolt.Tx) error {
	b, sb := tx.Bucket(bucketGrams), tx.Bucket(bucketSqueezed)
	if b == nil || sb == nil {
		return fmt.Errorf("search index buckets are missing: %w", ErrDamaged)
	}
	for i := 0; i < len(x.docs); {
		k := squeezeKey(x.docs[i])
		rec := slices.Clone(sb.Get(k))
		for ; i < len(x.docs) && bytes.Equal(squeezeKey(x.docs[i]), k); i++ {
			rec = append(rec, byte(x.docs[i]&(1<<squeezeGroupBits-1)))
			rec = binary.AppendUvarint(rec, uint64(len(x.squeezed[i])))
			rec = append(rec, x.squeezed[i]...)
		}
		if err := sb.Put(k, rec); err != nil {
			return err
		}
	}
	keys := make([]string, 0, len(x.ids))
	for c := range x.ids {
		keys = append(keys, gramString(c))
	}
	// Sorted by key order (length first), bbolt fills pages in sequence.
	slices.SortFunc(keys, func(a, b string) int {
		if len(a) != len(b) {
			return len(a) - len(b)
		}
		return bytes.Compare([]byte(a), []byte(b))
	})
	for _, g := range keys {
		if err := appendPostings(b, g, x.ids[gramCode(g)]); err != nil {
			return err
		}
	}
	clear(x.ids)
	x.docs, x.squeezed = x.docs[:0], x.squeezed[:0]
	return nil
}

// appendPostings appends ascending ids to gram g's posting list in b.
func appendPostings(b *bolt.Bucket, g string, ids []uint64) error {
	prefix := gramPrefix(g)
	c := b.Cursor()
	// The last chunk is the key before the first one past g's keys.
	var k, v []byte
	if after, _ := c.Seek(append(slices.Clip(prefix), 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF)); after == nil {
		k, v = c.Last()
	} else {
		k, v = c.Prev()
	}
	var key, val []byte
	var last uint64
	if k != nil && len(k) == len(prefix)+8 && bytes.HasPrefix(k, prefix) {
		key = slices.Clone(k)
		val = slices.Clone(v)
		first := binary.BigEndian.Uint64(k[len(prefix):])
		old, err := chunkIDs(nil, first, v)
		if err != nil {
			return fmt.Errorf("gram %q: %w", g, err)
		}
		last = old[len(old)-1]
	}
	for _, id := range ids {
		switch {
		case key != nil && id <= last:
			return fmt.Errorf("gram %q: document %d added after %d: %w", g, id, last, ErrDamaged)
		case key == nil || len(val) >= chunkBytes:
			if key != nil {
				if err := b.Put(key, val); err != nil {
					return err
				}
			}
			key = binary.BigEndian.AppendUint64(slices.Clip(prefix), id)
			val = nil
		default:
			val = binary.AppendUvarint(val, id-last)
		}
		last = id
	}
	return b.Put(key, val)
}

// postings returns gram g's posting list from b.
func postings(b *bolt.Bucket, g string) ([]uint64, error) {
	prefix := gramPrefix(g)
	var ids []uint64
	c := b.Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		if len(k) != len(prefix)+8 {
			return nil, fmt.Errorf("gram %q: chunk key %x: %w", g, k, ErrDamaged)
		}
		var err error
		if ids, err = chunkIDs(ids, binary.BigEndian.Uint64(k[len(prefix):]), v); err != nil {
			return nil, fmt.Errorf("gram %q: %w", g, err)
		}
	}
	return ids, nil
}

// postingBytes returns the stored size of gram g's postings, 0 when no
// document holds it, without decoding them.
func postingBytes(b *bolt.Bucket, g string) int {
	prefix := gramPrefix(g)
	n := 0
	c := b.Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		n += 8 + len(v)
	}
	return n
}

// keepPostings keeps, in place, the ids of ascending list ids that gram g
// lists, walking g's chunks without decoding them into a list.
func keepPostings(b *bolt.Bucket, g string, ids []uint64) ([]uint64, error) {
	prefix := gramPrefix(g)
	kept, i := ids[:0], 0
	c := b.Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix) && i < len(ids); k, v = c.Next() {
		if len(k) != len(prefix)+8 {
			return nil, fmt.Errorf("gram %q: chunk key %x: %w", g, k, ErrDamaged)
		}
		err := chunkWalk(binary.BigEndian.Uint64(k[len(prefix):]), v, func(id uint64) {
			for i < len(ids) && ids[i] < id {
				i++
			}
			if i < len(ids) && ids[i] == id {
				kept = append(kept, id) // len(kept) <= i: nothing unread is overwritten
				i++
			}
		})
		if err != nil {
			return nil, fmt.Errorf("gram %q: %w", g, err)
		}
	}
	return kept, nil
}
