package format

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"alama/annotate"
)

// WebAnno TSV 3.3, the format INCEpTION imports as "WebAnno TSV v3": a
// folder with DOC.tsv per document and webanno-layers.md, which says which two
// custom layers the INCEpTION project needs before it can import the files.
//
// Each file declares the span layer WebAnnoSpanLayer with the features
// label, note and attr_NAME (one per span attribute, sorted by name) and
// the relation layer WebAnnoRelationLayer with the feature label, attached
// to the span layer. Sentences and tokens are those of
// annotate/arabic.TokensAndSentences; every token is a row "S-T", and a span
// edge inside a token (a clitic alone, a word without its proclitic) becomes
// a sub-token row "S-T.N" rather than a widened span. Offsets count UTF-16
// code units over the whole text, as INCEpTION's Java strings do, so an
// emoji counts 2.
//
// A span that reaches into the white space or format controls between
// tokens is trimmed to the tokens it covers (counted as resized); one that
// covers no token at all is dropped. A relation is written on the row of
// its target span and names the row of its source, with disambiguation ids
// "[src_tgt]" where either span needs one. What the file cannot hold: the
// document title, status, labels and metadata; annotators, creation times
// and suggestion marks; the characters between sentences and after the
// last token (readers rebuild a gap as white space of the same length, so
// every offset holds);
// attributes whose name is not a plain identifier or whose value is empty
// (dropped and counted).

// The names of the custom INCEpTION layers the TSV files use.
const (
	WebAnnoSpanLayer     = "webanno.custom.AlamaSpan"
	WebAnnoRelationLayer = "webanno.custom.AlamaRelation"
)

const webannoAttrPrefix = "attr_"

// webannoLayersFile is the file that describes the layers to create in
// INCEpTION; Import skips it.
const webannoLayersFile = "webanno-layers.md"

