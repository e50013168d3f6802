package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"iter"
	"slices"
	"unicode/utf8"

	bolt "go.etcd.io/bbolt"

	"alama/annotate"
	"alama/annotate/arabic"
)

// The search index keeps, for every gram (one, two or three consecutive
// code points) of the documents' folded texts (arabic.FoldString), the
// ascending ids of the documents that hold it. A posting list is cut into
// chunks: the key is len(gram) ‖ gram ‖ first id (8 bytes, big-endian),
// the value the uvarint gaps from the first id to each later id. Ids only
// grow, so a new document is appended to each gram's last chunk, and a
// chunk is closed once its value reaches chunkBytes.
//
// Grams alone cannot tell whether a query's words stand side by side, so
// the index also keeps each document's folded text squeezed to one byte per
// code point (see squeeze): a scan of those short texts rules out the
// candidates of a longer query whose grams lie apart.
const (
	gramRunes  = 3
	chunkBytes = 512
)

var (
	bucketGrams    = []byte("grams")
	bucketSqueezed = []byte("squeezed")
)

// Squeezed texts are kept 1<<squeezeGroupBits documents to a record, keyed
// by id>>squeezeGroupBits (8 bytes, big-endian), so that bbolt packs them
// into pages without the gap a value of half a page or more per key leaves.
// A record is a run of entries ascending by id: the id's low bits (one
// byte), the squeezed text's length (uvarint) and the squeezed text.
const squeezeGroupBits = 4

func squeezeKey(id uint64) []byte { return idKey(id >> squeezeGroupBits) }

// squeezedEntries calls fn with each entry of record v, of group g, until
// fn returns false.
func squeezedEntries(g uint64, v []byte, fn func(id uint64, sq []byte) bool) error {
	prev := -1
	for len(v) > 0 {
		low := int(v[0])
		n, size := binary.Uvarint(v[1:])
		if low >= 1<<squeezeGroupBits || low <= prev || size <= 0 || n > uint64(len(v)-1-size) {
			return fmt.Errorf("squeezed texts of documents %d…: bad entry: %w", g<<squeezeGroupBits, ErrDamaged)
		}
		end := 1 + size + int(n)
		if !fn(g<<squeezeGroupBits|uint64(low), v[1+size:end]) {
			return nil
		}
		v, prev = v[end:], low
	}
	return nil
}

// squeezedText returns document id's squeezed text from b, and whether it
// is there.
func squeezedText(b *bolt.Bucket, id uint64) (sq []byte, ok bool, err error) {
	err = squeezedEntries(id>>squeezeGroupBits, b.Get(squeezeKey(id)), func(got uint64, v []byte) bool {
		if got == id {
			sq, ok = v, true
		}
		return got < id
	})
	return sq, ok, err
}

// squeeze maps folded text to one byte per code point: ASCII as it is,
// any other code point to 0x80 | its low seven bits, which keeps the Arabic
// letters apart. The map is one code point at a time, so a squeezed text
// contains the squeezed form of every string its folded text contains.
func squeeze(f string) []byte {
	out := make([]byte, 0, len(f))
	for _, r := range f {
		if r < utf8.RuneSelf {
			out = append(out, byte(r))
		} else {
			out = append(out, 0x80|byte(r&0x7F))
		}
	}
	return out
}

// gramPrefix returns the key prefix of gram g's chunks.
func gramPrefix(g string) []byte {
	k := make([]byte, 0, 1+len(g)+8)
	k = append(k, byte(len(g)))
	return append(k, g...)
}

// splitGramKey returns the gram and first id of chunk key k.
func splitGramKey(k []byte) (gram string, first uint64, ok bool) {
	if len(k) < 1+8 || int(k[0]) != len(k)-9 || k[0] == 0 {
		return "", 0, false
	}
	return string(k[1 : len(k)-8]), binary.BigEndian.Uint64(k[len(k)-8:]), true
}

// chunkIDs appends to ids the ids of a chunk starting with first.
func chunkIDs(ids []uint64, first uint64, v []byte) ([]uint64, error) {
	err := chunkWalk(first, v, func(id uint64) { ids = append(ids, id) })
	return ids, err
}

