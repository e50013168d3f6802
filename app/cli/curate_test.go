package cli

import (
	"strings"
	"testing"
)

func TestCurateThenExportGold(t *testing.T) {
	isolate(t)
	a := teamProject(t)
	out := mustCLI(t, "curate", "-project", a, "-auto", "-annotators", "amal,omar")
	// amal and omar agree exactly on الجيشُ in army, and on الوزيرُ and
	// عمّان in talks.
	// Their AGENT relations differ in the event (سيطرتَ against سيطرتَه).
	if !strings.Contains(out, "copied 3 spans and 0 relations into the gold layer of 2 documents") {
		t.Errorf("curate: %s", out)
	}
	want := "6-12 ACTOR الجيشُ gold\n6-13 ACTOR الوزيرُ gold\n47-52 LOCATION عمّان gold"
	if got := strings.Join(spansOf(t, exportLayer(t, a, "gold")), "\n"); got != want {
		t.Errorf("gold:\n%s\nwant\n%s", got, want)
	}
	// Idempotent.
	if out := mustCLI(t, "curate", "-project", a, "-auto", "-annotators", "amal,omar"); !strings.Contains(out, "copied 0 spans") {
		t.Errorf("second run: %s", out)
	}
	// Two of three (with teacher) also takes سيطرتَ [15,21), مدينةِ حلب
	// and غداً, and the AGENT link amal and teacher both drew from
	// سيطرتَ to الجيشُ.
	out = mustCLI(t, "curate", "-project", a, "-auto", "-min", "2")
	if !strings.Contains(out, "copied 3 spans and 1 relation") || !strings.Contains(out, "amal, omar, teacher") {
		t.Errorf("-min 2: %s", out)
	}
	gold := mustCLI(t, "export", "-project", a, "-annotator", "gold")
	if !strings.Contains(gold, `"type":"AGENT"`) || strings.Count(gold, `"annotator":"gold"`) != 7 {
		t.Errorf("gold after -min 2:\n%s", gold)
	}
	if code, _, errOut := cli(t, "curate", "-project", a, "-auto", "-annotators", "amal,gold"); code != 1 || !strings.Contains(errOut, "curated") {
		t.Errorf("gold among the annotators: %d %s", code, errOut)
	}
	if code, _, _ := cli(t, "curate", "-project", a); code != 2 {
		t.Errorf("without -auto: exit %d, want 2", code)
	}
}
