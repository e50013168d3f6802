package learn

import (
	"alama/annotate"
	"alama/annotate/arabic"
)

// Token is one token of a document: the code-point range [Start, End) of
// its text, the text it covers and its kind.
type Token struct {
	Start, End int
	Text       string
	Kind       arabic.Kind
}

// Sentences splits a document's text into sentences of tokens with Alama's
// tokenizer and sentence splitter. Sentences without tokens are left out.
func Sentences(d *annotate.Document) [][]Token {
	toks, sents := arabic.TokensAndSentences(d.Text)
	var out [][]Token
	j := 0
	for _, s := range sents {
		for j < len(toks) && toks[j].End <= s.Start {
			j++
		}
		var sent []Token
		for j < len(toks) && toks[j].Start < s.End {
			t := toks[j]
			sent = append(sent, Token{Start: t.Start, End: t.End, Text: t.Text, Kind: t.Kind})
			j++
		}
		if len(sent) > 0 {
			out = append(out, sent)
		}
	}
	return out
}

// spanTokens returns the tokens [a, b) of sent that span s covers at least
// in part; ok is false if it covers none.
func spanTokens(sent []Token, start, end int) (a, b int, ok bool) {
	a = -1
	for i, t := range sent {
		if t.End > start && t.Start < end {
			if a < 0 {
				a = i
			}
			b = i + 1
		}
	}
	return a, b, a >= 0
}
