package textview

import (
	"slices"

	"github.com/go-text/typesetting/unicodedata"
	"golang.org/x/text/unicode/bidi"
)

// Direction is a paragraph direction.
type Direction uint8

const (
	// Auto takes each paragraph's direction from its first strong
	// character (UAX #9 rules P2 and P3). A paragraph with no strong
	// character (a date, a number) follows the paragraph before it, and
	// the first one is right to left.
	Auto Direction = iota
	// RTL lays every paragraph out right to left.
	RTL
	// LTR lays every paragraph out left to right.
	LTR
)

// bidiClass returns r's bidirectional class, with the explicit embedding
// and override controls folded into BN: the view resolves implicit levels
// only, and treats isolates as neutrals.
func bidiClass(r rune) bidi.Class {
	p, _ := bidi.LookupRune(r)
	switch c := p.Class(); c {
	case bidi.LRE, bidi.RLE, bidi.LRO, bidi.RLO, bidi.PDF, bidi.Control:
		return bidi.BN
	case bidi.LRI, bidi.RLI, bidi.FSI, bidi.PDI:
		return bidi.ON
	default:
		return c
	}
}

// strongLevel returns the paragraph level implied by the first strong
// character of runes (1 for R and AL, 0 for L), and false if there is none.
func strongLevel(runes []rune) (uint8, bool) {
	for _, r := range runes {
		switch bidiClass(r) {
		case bidi.L:
			return 0, true
		case bidi.R, bidi.AL:
			return 1, true
		}
	}
	return 0, false
}

// maxBracketDepth is the bracket stack size of UAX #9 rule BD16.
const maxBracketDepth = 63

// resolveBrackets applies rule N0: a pair of brackets takes the direction
// of the strong text inside it when that matches the embedding direction
// e, else the opposite direction when the text inside and the text before
// the pair both have it. cls holds the classes of runes[idx[i]] after the
// weak rules; nsm marks the runes that were non-spacing marks, which follow
// a bracket they belong to.
func resolveBrackets(runes []rune, idx []int, cls []bidi.Class, nsm []bool, e bidi.Class) {
	type open struct {
		closer rune
		at     int
	}
	var stack []open
	var pairs [][2]int
	for i, c := range cls {
		if c != bidi.ON {
			continue
		}
		r := runes[idx[i]]
		p, _ := bidi.LookupRune(r)
		if !p.IsBracket() {
			continue
		}
		if p.IsOpeningBracket() {
			if len(stack) == maxBracketDepth {
				break
			}
			stack = append(stack, open{mirror(r), i})
			continue
		}
		for k := len(stack) - 1; k >= 0; k-- {
			if stack[k].closer == r {
				pairs = append(pairs, [2]int{stack[k].at, i})
				stack = stack[:k]
				break
			}
		}
	}
	slices.SortFunc(pairs, func(a, b [2]int) int { return a[0] - b[0] })
	strongOf := func(c bidi.Class) bidi.Class {
		switch c {
		case bidi.L:
			return bidi.L
		case bidi.R, bidi.EN, bidi.AN:
			return bidi.R
		}
		return bidi.ON
	}
	opposite := bidi.R
	if e == bidi.R {
		opposite = bidi.L
	}
	for _, pr := range pairs {
		inside := bidi.ON
		for k := pr[0] + 1; k < pr[1] && inside != e; k++ {
			switch strongOf(cls[k]) {
			case e:
				inside = e
			case opposite:
				inside = opposite
			}
		}
		to := inside
		if inside == opposite {
			before := e
			for k := pr[0] - 1; k >= 0; k-- {
				if s := strongOf(cls[k]); s != bidi.ON {
					before = s
					break
				}
			}
			if before != opposite {
				to = e
			}
		}
		if to == bidi.ON {
			continue
		}
		for _, at := range pr {
			cls[at] = to
			for k := at + 1; k < len(cls) && nsm[k]; k++ {
				cls[k] = to
			}
		}
	}
}

func isNeutral(c bidi.Class) bool {
	switch c {
	case bidi.B, bidi.S, bidi.WS, bidi.ON:
		return true
	}
	return false
}

