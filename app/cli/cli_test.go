package cli

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"alama/assets"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// cli runs the command line with args and returns the exit status and
// what it wrote. The default project lives in a temporary folder.
func cli(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	return cliClock(t, time.Now, args...)
}

func cliClock(t *testing.T, now func() time.Time, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(&env{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut, now: now}, args)
	return code, out.String(), errOut.String()
}

// isolate points the default project at a fresh temporary folder.
func isolate(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	t.Setenv("XDG_DATA_HOME", dir)
	t.Setenv("HOME", dir)
	return dir
}

// mustCLI runs the command line and fails the test unless it succeeds.
func mustCLI(t *testing.T, args ...string) string {
	t.Helper()
	code, out, errOut := cli(t, args...)
	if code != 0 {
		t.Fatalf("alama %s: exit %d\n%s", strings.Join(args, " "), code, errOut)
	}
	return out
}

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("%s differs:\n got %s\nwant %s", name, got, want)
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

// loaded returns a project holding the annotated fixture and the articles.
func loaded(t *testing.T) string {
	t.Helper()
	isolate(t)
	project := filepath.Join(t.TempDir(), "p.alama")
	mustCLI(t, "import", "-project", project, filepath.Join("testdata", "annotated.jsonl"), filepath.Join("testdata", "articles"))
	return project
}

func TestListStatsCheckOutput(t *testing.T) {
	project := loaded(t)
	tests := []struct {
		golden string
		args   []string
	}{
		{"list.golden", []string{"list"}},
		{"list-json.golden", []string{"list", "-json"}},
		{"stats.golden", []string{"stats"}},
		{"stats-json.golden", []string{"stats", "-json"}},
		{"check.golden", []string{"check"}},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			out := mustCLI(t, append(tt.args, "-project", project)...)
			golden(t, tt.golden, strings.ReplaceAll(out, project, "PROJECT"))
		})
	}
}

func TestCheckReportsViolation(t *testing.T) {
	project := loaded(t)
	db, err := bolt.Open(project, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		k := binary.BigEndian.AppendUint64(binary.BigEndian.AppendUint64(nil, 1), 99)
		return tx.Bucket([]byte("spans")).Put(k, []byte(`{"v":1,"start":0,"end":6,"label":"NOPE"}`))
	})
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
	code, out, errOut := cli(t, "check", "-project", project)
	if code != 1 || !strings.Contains(out, `label "NOPE"`) || !strings.Contains(errOut, "problems found") {
		t.Errorf("check: exit %d\n%s\n%s", code, out, errOut)
	}
}

func TestDefaultProjectIsSeededOnce(t *testing.T) {
	dir := isolate(t)
	samples, err := fs.Glob(assets.Samples, "samples/*.txt")
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		out := mustCLI(t, "list", "-json")
		if n := strings.Count(out, "\n"); n != len(samples) {
			t.Errorf("default project has %d documents, want the %d samples", n, len(samples))
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "alama", "default.alama")); err != nil {
		t.Errorf("default project not where expected: %v", err)
	}
}

func TestCommandLineUsage(t *testing.T) {
	tests := []struct {
		args []string
		code int
		want string // in stdout or stderr
	}{
		{[]string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{[]string{"help"}, 0, "import [-project FILE]"},
		{[]string{"-h"}, 0, "usage: alama"},
		{[]string{"import"}, 2, "usage: alama import"},
		{[]string{"list", "-h"}, 0, "-json"},
		{[]string{"list", "-bogus"}, 2, "flag provided but not defined"},
		{[]string{"export", "-format", "docx"}, 1, `unknown format "docx"`},
		{[]string{"export", "-project", "missing.alama"}, 1, "missing.alama does not exist"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			isolate(t)
			code, out, errOut := cli(t, tt.args...)
			if code != tt.code || !strings.Contains(out+errOut, tt.want) {
				t.Errorf("exit %d, want %d; output %q, want %q in it", code, tt.code, out+errOut, tt.want)
			}
		})
	}
}

