package format

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	unorm "golang.org/x/text/unicode/norm"

	"alama/annotate"
)

// CoNLL / IOB: one token per line, "TOKEN TAG" (or "TOKEN POS CHUNK TAG"
// with Options.CoNLL2003), a blank line after each sentence and, with
// Options.DocStart, a "-DOCSTART-" line (and a blank line) before each
// document. Tokens are the words of annotate/arabic.Tokenize: a clitic
// stays inside its word, so a span that leaves out a proclitic tags the
// whole word and is reported as widened; Options.Segmented cuts words at
// span edges instead. Relations, attributes and notes have no place here.

// DocStart is the token of a document separator line.
const DocStart = "-DOCSTART-"

type conllEncoder struct {
	w       io.Writer
	o       Options
	started bool // a document was written: without separators the next one merges into it
}

func newCoNLLEncoder(w io.Writer, _ *annotate.Schema, o *Options) (encoder, error) {
	return &conllEncoder{w: w, o: *o}, nil
}

func levels(o *Options) int { return max(o.Levels, 1) }

func (e *conllEncoder) encode(d *annotate.Document, part string, rep *Report) error {
	p, err := e.prepare(d)
	if err != nil {
		return err
	}
	return e.write(d, p, part, rep)
}

// tagged is a document prepared for a token format: its tokens and tags
// and what tagging lost.
type tagged struct {
	tz  *tokenized
	rep Report
}

// prepareTokens checks the spans of d against its text and tags its
// tokens in the buffers of sc (see tagScratch). It is safe to call
// concurrently with other scratches.
func prepareTokens(sc *tagScratch, d *annotate.Document, o *Options, levels int) (*tagged, error) {
	n := utf8.RuneCountInString(d.Text)
	spans := sortedSpans(d.Spans)
	for _, s := range spans {
		if err := checkSpan(d, s, n); err != nil {
			return nil, err
		}
	}
	t := &tagged{}
	t.tz = sc.tag(d, spans, o.Scheme, levels, o.Segmented, &t.rep)
	t.rep.Spans = len(spans) - t.rep.SpansDropped - t.rep.OverlapsDropped
	t.rep.RelationsDropped = len(d.Relations)
	countLosses(d, &t.rep)
	return t, nil
}

// conllDoc is a document written out by prepare: its lines, what tagging
// lost, and whether a reader would rebuild a text other than its own.
type conllDoc struct {
	buf     *[]byte
	rep     Report
	changed bool
}

// conllBuffers holds the byte buffers of prepared documents.
var conllBuffers = sync.Pool{New: func() any { return new([]byte) }}

func (e *conllEncoder) prepare(d *annotate.Document) (any, error) {
	sc := scratchPool.Get().(*tagScratch)
	defer scratchPool.Put(sc)
	t, err := prepareTokens(sc, d, &e.o, levels(&e.o))
	if err != nil {
		return nil, err
	}
	buf := conllBuffers.Get().(*[]byte)
	*buf = e.appendDoc((*buf)[:0], t.tz)
	return &conllDoc{buf: buf, rep: t.rep, changed: !t.tz.joinedIs(d.Text)}, nil
}

// appendDoc appends the lines of a tokenized document to b.
func (e *conllEncoder) appendDoc(b []byte, tz *tokenized) []byte {
	if e.o.CoNLL2003 || e.o.DocStart {
		b = append(b, DocStart...)
		if e.o.CoNLL2003 {
			b = append(b, " -X- -X-"...)
		}
		for range tz.tags {
			b = append(b, " O"...)
		}
		b = append(b, "\n\n"...)
	}
	for _, sr := range tz.sents {
		for i := sr[0]; i < sr[1]; i++ {
			b = append(b, tz.toks[i].text...)
			if e.o.CoNLL2003 {
				b = append(b, " _ O"...)
			}
			for _, col := range tz.tags {
				b = append(b, ' ')
				b = append(b, col[i]...)
			}
			b = append(b, '\n')
		}
		b = append(b, '\n')
	}
	return b
}

func (e *conllEncoder) write(_ *annotate.Document, prep any, _ string, rep *Report) error {
	c := prep.(*conllDoc)
	defer conllBuffers.Put(c.buf)
	rep.add(c.rep)
	switch {
	case e.started && !e.o.CoNLL2003 && !e.o.DocStart:
		rep.DocsMerged++
	case c.changed:
		rep.TextsChanged++
	}
	e.started = true
	_, err := e.w.Write(*c.buf)
	return err
}

