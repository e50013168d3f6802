package arabic

import (
	"strings"

	"alama/annotate"
)

func isTerminator(r rune) bool {
	switch r {
	case '.', '!', '?', '؟', '…', '۔':
		return true
	}
	return false
}

// Sentences splits text into sentences: after a run of . ! ? ؟ … (with the
// closing quotes and brackets that follow it) and at every line break. A
// terminator inside «…», “…” or "…" does not end the outer sentence unless
// the quote closes right after it. A full stop is not an end when a letter or
// digit follows it directly (3.5, example.com), after a one-letter
// abbreviation (أ.د. or U.S.), or after a list number at the start of a line.
// Ranges leave out the white space around sentences.
func Sentences(text string) []Range {
	return withGraphemes(text, func(gs []graph) []Range { return sentences(nil, gs) })
}

// TokensAndSentences returns Tokenize(text) and Sentences(text), segmenting
// the text into graphemes once for both.
func TokensAndSentences(text string) ([]Token, []Range) {
	return AppendTokensAndSentences(nil, nil, text)
}

// AppendTokensAndSentences is TokensAndSentences that appends the tokens
// and sentences of text to toks and sents, so that a caller going through
// many texts can reuse its slices.
func AppendTokensAndSentences(toks []Token, sents []Range, text string) ([]Token, []Range) {
	type both struct {
		tokens    []Token
		sentences []Range
	}
	v := withGraphemes(text, func(gs []graph) both { return both{tokenize(toks, text, gs, 0), sentences(sents, gs)} })
	return v.tokens, v.sentences
}

// sentences appends the sentences of the graphemes gs of a text to out.
func sentences(out []Range, gs []graph) []Range {
	first, last := -1, -1 // graphemes of the current sentence
	depth := 0            // open quotes
	dq := false           // inside ASCII "…"
	flush := func() {
		if first >= 0 {
			out = append(out, Range{Start: int(gs[first].cp), End: int(gs[last].cpEnd)})
		}
		first, last = -1, -1
	}
	for i := 0; i < len(gs); i++ {
		g := gs[i]
		if g.r == '\n' {
			flush()
			depth, dq = 0, false
			continue
		}
		if g.cls == cSpace || g.cls == cFormat {
			continue
		}
		if first < 0 {
			first = i
		}
		last = i
		switch {
		case g.r == '«' || g.r == '“':
			depth++
		case g.r == '»' || g.r == '”':
			depth = max(depth-1, 0)
		case g.r == '"':
			if dq {
				depth = max(depth-1, 0)
			} else {
				depth++
			}
			dq = !dq
		case isTerminator(g.r):
			if g.r == '.' && !isFullStop(gs, i, first) {
				continue
			}
			j := i + 1
			for j < len(gs) && isTerminator(gs[j].r) {
				j++
			}
			d := depth
			for j < len(gs) && d > 0 {
				r := gs[j].r
				if r == '»' || r == '”' || r == '"' && dq {
					d--
					if r == '"' {
						dq = false
					}
				} else if r != ')' && r != ']' {
					break
				}
				j++
			}
			for j < len(gs) && (gs[j].r == ')' || gs[j].r == ']') {
				j++
			}
			if d > 0 {
				i = j - 1
				last = i
				continue
			}
			if j < len(gs) && gs[j].cls != cSpace && gs[j].cls != cFormat {
				// Something other than a space follows: not an end.
				i = j - 1
				last = i
				depth = d
				continue
			}
			last = j - 1
			depth = 0
			flush()
			i = j - 1
		}
	}
	flush()
	return out
}

// isFullStop reports whether the '.' at grapheme i ends a sentence that
// started at grapheme first.
func isFullStop(gs []graph, i, first int) bool {
	if i+1 < len(gs) {
		switch gs[i+1].cls {
		case cLetter, cLatin, cDigit:
			return false
		}
	}
	// The word before the dot.
	k := i
	for k > 0 && (gs[k-1].cls == cLetter || gs[k-1].cls == cLatin || gs[k-1].cls == cDigit) {
		k--
	}
	n := i - k
	if n == 0 {
		return true
	}
	if n == 1 && gs[k].cls != cDigit {
		return false // an initial: U.S., أ.د.
	}
	if gs[k].cls == cDigit && k == first && (gs[i-1].cls == cDigit) {
		return false // a list number opening a line: "1. …"
	}
	return true
}

// WordAt returns the token of text that contains code-point offset, or the
// one that starts or ends there when offset sits between a token and white
// space. ok is false when no token touches offset. It tokenizes only the
// line around offset.
func WordAt(text string, offset int) (r Range, ok bool) {
	if offset < 0 || offset > annotate.RuneLen(text) {
		return Range{}, false
	}
	b := annotate.ByteOffset(text, offset)
	from := strings.LastIndexByte(text[:b], '\n') + 1
	to := strings.IndexByte(text[b:], '\n')
	if to < 0 {
		to = len(text)
	} else {
		to += b
	}
	shift := offset - annotate.RuneLen(text[from:b])
	line := text[from:to]
	var before *Token
	for _, t := range tokenize(nil, line, graphemes(line), shift) {
		switch {
		case t.Start <= offset && offset < t.End:
			return Range{t.Start, t.End}, true
		case t.End == offset:
			before = &t
		}
	}
	if before != nil {
		return Range{before.Start, before.End}, true
	}
	return Range{}, false
}
