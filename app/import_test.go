package app

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"alama/annotate"
	"alama/annotate/format"
)

// recorder is a Reporter that keeps what it is told.
type recorder struct {
	found    int
	files    []FileReport
	progress [][2]int
	warnings []error
}

func (r *recorder) Found(n int)              { r.found = n }
func (r *recorder) File(f FileReport)        { r.files = append(r.files, f) }
func (r *recorder) Warn(err error)           { r.warnings = append(r.warnings, err) }
func (r *recorder) Progress(files, docs int) { r.progress = append(r.progress, [2]int{files, docs}) }

func TestImportReportsEveryFile(t *testing.T) {
	set := filepath.Join("..", "testdata", "importset")
	tests := []struct {
		name      string
		batchDocs int
	}{
		{"one batch", 0},
		{"a document a batch", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := openProject(t)
			rep := &recorder{}
			res, err := Import(p, []string{set}, ImportOptions{BatchDocs: tt.batchDocs}, rep)
			if err != nil {
				t.Fatal(err)
			}
			// 01-port, bad/broken, bad/garbage, more/02-bread,
			// more/deeper/annotated, more/deeper/port-again, utf16/utf16le;
			// not .hidden/ nor README.md.
			if rep.found != 7 || len(rep.files) != 7 || !reflect.DeepEqual(res.Files, rep.files) {
				t.Fatalf("found %d, reported %d files, result %d", rep.found, len(rep.files), len(res.Files))
			}
			if res.Added != 5 || res.Skipped != 1 || res.Failed != 2 {
				t.Errorf("added %d, skipped %d, failed %d", res.Added, res.Skipped, res.Failed)
			}
			byName := map[string]FileReport{}
			for _, f := range res.Files {
				byName[filepath.ToSlash(strings.TrimPrefix(f.Path, set+string(filepath.Separator)))] = f
			}
			var le *format.LineError
			if f := byName["bad/broken.txt"]; !errors.As(f.Err, &le) || le.Line != 2 || f.Added != 0 {
				t.Errorf("broken.txt: %+v", f)
			}
			if f := byName["more/deeper/port-again.txt"]; f.Err != nil || f.Added != 0 || !slices.Equal(f.Skipped, []int{0}) {
				t.Errorf("port-again.txt: %+v", f)
			}
			if f := byName["more/deeper/annotated.jsonl"]; f.Err != nil || f.Added != 2 {
				t.Errorf("annotated.jsonl: %+v", f)
			}
			if last := rep.progress[len(rep.progress)-1]; last != [2]int{7, 5} {
				t.Errorf("last progress %v", last)
			}
			// The UTF-16 article came in as UTF-8 text.
			found := false
			for d, err := range p.All() {
				if err != nil {
					t.Fatal(err)
				}
				found = found || strings.HasPrefix(d.Text, "افتُتِحَ")
			}
			if !found {
				t.Error("the UTF-16 article is missing")
			}
		})
	}
}

func TestImportBundlesAndSuggestions(t *testing.T) {
	a := openProject(t)
	if _, err := a.Import([]*annotate.Document{amalsDoc()}); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	zip := filepath.Join(dir, "amal.zip")
	if _, err := WriteBundle(a, "amal", zip, time.Now()); err != nil {
		t.Fatal(err)
	}
	b := openProject(t)
	rep := &recorder{}
	res, err := Import(b, []string{zip, filepath.Join("..", "testdata", "importset", "01-port.txt")}, ImportOptions{Annotator: "omar"}, rep)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Files) != 2 || !res.Files[0].Bundle || res.Files[0].Layer != "omar" || res.Files[0].LayerResult.Spans != 2 || res.Files[1].Added != 1 {
		t.Fatalf("reports %+v", res.Files)
	}
	d, err := b.Document(res.Files[0].LayerResult.IDs[0])
	if err != nil || len(d.Spans) != 2 || d.Spans[0].Annotator != "omar" {
		t.Fatalf("bundle document %+v, %v", d, err)
	}

	// The same document as predictions: its spans become suggestions.
	pred := filepath.Join(dir, "pred.jsonl")
	if _, err := Export(a, format.JSONL, pred, format.Options{}, nil); err != nil {
		t.Fatal(err)
	}
	res, err = Import(b, []string{pred}, ImportOptions{Suggested: true, Annotator: "model"}, &recorder{})
	if err != nil {
		t.Fatal(err)
	}
	if f := res.Files[0]; f.Err != nil || f.Added != 0 || f.SuggestedDocs != 1 || f.Suggestions != 2 || f.RelationsLeftOut != 1 {
		t.Errorf("predictions: %+v", f)
	}
}

