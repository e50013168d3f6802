package app

import (
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"time"

	"alama/annotate"
	"alama/annotate/learn"
)

// GoldLayer is the annotator whose spans Train learns by default, when
// any document to learn from has some.
const GoldLayer = "gold"

// ModelLayer is the default annotator of the model's suggestions.
const ModelLayer = "model"

// TrainOptions say what Train learns from.
type TrainOptions struct {
	// Annotator is the layer to learn; "" means GoldLayer if it has spans
	// in the documents chosen, else the spans of every layer.
	Annotator string
	// Status chooses the documents to learn from; "" means done.
	Status annotate.Status
	// EvalPercent, if above zero, holds out that share of the documents
	// (at least one), trains on the rest and scores the model on them.
	EvalPercent int
	// Seed fixes the order of training and the held-out documents.
	Seed uint64
	// Now dates the model; zero means time.Now.
	Now time.Time
	// Progress, when set, gets the training passes done and their number.
	Progress func(done, total int)
}

// TrainResult says what Train did.
type TrainResult struct {
	Layer     string // the layer learnt; "" for every layer
	Documents int    // documents trained on
	Tokens    int
	Spans     int
	Labels    []string
	Took      time.Duration // training alone
	Bytes     int           // size of the stored model
	Trained   time.Time
	// Eval scores the model on the held-out documents (nil without
	// EvalPercent); EvalDocuments says how many there were.
	Eval          *learn.Score
	EvalDocuments int
}

// ErrNothingToLearn means the documents chosen hold no span to learn.
var ErrNothingToLearn = errors.New("no spans to learn from")

// Train trains the project's tagger on the accepted spans of one layer in
// the documents with a status and stores it in the project, replacing the
// model there was. With EvalPercent the stored model is the one trained
// without the held-out documents, the one the figures describe.
func Train(p annotate.Project, opt TrainOptions) (TrainResult, error) {
	if opt.Status == "" {
		opt.Status = annotate.StatusDone
	}
	if !opt.Status.Valid() {
		return TrainResult{}, fmt.Errorf("train: unknown status %q: %w", opt.Status, annotate.ErrInvalid)
	}
	if opt.EvalPercent < 0 || opt.EvalPercent >= 100 {
		return TrainResult{}, fmt.Errorf("train: held-out share %d%% not in 0–99: %w", opt.EvalPercent, annotate.ErrInvalid)
	}
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	infos, err := p.Documents()
	if err != nil {
		return TrainResult{}, fmt.Errorf("train: %w", err)
	}
	var docs []*annotate.Document
	for _, info := range infos {
		if info.Status != opt.Status {
			continue
		}
		d, err := p.Document(info.ID)
		if err != nil {
			return TrainResult{}, fmt.Errorf("train: %w", err)
		}
		docs = append(docs, d)
	}
	layer := opt.Annotator
	if layer == "" && slices.ContainsFunc(docs, func(d *annotate.Document) bool { return len(accepted(d, GoldLayer)) > 0 }) {
		layer = GoldLayer
	}
	res := TrainResult{Layer: layer}
	var held []*annotate.Document
	if opt.EvalPercent > 0 && len(docs) > 1 {
		order := slices.Clone(docs)
		rand.New(rand.NewPCG(opt.Seed, 0x6576616c)).Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		n := min(max(1, len(order)*opt.EvalPercent/100), len(order)-1)
		held, docs = order[:n], order[n:]
		slices.SortFunc(docs, func(a, b *annotate.Document) int { return compareIDs(a.ID, b.ID) })
	}
	var examples []learn.Example
	for _, d := range docs {
		ex := learn.ExampleOf(d)
		ex.Spans = accepted(d, layer)
		examples = append(examples, ex)
	}
	start := time.Now()
	m, err := learn.Train(examples, learn.Options{Seed: opt.Seed, Progress: opt.Progress})
	if errors.Is(err, learn.ErrNoSpans) {
		what := "every layer"
		if layer != "" {
			what = "layer " + layer
		}
		return res, fmt.Errorf("train: %d %s documents, %s: %w", len(docs), opt.Status, what, ErrNothingToLearn)
	}
	if err != nil {
		return res, fmt.Errorf("train: %w", err)
	}
	res.Took = time.Since(start)
	m.Info.Trained = opt.Now.UTC()
	data, err := m.MarshalBinary()
	if err != nil {
		return res, fmt.Errorf("train: %w", err)
	}
	if err := p.SetModel(annotate.StoredModel{Data: data, Trained: m.Info.Trained}); err != nil {
		return res, fmt.Errorf("train: %w", err)
	}
	res.Documents, res.Tokens, res.Spans, res.Labels = m.Info.Documents, m.Info.Tokens, m.Info.Spans, m.Labels
	res.Bytes, res.Trained = len(data), m.Info.Trained
	if len(held) > 0 {
		res.Eval, res.EvalDocuments = learn.NewScore(), len(held)
		for _, d := range held {
			res.Eval.Add(accepted(d, layer), m.TagDocument(d, nil).Spans)
		}
	}
	return res, nil
}

