package agree

import (
	"encoding/json"
	"math/rand/v2"
	"slices"
	"testing"

	"alama/annotate"
	"alama/annotate/arabic"
)

func TestTags(t *testing.T) {
	toks := arabic.Tokenize(army)
	if len(toks) != 8 || toks[2].Text != "🙂" || toks[3].Start != 15 {
		t.Fatalf("tokens changed: %+v", toks)
	}
	tests := []struct {
		name  string
		spans []annotate.Span
		label string
		want  []string
	}{
		{"none", nil, "", []string{O, O, O, O, O, O, O, O}},
		// [15,21) leaves out the suffix ه: 6 of the token's 7 code points.
		{"suffix left out", []annotate.Span{sp("a", "EVENT", 15, 21)}, "", []string{O, O, O, "EVENT", O, O, O, O}},
		{"emoji alone", []annotate.Span{sp("a", "ACTOR", 13, 14)}, "", []string{O, O, "ACTOR", O, O, O, O, O}},
		{"outermost wins", []annotate.Span{sp("a", "ACTOR", 34, 37), sp("a", "LOCATION", 27, 37)}, "", []string{O, O, O, O, O, "LOCATION", "LOCATION", O}},
		{"label filter", []annotate.Span{sp("a", "ACTOR", 34, 37), sp("a", "LOCATION", 27, 37)}, "ACTOR", []string{O, O, O, O, O, O, "ACTOR", O}},
		// [0,2) covers 2 of أعلنَ's 5 code points: less than half.
		{"less than half", []annotate.Span{sp("a", "EVENT", 0, 2)}, "", []string{O, O, O, O, O, O, O, O}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Tags(toks, tt.spans, tt.label); !slices.Equal(got, tt.want) {
				t.Errorf("Tags = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestMatch(t *testing.T) {
	tests := []struct {
		name           string
		a, b           []annotate.Span
		exact, overlap Counts
	}{
		{"perfect",
			[]annotate.Span{sp("a", "ACTOR", 6, 12), sp("a", "LOCATION", 34, 37)},
			[]annotate.Span{sp("b", "ACTOR", 6, 12), sp("b", "LOCATION", 34, 37)},
			Counts{TP: 2}, Counts{TP: 2}},
		{"no overlap",
			[]annotate.Span{sp("a", "ACTOR", 6, 12)},
			[]annotate.Span{sp("b", "LOCATION", 34, 37)},
			Counts{FP: 1, FN: 1}, Counts{FP: 1, FN: 1}},
		{"same range, other label",
			[]annotate.Span{sp("a", "ACTOR", 6, 12)},
			[]annotate.Span{sp("b", "LOCATION", 6, 12)},
			Counts{FP: 1, FN: 1}, Counts{FP: 1, FN: 1}},
		{"b empty",
			[]annotate.Span{sp("a", "ACTOR", 6, 12), sp("a", "EVENT", 15, 22)}, nil,
			Counts{FN: 2}, Counts{FN: 2}},
		// مدينةِ حلب against حلب, and أعلنَ الجيشُ against الجيشُ: no exact
		// pair, two overlapping pairs of the same label.
		{"boundaries differ",
			[]annotate.Span{sp("a", "ACTOR", 6, 12), sp("a", "LOCATION", 27, 37)},
			[]annotate.Span{sp("b", "ACTOR", 0, 12), sp("b", "LOCATION", 34, 37)},
			Counts{FP: 2, FN: 2}, Counts{TP: 2}},
		// [27,37) overlaps [27,33) by 6 and [34,37) by 3: one to one, it
		// takes the larger overlap and [34,37) is left spurious.
		{"one to one, largest overlap",
			[]annotate.Span{sp("a", "LOCATION", 27, 37)},
			[]annotate.Span{sp("b", "LOCATION", 27, 33), sp("b", "LOCATION", 34, 37)},
			Counts{FP: 2, FN: 1}, Counts{TP: 1, FP: 1}},
		// The exact pair [34,37) is taken first, so overlap >= exact.
		{"exact first",
			[]annotate.Span{sp("a", "LOCATION", 27, 37), sp("a", "LOCATION", 34, 37)},
			[]annotate.Span{sp("b", "LOCATION", 34, 37)},
			Counts{TP: 1, FN: 1}, Counts{TP: 1, FN: 1}},
		{"duplicates pair once",
			[]annotate.Span{sp("a", "ACTOR", 6, 12), sp("a", "ACTOR", 6, 12)},
			[]annotate.Span{sp("b", "ACTOR", 6, 12)},
			Counts{TP: 1, FN: 1}, Counts{TP: 1, FN: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Match(tt.a, tt.b, Exact).Counts(); got != tt.exact {
				t.Errorf("exact = %+v, want %+v", got, tt.exact)
			}
			if got := Match(tt.a, tt.b, Overlap).Counts(); got != tt.overlap {
				t.Errorf("overlap = %+v, want %+v", got, tt.overlap)
			}
		})
	}
}

func TestCountsRatios(t *testing.T) {
	tests := []struct {
		c        Counts
		p, r, f1 float64
	}{
		{Counts{TP: 3}, 1, 1, 1},
		{Counts{FP: 1, FN: 1}, 0, 0, 0},
		// B empty: precision 0/0 is undefined, recall 0/3, F1 0/(0+0+3).
		{Counts{FN: 3}, nan, 0, 0},
		// Both empty: nothing to measure.
		{Counts{}, nan, nan, nan},
		// P = 2/3, R = 2/4, F1 = 4/(4+1+2) = 4/7.
		{Counts{TP: 2, FP: 1, FN: 2}, 2.0 / 3, 0.5, 4.0 / 7},
	}
	for _, tt := range tests {
		near(t, "precision", tt.c.Precision(), tt.p)
		near(t, "recall", tt.c.Recall(), tt.r)
		near(t, "F1", tt.c.F1(), tt.f1)
	}
}

func TestKappa(t *testing.T) {
	tests := []struct {
		name      string
		a, b      []string
		po, pe, k float64
	}{
		// Po = 1, Pe = (6/8)^2 + 2*(1/8)^2 = 38/64, kappa = 1.
		{"perfect", []string{O, "ACTOR", O, "EVENT", O, O, O, O}, []string{O, "ACTOR", O, "EVENT", O, O, O, O}, 1, 38.0 / 64, 1},
		// Agree on 6 of 8: Po = 6/8. A: O 7/8, ACTOR 1/8; B: O 7/8,
		// LOCATION 1/8. Pe = 7/8*7/8 = 49/64.
		// kappa = (48/64 - 49/64) / (15/64) = -1/15.
		{"no overlap", []string{O, "ACTOR", O, O, O, O, O, O}, []string{O, O, O, O, O, O, "LOCATION", O}, 0.75, 49.0 / 64, -1.0 / 15},
		// B all O: Po = 5/8, Pe = 5/8*1 = 5/8, kappa = 0/(3/8) = 0.
		{"one empty", []string{O, "ACTOR", O, "EVENT", O, O, "LOCATION", O}, []string{O, O, O, O, O, O, O, O}, 5.0 / 8, 5.0 / 8, 0},
		// Both all O: Pe = 1 and Po = 1, kappa defined as 1.
		{"expected agreement 1", []string{O, O, O}, []string{O, O, O}, 1, 1, 1},
		// Each uses one tag, but not the same: Pe = 0, Po = 0, kappa 0.
		{"constant but different", []string{"ACTOR", "ACTOR"}, []string{O, O}, 0, 0, 0},
		{"no tokens", nil, nil, nan, nan, nan},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var k Kappa
			k.Add(tt.a, tt.b)
			r := k.Result()
			near(t, "Po", r.Observed, tt.po)
			near(t, "Pe", r.Expected, tt.pe)
			near(t, "kappa", r.Kappa, tt.k)
		})
	}
}

func TestAlpha(t *testing.T) {
	tests := []struct {
		name  string
		units [][]string
		n     int
		alpha float64
	}{
		// Two coders, 8 tokens, the "no overlap" tags: 6 O-O units give
		// o_OO = 12; (ACTOR,O) and (LOCATION,O) give o_AO = o_OA = o_LO =
		// o_OL = 1. n_O = 14, n_A = n_L = 1, n = 16, D = 4,
		// E = 2(14*1 + 14*1 + 1*1) = 58. alpha = 1 - 15*4/58 = -1/29.
		{"no overlap", pairs([]string{O, "ACTOR", O, O, O, O, O, O}, []string{O, O, O, O, O, O, "LOCATION", O}), 16, -1.0 / 29},
		// B all O against three labels of A: o_OO = 10, three (X,O) units.
		// n_O = 13, n_A = n_E = n_L = 1, n = 16, D = 6,
		// E = 2(13*3 + 3) = 84. alpha = 1 - 15*6/84 = -1/14.
		{"one empty", pairs([]string{O, "ACTOR", O, "EVENT", O, O, "LOCATION", O}, []string{O, O, O, O, O, O, O, O}), 16, -1.0 / 14},
		{"perfect", pairs([]string{O, "ACTOR", O}, []string{O, "ACTOR", O}), 6, 1},
		// Only O: E = 0 and D = 0, alpha defined as 1.
		{"one value only", pairs([]string{O, O}, []string{O, O}), 4, 1},
		// Missing data. u1 (a,a,a) by three coders: six ordered pairs of
		// weight 1/2, o_aa = 3. u2 (a,b) with the third coder missing:
		// o_ab = o_ba = 1. u3 (b,b): o_bb = 2. u4 (a) alone is not
		// pairable. n_a = 4, n_b = 3, n = 7, D = 2, E = 2*4*3 = 24.
		// alpha = 1 - 6*2/24 = 0.5.
		{"missing values", [][]string{{"a", "a", "a"}, {"a", "b"}, {"b", "b"}, {"a"}}, 7, 0.5},
		{"nothing pairable", [][]string{{"a"}, {}}, 0, nan},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var a Alpha
			for _, u := range tt.units {
				a.AddUnit(u)
			}
			r := a.Result()
			if r.Pairable != tt.n {
				t.Errorf("n = %d, want %d", r.Pairable, tt.n)
			}
			near(t, "alpha", r.Alpha, tt.alpha)
		})
	}
}

