package agree

import (
	"slices"

	"alama/annotate"
	"alama/annotate/arabic"
)

// Survey collects the annotators and labels of a corpus, which an
// Agreement needs before its first document.
type Survey struct {
	Annotators []string // sorted
	Labels     []string // sorted
}

// Add adds the layers and span labels of d.
func (s *Survey) Add(d *annotate.Document) {
	for _, name := range Annotators(d) {
		if i, found := slices.BinarySearch(s.Annotators, name); !found {
			s.Annotators = slices.Insert(s.Annotators, i, name)
		}
	}
	for _, sp := range d.Spans {
		if i, found := slices.BinarySearch(s.Labels, sp.Label); !found {
			s.Labels = slices.Insert(s.Labels, i, sp.Label)
		}
	}
}

// Compared returns the annotators an agreement compares by default: all
// of the survey's but Gold.
func (s *Survey) Compared() []string {
	return slices.DeleteFunc(slices.Clone(s.Annotators), func(n string) bool { return n == Gold })
}

// Report is the agreement of several annotators over a corpus.
type Report struct {
	Annotators []string      `json:"annotators"`
	Label      string        `json:"label,omitempty"` // set when restricted to one label
	Documents  int           `json:"documents"`       // documents at least two annotators are present in
	Tokens     int           `json:"tokens"`          // tokens of those documents
	Pairs      []Pair        `json:"pairs"`           // every pair, in Annotators order
	Alpha      AlphaResult   `json:"alpha"`           // all annotators together
	Labels     []LabelReport `json:"labels"`
	PerDoc     []DocReport   `json:"per_document"`
}

// Pair is the agreement of two annotators. Precision and recall take A as
// the reference.
type Pair struct {
	A         string      `json:"a"`
	B         string      `json:"b"`
	Documents int         `json:"documents"` // documents both are present in
	Exact     PRF         `json:"exact"`
	Overlap   PRF         `json:"overlap"`
	Relations *PRF        `json:"relations,omitempty"`
	Kappa     KappaResult `json:"kappa"`
	Alpha     AlphaResult `json:"alpha"`
}

// LabelReport is the agreement on one label: spans of other labels are
// left out and tokens are tagged with that label or O.
type LabelReport struct {
	Label string      `json:"label"`
	Pairs []Pair      `json:"pairs"`
	Alpha AlphaResult `json:"alpha"`
}

// DocReport is the agreement in one document.
type DocReport struct {
	ID      uint64      `json:"id"`
	Title   string      `json:"title"`
	Present []string    `json:"present"` // annotators present in it
	Tokens  int         `json:"tokens"`
	Pairs   []Pair      `json:"pairs"` // pairs of present annotators
	Alpha   AlphaResult `json:"alpha"`
}

// Agreement accumulates a Report one document at a time.
type Agreement struct {
	names  []string
	label  string
	labels []string
	rep    Report
	all    *tally
	byLab  map[string]*tally
}

// tally accumulates the figures of every pair and alpha.
type tally struct {
	pairs map[[2]int]*pairTally
	alpha Alpha
}

type pairTally struct {
	docs                 int
	exact, overlap, rels Counts
	kappa                Kappa
	alpha                Alpha
}

func newTally() *tally { return &tally{pairs: map[[2]int]*pairTally{}} }

// New returns an Agreement of the named annotators (see Survey.Compared).
// labels are the span labels to report on one by one (see Survey.Labels);
// a non-empty only restricts everything to spans of that one label.
func New(annotators, labels []string, only string) *Agreement {
	g := &Agreement{names: slices.Clone(annotators), label: only, all: newTally(), byLab: map[string]*tally{}}
	if only != "" {
		labels = []string{only}
	}
	g.labels = slices.Clone(labels)
	for _, l := range g.labels {
		g.byLab[l] = newTally()
	}
	g.rep.Annotators = g.names
	g.rep.Label = only
	return g
}

