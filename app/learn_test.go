package app

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"alama/annotate"
	"alama/store"
)

// newLearnProject opens a new project with training documents: done ones
// marked by gold (and a suggestion that must not be learnt), and an
// unmarked new one and a done one to suggest on.
func newLearnProject(t *testing.T) (p *store.Project, fresh, finished uint64) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "learn.alama")
	p, err := store.Open(path, store.Options{KeepBackups: -1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		for _, err := range p.Check() {
			t.Errorf("check: %v", err)
		}
		p.Close()
	})
	people := []string{"محمد علي", "سارة حسن", "أحمد يوسف", "ليلى خالد"}
	places := []string{"القاهرة", "بيروت", "عمّان", "تونس"}
	var docs []*annotate.Document
	for i := range 8 {
		d := &annotate.Document{Title: fmt.Sprint("تقرير ", i), Status: annotate.StatusDone}
		var b strings.Builder
		for j := range 6 {
			who, where := people[(i+j)%len(people)], places[(i*3+j)%len(places)]
			add := func(s, label string) {
				start := annotate.RuneLen(b.String())
				b.WriteString(s)
				if label != "" {
					d.Spans = append(d.Spans, annotate.Span{Start: start, End: start + annotate.RuneLen(s), Label: label, Annotator: "gold"})
				}
			}
			add("وقال الوزير ", "")
			add(who, "ACTOR")
			add(" في ", "")
			add(where, "LOCATION")
			add(fmt.Sprintf(" إن الاجتماع رقم %d انتهى.\n", i*10+j), "")
		}
		d.Text = b.String()
		if i == 0 {
			d.Spans = append(d.Spans, annotate.Span{Start: 0, End: 4, Label: "EVENT", Annotator: "gold", Suggested: true})
		}
		docs = append(docs, d)
	}
	docs = append(docs,
		&annotate.Document{Title: "جديد", Status: annotate.StatusNew, Text: "وقال الوزير سارة حسن في تونس إن الاجتماع انتهى.\nوقال الوزير محمد علي في بيروت إن الاجتماع بدأ."},
		&annotate.Document{Title: "منتهٍ", Status: annotate.StatusDone, Text: "وقال الوزير ليلى خالد في القاهرة إن الاجتماع تأجل."})
	ids, err := p.Import(docs)
	if err != nil {
		t.Fatal(err)
	}
	return p, ids[8], ids[9]
}

