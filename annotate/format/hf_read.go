package format

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"alama/annotate"
)

// hfRecordIn is a Hugging Face token-classification record as read:
// ner_tags are integers into labels.json or the tag strings themselves;
// doc_id, sentence and offsets are optional.
type hfRecordIn struct {
	DocID   json.RawMessage   `json:"doc_id"`
	Tokens  []string          `json:"tokens"`
	NERTags []json.RawMessage `json:"ner_tags"`
	Offsets [][2]int          `json:"offsets"`
}

// readHF reads Hugging Face token JSONL, the hf export or a dataset of the
// same shape: one sentence per line with tokens and ner_tags. Integer tags
// are positions in labels.json beside the file (a JSON list of tag
// strings); string tags are read as they are. Tags of any scheme become
// spans, never across a sentence.
//
// Consecutive records with the same doc_id make one document; records
// without doc_id are a document each. With per-token offsets (the hf
// export writes them) each token is put back at its offset, so spans keep
// the offsets they had; what lay between tokens is not in the file and
// becomes a line break between sentences and spaces elsewhere. Without
// offsets tokens are joined by a space, sentences by a line break.
// Documents are titled with the file name and doc_id.
func readHF(name string, r io.Reader, opts ImportOptions, emit func(*annotate.Document) error) error {
	labels, err := readHFLabels(filepath.Join(filepath.Dir(name), HFLabelsFile))
	if err != nil {
		return err
	}
	p := hfParser{name: name, opts: opts, labels: labels, emit: emit}
	if err := scanLines(name, r, MaxLineBytes, p.line); err != nil {
		return err
	}
	return p.flush()
}

// readHFLabels reads a tag list; a missing file gives none.
func readHFLabels(path string) ([]string, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, &LineError{File: path, Err: err}
	}
	var labels []string
	if err := json.Unmarshal(data, &labels); err != nil {
		return nil, &LineError{File: path, Line: 1, Err: fmt.Errorf("want a JSON list of tags: %w", jsonErr(err))}
	}
	for i, l := range labels {
		if l != "O" && !isTag(l) {
			return nil, lineErr(path, 1, "tag %d, %q, is not O or PREFIX-LABEL", i, l)
		}
	}
	return labels, nil
}

type hfParser struct {
	name   string
	opts   ImportOptions
	labels []string
	emit   func(*annotate.Document) error

	// the document being read
	docID   string // raw doc_id of its records, "" for none
	at      int    // line of its first record
	text    strings.Builder
	cps     int
	chunks  []chunk // over toks
	toks    []tok
	lineOf  []int // record line of each token
	sents   []int // first token of each record that has tokens
	records int
}