func (e *conllEncoder) finish() error { return nil }

// joinedIs reports whether text is the one a CoNLL reader rebuilds from
// the tokens: one space between the tokens of a sentence, a line break
// between sentences.
func (tz *tokenized) joinedIs(text string) bool {
	at := 0
	for n, sr := range tz.sents {
		for i := sr[0]; i < sr[1]; i++ {
			switch {
			case i > sr[0]:
				if at >= len(text) || text[at] != ' ' {
					return false
				}
				at++
			case n > 0:
				if at >= len(text) || text[at] != '\n' {
					return false
				}
				at++
			}
			t := tz.toks[i].text
			if !strings.HasPrefix(text[at:], t) {
				return false
			}
			at += len(t)
		}
	}
	return at == len(text)
}

// placed is the text the Hugging Face reader rebuilds from the tokens and
// their offsets: each token at its offset, a line break opening the gap
// before a sentence, spaces elsewhere, nothing after the last token.
func (tz *tokenized) placed() string {
	var b strings.Builder
	at := 0
	for n, sr := range tz.sents {
		for i := sr[0]; i < sr[1]; i++ {
			t := tz.toks[i]
			if gap := t.start - at; gap > 0 {
				if i == sr[0] && n > 0 {
					b.WriteByte('\n')
					gap--
				}
				b.WriteString(strings.Repeat(" ", gap))
			}
			b.WriteString(t.text)
			at = t.end
		}
	}
	return b.String()
}

// readCoNLL reads CoNLL token lines of any tag scheme, two-column, four-
// column (CoNLL-2003: the tags are the columns after POS and CHUNK) or with
// several tag columns (one per nesting level). -DOCSTART- lines separate
// documents; a file without them is one document. The text is rebuilt from
// the tokens, joined by one space within a sentence and by a line break
// between sentences, and the tags become spans over it; the same span in
// several columns is taken once. Document titles are the file name, with
// the document's number when there are several.
//
// Messy files are repaired and counted in opts.Report rather than refused:
// a byte order mark, CRLF line ends, lines of only spaces or tabs (read as
// sentence breaks), tokens not in Unicode NFC (normalized) and empty tokens
// (a line with a tag but no token, skipped with a warning). The document
// keeps the tokens and sentences of the file (annotate.Document.Tokens), so
// a CoNLL or Hugging Face export writes them back unchanged.
func readCoNLL(name string, r io.Reader, opts ImportOptions, emit func(*annotate.Document) error) error {
	p := conllParser{name: name, opts: opts, emit: emit, fourCol: -1, tagOf: map[string]tagInfo{}}
	if err := scanLinesReport(name, r, MaxLineBytes, opts.Report, p.line); err != nil {
		return err
	}
	return p.flushDoc()
}

// conllParser reads CoNLL lines into documents. It keeps what a document
// needs and little more, so that a file of one document of millions of
// tokens reads in memory close to the document's own size: the text, one
// annotate.Token per token, and the tagged chunks, decoded as the lines
// come (no tag strings per token).
type conllParser struct {
	name    string
	opts    ImportOptions
	emit    func(*annotate.Document) error
	fourCol int // 1 for TOKEN POS CHUNK TAG..., 0 for TOKEN TAG..., -1 unknown yet
	ndocs   int
	starts  bool               // the file has -DOCSTART- lines
	fields  [][]byte           // the fields of the current line
	tagOf   map[string]tagInfo // the tags seen, checked
	norm    []byte             // a token put into NFC

	// the document being read
	text   strings.Builder
	cps    int              // code points in text
	toks   []annotate.Token // tokens of the document
	sents  []int            // the first token of each sentence
	sentAt []int            // line of each sentence's first token
	cols   []tagColumn      // one per tag column; nil before the first token
	sent   int              // tokens in the current sentence
}

// tagInfo is a tag split into its prefix and label.
type tagInfo struct {
	prefix byte // 'O' for O
	label  string
}

// tagColumn is the chunks decoded from one tag column so far, as
// decodeTags would decode the whole column.
type tagColumn struct {
	chunks []lineChunk
	open   int // index in chunks of the open chunk, or -1
}

// lineChunk is a chunk and the line of its first token.
type lineChunk struct {
	chunk
	line int
}

