package store

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"slices"
	"strings"

	bolt "go.etcd.io/bbolt"

	"alama/annotate/arabic"
)

// Writing the search index (see index.go): the grams of new documents,
// appended to the posting lists, and documents taken out of them.

// indexBatch gathers the grams of documents written in one transaction,
// to be added to the index together by flush.
type indexBatch struct {
	postings postingLists
	docs     []uint64 // the documents added, in order
	squeezed [][]byte // their squeezed texts
	grams    gramSet
}

func newIndexBatch() *indexBatch { return &indexBatch{} }

// add records the grams of document id's text. Ids must be added in
// ascending order, each above every id already in the index.
func (x *indexBatch) add(id uint64, text string) {
	f := arabic.FoldString(text)
	x.addSqueezed(id, squeeze(f))
	x.postings.add(id, x.grams.of(f))
}

// addSqueezed records document id's squeezed folded text.
func (x *indexBatch) addSqueezed(id uint64, squeezed []byte) {
	x.docs = append(x.docs, id)
	x.squeezed = append(x.squeezed, squeezed)
}

// flush appends the gathered squeezed texts and postings to the index in
// tx and empties x.
func (x *indexBatch) flush(tx *bolt.Tx) error {
	sb := tx.Bucket(bucketSqueezed)
	if sb == nil {
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
	x.docs, x.squeezed = x.docs[:0], x.squeezed[:0]
	if err := x.postings.write(tx); err != nil {
		return err
	}
	x.postings.reset()
	return nil
}

// postingLists gathers postings in memory, compactly: for each gram, the
// first and last id and the uvarint gaps between them.
type postingLists struct {
	slot  map[uint64]int32 // gram code → index in lists
	lists []postingList
	size  int // bytes the lists take, roughly
}

type postingList struct {
	code        uint64
	first, last uint64
	gaps        []byte
}

// add adds document id to the lists of grams, distinct codes; ids must
// ascend from call to call.
func (x *postingLists) add(id uint64, grams []uint64) {
	if x.slot == nil {
		x.slot = make(map[uint64]int32, 1<<14)
	}
	for _, c := range grams {
		i, ok := x.slot[c]
		if !ok {
			x.slot[c] = int32(len(x.lists))
			x.lists = append(x.lists, postingList{code: c, first: id, last: id})
			x.size += 64
			continue
		}
		l := &x.lists[i]
		n := len(l.gaps)
		l.gaps = binary.AppendUvarint(l.gaps, id-l.last)
		l.last = id
		x.size += len(l.gaps) - n
	}
}

// empty reports whether x holds no postings.
func (x *postingLists) empty() bool { return len(x.lists) == 0 }

// write appends the lists to the index in tx, gram by gram in key order,
// so bbolt fills pages in sequence. x is left as it was.
func (x *postingLists) write(tx *bolt.Tx) error {
	b := tx.Bucket(bucketGrams)
	if b == nil {
		return fmt.Errorf("search index buckets are missing: %w", ErrDamaged)
	}
	// The grams are written in key order, mostly to the last chunk of
	// each: packed pages take no more splits than half-full ones.
	b.FillPercent = appendFill
	type gram struct {
		key string
		i   int
	}
	order := make([]gram, len(x.lists))
	for i, l := range x.lists {
		order[i] = gram{gramString(l.code), i}
	}
	slices.SortFunc(order, func(a, b gram) int {
		if len(a.key) != len(b.key) {
			return len(a.key) - len(b.key)
		}
		return strings.Compare(a.key, b.key)
	})
	var ids []uint64
	for _, g := range order {
		l := &x.lists[g.i]
		var err error
		if ids, err = chunkIDs(ids[:0], l.first, l.gaps); err != nil {
			return err
		}
		if err := appendPostings(b, g.key, ids); err != nil {
			return err
		}
	}
	return nil
}

// reset empties x, keeping its storage for the next postings.
func (x *postingLists) reset() {
	clear(x.slot)
	clear(x.lists)
	x.lists = x.lists[:0]
	x.size = 0
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
	var chunk []uint64 // the ids of the last chunk
	var size chunkSize
	if k != nil && len(k) == len(prefix)+8 && bytes.HasPrefix(k, prefix) {
		var err error
		if chunk, err = chunkIDs(nil, binary.BigEndian.Uint64(k[len(prefix):]), v); err != nil {
			return fmt.Errorf("gram %q: %w", g, err)
		}
		size.start(chunk[0])
		for _, id := range chunk[1:] {
			_, size = size.with(id)
		}
	}
	put := func() error {
		return b.Put(binary.BigEndian.AppendUint64(slices.Clip(prefix), chunk[0]), encodeChunk(chunk))
	}
	for _, id := range ids {
		if len(chunk) > 0 && id <= chunk[len(chunk)-1] {
			return fmt.Errorf("gram %q: document %d added after %d: %w", g, id, chunk[len(chunk)-1], ErrDamaged)
		}
		n, grown := 0, size
		if len(chunk) > 0 {
			n, grown = size.with(id)
		}
		if len(chunk) == 0 || n > chunkBytes {
			if len(chunk) > 0 {
				if err := put(); err != nil {
					return err
				}
			}
			chunk = chunk[:0]
			grown.start(id)
		}
		chunk, size = append(chunk, id), grown
	}
	return put()
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