func (p *hfParser) line(n int, b []byte) error {
	if len(strings.TrimSpace(string(b))) == 0 {
		return nil
	}
	var rec hfRecordIn
	if err := decodeLoose(b, &rec); err != nil {
		return &LineError{File: p.name, Line: n, Err: err}
	}
	switch {
	case rec.Tokens == nil || rec.NERTags == nil:
		return lineErr(p.name, n, "a record needs tokens and ner_tags")
	case len(rec.Tokens) != len(rec.NERTags):
		return lineErr(p.name, n, "%d tokens but %d ner_tags", len(rec.Tokens), len(rec.NERTags))
	case rec.Offsets != nil && len(rec.Offsets) != len(rec.Tokens):
		return lineErr(p.name, n, "%d tokens but %d offsets", len(rec.Tokens), len(rec.Offsets))
	}
	docID := strings.TrimSpace(string(rec.DocID))
	if p.records > 0 && (docID == "" || docID == "null" || docID != p.docID) {
		if err := p.flush(); err != nil {
			return err
		}
	}
	if p.records == 0 {
		p.docID, p.at = docID, n
	}
	tags := make([]string, len(rec.NERTags))
	for i, raw := range rec.NERTags {
		t, err := p.tag(raw)
		if err != nil {
			return lineErr(p.name, n, "ner_tags[%d]: %v", i, err)
		}
		tags[i] = t
	}
	first := len(p.toks)
	if len(rec.Tokens) > 0 {
		p.sents = append(p.sents, first)
	}
	for i, tk := range rec.Tokens {
		if tk == "" || strings.ContainsAny(tk, "\n\r") {
			return lineErr(p.name, n, "token %d is empty or holds a line break", i)
		}
		tl := utf8.RuneCountInString(tk)
		start := p.cps
		if rec.Offsets == nil && len(p.toks) > 0 {
			start++ // one separator
		}
		if rec.Offsets != nil {
			o := rec.Offsets[i]
			if o[1]-o[0] != tl {
				return lineErr(p.name, n, "token %d, %q, is %d code points but its offsets [%d,%d) span %d", i, tk, tl, o[0], o[1], o[1]-o[0])
			}
			if o[0] > p.cps+MaxLineBytes {
				return lineErr(p.name, n, "token %d at [%d,%d) lies too far after the token before it", i, o[0], o[1])
			}
			if o[0] < p.cps {
				return lineErr(p.name, n, "token %d at [%d,%d) starts before the token before it ends (%d)", i, o[0], o[1], p.cps)
			}
			start = o[0]
		}
		if gap := start - p.cps; gap > 0 {
			if i == 0 && len(p.toks) > 0 {
				p.text.WriteByte('\n') // a new sentence
				gap--
			}
			p.text.WriteString(strings.Repeat(" ", gap))
		}
		p.toks = append(p.toks, tok{start, start + tl, tk})
		p.lineOf = append(p.lineOf, n)
		p.text.WriteString(tk)
		p.cps = start + tl
	}
	chunks, _ := decodeTags(tags)
	for _, c := range chunks {
		p.chunks = append(p.chunks, chunk{first + c.a, first + c.b, c.label})
	}
	p.records++
	return nil
}

// tag reads one ner_tags entry: an index into the labels or a tag.
func (p *hfParser) tag(raw json.RawMessage) (string, error) {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		if s != "O" && !isTag(s) {
			return "", fmt.Errorf("%q is not O or PREFIX-LABEL: %w", s, ErrFormat)
		}
		return s, nil
	}
	var i int
	if err := json.Unmarshal(raw, &i); err != nil {
		return "", fmt.Errorf("%s is neither a tag nor an integer: %w", raw, ErrFormat)
	}
	switch {
	case p.labels == nil:
		return "", fmt.Errorf("integer tag %d but no %s beside the file names the tags: %w", i, HFLabelsFile, ErrFormat)
	case i < 0 || i >= len(p.labels):
		return "", fmt.Errorf("tag %d is outside %s (%d tags): %w", i, HFLabelsFile, len(p.labels), ErrFormat)
	}
	return p.labels[i], nil
}

// flush makes a document of the records read since the last one.
func (p *hfParser) flush() error {
	if p.records == 0 {
		return nil
	}
	text := p.text.String()
	if err := annotate.CheckText(text); err != nil {
		return &LineError{File: p.name, Line: p.at, Err: err}
	}
	title := strings.TrimSuffix(filepath.Base(p.name), filepath.Ext(p.name))
	if id := strings.Trim(p.docID, `"`); id != "" && id != "null" {
		title += " " + id
	}
	d := &annotate.Document{Title: title, Text: text, Status: annotate.StatusNew}
	if len(p.toks) > 0 {
		// The records' tokens and sentences stay, for token exports.
		d.Tokens = make([]annotate.Token, len(p.toks))
		for i, t := range p.toks {
			d.Tokens[i] = annotate.Token{Start: t.start, End: t.end}
		}
		d.Sentences = p.sents
		p.opts.Report.add(func(r *ImportReport) { r.TokenizedDoc++ })
	}
	b := newSpanBuilder(d, p.opts)
	for _, c := range p.chunks {
		p.opts.Uses.note(p.name, p.lineOf[c.a], c.label, false)
		if _, err := b.add(p.toks[c.a].start, p.toks[c.b-1].end, c.label); err != nil {
			return &LineError{File: p.name, Line: p.lineOf[c.a], Err: err}
		}
	}
	doc, err := b.done()
	if err != nil {
		return &LineError{File: p.name, Line: p.at, Err: err}
	}
	p.docID, p.at, p.cps, p.records = "", 0, 0, 0
	p.text.Reset()
	p.chunks, p.toks, p.lineOf, p.sents = nil, nil, nil, nil
	return p.emit(doc)
}