// add decodes the tag t of token i, on line n.
func (c *tagColumn) add(i, n int, t tagInfo) {
	if t.prefix == 'O' {
		c.open = -1
		return
	}
	switch p := t.prefix; {
	case c.open >= 0 && c.chunks[c.open].label == t.label && (p == 'I' || p == 'E' || p == 'L'):
		c.chunks[c.open].b = i + 1
	default:
		c.chunks = append(c.chunks, lineChunk{chunk{a: i, b: i + 1, label: t.label}, n})
		c.open = len(c.chunks) - 1
	}
	if p := t.prefix; p == 'E' || p == 'L' || p == 'S' || p == 'U' {
		c.open = -1
	}
}

// splitFields cuts b at white space (as strings.Fields does) into
// p.fields.
func (p *conllParser) splitFields(b []byte) {
	p.fields = p.fields[:0]
	start := -1
	for i := 0; i < len(b); {
		c, size := rune(b[i]), 1
		if c >= utf8.RuneSelf {
			c, size = utf8.DecodeRune(b[i:])
		}
		if unicode.IsSpace(c) {
			if start >= 0 {
				p.fields = append(p.fields, b[start:i])
				start = -1
			}
		} else if start < 0 {
			start = i
		}
		i += size
	}
	if start >= 0 {
		p.fields = append(p.fields, b[start:])
	}
}

// fieldStrings returns the fields of the line as strings, for messages.
func (p *conllParser) fieldStrings() []string {
	out := make([]string, len(p.fields))
	for i, f := range p.fields {
		out[i] = string(f)
	}
	return out
}

// tag returns the checked tag f; ok is false when f is not a tag.
func (p *conllParser) tag(f []byte) (tagInfo, bool) {
	if t, ok := p.tagOf[string(f)]; ok {
		return t, true
	}
	s := string(f)
	if !isTag(s) {
		return tagInfo{}, false
	}
	t := tagInfo{prefix: 'O'}
	if s != "O" {
		t = tagInfo{prefix: s[0], label: s[2:]}
	}
	p.tagOf[s] = t
	return t, true
}

func (p *conllParser) line(n int, b []byte) error {
	p.splitFields(b)
	f := p.fields
	switch {
	case len(f) == 0:
		if len(b) > 0 {
			p.opts.Report.add(func(r *ImportReport) { r.BlankBreaks++ })
		}
		p.sent = 0
		return nil
	case p.emptyToken(b, f):
		p.opts.Report.add(func(r *ImportReport) { r.EmptyTokens++ })
		if p.opts.Warn != nil {
			p.opts.Warn(lineErr(p.name, n, "empty token (the line holds only %q): skipped", strings.Join(p.fieldStrings(), " ")))
		}
		return nil
	case string(f[0]) == DocStart:
		p.starts = true
		if p.fourCol < 0 {
			p.fourCol = 0
			if len(f) >= 3 && string(f[1]) == "-X-" {
				p.fourCol = 1
			}
		}
		return p.flushDoc()
	case len(f) < 2:
		return lineErr(p.name, n, "token %s has no tag", annotate.Quote(string(f[0])))
	}
	token := f[0]
	if bytes.HasPrefix(token, bom) {
		token = bytes.TrimLeft(token, "\uFEFF")
		p.opts.Report.add(func(r *ImportReport) { r.BOMs++ })
		if len(token) == 0 {
			return lineErr(p.name, n, "the token is only a byte order mark")
		}
	}
	if bytes.IndexByte(token, 0) >= 0 {
		return lineErr(p.name, n, "NUL byte in token %q: binary data, not text", token)
	}
	if !unorm.NFC.IsNormal(token) {
		p.norm = unorm.NFC.Append(p.norm[:0], token...)
		token = p.norm
		p.opts.Report.add(func(r *ImportReport) { r.Normalized++ })
	}
	if p.fourCol < 0 {
		p.fourCol = 0
		if len(f) >= 4 && !isTag(string(f[1])) {
			p.fourCol = 1
		}
	}
	tags := f[1:]
	if p.fourCol == 1 {
		if len(f) < 4 {
			return lineErr(p.name, n, "want TOKEN POS CHUNK TAG, got %d columns", len(f))
		}
		tags = f[3:]
	}
	if p.cols != nil && len(tags) != len(p.cols) {
		return lineErr(p.name, n, "%d tag columns where earlier lines have %d", len(tags), len(p.cols))
	}
	var one [4]tagInfo
	infos := one[:0]
	for _, t := range tags {
		info, ok := p.tag(t)
		if !ok {
			return lineErr(p.name, n, "tag %s is not O or PREFIX-LABEL with prefix B, I, E, S, L or U", annotate.Quote(string(t)))
		}
		infos = append(infos, info)
	}
	if sep := min(len(p.toks), 1); p.text.Len()+sep+len(token) > annotate.MaxTextBytes {
		return lineErr(p.name, n, "the document's text grows over the %d MB limit of one document (-DOCSTART- lines separate documents)", annotate.MaxTextBytes>>20)
	}
	switch {
	case len(p.toks) == 0:
		p.sents, p.sentAt = append(p.sents, 0), append(p.sentAt, n)
	case p.sent == 0:
		p.text.WriteByte('\n')
		p.cps++
		p.sents, p.sentAt = append(p.sents, len(p.toks)), append(p.sentAt, n)
	default:
		p.text.WriteByte(' ')
		p.cps++
	}
	if p.cols == nil {
		p.cols = make([]tagColumn, len(infos))
		for i := range p.cols {
			p.cols[i].open = -1
		}
	}
	i := len(p.toks)
	for c, info := range infos {
		p.cols[c].add(i, n, info)
	}
	tl := utf8.RuneCount(token)
	p.toks = append(p.toks, annotate.Token{Start: p.cps, End: p.cps + tl})
	p.text.Write(token)
	p.cps += tl
	p.sent++
	return nil
}

