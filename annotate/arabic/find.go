package arabic

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"alama/annotate"
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
	runes  []rune // folded text as code points
	starts []int  // byte offset in folded.Text of each folded rune, plus the end
	offs   *annotate.Offsets
}

// NewSearcher folds text for searching.
func NewSearcher(text string) *Searcher {
	f := Fold(text)
	s := &Searcher{text: text, folded: f, runes: make([]rune, 0, len(f.Map)), starts: make([]int, 0, len(f.Map))}
	for i, r := range f.Text {
		s.runes = append(s.runes, r)
		s.starts = append(s.starts, i)
	}
	s.starts = append(s.starts, len(f.Text))
	s.offs = annotate.NewOffsets(text)
	return s
}

// Text returns the original text.
func (s *Searcher) Text() string { return s.text }

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
	qn := utf8.RuneCountInString(q)
	s.each(q, func(fs int) {
		fe := fs + qn
		if !words || s.wordEnd(fe) && s.wordStartOrClitic(fs) {
			found = append(found, s.original(fs, fe))
		}
	})
	if words && qn > 2 && strings.HasPrefix(q, "ال") {
		// للقدس: ل + ال with the alef not written; the match starts at
		// the second lam, which stands for the article.
		s.each(q[len("ا"):], func(fs int) {
			fe := fs + qn - 1
			if fs >= 1 && s.runes[fs-1] == 'ل' && s.wordEnd(fe) && s.cliticsBefore(fs-1) {
				found = append(found, s.original(fs, fe))
			}
		})
	}
	return dropOverlaps(found)
}

// each calls found with the folded rune index of every occurrence of q.
func (s *Searcher) each(q string, found func(fs int)) {
	t := s.folded.Text
	for from := 0; from <= len(t); {
		i := strings.Index(t[from:], q)
		if i < 0 {
			return
		}
		b := from + i
		found(s.runeIndex(b))
		_, size := utf8.DecodeRuneInString(t[b:])
		from = b + max(size, 1)
	}
}

// runeIndex returns the folded rune index at folded byte offset b.
func (s *Searcher) runeIndex(b int) int {
	lo, hi := 0, len(s.starts)-1
	for lo < hi {
		mid := (lo + hi) / 2
		if s.starts[mid] < b {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) }

// wordEnd reports whether folded index fe ends a word.
func (s *Searcher) wordEnd(fe int) bool { return fe >= len(s.runes) || !isWordRune(s.runes[fe]) }

// wordStart returns the folded index where the word holding fs starts.
func (s *Searcher) wordStart(fs int) int {
	for fs > 0 && isWordRune(s.runes[fs-1]) {
		fs--
	}
	return fs
}

// wordStartOrClitic reports whether folded index fs starts a word or follows
// only proclitics inside its word.
func (s *Searcher) wordStartOrClitic(fs int) bool {
	w := s.wordStart(fs)
	return w == fs || isProcliticSeq(string(s.runes[w:fs]))
}

// cliticsBefore reports whether the folded text from the word start to fs
// is a conjunction or nothing: what may precede the لل of an article.
func (s *Searcher) cliticsBefore(fs int) bool {
	w := s.wordStart(fs)
	p := string(s.runes[w:fs])
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

// original maps the folded range [fs, fe) to an original range, extended
// over trailing combining marks and out to grapheme boundaries.
func (s *Searcher) original(fs, fe int) Match {
	start := s.folded.Map[fs]
	end := s.folded.Map[fe-1] + 1
	b := s.offs.Byte(end)
	for b < len(s.text) {
		r, size := utf8.DecodeRuneInString(s.text[b:])
		if !unicode.Is(unicode.Mn, r) && !unicode.Is(unicode.Me, r) {
			break
		}
		b += size
		end++
	}
	for !s.offs.IsBoundary(start) {
		start--
	}
	for !s.offs.IsBoundary(end) {
		end++
	}
	return Match{Start: start, End: end}
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
