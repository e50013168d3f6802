package arabic

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Folded is a text folded for search, with a map back to the original.
// Map[i] is the original code-point offset of the code point that folded
// rune i came from; a final entry holds the original length. A presentation
// form that expands into several letters maps them all to its own offset.
type Folded struct {
	Text string
	Map  []int
}

// Fold folds s for search and records where each folded code point came
// from. It drops harakat (U+064B–U+065F, U+0670), tatweel, Quranic marks
// (U+06D6–U+06ED) and bidi and other format controls; turns أ إ آ ٱ into ا,
// ى and Farsi yeh into ي, ة into ه, keheh into ك and Arabic-Indic and
// Eastern Arabic-Indic digits into ASCII; applies NFKC to Arabic
// presentation forms only; and lower-cases letters. ؤ and ئ stay as they are.
func Fold(s string) Folded {
	f, _ := fold(s, false)
	return f
}

// fold is Fold that can also return, for each folded rune, the byte offset
// in s of the code point it came from (plus len(s)).
func fold(s string, withBytes bool) (Folded, []int) {
	var b strings.Builder
	b.Grow(len(s))
	n := utf8.RuneCountInString(s) + 1 // folding rarely adds code points
	m := make([]int, 0, n)
	var bm []int
	if withBytes {
		bm = make([]int, 0, n)
	}
	cp := 0
	for i, r := range s {
		foldRune(r, func(x rune) {
			b.WriteRune(x)
			m = append(m, cp)
			if withBytes {
				bm = append(bm, i)
			}
		})
		cp++
	}
	if withBytes {
		bm = append(bm, len(s))
	}
	return Folded{Text: b.String(), Map: append(m, cp)}, bm
}

// FoldString folds s as Fold does, without the map.
func FoldString(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		foldRune(r, func(x rune) { b.WriteRune(x) })
	}
	return b.String()
}

// dropped reports whether folding removes r.
func dropped(r rune) bool {
	switch {
	case r >= 0x064B && r <= 0x065F, r == 0x0670, r == 0x0640, r >= 0x06D6 && r <= 0x06ED:
		return true
	}
	return r >= 0x00AD && unicode.Is(unicode.Cf, r)
}

func isPresentationForm(r rune) bool {
	return r >= 0xFB50 && r <= 0xFDFF || r >= 0xFE70 && r <= 0xFEFF
}

// foldRune emits the folded form of r: nothing, one rune, or several for a
// presentation form.
func foldRune(r rune, emit func(rune)) {
	if r < utf8.RuneSelf {
		if r >= 'A' && r <= 'Z' {
			r += 'a' - 'A'
		}
		emit(r)
		return
	}
	if r >= 0x0621 && r <= 0x064A && r != 0x0640 {
		emit(foldLetter(r)) // the common case: an Arabic letter
		return
	}
	if dropped(r) {
		return
	}
	if isPresentationForm(r) {
		exp := norm.NFKC.String(string(r))
		if utf8.RuneCountInString(exp) == 1 && []rune(exp)[0] == r {
			emit(r)
			return
		}
		// Isolated haraka forms expand to a space and the haraka: both go.
		if strings.HasPrefix(exp, " ") && strings.IndexFunc(exp[1:], func(x rune) bool { return !dropped(x) }) < 0 {
			return
		}
		for _, x := range exp {
			if !dropped(x) {
				emit(foldLetter(x))
			}
		}
		return
	}
	emit(foldLetter(r))
}

// foldLetter maps one kept code point to its folded form.
func foldLetter(r rune) rune {
	switch {
	case r == 'أ', r == 'إ', r == 'آ', r == 'ٱ':
		return 'ا'
	case r == 'ى', r == 'ی':
		return 'ي'
	case r == 'ة':
		return 'ه'
	case r == 'ک':
		return 'ك'
	case r >= 0x0660 && r <= 0x0669:
		return '0' + r - 0x0660
	case r >= 0x06F0 && r <= 0x06F9:
		return '0' + r - 0x06F0
	case r >= 0x0600 && r <= 0x06FF:
		return r
	}
	return unicode.ToLower(r)
}
