package format

import (
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"alama/annotate"
)

// ReadWebAnno reads one WebAnno TSV 3.x file, as Alama or INCEpTION writes
// it, and emits it as one document titled by the file name. name is used
// in errors, which are *LineError values naming the line.
//
// The text is rebuilt from the #Text= lines of each sentence, joined by line
// breaks; the gap between one sentence and the first token of the next
// (which the format does not record) is filled with line breaks, so
// paragraph breaks come back as they were and every offset holds. Offsets
// are UTF-16 code units, and every token's text must match the text at its
// offsets.
//
// Every span layer's annotations become spans; the label is the feature
// named label (or value, or else the layer's first feature), or the
// layer's short name when that is empty. A note feature becomes the
// span's note, attr_NAME features and any other features its attributes.
// Relation layers become relations from the annotation the governor column
// names to the one on the row, labelled like spans. Chain layers (T_CH) are
// skipped, each with a warning through opts.Warn.
func ReadWebAnno(name string, r io.Reader, opts ImportOptions, emit func(*annotate.Document) error) error {
	p := &waParser{name: name, opts: opts, byID: map[waKey]int{}, units: map[string]int{}}
	p.cp16, p.byteAt = []int{0}, []int{0}
	if err := scanLines(name, r, MaxLineBytes, p.line); err != nil {
		return err
	}
	d, err := p.finish()
	if err != nil {
		return err
	}
	return emit(d)
}

// waLayer is a layer declared in the header, with its columns.
type waLayer struct {
	name     string
	relation bool
	chain    bool
	features []string // feature of each column; "" for a placeholder column
	col      int      // index of the first column after the token text
	base     string   // the span layer a relation layer links (BT_)
}

// waKey names a multi-row annotation: its layer and disambiguation id.
type waKey struct {
	layer int
	id    int
}

// waSpan is a span annotation being read.
type waSpan struct {
	layer      int
	start, end int // UTF-16 offsets
	feats      map[string]string
	line       int
}

// waRel is a relation annotation, resolved once every row is read.
type waRel struct {
	layer        int
	base         int // the span layer it links
	feats        map[string]string
	unit         int    // row holding the relation (its target)
	source       string // unit id of the source
	srcID, tgtID int    // disambiguation ids, 0 for none
	line         int
}

// waRow is one token or sub-token row: its offsets and the spans on it,
// as indexes into the parser's spans, in stacking order.
type waRow struct {
	start, end int
	spans      []int
}

type waParser struct {
	name   string
	opts   ImportOptions
	state  int // 0 format line, 1 header, 2 body
	layers []waLayer
	ncols  int

	text     []byte
	cp16     []int // cp16[u] = code points before UTF-16 offset u; -1 inside a pair
	byteAt   []int // byteAt[c] = bytes before code point c
	len16    int
	sentence strings.Builder
	inHeader bool // reading #Text= lines of a sentence
	sentLine int

	rows  []waRow
	units map[string]int // row id → index into rows
	// toks and sents are the token rows (code points) and the index of
	// each sentence's first one, kept with the document; tokOK turns
	// false if the rows overlap or go back, and then none are kept.
	toks    []annotate.Token
	sents   []int
	newSent bool
	tokOK   bool
	token   string // id of the last token row
	spans   []waSpan
	byID    map[waKey]int
	rels    []waRel
}

func (p *waParser) err(line int, format string, args ...any) error {
	return lineErr(p.name, line, format, args...)
}

func (p *waParser) line(n int, b []byte) error {
	s := string(b)
	switch p.state {
	case 0:
		v, ok := strings.CutPrefix(s, "#FORMAT=WebAnno TSV 3.")
		if _, err := strconv.Atoi(v); !ok || err != nil {
			return p.err(n, "want #FORMAT=WebAnno TSV 3.x, got %q", s)
		}
		p.state = 1
		return nil
	case 1:
		if s == "" {
			p.state = 2
			return nil
		}
		return p.header(n, s)
	}
	switch {
	case s == "":
		if p.inHeader {
			return p.err(n, "sentence without tokens")
		}
		p.token = ""
		return nil
	case strings.HasPrefix(s, "#Text="):
		if !p.inHeader {
			p.inHeader, p.sentLine = true, n
			p.sentence.Reset()
		} else {
			p.sentence.WriteByte('\n')
		}
		t, err := unescapeWebAnnoText(s[len("#Text="):])
		if err != nil {
			return p.err(n, "%v", err)
		}
		p.sentence.WriteString(t)
		return nil
	case strings.HasPrefix(s, "#"):
		return nil // #Sentence.id= and other sentence header lines
	}
	return p.row(n, s)
}