// pairs turns two coders' tags into units.
func pairs(a, b []string) [][]string {
	var out [][]string
	for i := range a {
		out = append(out, []string{a[i], b[i]})
	}
	return out
}

func TestMatchRelations(t *testing.T) {
	// Both mark the same four spans of army; both link the event to the
	// army (AGENT), but A places it in حلب and B in مدينةِ حلب.
	// AGENT matches: TP 1. PLACE of A ends at [34,37), which B has, but B's
	// PLACE goes to [27,37): FN 1, FP 1. F1 = 2/(2+1+1) = 0.5.
	mk := func(ann string, place uint64) Layer {
		l := Layer{Annotator: ann, Spans: []annotate.Span{
			{ID: 1, Start: 6, End: 12, Label: "ACTOR"}, {ID: 2, Start: 15, End: 21, Label: "EVENT"},
			{ID: 3, Start: 27, End: 37, Label: "LOCATION"}, {ID: 4, Start: 34, End: 37, Label: "LOCATION"}}}
		// B numbers its spans differently: matching goes by range.
		if ann == "b" {
			for i := range l.Spans {
				l.Spans[i].ID += 10
			}
		}
		l.Relations = []annotate.Relation{{ID: 20, Type: "AGENT", From: l.Spans[1].ID, To: l.Spans[0].ID},
			{ID: 21, Type: "PLACE", From: l.Spans[1].ID, To: l.Spans[place].ID}}
		return l
	}
	c := MatchRelations(mk("a", 3), mk("b", 2))
	if want := (Counts{TP: 1, FP: 1, FN: 1}); c != want {
		t.Errorf("relations = %+v, want %+v", c, want)
	}
	near(t, "relation F1", c.F1(), 0.5)
	if c := MatchRelations(mk("a", 3), mk("b", 3)); c != (Counts{TP: 2}) {
		t.Errorf("same relations = %+v, want TP 2", c)
	}
}

