package store

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/bits"
	"slices"
	"unicode/utf8"

	bolt "go.etcd.io/bbolt"
)

// The search index keeps, for every gram (one, two or three consecutive
// code points) of the documents' folded texts (arabic.FoldString), the
// ascending ids of the documents that hold it. A posting list is cut into
// chunks: the key is len(gram) ‖ gram ‖ first id (8 bytes, big-endian),
// the value the ids after the first, in whichever of two forms is shorter:
// the uvarint gaps from each id to the next (never 0), or, for the dense
// lists of common grams, a 0 byte and a bitmap whose bit j (bit j%8 of
// byte j/8) says whether first+1+j is there (format version 4). Ids only
// grow, so a new document is appended to each gram's last chunk, and a
// chunk is closed when one more id would take it past chunkBytes.
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
	return squeezedIn(b.Get(squeezeKey(id)), id)
}

// squeezedIn returns document id's squeezed text from rec, the record of
// its group, and whether it is there.
func squeezedIn(rec []byte, id uint64) (sq []byte, ok bool, err error) {
	err = squeezedEntries(id>>squeezeGroupBits, rec, func(got uint64, v []byte) bool {
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

// gramKey returns the gram (a slice of k) and first id of chunk key k.
func gramKey(k []byte) (gram []byte, first uint64, ok bool) {
	if len(k) < 1+8 || int(k[0]) != len(k)-9 || k[0] == 0 {
		return nil, 0, false
	}
	return k[1 : len(k)-8], binary.BigEndian.Uint64(k[len(k)-8:]), true
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
	if len(v) > 0 && v[0] == bitmapChunk {
		if uint64(len(v)-1) > (math.MaxUint64-first)/8 {
			return fmt.Errorf("search index chunk: bitmap too long: %w", ErrDamaged)
		}
		for j, byt := range v[1:] {
			for ; byt != 0; byt &= byt - 1 {
				fn(first + 1 + uint64(8*j+bits.TrailingZeros8(byt)))
			}
		}
		return nil
	}
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

// bitmapChunk starts a chunk value that is a bitmap: a gap is never 0.
const bitmapChunk = 0

// chunkSize follows the size of a chunk's value in its two forms as ids
// are added to it.
type chunkSize struct {
	first, last uint64
	gaps        int // bytes of the uvarint gaps
}

// start begins a chunk at first.
func (c *chunkSize) start(first uint64) { *c = chunkSize{first: first, last: first} }

// with returns the size the chunk would have with id, above its last, and
// the sizes to keep if it is added.
func (c chunkSize) with(id uint64) (int, chunkSize) {
	c.gaps += uvarintLen(id - c.last)
	c.last = id
	return c.size(), c
}

// size returns the size of the chunk's value in its shorter form.
func (c chunkSize) size() int {
	if c.last == c.first {
		return 0
	}
	return min(c.gaps, 1+int((c.last-c.first+7)/8))
}

func uvarintLen(x uint64) int { return (bits.Len64(x|1) + 6) / 7 }

// encodeChunk returns the value of a chunk holding ascending ids (ids[0]
// is in its key), in its shorter form.
func encodeChunk(ids []uint64) []byte {
	var c chunkSize
	c.start(ids[0])
	for _, id := range ids[1:] {
		_, c = c.with(id)
	}
	if len(ids) == 1 {
		return nil
	}
	if c.gaps <= c.size() {
		val := make([]byte, 0, c.gaps)
		for i := 1; i < len(ids); i++ {
			val = binary.AppendUvarint(val, ids[i]-ids[i-1])
		}
		return val
	}
	val := make([]byte, c.size())
	for _, id := range ids[1:] {
		j := id - ids[0] - 1
		val[1+j/8] |= 1 << (j % 8)
	}
	return val
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
// reusing its storage: an open-addressing table whose slots count as
// empty unless they carry the current text's stamp, so a new text needs
// no clearing.
type gramSet struct {
	slots []gramSlot
	stamp uint32
	n     int // distinct codes of the current text
	codes []uint64
}

type gramSlot struct {
	code  uint64
	stamp uint32
}

// of returns the code of each gram of folded text f, each once, in no
// particular order; the slice is reused by the next call. Only the
// trigrams are gathered from the text: every bigram but the text's last
// begins a trigram, and every code point but the last begins a bigram, so
// the distinct bigrams and code points follow from the distinct trigrams,
// which a text holds fewer of than code points.
func (s *gramSet) of(f string) []uint64 {
	codes, _ := s.ofSqueezed(f, nil)
	return codes
}

// ofSqueezed is of that also reports, in the same pass over f, whether sq
// is f squeezed (see squeeze).
func (s *gramSet) ofSqueezed(f string, sq []byte) (codes []uint64, squeezed bool) {
	s.codes = s.codes[:0]
	s.next()
	var c uint64 // the code of the last three code points
	n := 0
	squeezed = true
	for _, r := range f {
		b := byte(r)
		if r >= utf8.RuneSelf {
			b = 0x80 | byte(r&0x7F)
		}
		squeezed = squeezed && n < len(sq) && sq[n] == b
		c = (c<<gramBits | uint64(r+1)) & (1<<(gramRunes*gramBits) - 1)
		if n++; n >= gramRunes {
			s.put(c)
		}
	}
	squeezed = squeezed && n == len(sq)
	if n == 0 {
		return s.codes, squeezed
	}
	// s.put may move s.codes: it is indexed afresh each time.
	tri := len(s.codes)
	for i := range tri {
		s.put(s.codes[i] >> gramBits)
	}
	if n >= 2 {
		s.put(c & (1<<(2*gramBits) - 1)) // the last bigram
	}
	bi := len(s.codes)
	for i := tri; i < bi; i++ {
		s.put(s.codes[i] >> gramBits)
	}
	s.put(c & (1<<gramBits - 1)) // the last code point
	return s.codes, squeezed
}

// next starts a new text.
func (s *gramSet) next() {
	s.n = 0
	if s.stamp++; s.stamp == 0 || s.slots == nil {
		s.stamp = 1
		s.slots = make([]gramSlot, max(len(s.slots), 1<<12))
	}
}

// put adds code c to the current text's codes unless it is there.
func (s *gramSet) put(c uint64) {
	mask := uint64(len(s.slots) - 1)
	for i := (c * 0x9E3779B97F4A7C15) >> 32 & mask; ; i = (i + 1) & mask {
		sl := &s.slots[i]
		if sl.stamp != s.stamp {
			*sl = gramSlot{code: c, stamp: s.stamp}
			s.codes = append(s.codes, c)
			if s.n++; 2*s.n > len(s.slots) {
				s.grow()
			}
			return
		}
		if sl.code == c {
			return
		}
	}
}

// grow doubles the table, keeping the current text's codes.
func (s *gramSet) grow() {
	s.slots = make([]gramSlot, 2*len(s.slots))
	s.stamp = 1
	s.n = 0
	codes := s.codes
	s.codes = nil
	for _, c := range codes {
		s.put(c)
	}
	s.codes = codes
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