func TestImportStops(t *testing.T) {
	p := openProject(t)
	empty := t.TempDir()
	for _, paths := range [][]string{{filepath.Join(empty, "missing.txt")}, {empty}} {
		if _, err := Import(p, paths, ImportOptions{}, &recorder{}); err == nil {
			t.Errorf("%v: no error", paths)
		}
	}
	if got := fmt.Sprintf("%s, %s, %s", ByteSize(812), ByteSize(1536), ByteSize(64<<20)); got != "812 B, 1.5 KB, 64.0 MB" {
		t.Errorf("ByteSize: %s", got)
	}
}

// TestImportLargeCoNLL imports a CoNLL file of several documents a
// document a batch: all of them go in, and a bad line or a label the
// schema lacks near its end leaves the project and its schema as they were.
func TestImportLargeCoNLL(t *testing.T) {
	var good strings.Builder
	for i := range 5 {
		fmt.Fprintf(&good, "-DOCSTART- O\n\nقال O\nالوزير%d B-ACTOR\nأمس O\n\nفي O\nبيروت B-LOCATION\n\n", i)
	}
	tests := []struct {
		name, tail string
		add        bool
		want       string // the error's text, "" for none
	}{
		{"good", "", false, ""},
		{"bad line", "-DOCSTART- O\n\nقال X-ACTOR\n", false, ":48: tag \"X-ACTOR\""},
		{"unknown label", "-DOCSTART- O\n\nقال B-SPY\n", false, ":48: label \"SPY\": unknown label"},
		{"labels added, then a bad line", "-DOCSTART- O\n\nقال B-SPY\nأمس\n", true, ":49: token \"أمس\" has no tag"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := openProject(t) // the default schema has ACTOR and LOCATION
			name := filepath.Join(t.TempDir(), "news.conll")
			if err := os.WriteFile(name, []byte(good.String()+tt.tail), 0o644); err != nil {
				t.Fatal(err)
			}
			rep := &recorder{}
			res, err := Import(p, []string{name}, ImportOptions{BatchDocs: 1, AddLabels: tt.add}, rep)
			if err != nil {
				t.Fatal(err)
			}
			f := res.Files[0]
			n := 0
			for d, err := range p.All() {
				if err != nil {
					t.Fatal(err)
				}
				n++
				if want := fmt.Sprintf("news #%d", n); d.Title != want || len(d.Spans) != 2 || annotate.Slice(d.Text, d.Spans[1].Start, d.Spans[1].End) != "بيروت" {
					t.Errorf("document %d: %q with spans %+v", n, d.Title, d.Spans)
				}
			}
			s, err := p.Schema()
			if err != nil {
				t.Fatal(err)
			}
			_, spy := s.Label("SPY")
			if tt.want == "" {
				if f.Err != nil || f.Added != 5 || n != 5 || len(rep.progress) < 5 {
					t.Fatalf("added %d (%d in the project), %v; progress %v", f.Added, n, f.Err, rep.progress)
				}
				return
			}
			if f.Err == nil || !strings.Contains(f.Err.Error(), tt.want) || n != 0 || spy {
				t.Errorf("error %v, want %q; %d documents left, SPY in the schema: %v", f.Err, tt.want, n, spy)
			}
		})
	}
}
