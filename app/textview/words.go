package textview

import "alama/annotate/arabic"

// words is the text cut into Alama's tokens (annotate/arabic.Tokenize):
// the units a selection made without Alt snaps to.
type words struct {
	toks []arabic.Range
	at   []int32 // at[cp]: the index in toks of the token holding cp, or -1
}

// words returns the tokens of the layout's text, cutting it on first use.
func (l *Layout) words() *words {
	if l.tokens != nil {
		return l.tokens
	}
	w := &words{at: make([]int32, l.n+1)}
	for i := range w.at {
		w.at[i] = -1
	}
	for _, t := range arabic.Tokenize(l.text) {
		for cp := t.Start; cp < t.End && cp < l.n; cp++ {
			w.at[cp] = int32(len(w.toks))
		}
		w.toks = append(w.toks, arabic.Range{Start: t.Start, End: t.End})
	}
	l.tokens = w
	return w
}

// token returns the token holding code point cp, if one does.
func (w *words) token(cp int) (arabic.Range, bool) {
	if cp < 0 || cp >= len(w.at) || w.at[cp] < 0 {
		return arabic.Range{}, false
	}
	return w.toks[w.at[cp]], true
}

// snapWords turns the range [start, end) into whole tokens: an end inside
// a token moves out to the token's edge, then what is not part of any token
// (white space, line breaks, format controls) is dropped from both ends.
// The result is either empty (start == end) or starts where a token starts
// and ends where a token ends.
func (l *Layout) snapWords(start, end int) (int, int) {
	start, end = max(0, min(start, l.n)), max(0, min(end, l.n))
	if start >= end {
		return start, start
	}
	w := l.words()
	if t, ok := w.token(start); ok {
		start = t.Start
	}
	if t, ok := w.token(end - 1); ok {
		end = t.End
	}
	for start < end && w.at[start] < 0 {
		start++
	}
	for end > start && w.at[end-1] < 0 {
		end--
	}
	return start, end
}

// Word returns the token around grapheme [start, end) (Alama's tokenizer:
// a word with its clitics, a number, a punctuation mark, a Latin word …),
// or the grapheme itself when no token holds it (white space).
func (l *Layout) Word(start, end int) (int, int) {
	if start < 0 || end > l.n || start >= end {
		return start, end
	}
	if t, ok := l.words().token(start); ok {
		return t.Start, t.End
	}
	return start, end
}

// stepWord moves cp to the end of the next token (forward) or the start of
// the previous one.
func (l *Layout) stepWord(cp int, forward bool) int {
	w := l.words()
	if forward {
		for cp < l.n && w.at[cp] < 0 {
			cp++
		}
		if t, ok := w.token(cp); ok {
			return t.End
		}
		return cp
	}
	for cp > 0 && w.at[cp-1] < 0 {
		cp--
	}
	if t, ok := w.token(cp - 1); ok {
		return t.Start
	}
	return cp
}
