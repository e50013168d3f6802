package search

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"alama/annotate"
)

var corpus = Docs{
	{ID: 1, Text: "🙂 قال أحمدَ إنّ الوفد وصل إلى بيروت.\nوأحمد يعود غدا"},
	{ID: 4, Text: "لا شيء هنا"},
	{ID: 7, Text: "زار احمد للقدس ثم القدس، وإحمد هناك 🙂"},
}

func TestSearch(t *testing.T) {
	x := NewIndex(corpus)
	tests := []struct {
		name, query string
		opt         Options
		want        []string // doc:start:end:text
	}{
		{"folded", "احمد", Options{}, []string{"1:6:11:أحمدَ", "1:38:42:أحمد", "7:4:8:احمد", "7:26:30:إحمد"}},
		{"words with article after lam", "القدس", Options{Words: true}, []string{"7:10:14:لقدس", "7:18:23:القدس"}},
		{"limit", "احمد", Options{Limit: 2}, []string{"1:6:11:أحمدَ", "1:38:42:أحمد"}},
		{"inside words", "قدس", Options{}, []string{"7:11:14:قدس", "7:20:23:قدس"}},
		{"none", "دمشق", Options{}, nil},
		{"blank", " َ ", Options{}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			hits, err := x.Search(tc.query, tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, h := range hits {
				d, _ := corpus.Document(h.DocID)
				if s := annotate.Slice(d.Text, h.Start, h.End); s != h.Text {
					t.Errorf("hit %v: text[start:end] = %q", h, s)
				}
				got = append(got, fmt.Sprintf("%d:%d:%d:%s", h.DocID, h.Start, h.End, h.Text))
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("Search(%q) = %q, want %q", tc.query, got, tc.want)
			}
		})
	}
}

func TestSearchContext(t *testing.T) {
	tests := []struct {
		query         string
		context       int
		before, after string
	}{
		{"وصل", 6, "الوفد ", " إلى"},         // «بيروت» would be cut: dropped
		{"وصل", 8, " الوفد ", " إلى"},        // «إنّ» would be cut: dropped
		{"بيروت", 9, " وصل إلى ", ". وأحمد"}, // the line break flattened
		{"بيروت", 3, " ", "."},               // no whole word before fits
		{"قال", 2, "🙂 ", ""},                 // nor after
	}
	for _, tc := range tests {
		hits, err := NewIndex(corpus).Search(tc.query, Options{Context: tc.context})
		if err != nil || len(hits) == 0 {
			t.Fatalf("Search(%q) = %v, %v", tc.query, hits, err)
		}
		if h := hits[0]; h.Before != tc.before || h.After != tc.after {
			t.Errorf("Search(%q) with %d of context: %q [%s] %q, want %q [%s] %q", tc.query, tc.context, h.Before, h.Text, h.After, tc.before, h.Text, tc.after)
		}
	}
}

// failing is a corpus whose documents cannot be read.
type failing struct{ Docs }

var errRead = errors.New("read failed")

func (failing) Document(uint64) (*annotate.Document, error) { return nil, errRead }

func TestSearchErrors(t *testing.T) {
	_, err := NewIndex(failing{corpus}).Search("احمد", Options{})
	if !errors.Is(err, errRead) {
		t.Errorf("error %v does not wrap the corpus error", err)
	}
	if _, err := corpus.Document(2); !errors.Is(err, annotate.ErrNotFound) {
		t.Errorf("Docs.Document(2) error = %v", err)
	}
}

func TestIndexReset(t *testing.T) {
	docs := Docs{{ID: 1, Text: "بيروت"}}
	x := NewIndex(docs)
	if hits, _ := x.Search("دمشق", Options{}); len(hits) != 0 {
		t.Fatal("found a document that is not there")
	}
	x.corpus = append(docs, &annotate.Document{ID: 2, Text: "دمشق 🙂"})
	if hits, _ := x.Search("دمشق", Options{}); len(hits) != 0 {
		t.Fatal("index read the corpus again without Reset")
	}
	x.Reset()
	if hits, _ := x.Search("دمشق", Options{}); len(hits) != 1 {
		t.Fatalf("after Reset: %v", hits)
	}
}

// newsWords are words for generated benchmark articles.
var newsWords = strings.Fields(`قال أكد أعلن الوزير الحكومة الرئيس وزارة الصحة الأمم المتحدة بيروت
القاهرة دمشق بغداد الرياض الجيش الشرطة مصادر محلية اليوم أمس الاجتماع المفاوضات الاتفاق
المدينة المنطقة السكان المستشفى الجرحى الضحايا الانتخابات البرلمان المعارضة بالقرب من في على
إلى عن مع بعد قبل خلال وأضاف وأشار وذكرت للصحفيين مساء صباح الثلاثاء الأربعاء ٢٠٢٤ 15 بالمئة
كَتَبَ المراسلُ الاقتصاد النفط الأسعار الدولار مليون شركة مشروع الطريق الميناء المطار 🙂`)

