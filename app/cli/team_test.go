package cli

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"alama/annotate"
	"alama/annotate/agree"
	"alama/annotate/bundle"
	"alama/app"
	"alama/store"
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

func TestBundleRoundTrip(t *testing.T) {
	isolate(t)
	a := teamProject(t)
	dir := t.TempDir()
	zipA := filepath.Join(dir, "amal.zip")
	at := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	code, out, errOut := cliClock(t, func() time.Time { return at }, "bundle", "-project", a, "-annotator", "amal", "-o", zipA)
	if code != 0 || !strings.Contains(out, "2 documents, 6 spans and 2 relations") {
		t.Fatalf("bundle: %d %s %s", code, out, errOut)
	}
	raw, err := os.ReadFile(zipA)
	if err != nil {
		t.Fatal(err)
	}
	bun, err := bundle.Read(zipA, bytes.NewReader(raw), int64(len(raw)), bundle.DefaultLimits)
	if err != nil || !bun.Manifest.Created.Equal(at) || bun.Manifest.Annotator != "amal" {
		t.Fatalf("bundle read back: %+v %v", bun, err)
	}

	// Into an empty project B: the documents with amal's layer only.
	b := filepath.Join(t.TempDir(), "b.alama")
	out = mustCLI(t, "import", "-project", b, zipA)
	if !strings.Contains(out, "2 documents added, 0 replaced, 0 unchanged") {
		t.Errorf("import output: %s", out)
	}
	if got, want := exportLayer(t, b, "amal"), exportLayer(t, a, "amal"); strings.Join(spansOf(t, got), "\n") != strings.Join(spansOf(t, want), "\n") {
		t.Errorf("B's amal layer:\n%s\nwant\n%s", got, want)
	}
	if got := spansOf(t, exportLayer(t, b, "omar")); len(got) != 0 {
		t.Errorf("B has omar's spans: %v", got)
	}
	// Again: replaced, not doubled.
	out = mustCLI(t, "import", "-project", b, zipA)
	if !strings.Contains(out, "0 documents added, 0 replaced, 2 unchanged") || len(spansOf(t, exportLayer(t, b, "amal"))) != 6 {
		t.Errorf("second import: %s", out)
	}

	// amal works on in B: she drops حلب and marks مدينةِ حلب instead.
	pb, err := store.Open(b, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	d, err := pb.Document(1)
	if err != nil {
		t.Fatal(err)
	}
	var old uint64
	for _, s := range d.Spans {
		if s.Label == "LOCATION" {
			old = s.ID
		}
	}
	_, err = pb.Apply(1, annotate.Batch{Edits: []annotate.Edit{annotate.DeleteSpan{ID: old},
		annotate.AddSpan{Span: annotate.Span{Start: 27, End: 37, Label: "LOCATION", Annotator: "amal"}}}})
	if cerr := pb.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
	zipB := filepath.Join(dir, "amal-back.zip")
	mustCLI(t, "bundle", "-project", b, "-annotator", "amal", "-o", zipB)
	omarBefore := exportLayer(t, a, "omar")
	out = mustCLI(t, "import", "-project", a, zipB)
	if !strings.Contains(out, "0 documents added, 1 replaced, 1 unchanged") {
		t.Errorf("import back: %s", out)
	}
	got := strings.Join(spansOf(t, exportLayer(t, a, "amal")), "\n")
	if !strings.Contains(got, "27-37 LOCATION مدينةِ حلب amal") || strings.Contains(got, "34-37") || strings.Count(got, "\n") != 5 {
		t.Errorf("A's amal layer after the import:\n%s", got)
	}
	if exportLayer(t, a, "omar") != omarBefore {
		t.Error("importing amal's bundle changed omar's layer")
	}
	// Under another name with -annotator: a new layer beside amal's.
	mustCLI(t, "import", "-project", a, "-annotator", "amal2", zipB)
	if n := len(spansOf(t, exportLayer(t, a, "amal2"))); n != 6 {
		t.Errorf("amal2 has %d spans, want 6", n)
	}
}

// zipOf writes entries (name → body) as a zip; a name ending in "@link"
// is written as a symbolic link.
func zipOf(t *testing.T, path string, entries [][2]string) {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		h := &zip.FileHeader{Name: strings.TrimSuffix(e[0], "@link"), Method: zip.Deflate}
		if strings.HasSuffix(e[0], "@link") {
			h.SetMode(fs.ModeSymlink | 0o777)
		}
		w, err := zw.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(e[1]))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestImportHostileBundles(t *testing.T) {
	isolate(t)
	a := teamProject(t)
	dir := t.TempDir()
	good := filepath.Join(dir, "good.zip")
	mustCLI(t, "bundle", "-project", a, "-annotator", "omar", "-o", good)
	zr, err := zip.OpenReader(good)
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string]string{}
	for _, f := range zr.File {
		rc, _ := f.Open()
		var b bytes.Buffer
		b.ReadFrom(rc)
		rc.Close()
		parts[f.Name] = b.String()
	}
	zr.Close()
	m, s, d := parts[bundle.ManifestName], parts[bundle.SchemaName], parts[bundle.DocumentsName]
	// A schema of 8 MiB of spaces deflates to a few KiB; the limit here
	// is 1 MiB.
	defer func(o app.ImportOptions) { importOptions = o }(importOptions)
	importOptions.BundleLimits = bundle.DefaultLimits
	importOptions.BundleLimits.Small = 1 << 20
	tests := []struct {
		name    string
		entries [][2]string
		message string
	}{
		{"zip slip", [][2]string{{bundle.ManifestName, m}, {bundle.SchemaName, s}, {bundle.DocumentsName, d}, {"../../evil", "x"}}, "climbs out"},
		{"absolute", [][2]string{{bundle.ManifestName, m}, {bundle.SchemaName, s}, {"/tmp/" + bundle.DocumentsName, d}}, "absolute path"},
		{"symlink", [][2]string{{bundle.ManifestName, m}, {bundle.SchemaName, s}, {bundle.DocumentsName + "@link", "/etc/passwd"}}, "symbolic link"},
		{"wrong name", [][2]string{{bundle.ManifestName, m}, {bundle.SchemaName, s}, {bundle.DocumentsName, d}, {"run.sh", "x"}}, "unexpected entry"},
		{"bomb", [][2]string{{bundle.ManifestName, m}, {bundle.SchemaName, strings.Repeat(" ", 8<<20)}, {bundle.DocumentsName, d}}, "more than the"},
		{"other layer inside", [][2]string{{bundle.ManifestName, m}, {bundle.SchemaName, s}, {bundle.DocumentsName, strings.ReplaceAll(d, `"annotator":"omar"`, `"annotator":"amal"`)}}, "documents.jsonl:1: span"},
	}
	before := mustCLI(t, "export", "-project", a)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, strings.ReplaceAll(tt.name, " ", "-")+".zip")
			zipOf(t, path, tt.entries)
			code, _, errOut := cli(t, "import", "-project", a, path)
			if code != 1 || !strings.HasPrefix(errOut, path+":") || !strings.Contains(errOut, tt.message) {
				t.Errorf("exit %d, stderr %q; want 1 and an error naming the file and saying %q", code, errOut, tt.message)
			}
			if after := mustCLI(t, "export", "-project", a); after != before {
				t.Error("the project changed")
			}
		})
	}
}

