package agree

import (
	"errors"
	"slices"
	"strconv"
	"testing"

	"alama/annotate"
)

// curationDoc: a and b agree on ACTOR الجيشُ and LOCATION حلب; c marks the
// army too but a wider LOCATION; only a marks the EVENT. Gold already has
// the army.
func curationDoc() *annotate.Document {
	d := doc(1, army, annotate.StatusInProgress,
		sp("a", "ACTOR", 6, 12), sp("b", "ACTOR", 6, 12), sp("c", "ACTOR", 6, 12),
		sp("a", "LOCATION", 34, 37), sp("b", "LOCATION", 34, 37), sp("c", "LOCATION", 27, 37),
		sp("a", "EVENT", 15, 21), sp(Gold, "ACTOR", 6, 12))
	for i := range d.Spans {
		if d.Spans[i].Annotator != Gold && d.Spans[i].Label == "ACTOR" {
			d.Spans[i].Attrs = map[string]string{"type": "armed_group"}
		}
	}
	return d
}

func TestCandidates(t *testing.T) {
	d := curationDoc()
	got := Candidates(d, []string{"a", "b", "c"})
	type row struct {
		start, end int
		label      string
		have, lack []string
		gold       bool
	}
	want := []row{
		{6, 12, "ACTOR", []string{"a", "b", "c"}, nil, true},
		{15, 21, "EVENT", []string{"a"}, []string{"b", "c"}, false},
		{27, 37, "LOCATION", []string{"c"}, []string{"a", "b"}, false},
		{34, 37, "LOCATION", []string{"a", "b"}, []string{"c"}, false},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d candidates, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		g := got[i]
		if g.Start != w.start || g.End != w.end || g.Label != w.label || !slices.Equal(g.Have, w.have) ||
			!slices.Equal(g.Lack, w.lack) || g.InGold != w.gold {
			t.Errorf("candidate %d = %+v, want %+v", i, g, w)
		}
	}
	if got[0].Text != "الجيشُ" || got[2].Text != "مدينةِ حلب" {
		t.Errorf("texts %q %q", got[0].Text, got[2].Text)
	}
	if n := len(Disagreements(d, []string{"a", "b", "c"})); n != 3 {
		t.Errorf("%d disagreements, want 3", n)
	}
	// Nil compares every layer but gold: the same list.
	if n := len(Disagreements(d, nil)); n != 3 {
		t.Errorf("%d disagreements of every layer, want 3", n)
	}
	// Only a and b: they differ on the EVENT only (c's wider LOCATION
	// is not theirs).
	if got := Disagreements(d, []string{"a", "b"}); len(got) != 1 || got[0].Label != "EVENT" {
		t.Errorf("a and b disagree on %+v", got)
	}
}

