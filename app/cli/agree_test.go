package cli

import (
	"encoding/json"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"alama/annotate/agree"
)

// teamFixture is two original articles with the layers of amal, omar and
// teacher (see testdata/team/layers.jsonl).
const teamFixture = "testdata/team/layers.jsonl"

// teamProject imports the fixture into a new project and returns its path.
func teamProject(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "team.alama")
	mustCLI(t, "import", "-project", path, teamFixture)
	return path
}

// exportLayer returns annotator's layer of the project as Alama JSONL.
func exportLayer(t *testing.T, project, annotator string) string {
	t.Helper()
	return mustCLI(t, "export", "-project", project, "-annotator", annotator)
}

// spansOf returns "start-end LABEL text" for each span of a JSONL export.
func spansOf(t *testing.T, jsonl string) []string {
	t.Helper()
	var out []string
	for _, line := range strings.Split(strings.TrimSpace(jsonl), "\n") {
		var rec struct {
			Spans []struct {
				Start, End int
				Label      string
				Text       string
				Annotator  string
			}
		}
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatal(err)
		}
		for _, s := range rec.Spans {
			out = append(out, strings.Join([]string{strconv.Itoa(s.Start) + "-" + strconv.Itoa(s.End), s.Label, s.Text, s.Annotator}, " "))
		}
	}
	return out
}

func TestAgreeCommand(t *testing.T) {
	isolate(t)
	a := teamProject(t)
	golden(t, "team/agree.golden", mustCLI(t, "agree", "-project", a))
	var r agree.Report
	if err := json.Unmarshal([]byte(mustCLI(t, "agree", "-project", a, "-json", "-a", "amal", "-b", "teacher")), &r); err != nil {
		t.Fatal(err)
	}
	// A is amal (6 spans, the reference here), B teacher (7 spans). Exact
	// pairs: الجيشُ, سيطرتَ [15,21), الوزيرُ, غداً, عمّان: TP 5. FN 1 (amal's
	// حلب), FP 2 (teacher's مدينةِ حلب and المحادثاتِ). F1 = 10/(10+2+1).
	if len(r.Pairs) != 1 || r.Pairs[0].Exact.Counts != (agree.Counts{TP: 5, FP: 2, FN: 1}) {
		t.Fatalf("pairs = %+v", r.Pairs)
	}
	if f1 := float64(r.Pairs[0].Exact.F1); f1 < 0.7692 || f1 > 0.7693 {
		t.Errorf("F1 = %v, want 10/13", f1)
	}
	// Relations: amal AGENT and PLACE in army, teacher AGENT: TP 1, FN 1.
	if rel := r.Pairs[0].Relations; rel == nil || rel.Counts != (agree.Counts{TP: 1, FN: 1}) {
		t.Errorf("relations = %+v", rel)
	}
	code, _, errOut := cli(t, "agree", "-project", a, "-a", "amal", "-b", "nobody")
	if code != 1 || !strings.Contains(errOut, `no annotator "nobody"`) {
		t.Errorf("unknown annotator: %d %s", code, errOut)
	}
	if code, _, errOut := cli(t, "agree", "-project", a, "-label", "WEAPON"); code != 1 || !strings.Contains(errOut, `no span in the project has label "WEAPON"`) {
		t.Errorf("unknown label: %d %s", code, errOut)
	}
	out := mustCLI(t, "agree", "-project", a, "-label", "TIME")
	if !strings.Contains(out, "on label TIME over 2 documents") {
		t.Errorf("-label TIME:\n%s", out)
	}
	if code, _, _ := cli(t, "agree", "-project", a, "-a", "amal"); code != 2 {
		t.Errorf("-a without -b: exit %d, want 2", code)
	}
}
