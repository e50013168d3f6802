package arabic

import (
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

// class is what a grapheme cluster is, judged by its first code point.
type class uint8

const (
	cSpace  class = iota // white space, line breaks and other separators
	cFormat              // bidi and other invisible format controls: skipped
	cLetter              // letters and marks of any script but Latin
	cLatin               // Latin letters
	cDigit               // decimal digits of any script
	cPunct               // punctuation
	cEmoji               // emoji, including ZWJ sequences, flags and keycaps
	cSymbol              // anything else visible
)

// graph is one grapheme cluster of a text. Offsets are int32 to keep the
// slice small: texts are limited far below 2 GB (the store refuses articles
// over 64 MB).
type graph struct {
	cp, cpEnd int32 // code-point range
	b, bEnd   int32 // byte range
	r         rune  // first code point
	cls       class
}

// graphPool holds grapheme slices for reuse: exports segment every
// document of a project, and a fresh slice per document was most of what
// they allocated.
var graphPool = sync.Pool{New: func() any { return new([]graph) }}

// withGraphemes calls f with the classified grapheme clusters of text, in a
// slice that is reused once f returns: f must not keep it.
func withGraphemes[T any](text string, f func([]graph) T) T {
	p := graphPool.Get().(*[]graph)
	gs := graphemesInto((*p)[:0], text)
	v := f(gs)
	*p = gs[:0]
	graphPool.Put(p)
	return v
}

// graphemes splits text into classified grapheme clusters.
func graphemes(text string) []graph { return graphemesInto(nil, text) }

// graphemesInto appends the classified grapheme clusters of text to out.
// Between two plain code points (see plain) the default break applies, so
// most of a news text is cut one code point at a time without asking
// uniseg, and classified by a table.
func graphemesInto(out []graph, text string) []graph {
	out = slices.Grow(out, len(text)/2+1) // Arabic letters take two bytes each
	state := -1
	cp, b := 0, 0
	r, size := decodeAt(text, 0)
	for b < len(text) {
		end := b + size
		var next rune
		var nsize int
		if end < len(text) {
			next, nsize = decodeAt(text, end)
		}
		if plain(r) && (end == len(text) || plain(next)) {
			out = append(out, graph{cp: int32(cp), cpEnd: int32(cp + 1), b: int32(b), bEnd: int32(end), r: r, cls: singleClass(text[b:end], r)})
			cp, b, state = cp+1, end, -1
			r, size = next, nsize
			continue
		}
		var c string
		c, _, _, state = uniseg.FirstGraphemeClusterInString(text[b:], state)
		n := utf8.RuneCountInString(c)
		out = append(out, graph{cp: int32(cp), cpEnd: int32(cp + n), b: int32(b), bEnd: int32(b + len(c)), r: r, cls: classify(c, r)})
		cp, b = cp+n, b+len(c)
		r, size = decodeAt(text, b)
	}
	return out
}

// decodeAt decodes the code point at byte b of text (0, 0 at its end).
func decodeAt(text string, b int) (rune, int) {
	if b >= len(text) {
		return 0, 0
	}
	if c := text[b]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeRuneInString(text[b:])
}

// lowClasses holds the class of each code point below 0x700 (Latin and
// Arabic) as a cluster of its own.
var lowClasses = func() (t [0x700]class) {
	for r := range rune(len(t)) {
		t[r] = classify(string(r), r)
	}
	return t
}()

// singleClass classifies the cluster c of the one code point r.
func singleClass(c string, r rune) class {
	if r < rune(len(lowClasses)) {
		return lowClasses[r]
	}
	return classify(c, r)
}

const (
	zwsp       = '\u200B'
	zwj        = '\u200D'
	vs16       = '\uFE0F'
	keycapMark = '\u20E3'
)

func classify(c string, r rune) class {
	switch {
	case r >= 0x0621 && r <= 0x064A:
		return cLetter
	case r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z':
		return cLatin
	case r >= '0' && r <= '9':
		if strings.ContainsRune(c, keycapMark) {
			return cEmoji
		}
		return cDigit
	case r == zwsp || unicode.IsSpace(r):
		return cSpace
	case unicode.Is(unicode.Cf, r):
		return cFormat
	case unicode.IsControl(r):
		return cSpace
	case isEmoji(c, r):
		return cEmoji
	case unicode.IsDigit(r):
		return cDigit
	case unicode.Is(unicode.Latin, r):
		return cLatin
	case unicode.IsLetter(r) || unicode.IsMark(r) || unicode.Is(unicode.Nl, r):
		return cLetter
	case unicode.IsPunct(r):
		return cPunct
	}
	return cSymbol
}

// isEmoji reports whether grapheme c, starting with r, is an emoji: a
// pictograph from the emoji blocks, a flag, a keycap, or a symbol asked to
// show as emoji (U+FE0F) or joined by ZWJ.
func isEmoji(c string, r rune) bool {
	switch {
	case r >= 0x1F000 && r <= 0x1FAFF, r >= 0x2600 && r <= 0x27BF,
		r == 0x231A, r == 0x231B, r >= 0x23E9 && r <= 0x23FA,
		r >= 0x2B05 && r <= 0x2B07, r == 0x2B1B, r == 0x2B1C, r == 0x2B50, r == 0x2B55:
		return true
	}
	keycap, presented := false, false
	for _, x := range c {
		switch x {
		case keycapMark:
			keycap = true
		case vs16, zwj:
			presented = true
		}
	}
	if keycap {
		return true
	}
	return presented && !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsSpace(r)
}