// header reads a #T_SP=, #T_RL= or #T_CH= layer declaration.
func (p *waParser) header(n int, s string) error {
	kind, decl, ok := strings.Cut(s, "=")
	if !ok || (kind != "#T_SP" && kind != "#T_RL" && kind != "#T_CH") {
		return p.err(n, "want a layer declaration #T_SP=, #T_RL= or #T_CH=, got %q", s)
	}
	f := strings.Split(decl, "|")
	if f[0] == "" {
		return p.err(n, "layer without a type name")
	}
	l := waLayer{name: f[0], relation: kind == "#T_RL", chain: kind == "#T_CH", col: p.ncols}
	for _, c := range f[1:] {
		if l.relation && strings.HasPrefix(c, "BT_") {
			l.base = c[len("BT_"):]
			continue
		}
		if strings.HasPrefix(c, "ROLE_") {
			return p.err(n, "slot features (%s) are not supported", c)
		}
		l.features = append(l.features, c)
	}
	if len(l.features) == 0 {
		l.features = []string{""}
	}
	if l.relation && l.base == "" {
		return p.err(n, "relation layer %s has no BT_ column naming its span layer", l.name)
	}
	p.ncols += len(l.features)
	if l.relation {
		p.ncols++
	}
	if l.chain && p.opts.Warn != nil {
		p.opts.Warn(p.err(n, "chain layer %s is not supported; its columns are skipped", l.name))
	}
	p.layers = append(p.layers, l)
	return nil
}

// startSentence appends the sentence text read so far at the offset of its
// first token.
func (p *waParser) startSentence(n, begin int) error {
	switch {
	case begin < p.len16:
		return p.err(n, "sentence starts at %d, inside the text before it (%d)", begin, p.len16)
	case begin > p.len16:
		p.append(strings.Repeat("\n", begin-p.len16))
	}
	p.append(p.sentence.String())
	p.inHeader = false
	return nil
}

func (p *waParser) append(s string) {
	cps := len(p.byteAt) - 1
	for i, r := range s {
		cps++
		if r >= 0x10000 {
			p.cp16 = append(p.cp16, -1)
			p.len16++
		}
		p.cp16 = append(p.cp16, cps)
		p.len16++
		p.byteAt = append(p.byteAt, len(p.text)+i+utf8.RuneLen(r))
	}
	p.text = append(p.text, s...)
}

// row reads a token or sub-token row.
func (p *waParser) row(n int, s string) error {
	f := strings.Split(s, "\t")
	if len(f) < 3+p.ncols {
		return p.err(n, "%d columns where the header declares %d", len(f), 3+p.ncols)
	}
	for _, extra := range f[3+p.ncols:] {
		if extra != "" {
			return p.err(n, "%d columns where the header declares %d", len(f), 3+p.ncols)
		}
	}
	a, z, ok := strings.Cut(f[1], "-")
	begin, err1 := strconv.Atoi(a)
	end, err2 := strconv.Atoi(z)
	if !ok || err1 != nil || err2 != nil || begin < 0 || end < begin {
		return p.err(n, "offsets %q are not BEGIN-END", f[1])
	}
	id := f[0]
	tokenID, _, sub := strings.Cut(id, ".")
	if sub {
		if p.token == "" || tokenID != p.token {
			return p.err(n, "sub-token %s does not follow its token", id)
		}
	} else {
		if p.inHeader {
			if err := p.startSentence(n, begin); err != nil {
				return err
			}
			p.newSent = true
		} else if p.token == "" {
			return p.err(n, "token row without a #Text= line before it")
		}
		p.token = id
	}
	if !waUnitID(id) {
		return p.err(n, "row id %q is not SENTENCE-TOKEN or SENTENCE-TOKEN.N", id)
	}
	if end > p.len16 {
		return p.err(n, "offsets %d-%d run past the text (%d UTF-16 units so far)", begin, end, p.len16)
	}
	if p.cp16[begin] < 0 || p.cp16[end] < 0 {
		return p.err(n, "offsets %d-%d split a character outside the Basic Multilingual Plane (2 UTF-16 units)", begin, end)
	}
	if got := p.slice(begin, end); got != f[2] {
		return p.err(n, "token %q differs from the text %q at %d-%d", f[2], got, begin, end)
	}
	if _, dup := p.units[id]; dup {
		return p.err(n, "row id %s comes twice", id)
	}
	p.units[id] = len(p.rows)
	p.rows = append(p.rows, waRow{start: begin, end: end})
	if !sub {
		p.keepToken(p.cp16[begin], p.cp16[end])
	}
	for li, l := range p.layers {
		if l.chain {
			continue
		}
		if err := p.cells(n, li, f[3+l.col:]); err != nil {
			return err
		}
	}
	return nil
}

