package format

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"sync"
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
	p := conllParser{name: name, opts: opts, emit: emit, fourCol: -1}
	if err := scanLinesReport(name, r, MaxLineBytes, opts.Report, p.line); err != nil {
		return err
	}
	return p.flushDoc()
}

type conllParser struct {
	name    string
	opts    ImportOptions
	emit    func(*annotate.Document) error
	fourCol int // 1 for TOKEN POS CHUNK TAG..., 0 for TOKEN TAG..., -1 unknown yet
	ndocs   int
	starts  bool // the file has -DOCSTART- lines

	// the document being read
	text   strings.Builder
	cps    int        // code points in text
	toks   []tok      // tokens of the document
	lines  []int      // line of each token
	sentOf []int      // sentence number of each token
	sentAt []int      // line of each sentence's first token
	tags   [][]string // tags[token] (one per column)
	sent   int        // tokens in the current sentence
}

func (p *conllParser) line(n int, b []byte) error {
	f := strings.Fields(string(b))
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
			p.opts.Warn(lineErr(p.name, n, "empty token (the line holds only %q): skipped", strings.Join(f, " ")))
		}
		return nil
	case f[0] == DocStart:
		p.starts = true
		if p.fourCol < 0 {
			p.fourCol = 0
			if len(f) >= 3 && f[1] == "-X-" {
				p.fourCol = 1
			}
		}
		return p.flushDoc()
	case len(f) < 2:
		return lineErr(p.name, n, "token %s has no tag", annotate.Quote(f[0]))
	}
	token := f[0]
	if strings.HasPrefix(token, "\uFEFF") {
		token = strings.TrimLeft(token, "\uFEFF")
		p.opts.Report.add(func(r *ImportReport) { r.BOMs++ })
		if token == "" {
			return lineErr(p.name, n, "the token is only a byte order mark")
		}
	}
	if strings.IndexByte(token, 0) >= 0 {
		return lineErr(p.name, n, "NUL byte in token %q: binary data, not text", token)
	}
	if !unorm.NFC.IsNormalString(token) {
		token = unorm.NFC.String(token)
		p.opts.Report.add(func(r *ImportReport) { r.Normalized++ })
	}
	if p.fourCol < 0 {
		p.fourCol = 0
		if len(f) >= 4 && !isTag(f[1]) {
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
	if len(p.tags) > 0 && len(tags) != len(p.tags[0]) {
		return lineErr(p.name, n, "%d tag columns where earlier lines have %d", len(tags), len(p.tags[0]))
	}
	for _, t := range tags {
		if !isTag(t) {
			return lineErr(p.name, n, "tag %s is not O or PREFIX-LABEL with prefix B, I, E, S, L or U", annotate.Quote(t))
		}
	}
	switch {
	case len(p.toks) == 0:
		p.sentAt = append(p.sentAt, n)
	case p.sent == 0:
		p.text.WriteByte('\n')
		p.cps++
		p.sentAt = append(p.sentAt, n)
	default:
		p.text.WriteByte(' ')
		p.cps++
	}
	tl := annotate.RuneLen(token)
	p.toks = append(p.toks, tok{p.cps, p.cps + tl, token})
	p.text.WriteString(token)
	p.cps += tl
	p.lines = append(p.lines, n)
	p.sentOf = append(p.sentOf, len(p.sentAt)-1)
	p.tags = append(p.tags, tags)
	p.sent++
	return nil
}

// emptyToken reports whether a line with fields f is a token line whose
// token is empty: it starts with a space or tab and holds only tags, as
// many as the tag columns (one when no line has set them yet).
func (p *conllParser) emptyToken(b []byte, f []string) bool {
	if b[0] != ' ' && b[0] != '\t' {
		return false
	}
	cols := 1
	if len(p.tags) > 0 {
		cols = len(p.tags[0])
	}
	if len(f) != cols {
		return false
	}
	for _, t := range f {
		if !isTag(t) {
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
	d := &annotate.Document{Title: title, Text: text, Status: annotate.StatusNew}
	d.Tokens = make([]annotate.Token, len(p.toks))
	for i, t := range p.toks {
		d.Tokens[i] = annotate.Token{Start: t.start, End: t.end}
	}
	d.Sentences = make([]int, 0, len(p.sentAt))
	for i := range p.toks {
		if i == 0 || p.sentOf[i] != p.sentOf[i-1] {
			d.Sentences = append(d.Sentences, i)
		}
	}
	p.opts.Report.add(func(r *ImportReport) { r.TokenizedDoc++ })
	b := newSpanBuilder(d, p.opts)
	seen := map[chunk]bool{}
	for col := range p.tags[0] {
		column := make([]string, len(p.tags))
		for i := range p.tags {
			column[i] = p.tags[i][col]
		}
		// A chunk never runs across a sentence break: the encoder closes
		// chunks there, and so does this reader.
		chunks, _ := decodeTags(column)
		for _, c := range chunks {
			for _, part := range p.splitAtSentences(c) {
				if seen[part] {
					continue
				}
				seen[part] = true
				p.opts.Uses.note(p.name, p.lines[part.a], part.label, false)
				if _, err := b.add(p.toks[part.a].start, p.toks[part.b-1].end, part.label); err != nil {
					return &LineError{File: p.name, Line: p.lines[part.a], Err: err}
				}
			}
		}
	}
	doc, err := b.done()
	if err != nil {
		return &LineError{File: p.name, Line: p.sentAt[0], Err: err}
	}
	p.text.Reset()
	p.cps, p.toks, p.lines, p.sentOf, p.sentAt, p.tags, p.sent = 0, nil, nil, nil, nil, nil, 0
	return p.emit(doc)
}

// splitAtSentences cuts a chunk where a sentence ends inside it.
func (p *conllParser) splitAtSentences(c chunk) []chunk {
	var out []chunk
	a := c.a
	for i := c.a + 1; i < c.b; i++ {
		if p.sentOf[i] != p.sentOf[i-1] {
			out = append(out, chunk{a, i, c.label})
			a = i
		}
	}
	return append(out, chunk{a, c.b, c.label})
}
