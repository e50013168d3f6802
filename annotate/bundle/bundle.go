package bundle

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"iter"
	"path"
	"slices"
	"strings"
	"time"

	"alama/annotate"
	"alama/annotate/format"
)

// Format is the value of the manifest's format field.
const Format = "alama-bundle"

// Version is the bundle format version this build writes and reads.
const Version = 1

// The entry names of a bundle.
const (
	ManifestName  = "manifest.json"
	SchemaName    = "schema.json"
	DocumentsName = "documents.jsonl"
)

// ErrUnsafe marks a bundle refused for its zip structure: a path, link,
// unexpected entry or size that could harm or fool the reader.
var ErrUnsafe = errors.New("unsafe bundle")

// Manifest describes a bundle.
type Manifest struct {
	Format    string    `json:"format"`
	Version   int       `json:"version"`
	Annotator string    `json:"annotator"`
	Created   time.Time `json:"created"`
	Documents int       `json:"documents"`
	Texts     []string  `json:"text_sha256"` // one per document, in order
}

// Bundle is a bundle as read.
type Bundle struct {
	Manifest Manifest
	Schema   *annotate.Schema
	Docs     []*annotate.Document
	Lines    []int // the line of each document in documents.jsonl
}

// TextHash returns the lower-case hex sha256 of a text, as manifests and
// projects match documents by.
func TextHash(text string) string {
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:])
}

// Layer returns a copy of d holding only annotator's spans, and the
// relations of annotator between them.
func Layer(d *annotate.Document, annotator string) *annotate.Document {
	c := *d
	c.Spans, c.Relations = nil, nil
	kept := map[uint64]bool{}
	for _, s := range d.Spans {
		if s.Annotator == annotator {
			c.Spans = append(c.Spans, s)
			kept[s.ID] = true
		}
	}
	for _, r := range d.Relations {
		if r.Annotator == annotator && kept[r.From] && kept[r.To] {
			c.Relations = append(c.Relations, r)
		}
	}
	return &c
}

// Write writes a bundle of annotator's layer of docs to w: every document,
// with only that annotator's spans and relations. created is the time the
// manifest records. It streams the documents and returns the manifest.
func Write(w io.Writer, annotator string, created time.Time, schema *annotate.Schema, docs iter.Seq2[*annotate.Document, error]) (Manifest, error) {
	m := Manifest{Format: Format, Version: Version, Annotator: annotator, Created: created.UTC(), Texts: []string{}}
	if err := CheckAnnotator(annotator); err != nil {
		return m, err
	}
	zw := zip.NewWriter(w)
	sw, err := create(zw, SchemaName, created)
	if err != nil {
		return m, err
	}
	if err := writeJSON(sw, schema); err != nil {
		return m, err
	}
	dw, err := create(zw, DocumentsName, created)
	if err != nil {
		return m, err
	}
	jw := format.NewJSONLWriter(dw)
	for d, err := range docs {
		if err != nil {
			return m, err
		}
		if err := jw.Write(Layer(d, annotator)); err != nil {
			return m, err
		}
		m.Documents++
		m.Texts = append(m.Texts, TextHash(d.Text))
	}
	mw, err := create(zw, ManifestName, created)
	if err != nil {
		return m, err
	}
	if err := writeJSON(mw, m); err != nil {
		return m, err
	}
	if err := zw.Close(); err != nil {
		return m, fmt.Errorf("write bundle: %w", err)
	}
	return m, nil
}

func create(zw *zip.Writer, name string, at time.Time) (io.Writer, error) {
	w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: at})
	if err != nil {
		return nil, fmt.Errorf("write bundle: %s: %w", name, err)
	}
	return w, nil
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// CheckAnnotator refuses names a layer cannot have: empty, with spaces
// around it, or holding control characters.
func CheckAnnotator(name string) error {
	switch {
	case strings.TrimSpace(name) == "":
		return fmt.Errorf("bundle: the annotator name is empty: %w", annotate.ErrBadName)
	case strings.TrimSpace(name) != name || strings.ContainsFunc(name, func(r rune) bool { return r < ' ' || r == 0x7f }):
		return fmt.Errorf("bundle: annotator %s has spaces around it or control characters: %w", annotate.Quote(name), annotate.ErrBadName)
	}
	return nil
}

// Limits bound what Read inflates.
type Limits struct {
	Documents int64 // bytes of documents.jsonl
	Small     int64 // bytes of manifest.json and of schema.json
	Total     int64 // bytes of all entries together
}

// DefaultLimits allow 10,000 long articles with room to spare.
var DefaultLimits = Limits{Documents: 512 << 20, Small: 4 << 20, Total: 520 << 20}

