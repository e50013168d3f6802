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
// to the span layer. Sentences and tokens are those the document kept from
// a tokenized source, or else those of annotate/arabic.TokensAndSentences;
// every token is a row "S-T", and a span
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
	var idx runes
	idx.reset(d.Text)
	spans := sortedSpans(d.Spans)
	for _, s := range spans {
		if _, err := idx.span(d, s); err != nil {
			return nil, err
		}
	}
	u16 := utf16Offsets(d.Text)
	toks, sentRanges := docTokens(d)
	sents := groupSentences(toks, sentRanges)
	if !waTextKept(d.Text, toks, sents) {
		rep.TextsChanged++
	}
	units := make([]*waToken, len(toks))
	for si, r := range sents {
		for k := r[0]; k < r[1]; k++ {
			id := strconv.Itoa(si+1) + "-" + strconv.Itoa(k-r[0]+1)
			units[k] = &waToken{waUnit: waUnit{id: id, start: toks[k].start, end: toks[k].end}}
		}
	}

	// Place the spans on rows.
	var kept []annotate.Span
	var head []*waUnit // the row that names each kept span
	var rows [][]*waUnit
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
			t := units[k]
			switch {
			case start <= t.start && t.end <= end:
				on = append(on, &t.waUnit)
			default:
				on = append(on, t.sub(max(start, t.start), min(end, t.end)))
			}
		}
		n := len(kept)
		kept = append(kept, s)
		head = append(head, on[0])
		rows = append(rows, on)
		for _, u := range on {
			u.spans = append(u.spans, n)
		}
		rep.Spans++
	}
	attrs := webannoAttrs(schema, kept, rep)
	// Number the sub-tokens in text order.
	for _, t := range units {
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
	// A span on several rows, or sharing a row with another span, gets a
	// disambiguation id.
	ambiguous := make([]bool, len(kept))
	for n, on := range rows {
		if len(on) > 1 {
			ambiguous[n] = true
		}
		for _, u := range on {
			if len(u.spans) > 1 {
				ambiguous[n] = true
			}
		}
	}
	disamb := make([]int, len(kept))
	next := 0
	for n := range kept {
		if ambiguous[n] {
			next++
			disamb[n] = next
		}
	}

	// Place the relations on the rows of their targets.
	pos := make(map[uint64]int, len(kept))
	for n, s := range kept {
		pos[s.ID] = n
	}
	var rels []annotate.Relation
	for _, r := range sortedRelations(d.Relations) {
		_, ok1 := pos[r.From]
		to, ok2 := pos[r.To]
		if !ok1 || !ok2 {
			rep.RelationsDropped++
			continue
		}
		head[to].rels = append(head[to].rels, len(rels))
		rels = append(rels, r)
		rep.Relations++
	}
	ref := func(r annotate.Relation) string {
		from, to := pos[r.From], pos[r.To]
		id := head[from].id
		if disamb[from] != 0 || disamb[to] != 0 {
			id += fmt.Sprintf("[%d_%d]", disamb[from], disamb[to])
		}
		return id
	}

	// Header.
	b.WriteString("#FORMAT=WebAnno TSV 3.3\n")
	b.WriteString("#T_SP=" + WebAnnoSpanLayer + "|label|note")
	for _, a := range attrs {
		b.WriteString("|" + webannoAttrPrefix + a)
	}
	b.WriteString("\n#T_RL=" + WebAnnoRelationLayer + "|label|BT_" + WebAnnoSpanLayer + "\n\n")

	// Body.
	notes := make([]string, len(kept))
	for n, s := range kept {
		if s.Note == "" {
			continue
		}
		note := strings.ReplaceAll(s.Note, "\r\n", "\n")
		note = strings.ReplaceAll(note, "\r", "\n")
		if note != s.Note {
			rep.NotesFlattened++
		}
		notes[n] = note
	}
	for _, s := range kept {
		for a, v := range s.Attrs {
			if !webannoAttrValue(v) && slices.Contains(attrs, a) {
				rep.AttrsDropped++
			}
		}
	}
	// span writes the value of one span in one column.
	span := func(n int, value string, present bool) {
		if present {
			b.WriteString(escapeWebAnnoValue(value))
		} else {
			b.WriteByte('*')
		}
		if disamb[n] != 0 {
			b.WriteByte('[')
			b.WriteString(strconv.Itoa(disamb[n]))
			b.WriteByte(']')
		}
	}
	row := func(u *waUnit) {
		b.WriteString(u.id)
		b.WriteByte('\t')
		b.WriteString(strconv.Itoa(u16[u.start]))
		b.WriteByte('-')
		b.WriteString(strconv.Itoa(u16[u.end]))
		b.WriteByte('\t')
		b.WriteString(idx.slice(u.start, u.end))
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
		col(func(n int) { span(n, kept[n].Label, true) })
		col(func(n int) { span(n, notes[n], notes[n] != "") })
		for _, a := range attrs {
			col(func(n int) {
				v, ok := kept[n].Attrs[a]
				span(n, v, ok && webannoAttrValue(v))
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
			b.WriteString(escapeWebAnnoValue(rels[k].Type))
		}
		b.WriteByte('\t')
		for i, k := range u.rels {
			if i > 0 {
				b.WriteByte('|')
			}
			b.WriteString(ref(rels[k]))
		}
		b.WriteString("\t\n")
	}
	for _, r := range sents {
		b.WriteByte('\n')
		text := idx.slice(toks[r[0]].start, toks[r[1]-1].end)
		for line := range strings.SplitSeq(text, "\n") {
			b.WriteString("#Text=" + escapeWebAnnoText(line) + "\n")
		}
		for _, t := range units[r[0]:r[1]] {
			row(&t.waUnit)
			for _, s := range t.subs {
				row(s)
			}
		}
	}
	prefixed := make([]string, len(attrs))
	for i, a := range attrs {
		prefixed[i] = webannoAttrPrefix + a
	}
	return prefixed, nil
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