// keepToken records a token row for the document's tokenization.
func (p *waParser) keepToken(start, end int) {
	if len(p.toks) == 0 && len(p.sents) == 0 {
		p.tokOK = true
	}
	if !p.tokOK || start == end {
		return
	}
	if n := len(p.toks); n > 0 && start < p.toks[n-1].End {
		p.tokOK = false
		return
	}
	if p.newSent || len(p.toks) == 0 {
		p.sents = append(p.sents, len(p.toks))
		p.newSent = false
	}
	p.toks = append(p.toks, annotate.Token{Start: start, End: end})
}

// waUnitID reports whether id is "S-T" or "S-T.N" with positive numbers.
func waUnitID(id string) bool {
	main, sub, hasSub := strings.Cut(id, ".")
	s, t, ok := strings.Cut(main, "-")
	for _, part := range []string{s, t} {
		if v, err := strconv.Atoi(part); err != nil || v < 1 {
			return false
		}
	}
	if hasSub {
		if v, err := strconv.Atoi(sub); err != nil || v < 1 {
			return false
		}
	}
	return ok
}

// slice returns the text between two UTF-16 offsets that fall on code
// point boundaries.
func (p *waParser) slice(begin, end int) string {
	return string(p.text[p.byteAt[p.cp16[begin]]:p.byteAt[p.cp16[end]]])
}

// cells reads the columns of layer li on the newest row.
func (p *waParser) cells(n, li int, cols []string) error {
	l := p.layers[li]
	width := len(l.features)
	if l.relation {
		width++
	}
	stacks := make([][]string, width)
	depth := -1
	for c := range width {
		if cols[c] == "_" {
			stacks[c] = nil
		} else {
			stacks[c] = splitWebAnnoStack(cols[c])
		}
		switch {
		case depth < 0:
			depth = len(stacks[c])
		case depth != len(stacks[c]):
			return p.err(n, "layer %s: columns hold %d and %d stacked values", l.name, depth, len(stacks[c]))
		}
	}
	row := len(p.rows) - 1
	for i := range depth {
		if l.relation {
			if err := p.relationCell(n, li, row, stacks, i); err != nil {
				return err
			}
			continue
		}
		feats := map[string]string{}
		id := 0
		for c, feat := range l.features {
			v, d, err := splitWebAnnoID(stacks[c][i])
			if err != nil {
				return p.err(n, "layer %s: %v", l.name, err)
			}
			if c > 0 && d != id {
				return p.err(n, "layer %s: one annotation with ids [%d] and [%d]", l.name, id, d)
			}
			id = d
			if v == "*" || feat == "" {
				continue
			}
			if feats[feat], err = unescapeWebAnnoValue(v); err != nil {
				return p.err(n, "layer %s: %v", l.name, err)
			}
		}
		r := &p.rows[row]
		if k, seen := p.byID[waKey{li, id}]; id != 0 && seen {
			sp := &p.spans[k]
			sp.start, sp.end = min(sp.start, r.start), max(sp.end, r.end)
			r.spans = append(r.spans, k)
			continue
		}
		k := len(p.spans)
		p.spans = append(p.spans, waSpan{layer: li, start: r.start, end: r.end, feats: feats, line: n})
		if id != 0 {
			p.byID[waKey{li, id}] = k
		}
		r.spans = append(r.spans, k)
	}
	return nil
}

