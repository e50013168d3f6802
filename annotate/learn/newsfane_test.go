package learn

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"alama/annotate"
	"alama/annotate/format"
)

// The NewsFANE split: the first 80% of the sentences, in documents of 50,
// to train; the rest to test.
const (
	newsfaneDocSentences = 50
	newsfaneTrainPercent = 80
)

// readNewsFANE reads a NewsFANE Gold file with the CoNLL reader and cuts
// its sentences (the lines of the text the reader rebuilds) into a train
// and a test part, each in documents of newsfaneDocSentences sentences.
func readNewsFANE(tb testing.TB, path string) (train, test []*annotate.Document) {
	tb.Helper()
	var docs []*annotate.Document
	err := format.Import(path, format.ImportOptions{Format: format.CoNLL}, func(_ string, ds []*annotate.Document) error {
		docs = append(docs, ds...)
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	if len(docs) != 1 {
		tb.Fatalf("%s: %d documents, want 1", path, len(docs))
	}
	d := docs[0]
	// Sentences as code-point ranges of the text.
	var sents [][2]int
	start := 0
	for i, r := range []rune(d.Text) {
		if r == '\n' {
			sents = append(sents, [2]int{start, i})
			start = i + 1
		}
	}
	sents = append(sents, [2]int{start, annotate.RuneLen(d.Text)})
	cut := len(sents) * newsfaneTrainPercent / 100
	group := func(part [][2]int) []*annotate.Document {
		var out []*annotate.Document
		for len(part) > 0 {
			n := min(newsfaneDocSentences, len(part))
			out = append(out, subDocument(d, part[0][0], part[n-1][1], len(out)))
			part = part[n:]
		}
		return out
	}
	return group(sents[:cut]), group(sents[cut:])
}

// subDocument returns the text [start, end) of d as a document with the
// spans inside it. Span edges are moved off format controls (the corpus
// puts U+200E before many tokens, and the reader keeps it in the text,
// while no token starts with one).
func subDocument(d *annotate.Document, start, end, n int) *annotate.Document {
	text := annotate.Slice(d.Text, start, end)
	runes := []rune(text)
	sub := &annotate.Document{Title: fmt.Sprintf("newsfane %d", n), Text: text, Status: annotate.StatusDone}
	for _, s := range d.Spans {
		if s.Start < start || s.End > end {
			continue
		}
		s.Start -= start
		s.End -= start
		for s.Start < s.End && unicode.Is(unicode.Cf, runes[s.Start]) {
			s.Start++
		}
		for s.End > s.Start && unicode.Is(unicode.Cf, runes[s.End-1]) {
			s.End--
		}
		sub.Spans = append(sub.Spans, s)
	}
	return sub
}

// coarse maps the 50 NewsFANE labels to person, organisation, location
// and other (see the README).
var coarse = map[string]string{}

func init() {
	for class, labels := range map[string]string{
		"person":       "Politician Athlete Artist Other_PER Group Religious_PER Scientist Businessperson Lawyer Engineer Police",
		"organisation": "Government Non-Governmental Sports Media Commercial Educational Medical-Science Entertainment Religious_ORG",
		"location": "Nation Population-Center State-or-Province GPE-Cluster Continent County-or-District Special " +
			"Water-Body Land-Region-Natural Celestial Address Boundary Region-General Region-International " +
			"Building-Grounds Airport Path Subarea-Facility Plant",
	} {
		for _, l := range strings.Fields(labels) {
			coarse[l] = class
		}
	}
}

func coarseOf(l string) string {
	if c, ok := coarse[l]; ok {
		return c
	}
	return "other"
}

type evalResult struct {
	fine, coarse *Score
	train        time.Duration
	model        *Model
}

// evaluate trains on train and scores the model on test.
func evaluate(tb testing.TB, train, test []*annotate.Document, opt Options) evalResult {
	tb.Helper()
	var exs []Example
	for _, d := range train {
		exs = append(exs, ExampleOf(d))
	}
	t0 := time.Now()
	m, err := Train(exs, opt)
	if err != nil {
		tb.Fatal(err)
	}
	r := evalResult{fine: NewScore(), coarse: NewScore(), train: time.Since(t0), model: m}
	for _, d := range test {
		got := m.TagDocument(d, nil).Spans
		r.fine.Add(d.Spans, got)
		cg := slices.Clone(d.Spans)
		for i := range cg {
			cg[i].Label = coarseOf(cg[i].Label)
		}
		cp := slices.Clone(got)
		for i := range cp {
			cp[i].Label = coarseOf(cp[i].Label)
		}
		r.coarse.Add(cg, cp)
	}
	return r
}

func TestNewsFANESlice(t *testing.T) {
	train, test := readNewsFANE(t, "../../testdata/newsfane/newsfane-slice.txt")
	if len(train) != 4 || len(test) != 1 {
		t.Fatalf("%d train and %d test documents, want 4 and 1", len(train), len(test))
	}
	r := evaluate(t, train, test, Options{Seed: 1})
	t.Logf("fine %+v F1 %.3f; coarse %+v F1 %.3f", r.fine.All, r.fine.All.F1(), r.coarse.All, r.coarse.All.F1())
	again := evaluate(t, train, test, Options{Seed: 1})
	if again.fine.All != r.fine.All {
		t.Errorf("second run with the same seed: %+v, first %+v", again.fine.All, r.fine.All)
	}
}

// TestNewsFANE gives the figures of the README on the whole corpus, named
// by NEWSFANE; it is skipped without it.
func TestNewsFANE(t *testing.T) {
	path := os.Getenv("NEWSFANE")
	if path == "" {
		t.Skip("NEWSFANE names the NewsFANE Gold file")
	}
	train, test := readNewsFANE(t, path)
	r := evaluate(t, train, test, Options{Seed: 1})
	t.Logf("trained in %v on %d tokens, %d spans; %d features", r.train, r.model.Info.Tokens, r.model.Info.Spans, r.model.Features())
	for _, s := range []*Score{r.fine, r.coarse} {
		for _, l := range s.LabelNames() {
			c := s.Labels[l]
			t.Logf("%-24s P %.3f R %.3f F1 %.3f (gold %d)", l, c.Precision(), c.Recall(), c.F1(), c.TP+c.FN)
		}
		t.Logf("%-24s P %.3f R %.3f F1 %.3f", "all", s.All.Precision(), s.All.Recall(), s.All.F1())
	}
}