func TestAgreementMissingDocuments(t *testing.T) {
	// army is still new: c has no span there, so c is missing (not all O).
	// talks is new too: b is missing there.
	docs := []*annotate.Document{
		doc(1, army, annotate.StatusNew, sp("a", "ACTOR", 6, 12), sp("b", "ACTOR", 6, 12)),
		doc(2, talks, annotate.StatusNew, sp("a", "LOCATION", 47, 52), sp("c", "LOCATION", 47, 52), sp("c", "ACTOR", 6, 13)),
	}
	var s Survey
	for _, d := range docs {
		s.Add(d)
	}
	if !slices.Equal(s.Annotators, []string{"a", "b", "c"}) || !slices.Equal(s.Labels, []string{"ACTOR", "LOCATION"}) {
		t.Fatalf("survey = %+v", s)
	}
	g := New(s.Compared(), s.Labels, "")
	for _, d := range docs {
		g.Add(d)
	}
	r := g.Report()
	// Alpha over all: army has units (a,b): 7 O-O, 1 ACTOR-ACTOR, so
	// o_OO = 14, o_AA = 2. talks has units (a,c): 7 O-O (o_OO += 14),
	// LOC-LOC (o_LL = 2), and (O,ACTOR) at الوزيرُ (o_OA = o_AO = 1).
	// n_O = 29, n_A = 3, n_L = 2, n = 34, D = 2,
	// E = 2(29*3 + 29*2 + 3*2) = 302. alpha = 1 - 33*2/302 = 118/151.
	if r.Alpha.Pairable != 34 {
		t.Errorf("pairable = %d, want 34", r.Alpha.Pairable)
	}
	near(t, "alpha", r.Alpha.Alpha, 118.0/151)
	if r.Documents != 2 || r.Tokens != 17 {
		t.Errorf("documents %d, tokens %d; want 2, 17", r.Documents, r.Tokens)
	}
	byPair := map[string]Pair{}
	for _, p := range r.Pairs {
		byPair[p.A+p.B] = p
	}
	if p := byPair["ab"]; p.Documents != 1 || p.Exact.Counts != (Counts{TP: 1}) {
		t.Errorf("a-b = %+v", p)
	}
	near(t, "a-b kappa", byPair["ab"].Kappa.Kappa, 1)
	// a-c in talks: exact TP 1 (LOCATION), FP 1 (c's ACTOR).
	// F1 = 2/(2+1) = 2/3. Tokens: agree on 8 of 9, Po = 8/9; a: O 8/9,
	// LOC 1/9; c: O 7/9, ACTOR 1/9, LOC 1/9. Pe = 8/9*7/9 + 1/9*1/9 = 57/81.
	// kappa = (72/81 - 57/81) / (24/81) = 15/24 = 0.625.
	ac := byPair["ac"]
	near(t, "a-c F1", ac.Exact.F1, 2.0/3)
	near(t, "a-c kappa", ac.Kappa.Kappa, 0.625)
	// b and c are never present together: nothing to measure.
	if bc := byPair["bc"]; bc.Documents != 0 || bc.Exact.F1.Defined() || bc.Kappa.Kappa.Defined() {
		t.Errorf("b-c = %+v, want undefined", bc)
	}
	if len(r.PerDoc) != 2 || !slices.Equal(r.PerDoc[0].Present, []string{"a", "b"}) || len(r.PerDoc[0].Pairs) != 1 {
		t.Errorf("per document = %+v", r.PerDoc)
	}
	// Per label ACTOR: army (a,b) agree on ACTOR everywhere. talks (a,c):
	// c's ACTOR at الوزيرُ against O. Label LOCATION: perfect in both.
	var actor, loc LabelReport
	for _, l := range r.Labels {
		switch l.Label {
		case "ACTOR":
			actor = l
		case "LOCATION":
			loc = l
		}
	}
	near(t, "LOCATION alpha", loc.Alpha.Alpha, 1)
	// ACTOR alpha: o_OO = 14 + 16 = 30, o_AA = 2, o_OA = o_AO = 1.
	// n_O = 31, n_A = 3, n = 34, D = 2, E = 2*31*3 = 186.
	// alpha = 1 - 33*2/186 = 1 - 11/31 = 20/31.
	near(t, "ACTOR alpha", actor.Alpha.Alpha, 20.0/31)

	// Treated as all O instead, c in army would change alpha: check that
	// marking army done (so c is present) does.
	docs[0].Status = annotate.StatusDone
	g = New(s.Compared(), s.Labels, "")
	for _, d := range docs {
		g.Add(d)
	}
	if got := g.Report().Alpha.Alpha; got == r.Alpha.Alpha {
		t.Errorf("alpha %v did not change when c became present in army", got)
	}
}

