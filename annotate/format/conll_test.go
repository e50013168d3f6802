package format

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"alama/annotate"
)

func TestCoNLLGolden(t *testing.T) {
	docs := fixture(t)
	tests := []struct {
		golden string
		opts   Options
		want   Report
	}{
		{"fixture.iob2.conll", Options{}, Report{Documents: 3, Spans: 9, Widened: 2, OverlapsDropped: 4, RelationsDropped: 4, AttrsDropped: 9, NotesDropped: 1}},
		{"fixture.iob1.conll", Options{Scheme: IOB1, DocStart: true}, Report{Documents: 3, Spans: 9, Widened: 2, OverlapsDropped: 4, RelationsDropped: 4, AttrsDropped: 9, NotesDropped: 1}},
		{"fixture.bioes.conll", Options{Scheme: BIOES}, Report{Documents: 3, Spans: 9, Widened: 2, OverlapsDropped: 4, RelationsDropped: 4, AttrsDropped: 9, NotesDropped: 1}},
		{"fixture.bilou.conll", Options{Scheme: BILOU}, Report{Documents: 3, Spans: 9, Widened: 2, OverlapsDropped: 4, RelationsDropped: 4, AttrsDropped: 9, NotesDropped: 1}},
		{"fixture.conll2003.conll", Options{CoNLL2003: true}, Report{Documents: 3, Spans: 9, Widened: 2, OverlapsDropped: 4, RelationsDropped: 4, AttrsDropped: 9, NotesDropped: 1}},
		{"fixture.segmented.conll", Options{Segmented: true, DocStart: true}, Report{Documents: 3, Spans: 9, OverlapsDropped: 4, RelationsDropped: 4, AttrsDropped: 9, NotesDropped: 1}},
		{"fixture.levels.conll", Options{Levels: 3, DocStart: true}, Report{Documents: 3, Spans: 12, Widened: 2, OverlapsDropped: 1, RelationsDropped: 4, AttrsDropped: 9, NotesDropped: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			data, rep := exportBytes(t, CoNLL, docs, tt.opts)
			golden(t, tt.golden, data)
			tt.want.Format = CoNLL
			if tt.want = withKept(tt.want, rep); rep.String() != tt.want.String() {
				t.Errorf("report\n%s\nwant\n%s", rep, tt.want)
			}
			if f, err := Detect("x", data); err != nil || f != CoNLL {
				t.Errorf("Detect = %q, %v", f, err)
			}
		})
	}
}