// relationCell reads the i-th stacked relation of relation layer li.
func (p *waParser) relationCell(n, li, row int, stacks [][]string, i int) error {
	l := p.layers[li]
	feats := map[string]string{}
	for c, feat := range l.features {
		v := stacks[c][i]
		if v == "*" || feat == "" {
			continue
		}
		var err error
		if feats[feat], err = unescapeWebAnnoValue(v); err != nil {
			return p.err(n, "layer %s: %v", l.name, err)
		}
	}
	ref := stacks[len(l.features)][i]
	src, ids, hasIDs := strings.Cut(ref, "[")
	rel := waRel{layer: li, feats: feats, unit: row, source: src, line: n}
	if hasIDs {
		a, b, ok := strings.Cut(strings.TrimSuffix(ids, "]"), "_")
		var err1, err2 error
		rel.srcID, err1 = strconv.Atoi(a)
		rel.tgtID, err2 = strconv.Atoi(b)
		if !ok || !strings.HasSuffix(ids, "]") || err1 != nil || err2 != nil || rel.srcID < 0 || rel.tgtID < 0 {
			return p.err(n, "layer %s: governor %q is not S-T or S-T[SRC_TGT]", l.name, ref)
		}
	}
	if !waUnitID(src) {
		return p.err(n, "layer %s: governor %q is not S-T or S-T[SRC_TGT]", l.name, ref)
	}
	base := -1
	for k, bl := range p.layers {
		if bl.name == l.base && !bl.relation && !bl.chain {
			base = k
		}
	}
	if base < 0 {
		return p.err(n, "layer %s links %s, which is not a span layer of the header", l.name, l.base)
	}
	rel.base = base
	p.rels = append(p.rels, rel)
	return nil
}

// finish checks the text, resolves relations and builds the document.
func (p *waParser) finish() (*annotate.Document, error) {
	if p.state < 2 {
		return nil, p.err(0, "no WebAnno TSV header and body")
	}
	if p.inHeader {
		return nil, p.err(p.sentLine, "sentence without tokens")
	}
	if len(p.rows) == 0 {
		return nil, p.err(0, "no sentences")
	}
	text := string(p.text)
	if err := checkFileText(p.name, text); err != nil {
		return nil, err
	}
	title := strings.TrimSuffix(filepath.Base(p.name), filepath.Ext(p.name))
	d := &annotate.Document{Title: title, Text: text, Status: annotate.StatusNew}
	if p.tokOK && len(p.toks) > 0 {
		d.Tokens, d.Sentences = p.toks, p.sents
		p.opts.Report.add(func(r *ImportReport) { r.TokenizedDoc++ })
	}
	b := newSpanBuilder(d, p.opts)
	ids := make([]uint64, len(p.spans))
	for k, s := range p.spans {
		l := p.layers[s.layer]
		label := waLabel(l, s.feats)
		p.opts.Uses.note(p.name, s.line, label, false)
		id, err := b.add(p.cp16[s.start], p.cp16[s.end], label)
		if err != nil {
			return nil, &LineError{File: p.name, Line: s.line, Err: err}
		}
		ids[k] = id
		sp := &d.Spans[len(d.Spans)-1]
		for f, v := range s.feats {
			switch {
			case f == waLabelFeature(l):
			case f == "note":
				sp.Note = v
			default:
				if sp.Attrs == nil {
					sp.Attrs = map[string]string{}
				}
				sp.Attrs[strings.TrimPrefix(f, webannoAttrPrefix)] = v
			}
		}
	}
	for _, r := range p.rels {
		to, err := p.endpoint(r, r.unit, r.tgtID)
		if err != nil {
			return nil, err
		}
		u, ok := p.units[r.source]
		if !ok {
			return nil, p.err(r.line, "governor row %s does not exist", r.source)
		}
		from, err := p.endpoint(r, u, r.srcID)
		if err != nil {
			return nil, err
		}
		b.relate(ids[from], ids[to], waLabel(p.layers[r.layer], r.feats))
	}
	doc, err := b.done()
	if err != nil {
		return nil, &LineError{File: p.name, Err: err}
	}
	return doc, nil
}

