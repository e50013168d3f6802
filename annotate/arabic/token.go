package arabic

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// Kind is the sort of a token.
type Kind uint8

// The token kinds.
const (
	Word   Kind = iota + 1 // letters of Arabic or another non-Latin script, with marks and tatweel
	Number                 // digits of any script with inner separators and a percent sign
	Punct                  // one punctuation mark
	Latin                  // a Latin-script word, possibly with digits, inner hyphens and apostrophes
	URL                    // a web address starting with a scheme or www.
	Email                  // an e-mail address
	Emoji                  // one emoji, including ZWJ sequences, flags and keycaps
	Symbol                 // one other visible symbol
)

var kindNames = [...]string{Word: "word", Number: "number", Punct: "punct", Latin: "latin",
	URL: "url", Email: "email", Emoji: "emoji", Symbol: "symbol"}

// String returns the kind's lower-case name.
func (k Kind) String() string {
	if int(k) < len(kindNames) && kindNames[k] != "" {
		return kindNames[k]
	}
	return "unknown"
}

// Token is one token of a text: the code-point range [Start, End) and the
// original text it covers.
type Token struct {
	Start, End int
	Text       string
	Kind       Kind
}

// Range is a code-point range [Start, End) of a text.
type Range struct {
	Start, End int
}

// Tokenize splits text into tokens. Words are separated by white space and
// punctuation; each punctuation mark (Arabic ، ؛ ؟ « » and Latin) is its own
// token. Numbers in ASCII, Arabic-Indic and Eastern Arabic-Indic digits stay
// whole with inner separators (3.5, 1,200, ٣٫٥, ١٬٢٠٠) and a trailing
// percent sign; Latin words, URLs and e-mail addresses stay whole; each emoji
// is a token. Harakat and tatweel stay inside their word. Bidi and other
// format controls are neither tokens nor separators: a word runs on across
// them, but no token starts or ends with one. Token edges are grapheme
// boundaries and no token spans a line break.
func Tokenize(text string) []Token {
	return withGraphemes(text, func(gs []graph) []Token { return tokenize(nil, text, gs, 0) })
}

// tokenize appends the tokens of the graphemes gs of text to out, adding
// shift to offsets.
func tokenize(out []Token, text string, gs []graph, shift int) []Token {
	out = slices.Grow(out, len(gs)/5+1) // words of news text average under five letters and a space
	emit := func(i, j int, k Kind) {
		a, z := gs[i], gs[j-1]
		out = append(out, Token{Start: int(a.cp) + shift, End: int(z.cpEnd) + shift, Text: text[a.b:z.bEnd], Kind: k})
	}
	for i := 0; i < len(gs); {
		g := gs[i]
		switch g.cls {
		case cSpace, cFormat:
			i++
			continue
		case cLatin, cDigit:
			if j := scanURL(text, gs, i); j > i {
				emit(i, j, URL)
				i = j
				continue
			}
			if j := scanEmail(text, gs, i); j > i {
				emit(i, j, Email)
				i = j
				continue
			}
			var j int
			var k Kind
			if g.cls == cDigit {
				j, k = scanNumber(gs, i)
			} else {
				j, k = scanLatin(gs, i+1), Latin
			}
			emit(i, j, k)
			i = j
		case cLetter:
			j := i + 1
			for j < len(gs) {
				if gs[j].cls == cLetter {
					j++
					continue
				}
				k := j
				for k < len(gs) && gs[k].cls == cFormat {
					k++
				}
				if k == j || k == len(gs) || gs[k].cls != cLetter {
					break
				}
				j = k
			}
			emit(i, j, Word)
			i = j
		case cPunct:
			emit(i, i+1, Punct)
			i++
		case cEmoji:
			emit(i, i+1, Emoji)
			i++
		default:
			emit(i, i+1, Symbol)
			i++
		}
	}
	return out
}

