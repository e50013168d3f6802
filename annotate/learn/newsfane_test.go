package learn

import (
	"bytes"
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
	d, sents := readCoNLLSentences(tb, path)
	cut := len(sents) * newsfaneTrainPercent / 100
	return group(d, sents[:cut], newsfaneDocSentences), group(d, sents[cut:], newsfaneDocSentences)
}

// readSlice reads a NewsFANE file into documents of n sentences.
func readSlice(tb testing.TB, path string, n int) []*annotate.Document {
	tb.Helper()
	d, sents := readCoNLLSentences(tb, path)
	return group(d, sents, n)
}

// group cuts sentences of d into documents of n sentences.
func group(d *annotate.Document, part [][2]int, n int) []*annotate.Document {
	var out []*annotate.Document
	for len(part) > 0 {
		k := min(n, len(part))
		out = append(out, subDocument(d, part[0][0], part[k-1][1], len(out)))
		part = part[k:]
	}
	return out
}

// readCoNLLSentences reads a NewsFANE file as one document and returns it
// with its sentences as code-point ranges.
func readCoNLLSentences(tb testing.TB, path string) (*annotate.Document, [][2]int) {
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
	return d, sents
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

// TestNewsFANESlice trains on the 250-sentence slice, cut into documents
// of ten sentences with every fifth held out, and checks the F1 the
// tagger reaches there (deterministic with the seed), with fine and with
// coarse labels.
func TestNewsFANESlice(t *testing.T) {
	tests := []struct {
		name   string
		relab  func(string) string
		minF1  float64
		labels int
	}{
		{"fine", func(l string) string { return l }, 0.72, 29},
		{"coarse", coarseOf, 0.75, 4},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			all := readSlice(t, "../../testdata/newsfane/newsfane-slice.txt", 10)
			var train, test []*annotate.Document
			for i, d := range all {
				for j := range d.Spans {
					d.Spans[j].Label = tc.relab(d.Spans[j].Label)
				}
				if i%5 == 4 {
					test = append(test, d)
				} else {
					train = append(train, d)
				}
			}
			r := evaluate(t, train, test, Options{Seed: 1})
			t.Logf("%d labels, %d features; %+v F1 %.3f", len(r.model.Labels), r.model.Features(), r.fine.All, r.fine.All.F1())
			if len(r.model.Labels) != tc.labels {
				t.Errorf("%d labels, want %d", len(r.model.Labels), tc.labels)
			}
			if f := r.fine.All.F1(); f < tc.minF1 {
				t.Errorf("F1 %.3f, want at least %.2f", f, tc.minF1)
			}
			again := evaluate(t, train, test, Options{Seed: 1})
			a, b := encoded(t, r.model), encoded(t, again.model)
			if again.fine.All != r.fine.All || !bytes.Equal(a, b) {
				t.Errorf("second run with the same seed: %+v, first %+v; models equal: %v", again.fine.All, r.fine.All, bytes.Equal(a, b))
			}
		})
	}
}

func encoded(t *testing.T, m *Model) []byte {
	t.Helper()
	b, err := m.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestNewsFANE gives the figures of the README on the whole corpus, named
// by NEWSFANE; it is skipped without it. It trains twice: on the fine
// labels (scored as they are and collapsed to coarse classes) and on the
// labels collapsed to coarse classes before training.
func TestNewsFANE(t *testing.T) {
	path := os.Getenv("NEWSFANE")
	if path == "" {
		t.Skip("NEWSFANE names the NewsFANE Gold file")
	}
	train, test := readNewsFANE(t, path)
	report := func(name string, s *Score) {
		for _, l := range s.LabelNames() {
			c := s.Labels[l]
			t.Logf("%s %-24s P %.3f R %.3f F1 %.3f (gold %d)", name, l, c.Precision(), c.Recall(), c.F1(), c.TP+c.FN)
		}
		t.Logf("%s %-24s P %.3f R %.3f F1 %.3f (gold %d)", name, "all", s.All.Precision(), s.All.Recall(), s.All.F1(), s.All.TP+s.All.FN)
	}
	r := evaluate(t, train, test, Options{Seed: 1})
	t.Logf("fine: trained in %v on %d documents, %d tokens, %d spans, %d labels; %d features, model %d bytes",
		r.train, r.model.Info.Documents, r.model.Info.Tokens, r.model.Info.Spans, len(r.model.Labels), r.model.Features(), len(encoded(t, r.model)))
	article := thousandWords(t, test)
	t0 := time.Now()
	for range 10 {
		r.model.TagDocument(article, nil)
	}
	t.Logf("fine: tagging a 1,000-word article takes %v", time.Since(t0)/10)
	report("fine", r.fine)
	report("fine→coarse", r.coarse)
	for _, ds := range [][]*annotate.Document{train, test} {
		for _, d := range ds {
			for i := range d.Spans {
				d.Spans[i].Label = coarseOf(d.Spans[i].Label)
			}
		}
	}
	c := evaluate(t, train, test, Options{Seed: 1})
	t.Logf("coarse: trained in %v; %d features, model %d bytes", c.train, c.model.Features(), len(encoded(t, c.model)))
	report("coarse", c.fine)
}

// BenchmarkSuggest1000 tags an article of 1,000 words (tokenizing it
// included) with a model trained on the slice.
func BenchmarkSuggest1000(b *testing.B) {
	all := readSlice(b, "../../testdata/newsfane/newsfane-slice.txt", 10)
	var exs []Example
	for _, d := range all[:20] {
		exs = append(exs, ExampleOf(d))
	}
	m, err := Train(exs, Options{Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	d := thousandWords(b, all[20:])
	b.ResetTimer()
	for b.Loop() {
		m.TagDocument(d, nil)
	}
}

// thousandWords returns an article of the first 1,000 words of docs, in
// sentences of 25 words.
func thousandWords(tb testing.TB, docs []*annotate.Document) *annotate.Document {
	tb.Helper()
	var text strings.Builder
	words := 0
	for _, d := range docs {
		for _, w := range strings.Fields(d.Text) {
			if words == 1000 {
				break
			}
			text.WriteString(w)
			text.WriteByte(' ')
			if words%25 == 24 {
				text.WriteString(".\n")
			}
			words++
		}
	}
	if words < 1000 {
		tb.Fatalf("only %d words", words)
	}
	return &annotate.Document{Text: text.String()}
}