func TestAgreementPerfectAndEmpty(t *testing.T) {
	both := []annotate.Span{sp("a", "ACTOR", 6, 12), sp("a", "EVENT", 15, 21), sp("a", "LOCATION", 34, 37),
		sp("b", "ACTOR", 6, 12), sp("b", "EVENT", 15, 21), sp("b", "LOCATION", 34, 37)}
	tests := []struct {
		name        string
		d           *annotate.Document
		f1, k, alph float64
	}{
		{"perfect", doc(1, army, annotate.StatusDone, both...), 1, 1, 1},
		// b present (done) but empty: F1 0, kappa 0, alpha -1/14 (see
		// TestKappa and TestAlpha).
		{"one empty", doc(1, army, annotate.StatusDone, both[:3]...), 0, 0, -1.0 / 14},
		// Both present, neither marked anything: F1 undefined, kappa and
		// alpha 1 by definition.
		{"both empty", doc(1, army, annotate.StatusDone), nan, 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := New([]string{"a", "b"}, []string{"ACTOR"}, "")
			g.Add(tt.d)
			r := g.Report()
			near(t, "F1", r.Pairs[0].Exact.F1, tt.f1)
			near(t, "kappa", r.Pairs[0].Kappa.Kappa, tt.k)
			near(t, "alpha", r.Alpha.Alpha, tt.alph)
			near(t, "pair alpha", r.Pairs[0].Alpha.Alpha, tt.alph)
		})
	}
}

