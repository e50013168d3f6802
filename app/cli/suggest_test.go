package cli

import (
	"encoding/json"
	"strings"
	"testing"
)

// docSpans returns "text/label/annotator" of the spans of document id in
// an export of project, with * after a suggestion.
func docSpans(t *testing.T, project string, id int) []string {
	t.Helper()
	var out []string
	for _, line := range strings.Split(strings.TrimSpace(mustCLI(t, "export", "-project", project)), "\n") {
		var d struct {
			ID    int `json:"id"`
			Spans []struct {
				Text, Label, Annotator string
				Suggested              bool
			} `json:"spans"`
		}
		if err := json.Unmarshal([]byte(line), &d); err != nil {
			t.Fatal(err)
		}
		if d.ID != id {
			continue
		}
		for _, s := range d.Spans {
			x := s.Text + "/" + s.Label + "/" + s.Annotator
			if s.Suggested {
				x += "*"
			}
			out = append(out, x)
		}
	}
	return out
}

func TestSuggest(t *testing.T) {
	project := learnProject(t)
	if code, _, errOut := cli(t, "suggest", "-project", project); code != 1 || !strings.Contains(errOut, "no trained model") {
		t.Fatalf("before training: exit %d, %q", code, errOut)
	}
	mustCLI(t, "train", "-project", project)
	tests := []struct {
		name string
		args []string
		out  string
		doc9 string
	}{
		{"unsure left out", []string{"-min-confidence", "1"}, "0 suggestions added to 0 documents in layer model; 2 below confidence 1; 9 documents left alone, being done", ""},
		{"all not done", nil, "2 suggestions added to 1 document in layer model; 9 documents left alone, being done",
			"سارة حسن/ACTOR/model* تونس/LOCATION/model*"},
		{"never twice", []string{"-doc", "9"}, "0 suggestions added to 0 documents in layer model; 2 already there", "سارة حسن/ACTOR/model* تونس/LOCATION/model*"},
		{"a done document", []string{"-doc", "10"}, "0 suggestions added to 0 documents in layer model; 1 document left alone, being done", "سارة حسن/ACTOR/model* تونس/LOCATION/model*"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := mustCLI(t, append([]string{"suggest", "-project", project}, tc.args...)...)
			if strings.TrimSpace(out) != tc.out {
				t.Errorf("said %q, want %q", strings.TrimSpace(out), tc.out)
			}
			if got := strings.Join(docSpans(t, project, 9), " "); got != tc.doc9 {
				t.Errorf("document 9: %q, want %q", got, tc.doc9)
			}
			if got := docSpans(t, project, 10); len(got) != 0 {
				t.Errorf("done document 10 has spans %v", got)
			}
		})
	}
	if code, _, errOut := cli(t, "suggest", "-project", project, "-doc", "99"); code != 1 || !strings.Contains(errOut, "document 99") {
		t.Errorf("unknown document: exit %d, %q", code, errOut)
	}
	mustCLI(t, "check", "-project", project)
}
