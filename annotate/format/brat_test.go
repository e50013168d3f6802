package format

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"alama/annotate"
)

// canon renders what a lossless format must keep of a document, without
// ids: spans with range, label, attributes and note, and relations by the
// positions of their spans.
func canon(d *annotate.Document, attrs, notes bool) string {
	var b strings.Builder
	spans := sortedSpans(d.Spans)
	pos := map[uint64]int{}
	for i, s := range spans {
		pos[s.ID] = i
		fmt.Fprintf(&b, "%d %d %s", s.Start, s.End, s.Label)
		if attrs {
			for _, k := range sortedKeys(s.Attrs) {
				fmt.Fprintf(&b, " %s=%s", k, s.Attrs[k])
			}
		}
		if notes && s.Note != "" {
			fmt.Fprintf(&b, " #%s", s.Note)
		}
		b.WriteString("\n")
	}
	var rels []string
	for _, r := range d.Relations {
		rels = append(rels, fmt.Sprintf("%s %d→%d", r.Type, pos[r.From], pos[r.To]))
	}
	slices.Sort(rels)
	b.WriteString(strings.Join(rels, "\n"))
	return b.String()
}

// goldenDir compares every file of dir with testdata/name/.
func goldenDir(t *testing.T, name, dir string) {
	t.Helper()
	err := filepath.WalkDir(dir, func(path string, e os.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		golden(t, filepath.Join(name, rel), data)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func importAll(t *testing.T, path string, opts ImportOptions) []*annotate.Document {
	t.Helper()
	var docs []*annotate.Document
	if err := Import(path, opts, func(_ string, ds []*annotate.Document) error {
		docs = append(docs, ds...)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return docs
}

func TestBratExport(t *testing.T) {
	out := filepath.Join(t.TempDir(), "brat")
	rep, err := Export(Brat, seq(fixture(t)), testSchema(), out, Options{})
	if err != nil {
		t.Fatal(err)
	}
	goldenDir(t, "brat", out)
	if rep.Documents != 3 || rep.Spans != 13 || rep.Relations != 4 || rep.SpansDropped+rep.AttrsDropped+rep.NotesFlattened != 0 {
		t.Errorf("report %+v", rep)
	}
}

func TestBratRoundTrip(t *testing.T) {
	want := fixture(t)
	out := filepath.Join(t.TempDir(), "brat")
	if _, err := Export(Brat, seq(want), testSchema(), out, Options{}); err != nil {
		t.Fatal(err)
	}
	got := importAll(t, out, ImportOptions{Annotator: "imp", Warn: func(err error) { t.Errorf("warning: %v", err) }})
	if len(got) != len(want) {
		t.Fatalf("imported %d documents, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i].Text != want[i].Text {
			t.Errorf("document %d: text differs", i)
		}
		if g, w := canon(got[i], true, true), canon(want[i], true, true); g != w {
			t.Errorf("document %d:\n got %s\nwant %s", i, g, w)
		}
		for _, s := range got[i].Spans {
			if s.Annotator != "imp" {
				t.Errorf("span %d: annotator %q, want imp", s.ID, s.Annotator)
			}
		}
	}
}

func TestBratLineBreakFragments(t *testing.T) {
	text := norm(t, "قالَ الناطقُ 🙂\nإنّ الوفدَ وصل.")
	s, _ := at(t, text, "الناطقُ", 0)
	_, e := at(t, text, "الوفدَ", 0)
	d := &annotate.Document{ID: 7, Text: text, Status: annotate.StatusNew, Spans: []annotate.Span{
		{ID: 1, Start: s, End: e, Label: "CLAIM", Note: "سطر\tأول\nسطر ثان"},
	}}
	var rep Report
	var idx runes
	idx.reset(text)
	var b bytes.Buffer
	if err := writeBratAnn(&b, d, nil, &idx, &rep); err != nil {
		t.Fatal(err)
	}
	want := "T1\tCLAIM 5 14;15 25\tالناطقُ 🙂 إنّ الوفدَ\n#1\tAnnotatorNotes T1\tسطر أول سطر ثان\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
	if rep.NotesFlattened != 1 {
		t.Errorf("report %+v: want one flattened note", rep)
	}
	got, err := ReadBrat("d.txt", []byte(text), "d.ann", []byte(want), ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Spans) != 1 || got.Spans[0].Start != s || got.Spans[0].End != e {
		t.Errorf("fragments read back as %+v, want one span [%d,%d)", got.Spans, s, e)
	}
}

func TestBratImportKeepsUnparsedLines(t *testing.T) {
	text := norm(t, "هاجمَ مسلحون قرية 🙂 في الشمال وقتلوا اثنين.")
	s1, e1 := at(t, text, "هاجمَ", 0)
	s2, e2 := at(t, text, "مسلحون", 0)
	s3, e3 := at(t, text, "قرية", 0)
	s4, e4 := at(t, text, "الشمال", 0)
	ann := fmt.Sprintf("T1\tEVENT %d %d\tهاجمَ\n"+
		"T2\tACTOR %d %d\tمسلحون\n"+
		"E1\tEVENT:T1 Agent:T2\n"+
		"T3\tLOCATION %d %d;%d %d\tقرية الشمال\n"+
		"R1\tAGENT Arg1:T1 Arg2:T9\n"+
		"N1\tReference T2 Wikidata:Q1\tx\n"+
		"A1\tnegated T1\n"+
		"A2\ttype T2 armed_group\n", s1, e1, s2, e2, s3, e3, s4, e4)
	var warnings []string
	d, err := ReadBrat("a.txt", []byte(text), "a.ann", []byte(ann), ImportOptions{Warn: func(err error) {
		warnings = append(warnings, err.Error())
	}})
	if err != nil {
		t.Fatal(err)
	}
	wantWarn := []string{"a.ann:4: T3: discontinuous", "a.ann:3: event annotations", "a.ann:5: relation argument", "a.ann:6: annotation kind"}
	if len(warnings) != len(wantWarn) {
		t.Fatalf("warnings %q, want %d", warnings, len(wantWarn))
	}
	for i, w := range wantWarn {
		if !strings.HasPrefix(warnings[i], w) {
			t.Errorf("warning %q, want prefix %q", warnings[i], w)
		}
	}
	kept, _ := d.Meta[bratUnparsedKey].([]any)
	if len(kept) != 4 {
		t.Errorf("kept lines %q, want 4", kept)
	}
	if got := canon(d, true, false); got != fmt.Sprintf("%d %d EVENT negated=true\n%d %d ACTOR type=armed_group\n", s1, e1, s2, e2) {
		t.Errorf("document %s", got)
	}
}

func TestBratImportErrors(t *testing.T) {
	text := norm(t, "وصلَ الوزيرُ 🙂 إلى بغداد.")
	s, e := at(t, text, "الوزيرُ", 0)
	tests := []struct {
		name     string
		txt, ann string
		file     string
		line     int
		want     string
		is       error
	}{
		{"text differs", text, fmt.Sprintf("T1\tACTOR %d %d\tالوزير\n", s, e), "a.ann", 1, "differs from the document text", ErrFormat},
		{"out of range", text, "\nT1\tACTOR 3 400\tx\n", "a.ann", 2, "outside text", annotate.ErrOutOfRange},
		{"splits harakat", text, fmt.Sprintf("T1\tACTOR %d %d\tالوزير\n", s, e-1), "a.ann", 1, "splits a character", annotate.ErrNotBoundary},
		{"bad offsets", text, "T1\tACTOR 3 x\tx\n", "a.ann", 1, "not START END pairs", ErrFormat},
		{"duplicate id", text, fmt.Sprintf("T1\tACTOR %d %d\tالوزيرُ\nT1\tACTOR %d %d\tالوزيرُ\n", s, e, s, e), "a.ann", 2, "used twice", ErrFormat},
		{"invalid utf8 ann", text, "T1\tACTOR 0 1\t\xff\n", "a.ann", 1, "invalid UTF-8", ErrFormat},
		{"invalid utf8 txt", "سطر\nب\xffج", "", "a.txt", 2, "invalid UTF-8", annotate.ErrBadText},
		{"crlf txt", "سطر أول\r\nسطر ثان", "", "a.txt", 1, "carriage return", annotate.ErrBadText},
		{"nfd txt", "سطر\nCafe\u0301", "", "a.txt", 2, "not in Unicode NFC", annotate.ErrBadText},
		{"bom txt", "\uFEFFنص", "", "a.txt", 1, "byte order mark", annotate.ErrBadText},
		// Every line unreadable: the file's annotations would all be lost.
		{"spaces for tabs", text, fmt.Sprintf("\nT1 ACTOR %d %d الوزيرُ\nT2 LOCATION 0 3 وصلَ\n", s, e), "a.ann", 2,
			"none of the 2 annotation lines could be read (this one: text-bound annotation without a type and offsets); brat separates", ErrFormat},
		{"one line, unsupported", text, "E1\tEVENT:T1\n", "a.ann", 1,
			"the only annotation line could not be read: event annotations are not supported; to import the text without its annotations, remove the .ann file", ErrFormat},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadBrat("a.txt", []byte(tt.txt), "a.ann", []byte(tt.ann), ImportOptions{})
			var le *LineError
			if !errors.As(err, &le) {
				t.Fatalf("got %v, want a *LineError", err)
			}
			if le.File != tt.file || le.Line != tt.line || !strings.Contains(err.Error(), tt.want) || !errors.Is(err, tt.is) {
				t.Errorf("got %q (%s:%d), want %s:%d with %q", err, le.File, le.Line, tt.file, tt.line, tt.want)
			}
		})
	}
}

// TestBratFilesThatAreRead: an empty .ann (a document not annotated yet)
// and one with a readable line among unreadable ones are read.
func TestBratFilesThatAreRead(t *testing.T) {
	text := norm(t, "وصلَ الوزيرُ 🙂 إلى بغداد.")
	s, e := at(t, text, "الوزيرُ", 0)
	for _, ann := range []string{"", "\n\n", fmt.Sprintf("E1\tEVENT:T1\nT1\tACTOR %d %d\tالوزيرُ\nR1 X Arg1:T1 Arg2:T1\n", s, e)} {
		var warned int
		d, err := ReadBrat("a.txt", []byte(text), "a.ann", []byte(ann), ImportOptions{Warn: func(error) { warned++ }})
		if err != nil {
			t.Errorf("%q: %v", ann, err)
			continue
		}
		if kept, _ := d.Meta[bratUnparsedKey].([]any); len(kept) != warned {
			t.Errorf("%q: %d lines kept, %d warnings", ann, len(kept), warned)
		}
	}
}

func FuzzReadBrat(f *testing.F) {
	text := "قالَ الوزيرُ 🙂 إنّ\nالوفد UN وصل."
	f.Add([]byte(text), []byte("T1\tACTOR 5 12\tالوزيرُ\nT2\tACTOR 20 22\tUN\nR1\tX Arg1:T1 Arg2:T2\nA1\tneg T1\n#1\tAnnotatorNotes T2\tنص\n"))
	f.Add([]byte(text), []byte("T1\tCLAIM 5 18;19 24\tالوزيرُ 🙂 إنّ الوفد\nE1\tEV:T1\n"))
	f.Add([]byte("a\r\nb"), []byte("T1\tX 0 1\ta\n"))
	f.Fuzz(func(t *testing.T, txt, ann []byte) {
		d, err := ReadBrat("f.txt", txt, "f.ann", ann, ImportOptions{})
		if err != nil {
			var le *LineError
			if !errors.As(err, &le) {
				t.Fatalf("error %v is not a *LineError", err)
			}
			return
		}
		if err := Validate(d); err != nil {
			t.Fatalf("accepted an invalid document: %v", err)
		}
	})
}