func TestAgreementOneLabel(t *testing.T) {
	// Restricted to LOCATION, a's ACTOR and b's EVENT do not count.
	d := doc(1, army, annotate.StatusDone, sp("a", "ACTOR", 6, 12), sp("a", "LOCATION", 34, 37),
		sp("b", "EVENT", 15, 21), sp("b", "LOCATION", 34, 37))
	g := New([]string{"a", "b"}, nil, "LOCATION")
	g.Add(d)
	r := g.Report()
	if r.Pairs[0].Exact.Counts != (Counts{TP: 1}) || len(r.Labels) != 1 || r.Labels[0].Label != "LOCATION" {
		t.Errorf("report = %+v", r)
	}
	near(t, "kappa", r.Pairs[0].Kappa.Kappa, 1)
}

func TestScoreJSON(t *testing.T) {
	b, err := json.Marshal([]Score{0.5, Undefined, 2.0 / 3})
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != "[0.5,null,0.6667]" {
		t.Errorf("JSON = %s", b)
	}
	var back []Score
	if err := json.Unmarshal(b, &back); err != nil || back[1].Defined() || back[0] != 0.5 {
		t.Errorf("back = %v, %v", back, err)
	}
	if Undefined.String() != "n/a" || Score(0.25).String() != "0.250" {
		t.Errorf("String: %s %s", Undefined, Score(0.25))
	}
}

