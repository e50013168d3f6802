package format

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"alama/annotate"
)

// brat standoff: a folder with DOC.txt (the exact text) and DOC.ann per
// document, plus annotation.conf and visual.conf so brat opens it as is.
//
// What brat cannot hold: annotators, creation times, suggestion marks and
// the document status, title and labels (the .ann has no place for them),
// attribute values with white space, and line breaks or tabs in notes
// (turned into spaces). Events (E lines) are not written: the schema does not
// say which labels are event triggers, so EVENT spans are entities and their
// links are relations. A span that crosses a line break is written as
// fragments split at the break ("0 5;6 11"), which brat needs; import joins
// fragments separated only by white space back into one span.

const (
	bratUnparsedKey = "brat_unparsed" // Meta key of the .ann lines import kept
	bratFileKey     = "file"          // Meta key of the source file name
)

type bratEncoder struct {
	dir    string
	schema *annotate.Schema
	idx    runes
	buf    bytes.Buffer
	labels []string // labels and relation types used, for a schema-less conf
	rels   []string
	ids    map[uint64]bool // documents written, so two never share a file
}

func newBratEncoder(dir string, s *annotate.Schema, _ *Options) (encoder, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	return &bratEncoder{dir: dir, schema: s, ids: map[uint64]bool{}}, nil
}

// bratName is the file name (without extension) of a document.
func bratName(id uint64) string { return fmt.Sprintf("doc%06d", id) }

func (e *bratEncoder) encode(d *annotate.Document, _ string, rep *Report) error {
	if e.ids[d.ID] {
		return fmt.Errorf("document id %d comes twice; brat files are named by id: %w", d.ID, annotate.ErrDuplicate)
	}
	e.ids[d.ID] = true
	e.idx.reset(d.Text)
	e.buf.Reset()
	if err := writeBratAnn(&e.buf, d, e.schema, &e.idx, rep); err != nil {
		return err
	}
	for _, s := range d.Spans {
		if !slices.Contains(e.labels, s.Label) {
			e.labels = append(e.labels, s.Label)
		}
	}
	for _, r := range d.Relations {
		if !slices.Contains(e.rels, r.Type) {
			e.rels = append(e.rels, r.Type)
		}
	}
	base := filepath.Join(e.dir, bratName(d.ID))
	if err := os.WriteFile(base+".txt", []byte(d.Text), 0o644); err != nil {
		return err
	}
	return os.WriteFile(base+".ann", e.buf.Bytes(), 0o644)
}

func (e *bratEncoder) finish() error {
	conf, visual := bratConf(e.schema, e.labels, e.rels)
	if err := os.WriteFile(filepath.Join(e.dir, "annotation.conf"), conf, 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(e.dir, "visual.conf"), visual, 0o644)
}

