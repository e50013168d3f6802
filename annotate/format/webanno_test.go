package format

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"

	"alama/annotate"
)

// exportWebAnno exports docs to a fresh folder and returns it.
func exportWebAnno(t *testing.T, docs []*annotate.Document, s *annotate.Schema) (string, Report) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "out")
	rep, err := Export(WebAnno, seq(docs), s, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return dir, rep
}

func TestWebAnnoGolden(t *testing.T) {
	dir, rep := exportWebAnno(t, fixture(t), testSchema())
	goldenDir(t, "webanno", dir)
	var kinds []LossKind
	for _, l := range rep.Losses() {
		kinds = append(kinds, l.Kind)
	}
	want := []LossKind{LossTitles, LossMeta, LossStatus, LossDocLabels, LossAnnotators, LossSuggestions, LossTimes}
	if rep.Documents != 3 || rep.Spans != 13 || rep.Relations != 4 || !slices.Equal(kinds, want) {
		t.Errorf("report %+v: want 3 documents, 13 spans, 4 relations, losses %v", rep, want)
	}
}

// TestWebAnnoOffsets reads the exported files without ReadWebAnno: every
// row's text and every annotation's text, taken from the document at the
// row's UTF-16 offsets, must match the token column and the span.
func TestWebAnnoOffsets(t *testing.T) {
	docs := fixture(t)
	dir, _ := exportWebAnno(t, docs, testSchema())
	for _, d := range docs {
		t.Run(bratName(d.ID), func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, bratName(d.ID)+".tsv"))
			if err != nil {
				t.Fatal(err)
			}
			u := utf16.Encode([]rune(d.Text))
			at := func(b, e int) string { return string(utf16.Decode(u[b:e])) }
			type ext struct{ b, e int }
			multi := map[string]*ext{} // "[N]" annotation → extent
			var got []string
			for line := range strings.SplitSeq(string(data), "\n") {
				f := strings.Split(line, "\t")
				if len(f) < 4 || strings.HasPrefix(line, "#") {
					continue
				}
				be := strings.Split(f[1], "-")
				b, _ := strconv.Atoi(be[0])
				e, _ := strconv.Atoi(be[1])
				if at(b, e) != f[2] {
					t.Errorf("row %s: offsets %s give %q, the row says %q", f[0], f[1], at(b, e), f[2])
				}
				if f[3] == "_" {
					continue
				}
				for _, v := range splitWebAnnoStack(f[3]) {
					label, id, err := splitWebAnnoID(v)
					if err != nil {
						t.Fatal(err)
					}
					label, _ = unescapeWebAnnoValue(label)
					if id == 0 {
						got = append(got, label+" "+at(b, e))
						continue
					}
					key := label + " [" + strconv.Itoa(id) + "]"
					if x, ok := multi[key]; ok {
						x.e = e
					} else {
						multi[key] = &ext{b, e}
					}
				}
			}
			for key, x := range multi {
				label, _, _ := strings.Cut(key, " ")
				got = append(got, label+" "+at(x.b, x.e))
			}
			var want []string
			for _, s := range d.Spans {
				want = append(want, s.Label+" "+annotate.Slice(d.Text, s.Start, s.End))
			}
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("annotations in the file:\n%s\nspans:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}

func TestWebAnnoRoundTrip(t *testing.T) {
	docs := fixture(t)
	dir, _ := exportWebAnno(t, docs, testSchema())
	var back []*annotate.Document
	err := Import(dir, ImportOptions{Warn: func(err error) { t.Errorf("warning: %v", err) }}, func(_ string, ds []*annotate.Document) error {
		back = append(back, ds...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(back) != len(docs) {
		t.Fatalf("read %d documents back, want %d", len(back), len(docs))
	}
	for i, d := range docs {
		if back[i].Text != d.Text {
			t.Errorf("document %d: text\n%q\nwant\n%q", d.ID, back[i].Text, d.Text)
		}
		if got, want := canon(back[i], true, true), canon(d, true, true); got != want {
			t.Errorf("document %d:\n%s\nwant\n%s", d.ID, got, want)
		}
	}
}

// TestWebAnnoSubTokens checks that spans with an edge inside a word are
// written as sub-token rows, with UTF-16 offsets after an emoji.
func TestWebAnnoSubTokens(t *testing.T) {
	text := norm(t, "🙂 كَتَبَ المراسلُ أنّ والقاعدةَ بعيدة.")
	s1, e1 := at(t, text, "و", 0)        // the conjunction alone
	s2, e2 := at(t, text, "القاعدةَ", 0) // the word without it
	s3, e3 := at(t, text, "كَتَبَ", 0)   // a whole word
	d := &annotate.Document{ID: 7, Text: text, Spans: []annotate.Span{
		{ID: 1, Start: s1, End: e1, Label: "CONJ"},
		{ID: 2, Start: s2, End: e2, Label: "ACTOR"},
		{ID: 3, Start: s3, End: e3, Label: "EVENT"},
	}, Relations: []annotate.Relation{{ID: 4, Type: "AGENT", From: 3, To: 2}}}
	var b bytes.Buffer
	var rep Report
	if _, err := writeWebAnno(&b, d, nil, &rep); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"1-1\t0-2\t🙂\t_\t_\t_\t_\t\n",
		"1-2\t3-9\tكَتَبَ\tEVENT\t*\t_\t_\t\n",
		"1-5\t23-32\tوالقاعدةَ\t_\t_\t_\t_\t\n",
		"1-5.1\t23-24\tو\tCONJ\t*\t_\t_\t\n",
		"1-5.2\t24-32\tالقاعدةَ\tACTOR\t*\tAGENT\t1-2\t\n",
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("no row %q in\n%s", want, b.String())
		}
	}
	if !rep.Lossless() || rep.Spans != 3 || rep.Relations != 1 {
		t.Errorf("report %+v", rep)
	}
}

func TestWebAnnoEscape(t *testing.T) {
	values := []struct{ in, want string }{
		{"ACTOR", "ACTOR"},
		{"armed_group", `armed\_group`},
		{"a|b", `a\|b`},
		{"[x]", `\[x\]`},
		{"a;b*", `a\;b\*`},
		{"cause->effect", `cause\->effect`},
		{"a-b>c", "a-b>c"},
		{`back\slash`, `back\\slash`},
		{"tab\there", `tab\there`},
		{"line\nbreak", `line\nbreak`},
		{"قالَ 🙂", "قالَ 🙂"},
		{"*", `\*`},
		{"_", `\_`},
	}
	for _, c := range values {
		t.Run("value "+c.want, func(t *testing.T) {
			if got := escapeWebAnnoValue(c.in); got != c.want {
				t.Errorf("escapeWebAnnoValue(%q) = %q, want %q", c.in, got, c.want)
			}
			if back, err := unescapeWebAnnoValue(c.want); err != nil || back != c.in {
				t.Errorf("unescapeWebAnnoValue(%q) = %q, %v; want %q", c.want, back, err, c.in)
			}
		})
	}
	texts := []struct{ in, want string }{
		{"كَتَبَ المراسلُ 🙂", "كَتَبَ المراسلُ 🙂"},
		{`C:\dir`, `C:\\dir`},
		{"a\tb", `a\tb`},
		{"a\rb\fc\bd", `a\rb\fc\bd`},
		{"bell\x07", "bell\\\x07"},
		{"_*|[]", "_*|[]"},
	}
	for _, c := range texts {
		t.Run("text "+c.want, func(t *testing.T) {
			if got := escapeWebAnnoText(c.in); got != c.want {
				t.Errorf("escapeWebAnnoText(%q) = %q, want %q", c.in, got, c.want)
			}
			if back, err := unescapeWebAnnoText(c.want); err != nil || back != c.in {
				t.Errorf("unescapeWebAnnoText(%q) = %q, %v; want %q", c.want, back, err, c.in)
			}
		})
	}
}

// TestWebAnnoLosses checks what is trimmed, dropped and counted.
func TestWebAnnoLosses(t *testing.T) {
	text := norm(t, "أعلن الوزيرُ  خطةً 🙂 جديدة")
	s1, e1 := at(t, text, norm(t, "الوزيرُ  "), 0) // ends in white space: trimmed
	s2, e2 := at(t, text, "  ", 0)                 // white space only: dropped
	s3, e3 := at(t, text, norm(t, "خطةً"), 0)
	d := &annotate.Document{ID: 1, Text: text, Spans: []annotate.Span{
		{ID: 1, Start: s1, End: e1, Label: "ACTOR", Attrs: map[string]string{"bad name": "x", "type": "person"}},
		{ID: 2, Start: s2, End: e2, Label: "GAP"},
		{ID: 3, Start: s3, End: e3, Label: "EVENT", Attrs: map[string]string{"type": ""}, Note: "سطر\r\nثانٍ"},
	}, Relations: []annotate.Relation{
		{ID: 4, Type: "AGENT", From: 3, To: 1},
		{ID: 5, Type: "NEAR", From: 3, To: 2},
	}}
	var b bytes.Buffer
	var rep Report
	if _, err := writeWebAnno(&b, d, nil, &rep); err != nil {
		t.Fatal(err)
	}
	want := Report{Spans: 2, Relations: 1, Narrowed: 1, SpansDropped: 1, RelationsDropped: 1, AttrsDropped: 2, NotesFlattened: 1}
	if rep.Spans != want.Spans || rep.Relations != want.Relations || rep.Widened != want.Widened || rep.Narrowed != want.Narrowed ||
		rep.SpansDropped != want.SpansDropped || rep.RelationsDropped != want.RelationsDropped ||
		rep.AttrsDropped != want.AttrsDropped || rep.NotesFlattened != want.NotesFlattened {
		t.Errorf("report %+v, want %+v", rep, want)
	}
	for _, row := range []string{
		"1-2\t5-12\tالوزيرُ\tACTOR\t*\tperson\tAGENT\t1-3\t\n",
		"1-3\t14-18\tخطةً\tEVENT\tسطر\\nثانٍ\t*\t_\t_\t\n",
	} {
		if !strings.Contains(b.String(), row) {
			t.Errorf("no row %q in\n%s", row, b.String())
		}
	}
	bad := *d
	bad.Spans = slices.Clone(d.Spans)
	bad.Spans[0].End = annotate.RuneLen(text) + 1
	if _, err := writeWebAnno(&b, &bad, nil, &rep); !errors.Is(err, annotate.ErrOutOfRange) {
		t.Errorf("span outside the text: error %v, want ErrOutOfRange", err)
	}
}

const waHead = "#FORMAT=WebAnno TSV 3.3\n#T_SP=webanno.custom.AlamaSpan|label\n#T_RL=webanno.custom.AlamaRelation|label|BT_webanno.custom.AlamaSpan\n\n\n"

func TestReadWebAnnoErrors(t *testing.T) {
	cases := []struct {
		name, in string
		line     int
	}{
		{"format", "#FORMAT=Something else\n", 1},
		{"layer", "#FORMAT=WebAnno TSV 3.3\n#X=y\n", 2},
		{"columns", waHead + "#Text=قالَ\n1-1\t0-4\tقالَ\t_\n", 7},
		{"token text", waHead + "#Text=قالَ\n1-1\t0-4\tقال\t_\t_\t_\t\n", 7},
		{"offsets", waHead + "#Text=قالَ\n1-1\t0-9\tقالَ\t_\t_\t_\t\n", 7},
		{"surrogate", waHead + "#Text=🙂 x\n1-1\t1-2\t🙂\t_\t_\t_\t\n", 7},
		{"sub-token first", waHead + "#Text=قالَ\n1-1.1\t0-1\tق\tX\t_\t_\t\n", 7},
		{"no text line", "#FORMAT=WebAnno TSV 3.3\n#T_SP=a.B|label\n\n\n1-1\t0-1\tx\t_\t\n", 5},
		{"stack depth", waHead + "#Text=ab\n1-1\t0-2\tab\tX\tR|S\t1-1\t\n", 7},
		{"governor", waHead + "#Text=ab cd\n1-1\t0-2\tab\tX\t_\t_\t\n1-2\t3-5\tcd\tY\tR\t1-9\t\n", 8},
		{"unknown id", waHead + "#Text=ab cd\n1-1\t0-2\tab\tX\t_\t_\t\n1-2\t3-5\tcd\tY\tR\t1-1[4_0]\t\n", 8},
		{"escape", waHead + "#Text=ab\n1-1\t0-2\tab\tX\\q\t_\t_\t\n", 7},
		{"marks", waHead + "#Text=قالَ\n1-1\t0-3\tقال\tX\t_\t_\t\n", 7},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := ReadWebAnno("doc.tsv", strings.NewReader(c.in), ImportOptions{}, func(*annotate.Document) error {
				t.Error("a document was emitted")
				return nil
			})
			var le *LineError
			if !errors.As(err, &le) || le.File != "doc.tsv" || le.Line != c.line {
				t.Errorf("error %v, want a *LineError at doc.tsv:%d", err, c.line)
			}
		})
	}
}

// TestReadWebAnnoINCEpTION reads a file shaped like INCEpTION's own
// output: a value feature, a span layer without features, a text gap
// before the second sentence and a #Sentence.id line.
func TestReadWebAnnoINCEpTION(t *testing.T) {
	in := "#FORMAT=WebAnno TSV 3.3\n" +
		"#T_SP=de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity|identifier|value\n" +
		"#T_SP=webanno.custom.Mark\n" +
		"#T_RL=webanno.custom.Link|role|BT_de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity\n\n\n" +
		"#Text=زار الوفدُ عمّان 🙂.\n" +
		"1-1\t0-3\tزار\t_\t_\t*\t_\t_\t\n" +
		"1-2\t4-10\tالوفدُ\t*\tORG\t_\t_\t_\t\n" +
		"1-3\t11-16\tعمّان\t*\tLOC\t_\tvisited\t1-2\t\n" +
		"1-4\t17-19\t🙂\t_\t_\t_\t_\t_\t\n" +
		"1-5\t19-20\t.\t_\t_\t_\t_\t_\t\n\n" +
		"#Sentence.id=s2\n" +
		"#Text=ثم عاد.\n" +
		"2-1\t23-25\tثم\t_\t_\t*[1]|*[2]\t_\t_\t\n" +
		"2-2\t26-29\tعاد\t_\t_\t*[1]\t_\t_\t\n" +
		"2-3\t29-30\t.\t_\t_\t_\t_\t_\t\n"
	var got *annotate.Document
	err := ReadWebAnno("dir/news.tsv", strings.NewReader(in), ImportOptions{Annotator: "lina"}, func(d *annotate.Document) error {
		got = d
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := "زار الوفدُ عمّان 🙂.\n\n\nثم عاد."; got.Text != want || got.Title != "news" {
		t.Fatalf("text %q title %q, want %q and news", got.Text, got.Title, want)
	}
	var spans []string
	for _, s := range got.Spans {
		spans = append(spans, s.Label+" "+annotate.Slice(got.Text, s.Start, s.End)+" "+s.Annotator)
	}
	want := []string{"Mark زار lina", "ORG الوفدُ lina", "LOC عمّان lina", "Mark ثم lina", "Mark ثم عاد lina"}
	if !slices.Equal(spans, want) {
		t.Errorf("spans %q, want %q", spans, want)
	}
	if len(got.Relations) != 1 || got.Relations[0].Type != "visited" {
		t.Fatalf("relations %+v", got.Relations)
	}
	from, _ := got.Span(got.Relations[0].From)
	to, _ := got.Span(got.Relations[0].To)
	if from.Label != "ORG" || to.Label != "LOC" {
		t.Errorf("relation %s → %s, want ORG → LOC", from.Label, to.Label)
	}
}

func FuzzReadWebAnno(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "webanno", "*.tsv"))
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(waHead + "#Text=ab cd\n1-1\t0-2\tab\tX[1]\t_\t_\t\n1-2\t3-5\tcd\tX[1]|Y\tR\t1-1[1_0]\t\n1-2.1\t3-4\tc\tZ\t_\t_\t\n"))
	f.Add([]byte(waHead + "#Text=🙂\\t\n1-1\t0-2\t🙂\t\\*\t_\t_\t\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		err := ReadWebAnno("f.tsv", bytes.NewReader(data), ImportOptions{}, func(d *annotate.Document) error {
			if err := Validate(d); err != nil {
				t.Errorf("emitted an invalid document: %v", err)
			}
			return nil
		})
		var le *LineError
		if err != nil && !errors.As(err, &le) {
			t.Errorf("error %v is not a *LineError", err)
		}
	})
}

