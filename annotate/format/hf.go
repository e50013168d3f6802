package format

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"alama/annotate"
)

// Hugging Face token classification JSONL: a folder with data.jsonl (or
// train.jsonl, dev.jsonl and test.jsonl with a split) holding one record
// per sentence, {"id", "doc_id", "sentence", "tokens", "ner_tags",
// "offsets"}, and labels.json, the tag list whose positions the integer
// ner_tags are. offsets are each token's [start, end) code points in the
// document text, for re-tokenizing with a subword tokenizer. Tokens and
// tags are those of the CoNLL export with one level: the outermost spans.
// Load with datasets.load_dataset("json", data_files=...) and name the tags
// with datasets.ClassLabel(names=json.load(open("labels.json"))).

// HFLabelsFile is the name of the tag list in a Hugging Face export.
const HFLabelsFile = "labels.json"

type hfRecord struct {
	ID       string   `json:"id"`
	DocID    uint64   `json:"doc_id"`
	Sentence int      `json:"sentence"`
	Tokens   []string `json:"tokens"`
	NERTags  []int    `json:"ner_tags"`
	Offsets  [][2]int `json:"offsets"`
}

type hfEncoder struct {
	dir    string
	o      Options
	files  map[string]*hfFile
	labels []string
	tags   []string
	tagID  map[string]int
	rec    hfRecord
}

type hfFile struct {
	f   *os.File
	w   *bufio.Writer
	enc *json.Encoder
}

func newHFEncoder(dir string, s *annotate.Schema, o *Options) (encoder, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	e := &hfEncoder{dir: dir, o: *o, files: map[string]*hfFile{}, tagID: map[string]int{}}
	if s != nil {
		for _, l := range s.Labels {
			e.addLabel(l.Name)
		}
	}
	if e.tags == nil {
		e.tags = tagList(o.Scheme, nil)
		e.tagID["O"] = 0
	}
	return e, nil
}

// addLabel appends a label's tags to the tag list, keeping earlier ids.
func (e *hfEncoder) addLabel(l string) {
	if slices.Contains(e.labels, l) {
		return
	}
	e.labels = append(e.labels, l)
	e.tags = tagList(e.o.Scheme, e.labels)
	for i, t := range e.tags {
		e.tagID[t] = i
	}
}

func (e *hfEncoder) file(part string) (*hfFile, error) {
	if f, ok := e.files[part]; ok {
		return f, nil
	}
	name := "data"
	if part != "" {
		name = part
	}
	f, err := os.Create(filepath.Join(e.dir, name+".jsonl"))
	if err != nil {
		return nil, err
	}
	w := bufio.NewWriterSize(f, 256<<10)
	hf := &hfFile{f: f, w: w, enc: newEncoder(w)}
	e.files[part] = hf
	return hf, nil
}

func (e *hfEncoder) encode(d *annotate.Document, part string, rep *Report) error {
	p, err := e.prepare(d)
	if err != nil {
		return err
	}
	return e.write(d, p, part, rep)
}

func (e *hfEncoder) prepare(d *annotate.Document) (any, error) {
	return prepareTokens(new(tagScratch), d, &e.o, 1)
}

func (e *hfEncoder) write(d *annotate.Document, prep any, part string, rep *Report) error {
	t := prep.(*tagged)
	for _, s := range sortedSpans(d.Spans) {
		e.addLabel(s.Label)
	}
	f, err := e.file(part)
	if err != nil {
		return err
	}
	rep.add(t.rep)
	tz := t.tz
	if tz.placed() != d.Text {
		rep.TextsChanged++
	}
	r := &e.rec
	for n, sr := range tz.sents {
		r.ID = fmt.Sprintf("%d-%d", d.ID, n)
		r.DocID, r.Sentence = d.ID, n
		r.Tokens, r.NERTags, r.Offsets = r.Tokens[:0], r.NERTags[:0], r.Offsets[:0]
		for i := sr[0]; i < sr[1]; i++ {
			t := tz.toks[i]
			r.Tokens = append(r.Tokens, t.text)
			r.NERTags = append(r.NERTags, e.tagID[tz.tags[0][i]])
			r.Offsets = append(r.Offsets, [2]int{t.start, t.end})
		}
		if err := f.enc.Encode(r); err != nil {
			return err
		}
	}
	return nil
}

func (e *hfEncoder) finish() error {
	if e.o.Split != nil {
		for _, p := range Parts {
			if _, err := e.file(p); err != nil {
				return err
			}
		}
	} else if _, err := e.file(""); err != nil {
		return err
	}
	for _, f := range e.files {
		if err := f.w.Flush(); err != nil {
			return err
		}
		if err := f.f.Close(); err != nil {
			return err
		}
	}
	data, err := json.MarshalIndent(e.tags, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(e.dir, HFLabelsFile), append(data, '\n'), 0o644)
}