// webannoFeatureName is what INCEpTION accepts as a feature name.
var webannoFeatureName = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]*$`)

type webannoEncoder struct {
	dir    string
	schema *annotate.Schema
	ids    map[uint64]bool
	attrs  []string // attribute features declared in some file, for webannoLayersFile
	buf    bytes.Buffer
}

func newWebAnnoEncoder(dir string, s *annotate.Schema, _ *Options) (encoder, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	return &webannoEncoder{dir: dir, schema: s, ids: map[uint64]bool{}}, nil
}

func (e *webannoEncoder) encode(d *annotate.Document, _ string, rep *Report) error {
	if e.ids[d.ID] {
		return fmt.Errorf("document id %d comes twice; WebAnno files are named by id: %w", d.ID, annotate.ErrDuplicate)
	}
	e.ids[d.ID] = true
	e.buf.Reset()
	attrs, err := writeWebAnno(&e.buf, d, e.schema, rep)
	if err != nil {
		return err
	}
	for _, a := range attrs {
		if !slices.Contains(e.attrs, a) {
			e.attrs = append(e.attrs, a)
		}
	}
	return os.WriteFile(filepath.Join(e.dir, bratName(d.ID)+".tsv"), e.buf.Bytes(), 0o644)
}

func (e *webannoEncoder) finish() error {
	slices.Sort(e.attrs)
	return os.WriteFile(filepath.Join(e.dir, webannoLayersFile), webannoLayers(e.attrs), 0o644)
}

// webannoLayers describes, in Markdown, the layers an INCEpTION project
// needs to import the files.
func webannoLayers(attrs []string) []byte {
	var b bytes.Buffer
	b.WriteString("# Layers for INCEpTION\n\n" +
		"These WebAnno TSV 3.3 files were written by Alama. Before importing them into an\n" +
		"INCEpTION project (format \"WebAnno TSV v3\"), create these two custom layers in\n" +
		"the project settings, under Layers. The files refer to each layer by the type\n" +
		"name after it, which INCEpTION derives from the layer name.\n\n")
	fmt.Fprintf(&b, "## Span layer AlamaSpan (`%s`)\n\n", WebAnnoSpanLayer)
	b.WriteString("- granularity: character level; overlap: any; stacking allowed;\n" +
		"  crossing sentence boundaries allowed\n" +
		"- features, all of type String:\n  - label\n  - note\n")
	for _, a := range attrs {
		fmt.Fprintf(&b, "  - %s\n", a)
	}
	fmt.Fprintf(&b, "\n## Relation layer AlamaRelation (`%s`)\n\n", WebAnnoRelationLayer)
	b.WriteString("- attached to: AlamaSpan; overlap: any; crossing sentence boundaries allowed\n" +
		"- features, all of type String:\n  - label\n")
	return b.Bytes()
}

// waUnit is one row of a TSV file: a token, or a sub-token of one.
type waUnit struct {
	id         string // "S-T" or "S-T.N"
	start, end int    // code points
	spans      []int  // indexes into the written spans, stacked in order
	rels       []int  // indexes into the written relations whose target starts here
}

// waToken is a token row with the sub-token rows that follow it.
type waToken struct {
	waUnit
	subs []*waUnit
}

// sub returns the sub-token [start, end) of t, making it when needed.
func (t *waToken) sub(start, end int) *waUnit {
	for _, s := range t.subs {
		if s.start == start && s.end == end {
			return s
		}
	}
	s := &waUnit{start: start, end: end}
	t.subs = append(t.subs, s)
	return s
}

// writeWebAnno writes d as one TSV file and returns the attribute
// features it declared.
func writeWebAnno(b *bytes.Buffer, d *annotate.Document, schema *annotate.Schema, rep *Report) ([]string, error) {
	spans := sortedSpans(d.Spans)
	w, err := newWADoc(d, spans, rep)
	if err != nil {
		return nil, err
	}
	w.placeSpans(spans, rep)
	w.attrs = webannoAttrs(schema, w.kept, rep)
	w.numberSubTokens()
	w.disambiguate()
	w.placeRelations(d.Relations, rep)
	w.prepareValues(rep)
	w.writeHeader(b)
	w.writeSentences(b)
	prefixed := make([]string, len(w.attrs))
	for i, a := range w.attrs {
		prefixed[i] = webannoAttrPrefix + a
	}
	return prefixed, nil
}

// waDoc is one document on its way into a TSV file: its tokens and
// sub-tokens as rows, and the spans and relations placed on them.
type waDoc struct {
	idx   runes
	u16   []int    // UTF-16 offset of each code point offset
	toks  []tok    // the tokens, in text order
	sents [][2]int // each sentence's range of toks
	units []*waToken
	// The spans written (kept), the row naming each (head), the rows each
	// is on, and each one's disambiguation id (0 for none).
	kept   []annotate.Span
	head   []*waUnit
	rows   [][]*waUnit
	disamb []int
	pos    map[uint64]int // span id → index into kept
	rels   []annotate.Relation
	notes  []string // each kept span's note, line breaks made LF
	attrs  []string // the attribute features declared
}

// newWADoc checks the spans of d against its text, in order, and cuts the
// text into sentences of token rows.
func newWADoc(d *annotate.Document, spans []annotate.Span, rep *Report) (*waDoc, error) {
	w := &waDoc{}
	w.idx.reset(d.Text)
	for _, s := range spans {
		if _, err := w.idx.span(d, s); err != nil {
			return nil, err
		}
	}
	w.u16 = utf16Offsets(d.Text)
	toks, sentRanges := docTokens(d)
	w.toks = toks
	w.sents = groupSentences(nil, w.toks, sentRanges)
	if !waTextKept(d.Text, w.toks, w.sents) {
		rep.TextsChanged++
	}
	w.units = make([]*waToken, len(w.toks))
	for si, r := range w.sents {
		for k := r[0]; k < r[1]; k++ {
			id := strconv.Itoa(si+1) + "-" + strconv.Itoa(k-r[0]+1)
			w.units[k] = &waToken{waUnit: waUnit{id: id, start: w.toks[k].start, end: w.toks[k].end}}
		}
	}
	return w, nil
}

// placeSpans puts each span on the rows it covers, cut into sub-tokens
// where its edges fall inside a token; a span over no token is dropped.
func (w *waDoc) placeSpans(spans []annotate.Span, rep *Report) {
	toks := w.toks
	for _, s := range spans {
		a := sort.Search(len(toks), func(i int) bool { return toks[i].end > s.Start })
		z := a
		for z < len(toks) && toks[z].start < s.End {
			z++
		}
		if a == z {
			rep.SpansDropped++
			continue
		}
		start, end := max(s.Start, toks[a].start), min(s.End, toks[z-1].end)
		if start != s.Start || end != s.End {
			rep.Narrowed++ // its ends in the white space between tokens are left out
		}
		var on []*waUnit
		for k := a; k < z; k++ {
			t := w.units[k]
			switch {
			case start <= t.start && t.end <= end:
				on = append(on, &t.waUnit)
			default:
				on = append(on, t.sub(max(start, t.start), min(end, t.end)))
			}
		}
		n := len(w.kept)
		w.kept = append(w.kept, s)
		w.head = append(w.head, on[0])
		w.rows = append(w.rows, on)
		for _, u := range on {
			u.spans = append(u.spans, n)
		}
		rep.Spans++
	}
}

// numberSubTokens numbers each token's sub-tokens in text order.
func (w *waDoc) numberSubTokens() {
	for _, t := range w.units {
		slices.SortFunc(t.subs, func(x, y *waUnit) int {
			if x.start != y.start {
				return x.start - y.start
			}
			return x.end - y.end
		})
		for i, s := range t.subs {
			s.id = t.id + "." + strconv.Itoa(i+1)
		}
	}
}

// disambiguate gives a disambiguation id to each span on several rows, or
// sharing a row with another span.
func (w *waDoc) disambiguate() {
	ambiguous := make([]bool, len(w.kept))
	for n, on := range w.rows {
		if len(on) > 1 {
			ambiguous[n] = true
		}
		for _, u := range on {
			if len(u.spans) > 1 {
				ambiguous[n] = true
			}
		}
	}
	w.disamb = make([]int, len(w.kept))
	next := 0
	for n := range w.kept {
		if ambiguous[n] {
			next++
			w.disamb[n] = next
		}
	}
}

// placeRelations puts each relation between two written spans on the head
// row of its target; the others are dropped.
func (w *waDoc) placeRelations(relations []annotate.Relation, rep *Report) {
	w.pos = make(map[uint64]int, len(w.kept))
	for n, s := range w.kept {
		w.pos[s.ID] = n
	}
	for _, r := range sortedRelations(relations) {
		_, ok1 := w.pos[r.From]
		to, ok2 := w.pos[r.To]
		if !ok1 || !ok2 {
			rep.RelationsDropped++
			continue
		}
		w.head[to].rels = append(w.head[to].rels, len(w.rels))
		w.rels = append(w.rels, r)
		rep.Relations++
	}
}

// ref is how a relation names its source span: the source's head row,
// with both ends' disambiguation ids when either has one.
func (w *waDoc) ref(r annotate.Relation) string {
	from, to := w.pos[r.From], w.pos[r.To]
	id := w.head[from].id
	if w.disamb[from] != 0 || w.disamb[to] != 0 {
		id += fmt.Sprintf("[%d_%d]", w.disamb[from], w.disamb[to])
	}
	return id
}

// prepareValues flattens the notes' line breaks to LF and counts the
// attribute values a feature cannot hold.
func (w *waDoc) prepareValues(rep *Report) {
	w.notes = make([]string, len(w.kept))
	for n, s := range w.kept {
		if s.Note == "" {
			continue
		}
		note := strings.ReplaceAll(s.Note, "\r\n", "\n")
		note = strings.ReplaceAll(note, "\r", "\n")
		if note != s.Note {
			rep.NotesFlattened++
		}
		w.notes[n] = note
	}
	for _, s := range w.kept {
		for a, v := range s.Attrs {
			if !webannoAttrValue(v) && slices.Contains(w.attrs, a) {
				rep.AttrsDropped++
			}
		}
	}
}

// writeHeader writes the format line and the two layers' columns.
func (w *waDoc) writeHeader(b *bytes.Buffer) {
	b.WriteString("#FORMAT=WebAnno TSV 3.3\n")
	b.WriteString("#T_SP=" + WebAnnoSpanLayer + "|label|note")
	for _, a := range w.attrs {
		b.WriteString("|" + webannoAttrPrefix + a)
	}
	b.WriteString("\n#T_RL=" + WebAnnoRelationLayer + "|label|BT_" + WebAnnoSpanLayer + "\n\n")
}

// writeSentences writes each sentence: its #Text lines, then its rows.
func (w *waDoc) writeSentences(b *bytes.Buffer) {
	for _, r := range w.sents {
		b.WriteByte('\n')
		text := w.idx.slice(w.toks[r[0]].start, w.toks[r[1]-1].end)
		for line := range strings.SplitSeq(text, "\n") {
			b.WriteString("#Text=" + escapeWebAnnoText(line) + "\n")
		}
		for _, t := range w.units[r[0]:r[1]] {
			w.writeRow(b, &t.waUnit)
			for _, s := range t.subs {
				w.writeRow(b, s)
			}
		}
	}
}

// writeRow writes one row: id, UTF-16 range, text, a column per span
// feature and the two relation columns.
func (w *waDoc) writeRow(b *bytes.Buffer, u *waUnit) {
	b.WriteString(u.id)
	b.WriteByte('\t')
	b.WriteString(strconv.Itoa(w.u16[u.start]))
	b.WriteByte('-')
	b.WriteString(strconv.Itoa(w.u16[u.end]))
	b.WriteByte('\t')
	b.WriteString(w.idx.slice(u.start, u.end))
	b.WriteByte('\t')
	col := func(write func(n int)) {
		if len(u.spans) == 0 {
			b.WriteString("_\t")
			return
		}
		for i, n := range u.spans {
			if i > 0 {
				b.WriteByte('|')
			}
			write(n)
		}
		b.WriteByte('\t')
	}
	col(func(n int) { w.writeValue(b, n, w.kept[n].Label, true) })
	col(func(n int) { w.writeValue(b, n, w.notes[n], w.notes[n] != "") })
	for _, a := range w.attrs {
		col(func(n int) {
			v, ok := w.kept[n].Attrs[a]
			w.writeValue(b, n, v, ok && webannoAttrValue(v))
		})
	}
	if len(u.rels) == 0 {
		b.WriteString("_\t_\t\n")
		return
	}
	for i, k := range u.rels {
		if i > 0 {
			b.WriteByte('|')
		}
		b.WriteString(escapeWebAnnoValue(w.rels[k].Type))
	}
	b.WriteByte('\t')
	for i, k := range u.rels {
		if i > 0 {
			b.WriteByte('|')
		}
		b.WriteString(w.ref(w.rels[k]))
	}
	b.WriteString("\t\n")
}

// writeValue writes span n's value in one column, "*" when it has none,
// followed by its disambiguation id.
func (w *waDoc) writeValue(b *bytes.Buffer, n int, value string, present bool) {
	if present {
		b.WriteString(escapeWebAnnoValue(value))
	} else {
		b.WriteByte('*')
	}
	if w.disamb[n] != 0 {
		b.WriteByte('[')
		b.WriteString(strconv.Itoa(w.disamb[n]))
		b.WriteByte(']')
	}
}

// webannoAttrs returns the attribute names a file declares as features:
// those the schema gives the labels of spans plus those the spans carry,
// sorted. Names that cannot be INCEpTION feature names are left out and
// their values counted as dropped.
func webannoAttrs(schema *annotate.Schema, spans []annotate.Span, rep *Report) []string {
	var names []string
	add := func(n string) {
		if !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	for _, s := range spans {
		if schema != nil {
			if l, ok := schema.Label(s.Label); ok {
				for _, a := range l.Attrs {
					if webannoFeatureName.MatchString(a.Name) {
						add(a.Name)
					}
				}
			}
		}
		for n := range s.Attrs {
			if webannoFeatureName.MatchString(n) {
				add(n)
			} else {
				rep.AttrsDropped++
			}
		}
	}
	slices.Sort(names)
	return names
}

// webannoAttrValue reports whether an attribute value can be written: not
// empty (INCEpTION reads an empty field as no value) and without a carriage
// return (which ends a line for INCEpTION's reader and has no escape).
func webannoAttrValue(v string) bool { return v != "" && !strings.ContainsRune(v, '\r') }

// utf16Offsets returns, for every code-point offset of text (and its end),
// the offset in UTF-16 code units.
func utf16Offsets(text string) []int {
	out := make([]int, 0, len(text)+1)
	n := 0
	for _, r := range text {
		out = append(out, n)
		n++
		if r >= 0x10000 {
			n++
		}
	}
	return append(out, n)
}

// escapeWebAnnoText escapes a line of sentence text for a #Text= line:
// backslash, tab, line breaks, form feed, backspace and the other C0
// controls.
func escapeWebAnnoText(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return r < 32 || r == '\\' }) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\f':
			b.WriteString(`\f`)
		case r == '\b':
			b.WriteString(`\b`)
		case r < 8 || r >= 14 && r < 32:
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// escapeWebAnnoValue escapes a feature value: the characters the format
// reserves (\ [ ] | _ ; * and the pair ->) and tabs and line feeds.
func escapeWebAnnoValue(s string) string {
	if !strings.ContainsAny(s, "\\[]|_;*\t\n") && !strings.Contains(s, "->") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '\\', '[', ']', '|', '_', ';', '*':
			b.WriteByte('\\')
			b.WriteByte(c)
		case '\t':
			b.WriteString(`\t`)
		case '\n':
			b.WriteString(`\n`)
		case '-':
			if i+1 < len(s) && s[i+1] == '>' {
				b.WriteString(`\->`)
				i++
				continue
			}
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// waTextKept reports whether a reader gets text back exactly: it rebuilds
// each sentence from its first token to its last and fills the gaps before
// sentences with line breaks, so any other character there, or after the
// last token, is lost.
func waTextKept(text string, toks []tok, sents [][2]int) bool {
	var idx runes
	idx.reset(text)
	at := 0
	for _, r := range sents {
		if r[0] == r[1] {
			continue
		}
		if strings.Trim(idx.slice(at, toks[r[0]].start), "\n") != "" {
			return false
		}
		at = toks[r[1]-1].end
	}
	return at == idx.len()
}