// writeBratAnn writes the .ann lines of d: T for spans (in
// annotate.SortSpans order, numbered from 1), R for relations, A for
// attributes and #AnnotatorNotes for notes.
func writeBratAnn(b *bytes.Buffer, d *annotate.Document, schema *annotate.Schema, idx *runes, rep *Report) error {
	tid := map[uint64]int{}
	spans := sortedSpans(d.Spans)
	n := 0
	for _, s := range spans {
		if _, err := idx.span(d, s); err != nil {
			return err
		}
		frags := bratFragments(idx, s.Start, s.End)
		if len(frags) == 0 {
			rep.SpansDropped++
			continue
		}
		n++
		tid[s.ID] = n
		fmt.Fprintf(b, "T%d\t%s ", n, s.Label)
		texts := make([]string, len(frags))
		for i, f := range frags {
			if i > 0 {
				b.WriteByte(';')
			}
			fmt.Fprintf(b, "%d %d", f[0], f[1])
			texts[i] = idx.slice(f[0], f[1])
		}
		b.WriteByte('\t')
		b.WriteString(strings.Join(texts, " "))
		b.WriteByte('\n')
		rep.Spans++
	}
	r := 0
	for _, rel := range sortedRelations(d.Relations) {
		from, ok1 := tid[rel.From]
		to, ok2 := tid[rel.To]
		if !ok1 || !ok2 {
			rep.RelationsDropped++
			continue
		}
		r++
		fmt.Fprintf(b, "R%d\t%s Arg1:T%d Arg2:T%d\t\n", r, rel.Type, from, to)
		rep.Relations++
	}
	a, notes := 0, 0
	for _, s := range spans {
		t, ok := tid[s.ID]
		if !ok {
			continue
		}
		for _, name := range sortedKeys(s.Attrs) {
			v := s.Attrs[name]
			switch {
			case strings.ContainsAny(v, " \t\n") || v == "":
				rep.AttrsDropped++
				continue
			case bratBoolean(schema, s.Label, name, v):
				a++
				fmt.Fprintf(b, "A%d\t%s T%d\n", a, name, t)
			default:
				a++
				fmt.Fprintf(b, "A%d\t%s T%d %s\n", a, name, t, v)
			}
		}
		if s.Note != "" {
			note := strings.Map(func(r rune) rune {
				if r == '\t' || r == '\n' {
					return ' '
				}
				return r
			}, s.Note)
			if note != s.Note {
				rep.NotesFlattened++
			}
			notes++
			fmt.Fprintf(b, "#%d\tAnnotatorNotes T%d\t%s\n", notes, t, note)
		}
	}
	return nil
}

// bratFragments splits [start, end) at line breaks into the pieces brat can
// show, leaving the breaks out.
func bratFragments(idx *runes, start, end int) [][2]int {
	var out [][2]int
	from := start
	for cp := start; cp <= end; cp++ {
		if cp == end || idx.slice(cp, cp+1) == "\n" {
			if cp > from {
				out = append(out, [2]int{from, cp})
			}
			from = cp + 1
		}
	}
	return out
}

