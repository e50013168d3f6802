package cli

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"alama/annotate/agree"
)

func TestScoreCommand(t *testing.T) {
	isolate(t)
	a := teamProject(t)
	csvPath := filepath.Join(t.TempDir(), "grades.csv")
	out := mustCLI(t, "score", "-project", a, "-gold", "teacher", "-annotator", "amal", "-csv", csvPath)
	golden(t, "team/score.golden", out)
	// Total: key 7 spans, amal 6. Exact TP 5, FP 1 (حلب), FN 2 (مدينةِ حلب,
	// المحادثاتِ): P 5/6 = 0.833, R 5/7 = 0.714, F1 10/13 = 0.769.
	// Overlap: حلب matches مدينةِ حلب, TP 6, FP 0, FN 1: F1 12/13 = 0.923.
	if !strings.Contains(out, "grade: exact F1 0.769 (precision 0.833, recall 0.714), overlap F1 0.923; 5 of 7 key spans found exactly, 1 spurious") {
		t.Errorf("grade line missing:\n%s", out)
	}
	f, err := os.Open(csvPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	// Header, ACTOR, EVENT, LOCATION, TIME, TOTAL.
	if len(rows) != 6 || strings.Join(rows[0], ",") != strings.Join(agree.ScoreColumns, ",") {
		t.Fatalf("csv = %v", rows)
	}
	total := strings.Join(rows[5], ",")
	if total != "teacher,amal,TOTAL,7,6,5,1,2,0.8333,0.7143,0.7692,6,0,1,1.0000,0.8571,0.9231" {
		t.Errorf("total row = %s", total)
	}
	// EVENT: teacher's المحادثاتِ missed, amal marked none there; precision
	// of EVENT is 1/1.
	if got := strings.Join(rows[2], ","); got != "teacher,amal,EVENT,2,1,1,0,1,1.0000,0.5000,0.6667,1,0,1,1.0000,0.5000,0.6667" {
		t.Errorf("EVENT row = %s", got)
	}
	var r agree.ScoreReport
	if err := json.Unmarshal([]byte(mustCLI(t, "score", "-project", a, "-gold", "teacher", "-annotator", "amal", "-json")), &r); err != nil {
		t.Fatal(err)
	}
	if len(r.Missed) != 2 || len(r.Spurious) != 1 || r.Spurious[0].Text != "حلب" || !r.Spurious[0].Partial {
		t.Errorf("missed %+v spurious %+v", r.Missed, r.Spurious)
	}
	if code, _, errOut := cli(t, "score", "-project", a, "-annotator", "amal"); code != 1 || !strings.Contains(errOut, `no annotator "gold"`) {
		t.Errorf("no gold layer: %d %s", code, errOut)
	}
}
