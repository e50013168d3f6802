package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"alama/store"
)

// importSet is the folder the window's import and the command line's
// must take in alike; importSetGolden holds what both must make of it.
var (
	importSet       = filepath.Join("..", "..", "testdata", "importset")
	importSetGolden = filepath.Join("..", "..", "testdata", "importset.golden")
)

// TestImportSameAsWindow imports the shared folder (nested folders, a
// UTF-16 article, a duplicate, broken files) with the import command and
// compares the documents and the report with the window's, kept in
// importSetGolden by the window's test of the same name.
func TestImportSameAsWindow(t *testing.T) {
	isolate(t)
	project := filepath.Join(t.TempDir(), "p.alama")
	code, out, errOut := cli(t, "import", "-project", project, importSet)
	if code != 1 {
		t.Errorf("exit %d, want 1 for the broken files", code)
	}
	m := regexp.MustCompile(`^imported ([\d,]+) documents? from [\d,]+ files? into [^;\n]*(?:; ([\d,]+) already there, skipped)?\n$`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("stdout %q", out)
	}
	skipped := m[2]
	if skipped == "" {
		skipped = "0"
	}
	var problems []string
	for _, line := range strings.Split(strings.TrimSuffix(errOut, "\n"), "\n") {
		if !strings.Contains(line, ": skipped: ") && !strings.HasPrefix(line, "alama import: ") {
			problems = append(problems, line)
		}
	}
	p, err := store.Open(project, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	var b strings.Builder
	fmt.Fprintf(&b, "added %s\nskipped %s\nnot imported:\n", m[1], skipped)
	for _, l := range problems {
		fmt.Fprintf(&b, "  %s\n", l)
	}
	b.WriteString("documents:\n")
	for d, err := range p.All() {
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "  %d %q %q\n", d.ID, d.Title, d.Text)
		for _, s := range d.Spans {
			fmt.Fprintf(&b, "    %d-%d %s %s %q\n", s.Start, s.End, s.Label, s.Annotator, string([]rune(d.Text)[s.Start:s.End]))
		}
	}
	if *update {
		if err := os.WriteFile(importSetGolden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(importSetGolden)
	if err != nil {
		t.Fatal(err)
	}
	if b.String() != string(want) {
		t.Errorf("the command line imported\n%s\nthe window (%s)\n%s", b.String(), importSetGolden, want)
	}
}

func TestImportExportRoundTrip(t *testing.T) {
	isolate(t)
	dir := t.TempDir()
	first, second := filepath.Join(dir, "first.alama"), filepath.Join(dir, "second.alama")
	exported := filepath.Join(dir, "first.jsonl")
	mustCLI(t, "import", "-project", first, filepath.Join("testdata", "annotated.jsonl"))
	mustCLI(t, "export", "-project", first, "-format", "jsonl", "-o", exported)
	a, err := os.ReadFile(exported)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "annotated.jsonl", string(a))

	mustCLI(t, "import", "-project", second, exported)
	b := mustCLI(t, "export", "-project", second, "-o", "-")
	if b != string(a) {
		t.Errorf("second export differs from the first:\n%s\n%s", b, a)
	}
}

func TestImportBadInputLeavesProjectUnchanged(t *testing.T) {
	good, err := os.ReadFile(filepath.Join("testdata", "annotated.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(good), "\n")
	tests := []struct {
		name    string
		file    string
		content string
		want    string // the start of the report
		reason  string
	}{
		{"invalid UTF-8", "bad.txt", "سطرٌ أول\nسطرٌ \xff ثانٍ\n", "bad.txt:2:", "UTF-8"},
		{"NUL bytes", "bad.txt", "نصٌّ\x00ثنائي", "bad.txt:1:", "NUL"},
		{"empty text file", "bad.txt", "\n\n", "bad.txt:", "empty text"},
		{"malformed JSON line", "bad.jsonl", lines[0] + `{"id":3,"title":` + "\n", "bad.jsonl:2:", ""},
		{"span out of range", "bad.jsonl", strings.Replace(lines[0], `"start":77,"end":90`, `"start":77,"end":95`, 1), "bad.jsonl:1:", ""},
		{"span off a grapheme boundary", "bad.jsonl", strings.Replace(lines[0], `"start":7,"end":15,"label":"ACTOR","text":"المراسلُ"`, `"start":7,"end":14,"label":"ACTOR"`, 1), "bad.jsonl:1:", ""},
		{"unknown label", "bad.jsonl", lines[0] + strings.Replace(lines[1], `"label":"EVENT"`, `"label":"PERSON"`, 1), "bad.jsonl:2:", "unknown label"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			isolate(t)
			dir := t.TempDir()
			project := filepath.Join(dir, "p.alama")
			mustCLI(t, "import", "-project", project, filepath.Join("testdata", "articles", "01-port.txt"))
			before := mustCLI(t, "export", "-project", project)

			bad := filepath.Join(dir, tt.file)
			if err := os.WriteFile(bad, []byte(tt.content), 0o644); err != nil {
				t.Fatal(err)
			}
			code, _, errOut := cli(t, "import", "-project", project, bad)
			if code == 0 {
				t.Error("exit status 0")
			}
			if !strings.HasPrefix(errOut, filepath.Join(dir, tt.want)) || !strings.Contains(errOut, tt.reason) {
				t.Errorf("report %q, want it to start with %q and mention %q", errOut, tt.want, tt.reason)
			}
			if after := mustCLI(t, "export", "-project", project); after != before {
				t.Errorf("project changed:\n%s", after)
			}
		})
	}
}

func TestImportFolderGoodFilesStillImport(t *testing.T) {
	isolate(t)
	dir := t.TempDir()
	src := filepath.Join(dir, "in")
	if err := os.MkdirAll(src, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, content := range map[string]string{
		"a.txt":   "خبرٌ أول\nنصّ الخبر الأول 🙂.",
		"b.txt":   "خبرٌ \xff تالف",
		"c.jsonl": "not json\n",
		"d.txt":   "خبرٌ ثالث\nنصّ الخبر الثالث.",
	} {
		if err := os.WriteFile(filepath.Join(src, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	project := filepath.Join(dir, "p.alama")
	code, out, errOut := cli(t, "import", "-project", project, src)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	if !strings.Contains(errOut, "b.txt:1:") || !strings.Contains(errOut, "c.jsonl:1:") || !strings.Contains(errOut, "2 of 4 files not imported") {
		t.Errorf("stderr %q", errOut)
	}
	if !strings.Contains(out, "imported 2 documents") {
		t.Errorf("stdout %q", out)
	}
	list := mustCLI(t, "list", "-project", project)
	if !strings.Contains(list, "خبرٌ أول") || !strings.Contains(list, "خبرٌ ثالث") {
		t.Errorf("list:\n%s", list)
	}
}

func TestImportDuplicateSkipped(t *testing.T) {
	isolate(t)
	project := filepath.Join(t.TempDir(), "p.alama")
	file := filepath.Join("testdata", "articles", "02-bread.txt")
	mustCLI(t, "import", "-project", project, file)
	code, out, errOut := cli(t, "import", "-project", project, file)
	if code != 0 {
		t.Errorf("exit %d", code)
	}
	if !strings.Contains(errOut, file+": skipped") || !strings.Contains(out, "imported 0 documents") || !strings.Contains(out, "1 already there") {
		t.Errorf("stdout %q stderr %q", out, errOut)
	}
	if n := strings.Count(mustCLI(t, "list", "-project", project, "-json"), "\n"); n != 1 {
		t.Errorf("%d documents, want 1", n)
	}
}

func TestImportOtherFormats(t *testing.T) {
	project := loaded(t)
	dir := t.TempDir()
	mustCLI(t, "export", "-project", project, "-format", "brat", "-o", filepath.Join(dir, "brat"))
	mustCLI(t, "export", "-project", project, "-format", "doccano", "-o", filepath.Join(dir, "doccano.jsonl"))
	for _, src := range []string{"brat", "doccano.jsonl"} {
		t.Run(src, func(t *testing.T) {
			target := filepath.Join(dir, src+".alama")
			mustCLI(t, "import", "-project", target, "-annotator", "rana", filepath.Join(dir, src))
			st := mustCLI(t, "stats", "-project", target, "-json")
			if !strings.Contains(st, `"documents": 5`) || !strings.Contains(st, `"ACTOR": 4`) {
				t.Errorf("stats after importing %s:\n%s", src, st)
			}
		})
	}
}

// TestImportJSONLInBatches imports an Alama JSONL file a few documents a
// transaction and checks that it is still all or nothing: a bad last line,
// found when parsing or only when the project checks its span, leaves the
// project as it was.
func TestImportJSONLInBatches(t *testing.T) {
	old := importOptions
	importOptions.BatchDocs = 2
	t.Cleanup(func() { importOptions = old })
	var good []string
	for i := range 7 {
		line, err := json.Marshal(map[string]any{
			"id":    i + 1,
			"title": fmt.Sprintf("خبر %d", i+1),
			"text":  fmt.Sprintf("أعلنت البلدية 🙂 اليوم خطةً رقم %d لتنظيف الشوارع.", i+1),
			"spans": []map[string]any{{"id": 1, "start": 6, "end": 13, "label": "ACTOR"}},
		})
		if err != nil {
			t.Fatal(err)
		}
		good = append(good, string(line)+"\n")
	}
	tests := []struct {
		name    string
		last    string // replaces the seventh line
		wantErr string // the start of the report after the folder; "" for none
	}{
		{"every batch", good[6], ""},
		{"unknown label on the last line", strings.Replace(good[6], `"ACTOR"`, `"PERSON"`, 1), "in.jsonl:7:"},
		{"malformed last line", `{"id":7,"title":"خبر 7","text":` + "\n", "in.jsonl:7:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			isolate(t)
			dir := t.TempDir()
			project := filepath.Join(dir, "p.alama")
			mustCLI(t, "import", "-project", project, filepath.Join("testdata", "articles", "01-port.txt"))
			before := mustCLI(t, "export", "-project", project)
			in := filepath.Join(dir, "in.jsonl")
			if err := os.WriteFile(in, []byte(strings.Join(good[:6], "")+tt.last), 0o644); err != nil {
				t.Fatal(err)
			}
			code, _, errOut := cli(t, "import", "-project", project, in)
			after := mustCLI(t, "export", "-project", project)
			if tt.wantErr == "" {
				if code != 0 || errOut != "" {
					t.Fatalf("exit %d: %s", code, errOut)
				}
				if n := strings.Count(after, "\n"); n != 8 {
					t.Errorf("%d documents after the import, want 8", n)
				}
				mustCLI(t, "check", "-project", project)
				return
			}
			if code == 0 || !strings.HasPrefix(errOut, filepath.Join(dir, tt.wantErr)) {
				t.Errorf("exit %d, report %q, want it to start with %q", code, errOut, tt.wantErr)
			}
			if after != before {
				t.Errorf("project changed:\n%s", after)
			}
			mustCLI(t, "check", "-project", project)
		})
	}
}

// TestImportSuggestionsIntoExistingDocuments imports a model's predictions
// as spaCy lines with -suggested: the document the project has gets them
// as suggestions in the model's layer, a new one is added, and importing
// the same file again adds nothing.
func TestImportSuggestionsIntoExistingDocuments(t *testing.T) {
	isolate(t)
	dir := t.TempDir()
	project := filepath.Join(dir, "p.alama")
	article := filepath.Join("testdata", "articles", "01-port.txt")
	mustCLI(t, "import", "-project", project, article)
	var doc struct {
		Text  string            `json:"text"`
		Spans []json.RawMessage `json:"spans"`
	}
	if err := json.Unmarshal([]byte(strings.SplitN(mustCLI(t, "export", "-project", project), "\n", 2)[0]), &doc); err != nil {
		t.Fatal(err)
	}
	first := strings.Fields(doc.Text)[0]
	end := len([]rune(first))
	preds := filepath.Join(dir, "preds.jsonl")
	lines := fmt.Sprintf(`{"text":%q,"entities":[[0,%d,"ACTOR"]]}`+"\n"+`{"text":"خبرٌ جديد 🙂 عن الميناء.","entities":[[0,4,"EVENT"]]}`+"\n", doc.Text, end)
	if err := os.WriteFile(preds, []byte(lines), 0o644); err != nil {
		t.Fatal(err)
	}
	out := mustCLI(t, "import", "-project", project, "-suggested", "-annotator", "model", preds)
	if !strings.Contains(out, "imported 1 document") || !strings.Contains(out, "1 suggestion added to 1 document already there") {
		t.Errorf("import said %q", out)
	}
	exported := mustCLI(t, "export", "-project", project)
	if strings.Count(exported, "\n") != 2 || !strings.Contains(exported, `"annotator":"model"`) {
		t.Errorf("after the predictions:\n%s", exported)
	}
	if out := mustCLI(t, "import", "-project", project, "-suggested", "-annotator", "model", preds); !strings.Contains(out, "0 suggestions added") {
		t.Errorf("again: %q", out)
	}
	// Alama JSONL takes the same path with -suggested.
	again := filepath.Join(dir, "again.jsonl")
	if err := os.WriteFile(again, []byte(strings.ReplaceAll(exported, `"annotator":"model"`, `"annotator":"model2"`)), 0o644); err != nil {
		t.Fatal(err)
	}
	if out := mustCLI(t, "import", "-project", project, "-suggested", again); !strings.Contains(out, "2 suggestions added to 2 documents already there") {
		t.Errorf("JSONL predictions: %q", out)
	}
	mustCLI(t, "check", "-project", project)
}
