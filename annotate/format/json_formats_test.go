package format

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"

	"alama/annotate"
)

// readAll reads data with a format's reader.
func readAll(t testing.TB, format string, data []byte, opts ImportOptions) ([]*annotate.Document, error) {
	t.Helper()
	var docs []*annotate.Document
	err := readers[format]("in", bytes.NewReader(data), opts, func(d *annotate.Document) error {
		docs = append(docs, d)
		return nil
	})
	return docs, err
}

func exportBytes(t testing.TB, format string, docs []*annotate.Document, opts Options) ([]byte, Report) {
	t.Helper()
	var buf bytes.Buffer
	rep, err := ExportTo(&buf, format, seq(docs), testSchema(), opts)
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), rep
}

// strip returns a copy of docs without what a format cannot hold.
func strip(docs []*annotate.Document, relations bool) []*annotate.Document {
	out := make([]*annotate.Document, len(docs))
	for i, d := range docs {
		c := d.Clone()
		if !relations {
			c.Relations = nil
		}
		out[i] = c
	}
	return out
}

func TestJSONFormats(t *testing.T) {
	docs := fixture(t)
	tests := []struct {
		name, format, golden string
		opts                 Options
		attrs, relations     bool
		want                 Report
	}{
		{"doccano", Doccano, "fixture.doccano.jsonl", Options{}, false, false,
			Report{Documents: 3, Spans: 13, RelationsDropped: 4, AttrsDropped: 9, NotesDropped: 1}},
		{"doccano relations", Doccano, "fixture.doccano-relations.jsonl", Options{Relations: true}, false, true,
			Report{Documents: 3, Spans: 13, Relations: 4, AttrsDropped: 9, NotesDropped: 1}},
		// The DATE relation joins spans of two annotators: two annotations.
		{"label studio", LabelStudio, "fixture.labelstudio.json", Options{}, true, true,
			Report{Documents: 3, Spans: 13, Relations: 3, RelationsDropped: 1}},
		{"spacy", SpaCy, "fixture.spacy.jsonl", Options{}, false, false,
			Report{Documents: 3, Spans: 13, OverlapsMoved: 4, RelationsDropped: 4, AttrsDropped: 9, NotesDropped: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, rep := exportBytes(t, tt.format, docs, tt.opts)
			golden(t, tt.golden, data)
			tt.want.Format = tt.format
			if tt.want = withKept(tt.want, rep); rep.String() != tt.want.String() || rep.Lossless() != tt.want.Lossless() {
				t.Errorf("report\n%s\nwant\n%s", rep, tt.want)
			}
			if f, err := Detect("x"+strings.TrimPrefix(tt.golden, "fixture.doccano-relations"), data); err != nil || f != tt.format {
				t.Errorf("Detect = %q, %v; want %q", f, err, tt.format)
			}
			got, err := readAll(t, tt.format, data, ImportOptions{Annotator: "imp"})
			if err != nil {
				t.Fatal(err)
			}
			want := strip(docs, tt.relations)
			if tt.format == LabelStudio {
				want[0].Relations = slices.DeleteFunc(want[0].Relations, func(r annotate.Relation) bool { return r.Type == "DATE" })
			}
			if len(got) != len(want) {
				t.Fatalf("read %d documents, want %d", len(got), len(want))
			}
			for i := range want {
				if got[i].Text != want[i].Text {
					t.Errorf("document %d: text differs", i)
				}
				if g, w := canon(got[i], tt.attrs, tt.attrs), canon(want[i], tt.attrs, tt.attrs); g != w {
					t.Errorf("document %d:\n got %s\nwant %s", i, g, w)
				}
			}
		})
	}
}

