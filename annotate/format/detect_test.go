package format

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"alama/annotate"
)

// importPath imports path with opts and returns every document read.
func importPath(t *testing.T, path string, opts ImportOptions) ([]*annotate.Document, error) {
	t.Helper()
	var docs []*annotate.Document
	err := Import(path, opts, func(_ string, ds []*annotate.Document) error {
		docs = append(docs, ds...)
		return nil
	})
	return docs, err
}

func writeFile(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestDetectTxtLookalike: a .txt file holding CoNLL or JSON is refused,
// naming the file and the format to ask for, and -format reads it either
// way.
func TestDetectTxtLookalike(t *testing.T) {
	dir := t.TempDir()
	newsfane, err := os.ReadFile("../../testdata/newsfane/newsfane-slice.txt")
	if err != nil {
		t.Fatal(err)
	}
	conll := "سمير B-PERS\nقال O\n\nكَتَبَ O\n🙂 B-X\n"
	tests := []struct {
		name, data, want string
	}{
		{"newsfane.txt", string(newsfane), CoNLL},
		{"conll.txt", conll, CoNLL},
		{"spacy.txt", `{"text":"كَتَبَ 🙂","entities":[[0,6,"X"]]}` + "\n", SpaCy},
		{"tasks.txt", `[{"data":{"text":"x"}}]`, LabelStudio},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, dir, tt.name, []byte(tt.data))
			_, err := importPath(t, path, ImportOptions{})
			var le *LineError
			var look *LookalikeError
			if !errors.As(err, &le) || le.File != path || !errors.As(err, &look) || look.Format != tt.want {
				t.Fatalf("import: %v; want %s naming %s", err, tt.want, path)
			}
			if msg := err.Error(); !strings.Contains(msg, "-format "+tt.want) || !strings.HasPrefix(msg, path+": ") {
				t.Errorf("message %q does not name the file and -format %s", msg, tt.want)
			}
			if _, err := DetectFile(path); !errors.As(err, &look) {
				t.Errorf("DetectFile: %v, want a *LookalikeError", err)
			}
			if _, err := ReadText(path, []byte(tt.data)); !errors.As(err, &look) {
				t.Errorf("ReadText: %v, want a *LookalikeError", err)
			}
			docs, err := importPath(t, path, ImportOptions{Format: Text})
			if err != nil || len(docs) != 1 || len(docs[0].Spans) != 0 {
				t.Errorf("-format text: %d documents, %v", len(docs), err)
			}
		})
	}
	// Forced, the CoNLL .txt is read as CoNLL: two sentences, two spans.
	path := filepath.Join(dir, "conll.txt")
	docs, err := importPath(t, path, ImportOptions{Format: CoNLL})
	if err != nil || len(docs) != 1 {
		t.Fatalf("-format conll: %d documents, %v", len(docs), err)
	}
	var got []string
	for _, s := range docs[0].Spans {
		got = append(got, s.Label+" "+docs[0].SpanText(s))
	}
	if strings.Join(got, "|") != "PERS سمير|X 🙂" {
		t.Errorf("spans %q", got)
	}
	// An article is still an article.
	path = writeFile(t, dir, "article.txt", []byte("قال سمير\nإن الطقس O جميل\n"))
	if docs, err := importPath(t, path, ImportOptions{}); err != nil || len(docs) != 1 || docs[0].Title != "قال سمير" {
		t.Errorf("article: %v", err)
	}
}