// bratBoolean reports whether an attribute is written without a value:
// the schema says it is boolean or, without a schema entry, its value is
// "true".
func bratBoolean(s *annotate.Schema, label, name, value string) bool {
	if s != nil {
		if l, ok := s.Label(label); ok {
			if a, ok := l.Attr(name); ok {
				return len(a.Values) == 0
			}
		}
	}
	return value == "true"
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// bratConf renders annotation.conf and visual.conf from the schema, adding
// labels and relation types the documents used but the schema lacks.
// Attributes of the same name on several labels become one declaration
// with the union of their values, as brat wants each name once.
func bratConf(s *annotate.Schema, usedLabels, usedRels []string) (conf, visual []byte) {
	var labels []annotate.Label
	var rels []annotate.RelationType
	if s != nil {
		labels = slices.Clone(s.Labels)
		rels = slices.Clone(s.Relations)
	}
	for _, l := range usedLabels {
		if !slices.ContainsFunc(labels, func(x annotate.Label) bool { return x.Name == l }) {
			labels = append(labels, annotate.Label{Name: l})
		}
	}
	for _, r := range usedRels {
		if !slices.ContainsFunc(rels, func(x annotate.RelationType) bool { return x.Name == r }) {
			rels = append(rels, annotate.RelationType{Name: r})
		}
	}
	var c bytes.Buffer
	c.WriteString("# brat annotation configuration written by Alama from the project schema.\n[entities]\n")
	for _, l := range labels {
		c.WriteString(l.Name + "\n")
	}
	c.WriteString("\n[relations]\n")
	for _, r := range rels {
		fmt.Fprintf(&c, "%s\tArg1:%s, Arg2:%s\n", r.Name, bratArgs(r.From), bratArgs(r.To))
	}
	c.WriteString("<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n")
	c.WriteString("\n[events]\n\n[attributes]\n")
	type attr struct {
		name           string
		labels, values []string
	}
	var attrs []*attr
	for _, l := range labels {
		for _, a := range l.Attrs {
			i := slices.IndexFunc(attrs, func(x *attr) bool { return x.name == a.Name })
			if i < 0 {
				attrs = append(attrs, &attr{name: a.Name})
				i = len(attrs) - 1
			}
			at := attrs[i]
			at.labels = append(at.labels, l.Name)
			for _, v := range a.Values {
				if !slices.Contains(at.values, v) {
					at.values = append(at.values, v)
				}
			}
		}
	}
	for _, a := range attrs {
		fmt.Fprintf(&c, "%s\tArg:%s", a.name, strings.Join(a.labels, "|"))
		if len(a.values) > 0 {
			fmt.Fprintf(&c, ", Value:%s", strings.Join(a.values, "|"))
		}
		c.WriteByte('\n')
	}
	var v bytes.Buffer
	v.WriteString("# brat visual configuration written by Alama from the project schema.\n[labels]\n")
	for _, l := range labels {
		fmt.Fprintf(&v, "%s | %s\n", l.Name, l.Name)
	}
	for _, r := range rels {
		fmt.Fprintf(&v, "%s | %s\n", r.Name, r.Name)
	}
	v.WriteString("\n[drawing]\n")
	for _, l := range labels {
		if l.Color != "" {
			fmt.Fprintf(&v, "%s\tbgColor:%s\n", l.Name, l.Color)
		}
	}
	return c.Bytes(), v.Bytes()
}

func bratArgs(labels []string) string {
	if len(labels) == 0 {
		return "<ENTITY>"
	}
	return strings.Join(labels, "|")
}

// ReadBrat reads one brat document: the text of txtName and the
// annotations of annName. Text and offsets are checked like every import;
// a T line whose offsets or text do not match the document is an error
// naming the .ann line. Lines Alama cannot represent (events, normalizations,
// equivalences, truly discontinuous spans, references to missing
// annotations, unknown kinds) are kept in Meta["brat_unparsed"] and passed
// to warn, each as a *LineError, when warn is not nil; but an .ann with
// lines none of which can be read (one saved with spaces for tabs) is an
// error, since every annotation of it would be lost.
func ReadBrat(txtName string, txt []byte, annName string, ann []byte, opts ImportOptions) (*annotate.Document, error) {
	if !utf8.Valid(txt) {
		return nil, &LineError{File: txtName, Line: lineOfInvalid(txt), Err: fmt.Errorf("invalid UTF-8: %w", annotate.ErrBadText)}
	}
	text := string(txt)
	if err := checkFileText(txtName, text); err != nil {
		return nil, err
	}
	base := strings.TrimSuffix(filepath.Base(txtName), filepath.Ext(txtName))
	d := &annotate.Document{
		Title: base, Text: text, Status: annotate.StatusNew,
		Meta: map[string]any{bratFileKey: filepath.Base(txtName)},
	}
	p := bratParser{file: annName, d: d, opts: opts, off: newBounds(text), tids: map[string]uint64{}}
	p.idx.reset(text)
	if err := p.parse(ann); err != nil {
		return nil, err
	}
	if err := p.nothingRead(ann); err != nil {
		return nil, err
	}
	if opts.Warn != nil {
		for _, k := range p.kept {
			opts.Warn(lineErr(annName, k.line, "%s; line kept", k.why))
		}
	}
	if len(p.unparsed) > 0 {
		d.Meta[bratUnparsedKey] = p.unparsed
	}
	annotate.SortSpans(d.Spans)
	if err := Validate(d); err != nil {
		return nil, &LineError{File: annName, Err: err}
	}
	return d, nil
}

type bratParser struct {
	file     string
	d        *annotate.Document
	opts     ImportOptions
	off      *bounds
	idx      runes
	tids     map[string]uint64 // T id → span id
	nextID   uint64
	unparsed []any
	// kept says why each unparsed line was kept, in the order found.
	kept []keptLine
}

// keptLine is a line of an .ann file Alama cannot represent.
type keptLine struct {
	line int
	why  string
}

type bratLine struct {
	n      int
	fields []string
}

func (p *bratParser) keep(l bratLine, format string, args ...any) {
	p.unparsed = append(p.unparsed, strings.Join(l.fields, "\t"))
	p.kept = append(p.kept, keptLine{l.n, fmt.Sprintf(format, args...)})
}

// nothingRead refuses an .ann file that has annotation lines but none of
// them could be read: every line kept unparsed, so not one span came in
// (relations, attributes and notes all hang on spans). Importing the text
// with a warning per line would hide that the file's annotations were
// lost: a .ann saved with spaces for tabs, say. An empty .ann (a
// document not yet annotated) and a file with some readable lines are
// fine.
func (p *bratParser) nothingRead(ann []byte) error {
	if len(p.kept) == 0 || len(p.d.Spans) > 0 {
		return nil
	}
	first := p.kept[0]
	what := fmt.Sprintf("none of the %d annotation lines could be read (this one: %s)", len(p.kept), first.why)
	if len(p.kept) == 1 {
		what = fmt.Sprintf("the only annotation line could not be read: %s", first.why)
	}
	if !bytes.ContainsRune(ann, '\t') {
		what += "; brat separates an annotation's id, type and offsets, and text with tabs, and the file has none (saved with spaces?)"
	}
	return lineErr(p.file, first.line, "%s; to import the text without its annotations, remove the .ann file", what)
}

func (p *bratParser) parse(ann []byte) error {
	if !utf8.Valid(ann) {
		return &LineError{File: p.file, Line: lineOfInvalid(ann), Err: fmt.Errorf("invalid UTF-8: %w", ErrFormat)}
	}
	ann = bytes.TrimPrefix(ann, bom)
	var later []bratLine
	for i, raw := range strings.Split(string(ann), "\n") {
		raw = strings.TrimSuffix(raw, "\r")
		if strings.TrimSpace(raw) == "" {
			continue
		}
		l := bratLine{n: i + 1, fields: strings.SplitN(raw, "\t", 3)}
		if strings.HasPrefix(l.fields[0], "T") {
			if err := p.textBound(l); err != nil {
				return err
			}
			continue
		}
		later = append(later, l)
	}
	spans := map[uint64]int{}
	for i, s := range p.d.Spans {
		spans[s.ID] = i
	}
	for _, l := range later {
		id := l.fields[0]
		switch {
		case strings.HasPrefix(id, "R"):
			p.relation(l)
		case strings.HasPrefix(id, "A"), strings.HasPrefix(id, "M"):
			p.attribute(l, spans)
		case strings.HasPrefix(id, "#"):
			p.note(l, spans)
		case strings.HasPrefix(id, "E"):
			p.keep(l, "event annotations are not supported")
		default:
			p.keep(l, "annotation kind %q is not supported", id)
		}
	}
	return nil
}

// textBound parses "T1<TAB>LABEL 0 5;6 9<TAB>text".
func (p *bratParser) textBound(l bratLine) error {
	if len(l.fields) < 2 {
		p.keep(l, "text-bound annotation without a type and offsets")
		return nil
	}
	if _, dup := p.tids[l.fields[0]]; dup {
		return lineErr(p.file, l.n, "annotation id %s used twice", l.fields[0])
	}
	label, offs, ok := strings.Cut(l.fields[1], " ")
	if !ok || label == "" {
		p.keep(l, "text-bound annotation %q has no offsets", l.fields[1])
		return nil
	}
	var frags [][2]int
	for _, f := range strings.Split(offs, ";") {
		a, b, ok := strings.Cut(strings.TrimSpace(f), " ")
		s, err1 := strconv.Atoi(a)
		e, err2 := strconv.Atoi(b)
		if !ok || err1 != nil || err2 != nil {
			return lineErr(p.file, l.n, "offsets %q are not START END pairs", offs)
		}
		if err := checkRange(p.off, s, e); err != nil {
			return &LineError{File: p.file, Line: l.n, Err: fmt.Errorf("%s: %w", l.fields[0], err)}
		}
		frags = append(frags, [2]int{s, e})
	}
	texts := make([]string, len(frags))
	joinable := true
	for i, f := range frags {
		texts[i] = p.idx.slice(f[0], f[1])
		if i > 0 && (f[0] < frags[i-1][1] || strings.TrimSpace(p.idx.slice(frags[i-1][1], f[0])) != "") {
			joinable = false
		}
	}
	if len(l.fields) >= 3 {
		if want := strings.Join(texts, " "); l.fields[2] != want {
			return lineErr(p.file, l.n, "%s: text %s differs from the document text %s at %s", l.fields[0], annotate.Quote(l.fields[2]), annotate.Quote(want), offs)
		}
	}
	if !joinable {
		p.keep(l, "%s: discontinuous spans are not supported", l.fields[0])
		return nil
	}
	p.nextID++
	p.tids[l.fields[0]] = p.nextID
	p.d.Spans = append(p.d.Spans, annotate.Span{
		ID: p.nextID, Start: frags[0][0], End: frags[len(frags)-1][1], Label: label,
		Annotator: p.opts.Annotator, Suggested: p.opts.Suggested,
	})
	return nil
}

// relation parses "R1<TAB>TYPE Arg1:T1 Arg2:T2": the first argument is the
// source, the second the target.
func (p *bratParser) relation(l bratLine) {
	f := []string{}
	if len(l.fields) >= 2 {
		f = strings.Fields(l.fields[1])
	}
	if len(f) != 3 {
		p.keep(l, "relation needs a type and exactly two arguments")
		return
	}
	var ends [2]uint64
	for i, arg := range f[1:] {
		_, ref, ok := strings.Cut(arg, ":")
		id, found := p.tids[ref]
		if !ok || !found {
			p.keep(l, "relation argument %q does not name a text-bound annotation", arg)
			return
		}
		ends[i] = id
	}
	if ends[0] == ends[1] {
		p.keep(l, "relation links an annotation to itself")
		return
	}
	p.nextID++
	p.d.Relations = append(p.d.Relations, annotate.Relation{
		ID: p.nextID, Type: f[0], From: ends[0], To: ends[1], Annotator: p.opts.Annotator,
	})
}

// attribute parses "A1<TAB>NAME T3" (boolean) and "A2<TAB>NAME T3 VALUE".
func (p *bratParser) attribute(l bratLine, spans map[uint64]int) {
	f := []string{}
	if len(l.fields) >= 2 {
		f = strings.Fields(l.fields[1])
	}
	if len(f) < 2 || len(f) > 3 {
		p.keep(l, "attribute needs a name, a target and at most one value")
		return
	}
	id, ok := p.tids[f[1]]
	if !ok {
		p.keep(l, "attribute target %s is not a text-bound annotation", f[1])
		return
	}
	value := "true"
	if len(f) == 3 {
		value = f[2]
	}
	s := &p.d.Spans[spans[id]]
	if s.Attrs == nil {
		s.Attrs = map[string]string{}
	}
	if _, dup := s.Attrs[f[0]]; dup {
		p.keep(l, "attribute %s set twice on %s", f[0], f[1])
		return
	}
	s.Attrs[f[0]] = value
}

// note parses "#1<TAB>AnnotatorNotes T1<TAB>text".
func (p *bratParser) note(l bratLine, spans map[uint64]int) {
	if len(l.fields) < 3 {
		p.keep(l, "note without text")
		return
	}
	kind, ref, _ := strings.Cut(l.fields[1], " ")
	id, ok := p.tids[ref]
	if kind != "AnnotatorNotes" || !ok {
		p.keep(l, "note %q does not annotate a text-bound annotation", l.fields[1])
		return
	}
	s := &p.d.Spans[spans[id]]
	note := strings.Join(l.fields[2:], " ")
	if s.Note != "" {
		note = s.Note + " " + note
	}
	s.Note = note
}
