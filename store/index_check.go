package store

import (
	"encoding/binary"
	"unicode/utf8"
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

// index checks the search index against the texts: every chunk well
// formed, each posting list ascending and naming existing documents, the
// (gram, document) pairs exactly those of the folded texts, and each
// document's squeezed text that of its text.
func (c *checker) index() {
	if c.tx.Bucket(bucketMeta).Get(keyIndexNext) != nil {
		c.report("%w", errIndexIncomplete)
		return
	}
	b, sb := c.tx.Bucket(bucketGrams), c.tx.Bucket(bucketSqueezed)
	var got indexSum
	_ = sb.ForEach(func(k, v []byte) error {
		if len(k) != 8 {
			c.report("squeezed text key %x is not 8 bytes: %w", k, ErrDamaged)
			return nil
		}
		err := squeezedEntries(binary.BigEndian.Uint64(k), v, func(id uint64, _ []byte) bool {
			if !c.docs[id] {
				c.report("squeezed text of document %d, which does not exist: %w", id, ErrDamaged)
			}
			return true
		})
		if err != nil {
			c.report("%w", err)
		}
		return nil
	})
	for _, err := range c.indexReports {
		c.report("%w", err)
	}
	want := c.want
	var gram string
	var last uint64
	var ids []uint64
	_ = b.ForEach(func(k, v []byte) error {
		g, first, ok := splitGramKey(k)
		if !ok || !utf8.ValidString(g) || utf8.RuneCountInString(g) > gramRunes {
			c.report("search index key %x is malformed: %w", k, ErrDamaged)
			return nil
		}
		var err error
		ids, err = chunkIDs(ids[:0], first, v)
		if err != nil {
			c.report("search index gram %q: %w", g, err)
			return nil
		}
		if g == gram && first <= last {
			c.report("search index gram %q: chunk at document %d out of order: %w", g, first, ErrDamaged)
		}
		for _, id := range ids {
			if !c.docs[id] {
				c.report("search index gram %q names document %d, which does not exist: %w", g, id, ErrDamaged)
			}
			got.add(gramCode(g), id)
		}
		gram, last = g, ids[len(ids)-1]
		return nil
	})
	if want != got {
		c.report("search index holds %d gram entries, the texts have %d, or they differ: %w", got.pairs, want.pairs, ErrDamaged)
	}
}