// chunkWalk calls fn with each id of a chunk starting with first, in
// ascending order.
func chunkWalk(first uint64, v []byte, fn func(id uint64)) error {
	fn(first)
	id := first
	var buf [binary.MaxVarintLen64]byte
	for len(v) > 0 {
		gap, n := binary.Uvarint(v)
		if n <= 0 || gap == 0 || id+gap < id || binary.PutUvarint(buf[:], gap) != n {
			return fmt.Errorf("search index chunk: bad id gap: %w", ErrDamaged)
		}
		id += gap
		fn(id)
		v = v[n:]
	}
	return nil
}

// A gram is coded as a uint64 for speed: code point r_i of a gram of n
// becomes the 21-bit field r_i+1, the first in the highest used field;
// unused high fields stay 0.
const gramBits = 21

// gramCodes calls fn with the code of every gram of folded text f, in
// text order, repeats included.
func gramCodes(f string, fn func(code uint64)) {
	var c uint64 // the code of the last three code points
	n := 0
	for _, r := range f {
		c = (c<<gramBits | uint64(r+1)) & (1<<(gramRunes*gramBits) - 1)
		n++
		fn(c & (1<<gramBits - 1))
		if n >= 2 {
			fn(c & (1<<(2*gramBits) - 1))
		}
		if n >= 3 {
			fn(c)
		}
	}
}

// gramSet gathers the distinct gram codes of one text after another,
// reusing its storage.
type gramSet struct {
	seen  map[uint64]struct{}
	codes []uint64
}

// of returns the code of each gram of folded text f, each once, in the
// order they first occur; the slice is reused by the next call.
func (s *gramSet) of(f string) []uint64 {
	if s.seen == nil {
		s.seen = make(map[uint64]struct{}, 4096)
	}
	clear(s.seen)
	s.codes = s.codes[:0]
	gramCodes(f, func(c uint64) {
		if _, ok := s.seen[c]; !ok {
			s.seen[c] = struct{}{}
			s.codes = append(s.codes, c)
		}
	})
	return s.codes
}

// gramString returns the gram whose code is c.
func gramString(c uint64) string {
	var rs [gramRunes]rune
	n := 0
	for i := gramRunes - 1; i >= 0; i-- {
		if f := c >> (gramBits * i) & (1<<gramBits - 1); f != 0 {
			rs[n] = rune(f - 1)
			n++
		}
	}
	return string(rs[:n])
}

// gramCode returns the code of gram g, of one to gramRunes code points.
func gramCode(g string) uint64 {
	var c uint64
	for _, r := range g {
		c = c<<gramBits | uint64(r+1)
	}
	return c
}

// grams calls fn once for every distinct gram of folded text f.
func grams(f string, fn func(g string)) {
	seen := make(map[uint64]bool, len(f)/2)
	gramCodes(f, func(c uint64) {
		if !seen[c] {
			seen[c] = true
			fn(gramString(c))
		}
	})
}

// queryGrams returns the grams that every folded text containing the
// folded query q holds: q itself when it is short, else its trigrams.
func queryGrams(q string) []string {
	if utf8.RuneCountInString(q) <= gramRunes {
		return []string{q}
	}
	var out []string
	for i := range q {
		end := i
		for k := 0; k < gramRunes && end < len(q); k++ {
			_, size := utf8.DecodeRuneInString(q[end:])
			end += size
		}
		if utf8.RuneCountInString(q[i:end]) < gramRunes {
			break
		}
		if !slices.Contains(out, q[i:end]) {
			out = append(out, q[i:end])
		}
	}
	return out
}

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

// candidatePage is how many candidates Candidates checks against their
// squeezed texts in one read transaction.
const candidatePage = 256

