package learn

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"alama/annotate"
)

// ErrNoSpans is returned by Train when the examples hold no span to learn.
var ErrNoSpans = errors.New("no spans to learn from")

// MaxLabels bounds the labels of a model: decoding costs grow with the
// square of the number of labels.
const MaxLabels = 250

// Example is one document to learn from: its sentences of tokens and the
// spans marked on it. Overlapping spans are learnt as the first of them
// (by start, longest first); a span is widened to whole tokens and cut at
// sentence ends.
type Example struct {
	Sentences [][]Token
	Spans     []annotate.Span
}

// ExampleOf returns the example of a document with its spans, tokenized
// with Sentences.
func ExampleOf(d *annotate.Document) Example {
	return Example{Sentences: Sentences(d), Spans: d.Spans}
}

// Options tune training. The zero value trains with the defaults.
type Options struct {
	Epochs    int        // passes over the sentences; default 8
	Seed      uint64     // the order of sentences in each pass
	Folds     int        // gazetteer folds (see the package comment); default 10
	Gazetteer *Gazetteer // terms known beforehand, used with the spans' own
	// Progress, when set, is called after each pass with the passes done.
	Progress func(done, total int)
}

// sample is one sentence prepared for training.
type sample struct {
	feats [][]int32 // feature ids of each token
	gold  []int
}

// entry is one non-zero weight of a feature for one tag, with the sum
// that makes the average (w - u/c).
type entry struct {
	tag  uint16
	w, u float64
}

type trainer struct {
	ts     *tagset
	ids    map[uint64]int32
	hashes []uint64
	rows   [][]entry
	trans  []float64 // (n+1)*n
	transU []float64
	end    []float64
	endU   []float64
	c      float64 // updates so far, plus one
}

// Train learns a tagger from examples.
func Train(examples []Example, opt Options) (*Model, error) {
	if opt.Epochs <= 0 {
		opt.Epochs = 8
	}
	if opt.Folds <= 1 {
		opt.Folds = 10
	}
	labels, spans, tokens := labelsOf(examples)
	if spans == 0 {
		return nil, ErrNoSpans
	}
	if len(labels) > MaxLabels {
		return nil, fmt.Errorf("train: %d labels, at most %d: %w", len(labels), MaxLabels, annotate.ErrInvalid)
	}
	ts := newTagset(labels)
	labelIndex := map[string]int{}
	for i, l := range labels {
		labelIndex[l] = i
	}
	// Gazetteers: fold f sees the spans of the other folds only.
	whole := NewGazetteer()
	if opt.Gazetteer != nil {
		whole.Merge(opt.Gazetteer)
	}
	folds := make([]*Gazetteer, opt.Folds)
	for f := range folds {
		folds[f] = NewGazetteer()
		if opt.Gazetteer != nil {
			folds[f].Merge(opt.Gazetteer)
		}
	}
	for i, ex := range examples {
		text := exampleText(ex)
		for _, s := range ex.Spans {
			t := text(s.Start, s.End)
			whole.Add(t, s.Label)
			for f := range folds {
				if f != i%opt.Folds {
					folds[f].Add(t, s.Label)
				}
			}
		}
	}
	tr := &trainer{ts: ts, ids: map[uint64]int32{}, c: 1,
		trans: make([]float64, (ts.n+1)*ts.n), transU: make([]float64, (ts.n+1)*ts.n),
		end: make([]float64, ts.n), endU: make([]float64, ts.n)}
	var samples []sample
	for i, ex := range examples {
		for _, sent := range ex.Sentences {
			if len(sent) == 0 {
				continue
			}
			fs := features(sent, folds[i%opt.Folds])
			s := sample{feats: make([][]int32, len(sent)), gold: goldTags(sent, ex.Spans, labelIndex)}
			for j, f := range fs {
				s.feats[j] = tr.intern(f)
			}
			samples = append(samples, s)
		}
	}
	tr.rows = make([][]entry, len(tr.hashes))
	rng := rand.New(rand.NewPCG(opt.Seed, 0x616c616d61))
	order := make([]int, len(samples))
	for i := range order {
		order[i] = i
	}
	lat := &lattice{ts: ts, trans: tr.trans, end: tr.end}
	for epoch := range opt.Epochs {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, k := range order {
			s := samples[k]
			lat.emit = tr.score(s.feats, lat.emit)
			path, _, _ := lat.viterbi(len(s.gold), false)
			if !slices.Equal(path, s.gold) {
				tr.update(s, s.gold, 1)
				tr.update(s, path, -1)
			}
			tr.c++
		}
		if opt.Progress != nil {
			opt.Progress(epoch+1, opt.Epochs)
		}
	}
	m := tr.model(labels)
	m.gaz = whole
	m.Info = Info{Documents: len(examples), Tokens: tokens, Spans: spans, Epochs: opt.Epochs, Seed: opt.Seed}
	m.calibrate(examples)
	return m, nil
}

// exampleText returns a function giving the text of a code-point range of
// an example, rebuilt from its tokens (single spaces between them).
func exampleText(ex Example) func(start, end int) string {
	return func(start, end int) string {
		var parts []string
		for _, sent := range ex.Sentences {
			for _, t := range sent {
				if t.End > start && t.Start < end {
					parts = append(parts, t.Text)
				}
			}
		}
		return joinSpace(parts)
	}
}

func joinSpace(parts []string) string {
	n := 0
	for _, p := range parts {
		n += len(p) + 1
	}
	b := make([]byte, 0, n)
	for i, p := range parts {
		if i > 0 {
			b = append(b, ' ')
		}
		b = append(b, p...)
	}
	return string(b)
}