// genCorpus makes n articles of about size bytes each from newsWords.
func genCorpus(n, size int) Docs {
	r := rand.New(rand.NewPCG(1, 2))
	docs := make(Docs, n)
	for i := range docs {
		var b strings.Builder
		for b.Len() < size {
			b.WriteString(newsWords[r.IntN(len(newsWords))])
			if r.IntN(12) == 0 {
				b.WriteString(".\n")
			} else {
				b.WriteByte(' ')
			}
		}
		docs[i] = &annotate.Document{ID: uint64(i + 1), Text: b.String()}
	}
	return docs
}

// BenchmarkSearch times queries over 10,000 articles of 4 KB (40 MB) after
// the first query has folded the corpus.
func BenchmarkSearch(b *testing.B) {
	docs := genCorpus(10000, 4000)
	x := NewIndex(docs)
	if _, err := x.Search("تمهيد", Options{}); err != nil {
		b.Fatal(err)
	}
	for _, q := range []string{"دمشق الرياض", "مستشفي", "زلزال"} {
		b.Run(q, func(b *testing.B) {
			for b.Loop() {
				if _, err := x.Search(q, Options{Words: true}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func TestSuggest(t *testing.T) {
	f, err := os.Open("testdata/places.txt")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	g, err := ParseGazetteer(f, "places.txt", Plain, "LOCATION")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	d := &annotate.Document{ID: 1, Text: "🙂 وصل الوفد إلى بيروتَ ثم للقدس، وفي الأمم المتحدة ومصر؛ مصرية. بيروت",
		Spans: []annotate.Span{{ID: 9, Start: 64, End: 69, Label: "LOCATION"}}}
	edits := Suggest(d, g, "gazetteer", now)
	var got []string
	for _, e := range edits {
		sp := e.(annotate.AddSpan).Span
		if !sp.Suggested || sp.Annotator != "gazetteer" || !sp.Created.Equal(now) || sp.ID != 0 {
			t.Errorf("suggestion %+v lacks its marks", sp)
		}
		got = append(got, fmt.Sprintf("%d:%d:%s:%s", sp.Start, sp.End, d.SpanText(sp), sp.Label))
	}
	want := []string{"16:22:بيروتَ:LOCATION", "27:31:لقدس:LOCATION", "37:50:الأمم المتحدة:LOCATION", "52:55:مصر:LOCATION"}
	if !slices.Equal(got, want) {
		t.Errorf("Suggest = %q, want %q", got, want)
	}
	if _, err := (annotate.Batch{Edits: withIDs(edits)}).Apply(d.Clone(), nil); err != nil {
		t.Errorf("suggestions do not apply: %v", err)
	}
}

// withIDs numbers the span edits from 100, as a store would.
func withIDs(edits []annotate.Edit) []annotate.Edit {
	out := make([]annotate.Edit, len(edits))
	for i, e := range edits {
		a := e.(annotate.AddSpan)
		a.Span.ID = uint64(100 + i)
		out[i] = a
	}
	return out
}

func TestPropagate(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	d := &annotate.Document{ID: 1, Text: "🙂 حزب الأمةِ قال إن حزب الامة وحزب الأمة يرفض؛ حزب الأمة"}
	sp := annotate.Span{ID: 1, Start: 2, End: 12, Label: "ACTOR", Attrs: map[string]string{"type": "organisation"}}
	d.Spans = []annotate.Span{sp, {ID: 2, Start: 47, End: 56, Label: "ACTOR"}}
	if got := d.SpanText(sp); got != "حزب الأمةِ" {
		t.Fatalf("fixture: span text %q", got)
	}
	var got []string
	for _, e := range Propagate(d, sp, "ana", now) {
		s := e.(annotate.AddSpan).Span
		if s.Attrs["type"] != "organisation" || !s.Suggested {
			t.Errorf("suggestion %+v lost the attributes or the mark", s)
		}
		got = append(got, d.SpanText(s))
	}
	want := []string{"حزب الامة", "حزب الأمة"}
	if !slices.Equal(got, want) {
		t.Errorf("Propagate = %q, want %q", got, want)
	}
	if e := Propagate(d, annotate.Span{Start: 5, End: 99}, "ana", now); e != nil {
		t.Errorf("Propagate of an out-of-range span = %v", e)
	}
}