// Add compares the layers of d.
func (g *Agreement) Add(d *annotate.Document) {
	var present []int
	for i, n := range g.names {
		if Present(d, n) {
			present = append(present, i)
		}
	}
	if len(present) < 2 {
		return
	}
	toks := arabic.Tokenize(d.Text)
	layers := make([]Layer, len(g.names))
	tags := make([][]string, len(g.names))
	for _, i := range present {
		layers[i] = LayerOf(d, g.names[i])
		if g.label != "" {
			layers[i] = layers[i].WithLabel(g.label)
		}
		tags[i] = Tags(toks, layers[i].Spans, g.label)
	}
	g.rep.Documents++
	g.rep.Tokens += len(toks)
	doc := newTally()
	doc.add(present, layers, tags, len(toks), true)
	g.all.merge(doc)
	for _, l := range g.labels {
		if g.label != "" {
			g.byLab[l].add(present, layers, tags, len(toks), false)
			continue
		}
		ll := make([]Layer, len(g.names))
		lt := make([][]string, len(g.names))
		for _, i := range present {
			ll[i] = layers[i].WithLabel(l)
			lt[i] = Tags(toks, ll[i].Spans, l)
		}
		g.byLab[l].add(present, ll, lt, len(toks), false)
	}
	dr := DocReport{ID: d.ID, Title: d.Title, Tokens: len(toks)}
	for _, i := range present {
		dr.Present = append(dr.Present, g.names[i])
	}
	dr.Pairs, dr.Alpha = doc.result(g.names, true, true)
	g.rep.PerDoc = append(g.rep.PerDoc, dr)
}

// add adds one document's layers and tags of the present annotators.
func (t *tally) add(present []int, layers []Layer, tags [][]string, ntok int, relations bool) {
	for x, i := range present {
		for _, j := range present[x+1:] {
			p := t.pairs[[2]int{i, j}]
			if p == nil {
				p = &pairTally{}
				t.pairs[[2]int{i, j}] = p
			}
			p.docs++
			p.exact.Add(Match(layers[i].Spans, layers[j].Spans, Exact).Counts())
			p.overlap.Add(Match(layers[i].Spans, layers[j].Spans, Overlap).Counts())
			if relations {
				p.rels.Add(MatchRelations(layers[i], layers[j]))
			}
			p.kappa.Add(tags[i], tags[j])
			unit := make([]string, 2)
			for k := range ntok {
				unit[0], unit[1] = tags[i][k], tags[j][k]
				p.alpha.AddUnit(unit)
			}
		}
	}
	values := make([]string, len(present))
	for k := range ntok {
		for x, i := range present {
			values[x] = tags[i][k]
		}
		t.alpha.AddUnit(values)
	}
}

// merge adds the figures of o to t.
func (t *tally) merge(o *tally) {
	for k, op := range o.pairs {
		p := t.pairs[k]
		if p == nil {
			p = &pairTally{}
			t.pairs[k] = p
		}
		p.docs += op.docs
		p.exact.Add(op.exact)
		p.overlap.Add(op.overlap)
		p.rels.Add(op.rels)
		p.kappa.merge(&op.kappa)
		p.alpha.merge(&op.alpha)
	}
	t.alpha.merge(&o.alpha)
}

// result returns the figures of every pair of names, in order, and alpha.
// With onlySeen, pairs never present together are left out.
func (t *tally) result(names []string, relations, onlySeen bool) ([]Pair, AlphaResult) {
	var pairs []Pair
	for i := range names {
		for j := i + 1; j < len(names); j++ {
			p := t.pairs[[2]int{i, j}]
			if p == nil {
				if onlySeen {
					continue
				}
				p = &pairTally{}
			}
			pr := Pair{A: names[i], B: names[j], Documents: p.docs,
				Exact: p.exact.PRF(), Overlap: p.overlap.PRF(),
				Kappa: p.kappa.Result(), Alpha: p.alpha.Result()}
			if relations {
				r := p.rels.PRF()
				pr.Relations = &r
			}
			pairs = append(pairs, pr)
		}
	}
	return pairs, t.alpha.Result()
}

// Report returns the agreement over the documents added so far.
func (g *Agreement) Report() *Report {
	r := g.rep
	r.Pairs, r.Alpha = g.all.result(g.names, true, false)
	r.Labels = nil
	for _, l := range g.labels {
		lr := LabelReport{Label: l}
		lr.Pairs, lr.Alpha = g.byLab[l].result(g.names, false, false)
		r.Labels = append(r.Labels, lr)
	}
	return &r
}
