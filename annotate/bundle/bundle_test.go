package bundle

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"hash/crc32"
	"io/fs"
	"iter"
	"strings"
	"testing"
	"time"

	"alama/annotate"
	"alama/annotate/format"
)

// Original report text with harakat and an emoji: offsets differ between
// code points, UTF-16 units and bytes.
const (
	textA = "أعلنَ الجيشُ 🙂 سيطرتَه على مدينةِ حلب."
	textB = "وقالَ الوزيرُ إنّ المحادثاتِ ستُستأنفُ غداً في عمّان."
)

var created = time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)

// corpus has two documents with the layers of amal and omar; omar links
// his event to amal's actor, which a bundle of either must leave out.
func corpus() []*annotate.Document {
	return []*annotate.Document{
		{ID: 1, Title: "حلب", Text: textA, Status: annotate.StatusDone,
			Spans: []annotate.Span{
				{ID: 1, Start: 6, End: 12, Label: "ACTOR", Annotator: "amal", Attrs: map[string]string{"type": "armed_group"}, Created: created},
				{ID: 2, Start: 13, End: 14, Label: "EVENT", Annotator: "omar", Created: created},
				{ID: 3, Start: 15, End: 21, Label: "EVENT", Annotator: "amal", Created: created},
				{ID: 4, Start: 34, End: 37, Label: "LOCATION", Annotator: "amal", Note: "مدينة", Created: created},
			},
			Relations: []annotate.Relation{
				{ID: 5, Type: "AGENT", From: 3, To: 1, Annotator: "amal", Created: created},
				{ID: 6, Type: "AGENT", From: 2, To: 1, Annotator: "omar", Created: created},
			}},
		{ID: 2, Title: "عمّان", Text: textB, Status: annotate.StatusNew,
			Spans: []annotate.Span{{ID: 7, Start: 6, End: 13, Label: "ACTOR", Annotator: "omar", Created: created}}},
	}
}

func seq(docs []*annotate.Document) iter.Seq2[*annotate.Document, error] {
	return func(yield func(*annotate.Document, error) bool) {
		for _, d := range docs {
			if !yield(d, nil) {
				return
			}
		}
	}
}

func write(t testing.TB, annotator string) []byte {
	t.Helper()
	var buf bytes.Buffer
	if _, err := Write(&buf, annotator, created, annotate.DefaultSchema(), seq(corpus())); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func read(name string, b []byte, lim Limits) (*Bundle, error) {
	return Read(name, bytes.NewReader(b), int64(len(b)), lim)
}

func TestRoundTrip(t *testing.T) {
	raw := write(t, "amal")
	b, err := read("amal.zip", raw, DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	m := b.Manifest
	if m.Format != Format || m.Version != Version || m.Annotator != "amal" || !m.Created.Equal(created) || m.Documents != 2 {
		t.Errorf("manifest = %+v", m)
	}
	if m.Texts[0] != TextHash(textA) || m.Texts[1] != TextHash(textB) {
		t.Errorf("hashes = %v", m.Texts)
	}
	// sha256 of the UTF-8 text, as `sha256sum` prints it.
	if TextHash("🙂") != "d06f1525f791397809f9bc98682b5c13318eca4c3123433467fd4dffda44fd14" {
		t.Errorf("TextHash(🙂) = %s", TextHash("🙂"))
	}
	if len(b.Schema.Labels) != len(annotate.DefaultSchema().Labels) {
		t.Errorf("schema has %d labels", len(b.Schema.Labels))
	}
	if len(b.Docs) != 2 || len(b.Lines) != 2 || b.Lines[1] != 2 {
		t.Fatalf("%d documents on lines %v", len(b.Docs), b.Lines)
	}
	d := b.Docs[0]
	// amal's three spans and her relation; omar's span and relation, and
	// nothing of omar's in the second document.
	if len(d.Spans) != 3 || len(d.Relations) != 1 || d.Relations[0].ID != 5 || len(b.Docs[1].Spans) != 0 {
		t.Fatalf("layer = %+v / %+v", d, b.Docs[1])
	}
	if got := d.SpanText(d.Spans[2]); got != "حلب" || d.Spans[2].Start != 34 || d.Spans[2].Note != "مدينة" {
		t.Errorf("span 3 = %+v %q", d.Spans[2], got)
	}
	if d.Spans[0].Attrs["type"] != "armed_group" || d.Status != annotate.StatusDone || d.Title != "حلب" {
		t.Errorf("document = %+v", d)
	}
	labels, rels := b.Missing(&annotate.Schema{Labels: []annotate.Label{{Name: "ACTOR", Color: "#000000"}}})
	if strings.Join(labels, ",") != "EVENT,LOCATION" || strings.Join(rels, ",") != "AGENT" {
		t.Errorf("missing = %v %v", labels, rels)
	}
	// The same input gives the same bytes.
	if !bytes.Equal(raw, write(t, "amal")) {
		t.Error("two writes differ")
	}
}

func TestWriteBadAnnotator(t *testing.T) {
	for _, name := range []string{"", " amal", "a\nb"} {
		if _, err := Write(&bytes.Buffer{}, name, created, annotate.DefaultSchema(), seq(nil)); !errors.Is(err, annotate.ErrBadName) {
			t.Errorf("Write(%q) = %v, want ErrBadName", name, err)
		}
	}
}

// entry is one zip entry to build a test bundle from.
type entry struct {
	name string
	body []byte
	mode fs.FileMode // 0 means a plain file
	// claim, when set, is the uncompressed size the headers state.
	claim uint64
}

// build writes entries as a zip.
func build(t testing.TB, entries ...entry) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		h := &zip.FileHeader{Name: e.name, Method: zip.Deflate, Modified: created}
		if e.mode != 0 {
			h.SetMode(e.mode)
		}
		if e.claim == 0 {
			w, err := zw.CreateHeader(h)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := w.Write(e.body); err != nil {
				t.Fatal(err)
			}
			continue
		}
		var comp bytes.Buffer
		fw, _ := flate.NewWriter(&comp, flate.BestCompression)
		fw.Write(e.body)
		fw.Close()
		h.CRC32 = crc32.ChecksumIEEE(e.body)
		h.CompressedSize64 = uint64(comp.Len())
		h.UncompressedSize64 = e.claim
		w, err := zw.CreateRaw(h)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(comp.Bytes())
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// parts returns the three entries of a good bundle of amal.
func parts(t testing.TB) (manifest, schema, docs entry) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(write(t, "amal")), int64(len(write(t, "amal"))))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]byte{}
	for _, f := range zr.File {
		rc, _ := f.Open()
		var b bytes.Buffer
		b.ReadFrom(rc)
		rc.Close()
		got[f.Name] = b.Bytes()
	}
	return entry{name: ManifestName, body: got[ManifestName]}, entry{name: SchemaName, body: got[SchemaName]},
		entry{name: DocumentsName, body: got[DocumentsName]}
}

