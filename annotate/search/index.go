package search

import (
	"fmt"
	"iter"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"alama/annotate"
	"alama/annotate/arabic"
)

// Corpus is where an index reads documents; a stored project satisfies it.
type Corpus interface {
	// All yields every document once, in id order.
	All() iter.Seq2[*annotate.Document, error]
	// Document loads one document.
	Document(id uint64) (*annotate.Document, error)
}

// Indexed is a corpus that keeps a search index of its own, as a stored
// project does. An Index over it reads no text up front: each search asks
// the corpus for its candidates and reads only their texts.
type Indexed interface {
	Corpus
	// Candidates yields, in ascending order, the ids of the documents
	// whose folded text (arabic.FoldString) may contain folded, a folded
	// query; every document that does contain it must be among them. A
	// search stops taking them once it has enough hits.
	Candidates(folded string) iter.Seq2[uint64, error]
	// Text returns the text of one document.
	Text(id uint64) (string, error)
}

// Docs is a corpus held in memory, in id order.
type Docs []*annotate.Document

// All implements Corpus.
func (ds Docs) All() iter.Seq2[*annotate.Document, error] {
	return func(yield func(*annotate.Document, error) bool) {
		for _, d := range ds {
			if !yield(d, nil) {
				return
			}
		}
	}
}

// Document implements Corpus.
func (ds Docs) Document(id uint64) (*annotate.Document, error) {
	i, ok := slices.BinarySearchFunc(ds, id, func(d *annotate.Document, id uint64) int {
		switch {
		case d.ID < id:
			return -1
		case d.ID > id:
			return 1
		}
		return 0
	})
	if !ok {
		return nil, fmt.Errorf("document %d: %w", id, annotate.ErrNotFound)
	}
	return ds[i], nil
}

// Hit is one match of a query in a document.
type Hit struct {
	DocID      uint64
	Start, End int    // code points in the document text
	Text       string // the matched original text
	Before     string // context before the match, line breaks as spaces
	After      string // context after the match, line breaks as spaces
}

// Options tune a search.
type Options struct {
	// Words asks for whole-word-ish matches (see arabic.FindWords).
	Words bool
	// Context is how many code points of context each side of a hit
	// carries; 0 means 40.
	Context int
	// Limit stops the search after that many hits; 0 means 1000.
	Limit int
}

// Index answers folded queries over a corpus. Over an Indexed corpus it
// asks the corpus's own index for the documents that may match and checks
// each; over any other it folds every text once, on the first search, and
// keeps only the folded texts, reading the documents with a match again
// for exact offsets. An Index is safe for concurrent use.
type Index struct {
	corpus Corpus
	mu     sync.Mutex
	built  bool
	ids    []uint64
	folded []string
}

// NewIndex returns an index over corpus. Nothing is read until the first
// search.
func NewIndex(c Corpus) *Index { return &Index{corpus: c} }

// Reset forgets the folded texts, so the next search reads the corpus again
// (after documents were added or removed). An Indexed corpus needs no
// reset: its index follows its imports.
func (x *Index) Reset() {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.built, x.ids, x.folded = false, nil, nil
}

// build folds the corpus if that has not been done. x.mu is held.
func (x *Index) build() error {
	if x.built {
		return nil
	}
	var ids []uint64
	var folded []string
	for d, err := range x.corpus.All() {
		if err != nil {
			return fmt.Errorf("index corpus: %w", err)
		}
		ids = append(ids, d.ID)
		folded = append(folded, arabic.FoldString(d.Text))
	}
	x.ids, x.folded, x.built = ids, folded, true
	return nil
}

// Search returns the hits of query in document order and, within a
// document, in text order.
func (x *Index) Search(query string, opt Options) ([]Hit, error) {
	q := arabic.FoldString(query)
	if strings.TrimSpace(q) == "" {
		return nil, nil
	}
	if opt.Context <= 0 {
		opt.Context = 40
	}
	if opt.Limit <= 0 {
		opt.Limit = 1000
	}
	// In word mode a query with the article also matches after لل, where
	// its alef is not written.
	alt := ""
	if opt.Words && utf8.RuneCountInString(q) > 2 && strings.HasPrefix(q, "ال") {
		alt = q[len("ا"):]
	}
	if c, ok := x.corpus.(Indexed); ok {
		return searchIndexed(c, query, q, alt, opt)
	}
	x.mu.Lock()
	if err := x.build(); err != nil {
		x.mu.Unlock()
		return nil, err
	}
	ids, folded := x.ids, x.folded
	x.mu.Unlock()

	var hits []Hit
	for i, f := range folded {
		if !strings.Contains(f, q) && (alt == "" || !strings.Contains(f, alt)) {
			continue
		}
		d, err := x.corpus.Document(ids[i])
		if err != nil {
			return nil, fmt.Errorf("search: %w", err)
		}
		if hits = appendHits(hits, d, query, opt); len(hits) == opt.Limit {
			break
		}
	}
	return hits, nil
}

