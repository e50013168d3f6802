package cli

import (
	"archive/zip"
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"alama/annotate"
	"alama/annotate/bundle"
	"alama/app"
	"alama/store"
)

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