func TestReadRejects(t *testing.T) {
	m, s, d := parts(t)
	if _, err := read("ok.zip", build(t, m, s, d), DefaultLimits); err != nil {
		t.Fatalf("rebuilt bundle: %v", err)
	}
	zeros := make([]byte, 8<<20)
	small := Limits{Documents: 1 << 20, Small: 64 << 10, Total: 1 << 20}
	tests := []struct {
		name    string
		zip     []byte
		lim     Limits
		unsafe  bool   // ErrUnsafe, else ErrFormat
		message string // part of the error
	}{
		{"zip slip", build(t, m, s, d, entry{name: "../x", body: []byte("x")}), DefaultLimits, true, "climbs out"},
		{"zip slip inside", build(t, m, s, entry{name: "docs/../../documents.jsonl", body: d.body}), DefaultLimits, true, "climbs out"},
		{"absolute path", build(t, m, s, d, entry{name: "/etc/cron.d/x", body: []byte("x")}), DefaultLimits, true, "absolute"},
		{"windows path", build(t, m, s, d, entry{name: `C:\x`, body: []byte("x")}), DefaultLimits, true, "absolute"},
		{"symlink", build(t, m, s, entry{name: DocumentsName, body: []byte("/etc/passwd"), mode: fs.ModeSymlink | 0o777}), DefaultLimits, true, "symbolic link"},
		{"folder", build(t, m, s, d, entry{name: "extra/", mode: fs.ModeDir | 0o755}), DefaultLimits, true, "folder"},
		{"wrong name", build(t, m, s, d, entry{name: "notes.txt", body: []byte("x")}), DefaultLimits, true, "unexpected entry"},
		{"nested name", build(t, m, s, entry{name: "x/" + DocumentsName, body: d.body}), DefaultLimits, true, "unexpected entry"},
		{"twice", build(t, m, s, d, d), DefaultLimits, true, "twice"},
		{"bomb", build(t, m, s, entry{name: DocumentsName, body: zeros}), small, true, "claims"},
		// The headers claim 100 bytes; inflating gives 8 MiB.
		{"lying bomb", build(t, m, s, entry{name: DocumentsName, body: zeros, claim: 100}), small, false, DocumentsName},
		// Each entry within its own limit, together past the total.
		{"total", build(t, m, s, entry{name: DocumentsName, body: zeros[:1<<20-1]}), Limits{Documents: 1 << 20, Small: 64 << 10, Total: 1 << 20}, true, "more than"},
		{"not a zip", []byte("PK\x03\x04 but no more"), DefaultLimits, false, "not a readable zip"},
		{"no manifest", build(t, s, d), DefaultLimits, false, "no manifest.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := read("evil.zip", tt.zip, tt.lim)
			if err == nil {
				t.Fatal("accepted")
			}
			if tt.unsafe != errors.Is(err, ErrUnsafe) || !tt.unsafe && !errors.Is(err, format.ErrFormat) {
				t.Errorf("error %v: unsafe %v, want %v", err, errors.Is(err, ErrUnsafe), tt.unsafe)
			}
			if !strings.HasPrefix(err.Error(), "evil.zip:") || !strings.Contains(err.Error(), tt.message) {
				t.Errorf("error %q should start with the file and say %q", err, tt.message)
			}
		})
	}
}

