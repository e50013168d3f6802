package annotate

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// Token is a code-point range [Start, End) of a document's text that a
// tokenized source (CoNLL, WebAnno TSV, Hugging Face) gave as one token.
type Token struct {
	Start, End int
}

// CheckTokens checks the tokenization a document carries: tokens in text
// order, none empty, none overlapping, all inside the text; sentences
// starting at token 0, in increasing order, each before the last token.
// A document without tokens passes.
func (d *Document) CheckTokens() error {
	if len(d.Tokens) == 0 {
		if len(d.Sentences) > 0 {
			return fmt.Errorf("tokens: sentences without tokens: %w", ErrInvalid)
		}
		return nil
	}
	n := RuneLen(d.Text)
	prev := 0
	for i, t := range d.Tokens {
		if t.Start < prev || t.End <= t.Start || t.End > n {
			return fmt.Errorf("tokens: token %d [%d,%d) is empty, out of order or outside a text of %d code points: %w", i, t.Start, t.End, n, ErrOutOfRange)
		}
		prev = t.End
	}
	if len(d.Sentences) == 0 || d.Sentences[0] != 0 {
		return fmt.Errorf("tokens: the first sentence must start at token 0: %w", ErrInvalid)
	}
	for i := 1; i < len(d.Sentences); i++ {
		if d.Sentences[i] <= d.Sentences[i-1] || d.Sentences[i] >= len(d.Tokens) {
			return fmt.Errorf("tokens: sentence %d starts at token %d: %w", i, d.Sentences[i], ErrInvalid)
		}
	}
	return nil
}

// ExternalID is an identifier a document, span or relation had in the file
// it was imported from, kept so an export writes it back as it came. It
// holds the JSON form of the id: a number literal as written (12, not
// 12.0) or a quoted JSON string ("afp-2024-001"). The zero value means
// none: the item came without an id of its own, or was made in Alama.
type ExternalID string

// StringID returns the external id for the string s.
func StringID(s string) ExternalID {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	return ExternalID(bytes.TrimSuffix(b.Bytes(), []byte("\n")))
}

// IsNumber reports whether the id is a JSON number.
func (x ExternalID) IsNumber() bool { return x != "" && !strings.HasPrefix(string(x), `"`) }

// String returns the id as a person reads it: a string id without its
// quotes, a number as written.
func (x ExternalID) String() string {
	if x == "" || x.IsNumber() {
		return string(x)
	}
	var s string
	if err := json.Unmarshal([]byte(x), &s); err != nil {
		return string(x)
	}
	return s
}
