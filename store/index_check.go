package store

import (
	"bytes"
	"encoding/binary"
	"unicode/utf8"

	bolt "go.etcd.io/bbolt"
)

// Checking the search index against the texts (see Check).

// indexSum is an order-free digest of a set of (gram, document) pairs:
// their number and the sum of a hash of each.
type indexSum struct {
	pairs uint64
	sum   uint64
}

func (s *indexSum) add(code, id uint64) {
	// splitmix64's finalizer spreads the pair over all 64 bits.
	h := code*0x9E3779B97F4A7C15 ^ id
	h = (h ^ h>>30) * 0xBF58476D1CE4E5B9
	h = (h ^ h>>27) * 0x94D049BB133111EB
	s.pairs++
	s.sum += h ^ h>>31
}

// index checks the search index of tx against the documents docs: every
// chunk well formed, each posting list ascending and naming existing
// documents, and every squeezed text that of an existing document. It
// returns the digest of the posting lists' (gram, document) pairs, which
// the caller compares with the texts', and false, having reported it, if
// the index is not complete.
func index(tx *bolt.Tx, docs *idSet, report func(string, ...any)) (got indexSum, complete bool) {
	if tx.Bucket(bucketMeta).Get(keyIndexNext) != nil {
		report("%w", errIndexIncomplete)
		return got, false
	}
	b, sb := tx.Bucket(bucketGrams), tx.Bucket(bucketSqueezed)
	_ = sb.ForEach(func(k, v []byte) error {
		if len(k) != 8 {
			report("squeezed text key %x is not 8 bytes: %w", k, ErrDamaged)
			return nil
		}
		err := squeezedEntries(binary.BigEndian.Uint64(k), v, func(id uint64, _ []byte) bool {
			if !docs.has(id) {
				report("squeezed text of document %d, which does not exist: %w", id, ErrDamaged)
			}
			return true
		})
		if err != nil {
			report("%w", err)
		}
		return nil
	})
	var gram []byte
	var code, last uint64
	bad := func(id uint64) {
		if !docs.has(id) {
			report("search index gram %q names document %d, which does not exist: %w", gram, id, ErrDamaged)
		}
	}
	_ = b.ForEach(func(k, v []byte) error {
		g, first, ok := gramKey(k)
		if !ok || !utf8.Valid(g) || utf8.RuneCount(g) > gramRunes {
			report("search index key %x is malformed: %w", k, ErrDamaged)
			return nil
		}
		if bytes.Equal(g, gram) && first <= last {
			report("search index gram %q: chunk at document %d out of order: %w", g, first, ErrDamaged)
		}
		if !bytes.Equal(g, gram) {
			gram, code = append(gram[:0], g...), gramCode(string(g))
		}
		err := chunkWalk(first, v, func(id uint64) {
			if id/64 >= uint64(len(docs.bits)) || docs.bits[id/64]&(1<<(id%64)) == 0 {
				bad(id)
			}
			got.add(code, id)
			last = id
		})
		if err != nil {
			report("search index gram %q: %w", g, err)
		}
		return nil
	})
	return got, true
}