func TestReadInconsistent(t *testing.T) {
	m, s, d := parts(t)
	replace := func(e entry, old, new string) entry {
		e.body = []byte(strings.Replace(string(e.body), old, new, 1))
		return e
	}
	tests := []struct {
		name    string
		entries []entry
		message string
	}{
		{"hash", []entry{m, s, replace(d, "على", "عند")}, "documents.jsonl:1: text sha256"},
		{"other layer", []entry{m, s, replace(d, `"annotator":"amal"`, `"annotator":"omar"`)}, "documents.jsonl:1: span 1 belongs to \"omar\""},
		{"count", []entry{replace(m, `"documents": 2`, `"documents": 1`), s, d}, "2 text hashes"},
		{"newer", []entry{replace(m, `"version": 1`, `"version": 9`), s, d}, "newer than this build"},
		{"format", []entry{replace(m, Format, "zip"), s, d}, "is not \"alama-bundle\""},
		{"schema", []entry{m, replace(s, `"#e6194b"`, `"red"`), d}, "schema.json: schema: label \"ACTOR\": colour"},
		{"bad line", []entry{m, s, replace(d, `{"id":2`, `{"id":true`)}, "documents.jsonl:2:"},
		{"fewer", []entry{m, s, entry{name: DocumentsName, body: d.body[:bytes.IndexByte(d.body, '\n')+1]}}, "1 documents, but the manifest lists 2"},
		{"unknown field", []entry{replace(m, `"format"`, `"extra": 1, "format"`), s, d}, "unknown field"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := read("x.zip", build(t, tt.entries...), DefaultLimits)
			if err == nil || !strings.Contains(err.Error(), tt.message) || !strings.HasPrefix(err.Error(), "x.zip") {
				t.Errorf("error %v, want one saying %q", err, tt.message)
			}
		})
	}
}

// TestReadSameTextTwice: a bundle holding one text on two lines (made by
// hand: Write takes a project's documents, each text once) is refused,
// naming both lines, even when the copies carry different spans.
func TestReadSameTextTwice(t *testing.T) {
	docs := corpus()
	again := docs[0].Clone()
	again.ID = 9
	again.Spans = again.Spans[:1]
	again.Relations = nil
	var buf bytes.Buffer
	if _, err := Write(&buf, "amal", created, annotate.DefaultSchema(), seq([]*annotate.Document{docs[0], docs[1], again})); err != nil {
		t.Fatal(err)
	}
	_, err := read("twice.zip", buf.Bytes(), DefaultLimits)
	if !errors.Is(err, annotate.ErrDuplicate) || !strings.Contains(err.Error(), "twice.zip:documents.jsonl:3: the same text as line 1") {
		t.Errorf("error %v", err)
	}
}

func FuzzRead(f *testing.F) {
	var buf bytes.Buffer
	if _, err := Write(&buf, "amal", created, annotate.DefaultSchema(), seq(corpus())); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	m, s, d := parts(f)
	f.Add(build(f, m, s, d, entry{name: "../x", body: []byte("x")}))
	f.Add(build(f, m, s, entry{name: DocumentsName, body: []byte("/etc/passwd"), mode: fs.ModeSymlink | 0o777}))
	f.Add(build(f, m, s, entry{name: DocumentsName, body: make([]byte, 1<<16), claim: 10}))
	f.Add(build(f, m, entry{name: SchemaName, body: []byte("{}")}, d))
	f.Add([]byte("PK\x05\x06" + strings.Repeat("\x00", 18)))
	f.Add([]byte{})
	lim := Limits{Documents: 1 << 20, Small: 64 << 10, Total: 2 << 20}
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := Read("fuzz.zip", bytes.NewReader(data), int64(len(data)), lim)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.zip") {
				t.Errorf("error does not name the file: %v", err)
			}
			return
		}
		// What is read is consistent: one layer, matching the manifest.
		if len(b.Docs) != b.Manifest.Documents {
			t.Errorf("%d documents, manifest %d", len(b.Docs), b.Manifest.Documents)
		}
		for i, d := range b.Docs {
			if TextHash(d.Text) != b.Manifest.Texts[i] {
				t.Errorf("document %d hash", i)
			}
			for _, s := range d.Spans {
				if s.Annotator != b.Manifest.Annotator {
					t.Errorf("span of %q", s.Annotator)
				}
			}
		}
	})
}