func TestAgreedAndAutoCurate(t *testing.T) {
	d := curationDoc()
	names := []string{"a", "b", "c"}
	tests := []struct {
		name string
		min  int
		want []string // labels of the spans copied, in order
	}{
		// All three agree only on the army, which gold has.
		{"all", 0, nil},
		// At least two: the army (in gold) and حلب.
		{"two", 2, []string{"LOCATION 34"}},
		{"one", 1, []string{"EVENT 15", "LOCATION 27", "LOCATION 34"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, n, _ := AutoCurate(d, names, tt.min)
			if n != len(tt.want) {
				t.Fatalf("AutoCurate added %d, want %d", n, len(tt.want))
			}
			if n == 0 {
				if e != nil {
					t.Errorf("edit %v with nothing to add", e)
				}
				return
			}
			c := d.Clone()
			if _, err := e.Apply(c, nil); err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, s := range LayerOf(c, Gold).Spans {
				if s.ID > 8 { // curationDoc has spans 1 to 8
					got = append(got, s.Label+" "+strconv.Itoa(s.Start))
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("gold gained %v, want %v", got, tt.want)
			}
			// Idempotent: a second run finds nothing more.
			if _, n, _ := AutoCurate(c, names, tt.min); n != 0 {
				t.Errorf("second run added %d", n)
			}
		})
	}
	// Present annotators only: with c missing (document new, c's spans
	// gone), "all" means a and b, who agree on حلب and the army.
	d2 := doc(2, army, annotate.StatusNew, sp("a", "ACTOR", 6, 12), sp("b", "ACTOR", 6, 12), sp("a", "LOCATION", 34, 37), sp("b", "LOCATION", 34, 37))
	if _, n, _ := AutoCurate(d2, names, 0); n != 2 {
		t.Errorf("with c missing: added %d, want 2", n)
	}
	// One present annotator is not an agreement.
	d3 := doc(3, army, annotate.StatusNew, sp("a", "ACTOR", 6, 12))
	if _, n, _ := AutoCurate(d3, names, 0); n != 0 {
		t.Errorf("one annotator: added %d, want 0", n)
	}
}

func TestAcceptReject(t *testing.T) {
	d := curationDoc()
	cands := Candidates(d, []string{"a", "b", "c"})
	if _, err := Accept(d, cands[0]); !errors.Is(err, annotate.ErrDuplicate) {
		t.Errorf("accepting what gold has: %v, want ErrDuplicate", err)
	}
	e, err := Accept(d, cands[3])
	if err != nil {
		t.Fatal(err)
	}
	add, ok := e.(annotate.AddSpan)
	if !ok || add.Span.Annotator != Gold || add.Span.Start != 34 || add.Span.End != 37 || add.Span.ID != 0 {
		t.Fatalf("accept edit = %#v", e)
	}
	// The three ACTOR copies agree on their attribute: a copy keeps it.
	d.Spans = slices.DeleteFunc(d.Spans, func(s annotate.Span) bool { return s.Annotator == Gold })
	e, err = Accept(d, Candidates(d, []string{"a", "b", "c"})[0])
	if err != nil {
		t.Fatal(err)
	}
	if got := e.(annotate.AddSpan).Span.Attrs["type"]; got != "armed_group" {
		t.Errorf("attribute = %q, want armed_group", got)
	}
	// When they disagree, the curator decides: no attribute.
	d.Spans[0].Attrs = map[string]string{"type": "state"}
	e, _ = Accept(d, Candidates(d, []string{"a", "b", "c"})[0])
	if attrs := e.(annotate.AddSpan).Span.Attrs; len(attrs) != 0 {
		t.Errorf("attributes = %v, want none", attrs)
	}
	if _, ok := Reject(d, cands[3]); ok {
		t.Errorf("reject of a span gold lacks made an edit")
	}
	d = curationDoc()
	e, ok = Reject(d, cands[0])
	if !ok {
		t.Fatal("reject of a gold span made no edit")
	}
	if _, err := e.Apply(d, nil); err != nil {
		t.Fatal(err)
	}
	if len(LayerOf(d, Gold).Spans) != 0 {
		t.Errorf("gold still has %v", LayerOf(d, Gold).Spans)
	}
	if _, err := Accept(d, Candidate{Start: 0, End: 5, Label: "EVENT"}); !errors.Is(err, annotate.ErrNotFound) {
		t.Errorf("accepting a span no layer has: %v", err)
	}
}

func TestAutoCurateRelations(t *testing.T) {
	// a and b both mark the army (ACTOR) and its takeover (EVENT) and
	// link them with AGENT; only a places the event in حلب.
	d := doc(1, army, annotate.StatusInProgress,
		sp("a", "ACTOR", 6, 12), sp("a", "EVENT", 15, 21), sp("a", "LOCATION", 34, 37),
		sp("b", "ACTOR", 6, 12), sp("b", "EVENT", 15, 21))
	// id finds a span's id by annotator and label.
	id := func(ann, label string) uint64 {
		for _, s := range d.Spans {
			if s.Annotator == ann && s.Label == label {
				return s.ID
			}
		}
		t.Fatalf("no %s %s", ann, label)
		return 0
	}
	d.Relations = []annotate.Relation{
		{ID: 10, Type: "AGENT", From: id("a", "EVENT"), To: id("a", "ACTOR"), Annotator: "a"},
		{ID: 11, Type: "PLACE", From: id("a", "EVENT"), To: id("a", "LOCATION"), Annotator: "a"},
		{ID: 12, Type: "AGENT", From: id("b", "EVENT"), To: id("b", "ACTOR"), Annotator: "b"},
	}
	e, spans, rels := AutoCurate(d, []string{"a", "b"}, 0)
	if spans != 2 || rels != 1 {
		t.Fatalf("AutoCurate added %d spans and %d relations, want 2 and 1", spans, rels)
	}
	if _, err := e.Apply(d, annotate.DefaultSchema()); err != nil {
		t.Fatal(err)
	}
	gold := LayerOf(d, Gold)
	if len(gold.Relations) != 1 {
		t.Fatalf("gold = %+v", gold)
	}
	r := gold.Relations[0]
	from, _ := d.Span(r.From)
	to, _ := d.Span(r.To)
	if r.Type != "AGENT" || from.Label != "EVENT" || to.Label != "ACTOR" || from.Annotator != Gold || to.Annotator != Gold {
		t.Errorf("gold relation %+v joins %+v and %+v", r, from, to)
	}
	if e, s, r := AutoCurate(d, []string{"a", "b"}, 0); e != nil || s+r != 0 {
		t.Errorf("second run added %d spans and %d relations", s, r)
	}
	// With one annotator enough, the LOCATION and then PLACE follow.
	if _, s, r := AutoCurate(d, []string{"a", "b"}, 1); s != 1 || r != 1 {
		t.Errorf("-min 1 added %d spans and %d relations, want 1 and 1", s, r)
	}
}