// Candidates yields, in ascending order, the ids of the documents whose
// folded text may contain folded, a query already folded with
// arabic.FoldString: every document that does is among them. It reads
// only the project's search index, kept up to date by every import, and
// checks the candidates of a query longer than a gram a page at a time, so
// a caller that stops early reads little. No transaction stays open while
// it yields.
func (p *Project) Candidates(folded string) iter.Seq2[uint64, error] {
	return func(yield func(uint64, error) bool) {
		ids, err := p.gramCandidates(folded)
		if err != nil {
			yield(0, fmt.Errorf("search index: %w", err))
			return
		}
		exact := utf8.RuneCountInString(folded) <= gramRunes // the gram's own list
		sq := squeeze(folded)
		for page := range slices.Chunk(ids, candidatePage) {
			if !exact {
				if page, err = p.squeezedFilter(page, sq); err != nil {
					yield(0, fmt.Errorf("search index: %w", err))
					return
				}
			}
			for _, id := range page {
				if !yield(id, nil) {
					return
				}
			}
		}
	}
}

// gramCandidates returns the documents that hold every gram of folded.
func (p *Project) gramCandidates(folded string) ([]uint64, error) {
	if folded == "" {
		return nil, nil
	}
	var ids []uint64
	err := p.sweep(func(tx *bolt.Tx, _ func()) error {
		b := tx.Bucket(bucketGrams)
		if b == nil {
			return fmt.Errorf("bucket %q is missing: %w", bucketGrams, ErrDamaged)
		}
		if tx.Bucket(bucketMeta).Get(keyIndexNext) != nil {
			return errIndexIncomplete
		}
		// Decode only the shortest list; the others, shortest first,
		// are walked chunk by chunk to thin it, so a query of common
		// grams holds one list, not one per gram.
		grams := queryGrams(folded)
		sizes := make([]int, len(grams))
		for i, g := range grams {
			if sizes[i] = postingBytes(b, g); sizes[i] == 0 {
				return nil
			}
		}
		order := make([]int, len(grams))
		for i := range order {
			order[i] = i
		}
		slices.SortFunc(order, func(i, j int) int { return sizes[i] - sizes[j] })
		var err error
		if ids, err = postings(b, grams[order[0]]); err != nil {
			return err
		}
		for _, i := range order[1:] {
			if ids, err = keepPostings(b, grams[i], ids); err != nil || len(ids) == 0 {
				return err
			}
		}
		return nil
	})
	return ids, err
}

// squeezedFilter keeps, in place, the ids whose squeezed text contains sq.
func (p *Project) squeezedFilter(ids []uint64, sq []byte) ([]uint64, error) {
	kept := ids[:0]
	err := p.sweep(func(tx *bolt.Tx, read func()) error {
		sb := tx.Bucket(bucketSqueezed)
		if sb == nil {
			return fmt.Errorf("bucket %q is missing: %w", bucketSqueezed, ErrDamaged)
		}
		for _, id := range ids {
			read()
			v, ok, err := squeezedText(sb, id)
			if err != nil {
				return err
			}
			if !ok {
				return fmt.Errorf("document %d has no squeezed text: %w", id, ErrDamaged)
			}
			if bytes.Contains(v, sq) {
				kept = append(kept, id)
			}
		}
		return nil
	})
	return kept, err
}

// Text returns the text of document id, without its spans and relations.
func (p *Project) Text(id uint64) (string, error) {
	var text string
	err := p.view(func(tx *bolt.Tx) error {
		t := tx.Bucket(bucketTexts).Get(idKey(id))
		if t == nil {
			return fmt.Errorf("document %d: %w", id, annotate.ErrNotFound)
		}
		text = string(t)
		return nil
	})
	return text, err
}

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
	var want, got indexSum
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
	var grams gramSet
	_ = c.tx.Bucket(bucketTexts).ForEach(func(k, v []byte) error {
		if len(k) == 8 {
			id := binary.BigEndian.Uint64(k)
			f := arabic.FoldString(string(v))
			if sq, ok, err := squeezedText(sb, id); err != nil || !ok || !bytes.Equal(sq, squeeze(f)) {
				c.report("document %d: the search index's squeezed text differs from its text: %w", id, ErrDamaged)
			}
			for _, c := range grams.of(f) {
				want.add(c, id)
			}
		}
		return nil
	})
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