// TestDetectLongFirstRecord: a spaCy file whose first record is longer
// than the first 64 KiB is still spaCy, its spans spans.
func TestDetectLongFirstRecord(t *testing.T) {
	long := strings.Repeat("كَتَبَ الوزيرُ 🙂 ", 100<<10/len("كَتَبَ الوزيرُ 🙂 "))
	text := long + "سمير"
	start := annotate.RuneLen(long)
	rec := fmt.Sprintf(`{"text":%q,"entities":[[%d,%d,"PERS"]],"spans":{"sc":[[0,6,"X"],[%d,%d,"PERS"]]}}`, text, start, start+4, start, start+4)
	if len(rec) < 100<<10 {
		t.Fatalf("record of %d bytes", len(rec))
	}
	dir := t.TempDir()
	path := writeFile(t, dir, "long.jsonl", []byte(rec+"\n"+`{"text":"x","entities":[]}`+"\n"))
	d, err := SniffFile(path)
	if err != nil || d.Format != SpaCy || d.Confidence != ByContent {
		t.Fatalf("SniffFile = %+v, %v; want spacy by content", d, err)
	}
	docs, err := importPath(t, path, ImportOptions{})
	if err != nil || len(docs) != 2 {
		t.Fatalf("import: %d documents, %v", len(docs), err)
	}
	if len(docs[0].Spans) != 2 || docs[0].Meta != nil {
		t.Fatalf("spans %+v, meta %v", docs[0].Spans, docs[0].Meta)
	}
	for _, s := range docs[0].Spans {
		if got := annotate.Slice(docs[0].Text, s.Start, s.End); got != map[string]string{"X": "كَتَبَ", "PERS": "سمير"}[s.Label] {
			t.Errorf("span %s covers %q", s.Label, got)
		}
	}
}

func TestSniff(t *testing.T) {
	tests := []struct {
		name, head, want string
		conf             Confidence
	}{
		{"a.bin", "PAR1....", Parquet, ByMagic},
		{"a.tsv", "#FORMAT=WebAnno TSV 3.3\n", WebAnno, ByMagic},
		{"a.conll", "", CoNLL, ByName},
		{"a.conll", "a O\nb B-X\n", CoNLL, ByContent},
		{"a.txt", "just an article\nof two lines\n", Brat, ByName},
		{"a.data", "\uFEFF\u200eفرانكفورت\tB-Population-Center\r\n(\tO\r\n", CoNLL, ByContent},
		{"a.jsonl", `{"text":"x","entities":[]}` + "\n" + `{"text":"y","entities":[[0,1,"A"]]}`, SpaCy, ByContent},
		{"a.jsonl", `{"text":"x","entities":[]}` + "\n" + `{"text":"y","entities":[{"label":"A"}]}`, Doccano, ByContent},
		{"a.jsonl", `{"text":"x"}`, Doccano, ByContent},
		// Alama JSONL without the keys only it has: a spans list, or meta.
		{"a.jsonl", `{"text":"x","spans":[{"start":0,"end":1,"label":"A"}]}`, JSONL, ByContent},
		{"a.jsonl", `{"id":9,"text":"x","meta":{"source":"AFP"}}`, JSONL, ByContent},
		{"a.jsonl", `{"text":"x","meta":{"a":1},"label":[[0,1,"A"]]}`, Doccano, ByContent},
		{"a.jsonl", `{"text":"x","spans":{"sc":[[0,1,"A"]]},"entities":[]}`, SpaCy, ByContent},
	}
	for _, tt := range tests {
		d, err := Sniff(tt.name, []byte(tt.head))
		if err != nil || d.Format != tt.want || d.Confidence != tt.conf {
			t.Errorf("Sniff(%q, %q) = %+v, %v; want %s %v", tt.name, tt.head, d, err, tt.want, tt.conf)
		}
	}
	refused := []struct{ name, head string }{
		{"a.jsonl", `{"text":"x","entities":[[0,1,"A"]]}` + "\n" + `{"text":"y","label":[[0,1,"A"]]}`},
		{"a.conll", `{"text":"x","label":[]}`},
		{"a.json", `["O","B-X"]`},
		{"a.data", "one line O\n"},
	}
	for _, tt := range refused {
		if d, err := Sniff(tt.name, []byte(tt.head)); !errors.Is(err, ErrFormat) {
			t.Errorf("Sniff(%q, %q) = %+v, %v; want an ErrFormat error", tt.name, tt.head, d, err)
		}
	}
}
