package format

import (
	"errors"
	"iter"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"alama/annotate"
)

func listDir(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(path string, e os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !e.IsDir() {
			rel, _ := filepath.Rel(dir, path)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestExportHF(t *testing.T) {
	out := filepath.Join(t.TempDir(), "hf")
	rep, err := Export(HF, seq(fixture(t)), testSchema(), out, Options{})
	if err != nil {
		t.Fatal(err)
	}
	goldenDir(t, "hf", out)
	if rep.Documents != 3 || rep.Spans != 9 || rep.Widened != 2 {
		t.Errorf("report %+v", rep)
	}
	if f, err := Detect("x.jsonl", mustRead(t, filepath.Join(out, "data.jsonl"))); err != nil || f != HF {
		t.Errorf("Detect = %q, %v", f, err)
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// manyDocs yields n short documents with one span each.
func manyDocs(n int) iter.Seq2[*annotate.Document, error] {
	return func(yield func(*annotate.Document, error) bool) {
		for i := range n {
			d := &annotate.Document{ID: uint64(i + 1), Text: "قالَ الوزيرُ 🙂 كلامًا.", Status: annotate.StatusDone,
				Spans: []annotate.Span{{ID: 1, Start: 5, End: 12, Label: "ACTOR", Annotator: "mona"}}}
			if !yield(d, nil) {
				return
			}
		}
	}
}

func TestExportFileModes(t *testing.T) {
	dir := t.TempDir()
	file, folder := filepath.Join(dir, "x.jsonl"), filepath.Join(dir, "brat")
	if _, err := Export(JSONL, seq(fixture(t)), nil, file, Options{}); err != nil {
		t.Fatal(err)
	}
	if _, err := Export(Brat, seq(fixture(t)), nil, folder, Options{}); err != nil {
		t.Fatal(err)
	}
	// Exports get the modes any new file and folder get under the umask.
	plainFile, plainDir := filepath.Join(dir, "plain"), filepath.Join(dir, "plaindir")
	if err := os.WriteFile(plainFile, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(plainDir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, p := range [][2]string{{file, plainFile}, {folder, plainDir}} {
		got, err1 := os.Stat(p[0])
		want, err2 := os.Stat(p[1])
		if err := errors.Join(err1, err2); err != nil {
			t.Fatal(err)
		}
		if got.Mode() != want.Mode() {
			t.Errorf("%s has mode %v, want %v", p[0], got.Mode(), want.Mode())
		}
	}
}

func TestExportSplit(t *testing.T) {
	split := &Split{Train: 80, Dev: 10, Test: 10, Seed: 42}
	for _, format := range []string{JSONL, CoNLL, HF, Brat} {
		t.Run(format, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "corpus.out")
			rep, err := Export(format, manyDocs(200), testSchema(), out, Options{Split: split})
			if err != nil {
				t.Fatal(err)
			}
			if sum := rep.Parts[PartTrain] + rep.Parts[PartDev] + rep.Parts[PartTest]; sum != 200 || rep.Documents != 200 {
				t.Errorf("parts %v sum to %d, documents %d", rep.Parts, sum, rep.Documents)
			}
			if rep.Parts[PartTrain] < 140 || rep.Parts[PartDev] < 8 || rep.Parts[PartTest] < 8 {
				t.Errorf("parts %v far from 80/10/10", rep.Parts)
			}
			files := listDir(t, filepath.Dir(out))
			switch format {
			case JSONL, CoNLL:
				want := []string{"corpus.dev.out", "corpus.test.out", "corpus.train.out"}
				if !slices.Equal(files, want) {
					t.Errorf("files %v, want %v", files, want)
				}
				lines := strings.Count(string(mustRead(t, filepath.Join(filepath.Dir(out), "corpus.dev.out"))), "\n")
				if format == JSONL && lines != rep.Parts[PartDev] {
					t.Errorf("dev file has %d lines, want %d", lines, rep.Parts[PartDev])
				}
			case HF:
				want := []string{"corpus.out/dev.jsonl", "corpus.out/labels.json", "corpus.out/test.jsonl", "corpus.out/train.jsonl"}
				if !slices.Equal(files, want) {
					t.Errorf("files %v, want %v", files, want)
				}
			case Brat:
				if n := len(files); n != 2*200+6 {
					t.Errorf("%d files, want %d", n, 2*200+6)
				}
			}
		})
	}
}

func TestSplitPart(t *testing.T) {
	s := &Split{Train: 8, Dev: 1, Test: 1, Seed: 1}
	other := &Split{Train: 8, Dev: 1, Test: 1, Seed: 2}
	counts := map[string]int{}
	moved := 0
	for id := range uint64(10000) {
		p := s.Part(id)
		if p != s.Part(id) {
			t.Fatal("Part is not deterministic")
		}
		if p != other.Part(id) {
			moved++
		}
		counts[p]++
	}
	if counts[PartTrain] < 7800 || counts[PartTrain] > 8200 || counts[PartDev] < 900 || counts[PartDev] > 1100 {
		t.Errorf("counts %v far from 8000/1000/1000", counts)
	}
	if moved < 2000 {
		t.Errorf("another seed moved only %d of 10000 documents", moved)
	}
	if _, err := ParseSplit("80/10", 1); !errors.Is(err, annotate.ErrInvalid) {
		t.Errorf("ParseSplit(80/10): %v", err)
	}
	if _, err := ParseSplit("0/0/0", 1); !errors.Is(err, annotate.ErrInvalid) {
		t.Errorf("ParseSplit(0/0/0): %v", err)
	}
	for _, in := range []string{"80/10/10", "80,10,10"} {
		if sp, err := ParseSplit(in, 3); err != nil || *sp != (Split{80, 10, 10, 3}) {
			t.Errorf("ParseSplit(%s) = %+v, %v", in, sp, err)
		}
	}
}

func TestExportFilters(t *testing.T) {
	docs := fixture(t)
	got, rep := exportBytes(t, JSONL, docs, Options{Annotator: "sami", Statuses: []annotate.Status{annotate.StatusDone, annotate.StatusInProgress}})
	read := readAllJSONL(t, got)
	if len(read) != 2 || rep.Skipped != 1 {
		t.Fatalf("%d documents, %d skipped; want 2 and 1", len(read), rep.Skipped)
	}
	for _, d := range read {
		for _, s := range d.Spans {
			if s.Annotator != "sami" {
				t.Errorf("span of %q kept", s.Annotator)
			}
		}
	}
	// sami has spans 6 and 7 and relation 15, whose target is mona's.
	if len(read[0].Spans) != 2 || len(read[0].Relations) != 0 || len(read[1].Spans) != 2 {
		t.Errorf("kept %d+%d spans and %d relations", len(read[0].Spans), len(read[1].Spans), len(read[0].Relations))
	}
	if rep.Discarded != 9+4 {
		t.Errorf("discarded %d, want 13", rep.Discarded)
	}
	if docs[0].Spans[0].Annotator != "mona" || len(docs[0].Spans) != 11 {
		t.Error("filtering changed the caller's document")
	}
}

func TestExportFailureLeavesNothing(t *testing.T) {
	bad := fixture(t)
	bad[2] = bad[2].Clone()
	bad[2].Spans[0].End = 1000
	for _, format := range ExportFormats() {
		t.Run(format, func(t *testing.T) {
			dir := t.TempDir()
			_, err := Export(format, seq(bad), testSchema(), filepath.Join(dir, "out"), Options{})
			if !errors.Is(err, annotate.ErrOutOfRange) || !strings.Contains(err.Error(), "document 3: span 1") {
				t.Errorf("got %v, want an out-of-range error naming document 3, span 1", err)
			}
			if files := listDir(t, dir); len(files) != 0 {
				t.Errorf("left %v behind", files)
			}
		})
	}
	stop := errors.New("disk gone")
	failing := func(yield func(*annotate.Document, error) bool) {
		if yield(fixture(t)[0], nil) {
			yield(nil, stop)
		}
	}
	dir := t.TempDir()
	if _, err := Export(JSONL, failing, nil, filepath.Join(dir, "x.jsonl"), Options{}); !errors.Is(err, stop) {
		t.Errorf("got %v, want the iterator's error", err)
	}
	if files := listDir(t, dir); len(files) != 0 {
		t.Errorf("left %v behind", files)
	}
}

func TestExportArguments(t *testing.T) {
	dir := t.TempDir()
	if _, err := Export("xml", seq(nil), nil, filepath.Join(dir, "x"), Options{}); !errors.Is(err, annotate.ErrInvalid) {
		t.Errorf("unknown format: %v", err)
	}
	if _, err := Export(CoNLL, seq(nil), nil, filepath.Join(dir, "x"), Options{Scheme: "bio9"}); !errors.Is(err, annotate.ErrInvalid) {
		t.Errorf("unknown scheme: %v", err)
	}
	full := filepath.Join(dir, "full")
	if err := os.MkdirAll(filepath.Join(full, "keep"), 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := Export(Brat, seq(nil), nil, full, Options{}); !errors.Is(err, annotate.ErrInvalid) {
		t.Errorf("non-empty folder: %v", err)
	}
	twice := []*annotate.Document{fixture(t)[1], fixture(t)[1]}
	if _, err := Export(Brat, seq(twice), nil, filepath.Join(dir, "twice"), Options{}); !errors.Is(err, annotate.ErrDuplicate) {
		t.Errorf("same document twice in brat: %v", err)
	}
	var sb strings.Builder
	if _, err := ExportTo(&sb, Brat, seq(nil), nil, Options{}); !errors.Is(err, annotate.ErrInvalid) {
		t.Errorf("folder format to a stream: %v", err)
	}
}

func TestImportFolder(t *testing.T) {
	dir := t.TempDir()
	docs := fixture(t)
	if _, err := Export(JSONL, seq(docs), nil, filepath.Join(dir, "a.jsonl"), Options{}); err != nil {
		t.Fatal(err)
	}
	if _, err := Export(CoNLL, seq(docs[:1]), nil, filepath.Join(dir, "b.conll"), Options{}); err != nil {
		t.Fatal(err)
	}
	if _, err := Export(Brat, seq(docs[2:]), testSchema(), filepath.Join(dir, "brat"), Options{}); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"brat/doc000003.txt", "brat/doc000003.ann"} {
		if err := os.Rename(filepath.Join(dir, f), filepath.Join(dir, filepath.Base(f))); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.RemoveAll(filepath.Join(dir, "brat")); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "c.txt"), []byte("نص بلا تعليقات 🙂"), 0o644)
	os.WriteFile(filepath.Join(dir, "notes.md"), []byte("# ملاحظات\nليست بيانات"), 0o644)
	var files []string
	var warned []string
	n := 0
	err := Import(dir, ImportOptions{Warn: func(err error) { warned = append(warned, err.Error()) }}, func(file string, ds []*annotate.Document) error {
		files = append(files, filepath.Base(file))
		n += len(ds)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"a.jsonl", "b.conll", "c.txt", "doc000003.txt"}; !slices.Equal(files, want) {
		t.Errorf("files %v, want %v", files, want)
	}
	if n != 3+1+1+1 {
		t.Errorf("%d documents, want 6", n)
	}
	if len(warned) != 1 || !strings.Contains(warned[0], "notes.md: skipped") {
		t.Errorf("warnings %q", warned)
	}
	// A bad file stops the import with its name and line.
	os.WriteFile(filepath.Join(dir, "d.jsonl"), []byte("{\"id\":9,\"text\":\"x\"}\n{\"id\":9}\n"), 0o644)
	err = Import(dir, ImportOptions{}, func(string, []*annotate.Document) error { return nil })
	var le *LineError
	if !errors.As(err, &le) || filepath.Base(le.File) != "d.jsonl" || le.Line != 2 {
		t.Errorf("got %v, want d.jsonl:2", err)
	}
}

func FuzzDetect(f *testing.F) {
	f.Add("a.jsonl", []byte(`{"text":"كَتَبَ 🙂","entities":[[0,6,"X"]]}`))
	f.Add("a.data", []byte("كَتَبَ O\n🙂 B-X\n"))
	f.Add("a.json", []byte("[{\"data\":{"))
	f.Add("a.txt", []byte("\ufeff\u200eسمير\tB-PERS\r\nقال\tO\r\n"))
	f.Add("a.jsonl", []byte(`{"text":"x","entities":[]}`+"\n"+`{"text":"y","label":[[0,1,"A"]]}`))
	f.Add("a.json", []byte(`["O","B-X"]`))
	f.Add("a.conll", []byte(`{"tokens":["x"],"ner_tags":[0]}`))
	f.Fuzz(func(t *testing.T, name string, head []byte) {
		d, err := Sniff(name, head)
		switch {
		case err == nil && !slices.Contains(ExportFormats(), d.Format):
			t.Fatalf("Sniff named an unknown format %q", d.Format)
		case err == nil && (d.Confidence < ByName || d.Confidence > ByMagic):
			t.Fatalf("Sniff gave confidence %d", d.Confidence)
		case err != nil && !errors.Is(err, ErrFormat):
			t.Fatalf("Sniff: %v is not an ErrFormat error", err)
		}
	})
}

func TestDetect(t *testing.T) {
	tests := []struct {
		name, head, want string
	}{
		{"a.ann", "", Brat},
		{"a.txt", "", Brat},
		{"a.iob", "", CoNLL},
		{"a.parquet", "", Parquet},
		{"a.bin", "PAR1....", Parquet},
		{"a.json", " \n[{\"data\":{\"text\":\"x\"}}]", LabelStudio},
		{"a.jsonl", `{"id":1,"title":"t","text":"x"`, JSONL},
		{"a.jsonl", `{"text":"x","entities":[[0,1,"A"]]}`, SpaCy},
		{"a.jsonl", `{"text":"x","entities":[{"id":1}],"relations":[]}`, Doccano},
		{"a.jsonl", `{"text":"x","label":[[0,1,"A"]]}`, Doccano},
		{"a.jsonl", `{"id":"1-0","tokens":["x"],"ner_tags":[0]}`, HF},
		{"a.data", "كَتَبَ O\n🙂 B-X\n", CoNLL},
	}
	for _, tt := range tests {
		if got, err := Detect(tt.name, []byte(tt.head)); err != nil || got != tt.want {
			t.Errorf("Detect(%q, %q) = %q, %v; want %q", tt.name, tt.head, got, err, tt.want)
		}
	}
	for _, head := range []string{"", "hello world", "{\"x\":1}"} {
		if _, err := Detect("a.data", []byte(head)); !errors.Is(err, ErrFormat) {
			t.Errorf("Detect(%q): %v, want ErrFormat", head, err)
		}
	}
}
