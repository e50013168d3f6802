package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// learnProject makes a project of eight done reports whose gold layer
// marks the same people and places, a new report and a done one to
// suggest on (ids 9 and 10), and returns its path.
func learnProject(t *testing.T) string {
	t.Helper()
	isolate(t)
	dir := t.TempDir()
	people := []string{"محمد علي", "سارة حسن", "أحمد يوسف", "ليلى خالد"}
	places := []string{"القاهرة", "بيروت", "عمّان", "تونس"}
	type span struct {
		ID        int    `json:"id"`
		Start     int    `json:"start"`
		End       int    `json:"end"`
		Label     string `json:"label"`
		Annotator string `json:"annotator"`
	}
	type doc struct {
		ID     int    `json:"id"`
		Text   string `json:"text"`
		Status string `json:"status"`
		Spans  []span `json:"spans"`
	}
	var lines []string
	for i := range 8 {
		d := doc{ID: i + 1, Status: "done"}
		for j := range 5 {
			for _, part := range [][2]string{{"وقال الوزير ", ""}, {people[(i+j)%4], "ACTOR"}, {" في ", ""}, {places[(i*3+j)%4], "LOCATION"}, {fmt.Sprintf(" إن الاجتماع %d انتهى.\n", i*10+j), ""}} {
				start := len([]rune(d.Text))
				d.Text += part[0]
				if part[1] != "" {
					d.Spans = append(d.Spans, span{len(d.Spans) + 1, start, len([]rune(d.Text)), part[1], "gold"})
				}
			}
		}
		b, _ := json.Marshal(d)
		lines = append(lines, string(b))
	}
	for _, d := range []doc{
		{ID: 9, Text: "وقال الوزير سارة حسن في تونس إن الاجتماع انتهى.", Status: "new"},
		{ID: 10, Text: "وقال الوزير ليلى خالد في القاهرة إن الاجتماع تأجل.", Status: "done"},
	} {
		b, _ := json.Marshal(d)
		lines = append(lines, string(b))
	}
	in := filepath.Join(dir, "reports.jsonl")
	if err := os.WriteFile(in, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	project := filepath.Join(dir, "p.alama")
	mustCLI(t, "import", "-project", project, in)
	return project
}

func TestTrain(t *testing.T) {
	project := learnProject(t)
	tests := []struct {
		name string
		args []string
		code int
		want []string // in stdout (code 0) or stderr
	}{
		{"gold by default", nil, 0, []string{"trained on 450 tokens and 80 spans (layer gold, 9 documents done) in "}},
		{"held out", []string{"-eval", "25", "-seed", "4"}, 0, []string{"7 documents done", "on 2 documents held out:", "LABEL  PRECISION", "ACTOR", "LOCATION", "all"}},
		{"no such layer", []string{"-annotator", "nobody"}, 1, []string{"no spans to learn from"}},
		{"no such status", []string{"-status", "finished"}, 1, []string{`unknown status "finished"`}},
		{"eval out of range", []string{"-eval", "100"}, 1, []string{"not in 0–99"}},
		{"stray argument", []string{"x"}, 2, []string{"usage: alama train"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := cli(t, append([]string{"train", "-project", project}, tc.args...)...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d\n%s%s", code, tc.code, out, errOut)
			}
			got := out
			if code != 0 {
				got = errOut
			}
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("output lacks %q:\n%s", w, got)
				}
			}
		})
	}
	mustCLI(t, "check", "-project", project)
}