// emptyToken reports whether a line with fields f is a token line whose
// token is empty: it starts with a space or tab and holds only tags, as
// many as the tag columns (one when no line has set them yet).
func (p *conllParser) emptyToken(b []byte, f [][]byte) bool {
	if b[0] != ' ' && b[0] != '\t' {
		return false
	}
	cols := 1
	if p.cols != nil {
		cols = len(p.cols)
	}
	if len(f) != cols {
		return false
	}
	for _, t := range f {
		if _, ok := p.tag(t); !ok {
			return false
		}
	}
	return true
}

// flushDoc turns the tokens read so far into a document.
func (p *conllParser) flushDoc() error {
	if len(p.toks) == 0 {
		return nil
	}
	p.ndocs++
	text := p.text.String()
	if err := checkFileText(p.name, text); err != nil {
		var le *LineError
		if errors.As(err, &le) && le.Line >= 1 && le.Line <= len(p.sentAt) {
			le.Line = p.sentAt[le.Line-1] // text lines are sentences, not file lines
		}
		return err
	}
	title := strings.TrimSuffix(filepath.Base(p.name), filepath.Ext(p.name))
	if p.starts {
		title = fmt.Sprintf("%s #%d", title, p.ndocs)
	}
	d := &annotate.Document{Title: title, Text: text, Status: annotate.StatusNew, Tokens: p.toks, Sentences: p.sents}
	p.opts.Report.add(func(r *ImportReport) { r.TokenizedDoc++ })
	b := newSpanBuilder(d, p.opts)
	var seen map[chunk]bool // the same span in several columns is taken once
	if len(p.cols) > 1 {
		seen = map[chunk]bool{}
	}
	for _, col := range p.cols {
		// A chunk never runs across a sentence break: the encoder closes
		// chunks there, and so does this reader.
		for _, c := range col.chunks {
			k := sort.SearchInts(p.sents, c.a+1) // the first sentence starting inside c
			for a, line := c.a, c.line; a < c.b; k++ {
				z := c.b
				if k < len(p.sents) && p.sents[k] < c.b {
					z = p.sents[k]
				}
				part := chunk{a, z, c.label}
				if seen == nil || !seen[part] {
					if seen != nil {
						seen[part] = true
					}
					p.opts.Uses.note(p.name, line, part.label, false)
					if _, err := b.add(p.toks[part.a].Start, p.toks[part.b-1].End, part.label); err != nil {
						return &LineError{File: p.name, Line: line, Err: err}
					}
				}
				if k < len(p.sentAt) {
					line = p.sentAt[k]
				}
				a = z
			}
		}
	}
	doc, err := b.done()
	if err != nil {
		return &LineError{File: p.name, Line: p.sentAt[0], Err: err}
	}
	p.text = strings.Builder{}
	p.cps, p.toks, p.sents, p.sentAt, p.cols, p.sent = 0, nil, nil, nil, nil, 0
	return p.emit(doc)
}