func TestTrainAndSuggest(t *testing.T) {
	p, fresh, finished := newLearnProject(t)
	if _, err := Suggest(p, nil, time.Time{}, SuggestOptions{}); err == nil {
		t.Fatal("Suggest without a model succeeded")
	}
	if _, _, err := LoadModel(p); !errors.Is(err, ErrNoModel) {
		t.Fatalf("LoadModel before training: %v, want ErrNoModel", err)
	}
	t1 := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	res, err := Train(p, TrainOptions{Seed: 3, Now: t1})
	if err != nil {
		t.Fatal(err)
	}
	// Nine done documents, one without gold spans; the suggestion in the
	// first is not learnt.
	if res.Layer != GoldLayer || res.Documents != 9 || res.Spans != 96 || strings.Join(res.Labels, ",") != "ACTOR,LOCATION" {
		t.Errorf("trained on layer %q, %d documents, %d spans, labels %v; want gold, 9, 96, ACTOR,LOCATION", res.Layer, res.Documents, res.Spans, res.Labels)
	}
	m, trained, err := LoadModel(p)
	if err != nil || !trained.Equal(t1) {
		t.Fatalf("LoadModel: %v %v, want trained at %v", err, trained, t1)
	}
	stale, err := Stale(p, trained, []uint64{fresh, finished})
	if err != nil || len(stale) != 2 {
		t.Fatalf("Stale before suggesting: %v %v", stale, err)
	}

	sr, err := Suggest(p, m, trained, SuggestOptions{Docs: []uint64{fresh, finished}})
	if err != nil {
		t.Fatal(err)
	}
	if sr.Documents != 1 || sr.Added != 4 || sr.Done != 1 {
		t.Errorf("Suggest: %+v, want 4 spans added to 1 document, 1 done left alone", sr)
	}
	d, err := p.Document(fresh)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range d.Spans {
		if !s.Suggested || s.Annotator != ModelLayer {
			t.Errorf("span %+v: want a suggestion of layer model", s)
		}
		got = append(got, d.SpanText(s)+"/"+s.Label)
		if c, _ := m.TagDocument(d, nil).Confidence(s); c < 0.5 || c >= 1 {
			t.Errorf("confidence of %q: %v, want in [0.5, 1)", d.SpanText(s), c)
		}
	}
	if want := "سارة حسن/ACTOR تونس/LOCATION محمد علي/ACTOR بيروت/LOCATION"; strings.Join(got, " ") != want {
		t.Errorf("suggested %q, want %q", strings.Join(got, " "), want)
	}
	if fd, _ := p.Document(finished); len(fd.Spans) != 0 {
		t.Errorf("the done document got %d spans", len(fd.Spans))
	}
	if stale, _ := Stale(p, trained, []uint64{fresh}); len(stale) != 0 {
		t.Errorf("after suggesting, stale %v", stale)
	}

	again, err := Suggest(p, m, trained, SuggestOptions{Docs: []uint64{fresh}})
	if err != nil || again.Added != 0 || again.Present != 4 {
		t.Errorf("suggesting again: %+v %v, want nothing added, 4 present", again, err)
	}
	if _, ok, err := p.Undo(fresh); err != nil || !ok {
		t.Fatalf("undo: %v %v", ok, err)
	}
	if d, _ := p.Document(fresh); len(d.Spans) != 0 {
		t.Errorf("after one undo, %d spans left", len(d.Spans))
	}

	unsure, err := Uncertainty(p, m, []uint64{fresh, finished})
	if err != nil || unsure[fresh] <= 0 || unsure[fresh] > 1 {
		t.Errorf("Uncertainty: %v %v", unsure, err)
	}

	t2 := t1.Add(time.Hour)
	if _, err := Train(p, TrainOptions{Seed: 3, Now: t2, Annotator: "gold", EvalPercent: 25}); err != nil {
		t.Fatal(err)
	}
	if _, trained2, _ := LoadModel(p); !trained2.Equal(t2) {
		t.Errorf("after retraining the model is from %v, want %v", trained2, t2)
	}
	if stale, _ := Stale(p, t2, []uint64{fresh}); len(stale) != 1 {
		t.Errorf("after retraining, stale %v, want the new document", stale)
	}
}

func TestTrainEval(t *testing.T) {
	p, _, _ := newLearnProject(t)
	res, err := Train(p, TrainOptions{Seed: 1, EvalPercent: 25, Now: time.Unix(1, 0)})
	if err != nil {
		t.Fatal(err)
	}
	if res.EvalDocuments != 2 || res.Documents != 7 {
		t.Fatalf("held out %d, trained on %d; want 2 and 7", res.EvalDocuments, res.Documents)
	}
	// The names recur, so the held-out documents' spans are all found.
	if c := res.Eval.All; c.FN != 0 || c.TP == 0 || c.Precision() < 0.8 {
		t.Errorf("eval %+v, want every span found, precision at least 0.8", c)
	}
}

func TestTrainNothing(t *testing.T) {
	p, _, _ := newLearnProject(t)
	if _, err := Train(p, TrainOptions{Annotator: "nobody"}); !errors.Is(err, ErrNothingToLearn) {
		t.Errorf("a layer without spans: %v, want ErrNothingToLearn", err)
	}
	if _, err := Train(p, TrainOptions{EvalPercent: 100}); !errors.Is(err, annotate.ErrInvalid) {
		t.Errorf("-eval 100: %v, want ErrInvalid", err)
	}
}
