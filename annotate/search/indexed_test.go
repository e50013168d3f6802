package search

import (
	"errors"
	"iter"
	"slices"
	"strings"
	"testing"

	"alama/annotate/arabic"
)

// scanned is an Indexed corpus that finds its candidates by folding every
// text, and can be told to fail.
type scanned struct {
	Docs
	fail error
}

func (s scanned) Candidates(folded string) iter.Seq2[uint64, error] {
	return func(yield func(uint64, error) bool) {
		for _, d := range s.Docs {
			if s.fail != nil {
				yield(0, s.fail)
				return
			}
			if strings.Contains(arabic.FoldString(d.Text), folded) && !yield(d.ID, nil) {
				return
			}
		}
	}
}

func (s scanned) Text(id uint64) (string, error) {
	d, err := s.Document(id)
	if err != nil {
		return "", err
	}
	return d.Text, nil
}

func TestSearchIndexedCorpus(t *testing.T) {
	// The second corpus has «للقدس» alone before «القدس», so the
	// candidates of the query's two forms differ.
	more := append(Docs{{ID: 2, Text: "وصل الوفد للقدسِ 🙂"}}, corpus[1:]...)
	more = append(Docs{corpus[0]}, more...)
	queries := []string{"احمد", "القدس", "قدس", "🙂", "دمشق", "لقدس", "ال"}
	for _, docs := range []Docs{corpus, more} {
		for _, q := range queries {
			for _, opt := range []Options{{}, {Words: true}, {Limit: 1}, {Words: true, Limit: 2}} {
				t.Run(q, func(t *testing.T) {
					got, err := NewIndex(scanned{Docs: docs}).Search(q, opt)
					if err != nil {
						t.Fatal(err)
					}
					want, err := NewIndex(docs).Search(q, opt)
					if err != nil {
						t.Fatal(err)
					}
					if !slices.Equal(got, want) {
						t.Errorf("Search(%q, %+v) = %v, in memory %v", q, opt, got, want)
					}
				})
			}
		}
	}
	boom := errors.New("index unreadable")
	for _, words := range []bool{false, true} {
		if _, err := NewIndex(scanned{Docs: corpus, fail: boom}).Search("القدس", Options{Words: words}); !errors.Is(err, boom) {
			t.Errorf("words=%v: error %v, want %v", words, err, boom)
		}
	}
}