func TestLabelStudioSuggestions(t *testing.T) {
	docs := fixture(t)
	data, base := exportBytes(t, LabelStudio, docs, Options{})
	got, err := readAll(t, LabelStudio, data, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for i, d := range docs {
		for j, s := range d.Spans {
			if got[i].Spans[j].Suggested != s.Suggested {
				t.Errorf("document %d span %d: suggested %v, want %v", i, j, got[i].Spans[j].Suggested, s.Suggested)
			}
		}
	}
	// A relation from a suggestion to an accepted span has no place.
	d := docs[0].Clone()
	d.Relations = append(d.Relations, annotate.Relation{ID: 99, Type: "AGENT", From: 2, To: 11})
	if _, rep := exportBytes(t, LabelStudio, []*annotate.Document{d}, Options{}); rep.RelationsDropped != base.RelationsDropped+1 {
		t.Errorf("report %+v: want one dropped relation", rep)
	}
}

func TestLabelStudioRelationDirection(t *testing.T) {
	in := `[{"data":{"text":"قالَ الوزيرُ 🙂 كلامًا"},"annotations":[{"result":[
	{"id":"a","from_name":"label","to_name":"text","type":"labels","value":{"start":5,"end":12,"labels":["ACTOR"]}},
	{"id":"b","from_name":"label","to_name":"text","type":"labels","value":{"start":15,"end":21,"labels":["CLAIM"]}},
	{"from_id":"a","to_id":"b","type":"relation","direction":"left","labels":["CLAIMED_BY"]}]}]}]`
	docs, err := readAll(t, LabelStudio, []byte(in), ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	d := docs[0]
	from, _ := d.Span(d.Relations[0].From)
	to, _ := d.Span(d.Relations[0].To)
	if from.Label != "CLAIM" || to.Label != "ACTOR" || d.SpanText(to) != "الوزيرُ" {
		t.Errorf("relation %s → %s, want CLAIM → ACTOR", from.Label, to.Label)
	}
}

func TestImportAsSuggestions(t *testing.T) {
	for _, f := range []string{Doccano, LabelStudio, SpaCy, JSONL} {
		data, _ := exportBytes(t, f, fixture(t)[:1], Options{})
		got, err := readAll(t, f, data, ImportOptions{Suggested: true})
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range got[0].Spans {
			if !s.Suggested {
				t.Errorf("%s: span %d not imported as a suggestion", f, s.ID)
			}
		}
	}
}

func TestOutermost(t *testing.T) {
	sp := func(id uint64, s, e int) annotate.Span { return annotate.Span{ID: id, Start: s, End: e, Label: "X"} }
	spans := []annotate.Span{sp(1, 0, 4), sp(2, 0, 9), sp(3, 2, 5), sp(4, 8, 12), sp(5, 9, 11), sp(6, 11, 14), sp(7, 14, 15)}
	kept, rest := outermost(spans)
	ids := func(ss []annotate.Span) (out []uint64) {
		for _, s := range ss {
			out = append(out, s.ID)
		}
		return out
	}
	if g := ids(kept); !slicesEqual(g, []uint64{2, 5, 6, 7}) {
		t.Errorf("kept %v, want [2 5 6 7]", g)
	}
	if g := ids(rest); !slicesEqual(g, []uint64{1, 3, 4}) {
		t.Errorf("rest %v, want [1 3 4]", g)
	}
}

func slicesEqual(a, b []uint64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestJSONImportErrors(t *testing.T) {
	tests := []struct {
		name, format, input string
		line                int
		want                string
		is                  error
	}{
		{"doccano no text", Doccano, `{"text":"أ"}` + "\n" + `{"label":[]}`, 2, "no text", ErrFormat},
		{"doccano bad triple", Doccano, `{"text":"كَتَبَ 🙂","label":[[0,2]]}`, 1, "label item 1: want [start, end", ErrFormat},
		{"doccano split harakat", Doccano, `{"text":"كَتَبَ 🙂","label":[[0,1,"X"]]}`, 1, "splits a character", annotate.ErrNotBoundary},
		{"doccano after emoji out of range", Doccano, `{"text":"كَتَبَ 🙂","label":[[7,9,"X"]]}`, 1, "outside text of 8", annotate.ErrOutOfRange},
		{"doccano reversed", Doccano, `{"text":"كَتَبَ 🙂","entities":[{"id":1,"label":"X","start_offset":6,"end_offset":2}]}`, 1, "empty or reversed", annotate.ErrOutOfRange},
		{"doccano relation to nothing", Doccano, `{"text":"ab","entities":[{"id":1,"label":"X","start_offset":0,"end_offset":1}],"relations":[{"id":1,"from_id":1,"to_id":5,"type":"R"}]}`, 1, "naming entities", ErrFormat},
		{"doccano not nfc", Doccano, "{\"text\":\"e\u0301\",\"label\":[]}", 1, "not normalized", annotate.ErrBadText},
		{"doccano invalid utf8", Doccano, "{\"text\":\"\xff\"}", 1, "invalid UTF-8", ErrFormat},
		{"spacy bad span", SpaCy, `{"text":"أب","entities":[[0,"1","X"]]}`, 1, "span 1: want", ErrFormat},
		{"spacy sc out of range", SpaCy, `{"text":"أب","entities":[],"spans":{"sc":[[0,5,"X"]]}}`, 1, "outside text", annotate.ErrOutOfRange},
		{"spacy no text", SpaCy, `{"entities":[]}`, 1, "needs a text", ErrFormat},
		{"ls not array", LabelStudio, `{"data":{"text":"x"}}`, 1, "JSON array", ErrFormat},
		{"ls no text", LabelStudio, "[\n{\"data\":{\"text\":\"a\"}},\n{\"data\":{}}\n]", 3, "task 2: data.text", ErrFormat},
		{"ls bad region", LabelStudio, "[\n{\"data\":{\"text\":\"كَتَبَ 🙂\"},\"annotations\":[{\"result\":[{\"id\":\"a\",\"type\":\"labels\",\"value\":{\"start\":0,\"end\":3,\"labels\":[\"X\"]}}]}]}]", 2, "splits a character", annotate.ErrNotBoundary},
		{"ls region text differs", LabelStudio, `[{"data":{"text":"كَتَبَ 🙂"},"annotations":[{"result":[{"id":"a","type":"labels","value":{"start":7,"end":8,"text":"x","labels":["X"]}}]}]}]`, 1, "differs from the document", ErrFormat},
		{"ls relation to nothing", LabelStudio, `[{"data":{"text":"ab"},"annotations":[{"result":[{"type":"relation","from_id":"a","to_id":"b"}]}]}]`, 1, "unknown regions", ErrFormat},
		{"ls trailing", LabelStudio, "[]\n[]", 2, "after the array", ErrFormat},
		{"ls truncated", LabelStudio, "[\n{\"data\":", 2, "incomplete JSON", ErrFormat},
		{"ls invalid utf8", LabelStudio, "[\n\n\"\xff\"]", 3, "invalid UTF-8", ErrFormat},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := readAll(t, tt.format, []byte(tt.input), ImportOptions{})
			var le *LineError
			if !errors.As(err, &le) {
				t.Fatalf("got %v, want a *LineError", err)
			}
			if le.Line != tt.line || !strings.Contains(err.Error(), tt.want) || !errors.Is(err, tt.is) {
				t.Errorf("got %q at line %d, want line %d with %q", err, le.Line, tt.line, tt.want)
			}
		})
	}
}

// fuzzReader checks that a reader never panics, fails only with a
// *LineError, and accepts only valid documents.
func fuzzReader(f *testing.F, format string, seeds ...[]byte) {
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		docs, err := readAll(t, format, in, ImportOptions{})
		if err != nil {
			var le *LineError
			if !errors.As(err, &le) {
				t.Fatalf("error %v is not a *LineError", err)
			}
			return
		}
		for _, d := range docs {
			if err := Validate(d); err != nil {
				t.Fatalf("accepted an invalid document: %v", err)
			}
		}
	})
}

func fixtureExport(f *testing.F, format string, opts Options) []byte {
	data, _ := exportBytes(f, format, fixture(f), opts)
	return data
}

func FuzzReadDoccano(f *testing.F) {
	fuzzReader(f, Doccano, fixtureExport(f, Doccano, Options{}), fixtureExport(f, Doccano, Options{Relations: true}),
		[]byte(`{"text":"كَتَبَ 🙂","label":[[0,6,"X"],"politics"]}`))
}

func FuzzReadLabelStudio(f *testing.F) {
	fuzzReader(f, LabelStudio, fixtureExport(f, LabelStudio, Options{}), []byte(`[{"data":{"text":"ab"}}]`))
}

func FuzzReadSpacy(f *testing.F) {
	fuzzReader(f, SpaCy, fixtureExport(f, SpaCy, Options{}), []byte(`{"text":"كَتَبَ 🙂","entities":[[0,6,"X"]],"spans":{"sc":[[7,8,"Y"]]}}`))
}