func TestImportBundleSchemaMismatch(t *testing.T) {
	isolate(t)
	a := teamProject(t)
	// A bundle whose documents use a label the project lacks.
	p, err := store.Open(filepath.Join(t.TempDir(), "other.alama"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s := annotate.DefaultSchema()
	s.Labels = append(s.Labels, annotate.Label{Name: "WEAPON", Color: "#123456"})
	if err := p.SetSchema(s); err != nil {
		t.Fatal(err)
	}
	_, err = p.Import([]*annotate.Document{{Title: "س", Text: "ضُبطت بندقيةٌ 🙂 في الميناء.", Spans: []annotate.Span{{Start: 6, End: 13, Label: "WEAPON", Annotator: "omar"}}}})
	if cerr := p.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
	zipPath := filepath.Join(t.TempDir(), "omar.zip")
	mustCLI(t, "bundle", "-project", p.Path(), "-annotator", "omar", "-o", zipPath)
	before := mustCLI(t, "export", "-project", a)
	code, _, errOut := cli(t, "import", "-project", a, zipPath)
	if code != 1 || !strings.Contains(errOut, "labels WEAPON, which the project schema lacks") {
		t.Errorf("exit %d: %s", code, errOut)
	}
	if mustCLI(t, "export", "-project", a) != before {
		t.Error("the project changed")
	}
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
