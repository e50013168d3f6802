package agree

import (
	"testing"

	"alama/annotate"
)

func TestScorer(t *testing.T) {
	// The key (teacher) marks in army: ACTOR الجيشُ, EVENT سيطرتَه [15,21),
	// LOCATION مدينةِ حلب; in talks: ACTOR الوزيرُ, TIME غداً, LOCATION عمّان.
	// The student marks in army: ACTOR الجيشُ (exact), EVENT [15,22) (with
	// the suffix: overlap only), LOCATION حلب (overlap only), and a spurious
	// ACTOR on the emoji; talks is still new with no student span: missing.
	docs := []*annotate.Document{
		doc(1, army, annotate.StatusDone,
			sp("t", "ACTOR", 6, 12), sp("t", "EVENT", 15, 21), sp("t", "LOCATION", 27, 37),
			sp("s", "ACTOR", 6, 12), sp("s", "EVENT", 15, 22), sp("s", "LOCATION", 34, 37), sp("s", "ACTOR", 13, 14)),
		doc(2, talks, annotate.StatusNew, sp("t", "ACTOR", 6, 13), sp("t", "TIME", 39, 43), sp("t", "LOCATION", 47, 52)),
		// The key is missing from a third document: not scored.
		doc(3, talks+" ", annotate.StatusNew, sp("s", "ACTOR", 6, 13)),
	}
	sc := NewScorer("t", "s")
	for _, d := range docs {
		sc.Add(d)
	}
	r := sc.Report()
	if r.Documents != 2 || r.NotAnnotated != 1 {
		t.Errorf("documents %d, not annotated %d; want 2, 1", r.Documents, r.NotAnnotated)
	}
	// By label, exact (TP/FP/FN) and overlap:
	//   ACTOR:    key 2, marked 2. exact TP 1 (الجيشُ), FP 1 (🙂), FN 1
	//             (الوزيرُ); overlap the same.
	//   EVENT:    key 1, marked 1. exact FP 1 FN 1; overlap TP 1.
	//   LOCATION: key 2, marked 1. exact FP 1 FN 2; overlap TP 1 FN 1.
	//   TIME:     key 1, marked 0. FN 1 both ways.
	// Total exact: TP 1, FP 3, FN 5: P = 1/4, R = 1/6, F1 = 2/(2+3+5) = 0.2.
	// Total overlap: TP 3, FP 1, FN 3: P = 3/4, R = 3/6, F1 = 6/(6+1+3) = 0.6.
	want := map[string][2]Counts{
		"ACTOR":    {{TP: 1, FP: 1, FN: 1}, {TP: 1, FP: 1, FN: 1}},
		"EVENT":    {{FP: 1, FN: 1}, {TP: 1}},
		"LOCATION": {{FP: 1, FN: 2}, {TP: 1, FN: 1}},
		"TIME":     {{FN: 1}, {FN: 1}},
	}
	if len(r.Labels) != len(want) {
		t.Fatalf("labels = %+v", r.Labels)
	}
	for _, l := range r.Labels {
		w := want[l.Label]
		if l.Exact.Counts != w[0] || l.Overlap.Counts != w[1] {
			t.Errorf("%s: exact %+v overlap %+v, want %+v %+v", l.Label, l.Exact.Counts, l.Overlap.Counts, w[0], w[1])
		}
	}
	if r.Total.Key != 6 || r.Total.Marked != 4 {
		t.Errorf("total key %d marked %d", r.Total.Key, r.Total.Marked)
	}
	near(t, "exact P", r.Total.Exact.Precision, 0.25)
	near(t, "exact R", r.Total.Exact.Recall, 1.0/6)
	near(t, "exact F1", r.Total.Exact.F1, 0.2)
	near(t, "overlap F1", r.Total.Overlap.F1, 0.6)
	near(t, "TIME precision", r.Labels[3].Exact.Precision, nan)
	// Missed: الوزيرُ, [15,21) (partial), مدينةِ حلب (partial), عمّان, غداً.
	if len(r.Missed) != 5 || len(r.Spurious) != 3 {
		t.Fatalf("missed %+v spurious %+v", r.Missed, r.Spurious)
	}
	partial := 0
	for _, m := range append(r.Missed, r.Spurious...) {
		if m.Partial {
			partial++
		}
		if m.Text == "" {
			t.Errorf("miss without text: %+v", m)
		}
	}
	if partial != 4 {
		t.Errorf("%d partial, want 4 (two missed, two spurious)", partial)
	}
}
