package format

import (
	"fmt"

	"alama/annotate"
)

// Scheme is a token tag scheme for CoNLL and Hugging Face exports.
type Scheme string

// The tag schemes.
const (
	IOB2  Scheme = "iob2"  // B- on every entity's first token (Hugging Face, seqeval)
	IOB1  Scheme = "iob1"  // B- only where an entity follows one of the same label (CoNLL-2003)
	BIOES Scheme = "bioes" // B- I- E- for multi-token entities, S- for single tokens
	BILOU Scheme = "bilou" // BIOES with L- for last and U- for unit
)

// Schemes lists the tag schemes.
var Schemes = []Scheme{IOB2, IOB1, BIOES, BILOU}

// tagger returns the scheme, "" meaning IOB2, or an error for an unknown one.
func (s Scheme) tagger() (Scheme, error) {
	switch s {
	case "":
		return IOB2, nil
	case IOB2, IOB1, BIOES, BILOU:
		return s, nil
	}
	return "", fmt.Errorf("tag scheme %q: want iob2, iob1, bioes or bilou: %w", string(s), annotate.ErrInvalid)
}