func TestProgressEverySecond(t *testing.T) {
	isolate(t)
	project := filepath.Join(t.TempDir(), "p.alama")
	t0 := time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)
	now := t0
	clock := func() time.Time {
		now = now.Add(700 * time.Millisecond)
		return now
	}
	code, _, errOut := cliClock(t, clock, "import", "-project", project, filepath.Join("testdata", "articles"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(errOut, "imported 2/3 files\n") || strings.Contains(errOut, "imported 1/3") {
		t.Errorf("progress %q", errOut)
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 7: "7", 999: "999", 1000: "1,000", 4210: "4,210", 10000: "10,000", 1234567: "1,234,567", -1500: "-1,500"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
	for n, want := range map[int]string{0: "0 files", 1: "1 file", 2: "2 files", 4210: "4,210 files"} {
		if got := counted(n, "file"); got != want {
			t.Errorf("counted(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestExportOtherFormats(t *testing.T) {
	project := loaded(t)
	dir := t.TempDir()
	tests := []struct {
		name  string
		args  []string
		check func(t *testing.T, stdout string)
	}{
		{"conll to standard output", []string{"-format", "conll"}, func(t *testing.T, out string) {
			if !strings.Contains(out, "B-ACTOR") {
				t.Errorf("no B-ACTOR tag in\n%s", out)
			}
		}},
		{"brat folder", []string{"-format", "brat", "-o", filepath.Join(dir, "brat")}, func(t *testing.T, _ string) {
			anns, _ := filepath.Glob(filepath.Join(dir, "brat", "*.ann"))
			if len(anns) != 5 || !exists(filepath.Join(dir, "brat", "annotation.conf")) {
				t.Errorf("brat folder holds %v", anns)
			}
		}},
		{"split jsonl", []string{"-split", "60/20/20", "-o", filepath.Join(dir, "corpus.jsonl")}, func(t *testing.T, _ string) {
			for _, part := range []string{"train", "dev", "test"} {
				if !exists(filepath.Join(dir, "corpus."+part+".jsonl")) {
					t.Errorf("no %s part", part)
				}
			}
		}},
		{"only done documents", []string{"-status", "done"}, func(t *testing.T, out string) {
			if n := strings.Count(out, "\n"); n != 1 {
				t.Errorf("%d documents written, want 1", n)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := cli(t, append([]string{"export", "-project", project}, tt.args...)...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			if !strings.Contains(errOut, "exported ") {
				t.Errorf("no report on stderr: %q", errOut)
			}
			tt.check(t, out)
		})
	}
	if code, _, errOut := cli(t, "export", "-project", project, "-status", "finished"); code != 1 || !strings.Contains(errOut, `"finished"`) {
		t.Errorf("bad -status: exit %d, %q", code, errOut)
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

// TestQuietUnderCLocale runs a command in a process whose locale is
// C.UTF-8, which Fyne cannot parse by itself, and expects nothing on
// stderr.
func TestQuietUnderCLocale(t *testing.T) {
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANGUAGE"} {
		t.Setenv(name, "")
	}
	t.Setenv("LANG", "C.UTF-8")
	code, _, stderr := cliProcess(t, "help")
	if code != 0 || stderr != "" {
		t.Errorf("help under LANG=C.UTF-8: exit %d, stderr %q", code, stderr)
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

func TestDeleteDocuments(t *testing.T) {
	isolate(t)
	project := filepath.Join(t.TempDir(), "p.alama")
	mustCLI(t, "import", "-project", project, filepath.Join("testdata", "articles"))
	before := mustCLI(t, "export", "-project", project)
	for _, args := range [][]string{{"2", "999"}, {"2", "x"}, {"0"}} {
		code, _, errOut := cli(t, append([]string{"delete", "-project", project}, args...)...)
		if code == 0 || errOut == "" {
			t.Errorf("delete %v: exit %d, %q", args, code, errOut)
		}
		if after := mustCLI(t, "export", "-project", project); after != before {
			t.Errorf("delete %v changed the project", args)
		}
	}
	if out := mustCLI(t, "delete", "-project", project, "2"); !strings.HasPrefix(out, "deleted 1 document from") {
		t.Errorf("delete said %q", out)
	}
	list := mustCLI(t, "list", "-project", project, "-json")
	if strings.Contains(list, `"id":2,`) || strings.Count(list, "\n") != strings.Count(before, "\n")-1 {
		t.Errorf("list after deleting document 2:\n%s", list)
	}
	mustCLI(t, "check", "-project", project)
}

// TestWebAnnoFolderRoundTrip exports WebAnno TSV and imports the folder
// into a new project: the spans and relations come back.
func TestWebAnnoFolderRoundTrip(t *testing.T) {
	isolate(t)
	dir := t.TempDir()
	a, b, out := filepath.Join(dir, "a.alama"), filepath.Join(dir, "b.alama"), filepath.Join(dir, "tsv")
	mustCLI(t, "import", "-project", a, filepath.Join("testdata", "annotated.jsonl"))
	mustCLI(t, "export", "-project", a, "-format", "webanno", "-o", out)
	mustCLI(t, "import", "-project", b, out)
	count := func(p string) string {
		var sums []string
		for _, line := range strings.Split(mustCLI(t, "list", "-project", p), "\n")[1:] {
			if f := strings.Fields(line); len(f) >= 5 {
				sums = append(sums, f[3]+"/"+f[4])
			}
		}
		return strings.Join(sums, " ")
	}
	if got, want := count(b), count(a); got != want || want == "" {
		t.Errorf("spans/relations per document after the round trip: %s, want %s", got, want)
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

func exists(name string) bool {
	_, err := os.Stat(name)
	return err == nil
}
