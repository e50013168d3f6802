package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestImportFormatFlag: a CoNLL file named .txt is refused with a message
// naming the file and -format; -format conll imports its spans and
// -format text takes it as one article.
func TestImportFormatFlag(t *testing.T) {
	dir := isolate(t)
	path := filepath.Join(dir, "corpus.txt")
	if err := os.WriteFile(path, []byte("سمير B-ACTOR\nقال O\n\nكَتَبَ O\n🙂 B-LOCATION\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	project := filepath.Join(dir, "p.alama")
	code, _, stderr := cli(t, "import", "-project", project, path)
	if code == 0 || !strings.Contains(stderr, path+": looks like conll") || !strings.Contains(stderr, "-format conll") {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	if out := mustCLI(t, "stats", "-project", project, "-json"); !strings.Contains(out, `"documents": 0`) {
		t.Errorf("the refused file changed the project:\n%s", out)
	}
	mustCLI(t, "import", "-project", project, "-format", "conll", path)
	out := mustCLI(t, "stats", "-project", project, "-json")
	if !strings.Contains(out, `"documents": 1`) || !strings.Contains(out, `"ACTOR": 1`) || !strings.Contains(out, `"LOCATION": 1`) {
		t.Errorf("after -format conll:\n%s", out)
	}
	text := filepath.Join(dir, "text.alama")
	mustCLI(t, "import", "-project", text, "-format", "text", path)
	if out := mustCLI(t, "stats", "-project", text, "-json"); !strings.Contains(out, `"documents": 1`) || strings.Contains(out, `"ACTOR": 1`) {
		t.Errorf("after -format text:\n%s", out)
	}
	if code, _, stderr := cli(t, "import", "-project", text, "-format", "nope", path); code == 0 || !strings.Contains(stderr, "unknown format") {
		t.Errorf("-format nope: exit %d, %q", code, stderr)
	}
}

// TestImportHF exports a project to hf and imports the folder into a new
// project: the tagged spans come back.
func TestImportHF(t *testing.T) {
	project := loaded(t)
	dir := t.TempDir()
	mustCLI(t, "export", "-project", project, "-format", "hf", "-o", filepath.Join(dir, "hf"))
	target := filepath.Join(dir, "back.alama")
	mustCLI(t, "import", "-project", target, filepath.Join(dir, "hf"))
	st := mustCLI(t, "stats", "-project", target, "-json")
	if !strings.Contains(st, `"documents": 5`) || !strings.Contains(st, `"ACTOR": 4`) {
		t.Errorf("stats after importing hf:\n%s", st)
	}
}

// TestLabelStudioOffsetsFlag exports Label Studio tasks with UTF-16
// offsets and the labeling configuration, and imports them back with
// -offsets utf16.
func TestLabelStudioOffsetsFlag(t *testing.T) {
	project := loaded(t)
	dir := t.TempDir()
	tasks := filepath.Join(dir, "tasks.json")
	if code, _, stderr := cli(t, "export", "-project", project, "-format", "labelstudio", "-offsets", "utf16", "-o", tasks); code != 0 || !strings.Contains(stderr, filepath.Join(dir, "tasks.config.xml")) {
		t.Errorf("exit %d; the report names no labeling configuration:\n%s", code, stderr)
	}
	target := filepath.Join(dir, "back.alama")
	mustCLI(t, "import", "-project", target, "-offsets", "utf16", tasks)
	st := mustCLI(t, "stats", "-project", target, "-json")
	if !strings.Contains(st, `"documents": 5`) || !strings.Contains(st, `"ACTOR": 4`) {
		t.Errorf("stats after importing:\n%s", st)
	}
	if code, _, stderr := cli(t, "export", "-project", project, "-format", "spacy", "-offsets", "utf16", "-o", filepath.Join(dir, "x.jsonl")); code == 0 || !strings.Contains(stderr, "UTF-16") {
		t.Errorf("spacy -offsets utf16: exit %d, %q", code, stderr)
	}
}