// BenchmarkWriteWebAnno writes one article of about 4 KB per iteration.
func BenchmarkWriteWebAnno(b *testing.B) {
	d := benchDoc(b)
	s := testSchema()
	var buf bytes.Buffer
	b.SetBytes(int64(len(d.Text)))
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		var rep Report
		if _, err := writeWebAnno(&buf, d, s, &rep); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReadWebAnno reads back one article of about 4 KB per iteration.
func BenchmarkReadWebAnno(b *testing.B) {
	d := benchDoc(b)
	var buf bytes.Buffer
	var rep Report
	if _, err := writeWebAnno(&buf, d, testSchema(), &rep); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		err := ReadWebAnno("b.tsv", bytes.NewReader(data), ImportOptions{}, func(got *annotate.Document) error {
			if len(got.Spans) != len(d.Spans) {
				b.Fatalf("%d spans read back, want %d", len(got.Spans), len(d.Spans))
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

func TestWebAnnoChainAndDuplicate(t *testing.T) {
	in := "#FORMAT=WebAnno TSV 3.3\n" +
		"#T_SP=webanno.custom.AlamaSpan|label\n" +
		"#T_CH=de.tudarmstadt.ukp.dkpro.core.api.coref.type.CoreferenceLink|referenceType|referenceRelation\n\n\n" +
		"#Text=كَتَبَ هو 🙂\n" +
		"1-1\t0-6\tكَتَبَ\tEVENT\t_\t_\t\n" +
		"1-2\t7-9\tهو\t_\tpr[1]\tcoref->1-1\t\n" +
		"1-3\t10-12\t🙂\t_\t_\t_\t\n"
	var warnings []error
	var got *annotate.Document
	err := ReadWebAnno("c.tsv", strings.NewReader(in), ImportOptions{Warn: func(err error) { warnings = append(warnings, err) }}, func(d *annotate.Document) error {
		got = d
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var le *LineError
	if len(warnings) != 1 || !errors.As(warnings[0], &le) || le.Line != 3 {
		t.Errorf("warnings %v, want one about line 3", warnings)
	}
	if len(got.Spans) != 1 || got.Spans[0].Label != "EVENT" {
		t.Errorf("spans %+v, want the EVENT span only", got.Spans)
	}

	d := fixture(t)[1]
	_, err = Export(WebAnno, seq([]*annotate.Document{d, d}), nil, filepath.Join(t.TempDir(), "out"), Options{})
	if !errors.Is(err, annotate.ErrDuplicate) {
		t.Errorf("the same id twice: error %v, want ErrDuplicate", err)
	}
}