func compareIDs(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// accepted returns the spans of a layer ("" for every layer) that are not
// suggestions.
func accepted(d *annotate.Document, layer string) []annotate.Span {
	var out []annotate.Span
	for _, s := range d.Spans {
		if !s.Suggested && (layer == "" || s.Annotator == layer) {
			out = append(out, s)
		}
	}
	return out
}

// ErrNoModel means the project has no trained model.
var ErrNoModel = errors.New("the project has no trained model (train one first)")

// LoadModel returns the project's model and when it was trained.
func LoadModel(p annotate.Project) (*learn.Model, time.Time, error) {
	sm, ok, err := p.Model()
	if err != nil {
		return nil, time.Time{}, err
	}
	if !ok {
		return nil, time.Time{}, ErrNoModel
	}
	m, err := learn.Decode(sm.Data)
	if err != nil {
		return nil, time.Time{}, err
	}
	return m, sm.Trained, nil
}

// SuggestOptions say where Suggest puts the model's spans.
type SuggestOptions struct {
	// Annotator is the layer of the suggestions; "" means ModelLayer.
	Annotator string
	// Docs are the documents to suggest on; nil means every document not
	// yet done. Done and reviewed documents are always left alone.
	Docs []uint64
	// MinConfidence leaves out spans the model is less sure of.
	MinConfidence float64
}

// SuggestResult says what Suggest did.
type SuggestResult struct {
	Documents int // documents that received suggestions
	Added     int // spans added
	Present   int // spans left out because the document has them already
	Unsure    int // spans left out below MinConfidence
	Done      int // documents asked for but left alone, being done
}

// Suggest adds the model's spans to documents as suggestions, one undoable
// edit per document, never a span (same range and label) the document
// already has in any layer, and nothing on done or reviewed documents.
// Spans accepted in the documents asked for (done ones included) join the
// model's gazetteer, so a name marked in one place is evidence in another.
// Every document tagged is marked as having had this model's suggestions.
func Suggest(p annotate.Project, m *learn.Model, trained time.Time, opt SuggestOptions) (SuggestResult, error) {
	if m == nil {
		return SuggestResult{}, fmt.Errorf("suggest: %w", ErrNoModel)
	}
	if opt.Annotator == "" {
		opt.Annotator = ModelLayer
	}
	var res SuggestResult
	infos, err := p.Documents()
	if err != nil {
		return res, fmt.Errorf("suggest: %w", err)
	}
	want := map[uint64]bool{}
	for _, id := range opt.Docs {
		want[id] = true
	}
	var docs []*annotate.Document
	extra := learn.NewGazetteer()
	for _, info := range infos {
		asked := opt.Docs == nil || want[info.ID]
		delete(want, info.ID)
		if !asked {
			continue
		}
		d, err := p.Document(info.ID)
		if err != nil {
			return res, fmt.Errorf("suggest: %w", err)
		}
		for _, s := range accepted(d, "") {
			extra.Add(d.SpanText(s), s.Label)
		}
		if done(d.Status) {
			res.Done++
			continue
		}
		docs = append(docs, d)
	}
	if len(want) > 0 {
		missing := slices.Sorted(maps.Keys(want))
		return res, fmt.Errorf("suggest: document %d: %w", missing[0], annotate.ErrNotFound)
	}
	var out []*annotate.Document
	var tagged []uint64
	for _, d := range docs {
		s := &annotate.Document{Title: d.Title, Text: d.Text}
		for _, pr := range m.TagDocument(d, extra).Spans {
			switch {
			case pr.Confidence < opt.MinConfidence:
				res.Unsure++
			case slices.ContainsFunc(d.Spans, func(h annotate.Span) bool {
				return h.Start == pr.Start && h.End == pr.End && h.Label == pr.Label
			}):
				res.Present++
			default:
				s.Spans = append(s.Spans, annotate.Span{Start: pr.Start, End: pr.End, Label: pr.Label, Annotator: opt.Annotator, Suggested: true})
			}
		}
		tagged = append(tagged, d.ID)
		if len(s.Spans) > 0 {
			out = append(out, s)
		}
	}
	if len(out) > 0 {
		r, err := p.Suggest(out)
		if err != nil {
			return res, fmt.Errorf("suggest: %w", err)
		}
		res.Added += r.Added
		res.Present += r.Present
		res.Documents = len(out)
	}
	if len(tagged) > 0 {
		if err := p.MarkSuggested(tagged, trained); err != nil {
			return res, fmt.Errorf("suggest: %w", err)
		}
	}
	return res, nil
}

func done(s annotate.Status) bool { return s == annotate.StatusDone || s == annotate.StatusReviewed }

// Stale returns the documents not yet done whose last suggestions came from
// a model older than the one trained at trained (or that never had any):
// those the window suggests on when they are opened.
func Stale(p annotate.Project, trained time.Time, ids []uint64) ([]uint64, error) {
	at, err := p.SuggestedWith(ids)
	if err != nil {
		return nil, err
	}
	var out []uint64
	for i, id := range ids {
		if at[i].Before(trained) {
			out = append(out, id)
		}
	}
	return out, nil
}

// Uncertainty returns how unsure the model is about each document (see
// learn.Tagging), for sorting the documents the model would learn most
// from first.
func Uncertainty(p annotate.Project, m *learn.Model, ids []uint64) (map[uint64]float64, error) {
	out := make(map[uint64]float64, len(ids))
	for _, id := range ids {
		d, err := p.Document(id)
		if err != nil {
			return nil, err
		}
		out[id] = m.TagDocument(d, nil).Uncertainty
	}
	return out, nil
}