// scanLatin extends a Latin word from j over Latin letters and digits, and
// over an inner hyphen, apostrophe or underscore followed by one of them.
func scanLatin(gs []graph, j int) int {
	for j < len(gs) {
		switch c := gs[j].cls; {
		case c == cLatin || c == cDigit:
			j++
		case strings.ContainsRune("-'’_", gs[j].r) && gs[j].cpEnd-gs[j].cp == 1 &&
			j+1 < len(gs) && (gs[j+1].cls == cLatin || gs[j+1].cls == cDigit):
			j += 2
		default:
			return j
		}
	}
	return j
}

func isNumberSep(r rune) bool {
	return r == '.' || r == ',' || r == '\u066B' || r == '\u066C'
}

func isPercent(r rune) bool {
	return r == '%' || r == '\u066A' || r == '\u2030' || r == '\u0609' || r == '\u060A'
}

// scanNumber reads a number starting at digit i: digits, separators between
// digits, then an optional percent sign. Latin letters right after the digits
// (5G, 10km) make the whole a Latin token.
func scanNumber(gs []graph, i int) (int, Kind) {
	j := i + 1
	for j < len(gs) {
		switch {
		case gs[j].cls == cDigit:
			j++
		case isNumberSep(gs[j].r) && gs[j].cpEnd-gs[j].cp == 1 && j+1 < len(gs) && gs[j+1].cls == cDigit:
			j += 2
		case isPercent(gs[j].r):
			return j + 1, Number
		case gs[j].cls == cLatin:
			return scanLatin(gs, j), Latin
		default:
			return j, Number
		}
	}
	return j, Number
}

var urlPrefixes = []string{"http://", "https://", "ftp://", "www."}

// scanURL returns the end of a URL starting at grapheme i, or i if none
// starts there.
func scanURL(text string, gs []graph, i int) int {
	rest := text[gs[i].b:]
	plen := 0
	for _, p := range urlPrefixes {
		if len(rest) >= len(p) && strings.EqualFold(rest[:len(p)], p) {
			plen = utf8.RuneCountInString(p)
			break
		}
	}
	if plen == 0 {
		return i
	}
	j := i
	for j < len(gs) {
		g := gs[j]
		if g.cls == cSpace || g.cls == cFormat || strings.ContainsRune("«»،؛\"<>“”", g.r) {
			break
		}
		j++
	}
	// Trailing punctuation belongs to the sentence, and a closing bracket
	// only to the URL if the URL opened it.
	for j > i {
		r := gs[j-1].r
		if r == ')' && strings.Count(text[gs[i].b:gs[j-1].b], "(") > strings.Count(text[gs[i].b:gs[j-1].b], ")") {
			break
		}
		if !strings.ContainsRune(".,;:!?'’)]}؟", r) {
			break
		}
		j--
	}
	if j == i || int(gs[j-1].cpEnd-gs[i].cp) <= plen {
		return i
	}
	return j
}

func isASCIIAlnum(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
}

// single reports whether grapheme g is one code point and ok accepts it.
func single(g graph, ok func(rune) bool) bool { return g.cpEnd-g.cp == 1 && ok(g.r) }

// scanEmail returns the end of an e-mail address starting at grapheme i, or
// i if none starts there.
func scanEmail(text string, gs []graph, i int) int {
	j := i
	for j < len(gs) && single(gs[j], func(r rune) bool { return isASCIIAlnum(r) || strings.ContainsRune("._%+-", r) }) {
		j++
	}
	if j == i || j >= len(gs) || gs[j].r != '@' || gs[j-1].r == '.' {
		return i
	}
	j++
	start := j
	for j < len(gs) && single(gs[j], func(r rune) bool { return isASCIIAlnum(r) || r == '.' || r == '-' }) {
		j++
	}
	for j > start && (gs[j-1].r == '.' || gs[j-1].r == '-') {
		j--
	}
	if j == start {
		return i
	}
	domain := text[gs[start].b:gs[j-1].bEnd]
	dot := strings.LastIndexByte(domain, '.')
	if dot <= 0 || len(domain)-dot-1 < 2 {
		return i
	}
	for _, r := range domain[dot+1:] {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return i
		}
	}
	return j
}