// TestCoNLLRoundTrip exports, imports and exports again: the second export
// must equal the first, for every scheme and column layout.
func TestCoNLLRoundTrip(t *testing.T) {
	docs := fixture(t)
	for _, o := range []Options{
		{DocStart: true}, {Scheme: IOB1, DocStart: true}, {Scheme: BIOES, DocStart: true}, {Scheme: BILOU, DocStart: true},
		{CoNLL2003: true}, {Segmented: true, DocStart: true}, {Levels: 3, DocStart: true}, {Levels: 2, CoNLL2003: true, Scheme: BIOES},
	} {
		t.Run(fmt.Sprintf("%+v", o), func(t *testing.T) {
			first, _ := exportBytes(t, CoNLL, docs, o)
			got, err := readAll(t, CoNLL, first, ImportOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(docs) {
				t.Fatalf("read %d documents, want %d", len(got), len(docs))
			}
			for i := range got {
				got[i].ID = docs[i].ID
			}
			if again, _ := exportBytes(t, CoNLL, got, o); !bytes.Equal(again, first) {
				t.Errorf("second export differs:\n%s\n---\n%s", again, first)
			}
		})
	}
}

func TestCoNLLImportSpans(t *testing.T) {
	data, _ := exportBytes(t, CoNLL, fixture(t)[:1], Options{})
	got, err := readAll(t, CoNLL, data, ImportOptions{Annotator: "imp"})
	if err != nil {
		t.Fatal(err)
	}
	d := got[0]
	var spans []string
	for _, s := range d.Spans {
		spans = append(spans, s.Label+":"+d.SpanText(s))
		if s.Annotator != "imp" {
			t.Errorf("span annotator %q", s.Annotator)
		}
	}
	want := []string{"ACTOR:وزيرُ الخارجيةِ", "EVENT:مؤتمرٍ صحفيٍّ", "LOCATION:بعمّان",
		"CLAIM:المحادثاتِ مع بعثة UNDP ستُستأنف يوم 12 آذار", "LOCATION:المدينة", "ACTOR:الحكومةُ", "ACTOR:والجيشُ"}
	if strings.Join(spans, "|") != strings.Join(want, "|") {
		t.Errorf("spans\n%q\nwant\n%q", spans, want)
	}
	if !strings.HasPrefix(d.Text, "قالَ وزيرُ") || !strings.Contains(d.Text, "🙂 في المدينة .\nوأكدت") {
		t.Errorf("text %q", d.Text)
	}
}

func TestCoNLLImportErrors(t *testing.T) {
	tests := []struct {
		name, input string
		line        int
		want        string
	}{
		{"no tag", "كَتَبَ O\n🙂\n", 2, "has no tag"},
		{"bad tag", "كَتَبَ O\n\nقال X-ACTOR\n", 3, "is not O or PREFIX-LABEL"},
		{"column count", "كَتَبَ O O\nقال B-X\n", 2, "1 tag columns where earlier lines have 2"},
		{"short 2003 line", "-DOCSTART- -X- -X- O\n\nكَتَبَ _ O B-X\nقال B-X\n", 4, "want TOKEN POS CHUNK TAG"},
		{"invalid utf8", "كَتَبَ O\n\xff O\n", 2, "invalid UTF-8"},
		{"mark starts token", "كَتَبَ O\nُ B-X\n", 2, "splits a character"},
		{"nul", "a O\n\nCa\x00fe B-X\n", 3, "NUL byte"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := readAll(t, CoNLL, []byte(tt.input), ImportOptions{})
			var le *LineError
			if !errors.As(err, &le) {
				t.Fatalf("got %v, want a *LineError", err)
			}
			if le.Line != tt.line || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %q at line %d, want line %d with %q", err, le.Line, tt.line, tt.want)
			}
		})
	}
}

// checkSequence reports the first tag that breaks the scheme's rules in
// one sentence.
func checkSequence(scheme Scheme, tags []string) error {
	prev := "O"
	for i, t := range append(slices.Clone(tags), "O") {
		pp, pl, _ := strings.Cut(prev, "-")
		p, l, _ := strings.Cut(t, "-")
		open := pp == "B" || pp == "I" // an entity continues past prev
		switch scheme {
		case IOB2:
			if p == "I" && (!open || pl != l) {
				return fmt.Errorf("tag %d %s after %s", i, t, prev)
			}
		case IOB1:
			if p == "B" && (!open || pl != l) {
				return fmt.Errorf("tag %d %s after %s: B- only between entities of one label", i, t, prev)
			}
		case BIOES, BILOU:
			end := map[Scheme]string{BIOES: "E", BILOU: "L"}[scheme]
			single := map[Scheme]string{BIOES: "S", BILOU: "U"}[scheme]
			cont := p == "I" || p == end
			if open && (!cont || pl != l) {
				return fmt.Errorf("tag %d %s after %s: entity not closed", i, t, prev)
			}
			if !open && cont {
				return fmt.Errorf("tag %d %s after %s: entity not opened", i, t, prev)
			}
			if t != "O" && p != "B" && p != "I" && p != end && p != single {
				return fmt.Errorf("tag %d %s: prefix not in the scheme", i, t)
			}
		}
		prev = t
	}
	return nil
}

