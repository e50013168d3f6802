package arabic

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

// Match is a code-point range [Start, End) of an original text.
type Match struct {
	Start, End int
}

// Searcher finds folded queries in one text. Build it once per text and
// reuse it for many queries (a gazetteer, propagation); it is read-only
// after NewSearcher returns and safe for concurrent use.
type Searcher struct {
	text   string
	folded Folded
	bytes  []int // original byte offset of each folded rune's source, plus len(text)
}

// NewSearcher folds text for searching.
func NewSearcher(text string) *Searcher {
	f, bm := fold(text, true)
	return &Searcher{text: text, folded: f, bytes: bm}
}

// Find returns the occurrences of query in the original text, matched after
// folding both, in ascending order and without overlaps. Each match's end
// extends over the combining marks that follow it, and both edges are moved
// outwards onto grapheme boundaries when needed.
func Find(text, query string) []Match { return NewSearcher(text).Find(query) }

// FindWords is like Find, but a match must start at the start of a word or
// right after a sequence of proclitics (و ف, then ب ك ل س, then ال, or لل),
// and end at the end of a word. A query that starts with ال also matches
// after لل, where the article's alef is not written (للقدس for القدس).
func FindWords(text, query string) []Match { return NewSearcher(text).FindWords(query) }

// Find is the package-level Find over s's text.
func (s *Searcher) Find(query string) []Match { return s.find(FoldString(query), false) }

// FindWords is the package-level FindWords over s's text.
func (s *Searcher) FindWords(query string) []Match { return s.find(FoldString(query), true) }

// find looks for the folded query q.
func (s *Searcher) find(q string, words bool) []Match {
	if strings.TrimSpace(q) == "" {
		return nil
	}
	var found []Match
	s.each(q, func(b, fs, fe int) {
		if !words || s.wordEnd(b+len(q)) && s.wordStartOrClitic(b) {
			found = append(found, s.original(fs, fe))
		}
	})
	if words && utf8.RuneCountInString(q) > 2 && strings.HasPrefix(q, "ال") {
		// للقدس: ل + ال with the alef not written; the match starts at
		// the second lam, which stands for the article.
		rest := q[len("ا"):]
		s.each(rest, func(b, fs, fe int) {
			r, size := utf8.DecodeLastRuneInString(s.folded.Text[:b])
			if r == 'ل' && s.wordEnd(b+len(rest)) && s.cliticsBefore(b-size) {
				found = append(found, s.original(fs, fe))
			}
		})
	}
	return dropOverlaps(found)
}

// each calls found with the folded byte offset and the folded rune range of
// every occurrence of q, in ascending order.
func (s *Searcher) each(q string, found func(b, fs, fe int)) {
	t := s.folded.Text
	qn := utf8.RuneCountInString(q)
	at, runes := 0, 0 // a byte offset of t and its rune index
	for from := 0; from <= len(t); {
		i := strings.Index(t[from:], q)
		if i < 0 {
			return
		}
		b := from + i
		runes += utf8.RuneCountInString(t[at:b])
		at = b
		found(b, runes, runes+qn)
		_, size := utf8.DecodeRuneInString(t[b:])
		from = b + max(size, 1)
	}
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) }

// wordEnd reports whether folded byte offset b ends a word.
func (s *Searcher) wordEnd(b int) bool {
	r, _ := utf8.DecodeRuneInString(s.folded.Text[b:])
	return b >= len(s.folded.Text) || !isWordRune(r)
}

// wordStart returns the folded byte offset where the word holding b starts.
func (s *Searcher) wordStart(b int) int {
	for b > 0 {
		r, size := utf8.DecodeLastRuneInString(s.folded.Text[:b])
		if !isWordRune(r) {
			break
		}
		b -= size
	}
	return b
}

// wordStartOrClitic reports whether folded byte offset b starts a word or
// follows only proclitics inside its word.
func (s *Searcher) wordStartOrClitic(b int) bool {
	w := s.wordStart(b)
	return w == b || isProcliticSeq(s.folded.Text[w:b])
}

// cliticsBefore reports whether the folded text from the word start to b
// is a conjunction or nothing: what may precede the لل of an article.
func (s *Searcher) cliticsBefore(b int) bool {
	p := s.folded.Text[s.wordStart(b):b]
	return p == "" || p == "و" || p == "ف"
}

// isProcliticSeq reports whether folded p is a proclitic sequence: an
// optional و or ف, an optional ب ك ل or س, an optional ال; or an optional
// و or ف followed by لل.
func isProcliticSeq(p string) bool {
	if p == "" {
		return false
	}
	p = strings.TrimPrefix(strings.TrimPrefix(p, "و"), "ف")
	if p == "" || p == "لل" {
		return true
	}
	for _, c := range []string{"ب", "ك", "ل", "س"} {
		if strings.HasPrefix(p, c) {
			p = p[len(c):]
			break
		}
	}
	return p == "" || p == "ال"
}

// original maps the folded rune range [fs, fe) to an original range,
// extended over trailing combining marks and out to grapheme boundaries.
func (s *Searcher) original(fs, fe int) Match {
	start, bs := s.folded.Map[fs], s.bytes[fs]
	_, size := utf8.DecodeRuneInString(s.text[s.bytes[fe-1]:])
	end, be := s.folded.Map[fe-1]+1, s.bytes[fe-1]+size
	for be < len(s.text) {
		r, size := utf8.DecodeRuneInString(s.text[be:])
		if !unicode.Is(unicode.Mn, r) && !unicode.Is(unicode.Me, r) {
			break
		}
		be += size
		end++
	}
	for !boundaryAt(s.text, bs) {
		_, size := utf8.DecodeLastRuneInString(s.text[:bs])
		bs -= size
		start--
	}
	for !boundaryAt(s.text, be) {
		_, size := utf8.DecodeRuneInString(s.text[be:])
		be += size
		end++
	}
	return Match{Start: start, End: end}
}

// plain reports whether r takes part in no grapheme cluster rule but the
// default break: Latin-1 but CR, Arabic letters without marks, Arabic
// digits and punctuation.
func plain(r rune) bool {
	return r < 0x300 && r != '\r' || r >= 0x0621 && r <= 0x064A || r >= 0x0660 && r <= 0x066D ||
		r == 0x060C || r == 0x061B || r == 0x061F
}

// boundaryAt reports whether byte offset b of text is a grapheme boundary.
// It segments only the line holding b: a line feed always ends a cluster.
func boundaryAt(text string, b int) bool {
	if b <= 0 || b >= len(text) {
		return true
	}
	r0, _ := utf8.DecodeLastRuneInString(text[:b])
	r1, _ := utf8.DecodeRuneInString(text[b:])
	if plain(r0) && plain(r1) {
		return true
	}
	from := strings.LastIndexByte(text[:b], '\n') + 1
	if from == b {
		return true
	}
	to := strings.IndexByte(text[b:], '\n')
	if to < 0 {
		to = len(text)
	} else {
		to += b
	}
	state := -1
	rest := text[from:to]
	pos := from
	for pos < b {
		var c string
		c, rest, _, state = uniseg.StepString(rest, state)
		pos += len(c)
	}
	return pos == b
}

// dropOverlaps sorts matches and keeps, of overlapping ones, the first.
func dropOverlaps(ms []Match) []Match {
	slices.SortFunc(ms, func(a, b Match) int {
		if a.Start != b.Start {
			return a.Start - b.Start
		}
		return b.End - a.End
	})
	out := ms[:0]
	for _, m := range ms {
		if n := len(out); n > 0 && m.Start < out[n-1].End {
			continue
		}
		out = append(out, m)
	}
	return out
}