// labelsOf returns the sorted labels of the examples' spans, the number of
// spans and of tokens.
func labelsOf(examples []Example) (labels []string, spans, tokens int) {
	seen := map[string]bool{}
	for _, ex := range examples {
		for _, s := range ex.Spans {
			if !seen[s.Label] {
				seen[s.Label] = true
				labels = append(labels, s.Label)
			}
		}
		spans += len(ex.Spans)
		for _, sent := range ex.Sentences {
			tokens += len(sent)
		}
	}
	slices.Sort(labels)
	return labels, spans, tokens
}

// goldTags returns the BIOES tags of a sentence under spans.
func goldTags(sent []Token, spans []annotate.Span, labelIndex map[string]int) []int {
	var cs []chunk
	sorted := slices.Clone(spans)
	slices.SortStableFunc(sorted, func(a, b annotate.Span) int {
		if a.Start != b.Start {
			return a.Start - b.Start
		}
		return b.End - a.End
	})
	taken := -1 // last token covered so far
	for _, s := range sorted {
		if s.End <= sent[0].Start || s.Start >= sent[len(sent)-1].End {
			continue
		}
		a, b, ok := spanTokens(sent, s.Start, s.End)
		if !ok || a <= taken {
			continue
		}
		l, ok := labelIndex[s.Label]
		if !ok {
			continue
		}
		cs = append(cs, chunk{a, b, l})
		taken = b - 1
	}
	return encode(len(sent), cs)
}

func (tr *trainer) intern(hs []uint64) []int32 {
	out := make([]int32, len(hs))
	for i, h := range hs {
		id, ok := tr.ids[h]
		if !ok {
			id = int32(len(tr.hashes))
			tr.ids[h] = id
			tr.hashes = append(tr.hashes, h)
		}
		out[i] = id
	}
	return out
}

// score fills emit (reused if long enough) with the current weights.
func (tr *trainer) score(feats [][]int32, emit []float64) []float64 {
	n := tr.ts.n
	emit = slices.Grow(emit[:0], len(feats)*n)[:len(feats)*n]
	clear(emit)
	for i, fs := range feats {
		row := emit[i*n : (i+1)*n]
		for _, f := range fs {
			for _, e := range tr.rows[f] {
				row[e.tag] += e.w
			}
		}
	}
	return emit
}

// update adds d to the weights of the features and transitions of tags.
func (tr *trainer) update(s sample, tags []int, d float64) {
	n := tr.ts.n
	prev := n
	for i, t := range tags {
		for _, f := range s.feats[i] {
			tr.add(f, t, d)
		}
		tr.trans[prev*n+t] += d
		tr.transU[prev*n+t] += tr.c * d
		prev = t
	}
	tr.end[prev] += d
	tr.endU[prev] += tr.c * d
}

func (tr *trainer) add(f int32, tag int, d float64) {
	row := tr.rows[f]
	for i := range row {
		if int(row[i].tag) == tag {
			row[i].w += d
			row[i].u += tr.c * d
			return
		}
	}
	tr.rows[f] = append(row, entry{tag: uint16(tag), w: d, u: tr.c * d})
}

// model returns the averaged weights as a Model.
func (tr *trainer) model(labels []string) *Model {
	m := &Model{Labels: labels, ts: tr.ts, ids: map[uint64]int32{}}
	avg := func(w, u float64) float64 { return w - u/tr.c }
	for f, row := range tr.rows {
		var out []weight
		for _, e := range row {
			if a := float32(avg(e.w, e.u)); a != 0 {
				out = append(out, weight{tag: e.tag, w: a})
			}
		}
		if len(out) == 0 {
			continue
		}
		slices.SortFunc(out, func(a, b weight) int { return int(a.tag) - int(b.tag) })
		m.ids[tr.hashes[f]] = int32(len(m.rows))
		m.hashes = append(m.hashes, tr.hashes[f])
		m.rows = append(m.rows, out)
	}
	m.trans = make([]float64, len(tr.trans))
	for i := range tr.trans {
		m.trans[i] = float64(float32(avg(tr.trans[i], tr.transU[i])))
	}
	m.end = make([]float64, len(tr.end))
	for i := range tr.end {
		m.end[i] = float64(float32(avg(tr.end[i], tr.endU[i])))
	}
	return m
}

// calibrate sets the scale that turns margins into confidences: the median
// margin of the spans the model finds on (a sample of) its own training
// sentences becomes a confidence of 0.75.
func (m *Model) calibrate(examples []Example) {
	var ms []float64
	total := 0
	for _, ex := range examples {
		total += len(ex.Sentences)
	}
	step := max(1, total/2000)
	k := 0
	for _, ex := range examples {
		for _, sent := range ex.Sentences {
			if len(sent) == 0 {
				continue
			}
			if k%step == 0 {
				for _, p := range m.tagSentence(sent, m.gaz, true) {
					ms = append(ms, p.margin)
				}
			}
			k++
		}
	}
	m.tau = 1
	if len(ms) > 0 {
		slices.Sort(ms)
		if med := ms[len(ms)/2]; med > 0 && med < 1e9 {
			m.tau = med / math.Log(3)
		}
	}
}

// String describes a model in one line.
func (m *Model) String() string {
	return fmt.Sprintf("tagger of %d labels, %d features, trained on %d tokens with %d spans", len(m.Labels), len(m.rows), m.Info.Tokens, m.Info.Spans)
}