// Read reads and checks the bundle in r (size bytes long); name is the
// bundle file's name for errors. Nothing is written anywhere.
func Read(name string, r io.ReaderAt, size int64, lim Limits) (*Bundle, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, fmt.Errorf("%s: not a readable zip file (%v): %w", name, err, format.ErrFormat)
	}
	files := map[string]*zip.File{}
	for _, f := range zr.File {
		if err := checkEntry(f, lim); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if files[f.Name] != nil {
			return nil, fmt.Errorf("%s: entry %q appears twice: %w", name, f.Name, ErrUnsafe)
		}
		files[f.Name] = f
	}
	for _, n := range []string{ManifestName, SchemaName, DocumentsName} {
		if files[n] == nil {
			return nil, fmt.Errorf("%s: no %s: not an Alama bundle: %w", name, n, format.ErrFormat)
		}
	}
	total := lim.Total
	b := &Bundle{}
	raw, err := readSmall(files[ManifestName], lim.Small, &total)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if err := decode(raw, &b.Manifest); err != nil {
		return nil, fmt.Errorf("%s: %s: %w", name, ManifestName, err)
	}
	if err := b.Manifest.check(); err != nil {
		return nil, fmt.Errorf("%s: %s: %w", name, ManifestName, err)
	}
	raw, err = readSmall(files[SchemaName], lim.Small, &total)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	b.Schema = &annotate.Schema{}
	if err := decode(raw, b.Schema); err != nil {
		return nil, fmt.Errorf("%s: %s: %w", name, SchemaName, err)
	}
	if err := b.Schema.Validate(); err != nil {
		return nil, fmt.Errorf("%s: %s: %w", name, SchemaName, err)
	}
	if err := b.readDocs(name, files[DocumentsName], min(lim.Documents, total)); err != nil {
		return nil, err
	}
	return b, nil
}

