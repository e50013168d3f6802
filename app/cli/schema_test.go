package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"alama/annotate"
)

func TestSchemaCommand(t *testing.T) {
	isolate(t)
	dir := t.TempDir()
	proj := filepath.Join(dir, "p.alama")
	mustCLI(t, "import", "-project", proj, filepath.Join("testdata", "string-ids.jsonl"))
	steps := []struct {
		args []string
		code int
		out  string // in stdout (code 0) or stderr
	}{
		{[]string{"add-label", "PER", "-color", "#00ff00", "-key", "9"}, 0, "added label PER"},
		{[]string{"add-label", "DATE"}, 0, "added label DATE"}, // the name of a relation type too
		{[]string{"add-label", "PER"}, 1, "exists already"},
		{[]string{"rename-label", "ACTOR", "PERSON"}, 0, "renamed label ACTOR to PERSON"},
		{[]string{"-from", "PERSON", "add-relation", "NEAR", "-to", "LOCATION,PERSON"}, 0, "added relation type NEAR"},
		{[]string{"rename-relation", "NEAR", "CLOSE_TO"}, 0, "renamed relation type NEAR to CLOSE_TO"},
		{[]string{"delete-relation", "CLAIMED_BY"}, 1, "in use"},
		{[]string{"delete-label", "EVENT"}, 1, ""}, // named alone by relation types
		{[]string{"delete-label", "PER"}, 0, "deleted label PER"},
		{[]string{"rename-label", "ACTOR"}, 2, "want 2 name(s)"},
		{[]string{"merge-label", "X"}, 2, "unknown action"},
	}
	for _, st := range steps {
		t.Run(strings.Join(st.args, " "), func(t *testing.T) {
			code, out, errOut := cli(t, append([]string{"schema", "-project", proj}, st.args...)...)
			if code != st.code {
				t.Fatalf("exit %d, want %d\n%s%s", code, st.code, out, errOut)
			}
			if got := map[bool]string{true: out, false: errOut}[code == 0]; !strings.Contains(got, st.out) {
				t.Errorf("output %q lacks %q", got, st.out)
			}
		})
	}
	var s annotate.Schema
	if err := json.Unmarshal([]byte(mustCLI(t, "schema", "-project", proj)), &s); err != nil {
		t.Fatal(err)
	}
	if _, ok := s.Label("PERSON"); !ok {
		t.Error("PERSON missing")
	}
	if r, ok := s.RelationType("CLOSE_TO"); !ok || strings.Join(r.To, ",") != "LOCATION,PERSON" {
		t.Errorf("CLOSE_TO %+v", r)
	}
	// The spans were relabelled with the rename, relations still allowed.
	out := mustCLI(t, "export", "-project", proj, "-o", "-")
	if strings.Contains(out, `"label":"ACTOR"`) || !strings.Contains(out, `"label":"PERSON"`) {
		t.Errorf("export after the rename:\n%s", out)
	}
	mustCLI(t, "check", "-project", proj)

	// -export then -import into another project.
	file := filepath.Join(dir, "schema.json")
	mustCLI(t, "schema", "-project", proj, "-export", file)
	other := filepath.Join(dir, "other.alama")
	mustCLI(t, "schema", "-project", other, "-import", file)
	if a, b := mustCLI(t, "schema", "-project", proj), mustCLI(t, "schema", "-project", other); a != b {
		t.Errorf("imported schema differs:\n%s\n%s", a, b)
	}
	// A schema that drops a label in use is refused.
	data, _ := os.ReadFile(file)
	if err := os.WriteFile(file, []byte(strings.Replace(string(data), `"PERSON"`, `"SOMEONE"`, -1)), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := cli(t, "schema", "-project", proj, "-import", file); code != 1 || !strings.Contains(errOut, "in use") {
		t.Errorf("exit %d: %s", code, errOut)
	}
}

// TestImportAddLabels: a corpus with its own labels is refused with every
// unknown label and the line of its first use, then taken in whole with
// -add-labels, its repairs reported.
func TestImportAddLabels(t *testing.T) {
	isolate(t)
	dir := t.TempDir()
	proj := filepath.Join(dir, "p.alama")
	src := filepath.Join("..", "..", "testdata", "newsfane", "newsfane-slice.txt")
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	corpus := filepath.Join(dir, "newsfane.conll")
	if err := os.WriteFile(corpus, data, 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := cli(t, "import", "-project", proj, corpus)
	if code != 1 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		corpus + `:1: label "Population-Center": unknown label`,
		corpus + `:3: label "Media": unknown label`,
		"-add-labels",
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("errors lack %q:\n%s", want, errOut)
		}
	}
	if n := strings.Count(errOut, "unknown label"); n != 29 {
		t.Errorf("%d unknown labels listed, want the slice's 29", n)
	}
	out := mustCLI(t, "import", "-add-labels", "-project", proj, corpus)
	for _, want := range []string{
		"imported 1 document", "1 byte order mark dropped", "CRLF line ends read as LF",
		"250 lines of only spaces or tabs read as sentence breaks", "schema: 29 labels added: Population-Center, Media,",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	exported := filepath.Join(dir, "out.conll")
	mustCLI(t, "export", "-project", proj, "-format", "conll", "-o", exported)
	got, _ := os.ReadFile(exported)
	// The same tokens and tags, line for line (the slice is IOB2 already).
	want := strings.ReplaceAll(strings.TrimPrefix(string(data), "\uFEFF"), "\r\n", "\n")
	want = strings.ReplaceAll(strings.ReplaceAll(want, "\t\n", "\n"), "\t", " ")
	if strings.TrimSpace(string(got)) != strings.TrimSpace(want) {
		t.Error("the CoNLL export differs from the file imported")
	}
}
