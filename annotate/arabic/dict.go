package arabic

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// Dict is a set of terms to find at once, with the whole-word-ish rules of
// FindWords. Build it once (NewDict) and use it on many texts; it is
// read-only and safe for concurrent use.
type Dict struct {
	terms []string         // folded terms
	first map[string][]int // folded first word of a term → term indices
	other []int            // terms that do not start with a letter or digit
}

// NewDict folds terms for FindDict. Terms that fold to nothing are never
// found.
func NewDict(terms []string) *Dict {
	d := &Dict{terms: make([]string, len(terms)), first: map[string][]int{}}
	for i, t := range terms {
		f := FoldString(t)
		d.terms[i] = f
		if strings.TrimSpace(f) == "" {
			continue
		}
		w := firstWord(f)
		if w == "" {
			d.other = append(d.other, i)
			continue
		}
		d.first[w] = append(d.first[w], i)
	}
	return d
}

// firstWord returns the leading run of word runes of folded s.
func firstWord(s string) string {
	for i, r := range s {
		if !isWordRune(r) {
			return s[:i]
		}
	}
	return s
}

// DictMatch is a match of term Term (an index into NewDict's terms).
type DictMatch struct {
	Match
	Term int
}

// FindDict returns every whole-word-ish match (see FindWords) of every term
// of d, ordered by start, then longest first. Matches of different terms
// may overlap; matches of one term do not.
func (s *Searcher) FindDict(d *Dict) []DictMatch {
	t := s.folded.Text
	found := map[int][]Match{}
	at, runes := 0, 0 // the rune index of byte at of t, at the current word
	try := func(c int, key string, skip int) {
		for _, ti := range d.first[key] {
			term := d.terms[ti][skip:]
			if !strings.HasPrefix(t[c:], term) || !s.wordEnd(c+len(term)) {
				continue
			}
			fs := runes + utf8.RuneCountInString(t[at:c])
			found[ti] = append(found[ti], s.original(fs, fs+utf8.RuneCountInString(term)))
		}
	}
	for w0 := 0; w0 < len(t); {
		r, size := utf8.DecodeRuneInString(t[w0:])
		if !isWordRune(r) {
			w0 += size
			continue
		}
		w1 := w0
		for w1 < len(t) {
			r, size := utf8.DecodeRuneInString(t[w1:])
			if !isWordRune(r) {
				break
			}
			w1 += size
		}
		runes += utf8.RuneCountInString(t[at:w0])
		at = w0
		word := t[w0:w1]
		try(w0, word, 0)
		// After proclitics: at most و/ف, ب/ك/ل/س and ال, five letters.
		for k, n := 0, 0; k < len(word) && n < 5; n++ {
			_, size := utf8.DecodeRuneInString(word[k:])
			k += size
			if k < len(word) && isProcliticSeq(word[:k]) {
				try(w0+k, word[k:], 0)
			}
		}
		// للقدس for القدس: the second lam stands for the article.
		for _, p := range []string{"لل", "ولل", "فلل"} {
			if strings.HasPrefix(word, p) && len(word) > len(p) {
				c := w0 + len(p) - len("ل")
				try(c, "ا"+word[len(p)-len("ل"):], len("ا"))
			}
		}
		w0 = w1
	}
	var out []DictMatch
	for ti, ms := range found {
		for _, m := range dropOverlaps(ms) {
			out = append(out, DictMatch{Match: m, Term: ti})
		}
	}
	for _, ti := range d.other {
		for _, m := range s.find(d.terms[ti], true) {
			out = append(out, DictMatch{Match: m, Term: ti})
		}
	}
	slices.SortFunc(out, func(a, b DictMatch) int {
		switch {
		case a.Start != b.Start:
			return a.Start - b.Start
		case a.End != b.End:
			return b.End - a.End
		}
		return a.Term - b.Term
	})
	return out
}
