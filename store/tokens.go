package store

import (
	"encoding/binary"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"alama/annotate"
)

// bucketTokens holds the tokenization of documents that came from a
// tokenized format, keyed by document id; a document Alama tokenizes has
// no entry.
var bucketTokens = []byte("tokens")

// tokensVersion is the first byte of every tokens value.
const tokensVersion = 1

// encodeTokens packs a tokenization compactly: the version byte, the
// number of tokens, each token as the gap since the previous token's end
// and its length (code points, uvarints), then the number of sentences and
// each sentence's length in tokens. Two or three bytes a token.
func encodeTokens(toks []annotate.Token, sents []int) []byte {
	b := make([]byte, 0, 1+3*len(toks)+len(sents))
	b = append(b, tokensVersion)
	b = binary.AppendUvarint(b, uint64(len(toks)))
	prev := 0
	for _, t := range toks {
		b = binary.AppendUvarint(b, uint64(t.Start-prev))
		b = binary.AppendUvarint(b, uint64(t.End-t.Start))
		prev = t.End
	}
	b = binary.AppendUvarint(b, uint64(len(sents)))
	for i, s := range sents {
		end := len(toks)
		if i+1 < len(sents) {
			end = sents[i+1]
		}
		b = binary.AppendUvarint(b, uint64(end-s))
	}
	return b
}

// decodeTokens undoes encodeTokens.
func decodeTokens(b []byte) ([]annotate.Token, []int, error) {
	if len(b) == 0 || b[0] != tokensVersion {
		return nil, nil, fmt.Errorf("%w: tokens record version", errRecord)
	}
	b = b[1:]
	next := func() (int, error) {
		v, n := binary.Uvarint(b)
		if n <= 0 || v > uint64(MaxTextBytes) {
			return 0, fmt.Errorf("%w: tokens record", errRecord)
		}
		b = b[n:]
		return int(v), nil
	}
	n, err := next()
	if err != nil {
		return nil, nil, err
	}
	if n > len(b) {
		return nil, nil, fmt.Errorf("%w: tokens record is short", errRecord)
	}
	toks := make([]annotate.Token, n)
	prev := 0
	for i := range toks {
		gap, err := next()
		if err != nil {
			return nil, nil, err
		}
		l, err := next()
		if err != nil {
			return nil, nil, err
		}
		toks[i] = annotate.Token{Start: prev + gap, End: prev + gap + l}
		prev = toks[i].End
	}
	ns, err := next()
	if err != nil {
		return nil, nil, err
	}
	if ns > n {
		return nil, nil, fmt.Errorf("%w: tokens record has more sentences than tokens", errRecord)
	}
	sents := make([]int, ns)
	at := 0
	for i := range sents {
		l, err := next()
		if err != nil {
			return nil, nil, err
		}
		sents[i] = at
		at += l
	}
	if at != n || len(b) != 0 {
		return nil, nil, fmt.Errorf("%w: tokens record sentences do not add up", errRecord)
	}
	return toks, sents, nil
}

// putTokens stores the tokenization of document id, if it has one.
func putTokens(tx *bolt.Tx, id uint64, d *annotate.Document) error {
	if len(d.Tokens) == 0 {
		return nil
	}
	return tx.Bucket(bucketTokens).Put(idKey(id), encodeTokens(d.Tokens, d.Sentences))
}

// loadTokens reads the tokenization of document id into d.
func loadTokens(tx *bolt.Tx, id uint64, d *annotate.Document) error {
	raw := tx.Bucket(bucketTokens).Get(idKey(id))
	if raw == nil {
		return nil
	}
	toks, sents, err := decodeTokens(raw)
	if err != nil {
		return fmt.Errorf("document %d: %w", id, err)
	}
	d.Tokens, d.Sentences = toks, sents
	return nil
}

// addTokensBucket is the upgrade to format version 3: documents may keep
// the tokens of the file they came from, and documents, spans and
// relations the ids they had there.
func addTokensBucket(tx *bolt.Tx) error {
	_, err := tx.CreateBucketIfNotExists(bucketTokens)
	return err
}