// TestSchemeProperties tags random span sets and checks that each
// sentence's tags follow every scheme's rules, and that all schemes decode
// to the same entities, as many as IOB2 has B- tags.
func TestSchemeProperties(t *testing.T) {
	text := norm(t, "أعلنَ الجيشُ 🙂 أنّ القوات وصلت إلى المدينة. وقال مسؤول في UN إنّ الوضع هادئ.\nوتستمر المحادثات غدًا في عمّان 12 آذار.")
	bounds := annotate.Boundaries(text)
	rng := rand.New(rand.NewPCG(7, 11))
	labels := []string{"ACTOR", "EVENT", "LOCATION"}
	for round := range 300 {
		var spans []annotate.Span
		for i := range rng.IntN(8) {
			a, b := rng.IntN(len(bounds)-1), rng.IntN(len(bounds)-1)
			if a > b {
				a, b = b, a
			}
			s := annotate.Span{ID: uint64(i + 1), Start: bounds[a], End: bounds[b+1], Label: labels[rng.IntN(3)]}
			if st := annotate.Slice(text, s.Start, s.End); strings.TrimSpace(st) != st {
				continue // annotators do not start or end a span with white space
			}
			spans = append(spans, s)
		}
		annotate.SortSpans(spans)
		d := &annotate.Document{ID: 1, Text: text, Spans: spans}
		for _, segmented := range []bool{false, true} {
			var want []chunk
			for k, scheme := range Schemes {
				var rep Report
				tz := tagDoc(d, spans, scheme, 2, segmented, &rep)
				if segmented && rep.Widened != 0 {
					t.Fatalf("round %d: segmented mode widened %d spans", round, rep.Widened)
				}
				var got []chunk
				for lv, tags := range tz.tags {
					for _, sr := range tz.sents {
						seq := tags[sr[0]:sr[1]]
						if err := checkSequence(scheme, seq); err != nil {
							t.Fatalf("round %d %s segmented=%v level %d: %v in %q", round, scheme, segmented, lv, err, seq)
						}
						chunks, bad := decodeTags(seq)
						if bad >= 0 {
							t.Fatalf("round %d: tag %q undecodable", round, seq[bad])
						}
						if scheme == IOB2 {
							b := 0
							for _, tag := range seq {
								if strings.HasPrefix(tag, "B-") {
									b++
								}
							}
							if b != len(chunks) {
								t.Fatalf("round %d: %d B- tags but %d entities in %q", round, b, len(chunks), seq)
							}
						}
						for _, c := range chunks {
							got = append(got, chunk{c.a + sr[0], c.b + sr[0], fmt.Sprint(lv, c.label)})
						}
					}
				}
				if k == 0 {
					want = got
				} else if !slices.Equal(got, want) {
					t.Fatalf("round %d segmented=%v: %s decodes to %v, %s to %v", round, segmented, scheme, got, Schemes[0], want)
				}
			}
		}
	}
}

func FuzzReadCoNLL(f *testing.F) {
	f.Add(fixtureExport(f, CoNLL, Options{DocStart: true}))
	f.Add(fixtureExport(f, CoNLL, Options{CoNLL2003: true, Scheme: BIOES}))
	f.Add(fixtureExport(f, CoNLL, Options{Levels: 2}))
	f.Add([]byte("كَتَبَ B-X\n🙂 L-X\n\nقال U-Y\n"))
	f.Add([]byte("\uFEFF\u200eقال\tO\r\nعمان\tB-LOC\r\n\t\r\n\tO\r\nCafe\u0301\tB-ORG\r\n"))
	fuzzReader(f, CoNLL)
}

func TestCoveredTokens(t *testing.T) {
	text := norm(t, "وأكدت الحكومةُ والجيشُ 🙂 بالاتفاقيات UNDP")
	var toks []tok
	for _, w := range strings.Fields(text) {
		s, e := at(t, text, w, 0)
		toks = append(toks, tok{s, e, w})
	}
	span := func(sub string) annotate.Span {
		s, e := at(t, text, norm(t, sub), 0)
		return annotate.Span{Start: s, End: e}
	}
	tests := []struct {
		name string
		span annotate.Span
		a, b int
		ok   bool
	}{
		{"whole word", span("الحكومةُ"), 1, 2, true},
		{"proclitic left out", span("الجيشُ"), 2, 3, true},
		{"two proclitics left out", span("الاتفاقيات"), 4, 5, true},
		{"stem without article", span("اتفاقيات"), 4, 5, true},
		{"the conjunction alone", annotate.Span{Start: 15, End: 16}, 0, 0, false},
		{"across words", span("الحكومةُ والجيشُ"), 1, 3, true},
		{"half of a Latin word", span("UN"), 5, 6, true},
		{"less than half, no stem", span("U"), 0, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b, ok := coveredTokens(toks, tt.span)
			if ok != tt.ok || ok && (a != tt.a || b != tt.b) {
				t.Errorf("coveredTokens(%q) = %d, %d, %v; want %d, %d, %v", annotate.Slice(text, tt.span.Start, tt.span.End), a, b, ok, tt.a, tt.b, tt.ok)
			}
		})
	}
}
