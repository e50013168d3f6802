package store

import (
	"fmt"
	"slices"

	bolt "go.etcd.io/bbolt"

	"alama/annotate"
)

// Suggest adds the spans of docs, such as a model's predictions, as
// suggestions to the documents of the project with the same text, in one
// transaction: all of them or none (an *annotate.ImportError names the
// document that failed). Each document's new suggestions are one undoable
// edit, in the layer each span names. A span whose layer already holds one
// of the same range and label is left out; relations are not carried. A
// document the project lacks is added whole, as Import would add it.
func (p *Project) Suggest(docs []*annotate.Document) (annotate.SuggestResult, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	var res annotate.SuggestResult
	var last *annotate.Document
	// A document may come twice; each must be read as this transaction
	// left it, not as the cache kept it.
	p.cache = nil
	err := p.indexUpdate(func(tx *bolt.Tx) error {
		res = annotate.SuggestResult{IDs: make([]uint64, len(docs))}
		packAppends(tx)
		ix := newIndexBatch()
		for i, d := range docs {
			id, added, err := p.findOrAdd(tx, d, ix)
			if err != nil {
				return &annotate.ImportError{Index: i, Err: err}
			}
			res.IDs[i] = id
			if added {
				res.New++
				continue
			}
			res.Relations += len(d.Relations)
			have, err := p.current(tx, id)
			if err != nil {
				return &annotate.ImportError{Index: i, Err: err}
			}
			var edits []annotate.Edit
			for _, s := range d.Spans {
				dup := func(h annotate.Span) bool {
					return h.Start == s.Start && h.End == s.End && h.Label == s.Label && h.Annotator == s.Annotator
				}
				if slices.ContainsFunc(have.Spans, dup) || slices.ContainsFunc(edits, func(e annotate.Edit) bool { return dup(e.(annotate.AddSpan).Span) }) {
					res.Present++
					continue
				}
				s.ID, s.Suggested = 0, true
				edits = append(edits, annotate.AddSpan{Span: s})
			}
			if len(edits) == 0 {
				continue
			}
			out, err := p.applyTx(tx, id, annotate.Batch{Edits: edits})
			if err != nil {
				return &annotate.ImportError{Index: i, Err: err}
			}
			res.Added += len(edits)
			last = out
		}
		return ix.flush(tx)
	})
	p.cache = last
	if err != nil {
		p.cache = nil
		return annotate.SuggestResult{}, fmt.Errorf("suggest: %w", err)
	}
	return res, nil
}