// bruteOverlap is the overlap matching written the slow, obvious way:
// exact pairs first, then every remaining same-label overlapping pair by
// overlap size, largest first, ties by index.
func bruteOverlap(a, b []annotate.Span) int {
	ua, ub := make([]bool, len(a)), make([]bool, len(b))
	tp := 0
	for i, s := range a {
		for j, t := range b {
			if !ua[i] && !ub[j] && s.Start == t.Start && s.End == t.End && s.Label == t.Label {
				ua[i], ub[j] = true, true
				tp++
			}
		}
	}
	for size := maxSpan; size > 0; size-- {
		for i, s := range a {
			for j, t := range b {
				if !ua[i] && !ub[j] && s.Label == t.Label && min(s.End, t.End)-max(s.Start, t.Start) == size {
					ua[i], ub[j] = true, true
					tp++
				}
			}
		}
	}
	return tp
}

// maxSpan is the longest span TestMatchAgainstBruteForce makes.
const maxSpan = 12

func TestMatchAgainstBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	labels := []string{"ACTOR", "EVENT"}
	gen := func(n int) []annotate.Span {
		var out []annotate.Span
		for range n {
			start := rng.IntN(60)
			out = append(out, annotate.Span{Start: start, End: start + 1 + rng.IntN(maxSpan), Label: labels[rng.IntN(2)]})
		}
		return out
	}
	for round := range 300 {
		a, b := gen(rng.IntN(15)), gen(rng.IntN(15))
		m := Match(a, b, Overlap)
		if got, want := len(m.Pairs), bruteOverlap(a, b); got != want {
			t.Fatalf("round %d: %d overlap pairs, brute force %d\na %v\nb %v", round, got, want, a, b)
		}
		if len(m.Pairs)+len(m.Missed) != len(a) || len(m.Pairs)+len(m.Spurious) != len(b) {
			t.Fatalf("round %d: pairs, missed and spurious do not add up: %+v", round, m)
		}
		if e := Match(a, b, Exact); len(e.Pairs) > len(m.Pairs) {
			t.Fatalf("round %d: exact %d > overlap %d", round, len(e.Pairs), len(m.Pairs))
		}
	}
}

func TestSuggestionsLeftOut(t *testing.T) {
	d := doc(1, army, annotate.StatusNew, sp("a", "ACTOR", 6, 12), sp("b", "ACTOR", 6, 12), sp("c", "LOCATION", 34, 37))
	d.Spans[1].Suggested = true // b's copy is a suggestion
	d.Spans[2].Suggested = true // c has only a suggestion
	d.Relations = []annotate.Relation{{ID: 9, Type: "AGENT", From: 1, To: 2, Annotator: "a"}}
	if got := Annotators(d); !slices.Equal(got, []string{"a"}) {
		t.Errorf("Annotators = %v, want [a]: suggestions make no layer", got)
	}
	if Present(d, "b") || Present(d, "c") || !Present(d, "a") {
		t.Error("a suggestion made an annotator present")
	}
	if l := LayerOf(d, "a"); len(l.Spans) != 1 || len(l.Relations) != 0 {
		t.Errorf("layer of a = %+v: the relation touches a suggestion", l)
	}
	if c := Candidates(d, []string{"a", "b"}); len(c) != 1 || !slices.Equal(c[0].Have, []string{"a"}) {
		t.Errorf("candidates = %+v", c)
	}
}
