package learn

import (
	"strings"
	"unicode"

	"alama/annotate/arabic"
)

// Feature templates: the first byte of every feature hash. Templates with
// a position (prefixes, suffixes, neighbours) take one byte per position.
const (
	fBias           byte = 1
	fWord           byte = 2
	fFold           byte = 3
	fPrefix         byte = 4  // 4..7: one to four letters
	fSuffix         byte = 8  // 8..11
	fStem           byte = 12 // the folded stem
	fProclitic      byte = 13 // the folded proclitics and article
	fPronoun        byte = 14 // the folded pronoun suffix
	fShape          byte = 15
	fLength         byte = 16 // letters in the stem
	fFirst          byte = 17 // first token of its sentence
	fNeighbour      byte = 18 // 18..21: folded words at -2, -1, +1, +2
	fNeighbourStem  byte = 22 // 22..25 (only -1 and +1 used)
	fNeighbourWord  byte = 26 // 26..29 (only -1 and +1 used)
	fBigram         byte = 30 // 30, 31: previous+this, this+next stems
	fGazetteer      byte = 32 // position in a hit and its label
	fGazetteerAny   byte = 33 // position in a hit of any label
	fGazetteerStem  byte = 34 // position and label, the hit found on the stem
	fGazetteerWord  byte = 35 // the label of terms holding this token
	fGazetteerBare  byte = 36 // the same for the token without proclitics
	fNeighbourAffix byte = 37 // 37..40: first and last two letters of the words at -1 and +1
)

const (
	offset64 = 14695981039346656037
	prime64  = 1099511628211
)

// hash is FNV-1a over the template byte and s.
func hash(t byte, s string) uint64 {
	h := uint64(offset64)
	h = (h ^ uint64(t)) * prime64
	for i := 0; i < len(s); i++ {
		h = (h ^ uint64(s[i])) * prime64
	}
	return h
}

// hash2 is hash over a and b joined by a separator.
func hash2(t byte, a, b string) uint64 {
	h := hash(t, a)
	h = (h ^ 0xff) * prime64
	for i := 0; i < len(b); i++ {
		h = (h ^ uint64(b[i])) * prime64
	}
	return h
}

// word is what the features need of one token.
type word struct {
	raw, fold, stem, pro, suf, shape string
	bare                             string // fold without proclitics (the article stays)
}

func describe(t Token) word {
	w := word{raw: strings.ToLower(t.Text), fold: arabic.FoldString(t.Text)}
	w.stem = w.fold
	if t.Kind == arabic.Word {
		var stem, pro, bare strings.Builder
		for _, p := range arabic.Segment(t.Text) {
			f := arabic.FoldString(p.Text)
			if p.Kind != arabic.Proclitic {
				bare.WriteString(f)
			}
			switch p.Kind {
			case arabic.Proclitic, arabic.Article:
				pro.WriteString(f)
				pro.WriteByte('+')
			case arabic.Stem:
				stem.WriteString(f)
			case arabic.Suffix:
				w.suf = f
			}
		}
		if stem.Len() > 0 {
			w.stem = stem.String()
		}
		w.pro = pro.String()
		w.bare = bare.String()
	}
	if w.bare == "" {
		w.bare = w.fold
	}
	w.shape = shape(t)
	return w
}

// shape sums up a token's characters: its kind, with digits, Latin
// capitals and hyphens noted.
func shape(t Token) string {
	var digit, upper, hyphen bool
	for _, r := range t.Text {
		switch {
		case unicode.IsDigit(r):
			digit = true
		case unicode.IsUpper(r):
			upper = true
		case r == '-':
			hyphen = true
		}
	}
	s := t.Kind.String()
	if digit {
		s += "+d"
	}
	if upper {
		s += "+A"
	}
	if hyphen {
		s += "+-"
	}
	if t.Kind == arabic.Punct || t.Kind == arabic.Symbol {
		s += t.Text
	}
	return s
}

// prefix returns the first n runes of s, or "" if s is shorter.
func prefix(s string, n int) string {
	i := 0
	for k := range s {
		if i == n {
			return s[:k]
		}
		i++
	}
	if i == n {
		return s
	}
	return ""
}

// suffix returns the last n runes of s, or "" if s is shorter.
func suffix(s string, n int) string {
	r := []rune(s)
	if len(r) < n {
		return ""
	}
	return string(r[len(r)-n:])
}

var lengthNames = [...]string{"0", "1", "2", "3", "4", "5", "6", "7", "8+"}

// features returns the feature hashes of every token of a sentence; gaz,
// if not nil, adds gazetteer hits.
func features(sent []Token, gaz *Gazetteer) [][]uint64 {
	ws := make([]word, len(sent))
	for i, t := range sent {
		ws[i] = describe(t)
	}
	var hits [][]gazHit
	if gaz != nil {
		hits = gaz.match(ws)
	}
	out := make([][]uint64, len(sent))
	for i, w := range ws {
		f := make([]uint64, 0, 40)
		f = append(f, hash(fBias, ""), hash(fWord, w.raw), hash(fFold, w.fold), hash(fStem, w.stem),
			hash(fProclitic, w.pro), hash(fPronoun, w.suf), hash(fShape, w.shape),
			hash(fLength, lengthNames[min(len([]rune(w.stem)), 8)]))
		for n := 1; n <= 4; n++ {
			if p := prefix(w.fold, n); p != "" {
				f = append(f, hash(fPrefix+byte(n-1), p))
			}
			if s := suffix(w.fold, n); s != "" {
				f = append(f, hash(fSuffix+byte(n-1), s))
			}
		}
		if i == 0 {
			f = append(f, hash(fFirst, ""))
		}
		for k, d := range [4]int{-2, -1, 1, 2} {
			j := i + d
			nf, ns := "<s>", "<s>"
			if j >= len(ws) {
				nf, ns = "</s>", "</s>"
			}
			if j >= 0 && j < len(ws) {
				nf, ns = ws[j].fold, ws[j].stem
			}
			f = append(f, hash(fNeighbour+byte(k), nf))
			if d == -1 || d == 1 {
				f = append(f, hash(fNeighbourStem+byte(k), ns))
				if j >= 0 && j < len(ws) {
					f = append(f, hash(fNeighbourWord+byte(k), ws[j].raw))
				}
			}
		}
		prev, next := "<s>", "</s>"
		if i > 0 {
			prev = ws[i-1].stem
		}
		if i+1 < len(ws) {
			next = ws[i+1].stem
		}
		f = append(f, hash2(fBigram, prev, w.stem), hash2(fBigram+1, w.stem, next))
		if gaz != nil {
			if l, ok := gaz.wordLabel(w.fold); ok {
				f = append(f, hash(fGazetteerWord, l))
			}
			if w.bare != w.fold {
				if l, ok := gaz.wordLabel(w.bare); ok {
					f = append(f, hash(fGazetteerBare, l))
				}
			}
		}
		for k, d := range [2]int{-1, 1} {
			if j := i + d; j >= 0 && j < len(ws) {
				f = append(f, hash(fNeighbourAffix+byte(2*k), prefix(ws[j].fold, 2)), hash(fNeighbourAffix+byte(2*k+1), suffix(ws[j].fold, 2)))
			}
		}
		if hits != nil {
			for _, h := range hits[i] {
				f = append(f, hash2(fGazetteer, h.pos, h.label), hash(fGazetteerAny, h.pos))
				if h.stem {
					f = append(f, hash2(fGazetteerStem, h.pos, h.label))
				}
			}
		}
		out[i] = f
	}
	return out
}