// checkEntry refuses an entry by its header: name, mode and claimed size.
func checkEntry(f *zip.File, lim Limits) error {
	n := f.Name
	switch {
	case strings.HasPrefix(n, "/") || strings.HasPrefix(n, `\`) || len(n) > 1 && n[1] == ':':
		return fmt.Errorf("entry %q has an absolute path: %w", n, ErrUnsafe)
	case slices.Contains(strings.FieldsFunc(n, func(r rune) bool { return r == '/' || r == '\\' }), ".."):
		return fmt.Errorf("entry %q climbs out of the bundle with ..: %w", n, ErrUnsafe)
	case f.Mode()&fs.ModeSymlink != 0:
		return fmt.Errorf("entry %q is a symbolic link: %w", n, ErrUnsafe)
	case f.Mode().IsDir() || strings.HasSuffix(n, "/"):
		return fmt.Errorf("entry %q is a folder: %w", n, ErrUnsafe)
	case !f.Mode().IsRegular():
		return fmt.Errorf("entry %q is not a regular file (mode %v): %w", n, f.Mode(), ErrUnsafe)
	case n != path.Base(n) || n != ManifestName && n != SchemaName && n != DocumentsName:
		return fmt.Errorf("unexpected entry %q (a bundle holds only %s, %s and %s): %w", n, ManifestName, SchemaName, DocumentsName, ErrUnsafe)
	}
	limit := lim.Small
	if n == DocumentsName {
		limit = lim.Documents
	}
	if f.UncompressedSize64 > uint64(limit) {
		return fmt.Errorf("entry %q claims %d bytes, more than the %d allowed: %w", n, f.UncompressedSize64, limit, ErrUnsafe)
	}
	return nil
}

// limitedReader counts the bytes it inflates and fails once they pass
// the limit, whatever the entry's header said.
// It keeps the first error other than io.EOF, which a line scanner may
// hide behind the partial line it still hands out.
type limitedReader struct {
	r     io.Reader
	name  string
	left  int64
	limit int64
	err   error
}

func (l *limitedReader) Read(p []byte) (int, error) {
	if l.err != nil {
		return 0, l.err
	}
	if int64(len(p)) > l.left+1 {
		p = p[:l.left+1]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	switch {
	case l.left < 0:
		l.err = fmt.Errorf("entry %q inflates to more than the %d bytes allowed: %w", l.name, l.limit, ErrUnsafe)
	case err != nil && !errors.Is(err, io.EOF):
		l.err = fmt.Errorf("entry %q: %v: %w", l.name, err, format.ErrFormat)
	default:
		return n, err
	}
	return n, l.err
}

func open(f *zip.File, limit int64) (io.ReadCloser, *limitedReader, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, nil, fmt.Errorf("entry %q: %v: %w", f.Name, err, format.ErrFormat)
	}
	return rc, &limitedReader{r: rc, name: f.Name, left: limit, limit: limit}, nil
}

// readSmall reads a small entry whole, within limit and what is left of
// total, and takes its size from total.
func readSmall(f *zip.File, limit int64, total *int64) ([]byte, error) {
	rc, lr, err := open(f, min(limit, *total))
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	var buf bytes.Buffer
	if _, err := io.Copy(&buf, lr); err != nil {
		return nil, err
	}
	*total -= int64(buf.Len())
	return buf.Bytes(), nil
}

// decode reads one JSON value strictly: no unknown fields, nothing after.
func decode(raw []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("invalid JSON: %v: %w", err, format.ErrFormat)
	}
	if dec.More() {
		return fmt.Errorf("data after the JSON value: %w", format.ErrFormat)
	}
	if at, err := format.CheckJSONText(raw); err != nil {
		return fmt.Errorf("byte %d: %w", at, err)
	}
	return nil
}

func (m *Manifest) check() error {
	switch {
	case m.Format != Format:
		return fmt.Errorf("format %q is not %q: %w", m.Format, Format, format.ErrFormat)
	case m.Version > Version:
		return fmt.Errorf("bundle version %d is newer than this build of Alama reads (%d): update Alama: %w", m.Version, Version, format.ErrFormat)
	case m.Version < 1:
		return fmt.Errorf("bundle version %d: %w", m.Version, format.ErrFormat)
	case m.Documents != len(m.Texts):
		return fmt.Errorf("%d documents but %d text hashes: %w", m.Documents, len(m.Texts), format.ErrFormat)
	}
	return CheckAnnotator(m.Annotator)
}

// readDocs reads documents.jsonl and checks it against the manifest.
func (b *Bundle) readDocs(name string, f *zip.File, limit int64) error {
	rc, lr, err := open(f, limit)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	defer rc.Close()
	file := name + ":" + DocumentsName
	m := &b.Manifest
	seen := make(map[string]int, m.Documents) // text hash: line
	err = format.ReadJSONL(file, lr, func(line int, d *annotate.Document) error {
		i := len(b.Docs)
		if i >= m.Documents {
			return &format.LineError{File: file, Line: line, Err: fmt.Errorf("more documents than the %d the manifest lists: %w", m.Documents, format.ErrFormat)}
		}
		h := TextHash(d.Text)
		if h != m.Texts[i] {
			return &format.LineError{File: file, Line: line, Err: fmt.Errorf("text sha256 %s differs from the manifest's %s: %w", h, m.Texts[i], format.ErrFormat)}
		}
		// A project holds a text once: the later copy would silently
		// replace the layer the earlier one brought.
		if first, ok := seen[h]; ok {
			return &format.LineError{File: file, Line: line, Err: fmt.Errorf("the same text as line %d: a bundle holds each document once: %w", first, annotate.ErrDuplicate)}
		}
		seen[h] = line
		for _, s := range d.Spans {
			if s.Annotator != m.Annotator {
				return &format.LineError{File: file, Line: line, Err: fmt.Errorf("span %d belongs to %q, not the bundle's annotator %q: %w", s.ID, s.Annotator, m.Annotator, format.ErrFormat)}
			}
		}
		for _, r := range d.Relations {
			if r.Annotator != m.Annotator {
				return &format.LineError{File: file, Line: line, Err: fmt.Errorf("relation %d belongs to %q, not the bundle's annotator %q: %w", r.ID, r.Annotator, m.Annotator, format.ErrFormat)}
			}
		}
		b.Docs = append(b.Docs, d)
		b.Lines = append(b.Lines, line)
		return nil
	})
	if lr.err != nil {
		return fmt.Errorf("%s: %w", name, lr.err)
	}
	if err != nil {
		return err
	}
	if len(b.Docs) != m.Documents {
		return fmt.Errorf("%s: %d documents, but the manifest lists %d: %w", file, len(b.Docs), m.Documents, format.ErrFormat)
	}
	return nil
}

// Missing returns the span labels and relation types the bundle's
// documents use that schema s lacks, sorted.
func (b *Bundle) Missing(s *annotate.Schema) (labels, relations []string) {
	for _, d := range b.Docs {
		for _, sp := range d.Spans {
			if _, ok := s.Label(sp.Label); !ok && !slices.Contains(labels, sp.Label) {
				labels = append(labels, sp.Label)
			}
		}
		for _, r := range d.Relations {
			if _, ok := s.RelationType(r.Type); !ok && !slices.Contains(relations, r.Type) {
				relations = append(relations, r.Type)
			}
		}
	}
	slices.Sort(labels)
	slices.Sort(relations)
	return labels, relations
}