// endpoint finds the span a relation end names: the one with disambiguation
// id id, or else the only span of the linked layer on the row.
func (p *waParser) endpoint(r waRel, row, id int) (int, error) {
	li := r.base
	var on []int
	for _, k := range p.rows[row].spans {
		if p.spans[k].layer == li {
			on = append(on, k)
		}
	}
	if id != 0 {
		k, ok := p.byID[waKey{li, id}]
		if !ok {
			return 0, p.err(r.line, "no %s annotation has id [%d]", p.layers[li].name, id)
		}
		return k, nil
	}
	if len(on) != 1 {
		return 0, p.err(r.line, "relation end on a row with %d %s annotations and no id", len(on), p.layers[li].name)
	}
	return on[0], nil
}

// waLabelFeature is the feature that gives a layer's labels.
func waLabelFeature(l waLayer) string {
	for _, want := range []string{"label", "value"} {
		for _, f := range l.features {
			if f == want {
				return f
			}
		}
	}
	return l.features[0]
}

// waLabel is the label of an annotation: its label feature, or the layer's
// short name.
func waLabel(l waLayer, feats map[string]string) string {
	if v := feats[waLabelFeature(l)]; v != "" {
		return v
	}
	return l.name[strings.LastIndexByte(l.name, '.')+1:]
}

// splitWebAnnoStack splits a cell at the | that are not escaped.
func splitWebAnnoStack(s string) []string {
	var out []string
	from := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '|':
			out = append(out, s[from:i])
			from = i + 1
		}
	}
	return append(out, s[from:])
}

// splitWebAnnoID cuts a trailing disambiguation id "[N]" off a value.
func splitWebAnnoID(v string) (string, int, error) {
	if !strings.HasSuffix(v, "]") || waEscaped(v, len(v)-1) {
		return v, 0, nil
	}
	i := strings.LastIndexByte(v, '[')
	if i < 0 || waEscaped(v, i) {
		return "", 0, fmt.Errorf("value %q ends in ] without [", v)
	}
	id, err := strconv.Atoi(v[i+1 : len(v)-1])
	if err != nil || id < 1 {
		return "", 0, fmt.Errorf("value %q: disambiguation id is not a positive number", v)
	}
	return v[:i], id, nil
}

// waEscaped reports whether the byte at i is preceded by an odd number of
// backslashes.
func waEscaped(s string, i int) bool {
	n := 0
	for i--; i >= 0 && s[i] == '\\'; i-- {
		n++
	}
	return n%2 == 1
}

// unescapeWebAnnoValue undoes escapeWebAnnoValue.
func unescapeWebAnnoValue(s string) (string, error) {
	if !strings.ContainsRune(s, '\\') {
		return s, nil
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' {
			b.WriteByte(c)
			continue
		}
		if i+1 == len(s) {
			return "", fmt.Errorf("value %q ends in a lone backslash", s)
		}
		i++
		switch s[i] {
		case '\\', '[', ']', '|', '_', ';', '*':
			b.WriteByte(s[i])
		case 't':
			b.WriteByte('\t')
		case 'n':
			b.WriteByte('\n')
		case '-':
			if i+1 < len(s) && s[i+1] == '>' {
				b.WriteString("->")
				i++
				continue
			}
			return "", fmt.Errorf("value %q: unknown escape \\-", s)
		default:
			return "", fmt.Errorf("value %q: unknown escape \\%c", s, s[i])
		}
	}
	return b.String(), nil
}

// unescapeWebAnnoText undoes escapeWebAnnoText.
func unescapeWebAnnoText(s string) (string, error) {
	if !strings.ContainsRune(s, '\\') {
		return s, nil
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' {
			b.WriteByte(c)
			continue
		}
		if i+1 == len(s) {
			return "", fmt.Errorf("text ends in a lone backslash")
		}
		i++
		switch c := s[i]; {
		case c == '\\':
			b.WriteByte('\\')
		case c == 't':
			b.WriteByte('\t')
		case c == 'n':
			b.WriteByte('\n')
		case c == 'r':
			b.WriteByte('\r')
		case c == 'f':
			b.WriteByte('\f')
		case c == 'b':
			b.WriteByte('\b')
		case c < 8 || c >= 14 && c < 32:
			b.WriteByte(c)
		default:
			return "", fmt.Errorf("unknown escape \\%c in the text", c)
		}
	}
	return b.String(), nil
}