// searchIndexed is Search over a corpus with its own index: q is the
// folded query and alt, if not empty, the other folded form it may take.
func searchIndexed(c Indexed, query, q, alt string, opt Options) ([]Hit, error) {
	ids := c.Candidates(q)
	if alt != "" {
		ids = union(ids, c.Candidates(alt))
	}
	var hits []Hit
	for id, err := range ids {
		if err != nil {
			return nil, fmt.Errorf("search: %w", err)
		}
		text, err := c.Text(id)
		if err != nil {
			return nil, fmt.Errorf("search: %w", err)
		}
		// A candidate without a match (its grams apart) yields no hits.
		if hits = appendHits(hits, &annotate.Document{ID: id, Text: text}, query, opt); len(hits) == opt.Limit {
			break
		}
	}
	return hits, nil
}

// union merges two ascending id sequences, each id once. An error from
// either ends it.
func union(a, b iter.Seq2[uint64, error]) iter.Seq2[uint64, error] {
	return func(yield func(uint64, error) bool) {
		nextA, stopA := iter.Pull2(a)
		defer stopA()
		nextB, stopB := iter.Pull2(b)
		defer stopB()
		x, errA, okA := nextA()
		y, errB, okB := nextB()
		for okA || okB {
			switch {
			case okA && errA != nil:
				yield(0, errA)
				return
			case okB && errB != nil:
				yield(0, errB)
				return
			case !okB || okA && x < y:
				if !yield(x, nil) {
					return
				}
				x, errA, okA = nextA()
			case !okA || y < x:
				if !yield(y, nil) {
					return
				}
				y, errB, okB = nextB()
			default:
				if !yield(x, nil) {
					return
				}
				x, errA, okA = nextA()
				y, errB, okB = nextB()
			}
		}
	}
}

// appendHits appends the hits of query in d to hits, stopping at
// opt.Limit hits in all.
func appendHits(hits []Hit, d *annotate.Document, query string, opt Options) []Hit {
	s := arabic.NewSearcher(d.Text)
	ms := s.Find(query)
	if opt.Words {
		ms = s.FindWords(query)
	}
	for _, m := range ms {
		hits = append(hits, makeHit(d, m, opt.Context))
		if len(hits) == opt.Limit {
			break
		}
	}
	return hits
}

// makeHit cuts the hit text and its context out of d. The context edges do
// not split a letter from its marks.
func makeHit(d *annotate.Document, m arabic.Match, context int) Hit {
	t := d.Text
	bs := annotate.ByteOffset(t, m.Start)
	be := bs + annotate.ByteOffset(t[bs:], m.End-m.Start)
	from := bs
	for i := 0; i < context && from > 0; i++ {
		_, size := utf8.DecodeLastRuneInString(t[:from])
		from -= size
	}
	for from > 0 && joins(t, from) {
		_, size := utf8.DecodeLastRuneInString(t[:from])
		from -= size
	}
	to := be
	for i := 0; i < context && to < len(t); i++ {
		_, size := utf8.DecodeRuneInString(t[to:])
		to += size
	}
	for to < len(t) && joins(t, to) {
		_, size := utf8.DecodeRuneInString(t[to:])
		to += size
	}
	// Context that starts or ends inside a word loses the cut word, unless
	// the context is that one word.
	if from > 0 && !spaceBefore(t, from) {
		if i := strings.IndexFunc(t[from:bs], unicode.IsSpace); i >= 0 {
			from += i
		}
	}
	if to < len(t) && !spaceAt(t, to) {
		if i := strings.LastIndexFunc(t[be:to], unicode.IsSpace); i >= 0 {
			to = be + i
		}
	}
	// The pieces are copied, so that a list of hits does not keep the
	// whole text of every document it came from.
	flat := func(s string) string { return strings.Clone(strings.ReplaceAll(s, "\n", " ")) }
	return Hit{
		DocID:  d.ID,
		Start:  m.Start,
		End:    m.End,
		Text:   strings.Clone(t[bs:be]),
		Before: flat(t[from:bs]),
		After:  flat(t[be:to]),
	}
}

// spaceBefore reports whether the code point before byte offset b of t is
// white space.
func spaceBefore(t string, b int) bool {
	r, _ := utf8.DecodeLastRuneInString(t[:b])
	return unicode.IsSpace(r)
}

// spaceAt reports whether the code point at byte offset b of t is white
// space.
func spaceAt(t string, b int) bool {
	r, _ := utf8.DecodeRuneInString(t[b:])
	return unicode.IsSpace(r)
}

// joins reports whether byte offset b of t sits inside a cluster by the
// common rules: before a mark or joiner, or after a joiner.
func joins(t string, b int) bool {
	r, _ := utf8.DecodeRuneInString(t[b:])
	p, _ := utf8.DecodeLastRuneInString(t[:b])
	return unicode.IsMark(r) || r == '\u200D' || p == '\u200D' || r >= 0x1F3FB && r <= 0x1F3FF
}