// resolveLevels fills levels with the embedding level of each rune of a
// paragraph at level para, applying UAX #9 rules W1–W7, N0–N2 and I1–I2.
// Explicit embeddings are not honoured: their controls are boundary
// neutrals, and isolates are plain neutrals.
func resolveLevels(runes []rune, para uint8, levels []uint8) {
	e := bidi.L
	if para%2 == 1 {
		e = bidi.R
	}
	// The rules run over the runes that are not boundary neutrals; those
	// take the level of the rune before them afterwards (rule X9).
	idx := make([]int, 0, len(runes))
	cls := make([]bidi.Class, 0, len(runes))
	for i, r := range runes {
		if c := bidiClass(r); c != bidi.BN {
			idx = append(idx, i)
			cls = append(cls, c)
		}
	}
	n := len(cls)
	// W1: a non-spacing mark takes the class of what precedes it.
	prev := e
	nsm := make([]bool, n)
	for i := range cls {
		if cls[i] == bidi.NSM {
			cls[i] = prev
			nsm[i] = true
		}
		prev = cls[i]
	}
	// W2, W3: European numbers after Arabic letters are Arabic numbers;
	// Arabic letters are R.
	strong := e
	for i, c := range cls {
		switch c {
		case bidi.L, bidi.R, bidi.AL:
			strong = c
		case bidi.EN:
			if strong == bidi.AL {
				cls[i] = bidi.AN
			}
		}
	}
	for i := range cls {
		if cls[i] == bidi.AL {
			cls[i] = bidi.R
		}
	}
	// W4: one separator between two numbers of the same kind joins them.
	for i := 1; i+1 < n; i++ {
		a, b := cls[i-1], cls[i+1]
		switch {
		case cls[i] == bidi.ES && a == bidi.EN && b == bidi.EN:
			cls[i] = bidi.EN
		case cls[i] == bidi.CS && a == b && (a == bidi.EN || a == bidi.AN):
			cls[i] = a
		}
	}
	// W5: terminators next to European numbers become numbers.
	for i := 0; i < n; {
		if cls[i] != bidi.ET {
			i++
			continue
		}
		j := i
		for j < n && cls[j] == bidi.ET {
			j++
		}
		if (i > 0 && cls[i-1] == bidi.EN) || (j < n && cls[j] == bidi.EN) {
			for k := i; k < j; k++ {
				cls[k] = bidi.EN
			}
		}
		i = j
	}
	// W6, W7: leftover separators are neutral; European numbers in a
	// left-to-right context are L.
	strong = e
	for i, c := range cls {
		switch c {
		case bidi.ES, bidi.ET, bidi.CS:
			cls[i] = bidi.ON
		case bidi.L, bidi.R:
			strong = c
		case bidi.EN:
			if strong == bidi.L {
				cls[i] = bidi.L
			}
		}
	}
	resolveBrackets(runes, idx, cls, nsm, e)
	// N1, N2: neutrals between two runs of one direction take it; others
	// take the embedding direction. Numbers count as R.
	asStrong := func(c bidi.Class) bidi.Class {
		if c == bidi.EN || c == bidi.AN {
			return bidi.R
		}
		return c
	}
	for i := 0; i < n; {
		if !isNeutral(cls[i]) {
			i++
			continue
		}
		j := i
		for j < n && isNeutral(cls[j]) {
			j++
		}
		before, after := e, e
		if i > 0 {
			before = asStrong(cls[i-1])
		}
		if j < n {
			after = asStrong(cls[j])
		}
		to := e
		if before == after {
			to = before
		}
		for k := i; k < j; k++ {
			cls[k] = to
		}
		i = j
	}
	// I1, I2: implicit levels.
	next := 0
	last := para
	for i := range runes {
		if next < n && idx[next] == i {
			l := para
			switch c := cls[next]; {
			case para%2 == 0 && c == bidi.R:
				l = para + 1
			case para%2 == 0 && (c == bidi.AN || c == bidi.EN):
				l = para + 2
			case para%2 == 1 && (c == bidi.L || c == bidi.AN || c == bidi.EN):
				l = para + 1
			}
			last = l
			next++
		}
		levels[i] = last
	}
}

// mirror returns the mirrored form of r for right-to-left display.
func mirror(r rune) rune {
	m, _ := unicodedata.LookupMirrorChar(r)
	return m
}

// reorder returns the visual order of items with the given levels (UAX #9
// rule L2): from the highest level down to the lowest odd level, reverse
// every maximal sequence at that level or higher.
func reorder(levels []uint8) []int {
	order := make([]int, len(levels))
	for i := range order {
		order[i] = i
	}
	if len(levels) == 0 {
		return order
	}
	hi, lo := uint8(0), uint8(255)
	for _, l := range levels {
		hi = max(hi, l)
		if l%2 == 1 {
			lo = min(lo, l)
		}
	}
	if lo == 255 {
		return order
	}
	lv := make([]uint8, len(levels))
	copy(lv, levels)
	for l := hi; l >= lo && l > 0; l-- {
		for i := 0; i < len(lv); {
			if lv[i] < l {
				i++
				continue
			}
			j := i
			for j < len(lv) && lv[j] >= l {
				j++
			}
			for a, b := i, j-1; a < b; a, b = a+1, b-1 {
				order[a], order[b] = order[b], order[a]
				lv[a], lv[b] = lv[b], lv[a]
			}
			i = j
		}
	}
	return order
}
