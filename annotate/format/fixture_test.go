package format

import (
	"bytes"
	"flag"
	"iter"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"alama/annotate"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// golden compares got with testdata/name, or rewrites it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file:\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

// at returns the code-point range of the n-th (0-based) occurrence of sub
// in text, failing the test if there is none.
func at(t testing.TB, text, sub string, n int) (int, int) {
	t.Helper()
	from := 0
	for {
		i := strings.Index(text[from:], sub)
		if i < 0 {
			t.Fatalf("%q: occurrence %d not in text", sub, n)
		}
		if n == 0 {
			s := annotate.RuneLen(text[:from+i])
			return s, s + annotate.RuneLen(sub)
		}
		n--
		from += i + len(sub)
	}
}

// norm applies the stored-text rules to a string literal.
func norm(t testing.TB, s string) string {
	t.Helper()
	n, err := annotate.NormalizeText([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

var fixtureTime = time.Date(2026, 3, 14, 9, 30, 0, 0, time.UTC)

// testSchema is the default news schema plus a boolean attribute, so every
// kind of attribute is exercised.
func testSchema() *annotate.Schema {
	s := annotate.DefaultSchema()
	for i := range s.Labels {
		if s.Labels[i].Name == "EVENT" {
			s.Labels[i].Attrs = append(s.Labels[i].Attrs, annotate.Attribute{Name: "negated"})
		}
	}
	return s
}

// fixture builds the test corpus: Arabic with harakat, an emoji before
// later spans, Latin letters and digits, nested and crossing spans, spans
// that leave out a proclitic, relations, attributes, notes, a suggestion,
// two annotators and a document without annotations.
func fixture(t testing.TB) []*annotate.Document {
	t.Helper()
	text := norm(t, "قالَ وزيرُ الخارجيةِ في مؤتمرٍ صحفيٍّ بعمّان إنّ المحادثاتِ مع بعثة UNDP ستُستأنف يوم 12 آذار 🙂 في المدينة.\n"+
		"وأكدت الحكومةُ والجيشُ دعمَهما للاتفاق، ولم يُعلن موعدٌ نهائي.")
	span := func(id uint64, sub string, n int, label, who string) annotate.Span {
		s, e := at(t, text, norm(t, sub), n)
		return annotate.Span{ID: id, Start: s, End: e, Label: label, Annotator: who, Created: fixtureTime.Add(time.Duration(id) * time.Minute)}
	}
	minister := span(1, "وزيرُ الخارجيةِ", 0, "ACTOR", "mona")
	minister.Attrs = map[string]string{"type": "person"}
	conf := span(2, "مؤتمرٍ صحفيٍّ", 0, "EVENT", "mona")
	conf.Attrs = map[string]string{"type": "statement"}
	amman := span(3, "عمّان", 0, "LOCATION", "mona") // without the proclitic ب
	amman.Note = "بعمّان: the preposition stays out"
	claim := span(4, "المحادثاتِ مع بعثة UNDP ستُستأنف يوم 12 آذار", 0, "CLAIM", "mona")
	claim.Attrs = map[string]string{"certainty": "probable", "stance": "neutral"}
	mission := span(5, "بعثة UNDP", 0, "ACTOR", "mona")
	mission.Attrs = map[string]string{"type": "organisation"}
	undp := span(6, "UNDP", 0, "ACTOR", "sami") // nested in the mission
	resume := span(7, "UNDP ستُستأنف", 0, "EVENT", "sami")
	resume.Attrs = map[string]string{"negated": "true"} // crosses the mission span
	date := span(8, "12 آذار", 0, "TIME", "mona")
	city := span(9, "المدينة", 0, "LOCATION", "mona") // after the emoji
	gov := span(10, "الحكومةُ", 0, "ACTOR", "mona")
	gov.Attrs = map[string]string{"type": "state"}
	army := span(11, "الجيشُ", 0, "ACTOR", "mona") // without the conjunction و
	army.Attrs = map[string]string{"type": "armed_group"}
	army.Suggested = true
	rel := func(id uint64, typ string, from, to annotate.Span, who string) annotate.Relation {
		return annotate.Relation{ID: id, Type: typ, From: from.ID, To: to.ID, Annotator: who, Created: fixtureTime.Add(time.Duration(id) * time.Hour)}
	}
	d1 := &annotate.Document{
		ID: 1, Title: "استئناف المحادثات", Text: text, Status: annotate.StatusDone,
		Meta:      map[string]any{"source": "fixture", "year": 2026},
		DocLabels: []string{"politics"},
		Spans:     []annotate.Span{minister, conf, amman, claim, mission, undp, resume, date, city, gov, army},
		Relations: []annotate.Relation{
			rel(12, "CLAIMED_BY", claim, minister, "mona"),
			rel(13, "AGENT", conf, minister, "mona"),
			rel(14, "PLACE", conf, amman, "mona"),
			rel(15, "DATE", resume, date, "sami"),
		},
	}
	annotate.SortSpans(d1.Spans)
	d2 := &annotate.Document{
		ID: 2, Title: "خبر قصير", Text: norm(t, "كَتَبَ المراسلُ تقريرًا قصيرًا عن الطقس."), Status: annotate.StatusNew,
	}
	text3 := norm(t, "أعلنت شركة Nile Data 🙂 عن فرع جديد في القاهرة.")
	s3, e3 := at(t, text3, "شركة Nile Data", 0)
	s4, e4 := at(t, text3, "القاهرة", 0)
	d3 := &annotate.Document{
		ID: 3, Title: "اقتصاد", Text: text3, Status: annotate.StatusInProgress,
		Spans: []annotate.Span{
			{ID: 1, Start: s3, End: e3, Label: "ACTOR", Annotator: "sami", Attrs: map[string]string{"type": "organisation"}},
			{ID: 2, Start: s4, End: e4, Label: "LOCATION", Annotator: "sami"},
		},
		Relations: nil,
	}
	docs := []*annotate.Document{d1, d2, d3}
	sch := testSchema()
	for _, d := range docs {
		if err := Validate(d); err != nil {
			t.Fatalf("fixture document %d: %v", d.ID, err)
		}
		// Rebuild each document through edits, so the fixture obeys the schema.
		c := &annotate.Document{ID: d.ID, Text: d.Text}
		for _, s := range d.Spans {
			if _, err := (annotate.AddSpan{Span: s}).Apply(c, sch); err != nil {
				t.Fatalf("fixture document %d: %v", d.ID, err)
			}
		}
		for _, r := range d.Relations {
			if _, err := (annotate.AddRelation{Relation: r}).Apply(c, sch); err != nil {
				t.Fatalf("fixture document %d: %v", d.ID, err)
			}
		}
	}
	return docs
}

// seq yields docs as annotate.Project.All would.
func seq(docs []*annotate.Document) iter.Seq2[*annotate.Document, error] {
	return func(yield func(*annotate.Document, error) bool) {
		for _, d := range docs {
			if !yield(d, nil) {
				return
			}
		}
	}
}

// withKept copies into want the counts of what a format does not write of
// documents (titles, meta, annotators...): tests of other counts leave
// those to TestLossReports.
func withKept(want, rep Report) Report {
	want.DocsMerged, want.TextsChanged = rep.DocsMerged, rep.TextsChanged
	want.TitlesLost, want.MetaLost, want.StatusLost, want.DocLabelsLost = rep.TitlesLost, rep.MetaLost, rep.StatusLost, rep.DocLabelsLost
	want.AnnotatorsLost, want.SuggestionsLost, want.TimesLost = rep.AnnotatorsLost, rep.SuggestionsLost, rep.TimesLost
	return want
}
