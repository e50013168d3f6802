package learn

import (
	"math"
	"time"

	"alama/annotate"
)

// Info says what a model was trained on.
type Info struct {
	Trained   time.Time `json:"trained"` // set by the caller; zero if not
	Documents int       `json:"documents"`
	Tokens    int       `json:"tokens"`
	Spans     int       `json:"spans"`
	Epochs    int       `json:"epochs"`
	Seed      uint64    `json:"seed"`
}

// Model is a trained tagger. It is read-only once trained or decoded and
// safe for concurrent use.
type Model struct {
	Labels []string // the labels it tags, sorted
	Info   Info

	ts     *tagset
	gaz    *Gazetteer
	ids    map[uint64]int32 // feature hash → row
	hashes []uint64         // row → feature hash
	rows   [][]weight       // row → non-zero weights by tag
	trans  []float64        // (n+1)*n transition weights, row n the start
	end    []float64        // n
	tau    float64          // margin scale of confidences
}

// weight is one non-zero weight of a feature.
type weight struct {
	tag uint16
	w   float32
}

// Prediction is one span the model proposes.
type Prediction struct {
	Start, End int // code points of the document's text
	Label      string
	// Confidence is in [0.5, 1): 0.5 when another tagging of its tokens
	// scores as well, near 1 when none comes close. It ranks suggestions;
	// it is not a calibrated probability.
	Confidence float64

	margin float64
}

// Gazetteer returns the terms the model matches (the spans it was trained
// on and the terms it was given). Callers may read it, not change it.
func (m *Model) Gazetteer() *Gazetteer { return m.gaz }

// Features returns the number of features with a non-zero weight.
func (m *Model) Features() int { return len(m.rows) }

func (m *Model) confidence(margin float64) float64 {
	return 1 / (1 + math.Exp(-margin/m.tau))
}

// emit returns the emission scores of a sentence.
func (m *Model) emit(sent []Token, gaz *Gazetteer) []float64 {
	n := m.ts.n
	out := make([]float64, len(sent)*n)
	for i, fs := range features(sent, gaz) {
		row := out[i*n : (i+1)*n]
		for _, h := range fs {
			r, ok := m.ids[h]
			if !ok {
				continue
			}
			for _, w := range m.rows[r] {
				row[w.tag] += float64(w.w)
			}
		}
	}
	return out
}

// tagSentence returns the spans found in a sentence, with margins if asked.
func (m *Model) tagSentence(sent []Token, gaz *Gazetteer, withMargins bool) []Prediction {
	p, _ := m.tagSentenceTokens(sent, gaz, withMargins)
	return p
}

// tagSentenceTokens is tagSentence that also returns each token's margin
// (nil without margins).
func (m *Model) tagSentenceTokens(sent []Token, gaz *Gazetteer, withMargins bool) ([]Prediction, []float64) {
	lat := &lattice{ts: m.ts, emit: m.emit(sent, gaz), trans: m.trans, end: m.end}
	path, best, mm := lat.viterbi(len(sent), withMargins)
	var tm []float64
	if withMargins {
		tm = margins(path, best, mm, m.ts.n)
	}
	var out []Prediction
	for _, c := range chunks(path) {
		p := Prediction{Start: sent[c.a].Start, End: sent[c.b-1].End, Label: m.Labels[c.label]}
		if withMargins {
			p.margin = math.Inf(1)
			for i := c.a; i < c.b; i++ {
				p.margin = min(p.margin, tm[i])
			}
			p.Confidence = m.confidence(p.margin)
		}
		out = append(out, p)
	}
	return out, tm
}

// Tagging is what the model makes of one document.
type Tagging struct {
	Spans []Prediction // in text order, none overlapping
	// Uncertainty is in (0, 1]: the mean over tokens of how unsure the
	// model is of its tag (twice one minus the token's confidence); 0 for a
	// document without tokens.
	Uncertainty float64
}

// Confidence returns the model's confidence in span s: the confidence of
// the same span (range and label) among t's predictions; ok is false when
// the model does not predict it.
func (t Tagging) Confidence(s annotate.Span) (c float64, ok bool) {
	for _, p := range t.Spans {
		if p.Start == s.Start && p.End == s.End && p.Label == s.Label {
			return p.Confidence, true
		}
	}
	return 0, false
}

// Tag runs the model over sentences of tokens of one document. extra, if
// not nil, adds gazetteer terms (spans accepted elsewhere in the project,
// say) to the model's own.
func (m *Model) Tag(sentences [][]Token, extra *Gazetteer) Tagging {
	gaz := m.gaz
	if extra != nil && extra.Len() > 0 {
		gaz = NewGazetteer()
		gaz.Merge(m.gaz)
		gaz.Merge(extra)
	}
	var t Tagging
	tokens := 0
	for _, sent := range sentences {
		if len(sent) == 0 {
			continue
		}
		ps, tm := m.tagSentenceTokens(sent, gaz, true)
		t.Spans = append(t.Spans, ps...)
		for _, x := range tm {
			t.Uncertainty += 2 * (1 - m.confidence(x))
		}
		tokens += len(sent)
	}
	if tokens > 0 {
		t.Uncertainty /= float64(tokens)
	}
	return t
}

// TagDocument tags a document tokenized with Sentences.
func (m *Model) TagDocument(d *annotate.Document, extra *Gazetteer) Tagging {
	return m.Tag(Sentences(d), extra)
}
